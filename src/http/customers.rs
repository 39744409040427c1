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
pub struct FindQuery {
    #[serde(default)]
    q: String,
    limit: Option<i64>,
}

/// `GET /api/v1/customers?q=&limit=`: customers found by name, phone or TIN, each with what they owe.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", operation_id = "find_customers",
    params(
        ("q" = Option<String>, Query, description = "part of the name, phone or TIN; all when empty"),
        ("limit" = Option<i64>, Query, description = "1 to 500 (default 50)")
    ),
    responses(
        (status = 200, description = "{customers: [...]}"),
        (status = 400, description = "limit out of range or unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn find(
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

/// `POST /api/v1/customers`: adds a customer.
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", operation_id = "add_customer",
    request_body(content = String, description = "JSON: {name, phone?, tin?, kind?: retail (default) or wholesale, credit_limit?: tiyin, notes?}", content_type = "application/json"),
    responses(
        (status = 201, description = "the customer"),
        (status = 400, description = "malformed body"),
        (status = 401, description = "no or unknown API key"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the core (rights, bad phone or TIN, duplicate...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn add(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<CustomerInput>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(input) = body.map_err(ApiError::from_json)?;
    let customer = customers::add(&state.app.db, &actor, &input).await?;
    Ok((StatusCode::CREATED, Json(customer)).into_response())
}

/// `GET /api/v1/customers/{id}`: one customer, with balance.
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers", operation_id = "get_customer",
    params(
        ("id" = i64, Path, description = "customer id")
    ),
    responses(
        (status = 200, description = "the customer, with balance"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such customer in this company"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn one(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    Ok(Json(customers::get(&state.app.db, &actor, id).await?).into_response())
}

/// `PUT /api/v1/customers/{id}`: replaces the customer's details.
#[utoipa::path(put, path = "/api/v1/customers/{id}", tag = "customers", operation_id = "update_customer",
    params(
        ("id" = i64, Path, description = "customer id")
    ),
    request_body(content = String, description = "JSON: {name, phone?, tin?, kind?: retail (default) or wholesale, credit_limit?: tiyin, notes?}", content_type = "application/json"),
    responses(
        (status = 200, description = "the customer as it is now"),
        (status = 400, description = "malformed body"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such customer in this company"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the core (rights, bad phone or TIN...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn update(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    body: Result<Json<CustomerInput>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(input) = body.map_err(ApiError::from_json)?;
    Ok(Json(customers::update(&state.app.db, &actor, id, &input).await?).into_response())
}

/// `POST /api/v1/customers/{id}/payments`: takes a payment against the customer's debt.
#[utoipa::path(post, path = "/api/v1/customers/{id}/payments", tag = "customers", operation_id = "customer_payment",
    params(
        ("id" = i64, Path, description = "customer id"),
        ("Idempotency-Key" = Option<String>, Header, description = "a retry with the same key answers the first result (Idempotent-Replayed: true); at most 195 characters")
    ),
    request_body(content = String, description = "JSON: {amount: tiyin, payment?: cash (default), card, transfer, click or payme, branch_id?}", content_type = "application/json"),
    responses(
        (status = 200, description = "the payment taken earlier with the same Idempotency-Key (Idempotent-Replayed: true)"),
        (status = 201, description = "the payment (Idempotent-Replayed: false)"),
        (status = 400, description = "malformed body or Idempotency-Key too long"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such customer or branch in this company"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the core (rights, more than is owed...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn pay(
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

/// `GET /api/v1/debts`: who owes, by age of the debt (0-30, 31-60, 61-90, 90+ days).
#[utoipa::path(get, path = "/api/v1/debts", tag = "customers", operation_id = "debts",
    responses(
        (status = 200, description = "{as_of, debts: [{customer, ages, overdue, since}]}"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn debts(State(state): State<HttpState>, ApiActor(actor): ApiActor) -> Result<Response, ApiError> {
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
