//! Product descriptions written by the assistant's model (the seed's `generate_descriptions`):
//! only for products with no description, never over one a person (or an earlier run) wrote;
//! `dry_run` shows what would be written and saves nothing.

use serde_json::json;

use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::assistant::model::{self, Model};
use crate::domain::audit::{self, Change, Entity};
use crate::domain::roles::Action;
use crate::domain::Result;
use crate::i18n::Lang;

/// How the instructions begin (the development stand-in recognises the task by it).
pub const INSTRUCTIONS_START: &str = "You write product descriptions for a shop's catalogue.";
const MAX_CHARS: usize = 1_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    pub product_id: i64,
    pub code: String,
    pub name: String,
    pub description: String,
}

fn instructions(lang: Lang) -> String {
    let language = match lang {
        Lang::Uz => "Uzbek (Latin script)",
        Lang::Ru => "Russian",
        Lang::En => "English",
    };
    format!(
        "{INSTRUCTIONS_START} Write two or three plain sentences in {language} for a customer: what the product is and \
         what it is for, from the facts given. Do not invent prices, ingredients, certifications or origins that are not \
         given. No markup, no headings."
    )
}

/// Writes descriptions for up to `limit` products without one (oldest first); returns them.
pub async fn describe(
    db: &Db,
    actor: &Actor,
    model: &Model,
    lang: Lang,
    limit: i64,
    dry_run: bool,
) -> Result<Vec<Described>> {
    actor.require(Action::EditProducts)?;
    let rows: Vec<(i64, String, String, Option<String>, String, Option<String>)> = sqlx::query_as(
        "SELECT id, code, name, group_name, unit, barcode FROM products
         WHERE company_id = $1 AND (description IS NULL OR TRIM(description) = '')
         ORDER BY id LIMIT $2",
    )
    .bind(actor.company_id)
    .bind(limit.clamp(1, 10_000))
    .fetch_all(&db.pool)
    .await?;
    let mut done = Vec::new();
    for (id, code, name, group, unit, barcode) in rows {
        let prompt = format!(
            "Name: {name}\nGroup: {}\nUnit: {unit}\nCode: {code}\nBarcode: {}",
            group.unwrap_or_default(),
            barcode.unwrap_or_default()
        );
        let text = model::complete(model, &instructions(lang), &prompt).await?;
        let description: String = text.chars().take(MAX_CHARS).collect();
        if !dry_run && !save(db, actor, id, &description).await? {
            // A person wrote one meanwhile: theirs stays.
            continue;
        }
        done.push(Described { product_id: id, code, name, description });
    }
    Ok(done)
}

/// Saves the text unless the product has a description by now.
async fn save(db: &Db, actor: &Actor, id: i64, description: &str) -> Result<bool> {
    let mut tx = db.begin().await?;
    let written = sqlx::query(
        "UPDATE products SET description = $1, description_source = 'assistant'
         WHERE id = $2 AND company_id = $3 AND (description IS NULL OR TRIM(description) = '')",
    )
    .bind(description)
    .bind(id)
    .bind(actor.company_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if written == 1 {
        let fields = json!({ "description": [null, description], "source": "assistant" });
        audit::record(&mut tx, actor, Change::ProductDescribed, Entity::Product, id, fields).await?;
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(written == 1)
}
