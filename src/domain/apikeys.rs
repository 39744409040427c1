//! Per-company API keys for the HTTP API. Only a SHA-256 of a key is stored; the key itself is
//! shown once, when it is made.

use rand::distr::{Alphanumeric, SampleString};
use sha2::{Digest, Sha256};

use super::company::Member;
use super::roles::{can, Action};
use super::{Refusal, Result};
use crate::db::{now, Db};

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

fn require_admin(actor: &Member) -> Result<()> {
    if actor.blocked || !can(actor.role, Action::ManageApiKeys) {
        return Err(Refusal::NotAllowed.into());
    }
    Ok(())
}

/// Makes a key; returns it with the plain text, which is never stored.
pub async fn create(db: &Db, actor: &Member, name: &str) -> Result<(ApiKey, String)> {
    require_admin(actor)?;
    let key = format!("sv_{}", Alphanumeric.sample_string(&mut rand::rng(), 40));
    let prefix = key[..10].to_string();
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_keys (company_id, name, prefix, key_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(name)
    .bind(&prefix)
    .bind(hash(&key))
    .bind(actor.user_id)
    .bind(at)
    .fetch_one(&db.pool)
    .await?;
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

pub async fn revoke(db: &Db, actor: &Member, id: i64) -> Result<()> {
    require_admin(actor)?;
    let done =
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND company_id = $3 AND revoked_at IS NULL")
            .bind(now())
            .bind(id)
            .bind(actor.company_id)
            .execute(&db.pool)
            .await?;
    if done.rows_affected() == 0 {
        return Err(Refusal::NotFound.into());
    }
    Ok(())
}

/// The company a presented key belongs to, if the key is known and not revoked.
pub async fn company_of(db: &Db, key: &str) -> Result<Option<i64>> {
    if !key.starts_with("sv_") || key.len() > 100 {
        return Ok(None);
    }
    Ok(sqlx::query_scalar("SELECT company_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL")
        .bind(hash(key))
        .fetch_optional(&db.pool)
        .await?)
}
