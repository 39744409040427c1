//! Companies (tenants), branches, users, memberships and invites.
//!
//! Every query names the company it works in: a member of one company can never read or
//! change another's rows through these functions.

use rand::distr::{Alphanumeric, SampleString};
use serde::{Deserialize, Serialize};

use serde_json::json;

use crate::db::{now, Db, Tx};
use crate::domain::actor::{Actor, Via};
use crate::domain::audit::{self, Change, Entity};
use crate::domain::calendar::CompanyTz;
use crate::domain::events::Event;
use crate::domain::roles::{invitable_roles, Action, Role};
use crate::domain::{clean_name, Error, Refusal, Result};

/// A company's taxpayer identification number (STIR): exactly 9 digits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tin(String);

impl Tin {
    pub fn parse(raw: &str) -> std::result::Result<Tin, Refusal> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() == 9 && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(Tin(digits))
        } else {
            Err(Refusal::BadTin)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub telegram_id: i64,
    pub name: String,
    pub language: Option<String>,
    pub current_company_id: Option<i64>,
}

/// A user as a member of their current company.
#[derive(Clone, Debug)]
pub struct Member {
    pub user_id: i64,
    pub telegram_id: i64,
    pub name: String,
    pub company_id: i64,
    pub company_name: String,
    pub company_language: String,
    pub time_zone: CompanyTz,
    pub role: Role,
    pub branch_id: Option<i64>,
    pub branch_name: Option<String>,
    pub blocked: bool,
    /// The company's standing with the service.
    pub standing: crate::domain::actor::Standing,
}

impl Member {
    /// This member as the core's actor in chat.
    pub fn actor(&self) -> Actor {
        Actor {
            blocked: self.blocked,
            time_zone: Some(self.time_zone),
            standing: self.standing,
            ..Actor::person(self.company_id, self.user_id, self.role, self.branch_id)
        }
    }

    /// This member acting through an API key (with the rights the member has now: a demoted
    /// member's key shrinks too).
    pub fn through_key(&self, key_id: i64) -> Actor {
        Actor { via: Via::ApiKey(key_id), ..self.actor() }
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Branch {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub address: String,
}

#[derive(Clone, Debug)]
pub struct Invite {
    pub token: String,
    pub role: Role,
    pub branch_id: Option<i64>,
    pub expires_at: i64,
}

const USER_COLUMNS: &str = "id, telegram_id, name, language, current_company_id";
const MEMBER_SELECT: &str = "SELECT u.id, u.telegram_id, u.name, c.id, c.name, c.language, c.time_zone,
            m.role, m.branch_id, b.name, m.status, c.status
     FROM memberships m
     JOIN users u ON u.id = m.user_id
     JOIN companies c ON c.id = m.company_id
     LEFT JOIN branches b ON b.id = m.branch_id";

type MemberRow = (i64, i64, String, i64, String, String, String, String, Option<i64>, Option<String>, String, String);

fn member_from_row(row: MemberRow) -> Member {
    let (
        user_id,
        telegram_id,
        name,
        company_id,
        company_name,
        company_language,
        time_zone,
        role,
        branch_id,
        branch_name,
        status,
        standing,
    ) = row;
    Member {
        user_id,
        telegram_id,
        name,
        company_id,
        company_name,
        company_language,
        time_zone: CompanyTz::parse(&time_zone),
        role: Role::parse(&role).unwrap_or(Role::Employee),
        branch_id,
        branch_name,
        // Someone removed from the company, or moved to another, acts here no more.
        blocked: status != "active",
        standing: crate::domain::actor::Standing::parse(&standing),
    }
}

/// Records a Telegram user on first contact and keeps the name current. The language is
/// taken from Telegram once, and only when Savdo speaks it; afterwards `/lang` decides.
pub async fn touch_user(db: &Db, telegram_id: i64, name: &str, telegram_lang: Option<&str>) -> Result<User> {
    // Most updates come from known users whose name has not changed: a read, no write.
    if let Some(user) = user_by_telegram_id(db, telegram_id).await? {
        if user.name == name {
            return Ok(user);
        }
    }
    let language = telegram_lang.filter(|l| matches!(*l, "uz" | "ru" | "en"));
    let sql = format!(
        "INSERT INTO users (telegram_id, name, language, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (telegram_id) DO UPDATE SET name = excluded.name
         RETURNING {USER_COLUMNS}"
    );
    let user = sqlx::query_as::<_, User>(&sql)
        .bind(telegram_id)
        .bind(name)
        .bind(language)
        .bind(now())
        .fetch_one(&db.pool)
        .await?;
    Ok(user)
}

pub async fn user_by_telegram_id(db: &Db, telegram_id: i64) -> Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE telegram_id = $1");
    Ok(sqlx::query_as::<_, User>(&sql).bind(telegram_id).fetch_optional(&db.pool).await?)
}

/// The user's membership in their current company, if any.
pub async fn current_member(db: &Db, user: &User) -> Result<Option<Member>> {
    let Some(company_id) = user.current_company_id else {
        return Ok(None);
    };
    member(db, company_id, user.id).await
}

pub async fn member(db: &Db, company_id: i64, user_id: i64) -> Result<Option<Member>> {
    let sql = format!("{MEMBER_SELECT} WHERE m.company_id = $1 AND m.user_id = $2");
    let row = sqlx::query_as::<_, MemberRow>(&sql).bind(company_id).bind(user_id).fetch_optional(&db.pool).await?;
    Ok(row.map(member_from_row))
}

/// Everyone in the company, admins first, then by name.
pub async fn members(db: &Db, company_id: i64) -> Result<Vec<Member>> {
    let sql = format!(
        "{MEMBER_SELECT} WHERE m.company_id = $1 AND m.status IN ('active', 'blocked')
         ORDER BY CASE m.role WHEN 'admin' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, u.name, u.id"
    );
    let rows = sqlx::query_as::<_, MemberRow>(&sql).bind(company_id).fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(member_from_row).collect())
}

