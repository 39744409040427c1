//! The rollups lookups read: per day (and month, for products), per branch and, under branch 0,
//! for the whole company. Each sale and return adds itself; `rebuild` recomputes them all.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::{Header, Payment, SaleKind, SaleType};
use crate::db::many::{insert_many, Fixed};
use crate::db::{Db, Tx};
use crate::domain::Result;

/// Receipts, returns, total, returned, VAT and cost of a day's sales of one kind.
#[derive(Clone, Copy, Debug, Default)]
struct DayFigures {
    receipts: i64,
    returns: i64,
    total: i64,
    returned: i64,
    vat: i64,
    cost: i64,
}

/// What sales add to the rollups, gathered in memory and written with one statement per
/// table: one sale at the till, or a whole import.
#[derive(Default)]
pub(super) struct Rollups {
    company_id: i64,
    day: HashMap<(NaiveDate, i64, SaleType, Payment), DayFigures>,
    /// (receipts, total) per day, branch and cashier (0: none).
    cashier: HashMap<(NaiveDate, i64, i64), (i64, i64)>,
    /// (qty, total) per day or month, branch (and [`ALL_BRANCHES`]) and product.
    product_day: HashMap<(NaiveDate, i64, i64), (i64, i64)>,
    /// Months by their first day.
    product_month: HashMap<(NaiveDate, i64, i64), (i64, i64)>,
}

impl Rollups {
    pub(super) fn new(company_id: i64) -> Rollups {
        Rollups { company_id, ..Default::default() }
    }

    /// A receipt's header: daily figures per branch and for the company, and per cashier.
    pub(super) fn add_sale(&mut self, h: &Header) {
        let is_return = h.kind == SaleKind::Return;
        for branch in [h.branch_id, ALL_BRANCHES] {
            let f = self.day.entry((h.day, branch, h.sale_type, h.payment)).or_default();
            f.receipts += i64::from(!is_return);
            f.returns += i64::from(is_return);
            f.total += h.total;
            f.returned += if is_return { h.total } else { 0 };
            f.vat += h.vat;
            f.cost += h.cost;
        }
        let c = self.cashier.entry((h.day, h.branch_id, h.cashier_id.unwrap_or(0))).or_default();
        c.0 += i64::from(!is_return);
        c.1 += h.total;
    }

    /// A line of a receipt: the product's day and month, per branch and for the company.
    pub(super) fn add_line(&mut self, h: &Header, product_id: i64, qty: i64, total: i64) {
        let month = h.day.with_day(1).unwrap_or(h.day);
        for branch in [h.branch_id, ALL_BRANCHES] {
            let d = self.product_day.entry((h.day, branch, product_id)).or_default();
            d.0 += qty;
            d.1 += total;
            let m = self.product_month.entry((month, branch, product_id)).or_default();
            m.0 += qty;
            m.1 += total;
        }
    }

    /// Adds everything gathered to the rollup tables.
    pub(super) async fn write(self, tx: &mut Tx) -> Result<()> {
        let company = self.company_id;
        let day: Vec<_> = self.day.into_iter().collect();
        insert_many(
            tx,
            "sales_day",
            &["day", "branch_id", "sale_type", "payment", "receipts", "returns", "total", "returned", "vat", "cost"],
            &[("company_id", Fixed::Int(company))],
            &day,
            "ON CONFLICT (company_id, day, branch_id, sale_type, payment) DO UPDATE SET
                 receipts = sales_day.receipts + excluded.receipts, returns = sales_day.returns + excluded.returns,
                 total = sales_day.total + excluded.total, returned = sales_day.returned + excluded.returned,
                 vat = sales_day.vat + excluded.vat, cost = sales_day.cost + excluded.cost",
            |((day, branch, sale_type, payment), f), row| {
                row.text(&day.to_string())
                    .int(*branch)
                    .text(sale_type.as_str())
                    .text(payment.as_str())
                    .int(f.receipts)
                    .int(f.returns)
                    .int(f.total)
                    .int(f.returned)
                    .int(f.vat)
                    .int(f.cost);
            },
        )
        .await?;
        let cashier: Vec<_> = self.cashier.into_iter().collect();
        insert_many(
            tx,
            "sales_day_cashier",
            &["day", "branch_id", "cashier_id", "receipts", "total"],
            &[("company_id", Fixed::Int(company))],
            &cashier,
            "ON CONFLICT (company_id, day, branch_id, cashier_id) DO UPDATE SET
                 receipts = sales_day_cashier.receipts + excluded.receipts, total = sales_day_cashier.total + excluded.total",
            |((day, branch, cashier), (receipts, total)), row| {
                row.text(&day.to_string()).int(*branch).int(*cashier).int(*receipts).int(*total);
            },
        )
        .await?;
        let by_day: Vec<_> = self.product_day.into_iter().map(|((d, b, p), v)| ((d.to_string(), b, p), v)).collect();
        let by_month: Vec<_> =
            self.product_month.into_iter().map(|((m, b, p), v)| ((m.format("%Y-%m").to_string(), b, p), v)).collect();
        for (table, period, rows) in [("sales_day_product", "day", by_day), ("sales_month_product", "month", by_month)]
        {
            let tail = format!(
                "ON CONFLICT (company_id, {period}, branch_id, product_id) DO UPDATE SET
                     qty = {table}.qty + excluded.qty, total = {table}.total + excluded.total"
            );
            insert_many(
                tx,
                table,
                &[period, "branch_id", "product_id", "qty", "total"],
                &[("company_id", Fixed::Int(company))],
                &rows,
                &tail,
                |((period, branch, product), (qty, total)), row| {
                    row.text(period).int(*branch).int(*product).int(*qty).int(*total);
                },
            )
            .await?;
        }
        Ok(())
    }
}

