//! The catalogue as sheets (the seed's `export-xlsx/`, `template-xlsx/` and `import-xlsx/`, and
//! a file sent to the bot): nomenklatura, clients and projects, one row each, columns named as
//! the seed names them. An import reads every row, then saves them all in one transaction or,
//! when any row is wrong, none — and says which rows, which fields and why.

use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::cards::{self, CardInput, Saved};
use crate::domain::clients::{self, ClientInput};
use crate::domain::listing::{self, Page, MAX_BATCH};
use crate::domain::money::{Money, Qty};
use crate::domain::projects::{self, ProjectInput};
use crate::domain::{Error, Refusal, Result};

/// The most rows one import takes.
pub const MAX_ROWS: usize = 100_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheet {
    Nomenklatura,
    Clients,
    Projects,
}

impl Sheet {
    pub fn parse(s: &str) -> Option<Sheet> {
        match s.trim().to_lowercase().as_str() {
            "nomenklatura" | "products" | "mahsulotlar" => Some(Sheet::Nomenklatura),
            "client" | "clients" | "mijozlar" => Some(Sheet::Clients),
            "project" | "projects" | "loyihalar" => Some(Sheet::Projects),
            _ => None,
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Sheet::Nomenklatura => "nomenklatura",
            Sheet::Clients => "clients",
            Sheet::Projects => "projects",
        }
    }

    /// The columns, in the seed's order for the fields Savdo keeps.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Sheet::Nomenklatura => &[
                "code_1c",
                "name",
                "description",
                "sku",
                "barcode",
                "base_price",
                "sale_price",
                "cost_price",
                "wholesale_price",
                "currency",
                "tax_rate",
                "stock_quantity",
                "min_stock",
                "unit_of_measure",
                "category",
            ],
            Sheet::Clients => &[
                "client_code_1c",
                "name",
                "email",
                "phone",
                "description",
                "tax_id",
                "credit_limit",
                "currency",
                "balance",
            ],
            Sheet::Projects => {
                &["code_1c", "name", "description", "status", "client_code_1c", "start_date", "end_date"]
            }
        }
    }

    /// The columns an import reads (the rest are the export's figures: stock, balance).
    fn writable(self) -> &'static [&'static str] {
        match self {
            Sheet::Nomenklatura => &[
                "code_1c",
                "name",
                "description",
                "sku",
                "article_code",
                "barcode",
                "base_price",
                "sale_price",
                "cost_price",
                "wholesale_price",
                "min_stock",
                "unit_of_measure",
                "category",
            ],
            Sheet::Clients => &["client_code_1c", "name", "email", "phone", "description", "tax_id", "credit_limit"],
            Sheet::Projects => {
                &["code_1c", "name", "description", "status", "client_code_1c", "start_date", "end_date"]
            }
        }
    }

    /// The 1C code column: every imported row is matched on it.
    fn key(self) -> &'static str {
        match self {
            Sheet::Clients => "client_code_1c",
            _ => "code_1c",
        }
    }

    /// An example row for the template.
    pub fn example(self) -> &'static [&'static str] {
        match self {
            Sheet::Nomenklatura => &[
                "00-00001234",
                "Choy Ahmad 100 g",
                "Qora choy",
                "CHOY-100",
                "4780000000017",
                "15000.00",
                "15000.00",
                "11000.00",
                "",
                "UZS",
                "",
                "",
                "10",
                "pcs",
                "Choy",
            ],
            Sheet::Clients => &[
                "K-0001",
                "Baraka Savdo MChJ",
                "info@baraka.uz",
                "+998901234567",
                "",
                "301234567",
                "5000000.00",
                "UZS",
                "",
            ],
            Sheet::Projects => &["PR-2026-01", "Chilonzor do'koni", "", "active", "K-0001", "2026-01-15", "2026-06-30"],
        }
    }
}

/// What is wrong with one cell (or a row): the 1-based row in the file, the column, and the
/// refusal (the door says it in the reader's language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub field: String,
    pub refusal: Refusal,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub created: usize,
    pub updated: usize,
    pub errors: Vec<RowError>,
}

/// One row's cells by column name.
struct Row<'a> {
    cells: Vec<(&'a str, &'a str)>,
    line: usize,
    errors: Vec<RowError>,
}

impl<'a> Row<'a> {
    fn get(&self, name: &str) -> Option<&'a str> {
        self.cells.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// A text cell: absent column `None`, empty cell `Some(None)`.
    fn text(&self, name: &str) -> Option<Option<String>> {
        self.get(name).map(|v| Some(v.trim().to_string()).filter(|v| !v.is_empty()))
    }

    fn fail(&mut self, field: &str, refusal: Refusal) {
        self.errors.push(RowError { row: self.line, field: field.into(), refusal });
    }

