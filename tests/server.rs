//! `savdo serve` end to end against the fake Bot API: long polling, the webhook (secret,
//! duplicates, restarts), the command menus and the health check, over real HTTP.

mod common;

use common::{start_server, wait_for};
use savdo::db::Db;
use savdo::telegram_stub::TgUser;

async fn polling_answers_and_sets_menus(db: Db) {
    let (stub, running) = start_server(&db, None).await;
    let mut events = stub.subscribe();
    let aziz = TgUser::new(1001, "Aziz", Some("uz"));
    stub.enqueue(stub.text_update(&aziz, "/start"));
    wait_for(&mut events, 1001, "Assalomu alaykum, Aziz!").await;
    stub.enqueue(stub.text_update(&aziz, "Baraka Savdo"));
    wait_for(&mut events, 1001, "STIR").await;

    let ru = stub.commands("ru").expect("Russian menu set").to_string();
    assert!(ru.contains("сменить язык") && ru.contains("\"lang\""), "{ru}");
    let en = stub.commands("en").expect("English menu set").to_string();
    assert!(en.contains("change the language"), "{en}");
    let default = stub.commands("").expect("default menu set").to_string();
    assert!(default.contains("tilni o‘zgartirish"), "{default}");
    running.stop().await;
}
db_test!(polling, super::polling_answers_and_sets_menus);

async fn webhook_checks_secret_and_handles_each_update_once(db: Db) {
    let (stub, running) = start_server(&db, Some("s3cret_Token-1")).await;
    let addr = running.http_addr.expect("http");
    let url = format!("http://{addr}/telegram/webhook");
    let http = reqwest::Client::new();
    let aziz = TgUser::new(1001, "Aziz", Some("uz"));
    let help = stub.text_update(&aziz, "/help");

    let no_secret = http.post(&url).json(&help).send().await.unwrap();
    assert_eq!(no_secret.status(), 401);
    let wrong =
        http.post(&url).header("X-Telegram-Bot-Api-Secret-Token", "s3cret_Token-2").json(&help).send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    assert!(stub.take_sent().iter().all(|s| s.method != "sendMessage"), "nothing handled without the secret");

    let mut events = stub.subscribe();
    let post = |body: serde_json::Value| {
        http.post(&url).header("X-Telegram-Bot-Api-Secret-Token", "s3cret_Token-1").json(&body).send()
    };
    assert_eq!(post(help.clone()).await.unwrap().status(), 200);
    assert_eq!(post(help.clone()).await.unwrap().status(), 200, "a repeat is acknowledged");
    // Updates of one chat are handled in order: once /lang is answered, both /help copies were seen.
    assert_eq!(post(stub.text_update(&aziz, "/lang")).await.unwrap().status(), 200);
    wait_for(&mut events, 1001, "Tilni tanlang").await;
    let helps =
        stub.take_sent().iter().filter(|s| s.text.as_deref().is_some_and(|t| t.contains("Savdo buyruqlari"))).count();
    assert_eq!(helps, 1, "the same update_id is handled once");

    let garbage = http
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", "s3cret_Token-1")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 200, "an unreadable update is acknowledged, not retried forever");

    // After a restart the update is still known.
    running.stop().await;
    let (stub2, running2) = start_server(&db, Some("s3cret_Token-1")).await;
    let url2 = format!("http://{}/telegram/webhook", running2.http_addr.unwrap());
    let mut events2 = stub2.subscribe();
    let post2 = |body: serde_json::Value| {
        http.post(&url2).header("X-Telegram-Bot-Api-Secret-Token", "s3cret_Token-1").json(&body).send()
    };
    assert_eq!(post2(help.clone()).await.unwrap().status(), 200);
    let mut later = stub.text_update(&aziz, "/cancel");
    later["update_id"] = serde_json::json!(help["update_id"].as_i64().unwrap() + 100);
    assert_eq!(post2(later).await.unwrap().status(), 200);
    wait_for(&mut events2, 1001, "Bekor qilinadigan amal yo‘q").await;
    let helps =
        stub2.take_sent().iter().filter(|s| s.text.as_deref().is_some_and(|t| t.contains("Savdo buyruqlari"))).count();
    assert_eq!(helps, 0, "an update handled before the restart is not handled again");
    running2.stop().await;
}
db_test!(webhook, super::webhook_checks_secret_and_handles_each_update_once);

async fn health_reports_version_and_database(db: Db) {
    let (_stub, running) = start_server(&db, None).await;
    let url = format!("http://{}/health", running.http_addr.unwrap());
    let ok = reqwest::get(&url).await.unwrap();
    assert_eq!(ok.status(), 200);
    let body: serde_json::Value = ok.json().await.unwrap();
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["database"], "ok");

    let webhook =
        reqwest::Client::new().post(format!("http://{}/telegram/webhook", running.http_addr.unwrap())).body("{}");
    assert_eq!(webhook.send().await.unwrap().status(), 404, "no webhook route in polling mode");

    running.app.db.pool.close().await;
    let down = reqwest::get(&url).await.unwrap();
    assert_eq!(down.status(), 503);
    let body: serde_json::Value = down.json().await.unwrap();
    assert_eq!(body["database"], "unreachable");
    running.stop().await;
}
db_test!(health, super::health_reports_version_and_database);
