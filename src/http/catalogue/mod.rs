//! The seed E-Catalog's API, served from the core: `/api/v1/nomenklatura/` (products),
//! `/api/v1/client/` (customers), `/api/v1/project/`, each with its detail route by 1C code and
//! `export-xlsx/`, `template-xlsx/`, `import-xlsx/`; thumbnails, agent locations, sync tasks.
//! Paths (trailing slashes included), field names, pagination and errors are the seed's, so its
//! clients work unchanged. Authenticated by an API user's token or a company's API key.

use std::collections::BTreeMap;

use axum::Router;
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::drf::{DrfError, PageQuery};
use super::HttpState;
use crate::domain::calendar::CompanyTz;
use crate::domain::listing;
use crate::domain::money::{format_decimal, Money, Qty};

pub mod agents;
pub mod clients;
pub mod files;
pub mod nomenklatura;
pub mod projects;

pub fn router() -> Router<HttpState> {
    Router::new()
        .merge(nomenklatura::router())
        .merge(clients::router())
        .merge(projects::router())
        .merge(files::router())
        .merge(agents::router())
}

/// A request body read field by field, collecting DRF's per-field messages.
pub struct Fields {
    map: Map<String, Value>,
    errors: BTreeMap<String, Vec<String>>,
}

impl Fields {
    pub fn new(body: Value) -> Result<Fields, DrfError> {
        match body {
            Value::Object(map) => Ok(Fields { map, errors: BTreeMap::new() }),
            _ => Err(DrfError::field(
                "non_field_errors",
                "Invalid data. Expected a dictionary, but got a different type.",
            )),
        }
    }

    /// Adds a message for a field read outside these helpers.
    pub fn fail_with(&mut self, name: &str, message: &str) {
        self.fail(name, message);
    }

    fn fail(&mut self, name: &str, message: &str) {
        self.errors.entry(name.to_string()).or_default().push(message.to_string());
    }

    /// Absent: `None`; `null`: `Some(None)`; text or a number: its text.
    pub fn text(&mut self, name: &str) -> Option<Option<String>> {
        match self.map.get(name)? {
            Value::Null => Some(None),
            Value::String(s) => Some(Some(s.clone())),
            Value::Number(n) => Some(Some(n.to_string())),
            Value::Bool(b) => Some(Some(b.to_string())),
            _ => {
                self.fail(name, "Not a valid string.");
                None
            }
        }
    }

    /// A text that may not be null or blank where given; `required` adds DRF's message when absent.
    pub fn required_text(&mut self, name: &str, required: bool) -> Option<String> {
        match self.text(name) {
            None if required => {
                self.fail(name, "This field is required.");
                None
            }
            None => None,
            Some(None) => {
                self.fail(name, "This field may not be null.");
                None
            }
            Some(Some(s)) if s.trim().is_empty() => {
                self.fail(name, "This field may not be blank.");
                None
            }
            Some(Some(s)) => Some(s),
        }
    }

    /// An amount in so'm (`"15000.50"` or `15000.5`), exact to the tiyin.
    pub fn money(&mut self, name: &str) -> Option<Option<Money>> {
        let text = self.text(name)?;
        match text {
            None => Some(None),
            Some(t) => match Money::parse(&t).filter(|m| m.0 >= 0 && m.0 <= Money::MAX.0) {
                Some(m) => Some(Some(m)),
                None => {
                    self.fail(name, "A valid number is required.");
                    None
                }
            },
        }
    }

    pub fn qty(&mut self, name: &str) -> Option<Qty> {
        match self.text(name)? {
            None => Some(Qty(0)),
            Some(t) => match Qty::parse(&t).filter(|q| q.0 >= 0 && q.0 <= Qty::MAX.0) {
                Some(q) => Some(q),
                None => {
                    self.fail(name, "A valid number is required.");
                    None
                }
            },
        }
    }

    pub fn date(&mut self, name: &str) -> Option<Option<chrono::NaiveDate>> {
        match self.text(name)? {
            None => Some(None),
            Some(t) if t.trim().is_empty() => Some(None),
            Some(t) => match chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d") {
                Ok(d) => Some(Some(d)),
                Err(_) => {
                    self.fail(name, "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
                    None
                }
            },
        }
    }

    /// The first of several names that is present (the seed has aliases: `sku`, `article_code`).
    pub fn first_text(&mut self, names: &[&str]) -> Option<Option<String>> {
        let name = names.iter().find(|n| self.map.contains_key(**n))?;
        self.text(name)
    }

    pub fn finish(self) -> Result<(), DrfError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(DrfError::Fields(self.errors))
        }
    }
}

/// so'm with two decimals, as DRF renders a DecimalField: `"15000.50"`.
pub fn som(tiyin: i64) -> String {
    format_decimal(tiyin, 2)
}

/// A quantity with two decimals or three where it has thousandths: `"12.50"`, `"0.125"`.
pub fn units(qty: i64) -> String {
    if qty % 10 == 0 {
        format_decimal(qty / 10, 2)
    } else {
        format_decimal(qty, 3)
    }
}

/// The caller's company's zone (Tashkent for one that has none).
pub fn zone(caller: &super::drf::Caller) -> CompanyTz {
    caller.actor.time_zone.unwrap_or_else(|| CompanyTz::parse("Asia/Tashkent"))
}

/// A time as ISO 8601 in the company's zone (`2026-12-01T09:30:00+05:00`).
pub fn iso(tz: CompanyTz, at: i64) -> String {
    tz.format(at, "%Y-%m-%dT%H:%M:%S%:z")
}

/// The list query of a request: `search`, `ordering`, paging, and every other parameter as a
/// filter (the area's spec keeps the ones it knows).
pub fn list_query(
    params: &[(String, String)],
    page: &PageQuery,
) -> Result<(listing::Query, super::drf::Style), DrfError> {
    let (window, style) = page.page()?;
    let mut query = listing::Query { page: window, ..Default::default() };
    for (name, value) in params {
        match name.as_str() {
            "search" => query.search = Some(value.clone()).filter(|v| !v.trim().is_empty()),
            "ordering" => query.ordering = Some(value.clone()),
            "page" | "page_size" | "limit" | "offset" => {}
            _ if value.is_empty() => {}
            _ => query.filters.push((name.clone(), value.clone())),
        }
    }
    Ok((query, style))
}

/// `{"detail": "…"}`, as DRF answers 401, 403, 404 and 429.
#[derive(Serialize, ToSchema)]
pub struct Detail {
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_render_as_drf_decimals() {
        assert_eq!(som(1_500_050), "15000.50");
        assert_eq!(som(-5), "-0.05");
        assert_eq!(units(12_500), "12.50");
        assert_eq!(units(125), "0.125");
        assert_eq!(units(0), "0.00");
    }

    #[test]
    fn fields_collect_every_message() {
        let mut f = Fields::new(serde_json::json!({"name": "", "sale_price": "abc", "count": [1]})).unwrap();
        assert_eq!(f.required_text("name", true), None);
        assert_eq!(f.money("sale_price"), None);
        assert_eq!(f.required_text("code", true), None);
        let Err(DrfError::Fields(errors)) = f.finish() else { panic!("errors expected") };
        assert_eq!(errors["name"], ["This field may not be blank."]);
        assert_eq!(errors["sale_price"], ["A valid number is required."]);
        assert_eq!(errors["code"], ["This field is required."]);
    }
}
