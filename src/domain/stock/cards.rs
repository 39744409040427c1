//! Product cards: a product as the catalogue API (the seed's "nomenklatura") and 1C see it —
//! the product with its 1C code, group, description and stock — looked up by the 1C code,
//! listed with search, filters and ordering, saved field by field, and deleted while unused.

use serde_json::{json, Value};

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::catalog::{parse_barcode, parse_code, UNITS};
use crate::domain::listing::{self, Filter, Kind, Spec};
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::tax;
use crate::domain::{clean_name, Error, Refusal, Result};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Card {
    pub id: i64,
    pub code: String,
    pub code_1c: Option<String>,
    pub barcode: Option<String>,
    pub name: String,
    pub group_name: Option<String>,
    pub description: Option<String>,
    pub unit: String,
    pub purchase_price: i64,
    pub sale_price: i64,
    pub wholesale_price: Option<i64>,
    pub vat_rate_bp: i64,
    pub min_qty: i64,
    /// In the caller's branch for branch-bound roles, else in all branches.
    pub stock_qty: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a client sends; `None` leaves a field as it is (a new card takes the defaults).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardInput {
    pub code_1c: Option<String>,
    pub code: Option<String>,
    pub name: Option<String>,
    pub barcode: Option<Option<String>>,
    pub group_name: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub unit: Option<String>,
    pub sale_price: Option<Money>,
    pub purchase_price: Option<Money>,
    pub wholesale_price: Option<Option<Money>>,
    pub min_qty: Option<Qty>,
}

const CARD_SELECT: &str = "SELECT p.id, p.code, p.code_1c, p.barcode, p.name, p.group_name, p.description, p.unit,
        p.purchase_price, p.sale_price, p.wholesale_price, p.vat_rate_bp, p.min_qty,
        CAST(COALESCE((SELECT SUM(s.qty) FROM stock s WHERE s.product_id = p.id AND ($2 = 0 OR s.branch_id = $2)), 0) AS BIGINT) AS stock_qty,
        p.created_at, p.updated_at
     FROM products p WHERE p.company_id = $1";

/// The list's names (the seed's) and how they are found.
pub const SPEC: Spec = Spec {
    select: "SELECT p.id, p.code, p.code_1c, p.barcode, p.name, p.group_name, p.description, p.unit,
        p.purchase_price, p.sale_price, p.wholesale_price, p.vat_rate_bp, p.min_qty,
        CAST(COALESCE((SELECT SUM(s.qty) FROM stock s WHERE s.product_id = p.id), 0) AS BIGINT) AS stock_qty,
        p.created_at, p.updated_at
     FROM products p WHERE p.company_id = $1",
    count: "SELECT COUNT(*) FROM products p WHERE p.company_id = $1",
    search: &["p.search_text"],
    fts: Some(("products_fts", "p.id")),
    filters: &[
        Filter { param: "code_1c", sql: "p.code_1c", kind: Kind::Text },
        Filter { param: "article_code", sql: "p.code", kind: Kind::Text },
        Filter { param: "barcode", sql: "p.barcode", kind: Kind::Text },
        Filter { param: "name", sql: "p.name", kind: Kind::Text },
        Filter { param: "category", sql: "p.group_name", kind: Kind::Text },
        Filter { param: "unit_of_measure", sql: "p.unit", kind: Kind::Text },
        Filter { param: "price_min", sql: "p.sale_price", kind: Kind::MoneyFrom },
        Filter { param: "price_max", sql: "p.sale_price", kind: Kind::MoneyUntil },
        Filter { param: "created_from", sql: "p.created_at", kind: Kind::From },
        Filter { param: "created_to", sql: "p.created_at", kind: Kind::Until },
        Filter { param: "updated_from", sql: "p.updated_at", kind: Kind::From },
        Filter { param: "updated_to", sql: "p.updated_at", kind: Kind::Until },
    ],
    orderings: &[
        ("id", "p.id"),
        ("code_1c", "p.code_1c"),
        ("article_code", "p.code"),
        ("name", "p.name"),
        ("category", "p.group_name"),
        ("sale_price", "p.sale_price"),
        ("base_price", "p.sale_price"),
        ("cost_price", "p.purchase_price"),
        ("created_at", "p.created_at"),
        ("updated_at", "p.updated_at"),
    ],
    default_order: "p.created_at DESC, p.id DESC",
    tiebreak: "p.id",
};

/// A page of the company's cards.
pub async fn list(db: &Db, actor: &Actor, query: &listing::Query) -> Result<(i64, Vec<Card>)> {
    actor.require(Action::FindProducts)?;
    listing::list(db, actor.company_id, &SPEC, query).await
}

fn stock_branch(actor: &Actor) -> i64 {
    if actor.role.needs_branch() {
        actor.branch_id.unwrap_or(-1)
    } else {
        0
    }
}

pub async fn by_code_1c(db: &Db, actor: &Actor, code_1c: &str) -> Result<Card> {
    actor.require(Action::FindProducts)?;
    find(db, actor, "p.code_1c = $3", code_1c).await?.ok_or(Error::Refused(Refusal::NotFound))
}

async fn find(db: &Db, actor: &Actor, condition: &str, value: &str) -> Result<Option<Card>> {
    let mut tx = db.begin().await?;
    let card = find_in(&mut tx, actor, condition, value).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(card)
}

async fn find_in(tx: &mut Tx, actor: &Actor, condition: &str, value: &str) -> Result<Option<Card>> {
    let sql = format!("{CARD_SELECT} AND {condition}");
    Ok(sqlx::query_as::<_, Card>(&sql)
        .bind(actor.company_id)
        .bind(stock_branch(actor))
        .bind(value)
        .fetch_optional(&mut **tx)
        .await?)
}

/// A unit as 1C and people write it (`шт`, `dona`, `кг`) in Savdo's codes.
pub fn parse_unit(raw: &str) -> Option<&'static str> {
    let unit = raw.trim().trim_end_matches('.').to_lowercase();
    let code = match unit.as_str() {
        "pcs" | "pc" | "шт" | "dona" | "ta" | "piece" | "pieces" | "ед" | "796" => "pcs",
        "kg" | "кг" | "kilogram" | "166" => "kg",
        "l" | "л" | "litr" | "литр" | "liter" | "112" => "l",
        "m" | "м" | "metr" | "метр" | "006" => "m",
        "box" | "korobka" | "коробка" | "кор" => "box",
        "pack" | "упак" | "уп" | "pachka" | "пачка" => "pack",
        _ => return None,
    };
    UNITS.contains(&code).then_some(code)
}

