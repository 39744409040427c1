//! Goods: the catalogue, stock per branch and receiving it from suppliers. Quantity changes
//! only through a move (reason + reference), so the quantity on hand always equals the sum of
//! the branch's moves for that product.

pub mod cards;
pub mod catalog;
pub mod descriptions;
pub mod onec;
pub mod orders;
pub mod purchases;
pub mod simcards;

use serde_json::json;

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::calendar;
use crate::domain::events::Event;
pub use crate::domain::events::LowStock;
use crate::domain::ledger;
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

/// What caused a move; later areas (sales, purchases, transfers, counts) add their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveReason {
    Opening,
    Sale,
    Return,
    Purchase,
    TransferIn,
    TransferOut,
    Count,
}

impl MoveReason {
    pub fn as_str(self) -> &'static str {
        match self {
            MoveReason::Opening => "opening",
            MoveReason::Sale => "sale",
            MoveReason::Return => "return",
            MoveReason::Purchase => "purchase",
            MoveReason::TransferIn => "transfer_in",
            MoveReason::TransferOut => "transfer_out",
            MoveReason::Count => "count",
        }
    }
}

pub struct Move {
    pub company_id: i64,
    pub branch_id: i64,
    pub product_id: i64,
    pub delta: Qty,
    pub reason: MoveReason,
    pub ref_kind: &'static str,
    pub ref_id: Option<i64>,
    pub user_id: Option<i64>,
}

/// Quantity on hand before and after a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moved {
    pub before: Qty,
    pub after: Qty,
}

