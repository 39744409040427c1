//! SIM cards over HTTP, the seed SimCard server's routes under `/api/v1/` (with an API key):
//!
//! - `GET /api/v1/shops`: shops (branches) with their cards per status;
//! - `GET /api/v1/simcards?status=&shop_id=`; `POST /api/v1/simcards/bulk` `{"lines": ["ICCID;
//!   number; operator; tariff; purchase; sale", …]}` (every line checked first:
//!   `{"created"}` or 422 with `{"errors": [{"line", "error"}]}`);
//! - `POST /api/v1/simcards/assign` `{"cards": [ICCID or number], "shop_id"}`;
//! - `POST /api/v1/simcards/{iccid}/check-status`; `POST /api/v1/simcards/auto-check` `{"enabled"}`;
//! - `GET /api/v1/statistics`: cards per status, per shop and overall;
//! - `GET /api/v1/logs/status-changes`: the latest changes of status.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::api::{ApiActor, ApiError};
use super::HttpState;
use crate::domain::simcards;
use crate::domain::Refusal;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/shops", get(shops))
        .route("/api/v1/statistics", get(statistics))
        .route("/api/v1/simcards", get(list))
        .route("/api/v1/simcards/bulk", post(bulk))
        .route("/api/v1/simcards/assign", post(assign))
        .route("/api/v1/simcards/{card}/check-status", post(check_one))
        .route("/api/v1/simcards/auto-check", post(auto_check))
        .route("/api/v1/logs/status-changes", get(changes))
}

