//! The HTTP door: health, the Telegram webhook, and (later) the REST API.

use crate::app::AppRef;
use crate::telegram::inbox::{Arrival, Inbox};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use subtle::ConstantTimeEq;

pub mod admin;
pub mod api;
pub mod auth;
pub mod calls;
pub mod catalogue;
pub mod customers;
pub mod drf;
pub mod events;
pub mod exports;
pub mod invoices;
pub mod limits;
pub mod onec;
pub mod openapi;
pub mod orders;
pub mod payments;
pub mod regos;
pub mod scans;
pub mod simcards;
pub mod tax;

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

/// Where authenticated webhook updates go.
#[derive(Clone)]
pub struct WebhookSink {
    pub secret: String,
    pub inbox: Inbox,
}

pub fn router(state: HttpState) -> Router {
    let limiter = limits::Limiter::new(state.app.api_rate);
    let kept = std::sync::Arc::downgrade(&limiter);
    if tokio::runtime::Handle::try_current().is_ok() {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                let Some(limiter) = kept.upgrade() else { break };
                limiter.shrink();
            }
        });
    }
    Router::new()
        .route("/health", get(health))
        .route("/telegram/webhook", post(telegram_webhook))
        .merge(api::router())
        .merge(customers::router())
        .merge(exports::router())
        .merge(invoices::router())
        .merge(orders::router())
        .merge(scans::router())
        .merge(tax::router())
        .merge(payments::router())
        .merge(events::router())
        .merge(regos::router())
        .merge(admin::router())
        .merge(calls::router())
        .merge(simcards::router())
        .merge(auth::router())
        .merge(catalogue::router())
        .merge(onec::router())
        .merge(openapi::router())
        .layer(axum::middleware::from_fn_with_state(limiter, limits::limit))
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

/// Telegram's update push. The secret header is compared in constant time. The update is
/// acknowledged once stored; if it cannot be stored, 503 makes Telegram deliver it again. An
/// authenticated but unreadable body is acknowledged (200) so Telegram does not retry it forever.
async fn telegram_webhook(State(state): State<HttpState>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let Some(sink) = &state.webhook else {
        return StatusCode::NOT_FOUND;
    };
    let given = headers.get(SECRET_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if !bool::from(given.ct_eq(sink.secret.as_bytes())) {
        return StatusCode::UNAUTHORIZED;
    }
    let Some(arrival) = Arrival::read(&body) else {
        tracing::warn!(bytes = body.len(), "webhook body is not a Telegram update");
        return StatusCode::OK;
    };
    match sink.inbox.accept(arrival).await {
        Ok(_) => StatusCode::OK,
        Err(e) => {
            tracing::error!(error = %e, "cannot store a webhook update; Telegram will send it again");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}
