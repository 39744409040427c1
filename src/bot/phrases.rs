//! Plain words for sales lookups, in Uzbek, Russian and English: "bugun savdo qancha?",
//! "продажи за неделю", "sales last month", "savdo 01.11.2026-15.11.2026".

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

use crate::domain::calendar::Period;

const SALES_WORDS: &[&str] = &["savdo", "sotuv", "tushum", "продаж", "выручк", "sales", "revenue", "turnover"];

/// Period words, most specific first ("o‘tgan oy" before "oy").
const PERIOD_WORDS: &[(Period, &[&str])] = &[
    (Period::LastMonth, &["o'tgan oy", "otgan oy", "прошлый месяц", "прошлого месяца", "прошлом месяце", "last month"]),
    (Period::Yesterday, &["kecha", "вчера", "вчерашн", "yesterday"]),
    (Period::ThisWeek, &["hafta", "недел", "week"]),
    (Period::ThisMonth, &["shu oy", "bu oy", "oylik", "месяц", "month"]),
    (Period::Today, &["bugun", "сегодня", "today"]),
];

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})\s*(?:-|–|—|\.\.|to|gacha|по)\s*(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})")
        .expect("regex")
});

/// Lower case with every kind of Uzbek apostrophe made plain.
fn normalise(text: &str) -> String {
    text.to_lowercase().replace(['‘', '’', 'ʻ', 'ʼ', '`', '´'], "'")
}

/// A sales question in plain words, and the period it asks about.
pub fn sales_question(text: &str) -> Option<Period> {
    let text = normalise(text);
    if !SALES_WORDS.iter().any(|w| text.contains(w)) {
        return None;
    }
    Some(period_in(&text).unwrap_or(Period::Today))
}

/// The period named in `text` (the argument of `/sales`), if any.
pub fn period_in(text: &str) -> Option<Period> {
    let text = normalise(text);
    if let Some(caps) = RANGE.captures(&text) {
        if let (Some(a), Some(b)) = (parse_date(&caps[1]), parse_date(&caps[2])) {
            return Some(Period::Range(a, b));
        }
    }
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()).collect();
    for (period, names) in PERIOD_WORDS {
        if names.iter().any(|name| text.contains(name)) {
            return Some(*period);
        }
    }
    // "oy" alone is a month only as a whole word ("oy savdosi"), not inside another word.
    if words.contains(&"oy") {
        return Some(Period::ThisMonth);
    }
    None
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d.%m.%Y").or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn understands_three_languages() {
        let cases = [
            ("bugun savdo qancha?", Period::Today),
            ("Bugungi savdo", Period::Today),
            ("kechagi savdo", Period::Yesterday),
            ("haftalik savdo", Period::ThisWeek),
            ("shu oy savdo", Period::ThisMonth),
            ("o‘tgan oy savdosi", Period::LastMonth),
            ("oʻtgan oy savdo", Period::LastMonth),
            ("продажи за неделю", Period::ThisWeek),
            ("Продажи сегодня", Period::Today),
            ("выручка за прошлый месяц", Period::LastMonth),
            ("продажи за месяц", Period::ThisMonth),
            ("sales this month", Period::ThisMonth),
            ("sales yesterday", Period::Yesterday),
            ("Sales last month", Period::LastMonth),
            ("savdo", Period::Today),
        ];
        for (text, period) in cases {
            assert_eq!(sales_question(text), Some(period), "{text}");
        }
        assert_eq!(sales_question("salom"), None);
        assert_eq!(sales_question("qoyil"), None);
    }

    #[test]
    fn date_ranges() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            sales_question("savdo 01.11.2026-15.11.2026"),
            Some(Period::Range(d("2026-11-01"), d("2026-11-15")))
        );
        assert_eq!(period_in("2026-10-01 .. 2026-10-31"), Some(Period::Range(d("2026-10-01"), d("2026-10-31"))));
        assert_eq!(period_in("nonsense"), None);
    }
}
