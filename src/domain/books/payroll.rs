//! Employees and the monthly payroll. A run computes, for each active employee, the gross
//! salary, the income tax withheld (12 %, of which the INPS share, 0.1 %, goes to the
//! employee's pension account), the employer's social tax (12 %) and the net pay, at the rates
//! in force on the month's last day. Confirming a month posts it to the ledger and pays it from
//! the cash register or the bank; a confirmed month is never run again: a correction is a new
//! version that reverses the one it replaces.

use chrono::NaiveDate;
use serde::Serialize;

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::calendar::Month;
use crate::domain::ledger::{self, cr, dr};
use crate::domain::money::Money;
use crate::domain::roles::Action;
use crate::domain::tax::{self, TaxKind};
use crate::domain::{clean_name, Error, Refusal, Result};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Employee {
    pub id: i64,
    pub name: String,
    pub pinfl: String,
    pub position: String,
    pub branch_id: Option<i64>,
    /// Monthly gross, tiyin.
    pub salary: i64,
    pub user_id: Option<i64>,
    pub active: bool,
}

/// A person's personal number (PINFL): 14 digits.
pub fn pinfl(text: &str) -> std::result::Result<String, Refusal> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 14 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(Refusal::BadPinfl)
    }
}

/// A salary: above zero and within the money bounds.
pub fn salary(text: &str) -> std::result::Result<i64, Refusal> {
    let money = Money::read(text)?;
    if money.tiyin() <= 0 {
        return Err(Refusal::BadAmount);
    }
    Ok(money.tiyin())
}

#[derive(Clone, Debug)]
pub struct NewEmployee {
    pub name: String,
    pub pinfl: String,
    pub position: String,
    pub branch_id: Option<i64>,
    pub salary: i64,
    pub user_id: Option<i64>,
}

pub async fn add_employee(db: &Db, actor: &Actor, new: NewEmployee) -> Result<Employee> {
    actor.require(Action::Payroll)?;
    let name = clean_name(&new.name, 120)?;
    let position = clean_name(&new.position, 80)?;
    let pinfl = pinfl(&new.pinfl)?;
    Money(new.salary).check()?;
    let mut tx = db.begin().await?;
    if let Some(branch) = new.branch_id {
        crate::domain::stock::ensure_branch(&mut tx, actor.company_id, branch).await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO employees (company_id, name, pinfl, position, branch_id, salary, user_id, active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) ON CONFLICT (company_id, pinfl) DO NOTHING RETURNING id",
    )
    .bind(actor.company_id)
    .bind(&name)
    .bind(&pinfl)
    .bind(&position)
    .bind(new.branch_id)
    .bind(new.salary)
    .bind(new.user_id)
    .bind(now())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(Refusal::EmployeeExists)?;
    let fields = audit::created(&[
        ("name", serde_json::json!(name)),
        ("position", serde_json::json!(position)),
        ("salary", serde_json::json!(new.salary)),
        ("branch_id", serde_json::json!(new.branch_id)),
    ]);
    audit::record(&mut tx, actor, Change::EmployeeAdded, Entity::Employee, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    employee(db, actor, id).await
}

const EMPLOYEE_COLUMNS: &str = "id, name, pinfl, position, branch_id, salary, user_id, active";

type EmployeeRow = (i64, String, String, String, Option<i64>, i64, Option<i64>, i64);

fn employee_of(row: EmployeeRow) -> Employee {
    let (id, name, pinfl, position, branch_id, salary, user_id, active) = row;
    Employee { id, name, pinfl, position, branch_id, salary, user_id, active: active != 0 }
}

pub async fn employee(db: &Db, actor: &Actor, id: i64) -> Result<Employee> {
    actor.require(Action::Payroll)?;
    let row: Option<EmployeeRow> =
        sqlx::query_as(&format!("SELECT {EMPLOYEE_COLUMNS} FROM employees WHERE id = $1 AND company_id = $2"))
            .bind(id)
            .bind(actor.company_id)
            .fetch_optional(&db.pool)
            .await?;
    row.map(employee_of).ok_or(Refusal::NotFound.into())
}

/// Every employee, the active ones first.
pub async fn employees(db: &Db, actor: &Actor) -> Result<Vec<Employee>> {
    actor.require(Action::Payroll)?;
    let rows: Vec<EmployeeRow> = sqlx::query_as(&format!(
        "SELECT {EMPLOYEE_COLUMNS} FROM employees WHERE company_id = $1 ORDER BY active DESC, name, id"
    ))
    .bind(actor.company_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(employee_of).collect())
}

/// One change to an employee's card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmployeeEdit {
    Name(String),
    Pinfl(String),
    Position(String),
    Salary(i64),
    Active(bool),
    /// The company member this employee is (`None`: no one).
    Member(Option<i64>),
}

