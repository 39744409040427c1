//! The nightly reorder job: after 02:00 in each company's time zone, its reorder points are
//! recomputed from the sales up to yesterday (one instance does it per company and day). A
//! server that was down at 02:00 does it at its next tick that day.

use chrono::NaiveTime;

use crate::app::AppRef;
use crate::domain::actor::{Actor, Via};
use crate::domain::company;
use crate::domain::forecast::reorder;

/// Local time from which the day's recompute is due.
const AT: (u32, u32) = (2, 0);

/// Recomputes every company whose night has come; returns how many reorder points were written.
pub async fn run(app: &AppRef, now: i64) -> anyhow::Result<usize> {
    let mut points = 0;
    let at = NaiveTime::from_hms_opt(AT.0, AT.1, 0).expect("a valid time");
    for (company_id, tz, _) in company::schedules(&app.db).await? {
        let local = tz.local(now).ok_or_else(|| anyhow::anyhow!("bad time"))?;
        if local.time() < at {
            continue;
        }
        if !super::claim(&app.db, "reorder", &format!("{company_id}:{}", local.date_naive())).await? {
            continue;
        }
        let done = reorder::recompute(&app.db, &Actor::system(company_id, Via::Job("reorder")), now).await?;
        tracing::info!(company_id, points = done.points, seconds = done.seconds, "reorder points recomputed");
        points += done.points;
    }
    Ok(points)
}
