//! Importing sales from a CSV or XLSX file, streamed. Every row is checked first; a file with any bad
//! row is refused as a whole with each row's problem, and a good file goes in as one
//! transaction, so a crash half-way leaves nothing half-imported. Receipts already imported
//! (same receipt number) are refused, so sending a file twice cannot double the sales.
//!
//! Columns (first row, any order, case-insensitive): `date`, `branch`, `receipt`,
//! `product_code`, `qty`, `payment`, and optionally `price` (so‘m per unit, else the
//! product's price), `discount` (so‘m), `type` (retail / wholesale), `customer` (a customer's
//! name, phone or TIN as Savdo has it; required for `debt`, the sale on credit).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read, Seek};

use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};

use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::calendar::{self, CompanyTz};
use crate::domain::events::Event;
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::sales::{self, LineInput, Payment, SaleInput, SaleType};
use crate::domain::Result;

/// The ceiling for a file sent to the bot or the API: 20 MiB, the largest file Telegram lets a
/// bot download. The bot refuses above its own, lower limit (`IMPORT_MAX_BYTES`) before
/// downloading. A file given to the command line is read as it streams, with no ceiling but
/// [`MAX_ROWS`].
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// A year of a busy chain's receipt lines; each checked row holds about a hundred bytes until
/// the batch is written.
pub const MAX_ROWS: usize = 2_000_000;
/// A file this wrong is not worth reading on: the first problems say what to fix.
const MAX_PROBLEMS: usize = 1000;
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

impl Problem {
    fn of_file(key: &'static str, value: impl Into<String>) -> Problem {
        Problem { line: 0, key, value: value.into() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Imported { receipts: usize, rows: usize, total: Money, events: Vec<Event> },
    Refused(Vec<Problem>),
}

/// Reads a CSV or XLSX file a row at a time, handing each row's cells (trimmed text) and its
/// 1-based line to `each`, which returns whether to go on. Nothing but the current row is held.
pub fn read_rows<R: Read + Seek>(
    file_name: &str,
    source: R,
    mut each: impl FnMut(usize, &[String]) -> bool,
) -> std::result::Result<(), Problem> {
    let unreadable = |e: &dyn std::fmt::Display| Problem::of_file("import-unreadable", e.to_string());
    let lower = file_name.to_lowercase();
    if lower.ends_with(".xlsx") {
        let mut book: Xlsx<_> = Xlsx::new(BufReader::new(source)).map_err(|e| unreadable(&e))?;
        let sheet = book.sheet_names().first().cloned().ok_or_else(|| unreadable(&"no sheet"))?;
        let mut cells = book.worksheet_cells_reader(&sheet).map_err(|e| unreadable(&e))?;
        let mut row: Vec<String> = Vec::new();
        let mut at = None;
        while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
            let (r, c) = cell.get_position();
            if at.is_some_and(|at| at != r) {
                if !each(at.unwrap_or(0) as usize + 1, &row) {
                    return Ok(());
                }
                row.clear();
            }
            at = Some(r);
            let c = c as usize;
            if row.len() <= c {
                row.resize(c + 1, String::new());
            }
            row[c] = cell_text(&Data::from(cell.get_value().clone()));
        }
        if let Some(at) = at {
            each(at as usize + 1, &row);
        }
        Ok(())
    } else if lower.ends_with(".xls") || lower.ends_with(".ods") {
        let mut bytes = Vec::new();
        BufReader::new(source).take(MAX_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| unreadable(&e))?;
        if bytes.len() > MAX_BYTES {
            return Err(too_big(MAX_BYTES));
        }
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
        let sheet = book.worksheet_range_at(0).ok_or_else(|| unreadable(&"no sheet"))?.map_err(|e| unreadable(&e))?;
        let first = sheet.start().map(|(r, _)| r as usize).unwrap_or(0);
        for (i, cells) in sheet.rows().enumerate() {
            let row: Vec<String> = cells.iter().map(cell_text).collect();
            if !each(first + i + 1, &row) {
                break;
            }
        }
        Ok(())
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
        let mut source = BufReader::with_capacity(1 << 16, source);
        let head = source.fill_buf().map_err(|e| unreadable(&e))?;
        let first_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
        let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
        let delimiter = if count(b';') > count(b',') { b';' } else { b',' };
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).delimiter(delimiter).flexible(true).from_reader(source);
        let mut record = csv::ByteRecord::new();
        let mut row = Vec::new();
        while reader.read_byte_record(&mut record).map_err(|e| unreadable(&e))? {
            let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
            row.clear();
            row.extend(record.iter().map(|c| String::from_utf8_lossy(c).trim().to_string()));
            if !each(line, &row) {
                break;
            }
        }
        Ok(())
    } else {
        Err(Problem::of_file("import-wrong-type", file_name))
    }
}

