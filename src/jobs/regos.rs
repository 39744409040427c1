//! The daily REGOS sync ("har kuni 23:59"): at 23:59 in the company's time zone, each company
//! connected to REGOS brings in the receipts of that day and the day before (late edits too).
//! A server that was down at 23:59 catches up before 03:00. Claimed once per company and day,
//! so several instances run it once.

use chrono::{Days, NaiveTime};

use crate::app::AppRef;
use crate::domain::company;
use crate::domain::regos::{self, Client};

/// The local time the daily sync starts.
pub fn due_at() -> NaiveTime {
    NaiveTime::from_hms_opt(23, 59, 0).expect("23:59")
}

const CATCH_UP_HOURS: i64 = 3;

/// Runs every daily sync due at `now`; returns how many ran.
pub async fn run(app: &AppRef, now: i64) -> anyhow::Result<usize> {
    let connected = regos::connected(&app.db).await?;
    if connected.is_empty() {
        return Ok(0);
    }
    let mut ran = 0;
    for (company_id, tz, _) in company::schedules(&app.db).await? {
        if !connected.contains(&company_id) {
            continue;
        }
        let local = tz.local(now).ok_or_else(|| anyhow::anyhow!("bad time"))?;
        // The day being closed: today from 23:59, yesterday in the small hours' catch-up.
        let day = if local.time() >= due_at() {
            local.date_naive()
        } else if (local.time() - NaiveTime::MIN).num_minutes() < CATCH_UP_HOURS * 60 {
            local.date_naive() - Days::new(1)
        } else {
            continue;
        };
        if !super::claim(&app.db, "regos_daily", &format!("{company_id}:{day}")).await? {
            continue;
        }
        let Some((connection, _)) = regos::connection(&app.db, company_id).await? else { continue };
        let client = Client::new(connection)?;
        let from = tz.start_of(day - Days::new(1));
        let report = regos::sync(&app.db, &regos::actor(company_id), &client, "daily", from, now, None).await?;
        tracing::info!(company_id, new = report.progress.new, status = %report.status, "REGOS daily sync");
        crate::notify::deliver(app, &report.events).await;
        ran += 1;
    }
    Ok(ran)
}
