//! The binary as a new user meets it: help, version, a clear error without a token, and the
//! console taking a stranger through onboarding on a fresh SQLite file.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

fn savdo(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_savdo"));
    cmd.current_dir(dir)
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("DATABASE_URL")
        .env_remove("TELEGRAM_WEBHOOK_URL")
        .env_remove("TELEGRAM_API_URL")
        .env("HTTP_ADDR", "127.0.0.1:0");
    cmd
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let out = savdo(dir.path()).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for word in ["serve", "console", "migrate"] {
        assert!(help.contains(word), "{help}");
    }
    let out = savdo(dir.path()).arg("--version").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("savdo {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn serve_without_a_token_says_what_to_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = savdo(dir.path()).arg("serve").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.contains("TELEGRAM_BOT_TOKEN is not set"), "{err}");
    assert!(!err.contains("panicked"));

    let out = savdo(dir.path()).env("TELEGRAM_BOT_TOKEN", "not-a-token").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not look like a bot token") && !err.contains("not-a-token"), "{err}");
}

#[test]
fn migrate_creates_the_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = savdo(dir.path()).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("savdo.db").exists());
}

#[test]
fn console_onboards_a_new_user_in_uzbek_then_switches_to_russian() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = savdo(dir.path())
        .args(["console", "--name", "Aziz"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let script = "/start\nBaraka Savdo\n301234567\nMarkaz\n/lang ru\n/help\n/lang\n3\n/quit\n";
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{screen}\n{}", String::from_utf8_lossy(&out.stderr));
    for expected in [
        "Assalomu alaykum, Aziz!",
        "«Baraka Savdo» kompaniyasining STIR raqamini yozing",
        "✅ «Baraka Savdo» kompaniyasi yaratildi, birinchi filial: Markaz.",
        "Язык изменён: Русский.",
        "Команды Savdo (Администратор, «Baraka Savdo»):",
        "[1] O‘zbekcha   [2] Русский   [3] English",
        "(tahrirlandi) Language changed: English.",
    ] {
        assert!(screen.contains(expected), "missing {expected:?} in:\n{screen}");
    }
    assert!(dir.path().join("savdo.db").exists());
}

/// `savdo bench updates` as `bench/updates.sh` runs it, briefly: two real `savdo serve`
/// processes on one SQLite file take webhook updates and answer every one.
#[test]
fn bench_updates_drives_two_real_instances() {
    let dir = tempfile::tempdir().unwrap();
    let demo = savdo(dir.path()).args(["demo-data", "--sales", "300"]).output().unwrap();
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));
    for kind in ["text", "press"] {
        let out = savdo(dir.path())
            .args(["bench", "updates", "--instances", "2", "--people", "4", "--seconds", "1", "--kind", kind])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        // | Sqlite | Text | 2 | 4 | <updates> | <per second> | p50 | p99 |
        let cells: Vec<&str> = stdout.trim().split('|').map(str::trim).collect();
        let updates: usize = cells[5].parse().unwrap_or(0);
        assert!(updates >= 4, "every person was answered at least once: {stdout}");
    }
}

