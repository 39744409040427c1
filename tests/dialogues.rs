//! Replays every conversation script in `dialogues/` against the real handler tree and the
//! fake Bot API, each in a fresh database, on SQLite and on PostgreSQL.

mod common;

use std::path::PathBuf;

use savdo::db::Db;
use savdo::telegram_stub::Harness;

fn scripts() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dialogues");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("dialogues/ exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "dialogue"))
        .collect();
    files.sort();
    files
}

async fn replay_all(make_db: impl AsyncFn() -> Option<common::TestDb>) {
    let mut failures = Vec::new();
    let mut turns = 0;
    for path in scripts() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&path).expect("readable script");
        let script = match common::script::parse(&source) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        assert!(!script.turns.is_empty(), "{name} has no turns");
        let Some(test_db) = make_db().await else { return };
        let db: Db = test_db.db.clone();
        let model = match script.model {
            true => Some(dev_model().await),
            false => None,
        };
        let harness = Harness::with_model(db, model).await.expect("harness");
        match common::script::replay(&harness, &script).await {
            Ok(n) => turns += n,
            Err(report) => failures.push(format!("{name}: {report}")),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    assert!(turns > 0);
    eprintln!("replayed {} scripts, {turns} turns", scripts().len());
}

/// The `savdo dev-model` stand-in on a free port, as the assistant's model.
async fn dev_model() -> savdo::domain::assistant::Model {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("http://{}/v1", listener.local_addr().expect("address"));
    tokio::spawn(savdo::dev_model::serve(listener));
    savdo::domain::assistant::Model::new(&url, None, "dev", std::time::Duration::from_secs(10))
}

#[tokio::test]
async fn scripts_on_sqlite() {
    replay_all(async || Some(common::TestDb::sqlite().await)).await;
}

#[tokio::test]
async fn scripts_on_postgres() {
    replay_all(common::TestDb::postgres).await;
}

#[test]
fn the_required_scripts_exist() {
    let names: Vec<String> = scripts().iter().map(|p| p.file_stem().unwrap().to_string_lossy().to_string()).collect();
    for required in [
        "onboarding",
        "invite_and_join",
        "language",
        "help_per_role",
        "refused_command",
        "product_add_and_find",
        "audit",
        "import_alerts",
        "customers_and_debts",
        "assistant",
        "assistant_ru",
        "assistant_model",
    ] {
        assert!(names.iter().any(|n| n == required), "dialogues/{required}.dialogue is missing");
    }
}
