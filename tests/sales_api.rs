//! The sales API over HTTP: keys, idempotency, validation, and tenancy.

mod common;

use common::fixtures::company_with_cola;
use common::start_server;
use savdo::db::Db;
use savdo::domain::apikeys;
use serde_json::{json, Value};

async fn sales_api(db: Db) {
    let (alfa, cola, alfa_key) = company_with_cola(&db, 1, "Alfa").await;
    let (_beta, _, beta_key) = company_with_cola(&db, 2, "Beta").await;
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}/api/v1/sales", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let sale = json!({
        "branch_id": alfa.branch_id,
        "payment": "card",
        "sale_type": "wholesale",
        "lines": [{ "product_id": cola, "qty": "2" }, { "product_code": "a-100", "qty": 1.5, "unit_price": 1_200_000, "discount": 50_000 }]
    });

    // Without a key, with a wrong key, with a revoked key: 401.
    let r = http.post(&base).json(&sale).send().await.unwrap();
    assert_eq!(r.status(), 401, "{:?}", r.text().await);
    let wrong = http.post(&base).header("X-API-Key", "sv_wrong").json(&sale).send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"], "unauthorized");

    // The same Idempotency-Key twice: one sale.
    let post = || {
        http.post(&base).header("X-API-Key", &alfa_key).header("Idempotency-Key", "till-7-000123").json(&sale).send()
    };
    let first = post().await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    // 2 × 12 500 + 1.5 × 12 000 − 500 = 42 500 so‘m
    assert_eq!(first["total"], 4_250_000);
    assert_eq!(first["sale_type"], "wholesale");
    assert_eq!(first["lines"].as_array().unwrap().len(), 2);
    let again = post().await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers()["Idempotent-Replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sales WHERE company_id = $1")
        .bind(alfa.company_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);

    // Listing with filters.
    let list: Value = http
        .get(format!("{base}?type=wholesale"))
        .header("X-API-Key", &alfa_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["sales"].as_array().unwrap().len(), 1);
    let list: Value = http
        .get(format!("{base}?type=retail"))
        .header("X-API-Key", &alfa_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["sales"].as_array().unwrap().len(), 0);

    // Another company's key reads its own (empty) sales, never these.
    let beta_list: Value = http.get(&base).header("X-API-Key", &beta_key).send().await.unwrap().json().await.unwrap();
    assert_eq!(beta_list["sales"], json!([]));
    // ...and cannot sell from Alfa's branch or product.
    let cross = http.post(&base).header("X-API-Key", &beta_key).json(&sale).send().await.unwrap();
    assert_eq!(cross.status(), 404, "{:?}", cross.text().await);

    // Bad input: a clear 400 or 422, and nothing recorded.
    let bad_qty =
        json!({ "branch_id": alfa.branch_id, "payment": "cash", "lines": [{ "product_id": cola, "qty": "-1" }] });
    let answer = http.post(&base).header("X-API-Key", &alfa_key).json(&bad_qty).send().await.unwrap();
    assert_eq!(answer.status(), 400);
    let body: Value = answer.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("qty"), "{body}");
    let bad_payment = json!({ "branch_id": alfa.branch_id, "payment": "gold", "lines": [] });
    assert_eq!(http.post(&base).header("X-API-Key", &alfa_key).json(&bad_payment).send().await.unwrap().status(), 400);
    let empty = json!({ "branch_id": alfa.branch_id, "payment": "cash", "lines": [] });
    let answer = http.post(&base).header("X-API-Key", &alfa_key).json(&empty).send().await.unwrap();
    assert_eq!(answer.status(), 422);
    let discount = json!({ "branch_id": alfa.branch_id, "payment": "cash", "lines": [{ "product_id": cola, "qty": 1, "discount": 99_999_999 }] });
    assert_eq!(http.post(&base).header("X-API-Key", &alfa_key).json(&discount).send().await.unwrap().status(), 422);
    let not_json = http
        .post(&base)
        .header("X-API-Key", &alfa_key)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sales").fetch_one(&db.pool).await.unwrap();
    assert_eq!(count, 1);

    // A revoked key stops working.
    let keys = apikeys::list(&db, alfa.company_id).await.unwrap();
    apikeys::revoke(&db, &alfa.actor(), keys[0].id).await.unwrap();
    assert_eq!(http.get(&base).header("X-API-Key", &alfa_key).send().await.unwrap().status(), 401);
    running.stop().await;
}
db_test!(api, super::sales_api);
