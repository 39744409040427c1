//! What can be exported, and the rows of each, read in pages so an export of millions of sale
//! lines never holds them all: sales lines and sales by day, branch, cashier, product or
//! customer; purchases lines and by supplier or product; inventory; debts by age; a customer's
//! or a supplier's statement. The rows a member gets are those their role may see (a manager
//! their branch, a cashier their own receipts); rendering is the door's (see `reports::exports`).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc::Sender;

use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::customers;
use crate::domain::ledger;
use crate::domain::partners;
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

/// Rows per page read from the database.
pub const PAGE: i64 = 20_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Sales,
    SalesByDay,
    SalesByBranch,
    SalesByCashier,
    SalesByProduct,
    SalesByCustomer,
    Purchases,
    PurchasesBySupplier,
    PurchasesByProduct,
    Inventory,
    Debts,
    CustomerStatement,
    SupplierStatement,
}

impl Kind {
    pub const ALL: [Kind; 13] = [
        Kind::Sales,
        Kind::SalesByDay,
        Kind::SalesByBranch,
        Kind::SalesByCashier,
        Kind::SalesByProduct,
        Kind::SalesByCustomer,
        Kind::Purchases,
        Kind::PurchasesBySupplier,
        Kind::PurchasesByProduct,
        Kind::Inventory,
        Kind::Debts,
        Kind::CustomerStatement,
        Kind::SupplierStatement,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Sales => "sales",
            Kind::SalesByDay => "sales-by-day",
            Kind::SalesByBranch => "sales-by-branch",
            Kind::SalesByCashier => "sales-by-cashier",
            Kind::SalesByProduct => "sales-by-product",
            Kind::SalesByCustomer => "sales-by-customer",
            Kind::Purchases => "purchases",
            Kind::PurchasesBySupplier => "purchases-by-supplier",
            Kind::PurchasesByProduct => "purchases-by-product",
            Kind::Inventory => "inventory",
            Kind::Debts => "debts",
            Kind::CustomerStatement => "customer-statement",
            Kind::SupplierStatement => "supplier-statement",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    /// Is about one customer or supplier (asked from their card, not from the menu).
    pub fn needs_party(self) -> bool {
        matches!(self, Kind::CustomerStatement | Kind::SupplierStatement)
    }

    /// Takes a period (inventory and debts are as of now).
    pub fn has_period(self) -> bool {
        !matches!(self, Kind::Inventory | Kind::Debts)
    }

    /// The columns: a message key for the header (`col-…`) and the type of the values.
    pub fn columns(self) -> &'static [(&'static str, Type)] {
        use Type::*;
        match self {
            Kind::Sales => &[
                ("col-date", Text),
                ("col-receipt", Int),
                ("col-branch", Text),
                ("col-cashier", Text),
                ("col-customer", Text),
                ("col-product", Text),
                ("col-qty", Qty),
                ("col-amount", Money),
            ],
            Kind::SalesByDay => GROUPED_SALES_DAY,
            Kind::SalesByBranch => &[
                ("col-branch", Text),
                ("col-receipts", Int),
                ("col-amount", Money),
                ("col-vat", Money),
                ("col-profit", Money),
            ],
            Kind::SalesByCashier => &[
                ("col-cashier", Text),
                ("col-receipts", Int),
                ("col-amount", Money),
                ("col-vat", Money),
                ("col-profit", Money),
            ],
            Kind::SalesByProduct => &[
                ("col-product", Text),
                ("col-qty", Qty),
                ("col-amount", Money),
                ("col-vat", Money),
                ("col-profit", Money),
            ],
            Kind::SalesByCustomer => &[
                ("col-customer", Text),
                ("col-receipts", Int),
                ("col-amount", Money),
                ("col-vat", Money),
                ("col-profit", Money),
            ],
            Kind::Purchases => &[
                ("col-date", Text),
                ("col-document", Int),
                ("col-branch", Text),
                ("col-supplier", Text),
                ("col-product", Text),
                ("col-qty", Qty),
                ("col-price", Money),
                ("col-amount", Money),
            ],
            Kind::PurchasesBySupplier => {
                &[("col-supplier", Text), ("col-documents", Int), ("col-amount", Money), ("col-vat", Money)]
            }
            Kind::PurchasesByProduct => &[("col-product", Text), ("col-qty", Qty), ("col-amount", Money)],
            Kind::Inventory => &[
                ("col-code", Text),
                ("col-product", Text),
                ("col-branch", Text),
                ("col-qty", Qty),
                ("col-avg-cost", Money),
                ("col-value", Money),
                ("col-min", Qty),
                ("col-below-min", Flag),
            ],
            Kind::Debts => &[
                ("col-customer", Text),
                ("col-phone", Text),
                ("col-amount", Money),
                ("col-age-30", Money),
                ("col-age-60", Money),
                ("col-age-90", Money),
                ("col-age-older", Money),
            ],
            Kind::CustomerStatement | Kind::SupplierStatement => &[
                ("col-date", Text),
                ("col-document", Text),
                ("col-number", Int),
                ("col-debit", Money),
                ("col-credit", Money),
                ("col-balance", Money),
            ],
        }
    }
}

