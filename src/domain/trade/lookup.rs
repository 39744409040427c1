//! Sales lookups: totals, receipts, the split by type and payment, the change against the
//! previous period of the same length, top products and top cashiers. Read from the rollups
//! (a few hundred rows whatever the period); a cashier's own figures, and the brute-force
//! check in the tests, read the receipts themselves.

use std::collections::HashMap;

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::domain::actor::Actor;
use crate::domain::calendar;
pub use crate::domain::calendar::Period;
use crate::domain::money::Qty;
pub use crate::domain::roles::Scope;

use crate::db::Db;
use crate::domain::sales::{Payment, SaleType, ALL_BRANCHES};
use crate::domain::Result;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TopProduct {
    pub product_id: i64,
    pub name: String,
    pub unit: String,
    pub qty: i64,
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopCashier {
    pub user_id: i64,
    pub name: String,
    pub receipts: i64,
    pub total: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Net of returns.
    pub total: i64,
    pub receipts: i64,
    pub returns: i64,
    /// Refunded (negative or zero).
    pub returned: i64,
    pub retail: i64,
    pub wholesale: i64,
    pub by_payment: Vec<(Payment, i64)>,
    pub previous_total: i64,
    pub top_products: Vec<TopProduct>,
    pub top_cashiers: Vec<TopCashier>,
}

impl Summary {
    pub fn average_receipt(&self) -> i64 {
        if self.receipts == 0 {
            0
        } else {
            self.total / self.receipts
        }
    }

    /// Change against the previous period in tenths of a percent; `None` when it had nothing.
    pub fn change_permille(&self) -> Option<i64> {
        (self.previous_total != 0).then(|| {
            let diff = (self.total - self.previous_total) as i128 * 1000;
            (diff / (self.previous_total as i128).abs()) as i64
        })
    }
}

/// The company's today in its own time zone.
pub async fn today(db: &Db, company_id: i64) -> Result<NaiveDate> {
    Ok(calendar::of_company(db, company_id).await?.today())
}

/// A lookup as `actor` may see it: the core derives the scope (admins any branch, managers
/// their own, cashiers their own receipts) and refuses a branch the actor may not look at.
pub async fn summary(db: &Db, actor: &Actor, branch: Option<i64>, period: Period) -> Result<(Scope, Summary)> {
    let scope = actor.sales_scope(branch)?;
    let today = actor.calendar(db).await?.today();
    let (from, to) = period.dates(today);
    Ok((scope, summary_at(db, scope, from, to, today).await?))
}

/// Units sold (net of returns) in the period as `actor` may see them, per unit of measure
/// (pieces and kilograms do not add up): the product rollups, or a cashier's own receipts.
pub async fn units_sold(
    db: &Db,
    actor: &Actor,
    branch: Option<i64>,
    period: Period,
) -> Result<(Scope, (NaiveDate, NaiveDate), Vec<(String, Qty)>)> {
    let scope = actor.sales_scope(branch)?;
    let (from, to) = period.dates(actor.calendar(db).await?.today());
    let rows: Vec<(String, i64)> = if scope.cashier_id.is_some() {
        let (branch_sql, _) = branch_filter(scope, 4);
        let sql = format!(
            "SELECT p.unit, CAST(SUM(CASE WHEN s.kind = 'return' THEN -l.qty ELSE l.qty END) AS BIGINT)
             FROM sales s JOIN sale_lines l ON l.sale_id = s.id JOIN products p ON p.id = l.product_id
             WHERE s.company_id = $1 AND s.day >= $2 AND s.day <= $3{} AND s.cashier_id = $5
             GROUP BY p.unit ORDER BY 2 DESC",
            branch_sql.replace("branch_id", "s.branch_id")
        );
        query_receipts(db, &sql, scope, from, to).await?
    } else {
        let (branch_sql, branch) = rollup_branch(scope, 4);
        let sql = format!(
            "SELECT p.unit, CAST(SUM(r.qty) AS BIGINT) FROM sales_day_product r JOIN products p ON p.id = r.product_id
             WHERE r.company_id = $1 AND r.day >= $2 AND r.day <= $3{} GROUP BY p.unit ORDER BY 2 DESC",
            branch_sql.replace("branch_id", "r.branch_id")
        );
        query_rows(db, &sql, scope.company_id, from, to, branch).await?
    };
    Ok((scope, (from, to), rows.into_iter().filter(|r| r.1 != 0).map(|(unit, qty)| (unit, Qty(qty))).collect()))
}

/// Net sales per day as `actor` may see them, for the chart, with the scope they cover.
pub async fn daily_totals_for(
    db: &Db,
    actor: &Actor,
    branch: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(Scope, Vec<(NaiveDate, i64)>)> {
    let scope = actor.sales_scope(branch)?;
    Ok((scope, daily_totals(db, scope, from, to).await?))
}

/// The figures of a scope already decided by the rules ([`summary`] decides it for an actor).
/// For the core, the benchmarks and the reference tests; doors call [`summary`].
pub async fn summary_in_scope(db: &Db, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<Summary> {
    let today = today(db, scope.company_id).await?;
    summary_at(db, scope, from, to, today).await
}

/// `summary` when the caller already knows the company's today.
pub async fn summary_at(db: &Db, scope: Scope, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<Summary> {
    if scope.cashier_id.is_some() {
        return summary_from_receipts(db, scope, from, to).await;
    }
    let (branch_sql, branch) = rollup_branch(scope, 4);
    let split: Vec<(String, String, i64, i64, i64, i64)> = query_rows(
        db,
        &format!(
            "SELECT sale_type, payment, CAST(SUM(receipts) AS BIGINT), CAST(SUM(returns) AS BIGINT),
                    CAST(SUM(total) AS BIGINT), CAST(SUM(returned) AS BIGINT)
             FROM sales_day WHERE company_id = $1 AND day >= $2 AND day <= $3{branch_sql}
             GROUP BY sale_type, payment"
        ),
        scope.company_id,
        from,
        to,
        branch,
    )
    .await?;
    let mut summary = fold_split(from, to, split);
    // Independent reads: on PostgreSQL they run side by side on separate connections.
    let (previous, products, cashiers) = tokio::join!(
        previous_total(db, scope, from, to),
        top_products(db, scope, from, to, today),
        top_cashiers(db, scope, from, to)
    );
    summary.previous_total = previous?;
    summary.top_products = products?;
    summary.top_cashiers = cashiers?;
    Ok(summary)
}

fn fold_split(from: NaiveDate, to: NaiveDate, rows: Vec<(String, String, i64, i64, i64, i64)>) -> Summary {
    let mut s = Summary { from, to, ..Default::default() };
    let mut payments: HashMap<Payment, i64> = HashMap::new();
    for (sale_type, payment, receipts, returns, total, returned) in rows {
        s.receipts += receipts;
        s.returns += returns;
        s.total += total;
        s.returned += returned;
        match SaleType::parse(&sale_type) {
            Some(SaleType::Wholesale) => s.wholesale += total,
            _ => s.retail += total,
        }
        *payments.entry(Payment::parse(&payment).unwrap_or(Payment::Cash)).or_default() += total;
    }
    s.by_payment =
        Payment::ALL.into_iter().filter_map(|p| payments.get(&p).map(|t| (p, *t))).filter(|(_, t)| *t != 0).collect();
    s
}

async fn previous_total(db: &Db, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<i64> {
    let days = (to - from).num_days() + 1;
    let prev_to = from - Days::new(1);
    let prev_from = from - Days::new(days as u64);
    let (table, extra, (branch_sql, branch)) = match scope.cashier_id {
        Some(_) => ("sales", " AND cashier_id = $5", branch_filter(scope, 4)),
        None => ("sales_day", "", rollup_branch(scope, 4)),
    };
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(total), 0) AS BIGINT) FROM {table}
         WHERE company_id = $1 AND day >= $2 AND day <= $3{branch_sql}{extra}"
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql)
        .bind(scope.company_id)
        .bind(prev_from.to_string())
        .bind(prev_to.to_string())
        .bind(branch.unwrap_or(0));
    if let Some(cashier) = scope.cashier_id {
        q = q.bind(cashier);
    }
    Ok(q.fetch_one(&db.pool).await?)
}

/// Day rollups keep the whole company under branch 0: one equality either way.
fn rollup_branch(scope: Scope, n: usize) -> (String, Option<i64>) {
    (format!(" AND branch_id = ${n}"), Some(scope.branch_id.unwrap_or(ALL_BRANCHES)))
}

/// ` AND branch_id = $n` when the scope has a branch; the value is bound either way so the
/// placeholder numbers stay the same.
fn branch_filter(scope: Scope, n: usize) -> (String, Option<i64>) {
    match scope.branch_id {
        Some(b) => (format!(" AND branch_id = ${n}"), Some(b)),
        None => (format!(" AND ${n} = ${n}"), None),
    }
}

async fn query_rows<T>(
    db: &Db,
    sql: &str,
    company_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    branch: Option<i64>,
) -> Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    Ok(sqlx::query_as::<_, T>(sql)
        .bind(company_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(branch.unwrap_or(0))
        .fetch_all(&db.pool)
        .await?)
}

/// Whole months come from the month rollup, the rest from the day rollup. A month counts as
/// whole when the period covers it up to today (nothing is sold in the future).
fn month_split(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> (Vec<String>, Vec<(NaiveDate, NaiveDate)>) {
    let mut months = Vec::new();
    let mut day_ranges = Vec::new();
    let mut start = from;
    while start <= to {
        let month_start = start.with_day(1).expect("day 1");
        let month_end = month_start + Months::new(1) - Days::new(1);
        let end = month_end.min(to);
        if start == month_start && end >= month_end.min(today) {
            months.push(month_start.format("%Y-%m").to_string());
        } else {
            day_ranges.push((start, end));
        }
        start = month_end + Days::new(1);
    }
    (months, day_ranges)
}

async fn top_products(
    db: &Db,
    scope: Scope,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<TopProduct>> {
    let branch = scope.branch_id.unwrap_or(ALL_BRANCHES);
    let (months, day_ranges) = month_split(from, to, today);
    if let ([month], []) = (months.as_slice(), day_ranges.as_slice()) {
        // One whole month: its five best rows, straight from the index.
        let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
            "SELECT m.product_id, p.name, p.unit, m.qty, m.total FROM sales_month_product m JOIN products p ON p.id = m.product_id
             WHERE m.company_id = $1 AND m.month = $2 AND m.branch_id = $3 AND m.total > 0
             ORDER BY m.total DESC, m.product_id LIMIT 5",
        )
        .bind(scope.company_id)
        .bind(month)
        .bind(branch)
        .fetch_all(&db.pool)
        .await?;
        return Ok(rows
            .into_iter()
            .map(|(product_id, name, unit, qty, total)| TopProduct { product_id, name, unit, qty, total })
            .collect());
    }
    let mut parts = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    for month in &months {
        binds.push(month.clone());
        parts.push(format!(
            "SELECT product_id, qty, total FROM sales_month_product WHERE company_id = $1 AND branch_id = $2 AND month = ${}",
            binds.len() + 2
        ));
    }
    for (a, b) in &day_ranges {
        binds.push(a.to_string());
        binds.push(b.to_string());
        parts.push(format!(
            "SELECT product_id, qty, total FROM sales_day_product WHERE company_id = $1 AND branch_id = $2 AND day >= ${} AND day <= ${}",
            binds.len() + 1,
            binds.len() + 2
        ));
    }
    let inner = parts.join(" UNION ALL ");
    let sql = format!(
        "SELECT t.product_id, p.name, p.unit, t.qty, t.total FROM (
             SELECT product_id, CAST(SUM(qty) AS BIGINT) AS qty, CAST(SUM(total) AS BIGINT) AS total
             FROM ({inner}) x GROUP BY product_id ORDER BY total DESC, product_id LIMIT 5
         ) t JOIN products p ON p.id = t.product_id ORDER BY t.total DESC, t.product_id"
    );
    let mut q = sqlx::query_as::<_, (i64, String, String, i64, i64)>(&sql).bind(scope.company_id).bind(branch);
    for b in &binds {
        q = q.bind(b.clone());
    }
    let rows = q.fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.4 > 0)
        .map(|(product_id, name, unit, qty, total)| TopProduct { product_id, name, unit, qty, total })
        .collect())
}