/// The whole file's cells as text rows, header first (for a file already in memory).
pub fn read_table(file_name: &str, bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, Problem> {
    if bytes.len() > MAX_BYTES {
        return Err(too_big(MAX_BYTES));
    }
    let mut rows = Vec::new();
    read_rows(file_name, Cursor::new(bytes), |_, cells| {
        rows.push(cells.to_vec());
        true
    })?;
    Ok(rows)
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

/// A checked row: one line of a receipt.
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

/// Checks rows as they are read, against the company's branches, products and customers,
/// keeping only what the sales need.
struct Checker {
    columns: Option<HashMap<String, usize>>,
    branches: HashMap<String, i64>,
    products: HashMap<String, i64>,
    customers: HashMap<String, i64>,
    tz: CompanyTz,
    rows: Vec<Row>,
    /// Rows with any cell filled.
    seen: usize,
    problems: Vec<Problem>,
}

impl Checker {
    async fn load(db: &Db, company_id: i64) -> Result<Checker> {
        let branches = crate::domain::company::branches(db, company_id)
            .await?
            .into_iter()
            .map(|b| (b.name.to_lowercase(), b.id))
            .collect();
        let products = sqlx::query_as::<_, (String, i64)>("SELECT code, id FROM products WHERE company_id = $1")
            .bind(company_id)
            .fetch_all(&db.pool)
            .await?
            .into_iter()
            .collect();
        Ok(Checker {
            columns: None,
            branches,
            products,
            customers: customer_keys(db, company_id).await?,
            tz: calendar::of_company(db, company_id).await?,
            rows: Vec::new(),
            seen: 0,
            problems: Vec::new(),
        })
    }

    /// Takes the next row of the file; false once reading on is pointless.
    fn take(&mut self, line: usize, cells: &[String]) -> bool {
        if cells.iter().all(|c| c.is_empty()) {
            return true;
        }
        let Some(columns) = self.columns.take() else {
            let columns: HashMap<String, usize> =
                cells.iter().enumerate().map(|(i, h)| (h.trim().to_lowercase().replace([' ', '-'], "_"), i)).collect();
            let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| !columns.contains_key(*c)).collect();
            if !missing.is_empty() {
                self.problems.push(Problem { line, key: "import-missing-columns", value: missing.join(", ") });
                return false;
            }
            self.columns = Some(columns);
            return true;
        };
        self.seen += 1;
        if self.seen > MAX_ROWS {
            self.problems = vec![Problem::of_file("import-too-many-rows", MAX_ROWS.to_string())];
            return false;
        }
        let cell = |name: &str| columns.get(name).and_then(|i| cells.get(*i)).map(|s| s.trim()).unwrap_or("");
        if let Some(row) = self.check(line, cell) {
            self.rows.push(row);
        }
        self.columns = Some(columns);
        self.problems.len() < MAX_PROBLEMS
    }

    /// One row's cells, each checked; a row with any problem is not kept.
    fn check<'c>(&mut self, line: usize, cell: impl Fn(&str) -> &'c str) -> Option<Row> {
        let before = self.problems.len();
        let mut bad =
            |key: &'static str, value: &str| self.problems.push(Problem { line, key, value: value.to_string() });
        let branch = self.branches.get(&cell("branch").to_lowercase()).copied();
        if branch.is_none() {
            bad("import-bad-branch", cell("branch"));
        }
        let product =
            crate::domain::catalog::parse_code(cell("product_code")).and_then(|c| self.products.get(&c).copied());
        if product.is_none() {
            bad("import-bad-product", cell("product_code"));
        }
        let qty = Qty::parse(cell("qty")).filter(|q| q.0 > 0);
        if qty.is_none() {
            bad("import-bad-qty", cell("qty"));
        }
        let sold_at = parse_moment(cell("date"), self.tz);
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
        let receipt = cell("receipt");
        if receipt.is_empty() || receipt.len() > 60 {
            bad("import-bad-receipt", receipt);
        }
        let customer = match cell("customer") {
            "" if payment == Some(Payment::Debt) => {
                bad("import-debt-needs-customer", receipt);
                None
            }
            "" => Some(None),
            text => match self.customers.get(&customer_key(text)) {
                Some(id) => Some(Some(*id)),
                None => {
                    bad("import-bad-customer", text);
                    None
                }
            },
        };
        if self.problems.len() > before {
            return None;
        }
        Some(Row {
            line,
            receipt: receipt.to_string(),
            branch_id: branch?,
            sold_at: sold_at?,
            payment: payment?,
            sale_type: sale_type?,
            customer_id: customer?,
            line_input: LineInput { product_id: product?, qty: qty?, unit_price: price?, discount: discount? },
        })
    }

    /// The checked rows, or what is wrong with the file (by line).
    fn finish(mut self) -> std::result::Result<Vec<Row>, Vec<Problem>> {
        if self.problems.is_empty() && self.seen == 0 {
            self.problems.push(Problem::of_file("import-empty", ""));
        }
        if self.problems.is_empty() {
            Ok(self.rows)
        } else {
            self.problems.sort_by_key(|p| p.line);
            Err(self.problems)
        }
    }
}

/// Imports a file as it streams in (the bot's download, a file on disk): every row is
/// checked first; a file with any bad row is refused as a whole with each row's problem, and
/// a good one goes in as one transaction, as `actor` (who may import, and sell in each row's
/// branch). The low-stock crossings of the imported sales come back as events.
pub async fn import_file<R: Read + Seek + Send>(db: &Db, actor: &Actor, file_name: &str, source: R) -> Result<Outcome> {
    match check_file(db, actor, file_name, source).await? {
        Ok(checked) => commit(db, actor, checked).await,
        Err(problems) => Ok(Outcome::Refused(problems)),
    }
}