const GROUPED_SALES_DAY: &[(&str, Type)] = &[
    ("col-date", Type::Text),
    ("col-receipts", Type::Int),
    ("col-amount", Type::Money),
    ("col-vat", Type::Money),
    ("col-profit", Type::Money),
];

/// How a column's values are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Text,
    Int,
    /// Tiyin.
    Money,
    /// Thousandths of a unit.
    Qty,
    Flag,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Int(i64),
    Money(i64),
    Qty(i64),
    Flag(bool),
    /// A document kind to name in the reader's language (a journal entry's `ref_kind`).
    Kind(String),
    /// Text many rows share (a branch's, a product's name).
    Name(std::sync::Arc<str>),
}

pub type Row = Vec<Value>;

/// What to export: the kind, the period (days, inclusive) and the filters that apply to it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Spec {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub branch_id: Option<i64>,
    pub cashier_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub supplier_id: Option<i64>,
}

/// Sends the rows of `kind` to `out` page by page, as the actor may see them; returns how many.
/// A receiver that went away (the client disconnected) ends the export early, quietly.
pub async fn read(db: &Db, actor: &Actor, kind: Kind, spec: &Spec, out: Sender<Vec<Row>>) -> Result<u64> {
    actor.require(Action::Export)?;
    let (from, to) = period(db, actor, kind, spec).await?;
    match kind {
        Kind::Sales => sales_lines(db, actor, spec, from, to, &out).await,
        Kind::SalesByDay
        | Kind::SalesByBranch
        | Kind::SalesByCashier
        | Kind::SalesByProduct
        | Kind::SalesByCustomer => send(&out, sales_grouped(db, actor, kind, spec, from, to).await?).await,
        Kind::Purchases => purchase_lines(db, actor, spec, from, to, &out).await,
        Kind::PurchasesBySupplier | Kind::PurchasesByProduct => {
            send(&out, purchases_grouped(db, actor, kind, spec, from, to).await?).await
        }
        Kind::Inventory => send(&out, inventory(db, actor, spec).await?).await,
        Kind::Debts => send(&out, debts(db, actor, to).await?).await,
        Kind::CustomerStatement | Kind::SupplierStatement => {
            send(&out, statement(db, actor, kind, spec, from, to).await?).await
        }
    }
}

/// The refusals [`read`] would give (role, scope, period, the statement's party), checked
/// before a streamed response starts.
pub async fn read_check(db: &Db, actor: &Actor, kind: Kind, spec: &Spec) -> Result<()> {
    actor.require(Action::Export)?;
    period(db, actor, kind, spec).await?;
    match kind {
        Kind::Sales
        | Kind::SalesByDay
        | Kind::SalesByBranch
        | Kind::SalesByCashier
        | Kind::SalesByProduct
        | Kind::SalesByCustomer => sales_scope(actor, spec).map(|_| ()),
        Kind::Purchases | Kind::PurchasesBySupplier | Kind::PurchasesByProduct | Kind::Inventory => {
            stock_branch(actor, spec).map(|_| ())
        }
        Kind::Debts => actor.require(Action::Customers),
        Kind::CustomerStatement => {
            customers::get(db, actor, spec.customer_id.ok_or(Refusal::NotFound)?).await.map(|_| ())
        }
        Kind::SupplierStatement => {
            partners::supplier(db, actor, spec.supplier_id.ok_or(Refusal::NotFound)?).await.map(|_| ())
        }
    }
}

async fn send(out: &Sender<Vec<Row>>, rows: Vec<Row>) -> Result<u64> {
    let n = rows.len() as u64;
    let _ = out.send(rows).await;
    Ok(n)
}

