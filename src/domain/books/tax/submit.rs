//! Sending the month's reports: each report is built from the books, given a version (a new
//! one when its figures changed since the last time it was sent) and an idempotency key per
//! (company, period, report, version), then sent with retries and backoff on 5xx and network
//! errors (never on a 4xx). Every attempt is a row of `tax_submissions`, moving from draft to
//! sent to accepted, rejected or failed.

use serde::Serialize;

use super::cabinet::{Answer, Cabinet, Failure, Retry};
use super::reports::{self, Filing, Report};
use super::Regime;
use crate::db::{now, Db};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::calendar::Month;
use crate::domain::payroll;
use crate::domain::roles::Action;
use crate::domain::{Error, Refusal, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Accepted,
    Rejected,
    /// No decision: the cabinet could not be reached or failed, after every retry.
    Failed,
    /// The report could not be built (such as payroll not confirmed for the month).
    NotBuilt,
}

/// What happened to one report.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub report: Report,
    pub status: Status,
    pub submission_id: Option<i64>,
    pub version: Option<i64>,
    pub receipt: Option<String>,
    /// The cabinet's message (its reason for a rejection), or why nothing was sent.
    pub message: Option<String>,
    pub attempts: u32,
    /// Why the report was not built, for the doors to say in the user's language.
    #[serde(skip)]
    pub refusal: Option<Refusal>,
    #[serde(skip)]
    pub filing: Option<Filing>,
}

/// The month in a few figures, whichever reports were chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Headline {
    /// Sales with VAT, returns subtracted.
    pub sales_total: i64,
    pub vat_payable: i64,
    pub profit: i64,
    /// VAT payable, profit or turnover tax, and the payroll's income and social tax.
    pub tax_due: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub period: String,
    pub all_success: bool,
    /// True when the reports went to the development stand-in, not to an authority.
    pub development_cabinet: bool,
    pub headline: Headline,
    pub reports: Vec<Outcome>,
}

/// The headline figures of `month`.
pub async fn headline(db: &Db, actor: &Actor, month: Month) -> Result<Headline> {
    actor.require(Action::FileTaxes)?;
    let company_id = actor.company_id;
    let regime = super::regime(db, company_id).await?;
    let sales = reports::sales(db, company_id, month).await?;
    let declaration = reports::declaration(db, company_id, regime, month).await?;
    let vat_payable = match regime {
        Regime::Vat => reports::vat(db, company_id, month).await?.payable,
        Regime::Turnover => 0,
    };
    let payroll_taxes = match payroll::confirmed(db, company_id, month).await? {
        Some(run) => run.totals.pit + run.totals.social,
        None => 0,
    };
    Ok(Headline {
        sales_total: sales.totals.gross,
        vat_payable,
        profit: declaration.profit,
        tax_due: vat_payable.max(0) + declaration.tax + payroll_taxes,
    })
}

/// Builds and sends one report; a refusal to build it is an outcome too, not an error.
pub async fn send_one(
    db: &Db,
    actor: &Actor,
    cabinet: &dyn Cabinet,
    retry: Retry,
    report: Report,
    month: Month,
) -> Result<Outcome> {
    actor.require(Action::FileTaxes)?;
    let filing = match reports::build(db, actor, report, month).await {
        Ok(filing) => filing,
        Err(Error::Refused(refusal)) if refusal != Refusal::NotAllowed && refusal != Refusal::Blocked => {
            return Ok(Outcome {
                report,
                status: Status::NotBuilt,
                submission_id: None,
                version: None,
                receipt: None,
                message: Some(refusal.to_string()),
                attempts: 0,
                refusal: Some(refusal),
                filing: None,
            });
        }
        Err(e) => return Err(e),
    };
    let payload = serde_json::to_value(&filing).map_err(anyhow::Error::from)?;
    let text = payload.to_string();
    let (version, mut attempt) = version_of(db, actor.company_id, month, report, &text).await?;
    let key = format!("savdo-{}-{month}-{}-v{version}", actor.company_id, report.code());
    let mut backoff = retry.first_backoff;
    let mut tries = 0;
    loop {
        attempt += 1;
        tries += 1;
        let id = record_attempt(db, actor, month, report, version, &key, attempt, &text).await?;
        set_status(db, id, "sent", None, None).await?;
        let result = cabinet.send(&filing.tin, &key, &payload).await;
        let (status, receipt, message) = match &result {
            Ok(Answer::Accepted { receipt, message }) => (Status::Accepted, Some(receipt.clone()), message.clone()),
            Ok(Answer::Rejected { message }) => (Status::Rejected, None, Some(message.clone())),
            Err(Failure::Transient(m) | Failure::Permanent(m)) => (Status::Failed, None, Some(m.clone())),
        };
        let stored = match status {
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            _ => "failed",
        };
        set_status(db, id, stored, receipt.as_deref(), message.as_deref()).await?;
        let retry_it = matches!(result, Err(Failure::Transient(_))) && tries < retry.attempts;
        if retry_it {
            tracing::warn!(
                report = report.code(),
                attempt,
                reason = message.as_deref().unwrap_or(""),
                "tax report not delivered; retrying"
            );
            tokio::time::sleep(backoff).await;
            backoff *= 2;
            continue;
        }
        if status != Status::Failed {
            log_decision(db, actor, id, report, month, version, stored).await?;
        }
        return Ok(Outcome {
            report,
            status,
            submission_id: Some(id),
            version: Some(version),
            receipt,
            message,
            attempts: tries,
            refusal: None,
            filing: Some(filing),
        });
    }
}

