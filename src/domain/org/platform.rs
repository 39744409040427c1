//! The Savdo service above its companies: operators (the people who run the service, named by
//! Telegram id in `SAVDO_OPERATORS`) see every company with its statistics, block and unblock
//! it, top up its balance, set its tariff, give it an administrator and move a user from one
//! company to another. A daily charge takes each company's tariff from its balance; a week
//! before it runs out the admins hear, and three days after it is gone the company becomes
//! read-only until it is topped up. Every change is in the company's activity log, by the
//! operator (or the billing job).
//!
//! Only an [`Operator`] can call these, and only [`Operators::recognise`] makes one: the check
//! is here, whichever door asks.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_json::json;

use crate::db::{now, Db};
use crate::domain::actor::{Actor, Standing, Via};
use crate::domain::audit::{self, Change, Entity};
use crate::domain::company::{self, Invite};
use crate::domain::events::Event;
use crate::domain::money::Money;
use crate::domain::roles::Role;
use crate::domain::{Refusal, Result};

/// A week of balance left: the admins are warned.
pub const WARN_DAYS: i64 = 7;
/// Days a company may stay below zero before it becomes read-only.
pub const GRACE_DAYS: i64 = 3;

/// The service's operators, by Telegram id (`SAVDO_OPERATORS`).
#[derive(Clone, Debug, Default)]
pub struct Operators(Vec<i64>);

impl Operators {
    pub fn new(telegram_ids: Vec<i64>) -> Operators {
        Operators(telegram_ids)
    }

    /// The person as an operator, when they are one.
    pub fn recognise(&self, telegram_id: i64, user_id: i64) -> Option<Operator> {
        self.0.contains(&telegram_id).then_some(Operator { user_id })
    }

    /// An operator acting through the service's API key (`SAVDO_OPERATOR_KEY`), checked by the
    /// door in constant time.
    pub fn by_key() -> Operator {
        Operator { user_id: 0 }
    }
}

/// Proof that an operator acts (see [`Operators::recognise`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    user_id: i64,
}

impl Operator {
    fn on(self, company_id: i64) -> Actor {
        if self.user_id == 0 {
            return Actor::system(company_id, Via::Job("operator_api"));
        }
        Actor::operator(company_id, self.user_id)
    }
}

/// A company as operators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CompanyCard {
    pub id: i64,
    pub name: String,
    pub tin: String,
    pub status: String,
    /// tiyin
    pub balance: i64,
    pub tariff_kind: String,
    /// tiyin a month (for `user`: per active member)
    pub tariff_price: i64,
    pub members: i64,
    /// With VAT, returns subtracted, this calendar month (company time).
    pub sales_this_month: i64,
    /// The last change in its activity log (Unix seconds).
    pub last_activity: Option<i64>,
}

type CardRow = (i64, String, String, String, i64, String, i64);

async fn card_of(db: &Db, row: CardRow) -> Result<CompanyCard> {
    let (id, name, tin, status, balance, tariff_kind, tariff_price) = row;
    let members: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE company_id = $1 AND status = 'active'")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
    let today = crate::domain::calendar::of_company(db, id).await?.today();
    let first = today.with_day(1).expect("day 1");
    let sales: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(total), 0) AS BIGINT) FROM sales WHERE company_id = $1 AND day >= $2",
    )
    .bind(id)
    .bind(first.to_string())
    .fetch_one(&db.pool)
    .await?;
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(created_at) FROM audit_log WHERE company_id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    Ok(CompanyCard {
        id,
        name,
        tin,
        status,
        balance,
        tariff_kind,
        tariff_price,
        members,
        sales_this_month: sales,
        last_activity: last,
    })
}

const CARD_COLUMNS: &str = "id, name, tin, status, balance, tariff_kind, tariff_price";

/// Every company, newest first.
pub async fn companies(db: &Db, _operator: &Operator) -> Result<Vec<CompanyCard>> {
    let rows: Vec<CardRow> =
        sqlx::query_as(&format!("SELECT {CARD_COLUMNS} FROM companies ORDER BY id DESC")).fetch_all(&db.pool).await?;
    let mut cards = Vec::with_capacity(rows.len());
    for row in rows {
        cards.push(card_of(db, row).await?);
    }
    Ok(cards)
}