/// Records a move inside the caller's transaction.
pub async fn record_move(tx: &mut Tx, mv: &Move) -> Result<Moved> {
    let at = now();
    sqlx::query(
        "INSERT INTO stock_moves (company_id, branch_id, product_id, qty_delta, reason, ref_kind, ref_id, user_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(mv.company_id)
    .bind(mv.branch_id)
    .bind(mv.product_id)
    .bind(mv.delta.0)
    .bind(mv.reason.as_str())
    .bind(mv.ref_kind)
    .bind(mv.ref_id)
    .bind(mv.user_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    let qty: i64 = sqlx::query_scalar(
        "INSERT INTO stock (company_id, branch_id, product_id, qty) VALUES ($1, $2, $3, $4)
         ON CONFLICT (branch_id, product_id) DO UPDATE SET qty = stock.qty + excluded.qty
         RETURNING qty",
    )
    .bind(mv.company_id)
    .bind(mv.branch_id)
    .bind(mv.product_id)
    .bind(mv.delta.0)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Moved { before: Qty(qty - mv.delta.0), after: Qty(qty) })
}

/// The branch's weighted average cost of one unit of the product, in tiyin (0 if never received).
pub async fn avg_cost(tx: &mut Tx, branch_id: i64, product_id: i64) -> Result<i64> {
    Ok(stock_row(tx, branch_id, product_id).await?.2)
}

/// (quantity, value, average unit cost) of a product in a branch.
async fn stock_row(tx: &mut Tx, branch_id: i64, product_id: i64) -> Result<(i64, i64, i64)> {
    let row: Option<(i64, i64, i64)> =
        sqlx::query_as("SELECT qty, value, avg_cost FROM stock WHERE branch_id = $1 AND product_id = $2")
            .bind(branch_id)
            .bind(product_id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.unwrap_or((0, 0, 0)))
}

async fn set_value(tx: &mut Tx, mv: &Move, value: i64, avg: i64) -> Result<()> {
    sqlx::query("UPDATE stock SET value = $1, avg_cost = $2 WHERE branch_id = $3 AND product_id = $4")
        .bind(value)
        .bind(avg)
        .bind(mv.branch_id)
        .bind(mv.product_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Goods coming in worth `value` tiyin in all: the move, the stock's value, and the new
/// weighted average cost (value / quantity).
pub async fn receive_value(tx: &mut Tx, mv: &Move, value: i64) -> Result<Moved> {
    let (_, old_value, old_avg) = stock_row(tx, mv.branch_id, mv.product_id).await?;
    let moved = record_move(tx, mv).await?;
    let new_value = old_value.checked_add(value).ok_or(Refusal::AmountTooLarge)?;
    let avg = if moved.after.0 > 0 {
        (new_value as i128 * 1000 + moved.after.0 as i128 / 2) / moved.after.0 as i128
    } else if mv.delta.0 > 0 {
        (value as i128 * 1000) / mv.delta.0 as i128
    } else {
        old_avg as i128
    };
    set_value(tx, mv, new_value, unit_cost_within_bounds(avg)).await?;
    Ok(moved)
}

/// An average cost of one unit is a price: between nothing and `Money::MAX`. Only stock that was
/// sold below zero and then refilled by a sliver can compute one outside; it is held inside so
/// that later issues stay within the bounds of the books.
fn unit_cost_within_bounds(avg: i128) -> i64 {
    avg.clamp(0, Money::MAX.0 as i128) as i64
}

/// Goods coming in at `unit_cost` tiyin a unit.
pub async fn receive(tx: &mut Tx, mv: &Move, unit_cost: i64) -> Result<Moved> {
    receive_value(tx, mv, extend(mv.delta, unit_cost)).await
}

/// A product's stock in a branch: quantity, value, and average cost of one unit (in
/// thousandths of a tiyin, as `stock.avg_cost`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Level {
    pub qty: i64,
    pub value: i64,
    pub avg: i64,
}

impl Level {
    /// `out` units leave: the value they take — their share of the stock's value, all of it
    /// when the last unit goes (so no value is stranded), and the last average cost for
    /// anything sold beyond what the books hold — and the level after.
    pub fn issue(self, out: i64) -> Result<(i64, Level)> {
        let Level { qty: before, value, avg } = self;
        let cost: i128 = if before <= 0 {
            extend(Qty(out), avg) as i128
        } else if out >= before {
            value as i128 + extend(Qty(out - before), avg) as i128
        } else {
            (value as i128 * out as i128 + before as i128 / 2) / before as i128
        };
        // Goods leave at no more than the books may hold for one line. (Stock sold below zero
        // and refilled can carry a negative value, so a cost may be negative too.)
        if cost.abs() > Money::MAX.0 as i128 {
            return Err(Refusal::AmountTooLarge.into());
        }
        let cost = cost as i64;
        let value = value.checked_sub(cost).ok_or(Refusal::AmountTooLarge)?;
        let qty = before.checked_sub(out).ok_or(Refusal::AmountTooLarge)?;
        Ok((cost, Level { qty, value, avg: avg_after_issue(value, qty, avg) }))
    }
}

/// The average after goods left: the value over what is left, or the last one when nothing is.
fn avg_after_issue(value: i64, qty: i64, avg: i64) -> i64 {
    if qty > 0 {
        unit_cost_within_bounds((value as i128 * 1000) / qty as i128)
    } else {
        avg
    }
}

/// Goods going out (a negative move): returns the move and the value they leave with (see
/// [`Level::issue`]).
pub async fn issue(tx: &mut Tx, mv: &Move) -> Result<(Moved, i64)> {
    let (qty, value, avg) = stock_row(tx, mv.branch_id, mv.product_id).await?;
    let (cost, after) = Level { qty, value, avg }.issue(-mv.delta.0)?;
    let moved = record_move(tx, mv).await?;
    set_value(tx, mv, after.value, avg_after_issue(after.value, moved.after.0, avg)).await?;
    Ok((moved, cost))
}

/// Issues goods and reports a crossing of the minimum, if the move made one.
pub async fn issue_and_check(tx: &mut Tx, mv: &Move) -> Result<(i64, Option<LowStock>)> {
    let (moved, cost) = issue(tx, mv).await?;
    Ok((cost, crossing(tx, mv, moved).await?))
}

pub use crate::domain::money::extend;

/// Whether a move took the product from at-or-above its threshold to below it (once per
/// crossing; stock coming back above re-arms it). The threshold is the branch's reorder point
/// from the forecast where one was computed, but never below the product's minimum (a floor
/// someone set on purpose). A snoozed product stays quiet.
pub async fn crossing(tx: &mut Tx, mv: &Move, moved: Moved) -> Result<Option<LowStock>> {
    let (min_qty, reorder_point): (i64, Option<i64>) = sqlx::query_as(
        "SELECT p.min_qty, r.reorder_qty FROM products p
         LEFT JOIN reorder_points r ON r.product_id = p.id AND r.branch_id = $3
         WHERE p.id = $1 AND p.company_id = $2",
    )
    .bind(mv.product_id)
    .bind(mv.company_id)
    .bind(mv.branch_id)
    .fetch_one(&mut **tx)
    .await?;
    let Some((threshold, by_forecast)) = crossed(min_qty, reorder_point, moved) else {
        return Ok(None);
    };
    let snoozed: Option<i64> =
        sqlx::query_scalar("SELECT snoozed_until FROM stock_alerts WHERE branch_id = $1 AND product_id = $2")
            .bind(mv.branch_id)
            .bind(mv.product_id)
            .fetch_optional(&mut **tx)
            .await?;
    if snoozed.is_some_and(|until| until > now()) {
        return Ok(None);
    }
    Ok(Some(LowStock {
        company_id: mv.company_id,
        branch_id: mv.branch_id,
        product_id: mv.product_id,
        qty: moved.after,
        threshold: Qty(threshold),
        by_forecast,
    }))
}

/// The threshold a move crossed going down, if it crossed one, and whether the forecast set it.
pub fn crossed(min_qty: i64, reorder_point: Option<i64>, moved: Moved) -> Option<(i64, bool)> {
    let by_forecast = reorder_point.is_some_and(|r| r > min_qty);
    let threshold = reorder_point.unwrap_or(0).max(min_qty);
    (threshold > 0 && moved.before.0 >= threshold && moved.after.0 < threshold).then_some((threshold, by_forecast))
}

/// Silences alerts (and the digest line) for a product in a branch until `until`.
pub async fn snooze(db: &Db, actor: &Actor, branch_id: i64, product_id: i64, until: i64) -> Result<()> {
    actor.require(Action::ViewStock)?;
    let company_id = actor.company_id;
    let mut tx = db.begin().await?;
    ensure_branch(&mut tx, company_id, branch_id).await?;
    ensure_product(&mut tx, company_id, product_id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    sqlx::query(
        "INSERT INTO stock_alerts (company_id, branch_id, product_id, snoozed_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (branch_id, product_id) DO UPDATE SET snoozed_until = excluded.snoozed_until",
    )
    .bind(company_id)
    .bind(branch_id)
    .bind(product_id)
    .bind(until)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Records one move in its own transaction.
pub async fn apply(db: &Db, mv: &Move) -> Result<Qty> {
    let mut tx = db.begin().await?;
    let moved = record_move(&mut tx, mv).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(moved.after)
}

/// A product's quantity in every branch of its company (branches without stock show 0),
/// with the branch's average cost of one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BranchQty {
    pub product_id: i64,
    pub branch_id: i64,
    pub branch_name: String,
    pub qty: Qty,
    pub avg_cost: i64,
    /// Value at average cost (what account 2910 carries for it).
    pub value: i64,
}

impl BranchQty {
    pub fn value(&self) -> i64 {
        self.value
    }
}

pub async fn by_branch(db: &Db, company_id: i64, product_id: i64) -> Result<Vec<BranchQty>> {
    let rows: Vec<(i64, String, Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT b.id, b.name, s.qty, s.avg_cost, s.value FROM branches b
         LEFT JOIN stock s ON s.branch_id = b.id AND s.product_id = $2 AND s.company_id = $1
         WHERE b.company_id = $1 ORDER BY b.id",
    )
    .bind(company_id)
    .bind(product_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(branch_id, branch_name, qty, avg, value)| BranchQty {
            product_id,
            branch_id,
            branch_name,
            qty: Qty(qty.unwrap_or(0)),
            avg_cost: avg.unwrap_or(0),
            value: value.unwrap_or(0),
        })
        .collect())
}

/// A product below its minimum in a branch, for the morning digest.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Shortage {
    pub branch_id: i64,
    pub branch_name: String,
    pub product_id: i64,
    pub product_name: String,
    pub unit: String,
    pub qty: Qty,
    /// The reorder point where the forecast gave one (never below the minimum), else the minimum.
    pub threshold: Qty,
}

/// Stocked products below their reorder point or minimum where the actor works (the whole
/// company for an admin), most urgent first (the smallest share of the threshold left), at
/// most `limit`, with how many there are. Snoozed ones are left out. Unlike [`shortages`]
/// this reads the stock rows only: a product never kept in a branch is not running out there.
pub async fn running_low(db: &Db, actor: &Actor, limit: i64) -> Result<(i64, Vec<Shortage>)> {
    actor.require(Action::ViewStock)?;
    let branch = if actor.role.needs_branch() { actor.branch_id.unwrap_or(-1) } else { 0 };
    // No row at or above the company's highest threshold can be low: that bound lets the
    // database skip most rows before it looks their product up.
    let threshold = "CASE WHEN COALESCE(r.reorder_qty, 0) > p.min_qty THEN r.reorder_qty ELSE p.min_qty END";
    let rows: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT branch_id, product_id, qty, threshold, COUNT(*) OVER () FROM (
             SELECT s.branch_id, s.product_id, s.qty, {threshold} AS threshold
             FROM stock s JOIN products p ON p.id = s.product_id
             LEFT JOIN reorder_points r ON r.branch_id = s.branch_id AND r.product_id = s.product_id
             WHERE s.company_id = $1 AND ($2 = 0 OR s.branch_id = $2)
               AND s.qty < (SELECT MAX(m) FROM (SELECT MAX(min_qty) AS m FROM products WHERE company_id = $1
                                               UNION ALL SELECT MAX(reorder_qty) FROM reorder_points WHERE company_id = $1) x)
               AND s.qty < {threshold}
               AND NOT EXISTS (SELECT 1 FROM stock_alerts a
                               WHERE a.branch_id = s.branch_id AND a.product_id = s.product_id AND a.snoozed_until > $3)
         ) t
         ORDER BY CAST(qty AS DOUBLE PRECISION) / threshold, product_id, branch_id LIMIT {limit}"
    ))
    .bind(actor.company_id)
    .bind(branch)
    .bind(now())
    .fetch_all(&db.pool)
    .await?;
    let count = rows.first().map(|r| r.4).unwrap_or(0);
    let branches = crate::domain::company::branches(db, actor.company_id).await?;
    let mut low = Vec::with_capacity(rows.len());
    for (branch_id, product_id, qty, threshold, _) in rows {
        let product = crate::domain::catalog::product(db, actor.company_id, product_id).await?;
        let branch_name = branches.iter().find(|b| b.id == branch_id).map(|b| b.name.clone()).unwrap_or_default();
        low.push(Shortage {
            branch_id,
            branch_name,
            product_id,
            product_name: product.name,
            unit: product.unit,
            qty: Qty(qty),
            threshold: Qty(threshold),
        });
    }
    Ok((count, low))
}

