//! The activity log: who changed what, and when. Every change the core makes writes one entry
//! in the same transaction as the change (so the log can neither miss nor invent one), with
//! a short before/after of the fields that changed. Entries are never edited or deleted: the
//! product has no function for it, and the database refuses it (triggers in the migration).

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::db::{now, Db, Tx};
use crate::domain::actor::{Actor, Via};
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

/// What kind of record an entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Company,
    Branch,
    User,
    Invite,
    Product,
    Sale,
    Purchase,
    Count,
    Transfer,
    Expense,
    ExpenseCategory,
    Account,
    Shift,
    CashMove,
    ApiKey,
    Supplier,
    Customer,
    PurchaseOrder,
    Invoice,
    Employee,
    PayrollRun,
    TaxRate,
    TaxSubmission,
    ApiUser,
    Project,
    Image,
}

impl Entity {
    pub const ALL: [Entity; 26] = [
        Entity::Company,
        Entity::Branch,
        Entity::User,
        Entity::Invite,
        Entity::Product,
        Entity::Sale,
        Entity::Purchase,
        Entity::Count,
        Entity::Transfer,
        Entity::Expense,
        Entity::ExpenseCategory,
        Entity::Account,
        Entity::Shift,
        Entity::CashMove,
        Entity::ApiKey,
        Entity::Supplier,
        Entity::Customer,
        Entity::PurchaseOrder,
        Entity::Invoice,
        Entity::Employee,
        Entity::PayrollRun,
        Entity::TaxRate,
        Entity::TaxSubmission,
        Entity::ApiUser,
        Entity::Project,
        Entity::Image,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Company => "company",
            Entity::Branch => "branch",
            Entity::User => "user",
            Entity::Invite => "invite",
            Entity::Product => "product",
            Entity::Sale => "sale",
            Entity::Purchase => "purchase",
            Entity::Count => "count",
            Entity::Transfer => "transfer",
            Entity::Expense => "expense",
            Entity::ExpenseCategory => "expense_category",
            Entity::Account => "account",
            Entity::Shift => "shift",
            Entity::CashMove => "cash_move",
            Entity::ApiKey => "api_key",
            Entity::Supplier => "supplier",
            Entity::Customer => "customer",
            Entity::PurchaseOrder => "purchase_order",
            Entity::Invoice => "invoice",
            Entity::Employee => "employee",
            Entity::PayrollRun => "payroll_run",
            Entity::TaxRate => "tax_rate",
            Entity::TaxSubmission => "tax_submission",
            Entity::ApiUser => "api_user",
            Entity::Project => "project",
            Entity::Image => "image",
        }
    }

    pub fn parse(s: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == s.trim().to_lowercase())
    }
}

/// What happened. Stored as `entity.verb` text; each has a message key `audit-<text>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Change {
    CompanyCreated,
    SettingChanged,
    BranchAdded,
    InviteCreated,
    InviteAccepted,
    RoleChanged,
    BranchChanged,
    UserBlocked,
    UserUnblocked,
    ProductCreated,
    ProductEdited,
    SaleRecorded,
    SaleReturned,
    PurchaseRecorded,
    StockCounted,
    StockTransferred,
    ExpenseFiled,
    ExpenseApproved,
    ExpenseRejected,
    ExpenseWithdrawn,
    CategoryAdded,
    AccountAdded,
    ShiftOpened,
    ShiftClosed,
    CashMoved,
    SupplierPaid,
    PartnerAdded,
    ApiKeyCreated,
    ApiKeyRevoked,
    CustomerEdited,
    CustomerPaid,
    CustomerReminded,
    OrderCreated,
    OrderSent,
    OrderReceived,
    OrderCancelled,
    OrderSupplierSet,
    InvoiceIssued,
    EmployeeAdded,
    EmployeeEdited,
    PayrollConfirmed,
    TaxRateSet,
    TaxReportSent,
    PaymentRefunded,
    CompanyBlocked,
    CompanyUnblocked,
    CompanyRestricted,
    BalanceToppedUp,
    BalanceDebited,
    TariffSet,
    UserTransferred,
    MemberRemoved,
    ApiUserCreated,
    ApiUserRevoked,
    ProjectCreated,
    ProjectEdited,
    ProjectDeleted,
    ProductDeleted,
    CustomerDeleted,
    ImageAdded,
    ImageRemoved,
    ProductDescribed,
}

