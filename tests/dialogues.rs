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
        let harness = Harness::new(db).await.expect("harness");
        match common::script::replay(&harness, &script).await {
            Ok(n) => turns += n,
            Err(report) => failures.push(format!("{name}: {report}")),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    assert!(turns > 0);
    eprintln!("replayed {} scripts, {turns} turns", scripts().len());
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
    ] {
        assert!(names.iter().any(|n| n == required), "dialogues/{required}.dialogue is missing");
    }
}
