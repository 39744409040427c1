//! The company's calendar. Its time zone is parsed once here (Tashkent when the stored name is
//! unknown) and gives "today", the local day of a moment, a day's bounds and report periods.
//! Timestamps are stored as UTC Unix seconds; days are always the company's own.

use chrono::{Datelike, Days, Months, NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::Result;
use crate::db::{now, Db, Tx};

/// The zone a company gets when none (or an unknown one) is stored.
pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Tashkent;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompanyTz(Tz);

impl CompanyTz {
    pub fn parse(name: &str) -> CompanyTz {
        CompanyTz(name.parse().unwrap_or(DEFAULT_ZONE))
    }

    /// The company-local calendar day of a moment: a sale at 23:30 in Tashkent is that day's.
    pub fn day_of(self, at: i64) -> NaiveDate {
        self.0.timestamp_opt(at, 0).single().map(|t| t.date_naive()).unwrap_or_default()
    }

    pub fn today(self) -> NaiveDate {
        self.day_of(now())
    }

    /// The moment as the company's wall clock shows it.
    pub fn local(self, at: i64) -> Option<chrono::DateTime<Tz>> {
        self.0.timestamp_opt(at, 0).single()
    }

    /// `at` formatted with a chrono pattern in the company's zone ("" when out of range).
    pub fn format(self, at: i64, pattern: &str) -> String {
        self.local(at).map(|t| t.format(pattern).to_string()).unwrap_or_default()
    }

    /// Unix seconds of a wall-clock time in the company's zone (the earlier one in a DST overlap).
    pub fn at_local(self, local: chrono::NaiveDateTime) -> Option<i64> {
        self.0.from_local_datetime(&local).earliest().map(|t| t.timestamp())
    }

    /// Unix seconds of the local midnight that starts `day`.
    pub fn start_of(self, day: NaiveDate) -> i64 {
        let midnight = day.and_hms_opt(0, 0, 0).expect("midnight");
        self.0
            .from_local_datetime(&midnight)
            .earliest()
            .map(|t| t.timestamp())
            .unwrap_or_else(|| midnight.and_utc().timestamp())
    }
}

/// The calendar of a company.
pub async fn of_company(db: &Db, company_id: i64) -> Result<CompanyTz> {
    let zone: String = sqlx::query_scalar("SELECT time_zone FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(CompanyTz::parse(&zone))
}

/// `of_company` inside a transaction.
pub async fn of_company_in(tx: &mut Tx, company_id: i64) -> Result<CompanyTz> {
    let zone: String = sqlx::query_scalar("SELECT time_zone FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(CompanyTz::parse(&zone))
}

/// A period people ask about, resolved against the company's today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Today,
    Yesterday,
    ThisWeek,
    /// Monday to Sunday of the week before this one.
    LastWeek,
    ThisMonth,
    LastMonth,
    Range(NaiveDate, NaiveDate),
}

impl Period {
    pub const BUTTONS: [Period; 5] =
        [Period::Today, Period::Yesterday, Period::ThisWeek, Period::ThisMonth, Period::LastMonth];

    /// First and last day (inclusive) as seen on `today`.
    pub fn dates(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Period::Today => (today, today),
            Period::Yesterday => {
                let y = today - Days::new(1);
                (y, y)
            }
            Period::ThisWeek => (today - Days::new(today.weekday().num_days_from_monday() as u64), today),
            Period::LastWeek => {
                let monday = today - Days::new(today.weekday().num_days_from_monday() as u64 + 7);
                (monday, monday + Days::new(6))
            }
            Period::ThisMonth => (today.with_day(1).expect("day 1"), today),
            Period::LastMonth => {
                let first = today.with_day(1).expect("day 1") - Months::new(1);
                (first, today.with_day(1).expect("day 1") - Days::new(1))
            }
            Period::Range(from, to) => (from.min(to), to.max(from)),
        }
    }

    /// Short code for button payloads.
    pub fn code(self) -> String {
        match self {
            Period::Today => "t".into(),
            Period::Yesterday => "y".into(),
            Period::ThisWeek => "w".into(),
            Period::ThisMonth => "m".into(),
            Period::LastMonth => "lm".into(),
            Period::LastWeek => "lw".into(),
            Period::Range(a, b) => format!("{}-{}", a.format("%Y%m%d"), b.format("%Y%m%d")),
        }
    }

    pub fn from_code(code: &str) -> Option<Period> {
        Some(match code {
            "t" => Period::Today,
            "y" => Period::Yesterday,
            "w" => Period::ThisWeek,
            "m" => Period::ThisMonth,
            "lm" => Period::LastMonth,
            "lw" => Period::LastWeek,
            other => {
                let (a, b) = other.split_once('-')?;
                let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y%m%d").ok();
                Period::Range(parse(a)?, parse(b)?)
            }
        })
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Period::Today => "period-today",
            Period::Yesterday => "period-yesterday",
            Period::ThisWeek => "period-week",
            Period::ThisMonth => "period-month",
            Period::LastMonth => "period-last-month",
            Period::LastWeek => "period-last-week",
            Period::Range(..) => "period-range",
        }
    }
}