pub async fn edit_employee(db: &Db, actor: &Actor, id: i64, edit: EmployeeEdit) -> Result<Employee> {
    let before = employee(db, actor, id).await?;
    let (column, value, old): (&str, serde_json::Value, serde_json::Value) = match &edit {
        EmployeeEdit::Name(n) => ("name", clean_name(n, 120)?.into(), before.name.clone().into()),
        EmployeeEdit::Pinfl(p) => ("pinfl", pinfl(p)?.into(), before.pinfl.clone().into()),
        EmployeeEdit::Position(p) => ("position", clean_name(p, 80)?.into(), before.position.clone().into()),
        EmployeeEdit::Salary(s) => ("salary", Money(*s).check()?.tiyin().into(), before.salary.into()),
        EmployeeEdit::Active(a) => ("active", i64::from(*a).into(), i64::from(before.active).into()),
        EmployeeEdit::Member(user) => {
            if let Some(user) = user {
                let members = crate::domain::company::members(db, actor.company_id).await?;
                if !members.iter().any(|m| m.user_id == *user) {
                    return Err(Refusal::NotFound.into());
                }
            }
            ("user_id", (*user).into(), before.user_id.into())
        }
    };
    let mut tx = db.begin().await?;
    let query = format!("UPDATE employees SET {column} = $1 WHERE id = $2 AND company_id = $3");
    let query = match &value {
        serde_json::Value::String(s) => sqlx::query(&query).bind(s.clone()),
        serde_json::Value::Null => sqlx::query(&query).bind(None::<i64>),
        other => sqlx::query(&query).bind(other.as_i64().unwrap_or(0)),
    };
    query.bind(id).bind(actor.company_id).execute(&mut *tx).await.map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Error::Refused(Refusal::EmployeeExists),
        other => other.into(),
    })?;
    let changes = audit::diff(&[(column, old, value)]);
    audit::record(&mut tx, actor, Change::EmployeeEdited, Entity::Employee, id, changes).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    employee(db, actor, id).await
}

/// The rates a month's payroll uses, in basis points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rates {
    pub income_bp: i64,
    pub inps_bp: i64,
    pub social_bp: i64,
}

impl Rates {
    pub async fn on(db: &Db, company_id: i64, day: NaiveDate) -> Result<Rates> {
        Ok(Rates {
            income_bp: tax::rate_bp(db, company_id, TaxKind::Income, day).await?,
            inps_bp: tax::rate_bp(db, company_id, TaxKind::Inps, day).await?,
            social_bp: tax::rate_bp(db, company_id, TaxKind::Social, day).await?,
        })
    }
}

/// What one salary costs and pays, tiyin.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pay {
    pub gross: i64,
    /// Income tax withheld, the INPS share included.
    pub pit: i64,
    /// The INPS share of `pit`.
    pub inps: i64,
    /// The employer's social tax, on top of the gross.
    pub social: i64,
    pub net: i64,
}

impl Pay {
    pub fn of(gross: i64, rates: Rates) -> Pay {
        let pit = tax::share(gross, rates.income_bp);
        Pay {
            gross,
            pit,
            inps: tax::share(gross, rates.inps_bp).min(pit),
            social: tax::share(gross, rates.social_bp),
            net: gross - pit,
        }
    }