pub async fn company(db: &Db, _operator: &Operator, id: i64) -> Result<CompanyCard> {
    let row: Option<CardRow> = sqlx::query_as(&format!("SELECT {CARD_COLUMNS} FROM companies WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    card_of(db, row.ok_or(Refusal::NotFound)?).await
}

async fn standing(db: &Db, company_id: i64) -> Result<(Standing, i64)> {
    let row: Option<(String, i64)> = sqlx::query_as("SELECT status, balance FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_optional(&db.pool)
        .await?;
    let (status, balance) = row.ok_or(Refusal::NotFound)?;
    Ok((Standing::parse(&status), balance))
}

/// Sets a company's standing and logs it; the event tells its members.
async fn set_standing(db: &Db, actor: &Actor, to: Standing, change: Change) -> Result<Option<Event>> {
    let (from, _) = standing(db, actor.company_id).await?;
    if from == to {
        return Ok(None);
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE companies SET status = $1 WHERE id = $2")
        .bind(to.as_str())
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await?;
    let fields = audit::diff(&[("status", from.as_str().into(), to.as_str().into())]);
    audit::record(&mut tx, actor, change, Entity::Company, actor.company_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Some(Event::StandingChanged { company_id: actor.company_id, standing: to }))
}

/// Blocks (or unblocks) a company: its members are refused everything while it is blocked, and
/// told; nothing is deleted. Unblocking a company that owes past the grace keeps it read-only.
pub async fn set_blocked(db: &Db, operator: &Operator, company_id: i64, blocked: bool) -> Result<Option<Event>> {
    let actor = operator.on(company_id);
    if blocked {
        return set_standing(db, &actor, Standing::Blocked, Change::CompanyBlocked).await;
    }
    let to = if overdue(db, company_id, today_of(db, company_id).await?).await? {
        Standing::ReadOnly
    } else {
        Standing::Active
    };
    set_standing(db, &actor, to, Change::CompanyUnblocked).await
}

async fn today_of(db: &Db, company_id: i64) -> Result<NaiveDate> {
    Ok(crate::domain::calendar::of_company(db, company_id).await?.today())
}

/// Below zero for longer than the grace period on `day`.
async fn overdue(db: &Db, company_id: i64, day: NaiveDate) -> Result<bool> {
    let since: Option<String> = sqlx::query_scalar("SELECT unpaid_since FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(since
        .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
        .is_some_and(|since| (day - since).num_days() >= GRACE_DAYS))
}

/// Adds to a company's balance; one that becomes paid up again leaves read-only.
pub async fn top_up(db: &Db, operator: &Operator, company_id: i64, amount: Money) -> Result<(i64, Option<Event>)> {
    if amount.0 <= 0 {
        return Err(Refusal::BadAmount.into());
    }
    amount.check()?;
    let actor = operator.on(company_id);
    let (standing, before) = standing(db, company_id).await?;
    let after = before.checked_add(amount.0).ok_or(Refusal::AmountTooLarge)?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE companies SET balance = $1, unpaid_since = CASE WHEN $1 >= 0 THEN NULL ELSE unpaid_since END WHERE id = $2",
    )
    .bind(after)
    .bind(company_id)
    .execute(&mut *tx)
    .await?;
    let fields = audit::diff(&[("balance", before.into(), after.into())]);
    audit::record(&mut tx, &actor, Change::BalanceToppedUp, Entity::Company, company_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    let event = if standing == Standing::ReadOnly && after >= 0 {
        set_standing(db, &actor, Standing::Active, Change::CompanyUnblocked).await?
    } else {
        None
    };
    Ok((after, event))
}

/// Sets a company's tariff: `month` (a price a month) or `user` (a price per active member a
/// month); a price of 0 is free.
pub async fn set_tariff(db: &Db, operator: &Operator, company_id: i64, kind: &str, price: Money) -> Result<()> {
    if !matches!(kind, "month" | "user") {
        return Err(Refusal::BadArgument(kind.to_string()).into());
    }
    if price.0 < 0 {
        return Err(Refusal::BadAmount.into());
    }
    price.check()?;
    let actor = operator.on(company_id);
    let before: (String, i64) = sqlx::query_as("SELECT tariff_kind, tariff_price FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Refusal::NotFound)?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE companies SET tariff_kind = $1, tariff_price = $2 WHERE id = $3")
        .bind(kind)
        .bind(price.0)
        .bind(company_id)
        .execute(&mut *tx)
        .await?;
    let fields = audit::diff(&[
        ("tariff_kind", before.0.into(), kind.into()),
        ("tariff_price", before.1.into(), price.0.into()),
    ]);
    audit::record(&mut tx, &actor, Change::TariffSet, Entity::Company, company_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// An invite link that makes its taker an administrator of the company.
pub async fn admin_invite(db: &Db, operator: &Operator, company_id: i64, ttl_secs: i64) -> Result<Invite> {
    company::create_invite(db, &operator.on(company_id), Role::Admin, None, ttl_secs).await
}

/// Moves a user to another company with a role (and a branch for branch-bound roles): their
/// membership of the company they leave ends (their documents stay theirs there), the move is
/// kept in their history, and the new company becomes their current one.
pub async fn transfer_user(
    db: &Db,
    operator: &Operator,
    telegram_id: i64,
    to_company: i64,
    role: Role,
    branch_id: Option<i64>,
) -> Result<()> {
    let user = company::user_by_telegram_id(db, telegram_id).await?.ok_or(Refusal::NotFound)?;
    let from = user.current_company_id;
    if from == Some(to_company) {
        return Err(Refusal::AlreadyDecided.into());
    }
    if role.needs_branch() && branch_id.is_none() {
        return Err(Refusal::BranchRequired.into());
    }
    let at = now();
    let mut tx = db.begin().await?;
    if let Some(branch) = branch_id {
        crate::domain::stock::ensure_branch(&mut tx, to_company, branch).await?;
    }
    if let Some(from) = from {
        // The last active admin stays: a company is never left without one.
        let (role_then,): (String,) =
            sqlx::query_as("SELECT role FROM memberships WHERE company_id = $1 AND user_id = $2")
                .bind(from)
                .bind(user.id)
                .fetch_one(&mut *tx)
                .await?;
        if role_then == "admin" {
            let admins: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM memberships WHERE company_id = $1 AND role = 'admin' AND status = 'active'",
            )
            .bind(from)
            .fetch_one(&mut *tx)
            .await?;
            if admins <= 1 {
                return Err(Refusal::LastAdmin.into());
            }
        }
        sqlx::query("UPDATE memberships SET status = 'left' WHERE company_id = $1 AND user_id = $2")
            .bind(from)
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE user_companies SET left_at = $1 WHERE user_id = $2 AND company_id = $3 AND left_at IS NULL",
        )
        .bind(at)
        .bind(user.id)
        .bind(from)
        .execute(&mut *tx)
        .await?;
        let out = operator.on(from);
        let fields = json!({ "company": [from, to_company] });
        audit::record(&mut tx, &out, Change::UserTransferred, Entity::User, user.id, fields).await?;
    }
    sqlx::query(
        "INSERT INTO memberships (company_id, user_id, role, branch_id, status, created_at) VALUES ($1, $2, $3, $4, 'active', $5)
         ON CONFLICT (company_id, user_id) DO UPDATE SET role = excluded.role, branch_id = excluded.branch_id, status = 'active'",
    )
    .bind(to_company)
    .bind(user.id)
    .bind(role.as_str())
    .bind(branch_id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    company::joined(&mut tx, user.id, to_company, role.as_str()).await?;
    sqlx::query("UPDATE users SET current_company_id = $1 WHERE id = $2")
        .bind(to_company)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    let into = operator.on(to_company);
    let fields = json!({ "company": [from, to_company], "role": [null, role.as_str()] });
    audit::record(&mut tx, &into, Change::UserTransferred, Entity::User, user.id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Where a user has worked: (company, role, joined, left), oldest first.
pub async fn user_history(
    db: &Db,
    _operator: &Operator,
    telegram_id: i64,
) -> Result<Vec<(String, String, i64, Option<i64>)>> {
    let user = company::user_by_telegram_id(db, telegram_id).await?.ok_or(Refusal::NotFound)?;
    Ok(sqlx::query_as(
        "SELECT c.name, h.role, h.joined_at, h.left_at FROM user_companies h JOIN companies c ON c.id = h.company_id
         WHERE h.user_id = $1 ORDER BY h.joined_at, h.id",
    )
    .bind(user.id)
    .fetch_all(&db.pool)
    .await?)
}

/// What a company's tariff costs a day in `day`'s month (tiyin, rounded up to the tiyin).
pub fn daily_cost(kind: &str, price: i64, active_members: i64, day: NaiveDate) -> i64 {
    let next = if day.month() == 12 {
        NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(day.year(), day.month() + 1, 1)
    };
    let days = next.map(|n| (n - day.with_day(1).expect("day 1")).num_days()).unwrap_or(30);
    let monthly = if kind == "user" { price.saturating_mul(active_members.max(1)) } else { price };
    (monthly + days - 1) / days
}

/// The day's charge for a company (once a day, by the billing job): the tariff taken from the
/// balance; the admins warned when a week or less is left; read-only after the grace period.
pub async fn charge_day(db: &Db, company_id: i64, day: NaiveDate) -> Result<Vec<Event>> {
    let (kind, price, balance, status): (String, i64, i64, String) =
        sqlx::query_as("SELECT tariff_kind, tariff_price, balance, status FROM companies WHERE id = $1")
            .bind(company_id)
            .fetch_one(&db.pool)
            .await?;
    if price == 0 || Standing::parse(&status) == Standing::Blocked {
        return Ok(Vec::new());
    }
    let members: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE company_id = $1 AND status = 'active'")
            .bind(company_id)
            .fetch_one(&db.pool)
            .await?;
    let cost = daily_cost(&kind, price, members, day);
    let after = balance - cost;
    let actor = Actor::system(company_id, Via::Job("billing"));
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE companies SET balance = $1,
             unpaid_since = CASE WHEN $1 < 0 THEN COALESCE(unpaid_since, $2) ELSE NULL END
         WHERE id = $3",
    )
    .bind(after)
    .bind(day.to_string())
    .bind(company_id)
    .execute(&mut *tx)
    .await?;
    let fields = json!({ "balance": [balance, after], "day": [null, day.to_string()] });
    audit::record(&mut tx, &actor, Change::BalanceDebited, Entity::Company, company_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    let mut events = Vec::new();
    let days_left = if cost > 0 { after.max(0) / cost } else { i64::MAX };
    if days_left < WARN_DAYS {
        events.push(Event::BalanceLow { company_id, balance: Money(after), days_left });
    }
    if overdue(db, company_id, day).await? && Standing::parse(&status) == Standing::Active {
        if let Some(e) = set_standing(db, &actor, Standing::ReadOnly, Change::CompanyRestricted).await? {
            events.push(e);
        }
    }
    Ok(events)
}

/// Every company's id and local today (for the billing job).
pub async fn billable(db: &Db) -> Result<Vec<(i64, NaiveDate)>> {
    let mut out = Vec::new();
    for (id, tz, _) in company::schedules(db).await? {
        out.push((id, tz.today()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_price_by_the_day() {
        let nov = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
        let feb = NaiveDate::from_ymd_opt(2026, 2, 5).unwrap();
        // 300 000 so‘m a month: 10 000 a day in November (30 days), 10 714,29 in February.
        assert_eq!(daily_cost("month", 30_000_000, 9, nov), 1_000_000);
        assert_eq!(daily_cost("month", 30_000_000, 9, feb), 1_071_429);
        // 30 000 so‘m per member: 9 members in November, 9 000 a day.
        assert_eq!(daily_cost("user", 3_000_000, 9, nov), 900_000);
        assert_eq!(daily_cost("month", 0, 9, nov), 0);
    }
}
