//! Tax deadline reminders: three days before each deadline, from the company's digest time
//! (09:00 by default, in its time zone), admins and accountants are told what is due and for
//! which month. Payroll taxes (income and social tax, and the turnover tax for its payers) are
//! due by the 15th, VAT by the 20th (VAT payers only). Each reminder is claimed once per
//! company and deadline, so several server instances send it once.

use chrono::{Days, NaiveDate};
use teloxide::types::ChatId;

use crate::app::AppRef;
use crate::domain::calendar::Month;
use crate::domain::company;
use crate::domain::roles::Role;
use crate::domain::tax::{self, Regime};
use crate::i18n::{t, Lang};
use crate::notify::language_of_telegram_user;
use crate::tr;

/// How many days before a deadline the reminder goes.
pub const DAYS_BEFORE: u64 = 3;
const CATCH_UP_HOURS: i64 = 3;

/// A deadline: its day of the month and what is due then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deadline {
    /// Income and social tax withheld from last month's salaries (and the turnover tax).
    Payroll,
    Vat,
}

impl Deadline {
    pub fn day(self) -> u32 {
        match self {
            Deadline::Payroll => 15,
            Deadline::Vat => 20,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Deadline::Payroll => "payroll",
            Deadline::Vat => "vat",
        }
    }
}

/// The deadline a reminder sent on `today` is for, if any.
pub fn due_soon(today: NaiveDate, regime: Regime) -> Vec<(Deadline, NaiveDate)> {
    [Deadline::Payroll, Deadline::Vat]
        .into_iter()
        .filter(|d| *d != Deadline::Vat || regime == Regime::Vat)
        .filter_map(|d| {
            let deadline = Month::of(today).day(d.day());
            (deadline - Days::new(DAYS_BEFORE) == today).then_some((d, deadline))
        })
        .collect()
}

/// Sends every reminder due at `now` (Unix seconds); returns how many messages went out.
pub async fn run(app: &AppRef, now: i64) -> anyhow::Result<usize> {
    let mut sent = 0;
    for (company_id, tz, digest_time) in company::schedules(&app.db).await? {
        let local = tz.local(now).ok_or_else(|| anyhow::anyhow!("bad time"))?;
        let since = (local.time() - super::digest::digest_at(&digest_time)).num_minutes();
        if !(0..CATCH_UP_HOURS * 60).contains(&since) {
            continue;
        }
        let today = local.date_naive();
        let regime = tax::regime(&app.db, company_id).await?;
        for (deadline, day) in due_soon(today, regime) {
            if !super::claim(&app.db, "tax-reminder", &format!("{company_id}:{day}:{}", deadline.code())).await? {
                continue;
            }
            let readers =
                company::members_to_notify(&app.db, company_id, &[Role::Admin, Role::Accountant], None).await?;
            for member in readers {
                if !crate::domain::settings::hears(
                    &app.db,
                    member.telegram_id,
                    tz,
                    crate::domain::settings::Notice::Tax,
                    now,
                )
                .await
                {
                    continue;
                }
                let lang = language_of_telegram_user(app, member.telegram_id).await;
                let message = text(lang, deadline, day, Month::previous(today), regime);
                match app.outbox.send_text(ChatId(member.telegram_id), message, None).await {
                    Ok(_) => sent += 1,
                    Err(e) => tracing::warn!(error = %e, "tax reminder not delivered"),
                }
            }
        }
    }
    Ok(sent)
}

fn text(lang: Lang, deadline: Deadline, day: NaiveDate, month: Month, regime: Regime) -> String {
    let what = match (deadline, regime) {
        (Deadline::Vat, _) => t(lang, "tax-due-vat"),
        (Deadline::Payroll, Regime::Vat) => t(lang, "tax-due-payroll"),
        (Deadline::Payroll, Regime::Turnover) => t(lang, "tax-due-payroll-turnover"),
    };
    tr!(lang, "tax-reminder", date = day.format("%d.%m.%Y").to_string(), what = what, period = month.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_days_before_each_deadline() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(due_soon(d("2026-12-12"), Regime::Vat), vec![(Deadline::Payroll, d("2026-12-15"))]);
        assert_eq!(due_soon(d("2026-12-17"), Regime::Vat), vec![(Deadline::Vat, d("2026-12-20"))]);
        assert_eq!(due_soon(d("2026-12-17"), Regime::Turnover), vec![]);
        assert_eq!(due_soon(d("2026-12-13"), Regime::Vat), vec![]);
    }
}
