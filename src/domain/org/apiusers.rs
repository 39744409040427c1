//! API users: programs and people who log in with a username and password for JSON Web Tokens,
//! in the shape of Django REST Framework's SimpleJWT (the seed E-Catalog's auth), so its
//! clients work unchanged. An API user belongs to one company with one role from the one
//! permission table; the core applies it to every call, as for a member in chat.
//!
//! A login opens a session: a short-lived access token (5 minutes) and a refresh token (a day)
//! that rotates on every refresh. Only the session's latest refresh token may be exchanged: an
//! older one presented again means a copy leaked, and the whole session is revoked. Access
//! tokens name their session, so revoking a session, a user or a company's access stops them at
//! once rather than when they expire.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::distr::{Alphanumeric, SampleString};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::db::{now, Db};
use crate::domain::actor::{Actor, Standing, Via};
use crate::domain::audit::{self, Change, Entity};
use crate::domain::calendar::CompanyTz;
use crate::domain::roles::{Action, Role};
use crate::domain::{company, Refusal, Result};

pub const ACCESS_TTL_SECS: i64 = 5 * 60;
pub const REFRESH_TTL_SECS: i64 = 24 * 60 * 60;
pub const MIN_PASSWORD_CHARS: usize = 10;
const MAX_PASSWORD_CHARS: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiUser {
    pub id: i64,
    pub company_id: i64,
    pub username: String,
    pub role: Role,
    pub branch_id: Option<i64>,
    pub created_at: i64,
    pub revoked: bool,
}

/// A username: 3 to 150 letters, digits and `@ . + - _` (Django's rule), kept as typed.
pub fn parse_username(raw: &str) -> std::result::Result<String, Refusal> {
    let name = raw.trim();
    let ok =
        (3..=150).contains(&name.chars().count()) && name.chars().all(|c| c.is_alphanumeric() || "@.+-_".contains(c));
    ok.then(|| name.to_string()).ok_or(Refusal::BadUsername)
}

fn check_password(password: &str) -> std::result::Result<(), Refusal> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS || n > MAX_PASSWORD_CHARS {
        return Err(Refusal::WeakPassword);
    }
    Ok(())
}

/// Argon2id with the crate's default cost (19 MiB, 2 passes), off the async threads.
async fn hash_password(password: &str) -> Result<String> {
    let password = password.to_string();
    let hashed = tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(anyhow::Error::from)?
    .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(hashed)
}

async fn password_matches(password: &str, stored: &str) -> bool {
    let (password, stored) = (password.to_string(), stored.to_string());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash of a password no one has, checked when the username is unknown so that an unknown
/// name takes as long as a wrong password.
const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2F2ZG9kZWNveXNhbHQ$1Yw0bnmkBTHB5oZJ7BqxiDPYSpfcVZc3vwd1tqO2MUo";

type UserRow = (i64, i64, String, String, Option<i64>, i64, Option<i64>);
const USER_COLUMNS: &str = "id, company_id, username, role, branch_id, created_at, revoked_at";

fn user_from_row((id, company_id, username, role, branch_id, created_at, revoked_at): UserRow) -> ApiUser {
    ApiUser {
        id,
        company_id,
        username,
        role: Role::parse(&role).unwrap_or(Role::Employee),
        branch_id,
        created_at,
        revoked: revoked_at.is_some(),
    }
}

/// Adds an API user to `actor`'s company. Branch-bound roles need a branch of the company.
pub async fn add(
    db: &Db,
    actor: &Actor,
    username: &str,
    password: &str,
    role: Role,
    branch_id: Option<i64>,
) -> Result<ApiUser> {
    actor.require(Action::ManageApiKeys)?;
    let username = parse_username(username)?;
    check_password(password)?;
    let branch_id = match (role.needs_branch(), branch_id) {
        (true, None) => return Err(Refusal::BranchRequired.into()),
        (false, _) => None,
        (true, Some(b)) => {
            company::branch(db, actor.company_id, b).await?;
            Some(b)
        }
    };
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM api_users WHERE username = $1")
        .bind(&username)
        .fetch_optional(&db.pool)
        .await?;
    if taken.is_some() {
        return Err(Refusal::UsernameTaken.into());
    }
    let hash = hash_password(password).await?;
    let at = now();
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_users (company_id, username, password_hash, role, branch_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(&username)
    .bind(&hash)
    .bind(role.as_str())
    .bind(branch_id)
    .bind(actor.user_id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let fields = audit::created(&[
        ("username", json!(username)),
        ("role", json!(role.as_str())),
        ("branch_id", json!(branch_id)),
    ]);
    audit::record(&mut tx, actor, Change::ApiUserCreated, Entity::ApiUser, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(ApiUser { id, company_id: actor.company_id, username, role, branch_id, created_at: at, revoked: false })
}

/// The company's API users, newest first.
pub async fn list(db: &Db, actor: &Actor) -> Result<Vec<ApiUser>> {
    actor.require(Action::ManageApiKeys)?;
    let sql = format!("SELECT {USER_COLUMNS} FROM api_users WHERE company_id = $1 ORDER BY id DESC");
    let rows: Vec<UserRow> = sqlx::query_as(&sql).bind(actor.company_id).fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(user_from_row).collect())
}

/// Revokes the user and every session they have: their tokens stop working at once.
pub async fn revoke(db: &Db, actor: &Actor, username: &str) -> Result<ApiUser> {
    actor.require(Action::ManageApiKeys)?;
    let sql = format!("SELECT {USER_COLUMNS} FROM api_users WHERE company_id = $1 AND username = $2");
    let row: Option<UserRow> =
        sqlx::query_as(&sql).bind(actor.company_id).bind(username.trim()).fetch_optional(&db.pool).await?;
    let mut user = user_from_row(row.ok_or(Refusal::NotFound)?);
    if user.revoked {
        return Ok(user);
    }
    let at = now();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE api_users SET revoked_at = $1 WHERE id = $2").bind(at).bind(user.id).execute(&mut *tx).await?;
    sqlx::query("UPDATE api_sessions SET revoked_at = $1 WHERE api_user_id = $2 AND revoked_at IS NULL")
        .bind(at)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, Change::ApiUserRevoked, Entity::ApiUser, user.id, json!({})).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    user.revoked = true;
    Ok(user)
}

/// Signs and checks tokens with one HS256 key: `SAVDO_JWT_SECRET`, or one made on first use and
/// kept in the database so every instance on it agrees.
#[derive(Clone)]
pub struct Signer {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Signer {
    pub fn new(secret: &[u8]) -> Signer {
        let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
        Signer { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret) }
    }

    pub async fn load(db: &Db, configured: Option<&str>) -> Result<Signer> {
        if let Some(secret) = configured.filter(|s| !s.is_empty()) {
            return Ok(Signer::new(secret.as_bytes()));
        }
        let made = Alphanumeric.sample_string(&mut rand::rng(), 64);
        sqlx::query(
            "INSERT INTO server_secrets (name, value, created_at) VALUES ('jwt', $1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(&made)
        .bind(now())
        .execute(&db.pool)
        .await?;
        let secret: String =
            sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = 'jwt'").fetch_one(&db.pool).await?;
        Ok(Signer::new(secret.as_bytes()))
    }

    fn sign(&self, claims: &Claims) -> Result<String> {
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding).map_err(anyhow::Error::from)?)
    }

    /// The claims of a token signed by this server and not expired (no leeway).
    fn read(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "iat", "jti"]);
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).ok().map(|t| t.claims)
    }
}

