//! Test support: a fresh, migrated database per test, on SQLite always and on PostgreSQL
//! when `TEST_DATABASE_URL` is set (then an unreachable server fails the test).
#![allow(dead_code)]

pub mod script;

use rand::distr::{Alphanumeric, SampleString};
use savdo::db::Db;
use sqlx::{Connection, Executor, PgConnection};

pub struct TestDb {
    pub db: Db,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("test.db").display());
        let db = Db::connect(&url).await.expect("open sqlite");
        db.migrate().await.expect("migrate sqlite");
        TestDb { db, _dir: Some(dir), pg: None }
    }

    /// `None` when `TEST_DATABASE_URL` is not set.
    pub async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
        let name = format!("savdo_t_{}", Alphanumeric.sample_string(&mut rand::rng(), 12).to_lowercase());
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is set but PostgreSQL is unreachable: {e}"));
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create test database");
        admin.close().await.ok();
        let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&name);
        let db = Db::connect(url.as_str()).await.expect("open postgres");
        db.migrate().await.expect("migrate postgres");
        Some(TestDb { db, _dir: None, pg: Some((admin_url, name)) })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.pg.take() else { return };
        // Async drop is not a thing: a short-lived thread with its own runtime drops the database.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async {
                if let Ok(mut admin) = PgConnection::connect(&admin_url).await {
                    let _ = admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
                }
            });
        })
        .join();
    }
}

/// Declares a test that runs `$body(db: Db)` on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! db_test {
    ($name:ident, $body:path) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let test_db = $crate::common::TestDb::sqlite().await;
                $body(test_db.db.clone()).await;
            }

            #[tokio::test]
            async fn postgres() {
                match $crate::common::TestDb::postgres().await {
                    Some(test_db) => $body(test_db.db.clone()).await,
                    None => eprintln!("TEST_DATABASE_URL not set: PostgreSQL variant not run"),
                }
            }
        }
    };
}

/// The text of every message-like action, for assertions.
pub fn texts(sent: &[savdo::telegram_stub::Sent]) -> Vec<String> {
    sent.iter().filter_map(|s| s.text.clone()).collect()
}