    fn add(self, other: Pay) -> Pay {
        Pay {
            gross: self.gross + other.gross,
            pit: self.pit + other.pit,
            inps: self.inps + other.inps,
            social: self.social + other.social,
            net: self.net + other.net,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunLine {
    pub employee_id: i64,
    pub name: String,
    pub pinfl: String,
    pub position: String,
    pub branch_id: Option<i64>,
    pub pay: Pay,
}

/// Where salaries are paid from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PaidFrom {
    Cash,
    Bank,
}

impl PaidFrom {
    pub fn account(self) -> &'static str {
        match self {
            PaidFrom::Cash => ledger::CASH,
            PaidFrom::Bank => ledger::BANK,
        }
    }

    fn of_account(code: &str) -> PaidFrom {
        if ledger::is_cash(code) {
            PaidFrom::Cash
        } else {
            PaidFrom::Bank
        }
    }
}

/// A month's payroll: a draft (`version` 0) or a confirmed version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Run {
    pub id: Option<i64>,
    pub period: String,
    pub version: i64,
    pub paid_from: Option<PaidFrom>,
    pub rates: Option<Rates>,
    pub lines: Vec<RunLine>,
    pub totals: Pay,
}

impl Run {
    pub fn confirmed(&self) -> bool {
        self.version > 0
    }
}

fn totals(lines: &[RunLine]) -> Pay {
    lines.iter().fold(Pay::default(), |acc, l| acc.add(l.pay))
}

/// The day a month's payroll is posted on: its last day, or today while the month runs.
fn posting_day(month: Month, today: NaiveDate) -> NaiveDate {
    month.last().min(today)
}

async fn refuse_future(db: &Db, actor: &Actor, month: Month) -> Result<NaiveDate> {
    let today = actor.calendar(db).await?.today();
    if month.first() > today {
        return Err(Refusal::FutureMonth.into());
    }
    Ok(today)
}

/// What confirming `month` would post now: every active employee at today's salary.
pub async fn draft(db: &Db, actor: &Actor, month: Month) -> Result<Run> {
    actor.require(Action::Payroll)?;
    let rates = Rates::on(db, actor.company_id, month.last()).await?;
    let lines: Vec<RunLine> = employees(db, actor)
        .await?
        .into_iter()
        .filter(|e| e.active)
        .map(|e| RunLine {
            employee_id: e.id,
            name: e.name,
            pinfl: e.pinfl,
            position: e.position,
            branch_id: e.branch_id,
            pay: Pay::of(e.salary, rates),
        })
        .collect();
    Ok(Run {
        id: None,
        period: month.code(),
        version: 0,
        paid_from: None,
        rates: Some(rates),
        totals: totals(&lines),
        lines,
    })
}

/// A stored payroll line: employee, name, PINFL, position, gross, PIT, INPS, social, net.
type LineRow = (i64, String, String, String, i64, i64, i64, i64, i64);

/// The month's confirmed payroll (its latest version), if any.
pub async fn confirmed(db: &Db, company_id: i64, month: Month) -> Result<Option<Run>> {
    let run: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT id, version, paid_from FROM payroll_runs
         WHERE company_id = $1 AND period = $2 AND status = 'confirmed' ORDER BY version DESC LIMIT 1",
    )
    .bind(company_id)
    .bind(month.code())
    .fetch_optional(&db.pool)
    .await?;
    let Some((id, version, paid_from)) = run else { return Ok(None) };
    let rows: Vec<LineRow> = sqlx::query_as(
        "SELECT employee_id, name, pinfl, position, gross, pit, inps, social, net FROM payroll_lines
         WHERE run_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let lines: Vec<RunLine> = rows
        .into_iter()
        .map(|(employee_id, name, pinfl, position, gross, pit, inps, social, net)| RunLine {
            employee_id,
            name,
            pinfl,
            position,
            branch_id: None,
            pay: Pay { gross, pit, inps, social, net },
        })
        .collect();
    Ok(Some(Run {
        id: Some(id),
        period: month.code(),
        version,
        paid_from: Some(PaidFrom::of_account(&paid_from)),
        rates: None,
        totals: totals(&lines),
        lines,
    }))
}

