//! Photographed invoices and receipts over HTTP (multipart, field `file`; API key):
//! - `POST /api/v1/ocr/text`: the recognised text only; nothing is kept.
//! - `POST /api/v1/ocr/invoice`: the draft, kept as a scan (201, its `id`), as `savdo ocr` prints it.
//! - `POST /api/v1/ocr/batch`: up to 10 files read side by side; one result per file, in order.
//! - `GET /api/v1/ocr/{id}`: a kept scan (draft, matches, status, raw text).
//! - `GET /api/v1/ocr/batch/{id}/export?format=json|xlsx`: a batch's results.
//!   Same limits and refusals as the chat.

use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::api::{ApiActor, ApiError};
use super::HttpState;
use crate::domain::actor::Actor;
use crate::domain::scans::{self, Upload};
use crate::domain::Error;
use crate::reports::table::{Cell, Column, ColumnKind, Table};

/// A request carries one file of at most `scans::MAX_BYTES`, plus the multipart's own bytes.
const ONE_FILE_BODY: usize = scans::MAX_BYTES + 64 * 1024;
/// A batch's body at most: ten phone photos.
const BATCH_BODY: usize = 60 * 1024 * 1024;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/ocr/text", post(text).layer(DefaultBodyLimit::max(ONE_FILE_BODY)))
        .route("/api/v1/ocr/invoice", post(invoice).layer(DefaultBodyLimit::max(ONE_FILE_BODY)))
        .route("/api/v1/ocr/batch", post(batch).layer(DefaultBodyLimit::max(BATCH_BODY)))
        .route("/api/v1/ocr/batch/{id}/export", get(export))
        .route("/api/v1/ocr/{id}", get(one))
        .route("/api/v1/ocr/{id}/file", get(original))
}

/// The files of a multipart body (fields named `file`), refused past `max` of them.
async fn files(mut multipart: Multipart, max: usize) -> Result<Vec<(String, Vec<u8>)>, ApiError> {
    let mut out = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() != Some("file") {
            continue;
        }
        if out.len() == max {
            return Err(ApiError::Invalid(format!("at most {max} files in one request")));
        }
        let name = field.file_name().unwrap_or("file").chars().take(200).collect::<String>();
        let bytes = field.bytes().await.map_err(multipart_error)?;
        if bytes.len() > scans::MAX_BYTES {
            return Err(ApiError::TooLarge);
        }
        out.push((name, bytes.to_vec()));
    }
    if out.is_empty() {
        return Err(ApiError::Invalid("send the document as a multipart field named file".into()));
    }
    Ok(out)
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge
    } else {
        ApiError::Invalid(e.body_text())
    }
}

async fn read(state: &HttpState, actor: &Actor, bytes: &[u8]) -> Result<scans::Reading, Error> {
    scans::may_scan(actor)?;
    let today = scans::today(&state.app.db, actor).await?;
    scans::read(Some(&state.app.ocr), bytes, today).await
}

/// `POST /api/v1/ocr/text`: the text recognised in a document; nothing is kept.
#[utoipa::path(post, path = "/api/v1/ocr/text", tag = "scans", operation_id = "ocr_text",
    request_body(content = String, description = "multipart/form-data with one field named file: a photo (JPEG, PNG, TIFF, WebP) or a PDF, at most 20 MB", content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "{file, text, confidence, source: ocr or pdf_text, fiscal, elapsed_ms}"),
        (status = 400, description = "no field named file, or a malformed multipart body"),
        (status = 401, description = "no or unknown API key"),
        (status = 413, description = "file larger than 20 MB"),
        (status = 422, description = "refused by the core (rights, unreadable or unsupported file...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn text(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Multipart,
) -> Result<Response, ApiError> {
    let (name, bytes) = files(body, 1).await?.remove(0);
    let reading = read(&state, &actor, &bytes).await?;
    let source = if reading.text_layer { "pdf_text" } else { "ocr" };
    Ok(Json(json!({
        "file": name,
        "text": reading.text,
        "confidence": reading.confidence,
        "source": source,
        "fiscal": reading.fiscal,
        "elapsed_ms": reading.elapsed_ms,
    }))
    .into_response())
}