    fn money(&mut self, name: &str) -> Option<Option<Money>> {
        match self.text(name)? {
            None => Some(None),
            Some(t) => match Money::parse(&t).filter(|m| m.0 >= 0) {
                Some(m) => Some(Some(m)),
                None => {
                    self.fail(name, Refusal::BadAmount);
                    None
                }
            },
        }
    }

    fn date(&mut self, name: &str) -> Option<Option<chrono::NaiveDate>> {
        match self.text(name)? {
            None => Some(None),
            Some(t) => match chrono::NaiveDate::parse_from_str(t.get(..10).unwrap_or(&t), "%Y-%m-%d") {
                Ok(d) => Some(Some(d)),
                Err(_) => {
                    self.fail(name, Refusal::BadValue(name.into()));
                    None
                }
            },
        }
    }
}

enum Input {
    Card(CardInput),
    Client(ClientInput),
    Project(ProjectInput),
}

fn card(row: &mut Row) -> CardInput {
    CardInput {
        code_1c: row.text("code_1c").flatten(),
        code: row.text("sku").flatten().or_else(|| row.text("article_code").flatten()),
        name: row.text("name").flatten(),
        barcode: row.text("barcode"),
        group_name: row.text("category"),
        description: row.text("description"),
        unit: row.text("unit_of_measure").flatten(),
        sale_price: row.money("sale_price").flatten().or_else(|| row.money("base_price").flatten()),
        purchase_price: row.money("cost_price").flatten(),
        wholesale_price: row.money("wholesale_price"),
        min_qty: match row.text("min_stock").flatten() {
            None => None,
            Some(t) => match Qty::parse(&t).filter(|q| q.0 >= 0) {
                Some(q) => Some(q),
                None => {
                    row.fail("min_stock", Refusal::BadQuantity);
                    None
                }
            },
        },
    }
}

fn client(row: &mut Row) -> ClientInput {
    ClientInput {
        code_1c: row.text("client_code_1c").flatten(),
        name: row.text("name").flatten(),
        email: row.text("email"),
        phone: row.text("phone"),
        tin: row.text("tax_id"),
        notes: row.text("description"),
        credit_limit: row.money("credit_limit"),
    }
}

fn project(row: &mut Row) -> ProjectInput {
    ProjectInput {
        code_1c: row.text("code_1c").flatten(),
        name: row.text("name").flatten(),
        client_code_1c: row.text("client_code_1c"),
        status: row.text("status").flatten(),
        start_date: row.date("start_date"),
        end_date: row.date("end_date"),
        description: row.text("description"),
    }
}

/// The field a refusal of a save is about, for the error's `field`.
fn field_of(sheet: Sheet, refusal: &Refusal) -> String {
    match refusal {
        Refusal::BadValue(field) => field.clone(),
        Refusal::BadName => "name".into(),
        Refusal::CodeTaken => sheet.key().into(),
        Refusal::BadTin => "tax_id".into(),
        Refusal::BadPhone => "phone".into(),
        Refusal::BadAmount | Refusal::AmountTooLarge => match sheet {
            Sheet::Clients => "credit_limit".into(),
            _ => "sale_price".into(),
        },
        Refusal::BadQuantity | Refusal::QtyTooLarge => "min_stock".into(),
        Refusal::BadPeriod => "end_date".into(),
        Refusal::NotesTooLong => "description".into(),
        _ => "non_field_errors".into(),
    }
}

