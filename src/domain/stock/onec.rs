//! 1C:Enterprise's catalogue in CommerceML 2 (the "exchange with a site" format): `import.xml`
//! brings the classifier's groups and the goods, `offers.xml` their prices and stock. Goods are
//! matched on their 1C id (a GUID), so an exchange run twice changes nothing the second time.
//! Prices: the price type named retail (розничн…, chakana) is the sale price, wholesale
//! (оптов…, ulgurji) the wholesale price; with one type, it is the sale price. Stock: each
//! warehouse (by its name, else the first branch) is counted to 1C's quantity.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::cards::{self, parse_unit, CardInput, Saved};
use crate::domain::catalog::{parse_barcode, parse_code};
use crate::domain::company;
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

/// A good as `import.xml` gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Good {
    pub id: String,
    pub article: Option<String>,
    pub name: String,
    pub group: Option<String>,
    pub unit: Option<String>,
    pub barcode: Option<String>,
    pub description: Option<String>,
    pub deleted: bool,
}

/// An offer as `offers.xml` gives it: prices by kind and quantities by warehouse name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Offer {
    pub id: String,
    pub retail: Option<Money>,
    pub wholesale: Option<Money>,
    pub stock: Vec<(Option<String>, Qty)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Package {
    pub goods: Vec<Good>,
    pub offers: Vec<Offer>,
}

/// What an exchange did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub created: usize,
    pub updated: usize,
    pub priced: usize,
    pub counted: usize,
    pub skipped: Vec<String>,
}

fn child<'a>(node: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name(name))
}

fn text_of(node: Node, name: &str) -> Option<String> {
    child(node, name).and_then(|c| c.text()).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// The part of a 1C id before `#` (an offer of a characteristic names its good so).
fn good_id(id: &str) -> String {
    id.split('#').next().unwrap_or(id).trim().to_string()
}

fn descendants<'a>(node: Node<'a, 'a>, name: &'a str) -> impl Iterator<Item = Node<'a, 'a>> + 'a {
    node.descendants().filter(move |n| n.has_tag_name(name))
}

/// Reads one CommerceML document (either file, or both in one); refuses what is not one.
pub fn parse(xml: &str, into: &mut Package) -> std::result::Result<(), Refusal> {
    let doc = Document::parse(xml).map_err(|_| Refusal::FileUnreadable)?;
    let root = doc.root_element();
    if !root.has_tag_name("КоммерческаяИнформация") {
        return Err(Refusal::FileUnreadable);
    }
    // Groups by id, from the classifier (nested groups included).
    let groups: HashMap<String, String> =
        descendants(root, "Группа").filter_map(|g| Some((text_of(g, "Ид")?, text_of(g, "Наименование")?))).collect();
    for good in descendants(root, "Товар").filter(|g| g.parent().is_some_and(|p| p.has_tag_name("Товары"))) {
        let Some(id) = text_of(good, "Ид") else { continue };
        let unit = child(good, "БазоваяЕдиница").and_then(|u| {
            u.text()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .or_else(|| u.attribute("Код").map(str::to_string))
        });
        let group = child(good, "Группы").and_then(|g| text_of(g, "Ид")).and_then(|id| groups.get(&id).cloned());
        into.goods.push(Good {
            id: good_id(&id),
            article: text_of(good, "Артикул"),
            name: text_of(good, "Наименование").unwrap_or_default(),
            group,
            unit,
            barcode: text_of(good, "Штрихкод"),
            description: text_of(good, "Описание"),
            deleted: good.attribute("Статус") == Some("Удален") || text_of(good, "Статус").as_deref() == Some("Удален"),
        });
    }
    // Price types: which is retail and which wholesale.
    let kinds: Vec<(String, String)> = descendants(root, "ТипЦены")
        .filter_map(|t| Some((text_of(t, "Ид")?, text_of(t, "Наименование").unwrap_or_default().to_lowercase())))
        .collect();
    let kind_of = |id: &str| -> Option<bool> {
        let name = &kinds.iter().find(|(k, _)| k == id)?.1;
        if ["опт", "ulgurji", "wholesale"].iter().any(|w| name.contains(w)) {
            Some(false)
        } else if ["розн", "chakana", "retail"].iter().any(|w| name.contains(w)) || kinds.len() == 1 {
            Some(true)
        } else {
            None
        }
    };
    let warehouses: HashMap<String, String> =
        descendants(root, "Склад").filter_map(|s| Some((text_of(s, "Ид")?, text_of(s, "Наименование")?))).collect();
    for offer in descendants(root, "Предложение") {
        let Some(id) = text_of(offer, "Ид") else { continue };
        let mut out = Offer { id: good_id(&id), ..Default::default() };
        for price in descendants(offer, "Цена") {
            let Some(amount) = text_of(price, "ЦенаЗаЕдиницу").and_then(|p| Money::parse(&p)) else {
                continue;
            };
            match text_of(price, "ИдТипаЦены").as_deref().and_then(kind_of) {
                Some(true) => out.retail = Some(amount),
                Some(false) => out.wholesale = Some(amount),
                None => {}
            }
        }
        let by_warehouse: Vec<(Option<String>, Qty)> = offer
            .children()
            .filter(|c| c.has_tag_name("Склад"))
            .filter_map(|s| {
                let qty = Qty::parse(s.attribute("КоличествоНаСкладе")?)?;
                Some((s.attribute("ИдСклада").and_then(|w| warehouses.get(w).cloned()), qty))
            })
            .collect();
        out.stock = if by_warehouse.is_empty() {
            text_of(offer, "Количество").and_then(|q| Qty::parse(&q)).map(|q| vec![(None, q)]).unwrap_or_default()
        } else {
            by_warehouse
        };
        into.offers.push(out);
    }
    Ok(())
}

