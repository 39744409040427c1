//! `savdo bench updates`: Telegram updates per second through the webhook, end to end.
//!
//! The bench starts `savdo serve` (one or more instances, as child processes on the database
//! of DATABASE_URL, normally filled by `savdo demo-data`) in webhook mode against the Bot API
//! stub, which it serves itself. Each of N simulated people is a manager of the demo company in
//! their own private chat and does one thing after another: post an update to an instance's
//! `/telegram/webhook`, wait until the bot's answer reaches the stub, go again. An update's time
//! is from the POST to that answer, so it holds the webhook, the inbox, the dispatcher, the
//! database and the reply over HTTP. A load generator such as `oha` or `wrk` sees only the
//! webhook's 200, which comes before the handling, so it cannot measure this.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use tokio::sync::Notify;

use crate::db::Db;
use crate::domain::company;
use crate::domain::demo::DEMO_ADMIN_TELEGRAM_ID;
use crate::domain::roles::Role;
use crate::telegram::Cb;
use crate::telegram_stub::{Stub, TgUser, BOT_TOKEN};

const SECRET: &str = "bench_secret";
/// Simulated people get Telegram ids from here on.
const FIRST_PERSON: i64 = 7_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize)]
pub enum Kind {
    /// A question in words: "bugun savdo qancha?" (today's sales, a new message).
    Text,
    /// Pressing "this month" under a `/sales` answer (the message is edited).
    Press,
}