/// The period asked for, this month by default, up to today.
pub async fn period(db: &Db, actor: &Actor, kind: Kind, spec: &Spec) -> Result<(NaiveDate, NaiveDate)> {
    let today = actor.calendar(db).await?.today();
    let to = spec.to.unwrap_or(today);
    let from = match (spec.from, kind.has_period()) {
        (Some(from), true) => from,
        (None, true) => to.with_day0(0).unwrap_or(to),
        (_, false) => to,
    };
    if from > to {
        return Err(Refusal::BadPeriod.into());
    }
    Ok((from, to))
}

/// Branch and cashier a sales export is limited to, from the actor's scope and the filters.
fn sales_scope(actor: &Actor, spec: &Spec) -> Result<(i64, i64)> {
    let scope = actor.sales_scope(spec.branch_id)?;
    if let (Some(mine), Some(asked)) = (scope.cashier_id, spec.cashier_id) {
        if mine != asked {
            return Err(Refusal::NotAllowed.into());
        }
    }
    let branch = scope.branch_id.or(spec.branch_id).unwrap_or(0);
    let cashier = scope.cashier_id.or(spec.cashier_id).unwrap_or(0);
    Ok((branch, cashier))
}

/// The branch a stock export is limited to: branch staff their own.
fn stock_branch(actor: &Actor, spec: &Spec) -> Result<i64> {
    actor.require(Action::ViewStock)?;
    match (actor.role.needs_branch(), spec.branch_id) {
        (true, Some(asked)) if Some(asked) != actor.branch_id => Err(Refusal::NotAllowed.into()),
        (true, _) => Ok(actor.branch_id.unwrap_or(-1)),
        (false, asked) => Ok(asked.unwrap_or(0)),
    }
}

type SalesLine = (i64, String, i64, i64, Option<i64>, Option<i64>, i64, i64, i64);

/// Sale lines in id order (after `$7`, at most `$8`): names are not joined in but looked up
/// in maps read once, so a million rows decode ids, not four strings each.
const SALES_LINES: &str = "SELECT l.id, s.day, s.id, s.branch_id, s.cashier_id, s.customer_id, l.product_id,
        CASE WHEN s.kind = 'return' THEN -l.qty ELSE l.qty END, l.total
 FROM sale_lines l JOIN sales s ON s.id = l.sale_id
 WHERE l.company_id = $1 AND s.day >= $2 AND s.day <= $3 AND ($4 = 0 OR s.branch_id = $4)
   AND ($5 = 0 OR s.cashier_id = $5) AND ($6 = 0 OR s.customer_id = $6) AND l.id > $7
 ORDER BY l.id LIMIT $8";

/// Names by id, shared by every row that names them.
type Names = std::collections::HashMap<i64, std::sync::Arc<str>>;

fn named(map: &Names, id: Option<i64>) -> Value {
    match id.and_then(|id| map.get(&id)) {
        Some(n) => Value::Name(n.clone()),
        None => Value::Text(String::new()),
    }
}

async fn names(db: &Db, sql: &str, company_id: i64) -> Result<Names> {
    let rows: Vec<(i64, String)> = sqlx::query_as(sql).bind(company_id).fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(|(id, name)| (id, std::sync::Arc::from(name))).collect())
}

