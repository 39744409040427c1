//! Tables to an Excel workbook: one worksheet per table, money as real numbers in so‘m
//! (so the accountant can sum and pivot them), never as text.

use std::collections::HashSet;

use anyhow::Context;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};

use super::table::{Cell, ColumnKind, Table};

/// Row 0 title, row 1 subtitle, row 2 blank, row 3 headers, data from row 4.
const TITLE_ROW: u32 = 0;
const SUBTITLE_ROW: u32 = 1;
const HEADER_ROW: u32 = 3;

/// `#,##0.00` is Excel's built-in "thousands + two decimals" code; the `,` is the
/// locale's group separator, so an Uzbek/Russian Excel shows `1 250 000,50`.
/// (A literal `# ##0.00` would insert a fixed space, not group thousands.)
const MONEY_FORMAT: &str = "#,##0.00";

const TEXT_WIDTH: f64 = 40.0;
const MONEY_WIDTH: f64 = 18.0;

/// Excel's limit, counted in UTF-16 units.
const MAX_SHEET_NAME: usize = 31;

/// The formats every sheet shares, built once.
struct Formats {
    plain: Format,
    bold: Format,
    money: Format,
    bold_money: Format,
    /// Money headers sit above right-aligned numbers.
    bold_right: Format,
}

impl Formats {
    fn new() -> Self {
        let money = Format::new().set_num_format(MONEY_FORMAT);
        Self {
            plain: Format::new(),
            bold: Format::new().set_bold(),
            bold_money: money.clone().set_bold(),
            money,
            bold_right: Format::new().set_bold().set_align(FormatAlign::Right),
        }
    }
}

/// Renders the tables into an `.xlsx` file in memory.
pub fn to_xlsx(tables: &[Table]) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    // Excel compares sheet names case-insensitively and reserves "History".
    let mut used: HashSet<String> = HashSet::from(["history".to_string()]);
    for (index, table) in tables.iter().enumerate() {
        let name = unique_sheet_name(&table.title, index, &mut used);
        let sheet = workbook.add_worksheet();
        sheet.set_name(name.as_str()).with_context(|| format!("sheet name {name:?}"))?;
        write_table(sheet, table, &formats).with_context(|| format!("sheet {name:?}"))?;
    }
    // With no tables rust_xlsxwriter adds an empty "Sheet1", which is still a valid file.
    workbook.save_to_buffer().context("saving the workbook")
}

fn write_table(sheet: &mut Worksheet, table: &Table, f: &Formats) -> anyhow::Result<()> {
    sheet.write_string_with_format(TITLE_ROW, 0, table.title.as_str(), &f.bold)?;
    if !table.subtitle.is_empty() {
        sheet.write_string(SUBTITLE_ROW, 0, table.subtitle.as_str())?;
    }
    for (index, column) in table.columns.iter().enumerate() {
        let col = u16::try_from(index)?;
        let (width, header_format) = match column.kind {
            ColumnKind::Text => (TEXT_WIDTH, &f.bold),
            ColumnKind::Money => (MONEY_WIDTH, &f.bold_right),
        };
        sheet.set_column_width(col, width)?;
        sheet.write_string_with_format(HEADER_ROW, col, column.header.as_str(), header_format)?;
    }
    let mut row = HEADER_ROW + 1;
    for cells in &table.rows {
        write_row(sheet, row, cells, &f.plain, &f.money)?;
        row += 1;
    }
    if let Some(totals) = &table.totals {
        write_row(sheet, row, totals, &f.bold, &f.bold_money)?;
    }
    Ok(())
}

fn write_row(sheet: &mut Worksheet, row: u32, cells: &[Cell], text: &Format, money: &Format) -> anyhow::Result<()> {
    for (index, cell) in cells.iter().enumerate() {
        let col = u16::try_from(index)?;
        match cell {
            Cell::Text(s) => {
                sheet.write_string_with_format(row, col, s.as_str(), text)?;
            }
            Cell::Money(tiyin) => {
                sheet.write_number_with_format(row, col, som(*tiyin), money)?;
            }
            Cell::Empty => {}
        }
    }
    Ok(())
}