/// SimpleJWT's claims plus the session (`sid`).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Claims {
    token_type: String,
    exp: i64,
    iat: i64,
    jti: String,
    user_id: i64,
    sid: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

fn new_id() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 32)
}

fn pair(signer: &Signer, user_id: i64, sid: &str, refresh_jti: &str, at: i64) -> Result<Tokens> {
    let access = Claims {
        token_type: "access".into(),
        exp: at + ACCESS_TTL_SECS,
        iat: at,
        jti: new_id(),
        user_id,
        sid: sid.to_string(),
    };
    let refresh = Claims {
        token_type: "refresh".into(),
        exp: at + REFRESH_TTL_SECS,
        iat: at,
        jti: refresh_jti.to_string(),
        user_id,
        sid: sid.to_string(),
    };
    Ok(Tokens { access: signer.sign(&access)?, refresh: signer.sign(&refresh)? })
}

/// A login: tokens for a username and password of an active user, `None` otherwise (one
/// answer for an unknown name, a wrong password and a revoked user).
pub async fn login(db: &Db, signer: &Signer, username: &str, password: &str) -> Result<Option<Tokens>> {
    match open_session(db, username, password).await? {
        Some((user_id, sid, jti, at)) => pair(signer, user_id, &sid, &jti, at).map(Some),
        None => Ok(None),
    }
}

/// How long a 1C exchange's session lasts (its cookie).
pub const EXCHANGE_TTL_SECS: i64 = 60 * 60;

/// A 1C exchange's login (`mode=checkauth` with Basic credentials): the session's cookie value.
pub async fn exchange_login(db: &Db, signer: &Signer, username: &str, password: &str) -> Result<Option<String>> {
    let Some((user_id, sid, _, at)) = open_session(db, username, password).await? else { return Ok(None) };
    let claims =
        Claims { token_type: "exchange".into(), exp: at + EXCHANGE_TTL_SECS, iat: at, jti: new_id(), user_id, sid };
    signer.sign(&claims).map(Some)
}

/// The actor and session of a 1C exchange's cookie.
pub async fn exchange_actor(db: &Db, signer: &Signer, token: &str) -> Result<Option<(Actor, String)>> {
    let Some(claims) = signer.read(token).filter(|c| c.token_type == "exchange") else { return Ok(None) };
    Ok(session_actor(db, &claims).await?.map(|actor| (actor, claims.sid)))
}

