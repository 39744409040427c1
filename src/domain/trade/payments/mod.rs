//! Online payments of customers' debts through Payme and Click. A member makes a payment
//! order (the customer's debt, or a sale's invoice) and sends its links; the payment systems
//! then call Savdo ([`payme`]: the Merchant API's JSON-RPC; [`click`]: the SHOP API's prepare
//! and complete). A completed payment is one customer payment like any other: the debt goes
//! down, the money lands on the bank account (Dr 5110 / Cr 4010 for the customer), the
//! activity log and the live events say so, and the customer's managers hear.
//!
//! The doors authenticate the calls (Payme's Basic auth, Click's signature, both checked here
//! in constant time) and always answer in the provider's own shape.

pub mod click;
pub mod payme;

use serde::Serialize;
use serde_json::json;

use crate::db::{now, Db, Tx};
use crate::domain::actor::{Actor, Via};
use crate::domain::audit::{self, Change, Entity};
use crate::domain::events::Event;
use crate::domain::ledger;
use crate::domain::money::Money;
use crate::domain::roles::Action;
use crate::domain::sales::Payment;
use crate::domain::{customers, Refusal, Result};

/// The providers this server takes payments through (each `None` when not configured).
#[derive(Clone, Debug, Default)]
pub struct Providers {
    pub payme: Option<payme::Settings>,
    pub click: Option<click::Settings>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Order {
    pub id: i64,
    pub company_id: i64,
    pub customer_id: i64,
    pub sale_id: Option<i64>,
    /// tiyin
    pub amount: i64,
    /// open, paid, cancelled
    pub status: String,
    pub provider: Option<String>,
}

/// A link the customer opens to pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    pub provider: &'static str,
    pub url: String,
}

/// Asks `customer_id` to pay `amount` (their whole debt when `None`) online.
pub async fn request(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    amount: Option<Money>,
    sale_id: Option<i64>,
) -> Result<Order> {
    actor.require(Action::RequestPayment)?;
    let mut tx = db.begin().await?;
    let owed = ledger::party_balance(&mut tx, actor.company_id, ledger::RECEIVABLES, customer_id).await?;
    customers::ensure(&mut tx, actor.company_id, customer_id).await?;
    let amount = amount.map(|a| a.0).unwrap_or(owed);
    if amount <= 0 {
        return Err(Refusal::NothingOwed.into());
    }
    if amount > owed {
        return Err(Refusal::PaymentAboveDebt.into());
    }
    Money(amount).check()?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payment_orders (company_id, customer_id, sale_id, amount, status, user_id, created_at)
         VALUES ($1, $2, $3, $4, 'open', $5, $6) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(customer_id)
    .bind(sale_id)
    .bind(amount)
    .bind(actor.user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    order(db, id).await?.ok_or(Refusal::NotFound.into())
}

/// What may still be paid online for a sale on credit: the smaller of the receipt and what its
/// customer owes (`None` for a sale not on credit, or nothing owed).
pub async fn owed_on_sale(db: &Db, actor: &Actor, sale_id: i64) -> Result<Option<(i64, Money)>> {
    actor.require(Action::RequestPayment)?;
    let sale = crate::domain::sales::sale(db, actor.company_id, sale_id).await?;
    let (Some(customer), Payment::Debt) = (sale.customer_id, sale.payment) else { return Ok(None) };
    let mut tx = db.begin().await?;
    let owed = ledger::party_balance(&mut tx, actor.company_id, ledger::RECEIVABLES, customer).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    let amount = owed.min(sale.total.0);
    Ok((amount > 0).then_some((customer, Money(amount))))
}

/// Asks for a sale on credit to be paid online (its part of the customer's debt).
pub async fn request_for_sale(db: &Db, actor: &Actor, sale_id: i64) -> Result<Order> {
    let (customer, amount) = owed_on_sale(db, actor, sale_id).await?.ok_or(Refusal::NothingOwed)?;
    request(db, actor, customer, Some(amount), Some(sale_id)).await
}

/// The links of an order, for the providers configured.
pub fn links(order: &Order, providers: &Providers) -> Vec<Link> {
    let mut out = Vec::new();
    if let Some(p) = &providers.payme {
        out.push(Link { provider: "payme", url: payme::link(p, order) });
    }
    if let Some(c) = &providers.click {
        out.push(Link { provider: "click", url: click::link(c, order) });
    }
    out
}

const ORDER_COLUMNS: &str = "id, company_id, customer_id, sale_id, amount, status, provider";

pub async fn order(db: &Db, id: i64) -> Result<Option<Order>> {
    let row: Option<OrderRow> = sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM payment_orders WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(order_of))
}

