//! Reading many rows from a SQLite file on a read-only connection of its own, through
//! SQLite's C interface (the `libsqlite3-sys` that sqlx itself links). sqlx hands rows over one
//! at a time from its worker thread: a million sale lines took about 6 s that way, where
//! SQLite's own loop reads them in under 2. Used by exports only; everything else goes
//! through the pool. Runs on a blocking thread.

use std::ffi::{CStr, CString};
use std::ptr;

use anyhow::{bail, Context};
use libsqlite3_sys as ffi;

/// A value to bind.
pub enum Param {
    Int(i64),
    Text(String),
}

/// The current row of a running statement.
pub struct RowRef {
    stmt: *mut ffi::sqlite3_stmt,
}

impl RowRef {
    pub fn int(&self, col: i32) -> Option<i64> {
        // SAFETY: `stmt` is a live statement positioned on a row (see `for_each_row`).
        unsafe {
            if ffi::sqlite3_column_type(self.stmt, col) == ffi::SQLITE_NULL {
                None
            } else {
                Some(ffi::sqlite3_column_int64(self.stmt, col))
            }
        }
    }

    pub fn text(&self, col: i32) -> String {
        // SAFETY: as above; the pointer and length stay valid until the next step, and are
        // copied before it.
        unsafe {
            let text = ffi::sqlite3_column_text(self.stmt, col);
            if text.is_null() {
                return String::new();
            }
            let len = ffi::sqlite3_column_bytes(self.stmt, col) as usize;
            String::from_utf8_lossy(std::slice::from_raw_parts(text, len)).into_owned()
        }
    }
}

/// The file a `sqlite:` URL names (`sqlite:x.db`, `sqlite://x.db?mode=rwc`); `None` for an
/// in-memory database.
pub fn path_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" || url.contains("mode=memory") {
        return None;
    }
    Some(path.to_string())
}

/// Runs `sql` with `params` ($1, $2, … in order) on a read-only connection to `path` and calls
/// `each` for every row until it returns false.
pub fn for_each_row(
    path: &str,
    sql: &str,
    params: &[Param],
    mut each: impl FnMut(&RowRef) -> bool,
) -> anyhow::Result<()> {
    let conn = Conn::open(path)?;
    let sql = CString::new(sql).context("SQL with a NUL byte")?;
    let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
    // SAFETY: `conn.db` is open; `stmt` is finalized by `Stmt`'s drop.
    let rc = unsafe { ffi::sqlite3_prepare_v2(conn.db, sql.as_ptr(), -1, &mut stmt, ptr::null_mut()) };
    let stmt = Stmt(stmt);
    if rc != ffi::SQLITE_OK {
        bail!("prepare: {}", conn.error());
    }
    for (i, param) in params.iter().enumerate() {
        let name = CString::new(format!("${}", i + 1)).expect("no NUL");
        // SAFETY: `stmt.0` is a prepared statement; text is copied by SQLite (TRANSIENT).
        let rc = unsafe {
            let index = ffi::sqlite3_bind_parameter_index(stmt.0, name.as_ptr());
            if index == 0 {
                continue;
            }
            match param {
                Param::Int(v) => ffi::sqlite3_bind_int64(stmt.0, index, *v),
                Param::Text(s) => {
                    ffi::sqlite3_bind_text(stmt.0, index, s.as_ptr().cast(), s.len() as i32, ffi::SQLITE_TRANSIENT())
                }
            }
        };
        if rc != ffi::SQLITE_OK {
            bail!("bind ${}: {}", i + 1, conn.error());
        }
    }
    let row = RowRef { stmt: stmt.0 };
    loop {
        // SAFETY: `stmt.0` is prepared and bound.
        match unsafe { ffi::sqlite3_step(stmt.0) } {
            ffi::SQLITE_ROW => {
                if !each(&row) {
                    return Ok(());
                }
            }
            ffi::SQLITE_DONE => return Ok(()),
            _ => bail!("step: {}", conn.error()),
        }
    }
}

struct Conn {
    db: *mut ffi::sqlite3,
}

impl Conn {
    fn open(path: &str) -> anyhow::Result<Conn> {
        let c_path = CString::new(path).context("a path with a NUL byte")?;
        let mut db = ptr::null_mut();
        // SAFETY: a fresh handle; closed by drop even when opening failed.
        let rc = unsafe { ffi::sqlite3_open_v2(c_path.as_ptr(), &mut db, ffi::SQLITE_OPEN_READONLY, ptr::null()) };
        let conn = Conn { db };
        if rc != ffi::SQLITE_OK {
            bail!("cannot open {path}: {}", conn.error());
        }
        // A writer holding the lock for a moment is waited for, not failed on.
        // SAFETY: `db` is open.
        unsafe { ffi::sqlite3_busy_timeout(conn.db, 5_000) };
        Ok(conn)
    }

    fn error(&self) -> String {
        // SAFETY: `db` is a handle (possibly one that failed to open, which still has a message).
        unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(self.db)).to_string_lossy().into_owned() }
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        // SAFETY: statements are finalized before (Stmt is declared after Conn in every scope).
        unsafe { ffi::sqlite3_close(self.db) };
    }
}

struct Stmt(*mut ffi::sqlite3_stmt);

impl Drop for Stmt {
    fn drop(&mut self) {
        // SAFETY: finalizing a null statement is a no-op.
        unsafe { ffi::sqlite3_finalize(self.0) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(path_of("sqlite:savdo.db").as_deref(), Some("savdo.db"));
        assert_eq!(path_of("sqlite://dir/savdo.db?mode=rwc").as_deref(), Some("dir/savdo.db"));
        assert_eq!(path_of("sqlite::memory:"), None);
        assert_eq!(path_of("postgres://x/y"), None);
    }

    #[test]
    fn reads_rows_and_refuses_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let conn = {
            let c_path = CString::new(path.to_str().unwrap()).unwrap();
            let mut db = ptr::null_mut();
            let flags = ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE;
            assert_eq!(unsafe { ffi::sqlite3_open_v2(c_path.as_ptr(), &mut db, flags, ptr::null()) }, ffi::SQLITE_OK);
            Conn { db }
        };
        let sql =
            CString::new("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'o‘g‘'), (2, NULL), (3, 'x');")
                .unwrap();
        let rc = unsafe { ffi::sqlite3_exec(conn.db, sql.as_ptr(), None, ptr::null_mut(), ptr::null_mut()) };
        assert_eq!(rc, ffi::SQLITE_OK);
        let mut seen = Vec::new();
        let p = path.to_str().unwrap();
        for_each_row(
            p,
            "SELECT a, b FROM t WHERE a >= $1 AND (b IS NULL OR b <> $2) ORDER BY a",
            &[Param::Int(1), Param::Text("x".into())],
            |r| {
                seen.push((r.int(0), r.text(1)));
                true
            },
        )
        .unwrap();
        assert_eq!(seen, [(Some(1), "o‘g‘".to_string()), (Some(2), String::new())]);
        assert!(for_each_row(p, "INSERT INTO t VALUES (4, 'y')", &[], |_| true).is_err(), "the connection only reads");
    }
}