/// Tiyin to so‘m. Exact for any realistic amount (f64 holds integers up to 2^53).
fn som(tiyin: i64) -> f64 {
    tiyin as f64 / 100.0
}

/// A valid, unique sheet name from the table title (falls back to "Hisobot N").
fn unique_sheet_name(title: &str, index: usize, used: &mut HashSet<String>) -> String {
    let base = match sanitize_sheet_name(title) {
        s if s.is_empty() => format!("Hisobot {}", index + 1),
        s => s,
    };
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name.to_lowercase()) {
        let suffix = format!(" ({n})");
        let room = MAX_SHEET_NAME - suffix.len();
        name = format!("{}{suffix}", truncate_utf16(&base, room).trim_end());
        n += 1;
    }
    used.insert(name.to_lowercase());
    name
}

/// Replaces the characters Excel forbids with spaces (collapsed), trims what it
/// rejects at the ends (apostrophes) and cuts to 31 UTF-16 units.
fn sanitize_sheet_name(title: &str) -> String {
    let replaced: String = title
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { ' ' } else { c })
        .collect();
    let collapsed = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = truncate_utf16(&collapsed, MAX_SHEET_NAME);
    cut.trim_matches(|c: char| c == '\'' || c.is_whitespace()).to_string()
}

/// The longest prefix of `s` that fits in `max` UTF-16 units, on a char boundary.
fn truncate_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (byte, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..byte];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::table::Column;
    use calamine::{Data, Reader};

    fn sample(title: &str) -> Table {
        Table {
            title: title.into(),
            subtitle: "Savdo MChJ, 2024-yil may".into(),
            columns: vec![
                Column { header: "Hisob".into(), kind: ColumnKind::Text },
                Column { header: "Summa".into(), kind: ColumnKind::Money },
            ],
            rows: vec![
                vec![Cell::Text("5010 Kassa".into()), Cell::Money(125_000_050)],
                vec![Cell::Text("Bo‘sh".into()), Cell::Empty],
            ],
            totals: Some(vec![Cell::Text("Jami".into()), Cell::Money(125_000_050)]),
        }
    }

    #[test]
    fn is_a_zip_and_money_reads_back_as_a_number() {
        let bytes = to_xlsx(&[sample("Foyda va zarar"), sample("Foyda va zarar")]).unwrap();
        assert_eq!(&bytes[..2], b"PK");

        let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(workbook.sheet_names(), vec!["Foyda va zarar".to_string(), "Foyda va zarar (2)".to_string()]);
        let range = workbook.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(range.get_value((0, 0)), Some(&Data::String("Foyda va zarar".into())));
        assert_eq!(range.get_value((3, 1)), Some(&Data::String("Summa".into())));
        assert_eq!(range.get_value((4, 1)), Some(&Data::Float(1250000.5)));
        assert_eq!(range.get_value((6, 1)), Some(&Data::Float(1250000.5)));
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = HashSet::from(["history".to_string()]);
        let long = "Aylanma qaydnoma [5010/5110]: juda uzun sarlavha";
        let first = unique_sheet_name(long, 0, &mut used);
        let second = unique_sheet_name(long, 1, &mut used);
        for name in [&first, &second] {
            assert!(name.encode_utf16().count() <= MAX_SHEET_NAME, "{name}");
            assert!(!name.contains(['[', ']', ':', '*', '?', '/', '\\']), "{name}");
        }
        assert_ne!(first.to_lowercase(), second.to_lowercase());
        assert_eq!(unique_sheet_name("", 2, &mut used), "Hisobot 3");
        assert_eq!(unique_sheet_name("History", 3, &mut used), "History (2)");
    }
}
