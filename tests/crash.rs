//! A crash in the middle of an import loses nothing and leaves nothing half-done: the real
//! `savdo import` process is killed (SIGKILL) while it writes 10,000 receipts; the database
//! then holds all of them or none, stock equals the sum of its moves, the ledger balances, and
//! running the import again completes.

use std::process::{Command, Stdio};
use std::time::Instant;

use savdo::db::Db;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Tin};
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
    };
    catalog::save_product(&db, &admin.actor(), &input).await.unwrap();
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
