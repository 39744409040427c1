//! Sales and returns. A sale takes goods out of a branch (one stock move per line, valued at
//! the branch's average cost), is stored with its lines, and adds itself to the rollups that
//! make lookups fast. A return references its sale, puts the goods back and counts as
//! negative sales on the day it happens.
//!
//! Every entry point takes the [`Actor`]: the branch rule, who may be named as the cashier and
//! whose receipts may be read are decided here, for the chat, the API and imports alike.

mod batch;
mod queries;
mod rollups;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

pub use self::batch::{record_batch, Batch, Rejected};
pub use self::queries::SaleFilter;
use self::rollups::Rollups;
pub use self::rollups::{rebuild_rollups, ALL_BRANCHES};
use crate::db::many::{insert_many, Fixed};
use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::calendar;
use crate::domain::events::Event;
use crate::domain::money::{Money, Qty};
use crate::domain::roles::{Action, Role};
use crate::domain::stock::{self, Move, MoveReason};
use crate::domain::tax::vat_inside;
use crate::domain::{customers, ledger, Refusal, Result};

/// A receipt is a sale or the return of (part of) one. Stored as `sale` / `return`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SaleKind {
    Sale,
    Return,
}

impl SaleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SaleKind::Sale => "sale",
            SaleKind::Return => "return",
        }
    }
    pub fn parse(s: &str) -> Option<SaleKind> {
        [SaleKind::Sale, SaleKind::Return].into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SaleType {
    #[default]
    Retail,
    Wholesale,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Payment {
    #[default]
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

#[derive(Clone, Debug, Default)]
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
    /// On credit (`Debt`): the part the customer pays at once, and how.
    pub paid_now: Option<(Payment, Money)>,
    /// On credit: sell past the customer's credit limit (admins only).
    pub override_credit_limit: bool,
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
    pub kind: SaleKind,
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

/// A recorded sale (or the one an idempotency key already recorded) and what it caused
/// (minimums crossed).
#[derive(Clone, Debug)]
pub struct Recorded {
    pub sale: Sale,
    pub events: Vec<Event>,
    pub replayed: bool,
}

/// Records a sale for `actor`: in their branch (admins any), with themselves as the cashier
/// (admins may name any member of the company, or none).
pub async fn record_sale(db: &Db, actor: &Actor, input: &SaleInput) -> Result<Recorded> {
    let company_id = actor.company_id;
    if let Some(key) = &input.idempotency_key {
        if let Some(id) = sale_id_by_key(db, company_id, key).await? {
            return Ok(Recorded { sale: sale(db, company_id, id).await?, events: Vec::new(), replayed: true });
        }
    }
    let mut tx = db.begin().await?;
    let result = record_sale_in(&mut tx, actor, input).await;
    match result {
        Ok((id, events)) => {
            if let Err(e) = tx.commit().await {
                // A concurrent request with the same key won the race: answer with its sale.
                if let Some(key) = &input.idempotency_key {
                    if let Some(id) = sale_id_by_key(db, company_id, key).await? {
                        return Ok(Recorded { sale: sale(db, company_id, id).await?, events: vec![], replayed: true });
                    }
                }
                return Err(anyhow::Error::from(e).into());
            }
            Ok(Recorded { sale: sale(db, company_id, id).await?, events, replayed: false })
        }
        Err(e) => {
            drop(tx);
            if let Some(key) = &input.idempotency_key {
                if let Some(id) = sale_id_by_key(db, company_id, key).await? {
                    return Ok(Recorded { sale: sale(db, company_id, id).await?, events: vec![], replayed: true });
                }
            }
            Err(e)
        }
    }
}

/// Which of `keys` already name a sale of the company (receipts imported before).
pub async fn imported_keys(db: &Db, company_id: i64, keys: &[String]) -> Result<std::collections::HashSet<String>> {
    let sql = format!(
        "SELECT idempotency_key FROM sales WHERE company_id = $1 AND idempotency_key IN ({})",
        crate::db::many::json_texts(db.backend, 2)
    );
    let found: Vec<String> = sqlx::query_scalar(&sql)
        .bind(company_id)
        .bind(serde_json::to_string(keys).map_err(anyhow::Error::from)?)
        .fetch_all(&db.pool)
        .await?;
    Ok(found.into_iter().collect())
}

async fn sale_id_by_key(db: &Db, company_id: i64, key: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM sales WHERE company_id = $1 AND idempotency_key = $2")
        .bind(company_id)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?)
}

/// The cashier a sale is recorded under: branch staff sell as themselves; an admin (or the
/// system) may name an active member of the company, or no one.
async fn cashier_for(tx: &mut Tx, actor: &Actor, named: Option<i64>) -> Result<Option<i64>> {
    if actor.role != Role::Admin {
        return match (named, actor.user_id) {
            (Some(n), Some(me)) if n != me => Err(Refusal::NotAllowed.into()),
            (_, me) => Ok(me),
        };
    }
    let Some(cashier) = named else { return Ok(None) };
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM memberships WHERE company_id = $1 AND user_id = $2")
            .bind(actor.company_id)
            .bind(cashier)
            .fetch_optional(&mut **tx)
            .await?;
    match status.as_deref() {
        Some("active") => Ok(Some(cashier)),
        Some(_) => Err(Refusal::Blocked.into()),
        None => Err(Refusal::UnknownCashier.into()),
    }
}

/// A product as a sale prices it.
#[derive(Clone, Copy, Debug)]
struct ProductPrice {
    sale_price: i64,
    wholesale_price: Option<i64>,
    vat_rate_bp: i64,
}

/// A line as stored: priced, and valued at cost once the goods left.
#[derive(Clone, Copy, Debug)]
struct StoredLine {
    product_id: i64,
    qty: Qty,
    unit_price: i64,
    discount: i64,
    total: i64,
    vat: i64,
    vat_rate_bp: i64,
    cost: i64,
}

/// The rules of a sale's header that need no database: lines, and who owes for a credit sale.
fn check_input(input: &SaleInput) -> Result<()> {
    if input.lines.is_empty() {
        return Err(Refusal::EmptySale.into());
    }
    if input.payment == Payment::Debt && input.customer_id.is_none() {
        return Err(Refusal::CustomerRequired.into());
    }
    if input.paid_now.is_some() && input.payment != Payment::Debt {
        return Err(Refusal::BadAmount.into());
    }
    Ok(())
}

/// Prices a line: the given price or the product's list price for the sale type, less the
/// discount, with the VAT inside. Cost comes later, when the goods leave.
fn price_line(line: &LineInput, product: Option<ProductPrice>, sale_type: SaleType) -> Result<StoredLine> {
    if line.qty.0 <= 0 {
        return Err(Refusal::BadQuantity.into());
    }
    line.qty.check()?;
    let product = product.ok_or(Refusal::UnknownProduct)?;
    let list_price = match sale_type {
        SaleType::Wholesale => product.wholesale_price.unwrap_or(product.sale_price),
        SaleType::Retail => product.sale_price,
    };
    let unit_price = line.unit_price.map(|m| m.0).unwrap_or(list_price);
    let gross = Money(unit_price).line(line.qty)?.0;
    if line.discount.0 < 0 || line.discount.0 > gross {
        return Err(Refusal::BadDiscount.into());
    }
    let total = gross - line.discount.0;
    Ok(StoredLine {
        product_id: line.product_id,
        qty: line.qty,
        unit_price,
        discount: line.discount.0,
        total,
        vat: vat_inside(total, product.vat_rate_bp),
        vat_rate_bp: product.vat_rate_bp,
        cost: 0,
    })
}

/// The receipt's total, bounded, and a part paid at once that is less than it.
fn receipt_total(input: &SaleInput, lines: &[StoredLine]) -> Result<i64> {
    // Each line is at most Money::MAX, so the sum fits; the receipt itself is bounded too.
    let total = Money(lines.iter().map(|l| l.total).sum()).check()?.0;
    let paid_now = input.paid_now.map(|(_, m)| m.0).unwrap_or(0);
    if paid_now < 0 || (input.paid_now.is_some() && paid_now >= total) {
        return Err(Refusal::BadAmount.into());
    }
    Ok(total)
}

impl Header {
    /// A new sale's header, before its goods leave (cost 0).
    fn of_sale(
        company_id: i64,
        input: &SaleInput,
        sale_type: SaleType,
        cashier_id: Option<i64>,
        sold_at: i64,
        day: NaiveDate,
        lines: &[StoredLine],
    ) -> Header {
        Header {
            company_id,
            branch_id: input.branch_id,
            cashier_id,
            customer_id: input.customer_id,
            kind: SaleKind::Sale,
            return_of: None,
            sale_type,
            payment: input.payment,
            sold_at,
            day,
            total: lines.iter().map(|l| l.total).sum(),
            vat: lines.iter().map(|l| l.vat).sum(),
            discount: lines.iter().map(|l| l.discount).sum(),
            cost: 0,
            source: input.source,
            idempotency_key: input.idempotency_key.clone(),
        }
    }
}

/// Records a sale inside the caller's transaction.
pub async fn record_sale_in(tx: &mut Tx, actor: &Actor, input: &SaleInput) -> Result<(i64, Vec<Event>)> {
    let company_id = actor.company_id;
    actor.require_in(Action::Sell, input.branch_id)?;
    check_input(input)?;
    stock::ensure_branch(tx, company_id, input.branch_id).await?;
    let cashier_id = cashier_for(tx, actor, input.cashier_id).await?;
    let sale_type = match input.customer_id {
        Some(customer) => customers::kind_of(tx, company_id, customer).await?.sale_type(input.sale_type),
        None => input.sale_type,
    };
    let mut lines = Vec::with_capacity(input.lines.len());
    for line in &input.lines {
        let product: Option<(i64, Option<i64>, i64)> = sqlx::query_as(
            "SELECT sale_price, wholesale_price, vat_rate_bp FROM products WHERE id = $1 AND company_id = $2",
        )
        .bind(line.product_id)
        .bind(company_id)
        .fetch_optional(&mut **tx)
        .await?;
        let product = product.map(|(sale_price, wholesale_price, vat_rate_bp)| ProductPrice {
            sale_price,
            wholesale_price,
            vat_rate_bp,
        });
        lines.push(price_line(line, product, sale_type)?);
    }
    let total = receipt_total(input, &lines)?;
    if let (Payment::Debt, Some(customer)) = (input.payment, input.customer_id) {
        let paid_now = input.paid_now.map(|(_, m)| m.0).unwrap_or(0);
        customers::check_credit(tx, actor, customer, total - paid_now, input.override_credit_limit).await?;
    }
    let sold_at = input.sold_at.unwrap_or_else(now);
    let day = calendar::of_company_in(tx, company_id).await?.day_of(sold_at);
    let mut header = Header::of_sale(company_id, input, sale_type, cashier_id, sold_at, day, &lines);
    let id = insert_header(tx, &header).await?;
    let mut events = Vec::new();
    let mut rollups = Rollups::new(company_id);
    for line in &mut lines {
        let mv = Move {
            company_id,
            branch_id: input.branch_id,
            product_id: line.product_id,
            delta: Qty(-line.qty.0),
            reason: MoveReason::Sale,
            ref_kind: "sale",
            ref_id: Some(id),
            user_id: cashier_id,
        };
        let (cost, alert) = stock::issue_and_check(tx, &mv).await?;
        events.extend(alert.map(Event::LowStock));
        line.cost = cost;
        header.cost += cost;
        rollups.add_line(&header, line.product_id, line.qty.0, line.total);
    }
    insert_lines(tx, company_id, &lines.iter().map(|l| (id, *l)).collect::<Vec<_>>()).await?;
    sqlx::query("UPDATE sales SET cost = $1 WHERE id = $2").bind(header.cost).bind(id).execute(&mut **tx).await?;
    rollups.add_sale(&header);
    rollups.write(tx).await?;
    let register = register_of(tx, &header).await?;
    ledger::post(tx, &sale_posting(&header, id, register)).await?;
    if let (Some((method, amount)), Some(customer)) = (input.paid_now, input.customer_id) {
        customers::post_payment(tx, actor, customer, amount, method, input.branch_id).await?;
    }
    audit::record(tx, actor, Change::SaleRecorded, Entity::Sale, id, header.audit_fields()).await?;
    Ok((id, events))
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

/// The register a receipt paid in cash moves (its cashier's open shift, else the branch's).
async fn register_of(tx: &mut Tx, h: &Header) -> Result<Option<i64>> {
    if settlement_account(h.payment) != ledger::CASH {
        return Ok(None);
    }
    Ok(Some(crate::domain::cash::register_for(tx, h.company_id, h.branch_id, h.cashier_id).await?))
}

/// A sale: Dr cash/bank/receivable gross, Cr 9020 net, Cr 6410 VAT; Dr 9120 / Cr 2910 at cost.
/// A return mirrors it through 9040 (returns) instead of reducing 9020.
fn sale_posting(h: &Header, id: i64, register: Option<i64>) -> ledger::Posting {
    let net = h.total - h.vat;
    // A sale on credit is the customer's debt: the receivable line carries them.
    let party = if h.payment == Payment::Debt { h.customer_id } else { None };
    let mut lines =
        vec![ledger::dr(settlement_account(h.payment), h.total).of(party), ledger::cr(ledger::TAXES_PAYABLE, h.vat)];
    if h.kind == SaleKind::Return {
        lines.push(ledger::dr(ledger::RETURNS, -net));
    } else {
        lines.push(ledger::cr(ledger::REVENUE, net));
    }
    lines.push(ledger::dr(ledger::COST_OF_SALES, h.cost));
    lines.push(ledger::cr(ledger::GOODS, h.cost));
    ledger::Posting {
        company_id: h.company_id,
        branch_id: Some(h.branch_id),
        day: h.day,
        ref_kind: h.kind.as_str(),
        ref_id: Some(id),
        memo: format!("{} {id}", h.kind.as_str()),
        lines,
        register_id: register,
    }
}

/// A receipt `actor` may act on at the till: one of their branch (admins any). Another
/// branch's receipt is answered as unknown, so its existence is not told either.
pub async fn receipt(db: &Db, actor: &Actor, id: i64) -> Result<Sale> {
    actor.require(Action::Sell)?;
    let sale = sale(db, actor.company_id, id).await?;
    if !crate::domain::roles::may_work_in(actor.role, actor.branch_id, sale.branch_id) {
        return Err(Refusal::NotFound.into());
    }
    Ok(sale)
}

/// Returns goods of a sale: all of it (`None`) or some lines with quantities. The refund is
/// paid the way the sale was, counted on the day of the return, and made by `actor` (in the
/// sale's branch, unless an admin).
pub async fn record_return(db: &Db, actor: &Actor, sale_id: i64, lines: Option<Vec<(i64, Qty)>>) -> Result<Recorded> {
    let company_id = actor.company_id;
    let original = receipt(db, actor, sale_id).await?;
    if original.kind != SaleKind::Sale {
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
    let day = calendar::of_company_in(&mut tx, company_id).await?.day_of(at);
    let header = Header {
        company_id,
        branch_id: original.branch_id,
        cashier_id: actor.user_id.or(original.cashier_id),
        customer_id: original.customer_id,
        kind: SaleKind::Return,
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
    let mut rollups = Rollups::new(company_id);
    for (sold, qty, total, vat, cost, discount) in &parts {
        let line = StoredLine {
            product_id: sold.product_id,
            qty: *qty,
            unit_price: sold.unit_price.0,
            discount: -discount,
            total: -total,
            vat: -vat,
            vat_rate_bp: sold.vat_rate_bp,
            cost: -cost,
        };
        insert_lines(&mut tx, company_id, &[(id, line)]).await?;
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
        rollups.add_line(&header, sold.product_id, -qty.0, -total);
    }
    rollups.add_sale(&header);
    rollups.write(&mut tx).await?;
    let register = register_of(&mut tx, &header).await?;
    ledger::post(&mut tx, &sale_posting(&header, id, register)).await?;
    let mut fields = header.audit_fields();
    fields["return_of"] = json!([null, sale_id]);
    audit::record(&mut tx, actor, Change::SaleReturned, Entity::Sale, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Recorded { sale: sale(db, company_id, id).await?, events: Vec::new(), replayed: false })
}

/// Sales `actor` may list: everything for admins, their branch for managers, their own
/// receipts for cashiers. Asking for another branch or cashier is refused, not narrowed.
pub async fn list(db: &Db, actor: &Actor, filter: &SaleFilter) -> Result<Vec<Sale>> {
    let scope = actor.sales_scope(filter.branch_id)?;
    if let (Some(mine), Some(asked)) = (scope.cashier_id, filter.cashier_id) {
        if mine != asked {
            return Err(Refusal::NotAllowed.into());
        }
    }
    let scoped = SaleFilter {
        branch_id: scope.branch_id.or(filter.branch_id),
        cashier_id: scope.cashier_id.or(filter.cashier_id),
        ..filter.clone()
    };
    queries::list(db, actor.company_id, &scoped).await
}

pub use self::queries::sale;

struct Header {
    company_id: i64,
    branch_id: i64,
    cashier_id: Option<i64>,
    customer_id: Option<i64>,
    kind: SaleKind,
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

impl Header {
    /// What the activity log keeps of a receipt.
    fn audit_fields(&self) -> serde_json::Value {
        audit::created(&[
            ("branch_id", json!(self.branch_id)),
            ("cashier_id", json!(self.cashier_id)),
            ("payment", json!(self.payment.as_str())),
            ("total", json!(self.total)),
            ("source", json!(self.source)),
        ])
    }
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
    .bind(h.kind.as_str())
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

/// Stores lines of one or many receipts: (sale id, line).
async fn insert_lines(tx: &mut Tx, company_id: i64, lines: &[(i64, StoredLine)]) -> Result<()> {
    insert_many(
        tx,
        "sale_lines",
        &["sale_id", "product_id", "qty", "unit_price", "discount", "total", "vat", "vat_rate_bp", "cost"],
        &[("company_id", Fixed::Int(company_id))],
        lines,
        "",
        |(sale, l), row| {
            row.int(*sale)
                .int(l.product_id)
                .int(l.qty.0)
                .int(l.unit_price)
                .int(l.discount)
                .int(l.total)
                .int(l.vat)
                .int(l.vat_rate_bp)
                .int(l.cost);
        },
    )
    .await?;
    Ok(())
}