/// Everything below its reorder point or minimum in the company (snoozed products left out),
/// by branch. A product never stocked in a branch counts as zero there.
pub async fn shortages(db: &Db, company_id: i64) -> Result<Vec<Shortage>> {
    let rows: Vec<(i64, String, i64, String, String, Option<i64>, i64)> = sqlx::query_as(
        "SELECT b.id, b.name, p.id, p.name, p.unit, s.qty,
                CASE WHEN COALESCE(r.reorder_qty, 0) > p.min_qty THEN r.reorder_qty ELSE p.min_qty END
         FROM branches b
         JOIN products p ON p.company_id = b.company_id
         LEFT JOIN reorder_points r ON r.branch_id = b.id AND r.product_id = p.id
         LEFT JOIN stock s ON s.branch_id = b.id AND s.product_id = p.id
         LEFT JOIN stock_alerts a ON a.branch_id = b.id AND a.product_id = p.id
         WHERE b.company_id = $1 AND (p.min_qty > 0 OR r.reorder_qty > 0)
           AND COALESCE(s.qty, 0) < CASE WHEN COALESCE(r.reorder_qty, 0) > p.min_qty THEN r.reorder_qty ELSE p.min_qty END
           AND COALESCE(a.snoozed_until, 0) <= $2
         ORDER BY b.id, p.name",
    )
    .bind(company_id)
    .bind(now())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(branch_id, branch_name, product_id, product_name, unit, qty, min)| Shortage {
            branch_id,
            branch_name,
            product_id,
            product_name,
            unit,
            qty: Qty(qty.unwrap_or(0)),
            threshold: Qty(min),
        })
        .collect())
}

