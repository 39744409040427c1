//! A report as a table of cells, whatever it is rendered to (chat text, XLSX, PDF, CSV).

/// One report: a title, columns, rows and an optional totals row.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Table {
    pub title: String,
    /// E.g. the company and the period.
    pub subtitle: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub totals: Option<Vec<Cell>>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Column {
    pub header: String,
    pub kind: ColumnKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    Text,
    /// Integer tiyin, shown in so‘m with two decimals.
    Money,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cell {
    Text(String),
    /// Tiyin.
    Money(i64),
    Empty,
}

/// `1 250 000,50` — so‘m with two decimals, thin-free plain spaces (for PDF and CSV).
pub fn money_text(tiyin: i64) -> String {
    let sign = if tiyin < 0 { "-" } else { "" };
    let abs = tiyin.unsigned_abs();
    format!("{sign}{},{:02}", crate::domain::money::group_digits(abs / 100, ' '), abs % 100)
}

/// CSV (RFC 4180, comma separated; money as plain decimals with a dot so spreadsheets read numbers).
pub fn to_csv(table: &Table) -> String {
    let mut out = String::new();
    let escape = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let headers: Vec<String> = table.columns.iter().map(|c| escape(&c.header)).collect();
    out.push_str(&headers.join(","));
    out.push('\n');
    for row in table.rows.iter().chain(table.totals.iter()) {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(t) => escape(t),
                Cell::Money(m) => {
                    format!("{}{}.{:02}", if *m < 0 { "-" } else { "" }, m.unsigned_abs() / 100, m.unsigned_abs() % 100)
                }
                Cell::Empty => String::new(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_csv() {
        assert_eq!(money_text(125_000_050), "1 250 000,50");
        assert_eq!(money_text(-5), "-0,05");
        let table = Table {
            title: "T".into(),
            subtitle: String::new(),
            columns: vec![
                Column { header: "Account".into(), kind: ColumnKind::Text },
                Column { header: "Amount".into(), kind: ColumnKind::Money },
            ],
            rows: vec![vec![Cell::Text("5010, kassa".into()), Cell::Money(-12_345)]],
            totals: Some(vec![Cell::Text("Total".into()), Cell::Money(100)]),
        };
        assert_eq!(to_csv(&table), "Account,Amount\n\"5010, kassa\",-123.45\nTotal,1.00\n");
    }
}
