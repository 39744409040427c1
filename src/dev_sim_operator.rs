//! A DEVELOPMENT STAND-IN for a SIM operator's status API (`savdo dev-sim-operator`):
//! `GET /v1/sims/{iccid}` answers `{"status": "active|blocked|inactive"}` (inactive until told
//! otherwise), `POST /dev/sims/{iccid}` with `{"status"}` sets a card's status, and
//! `--delay-ms` makes every answer slow (to try the client's timeout). It is not an operator.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

pub const LABEL: &str = "DEVELOPMENT stand-in for a SIM operator's API (not an operator)";

#[derive(Clone)]
struct Operator {
    statuses: Arc<Mutex<HashMap<String, String>>>,
    delay: Duration,
}

pub fn router(delay: Duration) -> Router {
    let state = Operator { statuses: Arc::default(), delay };
    Router::new()
        .route("/", get(|| async { LABEL }))
        .route("/v1/sims/{iccid}", get(status))
        .route("/dev/sims/{iccid}", post(set))
        .with_state(state)
}

pub async fn serve(listener: tokio::net::TcpListener, delay: Duration) -> std::io::Result<()> {
    axum::serve(listener, router(delay)).await
}

async fn status(State(op): State<Operator>, Path(iccid): Path<String>) -> Json<Value> {
    tokio::time::sleep(op.delay).await;
    let status = op.statuses.lock().expect("statuses").get(&iccid).cloned().unwrap_or_else(|| "inactive".into());
    Json(json!({ "iccid": iccid, "status": status }))
}

async fn set(State(op): State<Operator>, Path(iccid): Path<String>, Json(body): Json<Value>) -> Response {
    match body["status"].as_str() {
        Some(s @ ("active" | "blocked" | "inactive")) => {
            op.statuses.lock().expect("statuses").insert(iccid, s.to_string());
            StatusCode::NO_CONTENT.into_response()
        }
        _ => (StatusCode::BAD_REQUEST, Json(json!({ "error": "status must be active, blocked or inactive" })))
            .into_response(),
    }
}
