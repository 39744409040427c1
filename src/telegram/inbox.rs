//! The webhook's way in, for one instance or several on one database.
//!
//! An update is stored (`db::inbox`) before Telegram is told it arrived, so a crash or a restart
//! loses nothing, and a duplicate delivery is stored once. Then whichever instance claims the
//! chat handles its waiting updates oldest first; the others find the chat held and leave it.
//! A sweeper picks up what waited too long (an instance that died, a database hiccup).

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt;
use teloxide::dispatching::UpdateHandler;
use teloxide::dptree::di::DependencyMap;
use teloxide::types::Update;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

use crate::app::AppRef;
use crate::db::inbox;

/// A webhook body read as a Telegram update.
pub struct Arrival {
    pub update_id: i64,
    /// The chat whose order the update keeps: the chat it happened in, or else its sender.
    pub chat_id: i64,
    body: String,
}

impl Arrival {
    /// `None` when the body is not a Telegram update.
    pub fn read(body: &[u8]) -> Option<Arrival> {
        let text = std::str::from_utf8(body).ok()?;
        let update: Update = serde_json::from_str(text).ok()?;
        Some(Arrival { update_id: update.id.0 as i64, chat_id: chat_of(&update), body: text.to_string() })
    }
}

fn chat_of(update: &Update) -> i64 {
    update.chat().map(|c| c.id.0).or_else(|| update.from().map(|u| u.id.0 as i64)).unwrap_or(0)
}

#[derive(Clone)]
pub struct Inbox {
    inner: Arc<Inner>,
}

struct Inner {
    app: AppRef,
    handler: UpdateHandler<anyhow::Error>,
    /// What handlers need besides the update (the outbox, the dialogue storage, the app).
    deps: DependencyMap,
    /// Chats handled at once here; the rest wait their turn rather than for a connection.
    workers: Semaphore,
    worker_count: u32,
    /// Set by [`Inbox::idle`]: no new claims; what waits stays for the next start.
    stopping: AtomicBool,
}

impl Inbox {
    pub fn new(app: AppRef, handler: UpdateHandler<anyhow::Error>, deps: DependencyMap) -> Inbox {
        // Half the pool: a handler may run a few reads side by side, and the webhook needs
        // connections to store arrivals; more workers only queue on the pool, unfairly.
        let worker_count = (app.db.pool.options().get_max_connections() / 2).max(2);
        let workers = Semaphore::new(worker_count as usize);
        Inbox { inner: Arc::new(Inner { app, handler, deps, workers, worker_count, stopping: AtomicBool::new(false) }) }
    }

    /// Stores the update, then handles its chat in the background. False for a duplicate.
    pub async fn accept(&self, arrival: Arrival) -> anyhow::Result<bool> {
        let app = &self.inner.app;
        let new = inbox::put(&app.db, app.bot_id, arrival.update_id, arrival.chat_id, &arrival.body).await?;
        if new {
            self.spawn_chat(arrival.chat_id);
        }
        Ok(new)
    }

    fn spawn_chat(&self, chat_id: i64) {
        let inbox = self.clone();
        tokio::spawn(async move { inbox.serve_chat(chat_id).await });
    }

    /// Handles the chat's waiting updates in order, as long as this instance can claim them.
    /// The worker is given back after each update, so a busy chat queues behind the others
    /// instead of keeping a worker to itself.
    async fn serve_chat(&self, chat_id: i64) {
        let app = &self.inner.app;
        loop {
            let Ok(_worker) = self.inner.workers.acquire().await else { return };
            if self.inner.stopping.load(Ordering::Relaxed) {
                return;
            }
            let (update_id, body) = match inbox::claim(&app.db, app.bot_id, chat_id).await {
                Ok(Some(claimed)) => claimed,
                Ok(None) => return,
                Err(e) => {
                    tracing::warn!(error = %e, chat_id, "cannot claim a waiting update; the sweeper retries");
                    return;
                }
            };
            self.handle_renewing(update_id, &body).await;
            if let Err(e) = inbox::finish(&app.db, app.bot_id, update_id).await {
                tracing::error!(error = %e, update_id, "cannot mark an update handled; it is dropped on redelivery");
                return;
            }
        }
    }

    /// Handles the update, renewing the claim while it takes long (an import, a big report).
    async fn handle_renewing(&self, update_id: i64, body: &str) {
        let app = &self.inner.app;
        let renewals = async {
            let mut tick = tokio::time::interval(Duration::from_secs(inbox::CLAIM_RENEW_SECS));
            tick.tick().await;
            loop {
                tick.tick().await;
                if let Err(e) = inbox::renew(&app.db, app.bot_id, update_id).await {
                    tracing::warn!(error = %e, update_id, "cannot renew the claim on an update");
                }
            }
        };
        tokio::select! {
            _ = self.handle(body) => {}
            _ = renewals => {}
        }
    }

    /// Runs one update through the handler tree. A failure or a panic is logged and the update
    /// counts as handled: retrying a poisonous update would block its chat for good.
    async fn handle(&self, body: &str) {
        let update: Update = match serde_json::from_str(body) {
            Ok(update) => update,
            Err(e) => return tracing::warn!(error = %e, "stored update no longer reads"),
        };
        let mut deps = self.inner.deps.clone();
        deps.insert(update);
        let outcome = AssertUnwindSafe(self.inner.handler.dispatch(deps)).catch_unwind().await;
        match outcome {
            Ok(std::ops::ControlFlow::Break(Err(e))) => tracing::error!(error = %e, "update handling failed"),
            Ok(_) => {}
            Err(_) => tracing::error!("update handling panicked"),
        }
    }

    /// Every second, takes up chats whose updates have waited more than two seconds.
    pub fn spawn_sweeper(&self) -> JoinHandle<()> {
        let inbox = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tick.tick().await;
                let app = &inbox.inner.app;
                match inbox::waiting_chats(&app.db, app.bot_id, crate::db::now() - 2).await {
                    Ok(chats) => {
                        if !chats.is_empty() {
                            tracing::info!(chats = chats.len(), "taking up chats whose updates waited");
                        }
                        chats.into_iter().for_each(|chat| inbox.spawn_chat(chat));
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot look for waiting updates"),
                }
            }
        })
    }

    /// Stops claiming and returns once no update is being handled here.
    pub async fn idle(&self) {
        self.inner.stopping.store(true, Ordering::Relaxed);
        let _all = self.inner.workers.acquire_many(self.inner.worker_count).await;
    }
}
