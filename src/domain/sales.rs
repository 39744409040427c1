//! Sales and returns. A sale takes goods out of a branch (one stock move per line, valued at
//! the branch's average cost), is stored with its lines, and adds itself to the rollups that
//! make lookups fast. A return references its sale, puts the goods back and counts as
//! negative sales on the day it happens.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::money::{Money, Qty};
use super::stock::{self, extend, LowStock, Move, MoveReason};
use super::tax::vat_inside;
use super::{ledger, Error, Refusal, Result};
use crate::db::{now, Db, Tx};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SaleType {
    Retail,
    Wholesale,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Payment {
    Cash,
    Card,
    Transfer,
    Click,
    Payme,
    Debt,
}

impl SaleType {
    pub const ALL: [SaleType; 2] = [SaleType::Retail, SaleType::Wholesale];
    pub fn as_str(self) -> &'static str {
        match self {
            SaleType::Retail => "retail",
            SaleType::Wholesale => "wholesale",
        }
    }
    pub fn parse(s: &str) -> Option<SaleType> {
        SaleType::ALL.into_iter().find(|t| t.as_str() == s.trim().to_lowercase())
    }
}

impl Payment {
    pub const ALL: [Payment; 6] =
        [Payment::Cash, Payment::Card, Payment::Transfer, Payment::Click, Payment::Payme, Payment::Debt];
    pub fn as_str(self) -> &'static str {
        match self {
            Payment::Cash => "cash",
            Payment::Card => "card",
            Payment::Transfer => "transfer",
            Payment::Click => "click",
            Payment::Payme => "payme",
            Payment::Debt => "debt",
        }
    }
    pub fn parse(s: &str) -> Option<Payment> {
        Payment::ALL.into_iter().find(|p| p.as_str() == s.trim().to_lowercase())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    pub product_id: i64,
    pub qty: Qty,
    /// The product's sale price when not given.
    pub unit_price: Option<Money>,
    #[serde(default)]
    pub discount: Money,
}

