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
        .route("/api/v1/shops", get(statistics))
        .route("/api/v1/statistics", get(statistics))
        .route("/api/v1/simcards", get(list))
        .route("/api/v1/simcards/bulk", post(bulk))
        .route("/api/v1/simcards/assign", post(assign))
        .route("/api/v1/simcards/{card}/check-status", post(check_one))
        .route("/api/v1/simcards/auto-check", post(auto_check))
        .route("/api/v1/logs/status-changes", get(changes))
}

async fn statistics(State(state): State<HttpState>, ApiActor(actor): ApiActor) -> Result<Response, ApiError> {
    let counts = simcards::counts(&state.app.db, &actor).await?;
    let total: i64 = counts.iter().map(|(_, _, n)| n).sum();
    let rows: Vec<_> = counts
        .into_iter()
        .map(|(shop, status, count)| json!({ "shop": shop, "status": status, "count": count }))
        .collect();
    Ok(Json(json!({ "total": total, "by_shop_and_status": rows })).into_response())
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    status: Option<String>,
    shop_id: Option<i64>,
}

async fn list(
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
struct Bulk {
    lines: Vec<String>,
}

async fn bulk(
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
struct Assign {
    cards: Vec<String>,
    shop_id: i64,
}

async fn assign(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<Assign>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from_json)?;
    let moved = simcards::assign(&state.app.db, &actor, &body.cards, body.shop_id).await?;
    Ok(Json(json!({ "assigned": moved })).into_response())
}

async fn check_one(
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
struct AutoCheck {
    enabled: bool,
}

async fn auto_check(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<AutoCheck>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from_json)?;
    simcards::set_auto_check(&state.app.db, &actor, body.enabled).await?;
    Ok(Json(json!({ "enabled": body.enabled })).into_response())
}

async fn changes(State(state): State<HttpState>, ApiActor(actor): ApiActor) -> Result<Response, ApiError> {
    let rows = simcards::changes(&state.app.db, &actor, 100).await?;
    let rows: Vec<_> = rows
        .into_iter()
        .map(|(iccid, from, to, source, at)| json!({ "iccid": iccid, "old_status": from, "new_status": to, "source": source, "at": at }))
        .collect();
    Ok(Json(json!({ "changes": rows })).into_response())
}
