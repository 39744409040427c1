//! `savdo backup FILE` and `savdo restore FILE`. A backup is a consistent snapshot taken while
//! the server runs: on SQLite the online `VACUUM INTO` (a copy of the database as of one
//! moment, readers and the writer carry on), on PostgreSQL `pg_dump` in its custom format. A
//! restore goes only into an empty database, so it can never mix two companies' books.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context};

use super::{Backend, Db};

/// Writes a snapshot of the database at `url` to `file`, which must not exist yet.
pub async fn backup(db: &Db, url: &str, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} exists already: a backup does not overwrite a file", file.display());
    }
    match db.backend {
        Backend::Sqlite => {
            let target = file.to_str().context("the backup file's path is not UTF-8")?;
            sqlx::query("VACUUM INTO $1").bind(target).execute(&db.pool).await.context("SQLite backup failed")?;
        }
        Backend::Postgres => {
            let out = Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                .arg(file)
                .arg(url)
                .output()
                .context("pg_dump is needed to back up PostgreSQL (package postgresql-client)")?;
            if !out.status.success() {
                bail!("pg_dump failed: {}", String::from_utf8_lossy(&out.stderr).trim());
            }
        }
    }
    Ok(())
}

/// Restores `file` (made by [`backup`] from the same kind of database) into the empty
/// database at `url`, then brings its schema up to date.
pub async fn restore(url: &str, file: &Path) -> anyhow::Result<()> {
    if !file.is_file() {
        bail!("no backup file at {}", file.display());
    }
    let backend = super::backend_of(url)?;
    match backend {
        Backend::Sqlite => {
            let path = sqlite_path(url);
            if Path::new(&path).exists() && !is_empty(url).await? {
                bail!("{path} already holds data: restore into a new database");
            }
            // A snapshot is a whole SQLite database: check it opens as one, then put it in place.
            let probe = Db::connect(&format!("sqlite:{}?mode=ro", file.display())).await?;
            let tables: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'companies'")
                    .fetch_one(&probe.pool)
                    .await
                    .context("the file is not a Savdo SQLite backup")?;
            probe.pool.close().await;
            if tables != 1 {
                bail!("{} is not a Savdo SQLite backup", file.display());
            }
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
            std::fs::copy(file, &path).with_context(|| format!("cannot write {path}"))?;
        }
        Backend::Postgres => {
            if !is_empty(url).await? {
                bail!("the database already holds data: restore into a new, empty database");
            }
            let out = Command::new("pg_restore")
                .args(["--no-owner", "--no-privileges", "--exit-on-error", "--dbname"])
                .arg(url)
                .arg(file)
                .output()
                .context("pg_restore is needed to restore PostgreSQL (package postgresql-client)")?;
            if !out.status.success() {
                bail!("pg_restore failed: {}", String::from_utf8_lossy(&out.stderr).trim());
            }
        }
    }
    let db = Db::connect(url).await?;
    db.migrate().await?;
    db.pool.close().await;
    Ok(())
}

fn sqlite_path(url: &str) -> String {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    rest.split('?').next().unwrap_or(rest).to_string()
}

/// True when the database has no companies table, or one without rows.
async fn is_empty(url: &str) -> anyhow::Result<bool> {
    let db = Db::connect(url).await?;
    let companies: Result<i64, _> = sqlx::query_scalar("SELECT COUNT(*) FROM companies").fetch_one(&db.pool).await;
    db.pool.close().await;
    Ok(companies.map(|n| n == 0).unwrap_or(true))
}
