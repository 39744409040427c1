//! Daily housekeeping: the tables that only guard against doing something twice are pruned.
//! Telegram redelivers an update for at most 24 hours, so update ids are kept for two days;
//! a job run only needs to outlive its own day (and the digest's catch-up hours), so runs are
//! kept for a week. The live events' log keeps a week too (a client away longer starts afresh).
//! One instance does it per UTC day.

use crate::app::AppRef;
use crate::db::{job_runs, updates};

const UPDATE_IDS_KEPT_SECS: i64 = 2 * 24 * 3600;
const JOB_RUNS_KEPT_SECS: i64 = 7 * 24 * 3600;
const EVENTS_KEPT_SECS: i64 = 7 * 24 * 3600;

/// Prunes once per UTC day; returns (update ids, job runs) removed, or `None` when another
/// instance (or an earlier tick) already did today's.
pub async fn run(app: &AppRef, now: i64) -> anyhow::Result<Option<(u64, u64)>> {
    let day = now.div_euclid(24 * 3600);
    if !job_runs::claim(&app.db, "housekeeping", &day.to_string()).await? {
        return Ok(None);
    }
    let update_ids = updates::prune(&app.db, now - UPDATE_IDS_KEPT_SECS).await?;
    let runs = job_runs::prune(&app.db, now - JOB_RUNS_KEPT_SECS).await?;
    let events = crate::domain::events::prune(&app.db, now - EVENTS_KEPT_SECS).await?;
    tracing::debug!(events, "live events pruned");
    Ok(Some((update_ids, runs)))
}
