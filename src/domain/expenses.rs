//! Expenses with approval. Anyone files one (pending); the branch manager approves it, or an
//! admin when it is above the company's threshold (or the branch has no manager). Approval is
//! a single conditional update, so two approvers tapping at once, or one tapping twice, post
//! once. Approved: Dr 9410/9420/9430 (by category) / Cr 5010 (the branch's register) or 5110.

use serde::{Deserialize, Serialize};

use super::company::{self, Member};
use super::ledger::{self, cr, dr, Posting};
use super::money::Money;
use super::roles::Role;
use super::sales::{company_tz, local_day};
use super::{clean_name, Error, Refusal, Result};
use crate::db::{now, Db};

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
    /// pending, approved, rejected, withdrawn
    pub status: String,
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
pub async fn add_category(db: &Db, actor: &Member, name: &str, account_code: &str) -> Result<Category> {
    if actor.role != Role::Admin || actor.blocked {
        return Err(Refusal::NotAllowed.into());
    }
    if !["9410", "9420", "9430"].contains(&account_code) {
        return Err(Refusal::BadName.into());
    }
    let name = clean_name(name, 60)?;
    categories(db, actor.company_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO expense_categories (company_id, name, account_code, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(&name)
    .bind(account_code)
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
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

pub async fn set_threshold(db: &Db, actor: &Member, amount: Money) -> Result<()> {
    if actor.role != Role::Admin || actor.blocked {
        return Err(Refusal::NotAllowed.into());
    }
    sqlx::query("UPDATE companies SET expense_threshold = $1 WHERE id = $2")
        .bind(amount.0)
        .bind(actor.company_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn submit(db: &Db, member: &Member, new: &NewExpense) -> Result<Expense> {
    if new.amount.0 <= 0 {
        return Err(Refusal::BadAmount.into());
    }
    let description = clean_name(&new.description, 500)?;
    let branch = match member.branch_id {
        Some(b) => b,
        None => company::branches(db, member.company_id).await?.first().map(|b| b.id).ok_or(Refusal::BranchRequired)?,
    };
    let category_ok = categories(db, member.company_id).await?.iter().any(|c| c.id == new.category_id);
    if !category_ok {
        return Err(Refusal::NotFound.into());
    }
    let needs_admin = new.amount.0 > threshold(db, member.company_id).await?.0;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO expenses (company_id, branch_id, requester_id, amount, category_id, description, photo_file_id, paid_from,
                               status, needs_admin, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10) RETURNING id",
    )
    .bind(member.company_id)
    .bind(branch)
    .bind(member.user_id)
    .bind(new.amount.0)
    .bind(new.category_id)
    .bind(&description)
    .bind(new.photo_file_id.as_deref())
    .bind(new.paid_from.as_str())
    .bind(i64::from(needs_admin))
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    get(db, member.company_id, id).await
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
        status: r.status,
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

/// Who decides: admins when above the threshold; else the branch's managers (admins if none).
pub async fn approvers(db: &Db, expense: &Expense) -> Result<Vec<Member>> {
    let admins = || company::members_to_notify(db, expense.company_id, &[Role::Admin], None);
    if expense.needs_admin {
        return admins().await;
    }
    let managers: Vec<Member> =
        company::members_to_notify(db, expense.company_id, &[Role::Manager], Some(expense.branch_id))
            .await?
            .into_iter()
            .filter(|m| m.role == Role::Manager && m.user_id != expense.requester_id)
            .collect();
    if managers.is_empty() {
        admins().await
    } else {
        Ok(managers)
    }
}

pub fn may_decide(member: &Member, expense: &Expense) -> bool {
    !member.blocked
        && member.company_id == expense.company_id
        && match member.role {
            Role::Admin => true,
            Role::Manager => {
                !expense.needs_admin
                    && member.branch_id == Some(expense.branch_id)
                    && member.user_id != expense.requester_id
            }
            _ => false,
        }
}

/// Approves and posts, once: a second tap finds it decided.
pub async fn approve(db: &Db, member: &Member, id: i64) -> Result<Expense> {
    let expense = get(db, member.company_id, id).await?;
    if !may_decide(member, &expense) {
        return Err(Refusal::NotAllowed.into());
    }
    let mut tx = db.begin().await?;
    let decided = sqlx::query(
        "UPDATE expenses SET status = 'approved', decided_by = $1, decided_at = $2 WHERE id = $3 AND company_id = $4 AND status = 'pending'",
    )
    .bind(member.user_id)
    .bind(now())
    .bind(id)
    .bind(member.company_id)
    .execute(&mut *tx)
    .await?;
    if decided.rows_affected() != 1 {
        return Err(Refusal::AlreadyDecided.into());
    }
    let (account, register) = match expense.paid_from {
        PaidFrom::Cash => {
            (ledger::CASH, Some(super::cash::default_register(&mut tx, member.company_id, expense.branch_id).await?))
        }
        PaidFrom::Bank => (ledger::BANK, None),
    };
    let posting = Posting {
        company_id: member.company_id,
        branch_id: Some(expense.branch_id),
        day: local_day(company_tz(&mut tx, member.company_id).await?, now()),
        ref_kind: "expense",
        ref_id: Some(id),
        memo: format!("expense {id}: {}", expense.description),
        lines: vec![dr(&expense.account_code, expense.amount.0), cr(account, expense.amount.0)],
        register_id: register,
    };
    let entry = ledger::post(&mut tx, &posting).await?;
    sqlx::query("UPDATE expenses SET entry_id = $1 WHERE id = $2").bind(entry).bind(id).execute(&mut *tx).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    get(db, member.company_id, id).await
}

pub async fn reject(db: &Db, member: &Member, id: i64, reason: &str) -> Result<Expense> {
    let expense = get(db, member.company_id, id).await?;
    if !may_decide(member, &expense) {
        return Err(Refusal::NotAllowed.into());
    }
    let reason = clean_name(reason, 300)?;
    let decided = sqlx::query(
        "UPDATE expenses SET status = 'rejected', decided_by = $1, decided_at = $2, reason = $3
         WHERE id = $4 AND company_id = $5 AND status = 'pending'",
    )
    .bind(member.user_id)
    .bind(now())
    .bind(&reason)
    .bind(id)
    .bind(member.company_id)
    .execute(&db.pool)
    .await?;
    if decided.rows_affected() != 1 {
        return Err(Refusal::AlreadyDecided.into());
    }
    get(db, member.company_id, id).await
}

/// The author takes back a pending expense; a decided one stays as it is.
pub async fn withdraw(db: &Db, member: &Member, id: i64) -> Result<Expense> {
    let done = sqlx::query(
        "UPDATE expenses SET status = 'withdrawn', decided_at = $1 WHERE id = $2 AND company_id = $3 AND requester_id = $4 AND status = 'pending'",
    )
    .bind(now())
    .bind(id)
    .bind(member.company_id)
    .bind(member.user_id)
    .execute(&db.pool)
    .await?;
    if done.rows_affected() != 1 {
        return Err(Refusal::AlreadyDecided.into());
    }
    get(db, member.company_id, id).await
}

/// Expenses to show: `status` filter, from a day on; pending ones a member may decide, or their own.
pub async fn list(db: &Db, member: &Member, status: Option<&str>, since: i64, to_decide: bool) -> Result<Vec<Expense>> {
    let sql = format!("{SELECT} WHERE x.company_id = $1 AND x.created_at >= $2 ORDER BY x.id DESC LIMIT 200");
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(member.company_id).bind(since).fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(from_row)
        .filter(|e| status.is_none_or(|s| e.status == s))
        .filter(|e| if to_decide { may_decide(member, e) } else { e.requester_id == member.user_id })
        .take(30)
        .collect())
}
