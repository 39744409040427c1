//! Products: the company's catalogue with prices, VAT rate and minimum stock.

use serde_json::json;

use crate::db::{now, Db};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::tax;
use crate::domain::{clean_name, Error, Refusal, Result};

/// Units a product is counted in. Stored as the code; shown through `unit-<code>` messages.
pub const UNITS: [&str; 6] = ["pcs", "kg", "l", "m", "box", "pack"];

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Product {
    pub id: i64,
    pub company_id: i64,
    pub code: String,
    pub code_1c: Option<String>,
    pub barcode: Option<String>,
    pub name: String,
    pub group_name: Option<String>,
    pub unit: String,
    pub purchase_price: i64,
    pub sale_price: i64,
    /// The price for wholesale sales (to wholesale customers, or with the till switched to
    /// wholesale); the sale price where there is none.
    pub wholesale_price: Option<i64>,
    pub vat_rate_bp: i64,
    pub min_qty: i64,
}

impl Product {
    pub fn sale_price(&self) -> Money {
        Money(self.sale_price)
    }
    pub fn purchase_price(&self) -> Money {
        Money(self.purchase_price)
    }
    pub fn min_qty(&self) -> Qty {
        Qty(self.min_qty)
    }
    pub fn wholesale_price(&self) -> Option<Money> {
        self.wholesale_price.map(Money)
    }
    /// The list price of one unit in a sale of this type: the wholesale price where there is
    /// one, else the sale price.
    pub fn price_for(&self, sale_type: crate::domain::sales::SaleType) -> Money {
        match sale_type {
            crate::domain::sales::SaleType::Wholesale => Money(self.wholesale_price.unwrap_or(self.sale_price)),
            crate::domain::sales::SaleType::Retail => Money(self.sale_price),
        }
    }
}

/// What a person enters for a product; `save_product` validates and stores it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProductInput {
    pub code: String,
    pub barcode: Option<String>,
    pub name: String,
    pub unit: String,
    pub purchase_price: Money,
    pub sale_price: Money,
    pub min_qty: Qty,
    #[serde(default)]
    pub wholesale_price: Option<Money>,
}

/// A product code: letters, digits, `-` `_` `.`, up to 32 characters, kept in upper case so
/// `a-100` and `A-100` are one product.
pub fn parse_code(raw: &str) -> Option<String> {
    let code = raw.trim().to_uppercase();
    let ok = !code.is_empty()
        && code.chars().count() <= 32
        && code.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then_some(code)
}

/// A barcode: 8 to 14 digits (EAN-8, UPC, EAN-13, GTIN-14).
pub fn parse_barcode(raw: &str) -> Option<String> {
    let code = raw.trim();
    let ok = (8..=14).contains(&code.len()) && code.chars().all(|c| c.is_ascii_digit());
    ok.then(|| code.to_string())
}

/// What a search looks in, lower-cased once when saved: the name, codes, barcode and group.
pub fn search_text(
    name: &str,
    code: &str,
    barcode: Option<&str>,
    code_1c: Option<&str>,
    group: Option<&str>,
) -> String {
    format!(
        "{} {} {} {} {}",
        name.to_lowercase(),
        code.to_lowercase(),
        barcode.unwrap_or(""),
        code_1c.unwrap_or("").to_lowercase(),
        group.unwrap_or("").to_lowercase()
    )
}

const PRODUCT_COLUMNS: &str =
    "id, company_id, code, code_1c, barcode, name, group_name, unit, purchase_price, sale_price, wholesale_price, vat_rate_bp, min_qty";

