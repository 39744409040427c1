//! REGOS sales sync: receipts rung up in REGOS (retail `DocCheque`, wholesale `DocWholeSale`,
//! with their lines) come into Savdo as sales — stock moves, ledger entries, rollups and
//! low-stock alerts like any other — through the import path (`sales::record_batch`).
//!
//! - Mapping: a department is the branch of the same name (created when missing); an item is
//!   the product with its code (created from the line when missing, marked for an admin to
//!   confirm); a cashier or seller is the member of that name, else kept by name with the
//!   receipt.
//! - Each receipt once, by its REGOS uuid (`regos_receipts`): a page's sales and their uuids are
//!   written in one transaction, so a page fetched twice, a webhook repeated or a sync rerun
//!   after a crash brings nothing twice. A receipt whose `last_update` is newer than the one
//!   brought in is replaced: the new version is sold (idempotency key per version), then the
//!   old one returned — each step safe to repeat.
//! - Every sync is logged (`regos_syncs`: mode, pages, receipts new/updated/skipped, errors).
//!
//! Returned receipts (`is_return`) are not brought in yet: Savdo's returns name the sale they
//! return, and REGOS's do not; they are counted as skipped with the reason in the log.

pub mod client;

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{json, Value};

pub use client::{Client, Connection};

use crate::db::{now, Db};
use crate::domain::actor::{Actor, Via};
use crate::domain::audit::{self, Change, Entity};
use crate::domain::catalog::{self, ProductInput};
use crate::domain::events::Event;
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::sales::{self, LineInput, Payment, SaleInput, SaleType};
use crate::domain::{company, Error, Refusal, Result};

/// Receipts asked for per page.
const PAGE: i64 = 100;

/// The two kinds of document brought in: their `Get`, their lines' `Get`, and the sale type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Retail,
    Wholesale,
}

impl Kind {
    fn documents(self) -> &'static str {
        match self {
            Kind::Retail => "DocCheque/Get",
            Kind::Wholesale => "DocWholeSale/Get",
        }
    }

    fn lines(self) -> &'static str {
        match self {
            Kind::Retail => "DocChequeOperation/Get",
            Kind::Wholesale => "WholeSaleOperation/Get",
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Kind::Retail => "retail",
            Kind::Wholesale => "wholesale",
        }
    }
}

/// A company's REGOS connection as an admin sets it (`savdo regos connect`).
pub async fn connect(db: &Db, actor: &Actor, connection: &Connection, webhook_secret: &str) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    if webhook_secret.len() < 16 {
        return Err(Refusal::BadArgument("the webhook secret needs at least 16 characters".into()).into());
    }
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO regos_connections (company_id, base_url, integration_id, client_id, client_secret, token_url, webhook_secret, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (company_id) DO UPDATE SET base_url = excluded.base_url, integration_id = excluded.integration_id,
             client_id = excluded.client_id, client_secret = excluded.client_secret, token_url = excluded.token_url,
             webhook_secret = excluded.webhook_secret",
    )
    .bind(actor.company_id)
    .bind(&connection.base_url)
    .bind(&connection.integration_id)
    .bind(&connection.client_id)
    .bind(&connection.client_secret)
    .bind(&connection.token_url)
    .bind(webhook_secret)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    // The secrets never reach the log.
    let fields = audit::diff(&[(
        "regos",
        Value::Null,
        json!({ "base_url": connection.base_url, "integration_id": connection.integration_id }),
    )]);
    audit::record(&mut tx, actor, Change::SettingChanged, Entity::Company, actor.company_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// The company's connection and its webhook secret, if it has one.
pub async fn connection(db: &Db, company_id: i64) -> Result<Option<(Connection, String)>> {
    let row: Option<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT base_url, integration_id, client_id, client_secret, token_url, webhook_secret
         FROM regos_connections WHERE company_id = $1",
    )
    .bind(company_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(base_url, integration_id, client_id, client_secret, token_url, secret)| {
        (Connection { base_url, integration_id, client_id, client_secret, token_url }, secret)
    }))
}

/// Companies with a REGOS connection (for the daily sync).
pub async fn connected(db: &Db) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT company_id FROM regos_connections ORDER BY company_id").fetch_all(&db.pool).await?)
}

/// The system acting for the sync in a company.
pub fn actor(company_id: i64) -> Actor {
    Actor::system(company_id, Via::Job("regos"))
}