/// A 1C code: any text up to 100 characters (1C's codes and GUIDs), trimmed.
pub fn parse_code_1c(raw: &str) -> std::result::Result<String, Refusal> {
    let code = raw.trim();
    if code.is_empty() || code.chars().count() > 100 || code.chars().any(char::is_control) || code.contains('/') {
        return Err(Refusal::BadValue("code_1c".into()));
    }
    Ok(code.to_string())
}

/// Savdo's own product code for a card that came without one: the 1C code where it is a valid
/// code and free, else one made from the 1C code's digest.
async fn free_code(tx: &mut Tx, company_id: i64, code_1c: Option<&str>, name: &str) -> Result<String> {
    use sha2::{Digest, Sha256};
    if let Some(code) = code_1c.and_then(parse_code) {
        if !code_taken(tx, company_id, &code).await? {
            return Ok(code);
        }
    }
    let seed = code_1c.map(str::to_string).unwrap_or_else(|| format!("{name}{}", now()));
    let digest = Sha256::digest(seed.as_bytes());
    let code = format!("C-{}", digest.iter().take(5).map(|b| format!("{b:02X}")).collect::<String>());
    Ok(code)
}

async fn code_taken(tx: &mut Tx, company_id: i64, code: &str) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE company_id = $1 AND code = $2")
        .bind(company_id)
        .bind(code)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(found.is_some())
}

fn text(value: &Option<String>, max: usize, field: &str) -> std::result::Result<Option<String>, Refusal> {
    match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if s.chars().count() > max => Err(Refusal::BadValue(field.into())),
        Some(s) => Ok(Some(s.to_string())),
    }
}

