//! Purchase orders over HTTP: drafted, sent, received in two deliveries (each a purchase that
//! moves stock and the books), closed; refusals for too much, a closed order, the wrong role
//! and another company.

mod common;

use common::fixtures::{company_with_cola, member_with_role};
use common::start_server;
use savdo::db::Db;
use savdo::domain::money::Qty;
use savdo::domain::partners::{self, PartnerKind};
use savdo::domain::roles::Role;
use savdo::domain::{apikeys, ledger, lookup, stock};
use serde_json::{json, Value};

async fn orders_over_http(db: Db) {
    let (alfa, cola, key) = company_with_cola(&db, 1, "Alfa").await;
    let (_beta, _, beta_key) = company_with_cola(&db, 2, "Beta").await;
    let markaz = alfa.branch_id.unwrap();
    let cashier = member_with_role(&db, &alfa, 3, Role::Cashier, Some(markaz)).await;
    let (_, cashier_key) = apikeys::create(&db, &alfa.actor(), "till", Some(cashier.user_id)).await.unwrap();
    let nestle = partners::add(&db, &alfa.actor(), PartnerKind::Supplier, "Nestle", None, None).await.unwrap();
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}/api/v1/purchase-orders", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let post = |path: String, key: &str, body: Value| http.post(path).header("X-API-Key", key).json(&body).send();

    let order = json!({ "branch_id": markaz, "supplier_id": nestle.id, "lines": [{ "product_id": cola, "qty": "24", "unit_cost": 950_000 }] });
    let r = post(base.clone(), &cashier_key, order.clone()).await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "refuse-role");
    let r = post(base.clone(), &key, order).await.unwrap();
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!((created["number"].as_i64(), created["status"].as_str()), (Some(1), Some("draft")));

    let sent: Value = post(format!("{base}/{id}/send"), &key, json!({})).await.unwrap().json().await.unwrap();
    assert_eq!(sent["status"], "sent");
    let pdf = http.get(format!("{base}/{id}?format=pdf")).header("X-API-Key", &key).send().await.unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));

    // 30 is more than the 24 ordered; 10 come first, then the other 14.
    let part = |qty: &str| json!({ "lines": [{ "product_id": cola, "qty": qty }] });
    let r = post(format!("{base}/{id}/receive"), &key, part("30")).await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "err-receive-too-much");
    let r = post(format!("{base}/{id}/receive"), &key, part("10")).await.unwrap();
    assert_eq!(r.status(), 201);
    let first: Value = r.json().await.unwrap();
    assert_eq!(first["order"]["status"], "partial");
    assert_eq!(first["purchase"]["total"], 9_500_000);
    let r = http.post(format!("{base}/{id}/receive")).header("X-API-Key", &key).send().await.unwrap();
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let second: Value = r.json().await.unwrap();
    assert_eq!(second["order"]["status"], "received");
    assert_eq!(second["order"]["lines"][0]["received"], 24_000);
    // 50 on hand before, 24 more; what Nestle is owed is the two deliveries.
    assert_eq!(stock::on_hand(&db, alfa.company_id, markaz, cola).await.unwrap(), Qty::units(74));
    let owed = partners::supplier_balances(&db, &alfa.actor()).await.unwrap();
    assert_eq!(owed.iter().find(|s| s.supplier.id == nestle.id).unwrap().owed.0, 22_800_000);
    let today = lookup::today(&db, alfa.company_id).await.unwrap();
    let unnamed = partners::unnamed_owed(&db, &alfa.actor()).await.unwrap().0;
    assert_eq!(-ledger::balance(&db, alfa.company_id, "6010", today).await.unwrap(), 22_800_000 + unnamed);

    let r = post(format!("{base}/{id}/receive"), &key, part("1")).await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "err-order-closed");
    let r = post(format!("{base}/{id}/cancel"), &key, json!({})).await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "err-order-closed");

    // Another company's key sees no such order.
    let r = http.get(format!("{base}/{id}")).header("X-API-Key", &beta_key).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let theirs: Value = http.get(&base).header("X-API-Key", &beta_key).send().await.unwrap().json().await.unwrap();
    assert_eq!(theirs["orders"].as_array().unwrap().len(), 0);
    let open: Value =
        http.get(format!("{base}?open=true")).header("X-API-Key", &key).send().await.unwrap().json().await.unwrap();
    assert_eq!(open["orders"].as_array().unwrap().len(), 0);
}
db_test!(orders, super::orders_over_http);
