//! Calls from the office PBX. The PBX posts each call record to the company's webhook with its
//! shared secret; a record is kept once (by the PBX's own id), its number linked to the
//! customer with that phone, and a missed call from a known customer is reported to the
//! company's admins and managers with the number to call back and what the customer owes.
//! `/calls` groups recent calls by number.

use serde::{Deserialize, Serialize};

use crate::db::{now, Db};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::events::Event;
use crate::domain::roles::Action;
use crate::domain::{customers, Refusal, Result};

/// A call record as the PBX sends it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The PBX's id of the call.
    pub id: String,
    pub caller: String,
    pub callee: String,
    /// `in` or `out`.
    pub direction: String,
    /// Unix seconds.
    pub start: i64,
    #[serde(default)]
    pub duration: i64,
    pub answered: bool,
    #[serde(default)]
    pub recording_url: Option<String>,
}

/// Makes a new webhook secret for the company's PBX (admins): the old one stops working.
pub async fn new_secret(db: &Db, actor: &Actor) -> Result<String> {
    actor.require(Action::ManageSettings)?;
    use rand::Rng;
    let secret: String = rand::rng().sample_iter(rand::distr::Alphanumeric).take(32).map(char::from).collect();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE companies SET pbx_secret = $1 WHERE id = $2")
        .bind(&secret)
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await?;
    // The log says a new secret was made, never the secret.
    let fields = audit::diff(&[("pbx_secret", serde_json::Value::Null, "(new)".into())]);
    audit::record(&mut tx, actor, Change::SettingChanged, Entity::Company, actor.company_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(secret)
}

/// Whether `secret` is the company's PBX secret (constant time; no secret set: never).
pub async fn authentic(db: &Db, company_id: i64, secret: &str) -> Result<bool> {
    use subtle::ConstantTimeEq;
    let expected: Option<Option<String>> = sqlx::query_scalar("SELECT pbx_secret FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(Some(expected)) = expected else { return Ok(false) };
    Ok(secret.len() == expected.len() && bool::from(secret.as_bytes().ct_eq(expected.as_bytes())))
}

/// Keeps a call record (once); a missed incoming call from a customer is an event. `Ok(None)`
/// for a record already kept.
pub async fn record(db: &Db, company_id: i64, call: &Record) -> Result<Option<Vec<Event>>> {
    let incoming = match call.direction.as_str() {
        "in" => true,
        "out" => false,
        other => return Err(Refusal::BadArgument(format!("direction {other}")).into()),
    };
    if call.id.trim().is_empty() || call.id.len() > 100 || !(0..=86_400).contains(&call.duration) {
        return Err(Refusal::BadArgument("id or duration".into()).into());
    }
    let phone = customers::clean_phone(if incoming { &call.caller } else { &call.callee })?;
    let customer: Option<i64> =
        sqlx::query_scalar("SELECT id FROM customers WHERE company_id = $1 AND phone = $2 ORDER BY id LIMIT 1")
            .bind(company_id)
            .bind(&phone)
            .fetch_optional(&db.pool)
            .await?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO calls (company_id, external_id, phone, direction, started_at, duration_secs, answered, recording_url, customer_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (company_id, external_id) DO NOTHING RETURNING id",
    )
    .bind(company_id)
    .bind(call.id.trim())
    .bind(&phone)
    .bind(&call.direction)
    .bind(call.start)
    .bind(call.duration)
    .bind(i64::from(call.answered))
    .bind(&call.recording_url)
    .bind(customer)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    if inserted.is_none() {
        return Ok(None);
    }
    let mut events = Vec::new();
    if let (true, false, Some(customer_id)) = (incoming, call.answered, customer) {
        events.push(Event::MissedCall { company_id, customer_id, phone, at: call.start });
    }
    Ok(Some(events))
}

/// Calls of one number, for `/calls`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Number {
    pub phone: String,
    pub customer: Option<String>,
    pub calls: i64,
    pub missed: i64,
    pub last_at: i64,
}

/// Recent calls grouped by number (the last 30 days), newest first; `query` narrows them to a
/// number or a customer's name.
pub async fn by_number(db: &Db, actor: &Actor, query: &str, limit: i64) -> Result<Vec<Number>> {
    actor.require(Action::Customers)?;
    let since = now() - 30 * 86_400;
    let digits: String = query.chars().filter(|c| c.is_ascii_digit()).collect();
    let name = query.trim().to_lowercase();
    let rows: Vec<(String, Option<String>, i64, i64, i64)> = sqlx::query_as(
        "SELECT c.phone, MAX(k.name), COUNT(*),
                CAST(SUM(CASE WHEN c.direction = 'in' AND c.answered = 0 THEN 1 ELSE 0 END) AS BIGINT), MAX(c.started_at)
         FROM calls c LEFT JOIN customers k ON k.id = c.customer_id
         WHERE c.company_id = $1 AND c.started_at >= $2
           AND ($3 = '' OR c.phone LIKE '%' || $3 || '%')
           AND ($4 = '' OR LOWER(COALESCE(k.name, '')) LIKE '%' || $4 || '%')
         GROUP BY c.phone ORDER BY MAX(c.started_at) DESC LIMIT $5",
    )
    .bind(actor.company_id)
    .bind(since)
    .bind(if digits.len() >= 3 { digits } else { String::new() })
    .bind(if query.chars().any(|c| c.is_alphabetic()) { name } else { String::new() })
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(phone, customer, calls, missed, last_at)| Number { phone, customer, calls, missed, last_at })
        .collect())
}