fn input_of(good: &Good) -> CardInput {
    CardInput {
        code_1c: Some(good.id.clone()),
        code: good.article.as_deref().and_then(parse_code),
        name: Some(good.name.clone()),
        barcode: Some(good.barcode.as_deref().and_then(parse_barcode)),
        group_name: Some(good.group.clone()),
        description: good.description.clone().map(Some),
        unit: good.unit.as_deref().and_then(parse_unit).map(str::to_string),
        ..Default::default()
    }
}

/// Applies an exchange: goods first (one transaction), then prices (one), then stock counts.
/// `progress(done, total)` is told as goods and offers are applied.
pub async fn apply(
    db: &Db,
    actor: &Actor,
    package: &Package,
    mut progress: impl FnMut(usize, usize),
) -> Result<Applied> {
    actor.require(Action::EditProducts)?;
    let mut applied = Applied::default();
    let total = package.goods.len() + package.offers.len();
    let vat = cards::new_card_vat(db, actor).await?;
    let mut tx = db.begin().await?;
    for (i, good) in package.goods.iter().enumerate() {
        if good.deleted || good.name.trim().is_empty() {
            applied.skipped.push(good.id.clone());
            continue;
        }
        // An article already used by another product: keep the 1C id, let Savdo make a code.
        let mut input = input_of(good);
        match cards::upsert_in(&mut tx, actor, vat, &input).await {
            Ok((_, Saved::Created)) => applied.created += 1,
            Ok((_, Saved::Updated)) => applied.updated += 1,
            Err(crate::domain::Error::Refused(Refusal::CodeTaken)) => {
                input.code = None;
                match cards::upsert_in(&mut tx, actor, vat, &input).await? {
                    (_, Saved::Created) => applied.created += 1,
                    (_, Saved::Updated) => applied.updated += 1,
                }
            }
            Err(crate::domain::Error::Refused(_)) => applied.skipped.push(good.id.clone()),
            Err(e) => return Err(e),
        }
        if i % 200 == 199 {
            progress(i + 1, total);
        }
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    progress(package.goods.len(), total);
    apply_offers(db, actor, package, vat, &mut applied, &mut progress).await?;
    progress(total, total);
    Ok(applied)
}

async fn apply_offers(
    db: &Db,
    actor: &Actor,
    package: &Package,
    vat: i64,
    applied: &mut Applied,
    progress: &mut impl FnMut(usize, usize),
) -> Result<()> {
    let branches = company::branches(db, actor.company_id).await?;
    let Some(first) = branches.first().map(|b| b.id) else { return Ok(()) };
    // (branch, product) → quantity; warehouses no branch is named after add to the first branch.
    let mut counts: HashMap<(i64, i64), Qty> = HashMap::new();
    let mut tx = db.begin().await?;
    for offer in &package.offers {
        let prices =
            CardInput { sale_price: offer.retail, wholesale_price: offer.wholesale.map(Some), ..Default::default() };
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM products WHERE company_id = $1 AND code_1c = $2")
                .bind(actor.company_id)
                .bind(&offer.id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(product_id) = existing else {
            applied.skipped.push(offer.id.clone());
            continue;
        };
        if offer.retail.is_some() || offer.wholesale.is_some() {
            cards::save_in(&mut tx, actor, vat, Some(&offer.id), &prices).await?;
            applied.priced += 1;
        }
        for (warehouse, qty) in &offer.stock {
            let branch = warehouse
                .as_ref()
                .and_then(|w| branches.iter().find(|b| b.name.eq_ignore_ascii_case(w.trim())))
                .map(|b| b.id)
                .unwrap_or(first);
            let sum = counts.entry((branch, product_id)).or_insert(Qty(0));
            *sum = Qty(sum.0.saturating_add(qty.0));
        }
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    progress(package.goods.len() + package.offers.len() / 2, package.goods.len() + package.offers.len());
    // Only what differs from the books becomes a count (a second run counts nothing).
    let mut by_branch: HashMap<i64, Vec<(i64, Qty)>> = HashMap::new();
    for ((branch, product), qty) in counts {
        by_branch.entry(branch).or_default().push((product, qty));
    }
    for (branch, mut lines) in by_branch {
        lines.sort();
        let mut differ = Vec::new();
        for (product, qty) in lines {
            if crate::domain::stock::on_hand(db, actor.company_id, branch, product).await? != qty {
                differ.push((product, qty));
            }
        }
        if !differ.is_empty() {
            applied.counted += differ.len();
            crate::domain::stock::post_count(db, actor, branch, &differ, "1C").await?;
        }
    }
    Ok(())
}

/// A counterparty (client) as a CommerceML document gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counterparty {
    pub id: String,
    pub name: String,
    pub tin: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The counterparties of a CommerceML document (`Контрагент`).
pub fn parse_clients(xml: &str) -> std::result::Result<Vec<Counterparty>, Refusal> {
    let doc = Document::parse(xml).map_err(|_| Refusal::FileUnreadable)?;
    let root = doc.root_element();
    if !root.has_tag_name("КоммерческаяИнформация") {
        return Err(Refusal::FileUnreadable);
    }
    let contact = |node: Node, kind: &str| {
        descendants(node, "Контакт")
            .find(|c| text_of(*c, "Тип").is_some_and(|t| t.to_lowercase().contains(kind)))
            .and_then(|c| text_of(c, "Значение"))
    };
    Ok(descendants(root, "Контрагент")
        .filter_map(|c| {
            Some(Counterparty {
                id: text_of(c, "Ид")?,
                name: text_of(c, "ОфициальноеНаименование").or_else(|| text_of(c, "Наименование"))?,
                tin: text_of(c, "ИНН"),
                phone: contact(c, "телефон"),
                email: contact(c, "почт"),
            })
        })
        .collect())
}

/// Saves counterparties as clients (matched on their 1C id), in one transaction. A TIN or phone
/// Savdo cannot read is left out rather than refusing the client.
pub async fn apply_clients(
    db: &Db,
    actor: &Actor,
    found: &[Counterparty],
    mut progress: impl FnMut(usize, usize),
) -> Result<Applied> {
    use crate::domain::clients::{self, ClientInput};
    actor.require(Action::Customers)?;
    let mut applied = Applied::default();
    let mut tx = db.begin().await?;
    for (i, c) in found.iter().enumerate() {
        let tin =
            c.tin.as_deref().and_then(|t| crate::domain::company::Tin::parse(t).ok()).map(|t| t.as_str().to_string());
        let phone = c.phone.as_deref().and_then(|p| crate::domain::customers::clean_phone(p).ok());
        let input = ClientInput {
            code_1c: Some(c.id.clone()),
            name: Some(c.name.clone()),
            tin: Some(tin),
            phone: Some(phone),
            email: c.email.clone().map(Some),
            ..Default::default()
        };
        match clients::upsert_in(&mut tx, actor, &input).await {
            Ok((_, Saved::Created)) => applied.created += 1,
            Ok((_, Saved::Updated)) => applied.updated += 1,
            Err(crate::domain::Error::Refused(_)) => applied.skipped.push(c.id.clone()),
            Err(e) => return Err(e),
        }
        if i % 200 == 199 {
            progress(i + 1, found.len());
        }
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    progress(found.len(), found.len());
    Ok(applied)
}

/// The most one exchange session may send (every file together).
pub const MAX_SESSION_BYTES: i64 = 200 * 1024 * 1024;

/// Keeps a part of a file 1C sends (`mode=file`); parts of one file arrive in order.
pub async fn stage(db: &Db, actor: &Actor, session: &str, filename: &str, bytes: &[u8]) -> Result<()> {
    actor.require(Action::EditProducts)?;
    let held: i64 =
        sqlx::query_scalar("SELECT CAST(COALESCE(SUM(LENGTH(body)), 0) AS BIGINT) FROM onec_files WHERE session = $1")
            .bind(session)
            .fetch_one(&db.pool)
            .await?;
    if held + bytes.len() as i64 > MAX_SESSION_BYTES {
        return Err(Refusal::FileTooLarge.into());
    }
    sqlx::query("INSERT INTO onec_files (company_id, session, filename, body, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(actor.company_id)
        .bind(session)
        .bind(filename)
        .bind(bytes)
        .bind(crate::db::now())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The parts of a staged file, joined; empty when none arrived.
pub async fn staged(db: &Db, session: &str, filename: &str) -> Result<Vec<u8>> {
    let parts: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT body FROM onec_files WHERE session = $1 AND filename = $2 ORDER BY id")
            .bind(session)
            .bind(filename)
            .fetch_all(&db.pool)
            .await?;
    Ok(parts.concat())
}

/// Forgets a session's files (`mode=init` starts afresh; files older than a day go too).
pub async fn clear(db: &Db, session: &str) -> Result<()> {
    sqlx::query("DELETE FROM onec_files WHERE session = $1 OR created_at < $2")
        .bind(session)
        .bind(crate::db::now() - 86_400)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A 1C base's HTTP service that publishes CommerceML files, for pull-style syncs.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Integration {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub username: Option<String>,
    #[serde(skip)]
    pub password: Option<String>,
}

pub async fn add_integration(
    db: &Db,
    actor: &Actor,
    name: &str,
    url: &str,
    username: Option<&str>,
    password: Option<&str>,
) -> Result<Integration> {
    actor.require(Action::ManageSettings)?;
    let parsed = url::Url::parse(url.trim()).map_err(|_| Refusal::BadValue("url".into()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Refusal::BadValue("url".into()).into());
    }
    let name = crate::domain::clean_name(name, 120)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO integrations (company_id, kind, name, url, username, password, created_at)
         VALUES ($1, 'commerceml', $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(&name)
    .bind(parsed.as_str())
    .bind(username)
    .bind(password)
    .bind(crate::db::now())
    .fetch_one(&db.pool)
    .await?;
    integration(db, actor, id).await
}

pub async fn integrations(db: &Db, actor: &Actor) -> Result<Vec<Integration>> {
    actor.require(Action::EditProducts)?;
    Ok(sqlx::query_as("SELECT id, name, url, username, password FROM integrations WHERE company_id = $1 ORDER BY id")
        .bind(actor.company_id)
        .fetch_all(&db.pool)
        .await?)
}

pub async fn integration(db: &Db, actor: &Actor, id: i64) -> Result<Integration> {
    let found: Option<Integration> =
        sqlx::query_as("SELECT id, name, url, username, password FROM integrations WHERE company_id = $1 AND id = $2")
            .bind(actor.company_id)
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.ok_or(Refusal::NotFound)?)
}

/// A long sync as its status route shows it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Task {
    pub id: String,
    pub kind: String,
    pub integration_id: Option<i64>,
    pub status: String,
    pub processed: i64,
    pub total: i64,
    pub created: i64,
    pub updated: i64,
    pub message: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

impl Task {
    pub fn percent(&self) -> i64 {
        if self.total > 0 {
            (self.processed * 100 / self.total).min(100)
        } else if self.status == "completed" {
            100
        } else {
            0
        }
    }
}

/// Records a new task (`fetching`); its id is what the status route takes.
pub async fn start_task(db: &Db, actor: &Actor, kind: &str, integration_id: i64) -> Result<Task> {
    use rand::distr::{Alphanumeric, SampleString};
    let id = Alphanumeric.sample_string(&mut rand::rng(), 24);
    sqlx::query(
        "INSERT INTO sync_tasks (id, company_id, kind, integration_id, status, created_at) VALUES ($1, $2, $3, $4, 'fetching', $5)",
    )
    .bind(&id)
    .bind(actor.company_id)
    .bind(kind)
    .bind(integration_id)
    .bind(crate::db::now())
    .execute(&db.pool)
    .await?;
    task(db, actor, &id).await
}

pub async fn task(db: &Db, actor: &Actor, id: &str) -> Result<Task> {
    let found: Option<Task> = sqlx::query_as(
        "SELECT id, kind, integration_id, status, processed, total, created, updated, message, created_at, finished_at
         FROM sync_tasks WHERE company_id = $1 AND id = $2",
    )
    .bind(actor.company_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.ok_or(Refusal::NotFound)?)
}

async fn set_task(
    db: &Db,
    id: &str,
    status: &str,
    processed: i64,
    total: i64,
    applied: Option<&Applied>,
    message: Option<&str>,
) {
    let finished = matches!(status, "completed" | "error").then(crate::db::now);
    let result = sqlx::query(
        "UPDATE sync_tasks SET status = $1, processed = $2, total = $3, created = $4, updated = $5, message = $6, finished_at = $7
         WHERE id = $8",
    )
    .bind(status)
    .bind(processed)
    .bind(total)
    .bind(applied.map(|a| a.created as i64).unwrap_or(0))
    .bind(applied.map(|a| a.updated as i64).unwrap_or(0))
    .bind(message)
    .bind(finished)
    .bind(id)
    .execute(&db.pool)
    .await;
    if let Err(e) = result {
        tracing::warn!(error = %e, task = id, "cannot record a sync task's progress");
    }
}

/// One file of an integration (`{url}/{file}`), with its Basic credentials; 60 s at most.
async fn fetch(integration: &Integration, file: &str) -> anyhow::Result<String> {
    let url = format!("{}/{file}", integration.url.trim_end_matches('/'));
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(60)).build()?;
    let mut request = client.get(&url);
    if let Some(user) = &integration.username {
        request = request.basic_auth(user, integration.password.as_ref());
    }
    let response = request.send().await?;
    anyhow::ensure!(response.status().is_success(), "{url} answered {}", response.status());
    Ok(response.text().await?)
}

/// Runs a pull-style sync to the end, recording its progress in the task (`on_progress` is told
/// too: the chat edits its message). Failures end the task as `error` with the reason.
pub async fn run_sync(
    db: &Db,
    actor: &Actor,
    integration: &Integration,
    task_id: &str,
    mut on_progress: impl FnMut(usize, usize),
) -> Result<Applied> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let kind = task(db, actor, task_id).await?.kind;
    // The apply loops report synchronously; a ticker writes the figures for the status route.
    let (done, all) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let ticker = {
        let (db, id, done, all) = (db.clone(), task_id.to_string(), done.clone(), all.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                progress(&db, &id, done.load(Ordering::Relaxed), all.load(Ordering::Relaxed)).await;
            }
        })
    };
    let mut report = |d: usize, t: usize| {
        done.store(d, Ordering::Relaxed);
        all.store(t, Ordering::Relaxed);
        on_progress(d, t);
    };
    let outcome: anyhow::Result<Applied> = async {
        if kind == "clients" {
            let xml = fetch(integration, "clients.xml").await?;
            let found = parse_clients(&xml).map_err(|r| anyhow::anyhow!("{r}"))?;
            set_task(db, task_id, "processing", 0, found.len() as i64, None, None).await;
            apply_clients(db, actor, &found, |d, t| report(d, t)).await.map_err(|e| anyhow::anyhow!("{e}"))
        } else {
            let mut package = Package::default();
            for file in ["import.xml", "offers.xml"] {
                let xml = fetch(integration, file).await?;
                parse(&xml, &mut package).map_err(|r| anyhow::anyhow!("{file}: {r}"))?;
            }
            let total = (package.goods.len() + package.offers.len()) as i64;
            set_task(db, task_id, "processing", 0, total, None, None).await;
            apply(db, actor, &package, |d, t| report(d, t)).await.map_err(|e| anyhow::anyhow!("{e}"))
        }
    }
    .await;
    ticker.abort();
    match outcome {
        Ok(applied) => {
            let n = (applied.created + applied.updated + applied.skipped.len()) as i64;
            let total = task(db, actor, task_id).await.map(|t| t.total).unwrap_or(n).max(n);
            let message = if applied.created + applied.updated == 0 { Some("No data found in 1C") } else { None };
            set_task(db, task_id, "completed", total, total, Some(&applied), message).await;
            Ok(applied)
        }
        Err(e) => {
            set_task(db, task_id, "error", 0, 0, None, Some(&format!("{e:#}"))).await;
            Err(crate::domain::Error::Internal(e))
        }
    }
}

/// Records how far a running sync got (the chat and the status route read it).
pub async fn progress(db: &Db, task_id: &str, done: usize, total: usize) {
    let _ = sqlx::query("UPDATE sync_tasks SET processed = $1, total = $2 WHERE id = $3 AND status = 'processing'")
        .bind(done as i64)
        .bind(total as i64)
        .bind(task_id)
        .execute(&db.pool)
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_goods_groups_prices_and_stock() {
        let import = r#"<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация ВерсияСхемы="2.05">
 <Классификатор><Группы><Группа><Ид>g1</Ид><Наименование>Ichimliklar</Наименование>
   <Группы><Группа><Ид>g2</Ид><Наименование>Gazli</Наименование></Группа></Группы></Группа></Группы></Классификатор>
 <Каталог><Товары>
  <Товар><Ид>a1b2#c3</Ид><Артикул>cola-15</Артикул><Наименование>Coca-Cola 1,5 l</Наименование>
   <БазоваяЕдиница Код="796">шт</БазоваяЕдиница><Группы><Ид>g2</Ид></Группы><Штрихкод>4780000000017</Штрихкод></Товар>
  <Товар Статус="Удален"><Ид>old</Ид><Наименование>Eski</Наименование></Товар>
 </Товары></Каталог>
</КоммерческаяИнформация>"#;
        let offers = r#"<КоммерческаяИнформация><ПакетПредложений>
 <ТипыЦен><ТипЦены><Ид>p1</Ид><Наименование>Розничная</Наименование></ТипЦены>
  <ТипЦены><Ид>p2</Ид><Наименование>Оптовая</Наименование></ТипЦены></ТипыЦен>
 <Склады><Склад><Ид>s1</Ид><Наименование>Markaz</Наименование></Склад></Склады>
 <Предложения><Предложение><Ид>a1b2</Ид>
  <Цены><Цена><ИдТипаЦены>p1</ИдТипаЦены><ЦенаЗаЕдиницу>12500.00</ЦенаЗаЕдиницу></Цена>
   <Цена><ИдТипаЦены>p2</ИдТипаЦены><ЦенаЗаЕдиницу>11000</ЦенаЗаЕдиницу></Цена></Цены>
  <Склад ИдСклада="s1" КоличествоНаСкладе="48"/></Предложение></Предложения>
</ПакетПредложений></КоммерческаяИнформация>"#;
        let mut package = Package::default();
        parse(import, &mut package).unwrap();
        parse(offers, &mut package).unwrap();
        assert_eq!(package.goods.len(), 2);
        let cola = &package.goods[0];
        assert_eq!(
            (cola.id.as_str(), cola.group.as_deref(), cola.unit.as_deref()),
            ("a1b2", Some("Gazli"), Some("шт"))
        );
        assert!(package.goods[1].deleted);
        let offer = &package.offers[0];
        assert_eq!((offer.retail, offer.wholesale), (Some(Money(1_250_000)), Some(Money(1_100_000))));
        assert_eq!(offer.stock, vec![(Some("Markaz".to_string()), Qty::units(48))]);
        assert_eq!(input_of(cola).unit.as_deref(), Some("pcs"));
        assert_eq!(input_of(cola).code.as_deref(), Some("COLA-15"));
    }

    #[test]
    fn refuses_what_is_not_commerceml() {
        let mut package = Package::default();
        assert_eq!(parse("<html/>", &mut package), Err(Refusal::FileUnreadable));
        assert_eq!(parse("not xml <", &mut package), Err(Refusal::FileUnreadable));
    }
}
