//! Customers as the catalogue API (the seed's "client") and 1C see them: the same rows as
//! [`customers`](super::customers), looked up by their 1C code, with e-mail and description, listed
//! with search, filters and ordering, and deleted only while nothing names them.

use serde_json::{json, Value};

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::cards::{parse_code_1c, Saved};
use crate::domain::company::Tin;
use crate::domain::customers::clean_phone;
use crate::domain::ledger;
use crate::domain::listing::{self, Filter, Kind, Spec};
use crate::domain::money::Money;
use crate::domain::roles::Action;
use crate::domain::{clean_name, Error, Refusal, Result};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Client {
    pub id: i64,
    pub code_1c: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub tin: Option<String>,
    pub notes: Option<String>,
    pub kind: String,
    pub credit_limit: Option<i64>,
    /// What the client owes (receivables, 4010).
    pub balance: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a client sends; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientInput {
    pub code_1c: Option<String>,
    pub name: Option<String>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub tin: Option<Option<String>>,
    pub notes: Option<Option<String>>,
    pub credit_limit: Option<Option<Money>>,
}

const SELECT: &str = "SELECT c.id, c.code_1c, c.name, c.email, c.phone, c.tin, c.notes, c.kind, c.credit_limit,
        CAST(COALESCE((SELECT SUM(l.debit - l.credit) FROM journal_lines l
             WHERE l.company_id = c.company_id AND l.account_code = '4010' AND l.party_id = c.id), 0) AS BIGINT) AS balance,
        c.created_at, COALESCE(c.updated_at, c.created_at) AS updated_at
     FROM customers c WHERE c.company_id = $1";

pub const SPEC: Spec = Spec {
    select: SELECT,
    count: "SELECT COUNT(*) FROM customers c WHERE c.company_id = $1",
    search: &[
        "LOWER(c.name)",
        "LOWER(COALESCE(c.code_1c, ''))",
        "LOWER(COALESCE(c.email, ''))",
        "COALESCE(c.phone, '')",
        "COALESCE(c.tin, '')",
    ],
    fts: None,
    filters: &[
        Filter { param: "client_code_1c", sql: "c.code_1c", kind: Kind::Text },
        Filter { param: "name", sql: "c.name", kind: Kind::Text },
        Filter { param: "email", sql: "c.email", kind: Kind::Text },
        Filter { param: "tax_id", sql: "c.tin", kind: Kind::Text },
        Filter { param: "created_from", sql: "c.created_at", kind: Kind::From },
        Filter { param: "created_to", sql: "c.created_at", kind: Kind::Until },
        Filter { param: "updated_from", sql: "COALESCE(c.updated_at, c.created_at)", kind: Kind::From },
        Filter { param: "updated_to", sql: "COALESCE(c.updated_at, c.created_at)", kind: Kind::Until },
    ],
    orderings: &[
        ("id", "c.id"),
        ("client_code_1c", "c.code_1c"),
        ("name", "c.name"),
        ("email", "c.email"),
        ("created_at", "c.created_at"),
        ("updated_at", "COALESCE(c.updated_at, c.created_at)"),
    ],
    default_order: "c.created_at DESC, c.id DESC",
    tiebreak: "c.id",
};

pub async fn list(db: &Db, actor: &Actor, query: &listing::Query) -> Result<(i64, Vec<Client>)> {
    actor.require(Action::Customers)?;
    listing::list(db, actor.company_id, &SPEC, query).await
}

pub async fn by_code_1c(db: &Db, actor: &Actor, code_1c: &str) -> Result<Client> {
    actor.require(Action::Customers)?;
    find(db, actor.company_id, code_1c).await?.ok_or(Error::Refused(Refusal::NotFound))
}

async fn find(db: &Db, company_id: i64, code_1c: &str) -> Result<Option<Client>> {
    let sql = format!("{SELECT} AND c.code_1c = $2");
    Ok(sqlx::query_as::<_, Client>(&sql).bind(company_id).bind(code_1c).fetch_optional(&db.pool).await?)
}

async fn find_in(tx: &mut Tx, company_id: i64, code_1c: &str) -> Result<Option<Client>> {
    let sql = format!("{SELECT} AND c.code_1c = $2");
    Ok(sqlx::query_as::<_, Client>(&sql).bind(company_id).bind(code_1c).fetch_optional(&mut **tx).await?)
}

/// An e-mail address: one `@` with text on both sides and a dot in the domain, up to 254.
pub fn parse_email(raw: &str) -> std::result::Result<String, Refusal> {
    let email = raw.trim();
    let ok = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|p| !p.is_empty())
        });
    ok.then(|| email.to_string()).ok_or_else(|| Refusal::BadValue("email".into()))
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn audit_fields(c: &Client) -> [(&'static str, Value); 7] {
    [
        ("code_1c", json!(c.code_1c)),
        ("name", json!(c.name)),
        ("email", json!(c.email)),
        ("phone", json!(c.phone)),
        ("tin", json!(c.tin)),
        ("notes", json!(c.notes)),
        ("credit_limit", json!(c.credit_limit)),
    ]
}

/// Creates a client (`existing` is `None`) or changes the one with that 1C code.
pub async fn save(db: &Db, actor: &Actor, existing: Option<&str>, input: &ClientInput) -> Result<Client> {
    let mut tx = db.begin().await?;
    let (client, _) = save_in(&mut tx, actor, existing, input).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(client)
}

/// An import's row: changes the client with the row's 1C code, or makes one.
pub async fn upsert_in(tx: &mut Tx, actor: &Actor, input: &ClientInput) -> Result<(Client, Saved)> {
    let existing = match input.code_1c.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => find_in(tx, actor.company_id, code).await?.map(|_| code.to_string()),
        None => None,
    };
    save_in(tx, actor, existing.as_deref(), input).await
}

