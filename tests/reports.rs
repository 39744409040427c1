//! Reports as files: the XLSX holds numbers (not text) a spreadsheet can add up, the PDF's text
//! (pdftotext) reads back in Uzbek and Russian, and the API serves every format.

mod common;

use std::io::Write;

use calamine::{Data, Reader};
use common::start_server;
use savdo::db::Db;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Tin};
use savdo::domain::lookup;
use savdo::domain::money::{Money, Qty};
use savdo::domain::sales::{self, LineInput, Payment, SaleInput, SaleType};
use savdo::domain::{apikeys, purchases};
use savdo::i18n::Lang;
use savdo::reports::statements::{self, Kind};

async fn company_with_a_sale(db: &Db) -> (savdo::domain::company::Member, String) {
    let user = company::touch_user(db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin = company::create_company(db, user.id, "Baraka Savdo", &Tin::parse("301234567").unwrap(), "Markaz", "uz")
        .await
        .unwrap();
    let input = ProductInput {
        code: "A-100".into(),
        barcode: None,
        name: "Coca-Cola".into(),
        unit: "pcs".into(),
        purchase_price: Money::from_som(9_800),
        sale_price: Money::from_som(12_500),
        min_qty: Qty(0),
        wholesale_price: None,
    };
    let product = catalog::save_product(db, &admin.actor(), &input).await.unwrap();
    let branch = admin.branch_id.unwrap();
    let line =
        purchases::PurchaseLine { product_id: product.id, qty: Qty::units(24), unit_cost: Money::from_som(9_800) };
    purchases::record_purchase(db, &admin.actor(), branch, None, &[line]).await.unwrap();
    let sale = SaleInput {
        branch_id: branch,
        cashier_id: None,
        customer_id: None,
        sale_type: SaleType::Retail,
        payment: Payment::Card,
        lines: vec![LineInput { product_id: product.id, qty: Qty::units(2), unit_price: None, discount: Money(0) }],
        sold_at: None,
        source: "test",
        idempotency_key: None,
        ..Default::default()
    };
    sales::record_sale(db, &admin.actor(), &sale).await.unwrap();
    let (_, key) = apikeys::create(db, &admin.actor(), "reports", None).await.unwrap();
    (admin, key)
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    match std::process::Command::new("pdftotext").arg(file.path()).arg("-").output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).to_string()),
        _ if std::env::var("CI").is_ok() => panic!("pdftotext must be installed in CI (poppler-utils)"),
        _ => None,
    }
}

async fn files_hold_numbers_and_both_scripts(db: Db) {
    let (admin, _) = company_with_a_sale(&db).await;
    let today = lookup::today(&db, admin.company_id).await.unwrap();
    let (uz, _) =
        statements::build(&db, admin.company_id, "Baraka Savdo", Kind::Pnl, today, today, Lang::Uz).await.unwrap();
    let (ru, _) =
        statements::build(&db, admin.company_id, "Baraka Savdo", Kind::Pnl, today, today, Lang::Ru).await.unwrap();

    let xlsx = savdo::reports::xlsx::to_xlsx(&[uz.clone(), ru.clone()]).unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<&Data> = sheet.used_cells().map(|(_, _, c)| c).collect();
    // Net revenue: 25 000 less VAT 2 678,57 = 22 321,43 so‘m, as a number.
    assert!(cells.iter().any(|c| matches!(c, Data::Float(f) if (*f - 22_321.43).abs() < 0.001)), "{cells:?}");
    assert!(!cells.iter().any(|c| matches!(c, Data::String(s) if s.contains("22 321"))), "money must not be text");
    assert!(cells.iter().any(|c| matches!(c, Data::String(s) if s.contains("Sof tushum"))));

    let pdf = savdo::reports::pdf::to_pdf(&[uz, ru]).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdftotext(&pdf) {
        for expected in
            ["Foyda va zarar", "Sof tushum", "Yalpi foyda", "Прибыль и убытки", "Чистая выручка", "22 321,43"]
        {
            assert!(text.contains(expected), "{expected:?} not in:\n{text}");
        }
    }
}
db_test!(files, super::files_hold_numbers_and_both_scripts);

async fn reports_over_http(db: Db) {
    let (_admin, key) = company_with_a_sale(&db).await;
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}/api/v1/reports", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(format!("{base}/{path}")).header("X-API-Key", &key).send();

    let json: serde_json::Value = get("pnl").await.unwrap().json().await.unwrap();
    assert_eq!(json["kind"], "pnl");
    let rows = json["table"]["rows"].as_array().unwrap();
    assert!(rows.iter().any(|r| r[1]["money"] == 2_232_143), "{rows:?}");
    let balance: serde_json::Value = get("balance?lang=en").await.unwrap().json().await.unwrap();
    assert_eq!(balance["table"]["title"], "Balance sheet");

    let csv = get("trial?format=csv").await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(csv.lines().any(|l| l.starts_with("5110") && l.contains(",25000.00,")), "{csv}");

    let xlsx = get("pnl?format=xlsx").await.unwrap();
    assert!(xlsx.headers()["content-disposition"].to_str().unwrap().contains(".xlsx"));
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    let pdf = get("cash?format=pdf").await.unwrap().bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));

    assert_eq!(get("nonsense").await.unwrap().status(), 400);
    assert_eq!(get("pnl?format=doc").await.unwrap().status(), 400);
    assert_eq!(http.get(format!("{base}/pnl")).send().await.unwrap().status(), 401);
    running.stop().await;
}
db_test!(http, super::reports_over_http);
