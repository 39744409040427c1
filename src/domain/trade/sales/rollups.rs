//! The rollups lookups read: per day (and month, for products), per branch and, under branch 0,
//! for the whole company. Each sale and return adds itself; `rebuild` recomputes them all.

use super::{Header, SaleKind};
use crate::db::{Db, Tx};
use crate::domain::Result;

/// Daily rollups: per branch and, under branch 0, for the whole company.
pub(super) async fn add_rollups(tx: &mut Tx, h: &Header) -> Result<()> {
    let is_return = h.kind == SaleKind::Return;
    for branch in [h.branch_id, ALL_BRANCHES] {
        sqlx::query(
            "INSERT INTO sales_day (company_id, day, branch_id, sale_type, payment, receipts, returns, total, returned, vat, cost)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (company_id, day, branch_id, sale_type, payment) DO UPDATE SET
                 receipts = sales_day.receipts + excluded.receipts, returns = sales_day.returns + excluded.returns,
                 total = sales_day.total + excluded.total, returned = sales_day.returned + excluded.returned,
                 vat = sales_day.vat + excluded.vat, cost = sales_day.cost + excluded.cost",
        )
        .bind(h.company_id)
        .bind(h.day.to_string())
        .bind(branch)
        .bind(h.sale_type.as_str())
        .bind(h.payment.as_str())
        .bind(i64::from(!is_return))
        .bind(i64::from(is_return))
        .bind(h.total)
        .bind(if is_return { h.total } else { 0 })
        .bind(h.vat)
        .bind(h.cost)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO sales_day_cashier (company_id, day, branch_id, cashier_id, receipts, total)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (company_id, day, branch_id, cashier_id) DO UPDATE SET
             receipts = sales_day_cashier.receipts + excluded.receipts, total = sales_day_cashier.total + excluded.total",
    )
    .bind(h.company_id)
    .bind(h.day.to_string())
    .bind(h.branch_id)
    .bind(h.cashier_id.unwrap_or(0))
    .bind(i64::from(!is_return))
    .bind(h.total)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Product rollups by day and by month, per branch and for the whole company (branch 0).
pub(super) async fn add_product_rollup(tx: &mut Tx, h: &Header, product_id: i64, qty: i64, total: i64) -> Result<()> {
    let month = h.day.format("%Y-%m").to_string();
    for (table, period_column, period) in
        [("sales_day_product", "day", h.day.to_string()), ("sales_month_product", "month", month)]
    {
        let sql = format!(
            "INSERT INTO {table} (company_id, {period_column}, branch_id, product_id, qty, total)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (company_id, {period_column}, branch_id, product_id) DO UPDATE SET
                 qty = {table}.qty + excluded.qty, total = {table}.total + excluded.total"
        );
        for branch in [h.branch_id, ALL_BRANCHES] {
            sqlx::query(&sql)
                .bind(h.company_id)
                .bind(&period)
                .bind(branch)
                .bind(product_id)
                .bind(qty)
                .bind(total)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
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
