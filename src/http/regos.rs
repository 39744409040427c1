//! REGOS over HTTP:
//!
//! - `POST /webhooks/regos/{company_id}`: REGOS's webhook (`{action, connected_integration_id,
//!   data: {uuid, date}}`) with the company's secret in `X-Regos-Secret`; it syncs the document's
//!   time (each receipt once, so a repeated webhook changes nothing) and answers the sync's report;
//! - `POST /api/v1/regos/sync` (`{"days"?: 1–31}`, 7 by default): a sync now, its report;
//! - `GET /api/v1/regos/syncs`: the last twenty syncs (mode, status, pages, new, updated,
//!   skipped, errors).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::api::{ApiActor, ApiError};
use super::HttpState;
use crate::domain::regos::{self, Client};
use crate::domain::Refusal;
use crate::notify;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/webhooks/regos/{company_id}", post(webhook))
        .route("/api/v1/regos/sync", post(sync_now))
        .route("/api/v1/regos/syncs", get(syncs))
}

async fn webhook(
    State(state): State<HttpState>,
    Path(company_id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let app = &state.app;
    let secret = headers.get("X-Regos-Secret").and_then(|v| v.to_str().ok()).unwrap_or("");
    let connection = match regos::webhook_connection(&app.db, company_id, secret).await {
        Ok(Some(c)) => c,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "REGOS webhook: connection not read");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, Json(json!({ "error": "not JSON" }))).into_response();
    };
    if event["connected_integration_id"].as_str() != Some(connection.integration_id.as_str()) {
        return (StatusCode::BAD_REQUEST, Json(json!({ "error": "another integration" }))).into_response();
    }
    let Some(date) = event["data"]["date"].as_i64() else {
        return (StatusCode::BAD_REQUEST, Json(json!({ "error": "data.date missing" }))).into_response();
    };
    let client = match Client::new(connection) {
        Ok(c) => c,
        Err(e) => return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "error": e.to_string() }))).into_response(),
    };
    match regos::sync(&app.db, &regos::actor(company_id), &client, "webhook", date, date, None).await {
        Ok(report) => {
            notify::deliver(app, &report.events).await;
            Json(report).into_response()
        }
        // REGOS retries a webhook that failed: a 503 asks it to.
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "error": e.to_string() }))).into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    days: Option<i64>,
}

/// `POST /api/v1/regos/sync`: syncs REGOS now over the last days; its report.
#[utoipa::path(post, path = "/api/v1/regos/sync", tag = "regos", operation_id = "regos_sync",
    request_body(content = Option<String>, description = "JSON, optional: {days?: 1 to 31 (default 7)}; unknown fields are refused", content_type = "application/json"),
    responses(
        (status = 200, description = "the sync's report"),
        (status = 400, description = "days out of range or malformed JSON"),
        (status = 401, description = "no or unknown API key"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "no REGOS connection, JSON of the wrong shape, or refused by the core (settings rights)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error (also when REGOS cannot be reached)")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn sync_now(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Option<Json<SyncRequest>>,
) -> Result<Response, ApiError> {
    let days = body.and_then(|Json(b)| b.days).unwrap_or(7);
    if !(1..=31).contains(&days) {
        return Err(ApiError::Invalid("days must be 1 to 31".into()));
    }
    actor.require(crate::domain::roles::Action::ManageSettings)?;
    let app = &state.app;
    let (connection, _) =
        regos::connection(&app.db, actor.company_id).await?.ok_or(ApiError::Refused(Refusal::NoRegos))?;
    let client = Client::new(connection).map_err(ApiError::Internal)?;
    let now = chrono::Utc::now().timestamp();
    let report = regos::sync(&app.db, &actor, &client, "manual", now - days * 86_400, now, None).await?;
    notify::deliver(app, &report.events).await;
    Ok(Json(report).into_response())
}

/// `GET /api/v1/regos/syncs`: the last twenty REGOS syncs.
#[utoipa::path(get, path = "/api/v1/regos/syncs", tag = "regos", operation_id = "regos_syncs",
    responses(
        (status = 200, description = "{syncs: [{mode, status, pages, new, updated, skipped, errors, ...}]}"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn syncs(State(state): State<HttpState>, ApiActor(actor): ApiActor) -> Result<Response, ApiError> {
    let found = regos::syncs(&state.app.db, &actor, 20).await?;
    Ok(Json(json!({ "syncs": found })).into_response())
}
