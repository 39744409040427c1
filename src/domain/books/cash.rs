//! Cash registers (kassa). A branch has one or more registers; every posting to cash (5010)
//! is a cash move on one of them, so the registers' balances always add up to 5010. A cashier
//! opens a shift with the counted float and closes it with the counted cash; a difference is
//! posted as a shortage (Dr 5910) or a surplus (Cr 9390).

use chrono::NaiveDate;
use serde_json::json;

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::calendar;
use crate::domain::events::Event;
use crate::domain::ledger::{self, cr, dr, Posting};
use crate::domain::money::Money;
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

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
    Ok(calendar::of_company_in(tx, company_id).await?.day_of(now()))
}

/// The till's cash is handled by a person of the branch: (branch, user).
fn till_of(actor: &Actor) -> Result<(i64, i64)> {
    actor.require(Action::Kassa)?;
    let branch = actor.branch_id.ok_or(Refusal::BranchRequired)?;
    let user = actor.user_id.ok_or(Refusal::NotAllowed)?;
    Ok((branch, user))
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
    actor: &Actor,
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
        company_id: actor.company_id,
        branch_id: actor.branch_id,
        day: today(tx, actor.company_id).await?,
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
pub async fn open_shift(db: &Db, actor: &Actor, counted: Money) -> Result<Shift> {
    let (branch, user) = till_of(actor)?;
    counted.check()?;
    let mut tx = db.begin().await?;
    let register = default_register(&mut tx, actor.company_id, branch).await?;
    if open_shift_of(&mut tx, register).await?.is_some() {
        return Err(Refusal::ShiftOpen.into());
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cash_shifts (company_id, register_id, opened_by, opened_at, opening) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(register)
    .bind(user)
    .bind(now())
    .bind(counted.0)
    .fetch_one(&mut *tx)
    .await?;
    let difference = post_difference(&mut tx, actor, register, counted.0, "shift_open", id).await?;
    let fields = audit::created(&[
        ("register_id", json!(register)),
        ("counted", json!(counted.0)),
        ("difference", json!(difference)),
    ]);
    audit::record(&mut tx, actor, Change::ShiftOpened, Entity::Shift, id, fields).await?;
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
    /// A difference is told to the branch's managers.
    pub events: Vec<Event>,
}

/// Closes the open shift with the counted cash; the difference is posted.
pub async fn close_shift(db: &Db, actor: &Actor, counted: Money) -> Result<Closed> {
    let (branch, user) = till_of(actor)?;
    counted.check()?;
    let mut tx = db.begin().await?;
    let register = default_register(&mut tx, actor.company_id, branch).await?;
    let (shift, _) = open_shift_of(&mut tx, register).await?.ok_or(Refusal::NoShift)?;
    let expected = balance(&mut tx, register).await?;
    let closed = sqlx::query(
        "UPDATE cash_shifts SET closed_at = $1, closed_by = $2, expected = $3, counted = $4 WHERE id = $5 AND closed_at IS NULL",
    )
    .bind(now())
    .bind(user)
    .bind(expected)
    .bind(counted.0)
    .bind(shift)
    .execute(&mut *tx)
    .await?;
    if closed.rows_affected() != 1 {
        return Err(Refusal::NoShift.into());
    }
    let difference = post_difference(&mut tx, actor, register, counted.0, "shift_close", shift).await?;
    let fields = json!({ "status": ["open", "closed"], "expected": [null, expected], "counted": [null, counted.0] });
    audit::record(&mut tx, actor, Change::ShiftClosed, Entity::Shift, shift, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    let events = if difference == 0 {
        Vec::new()
    } else {
        vec![Event::ShiftDifference {
            company_id: actor.company_id,
            branch_id: branch,
            cashier_id: user,
            expected: Money(expected),
            counted,
        }]
    };
    Ok(Closed { shift_id: shift, expected: Money(expected), counted, difference: Money(difference), events })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Cash brought from the bank into the register (Dr 5010 / Cr 5110).
    In,
    /// Cash taken to the bank (Dr 5110 / Cr 5010).
    Out,
}

pub async fn move_cash(db: &Db, actor: &Actor, amount: Money, direction: Direction) -> Result<Money> {
    let (branch, user) = till_of(actor)?;
    if amount.0 <= 0 {
        return Err(Refusal::BadAmount.into());
    }
    amount.check()?;
    let mut tx = db.begin().await?;
    let register = register_for(&mut tx, actor.company_id, branch, Some(user)).await?;
    let (kind, lines) = match direction {
        Direction::In => ("cash_in", vec![dr(ledger::CASH, amount.0), cr(ledger::BANK, amount.0)]),
        Direction::Out => ("cash_out", vec![dr(ledger::BANK, amount.0), cr(ledger::CASH, amount.0)]),
    };
    let posting = Posting {
        company_id: actor.company_id,
        branch_id: Some(branch),
        day: today(&mut tx, actor.company_id).await?,
        ref_kind: kind,
        ref_id: None,
        memo: kind.to_string(),
        lines,
        register_id: Some(register),
    };
    let entry = ledger::post(&mut tx, &posting).await?.unwrap_or(0);
    let after = balance(&mut tx, register).await?;
    let fields =
        audit::created(&[("register_id", json!(register)), ("kind", json!(kind)), ("amount", json!(amount.0))]);
    audit::record(&mut tx, actor, Change::CashMoved, Entity::CashMove, entry, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Money(after))
}

/// Pays a supplier from the bank or from a branch's register (Dr 6010 / Cr 5110 or 5010).
pub async fn pay_supplier(
    db: &Db,
    actor: &Actor,
    branch_id: i64,
    supplier_id: i64,
    amount: Money,
    from_cash: bool,
) -> Result<i64> {
    actor.require_in(Action::PaySuppliers, branch_id)?;
    let company_id = actor.company_id;
    if amount.0 <= 0 {
        return Err(Refusal::BadAmount.into());
    }
    amount.check()?;
    let mut tx = db.begin().await?;
    crate::domain::stock::ensure_branch(&mut tx, company_id, branch_id).await?;
    crate::domain::partners::ensure_supplier(&mut tx, company_id, supplier_id).await?;
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
        lines: vec![dr(ledger::PAYABLES, amount.0).of(Some(supplier_id)), cr(account, amount.0)],
        register_id: register,
    };
    let entry = ledger::post(&mut tx, &posting).await?.unwrap_or(0);
    let fields = audit::created(&[
        ("entry_id", json!(entry)),
        ("amount", json!(amount.0)),
        ("from", json!(if from_cash { "cash" } else { "bank" })),
    ]);
    audit::record(&mut tx, actor, Change::SupplierPaid, Entity::Supplier, supplier_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(entry)
}

/// A register and the cash in it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RegisterBalance {
    pub branch_name: String,
    pub register_name: String,
    pub balance: Money,
}

/// The cash in every register the actor may look at: an admin's whole company, a manager's
/// branch, a cashier's own till.
pub async fn balances(db: &Db, actor: &Actor) -> Result<Vec<RegisterBalance>> {
    actor.require(Action::Kassa)?;
    if actor.role == crate::domain::roles::Role::Cashier {
        let own = status(db, actor).await?;
        return Ok(vec![RegisterBalance {
            branch_name: String::new(),
            register_name: own.register_name,
            balance: own.balance,
        }]);
    }
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT b.name, r.name, CAST(COALESCE(SUM(m.amount), 0) AS BIGINT)
         FROM cash_registers r JOIN branches b ON b.id = r.branch_id LEFT JOIN cash_moves m ON m.register_id = r.id
         WHERE r.company_id = $1 AND ($2 = 0 OR r.branch_id = $2)
         GROUP BY r.id, b.name, r.name ORDER BY b.name, r.id",
    )
    .bind(actor.company_id)
    .bind(actor.branch_id.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(branch_name, register_name, balance)| RegisterBalance {
            branch_name,
            register_name,
            balance: Money(balance),
        })
        .collect())
}

/// What `/kassa` shows: the register, its balance, whether a shift is open, today's moves.
#[derive(Clone, Debug)]
pub struct Status {
    pub register_name: String,
    pub balance: Money,
    pub shift_open: bool,
    pub today: Vec<(String, Money)>,
}

pub async fn status(db: &Db, actor: &Actor) -> Result<Status> {
    let (branch, user) = till_of(actor)?;
    let mut tx = db.begin().await?;
    let register = register_for(&mut tx, actor.company_id, branch, Some(user)).await?;
    let name: String =
        sqlx::query_scalar("SELECT name FROM cash_registers WHERE id = $1").bind(register).fetch_one(&mut *tx).await?;
    let balance = balance(&mut tx, register).await?;
    let shift_open = open_shift_of(&mut tx, register).await?.is_some();
    let day = today(&mut tx, actor.company_id).await?;
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
