//! Importing sales from a CSV or XLSX file. Every row is checked first; a file with any bad
//! row is refused as a whole with each row's problem, and a good file goes in as one
//! transaction, so a crash half-way leaves nothing half-imported. Receipts already imported
//! (same receipt number) are refused, so sending a file twice cannot double the sales.
//!
//! Columns (first row, any order, case-insensitive): `date`, `branch`, `receipt`,
//! `product_code`, `qty`, `payment`, and optionally `price` (so‘m per unit, else the
//! product's price), `discount` (so‘m), `type` (retail / wholesale), `customer` (a customer's
//! name, phone or TIN as Savdo has it; required for `debt`, the sale on credit).

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{Data, Reader};
use chrono::{NaiveDate, NaiveDateTime};

use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::calendar::{self, CompanyTz};
use crate::domain::events::Event;
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::sales::{self, LineInput, Payment, SaleInput, SaleType};
use crate::domain::Result;

/// The ceiling for any import: 20 MiB, the largest file Telegram lets a bot download. The bot
/// refuses above its own, lower limit (`IMPORT_MAX_BYTES`) before downloading.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
pub const MAX_ROWS: usize = 50_000;
const REQUIRED: [&str; 6] = ["date", "branch", "receipt", "product_code", "qty", "payment"];

/// The file is larger than `limit` bytes.
pub fn too_big(limit: usize) -> Problem {
    let size = if limit >= 1024 * 1024 {
        format!("{:.1} MB", limit as f64 / 1048576.0)
    } else {
        format!("{} KB", limit / 1024)
    };
    Problem { line: 0, key: "import-too-big", value: size.replace(".0 MB", " MB") }
}

/// What is wrong with a row (or the file), as a message key and its argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the file; 0 for the file as a whole.
    pub line: usize,
    pub key: &'static str,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Imported { receipts: usize, rows: usize, total: Money, events: Vec<Event> },
    Refused(Vec<Problem>),
}

/// The file's cells as text rows, header first.
pub fn read_table(file_name: &str, bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, Problem> {
    let problem = |key: &'static str, value: String| Problem { line: 0, key, value };
    if bytes.len() > MAX_BYTES {
        return Err(too_big(MAX_BYTES));
    }
    let lower = file_name.to_lowercase();
    if lower.ends_with(".xlsx") || lower.ends_with(".xls") || lower.ends_with(".ods") {
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
            .map_err(|e| problem("import-unreadable", e.to_string()))?;
        let sheet = book
            .worksheet_range_at(0)
            .ok_or_else(|| problem("import-unreadable", "no sheet".into()))?
            .map_err(|e| problem("import-unreadable", e.to_string()))?;
        Ok(sheet.rows().map(|row| row.iter().map(cell_text).collect()).collect())
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
        let text = String::from_utf8_lossy(bytes);
        let delimiter = if text.lines().next().is_some_and(|h| h.matches(';').count() > h.matches(',').count()) {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| problem("import-unreadable", e.to_string()))?;
            rows.push(record.iter().map(|c| c.trim().to_string()).collect());
        }
        Ok(rows)
    } else {
        Err(problem("import-wrong-type", file_name.to_string()))
    }
}

/// A customer as a file may name them: lower-cased name, phone digits, or TIN.
fn customer_key(text: &str) -> String {
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() >= 9 && digits.len() * 2 >= text.trim().len() {
        // Phones are stored as +998…; the last nine digits name an Uzbek number either way.
        digits[digits.len() - 9..].to_string()
    } else {
        text.trim().to_lowercase()
    }
}

/// Every way a file may name each customer of the company (names that two share name neither).
async fn customer_keys(db: &Db, company_id: i64) -> Result<HashMap<String, i64>> {
    let rows: Vec<(i64, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, name, phone, tin FROM customers WHERE company_id = $1")
            .bind(company_id)
            .fetch_all(&db.pool)
            .await?;
    let mut keys: HashMap<String, Option<i64>> = HashMap::new();
    for (id, name, phone, tin) in rows {
        for key in [Some(name), phone, tin].into_iter().flatten().map(|k| customer_key(&k)) {
            keys.entry(key).and_modify(|v| *v = None).or_insert(Some(id));
        }
    }
    Ok(keys.into_iter().filter_map(|(k, v)| v.map(|id| (k, id))).collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime().map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e:?}"),
    }
}

