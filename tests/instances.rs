//! Two `savdo serve` instances on one database, one bot, in webhook mode: Telegram's updates
//! reach either instance in any interleaving, duplicated too. Each update is handled once, one
//! chat's updates in order (a dialogue started on one instance goes on on the other), and only
//! one instance sets the webhook.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use savdo::db::Db;
use savdo::server::{self, HttpPolicy, Pacing, Running};
use savdo::telegram_stub::{Stub, TgUser, BOT_TOKEN};
use serde_json::Value;

const SECRET: &str = "two_instances-1";
const WEBHOOK: &str = "https://savdo.example.uz/telegram/webhook";

async fn instance(url: &str, stub_url: url::Url) -> Running {
    let db = Db::connect(url).await.expect("database");
    let config = savdo::config::Config::from_lookup(|key| match key {
        "HTTP_ADDR" => Some("127.0.0.1:0".into()),
        "TELEGRAM_WEBHOOK_URL" => Some(WEBHOOK.into()),
        "TELEGRAM_WEBHOOK_SECRET" => Some(SECRET.into()),
        _ => None,
    })
    .expect("config");
    server::start(&config, db, BOT_TOKEN, Some(stub_url), Pacing::Unthrottled, HttpPolicy::Required)
        .await
        .expect("instance starts")
}

async fn two_instances_share_one_bot(url: String) {
    let stub = Stub::new();
    let stub_url = stub.serve().await.expect("stub");
    let (a, b) = tokio::join!(instance(&url, stub_url.clone()), instance(&url, stub_url));
    let (set_to, set_calls) = stub.webhook();
    assert_eq!(set_to.as_deref(), Some(WEBHOOK));
    assert_eq!(set_calls, 1, "one instance sets the webhook, the other only serves");

    let doors = [a.http_addr.unwrap(), b.http_addr.unwrap()].map(|addr| format!("http://{addr}/telegram/webhook"));
    let http = reqwest::Client::new();
    let post = |door: usize, update: Value| {
        let request = http.post(&doors[door]).header("X-Telegram-Bot-Api-Secret-Token", SECRET).json(&update);
        async move { assert_eq!(request.send().await.expect("webhook").status(), 200) }
    };

    // Six people at once, each registering a company and then searching eight times. Their
    // updates alternate between the instances and every one is delivered twice (once to each),
    // without waiting for answers: only the inbox keeps each chat in order.
    const SEARCHES: usize = 8;
    let people: Vec<TgUser> = (0..6).map(|i| TgUser::new(5001 + i, &format!("Sotuvchi{i}"), Some("en"))).collect();
    let chats = people.iter().enumerate().map(|(i, person)| {
        let setup = ["/start".to_string(), format!("Do‘kon {i}"), format!("30123450{i}"), "Markaz".to_string()];
        let searches = (1..=SEARCHES).map(|n| format!("/find q{n}-{i}"));
        let updates: Vec<Value> = setup.into_iter().chain(searches).map(|t| stub.text_update(person, &t)).collect();
        let post = &post;
        async move {
            for (n, update) in updates.into_iter().enumerate() {
                let first = (n + i) % 2;
                post(first, update.clone()).await;
                post(1 - first, update).await;
            }
        }
    });
    futures::future::join_all(chats).await;

    // Wait until every search is answered (or 20 s pass), then read what each chat got.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let mut sent = Vec::new();
    loop {
        sent.extend(stub.take_sent());
        let answered =
            sent.iter().filter(|s| s.text.as_deref().is_some_and(|t| t.starts_with("Nothing found"))).count();
        if answered >= people.len() * SEARCHES || tokio::time::Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut by_chat: HashMap<i64, Vec<String>> = HashMap::new();
    for s in sent.iter().filter(|s| s.method == "sendMessage") {
        by_chat.entry(s.chat_id).or_default().push(s.text.clone().unwrap_or_default());
    }
    for (i, person) in people.iter().enumerate() {
        let texts = by_chat.get(&person.id).cloned().unwrap_or_default();
        let searches: Vec<&String> = texts.iter().filter(|t| t.starts_with("Nothing found")).collect();
        let expected: Vec<String> = (1..=SEARCHES).map(|n| format!("Nothing found for “q{n}-{i}”.")).collect();
        assert_eq!(
            searches,
            expected.iter().collect::<Vec<_>>(),
            "chat {}: once each, in order:\n{texts:#?}",
            person.id
        );
        // The dialogue went through whichever instance got each step: the company exists.
        assert!(texts.iter().any(|t| t.contains(&format!("Do‘kon {i}"))), "chat {}:\n{texts:#?}", person.id);
    }
    // The last reply goes out just before its update is marked done: give that a moment.
    let mut waiting = savdo::db::inbox::waiting(&a.app.db, a.app.bot_id).await.unwrap();
    for _ in 0..50 {
        if waiting == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waiting = savdo::db::inbox::waiting(&a.app.db, a.app.bot_id).await.unwrap();
    }
    assert_eq!(waiting, 0, "nothing left in the inbox");
    tokio::join!(a.stop(), b.stop());
}

/// An update stored by an instance that stops before handling it is handled by the next start.
async fn a_stored_update_survives_a_stop(url: String) {
    let stub = Stub::new();
    let stub_url = stub.serve().await.expect("stub");
    let db = Db::connect(&url).await.unwrap();
    let aziz = TgUser::new(1001, "Aziz", Some("en"));
    let update = stub.text_update(&aziz, "/start");
    let body = update.to_string();
    // What the webhook does before it answers Telegram, with no instance left to handle it.
    savdo::db::inbox::put(&db, savdo::telegram_stub::BOT_ID, update["update_id"].as_i64().unwrap(), 1001, &body)
        .await
        .unwrap();
    let mut events = stub.subscribe();
    let running = instance(&url, stub_url).await;
    common::wait_for(&mut events, 1001, "Hello, Aziz!").await;
    running.stop().await;
}

#[tokio::test]
async fn sqlite_two_instances() {
    let test_db = common::TestDb::sqlite().await;
    two_instances_share_one_bot(test_db.url.clone()).await;
}

#[tokio::test]
async fn postgres_two_instances() {
    match common::TestDb::postgres().await {
        Some(test_db) => two_instances_share_one_bot(test_db.url.clone()).await,
        None => eprintln!("TEST_DATABASE_URL not set: PostgreSQL variant not run"),
    }
}

#[tokio::test]
async fn sqlite_stored_update_survives() {
    let test_db = common::TestDb::sqlite().await;
    a_stored_update_survives_a_stop(test_db.url.clone()).await;
}

#[tokio::test]
async fn postgres_stored_update_survives() {
    match common::TestDb::postgres().await {
        Some(test_db) => a_stored_update_survives_a_stop(test_db.url.clone()).await,
        None => eprintln!("TEST_DATABASE_URL not set: PostgreSQL variant not run"),
    }
}