async fn sales_lines(
    db: &Db,
    actor: &Actor,
    spec: &Spec,
    from: NaiveDate,
    to: NaiveDate,
    out: &Sender<Vec<Row>>,
) -> Result<u64> {
    use futures::TryStreamExt;
    let (branch, cashier) = sales_scope(actor, spec)?;
    let company = actor.company_id;
    let branches = names(db, "SELECT id, name FROM branches WHERE company_id = $1", company).await?;
    let people = names(
        db,
        "SELECT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.company_id = $1",
        company,
    )
    .await?;
    let customers = names(db, "SELECT id, name FROM customers WHERE company_id = $1", company).await?;
    let products = names(db, "SELECT id, name FROM products WHERE company_id = $1", company).await?;
    let name = named;
    let mut total = 0u64;
    let mut batch = Vec::with_capacity(PAGE as usize);
    // One query read as a stream, on a connection of its own where the database allows.
    macro_rules! stream_from {
        ($pool:expr) => {{
            let mut rows = sqlx::query_as::<_, SalesLine>(SALES_LINES)
                .bind(company)
                .bind(from.to_string())
                .bind(to.to_string())
                .bind(branch)
                .bind(cashier)
                .bind(spec.customer_id.unwrap_or(0))
                .bind(0i64)
                .bind(i64::MAX)
                .fetch($pool);
            while let Some((_, day, receipt, branch_id, cashier_id, customer_id, product_id, qty, amount)) =
                rows.try_next().await?
            {
                batch.push(vec![
                    Value::Text(day),
                    Value::Int(receipt),
                    name(&branches, Some(branch_id)),
                    name(&people, cashier_id),
                    name(&customers, customer_id),
                    name(&products, Some(product_id)),
                    Value::Qty(qty),
                    Value::Money(amount),
                ]);
                if batch.len() == PAGE as usize {
                    total += batch.len() as u64;
                    if out.send(std::mem::replace(&mut batch, Vec::with_capacity(PAGE as usize))).await.is_err() {
                        return Ok(total);
                    }
                }
            }
        }};
    }
    match db.bulk().await? {
        Some(crate::db::Bulk::SqliteFile(path)) => {
            use crate::db::sqlite_rows::{for_each_row, Param};
            let params = vec![
                Param::Int(company),
                Param::Text(from.to_string()),
                Param::Text(to.to_string()),
                Param::Int(branch),
                Param::Int(cashier),
                Param::Int(spec.customer_id.unwrap_or(0)),
                Param::Int(0),
                Param::Int(i64::MAX),
            ];
            let out = out.clone();
            // SQLite's loop blocks: it runs on a blocking thread and hands pages over.
            let read = tokio::task::spawn_blocking(move || -> anyhow::Result<u64> {
                let (mut total, mut open) = (0u64, true);
                for_each_row(&path, SALES_LINES, &params, |r| {
                    batch.push(vec![
                        Value::Text(r.text(1)),
                        Value::Int(r.int(2).unwrap_or(0)),
                        named(&branches, r.int(3)),
                        named(&people, r.int(4)),
                        named(&customers, r.int(5)),
                        named(&products, r.int(6)),
                        Value::Qty(r.int(7).unwrap_or(0)),
                        Value::Money(r.int(8).unwrap_or(0)),
                    ]);
                    if batch.len() == PAGE as usize {
                        total += batch.len() as u64;
                        open =
                            out.blocking_send(std::mem::replace(&mut batch, Vec::with_capacity(PAGE as usize))).is_ok();
                    }
                    open
                })?;
                total += batch.len() as u64;
                if open && !batch.is_empty() {
                    let _ = out.blocking_send(batch);
                }
                Ok(total)
            });
            return Ok(read.await.map_err(anyhow::Error::from)??);
        }
        Some(crate::db::Bulk::Postgres(pool)) => stream_from!(&pool),
        None => stream_from!(&db.pool),
    }
    total += batch.len() as u64;
    if !batch.is_empty() {
        let _ = out.send(batch).await;
    }
    Ok(total)
}

async fn sales_grouped(
    db: &Db,
    actor: &Actor,
    kind: Kind,
    spec: &Spec,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Row>> {
    let (branch, cashier) = sales_scope(actor, spec)?;
    let key = match kind {
        Kind::SalesByDay => "s.day",
        Kind::SalesByBranch => "b.name",
        Kind::SalesByCashier => "COALESCE(u.name, '')",
        Kind::SalesByProduct => "p.name",
        _ => "COALESCE(c.name, '')",
    };
    // Per product the count is of units (returns subtract); otherwise of receipts.
    let count = if kind == Kind::SalesByProduct {
        "CAST(SUM(CASE WHEN s.kind = 'return' THEN -l.qty ELSE l.qty END) AS BIGINT)"
    } else {
        "CAST(COUNT(DISTINCT CASE WHEN s.kind = 'sale' THEN s.id END) AS BIGINT)"
    };
    let sql = format!(
        "SELECT {key}, {count}, CAST(SUM(l.total) AS BIGINT), CAST(SUM(l.vat) AS BIGINT),
                CAST(SUM(l.total - l.vat - l.cost) AS BIGINT)
         FROM sale_lines l JOIN sales s ON s.id = l.sale_id JOIN branches b ON b.id = s.branch_id
         JOIN products p ON p.id = l.product_id LEFT JOIN users u ON u.id = s.cashier_id
         LEFT JOIN customers c ON c.id = s.customer_id
         WHERE l.company_id = $1 AND s.day >= $2 AND s.day <= $3 AND ($4 = 0 OR s.branch_id = $4)
           AND ($5 = 0 OR s.cashier_id = $5) AND ($6 = 0 OR s.customer_id = $6)
         GROUP BY {key} ORDER BY {}",
        if kind == Kind::SalesByDay { "1".to_string() } else { "3 DESC".to_string() }
    );
    let rows: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(&sql)
        .bind(actor.company_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(branch)
        .bind(cashier)
        .bind(spec.customer_id.unwrap_or(0))
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(key, count, total, vat, profit)| {
            let count = if kind == Kind::SalesByProduct { Value::Qty(count) } else { Value::Int(count) };
            vec![Value::Text(key), count, Value::Money(total), Value::Money(vat), Value::Money(profit)]
        })
        .collect())
}

