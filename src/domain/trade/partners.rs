//! Customers and suppliers: the other side of sales and purchases.

use serde_json::json;

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::company::Tin;
use crate::domain::ledger::{self, PartyLine};
use crate::domain::money::Money;
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

/// A supplier and what the company owes them (6010, credit minus debit; negative: paid ahead).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupplierBalance {
    pub supplier: Partner,
    pub owed: Money,
}

/// Every supplier with what is owed to them, most first. Goods received with no supplier named
/// are owed too: [`unnamed_owed`] tells how much.
pub async fn supplier_balances(db: &Db, actor: &Actor) -> Result<Vec<SupplierBalance>> {
    actor.require(Action::PaySuppliers)?;
    let balances = ledger::party_balances(db, actor.company_id, ledger::PAYABLES).await?;
    let owed = |id: i64| -balances.iter().find(|(p, _)| *p == Some(id)).map(|(_, b)| *b).unwrap_or(0);
    let mut rows: Vec<SupplierBalance> = list(db, actor.company_id, PartnerKind::Supplier)
        .await?
        .into_iter()
        .map(|supplier| SupplierBalance { owed: Money(owed(supplier.id)), supplier })
        .collect();
    rows.sort_by(|a, b| b.owed.0.cmp(&a.owed.0).then(a.supplier.name.cmp(&b.supplier.name)));
    Ok(rows)
}

/// Owed for goods received without a supplier named.
pub async fn unnamed_owed(db: &Db, actor: &Actor) -> Result<Money> {
    actor.require(Action::PaySuppliers)?;
    let balances = ledger::party_balances(db, actor.company_id, ledger::PAYABLES).await?;
    Ok(Money(-balances.iter().find(|(p, _)| p.is_none()).map(|(_, b)| *b).unwrap_or(0)))
}

/// One supplier and what is owed to them.
pub async fn supplier(db: &Db, actor: &Actor, supplier_id: i64) -> Result<SupplierBalance> {
    actor.require(Action::PaySuppliers)?;
    let mut tx = db.begin().await?;
    let found: Option<Partner> =
        sqlx::query_as("SELECT id, company_id, name, tin, phone FROM suppliers WHERE id = $1 AND company_id = $2")
            .bind(supplier_id)
            .bind(actor.company_id)
            .fetch_optional(&mut *tx)
            .await?;
    let supplier = found.ok_or(crate::domain::Refusal::NotFound)?;
    let owed = -ledger::party_balance(&mut tx, actor.company_id, ledger::PAYABLES, supplier_id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(SupplierBalance { supplier, owed: Money(owed) })
}

/// A supplier, what is owed to them, and their latest purchases and payments, oldest first.
pub async fn supplier_history(
    db: &Db,
    actor: &Actor,
    supplier_id: i64,
    limit: i64,
) -> Result<(SupplierBalance, Vec<PartyLine>)> {
    let supplier = supplier(db, actor, supplier_id).await?;
    let lines = ledger::party_lines(db, actor.company_id, ledger::PAYABLES, supplier_id, limit).await?;
    Ok((supplier, lines))
}

/// Refuses a supplier that is not the company's.
pub async fn ensure_supplier(tx: &mut Tx, company_id: i64, supplier_id: i64) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM suppliers WHERE id = $1 AND company_id = $2")
        .bind(supplier_id)
        .bind(company_id)
        .fetch_optional(&mut **tx)
        .await?;
    found.map(|_| ()).ok_or(crate::domain::Refusal::NotFound.into())
}