/// Something a sync could not bring in, said with a message key (`receipt`, `detail` as its
/// arguments) so every door words it in its reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Problem {
    pub receipt: String,
    pub key: String,
    pub detail: String,
}

impl Problem {
    fn new(receipt: &str, key: &str, detail: impl Into<String>) -> Problem {
        Problem { receipt: receipt.to_string(), key: key.to_string(), detail: detail.into() }
    }
}

/// How a sync is going (sent after every page).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub pages: i64,
    pub new: i64,
    pub updated: i64,
    pub skipped: i64,
    pub errors: Vec<Problem>,
}

/// A finished sync.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub id: i64,
    pub mode: String,
    pub status: String,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    #[serde(flatten)]
    pub progress: Progress,
    /// Low-stock alerts the new sales raised (for the doors to deliver).
    #[serde(skip)]
    pub events: Vec<Event>,
}

/// Brings in the receipts dated `from..=to` (Unix seconds), page by page; `progress` hears
/// after each page. `actor` must be an admin (or the system).
pub async fn sync(
    db: &Db,
    actor: &Actor,
    client: &Client,
    mode: &str,
    from: i64,
    to: i64,
    progress: Option<&tokio::sync::watch::Sender<Progress>>,
) -> Result<Report> {
    actor.require(Action::ManageSettings)?;
    let started_at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO regos_syncs (company_id, mode, started_at, status) VALUES ($1, $2, $3, 'running') RETURNING id",
    )
    .bind(actor.company_id)
    .bind(mode)
    .bind(started_at)
    .fetch_one(&db.pool)
    .await?;
    let mut state = Progress::default();
    let mut events = Vec::new();
    let mut failed = false;
    for kind in [Kind::Retail, Kind::Wholesale] {
        if let Err(e) = sync_kind(db, actor, client, kind, from, to, id, &mut state, &mut events, progress).await {
            state.errors.push(Problem::new("", "regos-problem-gateway", format!("{e:#}")));
            failed = true;
            break;
        }
    }
    let status = if failed { "failed" } else { "done" };
    save(db, id, &state, Some(status)).await?;
    // Dashboards hear that a sync finished, with what it brought.
    let mut tx = db.begin().await?;
    let data = json!({ "sync_id": id, "mode": mode, "status": status, "new": state.new, "updated": state.updated, "skipped": state.skipped });
    crate::domain::events::append(&mut tx, actor.company_id, "sync.finished", &data).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Report {
        id,
        mode: mode.to_string(),
        status: status.to_string(),
        started_at,
        finished_at: Some(now()),
        progress: state,
        events,
    })
}

#[allow(clippy::too_many_arguments)]
async fn sync_kind(
    db: &Db,
    actor: &Actor,
    client: &Client,
    kind: Kind,
    from: i64,
    to: i64,
    sync_id: i64,
    state: &mut Progress,
    events: &mut Vec<Event>,
    progress: Option<&tokio::sync::watch::Sender<Progress>>,
) -> anyhow::Result<()> {
    let mut offset = 0;
    loop {
        let body = json!({ "start_date": from, "end_date": to, "limit": PAGE, "offset": offset });
        let page = client.call(kind.documents(), &body).await?;
        if page.result.is_empty() {
            break;
        }
        let uuids: Vec<&str> = page.result.iter().filter_map(|d| d["uuid"].as_str()).collect();
        let lines = client.call(kind.lines(), &json!({ "document_ids": uuids })).await?;
        let mut by_document: HashMap<String, Vec<Value>> = HashMap::new();
        for line in lines.result {
            if let Some(doc) = line["document_id"].as_str() {
                by_document.entry(doc.to_string()).or_default().push(line);
            }
        }
        import_page(db, actor, kind, &page.result, &by_document, state, events).await?;
        state.pages += 1;
        save(db, sync_id, state, None).await?;
        if let Some(p) = progress {
            let _ = p.send(state.clone());
        }
        match page.next_offset {
            Some(next) if next > offset => offset = next,
            _ => break,
        }
    }
    Ok(())
}

