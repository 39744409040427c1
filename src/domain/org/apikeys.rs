//! Per-company API keys for the HTTP API. Only a SHA-256 of a key is stored; the key itself is
//! shown once, when it is made.

use rand::distr::{Alphanumeric, SampleString};
use sha2::{Digest, Sha256};

use serde_json::json;

use crate::db::{now, Db};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::company::{self, Member};
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub revoked: bool,
}

fn hash(key: &str) -> String {
    Sha256::digest(key.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes a key; returns it with the plain text, which is never stored. The key acts with the
/// rights of `acting_for` (a member of the company; the admin who makes it when `None`), as
/// they are at each request: a till's key for its cashier sees what that cashier sees.
pub async fn create(db: &Db, actor: &Actor, name: &str, acting_for: Option<i64>) -> Result<(ApiKey, String)> {
    actor.require(Action::ManageApiKeys)?;
    let owner = acting_for.or(actor.user_id).ok_or(Refusal::NotAllowed)?;
    company::member(db, actor.company_id, owner).await?.ok_or(Refusal::NotFound)?;
    let key = format!("sv_{}", Alphanumeric.sample_string(&mut rand::rng(), 40));
    let prefix = key[..10].to_string();
    let at = now();
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_keys (company_id, name, prefix, key_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(name)
    .bind(&prefix)
    .bind(hash(&key))
    .bind(owner)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let fields = audit::created(&[("name", json!(name)), ("prefix", json!(prefix)), ("acts_for", json!(owner))]);
    audit::record(&mut tx, actor, Change::ApiKeyCreated, Entity::ApiKey, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok((ApiKey { id, name: name.to_string(), prefix, created_at: at, revoked: false }, key))
}

pub async fn list(db: &Db, company_id: i64) -> Result<Vec<ApiKey>> {
    let rows: Vec<(i64, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, prefix, created_at, revoked_at FROM api_keys WHERE company_id = $1 ORDER BY id",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, prefix, created_at, revoked)| ApiKey {
            id,
            name,
            prefix,
            created_at,
            revoked: revoked.is_some(),
        })
        .collect())
}

pub async fn revoke(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    actor.require(Action::ManageApiKeys)?;
    let mut tx = db.begin().await?;
    let done =
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND company_id = $3 AND revoked_at IS NULL")
            .bind(now())
            .bind(id)
            .bind(actor.company_id)
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() == 0 {
        return Err(Refusal::NotFound.into());
    }
    audit::record(&mut tx, actor, Change::ApiKeyRevoked, Entity::ApiKey, id, json!({ "revoked": [false, true] }))
        .await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// The actor a presented key stands for: its member's current rights, through this key.
/// `None` when the key is unknown, revoked, or its member has left the company.
pub async fn actor_of(db: &Db, key: &str) -> Result<Option<Actor>> {
    if !key.starts_with("sv_") || key.len() > 100 {
        return Ok(None);
    }
    let found: Option<(i64, i64, i64)> =
        sqlx::query_as("SELECT id, company_id, created_by FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL")
            .bind(hash(key))
            .fetch_optional(&db.pool)
            .await?;
    let Some((key_id, company_id, owner)) = found else { return Ok(None) };
    let member: Option<Member> = company::member(db, company_id, owner).await?;
    Ok(member.map(|m| m.through_key(key_id)))
}