async fn top_cashiers(db: &Db, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<Vec<TopCashier>> {
    let (branch_sql, branch) = branch_filter(scope, 4);
    let branch_sql = branch_sql.replace("branch_id", "c.branch_id");
    let rows: Vec<(i64, String, i64, i64)> = query_rows(
        db,
        &format!(
            "SELECT u.id, u.name, CAST(SUM(c.receipts) AS BIGINT), CAST(SUM(c.total) AS BIGINT)
             FROM sales_day_cashier c JOIN users u ON u.id = c.cashier_id
             WHERE c.company_id = $1 AND c.day >= $2 AND c.day <= $3{branch_sql}
             GROUP BY u.id, u.name ORDER BY 4 DESC, u.id LIMIT 3"
        ),
        scope.company_id,
        from,
        to,
        branch,
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.3 > 0)
        .map(|(user_id, name, receipts, total)| TopCashier { user_id, name, receipts, total })
        .collect())
}

/// The same summary computed from the receipts themselves: a cashier's own lookup, and the
/// brute-force reference the rollups are tested against.
pub async fn summary_from_receipts(db: &Db, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<Summary> {
    let (branch_sql, _) = branch_filter(scope, 4);
    let cashier_sql = if scope.cashier_id.is_some() { " AND cashier_id = $5" } else { " AND $5 = $5" };
    let where_sql = format!("company_id = $1 AND day >= $2 AND day <= $3{branch_sql}{cashier_sql}");
    let split: Vec<(String, String, i64, i64, i64, i64)> = query_receipts(
        db,
        &format!(
            "SELECT sale_type, payment, CAST(SUM(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END) AS BIGINT),
                    CAST(SUM(CASE WHEN kind = 'return' THEN 1 ELSE 0 END) AS BIGINT), CAST(SUM(total) AS BIGINT),
                    CAST(SUM(CASE WHEN kind = 'return' THEN total ELSE 0 END) AS BIGINT)
             FROM sales WHERE {where_sql} GROUP BY sale_type, payment"
        ),
        scope,
        from,
        to,
    )
    .await?;
    let mut summary = fold_split(from, to, split);
    summary.previous_total = previous_total(db, scope, from, to).await?;

    let lines_where = where_sql
        .replace("company_id", "s.company_id")
        .replace("day", "s.day")
        .replace("branch_id", "s.branch_id")
        .replace("cashier_id", "s.cashier_id");
    let products: Vec<(i64, String, String, i64, i64)> = query_receipts(
        db,
        &format!(
            "SELECT p.id, p.name, p.unit,
                    CAST(SUM(CASE WHEN s.kind = 'return' THEN -l.qty ELSE l.qty END) AS BIGINT), CAST(SUM(l.total) AS BIGINT)
             FROM sales s JOIN sale_lines l ON l.sale_id = s.id JOIN products p ON p.id = l.product_id
             WHERE {lines_where} GROUP BY p.id, p.name, p.unit ORDER BY 5 DESC, p.id LIMIT 5"
        ),
        scope,
        from,
        to,
    )
    .await?;
    summary.top_products = products
        .into_iter()
        .filter(|r| r.4 > 0)
        .map(|(product_id, name, unit, qty, total)| TopProduct { product_id, name, unit, qty, total })
        .collect();
    let cashiers: Vec<(i64, String, i64, i64)> = query_receipts(
        db,
        &format!(
            "SELECT u.id, u.name, CAST(SUM(CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END) AS BIGINT), CAST(SUM(s.total) AS BIGINT)
             FROM sales s JOIN users u ON u.id = s.cashier_id
             WHERE {lines_where} GROUP BY u.id, u.name ORDER BY 4 DESC, u.id LIMIT 3"
        ),
        scope,
        from,
        to,
    )
    .await?;
    summary.top_cashiers = cashiers
        .into_iter()
        .filter(|r| r.3 > 0)
        .map(|(user_id, name, receipts, total)| TopCashier { user_id, name, receipts, total })
        .collect();
    Ok(summary)
}

/// Every product's units and money in the period as `actor` may see them, best first (at most
/// `limit`; only `products` when given): the day rollups, or a cashier's own receipts.
pub async fn product_totals(
    db: &Db,
    actor: &Actor,
    branch: Option<i64>,
    (from, to): (NaiveDate, NaiveDate),
    products: Option<&[i64]>,
    limit: i64,
) -> Result<(Scope, Vec<TopProduct>)> {
    let scope = actor.sales_scope(branch)?;
    let only = match products {
        Some(ids) if ids.is_empty() => return Ok((scope, Vec::new())),
        // Ids from the catalogue, never from the question: safe to write into the query.
        Some(ids) => format!(" AND p.id IN ({})", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")),
        None => String::new(),
    };
    let rows: Vec<(i64, String, String, i64, i64)> = if scope.cashier_id.is_some() {
        let (branch_sql, _) = branch_filter(scope, 4);
        let sql = format!(
            "SELECT p.id, p.name, p.unit,
                    CAST(SUM(CASE WHEN s.kind = 'return' THEN -l.qty ELSE l.qty END) AS BIGINT), CAST(SUM(l.total) AS BIGINT)
             FROM sales s JOIN sale_lines l ON l.sale_id = s.id JOIN products p ON p.id = l.product_id
             WHERE s.company_id = $1 AND s.day >= $2 AND s.day <= $3{} AND s.cashier_id = $5{only}
             GROUP BY p.id, p.name, p.unit ORDER BY 5 DESC, p.id LIMIT {limit}",
            branch_sql.replace("branch_id", "s.branch_id")
        );
        query_receipts(db, &sql, scope, from, to).await?
    } else {
        let (branch_sql, branch) = rollup_branch(scope, 4);
        // Grouped first, named after: only the rows kept meet the catalogue.
        let sql = format!(
            "SELECT t.product_id, p.name, p.unit, t.qty, t.total FROM (
                 SELECT r.product_id, CAST(SUM(r.qty) AS BIGINT) AS qty, CAST(SUM(r.total) AS BIGINT) AS total
                 FROM sales_day_product r
                 WHERE r.company_id = $1 AND r.day >= $2 AND r.day <= $3{}{}
                 GROUP BY r.product_id ORDER BY 3 DESC, 1 LIMIT {limit}
             ) t JOIN products p ON p.id = t.product_id ORDER BY t.total DESC, t.product_id",
            branch_sql.replace("branch_id", "r.branch_id"),
            only.replace("p.id", "r.product_id")
        );
        query_rows(db, &sql, scope.company_id, from, to, branch).await?
    };
    let products =
        rows.into_iter().map(|(product_id, name, unit, qty, total)| TopProduct { product_id, name, unit, qty, total });
    Ok((scope, products.collect()))
}

/// Net sales per branch in `from..=to` (every branch, those without sales at zero), for an
/// actor who sees the whole company; `None` for anyone narrower.
pub async fn branch_totals(
    db: &Db,
    actor: &Actor,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Option<Vec<(i64, String, i64)>>> {
    let scope = actor.sales_scope(None)?;
    if scope.branch_id.is_some() || scope.cashier_id.is_some() {
        return Ok(None);
    }
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT b.id, b.name, CAST(COALESCE(SUM(d.total), 0) AS BIGINT) FROM branches b
         LEFT JOIN sales_day d ON d.company_id = b.company_id AND d.branch_id = b.id AND d.day >= $2 AND d.day <= $3
         WHERE b.company_id = $1 GROUP BY b.id, b.name ORDER BY b.id",
    )
    .bind(scope.company_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(&db.pool)
    .await?;
    Ok(Some(rows))
}

/// Money (net of returns) and receipts in `from..=to` as `actor` may see them: the day
/// rollups, or a cashier's own receipts.
pub async fn totals(
    db: &Db,
    actor: &Actor,
    branch: Option<i64>,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<(Scope, i64, i64)> {
    let scope = actor.sales_scope(branch)?;
    if scope.cashier_id.is_some() {
        return narrowed_totals(db, actor, branch, Narrowed::default(), (from, to)).await;
    }
    let (branch_sql, branch) = rollup_branch(scope, 4);
    let rows: Vec<(i64, i64)> = query_rows(
        db,
        &format!(
            "SELECT CAST(COALESCE(SUM(total), 0) AS BIGINT), CAST(COALESCE(SUM(receipts), 0) AS BIGINT)
             FROM sales_day WHERE company_id = $1 AND day >= $2 AND day <= $3{branch_sql}"
        ),
        scope.company_id,
        from,
        to,
        branch,
    )
    .await?;
    let (total, receipts) = rows.first().copied().unwrap_or((0, 0));
    Ok((scope, total, receipts))
}

/// Whose receipts a narrowed lookup counts: one cashier's, one customer's, or both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Narrowed {
    pub cashier_id: Option<i64>,
    pub customer_id: Option<i64>,
}

/// Money (net of returns) and receipts in `from..=to` as `actor` may see them, narrowed to a
/// cashier's or a customer's receipts. Another cashier's sales are refused to a cashier, and
/// to a manager unless the cashier works in the manager's branch.
pub async fn narrowed_totals(
    db: &Db,
    actor: &Actor,
    branch: Option<i64>,
    narrowed: Narrowed,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<(Scope, i64, i64)> {
    let mut scope = actor.sales_scope(branch)?;
    if let Some(cashier) = narrowed.cashier_id {
        match scope.cashier_id {
            Some(me) if me != cashier => return Err(crate::domain::Refusal::NotAllowed.into()),
            Some(_) => {}
            None => {
                let member = crate::domain::company::member(db, actor.company_id, cashier).await?;
                let in_scope = member.is_some_and(|m| scope.branch_id.is_none() || m.branch_id == scope.branch_id);
                if !in_scope {
                    return Err(crate::domain::Refusal::NotAllowed.into());
                }
                scope.cashier_id = Some(cashier);
            }
        }
    }
    let (branch_sql, _) = branch_filter(scope, 4);
    let cashier_sql = if scope.cashier_id.is_some() { " AND cashier_id = $5" } else { " AND $5 = $5" };
    let customer_sql = if narrowed.customer_id.is_some() { " AND customer_id = $6" } else { " AND $6 = $6" };
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(total), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM sales WHERE company_id = $1 AND day >= $2 AND day <= $3{branch_sql}{cashier_sql}{customer_sql}"
    );
    let (total, receipts): (i64, i64) = sqlx::query_as(&sql)
        .bind(scope.company_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(scope.branch_id.unwrap_or(0))
        .bind(scope.cashier_id.unwrap_or(0))
        .bind(narrowed.customer_id.unwrap_or(0))
        .fetch_one(&db.pool)
        .await?;
    Ok((scope, total, receipts))
}

/// A product in stock that hardly sold in the last days: what it ties up and what it sold.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SlowMover {
    pub product_id: i64,
    pub name: String,
    pub unit: String,
    pub on_hand: Qty,
    /// At average cost, in tiyin.
    pub value: i64,
    pub sold: Qty,
}

/// Products in stock that sold least in the `days` before today (none at all first), the most
/// money tied up first among equals: the whole company, or the actor's branch.
pub async fn slow_movers(db: &Db, actor: &Actor, days: u64, limit: i64) -> Result<Vec<SlowMover>> {
    actor.require(crate::domain::roles::Action::ViewStock)?;
    let today = actor.calendar(db).await?.today();
    let since = today - Days::new(days);
    let rows: Vec<(i64, String, String, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT p.id, p.name, p.unit, st.qty, st.value, CAST(COALESCE(x.qty, 0) AS BIGINT)
         FROM (SELECT product_id, CAST(SUM(qty) AS BIGINT) AS qty, CAST(SUM(value) AS BIGINT) AS value FROM stock
               WHERE company_id = $1 AND ($2 = 0 OR branch_id = $2) GROUP BY product_id) st
         JOIN products p ON p.id = st.product_id
         LEFT JOIN (SELECT product_id, SUM(qty) AS qty FROM sales_day_product
                    WHERE company_id = $1 AND branch_id = $3 AND day >= $4 GROUP BY product_id) x ON x.product_id = st.product_id
         WHERE st.qty > 0 ORDER BY 6, 5 DESC, p.id LIMIT {limit}"
    ))
    .bind(actor.company_id)
    .bind(actor.branch_id.unwrap_or(0))
    .bind(actor.branch_id.unwrap_or(ALL_BRANCHES))
    .bind(since.to_string())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(product_id, name, unit, on_hand, value, sold)| SlowMover {
            product_id,
            name,
            unit,
            on_hand: Qty(on_hand),
            value,
            sold: Qty(sold),
        })
        .collect())
}

