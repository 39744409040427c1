//! Purchase orders over HTTP:
//!
//! - `GET /api/v1/purchase-orders?open=true`: the orders the key's member may see, newest first;
//! - `POST /api/v1/purchase-orders`: `{"branch_id", "supplier_id", "lines": [{"product_id", "qty", "unit_cost"}]}`
//!   (a draft; `unit_cost` in tiyin, the product's purchase price when absent);
//! - `GET /api/v1/purchase-orders/{id}?format=json|pdf`;
//! - `POST /api/v1/purchase-orders/{id}/send`, `…/cancel`, and `…/receive` with
//!   `{"lines": [{"product_id", "qty"}]}` or no body (everything still due).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::api::{qty_of, ApiActor, ApiError};
use super::HttpState;
use crate::domain::company;
use crate::domain::money::Money;
use crate::domain::orders::{self, LineInput};

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/purchase-orders", get(list).post(create))
        .route("/api/v1/purchase-orders/{id}", get(one))
        .route("/api/v1/purchase-orders/{id}/send", post(send))
        .route("/api/v1/purchase-orders/{id}/cancel", post(cancel))
        .route("/api/v1/purchase-orders/{id}/receive", post(receive))
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    open: bool,
}

/// `GET /api/v1/purchase-orders?open=`: the purchase orders the key's member may see, newest first.
#[utoipa::path(get, path = "/api/v1/purchase-orders", tag = "orders", operation_id = "list_purchase_orders",
    params(
        ("open" = Option<bool>, Query, description = "only orders still open (default false)")
    ),
    responses(
        (status = 200, description = "{orders: [...]}, at most 200"),
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
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    Ok(Json(json!({ "orders": orders::list(&state.app.db, &actor, q.open, 200).await? })).into_response())
}

#[derive(Debug, Deserialize)]
pub struct NewOrder {
    branch_id: i64,
    supplier_id: Option<i64>,
    lines: Vec<NewLine>,
}

#[derive(Debug, Deserialize)]
struct NewLine {
    product_id: i64,
    qty: serde_json::Value,
    unit_cost: Option<i64>,
}

/// `POST /api/v1/purchase-orders`: a draft purchase order.
#[utoipa::path(post, path = "/api/v1/purchase-orders", tag = "orders", operation_id = "create_purchase_order",
    request_body(content = String, description = "JSON: {branch_id, supplier_id?, lines: [{product_id, qty: 1.5 or '1.5', unit_cost?: tiyin (the product's purchase price when absent)}]}", content_type = "application/json"),
    responses(
        (status = 201, description = "the draft order"),
        (status = 400, description = "malformed body or bad qty"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such branch, supplier or product in this company"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn create(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<NewOrder>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from_json)?;
    let mut lines = Vec::with_capacity(body.lines.len());
    for (i, l) in body.lines.iter().enumerate() {
        lines.push(LineInput { product_id: l.product_id, qty: qty_of(&l.qty, i)?, unit_cost: l.unit_cost.map(Money) });
    }
    let order = orders::create(&state.app.db, &actor, body.branch_id, body.supplier_id, &lines).await?;
    Ok((StatusCode::CREATED, Json(order)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct OneQuery {
    format: Option<String>,
    lang: Option<String>,
}

/// `GET /api/v1/purchase-orders/{id}?format=json|pdf`: one purchase order.
#[utoipa::path(get, path = "/api/v1/purchase-orders/{id}", tag = "orders", operation_id = "get_purchase_order",
    params(
        ("id" = i64, Path, description = "purchase order id"),
        ("format" = Option<String>, Query, description = "json (default) or pdf"),
        ("lang" = Option<String>, Query, description = "language of the file: uz (default), ru or en")
    ),
    responses(
        (status = 200, description = "the order as JSON or as a PDF attachment", content(("application/json"), ("application/pdf"))),
        (status = 400, description = "unknown format or unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such purchase order in this company"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn one(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    query: Result<Query<OneQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let order = orders::get(&state.app.db, &actor, id).await?;
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(Json(order).into_response()),
        "pdf" => {
            let lang = q.lang.as_deref().and_then(crate::i18n::Lang::parse).unwrap_or_default();
            let name = company::name(&state.app.db, actor.company_id).await?;
            let branch = company::branch(&state.app.db, actor.company_id, order.branch_id).await?.name;
            let table = crate::reports::orders::table(lang, &name, &branch, &order);
            let bytes = crate::reports::pdf::to_pdf(std::slice::from_ref(&table)).map_err(ApiError::Internal)?;
            let disposition = format!("attachment; filename=\"order-{}.pdf\"", order.number);
            Ok((
                [
                    (axum::http::header::CONTENT_TYPE, "application/pdf".to_string()),
                    (axum::http::header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response())
        }
        _ => Err(ApiError::Invalid("format must be json or pdf".into())),
    }
}

/// `POST /api/v1/purchase-orders/{id}/send`: marks a draft as sent to the supplier.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/send", tag = "orders", operation_id = "send_purchase_order",
    params(
        ("id" = i64, Path, description = "purchase order id")
    ),
    responses(
        (status = 200, description = "the order as it is now"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such purchase order in this company"),
        (status = 422, description = "refused by the core (rights, not a draft...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn send(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    Ok(Json(orders::send(&state.app.db, &actor, id).await?).into_response())
}

/// `POST /api/v1/purchase-orders/{id}/cancel`: cancels an open order.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/cancel", tag = "orders", operation_id = "cancel_purchase_order",
    params(
        ("id" = i64, Path, description = "purchase order id")
    ),
    responses(
        (status = 200, description = "the order as it is now"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such purchase order in this company"),
        (status = 422, description = "refused by the core (rights, already closed...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn cancel(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    Ok(Json(orders::cancel(&state.app.db, &actor, id).await?).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct Delivery {
    lines: Option<Vec<DeliveredLine>>,
}

#[derive(Debug, Deserialize)]
struct DeliveredLine {
    product_id: i64,
    qty: serde_json::Value,
}

/// `POST /api/v1/purchase-orders/{id}/receive`: records goods delivered against the order as a purchase.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/receive", tag = "orders", operation_id = "receive_purchase_order",
    params(
        ("id" = i64, Path, description = "purchase order id")
    ),
    request_body(content = Option<String>, description = "JSON, optional: {lines: [{product_id, qty: 1.5 or '1.5'}]}; no body receives everything still due", content_type = "application/json"),
    responses(
        (status = 201, description = "{order, purchase: {id, total, vat}}"),
        (status = 400, description = "malformed JSON or bad qty"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such purchase order or product in this company"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "JSON of the wrong shape, or refused by the core (rights, more than ordered...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn receive(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    body: Option<Json<Delivery>>,
) -> Result<Response, ApiError> {
    let delivery = body.map(|Json(d)| d).unwrap_or_default();
    let lines = match delivery.lines {
        Some(lines) => {
            let mut out = Vec::with_capacity(lines.len());
            for (i, l) in lines.iter().enumerate() {
                out.push((l.product_id, qty_of(&l.qty, i)?));
            }
            Some(out)
        }
        None => None,
    };
    let (order, purchase) = orders::receive(&state.app.db, &actor, id, lines.as_deref()).await?;
    let purchase = json!({ "id": purchase.id, "total": purchase.total, "vat": purchase.vat });
    Ok((StatusCode::CREATED, Json(json!({ "order": order, "purchase": purchase }))).into_response())
}
