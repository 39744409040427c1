//! Customers and suppliers: the other side of sales and purchases.

use serde_json::json;

use crate::db::{now, Db};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::company::Tin;
use crate::domain::roles::Action;
use crate::domain::{clean_name, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartnerKind {
    Customer,
    Supplier,
}

impl PartnerKind {
    fn table(self) -> &'static str {
        match self {
            PartnerKind::Customer => "customers",
            PartnerKind::Supplier => "suppliers",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Partner {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub tin: Option<String>,
    pub phone: Option<String>,
}

/// Adds a supplier (stock keepers) or a customer (sellers).
pub async fn add(
    db: &Db,
    actor: &Actor,
    kind: PartnerKind,
    name: &str,
    tin: Option<&Tin>,
    phone: Option<&str>,
) -> Result<Partner> {
    let (action, entity) = match kind {
        PartnerKind::Supplier => (Action::ManageStock, Entity::Supplier),
        PartnerKind::Customer => (Action::Sell, Entity::Customer),
    };
    actor.require(action)?;
    let company_id = actor.company_id;
    let name = clean_name(name, 120)?;
    let sql = format!(
        "INSERT INTO {} (company_id, name, tin, phone, created_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, company_id, name, tin, phone",
        kind.table()
    );
    let mut tx = db.begin().await?;
    let partner = sqlx::query_as::<_, Partner>(&sql)
        .bind(company_id)
        .bind(&name)
        .bind(tin.map(|t| t.as_str().to_string()))
        .bind(phone)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
    let fields =
        audit::created(&[("name", json!(partner.name)), ("tin", json!(partner.tin)), ("phone", json!(partner.phone))]);
    audit::record(&mut tx, actor, Change::PartnerAdded, entity, partner.id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(partner)
}

pub async fn list(db: &Db, company_id: i64, kind: PartnerKind) -> Result<Vec<Partner>> {
    let sql = format!(
        "SELECT id, company_id, name, tin, phone FROM {} WHERE company_id = $1 ORDER BY name, id",
        kind.table()
    );
    Ok(sqlx::query_as::<_, Partner>(&sql).bind(company_id).fetch_all(&db.pool).await?)
}