/// [`save`] inside the caller's transaction.
pub async fn save_in(
    tx: &mut Tx,
    actor: &Actor,
    existing: Option<&str>,
    input: &ClientInput,
) -> Result<(Client, Saved)> {
    actor.require(Action::Customers)?;
    let before = match existing {
        Some(code) => Some(find_in(tx, actor.company_id, code).await?.ok_or(Refusal::NotFound)?),
        None => None,
    };
    let code_1c = match (&before, input.code_1c.as_deref()) {
        (Some(b), _) => b.code_1c.clone(),
        (None, Some(raw)) => {
            let code = parse_code_1c(raw)?;
            if find_in(tx, actor.company_id, &code).await?.is_some() {
                return Err(Refusal::CodeTaken.into());
            }
            Some(code)
        }
        (None, None) => None,
    };
    let name = match (&input.name, &before) {
        (Some(n), _) => clean_name(n, 120)?,
        (None, Some(b)) => b.name.clone(),
        (None, None) => return Err(Refusal::BadName.into()),
    };
    let was = |f: fn(&Client) -> &Option<String>| before.as_ref().and_then(|b| f(b).clone());
    let email = match &input.email {
        Some(v) => present(v).map(parse_email).transpose()?,
        None => was(|c| &c.email),
    };
    let phone = match &input.phone {
        Some(v) => present(v).map(clean_phone).transpose()?,
        None => was(|c| &c.phone),
    };
    let tin = match &input.tin {
        Some(v) => present(v).map(|t| Tin::parse(t).map(|t| t.as_str().to_string())).transpose()?,
        None => was(|c| &c.tin),
    };
    let notes = match &input.notes {
        Some(v) => present(v).map(str::to_string),
        None => was(|c| &c.notes),
    };
    if notes.as_ref().is_some_and(|n| n.chars().count() > 4000) {
        return Err(Refusal::NotesTooLong.into());
    }
    let credit_limit = match input.credit_limit {
        Some(Some(m)) if m.0 < 0 => return Err(Refusal::BadAmount.into()),
        Some(Some(m)) => Some(m.check()?.0),
        Some(None) => None,
        None => before.as_ref().and_then(|b| b.credit_limit),
    };
    let at = now();
    let id: i64 = match &before {
        Some(b) => {
            sqlx::query(
                "UPDATE customers SET name = $1, email = $2, phone = $3, tin = $4, notes = $5, credit_limit = $6, updated_at = $7
                 WHERE id = $8 AND company_id = $9",
            )
            .bind(&name)
            .bind(&email)
            .bind(&phone)
            .bind(&tin)
            .bind(&notes)
            .bind(credit_limit)
            .bind(at)
            .bind(b.id)
            .bind(actor.company_id)
            .execute(&mut **tx)
            .await?;
            b.id
        }
        None => {
            let limit = match credit_limit {
                Some(l) => Some(l),
                None => {
                    sqlx::query_scalar("SELECT default_credit_limit FROM companies WHERE id = $1")
                        .bind(actor.company_id)
                        .fetch_one(&mut **tx)
                        .await?
                }
            };
            sqlx::query_scalar(
                "INSERT INTO customers (company_id, code_1c, name, email, phone, tin, notes, kind, credit_limit, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'retail', $8, $9, $9) RETURNING id",
            )
            .bind(actor.company_id)
            .bind(&code_1c)
            .bind(&name)
            .bind(&email)
            .bind(&phone)
            .bind(&tin)
            .bind(&notes)
            .bind(limit)
            .bind(at)
            .fetch_one(&mut **tx)
            .await?
        }
    };
    let sql = format!("{SELECT} AND c.id = $2");
    let after: Client = sqlx::query_as(&sql).bind(actor.company_id).bind(id).fetch_one(&mut **tx).await?;
    let (change, fields) = match &before {
        None => (Change::PartnerAdded, audit::created(&audit_fields(&after))),
        Some(b) => {
            let pairs: Vec<(&str, Value, Value)> = audit_fields(b)
                .into_iter()
                .zip(audit_fields(&after))
                .map(|((name, was), (_, now))| (name, was, now))
                .collect();
            (Change::CustomerEdited, audit::diff(&pairs))
        }
    };
    if fields.as_object().is_some_and(|f| !f.is_empty()) {
        audit::record(tx, actor, change, Entity::Customer, id, fields).await?;
    }
    Ok((after, if before.is_some() { Saved::Updated } else { Saved::Created }))
}