/// A calendar month, the period of tax reports and payroll (`2026-11`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    /// `2026-11`; years 2000–2100 only, so an absurd period is refused rather than computed.
    pub fn parse(text: &str) -> Option<Month> {
        let first = NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").ok()?;
        (2000..=2100).contains(&first.year()).then_some(Month { first })
    }

    pub fn of(day: NaiveDate) -> Month {
        Month { first: day.with_day(1).expect("day 1") }
    }

    /// The month before the one `today` is in: what is reported and paid now.
    pub fn previous(today: NaiveDate) -> Month {
        Month::of(today).prev()
    }

    /// The month named (`None` when it cannot be read), or the previous one when none is named:
    /// what every door's "which month?" means.
    pub fn named_or_previous(text: Option<&str>, today: NaiveDate) -> Option<Month> {
        match text {
            None => Some(Month::previous(today)),
            Some(text) => Month::parse(text),
        }
    }

    pub fn prev(self) -> Month {
        Month { first: self.first - Months::new(1) }
    }

    pub fn next(self) -> Month {
        Month { first: self.first + Months::new(1) }
    }

    pub fn first(self) -> NaiveDate {
        self.first
    }

    pub fn last(self) -> NaiveDate {
        self.next().first - Days::new(1)
    }

    /// The day of the month, clamped to its length (the 31st of February is its last day).
    pub fn day(self, day: u32) -> NaiveDate {
        self.first.with_day(day).unwrap_or_else(|| self.last())
    }

    pub fn code(self) -> String {
        self.first.format("%Y-%m").to_string()
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

/// "01.12.2026", or "01.12–15.12.2026" for several days.
pub fn dates_label(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        from.format("%d.%m.%Y").to_string()
    } else {
        format!("{}–{}", from.format("%d.%m"), to.format("%d.%m.%Y"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_evening_in_tashkent_is_that_day() {
        // 2026-11-21 18:30 UTC is 23:30 in Tashkent (UTC+5).
        let tz = CompanyTz::parse("Asia/Tashkent");
        let at = chrono::Utc.with_ymd_and_hms(2026, 11, 21, 18, 30, 0).unwrap().timestamp();
        assert_eq!(tz.day_of(at).to_string(), "2026-11-21");
        assert_eq!(tz.day_of(at + 3600).to_string(), "2026-11-22");
        assert_eq!(tz.start_of(tz.day_of(at + 3600)), at + 1800);
    }

    #[test]
    fn months() {
        let m = Month::parse("2026-02").unwrap();
        assert_eq!((m.first().to_string(), m.last().to_string()), ("2026-02-01".into(), "2026-02-28".into()));
        assert_eq!(m.day(31).to_string(), "2026-02-28");
        assert_eq!(Month::previous(NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()).code(), "2025-12");
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("9999-01"), None);
        assert_eq!(Month::parse(" 2026-11 ").map(|m| m.code()), Some("2026-11".into()));
    }

    #[test]
    fn an_unknown_zone_falls_back_to_tashkent() {
        assert_eq!(CompanyTz::parse("Mars/Olympus"), CompanyTz::parse("Asia/Tashkent"));
    }
}
