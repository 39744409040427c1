//! `savdo backup` while the server runs, then `savdo restore` into an empty database: the
//! restored books give the same reports. The real binary, on SQLite and on PostgreSQL.

mod common;

use std::process::Command;

use common::{start_server, TestDb};
use savdo::db::Db;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Tin};
use savdo::domain::customers::{self, CustomerInput};
use savdo::domain::money::{Money, Qty};
use savdo::domain::purchases::{self, PurchaseLine};
use savdo::domain::sales::{self, LineInput, Payment, SaleInput, SaleType};
use savdo::domain::{audit, ledger, lookup};

fn savdo(url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_savdo"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("SAVDO_LOG", "error")
        .output()
        .expect("savdo runs")
}

/// What the books say: the trial balance and the number of activity-log entries.
async fn books(db: &Db, company_id: i64) -> (Vec<ledger::AccountRow>, usize) {
    let today = lookup::today(db, company_id).await.unwrap();
    let rows = ledger::trial_balance(db, company_id, today - chrono::Days::new(30), today).await.unwrap();
    let user = company::user_by_telegram_id(db, 1).await.unwrap().unwrap();
    let admin = company::current_member(db, &user).await.unwrap().unwrap();
    let log = audit::list(db, &admin.actor(), &audit::Filter { limit: Some(500), ..Default::default() }).await.unwrap();
    (rows, log.len())
}

async fn round_trip(source: TestDb, target_url: &str) {
    let db = &source.db;
    let user = company::touch_user(db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin =
        company::create_company(db, user.id, "Alfa", &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap();
    let input = ProductInput {
        code: "A-1".into(),
        barcode: None,
        name: "Cola".into(),
        unit: "pcs".into(),
        purchase_price: Money::from_som(9_000),
        sale_price: Money::from_som(12_000),
        min_qty: Qty::units(0),
        wholesale_price: None,
    };
    let cola = catalog::save_product(db, &admin.actor(), &input).await.unwrap().id;
    let branch = admin.branch_id.unwrap();
    let line = PurchaseLine { product_id: cola, qty: Qty::units(40), unit_cost: Money::from_som(9_000) };
    purchases::record_purchase(db, &admin.actor(), branch, None, &[line]).await.unwrap();
    let buyer = customers::add(db, &admin.actor(), &CustomerInput { name: "Nasiya".into(), ..Default::default() })
        .await
        .unwrap()
        .id;
    for payment in [Payment::Cash, Payment::Card, Payment::Debt] {
        let sale = SaleInput {
            branch_id: branch,
            cashier_id: None,
            customer_id: (payment == Payment::Debt).then_some(buyer),
            sale_type: SaleType::Retail,
            payment,
            lines: vec![LineInput { product_id: cola, qty: Qty::units(3), unit_price: None, discount: Money(0) }],
            sold_at: None,
            source: "test",
            idempotency_key: None,
            ..Default::default()
        };
        sales::record_sale(db, &admin.actor(), &sale).await.unwrap();
    }
    let before = books(db, admin.company_id).await;

    // The backup is taken while `savdo serve` runs on the same database.
    let (_stub, running) = start_server(db, None).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("savdo.backup");
    let out = savdo(&source.url, &["backup", file.to_str().unwrap()]);
    assert!(out.status.success(), "backup: {}", String::from_utf8_lossy(&out.stderr));
    running.stop().await;
    let again = savdo(&source.url, &["backup", file.to_str().unwrap()]);
    assert!(!again.status.success(), "a backup never overwrites a file");
    // Restoring over a database with data is refused; into the empty one it succeeds.
    let refused = savdo(&source.url, &["restore", file.to_str().unwrap()]);
    assert!(!refused.status.success(), "restore refuses a database that holds data");
    let out = savdo(target_url, &["restore", file.to_str().unwrap()]);
    assert!(out.status.success(), "restore: {}", String::from_utf8_lossy(&out.stderr));
    let restored = Db::connect(target_url).await.unwrap();
    assert_eq!(books(&restored, admin.company_id).await, before, "the restored books give the same reports");
}

#[tokio::test]
async fn backup_and_restore_on_sqlite() {
    let source = TestDb::sqlite().await;
    let target_dir = tempfile::tempdir().unwrap();
    let target_url = format!("sqlite:{}", target_dir.path().join("restored.db").display());
    round_trip(source, &target_url).await;
}

#[tokio::test]
async fn backup_and_restore_on_postgres() {
    let (Some(source), Some(target)) = (TestDb::postgres().await, TestDb::postgres_empty().await) else {
        eprintln!("TEST_DATABASE_URL not set: PostgreSQL variant not run");
        return;
    };
    round_trip(source, &target.url).await;
}