/// Confirms `month`: posts the payroll and its payment. A month already confirmed is refused
/// unless this is a correction of its confirmed version (`corrects`), which reverses that
/// version and posts the next; a correction of a version already corrected is refused too, so
/// a double tap posts once.
pub async fn confirm(db: &Db, actor: &Actor, month: Month, paid_from: PaidFrom, corrects: Option<i64>) -> Result<Run> {
    actor.require(Action::Payroll)?;
    let today = refuse_future(db, actor, month).await?;
    let previous = confirmed(db, actor.company_id, month).await?;
    if previous.as_ref().map(|p| p.version) != corrects {
        return Err(Refusal::PayrollConfirmed.into());
    }
    let run = draft(db, actor, month).await?;
    if run.lines.is_empty() {
        return Err(Refusal::NoEmployees.into());
    }
    let day = posting_day(month, today);
    let mut tx = db.begin().await?;
    let version = match &previous {
        Some(p) => {
            supersede(&mut tx, actor.company_id, p, day).await?;
            p.version + 1
        }
        None => 1,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payroll_runs (company_id, period, version, status, paid_from, gross, pit, inps, social, net, user_id, created_at)
         VALUES ($1, $2, $3, 'confirmed', $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (company_id, period, version) DO NOTHING RETURNING id",
    )
    .bind(actor.company_id)
    .bind(month.code())
    .bind(version)
    .bind(paid_from.account())
    .bind(run.totals.gross)
    .bind(run.totals.pit)
    .bind(run.totals.inps)
    .bind(run.totals.social)
    .bind(run.totals.net)
    .bind(actor.user_id)
    .bind(now())
    .fetch_optional(&mut *tx)
    .await?
    // Someone confirmed the same version a moment ago (a double tap).
    .ok_or(Refusal::PayrollConfirmed)?;
    for line in &run.lines {
        sqlx::query(
            "INSERT INTO payroll_lines (run_id, company_id, employee_id, name, pinfl, position, gross, pit, inps, social, net)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id)
        .bind(actor.company_id)
        .bind(line.employee_id)
        .bind(&line.name)
        .bind(&line.pinfl)
        .bind(&line.position)
        .bind(line.pay.gross)
        .bind(line.pay.pit)
        .bind(line.pay.inps)
        .bind(line.pay.social)
        .bind(line.pay.net)
        .execute(&mut *tx)
        .await?;
    }
    let register = match paid_from {
        PaidFrom::Cash => Some(payout_register(&mut tx, actor).await?),
        PaidFrom::Bank => None,
    };
    let posting = posting(actor.company_id, month, version, day, &run.lines, paid_from, register);
    let entry = ledger::post(&mut tx, &posting).await?;
    sqlx::query("UPDATE payroll_runs SET entry_id = $1 WHERE id = $2").bind(entry).bind(id).execute(&mut *tx).await?;
    let fields = audit::created(&[
        ("period", serde_json::json!(month.code())),
        ("version", serde_json::json!(version)),
        ("gross", serde_json::json!(run.totals.gross)),
        ("net", serde_json::json!(run.totals.net)),
        ("paid_from", serde_json::json!(paid_from)),
    ]);
    audit::record(&mut tx, actor, Change::PayrollConfirmed, Entity::PayrollRun, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Run { id: Some(id), version, paid_from: Some(paid_from), ..run })
}

/// The replaced version: its entry reversed, its status superseded.
async fn supersede(tx: &mut Tx, company_id: i64, previous: &Run, day: NaiveDate) -> Result<()> {
    let id = previous.id.expect("a confirmed run has an id");
    let entry: Option<i64> =
        sqlx::query_scalar("SELECT entry_id FROM payroll_runs WHERE id = $1").bind(id).fetch_one(&mut **tx).await?;
    if let Some(entry) = entry {
        let memo = format!("payroll {} v{} corrected", previous.period, previous.version);
        ledger::reverse_in(tx, company_id, entry, day, &memo).await?;
    }
    let changed = sqlx::query("UPDATE payroll_runs SET status = 'superseded' WHERE id = $1 AND status = 'confirmed'")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Err(Refusal::PayrollConfirmed.into());
    }
    Ok(())
}

/// Salaries in cash leave the register of the admin's branch (the company's first otherwise).
async fn payout_register(tx: &mut Tx, actor: &Actor) -> Result<i64> {
    let branch: i64 = match actor.branch_id {
        Some(b) => b,
        None => {
            sqlx::query_scalar("SELECT MIN(id) FROM branches WHERE company_id = $1")
                .bind(actor.company_id)
                .fetch_one(&mut **tx)
                .await?
        }
    };
    crate::domain::cash::register_for(tx, actor.company_id, branch, None).await
}

/// Payroll as one entry: salaries and social tax as expenses (selling for branch staff,
/// administrative for the rest), income tax and INPS withheld, net pay paid out.
/// Dr 9410/9420 / Cr 6710 gross; Dr 6710 / Cr 6411, 6412 withheld; Dr 9410/9420 / Cr 6520
/// social tax; Dr 6710 / Cr 5010 or 5110 net.
pub fn posting(
    company_id: i64,
    month: Month,
    version: i64,
    day: NaiveDate,
    lines: &[RunLine],
    paid_from: PaidFrom,
    register: Option<i64>,
) -> ledger::Posting {
    let (mut selling, mut admin) = (0, 0);
    for line in lines {
        let cost = line.pay.gross + line.pay.social;
        if line.branch_id.is_some() {
            selling += cost;
        } else {
            admin += cost;
        }
    }
    let t = totals(lines);
    ledger::Posting {
        company_id,
        branch_id: None,
        day,
        ref_kind: "payroll",
        ref_id: None,
        memo: format!("payroll {month} v{version}"),
        lines: vec![
            dr(ledger::SELLING_EXPENSES, selling),
            dr(ledger::ADMIN_EXPENSES, admin),
            cr(ledger::SALARIES_PAYABLE, t.gross),
            dr(ledger::SALARIES_PAYABLE, t.pit),
            cr(ledger::INCOME_TAX_PAYABLE, t.pit - t.inps),
            cr(ledger::INPS_PAYABLE, t.inps),
            cr(ledger::SOCIAL_TAX_PAYABLE, t.social),
            dr(ledger::SALARIES_PAYABLE, t.net),
            cr(paid_from.account(), t.net),
        ],
        register_id: register,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATES: Rates = Rates { income_bp: 1200, inps_bp: 10, social_bp: 1200 };

    #[test]
    fn salaries_by_hand() {
        // 5 000 000 so‘m: PIT 600 000 (INPS 5 000 of it), social tax 600 000, net 4 400 000.
        assert_eq!(
            Pay::of(500_000_000, RATES),
            Pay { gross: 500_000_000, pit: 60_000_000, inps: 500_000, social: 60_000_000, net: 440_000_000 }
        );
        // 3 333 333.33 so‘m: 12 % is 399 999.9996 → 400 000.00; 0.1 % is 3 333.33.
        assert_eq!(
            Pay::of(333_333_333, RATES),
            Pay { gross: 333_333_333, pit: 40_000_000, inps: 333_333, social: 40_000_000, net: 293_333_333 }
        );
        // 1 234 567.89 so‘m: PIT 148 148.15 (148 148.1468), INPS 1 234.57, net 1 086 419.74.
        assert_eq!(
            Pay::of(123_456_789, RATES),
            Pay { gross: 123_456_789, pit: 14_814_815, inps: 123_457, social: 14_814_815, net: 108_641_974 }
        );
        assert_eq!(Pay::of(0, RATES), Pay::default());
    }

    #[test]
    fn pinfl_is_fourteen_digits() {
        assert_eq!(pinfl("3120 5890 1234 56"), Ok("31205890123456".into()));
        assert_eq!(pinfl("3120589012345"), Err(Refusal::BadPinfl));
        assert_eq!(pinfl("3120589012345a"), Err(Refusal::BadPinfl));
    }

    #[test]
    fn the_payroll_entry_balances_and_splits_expenses() {
        let line = |branch: Option<i64>, gross| RunLine {
            employee_id: 1,
            name: "A".into(),
            pinfl: "31205890123456".into(),
            position: "x".into(),
            branch_id: branch,
            pay: Pay::of(gross, RATES),
        };
        let lines = [line(Some(1), 500_000_000), line(None, 800_000_000)];
        let month = Month::parse("2026-11").unwrap();
        let p = posting(1, month, 1, month.last(), &lines, PaidFrom::Bank, None);
        let debit: i64 = p.lines.iter().map(|l| l.debit).sum();
        let credit: i64 = p.lines.iter().map(|l| l.credit).sum();
        assert_eq!(debit, credit);
        assert_eq!(p.lines[0], dr("9410", 560_000_000));
        assert_eq!(p.lines[1], dr("9420", 896_000_000));
        assert_eq!(p.lines[8], cr("5110", 440_000_000 + 704_000_000));
    }
}
