//! The automatic SIM-card status check: every 30 minutes, for each company that turned it on,
//! the operator is asked about its cards; changes are logged and newly active cards reported.
//! Claimed once per company and half hour, so several instances check once.

use crate::app::AppRef;
use crate::domain::actor::{Actor, Via};
use crate::domain::simcards;

/// Checks every company due at `now`; returns how many were checked.
pub async fn run(app: &AppRef, now: i64) -> anyhow::Result<usize> {
    let Some(operator) = app.sim_operator.clone() else { return Ok(0) };
    let slot = now.div_euclid(30 * 60);
    let mut checked = 0;
    for company_id in simcards::auto_checked(&app.db).await? {
        if !super::claim(&app.db, "simcheck", &format!("{company_id}:{slot}")).await? {
            continue;
        }
        let actor = Actor::system(company_id, Via::Job("simcheck"));
        let report = simcards::check(&app.db, &actor, operator.as_ref(), None).await?;
        crate::notify::deliver(app, &report.events).await;
        checked += 1;
    }
    Ok(checked)
}
