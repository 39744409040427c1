//! A crash in the middle of work loses nothing and leaves nothing half-done. The real `savdo
//! import` process is killed (SIGKILL) while it writes 10,000 receipts: the database then holds
//! all of them or none, stock equals the sum of its moves, the ledger balances, and running the
//! import again completes. The real `savdo serve` is killed in a burst of API sales: after a
//! restart every sale retried with its idempotency key is there exactly once.

use std::process::{Command, Stdio};
use std::time::Instant;

use savdo::db::Db;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Member, Tin};
use savdo::domain::money::{Money, Qty};

const ROWS: usize = 10_000;

fn import(url: &str, file: &std::path::Path, company: i64) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_savdo"))
        .args(["import", "sales"])
        .arg(file)
        .args(["--company", &company.to_string()])
        .env("DATABASE_URL", url)
        .env("SAVDO_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("savdo runs")
}

/// A fresh SQLite database at `url` with a company (its admin returned) selling Cola, A-100.
async fn company_with_cola(url: &str) -> (Db, Member) {
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let user = company::touch_user(&db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin =
        company::create_company(&db, user.id, "Alfa", &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap();
    let input = ProductInput {
        code: "A-100".into(),
        barcode: None,
        name: "Cola".into(),
        unit: "pcs".into(),
        purchase_price: Money::from_som(9_000),
        sale_price: Money::from_som(12_000),
        min_qty: Qty::units(0),
        wholesale_price: None,
    };
    catalog::save_product(&db, &admin.actor(), &input).await.unwrap();
    (db, admin)
}

/// Stock equals the sum of its moves, and the ledger balances.
async fn shelves_and_books_agree(db: &Db) {
    let drift: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM stock s WHERE s.qty <> (SELECT COALESCE(SUM(m.qty_delta), 0) FROM stock_moves m
         WHERE m.branch_id = s.branch_id AND m.product_id = s.product_id)",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(drift, 0, "stock equals the sum of its moves");
    let (debit, credit): (i64, i64) =
        sqlx::query_as("SELECT COALESCE(SUM(debit), 0), COALESCE(SUM(credit), 0) FROM journal_lines")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(debit, credit, "the ledger balances");
}

/// The books after an import, however it ended; returns how many receipts it left.
async fn consistent(db: &Db) -> i64 {
    let receipts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sales WHERE source = 'import'").fetch_one(&db.pool).await.unwrap();
    let headless: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sales s WHERE NOT EXISTS (SELECT 1 FROM sale_lines l WHERE l.sale_id = s.id)",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(headless, 0, "no receipt without its lines");
    shelves_and_books_agree(&db).await;
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM journal_entries WHERE ref_kind = 'sale'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(entries, receipts, "one entry per receipt");
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sale.recorded'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(logged, receipts, "one activity-log entry per receipt");
    receipts
}

#[tokio::test]
async fn sigkill_in_the_middle_of_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("crash.db").display());
    let (db, admin) = company_with_cola(&url).await;
    let mut csv = String::from("date,branch,receipt,product_code,qty,payment\n");
    for i in 0..ROWS {
        csv.push_str(&format!("2026-11-01 10:{:02},Markaz,R-{i},A-100,1,cash\n", i % 60));
    }
    let file = dir.path().join("sales.csv");
    std::fs::write(&file, csv).unwrap();
    db.pool.close().await;

    // How long a whole import takes, on a copy: checking the rows comes first, writing them
    // last, so a kill at 70 % of that lands while receipts are going in.
    let copy = dir.path().join("copy.db");
    std::fs::copy(dir.path().join("crash.db"), &copy).unwrap();
    let started = Instant::now();
    assert!(import(&format!("sqlite:{}", copy.display()), &file, admin.company_id).wait().unwrap().success());
    let whole = started.elapsed();
    let mut child = import(&url, &file, admin.company_id);
    std::thread::sleep(whole.mul_f64(0.7));
    assert!(child.try_wait().unwrap().is_none(), "the import ended before the kill");
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let db = Db::connect(&url).await.unwrap();
    let receipts = consistent(&db).await;
    assert_eq!(receipts, 0, "all or nothing: the killed import left nothing");
    db.pool.close().await;

    let started = Instant::now();
    let status = import(&url, &file, admin.company_id).wait().unwrap();
    assert!(status.success(), "the rerun completes");
    let db = Db::connect(&url).await.unwrap();
    assert_eq!(consistent(&db).await, ROWS as i64);
    eprintln!("rerun imported {ROWS} receipts in {:?}", started.elapsed());
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn serve(url: &str, api: &str, port: u16) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_savdo"))
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("TELEGRAM_BOT_TOKEN", savdo::telegram_stub::BOT_TOKEN)
        .env("TELEGRAM_API_URL", api)
        .env("HTTP_ADDR", format!("127.0.0.1:{port}"))
        .env("SAVDO_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("savdo serve runs")
}

async fn wait_healthy(http: &reqwest::Client, port: u16) {
    let deadline = Instant::now() + std::time::Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(r) = http.get(format!("http://127.0.0.1:{port}/health")).send().await {
            if r.status() == 200 {
                return;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("savdo serve did not become healthy");
}

#[tokio::test]
async fn sigkill_in_a_burst_of_sales() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("burst.db").display());
    let (db, admin) = company_with_cola(&url).await;
    let (_, key) = savdo::domain::apikeys::create(&db, &admin.actor(), "till", None).await.unwrap();
    db.pool.close().await;

    let stub = savdo::telegram_stub::Stub::new();
    let api = stub.serve().await.unwrap().to_string();
    let port = free_port();
    let http = reqwest::Client::new();
    let mut server = serve(&url, &api, port);
    wait_healthy(&http, port).await;

    // 300 sales, eight at a time; the server is killed part-way through.
    let post = |i: usize| {
        let http = http.clone();
        let key = key.clone();
        async move {
            let body = serde_json::json!({
                "branch_id": admin.branch_id, "payment": if i % 2 == 0 { "cash" } else { "card" },
                "lines": [{ "product_code": "A-100", "qty": 1 }]
            });
            http.post(format!("http://127.0.0.1:{port}/api/v1/sales"))
                .header("X-API-Key", key)
                .header("Idempotency-Key", format!("burst-{i}"))
                .json(&body)
                .send()
                .await
                .map(|r| r.status().as_u16())
        }
    };
    let total = 300;
    let mut answered = 0;
    for chunk in (0..total).collect::<Vec<_>>().chunks(8) {
        let results = futures::future::join_all(chunk.iter().map(|i| post(*i))).await;
        answered += results.iter().filter(|r| matches!(r, Ok(201))).count();
        if answered >= 100 && server.try_wait().unwrap().is_none() {
            // Kill while the next requests are in flight.
            let in_flight = futures::future::join_all((total..total + 8).map(post));
            let kill = async {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                server.kill().unwrap();
            };
            let _ = tokio::join!(in_flight, kill);
            server.wait().unwrap();
            break;
        }
    }
    assert!(answered >= 100 && answered < total, "the kill landed mid-burst ({answered} answered)");

    // After a restart the client retries everything with the same keys: each sale exactly once.
    let mut server = serve(&url, &api, port);
    wait_healthy(&http, port).await;
    for i in 0..total + 8 {
        let status = post(i).await.unwrap();
        assert!(status == 200 || status == 201, "sale {i} answered {status}");
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let db = Db::connect(&url).await.unwrap();
    let sales: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sales").fetch_one(&db.pool).await.unwrap();
    assert_eq!(sales, (total + 8) as i64, "every sale once, none twice");
    let distinct: i64 =
        sqlx::query_scalar("SELECT COUNT(DISTINCT idempotency_key) FROM sales").fetch_one(&db.pool).await.unwrap();
    assert_eq!(distinct, sales);
    shelves_and_books_agree(&db).await;
}
