//! Lists that clients page through with a search, filters and an ordering (the catalogue API's
//! nomenklatura, clients, projects, thumbnails, agent locations). Each area declares its
//! [`Spec`]: which request names map to which SQL expression. Only declared names reach SQL, and
//! every value is a bound parameter, so a request can never write SQL of its own.

use sqlx::any::AnyRow;
use sqlx::FromRow;

use crate::db::{Backend, Db};
use crate::domain::money::Money;
use crate::domain::{Refusal, Result};

/// The most rows a client gets in one page.
pub const MAX_PAGE_SIZE: i64 = 100;
/// The most rows one call reads (an export reads in batches of this).
pub const MAX_BATCH: i64 = 1000;

/// Which rows of the matches: `size` of them from `offset` (a page number's or a client's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub offset: i64,
    pub size: i64,
}

impl Page {
    pub const DEFAULT_SIZE: i64 = 20;

    /// Page `number` (from 1) of `size` rows.
    pub fn numbered(number: i64, size: i64) -> Page {
        Page { offset: (number.clamp(1, 1_000_000_000) - 1).saturating_mul(size), size }
    }
}

impl Default for Page {
    fn default() -> Page {
        Page { offset: 0, size: Page::DEFAULT_SIZE }
    }
}

/// How a filter's value is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    /// `true`/`false` (also `1`/`0`, `yes`/`no`), compared with 1/0.
    Flag,
    /// A date `YYYY-MM-DD` or a Unix time, compared as `expr >= start of that day`.
    From,
    /// As `From`, inclusive of the whole day: `expr < start of the next day`.
    Until,
    /// An amount in so'm (`15000.50`) compared as tiyin: at least.
    MoneyFrom,
    /// An amount in so'm compared as tiyin: at most.
    MoneyUntil,
}

pub struct Filter {
    pub param: &'static str,
    pub sql: &'static str,
    pub kind: Kind,
}

pub struct Spec {
    /// `SELECT columns FROM … ` with the company as `$1` in its `WHERE`, open for `AND …`.
    pub select: &'static str,
    /// `SELECT COUNT(*) FROM …` with the same `WHERE`.
    pub count: &'static str,
    /// Lower-case SQL expressions a search term must be in (any of them).
    pub search: &'static [&'static str],
    /// On SQLite, an FTS5 trigram table (rowid = the row's id) over the same text, used for
    /// terms of three characters or more instead of scanning every row; PostgreSQL's trigram
    /// index serves the `LIKE` itself.
    pub fts: Option<(&'static str, &'static str)>,
    pub filters: &'static [Filter],
    /// Request name to SQL expression for `ordering`.
    pub orderings: &'static [(&'static str, &'static str)],
    /// The ordering when none is asked for (ends with a unique key).
    pub default_order: &'static str,
    /// What breaks ties after an asked-for ordering (a unique key, so pages never overlap), without
    /// its direction.
    pub tiebreak: &'static str,
}

#[derive(Clone, Debug, Default)]
pub struct Query {
    pub search: Option<String>,
    /// Request parameter name and value, as sent (unknown names are ignored, as DRF does).
    pub filters: Vec<(String, String)>,
    pub ordering: Option<String>,
    pub page: Page,
}

enum Value {
    Int(i64),
    Text(String),
}