async fn save(db: &Db, id: i64, state: &Progress, status: Option<&str>) -> Result<()> {
    let kept: Vec<&Problem> = state.errors.iter().rev().take(20).rev().collect();
    let errors = serde_json::to_string(&kept).map_err(anyhow::Error::from)?;
    sqlx::query(
        "UPDATE regos_syncs SET pages = $1, new_count = $2, updated = $3, skipped = $4, errors = $5,
             status = COALESCE($6, status), finished_at = CASE WHEN $6 IS NULL THEN finished_at ELSE $7 END
         WHERE id = $8",
    )
    .bind(state.pages)
    .bind(state.new)
    .bind(state.updated)
    .bind(state.skipped)
    .bind(errors)
    .bind(status)
    .bind(now())
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// One receipt read from REGOS, mapped to Savdo.
struct Receipt {
    uuid: String,
    code: String,
    last_update: i64,
    seller: Option<String>,
    input: SaleInput,
}

/// Brings one page in: new receipts as one batch with their uuids, newer versions replaced.
async fn import_page(
    db: &Db,
    actor: &Actor,
    kind: Kind,
    documents: &[Value],
    lines: &HashMap<String, Vec<Value>>,
    state: &mut Progress,
    events: &mut Vec<Event>,
) -> anyhow::Result<()> {
    let known = known(db, actor.company_id, documents).await?;
    let mut directory = Directory::load(db, actor.company_id).await?;
    let mut fresh = Vec::new();
    let mut newer = Vec::new();
    for doc in documents {
        let uuid = doc["uuid"].as_str().unwrap_or("").to_string();
        let code = doc["code"].as_str().map(str::to_string).unwrap_or_else(|| uuid.clone());
        let last_update = doc["last_update"].as_i64().unwrap_or(0);
        if uuid.is_empty() || uuid.len() > 64 {
            state.skipped += 1;
            state.errors.push(Problem::new("", "regos-problem-no-uuid", kind.as_str()));
            continue;
        }
        if doc["is_return"].as_bool().unwrap_or(false) {
            state.skipped += 1;
            state.errors.push(Problem::new(&code, "regos-problem-return", ""));
            continue;
        }
        let previous = known.get(&uuid).copied();
        if previous.is_some_and(|(seen, _)| seen >= last_update) {
            state.skipped += 1;
            continue;
        }
        let doc_lines = lines.get(&uuid).map(Vec::as_slice).unwrap_or(&[]);
        let receipt = match map_receipt(db, actor, &mut directory, kind, doc, doc_lines).await {
            Ok(r) => r,
            Err(e) => {
                state.skipped += 1;
                state.errors.push(Problem::new(&code, "regos-problem-mapping", format!("{e:#}")));
                continue;
            }
        };
        match previous {
            None => fresh.push(receipt),
            Some((_, old_sale)) => newer.push((receipt, old_sale)),
        }
    }
    bring_in(db, actor, kind, fresh, state, events).await?;
    for (receipt, old_sale) in newer {
        replace(db, actor, receipt, old_sale, state).await?;
    }
    Ok(())
}

/// The receipts of `documents` already brought in: uuid → (last_update, sale).
async fn known(db: &Db, company_id: i64, documents: &[Value]) -> Result<HashMap<String, (i64, Option<i64>)>> {
    let mut out = HashMap::new();
    for uuid in documents.iter().filter_map(|d| d["uuid"].as_str()) {
        let row: Option<(i64, Option<i64>)> =
            sqlx::query_as("SELECT last_update, sale_id FROM regos_receipts WHERE company_id = $1 AND uuid = $2")
                .bind(company_id)
                .bind(uuid)
                .fetch_optional(&db.pool)
                .await?;
        if let Some(r) = row {
            out.insert(uuid.to_string(), r);
        }
    }
    Ok(out)
}

/// A REGOS document and its lines as a sale of this company.
async fn map_receipt(
    db: &Db,
    actor: &Actor,
    directory: &mut Directory,
    kind: Kind,
    doc: &Value,
    lines: &[Value],
) -> anyhow::Result<Receipt> {
    let uuid = doc["uuid"].as_str().unwrap_or("").to_string();
    let code = doc["code"].as_str().unwrap_or(&uuid).to_string();
    if lines.is_empty() {
        anyhow::bail!("no lines");
    }
    let department = doc["department"]["name"].as_str().or_else(|| doc["department"].as_str()).unwrap_or("");
    let branch_id = directory.branch_named(db, actor, department).await?;
    let seller = doc["seller"]["name"]
        .as_str()
        .or_else(|| doc["cashier"]["name"].as_str())
        .or_else(|| doc["seller"].as_str())
        .or_else(|| doc["cashier"].as_str())
        .map(str::to_string);
    let cashier_id = match &seller {
        Some(name) => directory.member_named(name),
        None => None,
    };
    let mut inputs = Vec::new();
    for line in lines {
        let product_id = product_for(db, actor, &line["item"]).await?;
        let qty = line["quantity"].as_f64().ok_or_else(|| anyhow::anyhow!("a line without a quantity"))?;
        let price = line["price"].as_f64().ok_or_else(|| anyhow::anyhow!("a line without a price"))?;
        // REGOS sends decimals; Savdo keeps thousandths of a unit and tiyin.
        let qty = Qty((qty * 1000.0).round() as i64);
        let price = Money((price * 100.0).round() as i64);
        inputs.push(LineInput { product_id, qty, unit_price: Some(price), discount: Money(0) });
    }
    let payment = doc["payment_type"].as_str().and_then(Payment::parse).unwrap_or(match kind {
        Kind::Retail => Payment::Cash,
        Kind::Wholesale => Payment::Transfer,
    });
    let payment = if payment == Payment::Debt { Payment::Transfer } else { payment };
    let input = SaleInput {
        branch_id,
        cashier_id,
        customer_id: None,
        sale_type: if kind == Kind::Wholesale { SaleType::Wholesale } else { SaleType::Retail },
        payment,
        lines: inputs,
        sold_at: doc["date"].as_i64(),
        source: "regos",
        idempotency_key: None,
        ..Default::default()
    };
    Ok(Receipt { uuid, code, last_update: doc["last_update"].as_i64().unwrap_or(0), seller, input })
}

/// The company's branches and active members, read once per page.
struct Directory {
    branches: Vec<(String, i64)>,
    members: Vec<(String, i64)>,
}

impl Directory {
    async fn load(db: &Db, company_id: i64) -> Result<Directory> {
        let branches = company::branches(db, company_id).await?.into_iter().map(|b| (b.name, b.id)).collect();
        let members = company::members(db, company_id)
            .await?
            .into_iter()
            .filter(|m| !m.blocked)
            .map(|m| (m.name, m.user_id))
            .collect();
        Ok(Directory { branches, members })
    }

    /// The branch of a department's name, added when the company has none of that name.
    async fn branch_named(&mut self, db: &Db, actor: &Actor, name: &str) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() {
            return self.branches.first().map(|(_, id)| *id).ok_or(Refusal::BranchRequired.into());
        }
        if let Some((_, id)) = self.branches.iter().find(|(b, _)| b.eq_ignore_ascii_case(name)) {
            return Ok(*id);
        }
        let added = company::add_branch(db, actor, name).await?;
        self.branches.push((added.name, added.id));
        Ok(added.id)
    }

    /// A member whose name is the seller's.
    fn member_named(&self, name: &str) -> Option<i64> {
        self.members.iter().find(|(m, _)| m.eq_ignore_ascii_case(name.trim())).map(|(_, id)| *id)
    }
}