#[derive(Clone, Debug)]
pub struct SaleInput {
    pub branch_id: i64,
    pub cashier_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub sale_type: SaleType,
    pub payment: Payment,
    pub lines: Vec<LineInput>,
    /// Unix seconds; now when not given.
    pub sold_at: Option<i64>,
    pub source: &'static str,
    pub idempotency_key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SaleLine {
    pub product_id: i64,
    pub product_name: String,
    pub unit: String,
    pub qty: Qty,
    pub unit_price: Money,
    pub discount: Money,
    pub total: Money,
    pub vat: Money,
    pub vat_rate_bp: i64,
    pub cost: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sale {
    pub id: i64,
    pub company_id: i64,
    pub branch_id: i64,
    pub cashier_id: Option<i64>,
    pub customer_id: Option<i64>,
    /// `sale` or `return`.
    pub kind: String,
    pub return_of: Option<i64>,
    pub sale_type: SaleType,
    pub payment: Payment,
    pub sold_at: i64,
    pub day: String,
    pub total: Money,
    pub vat: Money,
    pub discount: Money,
    pub cost: Money,
    pub lines: Vec<SaleLine>,
}

/// A recorded sale (or the one an idempotency key already recorded) and the minimums it crossed.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub sale: Sale,
    pub alerts: Vec<LowStock>,
    pub replayed: bool,
}

pub async fn company_tz(tx: &mut Tx, company_id: i64) -> Result<Tz> {
    let name: String = sqlx::query_scalar("SELECT time_zone FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(name.parse().unwrap_or(chrono_tz::Asia::Tashkent))
}

/// The company-local calendar day of a moment: a sale at 23:30 in Tashkent is that day's.
pub fn local_day(tz: Tz, at: i64) -> NaiveDate {
    tz.timestamp_opt(at, 0).single().map(|t| t.date_naive()).unwrap_or_default()
}

pub async fn record_sale(db: &Db, company_id: i64, input: &SaleInput) -> Result<Recorded> {
    if let Some(key) = &input.idempotency_key {
        if let Some(id) = sale_id_by_key(db, company_id, key).await? {
            return Ok(Recorded { sale: sale(db, company_id, id).await?, alerts: Vec::new(), replayed: true });
        }
    }
    let mut tx = db.begin().await?;
    let result = record_sale_in(&mut tx, company_id, input).await;
    match result {
        Ok((id, alerts)) => {
            if let Err(e) = tx.commit().await {
                // A concurrent request with the same key won the race: answer with its sale.
                if let Some(key) = &input.idempotency_key {
                    if let Some(id) = sale_id_by_key(db, company_id, key).await? {
                        return Ok(Recorded { sale: sale(db, company_id, id).await?, alerts: vec![], replayed: true });
                    }
                }
                return Err(anyhow::Error::from(e).into());
            }
            Ok(Recorded { sale: sale(db, company_id, id).await?, alerts, replayed: false })
        }
        Err(e) => {
            drop(tx);
            if let Some(key) = &input.idempotency_key {
                if let Some(id) = sale_id_by_key(db, company_id, key).await? {
                    return Ok(Recorded { sale: sale(db, company_id, id).await?, alerts: vec![], replayed: true });
                }
            }
            Err(e)
        }
    }
}

async fn sale_id_by_key(db: &Db, company_id: i64, key: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM sales WHERE company_id = $1 AND idempotency_key = $2")
        .bind(company_id)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?)
}

/// Records a sale inside the caller's transaction (an import records many in one).
pub async fn record_sale_in(tx: &mut Tx, company_id: i64, input: &SaleInput) -> Result<(i64, Vec<LowStock>)> {
    if input.lines.is_empty() {
        return Err(Refusal::EmptySale.into());
    }
    stock::ensure_branch(tx, company_id, input.branch_id).await?;
    if let Some(customer) = input.customer_id {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM customers WHERE id = $1 AND company_id = $2")
            .bind(customer)
            .bind(company_id)
            .fetch_optional(&mut **tx)
            .await?;
        found.ok_or(Refusal::NotFound)?;
    }
    let mut lines = Vec::with_capacity(input.lines.len());
    for line in &input.lines {
        if line.qty.0 <= 0 {
            return Err(Refusal::BadQuantity.into());
        }
        let product: Option<(i64, i64)> =
            sqlx::query_as("SELECT sale_price, vat_rate_bp FROM products WHERE id = $1 AND company_id = $2")
                .bind(line.product_id)
                .bind(company_id)
                .fetch_optional(&mut **tx)
                .await?;
        let (sale_price, vat_rate_bp) = product.ok_or(Refusal::UnknownProduct)?;
        let unit_price = line.unit_price.map(|m| m.0).unwrap_or(sale_price);
        let gross = extend(line.qty, unit_price);
        if line.discount.0 < 0 || line.discount.0 > gross {
            return Err(Refusal::BadDiscount.into());
        }
        let total = gross - line.discount.0;
        lines.push((line, unit_price, total, vat_inside(total, vat_rate_bp), vat_rate_bp));
    }
    let sold_at = input.sold_at.unwrap_or_else(now);
    let day = local_day(company_tz(tx, company_id).await?, sold_at);
    let mut header = Header {
        company_id,
        branch_id: input.branch_id,
        cashier_id: input.cashier_id,
        customer_id: input.customer_id,
        kind: "sale",
        return_of: None,
        sale_type: input.sale_type,
        payment: input.payment,
        sold_at,
        day,
        total: lines.iter().map(|l| l.2).sum(),
        vat: lines.iter().map(|l| l.3).sum(),
        discount: lines.iter().map(|l| l.0.discount.0).sum(),
        cost: 0,
        source: input.source,
        idempotency_key: input.idempotency_key.clone(),
    };
    let id = insert_header(tx, &header).await?;
    let mut alerts = Vec::new();
    for (line, unit_price, total, vat, rate) in &lines {
        let mv = Move {
            company_id,
            branch_id: input.branch_id,
            product_id: line.product_id,
            delta: Qty(-line.qty.0),
            reason: MoveReason::Sale,
            ref_kind: "sale",
            ref_id: Some(id),
            user_id: input.cashier_id,
        };
        let (cost, alert) = stock::issue_and_check(tx, &mv).await?;
        alerts.extend(alert);
        header.cost += cost;
        insert_line(
            tx,
            id,
            company_id,
            line.product_id,
            line.qty,
            *unit_price,
            line.discount.0,
            *total,
            *vat,
            *rate,
            cost,
        )
        .await?;
        add_product_rollup(tx, &header, line.product_id, line.qty.0, *total).await?;
    }
    sqlx::query("UPDATE sales SET cost = $1 WHERE id = $2").bind(header.cost).bind(id).execute(&mut **tx).await?;
    add_rollups(tx, &header).await?;
    post_to_ledger(tx, &header, id).await?;
    Ok((id, alerts))
}

/// Where a sale's money lands: cash in the register, card and bank payments on the bank
/// account, sales on credit as receivables.
pub fn settlement_account(payment: Payment) -> &'static str {
    match payment {
        Payment::Cash => ledger::CASH,
        Payment::Debt => ledger::RECEIVABLES,
        Payment::Card | Payment::Transfer | Payment::Click | Payment::Payme => ledger::BANK,
    }
}