/// Purchases are stamped in Unix seconds: the period's bounds as instants in the company's zone.
async fn instants(db: &Db, actor: &Actor, from: NaiveDate, to: NaiveDate) -> Result<(i64, i64)> {
    let tz = actor.calendar(db).await?;
    Ok((tz.start_of(from), tz.start_of(to.succ_opt().unwrap_or(to))))
}

type PurchaseLineRow = (i64, i64, i64, String, Option<String>, String, i64, i64, i64);

async fn purchase_lines(
    db: &Db,
    actor: &Actor,
    spec: &Spec,
    from: NaiveDate,
    to: NaiveDate,
    out: &Sender<Vec<Row>>,
) -> Result<u64> {
    let branch = stock_branch(actor, spec)?;
    let (start, end) = instants(db, actor, from, to).await?;
    let tz = actor.calendar(db).await?;
    let (mut after, mut total) = (0i64, 0u64);
    loop {
        let page: Vec<PurchaseLineRow> = sqlx::query_as(
            "SELECT l.id, p.created_at, p.id, b.name, s.name, pr.name, l.qty, l.unit_cost, l.total
             FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id JOIN branches b ON b.id = p.branch_id
             JOIN products pr ON pr.id = l.product_id LEFT JOIN suppliers s ON s.id = p.supplier_id
             WHERE p.company_id = $1 AND p.created_at >= $2 AND p.created_at < $3 AND ($4 = 0 OR p.branch_id = $4)
               AND ($5 = 0 OR p.supplier_id = $5) AND l.id > $6
             ORDER BY l.id LIMIT $7",
        )
        .bind(actor.company_id)
        .bind(start)
        .bind(end)
        .bind(branch)
        .bind(spec.supplier_id.unwrap_or(0))
        .bind(after)
        .bind(PAGE)
        .fetch_all(&db.pool)
        .await?;
        let Some(last) = page.last() else { break };
        after = last.0;
        let full = page.len() as i64 == PAGE;
        total += page.len() as u64;
        let rows = page
            .into_iter()
            .map(|(_, at, doc, branch, supplier, product, qty, cost, amount)| {
                vec![
                    Value::Text(tz.day_of(at).to_string()),
                    Value::Int(doc),
                    Value::Text(branch),
                    Value::Text(supplier.unwrap_or_default()),
                    Value::Text(product),
                    Value::Qty(qty),
                    Value::Money(cost),
                    Value::Money(amount),
                ]
            })
            .collect();
        if out.send(rows).await.is_err() || !full {
            break;
        }
    }
    Ok(total)
}

async fn purchases_grouped(
    db: &Db,
    actor: &Actor,
    kind: Kind,
    spec: &Spec,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Row>> {
    let branch = stock_branch(actor, spec)?;
    let (start, end) = instants(db, actor, from, to).await?;
    let by_supplier = kind == Kind::PurchasesBySupplier;
    // By supplier: documents, their total and VAT; by product: quantity and amount.
    let sql = if by_supplier {
        "SELECT COALESCE(s.name, ''), CAST(COUNT(*) AS BIGINT), CAST(SUM(p.total) AS BIGINT), CAST(SUM(p.vat) AS BIGINT)
         FROM purchases p LEFT JOIN suppliers s ON s.id = p.supplier_id
         WHERE p.company_id = $1 AND p.created_at >= $2 AND p.created_at < $3 AND ($4 = 0 OR p.branch_id = $4)
           AND ($5 = 0 OR p.supplier_id = $5)
         GROUP BY COALESCE(s.name, '') ORDER BY 3 DESC"
    } else {
        "SELECT pr.name, CAST(SUM(l.qty) AS BIGINT), CAST(SUM(l.total) AS BIGINT), CAST(0 AS BIGINT)
         FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id JOIN products pr ON pr.id = l.product_id
         WHERE p.company_id = $1 AND p.created_at >= $2 AND p.created_at < $3 AND ($4 = 0 OR p.branch_id = $4)
           AND ($5 = 0 OR p.supplier_id = $5)
         GROUP BY pr.name ORDER BY 3 DESC"
    };
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(sql)
        .bind(actor.company_id)
        .bind(start)
        .bind(end)
        .bind(branch)
        .bind(spec.supplier_id.unwrap_or(0))
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(key, count, total, vat)| match by_supplier {
            true => vec![Value::Text(key), Value::Int(count), Value::Money(total), Value::Money(vat)],
            false => vec![Value::Text(key), Value::Qty(count), Value::Money(total)],
        })
        .collect())
}

