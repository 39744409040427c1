//! `savdo serve`: the bot (long polling or webhook) and the HTTP server in one process.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use sha2::Digest;
use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::ShutdownToken;
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use tokio::task::JoinHandle;

use crate::app::{App, AppRef};
use crate::bot::{self, state::DbStorage};
use crate::config::Config;
use crate::db::Db;
use crate::http::{self, HttpState, WebhookSink};
use crate::telegram::inbox::Inbox;

/// Telegram's limits as its FAQ states them: about one message a second in a private chat,
/// twenty a minute in a group or channel, thirty a second overall. teloxide's default applies
/// the group's twenty a minute to every non-supergroup chat, private ones included, so the 21st
/// reply to one person within a minute waited up to a minute; private chats are paced by the
/// per-second limit instead (60 a minute). A basic group that goes past Telegram's own limit
/// gets a 429 with `retry_after`, which `Throttle` honours before it sends again.
pub const TELEGRAM_LIMITS: Limits = Limits {
    messages_per_sec_chat: 1,
    messages_per_min_chat: 60,
    messages_per_min_channel_or_supergroup: 20,
    messages_per_sec_overall: 30,
};

/// How outbound calls are paced.
#[derive(Clone, Copy, Debug)]
pub enum Pacing {
    /// Telegram's limits, enforced by teloxide's `Throttle`.
    Telegram(Limits),
    /// None: for the in-process stub (console, tests, benchmarks), which has no limits.
    Unthrottled,
}

/// The raw client (for getMe and getUpdates, which are not rate-limited) and the outbox the
/// handlers send through.
pub fn make_bot(token: &str, api_url: Option<url::Url>, pacing: Pacing) -> (teloxide::Bot, crate::telegram::Bot) {
    let mut raw = teloxide::Bot::new(token);
    if let Some(url) = api_url {
        raw = raw.set_api_url(url);
    }
    let outbox: crate::telegram::Bot = match pacing {
        Pacing::Telegram(limits) => Arc::new(raw.clone().throttle(limits)),
        Pacing::Unthrottled => Arc::new(raw.clone()),
    };
    (raw, outbox)
}

/// Whether failing to open the HTTP port stops the process (serve) or only warns (console).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum HttpPolicy {
    Required,
    BestEffort,
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let token = config.require_bot_token()?;
    let db = open_database(&config).await?;
    let pacing = if config.telegram_pacing { Pacing::Telegram(TELEGRAM_LIMITS) } else { Pacing::Unthrottled };
    run(&config, db, &token, config.telegram_api_url.clone(), pacing, HttpPolicy::Required).await
}

pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    tracing::info!(database = %crate::db::redact(&config.database_url), "database ready");
    Ok(db)
}

pub async fn run(
    config: &Config,
    db: Db,
    token: &str,
    api_url: Option<url::Url>,
    pacing: Pacing,
    http_policy: HttpPolicy,
) -> anyhow::Result<()> {
    start(config, db, token, api_url, pacing, http_policy).await?.wait().await
}

/// The bot and the HTTP server, running in the background.
pub struct Running {
    pub app: AppRef,
    /// Where the HTTP server listens (`None` if it could not start under `BestEffort`).
    pub http_addr: Option<SocketAddr>,
    updates: UpdateSource,
    http_task: Option<JoinHandle<()>>,
    scheduler: JoinHandle<()>,
}

/// Where updates come from: teloxide's dispatcher polling Telegram, or the webhook's inbox.
enum UpdateSource {
    Polling { shutdown: ShutdownToken, task: JoinHandle<()> },
    Webhook { inbox: Inbox, sweeper: JoinHandle<()> },
}

impl Running {
    /// Until Ctrl-C; then as [`Running::stop`].
    pub async fn wait(mut self) -> anyhow::Result<()> {
        match &mut self.updates {
            // The dispatcher stops itself on Ctrl-C, after the handlers in progress.
            UpdateSource::Polling { task, .. } => {
                let _ = task.await;
            }
            UpdateSource::Webhook { .. } => {
                stop_signal().await?;
                tracing::info!("stopping: finishing the updates in hand");
            }
        }
        self.stop().await;
        Ok(())
    }

