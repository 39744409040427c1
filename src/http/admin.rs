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
pub struct ByKey(Operator);

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

/// `GET /api/v1/admin/companies`: every company with its tariff, balance and state.
#[utoipa::path(get, path = "/api/v1/admin/companies", tag = "admin", operation_id = "admin_list_companies",
    responses(
        (status = 200, description = "{companies: [...]}"),
        (status = 401, description = "wrong or missing operator key"),
        (status = 404, description = "no operator key configured (SAVDO_OPERATOR_KEY)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("operator_key" = []))
)]
pub async fn list(State(state): State<HttpState>, ByKey(op): ByKey) -> Result<Response, ApiError> {
    Ok(Json(json!({ "companies": platform::companies(&state.app.db, &op).await? })).into_response())
}

/// `GET /api/v1/admin/companies/{id}`: one company.
#[utoipa::path(get, path = "/api/v1/admin/companies/{id}", tag = "admin", operation_id = "admin_get_company",
    params(
        ("id" = i64, Path, description = "company id")
    ),
    responses(
        (status = 200, description = "the company"),
        (status = 401, description = "wrong or missing operator key"),
        (status = 404, description = "no operator key configured (SAVDO_OPERATOR_KEY), or no such company"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("operator_key" = []))
)]
pub async fn one(State(state): State<HttpState>, ByKey(op): ByKey, Path(id): Path<i64>) -> Result<Response, ApiError> {
    Ok(Json(platform::company(&state.app.db, &op, id).await?).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    tariff_kind: String,
    tariff_price: Money,
}

/// `PATCH /api/v1/admin/companies/{id}`: sets the company's tariff.
#[utoipa::path(patch, path = "/api/v1/admin/companies/{id}", tag = "admin", operation_id = "admin_update_company",
    params(
        ("id" = i64, Path, description = "company id")
    ),
    request_body(content = String, description = "JSON: {tariff_kind: month or user, tariff_price: tiyin}; unknown fields are refused", content_type = "application/json"),
    responses(
        (status = 200, description = "the company as it is now"),
        (status = 400, description = "malformed body"),
        (status = 401, description = "wrong or missing operator key"),
        (status = 404, description = "no operator key configured (SAVDO_OPERATOR_KEY), or no such company"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the platform rules"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("operator_key" = []))
)]
pub async fn update(
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

/// `POST /api/v1/admin/companies/{id}/block`: blocks the company (its members are told).
#[utoipa::path(post, path = "/api/v1/admin/companies/{id}/block", tag = "admin", operation_id = "admin_block_company",
    params(
        ("id" = i64, Path, description = "company id")
    ),
    responses(
        (status = 200, description = "the company as it is now"),
        (status = 401, description = "wrong or missing operator key"),
        (status = 404, description = "no operator key configured (SAVDO_OPERATOR_KEY), or no such company"),
        (status = 422, description = "refused by the platform rules"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("operator_key" = []))
)]
pub async fn block(
    State(state): State<HttpState>,
    ByKey(op): ByKey,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    set_blocked(&state, op, id, true).await
}

/// `POST /api/v1/admin/companies/{id}/unblock`: unblocks the company.
#[utoipa::path(post, path = "/api/v1/admin/companies/{id}/unblock", tag = "admin", operation_id = "admin_unblock_company",
    params(
        ("id" = i64, Path, description = "company id")
    ),
    responses(
        (status = 200, description = "the company as it is now"),
        (status = 401, description = "wrong or missing operator key"),
        (status = 404, description = "no operator key configured (SAVDO_OPERATOR_KEY), or no such company"),
        (status = 422, description = "refused by the platform rules"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("operator_key" = []))
)]
pub async fn unblock(
    State(state): State<HttpState>,
    ByKey(op): ByKey,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    set_blocked(&state, op, id, false).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopUp {
    amount: Money,
}

/// `POST /api/v1/admin/companies/{id}/top-up`: adds to the company's balance.
#[utoipa::path(post, path = "/api/v1/admin/companies/{id}/top-up", tag = "admin", operation_id = "admin_top_up_company",
    params(
        ("id" = i64, Path, description = "company id")
    ),
    request_body(content = String, description = "JSON: {amount: tiyin}; unknown fields are refused", content_type = "application/json"),
    responses(
        (status = 200, description = "the company as it is now"),
        (status = 400, description = "malformed body"),
        (status = 401, description = "wrong or missing operator key"),
        (status = 404, description = "no operator key configured (SAVDO_OPERATOR_KEY), or no such company"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the platform rules"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("operator_key" = []))
)]
pub async fn top_up(
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

/// `GET /api/v1/admin/companies/{id}/users`: the company's members.
#[utoipa::path(get, path = "/api/v1/admin/companies/{id}/users", tag = "admin", operation_id = "admin_company_users",
    params(
        ("id" = i64, Path, description = "company id")
    ),
    responses(
        (status = 200, description = "{users: [{telegram_id, name, role, branch, blocked}]}"),
        (status = 401, description = "wrong or missing operator key"),
        (status = 404, description = "no operator key configured (SAVDO_OPERATOR_KEY), or no such company"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("operator_key" = []))
)]
pub async fn users(
    State(state): State<HttpState>,
    ByKey(op): ByKey,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
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
pub struct Transfer {
    telegram_id: i64,
    company_id: i64,
    role: String,
    branch_id: Option<i64>,
}

/// `POST /api/v1/admin/transfer-user`: moves a user to another company with a role.
#[utoipa::path(post, path = "/api/v1/admin/transfer-user", tag = "admin", operation_id = "admin_transfer_user",
    request_body(content = String, description = "JSON: {telegram_id, company_id, role: admin, manager, cashier, warehouse, agent, employee or accountant, branch_id?}; unknown fields are refused", content_type = "application/json"),
    responses(
        (status = 200, description = "{history: [{company, role, joined_at, left_at}]}: the user's companies"),
        (status = 400, description = "malformed body or unknown role"),
        (status = 401, description = "wrong or missing operator key"),
        (status = 404, description = "no operator key configured (SAVDO_OPERATOR_KEY), or no such user, company or branch"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the platform rules"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("operator_key" = []))
)]
pub async fn transfer(
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
