//! Many sales at once — an import, a sync from another till system — under the rules of one
//! sale at the till: every sale is checked and priced, and its goods valued, before anything is
//! written; then each table gets a few statements whatever the count, in the caller's
//! transaction, so the batch goes in whole or not at all. What one sale reads row by row (the
//! catalogue, stock, customers) is read once for the batch.

use std::collections::{HashMap, HashSet};

use super::{
    cashier_for, check_input, insert_lines, price_line, receipt_total, register_of, sale_posting, Header, Payment,
    ProductPrice, Rollups, SaleInput, SaleKind, SaleType, StoredLine,
};
use crate::db::many::{fetch_all_json, insert_many, reserve_ids, Fixed};
use crate::db::{now, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::customers::CustomerKind;
use crate::domain::events::{Event, LowStock};
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::stock::{self, Level, MoveReason, Moved};
use crate::domain::{calendar, customers, ledger, Error, Refusal, Result};

/// What a batch recorded: each sale's id in the order given, their total, and the minimums
/// their goods crossed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub ids: Vec<i64>,
    pub total: Money,
    pub events: Vec<Event>,
}

/// The first sale of a batch (by its index in the input) that broke a rule; nothing was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub index: usize,
    pub refusal: Refusal,
}

/// What the batch's rules read, once.
struct Facts {
    branches: HashSet<i64>,
    products: HashMap<i64, (ProductPrice, i64)>,
    /// Each customer's credit limit and kind.
    customers: HashMap<i64, (Option<i64>, CustomerKind)>,
    levels: HashMap<(i64, i64), Level>,
    reorder_points: HashMap<(i64, i64), i64>,
    snoozed: HashSet<(i64, i64)>,
}

impl Facts {
    async fn load(tx: &mut Tx, company_id: i64) -> Result<Facts> {
        let branches: Vec<i64> = sqlx::query_scalar("SELECT id FROM branches WHERE company_id = $1")
            .bind(company_id)
            .fetch_all(&mut **tx)
            .await?;
        let products: Vec<(i64, i64, Option<i64>, i64, i64)> = sqlx::query_as(
            "SELECT id, sale_price, wholesale_price, vat_rate_bp, min_qty FROM products WHERE company_id = $1",
        )
        .bind(company_id)
        .fetch_all(&mut **tx)
        .await?;
        let customers: Vec<(i64, Option<i64>, String)> =
            sqlx::query_as("SELECT id, credit_limit, kind FROM customers WHERE company_id = $1")
                .bind(company_id)
                .fetch_all(&mut **tx)
                .await?;
        // PostgreSQL lets other transactions sell meanwhile: hold the rows this batch values.
        let lock = if tx.backend_name() == "PostgreSQL" { " FOR UPDATE" } else { "" };
        let levels: Vec<(i64, i64, i64, i64, i64)> = fetch_all_json(
            tx,
            "branch_id, product_id, qty, value, avg_cost",
            &format!("FROM stock WHERE company_id = $1{lock}"),
            company_id,
        )
        .await?;
        let reorder_points: Vec<(i64, i64, i64)> =
            sqlx::query_as("SELECT branch_id, product_id, reorder_qty FROM reorder_points WHERE company_id = $1")
                .bind(company_id)
                .fetch_all(&mut **tx)
                .await?;
        let snoozed: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT branch_id, product_id FROM stock_alerts WHERE company_id = $1 AND snoozed_until > $2",
        )
        .bind(company_id)
        .bind(now())
        .fetch_all(&mut **tx)
        .await?;
        Ok(Facts {
            branches: branches.into_iter().collect(),
            products: products
                .into_iter()
                .map(|(id, sale_price, wholesale_price, vat_rate_bp, min_qty)| {
                    (id, (ProductPrice { sale_price, wholesale_price, vat_rate_bp }, min_qty))
                })
                .collect(),
            customers: customers
                .into_iter()
                .map(|(id, limit, kind)| (id, (limit, CustomerKind::parse(&kind).unwrap_or_default())))
                .collect(),
            levels: levels.into_iter().map(|(b, p, qty, value, avg)| ((b, p), Level { qty, value, avg })).collect(),
            reorder_points: reorder_points.into_iter().map(|(b, p, q)| ((b, p), q)).collect(),
            snoozed: snoozed.into_iter().collect(),
        })
    }

    /// A sale's rules that need no further reading: who may sell where, the branch and the
    /// customer are the company's, and each line prices. Returns the lines, the total and the
    /// sale's type (wholesale for a wholesale customer).
    fn check(&self, actor: &Actor, input: &SaleInput) -> Result<(Vec<StoredLine>, i64, SaleType)> {
        actor.require_in(Action::Sell, input.branch_id)?;
        check_input(input)?;
        // A part paid at once is a payment of its own; a batch records sales only.
        if input.paid_now.is_some() {
            return Err(Refusal::BadAmount.into());
        }
        if !self.branches.contains(&input.branch_id) {
            return Err(Refusal::NotFound.into());
        }
        let sale_type = match input.customer_id {
            Some(c) => self.customers.get(&c).ok_or(Refusal::NotFound)?.1.sale_type(input.sale_type),
            None => input.sale_type,
        };
        let lines = input
            .lines
            .iter()
            .map(|line| price_line(line, self.products.get(&line.product_id).map(|p| p.0), sale_type))
            .collect::<Result<Vec<_>>>()?;
        let total = receipt_total(input, &lines)?;
        Ok((lines, total, sale_type))
    }
}