fn audit_fields(c: &Card) -> [(&'static str, Value); 10] {
    [
        ("code_1c", json!(c.code_1c)),
        ("name", json!(c.name)),
        ("barcode", json!(c.barcode)),
        ("group", json!(c.group_name)),
        ("description", json!(c.description)),
        ("unit", json!(c.unit)),
        ("purchase_price", json!(c.purchase_price)),
        ("sale_price", json!(c.sale_price)),
        ("wholesale_price", json!(c.wholesale_price)),
        ("min_qty", json!(c.min_qty)),
    ]
}

/// Creates a card (`existing` is `None`) or changes the one with that 1C code. A new card
/// needs a name; its 1C code, when given, must be free. The 1C code of a card never changes.
pub async fn save(db: &Db, actor: &Actor, existing: Option<&str>, input: &CardInput) -> Result<Card> {
    actor.require(Action::EditProducts)?;
    let vat = new_card_vat(db, actor).await?;
    let mut tx = db.begin().await?;
    let (card, _) = save_in(&mut tx, actor, vat, existing, input).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(card)
}

/// Whether a save made a card or changed one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Created,
    Updated,
}

/// [`save`] inside the caller's transaction (an import saves every row in one); `vat` is the
/// rate a new card takes.
pub async fn save_in(
    tx: &mut Tx,
    actor: &Actor,
    vat: i64,
    existing: Option<&str>,
    input: &CardInput,
) -> Result<(Card, Saved)> {
    actor.require(Action::EditProducts)?;
    let before = match existing {
        Some(code_1c) => Some(find_in(tx, actor, "p.code_1c = $3", code_1c).await?.ok_or(Refusal::NotFound)?),
        None => None,
    };
    let code_1c = match (&before, input.code_1c.as_deref()) {
        (Some(b), _) => b.code_1c.clone(),
        (None, Some(raw)) => {
            let code = parse_code_1c(raw)?;
            if find_in(tx, actor, "p.code_1c = $3", &code).await?.is_some() {
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
    let code = match (&input.code, &before) {
        (Some(raw), _) => parse_code(raw).ok_or_else(|| Refusal::BadValue("article_code".into()))?,
        (None, Some(b)) => b.code.clone(),
        (None, None) => free_code(tx, actor.company_id, code_1c.as_deref(), &name).await?,
    };
    if before.as_ref().is_none_or(|b| b.code != code) && code_taken(tx, actor.company_id, &code).await? {
        return Err(Refusal::CodeTaken.into());
    }
    let barcode = match &input.barcode {
        Some(Some(raw)) if !raw.trim().is_empty() => {
            Some(parse_barcode(raw).ok_or_else(|| Refusal::BadValue("barcode".into()))?)
        }
        Some(_) => None,
        None => before.as_ref().and_then(|b| b.barcode.clone()),
    };
    let keep = |given: &Option<Option<String>>, was: Option<&Option<String>>, max: usize, field: &str| match given {
        Some(v) => text(v, max, field),
        None => Ok(was.cloned().flatten()),
    };
    let group_name = keep(&input.group_name, before.as_ref().map(|b| &b.group_name), 120, "category")?;
    let description = keep(&input.description, before.as_ref().map(|b| &b.description), 4000, "description")?;
    let unit = match (&input.unit, &before) {
        (Some(u), _) => parse_unit(u).ok_or_else(|| Refusal::BadValue("unit_of_measure".into()))?.to_string(),
        (None, Some(b)) => b.unit.clone(),
        (None, None) => "pcs".to_string(),
    };
    let money = |given: Option<Money>, was: Option<i64>| -> std::result::Result<i64, Refusal> {
        match given {
            Some(m) if m.0 < 0 => Err(Refusal::BadAmount),
            Some(m) => Ok(m.check()?.0),
            None => Ok(was.unwrap_or(0)),
        }
    };
    let sale_price = money(input.sale_price, before.as_ref().map(|b| b.sale_price))?;
    let purchase_price = money(input.purchase_price, before.as_ref().map(|b| b.purchase_price))?;
    let wholesale_price = match input.wholesale_price {
        Some(Some(m)) => Some(money(Some(m), None)?),
        Some(None) => None,
        None => before.as_ref().and_then(|b| b.wholesale_price),
    };
    let min_qty = match input.min_qty {
        Some(q) => q.check()?.0,
        None => before.as_ref().map(|b| b.min_qty).unwrap_or(0),
    };
    let search_text = crate::domain::catalog::search_text(
        &name,
        &code,
        barcode.as_deref(),
        code_1c.as_deref(),
        group_name.as_deref(),
    );
    let description_source = description.as_ref().map(|_| "person");
    let at = now();
    let id = match &before {
        Some(b) => {
            sqlx::query(
                "UPDATE products SET code = $1, barcode = $2, name = $3, search_text = $4, unit = $5, purchase_price = $6,
                        sale_price = $7, wholesale_price = $8, min_qty = $9, group_name = $10, description = $11,
                        description_source = CASE WHEN $12 = description THEN description_source ELSE $13 END,
                        updated_at = $14
                 WHERE id = $15 AND company_id = $16",
            )
            .bind(&code)
            .bind(&barcode)
            .bind(&name)
            .bind(&search_text)
            .bind(&unit)
            .bind(purchase_price)
            .bind(sale_price)
            .bind(wholesale_price)
            .bind(min_qty)
            .bind(&group_name)
            .bind(&description)
            .bind(&description)
            .bind(description_source)
            .bind(at)
            .bind(b.id)
            .bind(actor.company_id)
            .execute(&mut **tx)
            .await?;
            b.id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO products (company_id, code, code_1c, barcode, name, search_text, unit, purchase_price,
                        sale_price, wholesale_price, vat_rate_bp, min_qty, group_name, description, description_source,
                        created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
            )
            .bind(actor.company_id)
            .bind(&code)
            .bind(&code_1c)
            .bind(&barcode)
            .bind(&name)
            .bind(&search_text)
            .bind(&unit)
            .bind(purchase_price)
            .bind(sale_price)
            .bind(wholesale_price)
            .bind(vat)
            .bind(min_qty)
            .bind(&group_name)
            .bind(&description)
            .bind(description_source)
            .bind(at)
            .fetch_one(&mut **tx)
            .await?
        }
    };
    let sql = format!("{CARD_SELECT} AND p.id = $3");
    let after: Card =
        sqlx::query_as(&sql).bind(actor.company_id).bind(stock_branch(actor)).bind(id).fetch_one(&mut **tx).await?;
    let (change, fields) = match &before {
        None => (Change::ProductCreated, audit::created(&audit_fields(&after))),
        Some(b) => {
            let pairs: Vec<(&str, Value, Value)> = audit_fields(b)
                .into_iter()
                .zip(audit_fields(&after))
                .map(|((name, was), (_, now))| (name, was, now))
                .collect();
            (Change::ProductEdited, audit::diff(&pairs))
        }
    };
    if fields.as_object().is_some_and(|f| !f.is_empty()) {
        audit::record(tx, actor, change, Entity::Product, id, fields).await?;
    }
    let saved = if before.is_some() { Saved::Updated } else { Saved::Created };
    Ok((after, saved))
}

/// Deletes a card no document, stock or order names; refuses one that has any
/// ([`Refusal::InUse`]): its history must stay readable.
pub async fn delete(db: &Db, actor: &Actor, code_1c: &str) -> Result<()> {
    actor.require(Action::EditProducts)?;
    let card = find(db, actor, "p.code_1c = $3", code_1c).await?.ok_or(Refusal::NotFound)?;
    let mut tx = db.begin().await?;
    // Zero stock rows and images go with the card; any other reference refuses the delete.
    sqlx::query("DELETE FROM stock WHERE product_id = $1 AND qty = 0").bind(card.id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM images WHERE company_id = $1 AND entity_type = 'nomenklatura' AND entity_id = $2")
        .bind(actor.company_id)
        .bind(card.id)
        .execute(&mut *tx)
        .await?;
    let deleted = sqlx::query("DELETE FROM products WHERE id = $1 AND company_id = $2")
        .bind(card.id)
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await;
    match deleted {
        Ok(_) => {}
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => return Err(Refusal::InUse.into()),
        Err(e) => return Err(e.into()),
    }
    let fields = json!({ "code": [card.code, null], "code_1c": [card.code_1c, null], "name": [card.name, null] });
    audit::record(&mut tx, actor, Change::ProductDeleted, Entity::Product, card.id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// An import's row: changes the card with the row's 1C code, or makes one.
pub async fn upsert_in(tx: &mut Tx, actor: &Actor, vat: i64, input: &CardInput) -> Result<(Card, Saved)> {
    let existing = match input.code_1c.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => find_in(tx, actor, "p.code_1c = $3", code).await?.map(|_| code.to_string()),
        None => None,
    };
    save_in(tx, actor, vat, existing.as_deref(), input).await
}

/// The VAT rate a new card takes today.
pub async fn new_card_vat(db: &Db, actor: &Actor) -> Result<i64> {
    tax::product_vat_bp(db, actor.company_id, actor.calendar(db).await?.today()).await
}
