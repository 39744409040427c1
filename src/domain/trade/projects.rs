//! Projects (the seed E-Catalog's): a piece of work for a client with its 1C code, status and
//! dates — a shop fit-out, a supply contract, a season's campaign. Deleting one keeps the row
//! (marked deleted, out of every list) so documents that named it still read.

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::cards::{parse_code_1c, Saved};
use crate::domain::listing::{self, Filter, Kind, Spec};
use crate::domain::roles::Action;
use crate::domain::{clean_name, Error, Refusal, Result};

pub const STATUSES: [&str; 5] = ["planned", "active", "completed", "cancelled", "deleted"];

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Project {
    pub id: i64,
    pub code_1c: String,
    pub name: String,
    pub client_id: Option<i64>,
    pub client_code_1c: Option<String>,
    pub client_name: Option<String>,
    pub status: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub description: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Project {
    pub fn is_active(&self) -> bool {
        matches!(self.status.as_str(), "planned" | "active")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectInput {
    pub code_1c: Option<String>,
    pub name: Option<String>,
    /// The client's 1C code (empty: none).
    pub client_code_1c: Option<Option<String>>,
    pub status: Option<String>,
    pub start_date: Option<Option<NaiveDate>>,
    pub end_date: Option<Option<NaiveDate>>,
    pub description: Option<Option<String>>,
}

const SELECT: &str = "SELECT p.id, p.code_1c, p.name, p.client_id, c.code_1c AS client_code_1c, c.name AS client_name,
        p.status, p.start_date, p.end_date, p.description, p.created_at, p.updated_at
     FROM projects p LEFT JOIN customers c ON c.id = p.client_id
     WHERE p.company_id = $1 AND p.status <> 'deleted'";

pub const SPEC: Spec = Spec {
    select: SELECT,
    count: "SELECT COUNT(*) FROM projects p LEFT JOIN customers c ON c.id = p.client_id
     WHERE p.company_id = $1 AND p.status <> 'deleted'",
    search: &["LOWER(p.name)", "LOWER(p.code_1c)", "LOWER(COALESCE(p.description, ''))"],
    fts: None,
    filters: &[
        Filter { param: "code_1c", sql: "p.code_1c", kind: Kind::Text },
        Filter { param: "name", sql: "p.name", kind: Kind::Text },
        Filter { param: "status", sql: "p.status", kind: Kind::Text },
        Filter { param: "client", sql: "c.code_1c", kind: Kind::Text },
        Filter { param: "client_id", sql: "p.client_id", kind: Kind::Int },
        Filter { param: "created_from", sql: "p.created_at", kind: Kind::From },
        Filter { param: "created_to", sql: "p.created_at", kind: Kind::Until },
        Filter { param: "updated_from", sql: "p.updated_at", kind: Kind::From },
        Filter { param: "updated_to", sql: "p.updated_at", kind: Kind::Until },
    ],
    orderings: &[
        ("id", "p.id"),
        ("code_1c", "p.code_1c"),
        ("name", "p.name"),
        ("status", "p.status"),
        ("start_date", "p.start_date"),
        ("end_date", "p.end_date"),
        ("created_at", "p.created_at"),
        ("updated_at", "p.updated_at"),
    ],
    default_order: "p.created_at DESC, p.id DESC",
    tiebreak: "p.id",
};

pub async fn list(db: &Db, actor: &Actor, query: &listing::Query) -> Result<(i64, Vec<Project>)> {
    actor.require(Action::Projects)?;
    listing::list(db, actor.company_id, &SPEC, query).await
}

pub async fn by_code_1c(db: &Db, actor: &Actor, code_1c: &str) -> Result<Project> {
    actor.require(Action::Projects)?;
    find(db, actor.company_id, code_1c).await?.ok_or(Error::Refused(Refusal::NotFound))
}

async fn find(db: &Db, company_id: i64, code_1c: &str) -> Result<Option<Project>> {
    let sql = format!("{SELECT} AND p.code_1c = $2");
    Ok(sqlx::query_as::<_, Project>(&sql).bind(company_id).bind(code_1c).fetch_optional(&db.pool).await?)
}

async fn find_in(tx: &mut Tx, company_id: i64, code_1c: &str) -> Result<Option<Project>> {
    let sql = format!("{SELECT} AND p.code_1c = $2");
    Ok(sqlx::query_as::<_, Project>(&sql).bind(company_id).bind(code_1c).fetch_optional(&mut **tx).await?)
}

fn audit_fields(p: &Project) -> [(&'static str, Value); 7] {
    [
        ("name", json!(p.name)),
        ("client_id", json!(p.client_id)),
        ("status", json!(p.status)),
        ("start_date", json!(p.start_date)),
        ("end_date", json!(p.end_date)),
        ("description", json!(p.description)),
        ("code_1c", json!(p.code_1c)),
    ]
}

/// Creates a project (a 1C code and a name are needed) or changes the one with that code.
pub async fn save(db: &Db, actor: &Actor, existing: Option<&str>, input: &ProjectInput) -> Result<Project> {
    let mut tx = db.begin().await?;
    let (project, _) = save_in(&mut tx, actor, existing, input).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(project)
}

/// An import's row: changes the project with the row's 1C code, or makes one.
pub async fn upsert_in(tx: &mut Tx, actor: &Actor, input: &ProjectInput) -> Result<(Project, Saved)> {
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
    input: &ProjectInput,
) -> Result<(Project, Saved)> {
    actor.require(Action::Projects)?;
    let before = match existing {
        Some(code) => Some(find_in(tx, actor.company_id, code).await?.ok_or(Refusal::NotFound)?),
        None => None,
    };
    let code_1c = match (&before, input.code_1c.as_deref()) {
        (Some(b), _) => b.code_1c.clone(),
        (None, Some(raw)) => parse_code_1c(raw)?,
        (None, None) => return Err(Refusal::BadValue("code_1c".into()).into()),
    };
    if before.is_none() {
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM projects WHERE company_id = $1 AND code_1c = $2")
            .bind(actor.company_id)
            .bind(&code_1c)
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_some() {
            return Err(Refusal::CodeTaken.into());
        }
    }
    let name = match (&input.name, &before) {
        (Some(n), _) => clean_name(n, 255)?,
        (None, Some(b)) => b.name.clone(),
        (None, None) => return Err(Refusal::BadName.into()),
    };
    let client_id = match &input.client_code_1c {
        Some(Some(code)) if !code.trim().is_empty() => {
            let id: Option<i64> = sqlx::query_scalar("SELECT id FROM customers WHERE company_id = $1 AND code_1c = $2")
                .bind(actor.company_id)
                .bind(code.trim())
                .fetch_optional(&mut **tx)
                .await?;
            Some(id.ok_or_else(|| Refusal::BadValue("client".into()))?)
        }
        Some(_) => None,
        None => before.as_ref().and_then(|b| b.client_id),
    };
    let status = match (&input.status, &before) {
        (Some(s), _) => {
            let s = s.trim().to_lowercase();
            if !STATUSES[..4].contains(&s.as_str()) {
                return Err(Refusal::BadValue("status".into()).into());
            }
            s
        }
        (None, Some(b)) => b.status.clone(),
        (None, None) => "active".to_string(),
    };
    let date = |given: Option<Option<NaiveDate>>, was: Option<&Option<String>>| match given {
        Some(d) => d.map(|d| d.to_string()),
        None => was.cloned().flatten(),
    };
    let start_date = date(input.start_date, before.as_ref().map(|b| &b.start_date));
    let end_date = date(input.end_date, before.as_ref().map(|b| &b.end_date));
    if let (Some(s), Some(e)) = (&start_date, &end_date) {
        if e < s {
            return Err(Refusal::BadPeriod.into());
        }
    }
    let description = match &input.description {
        Some(v) => v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
        None => before.as_ref().and_then(|b| b.description.clone()),
    };
    if description.as_ref().is_some_and(|d| d.chars().count() > 4000) {
        return Err(Refusal::NotesTooLong.into());
    }
    let at = now();
    let id: i64 = match &before {
        Some(b) => {
            sqlx::query(
                "UPDATE projects SET name = $1, client_id = $2, status = $3, start_date = $4, end_date = $5,
                        description = $6, updated_at = $7
                 WHERE id = $8 AND company_id = $9",
            )
            .bind(&name)
            .bind(client_id)
            .bind(&status)
            .bind(&start_date)
            .bind(&end_date)
            .bind(&description)
            .bind(at)
            .bind(b.id)
            .bind(actor.company_id)
            .execute(&mut **tx)
            .await?;
            b.id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO projects (company_id, code_1c, name, client_id, status, start_date, end_date, description, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(actor.company_id)
            .bind(&code_1c)
            .bind(&name)
            .bind(client_id)
            .bind(&status)
            .bind(&start_date)
            .bind(&end_date)
            .bind(&description)
            .bind(at)
            .fetch_one(&mut **tx)
            .await?
        }
    };
    let sql = format!("{SELECT} AND p.id = $2");
    let after: Project = sqlx::query_as(&sql).bind(actor.company_id).bind(id).fetch_one(&mut **tx).await?;
    let (change, fields) = match &before {
        None => (Change::ProjectCreated, audit::created(&audit_fields(&after))),
        Some(b) => {
            let pairs: Vec<(&str, Value, Value)> = audit_fields(b)
                .into_iter()
                .zip(audit_fields(&after))
                .map(|((name, was), (_, now))| (name, was, now))
                .collect();
            (Change::ProjectEdited, audit::diff(&pairs))
        }
    };
    if fields.as_object().is_some_and(|f| !f.is_empty()) {
        audit::record(tx, actor, change, Entity::Project, id, fields).await?;
    }
    Ok((after, if before.is_some() { Saved::Updated } else { Saved::Created }))
}

/// Marks the project deleted: out of every list and lookup; its 1C code stays taken.
pub async fn delete(db: &Db, actor: &Actor, code_1c: &str) -> Result<()> {
    actor.require(Action::Projects)?;
    let project = find(db, actor.company_id, code_1c).await?.ok_or(Refusal::NotFound)?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE projects SET status = 'deleted', updated_at = $1 WHERE id = $2 AND company_id = $3")
        .bind(now())
        .bind(project.id)
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await?;
    let fields = json!({ "status": [project.status, "deleted"] });
    audit::record(&mut tx, actor, Change::ProjectDeleted, Entity::Project, project.id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}
