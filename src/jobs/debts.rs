//! The weekly digest of overdue debts: on Monday from the company's digest time (09:00 by
//! default), its admins and managers get who owes for sales over 30 days old, most first.
//! Nothing is sent when nothing is overdue; a server that was down catches up that Monday.

use teloxide::types::ChatId;

use crate::app::AppRef;
use crate::domain::actor::{Actor, Via};
use crate::domain::company;
use crate::domain::customers::{self, Debt};
use crate::domain::money::Money;
use crate::domain::roles::Role;
use crate::i18n::{t, Lang};
use crate::notify::language_of_telegram_user;
use crate::tr;

/// How many debtors the message names.
const LISTED: usize = 15;

/// Sends every company's digest due at `now`; returns how many messages went out.
pub async fn run(app: &AppRef, now: i64) -> anyhow::Result<usize> {
    let mut sent = 0;
    for company_id in super::due_on_monday(app, now, "debts").await? {
        let actor = Actor::system(company_id, Via::Job("debts"));
        let today = actor.calendar(&app.db).await?.day_of(now);
        let overdue: Vec<Debt> =
            customers::debts(&app.db, &actor, today).await?.into_iter().filter(|d| d.overdue().0 > 0).collect();
        if overdue.is_empty() {
            continue;
        }
        let readers = company::members_to_notify(&app.db, company_id, &[Role::Admin, Role::Manager], None).await?;
        for member in readers {
            if !crate::domain::settings::hears(
                &app.db,
                member.telegram_id,
                member.time_zone,
                crate::domain::settings::Notice::Debts,
                now,
            )
            .await
            {
                continue;
            }
            let lang = language_of_telegram_user(app, member.telegram_id).await;
            if let Err(e) = app.outbox.send_text(ChatId(member.telegram_id), text(lang, &overdue), None).await {
                tracing::warn!(error = %e, "overdue debts digest not sent");
                continue;
            }
            sent += 1;
        }
    }
    Ok(sent)
}

fn text(lang: Lang, overdue: &[Debt]) -> String {
    let total = Money(overdue.iter().map(|d| d.overdue().0).sum());
    let mut lines = vec![tr!(lang, "debts-weekly", count = overdue.len(), total = total.format(lang))];
    let mut sorted: Vec<&Debt> = overdue.iter().collect();
    sorted.sort_by_key(|d| std::cmp::Reverse(d.overdue().0));
    for d in sorted.iter().take(LISTED) {
        let since = d.since.map(|s| s.to_string()).unwrap_or_default();
        lines.push(tr!(
            lang,
            "debts-weekly-line",
            name = d.customer.name.clone(),
            overdue = d.overdue().format(lang),
            owes = d.customer.balance.format(lang),
            since = since
        ));
    }
    if overdue.len() > LISTED {
        lines.push(tr!(lang, "debts-more", count = overdue.len() - LISTED));
    }
    lines.push(t(lang, "debts-weekly-hint"));
    lines.join("\n")
}
