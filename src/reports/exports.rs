//! Exports written as their pages arrive (see `domain::exports`): XLSX in constant-memory mode
//! (rows go to a temporary file, not to memory), CSV straight to its writer, PDF for what fits
//! on paper. Each writer runs on a blocking thread and takes pages from a channel, so reading
//! the next page and writing this one overlap.

use std::io::{Seek, Write};

use anyhow::Context;
use rust_xlsxwriter::{Format, Workbook};
use tokio::sync::mpsc::Receiver;

use super::table::{Cell, Column, ColumnKind, Table};
use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::exports::{self, Kind, Row, Spec, Type, Value};
use crate::domain::money::Qty;
use crate::domain::Refusal;
use crate::i18n::{t, Lang};

/// A PDF of more rows than this is refused: a spreadsheet is the right file for it.
pub const PDF_MAX_ROWS: usize = 5_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Xlsx,
    Csv,
    Pdf,
}

impl FileFormat {
    pub fn parse(s: &str) -> Option<FileFormat> {
        match s.trim() {
            "xlsx" => Some(FileFormat::Xlsx),
            "csv" => Some(FileFormat::Csv),
            "pdf" => Some(FileFormat::Pdf),
            _ => None,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "xlsx",
            FileFormat::Csv => "csv",
            FileFormat::Pdf => "pdf",
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileFormat::Csv => "text/csv; charset=utf-8",
            FileFormat::Pdf => "application/pdf",
        }
    }
}

/// The PDF would be longer than [`PDF_MAX_ROWS`].
#[derive(Debug, thiserror::Error)]
#[error("more than {PDF_MAX_ROWS} rows for a PDF")]
pub struct PdfTooLong;

/// Runs an export into `file`: the rows are read here, page by page, and written on a
/// blocking thread as they come; `progress` hears the rows written so far.
pub async fn to_file(
    db: &Db,
    actor: &Actor,
    spec: &Spec,
    heading: Heading,
    format: FileFormat,
    file: std::fs::File,
    progress: impl FnMut(u64) + Send + 'static,
) -> crate::domain::Result<u64> {
    let kind = heading.kind;
    let (pages, mut rx) = tokio::sync::mpsc::channel(2);
    let writer = tokio::task::spawn_blocking(move || -> anyhow::Result<u64> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        let rows = match format {
            FileFormat::Xlsx => write_xlsx(&heading, &mut rx, &mut out, progress)?,
            FileFormat::Csv => write_csv(&heading, &mut rx, &mut out, progress)?,
            FileFormat::Pdf => {
                let mut rows = 0;
                let bytes = write_pdf(&heading, &mut rx, |n| {
                    rows = n;
                })?;
                out.write_all(&bytes)?;
                rows
            }
        };
        out.flush()?;
        Ok(rows)
    });
    // The reader ends when the writer stops taking pages (a PDF too long), and the writer when
    // the reader is done (the channel closes).
    let read = exports::read(db, actor, kind, spec, pages).await;
    let written = writer.await.map_err(anyhow::Error::from)?;
    read?;
    match written {
        Ok(rows) => Ok(rows),
        Err(e) if e.is::<PdfTooLong>() => Err(Refusal::TooLongForPdf.into()),
        Err(e) => Err(e.into()),
    }
}

/// The heading of an export: its kind, and the company, period and filters in the subtitle.
pub async fn heading(db: &Db, actor: &Actor, kind: Kind, spec: &Spec, lang: Lang) -> crate::domain::Result<Heading> {
    let mut parts = vec![crate::domain::company::name(db, actor.company_id).await?];
    let (from, to) = exports::period(db, actor, kind, spec).await?;
    parts.push(if kind.has_period() { format!("{from} — {to}") } else { to.to_string() });
    if let Some(branch) = spec.branch_id {
        parts.push(crate::domain::company::branch(db, actor.company_id, branch).await?.name);
    }
    Ok(Heading { lang, kind, subtitle: parts.join(" · ") })
}

