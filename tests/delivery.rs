//! Delivery through the production outbox: `savdo serve` in long-polling mode with teloxide's
//! `Throttle` at Telegram's limits, against the fake Bot API served over HTTP. A person in a
//! private chat gets every reply within Telegram's per-chat pacing (one a second) plus 1.5 s,
//! however long the conversation; a hundred chats at once are served at no more than thirty
//! messages a second overall.

use std::time::{Duration, Instant};

use savdo::server::{self, HttpPolicy, Pacing, TELEGRAM_LIMITS};
use savdo::telegram_stub::{Sent, Stub, TgUser, BOT_TOKEN};
use tokio::sync::broadcast::error::TryRecvError;
use tokio::sync::broadcast::Receiver;

mod common;

async fn production_server(db: &savdo::db::Db) -> (Stub, server::Running) {
    let stub = Stub::new();
    let url = stub.serve().await.expect("stub");
    let config = savdo::config::Config::from_lookup(|key| match key {
        "HTTP_ADDR" => Some("127.0.0.1:0".into()),
        _ => None,
    })
    .expect("config");
    let running = server::start(
        &config,
        db.clone(),
        BOT_TOKEN,
        Some(url),
        Pacing::Telegram(TELEGRAM_LIMITS),
        HttpPolicy::Required,
    )
    .await
    .expect("server starts");
    (stub, running)
}

fn is_reply(sent: &Sent, chat: i64) -> bool {
    sent.chat_id == chat && matches!(sent.method.as_str(), "sendMessage" | "editMessageText" | "sendPhoto")
}

/// Waits for the next reply in `chat`; its delay from `since`.
async fn next_reply(events: &mut Receiver<Sent>, chat: i64, since: Instant, turn: &str) -> Duration {
    let deadline = since + Duration::from_secs(70);
    loop {
        let sent = tokio::time::timeout_at(deadline.into(), events.recv())
            .await
            .unwrap_or_else(|_| panic!("no reply to {turn:?} within 70 s"))
            .expect("stub events");
        if is_reply(&sent, chat) {
            return since.elapsed();
        }
    }
}

/// A new admin sets up a company and then uses the bot for sixty turns; each turn answers
/// with one message. No reply may wait longer than the 1 s pacing plus 1.5 s.
#[tokio::test]
async fn a_long_conversation_is_never_stalled() {
    let test_db = common::TestDb::sqlite().await;
    let (stub, running) = production_server(&test_db.db).await;
    let mut events = stub.subscribe();
    let aziz = TgUser::new(1001, "Aziz", Some("uz"));
    let setup = ["/start", "Baraka Savdo", "301234567", "Markaz"];
    let cycle =
        ["/help", "/find cola", "/sales", "/expense", "/cancel", "/kassa", "/purchase", "/cancel", "/users", "/lang"];
    let turns: Vec<&str> = setup.into_iter().chain(cycle.into_iter().cycle()).take(60).collect();
    let mut slowest = (Duration::ZERO, "");
    for (i, turn) in turns.iter().enumerate() {
        // Anything left from the turn before (there should be nothing) is not this turn's answer.
        while !matches!(events.try_recv(), Err(TryRecvError::Empty | TryRecvError::Closed)) {}
        let sent_at = Instant::now();
        stub.enqueue(stub.text_update(&aziz, turn));
        let waited = next_reply(&mut events, aziz.id, sent_at, turn).await;
        if waited > slowest.0 {
            slowest = (waited, turn);
        }
        assert!(waited <= Duration::from_millis(2_500), "turn {i} {turn:?} waited {waited:?}");
    }
    eprintln!("60 turns through the production outbox; slowest reply {:?} ({:?})", slowest.0, slowest.1);
    running.stop().await;
}

/// A hundred people write at once: every one is answered, and the outbox never sends more than
/// thirty messages in any second.
#[tokio::test]
async fn a_flood_of_chats_keeps_the_overall_rate() {
    let test_db = common::TestDb::sqlite().await;
    let (stub, running) = production_server(&test_db.db).await;
    let mut events = stub.subscribe();
    let people: Vec<TgUser> = (0..100).map(|i| TgUser::new(5_000 + i, &format!("User{i}"), Some("uz"))).collect();
    for person in &people {
        stub.enqueue(stub.text_update(person, "/help"));
    }
    let start = Instant::now();
    let mut times = Vec::new();
    while times.len() < people.len() {
        let sent = tokio::time::timeout(Duration::from_secs(30), events.recv())
            .await
            .expect("all hundred answered within 30 s")
            .expect("stub events");
        if sent.method == "sendMessage" {
            times.push(start.elapsed());
        }
    }
    // The outbox lets at most thirty go in any second of its own clock; the stub sees each a
    // few milliseconds later, so a window of 950 ms at the stub holds at most thirty.
    let window = Duration::from_millis(950);
    let busiest = times.iter().map(|t| times.iter().filter(|u| **u >= *t && **u < *t + window).count()).max();
    assert!(busiest.unwrap() <= 30, "{busiest:?} messages within {window:?}: {times:?}");
    assert!(
        *times.last().unwrap() >= Duration::from_millis(2_200),
        "100 messages at ≤ 30/s take over 2.2 s: {times:?}"
    );
    running.stop().await;
}

/// Telegram answers a send with 429 and `retry_after`: the outbox waits that long and sends the
/// reply again, so the person still gets it (late, once).
#[tokio::test]
async fn too_many_requests_is_waited_out() {
    let test_db = common::TestDb::sqlite().await;
    let (stub, running) = production_server(&test_db.db).await;
    let mut events = stub.subscribe();
    let aziz = TgUser::new(1001, "Aziz", Some("uz"));
    stub.refuse_sends(1, 2);
    let sent_at = Instant::now();
    stub.enqueue(stub.text_update(&aziz, "/help"));
    let waited = next_reply(&mut events, aziz.id, sent_at, "/help").await;
    assert!(waited >= Duration::from_secs(2), "sent again only after retry_after: {waited:?}");
    assert!(waited < Duration::from_secs(6), "and not much later: {waited:?}");
    let replies = stub.take_sent().iter().filter(|s| s.method == "sendMessage" && s.chat_id == aziz.id).count();
    assert_eq!(replies, 1, "delivered once");
    running.stop().await;
}