impl Change {
    pub const ALL: [Change; 62] = [
        Change::CompanyCreated,
        Change::SettingChanged,
        Change::BranchAdded,
        Change::InviteCreated,
        Change::InviteAccepted,
        Change::RoleChanged,
        Change::BranchChanged,
        Change::UserBlocked,
        Change::UserUnblocked,
        Change::ProductCreated,
        Change::ProductEdited,
        Change::SaleRecorded,
        Change::SaleReturned,
        Change::PurchaseRecorded,
        Change::StockCounted,
        Change::StockTransferred,
        Change::ExpenseFiled,
        Change::ExpenseApproved,
        Change::ExpenseRejected,
        Change::ExpenseWithdrawn,
        Change::CategoryAdded,
        Change::AccountAdded,
        Change::ShiftOpened,
        Change::ShiftClosed,
        Change::CashMoved,
        Change::SupplierPaid,
        Change::PartnerAdded,
        Change::ApiKeyCreated,
        Change::ApiKeyRevoked,
        Change::CustomerEdited,
        Change::CustomerPaid,
        Change::CustomerReminded,
        Change::OrderCreated,
        Change::OrderSent,
        Change::OrderReceived,
        Change::OrderCancelled,
        Change::OrderSupplierSet,
        Change::InvoiceIssued,
        Change::EmployeeAdded,
        Change::EmployeeEdited,
        Change::PayrollConfirmed,
        Change::TaxRateSet,
        Change::TaxReportSent,
        Change::PaymentRefunded,
        Change::CompanyBlocked,
        Change::CompanyUnblocked,
        Change::CompanyRestricted,
        Change::BalanceToppedUp,
        Change::BalanceDebited,
        Change::TariffSet,
        Change::UserTransferred,
        Change::MemberRemoved,
        Change::ApiUserCreated,
        Change::ApiUserRevoked,
        Change::ProjectCreated,
        Change::ProjectEdited,
        Change::ProjectDeleted,
        Change::ProductDeleted,
        Change::CustomerDeleted,
        Change::ImageAdded,
        Change::ImageRemoved,
        Change::ProductDescribed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Change::CompanyCreated => "company.created",
            Change::SettingChanged => "company.setting",
            Change::BranchAdded => "branch.added",
            Change::InviteCreated => "invite.created",
            Change::InviteAccepted => "invite.accepted",
            Change::RoleChanged => "user.role",
            Change::BranchChanged => "user.branch",
            Change::UserBlocked => "user.blocked",
            Change::UserUnblocked => "user.unblocked",
            Change::ProductCreated => "product.created",
            Change::ProductEdited => "product.edited",
            Change::SaleRecorded => "sale.recorded",
            Change::SaleReturned => "sale.returned",
            Change::PurchaseRecorded => "purchase.recorded",
            Change::StockCounted => "stock.counted",
            Change::StockTransferred => "stock.transferred",
            Change::ExpenseFiled => "expense.filed",
            Change::ExpenseApproved => "expense.approved",
            Change::ExpenseRejected => "expense.rejected",
            Change::ExpenseWithdrawn => "expense.withdrawn",
            Change::CategoryAdded => "category.added",
            Change::AccountAdded => "account.added",
            Change::ShiftOpened => "shift.opened",
            Change::ShiftClosed => "shift.closed",
            Change::CashMoved => "cash.moved",
            Change::SupplierPaid => "supplier.paid",
            Change::PartnerAdded => "partner.added",
            Change::ApiKeyCreated => "api_key.created",
            Change::ApiKeyRevoked => "api_key.revoked",
            Change::CustomerEdited => "customer.edited",
            Change::CustomerPaid => "customer.paid",
            Change::CustomerReminded => "customer.reminded",
            Change::OrderCreated => "order.created",
            Change::OrderSent => "order.sent",
            Change::OrderReceived => "order.received",
            Change::OrderCancelled => "order.cancelled",
            Change::OrderSupplierSet => "order.supplier_set",
            Change::InvoiceIssued => "invoice.issued",
            Change::EmployeeAdded => "employee.added",
            Change::EmployeeEdited => "employee.edited",
            Change::PayrollConfirmed => "payroll.confirmed",
            Change::TaxRateSet => "tax.rate_set",
            Change::TaxReportSent => "tax.sent",
            Change::PaymentRefunded => "customer.refunded",
            Change::CompanyBlocked => "company.blocked",
            Change::CompanyUnblocked => "company.unblocked",
            Change::CompanyRestricted => "company.read_only",
            Change::BalanceToppedUp => "company.topped_up",
            Change::BalanceDebited => "company.charged",
            Change::TariffSet => "company.tariff",
            Change::UserTransferred => "user.transferred",
            Change::MemberRemoved => "user.removed",
            Change::ApiUserCreated => "api_user.created",
            Change::ApiUserRevoked => "api_user.revoked",
            Change::ProjectCreated => "project.created",
            Change::ProjectEdited => "project.edited",
            Change::ProjectDeleted => "project.deleted",
            Change::ProductDeleted => "product.deleted",
            Change::CustomerDeleted => "customer.deleted",
            Change::ImageAdded => "image.added",
            Change::ImageRemoved => "image.removed",
            Change::ProductDescribed => "product.described",
        }
    }

    pub fn parse(s: &str) -> Option<Change> {
        Change::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The message key that names this change for people.
    pub fn label_key(self) -> String {
        format!("audit-{}", self.as_str().replace(['.', '_'], "-"))
    }
}

