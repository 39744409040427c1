//! Test support: a fresh, migrated database per test, on SQLite always and on PostgreSQL
//! when `TEST_DATABASE_URL` is set (then an unreachable server fails the test).
#![allow(dead_code)]

pub mod fixtures;
pub mod script;

use rand::distr::{Alphanumeric, SampleString};
use savdo::db::Db;
use sqlx::{Connection, Executor, PgConnection};

pub struct TestDb {
    pub db: Db,
    /// The database's own URL.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("test.db").display());
        let db = Db::connect(&url).await.expect("open sqlite");
        db.migrate().await.expect("migrate sqlite");
        TestDb { db, url, _dir: Some(dir), pg: None }
    }

    /// A fresh PostgreSQL database with no tables (for restores), `None` without `TEST_DATABASE_URL`.
    pub async fn postgres_empty() -> Option<TestDb> {
        let admin_url = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
        let name = format!("savdo_t_{}", Alphanumeric.sample_string(&mut rand::rng(), 12).to_lowercase());
        let mut admin = PgConnection::connect(&admin_url).await.expect("PostgreSQL reachable");
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create test database");
        admin.close().await.ok();
        let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&name);
        let db = Db::connect(url.as_str()).await.expect("open postgres");
        Some(TestDb { db, url: url.to_string(), _dir: None, pg: Some((admin_url, name)) })
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
        Some(TestDb { db, url: url.to_string(), _dir: None, pg: Some((admin_url, name)) })
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

use savdo::server::{self, HttpPolicy, Pacing, Running};
use savdo::telegram_stub::{Sent, Stub, BOT_TOKEN};

/// `savdo serve` against a fresh stub: HTTP on a free port; webhook mode when a secret is given.
pub async fn start_server(db: &Db, webhook_secret: Option<&str>) -> (Stub, Running) {
    let stub = Stub::new();
    let url = stub.serve().await.expect("stub");
    let secret = webhook_secret.map(str::to_string);
    let config = savdo::config::Config::from_lookup(|key| match key {
        "HTTP_ADDR" => Some("127.0.0.1:0".into()),
        "TELEGRAM_WEBHOOK_URL" => secret.as_ref().map(|_| "https://savdo.example.uz/telegram/webhook".into()),
        "TELEGRAM_WEBHOOK_SECRET" => secret.clone(),
        "TAX_CABINET_URL" => Some("dev".into()),
        _ => None,
    })
    .expect("config");
    let running = server::start(&config, db.clone(), BOT_TOKEN, Some(url), Pacing::Unthrottled, HttpPolicy::Required)
        .await
        .expect("server starts");
    (stub, running)
}

/// `savdo serve` against a fresh stub with exactly these settings (HTTP on a free port).
pub async fn start_server_with(db: &Db, settings: &[(&str, &str)]) -> (Stub, Running) {
    let stub = Stub::new();
    let url = stub.serve().await.expect("stub");
    let config = savdo::config::Config::from_lookup(|key| match key {
        "HTTP_ADDR" => Some("127.0.0.1:0".into()),
        other => settings.iter().find(|(k, _)| *k == other).map(|(_, v)| v.to_string()),
    })
    .expect("config");
    let running = server::start(&config, db.clone(), BOT_TOKEN, Some(url), Pacing::Unthrottled, HttpPolicy::Required)
        .await
        .expect("server starts");
    (stub, running)
}

/// Waits (up to 10 s) for the bot to send a message to `chat` whose text contains `needle`.
pub async fn wait_for(events: &mut tokio::sync::broadcast::Receiver<Sent>, chat: i64, needle: &str) -> Sent {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let sent = tokio::time::timeout_at(deadline, events.recv())
            .await
            .unwrap_or_else(|_| panic!("no message containing {needle:?} within 10 s"))
            .expect("stub events");
        if sent.chat_id == chat && sent.text.as_deref().is_some_and(|t| t.contains(needle)) {
            return sent;
        }
    }
}
