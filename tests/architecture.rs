//! The layers of `docs/architecture.md`, checked on the source: the core knows no door, no door
//! imports another, `app` does not depend on the chat door, and SQL is written only in the core
//! and the database layer. `cargo test --test architecture` runs these alone.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn src(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(path)
}

/// Every place under `dir` (a folder or one file) whose code names one of `forbidden`.
fn offences(dir: &str, forbidden: &[&str]) -> Vec<String> {
    let root = src(dir);
    let files = if root.is_dir() { rust_files(&root) } else { vec![root] };
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in forbidden {
                if code.contains(name) {
                    found.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
                }
            }
        }
    }
    found
}

const DOORS: [&str; 5] = ["crate::bot", "crate::http", "crate::jobs", "crate::server", "crate::console"];

#[test]
fn the_core_knows_no_door() {
    let mut forbidden = DOORS.to_vec();
    forbidden.extend(["crate::notify", "crate::telegram", "crate::app", "crate::reports", "teloxide", "axum"]);
    let found = offences("domain", &forbidden);
    assert!(found.is_empty(), "the core reaches out:\n{}", found.join("\n"));
}

#[test]
fn no_door_imports_another() {
    for (door, others) in [
        ("bot", ["crate::http", "crate::jobs", "crate::server", "crate::console"]),
        ("http", ["crate::bot", "crate::jobs", "crate::server", "crate::console"]),
        ("jobs", ["crate::bot", "crate::http", "crate::server", "crate::console"]),
    ] {
        let found = offences(door, &others);
        assert!(found.is_empty(), "{door} imports another door:\n{}", found.join("\n"));
    }
    let found = offences("main.rs", &["savdo::bot", "savdo::http", "savdo::jobs"]);
    assert!(found.is_empty(), "the command line imports another door:\n{}", found.join("\n"));
}

#[test]
fn shared_rooms_do_not_depend_on_doors() {
    for room in ["app.rs", "notify.rs", "telegram", "reports", "db", "i18n.rs"] {
        let found = offences(room, &DOORS);
        assert!(found.is_empty(), "{room} depends on a door:\n{}", found.join("\n"));
    }
}

#[test]
fn sql_lives_in_the_core_and_the_database_layer() {
    let mut found = Vec::new();
    for file in rust_files(&src("")) {
        let relative = file.strip_prefix(src("")).unwrap().to_string_lossy().replace('\\', "/");
        if relative.starts_with("domain/") || relative.starts_with("db/") || relative.starts_with("telegram_stub/") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            if ["sqlx::query", "SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM"].iter().any(|s| line.contains(s)) {
                found.push(format!("src/{relative}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "SQL outside src/domain and src/db:\n{}", found.join("\n"));
}