/// One page of the rows that match, and how many match in all.
pub async fn list<R>(db: &Db, company_id: i64, spec: &Spec, query: &Query) -> Result<(i64, Vec<R>)>
where
    R: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
{
    let mut values = vec![Value::Int(company_id)];
    let mut conditions = String::new();
    if let Some(search) = query.search.as_deref() {
        // DRF: terms separated by spaces or commas; each must be found in some search field.
        for term in search.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).take(8) {
            let term = term.to_lowercase();
            match spec.fts {
                Some((table, id)) if db.backend == Backend::Sqlite && term.chars().count() >= 3 => {
                    // A quoted FTS5 string: the trigram tokenizer finds it anywhere in the text.
                    values.push(Value::Text(format!("\"{}\"", term.replace('"', "\"\""))));
                    let n = values.len();
                    conditions.push_str(&format!(" AND {id} IN (SELECT rowid FROM {table} WHERE {table} MATCH ${n})"));
                }
                _ => {
                    values.push(Value::Text(like_pattern(&term)));
                    let n = values.len();
                    let any: Vec<String> =
                        spec.search.iter().map(|expr| format!("{expr} LIKE ${n} ESCAPE '\\'")).collect();
                    conditions.push_str(&format!(" AND ({})", any.join(" OR ")));
                }
            }
        }
    }
    for (param, raw) in &query.filters {
        let Some(filter) = spec.filters.iter().find(|f| f.param == param) else { continue };
        let (op, value) = read_filter(filter, raw)?;
        values.push(value);
        conditions.push_str(&format!(" AND {} {op} ${}", filter.sql, values.len()));
    }
    let order = order_by(spec, query.ordering.as_deref());
    let count_sql = format!("{}{conditions}", spec.count);
    let rows_sql = format!(
        "{}{conditions} ORDER BY {order} LIMIT {} OFFSET {}",
        spec.select,
        query.page.size.clamp(1, MAX_BATCH),
        query.page.offset.max(0)
    );
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    let mut rows = sqlx::query_as::<_, R>(&rows_sql);
    for value in &values {
        (count, rows) = match value {
            Value::Int(i) => (count.bind(*i), rows.bind(*i)),
            Value::Text(s) => (count.bind(s.clone()), rows.bind(s.clone())),
        };
    }
    let total = count.fetch_one(&db.reader).await?;
    let found = rows.fetch_all(&db.reader).await?;
    Ok((total, found))
}

/// `%word%` with the word's own `%`, `_` and `\\` taken literally (`ESCAPE '\\'`).
pub fn like_pattern(word: &str) -> String {
    let escaped = word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

fn read_filter(filter: &Filter, raw: &str) -> Result<(&'static str, Value)> {
    let raw = raw.trim();
    let bad = || Refusal::BadValue(filter.param.to_string());
    Ok(match filter.kind {
        Kind::Text => ("=", Value::Text(raw.to_string())),
        Kind::Int => ("=", Value::Int(raw.parse().map_err(|_| bad())?)),
        Kind::Flag => {
            let on = match raw.to_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => 1,
                "false" | "0" | "no" | "off" => 0,
                _ => return Err(bad().into()),
            };
            ("=", Value::Int(on))
        }
        Kind::From => (">=", Value::Int(day_start(raw, 0).ok_or_else(bad)?)),
        Kind::Until => ("<", Value::Int(day_start(raw, 1).ok_or_else(bad)?)),
        Kind::MoneyFrom => (">=", Value::Int(Money::parse(raw).ok_or_else(bad)?.0)),
        Kind::MoneyUntil => ("<=", Value::Int(Money::parse(raw).ok_or_else(bad)?.0)),
    })
}

/// Unix seconds at the start of a date's day (UTC) plus `days`, or a Unix time as given.
fn day_start(raw: &str, days: i64) -> Option<i64> {
    if let Ok(date) = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        let day = date.checked_add_signed(chrono::Duration::days(days))?;
        return Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp());
    }
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Some(at.timestamp());
    }
    raw.parse::<i64>().ok().filter(|t| (0..=253_402_300_799).contains(t))
}

/// `ordering=name,-price`: known names in the order given, then the tie-breaker; nothing known,
/// the default.
fn order_by(spec: &Spec, ordering: Option<&str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    for field in ordering.unwrap_or("").split(',').map(str::trim).filter(|f| !f.is_empty()) {
        let (name, direction) = match field.strip_prefix('-') {
            Some(name) => (name, "DESC"),
            None => (field, "ASC"),
        };
        if let Some((_, expr)) = spec.orderings.iter().find(|(n, _)| *n == name) {
            parts.push(format!("{expr} {direction}"));
        }
    }
    let Some(last) = parts.last() else { return spec.default_order.to_string() };
    // The tie-breaker runs the same way as the last asked-for field, so an index on that field
    // (which holds the id after it) gives the rows in order without sorting them.
    let direction = if last.ends_with("DESC") { "DESC" } else { "ASC" };
    parts.push(format!("{} {direction}", spec.tiebreak));
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_day_bounds() {
        assert_eq!(day_start("2026-12-01", 0), Some(1_796_083_200));
        assert_eq!(day_start("2026-12-01", 1), Some(1_796_083_200 + 86_400));
        assert_eq!(day_start("1796083200", 0), Some(1_796_083_200));
        assert_eq!(day_start("tomorrow", 0), None);
        assert_eq!(day_start("-5", 0), None);
    }

    #[test]
    fn like_wildcards_in_a_term_are_literal() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