/// The before/after of the fields that differ: `{"field": [before, after]}`.
pub fn diff(fields: &[(&str, Value, Value)]) -> Value {
    let mut out = Map::new();
    for (name, before, after) in fields {
        if before != after {
            out.insert((*name).to_string(), json!([before, after]));
        }
    }
    Value::Object(out)
}

/// The fields of something new: `{"field": [null, value]}`.
pub fn created(fields: &[(&str, Value)]) -> Value {
    Value::Object(fields.iter().map(|(name, value)| ((*name).to_string(), json!([Value::Null, value]))).collect())
}

/// How the log names who acted: (kind, API key, job). An API user is in its own column.
fn actor_kind(actor: &Actor) -> (&'static str, Option<i64>, Option<&'static str>) {
    match &actor.via {
        Via::Chat => ("user", None, None),
        Via::ApiKey(key) => ("api_key", Some(*key), None),
        Via::ApiUser(_) => ("api_user", None, None),
        Via::Job(name) => ("job", None, Some(*name)),
        Via::Cli => ("cli", None, None),
        Via::Operator(_) => ("operator", None, None),
    }
}

fn api_user_of(actor: &Actor) -> Option<i64> {
    match actor.via {
        Via::ApiUser(id) => Some(id),
        _ => None,
    }
}

/// Writes one entry per changed row of a batch (an import) with one statement.
pub async fn record_many(
    tx: &mut Tx,
    actor: &Actor,
    change: Change,
    entity: Entity,
    rows: &[(i64, Value)],
) -> Result<()> {
    use crate::db::many::{insert_many, Fixed};
    let (kind, key, job) = actor_kind(actor);
    let or_null = |v: Option<i64>| v.map(Fixed::Int).unwrap_or(Fixed::Null);
    insert_many(
        tx,
        "audit_log",
        &["entity_id", "changes"],
        &[
            ("company_id", Fixed::Int(actor.company_id)),
            ("actor_kind", Fixed::Text(kind)),
            ("actor_user_id", or_null(actor.user_id)),
            ("actor_key_id", or_null(key)),
            ("actor_api_user_id", or_null(api_user_of(actor))),
            ("actor_job", job.map(Fixed::Text).unwrap_or(Fixed::Null)),
            ("action", Fixed::Text(change.as_str())),
            ("entity", Fixed::Text(entity.as_str())),
            ("created_at", Fixed::Int(now())),
        ],
        rows,
        "",
        |(id, changes), row| {
            row.int(*id).text(&changes.to_string());
        },
    )
    .await?;
    if let Some(kind) = crate::domain::events::streamed_kind(change) {
        let events: Vec<(i64, Value)> = rows
            .iter()
            .map(|(id, changes)| (*id, json!({ "entity": entity.as_str(), "id": id, "changes": changes })))
            .collect();
        insert_many(
            tx,
            "event_log",
            &["data"],
            &[
                ("company_id", Fixed::Int(actor.company_id)),
                ("kind", Fixed::Text(kind)),
                ("created_at", Fixed::Int(now())),
            ],
            &events,
            "",
            |(_, data), row| {
                row.text(&data.to_string());
            },
        )
        .await?;
    }
    Ok(())
}