    /// Stops taking updates, lets handlers in progress finish, and closes the HTTP server.
    pub async fn stop(self) {
        match self.updates {
            UpdateSource::Polling { shutdown, task } => stop_dispatcher(shutdown, task).await,
            UpdateSource::Webhook { inbox, sweeper } => {
                // No new arrivals; what is stored and not yet handled waits for the next start.
                if let Some(http) = &self.http_task {
                    http.abort();
                }
                sweeper.abort();
                inbox.idle().await;
            }
        }
        self.scheduler.abort();
        if let Some(http) = self.http_task {
            http.abort();
        }
    }
}

/// Ctrl-C, or SIGTERM (what systemd, Docker and the benchmark send).
async fn stop_signal() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result?,
            _ = term.recv() => {}
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        Ok(tokio::signal::ctrl_c().await?)
    }
}

async fn stop_dispatcher(shutdown: ShutdownToken, mut task: JoinHandle<()>) {
    // The dispatcher refuses a shutdown while it is still starting ("idle"): ask again until it
    // takes it, rather than waiting for a task that was never told to end.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if task.is_finished() {
            break;
        }
        match shutdown.shutdown() {
            Ok(stopped) => {
                stopped.await;
                break;
            }
            Err(_) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Err(_) => {
                task.abort();
                break;
            }
        }
    }
    let _ = (&mut task).await;
}