/// Deletes a client with no sales, payments, debts, calls or projects; refuses one that has any.
pub async fn delete(db: &Db, actor: &Actor, code_1c: &str) -> Result<()> {
    actor.require(Action::Customers)?;
    let client = find(db, actor.company_id, code_1c).await?.ok_or(Refusal::NotFound)?;
    let mut tx = db.begin().await?;
    let lines: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM journal_lines WHERE company_id = $1 AND account_code = $2 AND party_id = $3",
    )
    .bind(actor.company_id)
    .bind(ledger::RECEIVABLES)
    .bind(client.id)
    .fetch_one(&mut *tx)
    .await?;
    if lines > 0 {
        return Err(Refusal::InUse.into());
    }
    sqlx::query("DELETE FROM images WHERE company_id = $1 AND entity_type = 'client' AND entity_id = $2")
        .bind(actor.company_id)
        .bind(client.id)
        .execute(&mut *tx)
        .await?;
    match sqlx::query("DELETE FROM customers WHERE id = $1 AND company_id = $2")
        .bind(client.id)
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await
    {
        Ok(_) => {}
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => return Err(Refusal::InUse.into()),
        Err(e) => return Err(e.into()),
    }
    let fields = json!({ "code_1c": [client.code_1c, null], "name": [client.name, null] });
    audit::record(&mut tx, actor, Change::CustomerDeleted, Entity::Customer, client.id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}