/// Writes one entry inside the transaction that makes the change.
pub async fn record(tx: &mut Tx, actor: &Actor, change: Change, entity: Entity, id: i64, changes: Value) -> Result<()> {
    let (kind, key, job) = actor_kind(actor);
    sqlx::query(
        "INSERT INTO audit_log (company_id, actor_kind, actor_user_id, actor_key_id, actor_job, action, entity, entity_id, changes,
                                created_at, actor_api_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(actor.company_id)
    .bind(kind)
    .bind(actor.user_id)
    .bind(key)
    .bind(job)
    .bind(change.as_str())
    .bind(entity.as_str())
    .bind(id)
    .bind(changes.to_string())
    .bind(now())
    .bind(api_user_of(actor))
    .execute(&mut **tx)
    .await?;
    if let Some(kind) = crate::domain::events::streamed_kind(change) {
        let data = json!({ "entity": entity.as_str(), "id": id, "changes": changes });
        crate::domain::events::append(tx, actor.company_id, kind, &data).await?;
    }
    Ok(())
}

/// One entry as read back.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    pub id: i64,
    pub at: i64,
    /// `user`, `api_key`, `job` or `cli`.
    pub actor_kind: String,
    pub actor_user_id: Option<i64>,
    pub actor_name: Option<String>,
    pub actor_key_id: Option<i64>,
    pub actor_job: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub changes: Value,
}

/// Which entries: one record's trail, a period (Unix seconds, `to` exclusive), newest first.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// What one person did (their user id), whatever it was about.
    pub by_user: Option<i64>,
    pub entity: Option<Entity>,
    pub entity_id: Option<i64>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub limit: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    created_at: i64,
    actor_kind: String,
    actor_user_id: Option<i64>,
    actor_name: Option<String>,
    actor_key_id: Option<i64>,
    actor_job: Option<String>,
    action: String,
    entity: String,
    entity_id: i64,
    changes: String,
}

/// The recent trail, for admins.
pub async fn list(db: &Db, actor: &Actor, filter: &Filter) -> Result<Vec<Entry>> {
    actor.require(Action::ViewAudit)?;
    if filter.entity_id.is_some() && filter.entity.is_none() {
        return Err(Refusal::NotFound.into());
    }
    let limit = filter.limit.unwrap_or(20).clamp(1, 500);
    let rows: Vec<EntryRow> = sqlx::query_as(&format!(
        "SELECT a.id, a.created_at, a.actor_kind, a.actor_user_id, COALESCE(u.name, au.username) AS actor_name, a.actor_key_id, a.actor_job, a.action,
                a.entity, a.entity_id, a.changes
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
              LEFT JOIN api_users au ON au.id = a.actor_api_user_id
         WHERE a.company_id = $1 AND ($2 = '' OR a.entity = $2) AND ($3 = 0 OR a.entity_id = $3)
               AND a.created_at >= $4 AND a.created_at < $5 AND ($6 = 0 OR a.actor_user_id = $6)
         ORDER BY a.id DESC LIMIT {limit}"
    ))
    .bind(actor.company_id)
    .bind(filter.entity.map(Entity::as_str).unwrap_or(""))
    .bind(filter.entity_id.unwrap_or(0))
    .bind(filter.from.unwrap_or(0))
    .bind(filter.to.unwrap_or(i64::MAX))
    .bind(filter.by_user.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Entry {
            id: r.id,
            at: r.created_at,
            actor_kind: r.actor_kind,
            actor_user_id: r.actor_user_id,
            actor_name: r.actor_name,
            actor_key_id: r.actor_key_id,
            actor_job: r.actor_job,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            changes: serde_json::from_str(&r.changes).unwrap_or(Value::Null),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_keeps_only_what_changed() {
        let d = diff(&[("sale_price", json!(100), json!(120)), ("name", json!("Cola"), json!("Cola"))]);
        assert_eq!(d, json!({"sale_price": [100, 120]}));
    }

    #[test]
    fn names_round_trip() {
        for c in Change::ALL {
            assert_eq!(Change::parse(c.as_str()), Some(c));
        }
        for e in Entity::ALL {
            assert_eq!(Entity::parse(e.as_str()), Some(e));
        }
    }
}
