//! `POST /api/v1/sales/{id}/invoice?format=json|pdf&lang=`: the sale's invoice (hisob-faktura),
//! issued with the company's next number the first time (201) and the same one after (200).
//! JSON carries the invoice and the same data shaped as an e-invoice operator takes it.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::api::{ApiActor, ApiError};
use super::HttpState;
use crate::domain::invoices;

pub fn router() -> Router<HttpState> {
    Router::new().route("/api/v1/sales/{id}/invoice", post(issue))
}

#[derive(Debug, Deserialize)]
pub struct InvoiceQuery {
    format: Option<String>,
    lang: Option<String>,
}

/// `POST /api/v1/sales/{id}/invoice`: the sale's invoice (hisob-faktura), numbered the first time.
#[utoipa::path(post, path = "/api/v1/sales/{id}/invoice", tag = "invoices", operation_id = "issue_invoice",
    params(
        ("id" = i64, Path, description = "sale id"),
        ("format" = Option<String>, Query, description = "json (default) or pdf"),
        ("lang" = Option<String>, Query, description = "language of the file: uz (default), ru or en")
    ),
    responses(
        (status = 200, description = "issued before, the same invoice: JSON {invoice, operator} or the PDF", content(("application/json"), ("application/pdf"))),
        (status = 201, description = "issued now: JSON {invoice, operator} or the PDF", content(("application/json"), ("application/pdf"))),
        (status = 400, description = "unknown format or unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such sale in this company"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn issue(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(sale_id): Path<i64>,
    query: Result<Query<InvoiceQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let format = q.format.as_deref().unwrap_or("json");
    if !matches!(format, "json" | "pdf") {
        return Err(ApiError::Invalid("format must be json or pdf".into()));
    }
    let invoice = invoices::issue(&state.app.db, &actor, sale_id).await?;
    let status = if invoice.replayed { StatusCode::OK } else { StatusCode::CREATED };
    if format == "pdf" {
        let lang = q.lang.as_deref().and_then(crate::i18n::Lang::parse).unwrap_or_default();
        let table = crate::reports::invoices::table(lang, &invoice);
        let bytes = crate::reports::pdf::to_pdf(std::slice::from_ref(&table)).map_err(ApiError::Internal)?;
        let disposition = format!("attachment; filename=\"hisob-faktura-{}.pdf\"", invoice.number);
        return Ok((
            status,
            [(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, disposition)],
            bytes,
        )
            .into_response());
    }
    let operator = invoices::operator_json(&invoice);
    Ok((status, Json(json!({ "invoice": invoice, "operator": operator }))).into_response())
}