impl Product {
    /// The fields the activity log compares.
    fn audit_fields(&self) -> [(&'static str, serde_json::Value); 8] {
        [
            ("name", json!(self.name)),
            ("barcode", json!(self.barcode)),
            ("unit", json!(self.unit)),
            ("purchase_price", json!(self.purchase_price)),
            ("sale_price", json!(self.sale_price)),
            ("wholesale_price", json!(self.wholesale_price)),
            ("min_qty", json!(self.min_qty)),
            ("vat_rate_bp", json!(self.vat_rate_bp)),
        ]
    }
}

/// Creates the product, or updates the one with the same code in this company.
/// A new product takes the VAT rate in force today (the company's today).
pub async fn save_product(db: &Db, actor: &Actor, input: &ProductInput) -> Result<Product> {
    actor.require(Action::EditProducts)?;
    let company_id = actor.company_id;
    let code = parse_code(&input.code).ok_or(Refusal::BadName)?;
    let name = clean_name(&input.name, 120)?;
    if !UNITS.contains(&input.unit.as_str()) {
        return Err(Refusal::BadName.into());
    }
    input.sale_price.check()?;
    input.purchase_price.check()?;
    if let Some(price) = input.wholesale_price {
        price.check()?;
    }
    input.min_qty.check()?;
    let today = actor.calendar(db).await?.today();
    let vat = tax::product_vat_bp(db, company_id, today).await?;
    let before = product_by_code(db, company_id, &code).await?;
    let at = now();
    let sql = format!(
        "INSERT INTO products (company_id, code, barcode, name, search_text, unit, purchase_price,
                               sale_price, vat_rate_bp, min_qty, created_at, updated_at, wholesale_price)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)
         ON CONFLICT (company_id, code) DO UPDATE SET
             barcode = excluded.barcode, name = excluded.name, search_text = excluded.search_text,
             unit = excluded.unit, purchase_price = excluded.purchase_price,
             sale_price = excluded.sale_price, min_qty = excluded.min_qty,
             wholesale_price = excluded.wholesale_price,
             updated_at = excluded.updated_at
         RETURNING {PRODUCT_COLUMNS}"
    );
    let product = sqlx::query_as::<_, Product>(&sql)
        .bind(company_id)
        .bind(&code)
        .bind(input.barcode.as_deref())
        .bind(&name)
        .bind(search_text(
            &name,
            &code,
            input.barcode.as_deref(),
            before.as_ref().and_then(|b| b.code_1c.as_deref()),
            before.as_ref().and_then(|b| b.group_name.as_deref()),
        ))
        .bind(&input.unit)
        .bind(input.purchase_price.tiyin())
        .bind(input.sale_price.tiyin())
        .bind(vat)
        .bind(input.min_qty.0)
        .bind(at)
        .bind(input.wholesale_price.map(|m| m.tiyin()));
    let mut tx = db.begin().await?;
    let product = product.fetch_one(&mut *tx).await?;
    let (change, fields) = match &before {
        None => (Change::ProductCreated, audit::created(&[("code", json!(product.code))])),
        Some(old) => {
            let pairs: Vec<(&str, serde_json::Value, serde_json::Value)> = old
                .audit_fields()
                .into_iter()
                .zip(product.audit_fields())
                .map(|((name, was), (_, now))| (name, was, now))
                .collect();
            (Change::ProductEdited, audit::diff(&pairs))
        }
    };
    let mut fields = fields;
    if change == Change::ProductCreated {
        for (name, value) in product.audit_fields() {
            fields[name] = json!([null, value]);
        }
    }
    let changed = fields.as_object().is_some_and(|f| !f.is_empty());
    if changed {
        audit::record(&mut tx, actor, change, Entity::Product, product.id, fields).await?;
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(product)
}

pub async fn product_by_code(db: &Db, company_id: i64, code: &str) -> Result<Option<Product>> {
    let Some(code) = parse_code(code) else { return Ok(None) };
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE company_id = $1 AND code = $2");
    Ok(sqlx::query_as::<_, Product>(&sql).bind(company_id).bind(code).fetch_optional(&db.pool).await?)
}

pub async fn product(db: &Db, company_id: i64, id: i64) -> Result<Product> {
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE company_id = $1 AND id = $2");
    sqlx::query_as::<_, Product>(&sql)
        .bind(company_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::Refused(Refusal::NotFound))
}

/// Products matching a barcode or code exactly, else those whose name, code or barcode
/// contains every word of `query` (case-insensitive in any script).
pub async fn search(db: &Db, company_id: i64, query: &str, limit: i64) -> Result<Vec<Product>> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let exact_sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM products
         WHERE company_id = $1 AND (barcode = $2 OR code = $3) ORDER BY name LIMIT $4"
    );
    let exact = sqlx::query_as::<_, Product>(&exact_sql)
        .bind(company_id)
        .bind(query)
        .bind(query.to_uppercase())
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    if !exact.is_empty() {
        return Ok(exact);
    }
    let words: Vec<String> = query.to_lowercase().split_whitespace().map(like_pattern).collect();
    let mut sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE company_id = $1");
    for i in 0..words.len() {
        sql.push_str(&format!(" AND search_text LIKE ${} ESCAPE '\\'", i + 2));
    }
    sql.push_str(&format!(" ORDER BY name, id LIMIT ${}", words.len() + 2));
    let mut q = sqlx::query_as::<_, Product>(&sql).bind(company_id);
    for word in &words {
        q = q.bind(word.clone());
    }
    Ok(q.bind(limit).fetch_all(&db.pool).await?)
}

/// `%word%` with LIKE's own wildcards escaped, so `50%` finds "50%" and not everything.
use crate::domain::listing::like_pattern;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_barcodes() {
        assert_eq!(parse_code(" a-100 ").as_deref(), Some("A-100"));
        assert_eq!(parse_code("bad code"), None);
        assert_eq!(parse_barcode("4780000000017").as_deref(), Some("4780000000017"));
        assert_eq!(parse_barcode("12345"), None);
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_pattern("50%"), "%50\\%%");
        assert_eq!(like_pattern("a_b"), "%a\\_b%");
    }
}