/// Moves goods from the actor's branch (any, for admins) to another branch of the company at
/// the source's average cost.
pub async fn transfer(
    db: &Db,
    actor: &Actor,
    from_branch: i64,
    to_branch: i64,
    lines: &[(i64, Qty)],
) -> Result<(i64, Vec<Event>)> {
    actor.require_in(Action::ManageStock, from_branch)?;
    let (company_id, user_id) = (actor.company_id, actor.user_id);
    if from_branch == to_branch || lines.is_empty() || lines.iter().any(|(_, q)| q.0 <= 0) {
        return Err(Refusal::BadQuantity.into());
    }
    for (_, qty) in lines {
        qty.check()?;
    }
    let mut tx = db.begin().await?;
    for branch in [from_branch, to_branch] {
        ensure_branch(&mut tx, company_id, branch).await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO transfers (company_id, from_branch_id, to_branch_id, user_id, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(company_id)
    .bind(from_branch)
    .bind(to_branch)
    .bind(user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let mut alerts = Vec::new();
    for (product_id, qty) in lines {
        ensure_product(&mut tx, company_id, *product_id).await?;
        let out = Move {
            company_id,
            branch_id: from_branch,
            product_id: *product_id,
            delta: Qty(-qty.0),
            reason: MoveReason::TransferOut,
            ref_kind: "transfer",
            ref_id: Some(id),
            user_id,
        };
        let (cost, alert) = issue_and_check(&mut tx, &out).await?;
        alerts.extend(alert.map(Event::LowStock));
        let inbound = Move { branch_id: to_branch, delta: *qty, reason: MoveReason::TransferIn, ..out };
        receive_value(&mut tx, &inbound, cost).await?;
        sqlx::query("INSERT INTO transfer_lines (transfer_id, product_id, qty, unit_cost) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(product_id)
            .bind(qty.0)
            .bind(cost)
            .execute(&mut *tx)
            .await?;
    }
    let fields = audit::created(&[
        ("from_branch_id", json!(from_branch)),
        ("to_branch_id", json!(to_branch)),
        ("lines", json!(lines.len())),
    ]);
    audit::record(&mut tx, actor, Change::StockTransferred, Entity::Transfer, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok((id, alerts))
}

/// Posts a stock count: each counted quantity replaces what the books say, the difference
/// becoming a move (valued at average cost).
pub async fn post_count(
    db: &Db,
    actor: &Actor,
    branch_id: i64,
    counted: &[(i64, Qty)],
    reason: &str,
) -> Result<(i64, Vec<Event>)> {
    actor.require_in(Action::ManageStock, branch_id)?;
    let (company_id, user_id) = (actor.company_id, actor.user_id);
    if counted.is_empty() {
        return Err(Refusal::BadQuantity.into());
    }
    for (_, qty) in counted {
        qty.check()?;
    }
    let mut tx = db.begin().await?;
    ensure_branch(&mut tx, company_id, branch_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO stock_counts (company_id, branch_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(company_id)
    .bind(branch_id)
    .bind(user_id)
    .bind(reason)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let mut alerts = Vec::new();
    let mut postings = Vec::new();
    for (product_id, qty) in counted {
        ensure_product(&mut tx, company_id, *product_id).await?;
        let expected: Option<i64> =
            sqlx::query_scalar("SELECT qty FROM stock WHERE branch_id = $1 AND product_id = $2")
                .bind(branch_id)
                .bind(product_id)
                .fetch_optional(&mut *tx)
                .await?;
        let expected = expected.unwrap_or(0);
        let cost = avg_cost(&mut tx, branch_id, *product_id).await?;
        sqlx::query(
            "INSERT INTO stock_count_lines (count_id, product_id, expected, counted, unit_cost) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(product_id)
        .bind(expected)
        .bind(qty.0)
        .bind(cost)
        .execute(&mut *tx)
        .await?;
        if qty.0 != expected {
            let mv = Move {
                company_id,
                branch_id,
                product_id: *product_id,
                delta: Qty(qty.0 - expected),
                reason: MoveReason::Count,
                ref_kind: "count",
                ref_id: Some(id),
                user_id,
            };
            let (debit, credit, value) = if mv.delta.0 < 0 {
                let (value, alert) = issue_and_check(&mut tx, &mv).await?;
                alerts.extend(alert.map(Event::LowStock));
                (ledger::SHORTAGES, ledger::GOODS, value)
            } else {
                let value = Money(cost).line(mv.delta)?.0;
                receive_value(&mut tx, &mv, value).await?;
                (ledger::GOODS, ledger::OTHER_INCOME, value)
            };
            postings.push(ledger::dr(debit, value));
            postings.push(ledger::cr(credit, value));
        }
    }
    let day = calendar::of_company_in(&mut tx, company_id).await?.day_of(now());
    let posting = ledger::Posting {
        company_id,
        branch_id: Some(branch_id),
        day,
        ref_kind: "count",
        ref_id: Some(id),
        memo: format!("stock count {id}: {reason}"),
        lines: postings,
        register_id: None,
    };
    ledger::post(&mut tx, &posting).await?;
    let fields =
        audit::created(&[("branch_id", json!(branch_id)), ("lines", json!(counted.len())), ("reason", json!(reason))]);
    audit::record(&mut tx, actor, Change::StockCounted, Entity::Count, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok((id, alerts))
}

/// How much to order when stock runs low: enough to bring it back to its minimum, plus a
/// fifth of the minimum as a margin, rounded up to whole units.
pub fn reorder_quantity(on_hand: Qty, min: Qty) -> Qty {
    let need = (min.0 - on_hand.0.max(0)).max(0) + min.0 / 5;
    Qty(need.div_euclid(1000) * 1000 + if need % 1000 == 0 { 0 } else { 1000 })
}

/// The quantity on hand of a product in one branch.
pub async fn on_hand(db: &Db, company_id: i64, branch_id: i64, product_id: i64) -> Result<Qty> {
    let qty: Option<i64> =
        sqlx::query_scalar("SELECT qty FROM stock WHERE company_id = $1 AND branch_id = $2 AND product_id = $3")
            .bind(company_id)
            .bind(branch_id)
            .bind(product_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(Qty(qty.unwrap_or(0)))
}

pub(crate) async fn ensure_branch(tx: &mut Tx, company_id: i64, branch_id: i64) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM branches WHERE id = $1 AND company_id = $2")
        .bind(branch_id)
        .bind(company_id)
        .fetch_optional(&mut **tx)
        .await?;
    found.map(|_| ()).ok_or(Refusal::NotFound.into())
}

pub(crate) async fn ensure_product(tx: &mut Tx, company_id: i64, product_id: i64) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE id = $1 AND company_id = $2")
        .bind(product_id)
        .bind(company_id)
        .fetch_optional(&mut **tx)
        .await?;
    found.map(|_| ()).ok_or(Refusal::UnknownProduct.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reorder_reaches_the_minimum_with_a_margin() {
        assert_eq!(reorder_quantity(Qty::units(3), Qty::units(10)), Qty::units(9));
        assert_eq!(reorder_quantity(Qty::units(-2), Qty::units(10)), Qty::units(12));
        assert_eq!(reorder_quantity(Qty(9_500), Qty::units(10)), Qty::units(3));
    }
}