pub async fn start(
    config: &Config,
    db: Db,
    token: &str,
    api_url: Option<url::Url>,
    pacing: Pacing,
    http_policy: HttpPolicy,
) -> anyhow::Result<Running> {
    let (bot, outbox) = make_bot(token, api_url, pacing);
    let tax_cabinet = match &config.tax_cabinet {
        Some(settings) => Some(settings.connect().await.context("cannot set up the tax cabinet client")?),
        None => None,
    };
    if let Some(c) = &tax_cabinet {
        if c.cabinet.is_stand_in() {
            tracing::warn!("tax reports go to the DEVELOPMENT tax cabinet in this process: nothing is really filed");
        }
    }
    let me = bot.get_me().await.context("cannot reach the Telegram Bot API with this token (getMe failed)")?;
    let app: AppRef = Arc::new(App {
        db: db.clone(),
        bot_username: me.username().to_string(),
        bot_id: me.id.0 as i64,
        invite_ttl_secs: config.invite_ttl_hours * 3600,
        import_max_bytes: config.import_max_bytes,
        outbox: outbox.clone(),
        model: config.ai.as_ref().map(|ai| ai.model()),
        ocr: crate::domain::scans::Engine::start(config.ocr.clone()),
        tax_cabinet,
        payments: config.payments.clone(),
        operators: config.operators.clone(),
        operator_key: config.operator_key.clone(),
        jwt: crate::domain::apiusers::Signer::load(&db, config.jwt_secret.as_deref()).await?,
        api_rate: config.api_rate,
        sim_operator: match &config.sim_operator {
            Some((url, secs)) => Some(std::sync::Arc::new(crate::domain::simcards::HttpOperator::new(
                url.as_str(),
                std::time::Duration::from_secs(*secs),
            )?)),
            None => None,
        },
    });
    // Loading the models takes a moment: check them beside the start-up, not in its way.
    let ocr = config.ocr.clone();
    tokio::task::spawn_blocking(move || match crate::domain::scans::Engine::probe(&ocr) {
        Ok(()) => tracing::info!(languages = %ocr.languages, "photographed documents are read on this server"),
        Err(e) => tracing::warn!(error = %e, "photos of documents will be answered with a notice until OCR works"),
    });
    if let Some(ai) = &config.ai {
        tracing::info!(base_url = %ai.base_url, model = %ai.model, "the assistant answers with a language model");
    }
    if let Err(e) = bot::set_command_menus(&outbox).await {
        tracing::warn!(error = %e, "could not set the command menus");
    }
    let deps = dptree::deps![app.clone(), DbStorage::new(db.clone()), outbox];

    let (webhook, inbox) = match (&config.webhook_url, &config.webhook_secret) {
        (Some(url), Some(secret)) => {
            if config.webhook_register {
                register_webhook(&bot, &db, url, secret).await?;
            }
            tracing::info!(url = %url, "bot mode: webhook");
            let inbox = Inbox::new(app.clone(), bot::schema(), deps.clone());
            (Some(WebhookSink { secret: secret.clone(), inbox: inbox.clone() }), Some(inbox))
        }
        _ => {
            bot.delete_webhook().await.context("deleteWebhook failed")?;
            tracing::info!("bot mode: long polling");
            (None, None)
        }
    };

    let router = http::router(HttpState { app: app.clone(), webhook })
        .layer(axum::extract::DefaultBodyLimit::max(config.http_max_body_bytes));
    let (http_addr, http_task) = match tokio::net::TcpListener::bind(config.http_addr).await {
        Ok(tcp) => {
            let addr = tcp.local_addr()?;
            tracing::info!(addr = %addr, "HTTP server listening");
            let task = tokio::spawn(async move {
                if let Err(e) =
                    axum::serve(tcp, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await
                {
                    tracing::error!(error = %e, "HTTP server stopped");
                }
            });
            (Some(addr), Some(task))
        }
        Err(e) if http_policy == HttpPolicy::BestEffort => {
            tracing::warn!(addr = %config.http_addr, error = %e, "HTTP server not started");
            (None, None)
        }
        Err(e) => return Err(e).with_context(|| format!("cannot listen on HTTP_ADDR {}", config.http_addr)),
    };

    let scheduler = crate::jobs::spawn(app.clone())?;
    let updates = match inbox {
        Some(inbox) => UpdateSource::Webhook { sweeper: inbox.spawn_sweeper(), inbox },
        None => {
            let mut dispatcher = Dispatcher::builder(bot, bot::schema())
                .dependencies(deps)
                .default_handler(|_| async {})
                .error_handler(LoggingErrorHandler::with_custom_text("update handling failed"))
                .enable_ctrlc_handler()
                .build();
            let shutdown = dispatcher.shutdown_token();
            let task = tokio::spawn(async move { dispatcher.dispatch().await });
            UpdateSource::Polling { shutdown, task }
        }
    };
    Ok(Running { app, http_addr, updates, http_task, scheduler })
}

/// Points Telegram at the webhook. With several instances starting together, one of them does
/// it (a claimed run in the database) and the others only serve; an instance finding the
/// webhook already in place with the same secret leaves it alone (no pending-update reset).
async fn register_webhook(bot: &teloxide::Bot, db: &Db, url: &url::Url, secret: &str) -> anyhow::Result<()> {
    let info = bot.get_webhook_info().await.context("getWebhookInfo failed")?;
    let in_place = info.url.as_ref().map(|u| u.as_str()) == Some(url.as_str());
    let secret_tag = hex_prefix(&sha2::Sha256::digest(secret.as_bytes()));
    // "Set with this secret" is claimed once; while Telegram points elsewhere (first start, or
    // someone changed it), a per-minute claim lets one instance of those starting together fix it.
    let settled = format!("{url} {secret_tag}");
    let ours = if in_place {
        crate::db::job_runs::claim(db, "webhook", &settled).await?
    } else {
        let fix = format!("{settled} {}", crate::db::now() / 60);
        let ours = crate::db::job_runs::claim(db, "webhook", &fix).await?;
        if ours {
            crate::db::job_runs::claim(db, "webhook", &settled).await?;
        }
        ours
    };
    if !ours {
        tracing::info!("webhook already set (by this or another instance)");
        return Ok(());
    }
    bot.set_webhook(url.clone()).secret_token(secret.to_string()).await.context("setWebhook failed")?;
    Ok(())
}

fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().take(8).map(|b| format!("{b:02x}")).collect()
}
