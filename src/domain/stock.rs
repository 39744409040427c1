//! Stock per branch. Quantity changes only through a move (reason + reference), so the
//! quantity on hand always equals the sum of the branch's moves for that product.

use super::money::Qty;
use super::Result;
use crate::db::{now, Db, Tx};

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

/// Records a move inside the caller's transaction and returns the new quantity on hand.
pub async fn record_move(tx: &mut Tx, mv: &Move) -> Result<Qty> {
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
    Ok(Qty(qty))
}

/// Records one move in its own transaction.
pub async fn apply(db: &Db, mv: &Move) -> Result<Qty> {
    let mut tx = db.begin().await?;
    let qty = record_move(&mut tx, mv).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(qty)
}

/// A product's quantity in every branch of its company (branches without stock show 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BranchQty {
    pub product_id: i64,
    pub branch_id: i64,
    pub branch_name: String,
    pub qty: Qty,
}

pub async fn by_branch(db: &Db, company_id: i64, product_id: i64) -> Result<Vec<BranchQty>> {
    let rows: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT b.id, b.name, s.qty FROM branches b
         LEFT JOIN stock s ON s.branch_id = b.id AND s.product_id = $2 AND s.company_id = $1
         WHERE b.company_id = $1 ORDER BY b.id",
    )
    .bind(company_id)
    .bind(product_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(branch_id, branch_name, qty)| BranchQty {
            product_id,
            branch_id,
            branch_name,
            qty: Qty(qty.unwrap_or(0)),
        })
        .collect())
}
