//! The daily charge: once a day per company (its local day), from the company's digest time,
//! the tariff is taken from its balance; admins hear when less than a week is left, and a
//! company unpaid past the grace period becomes read-only (see `domain::platform`). Claimed
//! once per company and day, so several instances charge once.

use crate::app::AppRef;
use crate::domain::platform;

/// Charges every company due at `now`; returns how many were charged.
pub async fn run(app: &AppRef, now: i64) -> anyhow::Result<usize> {
    let mut charged = 0;
    for (company_id, tz, digest_time) in crate::domain::company::schedules(&app.db).await? {
        let local = tz.local(now).ok_or_else(|| anyhow::anyhow!("bad time"))?;
        if local.time() < super::digest::digest_at(&digest_time) {
            continue;
        }
        let day = local.date_naive();
        if !super::claim(&app.db, "billing", &format!("{company_id}:{day}")).await? {
            continue;
        }
        let events = platform::charge_day(&app.db, company_id, day).await?;
        crate::notify::deliver(app, &events).await;
        charged += 1;
    }
    Ok(charged)
}
