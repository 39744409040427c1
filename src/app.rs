//! What every door shares: the database and the settings the core needs.

use std::sync::Arc;

use crate::db::Db;

pub struct App {
    pub db: Db,
    /// The bot's @username, for deep links (`https://t.me/<username>?start=<token>`).
    pub bot_username: String,
    /// The bot's Telegram id: update ids are unique per bot.
    pub bot_id: i64,
    pub invite_ttl_secs: i64,
    /// For messages the bot sends on its own (alerts, digests), from any door.
    pub bot: crate::bot::Bot,
}

pub type AppRef = Arc<App>;
