//! Timed work. A scheduler (apalis-cron) ticks every minute; each job decides whether it is
//! due and claims its run in the database first, so with several server instances on one
//! database exactly one of them does it.

pub mod billing;
pub mod debts;
pub mod digest;
pub mod housekeeping;
pub mod recommend;
pub mod regos;
pub mod reorder;
pub mod simcards;
pub mod tax;

use std::str::FromStr;

use apalis::prelude::*;
use apalis_cron::{CronStream, Schedule};

use crate::app::AppRef;
use crate::db::now;

pub use crate::db::job_runs::claim;

/// The companies whose Monday digest time has come at `now` and whose `job` this instance
/// claimed for the day: the weekly jobs' schedule (a server that was down catches up that Monday).
pub async fn due_on_monday(app: &AppRef, now: i64, job: &str) -> anyhow::Result<Vec<i64>> {
    let mut due = Vec::new();
    for (company_id, tz, digest_time) in crate::domain::company::schedules(&app.db).await? {
        let local = tz.local(now).ok_or_else(|| anyhow::anyhow!("bad time"))?;
        let at = digest::digest_at(&digest_time);
        if chrono::Datelike::weekday(&local) != chrono::Weekday::Mon || local.time() < at {
            continue;
        }
        if claim(&app.db, job, &format!("{company_id}:{}", local.date_naive())).await? {
            due.push(company_id);
        }
    }
    Ok(due)
}

#[derive(Debug, Default, Clone)]
struct Tick;

async fn on_tick(_tick: Tick, app: Data<AppRef>) {
    match digest::run(&app, now()).await {
        Ok(0) => {}
        Ok(sent) => tracing::info!(sent, "morning digests sent"),
        Err(e) => tracing::error!(error = %format!("{e:#}"), "morning digest failed"),
    }
    match debts::run(&app, now()).await {
        Ok(0) => {}
        Ok(sent) => tracing::info!(sent, "overdue debts digests sent"),
        Err(e) => tracing::error!(error = %format!("{e:#}"), "overdue debts digest failed"),
    }
    match recommend::run(&app, now()).await {
        Ok(0) => {}
        Ok(sent) => tracing::info!(sent, "weekly recommendations sent"),
        Err(e) => tracing::error!(error = %format!("{e:#}"), "weekly recommendations failed"),
    }
    match tax::run(&app, now()).await {
        Ok(0) => {}
        Ok(sent) => tracing::info!(sent, "tax deadline reminders sent"),
        Err(e) => tracing::error!(error = %format!("{e:#}"), "tax deadline reminders failed"),
    }
    if let Err(e) = simcards::run(&app, now()).await {
        tracing::error!(error = %format!("{e:#}"), "SIM card check failed");
    }
    if let Err(e) = billing::run(&app, now()).await {
        tracing::error!(error = %format!("{e:#}"), "daily charge failed");
    }
    match regos::run(&app, now()).await {
        Ok(0) => {}
        Ok(ran) => tracing::info!(ran, "REGOS daily syncs"),
        Err(e) => tracing::error!(error = %format!("{e:#}"), "REGOS daily sync failed"),
    }
    if let Err(e) = reorder::run(&app, now()).await {
        tracing::error!(error = %format!("{e:#}"), "reorder points failed");
    }
    match housekeeping::run(&app, now()).await {
        Ok(Some((update_ids, runs))) => tracing::info!(update_ids, runs, "housekeeping pruned"),
        Ok(None) => {}
        Err(e) => tracing::error!(error = %format!("{e:#}"), "housekeeping failed"),
    }
}

/// Starts the minute scheduler in the background.
pub fn spawn(app: AppRef) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let schedule = Schedule::from_str("0 * * * * *")?;
    let worker = WorkerBuilder::new("savdo-minute").data(app).backend(CronStream::new(schedule)).build_fn(on_tick);
    Ok(tokio::spawn(async move {
        if let Err(e) = Monitor::new().register(worker).run().await {
            tracing::error!(error = %e, "scheduler stopped");
        }
    }))
}
