//! The few Bot API calls handlers make, behind one object-safe trait. In production the
//! implementation is teloxide's `Throttle`, which keeps the bot inside Telegram's rate limits;
//! against the in-process stub (console, tests, benchmarks) it is the bare client, because
//! Throttle's worker adds up to 250 ms to every send and the stub has no limits to respect.

use std::sync::Arc;

use futures::future::BoxFuture;
use teloxide::adaptors::Throttle;
use teloxide::net::Download;
use teloxide::payloads::setters::*;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, CallbackQueryId, ChatAction, FileId, InlineKeyboardMarkup, InputFile, MessageId};
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

    /// Sends bytes as a photo (`photo: true`) or as a document with a file name.
    fn send_file(
        &self,
        chat: ChatId,
        file: OutFile,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> BoxFuture<'_, Result<Message, RequestError>>;

    /// Sends a photo Telegram already has (e.g. one a user sent), by its file id.
    fn send_photo_id(
        &self,
        chat: ChatId,
        file_id: String,
        caption: Option<String>,
    ) -> BoxFuture<'_, Result<Message, RequestError>>;

    /// A point on the map (a field agent's last position).
    fn send_location(
        &self,
        chat: ChatId,
        latitude: f64,
        longitude: f64,
    ) -> BoxFuture<'_, Result<Message, RequestError>>;

    /// Takes the inline buttons off a message, leaving its text.
    fn remove_keyboard(&self, chat: ChatId, message: MessageId) -> BoxFuture<'_, Result<(), RequestError>>;

    /// "typing…" or "sending a document…" while long work runs.
    fn show_action(&self, chat: ChatId, action: ChatAction) -> BoxFuture<'_, Result<(), RequestError>>;

    /// The bytes of a file a user sent.
    fn download(&self, file_id: FileId) -> BoxFuture<'_, Result<Vec<u8>, RequestError>>;
}

/// A file to send.
pub struct OutFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub caption: Option<String>,
    pub photo: bool,
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

            fn send_file(
                &self,
                chat: ChatId,
                file: OutFile,
                keyboard: Option<InlineKeyboardMarkup>,
            ) -> BoxFuture<'_, Result<Message, RequestError>> {
                Box::pin(async move {
                    let input = InputFile::memory(file.bytes).file_name(file.name);
                    let caption = file.caption.unwrap_or_default();
                    if file.photo {
                        let request = self.send_photo(chat, input).caption(caption);
                        match keyboard {
                            Some(kb) => request.reply_markup(kb).await,
                            None => request.await,
                        }
                    } else {
                        let request = self.send_document(chat, input).caption(caption);
                        match keyboard {
                            Some(kb) => request.reply_markup(kb).await,
                            None => request.await,
                        }
                    }
                })
            }

            fn send_photo_id(
                &self,
                chat: ChatId,
                file_id: String,
                caption: Option<String>,
            ) -> BoxFuture<'_, Result<Message, RequestError>> {
                Box::pin(async move {
                    let request = self.send_photo(chat, InputFile::file_id(FileId(file_id)));
                    match caption {
                        Some(c) => request.caption(c).await,
                        None => request.await,
                    }
                })
            }

            fn send_location(
                &self,
                chat: ChatId,
                latitude: f64,
                longitude: f64,
            ) -> BoxFuture<'_, Result<Message, RequestError>> {
                Box::pin(async move { Requester::send_location(self, chat, latitude, longitude).await })
            }

            fn remove_keyboard(&self, chat: ChatId, message: MessageId) -> BoxFuture<'_, Result<(), RequestError>> {
                Box::pin(async move {
                    self.edit_message_reply_markup(chat, message).await?;
                    Ok(())
                })
            }

            fn show_action(&self, chat: ChatId, action: ChatAction) -> BoxFuture<'_, Result<(), RequestError>> {
                Box::pin(async move {
                    self.send_chat_action(chat, action).await?;
                    Ok(())
                })
            }

            fn download(&self, file_id: FileId) -> BoxFuture<'_, Result<Vec<u8>, RequestError>> {
                Box::pin(async move {
                    let file = self.get_file(file_id).await?;
                    let mut bytes = Vec::new();
                    self.download_file(&file.path, &mut bytes).await?;
                    Ok(bytes)
                })
            }
        }
    };
}

impl_outbox!(teloxide::Bot);
impl_outbox!(Throttle<teloxide::Bot>);

/// The bot as handlers see it.
pub type Bot = Arc<dyn Outbox>;
