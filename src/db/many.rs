//! Writing many rows with one statement: the rows travel as one JSON array of arrays and the
//! database unpacks it with its own JSON functions (`json_each` in SQLite,
//! `json_array_elements` in PostgreSQL), so 100,000 rows cost one bound parameter and one
//! round trip instead of 100,000 of each.

use std::io::Write;

use super::Tx;

/// A column of [`insert_many`]: its name and how its JSON cell becomes an SQL value.
#[derive(Clone, Copy, Debug)]
pub enum Column {
    Int(&'static str),
    Text(&'static str),
}

/// The cells of one row, written in the order of the columns.
pub struct Cells<'a>(&'a mut Vec<u8>, bool);

impl Cells<'_> {
    fn sep(&mut self) {
        if self.1 {
            self.0.push(b',');
        }
        self.1 = true;
    }
    pub fn int(&mut self, v: i64) -> &mut Self {
        self.sep();
        let _ = write!(self.0, "{v}");
        self
    }
    pub fn opt(&mut self, v: Option<i64>) -> &mut Self {
        match v {
            Some(v) => self.int(v),
            None => {
                self.sep();
                self.0.extend_from_slice(b"null");
                self
            }
        }
    }
    pub fn text(&mut self, v: &str) -> &mut Self {
        self.sep();
        // A string always serialises.
        let _ = serde_json::to_writer(&mut *self.0, v);
        self
    }
    pub fn opt_text(&mut self, v: Option<&str>) -> &mut Self {
        match v {
            Some(v) => self.text(v),
            None => {
                self.sep();
                self.0.extend_from_slice(b"null");
                self
            }
        }
    }
}

/// Rows per statement: bounds the JSON text held at once (a few MB).
const CHUNK: usize = 50_000;

/// `INSERT INTO table (columns) <rows> <tail>`, where `tail` may be an `ON CONFLICT` clause
/// naming `excluded` columns. `write` puts each item's cells in the columns' order.
pub async fn insert_many<T>(
    tx: &mut Tx,
    table: &str,
    columns: &[Column],
    items: &[T],
    tail: &str,
    write: impl Fn(&T, &mut Cells),
) -> anyhow::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let postgres = tx.backend_name() == "PostgreSQL";
    let names: Vec<&str> = columns
        .iter()
        .map(|c| match c {
            Column::Int(n) | Column::Text(n) => *n,
        })
        .collect();
    let values: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| match c {
            Column::Int(_) => format!("CAST(value->>{i} AS BIGINT)"),
            Column::Text(_) => format!("value->>{i}"),
        })
        .collect();
    let source = if postgres { "json_array_elements(CAST($1 AS JSON))" } else { "json_each($1)" };
    // `WHERE true` keeps SQLite from reading `ON CONFLICT` as a join's `ON`.
    let sql = format!(
        "INSERT INTO {table} ({}) SELECT {} FROM {source} WHERE true {tail}",
        names.join(", "),
        values.join(", ")
    );
    let mut text = Vec::with_capacity(items.len().min(CHUNK) * 16 * columns.len());
    for chunk in items.chunks(CHUNK) {
        text.clear();
        text.push(b'[');
        for (n, item) in chunk.iter().enumerate() {
            if n > 0 {
                text.push(b',');
            }
            text.push(b'[');
            write(item, &mut Cells(&mut text, false));
            text.push(b']');
        }
        text.push(b']');
        let json = std::str::from_utf8(&text).expect("JSON written from strings is UTF-8");
        sqlx::query(&sql).bind(json).execute(&mut **tx).await?;
    }
    Ok(())
}

/// `n` fresh ids for `table`, to insert rows that point at each other in one go. In SQLite the
/// transaction that reserves them holds the only write lock; PostgreSQL hands them out of the
/// table's sequence, so concurrent writers never collide.
pub async fn reserve_ids(tx: &mut Tx, table: &str, n: usize) -> anyhow::Result<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if tx.backend_name() == "PostgreSQL" {
        let sql = format!("SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1)");
        return Ok(sqlx::query_scalar(&sql).bind(n as i64).fetch_all(&mut **tx).await?);
    }
    let last: i64 = sqlx::query_scalar(&format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {table}"))
        .fetch_one(&mut **tx)
        .await?;
    Ok((last + 1..=last + n as i64).collect())
}

/// A subquery listing the text values of the JSON array bound as `$param`, for an `IN (…)` of
/// any length.
pub fn json_texts(backend: super::Backend, param: usize) -> String {
    match backend {
        super::Backend::Postgres => format!("SELECT json_array_elements_text(CAST(${param} AS JSON))"),
        super::Backend::Sqlite => format!("SELECT value FROM json_each(${param})"),
    }
}