/// Runs a query over receipts with the scope's five parameters: company, from, to, branch, cashier.
async fn query_receipts<T>(db: &Db, sql: &str, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    Ok(sqlx::query_as::<_, T>(sql)
        .bind(scope.company_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(scope.branch_id.unwrap_or(0))
        .bind(scope.cashier_id.unwrap_or(0))
        .fetch_all(&db.pool)
        .await?)
}

/// Net sales per day, for the chart.
pub async fn daily_totals(db: &Db, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, i64)>> {
    let (table, cashier_sql, (branch_sql, branch)) = match scope.cashier_id {
        Some(_) => ("sales", " AND cashier_id = $5", branch_filter(scope, 4)),
        None => ("sales_day", " AND $5 = $5", rollup_branch(scope, 4)),
    };
    let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT day, CAST(SUM(total) AS BIGINT) FROM {table}
         WHERE company_id = $1 AND day >= $2 AND day <= $3{branch_sql}{cashier_sql} GROUP BY day ORDER BY day"
    ))
    .bind(scope.company_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .bind(branch.unwrap_or(0))
    .bind(scope.cashier_id.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    let by_day: HashMap<String, i64> = rows.into_iter().collect();
    Ok(from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| (d, by_day.get(&d.to_string()).copied().unwrap_or(0)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods() {
        let today = d("2026-11-22"); // a Sunday
        assert_eq!(Period::Today.dates(today), (today, today));
        assert_eq!(Period::Yesterday.dates(today), (d("2026-11-21"), d("2026-11-21")));
        assert_eq!(Period::ThisWeek.dates(today), (d("2026-11-16"), today));
        assert_eq!(Period::ThisMonth.dates(today), (d("2026-11-01"), today));
        assert_eq!(Period::LastMonth.dates(today), (d("2026-10-01"), d("2026-10-31")));
        assert_eq!(Period::LastMonth.dates(d("2026-03-31")), (d("2026-02-01"), d("2026-02-28")));
        for p in Period::BUTTONS.into_iter().chain([Period::Range(d("2026-01-05"), d("2026-02-10"))]) {
            assert_eq!(Period::from_code(&p.code()), Some(p));
        }
    }

    #[test]
    fn whole_months_come_from_the_month_rollup() {
        let today = d("2026-11-22");
        assert_eq!(month_split(d("2026-11-01"), today, today), (vec!["2026-11".to_string()], vec![]));
        assert_eq!(month_split(d("2026-10-01"), d("2026-10-31"), today), (vec!["2026-10".to_string()], vec![]));
        assert_eq!(
            month_split(d("2026-09-15"), d("2026-11-03"), today),
            (vec!["2026-10".to_string()], vec![(d("2026-09-15"), d("2026-09-30")), (d("2026-11-01"), d("2026-11-03"))])
        );
        assert_eq!(month_split(today, today, today), (vec![], vec![(today, today)]));
    }

    #[test]
    fn change_is_against_the_previous_total() {
        let s = Summary { total: 1_050, previous_total: 1_000, ..Default::default() };
        assert_eq!(s.change_permille(), Some(50));
        let s = Summary { total: 0, previous_total: 0, ..Default::default() };
        assert_eq!(s.change_permille(), None);
    }
}
