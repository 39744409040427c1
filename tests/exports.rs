//! Exports through the router: CSV streamed, XLSX and PDF from a temporary file; the rows a
//! role may see; refusals for a bad kind, format or period and for the wrong role.

mod common;

use calamine::{Data, Reader};
use common::fixtures::{company_with_cola, member_with_role};
use common::start_server;
use savdo::db::Db;
use savdo::domain::customers::{self, CustomerInput};
use savdo::domain::money::{Money, Qty};
use savdo::domain::roles::Role;
use savdo::domain::sales::{self, LineInput, Payment, SaleInput};
use savdo::domain::{apikeys, company};
use serde_json::Value;

async fn exports_over_http(db: Db) {
    let (alfa, cola, key) = company_with_cola(&db, 1, "Alfa").await;
    let markaz = alfa.branch_id.unwrap();
    let chilonzor = company::add_branch(&db, &alfa.actor(), "Chilonzor").await.unwrap().id;
    let manager = member_with_role(&db, &alfa, 3, Role::Manager, Some(chilonzor)).await;
    let cashier = member_with_role(&db, &alfa, 4, Role::Cashier, Some(markaz)).await;
    let (_, manager_key) = apikeys::create(&db, &alfa.actor(), "office", Some(manager.user_id)).await.unwrap();
    let (_, cashier_key) = apikeys::create(&db, &alfa.actor(), "till", Some(cashier.user_id)).await.unwrap();
    let ali =
        customers::add(&db, &alfa.actor(), &CustomerInput { name: "Ali, \"Valiyev\"".into(), ..Default::default() })
            .await
            .unwrap();
    // Three receipts in Markaz: 2, 3 (on credit to Ali) and 1.5 bottles at 12 500.
    for (qty, customer) in [(Qty::units(2), None), (Qty::units(3), Some(ali.id)), (Qty(1_500), None)] {
        let input = SaleInput {
            branch_id: markaz,
            customer_id: customer,
            payment: if customer.is_some() { Payment::Debt } else { Payment::Cash },
            lines: vec![LineInput { product_id: cola, qty, unit_price: None, discount: Money(0) }],
            source: "test",
            ..Default::default()
        };
        sales::record_sale(&db, &alfa.actor(), &input).await.unwrap();
    }
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}/api/v1/exports", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let get = |path: &str, key: &str| http.get(format!("{base}/{path}")).header("X-API-Key", key).send();

    // CSV: a header and a line per sale line; the customer's name quoted as RFC 4180 says.
    let r = get("sales?format=csv&lang=en", &key).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Date,Receipt,Branch,Cashier,Customer,Product,Quantity,\"Amount, so‘m\"");
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(
        lines[2].contains(",Markaz,")
            && lines[2].contains("\"Ali, \"\"Valiyev\"\"\"")
            && lines[2].ends_with(",3,37500.00"),
        "{}",
        lines[2]
    );
    assert!(lines[3].ends_with(",1.5,18750.00"), "{}", lines[3]);

    // XLSX: the same rows, money and quantities as numbers.
    let r = get("sales-by-customer?format=xlsx", &key).await.unwrap();
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let ali_row = rows.iter().find(|r| matches!(&r[0], Data::String(s) if s.starts_with("Ali"))).unwrap();
    assert_eq!((ali_row[1].clone(), ali_row[2].clone()), (Data::Float(1.0), Data::Float(37_500.0)));

    // Inventory: 50 received, 6.5 sold in Markaz, carried at cost net of VAT (9 800 / 1.12);
    // nothing in Chilonzor (a row all the same).
    let inventory = get("inventory?format=csv&lang=en", &key).await.unwrap().text().await.unwrap();
    assert!(inventory.contains("A-100,\"Coca-Cola 1,5 l\",Markaz,43.5,8750.00,380625.00,0,no"), "{inventory}");
    assert!(inventory.contains(",Chilonzor,0,0.00,0.00,0,no"), "{inventory}");
    // The debts, as a PDF.
    let r = get("debts?format=pdf", &key).await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
    // Ali's statement: opening balance, then the sale on credit.
    let statement = get(&format!("customer-statement?format=csv&lang=en&customer_id={}", ali.id), &key)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        statement.contains(",Opening balance,,0.00,0.00,0.00") && statement.contains(",37500.00,0.00,37500.00"),
        "{statement}"
    );

    // A manager sees their own branch: Chilonzor has no sales. A cashier may not export.
    let theirs = get("sales?format=csv", &manager_key).await.unwrap().text().await.unwrap();
    assert_eq!(theirs.lines().count(), 1, "{theirs}");
    let r = get(&format!("sales?format=csv&branch_id={markaz}"), &manager_key).await.unwrap();
    assert_eq!(r.status(), 422);
    let r = get("sales?format=csv", &cashier_key).await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "refuse-role");

    // Bad requests: an unknown kind or format, a period ending before it starts, no customer.
    assert_eq!(get("nonsense", &key).await.unwrap().status(), 400);
    assert_eq!(get("sales?format=doc", &key).await.unwrap().status(), 400);
    let r = get("sales?from=2026-11-30&to=2026-11-01", &key).await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "err-bad-period");
    assert_eq!(get("customer-statement?format=csv", &key).await.unwrap().status(), 404);
}
db_test!(exports, super::exports_over_http);