/// A file read with every row checked, to be written by [`commit`] (a door may say so in
/// between: reading a big file and writing it are the two long parts).
pub struct Checked(Vec<Row>);

impl Checked {
    /// The sale lines checked.
    pub fn rows(&self) -> usize {
        self.0.len()
    }
}

/// Reads and checks a file ([`import_file`]'s first half): the checked rows, or every problem.
pub async fn check_file<R: Read + Seek + Send>(
    db: &Db,
    actor: &Actor,
    file_name: &str,
    source: R,
) -> Result<std::result::Result<Checked, Vec<Problem>>> {
    actor.require(Action::ImportSales)?;
    let started = std::time::Instant::now();
    let mut checker = Checker::load(db, actor.company_id).await?;
    if let Err(problem) = read_rows(file_name, source, |line, cells| checker.take(line, cells)) {
        return Ok(Err(vec![problem]));
    }
    tracing::debug!(rows = checker.seen, ms = started.elapsed().as_millis() as u64, "import: file read and checked");
    Ok(checker.finish().map(Checked))
}

/// Imports rows already read, header first (see [`import_file`]).
pub async fn import_sales(db: &Db, actor: &Actor, table: Vec<Vec<String>>) -> Result<Outcome> {
    actor.require(Action::ImportSales)?;
    let mut checker = Checker::load(db, actor.company_id).await?;
    for (i, row) in table.iter().enumerate() {
        if !checker.take(i + 1, row) {
            break;
        }
    }
    match checker.finish() {
        Ok(rows) => commit(db, actor, Checked(rows)).await,
        Err(problems) => Ok(Outcome::Refused(problems)),
    }
}

/// Writes a checked file ([`import_file`]'s second half), or refuses it whole.
pub async fn commit(db: &Db, actor: &Actor, checked: Checked) -> Result<Outcome> {
    let rows = checked.0;
    let row_count = rows.len();
    let receipts = receipts_of(rows);
    let mut problems = Vec::new();
    for receipt in &receipts {
        let first = &receipt[0];
        for row in &receipt[1..] {
            if row.branch_id != first.branch_id
                || row.payment != first.payment
                || row.sold_at != first.sold_at
                || row.sale_type != first.sale_type
                || row.customer_id != first.customer_id
            {
                problems.push(Problem { line: row.line, key: "import-receipt-mismatch", value: first.receipt.clone() });
            }
        }
    }
    let keys: Vec<String> = receipts.iter().map(|r| key_of(&r[0].receipt)).collect();
    let already = sales::imported_keys(db, actor.company_id, &keys).await?;
    for receipt in receipts.iter().filter(|r| already.contains(&key_of(&r[0].receipt))) {
        problems.push(Problem { line: receipt[0].line, key: "import-already", value: receipt[0].receipt.clone() });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        problems.truncate(MAX_PROBLEMS);
        return Ok(Outcome::Refused(problems));
    }

    let inputs: Vec<SaleInput> = receipts
        .iter()
        .map(|rows| {
            let first = &rows[0];
            SaleInput {
                branch_id: first.branch_id,
                cashier_id: None,
                customer_id: first.customer_id,
                sale_type: first.sale_type,
                payment: first.payment,
                lines: rows.iter().map(|r| r.line_input.clone()).collect(),
                sold_at: Some(first.sold_at),
                source: "import",
                idempotency_key: Some(key_of(&first.receipt)),
                ..Default::default()
            }
        })
        .collect();
    let mut tx = db.begin().await?;
    match sales::record_batch(&mut tx, actor, &inputs).await? {
        Ok(batch) => {
            let started = std::time::Instant::now();
            tx.commit().await.map_err(anyhow::Error::from)?;
            tracing::debug!(ms = started.elapsed().as_millis() as u64, "import: committed");
            Ok(Outcome::Imported { receipts: inputs.len(), rows: row_count, total: batch.total, events: batch.events })
        }
        // A rule the row checks could not see (a discount above the line, a credit limit):
        // refuse all.
        Err(rejected) => {
            let first = &receipts[rejected.index][0];
            Ok(Outcome::Refused(vec![Problem {
                line: first.line,
                key: rejected.refusal.message_key(),
                value: first.receipt.clone(),
            }]))
        }
    }
}

/// The receipt's idempotency key: a receipt number is imported once.
fn key_of(receipt: &str) -> String {
    format!("import:{receipt}")
}

/// Rows grouped by receipt number, receipts in the order they first appear.
fn receipts_of(rows: Vec<Row>) -> Vec<Vec<Row>> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut receipts: Vec<Vec<Row>> = Vec::new();
    for row in rows {
        match index.get(&row.receipt) {
            Some(&i) => receipts[i].push(row),
            None => {
                index.insert(row.receipt.clone(), receipts.len());
                receipts.push(vec![row]);
            }
        }
    }
    receipts
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
