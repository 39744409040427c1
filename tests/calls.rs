//! The office PBX: call records through the webhook (a wrong secret refused, a repeat kept
//! once), linked to customers by phone, a missed call from a customer reported once to the
//! admins with the number and the debt, and `/calls` grouping by number.

mod common;

use savdo::db::Db;
use savdo::domain::calls;
use savdo::domain::customers::{self, CustomerInput};
use serde_json::json;

async fn pbx(db: Db) {
    let (admin, _, _) = common::fixtures::company_with_cola(&db, 1, "Alfa").await;
    let input = CustomerInput { name: "Ali Valiyev".into(), phone: Some("90 123 45 67".into()), ..Default::default() };
    customers::add(&db, &admin.actor(), &input).await.unwrap();
    let secret = calls::new_secret(&db, &admin.actor()).await.unwrap();
    let (stub, running) = common::start_server(&db, None).await;
    let url = format!("http://{}/webhooks/pbx/{}", running.http_addr.unwrap(), admin.company_id);
    let http = reqwest::Client::new();
    let missed = json!({ "id": "c-1", "caller": "+998 90 123 45 67", "callee": "200", "direction": "in",
                         "start": chrono::Utc::now().timestamp() - 60, "duration": 0, "answered": false });
    let forged = http.post(&url).header("X-Pbx-Secret", "wrong").json(&missed).send().await.unwrap();
    assert_eq!(forged.status(), 401);
    let none = http.post(&url).json(&missed).send().await.unwrap();
    assert_eq!(none.status(), 401);
    let first: serde_json::Value =
        http.post(&url).header("X-Pbx-Secret", &secret).json(&missed).send().await.unwrap().json().await.unwrap();
    assert_eq!(first["stored"], true);
    let again: serde_json::Value =
        http.post(&url).header("X-Pbx-Secret", &secret).json(&missed).send().await.unwrap().json().await.unwrap();
    assert_eq!(again["stored"], false, "a repeated record is kept once");
    let told: Vec<String> = stub.take_sent().into_iter().filter_map(|s| s.text).collect();
    let reports: Vec<&String> = told.iter().filter(|t| t.contains("Ali Valiyev qo‘ng‘irog‘i javobsiz qoldi")).collect();
    assert_eq!(reports.len(), 1, "{told:?}");
    assert!(reports[0].contains("+998901234567") && reports[0].contains("Qarzi: 0 so‘m"), "{}", reports[0]);
    // An answered call and an outgoing one; an unknown number; bad records refused.
    for (id, caller, callee, direction, answered) in [
        ("c-2", "+998901234567", "200", "in", true),
        ("c-3", "200", "901234567", "out", true),
        ("c-4", "+998935550000", "200", "in", false),
    ] {
        let record = json!({ "id": id, "caller": caller, "callee": callee, "direction": direction,
                             "start": chrono::Utc::now().timestamp(), "duration": 30, "answered": answered });
        let r = http.post(&url).header("X-Pbx-Secret", &secret).json(&record).send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
    let bad =
        json!({ "id": "c-5", "caller": "abc", "callee": "200", "direction": "in", "start": 0, "answered": false });
    assert_eq!(http.post(&url).header("X-Pbx-Secret", &secret).json(&bad).send().await.unwrap().status(), 422);
    let sideways = json!({ "id": "c-6", "caller": "901234567", "callee": "200", "direction": "up", "start": 0, "answered": false });
    assert_eq!(http.post(&url).header("X-Pbx-Secret", &secret).json(&sideways).send().await.unwrap().status(), 422);
    assert_eq!(
        stub.take_sent().iter().filter(|s| s.text.as_deref().is_some_and(|t| t.contains("javobsiz"))).count(),
        0,
        "an unknown number is not reported"
    );
    let numbers = calls::by_number(&db, &admin.actor(), "", 10).await.unwrap();
    assert_eq!(numbers.len(), 2);
    let ali = numbers.iter().find(|n| n.phone == "+998901234567").unwrap();
    assert_eq!((ali.customer.as_deref(), ali.calls, ali.missed), (Some("Ali Valiyev"), 3, 1));
    assert_eq!(calls::by_number(&db, &admin.actor(), "valiyev", 10).await.unwrap().len(), 1);
    assert_eq!(calls::by_number(&db, &admin.actor(), "93555", 10).await.unwrap()[0].customer, None);
    running.stop().await;
}
db_test!(pbx_calls, super::pbx);
