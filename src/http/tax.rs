//! Tax reports over HTTP, in the seed ERP's shape:
//!
//! - `POST /api/v1/tax/send-all-reports`: `{"period": "YYYY-MM", "include_sales", "include_vat",
//!   "include_payroll", "include_declaration"}` (each `true` unless given; the previous month
//!   when no period) → `{"period", "all_success", "development_cabinet", "headline",
//!   "reports": [{"report", "status", "submission_id", "version", "receipt", "message", "attempts"}]}`;
//! - `GET /api/v1/tax/submissions?period=YYYY-MM`: every attempt, newest first.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::api::{ApiActor, ApiError};
use super::HttpState;
use crate::domain::calendar::Month;
use crate::domain::tax::reports::Report;
use crate::domain::tax::submit;
use crate::domain::Refusal;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/tax/send-all-reports", post(send_all))
        .route("/api/v1/tax/submissions", get(submissions))
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendAll {
    period: Option<String>,
    #[serde(default = "yes")]
    include_sales: bool,
    #[serde(default = "yes")]
    include_vat: bool,
    #[serde(default = "yes")]
    include_payroll: bool,
    #[serde(default = "yes")]
    include_declaration: bool,
}

fn month_of(text: Option<&str>, today: chrono::NaiveDate) -> Result<Month, ApiError> {
    Month::named_or_previous(text, today).ok_or_else(|| ApiError::Invalid("period must be YYYY-MM".into()))
}

/// `POST /api/v1/tax/send-all-reports`: files the month's tax reports to the tax cabinet.
#[utoipa::path(post, path = "/api/v1/tax/send-all-reports", tag = "tax", operation_id = "tax_send_all_reports",
    request_body(content = String, description = "JSON: {period?: YYYY-MM (the previous month when absent), include_sales?, include_vat?, include_payroll?, include_declaration? (each true unless given)}; unknown fields are refused", content_type = "application/json"),
    responses(
        (status = 200, description = "{period, all_success, development_cabinet, headline, reports: [{report, status, submission_id, version, receipt, message, attempts}]}"),
        (status = 400, description = "malformed body, bad period, or no report chosen"),
        (status = 401, description = "no or unknown API key"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "no tax cabinet configured, or refused by the core (rights)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn send_all(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<SendAll>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from_json)?;
    let db = &state.app.db;
    let today = actor.calendar(db).await?.today();
    let month = month_of(body.period.as_deref(), today)?;
    let regime = crate::domain::tax::regime(db, actor.company_id).await?;
    let wanted = [
        (Report::Sales, body.include_sales),
        (Report::Vat, body.include_vat),
        (Report::Payroll, body.include_payroll),
        (Report::Declaration, body.include_declaration),
    ];
    let reports: Vec<Report> =
        Report::filed_under(regime).into_iter().filter(|r| wanted.iter().any(|(w, on)| w == r && *on)).collect();
    if reports.is_empty() {
        return Err(ApiError::Invalid("choose at least one report".into()));
    }
    actor.require(crate::domain::roles::Action::FileTaxes)?;
    let configured = state.app.tax_cabinet.clone().ok_or(ApiError::Refused(Refusal::NoTaxCabinet))?;
    let summary = submit::send_all(db, &actor, configured.cabinet.as_ref(), configured.retry, month, &reports).await?;
    Ok(Json(summary).into_response())
}

#[derive(Debug, Deserialize)]
pub struct SubmissionsQuery {
    period: Option<String>,
}

/// `GET /api/v1/tax/submissions?period=YYYY-MM`: every filing attempt, newest first.
#[utoipa::path(get, path = "/api/v1/tax/submissions", tag = "tax", operation_id = "tax_submissions",
    params(
        ("period" = Option<String>, Query, description = "only this month, YYYY-MM")
    ),
    responses(
        (status = 200, description = "{submissions: [...]}"),
        (status = 400, description = "bad period or unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn submissions(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    query: Result<Query<SubmissionsQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let month = match q.period.as_deref() {
        None | Some("") => None,
        Some(text) => Some(Month::parse(text).ok_or_else(|| ApiError::Invalid("period must be YYYY-MM".into()))?),
    };
    let found = submit::submissions(&state.app.db, &actor, month).await?;
    Ok(Json(json!({ "submissions": found })).into_response())
}
