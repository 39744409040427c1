//! `GET /api/v1/exports/{kind}?format=xlsx|csv|pdf&from=&to=&branch_id=&customer_id=&supplier_id=&lang=`:
//! a report as a file (kinds as `savdo export`). CSV is streamed as it is written; XLSX and
//! PDF are written to a temporary file first (a workbook is finished only at its end), then
//! streamed from it, so neither is ever held in memory whole.

use std::io::{Read, Write};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::api::{ApiActor, ApiError};
use super::HttpState;
use crate::domain::exports::{self, Kind, Spec};
use crate::reports::exports::{self as files, FileFormat};

pub fn router() -> Router<HttpState> {
    Router::new().route("/api/v1/exports/{kind}", get(export))
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
    lang: Option<String>,
    // Not `#[serde(flatten)]`: flattened query fields arrive as strings and numbers fail.
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    branch_id: Option<i64>,
    cashier_id: Option<i64>,
    customer_id: Option<i64>,
    supplier_id: Option<i64>,
}

/// Body chunks of this size, at most a few in flight.
const CHUNK: usize = 64 * 1024;

/// `GET /api/v1/exports/{kind}`: a report as a file (XLSX, CSV or PDF), streamed.
#[utoipa::path(get, path = "/api/v1/exports/{kind}", tag = "exports", operation_id = "export",
    params(
        ("kind" = String, Path, description = "sales, sales-by-day, sales-by-branch, sales-by-cashier, sales-by-product, sales-by-customer, purchases, purchases-by-supplier, purchases-by-product, inventory, debts, customer-statement or supplier-statement"),
        ("format" = Option<String>, Query, description = "xlsx (default), csv or pdf"),
        ("lang" = Option<String>, Query, description = "language of the file: uz (default), ru or en"),
        ("from" = Option<String>, Query, description = "first day, YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "last day, YYYY-MM-DD"),
        ("branch_id" = Option<i64>, Query, description = "only this branch"),
        ("cashier_id" = Option<i64>, Query, description = "only this cashier"),
        ("customer_id" = Option<i64>, Query, description = "this customer (customer-statement)"),
        ("supplier_id" = Option<i64>, Query, description = "this supplier (supplier-statement)")
    ),
    responses(
        (status = 200, description = "the file as an attachment", content(("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("text/csv"), ("application/pdf"))),
        (status = 400, description = "unknown kind or format, or unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such branch, cashier, customer or supplier in this company"),
        (status = 422, description = "refused by the core (rights, a needed filter missing...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn export(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    Path(kind): Path<String>,
    query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let spec = Spec {
        from: q.from,
        to: q.to,
        branch_id: q.branch_id,
        cashier_id: q.cashier_id,
        customer_id: q.customer_id,
        supplier_id: q.supplier_id,
    };
    let kind = Kind::parse(&kind).ok_or_else(|| {
        let all: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
        ApiError::Invalid(format!("kind must be one of {}", all.join(", ")))
    })?;
    let format = FileFormat::parse(q.format.as_deref().unwrap_or("xlsx"))
        .ok_or_else(|| ApiError::Invalid("format must be xlsx, csv or pdf".into()))?;
    let lang = q.lang.as_deref().and_then(crate::i18n::Lang::parse).unwrap_or_default();
    let heading = files::heading(&state.app.db, &actor, kind, &spec, lang).await?;
    let name = format!("{}.{}", kind.code(), format.extension());
    let (chunks, body) = mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    if format == FileFormat::Csv {
        // Rows go out as they are written; a refusal is found before the first page, so it
        // still gets its status (the body has not started).
        let (pages, mut rx) = mpsc::channel(2);
        exports::read_check(&state.app.db, &actor, kind, &spec).await?;
        let writer = tokio::task::spawn_blocking(move || {
            let out = ChunkWriter { buf: Vec::with_capacity(CHUNK), chunks };
            files::write_csv(&heading, &mut rx, out, |_| {})
        });
        let (db, spec) = (state.app.db.clone(), spec.clone());
        tokio::spawn(async move {
            if let Err(e) = exports::read(&db, &actor, kind, &spec, pages).await {
                tracing::warn!(error = %e, "an export stopped part way");
            }
            let _ = writer.await;
        });
    } else {
        let file = tempfile::tempfile().map_err(|e| ApiError::Internal(e.into()))?;
        let copy = file.try_clone().map_err(|e| ApiError::Internal(e.into()))?;
        files::to_file(&state.app.db, &actor, &spec, heading, format, copy, |_| {}).await?;
        tokio::task::spawn_blocking(move || send_file(file, chunks));
    }
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok((
        [(header::CONTENT_TYPE, format.content_type().to_string()), (header::CONTENT_DISPOSITION, disposition)],
        Body::from_stream(ReceiverStream::new(body)),
    )
        .into_response())
}

/// A written file, from its start, as body chunks.
fn send_file(mut file: std::fs::File, chunks: mpsc::Sender<Result<Bytes, std::io::Error>>) {
    use std::io::Seek;
    if let Err(e) = file.rewind() {
        let _ = chunks.blocking_send(Err(e));
        return;
    }
    let mut buf = vec![0u8; CHUNK];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                if chunks.blocking_send(Ok(Bytes::copy_from_slice(&buf[..n]))).is_err() {
                    return;
                }
            }
            Err(e) => {
                let _ = chunks.blocking_send(Err(e));
                return;
            }
        }
    }
}

/// Bytes written become body chunks of [`CHUNK`] bytes; a client that went away fails the write.
struct ChunkWriter {
    buf: Vec<u8>,
    chunks: mpsc::Sender<Result<Bytes, std::io::Error>>,
}

impl ChunkWriter {
    fn send(&mut self) -> std::io::Result<()> {
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.chunks.blocking_send(Ok(chunk)).map_err(|_| std::io::Error::other("the client went away"))
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.send()?;
        }
        Ok(())
    }
}
