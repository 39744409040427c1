//! A person's own settings: the kinds of notification they hear (low stock, the morning digest,
//! approval requests, overdue debts, tax reminders, weekly recommendations) and quiet hours in
//! their company's time zone. Every notifier asks [`hears`] before sending.

use chrono::NaiveTime;
use serde::Serialize;

use crate::db::{now, Db};
use crate::domain::calendar::CompanyTz;
use crate::domain::{Refusal, Result};

/// A kind of notification a person may turn off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    LowStock,
    Digest,
    Approvals,
    Debts,
    Tax,
    Recommendations,
}

impl Notice {
    pub const ALL: [Notice; 6] =
        [Notice::LowStock, Notice::Digest, Notice::Approvals, Notice::Debts, Notice::Tax, Notice::Recommendations];

    pub fn code(self) -> &'static str {
        match self {
            Notice::LowStock => "low_stock",
            Notice::Digest => "digest",
            Notice::Approvals => "approvals",
            Notice::Debts => "debts",
            Notice::Tax => "tax",
            Notice::Recommendations => "recommendations",
        }
    }

    pub fn parse(text: &str) -> Option<Notice> {
        Notice::ALL.into_iter().find(|n| n.code() == text.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Notice::LowStock => "notice-low-stock",
            Notice::Digest => "notice-digest",
            Notice::Approvals => "notice-approvals",
            Notice::Debts => "notice-debts",
            Notice::Tax => "notice-tax",
            Notice::Recommendations => "notice-recommendations",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub muted: Vec<Notice>,
    pub quiet: Option<(NaiveTime, NaiveTime)>,
}

impl Settings {
    /// Whether `notice` may be sent at the local time `at`.
    pub fn allows(&self, notice: Notice, at: NaiveTime) -> bool {
        if self.muted.contains(&notice) {
            return false;
        }
        match self.quiet {
            // Quiet hours may run past midnight (22:00–08:00).
            Some((from, to)) if from <= to => !(from <= at && at < to),
            Some((from, to)) => !(at >= from || at < to),
            None => true,
        }
    }
}

pub async fn of_user(db: &Db, user_id: i64) -> Result<Settings> {
    let row: Option<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT muted, quiet_from, quiet_to FROM user_settings WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    let Some((muted, from, to)) = row else { return Ok(Settings::default()) };
    let time = |t: Option<String>| t.and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M").ok());
    Ok(Settings { muted: muted.split(',').filter_map(Notice::parse).collect(), quiet: time(from).zip(time(to)) })
}

async fn save(db: &Db, user_id: i64, settings: &Settings) -> Result<()> {
    let muted: Vec<&str> = settings.muted.iter().map(|n| n.code()).collect();
    let (from, to) = match settings.quiet {
        Some((f, t)) => (Some(f.format("%H:%M").to_string()), Some(t.format("%H:%M").to_string())),
        None => (None, None),
    };
    sqlx::query(
        "INSERT INTO user_settings (user_id, muted, quiet_from, quiet_to, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id) DO UPDATE SET muted = excluded.muted, quiet_from = excluded.quiet_from,
             quiet_to = excluded.quiet_to, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(muted.join(","))
    .bind(from)
    .bind(to)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Turns a kind of notification on or off for the person.
pub async fn set_notice(db: &Db, user_id: i64, notice: Notice, on: bool) -> Result<Settings> {
    let mut settings = of_user(db, user_id).await?;
    settings.muted.retain(|n| *n != notice);
    if !on {
        settings.muted.push(notice);
    }
    save(db, user_id, &settings).await?;
    Ok(settings)
}

/// Sets quiet hours (`22:00-08:00`), or none.
pub async fn set_quiet(db: &Db, user_id: i64, text: &str) -> Result<Settings> {
    let mut settings = of_user(db, user_id).await?;
    let text = text.trim();
    settings.quiet = if text.eq_ignore_ascii_case("off") {
        None
    } else {
        let (from, to) = text.split_once('-').ok_or(Refusal::BadArgument(text.to_string()))?;
        let parse =
            |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| Refusal::BadArgument(t.to_string()));
        let (from, to) = (parse(from)?, parse(to)?);
        if from == to {
            return Err(Refusal::BadArgument(text.to_string()).into());
        }
        Some((from, to))
    };
    save(db, user_id, &settings).await?;
    Ok(settings)
}

/// Whether the user (by Telegram id) hears `notice` at `at` (Unix seconds), in their company's
/// time zone. When the settings cannot be read, they hear it.
pub async fn hears(db: &Db, telegram_id: i64, tz: CompanyTz, notice: Notice, at: i64) -> bool {
    let Ok(Some(user)) = crate::domain::company::user_by_telegram_id(db, telegram_id).await else { return true };
    let Ok(settings) = of_user(db, user.id).await else { return true };
    let at = tz.local(at).map(|l| l.time()).unwrap_or(NaiveTime::MIN);
    settings.allows(notice, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_hours_past_midnight() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let night = Settings { muted: vec![], quiet: Some((t(22, 0), t(8, 0))) };
        assert!(!night.allows(Notice::Digest, t(23, 30)) && !night.allows(Notice::Digest, t(7, 59)));
        assert!(night.allows(Notice::Digest, t(8, 0)) && night.allows(Notice::Digest, t(21, 59)));
        let lunch = Settings { muted: vec![Notice::Tax], quiet: Some((t(13, 0), t(14, 0))) };
        assert!(!lunch.allows(Notice::LowStock, t(13, 30)) && lunch.allows(Notice::LowStock, t(14, 0)));
        assert!(!lunch.allows(Notice::Tax, t(9, 0)));
    }
}