async fn order_in(tx: &mut Tx, id: i64) -> Result<Option<Order>> {
    let row: Option<OrderRow> = sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM payment_orders WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(order_of))
}

type OrderRow = (i64, i64, i64, Option<i64>, i64, String, Option<String>);

fn order_of((id, company_id, customer_id, sale_id, amount, status, provider): OrderRow) -> Order {
    Order { id, company_id, customer_id, sale_id, amount, status, provider }
}

/// The system acting for a payment provider in a company.
fn provider_actor(company_id: i64, provider: Payment) -> Actor {
    let name = if provider == Payment::Click { "click" } else { "payme" };
    Actor::system(company_id, Via::Job(name))
}

/// Marks the order paid and posts the customer's payment, inside the provider's transaction;
/// the event for the customer's managers.
async fn complete(tx: &mut Tx, order: &Order, provider: Payment) -> Result<Event> {
    let actor = provider_actor(order.company_id, provider);
    let branch: i64 = sqlx::query_scalar("SELECT MIN(id) FROM branches WHERE company_id = $1")
        .bind(order.company_id)
        .fetch_one(&mut **tx)
        .await?;
    let changed = sqlx::query(
        "UPDATE payment_orders SET status = 'paid', provider = $1, paid_at = $2 WHERE id = $3 AND status = 'open'",
    )
    .bind(provider.as_str())
    .bind(now())
    .bind(order.id)
    .execute(&mut **tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(Refusal::AlreadyDecided.into());
    }
    let entry = customers::post_payment(tx, &actor, order.customer_id, Money(order.amount), provider, branch).await?;
    sqlx::query("UPDATE payment_orders SET entry_id = $1 WHERE id = $2")
        .bind(entry)
        .bind(order.id)
        .execute(&mut **tx)
        .await?;
    let fields = audit::created(&[
        ("amount", json!(order.amount)),
        ("payment", json!(provider.as_str())),
        ("order_id", json!(order.id)),
    ]);
    audit::record(tx, &actor, Change::CustomerPaid, Entity::Customer, order.customer_id, fields).await?;
    Ok(Event::PaymentReceived {
        company_id: order.company_id,
        customer_id: order.customer_id,
        amount: Money(order.amount),
        provider: provider.as_str(),
    })
}

/// Undoes a completed payment (Payme's cancel after perform): the entry reversed, the debt
/// back, the order open again.
async fn refund(tx: &mut Tx, order: &Order, provider: Payment) -> Result<()> {
    let entry: Option<i64> = sqlx::query_scalar("SELECT entry_id FROM payment_orders WHERE id = $1")
        .bind(order.id)
        .fetch_one(&mut **tx)
        .await?;
    if let Some(entry) = entry {
        let day = crate::domain::calendar::of_company_in(tx, order.company_id).await?.day_of(now());
        ledger::reverse_in(tx, order.company_id, entry, day, &format!("{} payment cancelled", provider.as_str()))
            .await?;
    }
    sqlx::query(
        "UPDATE payment_orders SET status = 'open', provider = NULL, entry_id = NULL, paid_at = NULL WHERE id = $1",
    )
    .bind(order.id)
    .execute(&mut **tx)
    .await?;
    let actor = provider_actor(order.company_id, provider);
    let fields = audit::created(&[("refunded", json!(order.amount)), ("order_id", json!(order.id))]);
    audit::record(tx, &actor, Change::PaymentRefunded, Entity::Customer, order.customer_id, fields).await?;
    Ok(())
}

/// Constant-time comparison of two secrets as text.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    given.len() == expected.len() && bool::from(given.ct_eq(expected))
}
