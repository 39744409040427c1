//! The payment systems' callbacks (each 404 while its provider is not configured):
//!
//! - `POST /payments/payme`: Payme's Merchant API (JSON-RPC 2.0, Basic auth), always HTTP 200;
//! - `POST /payments/click/prepare`, `POST /payments/click/complete`: Click's SHOP API
//!   (form-encoded, signed), JSON answers;
//!
//! and for members, `POST /api/v1/customers/{id}/payment-link` (`{"amount"?}`): a payment order
//! for the customer's debt and its links.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::api::{ApiActor, ApiError};
use super::HttpState;
use crate::domain::money::Money;
use crate::domain::payments::{self, click, payme};
use crate::notify;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/payments/payme", post(payme_call))
        .route("/payments/click/prepare", post(click_prepare))
        .route("/payments/click/complete", post(click_complete))
        .route("/api/v1/customers/{id}/payment-link", post(payment_link))
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

async fn payme_call(State(state): State<HttpState>, headers: HeaderMap, body: Bytes) -> Response {
    let app = &state.app;
    let authorization = headers.get("Authorization").and_then(|v| v.to_str().ok());
    match payme::handle(&app.db, &app.payments, authorization, &body, now_ms()).await {
        None => StatusCode::NOT_FOUND.into_response(),
        Some((answer, events)) => {
            notify::deliver(app, &events).await;
            Json(answer).into_response()
        }
    }
}

/// Click's form fields as they came (the signature is over them exactly).
fn form_of(body: &[u8]) -> click::Form {
    url::form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

async fn click_prepare(State(state): State<HttpState>, body: Bytes) -> Response {
    match click::prepare(&state.app.db, &state.app.payments, &form_of(&body)).await {
        None => StatusCode::NOT_FOUND.into_response(),
        Some(answer) => Json(answer).into_response(),
    }
}

async fn click_complete(State(state): State<HttpState>, body: Bytes) -> Response {
    let app = &state.app;
    match click::complete(&app.db, &app.payments, &form_of(&body)).await {
        None => StatusCode::NOT_FOUND.into_response(),
        Some((answer, events)) => {
            notify::deliver(app, &events).await;
            Json(answer).into_response()
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    amount: Option<Money>,
    sale_id: Option<i64>,
}

/// `POST /api/v1/customers/{id}/payment-link`: a payment order for the customer's debt and its Payme/Click links.
#[utoipa::path(post, path = "/api/v1/customers/{id}/payment-link", tag = "payments", operation_id = "customer_payment_link",
    params(
        ("id" = i64, Path, description = "customer id")
    ),
    request_body(content = Option<String>, description = "JSON, optional: {amount?: tiyin (the whole debt when absent), sale_id?}; unknown fields are refused", content_type = "application/json"),
    responses(
        (status = 201, description = "{order, links}"),
        (status = 400, description = "malformed JSON"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such customer or sale in this company"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "no payment provider configured, JSON of the wrong shape, or refused by the core (nothing owed, rights...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn payment_link(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(customer_id): Path<i64>,
    body: Option<Json<LinkRequest>>,
) -> Result<Response, ApiError> {
    let request = body.map(|Json(b)| b).unwrap_or_default();
    let app = &state.app;
    if app.payments.payme.is_none() && app.payments.click.is_none() {
        return Err(ApiError::Refused(crate::domain::Refusal::NoPaymentProvider));
    }
    let order = payments::request(&app.db, &actor, customer_id, request.amount, request.sale_id).await?;
    let links = payments::links(&order, &app.payments);
    Ok((StatusCode::CREATED, Json(json!({ "order": order, "links": links }))).into_response())
}