/// What heads the file: the title (the kind, in the reader's language) and a subtitle.
pub struct Heading {
    pub lang: Lang,
    pub kind: Kind,
    pub subtitle: String,
}

impl Heading {
    pub fn title(&self) -> String {
        t(self.lang, &format!("export-{}", self.kind.code()))
    }
    fn headers(&self) -> Vec<String> {
        self.kind.columns().iter().map(|(key, _)| t(self.lang, key)).collect()
    }
}

/// A value as text for CSV and PDF: money and quantities as plain decimals with a dot, so a
/// spreadsheet reads numbers.
fn plain(lang: Lang, value: &Value) -> String {
    match value {
        Value::Text(s) => s.clone(),
        Value::Name(s) => s.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Money(m) => {
            format!("{}{}.{:02}", if *m < 0 { "-" } else { "" }, m.unsigned_abs() / 100, m.unsigned_abs() % 100)
        }
        Value::Qty(q) => qty_plain(*q),
        Value::Flag(b) => t(lang, if *b { "yes" } else { "no" }),
        Value::Kind(k) => kind_name(lang, k),
    }
}

fn qty_plain(q: i64) -> String {
    let (sign, abs) = (if q < 0 { "-" } else { "" }, q.unsigned_abs());
    match abs % 1000 {
        0 => format!("{sign}{}", abs / 1000),
        frac => format!("{sign}{}.{}", abs / 1000, format!("{frac:03}").trim_end_matches('0')),
    }
}

fn kind_name(lang: Lang, kind: &str) -> String {
    if kind == "opening" {
        t(lang, "statement-opening")
    } else {
        t(lang, &format!("cf-{kind}"))
    }
}

/// Writes CSV (RFC 4180) as pages arrive; `progress` hears the rows written so far.
pub fn write_csv<W: Write>(
    heading: &Heading,
    pages: &mut Receiver<Vec<Row>>,
    out: W,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<u64> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(heading.headers())?;
    let mut rows = 0u64;
    let mut buf = String::new();
    while let Some(page) = pages.blocking_recv() {
        for row in &page {
            for value in row {
                // Text is written as it is; only numbers are formatted (into one reused buffer).
                match value {
                    Value::Text(s) => csv.write_field(s)?,
                    Value::Name(s) => csv.write_field(&**s)?,
                    other => {
                        buf.clear();
                        buf.push_str(&plain(heading.lang, other));
                        csv.write_field(&buf)?;
                    }
                }
            }
            csv.write_record(None::<&[u8]>)?;
        }
        rows += page.len() as u64;
        progress(rows);
    }
    csv.flush()?;
    Ok(rows)
}

/// Row 0 title, row 1 subtitle, row 3 headers, data from row 4 (as the statements' workbooks).
const HEADER_ROW: u32 = 3;

