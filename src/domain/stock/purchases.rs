//! Receiving goods from a supplier. Stock goes up and the branch's weighted average cost is
//! updated with the cost net of recoverable VAT (what the goods are carried at).

use serde_json::json;

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::calendar;
use crate::domain::catalog::{self, Product};
use crate::domain::forecast::reorder;
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::stock::{self, extend, Move, MoveReason};
use crate::domain::tax::vat_inside;
use crate::domain::{ledger, Refusal, Result};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PurchaseLine {
    pub product_id: i64,
    pub qty: Qty,
    /// Price of one unit on the supplier's invoice, VAT included.
    pub unit_cost: Money,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Purchase {
    pub id: i64,
    pub total: Money,
    pub vat: Money,
}

/// Receives goods into `branch_id` (the actor's own, unless an admin).
pub async fn record_purchase(
    db: &Db,
    actor: &Actor,
    branch_id: i64,
    supplier_id: Option<i64>,
    lines: &[PurchaseLine],
) -> Result<Purchase> {
    let mut tx = db.begin().await?;
    let purchase = record_purchase_in(&mut tx, actor, branch_id, supplier_id, lines, None).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(purchase)
}

/// Receives goods inside the caller's transaction, against a purchase order when `order_id` is given.
pub async fn record_purchase_in(
    tx: &mut Tx,
    actor: &Actor,
    branch_id: i64,
    supplier_id: Option<i64>,
    lines: &[PurchaseLine],
    order_id: Option<i64>,
) -> Result<Purchase> {
    actor.require_in(Action::ManageStock, branch_id)?;
    let (company_id, user_id) = (actor.company_id, actor.user_id);
    if lines.is_empty() {
        return Err(Refusal::EmptySale.into());
    }
    if lines.iter().any(|l| l.qty.0 <= 0 || l.unit_cost.0 < 0) {
        return Err(Refusal::BadQuantity.into());
    }
    let mut invoice = 0i64;
    for line in lines {
        // Each line is at most Money::MAX, so the running sum cannot overflow before the check.
        invoice += line.unit_cost.line(line.qty)?.0;
    }
    Money(invoice).check()?;
    stock::ensure_branch(tx, company_id, branch_id).await?;
    if let Some(supplier) = supplier_id {
        crate::domain::partners::ensure_supplier(tx, company_id, supplier).await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO purchases (company_id, branch_id, supplier_id, user_id, total, vat, created_at, order_id)
         VALUES ($1, $2, $3, $4, 0, 0, $5, $6) RETURNING id",
    )
    .bind(company_id)
    .bind(branch_id)
    .bind(supplier_id)
    .bind(user_id)
    .bind(now())
    .bind(order_id)
    .fetch_one(&mut **tx)
    .await?;
    let (mut total, mut vat) = (0i64, 0i64);
    for line in lines {
        let rate: Option<i64> =
            sqlx::query_scalar("SELECT vat_rate_bp FROM products WHERE id = $1 AND company_id = $2")
                .bind(line.product_id)
                .bind(company_id)
                .fetch_optional(&mut **tx)
                .await?;
        let rate = rate.ok_or(Refusal::UnknownProduct)?;
        // VAT is worked out per invoice line; the goods are carried at the line net of it.
        let line_total = extend(line.qty, line.unit_cost.0);
        let line_vat = vat_inside(line_total, rate);
        total += line_total;
        vat += line_vat;
        sqlx::query(
            "INSERT INTO purchase_lines (purchase_id, product_id, qty, unit_cost, total) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(line.product_id)
        .bind(line.qty.0)
        .bind(line.unit_cost.0)
        .bind(line_total)
        .execute(&mut **tx)
        .await?;
        let mv = Move {
            company_id,
            branch_id,
            product_id: line.product_id,
            delta: line.qty,
            reason: MoveReason::Purchase,
            ref_kind: "purchase",
            ref_id: Some(id),
            user_id,
        };
        stock::receive_value(tx, &mv, line_total - line_vat).await?;
    }
    let day = calendar::of_company_in(tx, company_id).await?.day_of(now());
    let posting = ledger::Posting {
        company_id,
        branch_id: Some(branch_id),
        day,
        ref_kind: "purchase",
        ref_id: Some(id),
        memo: format!("purchase {id}"),
        lines: vec![
            ledger::dr(ledger::GOODS, total - vat),
            ledger::dr(ledger::INPUT_VAT, vat),
            ledger::cr(ledger::PAYABLES, total).of(supplier_id),
        ],
        register_id: None,
    };
    ledger::post(tx, &posting).await?;
    sqlx::query("UPDATE purchases SET total = $1, vat = $2 WHERE id = $3")
        .bind(total)
        .bind(vat)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let fields = audit::created(&[
        ("branch_id", json!(branch_id)),
        ("supplier_id", json!(supplier_id)),
        ("order_id", json!(order_id)),
        ("lines", json!(lines.len())),
        ("total", json!(total)),
    ]);
    audit::record(tx, actor, Change::PurchaseRecorded, Entity::Purchase, id, fields).await?;
    Ok(Purchase { id, total: Money(total), vat: Money(vat) })
}

/// The line a low-stock alert proposes: the product and how much of it to order for `branch_id`
/// (the actor's own, unless an admin): up to the forecast's order-up-to level in whole packs
/// where the nightly job computed one, else the minimum plus a fifth.
pub async fn reorder_line(db: &Db, actor: &Actor, branch_id: i64, product_id: i64) -> Result<(Product, Qty)> {
    actor.require_in(Action::ManageStock, branch_id)?;
    let product = catalog::product(db, actor.company_id, product_id).await?;
    let on_hand = stock::on_hand(db, actor.company_id, branch_id, product_id).await?;
    let qty = match reorder::stored(db, actor.company_id, branch_id, product_id).await? {
        Some(plan) => reorder::order_quantity(plan.order_up_to, on_hand, plan.pack),
        None => stock::reorder_quantity(on_hand, product.min_qty()),
    };
    Ok((product, qty))
}
