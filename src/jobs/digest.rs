//! The morning digest: at a local time each company sets (default 09:00), the stock keepers of
//! each branch get the list of what is below its minimum there (admins of a company without
//! warehouse staff or managers get every branch's). Nothing is sent when nothing is short.
//! A server that was down at the hour catches up within three hours, not later.

use std::collections::BTreeMap;

use chrono::NaiveTime;
use teloxide::types::ChatId;

use crate::app::AppRef;
use crate::domain::company;
use crate::domain::stock::{self, Shortage};
use crate::i18n::t;
use crate::notify::{self, language_of_telegram_user};
use crate::tr;

const CATCH_UP_HOURS: i64 = 3;

/// A company's digest time, 09:00 when it cannot be read.
pub(super) fn digest_at(text: &str) -> NaiveTime {
    NaiveTime::parse_from_str(text, "%H:%M").unwrap_or(NaiveTime::from_hms_opt(9, 0, 0).expect("9:00"))
}

/// Sends every digest due at `now` (Unix seconds); returns how many messages went out.
pub async fn run(app: &AppRef, now: i64) -> anyhow::Result<usize> {
    let mut sent = 0;
    for (company_id, tz, digest_time) in company::schedules(&app.db).await? {
        let local = tz.local(now).ok_or_else(|| anyhow::anyhow!("bad time"))?;
        let at = digest_at(&digest_time);
        let since = (local.time() - at).num_minutes();
        if !(0..CATCH_UP_HOURS * 60).contains(&since) {
            continue;
        }
        if !super::claim(&app.db, "digest", &format!("{company_id}:{}", local.date_naive())).await? {
            continue;
        }
        sent += send(app, company_id, now).await?;
    }
    Ok(sent)
}

async fn send(app: &AppRef, company_id: i64, now: i64) -> anyhow::Result<usize> {
    let shortages = stock::shortages(&app.db, company_id).await?;
    let mut by_branch: BTreeMap<(i64, String), Vec<Shortage>> = BTreeMap::new();
    for s in shortages {
        by_branch.entry((s.branch_id, s.branch_name.clone())).or_default().push(s);
    }
    // Each recipient gets the branches they look after, in one message.
    let mut recipients: BTreeMap<i64, Vec<(String, Vec<Shortage>)>> = BTreeMap::new();
    for ((branch_id, branch_name), items) in by_branch {
        for keeper in notify::stock_keepers(app, company_id, branch_id).await {
            recipients.entry(keeper.telegram_id).or_default().push((branch_name.clone(), items.clone()));
        }
    }
    let mut sent = 0;
    let tz = crate::domain::calendar::of_company(&app.db, company_id).await?;
    for (telegram_id, sections) in recipients {
        if !crate::domain::settings::hears(&app.db, telegram_id, tz, crate::domain::settings::Notice::Digest, now).await
        {
            continue;
        }
        let lang = language_of_telegram_user(app, telegram_id).await;
        let mut lines = vec![t(lang, "digest-title")];
        for (branch, items) in sections {
            lines.push(String::new());
            lines.push(format!("🏬 {branch}:"));
            for s in items {
                let unit = t(lang, &format!("unit-{}", s.unit));
                lines.push(tr!(
                    lang,
                    "digest-line",
                    product = s.product_name,
                    qty = format!("{} {unit}", s.qty.format(lang)),
                    min = format!("{} {unit}", s.threshold.format(lang))
                ));
            }
        }
        match app.outbox.send_text(ChatId(telegram_id), lines.join("\n"), None).await {
            Ok(_) => sent += 1,
            Err(e) => tracing::warn!(error = %e, "digest not delivered"),
        }
    }
    Ok(sent)
}
