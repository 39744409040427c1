//! Drives the bot's real handler tree one update at a time against the stub: each call
//! returns what the bot sent in answer. Used by the tests and the benchmarks.

use std::sync::Arc;

use serde_json::Value;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;

use super::{Sent, Stub, TgUser, BOT_ID, BOT_TOKEN, BOT_USERNAME};
use crate::app::{App, AppRef};
use crate::bot::{self, state::DbStorage};
use crate::db::Db;

pub struct Harness {
    pub app: AppRef,
    pub stub: Stub,
    pub bot: crate::telegram::Bot,
    handler: UpdateHandler<anyhow::Error>,
    storage: Arc<DbStorage>,
}

impl Harness {
    /// A bot wired to a fresh stub over `db` (already migrated).
    pub async fn new(db: Db) -> anyhow::Result<Harness> {
        Harness::with_model(db, None).await
    }

    /// A harness whose assistant answers with `model` (a development stand-in in the tests).
    pub async fn with_model(db: Db, model: Option<crate::domain::assistant::Model>) -> anyhow::Result<Harness> {
        let stub = Stub::new();
        // Update ids continue past those this database has taken (a second benchmark run on the
        // same database would otherwise be dropped as redeliveries).
        stub.set_next_update_id(crate::db::updates::last(&db, BOT_ID).await? + 1);
        let url = stub.serve().await?;
        let (_, bot) = crate::server::make_bot(BOT_TOKEN, Some(url), crate::server::Pacing::Unthrottled);
        let app = Arc::new(App {
            db: db.clone(),
            bot_username: BOT_USERNAME.into(),
            bot_id: BOT_ID,
            invite_ttl_secs: 72 * 3600,
            import_max_bytes: 5 * 1024 * 1024,
            outbox: bot.clone(),
            model,
            ocr: crate::domain::scans::Engine::shared(),
            tax_cabinet: Some(dev_tax_cabinet().await?),
            payments: test_payments(),
            // Telegram id 9000 runs the service in tests and dialogues.
            operators: crate::domain::platform::Operators::new(vec![9000]),
            operator_key: Some("test_operator_key_of_32_characters".into()),
            jwt: crate::domain::apiusers::Signer::load(&db, None).await?,
            api_rate: crate::config::ApiRate::default(),
            sim_operator: None,
        });
        Ok(Harness { app, stub, bot, handler: bot::schema(), storage: DbStorage::new(db) })
    }

    /// Runs one update (as JSON) through the handler tree and returns what the bot sent.
    pub async fn dispatch(&self, update: Value) -> anyhow::Result<Vec<Sent>> {
        // teloxide's Update only deserialises from text, not from a `serde_json::Value`.
        let update: Update = serde_json::from_str(&update.to_string())?;
        let deps = dptree::deps![self.bot.clone(), self.app.clone(), self.storage.clone(), update];
        match self.handler.dispatch(deps).await {
            std::ops::ControlFlow::Break(result) => result?,
            // Filtered out (a redelivered update, a bot's own message): nothing to do.
            std::ops::ControlFlow::Continue(_) => {}
        }
        Ok(self.stub.take_sent())
    }

    pub async fn send(&self, user: &TgUser, text: &str) -> anyhow::Result<Vec<Sent>> {
        self.dispatch(self.stub.text_update(user, text)).await
    }

    pub async fn press(&self, user: &TgUser, message: &Sent, data: &str) -> anyhow::Result<Vec<Sent>> {
        let update = self
            .stub
            .button_update(user, message.chat_id, message.message_id, data)
            .ok_or_else(|| anyhow::anyhow!("no such message to press a button on"))?;
        self.dispatch(update).await
    }
}

/// The development tax cabinet in this process, retrying quickly.
async fn dev_tax_cabinet() -> anyhow::Result<crate::domain::tax::cabinet::Configured> {
    use crate::config::{Endpoint, TaxCabinet};
    use crate::domain::tax::cabinet::Retry;
    let settings = TaxCabinet { endpoint: Endpoint::Dev, api_key: None, timeout: std::time::Duration::from_secs(5) };
    let mut configured = settings.connect().await?;
    configured.retry = Retry { attempts: 3, first_backoff: std::time::Duration::from_millis(10) };
    Ok(configured)
}

/// Payme and Click as a development server would configure them (test keys, not real ones).
fn test_payments() -> crate::domain::payments::Providers {
    use crate::domain::payments::{click, payme, Providers};
    Providers {
        payme: Some(payme::Settings {
            merchant_id: "5e730e8e0b852a417aa49ceb".into(),
            key: "test_payme_key".into(),
            checkout_url: "https://checkout.test.paycom.uz".into(),
        }),
        click: Some(click::Settings {
            service_id: "11111".into(),
            merchant_id: "22222".into(),
            secret_key: "test_click_secret".into(),
            pay_url: "https://my.click.uz/services/pay".into(),
        }),
    }
}
