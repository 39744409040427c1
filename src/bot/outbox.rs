//! The few Bot API calls handlers make, behind one object-safe trait. In production the
//! implementation is teloxide's `Throttle`, which keeps the bot inside Telegram's rate limits;
//! against the in-process stub (console, tests, benchmarks) it is the bare client, because
//! Throttle's worker adds up to 250 ms to every send and the stub has no limits to respect.

use std::sync::Arc;

use futures::future::BoxFuture;
use teloxide::adaptors::Throttle;
use teloxide::payloads::setters::*;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, CallbackQueryId, InlineKeyboardMarkup, MessageId};
use teloxide::RequestError;

pub trait Outbox: Send + Sync {
    fn send_text(
        &self,
        chat: ChatId,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> BoxFuture<'_, Result<Message, RequestError>>;

    fn edit_text(
        &self,
        chat: ChatId,
        message: MessageId,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> BoxFuture<'_, Result<(), RequestError>>;

    fn answer_callback(&self, id: CallbackQueryId, text: Option<String>) -> BoxFuture<'_, Result<(), RequestError>>;

    fn set_commands(
        &self,
        commands: Vec<BotCommand>,
        language: Option<String>,
    ) -> BoxFuture<'_, Result<(), RequestError>>;
}

/// The same bodies for each concrete client (teloxide's request types differ per adaptor).
macro_rules! impl_outbox {
    ($client:ty) => {
        impl Outbox for $client {
            fn send_text(
                &self,
                chat: ChatId,
                text: String,
                keyboard: Option<InlineKeyboardMarkup>,
            ) -> BoxFuture<'_, Result<Message, RequestError>> {
                Box::pin(async move {
                    let request = self.send_message(chat, text);
                    match keyboard {
                        Some(kb) => request.reply_markup(kb).await,
                        None => request.await,
                    }
                })
            }

            fn edit_text(
                &self,
                chat: ChatId,
                message: MessageId,
                text: String,
                keyboard: Option<InlineKeyboardMarkup>,
            ) -> BoxFuture<'_, Result<(), RequestError>> {
                Box::pin(async move {
                    let request = self.edit_message_text(chat, message, text);
                    match keyboard {
                        Some(kb) => request.reply_markup(kb).await?,
                        None => request.await?,
                    };
                    Ok(())
                })
            }

            fn answer_callback(
                &self,
                id: CallbackQueryId,
                text: Option<String>,
            ) -> BoxFuture<'_, Result<(), RequestError>> {
                Box::pin(async move {
                    let request = self.answer_callback_query(id);
                    match text {
                        Some(text) => request.text(text).await?,
                        None => request.await?,
                    };
                    Ok(())
                })
            }

            fn set_commands(
                &self,
                commands: Vec<BotCommand>,
                language: Option<String>,
            ) -> BoxFuture<'_, Result<(), RequestError>> {
                Box::pin(async move {
                    let request = self.set_my_commands(commands);
                    match language {
                        Some(code) => request.language_code(code).await?,
                        None => request.await?,
                    };
                    Ok(())
                })
            }
        }
    };
}

impl_outbox!(teloxide::Bot);
impl_outbox!(Throttle<teloxide::Bot>);

/// The bot as handlers see it.
pub type Bot = Arc<dyn Outbox>;