/// Checks the password and opens a session: (user, session, refresh id, now).
async fn open_session(db: &Db, username: &str, password: &str) -> Result<Option<(i64, String, String, i64)>> {
    let found: Option<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, password_hash, revoked_at FROM api_users WHERE username = $1")
            .bind(username.trim())
            .fetch_optional(&db.pool)
            .await?;
    let stored = found.as_ref().map(|(_, h, _)| h.as_str()).unwrap_or(DECOY_HASH);
    let matches = password_matches(password, stored).await;
    let Some((user_id, _, None)) = found else { return Ok(None) };
    if !matches {
        return Ok(None);
    }
    let (sid, jti, at) = (new_id(), new_id(), now());
    sqlx::query(
        "INSERT INTO api_sessions (id, api_user_id, refresh_jti, refresh_expires_at, created_at, rotated_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(&sid)
    .bind(user_id)
    .bind(&jti)
    .bind(at + REFRESH_TTL_SECS)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(Some((user_id, sid, jti, at)))
}

/// Exchanges the session's latest refresh token for a new pair (the old refresh token is spent).
/// A spent one presented again revokes the session: someone else holds a copy.
pub async fn refresh(db: &Db, signer: &Signer, token: &str) -> Result<Option<Tokens>> {
    let Some(claims) = signer.read(token).filter(|c| c.token_type == "refresh") else { return Ok(None) };
    let at = now();
    let jti = new_id();
    let mut tx = db.begin().await?;
    let rotated = sqlx::query(
        "UPDATE api_sessions SET refresh_jti = $1, refresh_expires_at = $2, rotated_at = $3
         WHERE id = $4 AND refresh_jti = $5 AND revoked_at IS NULL
           AND api_user_id IN (SELECT id FROM api_users WHERE revoked_at IS NULL)",
    )
    .bind(&jti)
    .bind(at + REFRESH_TTL_SECS)
    .bind(at)
    .bind(&claims.sid)
    .bind(&claims.jti)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if rotated == 0 {
        sqlx::query("UPDATE api_sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(at)
            .bind(&claims.sid)
            .execute(&mut *tx)
            .await?;
        tx.commit().await.map_err(anyhow::Error::from)?;
        tracing::warn!(session = %claims.sid, "a spent or revoked refresh token was presented; session revoked");
        return Ok(None);
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    pair(signer, claims.user_id, &claims.sid, &jti, at).map(Some)
}

/// Revokes the session of a refresh token (SimpleJWT's blacklist). `false` when the token is
/// not a valid refresh token.
pub async fn blacklist(db: &Db, signer: &Signer, token: &str) -> Result<bool> {
    let Some(claims) = signer.read(token).filter(|c| c.token_type == "refresh") else { return Ok(false) };
    let done = sqlx::query(
        "UPDATE api_sessions SET revoked_at = $1 WHERE id = $2 AND refresh_jti = $3 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(&claims.sid)
    .bind(&claims.jti)
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(done == 1)
}

/// Whether a token (access or refresh) is signed here, unexpired, and its session and user live.
pub async fn verify(db: &Db, signer: &Signer, token: &str) -> Result<bool> {
    let Some(claims) = signer.read(token) else { return Ok(false) };
    if claims.token_type == "refresh" {
        let current: Option<String> = sqlx::query_scalar(
            "SELECT s.refresh_jti FROM api_sessions s JOIN api_users u ON u.id = s.api_user_id
             WHERE s.id = $1 AND s.revoked_at IS NULL AND u.revoked_at IS NULL",
        )
        .bind(&claims.sid)
        .fetch_optional(&db.pool)
        .await?;
        return Ok(current.as_deref() == Some(claims.jti.as_str()));
    }
    Ok(session_actor(db, &claims).await?.is_some())
}

/// The actor an access token stands for, as the user's rights and company's standing are now.
pub async fn actor_of(db: &Db, signer: &Signer, token: &str) -> Result<Option<Actor>> {
    match signer.read(token).filter(|c| c.token_type == "access") {
        Some(claims) => session_actor(db, &claims).await,
        None => Ok(None),
    }
}

async fn session_actor(db: &Db, claims: &Claims) -> Result<Option<Actor>> {
    type Row = (i64, i64, String, Option<i64>, String, String);
    let row: Option<Row> = sqlx::query_as(
        "SELECT u.id, u.company_id, u.role, u.branch_id, c.time_zone, c.status
         FROM api_sessions s JOIN api_users u ON u.id = s.api_user_id JOIN companies c ON c.id = u.company_id
         WHERE s.id = $1 AND u.id = $2 AND s.revoked_at IS NULL AND u.revoked_at IS NULL",
    )
    .bind(&claims.sid)
    .bind(claims.user_id)
    .fetch_optional(&db.reader)
    .await?;
    Ok(row.map(|(id, company_id, role, branch_id, zone, standing)| Actor {
        company_id,
        user_id: None,
        role: Role::parse(&role).unwrap_or(Role::Employee),
        branch_id,
        blocked: false,
        via: Via::ApiUser(id),
        time_zone: Some(CompanyTz::parse(&zone)),
        standing: Standing::parse(&standing),
    }))
}