/// `POST /api/v1/ocr/invoice`: reads an invoice or receipt and keeps it as a scan with its draft.
#[utoipa::path(post, path = "/api/v1/ocr/invoice", tag = "scans", operation_id = "ocr_invoice",
    request_body(content = String, description = "multipart/form-data with one field named file: a photo (JPEG, PNG, TIFF, WebP) or a PDF, at most 20 MB", content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "the draft, with the scan's id, product matches and supplier_id"),
        (status = 400, description = "no field named file, or a malformed multipart body"),
        (status = 401, description = "no or unknown API key"),
        (status = 413, description = "file larger than 20 MB"),
        (status = 422, description = "refused by the core (rights, unreadable or unsupported file...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn invoice(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Multipart,
) -> Result<Response, ApiError> {
    let (file_name, bytes) = files(body, 1).await?.remove(0);
    let reading = read(&state, &actor, &bytes).await?;
    let upload = Upload { file_name, ..Upload::default() };
    let scan = scans::keep(&state.app.db, &actor, &upload, &bytes, &reading).await?;
    let mut body = scans::json_of(&reading);
    body["id"] = json!(scan.id);
    body["matches"] = json!(scan.document.matches);
    body["supplier_id"] = json!(scan.document.supplier_id);
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Reads the files side by side (the engines use every core), keeps each one read.
#[utoipa::path(post, path = "/api/v1/ocr/batch", tag = "scans", operation_id = "ocr_batch",
    request_body(content = String, description = "multipart/form-data with up to 10 fields named file, each at most 20 MB (60 MB in all)", content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "{batch_id, results}: one per file, in order; a file refused carries {file, error, message}"),
        (status = 400, description = "no field named file, more than 10 files, or a malformed multipart body"),
        (status = 401, description = "no or unknown API key"),
        (status = 413, description = "a file larger than 20 MB or the body larger than 60 MB"),
        (status = 422, description = "refused by the core (the member may not scan)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn batch(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Multipart,
) -> Result<Response, ApiError> {
    scans::may_scan(&actor)?;
    let files = files(body, scans::MAX_BATCH).await?;
    let key = format!("api:{}", uuid_like());
    let batch_id = scans::new_batch(&state.app.db, &actor, &key).await?;
    let readings = futures::future::join_all(files.iter().map(|(_, bytes)| read(&state, &actor, bytes))).await;
    let mut results = Vec::with_capacity(files.len());
    for ((file_name, bytes), reading) in files.iter().zip(readings) {
        let result = match reading {
            Ok(reading) => {
                let upload = Upload { file_name: file_name.clone(), batch_id: Some(batch_id), ..Upload::default() };
                let scan = scans::keep(&state.app.db, &actor, &upload, bytes, &reading).await?;
                let mut body = scans::json_of(&reading);
                body["id"] = json!(scan.id);
                body["file"] = json!(file_name);
                body
            }
            Err(Error::Refused(r)) => json!({"file": file_name, "error": r.message_key(), "message": r.to_string()}),
            Err(e) => return Err(e.into()),
        };
        results.push(result);
    }
    Ok((StatusCode::CREATED, Json(json!({"batch_id": batch_id, "results": results}))).into_response())
}

/// A key no other batch has: the time and a random tail.
fn uuid_like() -> String {
    format!("{}-{:016x}", chrono::Utc::now().timestamp_millis(), rand::random::<u64>())
}

/// `GET /api/v1/ocr/{id}`: a kept scan: draft, matches, status and raw text.
#[utoipa::path(get, path = "/api/v1/ocr/{id}", tag = "scans", operation_id = "get_scan",
    params(
        ("id" = i64, Path, description = "scan id")
    ),
    responses(
        (status = 200, description = "the scan"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such scan in this company"),
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
) -> Result<Response, ApiError> {
    let scan = scans::get(&state.app.db, &actor, id).await?;
    Ok(Json(scans::scan_json(&scan)).into_response())
}

/// The file as it was sent.
#[utoipa::path(get, path = "/api/v1/ocr/{id}/file", tag = "scans", operation_id = "get_scan_file",
    params(
        ("id" = i64, Path, description = "scan id")
    ),
    responses(
        (status = 200, description = "the file as it was sent", content(("image/jpeg"), ("image/png"), ("image/tiff"), ("image/webp"), ("application/pdf"))),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such scan in this company"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn original(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (format, bytes) = scans::file(&state.app.db, &actor, id).await?;
    Ok(([(header::CONTENT_TYPE, format.media_type())], bytes).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
}

/// A batch's results as JSON or as an XLSX with one row per line of goods.
#[utoipa::path(get, path = "/api/v1/ocr/batch/{id}/export", tag = "scans", operation_id = "export_scan_batch",
    params(
        ("id" = i64, Path, description = "batch id"),
        ("format" = Option<String>, Query, description = "json (default) or xlsx")
    ),
    responses(
        (status = 200, description = "{batch_id, results} as JSON, or an XLSX attachment with one row per line of goods", content(("application/json"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, description = "unknown format or unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such batch in this company"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn export(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let pages = scans::batch(&state.app.db, &actor, id).await?;
    if pages.is_empty() {
        return Err(ApiError::NotFound);
    }
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(Json(json!({"batch_id": id, "results": pages.iter().map(scans::scan_json).collect::<Vec<_>>()}))
            .into_response()),
        "xlsx" => {
            let bytes = crate::reports::xlsx::to_xlsx(&[table(id, &pages)]).map_err(ApiError::Internal)?;
            let disposition = format!("attachment; filename=\"ocr-batch-{id}.xlsx\"");
            Ok((
                [
                    (
                        header::CONTENT_TYPE,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response())
        }
        _ => Err(ApiError::Invalid("format must be json or xlsx".into())),
    }
}

fn table(id: i64, pages: &[scans::Scan]) -> Table {
    let text = |h: &str| Column { header: h.to_string(), kind: ColumnKind::Text };
    let money = |h: &str| Column { header: h.to_string(), kind: ColumnKind::Money };
    let columns = vec![
        text("file"),
        text("invoice_number"),
        text("date"),
        text("seller"),
        text("seller_tin"),
        text("buyer_tin"),
        text("item"),
        text("quantity"),
        text("unit"),
        money("unit_price"),
        money("amount"),
        money("total"),
        text("warnings"),
    ];
    let mut rows = Vec::new();
    for scan in pages {
        let d = &scan.document.draft;
        let value =
            |f: &Option<scans::Field<String>>| f.as_ref().map(|f| Cell::Text(f.value.clone())).unwrap_or(Cell::Empty);
        let warnings =
            d.warnings.iter().map(|w| serde_json::to_string(w).unwrap_or_default()).collect::<Vec<_>>().join("; ");
        let head = vec![
            Cell::Text(scan.file_name.clone()),
            value(&d.invoice_number),
            d.date.as_ref().map(|f| Cell::Text(f.value.to_string())).unwrap_or(Cell::Empty),
            value(&d.seller),
            value(&d.seller_tin),
            value(&d.buyer_tin),
        ];
        let total = d.total.as_ref().map(|t| Cell::Money(t.value.0)).unwrap_or(Cell::Empty);
        if d.items.is_empty() {
            let mut row = head.clone();
            row.extend([
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                total.clone(),
                Cell::Text(warnings.clone()),
            ]);
            rows.push(row);
        }
        for item in &d.items {
            let mut row = head.clone();
            row.extend([
                Cell::Text(item.name.value.clone()),
                Cell::Text(format!("{}", item.quantity.value.0 as f64 / 1000.0)),
                Cell::Text(item.unit.value.clone()),
                Cell::Money(item.unit_price.value.0),
                Cell::Money(item.amount.value.0),
                total.clone(),
                Cell::Text(warnings.clone()),
            ]);
            rows.push(row);
        }
    }
    Table { title: format!("OCR batch {id}"), subtitle: String::new(), columns, rows, totals: None }
}
