//! The operators' API (the seed's company router), authenticated with
//! `Authorization: Bearer SAVDO_OPERATOR_KEY` (compared in constant time; no key configured, no
//! API: 404), separate from the companies' API keys:
//!
//! - `GET /api/v1/admin/companies`, `GET /api/v1/admin/companies/{id}`;
//! - `PATCH /api/v1/admin/companies/{id}` `{"tariff_kind": "month|user", "tariff_price"}`;
//! - `POST /api/v1/admin/companies/{id}/block`, `…/unblock`, `…/top-up` `{"amount"}`;
//! - `GET /api/v1/admin/companies/{id}/users`;
//! - `POST /api/v1/admin/transfer-user` `{"telegram_id", "company_id", "role", "branch_id"?}`.

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use subtle::ConstantTimeEq;

use super::api::ApiError;
use super::HttpState;
use crate::domain::money::Money;
use crate::domain::platform::{self, Operator, Operators};
use crate::domain::roles::Role;
use crate::notify;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/admin/companies", get(list))
        .route("/api/v1/admin/companies/{id}", get(one).patch(update))
        .route("/api/v1/admin/companies/{id}/block", post(block))
        .route("/api/v1/admin/companies/{id}/unblock", post(unblock))
        .route("/api/v1/admin/companies/{id}/top-up", post(top_up))
        .route("/api/v1/admin/companies/{id}/users", get(users))
        .route("/api/v1/admin/transfer-user", post(transfer))
}

/// An operator, by the service's key.
struct ByKey(Operator);

impl FromRequestParts<HttpState> for ByKey {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &HttpState) -> Result<Self, Self::Rejection> {
        let Some(expected) = state.app.operator_key.as_deref() else {
            return Err(StatusCode::NOT_FOUND.into_response());
        };
        let given = parts
            .headers
            .get("Authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if given.len() == expected.len() && bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
            Ok(ByKey(Operators::by_key()))
        } else {
            Err(ApiError::Unauthorized.into_response())
        }
    }
}

async fn list(State(state): State<HttpState>, ByKey(op): ByKey) -> Result<Response, ApiError> {
    Ok(Json(json!({ "companies": platform::companies(&state.app.db, &op).await? })).into_response())
}

async fn one(State(state): State<HttpState>, ByKey(op): ByKey, Path(id): Path<i64>) -> Result<Response, ApiError> {
    Ok(Json(platform::company(&state.app.db, &op, id).await?).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Update {
    tariff_kind: String,
    tariff_price: Money,
}

async fn update(
    State(state): State<HttpState>,
    ByKey(op): ByKey,
    Path(id): Path<i64>,
    body: Result<Json<Update>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from_json)?;
    platform::set_tariff(&state.app.db, &op, id, &body.tariff_kind, body.tariff_price).await?;
    Ok(Json(platform::company(&state.app.db, &op, id).await?).into_response())
}

async fn set_blocked(state: &HttpState, op: Operator, id: i64, blocked: bool) -> Result<Response, ApiError> {
    let event = platform::set_blocked(&state.app.db, &op, id, blocked).await?;
    notify::deliver(&state.app, &event.into_iter().collect::<Vec<_>>()).await;
    Ok(Json(platform::company(&state.app.db, &op, id).await?).into_response())
}

async fn block(State(state): State<HttpState>, ByKey(op): ByKey, Path(id): Path<i64>) -> Result<Response, ApiError> {
    set_blocked(&state, op, id, true).await
}

async fn unblock(State(state): State<HttpState>, ByKey(op): ByKey, Path(id): Path<i64>) -> Result<Response, ApiError> {
    set_blocked(&state, op, id, false).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopUp {
    amount: Money,
}

async fn top_up(
    State(state): State<HttpState>,
    ByKey(op): ByKey,
    Path(id): Path<i64>,
    body: Result<Json<TopUp>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from_json)?;
    let (_, event) = platform::top_up(&state.app.db, &op, id, body.amount).await?;
    notify::deliver(&state.app, &event.into_iter().collect::<Vec<_>>()).await;
    Ok(Json(platform::company(&state.app.db, &op, id).await?).into_response())
}

async fn users(State(state): State<HttpState>, ByKey(op): ByKey, Path(id): Path<i64>) -> Result<Response, ApiError> {
    platform::company(&state.app.db, &op, id).await?;
    let members = crate::domain::company::members(&state.app.db, id).await?;
    let users: Vec<_> = members
        .iter()
        .map(|m| json!({ "telegram_id": m.telegram_id, "name": m.name, "role": m.role.as_str(), "branch": m.branch_name, "blocked": m.blocked }))
        .collect();
    Ok(Json(json!({ "users": users })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Transfer {
    telegram_id: i64,
    company_id: i64,
    role: String,
    branch_id: Option<i64>,
}

async fn transfer(
    State(state): State<HttpState>,
    ByKey(op): ByKey,
    body: Result<Json<Transfer>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from_json)?;
    let role = Role::parse(&body.role).ok_or_else(|| ApiError::Invalid(format!("unknown role {}", body.role)))?;
    platform::transfer_user(&state.app.db, &op, body.telegram_id, body.company_id, role, body.branch_id).await?;
    let history = platform::user_history(&state.app.db, &op, body.telegram_id).await?;
    let history: Vec<_> =
        history.into_iter().map(|(company, role, joined, left)| json!({ "company": company, "role": role, "joined_at": joined, "left_at": left })).collect();
    Ok(Json(json!({ "history": history })).into_response())
}