/// The product of an item's code, created from the item (for an admin to confirm) when missing.
async fn product_for(db: &Db, actor: &Actor, item: &Value) -> anyhow::Result<i64> {
    let code = item["code"].as_str().map(str::to_string).or_else(|| item["code"].as_i64().map(|c| c.to_string()));
    let code = code.filter(|c| !c.trim().is_empty()).ok_or_else(|| anyhow::anyhow!("an item without a code"))?;
    if let Some(p) = catalog::product_by_code(db, actor.company_id, &code).await? {
        return Ok(p.id);
    }
    let name = item["name"].as_str().unwrap_or(&code).to_string();
    let price = item["price"].as_f64().map(|p| Money((p * 100.0).round() as i64)).unwrap_or(Money(0));
    let input = ProductInput {
        code: code.clone(),
        barcode: None,
        name,
        unit: "pcs".into(),
        purchase_price: Money(0),
        sale_price: price,
        min_qty: Qty(0),
        wholesale_price: None,
    };
    let product = catalog::save_product(db, actor, &input).await?;
    sqlx::query("UPDATE products SET needs_review = 1 WHERE id = $1").bind(product.id).execute(&db.pool).await?;
    Ok(product.id)
}

/// New receipts: sold as one batch, their uuids kept in the same transaction.
async fn bring_in(
    db: &Db,
    actor: &Actor,
    kind: Kind,
    mut receipts: Vec<Receipt>,
    state: &mut Progress,
    events: &mut Vec<Event>,
) -> anyhow::Result<()> {
    while !receipts.is_empty() {
        let inputs: Vec<SaleInput> = receipts.iter().map(|r| r.input.clone()).collect();
        let mut tx = db.begin().await?;
        match sales::record_batch(&mut tx, actor, &inputs).await? {
            Ok(batch) => {
                for (receipt, sale_id) in receipts.iter().zip(&batch.ids) {
                    sqlx::query(
                        "INSERT INTO regos_receipts (company_id, uuid, kind, last_update, sale_id, seller)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(actor.company_id)
                    .bind(&receipt.uuid)
                    .bind(kind.as_str())
                    .bind(receipt.last_update)
                    .bind(sale_id)
                    .bind(&receipt.seller)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                state.new += receipts.len() as i64;
                events.extend(batch.events);
                return Ok(());
            }
            Err(rejected) => {
                drop(tx);
                let receipt = receipts.remove(rejected.index);
                state.skipped += 1;
                state.errors.push(Problem::new(&receipt.code, rejected.refusal.message_key(), ""));
            }
        }
    }
    Ok(())
}

/// A newer version of a receipt: sold (once per version), then the old sale returned (once).
async fn replace(
    db: &Db,
    actor: &Actor,
    receipt: Receipt,
    old_sale: Option<i64>,
    state: &mut Progress,
) -> anyhow::Result<()> {
    let input =
        SaleInput { idempotency_key: Some(format!("regos:{}:{}", receipt.uuid, receipt.last_update)), ..receipt.input };
    let recorded = match sales::record_sale(db, actor, &input).await {
        Ok(r) => r,
        Err(Error::Refused(refusal)) => {
            state.skipped += 1;
            state.errors.push(Problem::new(&receipt.code, refusal.message_key(), ""));
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(old) = old_sale {
        match sales::record_return(db, actor, old, None).await {
            Ok(_) | Err(Error::Refused(Refusal::ReturnTooMuch)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    sqlx::query("UPDATE regos_receipts SET last_update = $1, sale_id = $2 WHERE company_id = $3 AND uuid = $4")
        .bind(receipt.last_update)
        .bind(recorded.sale.id)
        .bind(actor.company_id)
        .bind(&receipt.uuid)
        .execute(&db.pool)
        .await?;
    state.updated += 1;
    Ok(())
}

/// The latest syncs of the company, newest first.
pub async fn syncs(db: &Db, actor: &Actor, limit: i64) -> Result<Vec<Report>> {
    actor.require(Action::ManageSettings)?;
    let rows: Vec<(i64, String, String, i64, Option<i64>, i64, i64, i64, i64, String)> = sqlx::query_as(
        "SELECT id, mode, status, started_at, finished_at, pages, new_count, updated, skipped, errors
         FROM regos_syncs WHERE company_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(actor.company_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, mode, status, started_at, finished_at, pages, new, updated, skipped, errors)| Report {
            id,
            mode,
            status,
            started_at,
            finished_at,
            progress: Progress {
                pages,
                new,
                updated,
                skipped,
                errors: serde_json::from_str(&errors).unwrap_or_default(),
            },
            events: Vec::new(),
        })
        .collect())
}

/// Products the sync created that an admin has not confirmed.
pub async fn products_to_confirm(db: &Db, actor: &Actor) -> Result<i64> {
    actor.require(Action::ManageSettings)?;
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE company_id = $1 AND needs_review = 1")
        .bind(actor.company_id)
        .fetch_one(&db.pool)
        .await?)
}

/// An admin confirms the products the sync created.
pub async fn confirm_products(db: &Db, actor: &Actor) -> Result<u64> {
    actor.require(Action::EditProducts)?;
    actor.require(Action::ManageSettings)?;
    Ok(sqlx::query("UPDATE products SET needs_review = 0 WHERE company_id = $1 AND needs_review = 1")
        .bind(actor.company_id)
        .execute(&db.pool)
        .await?
        .rows_affected())
}

/// A webhook's secret, compared in constant time; the company's connection when it matches.
pub async fn webhook_connection(db: &Db, company_id: i64, secret: &str) -> Result<Option<Connection>> {
    use subtle::ConstantTimeEq;
    let Some((connection, expected)) = connection(db, company_id).await? else { return Ok(None) };
    let same = secret.len() == expected.len() && bool::from(secret.as_bytes().ct_eq(expected.as_bytes()));
    Ok(same.then_some(connection))
}