/// Sends `reports` one after another and sums up.
pub async fn send_all(
    db: &Db,
    actor: &Actor,
    cabinet: &dyn Cabinet,
    retry: Retry,
    month: Month,
    reports: &[Report],
) -> Result<Summary> {
    let mut outcomes = Vec::new();
    for report in reports {
        outcomes.push(send_one(db, actor, cabinet, retry, *report, month).await?);
    }
    summary(db, actor, cabinet, month, outcomes).await
}

pub async fn summary(
    db: &Db,
    actor: &Actor,
    cabinet: &dyn Cabinet,
    month: Month,
    reports: Vec<Outcome>,
) -> Result<Summary> {
    Ok(Summary {
        period: month.code(),
        all_success: !reports.is_empty() && reports.iter().all(|o| o.status == Status::Accepted),
        development_cabinet: cabinet.is_stand_in(),
        headline: headline(db, actor, month).await?,
        reports,
    })
}

/// The version a payload is sent as: the last one's when the figures are the same (a retry or
/// a resend of what was sent), a new one when they changed; and the attempts made so far.
async fn version_of(db: &Db, company_id: i64, month: Month, report: Report, payload: &str) -> Result<(i64, i64)> {
    let last: Option<(i64, String)> = sqlx::query_as(
        "SELECT version, payload FROM tax_submissions WHERE company_id = $1 AND period = $2 AND report = $3
         ORDER BY id DESC LIMIT 1",
    )
    .bind(company_id)
    .bind(month.code())
    .bind(report.code())
    .fetch_optional(&db.pool)
    .await?;
    let version = match last {
        Some((version, sent)) if sent == payload => version,
        Some((version, _)) => version + 1,
        None => 1,
    };
    let attempts: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tax_submissions WHERE company_id = $1 AND period = $2 AND report = $3 AND version = $4",
    )
    .bind(company_id)
    .bind(month.code())
    .bind(report.code())
    .bind(version)
    .fetch_one(&db.pool)
    .await?;
    Ok((version, attempts))
}

#[allow(clippy::too_many_arguments)]
async fn record_attempt(
    db: &Db,
    actor: &Actor,
    month: Month,
    report: Report,
    version: i64,
    key: &str,
    attempt: i64,
    payload: &str,
) -> Result<i64> {
    let at = now();
    Ok(sqlx::query_scalar(
        "INSERT INTO tax_submissions (company_id, period, report, version, idempotency_key, attempt, status, payload, user_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9, $9) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(month.code())
    .bind(report.code())
    .bind(version)
    .bind(key)
    .bind(attempt)
    .bind(payload)
    .bind(actor.user_id)
    .bind(at)
    .fetch_one(&db.pool)
    .await?)
}

async fn set_status(db: &Db, id: i64, status: &str, receipt: Option<&str>, message: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE tax_submissions SET status = $1, receipt = $2, message = $3, updated_at = $4 WHERE id = $5")
        .bind(status)
        .bind(receipt)
        .bind(message)
        .bind(now())
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

async fn log_decision(
    db: &Db,
    actor: &Actor,
    id: i64,
    report: Report,
    month: Month,
    version: i64,
    status: &str,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let fields = audit::created(&[
        ("report", serde_json::json!(report.code())),
        ("period", serde_json::json!(month.code())),
        ("version", serde_json::json!(version)),
        ("status", serde_json::json!(status)),
    ]);
    audit::record(&mut tx, actor, Change::TaxReportSent, Entity::TaxSubmission, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// One attempt, as listed for people and over HTTP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Submission {
    pub id: i64,
    pub period: String,
    pub report: String,
    pub version: i64,
    pub attempt: i64,
    pub status: String,
    pub receipt: Option<String>,
    pub message: Option<String>,
    pub idempotency_key: String,
    pub created_at: i64,
}

/// The attempts for a month (every month when `None`), newest first.
pub async fn submissions(db: &Db, actor: &Actor, month: Option<Month>) -> Result<Vec<Submission>> {
    actor.require(Action::FileTaxes)?;
    Ok(sqlx::query_as(
        "SELECT id, period, report, version, attempt, status, receipt, message, idempotency_key, created_at
         FROM tax_submissions WHERE company_id = $1 AND ($2 = '' OR period = $2) ORDER BY id DESC LIMIT 500",
    )
    .bind(actor.company_id)
    .bind(month.map(|m| m.code()).unwrap_or_default())
    .fetch_all(&db.pool)
    .await?)
}

/// Claims one sending (a button pressed, named by `token`) for the company: false when it
/// was claimed already, so a double tap sends once even across server instances.
pub async fn claim_sending(db: &Db, actor: &Actor, token: &str) -> Result<bool> {
    actor.require(Action::FileTaxes)?;
    Ok(crate::db::job_runs::claim(db, "tax-send", &format!("{}:{token}", actor.company_id)).await?)
}

/// The latest attempt at a report for a month: its id and status.
pub async fn last_attempt(db: &Db, actor: &Actor, month: Month, report: Report) -> Result<Option<(i64, String)>> {
    actor.require(Action::FileTaxes)?;
    Ok(sqlx::query_as(
        "SELECT id, status FROM tax_submissions WHERE company_id = $1 AND period = $2 AND report = $3
         ORDER BY id DESC LIMIT 1",
    )
    .bind(actor.company_id)
    .bind(month.code())
    .bind(report.code())
    .fetch_optional(&db.pool)
    .await?)
}
