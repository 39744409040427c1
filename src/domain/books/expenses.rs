//! Expenses with approval. Anyone files one (pending); the branch manager approves it, or an
//! admin when it is above the company's threshold (or the branch has no manager). Approval is
//! a single conditional update, so two approvers tapping at once, or one tapping twice, post
//! once. Approved: Dr 9410/9420/9430 (by category) / Cr 5010 (the branch's register) or 5110.

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::calendar;
use crate::domain::company::{self, Member};
use crate::domain::events::Event;
use crate::domain::ledger::{self, cr, dr, Posting};
use crate::domain::money::Money;
use crate::domain::roles::{self, Action, Role};
use crate::domain::{clean_name, Error, Refusal, Result};

/// Where an expense stands. Stored as its lowercase name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpenseStatus {
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

impl ExpenseStatus {
    pub const ALL: [ExpenseStatus; 4] =
        [ExpenseStatus::Pending, ExpenseStatus::Approved, ExpenseStatus::Rejected, ExpenseStatus::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            ExpenseStatus::Pending => "pending",
            ExpenseStatus::Approved => "approved",
            ExpenseStatus::Rejected => "rejected",
            ExpenseStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<ExpenseStatus> {
        ExpenseStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Categories a new company starts with: (name, expense account).
pub const DEFAULT_CATEGORIES: [(&str, &str); 7] = [
    ("Ijara", "9420"),
    ("Kommunal xizmatlar", "9420"),
    ("Aloqa va internet", "9420"),
    ("Transport va yetkazib berish", "9410"),
    ("Reklama", "9410"),
    ("Xo‘jalik mollari", "9430"),
    ("Boshqa xarajatlar", "9430"),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub account_code: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaidFrom {
    Cash,
    Bank,
}

impl PaidFrom {
    pub fn as_str(self) -> &'static str {
        match self {
            PaidFrom::Cash => "cash",
            PaidFrom::Bank => "bank",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewExpense {
    pub amount: Money,
    pub category_id: i64,
    pub description: String,
    pub photo_file_id: Option<String>,
    pub paid_from: PaidFrom,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expense {
    pub id: i64,
    pub company_id: i64,
    pub branch_id: i64,
    pub branch_name: String,
    pub requester_id: i64,
    pub requester_name: String,
    pub requester_telegram_id: i64,
    pub amount: Money,
    pub category: String,
    pub account_code: String,
    pub description: String,
    pub photo_file_id: Option<String>,
    pub paid_from: PaidFrom,
    pub status: ExpenseStatus,
    pub needs_admin: bool,
    pub reason: Option<String>,
    pub created_at: i64,
}

pub async fn categories(db: &Db, company_id: i64) -> Result<Vec<Category>> {
    let load = || async {
        sqlx::query_as::<_, (i64, String, String)>(
            "SELECT id, name, account_code FROM expense_categories WHERE company_id = $1 AND active = 1 ORDER BY id",
        )
        .bind(company_id)
        .fetch_all(&db.pool)
        .await
    };
    let mut rows = load().await?;
    if rows.is_empty() {
        for (name, account) in DEFAULT_CATEGORIES {
            sqlx::query(
                "INSERT INTO expense_categories (company_id, name, account_code, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(company_id)
            .bind(name)
            .bind(account)
            .bind(now())
            .execute(&db.pool)
            .await?;
        }
        rows = load().await?;
    }
    Ok(rows.into_iter().map(|(id, name, account_code)| Category { id, name, account_code }).collect())
}

/// Admins add categories, each booked to one of the expense accounts.
pub async fn add_category(db: &Db, actor: &Actor, name: &str, account_code: &str) -> Result<Category> {
    actor.require(Action::ManageSettings)?;
    if !["9410", "9420", "9430"].contains(&account_code) {
        return Err(Refusal::BadName.into());
    }
    let name = clean_name(name, 60)?;
    categories(db, actor.company_id).await?;
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO expense_categories (company_id, name, account_code, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(&name)
    .bind(account_code)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let fields = audit::created(&[("name", json!(name)), ("account", json!(account_code))]);
    audit::record(&mut tx, actor, Change::CategoryAdded, Entity::ExpenseCategory, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Category { id, name, account_code: account_code.to_string() })
}

pub async fn threshold(db: &Db, company_id: i64) -> Result<Money> {
    Ok(Money(
        sqlx::query_scalar("SELECT expense_threshold FROM companies WHERE id = $1")
            .bind(company_id)
            .fetch_one(&db.pool)
            .await?,
    ))
}

pub async fn set_threshold(db: &Db, actor: &Actor, amount: Money) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    amount.check()?;
    let before = threshold(db, actor.company_id).await?;
    crate::domain::company::change_setting(db, actor, "expense_threshold", json!(before.0), json!(amount.0)).await
}

/// An expense filed and the approvers it now waits for.
#[derive(Debug)]
pub struct Filed {
    pub expense: Expense,
    pub events: Vec<Event>,
}

pub async fn submit(db: &Db, actor: &Actor, new: &NewExpense) -> Result<Filed> {
    actor.require(Action::FileExpenses)?;
    let requester = actor.user_id.ok_or(Refusal::NotAllowed)?;
    if new.amount.0 <= 0 {
        return Err(Refusal::BadAmount.into());
    }
    new.amount.check()?;
    let description = clean_name(&new.description, 500)?;
    let branch = match actor.branch_id {
        Some(b) => b,
        None => company::branches(db, actor.company_id).await?.first().map(|b| b.id).ok_or(Refusal::BranchRequired)?,
    };
    let category_ok = categories(db, actor.company_id).await?.iter().any(|c| c.id == new.category_id);
    if !category_ok {
        return Err(Refusal::NotFound.into());
    }
    let needs_admin = new.amount.0 > threshold(db, actor.company_id).await?.0;
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO expenses (company_id, branch_id, requester_id, amount, category_id, description, photo_file_id, paid_from,
                               status, needs_admin, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(branch)
    .bind(requester)
    .bind(new.amount.0)
    .bind(new.category_id)
    .bind(&description)
    .bind(new.photo_file_id.as_deref())
    .bind(new.paid_from.as_str())
    .bind(i64::from(needs_admin))
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let fields = audit::created(&[
        ("amount", json!(new.amount.0)),
        ("category_id", json!(new.category_id)),
        ("description", json!(description)),
        ("status", json!("pending")),
    ]);
    audit::record(&mut tx, actor, Change::ExpenseFiled, Entity::Expense, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    let expense = get(db, actor.company_id, id).await?;
    Ok(Filed { events: vec![Event::ExpenseAwaiting { company_id: actor.company_id, expense_id: id }], expense })
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    company_id: i64,
    branch_id: i64,
    branch_name: String,
    requester_id: i64,
    requester_name: String,
    requester_telegram_id: i64,
    amount: i64,
    category: String,
    account_code: String,
    description: String,
    photo_file_id: Option<String>,
    paid_from: String,
    status: String,
    needs_admin: i64,
    reason: Option<String>,
    created_at: i64,
}

const SELECT: &str = "SELECT x.id, x.company_id, x.branch_id, b.name AS branch_name, x.requester_id, u.name AS requester_name,
        u.telegram_id AS requester_telegram_id, x.amount, c.name AS category, c.account_code, x.description, x.photo_file_id,
        x.paid_from, x.status, x.needs_admin, x.reason, x.created_at
     FROM expenses x JOIN branches b ON b.id = x.branch_id JOIN users u ON u.id = x.requester_id
     JOIN expense_categories c ON c.id = x.category_id";

fn from_row(r: Row) -> Expense {
    Expense {
        id: r.id,
        company_id: r.company_id,
        branch_id: r.branch_id,
        branch_name: r.branch_name,
        requester_id: r.requester_id,
        requester_name: r.requester_name,
        requester_telegram_id: r.requester_telegram_id,
        amount: Money(r.amount),
        category: r.category,
        account_code: r.account_code,
        description: r.description,
        photo_file_id: r.photo_file_id,
        paid_from: if r.paid_from == "bank" { PaidFrom::Bank } else { PaidFrom::Cash },
        status: ExpenseStatus::parse(&r.status).unwrap_or(ExpenseStatus::Pending),
        needs_admin: r.needs_admin != 0,
        reason: r.reason,
        created_at: r.created_at,
    }
}

pub async fn get(db: &Db, company_id: i64, id: i64) -> Result<Expense> {
    let sql = format!("{SELECT} WHERE x.id = $1 AND x.company_id = $2");
    let row: Option<Row> = sqlx::query_as(&sql).bind(id).bind(company_id).fetch_optional(&db.pool).await?;
    row.map(from_row).ok_or(Error::Refused(Refusal::NotFound))
}

/// Who is asked to decide (see [`roles::expense_approver_roles`]): the branch's managers, or
/// admins above the limit or when the branch has no other manager.
pub async fn approvers(db: &Db, expense: &Expense) -> Result<Vec<Member>> {
    let wanted = roles::expense_approver_roles(expense.needs_admin);
    let found: Vec<Member> = company::members_to_notify(db, expense.company_id, wanted, Some(expense.branch_id))
        .await?
        .into_iter()
        .filter(|m| wanted.contains(&m.role) && may_decide(&m.actor(), expense))
        .collect();
    if found.is_empty() {
        company::members_to_notify(db, expense.company_id, &[Role::Admin], None).await
    } else {
        Ok(found)
    }
}

/// Whether `actor` may approve or reject this expense.
pub fn may_decide(actor: &Actor, expense: &Expense) -> bool {
    !actor.blocked
        && actor.company_id == expense.company_id
        && roles::may_decide_expense(
            actor.role,
            actor.branch_id,
            actor.user_id,
            expense.branch_id,
            expense.requester_id,
            expense.needs_admin,
        )
}

/// A decision on an expense and whom to tell (its author).
#[derive(Debug)]
pub struct Decided {
    pub expense: Expense,
    pub events: Vec<Event>,
}

fn decided(actor: &Actor, expense: Expense) -> Decided {
    let events = vec![Event::ExpenseDecided {
        company_id: expense.company_id,
        expense_id: expense.id,
        decided_by: actor.user_id.unwrap_or(0),
    }];
    Decided { expense, events }
}

/// Moves a pending expense to `status`, once: whoever comes second finds it decided.
async fn decide(tx: &mut Tx, actor: &Actor, id: i64, status: ExpenseStatus, reason: Option<&str>) -> Result<()> {
    let done = sqlx::query(
        "UPDATE expenses SET status = $1, decided_by = $2, decided_at = $3, reason = $4
         WHERE id = $5 AND company_id = $6 AND status = 'pending'",
    )
    .bind(status.as_str())
    .bind(actor.user_id)
    .bind(now())
    .bind(reason)
    .bind(id)
    .bind(actor.company_id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(Refusal::AlreadyDecided.into());
    }
    Ok(())
}

/// Approves and posts, once: a second tap finds it decided.
pub async fn approve(db: &Db, actor: &Actor, id: i64) -> Result<Decided> {
    let expense = get(db, actor.company_id, id).await?;
    if !may_decide(actor, &expense) {
        return Err(Refusal::NotAllowed.into());
    }
    let mut tx = db.begin().await?;
    decide(&mut tx, actor, id, ExpenseStatus::Approved, None).await?;
    let (account, register) = match expense.paid_from {
        PaidFrom::Cash => (
            ledger::CASH,
            Some(crate::domain::cash::default_register(&mut tx, actor.company_id, expense.branch_id).await?),
        ),
        PaidFrom::Bank => (ledger::BANK, None),
    };
    let posting = Posting {
        company_id: actor.company_id,
        branch_id: Some(expense.branch_id),
        day: calendar::of_company_in(&mut tx, actor.company_id).await?.day_of(now()),
        ref_kind: "expense",
        ref_id: Some(id),
        memo: format!("expense {id}: {}", expense.description),
        lines: vec![dr(&expense.account_code, expense.amount.0), cr(account, expense.amount.0)],
        register_id: register,
    };
    let entry = ledger::post(&mut tx, &posting).await?;
    sqlx::query("UPDATE expenses SET entry_id = $1 WHERE id = $2").bind(entry).bind(id).execute(&mut *tx).await?;
    let fields = json!({ "status": ["pending", "approved"] });
    audit::record(&mut tx, actor, Change::ExpenseApproved, Entity::Expense, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(decided(actor, get(db, actor.company_id, id).await?))
}

pub async fn reject(db: &Db, actor: &Actor, id: i64, reason: &str) -> Result<Decided> {
    let expense = get(db, actor.company_id, id).await?;
    if !may_decide(actor, &expense) {
        return Err(Refusal::NotAllowed.into());
    }
    let reason = clean_name(reason, 300)?;
    let mut tx = db.begin().await?;
    decide(&mut tx, actor, id, ExpenseStatus::Rejected, Some(&reason)).await?;
    let fields = json!({ "status": ["pending", "rejected"], "reason": [null, reason] });
    audit::record(&mut tx, actor, Change::ExpenseRejected, Entity::Expense, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(decided(actor, get(db, actor.company_id, id).await?))
}

/// The author takes back a pending expense; a decided one stays as it is.
pub async fn withdraw(db: &Db, actor: &Actor, id: i64) -> Result<Expense> {
    actor.require(Action::FileExpenses)?;
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE expenses SET status = 'withdrawn', decided_at = $1 WHERE id = $2 AND company_id = $3 AND requester_id = $4 AND status = 'pending'",
    )
    .bind(now())
    .bind(id)
    .bind(actor.company_id)
    .bind(actor.user_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(Refusal::AlreadyDecided.into());
    }
    let fields = json!({ "status": ["pending", "withdrawn"] });
    audit::record(&mut tx, actor, Change::ExpenseWithdrawn, Entity::Expense, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    get(db, actor.company_id, id).await
}

/// Approved expenses from `since` to before `until` (Unix times) by category, most first: the
/// company for an admin, a manager's branch, anyone else's own.
pub async fn by_category(db: &Db, actor: &Actor, since: i64, until: i64) -> Result<Vec<(String, Money)>> {
    actor.require(Action::FileExpenses)?;
    let (branch, requester) = match actor.role {
        crate::domain::roles::Role::Admin => (0, 0),
        crate::domain::roles::Role::Manager => (actor.branch_id.unwrap_or(-1), 0),
        _ => (0, actor.user_id.unwrap_or(-1)),
    };
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.name, CAST(SUM(x.amount) AS BIGINT) FROM expenses x JOIN expense_categories c ON c.id = x.category_id
         WHERE x.company_id = $1 AND x.status = 'approved' AND x.created_at >= $2 AND x.created_at < $3
           AND ($4 = 0 OR x.branch_id = $4) AND ($5 = 0 OR x.requester_id = $5)
         GROUP BY c.name ORDER BY 2 DESC, c.name",
    )
    .bind(actor.company_id)
    .bind(since)
    .bind(until)
    .bind(branch)
    .bind(requester)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(name, amount)| (name, Money(amount))).collect())
}

/// Expenses to show: `status` filter, from a day on; pending ones the actor may decide, or their own.
pub async fn list(
    db: &Db,
    actor: &Actor,
    status: Option<ExpenseStatus>,
    since: i64,
    to_decide: bool,
) -> Result<Vec<Expense>> {
    actor.require(Action::FileExpenses)?;
    let sql = format!("{SELECT} WHERE x.company_id = $1 AND x.created_at >= $2 ORDER BY x.id DESC LIMIT 200");
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(actor.company_id).bind(since).fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(from_row)
        .filter(|e| status.is_none_or(|s| e.status == s))
        .filter(|e| if to_decide { may_decide(actor, e) } else { Some(e.requester_id) == actor.user_id })
        .take(30)
        .collect())
}