/// `savdo forecast --csv` reads a series with a header and prints the documented JSON; with
/// `--holdout` the error on the held-out values (statsmodels: 2.21 % on the airline year).
#[test]
fn forecast_from_a_csv_file() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forecast/airline_passengers.csv");
    let out = savdo(dir.path())
        .args(["forecast", "--csv"])
        .arg(&csv)
        .args(["--period", "12", "--horizon", "12", "--method", "hw-mul", "--holdout", "12"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["method"], "hw-mul");
    for key in ["alpha", "beta", "gamma", "phi", "initial_level", "initial_trend"] {
        assert!(json["params"][key].is_number(), "{key}: {json}");
    }
    assert_eq!(json["params"]["initial_seasons"].as_array().unwrap().len(), 12);
    for key in ["forecast", "lower", "upper"] {
        assert_eq!(json[key].as_array().unwrap().len(), 12, "{key}");
    }
    let mape = json["holdout"]["mape"].as_f64().unwrap();
    assert!(mape > 0.5 && mape < 2.41, "holdout MAPE {mape}");
    assert!(json["holdout"]["rmse"].as_f64().unwrap() > 0.0);

    // The automatic choice, and a named column.
    let out = savdo(dir.path())
        .args(["forecast", "--column", "passengers", "--period", "12", "--csv"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["forecast"].as_array().unwrap().len(), 28);
    assert!(json.get("holdout").is_none());

    // A cell that is not a number is named with its row; an unknown method is refused.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "qty\n1\n2\nabc\n").unwrap();
    let out = savdo(dir.path()).args(["forecast", "--csv"]).arg(&bad).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("row 4"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = savdo(dir.path()).args(["forecast", "--method", "magic", "--csv"]).arg(&csv).output().unwrap();
    assert!(!out.status.success());
}

/// `savdo ask` asks the core's assistant one plain question as a member of the company (its
/// first admin by default) and prints the answer, or with `--json` what the assistant
/// understood, the tools it called with their figures, and the answer.
#[tokio::test]
async fn ask_answers_one_question() {
    use savdo::domain::money::{Money, Qty};
    use savdo::domain::sales::{self, LineInput, SaleInput};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("savdo.db").display());
    let db = savdo::db::Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let (admin, cola, _) = common::fixtures::company_with_cola(&db, 1001, "Alfa").await;
    let sale = SaleInput {
        branch_id: admin.branch_id.unwrap(),
        lines: vec![LineInput { product_id: cola, qty: Qty::units(3), unit_price: None, discount: Money(0) }],
        source: "test",
        ..Default::default()
    };
    sales::record_sale(&db, &admin.actor(), &sale).await.unwrap();
    db.pool.close().await;

    let out = savdo(dir.path())
        .args(["ask", "--company", &admin.company_id.to_string(), "--json", "Bugun necha dona mahsulot sotildi?"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["understood"], serde_json::json!({"intent": "units", "about": "today"}));
    assert_eq!(answer["source"], "offline");
    assert_eq!(answer["calls"][0]["tool"], "sales_summary");
    assert_eq!(answer["calls"][0]["figures"]["now"]["total"], 3_750_000);
    let text = answer["text"].as_str().unwrap();
    assert!(text.contains("Sotildi: 3 dona"), "{text}");

    let out = savdo(dir.path())
        .args(["ask", "--company", &admin.company_id.to_string(), "--lang", "en", "what sells best this month?"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Best sellers") && text.contains("1. Coca-Cola 1,5 l — 3 pcs, 37,500 UZS"), "{text}");

    let out = savdo(dir.path()).args(["ask", "--company", "999", "savdo"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such member of company 999"));
}

/// `savdo ocr` on the three shared fixture invoices: one JSON array, in order, each field
/// `{value, confidence}`, amounts in so‘m; a file that cannot be read gets its reason and exit
/// code 1; `--text` prints the recognised text. No database is touched.
#[test]
fn ocr_prints_the_documented_json() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scans");
    let files: Vec<_> = ["inv_1.png", "inv_2.png", "inv_4.png"].iter().map(|f| fixtures.join(f)).collect();
    let out = savdo(dir.path()).arg("ocr").args(&files).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "nothing on stderr: {}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let drafts = json.as_array().expect("several files: an array");
    assert_eq!(drafts.len(), 3);
    for (draft, truth) in drafts.iter().zip(&files) {
        let truth: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(truth.with_extension("json")).unwrap()).unwrap();
        for key in ["invoice_number", "date", "seller_tin", "buyer_tin", "total", "currency"] {
            let got = if key == "currency" { &draft[key] } else { &draft[key]["value"] };
            assert_eq!(got, &truth[key], "{key}");
        }
        for (got, want) in draft["items"].as_array().unwrap().iter().zip(truth["items"].as_array().unwrap()) {
            for key in ["quantity", "unit_price", "amount"] {
                assert_eq!(got[key]["value"], want[key], "{key}");
                assert!(got[key]["confidence"].as_u64().unwrap() <= 100);
            }
        }
        assert_eq!(draft["warnings"], serde_json::json!([]));
    }
    assert!(!dir.path().join("savdo.db").exists(), "no database was created");

    let junk = dir.path().join("junk.png");
    std::fs::write(&junk, b"not an image").unwrap();
    let out = savdo(dir.path()).arg("ocr").arg(&files[0]).arg(&junk).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["invoice_number"]["value"], "00127");
    assert!(json[1]["error"].as_str().unwrap().contains("JPEG, PNG, TIFF, WebP or PDF"), "{json}");

    let out = savdo(dir.path()).arg("ocr").arg("--text").arg(&files[0]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("HISOB-FAKTURA"));
}

/// The demo company's books agree with its sales, and `savdo tax send` files last month to a
/// `savdo dev-tax-cabinet` process with a figure in every report (exit code 0).
#[tokio::test]
async fn demo_books_agree_and_file_to_the_dev_tax_cabinet() {
    use savdo::domain::calendar::{Month, Period};
    let dir = tempfile::tempdir().unwrap();
    let demo = savdo(dir.path()).args(["demo-data", "--sales", "3000"]).output().unwrap();
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));

    let url = format!("sqlite:{}", dir.path().join("savdo.db").display());
    let db = savdo::db::Db::connect(&url).await.unwrap();
    let admin = savdo::domain::actor::Actor::system(1, savdo::domain::actor::Via::Cli);
    let today = admin.calendar(&db).await.unwrap().today();
    let month = Month::previous(today);
    let (_, shown) = savdo::domain::lookup::summary(&db, &admin, None, Period::LastMonth).await.unwrap();
    let sales = savdo::domain::tax::reports::sales(&db, 1, month).await.unwrap();
    assert_eq!(shown.total, sales.totals.gross, "the tax report's sales are /sales' sales");
    let pnl = savdo::domain::statements::pnl(&db, 1, month.first(), month.last()).await.unwrap();
    assert!(pnl.net_revenue > 0);
    assert_eq!(pnl.net_revenue, shown.total - sales.totals.vat, "P&L revenue = sales net of VAT and returns");
    let payroll = savdo::domain::tax::reports::payroll_of(&db, 1, month).await.unwrap();
    assert_eq!(payroll.rows.len(), 41, "two cashiers a branch and the accountant");
    assert!(payroll.totals.gross > 0 && payroll.totals.pit > 0);
    db.pool.close().await;

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut cabinet = savdo(dir.path())
        .args(["dev-tax-cabinet", "--addr", &format!("127.0.0.1:{port}")])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = savdo(dir.path())
        .args(["tax", "send", "--company", "1", "--period", &month.code()])
        .env("TAX_CABINET_URL", format!("http://127.0.0.1:{port}"))
        .env("TAX_API_KEY", "demo-key")
        .output()
        .unwrap();
    cabinet.kill().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["period"], month.code());
    assert_eq!(summary["all_success"], true);
    let reports = summary["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 4, "{stdout}");
    for report in reports {
        assert_eq!(report["status"], "accepted", "{report}");
        assert!(report["submission_id"].as_i64().is_some(), "{report}");
        assert!(report["message"].as_str().unwrap().contains("DEVELOPMENT"), "{report}");
    }
    for figure in ["sales_total", "vat_payable", "profit", "tax_due"] {
        assert_ne!(summary["headline"][figure], 0, "{figure}: {stdout}");
    }
    // Sending the same month again changes nothing at the cabinet: the same versions.
    let again = savdo(dir.path())
        .args(["tax", "send", "--company", "1", "--period", &month.code(), "--only", "vat,nonsense"])
        .env("TAX_CABINET_URL", "dev")
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("unknown report nonsense"));
}