pub struct Options {
    pub database_url: String,
    pub instances: usize,
    pub people: usize,
    pub seconds: u64,
    pub kind: Kind,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub kind: Kind,
    pub instances: usize,
    pub people: usize,
    pub updates: usize,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

pub async fn run(options: Options) -> anyhow::Result<Report> {
    let db = Db::connect(&options.database_url).await?;
    db.migrate().await?;
    let people = managers(&db, options.people).await?;
    let stub = Stub::new();
    // Past the update ids an earlier run left (they would be dropped as redeliveries).
    let bot = crate::telegram_stub::BOT_ID;
    let last = crate::db::updates::last(&db, bot).await?.max(crate::db::inbox::last(&db, bot).await?);
    stub.set_next_update_id(last + 1);

    let answers = Answers::follow(&stub);
    let stub_url = stub.serve().await?;
    let servers = Servers::start(&options.database_url, &stub_url, options.instances)?;
    servers.wait_healthy().await?;
    // What an earlier run left in the inbox is handled first, before anything is timed.
    let deadline = Instant::now() + Duration::from_secs(30);
    while crate::db::inbox::waiting(&db, bot).await? > 0 {
        anyhow::ensure!(Instant::now() < deadline, "the inbox does not empty");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    db.pool.close().await;
    let http = reqwest::Client::builder().pool_max_idle_per_host(options.people).build()?;

    // Each person's first `/sales` answer: the message whose button the Press case presses.
    let mut cards = HashMap::new();
    for (i, person) in people.iter().enumerate() {
        let update = stub.text_update(person, "/sales");
        let seen = answers.count(person.id);
        servers.post(&http, i, &update).await?;
        answers.wait_past(person.id, seen, Duration::from_secs(30)).await?;
        let card = answers.last(person.id).ok_or_else(|| anyhow::anyhow!("no /sales answer"))?;
        cards.insert(person.id, card);
    }

    let deadline = Instant::now() + Duration::from_secs(options.seconds);
    let started = Instant::now();
    let workers = people.iter().enumerate().map(|(i, person)| {
        let (stub, answers, servers, http) = (&stub, &answers, &servers, &http);
        let card = cards[&person.id].clone();
        async move {
            let mut times = Vec::new();
            let mut turn = 0;
            while Instant::now() < deadline {
                let update = match options.kind {
                    Kind::Text => stub.text_update(person, "bugun savdo qancha?"),
                    Kind::Press => stub
                        .button_update(person, person.id, card.0, &card.1)
                        .ok_or_else(|| anyhow::anyhow!("the /sales card is gone"))?,
                };
                let seen = answers.count(person.id);
                let sent_at = Instant::now();
                servers.post(http, i + turn, &update).await?;
                answers.wait_past(person.id, seen, Duration::from_secs(30)).await?;
                times.push(sent_at.elapsed());
                turn += 1;
            }
            anyhow::Ok(times)
        }
    });
    let mut times: Vec<Duration> = Vec::new();
    for result in futures::future::join_all(workers).await {
        times.extend(result?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    drop(servers);
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0;
    Ok(Report {
        kind: options.kind,
        instances: options.instances,
        people: options.people,
        updates: times.len(),
        seconds: elapsed,
        per_second: times.len() as f64 / elapsed,
        p50_ms: at(0.50),
        p99_ms: at(0.99),
    })
}

/// `count` managers of the demo company, each with a branch (made through the core, as an
/// admin's invites would), as Telegram users.
async fn managers(db: &Db, count: usize) -> anyhow::Result<Vec<TgUser>> {
    let admin_user = company::user_by_telegram_id(db, DEMO_ADMIN_TELEGRAM_ID)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo company here: run `savdo demo-data` on DATABASE_URL first"))?;
    let admin = company::current_member(db, &admin_user)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo admin has no company"))?
        .actor();
    let branches = company::branches(db, admin.company_id).await?;
    let mut people = Vec::with_capacity(count);
    for i in 0..count {
        let person = TgUser::new(FIRST_PERSON + i as i64, &format!("Menejer {i}"), Some("uz"));
        let user = company::touch_user(db, person.id, &person.first_name, Some("uz")).await?;
        if company::member(db, admin.company_id, user.id).await?.is_none() {
            let branch = branches[i % branches.len()].id;
            let invite = company::create_invite(db, &admin, Role::Manager, Some(branch), 3600).await?;
            company::accept_invite(db, &invite.token, user.id).await?;
        }
        people.push(person);
    }
    Ok(people)
}

/// The bot's answers as the stub sees them: per chat, how many and the last card (message id
/// and the "this month" button's payload).
#[derive(Clone, Default)]
struct Answers {
    inner: Arc<Mutex<HashMap<i64, (usize, Option<(i64, String)>)>>>,
    arrived: Arc<Notify>,
}

impl Answers {
    fn follow(stub: &Stub) -> Answers {
        let answers = Answers::default();
        let mut events = stub.subscribe();
        let me = answers.clone();
        tokio::spawn(async move {
            loop {
                let sent = match events.recv().await {
                    Ok(sent) => sent,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                        tracing::error!(missed = n, "the bench fell behind the stub's events");
                        continue;
                    }
                    Err(_) => return,
                };
                if !matches!(sent.method.as_str(), "sendMessage" | "editMessageText") {
                    continue;
                }
                let month = sent
                    .buttons
                    .iter()
                    .flatten()
                    .filter_map(|b| b.callback_data.clone())
                    .find(|data| matches!(Cb::decode(data), Some(Cb::Sales(period, _)) if period == "m"));
                let mut inner = me.inner.lock().expect("answers");
                let entry = inner.entry(sent.chat_id).or_default();
                entry.0 += 1;
                if let Some(data) = month {
                    entry.1 = Some((sent.message_id, data));
                }
                drop(inner);
                me.arrived.notify_waiters();
            }
        });
        answers
    }

    fn count(&self, chat: i64) -> usize {
        self.inner.lock().expect("answers").get(&chat).map(|e| e.0).unwrap_or(0)
    }

    fn last(&self, chat: i64) -> Option<(i64, String)> {
        self.inner.lock().expect("answers").get(&chat).and_then(|e| e.1.clone())
    }

    async fn wait_past(&self, chat: i64, seen: usize, limit: Duration) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            // Registered before the check, so an answer between the check and the wait counts.
            let arrived = self.arrived.notified();
            tokio::pin!(arrived);
            arrived.as_mut().enable();
            if self.count(chat) > seen {
                return Ok(());
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                anyhow::bail!("no answer in chat {chat} within {limit:?}");
            }
        }
    }
}

/// `savdo serve` instances in webhook mode, stopped when dropped.
struct Servers {
    children: Vec<Child>,
    webhooks: Vec<String>,
}

impl Servers {
    fn start(database_url: &str, stub_url: &url::Url, count: usize) -> anyhow::Result<Servers> {
        let exe = std::env::current_exe()?;
        let mut servers = Servers { children: Vec::new(), webhooks: Vec::new() };
        for _ in 0..count {
            let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
            let child = Command::new(&exe)
                .arg("serve")
                .env("DATABASE_URL", database_url)
                .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
                .env("TELEGRAM_API_URL", stub_url.as_str())
                .env("TELEGRAM_WEBHOOK_URL", "https://bench.invalid/telegram/webhook")
                .env("TELEGRAM_WEBHOOK_SECRET", SECRET)
                .env("HTTP_ADDR", format!("127.0.0.1:{port}"))
                .env("SAVDO_LOG", std::env::var("SAVDO_LOG").unwrap_or_else(|_| "warn".into()))
                // Telegram's pacing (one message a second per chat, thirty overall) would be
                // all this measures; the stand-in has no limits.
                .env("TELEGRAM_PACING", "off")
                .stdout(Stdio::null())
                .spawn()?;
            servers.children.push(child);
            servers.webhooks.push(format!("http://127.0.0.1:{port}/telegram/webhook"));
        }
        Ok(servers)
    }

    async fn wait_healthy(&self) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        for webhook in &self.webhooks {
            let health = webhook.replace("/telegram/webhook", "/health");
            while !reqwest::get(&health).await.is_ok_and(|r| r.status().is_success()) {
                anyhow::ensure!(Instant::now() < deadline, "savdo serve did not start ({health})");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        Ok(())
    }

    /// Posts an update to instance `n` (modulo the count), as Telegram would.
    async fn post(&self, http: &reqwest::Client, n: usize, update: &Value) -> anyhow::Result<()> {
        let webhook = &self.webhooks[n % self.webhooks.len()];
        let response = http.post(webhook).header(crate::http::SECRET_HEADER, SECRET).json(update).send().await?;
        anyhow::ensure!(response.status().is_success(), "webhook answered {}", response.status());
        Ok(())
    }
}

impl Drop for Servers {
    /// SIGTERM, so each instance finishes the updates in hand; SIGKILL if that does not work.
    fn drop(&mut self) {
        for child in &mut self.children {
            let term = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
            if !term.is_ok_and(|s| s.success()) {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }
}