struct Row {
    line: usize,
    receipt: String,
    branch_id: i64,
    sold_at: i64,
    payment: Payment,
    sale_type: SaleType,
    customer_id: Option<i64>,
    line_input: LineInput,
}

/// Checks every row, then imports all or nothing.
/// Checks every row, then imports all or nothing, as `actor` (who may import, and sell in
/// each row's branch). The low-stock crossings of the imported sales come back as events.
pub async fn import_sales(db: &Db, actor: &Actor, table: Vec<Vec<String>>) -> Result<Outcome> {
    actor.require(Action::ImportSales)?;
    let company_id = actor.company_id;
    let mut rows = table.into_iter();
    let Some(header) = rows.next() else {
        return Ok(Outcome::Refused(vec![Problem { line: 0, key: "import-empty", value: String::new() }]));
    };
    let columns: HashMap<String, usize> =
        header.iter().enumerate().map(|(i, h)| (h.trim().to_lowercase().replace([' ', '-'], "_"), i)).collect();
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| !columns.contains_key(*c)).collect();
    if !missing.is_empty() {
        return Ok(Outcome::Refused(vec![Problem {
            line: 1,
            key: "import-missing-columns",
            value: missing.join(", "),
        }]));
    }
    let body: Vec<(usize, Vec<String>)> =
        rows.enumerate().map(|(i, r)| (i + 2, r)).filter(|(_, r)| r.iter().any(|c| !c.is_empty())).collect();
    if body.is_empty() {
        return Ok(Outcome::Refused(vec![Problem { line: 0, key: "import-empty", value: String::new() }]));
    }
    if body.len() > MAX_ROWS {
        return Ok(Outcome::Refused(vec![Problem {
            line: 0,
            key: "import-too-many-rows",
            value: MAX_ROWS.to_string(),
        }]));
    }

    let branches: HashMap<String, i64> = crate::domain::company::branches(db, company_id)
        .await?
        .into_iter()
        .map(|b| (b.name.to_lowercase(), b.id))
        .collect();
    let products: HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("SELECT code, id FROM products WHERE company_id = $1")
            .bind(company_id)
            .fetch_all(&db.pool)
            .await?
            .into_iter()
            .collect();
    let tz = calendar::of_company(db, company_id).await?;
    let customers = customer_keys(db, company_id).await?;

    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    for (line, cells) in &body {
        let cell = |name: &str| columns.get(name).and_then(|i| cells.get(*i)).map(|s| s.trim()).unwrap_or("");
        let mut bad =
            |key: &'static str, value: &str| problems.push(Problem { line: *line, key, value: value.to_string() });
        let branch = branches.get(&cell("branch").to_lowercase()).copied();
        if branch.is_none() {
            bad("import-bad-branch", cell("branch"));
        }
        let product = crate::domain::catalog::parse_code(cell("product_code")).and_then(|c| products.get(&c).copied());
        if product.is_none() {
            bad("import-bad-product", cell("product_code"));
        }
        let qty = Qty::parse(cell("qty")).filter(|q| q.0 > 0);
        if qty.is_none() {
            bad("import-bad-qty", cell("qty"));
        }
        let sold_at = parse_moment(cell("date"), tz);
        if sold_at.is_none() {
            bad("import-bad-date", cell("date"));
        }
        let payment = Payment::parse(cell("payment"));
        if payment.is_none() {
            bad("import-bad-payment", cell("payment"));
        }
        let sale_type = match cell("type") {
            "" => Some(SaleType::Retail),
            other => SaleType::parse(other),
        };
        if sale_type.is_none() {
            bad("import-bad-type", cell("type"));
        }
        let price = match cell("price") {
            "" => Some(None),
            text => Money::parse(text).map(Some),
        };
        if price.is_none() {
            bad("import-bad-price", cell("price"));
        }
        let discount = match cell("discount") {
            "" => Some(Money(0)),
            text => Money::parse(text),
        };
        if discount.is_none() {
            bad("import-bad-price", cell("discount"));
        }
        let receipt = cell("receipt").to_string();
        if receipt.is_empty() || receipt.len() > 60 {
            bad("import-bad-receipt", &receipt);
        }
        let customer = match cell("customer") {
            "" if payment == Some(Payment::Debt) => {
                bad("import-debt-needs-customer", &receipt);
                None
            }
            "" => Some(None),
            text => match customers.get(&customer_key(text)) {
                Some(id) => Some(Some(*id)),
                None => {
                    bad("import-bad-customer", text);
                    None
                }
            },
        };
        if let (
            Some(branch_id),
            Some(product_id),
            Some(qty),
            Some(sold_at),
            Some(payment),
            Some(sale_type),
            Some(price),
            Some(discount),
            Some(customer_id),
        ) = (branch, product, qty, sold_at, payment, sale_type, price, discount, customer)
        {
            parsed.push(Row {
                line: *line,
                receipt,
                branch_id,
                sold_at,
                payment,
                sale_type,
                customer_id,
                line_input: LineInput { product_id, qty, unit_price: price, discount },
            });
        }
    }

    let mut receipts: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for row in parsed {
        receipts.entry(row.receipt.clone()).or_default().push(row);
    }
    for (receipt, rows) in &receipts {
        let first = &rows[0];
        for row in &rows[1..] {
            if row.branch_id != first.branch_id
                || row.payment != first.payment
                || row.sold_at != first.sold_at
                || row.sale_type != first.sale_type
                || row.customer_id != first.customer_id
            {
                problems.push(Problem { line: row.line, key: "import-receipt-mismatch", value: receipt.clone() });
            }
        }
        let already: Option<i64> =
            sqlx::query_scalar("SELECT id FROM sales WHERE company_id = $1 AND idempotency_key = $2")
                .bind(company_id)
                .bind(format!("import:{receipt}"))
                .fetch_optional(&db.pool)
                .await?;
        if already.is_some() {
            problems.push(Problem { line: first.line, key: "import-already", value: receipt.clone() });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Ok(Outcome::Refused(problems));
    }

    let mut tx = db.begin().await?;
    let mut total = 0;
    let mut events = Vec::new();
    for (receipt, rows) in &receipts {
        let first = &rows[0];
        let input = SaleInput {
            branch_id: first.branch_id,
            cashier_id: None,
            customer_id: first.customer_id,
            sale_type: first.sale_type,
            payment: first.payment,
            lines: rows.iter().map(|r| r.line_input.clone()).collect(),
            sold_at: Some(first.sold_at),
            source: "import",
            idempotency_key: Some(format!("import:{receipt}")),
            ..Default::default()
        };
        match sales::record_sale_in(&mut tx, actor, &input).await {
            Ok((id, caused)) => {
                events.extend(caused);
                let sale_total: i64 =
                    sqlx::query_scalar("SELECT total FROM sales WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
                total += sale_total;
            }
            // A rule the row checks could not see (a discount above the line, say): refuse all.
            Err(crate::domain::Error::Refused(r)) => {
                return Ok(Outcome::Refused(vec![Problem {
                    line: first.line,
                    key: r.message_key(),
                    value: receipt.clone(),
                }]));
            }
            Err(e) => return Err(e),
        }
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Outcome::Imported { receipts: receipts.len(), rows: body.len(), total: Money(total), events })
}

/// `2026-11-21 23:30`, `2026-11-21T23:30:00`, `21.11.2026 23:30` or a bare date (noon), in the
/// company's time zone.
fn parse_moment(text: &str, tz: CompanyTz) -> Option<i64> {
    let formats = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
    ];
    let local = formats.iter().find_map(|f| NaiveDateTime::parse_from_str(text, f).ok()).or_else(|| {
        ["%Y-%m-%d", "%d.%m.%Y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
            .and_then(|d| d.and_hms_opt(12, 0, 0))
    })?;
    tz.at_local(local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_csv_with_either_delimiter() {
        let comma = read_table("a.csv", b"date,branch,receipt\n2026-11-21 10:00,Markaz,R1\n").unwrap();
        assert_eq!(comma[1], ["2026-11-21 10:00", "Markaz", "R1"]);
        let semicolon = read_table("a.CSV", "date;branch;receipt\n21.11.2026 10:00;Chilonzor;R2\n".as_bytes()).unwrap();
        assert_eq!(semicolon[1][1], "Chilonzor");
        assert_eq!(read_table("a.pdf", b"%PDF").unwrap_err().key, "import-wrong-type");
        assert_eq!(read_table("a.csv", &vec![b'a'; MAX_BYTES + 1]).unwrap_err().key, "import-too-big");
    }

    #[test]
    fn moments_are_local() {
        let tz = CompanyTz::parse("Asia/Tashkent");
        let at = parse_moment("2026-11-21 23:30", tz).unwrap();
        assert_eq!(tz.day_of(at).to_string(), "2026-11-21");
        assert_eq!(parse_moment("21.11.2026 23:30", tz), Some(at));
        assert_eq!(parse_moment("yesterday", tz), None);
    }
}
