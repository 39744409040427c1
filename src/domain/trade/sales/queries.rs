//! Reading receipts back: one sale with its lines, and filtered lists.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Payment, Sale, SaleKind, SaleLine, SaleType};
use crate::db::Db;
use crate::domain::money::{Money, Qty};
use crate::domain::{Error, Refusal, Result};

type HeaderRow =
    (i64, i64, i64, Option<i64>, Option<i64>, String, Option<i64>, String, String, i64, String, i64, i64, i64, i64);

const HEADER_COLUMNS: &str = "id, company_id, branch_id, cashier_id, customer_id, kind, return_of, sale_type, payment,
     sold_at, day, total, vat, discount, cost";

fn sale_from(row: HeaderRow, lines: Vec<SaleLine>) -> Sale {
    let (
        id,
        company_id,
        branch_id,
        cashier_id,
        customer_id,
        kind,
        return_of,
        sale_type,
        payment,
        sold_at,
        day,
        total,
        vat,
        discount,
        cost,
    ) = row;
    Sale {
        id,
        company_id,
        branch_id,
        cashier_id,
        customer_id,
        kind: SaleKind::parse(&kind).unwrap_or(SaleKind::Sale),
        return_of,
        sale_type: SaleType::parse(&sale_type).unwrap_or(SaleType::Retail),
        payment: Payment::parse(&payment).unwrap_or(Payment::Cash),
        sold_at,
        day,
        total: Money(total),
        vat: Money(vat),
        discount: Money(discount),
        cost: Money(cost),
        lines,
    }
}

pub async fn sale(db: &Db, company_id: i64, id: i64) -> Result<Sale> {
    let sql = format!("SELECT {HEADER_COLUMNS} FROM sales WHERE id = $1 AND company_id = $2");
    let row: HeaderRow = sqlx::query_as(&sql)
        .bind(id)
        .bind(company_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::Refused(Refusal::NotFound))?;
    let lines = lines_of(db, &[id]).await?;
    Ok(sale_from(row, lines.into_iter().map(|(_, l)| l).collect()))
}

async fn lines_of(db: &Db, sale_ids: &[i64]) -> Result<Vec<(i64, SaleLine)>> {
    if sale_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=sale_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT l.sale_id, l.product_id, p.name, p.unit, l.qty, l.unit_price, l.discount, l.total, l.vat, l.vat_rate_bp, l.cost
         FROM sale_lines l JOIN products p ON p.id = l.product_id
         WHERE l.sale_id IN ({}) ORDER BY l.sale_id, l.id",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as::<_, (i64, i64, String, String, i64, i64, i64, i64, i64, i64, i64)>(&sql);
    for id in sale_ids {
        query = query.bind(id);
    }
    let rows = query.fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|(sale_id, product_id, product_name, unit, qty, unit_price, discount, total, vat, vat_rate_bp, cost)| {
            (
                sale_id,
                SaleLine {
                    product_id,
                    product_name,
                    unit,
                    qty: Qty(qty),
                    unit_price: Money(unit_price),
                    discount: Money(discount),
                    total: Money(total),
                    vat: Money(vat),
                    vat_rate_bp,
                    cost: Money(cost),
                },
            )
        })
        .collect())
}

/// Filters for listing sales (the HTTP API).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SaleFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub branch_id: Option<i64>,
    pub cashier_id: Option<i64>,
    #[serde(rename = "type")]
    pub sale_type: Option<SaleType>,
    pub limit: Option<i64>,
}

/// Sales of a company by filter, without any scope: the core's own reads and the tests.
pub(crate) async fn list(db: &Db, company_id: i64, filter: &SaleFilter) -> Result<Vec<Sale>> {
    let mut sql = format!("SELECT {HEADER_COLUMNS} FROM sales WHERE company_id = $1");
    let mut args: Vec<String> = Vec::new();
    let mut push = |clause: &str, value: String, sql: &mut String| {
        args.push(value);
        sql.push_str(&format!(" AND {clause} ${}", args.len() + 1));
    };
    if let Some(from) = filter.from {
        push("day >=", from.to_string(), &mut sql);
    }
    if let Some(to) = filter.to {
        push("day <=", to.to_string(), &mut sql);
    }
    if let Some(t) = filter.sale_type {
        push("sale_type =", t.as_str().to_string(), &mut sql);
    }
    let mut ints: Vec<i64> = Vec::new();
    let mut next = args.len() + 2;
    for (column, value) in [("branch_id", filter.branch_id), ("cashier_id", filter.cashier_id)] {
        if let Some(v) = value {
            sql.push_str(&format!(" AND {column} = ${next}"));
            ints.push(v);
            next += 1;
        }
    }
    let limit = filter.limit.unwrap_or(100).clamp(1, 1000);
    sql.push_str(&format!(" ORDER BY sold_at DESC, id DESC LIMIT {limit}"));
    let mut query = sqlx::query_as::<_, HeaderRow>(&sql).bind(company_id);
    for a in &args {
        query = query.bind(a.clone());
    }
    for i in &ints {
        query = query.bind(*i);
    }
    let rows = query.fetch_all(&db.pool).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut lines = lines_of(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = row.0;
            let mine: Vec<SaleLine> = lines.iter().filter(|(sid, _)| *sid == id).map(|(_, l)| l.clone()).collect();
            lines.retain(|(sid, _)| *sid != id);
            sale_from(row, mine)
        })
        .collect())
}
