//! The HTTP door: health, the Telegram webhook, and (later) the REST API.

use std::convert::Infallible;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use subtle::ConstantTimeEq;
use teloxide::types::Update;
use tokio::sync::mpsc;

use crate::app::AppRef;

pub mod api;

pub const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

#[derive(Clone)]
pub struct HttpState {
    pub app: AppRef,
    pub webhook: Option<WebhookSink>,
}

impl axum::extract::FromRef<HttpState> for AppRef {
    fn from_ref(state: &HttpState) -> AppRef {
        state.app.clone()
    }
}

/// Where authenticated webhook updates go: the dispatcher's update listener.
#[derive(Clone)]
pub struct WebhookSink {
    pub secret: String,
    pub tx: mpsc::UnboundedSender<Result<Update, Infallible>>,
}

pub fn router(state: HttpState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/telegram/webhook", post(telegram_webhook))
        .merge(api::router())
        .with_state(state)
}

async fn health(State(state): State<HttpState>) -> (StatusCode, Json<serde_json::Value>) {
    let db_ok = state.app.db.ping().await;
    let status = if db_ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = json!({
        "status": if db_ok { "ok" } else { "unavailable" },
        "version": env!("CARGO_PKG_VERSION"),
        "database": if db_ok { "ok" } else { "unreachable" },
    });
    (status, Json(body))
}

/// Telegram's update push. The secret header is compared in constant time. An authenticated
/// but unreadable body is acknowledged (200) so Telegram does not retry it forever.
async fn telegram_webhook(State(state): State<HttpState>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let Some(sink) = &state.webhook else {
        return StatusCode::NOT_FOUND;
    };
    let given = headers.get(SECRET_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if !bool::from(given.ct_eq(sink.secret.as_bytes())) {
        return StatusCode::UNAUTHORIZED;
    }
    match serde_json::from_slice::<Update>(&body) {
        Ok(update) => {
            if sink.tx.send(Ok(update)).is_err() {
                return StatusCode::SERVICE_UNAVAILABLE;
            }
        }
        Err(e) => tracing::warn!(error = %e, "webhook body is not a Telegram update"),
    }
    StatusCode::OK
}
