//! Database access: one pool for SQLite or PostgreSQL, chosen from the URL.
//!
//! Queries are written once, with `$1` placeholders that both SQLite and PostgreSQL accept,
//! through `sqlx::Any`. That driver maps only integers, floats, text and bytes, so timestamps
//! are Unix seconds and flags are text; each database has its own migrations folder with the
//! same meaning. Besides the pool: the infrastructure tables no business rule reads
//! (handled update ids, the webhook's inbox, chat dialogue state, claimed job runs).

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyPool, Transaction};

pub mod backup;
pub mod dialogues;
pub mod inbox;
pub mod job_runs;
pub mod many;
pub mod sqlite_rows;
pub mod updates;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    /// For read-only lists that many clients page through at once (the catalogue API): on a
    /// SQLite file, read-only connections beside the one writer (WAL lets them read while it
    /// writes); otherwise the pool itself.
    pub reader: AnyPool,
    pub backend: Backend,
    /// Kept to open a [`Bulk`] reader.
    url: std::sync::Arc<str>,
}

/// How to read many rows (an export of a million sale lines) on a connection of their own, so
/// the till keeps its own meanwhile: a SQLite file through SQLite's own loop
/// ([`sqlite_rows`]), PostgreSQL through the native driver (the `Any` driver converts every row
/// through a generic value list).
pub enum Bulk {
    SqliteFile(String),
    Postgres(sqlx::PgPool),
}

pub type Tx = Transaction<'static, Any>;

impl Db {
    /// Opens a pool. A SQLite file is created if it does not exist yet.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let options =
            AnyConnectOptions::from_str(&url).with_context(|| format!("invalid database URL {}", redact(&url)))?;
        // SQLite takes one writer at a time anyway. With one connection, a transaction dropped on
        // an error path is rolled back before the connection is used again, instead of a second
        // connection waiting on its lock ("database is locked").
        let max = if backend == Backend::Sqlite { 1 } else { 10 };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    // WAL is on by default; NORMAL sync is safe with WAL and avoids an fsync per commit.
                    if backend == Backend::Sqlite {
                        sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *conn).await?;
                        // A big transaction (an import) keeps its index pages in memory instead of
                        // spilling them to the WAL half-way: up to 64 MB, taken only as used.
                        sqlx::query("PRAGMA cache_size = -65536").execute(conn).await?;
                    }
                    Ok(())
                })
            })
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the database {}", redact(&url)))?;
        let reader = match (backend, sqlite_rows::path_of(&url)) {
            (Backend::Sqlite, Some(path)) => {
                let options = AnyConnectOptions::from_str(&format!("sqlite:{path}?mode=ro"))?;
                AnyPoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_lazy_with(options)
            }
            _ => pool.clone(),
        };
        Ok(Db { pool, reader, backend, url: url.into() })
    }

    /// A [`Bulk`] reader on the same database; `None` for an in-memory SQLite database, which
    /// a second connection would not see.
    pub async fn bulk(&self) -> anyhow::Result<Option<Bulk>> {
        Ok(Some(match self.backend {
            Backend::Sqlite => match sqlite_rows::path_of(&self.url) {
                Some(path) => Bulk::SqliteFile(path),
                None => return Ok(None),
            },
            Backend::Postgres => {
                Bulk::Postgres(sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&self.url).await?)
            }
        }))
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await.context("database migration failed")?;
        Ok(())
    }

    pub async fn begin(&self) -> anyhow::Result<Tx> {
        Ok(self.pool.begin().await?)
    }

    /// A cheap round trip, for the health check.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

pub fn backend_of(url: &str) -> anyhow::Result<Backend> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:// (got {})", redact(url))
    }
}

/// The URL without its password, for logs and errors.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// Current time as Unix seconds: the one clock the core reads, so tests can reason about it.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_password() {
        assert_eq!(redact("postgres://savdo:secret@db:5432/savdo"), "postgres://savdo:***@db:5432/savdo");
        assert_eq!(redact("sqlite:savdo.db"), "sqlite:savdo.db");
    }

    #[test]
    fn backend_from_url() {
        assert_eq!(backend_of("sqlite:x.db").unwrap(), Backend::Sqlite);
        assert_eq!(backend_of("postgres://localhost/x").unwrap(), Backend::Postgres);
        assert!(backend_of("mysql://x").is_err());
    }
}