/// Active members of a company with one of `roles`, optionally limited to one branch
/// (admins are never limited to a branch). Used to address notifications.
pub async fn members_to_notify(
    db: &Db,
    company_id: i64,
    roles: &[Role],
    branch_id: Option<i64>,
) -> Result<Vec<Member>> {
    let all = members(db, company_id).await?;
    Ok(all
        .into_iter()
        .filter(|m| !m.blocked && roles.contains(&m.role))
        .filter(|m| branch_id.is_none() || m.role == Role::Admin || m.branch_id == branch_id)
        .collect())
}

/// Onboarding: a new company with its first branch; the founder becomes its admin.
pub async fn create_company(
    db: &Db,
    user_id: i64,
    name: &str,
    tin: &Tin,
    branch_name: &str,
    language: &str,
) -> Result<Member> {
    let name = clean_name(name, 100)?;
    let branch_name = clean_name(branch_name, 60)?;
    let at = now();
    let mut tx = db.begin().await?;
    let company_id: i64 = sqlx::query_scalar(
        "INSERT INTO companies (name, tin, language, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(&name)
    .bind(tin.as_str())
    .bind(language)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let branch_id: i64 =
        sqlx::query_scalar("INSERT INTO branches (company_id, name, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(company_id)
            .bind(&branch_name)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query(
        "INSERT INTO memberships (company_id, user_id, role, branch_id, status, created_at)
         VALUES ($1, $2, 'admin', $3, 'active', $4)",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(branch_id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    set_current_company(&mut tx, user_id, company_id).await?;
    joined(&mut tx, user_id, company_id, Role::Admin.as_str()).await?;
    let founder = Actor::person(company_id, user_id, Role::Admin, Some(branch_id));
    let fields = audit::created(&[("name", json!(name)), ("tin", json!(tin.as_str())), ("branch", json!(branch_name))]);
    audit::record(&mut tx, &founder, Change::CompanyCreated, Entity::Company, company_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    member(db, company_id, user_id).await?.ok_or(Error::Refused(Refusal::NotFound))
}

/// The company a user's chat works in (they may belong to several).
/// Starts a stay in the user's history of companies (`user_companies`).
pub(crate) async fn joined(tx: &mut crate::db::Tx, user_id: i64, company_id: i64, role: &str) -> Result<()> {
    sqlx::query("INSERT INTO user_companies (user_id, company_id, role, joined_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(company_id)
        .bind(role)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn set_current_company(tx: &mut crate::db::Tx, user_id: i64, company_id: i64) -> Result<()> {
    sqlx::query("UPDATE users SET current_company_id = $1 WHERE id = $2")
        .bind(company_id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_language(db: &Db, user_id: i64, language: &str) -> Result<()> {
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2").bind(language).bind(user_id).execute(&db.pool).await?;
    Ok(())
}

pub async fn branches(db: &Db, company_id: i64) -> Result<Vec<Branch>> {
    Ok(sqlx::query_as::<_, Branch>(
        "SELECT id, company_id, name, address FROM branches WHERE company_id = $1 ORDER BY id",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn branch(db: &Db, company_id: i64, branch_id: i64) -> Result<Branch> {
    sqlx::query_as::<_, Branch>("SELECT id, company_id, name, address FROM branches WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(branch_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::Refused(Refusal::NotFound))
}

pub async fn add_branch(db: &Db, actor: &Actor, name: &str) -> Result<Branch> {
    actor.require(Action::ManageBranches)?;
    let name = clean_name(name, 60)?;
    let exists = branches(db, actor.company_id).await?.iter().any(|b| b.name.to_lowercase() == name.to_lowercase());
    if exists {
        return Err(Refusal::BranchExists.into());
    }
    let mut tx = db.begin().await?;
    let id: i64 =
        sqlx::query_scalar("INSERT INTO branches (company_id, name, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(actor.company_id)
            .bind(&name)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?;
    audit::record(&mut tx, actor, Change::BranchAdded, Entity::Branch, id, audit::created(&[("name", json!(name))]))
        .await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    branch(db, actor.company_id, id).await
}

/// A one-time invite link token. Managers invite staff to their own branch only.
pub async fn create_invite(
    db: &Db,
    inviter: &Actor,
    role: Role,
    branch_id: Option<i64>,
    ttl_secs: i64,
) -> Result<Invite> {
    inviter.require(Action::Invite)?;
    let inviter_user = inviter.user_id.ok_or(Refusal::NotAllowed)?;
    if !invitable_roles(inviter.role).contains(&role) {
        return Err(Refusal::NotAllowed.into());
    }
    let branch_id = if inviter.role == Role::Manager { inviter.branch_id } else { branch_id };
    if role.needs_branch() && branch_id.is_none() {
        return Err(Refusal::BranchRequired.into());
    }
    if let Some(id) = branch_id {
        branch(db, inviter.company_id, id).await?;
    }
    let token = Alphanumeric.sample_string(&mut rand::rng(), 24);
    let at = now();
    let expires_at = at + ttl_secs;
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invites (company_id, token, role, branch_id, created_by, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(inviter.company_id)
    .bind(&token)
    .bind(role.as_str())
    .bind(branch_id)
    .bind(inviter_user)
    .bind(expires_at)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    // The token is a credential: the log keeps what it grants, not the token.
    let fields = audit::created(&[("role", json!(role.as_str())), ("branch_id", json!(branch_id))]);
    audit::record(&mut tx, inviter, Change::InviteCreated, Entity::Invite, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Invite { token, role, branch_id, expires_at })
}

/// Joins the invite's company with its role and branch. The token is spent atomically, so
/// two people racing for one link cannot both join. Returns the new membership and the event
/// that tells the inviter.
pub async fn accept_invite(db: &Db, token: &str, user_id: i64) -> Result<(Member, Vec<Event>)> {
    let at = now();
    let mut tx = db.begin().await?;
    let invite: Option<(i64, i64, String, Option<i64>, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, company_id, role, branch_id, created_by, expires_at, used_at FROM invites WHERE token = $1",
    )
    .bind(token)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((invite_id, company_id, role, branch_id, created_by, expires_at, used_at)) = invite else {
        return Err(Refusal::InviteUnknown.into());
    };
    if used_at.is_some() {
        return Err(Refusal::InviteUsed.into());
    }
    if expires_at <= at {
        return Err(Refusal::InviteExpired.into());
    }
    let existing: Option<String> =
        sqlx::query_scalar("SELECT status FROM memberships WHERE company_id = $1 AND user_id = $2")
            .bind(company_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    if existing.as_deref() == Some("blocked") {
        return Err(Refusal::Blocked.into());
    }
    let spent = sqlx::query("UPDATE invites SET used_by = $1, used_at = $2 WHERE token = $3 AND used_at IS NULL")
        .bind(user_id)
        .bind(at)
        .bind(token)
        .execute(&mut *tx)
        .await?;
    if spent.rows_affected() != 1 {
        return Err(Refusal::InviteUsed.into());
    }
    if existing.is_some() {
        // Someone removed or moved away comes back through a new invite.
        sqlx::query("UPDATE memberships SET role = $1, branch_id = $2, status = 'active' WHERE company_id = $3 AND user_id = $4")
            .bind(&role)
            .bind(branch_id)
            .bind(company_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO memberships (company_id, user_id, role, branch_id, status, created_at)
             VALUES ($1, $2, $3, $4, 'active', $5)",
        )
        .bind(company_id)
        .bind(user_id)
        .bind(&role)
        .bind(branch_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    set_current_company(&mut tx, user_id, company_id).await?;
    joined(&mut tx, user_id, company_id, &role).await?;
    let joiner = Actor::person(company_id, user_id, Role::parse(&role).unwrap_or(Role::Employee), branch_id);
    let fields = json!({ "user_id": [null, user_id], "role": [null, role], "branch_id": [null, branch_id] });
    audit::record(&mut tx, &joiner, Change::InviteAccepted, Entity::Invite, invite_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    let joined = member(db, company_id, user_id).await?.ok_or(Error::Refused(Refusal::NotFound))?;
    Ok((joined, vec![Event::MemberJoined { company_id, user_id, invited_by: created_by }]))
}

/// Loads a member of the actor's company whom the actor (an admin) may change.
async fn target_for(db: &Db, actor: &Actor, user_id: i64) -> Result<Member> {
    actor.require(Action::ManageUsers)?;
    if actor.user_id == Some(user_id) {
        return Err(Refusal::NotAllowed.into());
    }
    member(db, actor.company_id, user_id).await?.ok_or(Error::Refused(Refusal::NotFound))
}

async fn active_admins(db: &Db, company_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE company_id = $1 AND role = 'admin' AND status = 'active'",
    )
    .bind(company_id)
    .fetch_one(&db.pool)
    .await?)
}

/// Writes a membership's role, branch and status with the entry that describes the change.
async fn update_membership(
    db: &Db,
    actor: &Actor,
    before: &Member,
    (role, branch_id, blocked): (Role, Option<i64>, bool),
    change: Change,
) -> Result<Member> {
    let mut tx: Tx = db.begin().await?;
    sqlx::query("UPDATE memberships SET role = $1, branch_id = $2, status = $3 WHERE company_id = $4 AND user_id = $5")
        .bind(role.as_str())
        .bind(branch_id)
        .bind(if blocked { "blocked" } else { "active" })
        .bind(actor.company_id)
        .bind(before.user_id)
        .execute(&mut *tx)
        .await?;
    let fields = audit::diff(&[
        ("role", json!(before.role.as_str()), json!(role.as_str())),
        ("branch_id", json!(before.branch_id), json!(branch_id)),
        ("blocked", json!(before.blocked), json!(blocked)),
    ]);
    audit::record(&mut tx, actor, change, Entity::User, before.user_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    member(db, actor.company_id, before.user_id).await?.ok_or(Error::Refused(Refusal::NotFound))
}

pub async fn set_role(db: &Db, actor: &Actor, user_id: i64, role: Role) -> Result<Member> {
    let target = target_for(db, actor, user_id).await?;
    if target.role == Role::Admin && role != Role::Admin && active_admins(db, actor.company_id).await? <= 1 {
        return Err(Refusal::LastAdmin.into());
    }
    // A role that works in a branch keeps the current one, or gets the company's first.
    let branch_id = match (role.needs_branch(), target.branch_id) {
        (true, None) => branches(db, actor.company_id).await?.first().map(|b| b.id),
        (_, current) => current,
    };
    update_membership(db, actor, &target, (role, branch_id, target.blocked), Change::RoleChanged).await
}

pub async fn set_branch(db: &Db, actor: &Actor, user_id: i64, branch_id: i64) -> Result<Member> {
    let target = target_for(db, actor, user_id).await?;
    branch(db, actor.company_id, branch_id).await?;
    update_membership(db, actor, &target, (target.role, Some(branch_id), target.blocked), Change::BranchChanged).await
}

pub async fn set_blocked(db: &Db, actor: &Actor, user_id: i64, blocked: bool) -> Result<Member> {
    let target = target_for(db, actor, user_id).await?;
    if blocked && target.role == Role::Admin && !target.blocked && active_admins(db, actor.company_id).await? <= 1 {
        return Err(Refusal::LastAdmin.into());
    }
    let change = if blocked { Change::UserBlocked } else { Change::UserUnblocked };
    update_membership(db, actor, &target, (target.role, target.branch_id, blocked), change).await
}

/// A member as an admin looks them up: the member and their last action in the company.
#[derive(Clone, Debug)]
pub struct Found {
    pub member: Member,
    pub last_activity: Option<i64>,
}

/// Members whose name contains `text` (or whose Telegram id it is), with their last action.
pub async fn search_members(db: &Db, actor: &Actor, text: &str) -> Result<Vec<Found>> {
    actor.require(Action::ManageUsers)?;
    let wanted = text.trim().to_lowercase();
    let mut found = Vec::new();
    for member in members(db, actor.company_id).await? {
        let matches = member.name.to_lowercase().contains(&wanted) || member.telegram_id.to_string() == wanted;
        if !wanted.is_empty() && !matches {
            continue;
        }
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(created_at) FROM audit_log WHERE company_id = $1 AND actor_user_id = $2")
                .bind(actor.company_id)
                .bind(member.user_id)
                .fetch_one(&db.pool)
                .await?;
        found.push(Found { member, last_activity: last });
    }
    Ok(found)
}

/// What a member did (from the activity log), newest first.
pub async fn member_history(db: &Db, actor: &Actor, user_id: i64, limit: i64) -> Result<Vec<audit::Entry>> {
    actor.require(Action::ManageUsers)?;
    target_for(db, actor, user_id).await?;
    let filter = audit::Filter { by_user: Some(user_id), limit: Some(limit), ..Default::default() };
    audit::list(db, actor, &filter).await
}

/// Revokes every API key acting for a member; returns how many.
pub async fn revoke_member_keys(db: &Db, actor: &Actor, user_id: i64) -> Result<usize> {
    actor.require(Action::ManageApiKeys)?;
    target_for(db, actor, user_id).await?;
    let keys: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM api_keys WHERE company_id = $1 AND created_by = $2 AND revoked_at IS NULL")
            .bind(actor.company_id)
            .bind(user_id)
            .fetch_all(&db.pool)
            .await?;
    for key in &keys {
        crate::domain::apikeys::revoke(db, actor, *key).await?;
    }
    Ok(keys.len())
}

/// Removes a member from the company: they can do nothing here any more, their API keys are
/// revoked, and what they did stays theirs (documents keep their name). Not oneself, nor the
/// last admin.
pub async fn remove_member(db: &Db, actor: &Actor, user_id: i64) -> Result<()> {
    actor.require(Action::ManageUsers)?;
    let target = target_for(db, actor, user_id).await?;
    if target.role == Role::Admin && !target.blocked && active_admins(db, actor.company_id).await? <= 1 {
        return Err(Refusal::LastAdmin.into());
    }
    revoke_member_keys(db, actor, user_id).await?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE memberships SET status = 'removed' WHERE company_id = $1 AND user_id = $2")
        .bind(actor.company_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE users SET current_company_id = NULL WHERE id = $1 AND current_company_id = $2")
        .bind(user_id)
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE user_companies SET left_at = $1 WHERE user_id = $2 AND company_id = $3 AND left_at IS NULL")
        .bind(now())
        .bind(user_id)
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await?;
    let fields = audit::diff(&[("status", json!(if target.blocked { "blocked" } else { "active" }), json!("removed"))]);
    audit::record(&mut tx, actor, Change::MemberRemoved, Entity::User, user_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// The company's settings in one place, for its admins.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CompanySettings {
    pub time_zone: String,
    pub currency: String,
    pub digest_time: String,
    /// Expenses above this go to an admin (tiyin).
    pub expense_threshold: i64,
    /// The assistant's model-backed answers a day.
    pub question_limit: i64,
    pub tax_regime: String,
    /// The credit limit a new customer gets when none is given (tiyin; `None`: none).
    pub default_credit_limit: Option<i64>,
}

pub async fn settings(db: &Db, actor: &Actor) -> Result<CompanySettings> {
    actor.require(Action::ManageSettings)?;
    let (time_zone, currency, digest_time, tax_regime, default_credit_limit): (
        String,
        String,
        String,
        String,
        Option<i64>,
    ) = sqlx::query_as(
        "SELECT time_zone, currency, digest_time, tax_regime, default_credit_limit FROM companies WHERE id = $1",
    )
    .bind(actor.company_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(CompanySettings {
        time_zone,
        currency,
        digest_time,
        expense_threshold: crate::domain::expenses::threshold(db, actor.company_id).await?.0,
        question_limit: crate::domain::assistant::turns::limit(db, actor.company_id).await?,
        tax_regime,
        default_credit_limit,
    })
}

/// Sets the credit-limit policy: the limit new customers get (`None`: none).
pub async fn set_default_credit_limit(
    db: &Db,
    actor: &Actor,
    limit: Option<crate::domain::money::Money>,
) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    let limit = match limit {
        Some(m) if m.0 < 0 => return Err(Refusal::BadAmount.into()),
        Some(m) => Some(m.check()?.0),
        None => None,
    };
    let before: Option<i64> = sqlx::query_scalar("SELECT default_credit_limit FROM companies WHERE id = $1")
        .bind(actor.company_id)
        .fetch_one(&db.pool)
        .await?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE companies SET default_credit_limit = $1 WHERE id = $2")
        .bind(limit)
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await?;
    let fields = audit::diff(&[("default_credit_limit", json!(before), json!(limit))]);
    audit::record(&mut tx, actor, Change::SettingChanged, Entity::Company, actor.company_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Sets the company's time zone (an IANA name such as `Asia/Tashkent`).
pub async fn set_time_zone(db: &Db, actor: &Actor, zone: &str) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    let zone = zone.trim();
    if zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(Refusal::BadArgument(zone.to_string()).into());
    }
    let before: String = sqlx::query_scalar("SELECT time_zone FROM companies WHERE id = $1")
        .bind(actor.company_id)
        .fetch_one(&db.pool)
        .await?;
    change_setting(db, actor, "time_zone", json!(before), json!(zone)).await
}

/// The local time (HH:MM) of the company's morning digest.
pub async fn digest_time(db: &Db, company_id: i64) -> Result<String> {
    Ok(sqlx::query_scalar("SELECT digest_time FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(&db.pool)
        .await?)
}

pub async fn set_digest_time(db: &Db, actor: &Actor, hh_mm: &str) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    let before = digest_time(db, actor.company_id).await?;
    change_setting(db, actor, "digest_time", json!(before), json!(hh_mm)).await
}

/// Writes one company setting (a column of `companies`, named by the core, never by input)
/// and its log entry, in one transaction. The caller has checked the actor and the value.
pub(crate) async fn change_setting(
    db: &Db,
    actor: &Actor,
    column: &'static str,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let sql = format!("UPDATE companies SET {column} = $1 WHERE id = $2");
    let query = match &after {
        serde_json::Value::Number(n) => sqlx::query(&sql).bind(n.as_i64()),
        serde_json::Value::String(text) => sqlx::query(&sql).bind(text.clone()),
        other => return Err(anyhow::anyhow!("setting {column}: unexpected value {other}").into()),
    };
    query.bind(actor.company_id).execute(&mut *tx).await?;
    let fields = audit::diff(&[(column, before, after)]);
    audit::record(&mut tx, actor, Change::SettingChanged, Entity::Company, actor.company_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// What the timed jobs need of each company: (id, time zone, digest time).
pub async fn schedules(db: &Db) -> Result<Vec<(i64, crate::domain::calendar::CompanyTz, String)>> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, time_zone, digest_time FROM companies ORDER BY id").fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(|(id, zone, at)| (id, crate::domain::calendar::CompanyTz::parse(&zone), at)).collect())
}

/// A company's name.
pub async fn name(db: &Db, company_id: i64) -> Result<String> {
    sqlx::query_scalar("SELECT name FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::Refused(Refusal::NotFound))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tin_is_nine_digits() {
        assert_eq!(Tin::parse("301 234 567").unwrap().as_str(), "301234567");
        assert_eq!(Tin::parse("12345678"), Err(Refusal::BadTin));
        assert_eq!(Tin::parse("1234567890"), Err(Refusal::BadTin));
        assert_eq!(Tin::parse("12345678a"), Err(Refusal::BadTin));
    }
}
