//! Purchase orders: what a branch asks a supplier for. An order is a draft, then sent; goods
//! are received against it in one or more deliveries (each an ordinary purchase, so stock and
//! the books move as for any other), and it is received when nothing is due, or cancelled
//! (what came stays). The low-stock alert's button makes a draft from the reorder rule.

use serde::Serialize;
use serde_json::json;

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::money::{Money, Qty};
use crate::domain::purchases::{self, Purchase, PurchaseLine};
use crate::domain::roles::Action;
use crate::domain::stock;
use crate::domain::{Refusal, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Sent,
    Partial,
    Received,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Draft, Status::Sent, Status::Partial, Status::Received, Status::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Sent => "sent",
            Status::Partial => "partial",
            Status::Received => "received",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Goods may still come against it, and it may be cancelled.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Draft | Status::Sent | Status::Partial)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderLine {
    pub product_id: i64,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub qty: Qty,
    /// Per unit, VAT included, as the supplier invoices it.
    pub unit_cost: Money,
    pub received: Qty,
}

impl OrderLine {
    /// What is still to come.
    pub fn due(&self) -> Qty {
        Qty((self.qty.0 - self.received.0).max(0))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Order {
    pub id: i64,
    /// Numbered per company: №1, №2, …
    pub number: i64,
    pub branch_id: i64,
    pub supplier_id: Option<i64>,
    pub supplier_name: Option<String>,
    pub status: Status,
    pub created_at: i64,
    pub lines: Vec<OrderLine>,
}

impl Order {
    pub fn total(&self) -> Money {
        Money::total_of(self.lines.iter().map(|l| (l.qty, l.unit_cost)))
    }
}

/// A line to order: a product, how much, at what cost (the product's purchase price if none).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct LineInput {
    pub product_id: i64,
    pub qty: Qty,
    #[serde(default)]
    pub unit_cost: Option<Money>,
}

/// Drafts an order for `branch_id` (the actor's own, unless an admin).
pub async fn create(
    db: &Db,
    actor: &Actor,
    branch_id: i64,
    supplier_id: Option<i64>,
    lines: &[LineInput],
) -> Result<Order> {
    actor.require_in(Action::PurchaseOrders, branch_id)?;
    if lines.is_empty() {
        return Err(Refusal::EmptySale.into());
    }
    let mut tx = db.begin().await?;
    let id = insert(&mut tx, actor, branch_id, supplier_id, lines).await?;
    let order = load(&mut tx, actor.company_id, id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(order)
}

async fn insert(
    tx: &mut Tx,
    actor: &Actor,
    branch_id: i64,
    supplier_id: Option<i64>,
    lines: &[LineInput],
) -> Result<i64> {
    let company_id = actor.company_id;
    stock::ensure_branch(tx, company_id, branch_id).await?;
    if let Some(supplier) = supplier_id {
        crate::domain::partners::ensure_supplier(tx, company_id, supplier).await?;
    }
    let number: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM purchase_orders WHERE company_id = $1",
    )
    .bind(company_id)
    .fetch_one(&mut **tx)
    .await?;
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO purchase_orders (company_id, number, branch_id, supplier_id, status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(company_id)
    .bind(number)
    .bind(branch_id)
    .bind(supplier_id)
    .bind(Status::Draft.as_str())
    .bind(actor.user_id)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    let mut total = 0i64;
    for line in lines {
        if line.qty.0 <= 0 {
            return Err(Refusal::BadQuantity.into());
        }
        line.qty.check()?;
        let price: Option<i64> =
            sqlx::query_scalar("SELECT purchase_price FROM products WHERE id = $1 AND company_id = $2")
                .bind(line.product_id)
                .bind(company_id)
                .fetch_optional(&mut **tx)
                .await?;
        let price = price.ok_or(Refusal::UnknownProduct)?;
        let cost = line.unit_cost.map(|m| m.0).unwrap_or(price);
        total += Money(cost).check()?.line(line.qty)?.0;
        Money(total).check()?;
        // One line per product: the same product twice adds up.
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM purchase_order_lines WHERE order_id = $1 AND product_id = $2")
                .bind(id)
                .bind(line.product_id)
                .fetch_optional(&mut **tx)
                .await?;
        match existing {
            Some(line_id) => {
                sqlx::query("UPDATE purchase_order_lines SET qty = qty + $1 WHERE id = $2")
                    .bind(line.qty.0)
                    .bind(line_id)
                    .execute(&mut **tx)
                    .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO purchase_order_lines (order_id, product_id, qty, unit_cost, received_qty) VALUES ($1, $2, $3, $4, 0)",
                )
                .bind(id)
                .bind(line.product_id)
                .bind(line.qty.0)
                .bind(cost)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    let fields = audit::created(&[
        ("branch_id", json!(branch_id)),
        ("supplier_id", json!(supplier_id)),
        ("lines", json!(lines.len())),
        ("total", json!(total)),
    ]);
    audit::record(tx, actor, Change::OrderCreated, Entity::PurchaseOrder, id, fields).await?;
    Ok(id)
}

/// The draft a low-stock alert's button makes: the product, in the quantity the reorder rule
/// gives, from the supplier it was last bought from. Pressed again while that draft is open,
/// the same draft is answered.
pub async fn from_alert(db: &Db, actor: &Actor, branch_id: i64, product_id: i64) -> Result<Order> {
    actor.require_in(Action::PurchaseOrders, branch_id)?;
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT o.id FROM purchase_orders o JOIN purchase_order_lines l ON l.order_id = o.id
         WHERE o.company_id = $1 AND o.branch_id = $2 AND o.status = 'draft' AND l.product_id = $3
         ORDER BY o.id DESC LIMIT 1",
    )
    .bind(actor.company_id)
    .bind(branch_id)
    .bind(product_id)
    .fetch_optional(&db.pool)
    .await?;
    if let Some(id) = open {
        return get(db, actor, id).await;
    }
    let (_, qty) = purchases::reorder_line(db, actor, branch_id, product_id).await?;
    let supplier: Option<i64> = sqlx::query_scalar(
        "SELECT p.supplier_id FROM purchases p JOIN purchase_lines l ON l.purchase_id = p.id
         WHERE p.company_id = $1 AND l.product_id = $2 AND p.supplier_id IS NOT NULL ORDER BY p.id DESC LIMIT 1",
    )
    .bind(actor.company_id)
    .bind(product_id)
    .fetch_optional(&db.pool)
    .await?;
    create(db, actor, branch_id, supplier, &[LineInput { product_id, qty, unit_cost: None }]).await
}

/// An order of the actor's company (another branch's is unknown to branch staff).
pub async fn get(db: &Db, actor: &Actor, id: i64) -> Result<Order> {
    actor.require(Action::PurchaseOrders)?;
    let mut tx = db.begin().await?;
    let order = load(&mut tx, actor.company_id, id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    if !crate::domain::roles::may_work_in(actor.role, actor.branch_id, order.branch_id) {
        return Err(Refusal::NotFound.into());
    }
    Ok(order)
}

/// Orders the actor may see, newest first: open ones only, or all.
pub async fn list(db: &Db, actor: &Actor, open_only: bool, limit: i64) -> Result<Vec<Order>> {
    actor.require(Action::PurchaseOrders)?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM purchase_orders WHERE company_id = $1 AND ($2 = 0 OR branch_id = $2)
         AND ($3 = 0 OR status IN ('draft', 'sent', 'partial')) ORDER BY id DESC LIMIT $4",
    )
    .bind(actor.company_id)
    .bind(if actor.role.needs_branch() { actor.branch_id.unwrap_or(-1) } else { 0 })
    .bind(i64::from(open_only))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let mut tx = db.begin().await?;
    let mut orders = Vec::with_capacity(ids.len());
    for id in ids {
        orders.push(load(&mut tx, actor.company_id, id).await?);
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(orders)
}

async fn load(tx: &mut Tx, company_id: i64, id: i64) -> Result<Order> {
    type Head = (i64, i64, Option<i64>, Option<String>, String, i64);
    let head: Option<Head> = sqlx::query_as(
        "SELECT o.number, o.branch_id, o.supplier_id, s.name, o.status, o.created_at
         FROM purchase_orders o LEFT JOIN suppliers s ON s.id = o.supplier_id WHERE o.id = $1 AND o.company_id = $2",
    )
    .bind(id)
    .bind(company_id)
    .fetch_optional(&mut **tx)
    .await?;
    let (number, branch_id, supplier_id, supplier_name, status, created_at) = head.ok_or(Refusal::NotFound)?;
    let rows: Vec<(i64, String, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT l.product_id, p.code, p.name, p.unit, l.qty, l.unit_cost, l.received_qty
         FROM purchase_order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = $1 ORDER BY l.id",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    let lines = rows
        .into_iter()
        .map(|(product_id, code, name, unit, qty, cost, received)| OrderLine {
            product_id,
            code,
            name,
            unit,
            qty: Qty(qty),
            unit_cost: Money(cost),
            received: Qty(received),
        })
        .collect();
    let status = Status::parse(&status).ok_or_else(|| anyhow::anyhow!("unknown order status {status}"))?;
    Ok(Order { id, number, branch_id, supplier_id, supplier_name, status, created_at, lines })
}

async fn set_status(tx: &mut Tx, actor: &Actor, order: &Order, to: Status, change: Change) -> Result<()> {
    sqlx::query("UPDATE purchase_orders SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(now())
        .bind(order.id)
        .execute(&mut **tx)
        .await?;
    let fields = audit::diff(&[("status", json!(order.status.as_str()), json!(to.as_str()))]);
    audit::record(tx, actor, change, Entity::PurchaseOrder, order.id, fields).await
}

/// An order the actor may change: theirs to see, in their branch, and still open.
async fn open_order(tx: &mut Tx, actor: &Actor, id: i64) -> Result<Order> {
    actor.require(Action::PurchaseOrders)?;
    let order = load(tx, actor.company_id, id).await?;
    actor.require_in(Action::PurchaseOrders, order.branch_id).map_err(|_| Refusal::NotFound)?;
    if !order.status.is_open() {
        return Err(Refusal::OrderClosed.into());
    }
    Ok(order)
}

/// Marks a draft as sent to the supplier (sending it again changes nothing).
pub async fn send(db: &Db, actor: &Actor, id: i64) -> Result<Order> {
    let mut tx = db.begin().await?;
    let order = open_order(&mut tx, actor, id).await?;
    if order.status == Status::Draft {
        set_status(&mut tx, actor, &order, Status::Sent, Change::OrderSent).await?;
    }
    let order = load(&mut tx, actor.company_id, id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(order)
}

/// Names the supplier of an order nothing has been received against yet (a draft from an
/// alert for a product never bought has none).
pub async fn set_supplier(db: &Db, actor: &Actor, id: i64, supplier_id: i64) -> Result<Order> {
    let mut tx = db.begin().await?;
    let order = open_order(&mut tx, actor, id).await?;
    if order.lines.iter().any(|l| l.received.0 > 0) {
        return Err(Refusal::OrderClosed.into());
    }
    crate::domain::partners::ensure_supplier(&mut tx, actor.company_id, supplier_id).await?;
    sqlx::query("UPDATE purchase_orders SET supplier_id = $1, updated_at = $2 WHERE id = $3")
        .bind(supplier_id)
        .bind(now())
        .bind(order.id)
        .execute(&mut *tx)
        .await?;
    let fields = audit::diff(&[("supplier_id", json!(order.supplier_id), json!(supplier_id))]);
    audit::record(&mut tx, actor, Change::OrderSupplierSet, Entity::PurchaseOrder, order.id, fields).await?;
    let order = load(&mut tx, actor.company_id, id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(order)
}

/// Cancels what is still due; goods already received stay.
pub async fn cancel(db: &Db, actor: &Actor, id: i64) -> Result<Order> {
    let mut tx = db.begin().await?;
    let order = open_order(&mut tx, actor, id).await?;
    set_status(&mut tx, actor, &order, Status::Cancelled, Change::OrderCancelled).await?;
    let order = load(&mut tx, actor.company_id, id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(order)
}

/// Receives a delivery against an order: the given quantities, or everything still due. The
/// goods come in as a purchase from the order's supplier at the order's costs; the order is
/// then partly received or received.
pub async fn receive(db: &Db, actor: &Actor, id: i64, delivered: Option<&[(i64, Qty)]>) -> Result<(Order, Purchase)> {
    let mut tx = db.begin().await?;
    let order = open_order(&mut tx, actor, id).await?;
    let wanted: Vec<(i64, Qty)> = match delivered {
        Some(lines) => lines.to_vec(),
        None => order.lines.iter().map(|l| (l.product_id, l.due())).collect(),
    };
    let mut lines = Vec::new();
    for (product_id, qty) in wanted.into_iter().filter(|(_, q)| q.0 != 0) {
        let line = order.lines.iter().find(|l| l.product_id == product_id).ok_or(Refusal::UnknownProduct)?;
        if qty.0 < 0 {
            return Err(Refusal::BadQuantity.into());
        }
        if qty.0 > line.due().0 {
            return Err(Refusal::ReceiveTooMuch.into());
        }
        sqlx::query(
            "UPDATE purchase_order_lines SET received_qty = received_qty + $1 WHERE order_id = $2 AND product_id = $3",
        )
        .bind(qty.0)
        .bind(id)
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
        lines.push(PurchaseLine { product_id, qty, unit_cost: line.unit_cost });
    }
    if lines.is_empty() {
        return Err(Refusal::EmptySale.into());
    }
    let purchase =
        purchases::record_purchase_in(&mut tx, actor, order.branch_id, order.supplier_id, &lines, Some(id)).await?;
    let after = load(&mut tx, actor.company_id, id).await?;
    let status = if after.lines.iter().all(|l| l.due().0 == 0) { Status::Received } else { Status::Partial };
    set_status(&mut tx, actor, &order, status, Change::OrderReceived).await?;
    let after = load(&mut tx, actor.company_id, id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok((after, purchase))
}
