//! Cash registers (kassa). A branch has one or more registers; every posting to cash (5010)
//! is a cash move on one of them, so the registers' balances always add up to 5010. A cashier
//! opens a shift with the counted float and closes it with the counted cash; a difference is
//! posted as a shortage (Dr 5910) or a surplus (Cr 9390).

use chrono::NaiveDate;

use super::company::Member;
use super::ledger::{self, cr, dr, Posting};
use super::money::Money;
use super::sales::{company_tz, local_day};
use super::{Refusal, Result};
use crate::db::{now, Db, Tx};

pub const DEFAULT_REGISTER: &str = "Asosiy kassa";

/// The branch's first register, created the first time cash moves there.
pub async fn default_register(tx: &mut Tx, company_id: i64, branch_id: i64) -> Result<i64> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM cash_registers WHERE company_id = $1 AND branch_id = $2 ORDER BY id LIMIT 1",
    )
    .bind(company_id)
    .bind(branch_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = found {
        return Ok(id);
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO cash_registers (company_id, branch_id, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(company_id)
    .bind(branch_id)
    .bind(DEFAULT_REGISTER)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?)
}

/// The register a user's cash goes to: the one their open shift is on, else the branch's first.
pub async fn register_for(tx: &mut Tx, company_id: i64, branch_id: i64, user_id: Option<i64>) -> Result<i64> {
    if let Some(user) = user_id {
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT s.register_id FROM cash_shifts s JOIN cash_registers r ON r.id = s.register_id
             WHERE s.company_id = $1 AND r.branch_id = $2 AND s.opened_by = $3 AND s.closed_at IS NULL ORDER BY s.id DESC LIMIT 1",
        )
        .bind(company_id)
        .bind(branch_id)
        .bind(user)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(register) = open {
            return Ok(register);
        }
    }
    default_register(tx, company_id, branch_id).await
}

pub async fn balance(tx: &mut Tx, register_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM cash_moves WHERE register_id = $1")
        .bind(register_id)
        .fetch_one(&mut **tx)
        .await?)
}

async fn today(tx: &mut Tx, company_id: i64) -> Result<NaiveDate> {
    Ok(local_day(company_tz(tx, company_id).await?, now()))
}

fn branch_of(member: &Member) -> Result<i64> {
    member.branch_id.ok_or_else(|| Refusal::BranchRequired.into())
}

async fn open_shift_of(tx: &mut Tx, register_id: i64) -> Result<Option<(i64, i64)>> {
    Ok(sqlx::query_as("SELECT id, opened_by FROM cash_shifts WHERE register_id = $1 AND closed_at IS NULL")
        .bind(register_id)
        .fetch_optional(&mut **tx)
        .await?)
}