/// Imports a table (header first, as [`crate::domain::import::read_table`] reads a file):
/// every row saved, or none and the reasons. Columns are found by name in any order and case;
/// the name column and the 1C code column are required.
pub async fn import(db: &Db, actor: &Actor, sheet: Sheet, table: Vec<Vec<String>>) -> Result<Outcome> {
    let mut lines = table.into_iter();
    let header: Vec<String> = lines.next().unwrap_or_default().iter().map(|h| h.trim().to_lowercase()).collect();
    let mut outcome = Outcome::default();
    for required in [sheet.key(), "name"] {
        if !header.iter().any(|h| h == required) {
            outcome.errors.push(RowError {
                row: 1,
                field: required.into(),
                refusal: Refusal::BadValue(required.into()),
            });
        }
    }
    if !outcome.errors.is_empty() {
        return Ok(outcome);
    }
    let mut inputs = Vec::new();
    for (i, cells) in lines.enumerate() {
        let line = i + 2;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if inputs.len() >= MAX_ROWS {
            outcome.errors.push(RowError {
                row: line,
                field: "non_field_errors".into(),
                refusal: Refusal::FileTooLarge,
            });
            break;
        }
        let cells: Vec<(&str, &str)> = header
            .iter()
            .zip(cells.iter())
            .filter(|(h, _)| sheet.writable().contains(&h.as_str()))
            .map(|(h, c)| (h.as_str(), c.as_str()))
            .collect();
        let mut row = Row { cells, line, errors: Vec::new() };
        if row.text(sheet.key()).flatten().is_none() {
            row.fail(sheet.key(), Refusal::BadValue(sheet.key().into()));
        }
        let input = match sheet {
            Sheet::Nomenklatura => Input::Card(card(&mut row)),
            Sheet::Clients => Input::Client(client(&mut row)),
            Sheet::Projects => Input::Project(project(&mut row)),
        };
        outcome.errors.append(&mut row.errors);
        inputs.push((line, input));
    }
    if !outcome.errors.is_empty() {
        return Ok(outcome);
    }
    let vat = match sheet {
        Sheet::Nomenklatura => cards::new_card_vat(db, actor).await?,
        _ => 0,
    };
    let mut tx = db.begin().await?;
    for (line, input) in &inputs {
        let saved = match input {
            Input::Card(c) => cards::upsert_in(&mut tx, actor, vat, c).await.map(|(_, s)| s),
            Input::Client(c) => clients::upsert_in(&mut tx, actor, c).await.map(|(_, s)| s),
            Input::Project(p) => projects::upsert_in(&mut tx, actor, p).await.map(|(_, s)| s),
        };
        match saved {
            Ok(Saved::Created) => outcome.created += 1,
            Ok(Saved::Updated) => outcome.updated += 1,
            // Refused by the role: nothing in the file can be saved.
            Err(Error::Refused(Refusal::NotAllowed)) => return Err(Refusal::NotAllowed.into()),
            Err(Error::Refused(r)) => {
                outcome.errors.push(RowError { row: *line, field: field_of(sheet, &r), refusal: r });
                if outcome.errors.len() >= 1000 {
                    break;
                }
            }
            Err(e) => return Err(e),
        }
    }
    if outcome.errors.is_empty() {
        tx.commit().await.map_err(anyhow::Error::from)?;
    } else {
        tx.rollback().await.map_err(anyhow::Error::from)?;
        outcome.created = 0;
        outcome.updated = 0;
    }
    Ok(outcome)
}

/// The sheet's rows for an export, as text cells in [`Sheet::columns`] order, a batch at a time
/// (`each` gets each batch; the list filters of the request apply).
pub async fn export<F>(db: &Db, actor: &Actor, sheet: Sheet, query: &listing::Query, mut each: F) -> Result<usize>
where
    F: FnMut(Vec<Vec<String>>) -> Result<()>,
{
    use crate::domain::money::format_decimal;
    let mut query = query.clone();
    let mut written = 0;
    loop {
        query.page = Page { offset: written as i64, size: MAX_BATCH };
        let rows: Vec<Vec<String>> = match sheet {
            Sheet::Nomenklatura => cards::list(db, actor, &query)
                .await?
                .1
                .into_iter()
                .map(|c| {
                    vec![
                        c.code_1c.unwrap_or_default(),
                        c.name,
                        c.description.unwrap_or_default(),
                        c.code,
                        c.barcode.unwrap_or_default(),
                        format_decimal(c.sale_price, 2),
                        format_decimal(c.sale_price, 2),
                        format_decimal(c.purchase_price, 2),
                        c.wholesale_price.map(|p| format_decimal(p, 2)).unwrap_or_default(),
                        "UZS".into(),
                        format_decimal(c.vat_rate_bp, 2),
                        format_decimal(c.stock_qty, 3),
                        format_decimal(c.min_qty, 3),
                        c.unit,
                        c.group_name.unwrap_or_default(),
                    ]
                })
                .collect(),
            Sheet::Clients => clients::list(db, actor, &query)
                .await?
                .1
                .into_iter()
                .map(|c| {
                    vec![
                        c.code_1c.unwrap_or_default(),
                        c.name,
                        c.email.unwrap_or_default(),
                        c.phone.unwrap_or_default(),
                        c.notes.unwrap_or_default(),
                        c.tin.unwrap_or_default(),
                        c.credit_limit.map(|l| format_decimal(l, 2)).unwrap_or_default(),
                        "UZS".into(),
                        format_decimal(c.balance, 2),
                    ]
                })
                .collect(),
            Sheet::Projects => projects::list(db, actor, &query)
                .await?
                .1
                .into_iter()
                .map(|p| {
                    vec![
                        p.code_1c,
                        p.name,
                        p.description.unwrap_or_default(),
                        p.status,
                        p.client_code_1c.unwrap_or_default(),
                        p.start_date.unwrap_or_default(),
                        p.end_date.unwrap_or_default(),
                    ]
                })
                .collect(),
        };
        let n = rows.len();
        if n > 0 {
            each(rows)?;
        }
        written += n;
        if (n as i64) < MAX_BATCH {
            return Ok(written);
        }
    }
}