/// A sale: Dr cash/bank/receivable gross, Cr 9020 net, Cr 6410 VAT; Dr 9120 / Cr 2910 at cost.
/// A return mirrors it through 9040 (returns) instead of reducing 9020.
async fn post_to_ledger(tx: &mut Tx, h: &Header, id: i64) -> Result<()> {
    let settlement = settlement_account(h.payment);
    let register = if settlement == ledger::CASH {
        Some(super::cash::register_for(tx, h.company_id, h.branch_id, h.cashier_id).await?)
    } else {
        None
    };
    let net = h.total - h.vat;
    let mut lines = vec![ledger::dr(settlement, h.total), ledger::cr(ledger::TAXES_PAYABLE, h.vat)];
    if h.kind == "return" {
        lines.push(ledger::dr(ledger::RETURNS, -net));
    } else {
        lines.push(ledger::cr(ledger::REVENUE, net));
    }
    lines.push(ledger::dr(ledger::COST_OF_SALES, h.cost));
    lines.push(ledger::cr(ledger::GOODS, h.cost));
    let posting = ledger::Posting {
        company_id: h.company_id,
        branch_id: Some(h.branch_id),
        day: h.day,
        ref_kind: h.kind,
        ref_id: Some(id),
        memo: format!("{} {id}", h.kind),
        lines,
        register_id: register,
    };
    ledger::post(tx, &posting).await?;
    Ok(())
}

/// Returns goods of a sale: all of it (`None`) or some lines with quantities. The refund is
/// paid the way the sale was, and is counted on the day of the return.
pub async fn record_return(
    db: &Db,
    company_id: i64,
    sale_id: i64,
    lines: Option<Vec<(i64, Qty)>>,
    cashier_id: Option<i64>,
) -> Result<Recorded> {
    let original = sale(db, company_id, sale_id).await?;
    if original.kind != "sale" {
        return Err(Refusal::NotASale.into());
    }
    let mut tx = db.begin().await?;
    let returned: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT l.product_id, CAST(SUM(l.qty) AS BIGINT) FROM sale_lines l JOIN sales s ON s.id = l.sale_id
         WHERE s.return_of = $1 AND s.company_id = $2 GROUP BY l.product_id",
    )
    .bind(sale_id)
    .bind(company_id)
    .fetch_all(&mut *tx)
    .await?;
    let already = |product: i64| returned.iter().find(|(p, _)| *p == product).map(|(_, q)| *q).unwrap_or(0);
    let wanted: Vec<(i64, Qty)> = match lines {
        Some(lines) => lines,
        None => original.lines.iter().map(|l| (l.product_id, Qty(l.qty.0 - already(l.product_id)))).collect(),
    };
    let wanted: Vec<(i64, Qty)> = wanted.into_iter().filter(|(_, q)| q.0 != 0).collect();
    if wanted.is_empty() {
        return Err(Refusal::ReturnTooMuch.into());
    }
    let mut parts = Vec::new();
    for (product_id, qty) in &wanted {
        let sold = original.lines.iter().find(|l| l.product_id == *product_id).ok_or(Refusal::UnknownProduct)?;
        if qty.0 <= 0 {
            return Err(Refusal::BadQuantity.into());
        }
        if qty.0 + already(*product_id) > sold.qty.0 {
            return Err(Refusal::ReturnTooMuch.into());
        }
        // The refund is the same share of what was paid for the line, VAT and cost alike.
        let share = |amount: i64| -> i64 {
            if *qty == sold.qty {
                amount
            } else {
                ((amount as i128 * qty.0 as i128 + sold.qty.0 as i128 / 2) / sold.qty.0 as i128) as i64
            }
        };
        parts.push((sold, *qty, share(sold.total.0), share(sold.vat.0), share(sold.cost.0), share(sold.discount.0)));
    }
    let at = now();
    let day = local_day(company_tz(&mut tx, company_id).await?, at);
    let header = Header {
        company_id,
        branch_id: original.branch_id,
        cashier_id: cashier_id.or(original.cashier_id),
        customer_id: original.customer_id,
        kind: "return",
        return_of: Some(sale_id),
        sale_type: original.sale_type,
        payment: original.payment,
        sold_at: at,
        day,
        total: -parts.iter().map(|p| p.2).sum::<i64>(),
        vat: -parts.iter().map(|p| p.3).sum::<i64>(),
        discount: -parts.iter().map(|p| p.5).sum::<i64>(),
        cost: -parts.iter().map(|p| p.4).sum::<i64>(),
        source: "return",
        idempotency_key: None,
    };
    let id = insert_header(&mut tx, &header).await?;
    for (sold, qty, total, vat, cost, discount) in &parts {
        insert_line(
            &mut tx,
            id,
            company_id,
            sold.product_id,
            *qty,
            sold.unit_price.0,
            -discount,
            -total,
            -vat,
            sold.vat_rate_bp,
            -cost,
        )
        .await?;
        let mv = Move {
            company_id,
            branch_id: original.branch_id,
            product_id: sold.product_id,
            delta: *qty,
            reason: MoveReason::Return,
            ref_kind: "return",
            ref_id: Some(id),
            user_id: header.cashier_id,
        };
        // Goods come back at the cost they left with.
        stock::receive_value(&mut tx, &mv, *cost).await?;
        add_product_rollup(&mut tx, &header, sold.product_id, -qty.0, -total).await?;
    }
    add_rollups(&mut tx, &header).await?;
    post_to_ledger(&mut tx, &header, id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Recorded { sale: sale(db, company_id, id).await?, alerts: Vec::new(), replayed: false })
}

