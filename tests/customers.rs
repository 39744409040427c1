//! Customers and debts over HTTP, through the router: validation, credit sales, the credit
//! limit, idempotent payments, ageing, roles and tenancy.

mod common;

use common::fixtures::{company_with_cola, member_with_role};
use common::start_server;
use savdo::db::Db;
use savdo::domain::apikeys;
use savdo::domain::roles::Role;
use serde_json::{json, Value};

async fn customers_and_debts_over_http(db: Db) {
    let (alfa, cola, key) = company_with_cola(&db, 1, "Alfa").await;
    let (_beta, _, beta_key) = company_with_cola(&db, 2, "Beta").await;
    let cashier = member_with_role(&db, &alfa, 3, Role::Cashier, alfa.branch_id).await;
    let (_, cashier_key) = apikeys::create(&db, &alfa.actor(), "till", Some(cashier.user_id)).await.unwrap();
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}/api/v1", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let post = |path: &str, key: &str, body: Value| {
        http.post(format!("{base}{path}")).header("X-API-Key", key).json(&body).send()
    };
    let get = |path: &str, key: &str| http.get(format!("{base}{path}")).header("X-API-Key", key).send();

    // Bad input is refused with its own message, and nothing is stored.
    for (body, error) in [
        (json!({ "name": "  " }), "err-name"),
        (json!({ "name": "Ali", "phone": "12-34" }), "err-phone"),
        (json!({ "name": "Ali", "tin": "12345" }), "err-tin"),
        (json!({ "name": "Ali", "credit_limit": -1 }), "err-price"),
    ] {
        let r = post("/customers", &key, body.clone()).await.unwrap();
        assert_eq!(r.status(), 422, "{body}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"], error, "{body}");
    }
    let r = post("/customers", &key, json!({ "name": "Ali", "kind": "vip" })).await.unwrap();
    assert_eq!(r.status(), 400);

    let r = post(
        "/customers",
        &cashier_key,
        json!({ "name": "Ali Valiyev", "phone": "90 123 45 67", "credit_limit": 10_000_000 }),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    let ali: Value = r.json().await.unwrap();
    assert_eq!(ali["phone"], "+998901234567");
    assert_eq!(ali["balance"], 0);
    let ali_id = ali["id"].as_i64().unwrap();

    // A sale on credit needs a customer; 4 × 12 500 = 50 000 so‘m, 20 000 paid at once.
    let sale = |customer: Option<i64>, qty: &str, override_limit: bool| {
        json!({
            "branch_id": alfa.branch_id, "payment": "debt", "customer_id": customer,
            "lines": [{ "product_id": cola, "qty": qty }],
            "paid_now": { "payment": "cash", "amount": 2_000_000 },
            "override_credit_limit": override_limit,
        })
    };
    let r = post("/sales", &cashier_key, sale(None, "4", false)).await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "err-customer-required");
    let r = post("/sales", &cashier_key, sale(Some(ali_id), "4", false)).await.unwrap();
    assert_eq!(r.status(), 201);
    let credit_sale = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // An invoice needs the buyer's TIN, which Ali has not given yet.
    let r = post(&format!("/sales/{credit_sale}/invoice"), &cashier_key, json!({})).await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "err-buyer-tin");
    let owes = |v: Value| v["balance"].as_i64().unwrap();
    assert_eq!(owes(get(&format!("/customers/{ali_id}"), &key).await.unwrap().json().await.unwrap()), 3_000_000);

    // 8 more (100 000, 20 000 paid): 30 000 + 80 000 > 100 000. The cashier cannot override; the admin can.
    let r = post("/sales", &cashier_key, sale(Some(ali_id), "8", true)).await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "err-credit-limit");
    let r = post("/sales", &key, sale(Some(ali_id), "8", true)).await.unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(owes(get(&format!("/customers/{ali_id}"), &key).await.unwrap().json().await.unwrap()), 11_000_000);

    // A payment with an Idempotency-Key twice: taken once.
    let pay = || {
        http.post(format!("{base}/customers/{ali_id}/payments"))
            .header("X-API-Key", &cashier_key)
            .header("Idempotency-Key", "pay-1")
            .json(&json!({ "amount": 1_000_000, "payment": "card" }))
            .send()
    };
    let first = pay().await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["balance"], 10_000_000);
    let again = pay().await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers()["Idempotent-Replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!((again["entry_id"].clone(), again["amount"].clone()), (first["entry_id"].clone(), json!(1_000_000)));
    assert_eq!(owes(get(&format!("/customers/{ali_id}"), &key).await.unwrap().json().await.unwrap()), 10_000_000);
    // More than is owed, a debt "paid" on credit, nothing: refused.
    for (body, error) in [
        (json!({ "amount": 10_000_001 }), "err-payment-above-debt"),
        (json!({ "amount": 100, "payment": "debt" }), "err-payment-method"),
        (json!({ "amount": 0 }), "err-price"),
    ] {
        let r = post(&format!("/customers/{ali_id}/payments"), &key, body.clone()).await.unwrap();
        assert_eq!(r.status(), 422, "{body}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"], error, "{body}");
    }

    // Who owes: all of it from today.
    let debts: Value = get("/debts", &key).await.unwrap().json().await.unwrap();
    assert_eq!(debts["debts"][0]["customer"]["id"], ali_id);
    assert_eq!(debts["debts"][0]["ages"]["0-30"], 10_000_000);
    assert_eq!(debts["debts"][0]["overdue"], 0);

    // Found by name and by phone digits; edited; another company sees none of it.
    let found: Value = get("/customers?q=123 45", &key).await.unwrap().json().await.unwrap();
    assert_eq!(found["customers"][0]["id"], ali_id);
    let r = http
        .put(format!("{base}/customers/{ali_id}"))
        .header("X-API-Key", &key)
        .json(&json!({ "name": "Ali Valiyev", "kind": "wholesale", "tin": "302 345 678" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let edited: Value = r.json().await.unwrap();
    assert_eq!(
        (edited["kind"].as_str(), edited["tin"].as_str(), edited["credit_limit"].is_null()),
        (Some("wholesale"), Some("302345678"), true)
    );
    assert_eq!(get(&format!("/customers/{ali_id}"), &beta_key).await.unwrap().status(), 404);

    // With the TIN: invoice №1, the same one when asked again, lines net of VAT.
    let first = post(&format!("/sales/{credit_sale}/invoice"), &cashier_key, json!({})).await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = post(&format!("/sales/{credit_sale}/invoice"), &key, json!({})).await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap()["invoice"], first["invoice"]);
    let (invoice, operator) = (&first["invoice"], &first["operator"]);
    assert_eq!((invoice["number"].as_i64(), invoice["buyer"]["tin"].as_str()), (Some(1), Some("302345678")));
    // 50 000 so‘m with 12 % VAT inside: 44 642.86 net, 5 357.14 VAT.
    assert_eq!(
        (invoice["net"].as_i64(), invoice["vat"].as_i64(), invoice["total"].as_i64()),
        (Some(4_464_286), Some(535_714), Some(5_000_000))
    );
    assert_eq!(operator["FacturaDoc"]["FacturaNo"], "1");
    assert_eq!(operator["SellerTin"], "301234567");
    assert_eq!(operator["ProductList"]["Products"][0]["VatSum"], 5_357.14);
    assert_eq!(operator["ProductList"]["Products"][0]["Count"], 4.0);
    let pdf = http
        .post(format!("{base}/sales/{credit_sale}/invoice?format=pdf"))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    let r = post(&format!("/sales/{credit_sale}/invoice"), &beta_key, json!({})).await.unwrap();
    assert_eq!(r.status(), 404, "another company's sale");
    let r = post(&format!("/customers/{ali_id}/payments"), &beta_key, json!({ "amount": 100 })).await.unwrap();
    assert_eq!(r.status(), 404);
    let theirs: Value = get("/customers", &beta_key).await.unwrap().json().await.unwrap();
    assert_eq!(theirs["customers"].as_array().unwrap().len(), 0);
}
db_test!(customers_and_debts, super::customers_and_debts_over_http);

/// A file of sales names the customer of a sale on credit by name, phone or TIN; a sale on
/// credit without one, or an unknown customer, refuses the whole file.
async fn imported_credit_sales_name_their_customer(db: Db) {
    use savdo::domain::customers::{self, CustomerInput};
    use savdo::domain::import::{self, Outcome};
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let a = alfa.actor();
    let ali = CustomerInput { name: "Ali Valiyev".into(), phone: Some("90 123 45 67".into()), ..Default::default() };
    let ali = customers::add(&db, &a, &ali).await.unwrap();
    let table = |rows: &[[&str; 7]]| -> Vec<Vec<String>> {
        std::iter::once(["date", "branch", "receipt", "product_code", "qty", "payment", "customer"])
            .chain(rows.iter().copied())
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let refused = import::import_sales(
        &db,
        &a,
        table(&[
            ["2026-11-20 10:00", "Markaz", "R-1", "A-100", "2", "debt", ""],
            ["2026-11-20 11:00", "Markaz", "R-2", "A-100", "1", "cash", "Vali"],
        ]),
    )
    .await
    .unwrap();
    let Outcome::Refused(problems) = refused else { panic!("{refused:?}") };
    let keys: Vec<&str> = problems.iter().map(|p| p.key).collect();
    assert_eq!(keys, ["import-debt-needs-customer", "import-bad-customer"]);
    assert_eq!(customers::get(&db, &a, ali.id).await.unwrap().balance.0, 0, "nothing imported");
    let done = import::import_sales(
        &db,
        &a,
        table(&[
            ["2026-11-20 10:00", "Markaz", "R-1", "A-100", "2", "debt", "+998 90 123-45-67"],
            ["2026-11-20 11:00", "Markaz", "R-2", "A-100", "1", "debt", "ali valiyev"],
        ]),
    )
    .await
    .unwrap();
    assert!(matches!(done, Outcome::Imported { receipts: 2, .. }), "{done:?}");
    assert_eq!(customers::get(&db, &a, ali.id).await.unwrap().balance.0, 3_750_000);
}
db_test!(imported_credit_sales, super::imported_credit_sales_name_their_customer);

/// A wholesale customer buys at the product's wholesale price whatever the till was switched
/// to, at the till and in an imported file alike; a retail one pays the sale price, and a
/// product without a wholesale price sells at its sale price to both.
async fn wholesale_customers_pay_wholesale_prices(db: Db) {
    use savdo::domain::catalog::{self, ProductInput};
    use savdo::domain::customers::{self, CustomerInput, CustomerKind};
    use savdo::domain::import::{self, Outcome};
    use savdo::domain::money::{Money, Qty};
    use savdo::domain::sales::{self, LineInput, SaleInput, SaleType};
    let (alfa, cola, _) = company_with_cola(&db, 1, "Alfa").await;
    let a = alfa.actor();
    let input = catalog::product(&db, alfa.company_id, cola).await.unwrap();
    let edited = ProductInput {
        code: input.code.clone(),
        barcode: None,
        name: input.name.clone(),
        unit: input.unit.clone(),
        purchase_price: Money(input.purchase_price),
        sale_price: Money(input.sale_price),
        min_qty: Qty(input.min_qty),
        wholesale_price: Some(Money::from_som(11_000)),
    };
    assert_eq!(catalog::save_product(&db, &a, &edited).await.unwrap().wholesale_price, Some(11_000_00));
    let customer = |name: &str, kind| CustomerInput { name: name.into(), kind, ..Default::default() };
    let bulk = customers::add(&db, &a, &customer("Ulgurji Baraka", CustomerKind::Wholesale)).await.unwrap().id;
    let walk_in = customers::add(&db, &a, &customer("Ali", CustomerKind::Retail)).await.unwrap().id;
    let sell = |customer: Option<i64>| SaleInput {
        branch_id: alfa.branch_id.unwrap(),
        customer_id: customer,
        sale_type: SaleType::Retail,
        lines: vec![LineInput { product_id: cola, qty: Qty::units(2), unit_price: None, discount: Money(0) }],
        source: "test",
        ..Default::default()
    };
    let to_bulk = sales::record_sale(&db, &a, &sell(Some(bulk))).await.unwrap().sale;
    assert_eq!((to_bulk.sale_type, to_bulk.total), (SaleType::Wholesale, Money::from_som(22_000)));
    let to_walk_in = sales::record_sale(&db, &a, &sell(Some(walk_in))).await.unwrap().sale;
    assert_eq!((to_walk_in.sale_type, to_walk_in.total), (SaleType::Retail, Money::from_som(25_000)));

    let table: Vec<Vec<String>> = [
        ["date", "branch", "receipt", "product_code", "qty", "payment", "customer"],
        ["2026-11-20 10:00", "Markaz", "W-1", "A-100", "3", "cash", "Ulgurji Baraka"],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    let outcome = import::import_sales(&db, &a, table).await.unwrap();
    let Outcome::Imported { total, .. } = outcome else { panic!("{outcome:?}") };
    assert_eq!(total, Money::from_som(33_000), "the file's wholesale customer pays wholesale too");
}
db_test!(wholesale_prices, super::wholesale_customers_pay_wholesale_prices);