/// A counted amount against the books: the difference posted, and the cash move with it.
async fn post_difference(
    tx: &mut Tx,
    member: &Member,
    register: i64,
    counted: i64,
    kind: &'static str,
    ref_id: i64,
) -> Result<i64> {
    let expected = balance(tx, register).await?;
    let difference = counted - expected;
    let lines = if difference < 0 {
        vec![dr(ledger::SHORTAGES, -difference), cr(ledger::CASH, -difference)]
    } else {
        vec![dr(ledger::CASH, difference), cr(ledger::OTHER_INCOME, difference)]
    };
    let posting = Posting {
        company_id: member.company_id,
        branch_id: member.branch_id,
        day: today(tx, member.company_id).await?,
        ref_kind: kind,
        ref_id: Some(ref_id),
        memo: format!("{kind}: counted {counted}, expected {expected}"),
        lines,
        register_id: Some(register),
    };
    ledger::post(tx, &posting).await?;
    Ok(difference)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shift {
    pub id: i64,
    pub register_id: i64,
    pub register_name: String,
    /// Counted at opening minus what the books said.
    pub difference: Money,
}

/// Opens a shift on the member's branch register with the counted float.
pub async fn open_shift(db: &Db, member: &Member, counted: Money) -> Result<Shift> {
    if counted.0 < 0 {
        return Err(Refusal::BadAmount.into());
    }
    let branch = branch_of(member)?;
    let mut tx = db.begin().await?;
    let register = default_register(&mut tx, member.company_id, branch).await?;
    if open_shift_of(&mut tx, register).await?.is_some() {
        return Err(Refusal::ShiftOpen.into());
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cash_shifts (company_id, register_id, opened_by, opened_at, opening) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(member.company_id)
    .bind(register)
    .bind(member.user_id)
    .bind(now())
    .bind(counted.0)
    .fetch_one(&mut *tx)
    .await?;
    let difference = post_difference(&mut tx, member, register, counted.0, "shift_open", id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Shift { id, register_id: register, register_name: DEFAULT_REGISTER.into(), difference: Money(difference) })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closed {
    pub shift_id: i64,
    pub expected: Money,
    pub counted: Money,
    /// Negative is a shortage.
    pub difference: Money,
}

/// Closes the open shift with the counted cash; the difference is posted.
pub async fn close_shift(db: &Db, member: &Member, counted: Money) -> Result<Closed> {
    if counted.0 < 0 {
        return Err(Refusal::BadAmount.into());
    }
    let branch = branch_of(member)?;
    let mut tx = db.begin().await?;
    let register = default_register(&mut tx, member.company_id, branch).await?;
    let (shift, _) = open_shift_of(&mut tx, register).await?.ok_or(Refusal::NoShift)?;
    let expected = balance(&mut tx, register).await?;
    let closed = sqlx::query(
        "UPDATE cash_shifts SET closed_at = $1, closed_by = $2, expected = $3, counted = $4 WHERE id = $5 AND closed_at IS NULL",
    )
    .bind(now())
    .bind(member.user_id)
    .bind(expected)
    .bind(counted.0)
    .bind(shift)
    .execute(&mut *tx)
    .await?;
    if closed.rows_affected() != 1 {
        return Err(Refusal::NoShift.into());
    }
    let difference = post_difference(&mut tx, member, register, counted.0, "shift_close", shift).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Closed { shift_id: shift, expected: Money(expected), counted, difference: Money(difference) })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Cash brought from the bank into the register (Dr 5010 / Cr 5110).
    In,
    /// Cash taken to the bank (Dr 5110 / Cr 5010).
    Out,
}

pub async fn move_cash(db: &Db, member: &Member, amount: Money, direction: Direction) -> Result<Money> {
    if amount.0 <= 0 {
        return Err(Refusal::BadAmount.into());
    }
    let branch = branch_of(member)?;
    let mut tx = db.begin().await?;
    let register = register_for(&mut tx, member.company_id, branch, Some(member.user_id)).await?;
    let (kind, lines) = match direction {
        Direction::In => ("cash_in", vec![dr(ledger::CASH, amount.0), cr(ledger::BANK, amount.0)]),
        Direction::Out => ("cash_out", vec![dr(ledger::BANK, amount.0), cr(ledger::CASH, amount.0)]),
    };
    let posting = Posting {
        company_id: member.company_id,
        branch_id: Some(branch),
        day: today(&mut tx, member.company_id).await?,
        ref_kind: kind,
        ref_id: None,
        memo: kind.to_string(),
        lines,
        register_id: Some(register),
    };
    ledger::post(&mut tx, &posting).await?;
    let after = balance(&mut tx, register).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Money(after))
}

/// Pays a supplier from the bank or from a branch's register (Dr 6010 / Cr 5110 or 5010).
pub async fn pay_supplier(
    db: &Db,
    company_id: i64,
    branch_id: i64,
    supplier_id: i64,
    amount: Money,
    from_cash: bool,
) -> Result<i64> {
    if amount.0 <= 0 {
        return Err(Refusal::BadAmount.into());
    }
    let mut tx = db.begin().await?;
    super::stock::ensure_branch(&mut tx, company_id, branch_id).await?;
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM suppliers WHERE id = $1 AND company_id = $2")
        .bind(supplier_id)
        .bind(company_id)
        .fetch_optional(&mut *tx)
        .await?;
    found.ok_or(Refusal::NotFound)?;
    let (account, register) = if from_cash {
        (ledger::CASH, Some(default_register(&mut tx, company_id, branch_id).await?))
    } else {
        (ledger::BANK, None)
    };
    let posting = Posting {
        company_id,
        branch_id: Some(branch_id),
        day: today(&mut tx, company_id).await?,
        ref_kind: "supplier_payment",
        ref_id: Some(supplier_id),
        memo: format!("payment to supplier {supplier_id}"),
        lines: vec![dr(ledger::PAYABLES, amount.0), cr(account, amount.0)],
        register_id: register,
    };
    let entry = ledger::post(&mut tx, &posting).await?.unwrap_or(0);
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(entry)
}

/// What `/kassa` shows: the register, its balance, whether a shift is open, today's moves.
#[derive(Clone, Debug)]
pub struct Status {
    pub register_name: String,
    pub balance: Money,
    pub shift_open: bool,
    pub today: Vec<(String, Money)>,
}

pub async fn status(db: &Db, member: &Member) -> Result<Status> {
    let branch = branch_of(member)?;
    let mut tx = db.begin().await?;
    let register = register_for(&mut tx, member.company_id, branch, Some(member.user_id)).await?;
    let name: String =
        sqlx::query_scalar("SELECT name FROM cash_registers WHERE id = $1").bind(register).fetch_one(&mut *tx).await?;
    let balance = balance(&mut tx, register).await?;
    let shift_open = open_shift_of(&mut tx, register).await?.is_some();
    let day = today(&mut tx, member.company_id).await?;
    let today: Vec<(String, i64)> = sqlx::query_as(
        "SELECT m.kind, CAST(SUM(m.amount) AS BIGINT) FROM cash_moves m JOIN journal_entries e ON e.id = m.entry_id
         WHERE m.register_id = $1 AND e.day = $2 GROUP BY m.kind ORDER BY m.kind",
    )
    .bind(register)
    .bind(day.to_string())
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Status {
        register_name: name,
        balance: Money(balance),
        shift_open,
        today: today.into_iter().map(|(k, a)| (k, Money(a))).collect(),
    })
}
