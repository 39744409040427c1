//! What a change caused that people should hear about. The core returns these from the change
//! that caused them; `crate::notify` decides who hears each and delivers it, whichever door
//! (chat, API, import, job) made the change.

use super::money::{Money, Qty};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A product fell below its minimum in a branch.
    LowStock(LowStock),
    /// An expense waits for a decision.
    ExpenseAwaiting { company_id: i64, expense_id: i64 },
    /// An expense was approved or rejected (by `decided_by`): its author hears.
    ExpenseDecided { company_id: i64, expense_id: i64, decided_by: i64 },
    /// Someone joined the company through an invite: the inviter hears.
    MemberJoined { company_id: i64, user_id: i64, invited_by: i64 },
    /// An operator blocked or unblocked the company, or its unpaid balance made it read-only:
    /// every member hears.
    StandingChanged { company_id: i64, standing: crate::domain::actor::Standing },
    /// The balance covers less than a week of the tariff: the admins hear.
    BalanceLow { company_id: i64, balance: Money, days_left: i64 },
    /// A SIM card was sold or became active: the shop's managers hear.
    SimChanged { company_id: i64, branch_id: i64, iccid: String, status: &'static str },
    /// A known customer's call was missed: the company's admins and managers hear.
    MissedCall { company_id: i64, customer_id: i64, phone: String, at: i64 },
    /// A customer paid online (Payme or Click): the company's admins and managers hear.
    PaymentReceived { company_id: i64, customer_id: i64, amount: Money, provider: &'static str },
    /// A shift closed with counted cash different from the books.
    ShiftDifference { company_id: i64, branch_id: i64, cashier_id: i64, expected: Money, counted: Money },
}

/// A product that has just fallen below its reorder point (or minimum) in a branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowStock {
    pub company_id: i64,
    pub branch_id: i64,
    pub product_id: i64,
    pub qty: Qty,
    /// The stock at which it alerts: the reorder point from the forecast where there is one
    /// (never below the product's minimum), else the minimum.
    pub threshold: Qty,
    pub by_forecast: bool,
}

/// What a live-events subscriber sees of a change (`GET /api/v1/events`): the kinds of change
/// worth streaming, named as the stream names them. The activity log writes the event in the
/// change's own transaction (`audit::record`), so an event is never seen for a change that did
/// not happen, nor missed for one that did.
pub fn streamed_kind(change: crate::domain::audit::Change) -> Option<&'static str> {
    use crate::domain::audit::Change;
    Some(match change {
        Change::SaleRecorded => "sale",
        Change::SaleReturned => "return",
        Change::ExpenseFiled => "expense.filed",
        Change::ExpenseApproved | Change::ExpenseRejected => "expense.decided",
        Change::CustomerPaid => "payment.received",
        Change::PurchaseRecorded => "purchase",
        _ => return None,
    })
}

/// Appends an event for the live stream inside the caller's transaction.
pub async fn append(
    tx: &mut crate::db::Tx,
    company_id: i64,
    kind: &str,
    data: &serde_json::Value,
) -> super::Result<()> {
    sqlx::query("INSERT INTO event_log (company_id, kind, data, created_at) VALUES ($1, $2, $3, $4)")
        .bind(company_id)
        .bind(kind)
        .bind(data.to_string())
        .bind(crate::db::now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Appends the events a change caused that are streamed too (a product running low), after
/// the change committed.
pub async fn append_caused(db: &crate::db::Db, events: &[Event]) -> super::Result<()> {
    let low: Vec<&LowStock> = events
        .iter()
        .filter_map(|e| match e {
            Event::LowStock(l) => Some(l),
            _ => None,
        })
        .collect();
    if low.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    for l in low {
        let data = serde_json::json!({
            "branch_id": l.branch_id,
            "product_id": l.product_id,
            "qty": l.qty.0,
            "threshold": l.threshold.0,
        });
        append(&mut tx, l.company_id, "low_stock", &data).await?;
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// One streamed event.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Logged {
    pub id: i64,
    pub kind: String,
    pub data: String,
    pub created_at: i64,
}

/// The company's events after `after` (an id a client saw), oldest first, at most `limit`.
pub async fn since(
    db: &crate::db::Db,
    actor: &crate::domain::actor::Actor,
    after: i64,
    limit: i64,
) -> super::Result<Vec<Logged>> {
    actor.require(crate::domain::roles::Action::ViewEvents)?;
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, kind, data, created_at FROM event_log WHERE company_id = $1 AND id > $2 ORDER BY id LIMIT $3",
    )
    .bind(actor.company_id)
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(id, kind, data, created_at)| Logged { id, kind, data, created_at }).collect())
}

/// The newest event's id (a new subscriber without `Last-Event-ID` starts after it).
pub async fn last_id(db: &crate::db::Db, company_id: i64) -> super::Result<i64> {
    let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM event_log WHERE company_id = $1")
        .bind(company_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(id.unwrap_or(0))
}

/// Forgets events older than `before` (Unix seconds); returns how many.
pub async fn prune(db: &crate::db::Db, before: i64) -> super::Result<u64> {
    Ok(sqlx::query("DELETE FROM event_log WHERE created_at < $1").bind(before).execute(&db.pool).await?.rows_affected())
}
