//! What every door shares: the database, the settings the core needs, and the outbox through
//! which Savdo speaks on its own (notifications, digests).

use std::sync::Arc;

use crate::db::Db;

pub struct App {
    pub db: Db,
    /// The bot's @username, for deep links (`https://t.me/<username>?start=<token>`).
    pub bot_username: String,
    /// The bot's Telegram id: update ids are unique per bot.
    pub bot_id: i64,
    pub invite_ttl_secs: i64,
    /// The largest file the bot takes for an import (`IMPORT_MAX_BYTES`).
    pub import_max_bytes: usize,
    /// For messages sent on Savdo's own initiative, from any door (see `crate::notify`).
    pub outbox: crate::telegram::Bot,
    /// The assistant's language model, when one is configured (`AI_BASE_URL`).
    pub model: Option<crate::domain::assistant::Model>,
    /// The Tesseract engines that read photographed documents (created on first use).
    pub ocr: crate::domain::scans::Engine,
    /// Where tax reports are filed (`TAX_CABINET_URL`), when configured.
    pub tax_cabinet: Option<crate::domain::tax::cabinet::Configured>,
    /// The online payment providers configured (Payme, Click).
    pub payments: crate::domain::payments::Providers,
    /// The service's operators (`SAVDO_OPERATORS`) and their API key (`SAVDO_OPERATOR_KEY`).
    pub operators: crate::domain::platform::Operators,
    pub operator_key: Option<String>,
    /// Signs and checks the API users' JSON Web Tokens.
    pub jwt: crate::domain::apiusers::Signer,
    /// The API's request limits per credential and per address.
    pub api_rate: crate::config::ApiRate,
    /// The SIM operator's status API, when configured (`SIM_OPERATOR_URL`).
    pub sim_operator: Option<std::sync::Arc<dyn crate::domain::simcards::Operator>>,
}

pub type AppRef = Arc<App>;