/// A refusal as the batch's answer; anything else is an error.
fn rejected(index: usize, e: Error) -> Result<std::result::Result<Batch, Rejected>> {
    match e {
        Error::Refused(refusal) => Ok(Err(Rejected { index, refusal })),
        e => Err(e),
    }
}

/// Records `inputs` as sales of `actor`'s company in `tx`. The goods of each are valued in the
/// order the sales happened (by `sold_at`), as if each had been rung up then.
pub async fn record_batch(
    tx: &mut Tx,
    actor: &Actor,
    inputs: &[SaleInput],
) -> Result<std::result::Result<Batch, Rejected>> {
    let company_id = actor.company_id;
    let started = std::time::Instant::now();
    let lap = |what: &str| tracing::debug!(what, ms = started.elapsed().as_millis() as u64, "record_batch");
    let mut facts = Facts::load(tx, company_id).await?;
    lap("facts");
    let tz = calendar::of_company_in(tx, company_id).await?;
    let mut priced = Vec::with_capacity(inputs.len());
    let mut cashiers: HashMap<Option<i64>, Option<i64>> = HashMap::new();
    for (index, input) in inputs.iter().enumerate() {
        match facts.check(actor, input) {
            Ok(checked) => priced.push(checked),
            Err(e) => return rejected(index, e),
        }
        if !cashiers.contains_key(&input.cashier_id) {
            match cashier_for(tx, actor, input.cashier_id).await {
                Ok(cashier) => cashiers.insert(input.cashier_id, cashier),
                Err(e) => return rejected(index, e),
            };
        }
    }

    let at = now();
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by_key(|&i| inputs[i].sold_at.unwrap_or(at));
    if let Some((index, refusal)) = over_credit(tx, actor, &facts, inputs, &priced, &order).await? {
        return Ok(Err(Rejected { index, refusal }));
    }

    lap("checked");
    let ids = reserve_ids(tx, "sales", inputs.len()).await?;
    let mut ids_by_input = vec![0; inputs.len()];
    let mut headers = Vec::with_capacity(inputs.len());
    let mut lines = Vec::new();
    let mut moves = Vec::new();
    let mut events = Vec::new();
    let mut rollups = Rollups::new(company_id);
    let mut touched = HashSet::new();
    for (&index, &id) in order.iter().zip(&ids) {
        let input = &inputs[index];
        let cashier = cashiers[&input.cashier_id];
        let sold_at = input.sold_at.unwrap_or(at);
        let (lines_of, _, sale_type) = &priced[index];
        let mut header = Header::of_sale(company_id, input, *sale_type, cashier, sold_at, tz.day_of(sold_at), lines_of);
        for line in lines_of {
            let key = (input.branch_id, line.product_id);
            let before = facts.levels.get(&key).copied().unwrap_or_default();
            let (cost, after) = match before.issue(line.qty.0) {
                Ok(issued) => issued,
                Err(e) => return rejected(index, e),
            };
            facts.levels.insert(key, after);
            touched.insert(key);
            let min_qty = facts.products[&line.product_id].1;
            let moved = Moved { before: Qty(before.qty), after: Qty(after.qty) };
            if let Some((threshold, by_forecast)) =
                stock::crossed(min_qty, facts.reorder_points.get(&key).copied(), moved)
            {
                if !facts.snoozed.contains(&key) {
                    events.push(Event::LowStock(LowStock {
                        company_id,
                        branch_id: key.0,
                        product_id: key.1,
                        qty: Qty(after.qty),
                        threshold: Qty(threshold),
                        by_forecast,
                    }));
                }
            }
            header.cost += cost;
            rollups.add_line(&header, line.product_id, line.qty.0, line.total);
            moves.push((key, -line.qty.0, id, cashier));
            lines.push((id, StoredLine { cost, ..*line }));
        }
        rollups.add_sale(&header);
        ids_by_input[index] = id;
        headers.push((id, header));
    }

    lap("valued");
    insert_headers(tx, company_id, &headers).await?;
    lap("sales");
    insert_lines(tx, company_id, &lines).await?;
    lap("lines");
    write_stock(tx, company_id, &moves, &touched.iter().map(|k| (*k, facts.levels[k])).collect::<Vec<_>>(), at).await?;
    lap("stock");
    rollups.write(tx).await?;
    lap("rollups");
    let mut registers = HashMap::new();
    let mut postings = Vec::with_capacity(headers.len());
    for (id, h) in &headers {
        let register = match registers.get(&(h.branch_id, h.cashier_id, h.payment == Payment::Cash)) {
            Some(register) => *register,
            None => {
                let register = register_of(tx, h).await?;
                registers.insert((h.branch_id, h.cashier_id, h.payment == Payment::Cash), register);
                register
            }
        };
        postings.push(sale_posting(h, *id, register));
    }
    ledger::post_many(tx, company_id, &postings).await?;
    lap("ledger");
    let logged: Vec<(i64, serde_json::Value)> = headers.iter().map(|(id, h)| (*id, h.audit_fields())).collect();
    audit::record_many(tx, actor, Change::SaleRecorded, Entity::Sale, &logged).await?;
    lap("log");
    let total = headers.iter().map(|(_, h)| h.total).sum();
    Ok(Ok(Batch { ids: ids_by_input, total: Money(total), events }))
}

