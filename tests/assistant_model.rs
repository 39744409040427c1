//! The assistant with a language model, against fake OpenAI-compatible servers served over
//! HTTP (the production client, `async-openai`, talks to them): a tool-call round trip, a tool
//! outside the member's role or branch refused and never run, a timeout and malformed replies
//! answered offline, the daily limit, and the `savdo dev-model` stand-in end to end.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::post;
use axum::{Json, Router};
use common::fixtures::{company_with_cola, member_with_role};
use savdo::db::Db;
use savdo::domain::assistant::{self, turns, Model, Outcome, Source};
use savdo::domain::company::{self, Member};
use savdo::domain::money::{Money, Qty};
use savdo::domain::roles::Role;
use savdo::domain::sales::{self, LineInput, SaleInput};
use savdo::i18n::Lang;
use serde_json::{json, Value};

/// What the fake server does with each request it gets, in order; it records the requests.
#[derive(Clone)]
enum Reply {
    Json(Value),
    Text(&'static str),
    Slow(Duration),
}

type Requests = Arc<Mutex<Vec<Value>>>;

async fn fake_server(replies: Vec<Reply>) -> (String, Requests) {
    let requests: Requests = Arc::default();
    let replies = Arc::new(Mutex::new(replies.into_iter()));
    let seen = requests.clone();
    let app = Router::new().route(
        "/v1/chat/completions",
        post(move |Json(body): Json<Value>| {
            let seen = seen.clone();
            let replies = replies.clone();
            async move {
                seen.lock().unwrap().push(body);
                let reply = replies.lock().unwrap().next().unwrap_or(Reply::Text("{}"));
                match reply {
                    Reply::Json(v) => axum::response::Response::new(axum::body::Body::from(v.to_string())),
                    Reply::Text(t) => axum::response::Response::new(axum::body::Body::from(t)),
                    Reply::Slow(d) => {
                        tokio::time::sleep(d).await;
                        axum::response::Response::new(axum::body::Body::from(answer("late").to_string()))
                    }
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/v1"), requests)
}

fn completion(message: Value) -> Value {
    json!({ "id": "x", "object": "chat.completion", "created": 0, "model": "fake",
            "choices": [{ "index": 0, "message": message, "finish_reason": "stop" }] })
}

fn answer(text: &str) -> Value {
    completion(json!({ "role": "assistant", "content": text }))
}

fn tool_call(name: &str, arguments: &str) -> Value {
    completion(json!({ "role": "assistant", "content": null, "tool_calls": [
        { "id": "call_1", "type": "function", "function": { "name": name, "arguments": arguments } }
    ]}))
}

fn model(url: &str, timeout: Duration) -> Model {
    Model::new(url, Some("test-key"), "fake-model", timeout)
}

/// A company with Cola sold today for 3 × 12 500 so‘m, a second branch, and a cashier of Markaz.
async fn shop(db: &Db) -> (Member, Member) {
    let (admin, cola, _) = company_with_cola(db, 1, "Alfa").await;
    company::add_branch(db, &admin.actor(), "Chilonzor").await.unwrap();
    let sale = SaleInput {
        branch_id: admin.branch_id.unwrap(),
        lines: vec![LineInput { product_id: cola, qty: Qty::units(3), unit_price: None, discount: Money(0) }],
        source: "test",
        ..Default::default()
    };
    sales::record_sale(db, &admin.actor(), &sale).await.unwrap();
    let cashier = member_with_role(db, &admin, 2, Role::Cashier, admin.branch_id).await;
    (admin, cashier)
}

fn tool_results(requests: &Requests) -> Vec<Value> {
    requests
        .lock()
        .unwrap()
        .iter()
        .flat_map(|r| r["messages"].as_array().cloned().unwrap_or_default())
        .filter(|m| m["role"] == "tool")
        .map(|m| serde_json::from_str(m["content"].as_str().unwrap()).unwrap())
        .collect()
}

async fn tool_call_round_trip(db: Db) {
    let (admin, _) = shop(&db).await;
    let (url, requests) = fake_server(vec![
        Reply::Json(tool_call("sales_summary", r#"{"period":"today"}"#)),
        Reply::Json(answer("Bugun 37 500 so‘m.")),
    ])
    .await;
    let m = model(&url, Duration::from_secs(10));
    let a = assistant::ask(&db, &admin.actor(), Some(&m), Lang::Uz, "chat:1", "bugun qancha sotdik?").await.unwrap();
    assert_eq!(a.source, Source::Model);
    assert_eq!(a.text, "Bugun 37 500 so‘m.");
    assert_eq!(a.calls.len(), 1);
    assert!(matches!(a.calls[0].outcome, Outcome::Answered { .. }), "{:?}", a.calls[0]);
    // The model got the real figures (tiyin) and the text to quote.
    let results = tool_results(&requests);
    assert_eq!(results[0]["figures"]["now"]["total"], json!(3_750_000));
    assert!(results[0]["text"].as_str().unwrap().contains("37 500"), "{}", results[0]["text"]);
    // Only tools the member's role may use are offered; the system prompt says the language.
    let first = requests.lock().unwrap()[0].clone();
    let offered: Vec<&str> =
        first["tools"].as_array().unwrap().iter().map(|t| t["function"]["name"].as_str().unwrap()).collect();
    assert!(offered.contains(&"profit") && offered.contains(&"sales_summary"), "{offered:?}");
    assert!(first["messages"][0]["content"].as_str().unwrap().contains("Language: uz"));
    // The turn is stored with its calls, and the next question carries it as history.
    let history = turns::history(&db, &admin.actor(), "chat:1", 3).await.unwrap();
    assert_eq!(history, vec![("bugun qancha sotdik?".to_string(), "Bugun 37 500 so‘m.".to_string())]);
}
db_test!(round_trip, super::tool_call_round_trip);

async fn tools_outside_the_members_scope_are_refused(db: Db) {
    let (_, cashier) = shop(&db).await;
    let (url, requests) = fake_server(vec![
        Reply::Json(tool_call("profit", r#"{"period":"this_month"}"#)),
        Reply::Json(tool_call("sales_summary", r#"{"period":"today","branch":"Chilonzor"}"#)),
        Reply::Json(answer("Men buni ko‘ra olmayman.")),
    ])
    .await;
    let m = model(&url, Duration::from_secs(10));
    let a = assistant::ask(&db, &cashier.actor(), Some(&m), Lang::Uz, "chat:2", "foyda va Chilonzor savdosi")
        .await
        .unwrap();
    assert_eq!(a.source, Source::Model);
    assert_eq!(a.calls.len(), 2);
    for call in &a.calls {
        assert!(matches!(call.outcome, Outcome::Refused { .. }), "{call:?}");
    }
    let results = tool_results(&requests);
    assert!(results.iter().all(|r| r.get("refused").is_some() && r.get("figures").is_none()), "{results:?}");
    // A cashier is not offered the profit tool in the first place.
    let first = requests.lock().unwrap()[0].clone();
    let offered: Vec<&str> =
        first["tools"].as_array().unwrap().iter().map(|t| t["function"]["name"].as_str().unwrap()).collect();
    assert!(!offered.contains(&"profit") && offered.contains(&"sales_summary"), "{offered:?}");
}
db_test!(out_of_scope, super::tools_outside_the_members_scope_are_refused);

async fn a_slow_model_gives_way_to_the_offline_answer(db: Db) {
    let (admin, _) = shop(&db).await;
    let (url, _) = fake_server(vec![Reply::Slow(Duration::from_secs(5))]).await;
    let m = model(&url, Duration::from_millis(500));
    let started = std::time::Instant::now();
    let a = assistant::ask(&db, &admin.actor(), Some(&m), Lang::En, "chat:3", "sales today").await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert_eq!(a.source, Source::Offline);
    assert!(a.text.contains("37,500"), "{}", a.text);
    let error: Option<String> = sqlx::query_scalar("SELECT model_error FROM assistant_turns WHERE id = $1")
        .bind(a.turn_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(error.unwrap().contains("no answer within"));
}
db_test!(timeout, super::a_slow_model_gives_way_to_the_offline_answer);

async fn malformed_replies_are_handled(db: Db) {
    let (admin, _) = shop(&db).await;
    // Arguments that are not JSON, a tool that does not exist: told to the model, not run.
    let (url, requests) = fake_server(vec![
        Reply::Json(tool_call("sales_summary", r#"{"period": "today""#)),
        Reply::Json(tool_call("drop_tables", "{}")),
        Reply::Json(answer("Kechirasiz.")),
    ])
    .await;
    let m = model(&url, Duration::from_secs(10));
    let a = assistant::ask(&db, &admin.actor(), Some(&m), Lang::Uz, "chat:4", "bugun savdo").await.unwrap();
    assert_eq!(a.source, Source::Model);
    assert!(a.calls.iter().all(|c| matches!(c.outcome, Outcome::Invalid { .. })), "{:?}", a.calls);
    let results = tool_results(&requests);
    assert!(results[0]["error"].as_str().unwrap().contains("not valid JSON"), "{results:?}");
    // A reply that is not a chat completion at all: the offline answer.
    let (url, _) = fake_server(vec![Reply::Text("<html>bad gateway</html>")]).await;
    let m = model(&url, Duration::from_secs(10));
    let a = assistant::ask(&db, &admin.actor(), Some(&m), Lang::Uz, "chat:4", "bugun savdo").await.unwrap();
    assert_eq!(a.source, Source::Offline);
    assert!(a.text.contains("37 500"), "{}", a.text);
    // An answer too long for a Telegram message is cut.
    let long = "ha ".repeat(5_000);
    let (url, _) = fake_server(vec![Reply::Json(answer(&long))]).await;
    let m = model(&url, Duration::from_secs(10));
    let a = assistant::ask(&db, &admin.actor(), Some(&m), Lang::Uz, "chat:4", "bugun savdo").await.unwrap();
    assert_eq!(a.text.chars().count(), assistant::model::MAX_ANSWER_CHARS + 1);
    // A model that only ever calls tools: stopped after the rounds, offline answer.
    let loops = (0..10).map(|_| Reply::Json(tool_call("cash", "{}"))).collect();
    let (url, requests) = fake_server(loops).await;
    let m = model(&url, Duration::from_secs(10));
    let a = assistant::ask(&db, &admin.actor(), Some(&m), Lang::Uz, "chat:4", "bugun savdo").await.unwrap();
    assert_eq!(a.source, Source::Offline);
    assert_eq!(requests.lock().unwrap().len(), assistant::model::MAX_ROUNDS);
}
db_test!(malformed, super::malformed_replies_are_handled);

async fn the_daily_limit_stops_the_model_not_the_answers(db: Db) {
    let (admin, cashier) = shop(&db).await;
    turns::set_limit(&db, &admin.actor(), 1).await.unwrap();
    assert!(turns::set_limit(&db, &cashier.actor(), 50).await.is_err(), "only an admin sets the limit");
    let (url, requests) = fake_server(vec![Reply::Json(answer("Birinchi.")), Reply::Json(answer("Ikkinchi."))]).await;
    let m = model(&url, Duration::from_secs(10));
    let first =
        assistant::ask(&db, &admin.actor(), Some(&m), Lang::Uz, "chat:5", "salom, savdo qanday?").await.unwrap();
    assert_eq!((first.source, first.limit_reached), (Source::Model, false));
    let second = assistant::ask(&db, &cashier.actor(), Some(&m), Lang::Uz, "chat:6", "bugun savdo").await.unwrap();
    assert_eq!((second.source, second.limit_reached), (Source::Offline, true));
    assert!(second.text.starts_with("Til modeliga bugungi 1 ta savol tugadi"), "{}", second.text);
    assert_eq!(requests.lock().unwrap().len(), 1, "the model was not asked again");
    // Feedback on an answer, and the admin's summary.
    turns::rate(&db, &admin.actor(), first.turn_id, false).await.unwrap();
    turns::comment(&db, &admin.actor(), first.turn_id, "raqamlar yo‘q").await.unwrap();
    assert!(turns::rate(&db, &cashier.actor(), first.turn_id, true).await.is_err(), "only the asker rates");
    let s = turns::summary(&db, &admin.actor()).await.unwrap();
    assert_eq!((s.model_today, s.offline_today, s.limit, s.unhelpful), (1, 1, 1, 1));
    assert_eq!(s.comments[0].3, "raqamlar yo‘q");
}
db_test!(limit, super::the_daily_limit_stops_the_model_not_the_answers);

async fn the_development_model_answers_with_the_tools(db: Db) {
    let (admin, _) = shop(&db).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(savdo::dev_model::serve(listener));
    let m = model(&url, Duration::from_secs(10));
    for (lang, question) in [
        (Lang::Uz, "Bugun necha dona mahsulot sotildi?"),
        (Lang::Ru, "кто нам должен"),
        (Lang::En, "what is running out?"),
    ] {
        let with_model = assistant::ask(&db, &admin.actor(), Some(&m), lang, "dev", question).await.unwrap();
        let offline = assistant::ask(&db, &admin.actor(), None, lang, "dev", question).await.unwrap();
        assert_eq!(with_model.source, Source::Model, "{question}");
        assert_eq!(with_model.text, offline.text, "{question}");
    }
}
db_test!(dev_model, super::the_development_model_answers_with_the_tools);
