//! Writing many rows with few statements: multi-row `INSERT … VALUES (…), (…)` with as many
//! bound values as the database takes at once, so 100,000 rows cost a few dozen round trips
//! instead of 100,000. (Rows sent as one JSON document that SQLite's `json_each` unpacks
//! measured two and a half times slower: each cell re-parses its row's text.)

use sqlx::any::AnyArguments;
use sqlx::Arguments;

use super::Tx;

/// The cells of one row, bound in the order of the columns.
pub struct Cells<'a>(&'a mut AnyArguments<'static>);

impl Cells<'_> {
    pub fn int(&mut self, v: i64) -> &mut Self {
        // Binding an integer or a string cannot fail.
        let _ = self.0.add(v);
        self
    }
    pub fn opt(&mut self, v: Option<i64>) -> &mut Self {
        let _ = self.0.add(v);
        self
    }
    pub fn text(&mut self, v: &str) -> &mut Self {
        let _ = self.0.add(v.to_string());
        self
    }
    pub fn opt_text(&mut self, v: Option<&str>) -> &mut Self {
        let _ = self.0.add(v.map(str::to_string));
        self
    }
}

/// A value every row of an [`insert_many`] shares, written into the statement rather than bound
/// once per row (binding is most of the cost).
#[derive(Clone, Copy, Debug)]
pub enum Fixed<'a> {
    Int(i64),
    Text(&'a str),
    Null,
}

impl Fixed<'_> {
    fn literal(self) -> String {
        match self {
            Fixed::Int(v) => v.to_string(),
            Fixed::Text(v) => format!("'{}'", v.replace('\'', "''")),
            Fixed::Null => "NULL".into(),
        }
    }
}

/// Bound values per statement: SQLite's limit (32,766); PostgreSQL takes 65,535.
const MAX_BINDS: usize = 32_766;

/// `INSERT INTO table (columns, fixed columns) VALUES … <tail>`, where `tail` may be an
/// `ON CONFLICT` clause naming `excluded` columns. `write` binds each item's cells in the
/// columns' order.
pub async fn insert_many<T>(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    fixed: &[(&str, Fixed<'_>)],
    items: &[T],
    tail: &str,
    write: impl Fn(&T, &mut Cells),
) -> anyhow::Result<()> {
    let per_statement = (MAX_BINDS / columns.len()).max(1);
    let postgres = tx.backend_name() == "PostgreSQL";
    let names: Vec<&str> = columns.iter().copied().chain(fixed.iter().map(|(name, _)| *name)).collect();
    let literals: String = fixed.iter().map(|(_, value)| format!(", {}", value.literal())).collect();
    let statement = |chunk: &[T]| {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", names.join(", "));
        let mut n = 0;
        for row in 0..chunk.len() {
            sql.push_str(if row == 0 { "(" } else { ", (" });
            for col in 0..columns.len() {
                n += 1;
                if col > 0 {
                    sql.push_str(", ");
                }
                // SQLite looks each named parameter (`$7`) up among those before it: anonymous
                // ones keep a 30,000-value statement linear.
                if postgres {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                } else {
                    sql.push('?');
                }
            }
            sql.push_str(&literals);
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(tail);
        let mut args = AnyArguments::default();
        for item in chunk {
            write(item, &mut Cells(&mut args));
        }
        (sql, args)
    };
    // The next statement is built while the database runs this one (two cores, two halves).
    let mut chunks = items.chunks(per_statement);
    let mut current = chunks.next().map(statement);
    while let Some((sql, args)) = current {
        let (done, next) =
            tokio::join!(sqlx::query_with(&sql, args).execute(&mut **tx), async { chunks.next().map(statement) });
        done?;
        current = next;
    }
    Ok(())
}

/// Rows of `select` (a `SELECT` list) `from` (its `FROM …` and the rest), fetched as one JSON
/// document the database builds and decoded into `T` (a tuple matching the list): a hundred
/// thousand rows in a few milliseconds, where row-by-row decoding takes a quarter of a second.
/// `from` may end in `FOR UPDATE`.
pub async fn fetch_all_json<T: serde::de::DeserializeOwned>(
    tx: &mut Tx,
    select: &str,
    from: &str,
    bind: i64,
) -> anyhow::Result<Vec<T>> {
    let names: Vec<String> = (0..select.split(',').count()).map(|i| format!("c{i}")).collect();
    let inner = format!(
        "SELECT {} {from}",
        select.split(',').zip(&names).map(|(e, n)| format!("{} AS {n}", e.trim())).collect::<Vec<_>>().join(", ")
    );
    let sql = if tx.backend_name() == "PostgreSQL" {
        format!(
            "SELECT CAST(COALESCE(json_agg(json_build_array({})), CAST('[]' AS JSON)) AS TEXT) FROM ({inner}) r",
            names.join(", ")
        )
    } else {
        format!("SELECT json_group_array(json_array({})) FROM ({inner})", names.join(", "))
    };
    let text: String = sqlx::query_scalar(&sql).bind(bind).fetch_one(&mut **tx).await?;
    Ok(serde_json::from_str(&text)?)
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