/// `GET /api/v1/shops`: the same counts as `/api/v1/statistics`, under the seed's other name.
#[utoipa::path(get, path = "/api/v1/shops", tag = "simcards", operation_id = "simcard_shops",
    responses(
        (status = 200, description = "{total, by_shop_and_status: [{shop, status, count}]}"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn shops(state: State<HttpState>, actor: ApiActor) -> Result<Response, ApiError> {
    statistics(state, actor).await
}

/// `GET /api/v1/statistics` (also served at `GET /api/v1/shops`): SIM cards per shop and status, and overall.
#[utoipa::path(get, path = "/api/v1/statistics", tag = "simcards", operation_id = "simcard_statistics",
    responses(
        (status = 200, description = "{total, by_shop_and_status: [{shop, status, count}]}"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn statistics(State(state): State<HttpState>, ApiActor(actor): ApiActor) -> Result<Response, ApiError> {
    let counts = simcards::counts(&state.app.db, &actor).await?;
    let total: i64 = counts.iter().map(|(_, _, n)| n).sum();
    let rows: Vec<_> = counts
        .into_iter()
        .map(|(shop, status, count)| json!({ "shop": shop, "status": status, "count": count }))
        .collect();
    Ok(Json(json!({ "total": total, "by_shop_and_status": rows })).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    shop_id: Option<i64>,
}

/// `GET /api/v1/simcards?status=&shop_id=`: SIM cards, newest first.
#[utoipa::path(get, path = "/api/v1/simcards", tag = "simcards", operation_id = "list_simcards",
    params(
        ("status" = Option<String>, Query, description = "only cards in this status, e.g. in_stock"),
        ("shop_id" = Option<i64>, Query, description = "only cards of this shop (branch)")
    ),
    responses(
        (status = 200, description = "{simcards: [...]}"),
        (status = 400, description = "unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn list(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    query: Result<axum::extract::Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let axum::extract::Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let cards = simcards::list(&state.app.db, &actor, q.status.as_deref(), q.shop_id).await?;
    Ok(Json(json!({ "simcards": cards })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bulk {
    lines: Vec<String>,
}

/// `POST /api/v1/simcards/bulk`: adds cards; every line is checked first, one bad line adds nothing.
#[utoipa::path(post, path = "/api/v1/simcards/bulk", tag = "simcards", operation_id = "add_simcards",
    request_body(content = String, description = "JSON: {lines: ['ICCID; number; operator[; tariff[; purchase price[; sale price]]]', ...]}, at most 10 000 lines; unknown fields are refused", content_type = "application/json"),
    responses(
        (status = 201, description = "{created: number of cards added}"),
        (status = 400, description = "malformed body or more than 10 000 lines"),
        (status = 401, description = "no or unknown API key"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "{errors: [{line, error}]} for the lines refused, or refused by the core (rights)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn bulk(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<Bulk>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from_json)?;
    if body.lines.len() > 10_000 {
        return Err(ApiError::Invalid("at most 10 000 lines".into()));
    }
    match simcards::add_list(&state.app.db, &actor, &body.lines.join("\n")).await? {
        Ok(created) => Ok((StatusCode::CREATED, Json(json!({ "created": created }))).into_response()),
        Err(problems) => {
            let errors: Vec<_> =
                problems.iter().map(|p| json!({ "line": p.line, "error": p.refusal.message_key() })).collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "errors": errors }))).into_response())
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assign {
    cards: Vec<String>,
    shop_id: i64,
}

/// `POST /api/v1/simcards/assign`: gives cards in stock to a shop (branch).
#[utoipa::path(post, path = "/api/v1/simcards/assign", tag = "simcards", operation_id = "assign_simcards",
    request_body(content = String, description = "JSON: {cards: [ICCID or number, ...], shop_id}; unknown fields are refused", content_type = "application/json"),
    responses(
        (status = 200, description = "{assigned: number of cards moved}"),
        (status = 400, description = "malformed body"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such shop or card in this company"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the core (rights, a card not in stock...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn assign(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<Assign>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from_json)?;
    let moved = simcards::assign(&state.app.db, &actor, &body.cards, body.shop_id).await?;
    Ok(Json(json!({ "assigned": moved })).into_response())
}

/// `POST /api/v1/simcards/{card}/check-status`: asks the operator for the card's status now.
#[utoipa::path(post, path = "/api/v1/simcards/{card}/check-status", tag = "simcards", operation_id = "check_simcard",
    params(
        ("card" = String, Path, description = "the card's ICCID or phone number")
    ),
    responses(
        (status = 200, description = "{card, changed, failed}"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such card in this company"),
        (status = 422, description = "no SIM operator configured, or refused by the core (rights)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn check_one(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(card): Path<String>,
) -> Result<Response, ApiError> {
    let operator = state.app.sim_operator.clone().ok_or(ApiError::Refused(Refusal::NoSimOperator))?;
    let report = simcards::check(&state.app.db, &actor, operator.as_ref(), Some(&[card.clone()])).await?;
    crate::notify::deliver(&state.app, &report.events).await;
    let now = simcards::find(&state.app.db, actor.company_id, &card).await?;
    Ok(Json(json!({ "card": now, "changed": report.changed, "failed": report.failed })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoCheck {
    enabled: bool,
}

/// `POST /api/v1/simcards/auto-check`: turns the daily status check on or off.
#[utoipa::path(post, path = "/api/v1/simcards/auto-check", tag = "simcards", operation_id = "simcard_auto_check",
    request_body(content = String, description = "JSON: {enabled: bool}; unknown fields are refused", content_type = "application/json"),
    responses(
        (status = 200, description = "{enabled}"),
        (status = 400, description = "malformed body"),
        (status = 401, description = "no or unknown API key"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn auto_check(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<AutoCheck>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from_json)?;
    simcards::set_auto_check(&state.app.db, &actor, body.enabled).await?;
    Ok(Json(json!({ "enabled": body.enabled })).into_response())
}

/// `GET /api/v1/logs/status-changes`: the latest 100 changes of SIM card status.
#[utoipa::path(get, path = "/api/v1/logs/status-changes", tag = "simcards", operation_id = "simcard_status_changes",
    responses(
        (status = 200, description = "{changes: [{iccid, old_status, new_status, source, at}]}"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn changes(State(state): State<HttpState>, ApiActor(actor): ApiActor) -> Result<Response, ApiError> {
    let rows = simcards::changes(&state.app.db, &actor, 100).await?;
    let rows: Vec<_> = rows
        .into_iter()
        .map(|(iccid, from, to, source, at)| json!({ "iccid": iccid, "old_status": from, "new_status": to, "source": source, "at": at }))
        .collect();
    Ok(Json(json!({ "changes": rows })).into_response())
}