async fn inventory(db: &Db, actor: &Actor, spec: &Spec) -> Result<Vec<Row>> {
    let branch = stock_branch(actor, spec)?;
    let rows: Vec<(String, String, String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT p.code, p.name, b.name, COALESCE(s.qty, 0), COALESCE(s.avg_cost, 0), COALESCE(s.value, 0), p.min_qty
         FROM products p JOIN branches b ON b.company_id = p.company_id
         LEFT JOIN stock s ON s.product_id = p.id AND s.branch_id = b.id
         WHERE p.company_id = $1 AND ($2 = 0 OR b.id = $2)
         ORDER BY p.name, p.id, b.name",
    )
    .bind(actor.company_id)
    .bind(branch)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name, branch, qty, avg_cost, value, min)| {
            vec![
                Value::Text(code),
                Value::Text(name),
                Value::Text(branch),
                Value::Qty(qty),
                Value::Money(avg_cost),
                Value::Money(value),
                Value::Qty(min),
                Value::Flag(min > 0 && qty < min),
            ]
        })
        .collect())
}

async fn debts(db: &Db, actor: &Actor, today: NaiveDate) -> Result<Vec<Row>> {
    let all = customers::debts(db, actor, today).await?;
    Ok(all
        .into_iter()
        .map(|d| {
            let mut row = vec![
                Value::Text(d.customer.name),
                Value::Text(d.customer.phone.unwrap_or_default()),
                Value::Money(d.customer.balance.0),
            ];
            row.extend(d.buckets.iter().map(|m| Value::Money(m.0)));
            row
        })
        .collect())
}

/// A customer's (debit: they owe more) or a supplier's (credit: we owe more) lines in the
/// period, with the running balance from before it.
async fn statement(
    db: &Db,
    actor: &Actor,
    kind: Kind,
    spec: &Spec,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Row>> {
    let (account, party, sign) = match kind {
        Kind::CustomerStatement => {
            let id = spec.customer_id.ok_or(Refusal::NotFound)?;
            customers::get(db, actor, id).await?;
            (ledger::RECEIVABLES, id, 1)
        }
        _ => {
            let id = spec.supplier_id.ok_or(Refusal::NotFound)?;
            partners::supplier(db, actor, id).await?;
            (ledger::PAYABLES, id, -1)
        }
    };
    let lines: Vec<(String, String, Option<i64>, i64, i64)> = sqlx::query_as(
        "SELECT e.day, e.ref_kind, e.ref_id, l.debit, l.credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE l.company_id = $1 AND l.account_code = $2 AND l.party_id = $3 AND e.day <= $4
         ORDER BY e.day, e.id",
    )
    .bind(actor.company_id)
    .bind(account)
    .bind(party)
    .bind(to.to_string())
    .fetch_all(&db.pool)
    .await?;
    let from_text = from.to_string();
    let mut running = 0i64;
    let mut rows = Vec::new();
    for (day, ref_kind, ref_id, debit, credit) in lines {
        running += sign * (debit - credit);
        if day < from_text {
            continue;
        }
        if rows.is_empty() {
            let opening = running - sign * (debit - credit);
            rows.push(vec![
                Value::Text(from_text.clone()),
                Value::Kind("opening".into()),
                Value::Text(String::new()),
                Value::Money(0),
                Value::Money(0),
                Value::Money(opening),
            ]);
        }
        rows.push(vec![
            Value::Text(day),
            Value::Kind(ref_kind),
            ref_id.map(Value::Int).unwrap_or(Value::Text(String::new())),
            Value::Money(debit),
            Value::Money(credit),
            Value::Money(running),
        ]);
    }
    Ok(rows)
}