/// The first sale on credit, in the order sales happened, that would take its customer past
/// their limit (unless the actor may override it and asked to).
async fn over_credit(
    tx: &mut Tx,
    actor: &Actor,
    facts: &Facts,
    inputs: &[SaleInput],
    priced: &[(Vec<StoredLine>, i64, SaleType)],
    order: &[usize],
) -> Result<Option<(usize, Refusal)>> {
    let mut owed: HashMap<i64, i64> = HashMap::new();
    for &index in order {
        let input = &inputs[index];
        let (Payment::Debt, Some(customer)) = (input.payment, input.customer_id) else { continue };
        let Some(limit) = facts.customers.get(&customer).and_then(|c| c.0) else { continue };
        let owes = match owed.get(&customer) {
            Some(owes) => *owes,
            None => ledger::party_balance(tx, actor.company_id, ledger::RECEIVABLES, customer).await?,
        };
        let adds = priced[index].1;
        if let Err(Error::Refused(refusal)) =
            customers::within_credit(actor, limit, owes, adds, input.override_credit_limit)
        {
            return Ok(Some((index, refusal)));
        }
        owed.insert(customer, owes + adds);
    }
    Ok(None)
}

/// New sales' headers (`kind` sale, no `return_of`).
async fn insert_headers(tx: &mut Tx, company_id: i64, headers: &[(i64, Header)]) -> Result<()> {
    insert_many(
        tx,
        "sales",
        &[
            "id",
            "branch_id",
            "cashier_id",
            "customer_id",
            "sale_type",
            "payment",
            "sold_at",
            "day",
            "total",
            "vat",
            "discount",
            "cost",
            "source",
            "idempotency_key",
        ],
        &[
            ("company_id", Fixed::Int(company_id)),
            ("kind", Fixed::Text(SaleKind::Sale.as_str())),
            ("created_at", Fixed::Int(now())),
        ],
        headers,
        "",
        |(id, h), row| {
            row.int(*id)
                .int(h.branch_id)
                .opt(h.cashier_id)
                .opt(h.customer_id)
                .text(h.sale_type.as_str())
                .text(h.payment.as_str())
                .int(h.sold_at)
                .text(&h.day.to_string())
                .int(h.total)
                .int(h.vat)
                .int(h.discount)
                .int(h.cost)
                .text(h.source)
                .opt_text(h.idempotency_key.as_deref());
        },
    )
    .await?;
    Ok(())
}

/// The moves ((branch, product), delta, sale, user) and each touched product's level after them.
async fn write_stock(
    tx: &mut Tx,
    company_id: i64,
    moves: &[((i64, i64), i64, i64, Option<i64>)],
    levels: &[((i64, i64), Level)],
    at: i64,
) -> Result<()> {
    insert_many(
        tx,
        "stock_moves",
        &["branch_id", "product_id", "qty_delta", "ref_id", "user_id"],
        &[
            ("company_id", Fixed::Int(company_id)),
            ("reason", Fixed::Text(MoveReason::Sale.as_str())),
            ("ref_kind", Fixed::Text(SaleKind::Sale.as_str())),
            ("created_at", Fixed::Int(at)),
        ],
        moves,
        "",
        |((branch, product), delta, sale, user), row| {
            row.int(*branch).int(*product).int(*delta).int(*sale).opt(*user);
        },
    )
    .await?;
    insert_many(
        tx,
        "stock",
        &["branch_id", "product_id", "qty", "value", "avg_cost"],
        &[("company_id", Fixed::Int(company_id))],
        levels,
        "ON CONFLICT (branch_id, product_id) DO UPDATE SET
             qty = excluded.qty, value = excluded.value, avg_cost = excluded.avg_cost",
        |((branch, product), level), row| {
            row.int(*branch).int(*product).int(level.qty).int(level.value).int(level.avg);
        },
    )
    .await?;
    Ok(())
}