struct Header {
    company_id: i64,
    branch_id: i64,
    cashier_id: Option<i64>,
    customer_id: Option<i64>,
    kind: &'static str,
    return_of: Option<i64>,
    sale_type: SaleType,
    payment: Payment,
    sold_at: i64,
    day: NaiveDate,
    total: i64,
    vat: i64,
    discount: i64,
    cost: i64,
    source: &'static str,
    idempotency_key: Option<String>,
}

async fn insert_header(tx: &mut Tx, h: &Header) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO sales (company_id, branch_id, cashier_id, customer_id, kind, return_of, sale_type, payment,
                            sold_at, day, total, vat, discount, cost, source, idempotency_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(h.company_id)
    .bind(h.branch_id)
    .bind(h.cashier_id)
    .bind(h.customer_id)
    .bind(h.kind)
    .bind(h.return_of)
    .bind(h.sale_type.as_str())
    .bind(h.payment.as_str())
    .bind(h.sold_at)
    .bind(h.day.to_string())
    .bind(h.total)
    .bind(h.vat)
    .bind(h.discount)
    .bind(h.cost)
    .bind(h.source)
    .bind(h.idempotency_key.as_deref())
    .bind(now())
    .fetch_one(&mut **tx)
    .await?)
}

#[allow(clippy::too_many_arguments)]
async fn insert_line(
    tx: &mut Tx,
    sale_id: i64,
    company_id: i64,
    product_id: i64,
    qty: Qty,
    unit_price: i64,
    discount: i64,
    total: i64,
    vat: i64,
    vat_rate_bp: i64,
    cost: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sale_lines (sale_id, company_id, product_id, qty, unit_price, discount, total, vat, vat_rate_bp, cost)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(sale_id)
    .bind(company_id)
    .bind(product_id)
    .bind(qty.0)
    .bind(unit_price)
    .bind(discount)
    .bind(total)
    .bind(vat)
    .bind(vat_rate_bp)
    .bind(cost)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Daily rollups: per branch and, under branch 0, for the whole company.
async fn add_rollups(tx: &mut Tx, h: &Header) -> Result<()> {
    let is_return = h.kind == "return";
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
async fn add_product_rollup(tx: &mut Tx, h: &Header, product_id: i64, qty: i64, total: i64) -> Result<()> {
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
        kind,
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

pub async fn list(db: &Db, company_id: i64, filter: &SaleFilter) -> Result<Vec<Sale>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_evening_in_tashkent_is_that_day() {
        // 2026-11-21 18:30 UTC is 23:30 in Tashkent (UTC+5).
        let at = chrono::Utc.with_ymd_and_hms(2026, 11, 21, 18, 30, 0).unwrap().timestamp();
        assert_eq!(local_day(chrono_tz::Asia::Tashkent, at).to_string(), "2026-11-21");
        let after_midnight = chrono::Utc.with_ymd_and_hms(2026, 11, 21, 19, 30, 0).unwrap().timestamp();
        assert_eq!(local_day(chrono_tz::Asia::Tashkent, after_midnight).to_string(), "2026-11-22");
    }
}