/// Writes an XLSX workbook as pages arrive, in constant-memory mode.
pub fn write_xlsx<W: Write + Seek + Send>(
    heading: &Heading,
    pages: &mut Receiver<Vec<Row>>,
    out: W,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<u64> {
    let mut workbook = Workbook::new();
    // Deflate at level 1: most of the time goes to compression, and the file is barely larger.
    workbook.set_zip_compression_level(1);
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let qty = Format::new().set_num_format("#,##0.###");
    let sheet = workbook.add_worksheet_with_constant_memory().context("a worksheet in a temporary file")?;
    sheet.set_name(heading.kind.code())?;
    sheet.write_string_with_format(0, 0, heading.title(), &bold)?;
    sheet.write_string(1, 0, &heading.subtitle)?;
    for (col, ((_, kind), header)) in heading.kind.columns().iter().zip(heading.headers()).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(HEADER_ROW, col, header, &bold)?;
        sheet.set_column_width(col, if *kind == Type::Text { 28.0 } else { 16.0 })?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    let mut row_no = HEADER_ROW + 1;
    let mut rows = 0u64;
    while let Some(page) = pages.blocking_recv() {
        for row in &page {
            for (col, value) in row.iter().enumerate() {
                let col = col as u16;
                match value {
                    Value::Text(s) if s.is_empty() => {}
                    Value::Text(s) => {
                        sheet.write_string(row_no, col, s)?;
                    }
                    Value::Name(s) => {
                        sheet.write_string(row_no, col, &**s)?;
                    }
                    Value::Int(n) => {
                        sheet.write_number(row_no, col, *n as f64)?;
                    }
                    Value::Money(m) => {
                        sheet.write_number_with_format(row_no, col, *m as f64 / 100.0, &money)?;
                    }
                    Value::Qty(q) => {
                        sheet.write_number_with_format(row_no, col, *q as f64 / 1000.0, &qty)?;
                    }
                    Value::Flag(_) | Value::Kind(_) => {
                        sheet.write_string(row_no, col, plain(heading.lang, value))?;
                    }
                }
            }
            row_no += 1;
        }
        rows += page.len() as u64;
        progress(rows);
    }
    workbook.save_to_writer(out)?;
    Ok(rows)
}

/// Collects the rows into a PDF; refuses ([`PdfTooLong`]) past [`PDF_MAX_ROWS`].
pub fn write_pdf(
    heading: &Heading,
    pages: &mut Receiver<Vec<Row>>,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<Vec<u8>> {
    let lang = heading.lang;
    let columns: Vec<Column> = heading
        .kind
        .columns()
        .iter()
        .zip(heading.headers())
        .map(|((_, kind), header)| Column {
            header,
            kind: if *kind == Type::Money { ColumnKind::Money } else { ColumnKind::Text },
        })
        .collect();
    let mut table =
        Table { title: heading.title(), subtitle: heading.subtitle.clone(), columns, rows: Vec::new(), totals: None };
    while let Some(page) = pages.blocking_recv() {
        if table.rows.len() + page.len() > PDF_MAX_ROWS {
            return Err(PdfTooLong.into());
        }
        table.rows.extend(page.iter().map(|row| {
            row.iter()
                .map(|v| match v {
                    Value::Money(m) => Cell::Money(*m),
                    Value::Qty(q) => Cell::Text(Qty(*q).format(lang)),
                    Value::Text(s) if s.is_empty() => Cell::Empty,
                    other => Cell::Text(plain(lang, other)),
                })
                .collect()
        }));
        progress(table.rows.len() as u64);
    }
    // The money columns' totals, where a total means something (not balances or prices).
    if table.rows.len() > 1
        && !matches!(heading.kind, Kind::CustomerStatement | Kind::SupplierStatement | Kind::Inventory)
    {
        let totals = heading
            .kind
            .columns()
            .iter()
            .enumerate()
            .map(|(i, (key, kind))| match (i, kind) {
                (0, _) => Cell::Text(t(lang, "col-total")),
                (_, Type::Money) if *key != "col-price" => Cell::Money(
                    table.rows.iter().map(|r| if let Some(Cell::Money(m)) = r.get(i) { *m } else { 0 }).sum(),
                ),
                _ => Cell::Empty,
            })
            .collect();
        table.totals = Some(totals);
    }
    super::pdf::to_pdf(std::slice::from_ref(&table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_of_too_many_rows_is_refused() {
        let (pages, mut rx) = tokio::sync::mpsc::channel(2);
        std::thread::spawn(move || {
            for _ in 0..3 {
                if pages.blocking_send(vec![vec![Value::Text("x".into()); 8]; 2_000]).is_err() {
                    break;
                }
            }
        });
        let heading = Heading { lang: Lang::Uz, kind: Kind::Sales, subtitle: String::new() };
        assert!(write_pdf(&heading, &mut rx, |_| {}).unwrap_err().is::<PdfTooLong>());
    }

    #[test]
    fn quantities_as_plain_decimals() {
        assert_eq!(qty_plain(1500), "1.5");
        assert_eq!(qty_plain(-2000), "-2");
        assert_eq!(qty_plain(1), "0.001");
        assert_eq!(qty_plain(12_340), "12.34");
    }
}