/// The branch id under which product rollups keep the whole company's figures.
pub const ALL_BRANCHES: i64 = 0;

/// Rebuilds every rollup of a company from its sales (after a bulk load, or to repair).
pub async fn rebuild_rollups(db: &Db, company_id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    for table in ["sales_day", "sales_day_cashier", "sales_day_product", "sales_month_product"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE company_id = $1")).bind(company_id).execute(&mut *tx).await?;
    }
    let statements = [
        "INSERT INTO sales_day (company_id, day, branch_id, sale_type, payment, receipts, returns, total, returned, vat, cost)
         SELECT company_id, day, branch_id, sale_type, payment,
                SUM(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END), SUM(CASE WHEN kind = 'return' THEN 1 ELSE 0 END),
                SUM(total), SUM(CASE WHEN kind = 'return' THEN total ELSE 0 END), SUM(vat), SUM(cost)
         FROM sales WHERE company_id = $1 GROUP BY company_id, day, branch_id, sale_type, payment",
        "INSERT INTO sales_day (company_id, day, branch_id, sale_type, payment, receipts, returns, total, returned, vat, cost)
         SELECT company_id, day, 0, sale_type, payment, SUM(receipts), SUM(returns), SUM(total), SUM(returned), SUM(vat), SUM(cost)
         FROM sales_day WHERE company_id = $1 GROUP BY company_id, day, sale_type, payment",
        "INSERT INTO sales_day_cashier (company_id, day, branch_id, cashier_id, receipts, total)
         SELECT company_id, day, branch_id, COALESCE(cashier_id, 0), SUM(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END), SUM(total)
         FROM sales WHERE company_id = $1 GROUP BY company_id, day, branch_id, COALESCE(cashier_id, 0)",
        "INSERT INTO sales_day_product (company_id, day, branch_id, product_id, qty, total)
         SELECT s.company_id, s.day, s.branch_id, l.product_id,
                SUM(CASE WHEN s.kind = 'return' THEN -l.qty ELSE l.qty END), SUM(l.total)
         FROM sales s JOIN sale_lines l ON l.sale_id = s.id
         WHERE s.company_id = $1 GROUP BY s.company_id, s.day, s.branch_id, l.product_id",
        "INSERT INTO sales_day_product (company_id, day, branch_id, product_id, qty, total)
         SELECT company_id, day, 0, product_id, SUM(qty), SUM(total)
         FROM sales_day_product WHERE company_id = $1 GROUP BY company_id, day, product_id",
        "INSERT INTO sales_month_product (company_id, month, branch_id, product_id, qty, total)
         SELECT company_id, SUBSTR(day, 1, 7), branch_id, product_id, SUM(qty), SUM(total)
         FROM sales_day_product WHERE company_id = $1 GROUP BY company_id, SUBSTR(day, 1, 7), branch_id, product_id",
    ];
    for sql in statements {
        sqlx::query(sql).bind(company_id).execute(&mut *tx).await?;
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}
