//! Customers and their debts over HTTP, with the same keys, validation and idempotency as the
//! sales API:
//!
//! - `GET /api/v1/customers?q=&limit=`: find (name, phone or TIN), each with what they owe;
//! - `POST /api/v1/customers`: `{"name", "phone", "tin", "kind": "retail|wholesale", "credit_limit", "notes"}`;
//! - `GET /api/v1/customers/{id}`, `PUT /api/v1/customers/{id}`: one, with balance; replace its details;
//! - `POST /api/v1/customers/{id}/payments`: `{"amount", "payment": "cash|card|transfer|click|payme", "branch_id"}`
//!   with an optional `Idempotency-Key`;
//! - `GET /api/v1/debts`: who owes, by age (0–30, 31–60, 61–90, 90+ days).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::api::{idempotency_key, ApiActor, ApiError};
use super::HttpState;
use crate::domain::customers::{self, CustomerInput, PaymentInput};
use crate::domain::lookup;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/customers", get(find).post(add))
        .route("/api/v1/customers/{id}", get(one).put(update))
        .route("/api/v1/customers/{id}/payments", post(pay))
        .route("/api/v1/debts", get(debts))
}

#[derive(Debug, Deserialize)]
struct FindQuery {
    #[serde(default)]
    q: String,
    limit: Option<i64>,
}

async fn find(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    query: Result<Query<FindQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let limit = q.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::Invalid("limit must be 1 to 500".into()));
    }
    let found = customers::find(&state.app.db, &actor, &q.q, limit).await?;
    Ok(Json(json!({ "customers": found })).into_response())
}

async fn add(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<CustomerInput>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(input) = body.map_err(ApiError::from_json)?;
    let customer = customers::add(&state.app.db, &actor, &input).await?;
    Ok((StatusCode::CREATED, Json(customer)).into_response())
}

async fn one(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    Ok(Json(customers::get(&state.app.db, &actor, id).await?).into_response())
}

async fn update(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    body: Result<Json<CustomerInput>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(input) = body.map_err(ApiError::from_json)?;
    Ok(Json(customers::update(&state.app.db, &actor, id, &input).await?).into_response())
}

async fn pay(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Result<Json<PaymentInput>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(mut input) = body.map_err(ApiError::from_json)?;
    input.idempotency_key = idempotency_key(&headers)?;
    let paid = customers::record_payment(&state.app.db, &actor, id, &input).await?;
    let status = if paid.replayed { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, [("Idempotent-Replayed", if paid.replayed { "true" } else { "false" })], Json(paid)).into_response())
}

async fn debts(State(state): State<HttpState>, ApiActor(actor): ApiActor) -> Result<Response, ApiError> {
    let today = lookup::today(&state.app.db, actor.company_id).await?;
    let all = customers::debts(&state.app.db, &actor, today).await?;
    let rows: Vec<_> = all
        .iter()
        .map(|d| {
            json!({
                "customer": d.customer,
                "ages": { "0-30": d.buckets[0], "31-60": d.buckets[1], "61-90": d.buckets[2], "90+": d.buckets[3] },
                "overdue": d.overdue(),
                "since": d.since,
            })
        })
        .collect();
    Ok(Json(json!({ "as_of": today, "debts": rows })).into_response())
}
