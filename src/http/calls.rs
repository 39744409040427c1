//! `POST /webhooks/pbx/{company_id}`: the office PBX's call records, authenticated with the
//! company's secret in `X-Pbx-Secret` (made by `/calls setup`; compared in constant time):
//! `{"id", "caller", "callee", "direction": "in|out", "start", "duration", "answered",
//! "recording_url"?}` → `{"stored": true}` the first time, `{"stored": false}` for a repeat.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

use super::api::ApiError;
use super::HttpState;
use crate::domain::calls::{self, Record};
use crate::notify;

pub fn router() -> Router<HttpState> {
    Router::new().route("/webhooks/pbx/{company_id}", post(call))
}

async fn call(
    State(state): State<HttpState>,
    Path(company_id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let secret = headers.get("X-Pbx-Secret").and_then(|v| v.to_str().ok()).unwrap_or("");
    if !calls::authentic(&state.app.db, company_id, secret).await? {
        return Ok(StatusCode::UNAUTHORIZED.into_response());
    }
    let record: Record = serde_json::from_slice(&body).map_err(|e| ApiError::Invalid(e.to_string()))?;
    let stored = calls::record(&state.app.db, company_id, &record).await?;
    if let Some(events) = &stored {
        notify::deliver(&state.app, events).await;
    }
    Ok(Json(json!({ "stored": stored.is_some() })).into_response())
}
