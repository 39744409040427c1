//! An in-process stand-in for the Telegram Bot API, used by `savdo console`, the tests and the
//! benchmarks. It serves the methods Savdo calls under `/bot<token>/<method>`, queues updates
//! for `getUpdates`, and records everything the bot sent so a test can read it.

mod harness;

pub use harness::Harness;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Map, Value};
use tokio::sync::{broadcast, Notify};

pub const BOT_ID: i64 = 7_000_000_001;
pub const BOT_USERNAME: &str = "savdo_test_bot";
/// A token of the right shape; the stub accepts any.
pub const BOT_TOKEN: &str = "7000000001:STUBstubSTUBstubSTUBstubSTUBstub00";

/// A Telegram user the stub speaks for.
#[derive(Clone, Debug)]
pub struct TgUser {
    pub id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub language_code: Option<String>,
}

impl TgUser {
    pub fn new(id: i64, first_name: &str, language_code: Option<&str>) -> TgUser {
        TgUser { id, first_name: first_name.into(), last_name: None, language_code: language_code.map(Into::into) }
    }

    fn json(&self) -> Value {
        let mut user = json!({ "id": self.id, "is_bot": false, "first_name": self.first_name });
        if let Some(last) = &self.last_name {
            user["last_name"] = json!(last);
        }
        if let Some(lang) = &self.language_code {
            user["language_code"] = json!(lang);
        }
        user
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Button {
    pub text: String,
    pub callback_data: Option<String>,
    pub url: Option<String>,
}

/// One call the bot made.
#[derive(Clone, Debug, Serialize)]
pub struct Sent {
    pub method: String,
    pub chat_id: i64,
    pub message_id: i64,
    pub text: Option<String>,
    pub buttons: Vec<Vec<Button>>,
    pub file_name: Option<String>,
    #[serde(skip)]
    pub file: Option<Vec<u8>>,
    pub params: Value,
}

#[derive(Default)]
struct Inner {
    updates: VecDeque<Value>,
    next_update_id: i64,
    next_message_id: i64,
    sent: Vec<Sent>,
    /// Messages the bot sent, by (chat, message id), to build callback queries from.
    messages: HashMap<(i64, i64), Value>,
    commands: HashMap<String, Value>,
    files: HashMap<String, Vec<u8>>,
    /// Sends still to answer with 429 "Too Many Requests", and the `retry_after` to give.
    too_many: (u32, i64),
    /// The webhook URL set, and how many times setWebhook was called.
    webhook: (Option<String>, u32),
}

#[derive(Clone)]
pub struct Stub {
    inner: Arc<Mutex<Inner>>,
    new_update: Arc<Notify>,
    events: broadcast::Sender<Sent>,
}

impl Default for Stub {
    fn default() -> Self {
        Stub::new()
    }
}

impl Stub {
    pub fn new() -> Stub {
        let inner = Inner { next_update_id: 1, next_message_id: 1, ..Default::default() };
        Stub {
            inner: Arc::new(Mutex::new(inner)),
            new_update: Arc::new(Notify::new()),
            events: broadcast::channel(16_384).0,
        }
    }

    fn take_refusal(&self) -> Option<i64> {
        let mut inner = self.lock();
        let (count, retry_after) = inner.too_many;
        (count > 0).then(|| {
            inner.too_many.0 -= 1;
            retry_after
        })
    }

    /// Answers the next `count` sends with Telegram's 429 and `retry_after` seconds, as
    /// Telegram does to a bot that goes past its limits.
    pub fn refuse_sends(&self, count: u32, retry_after: i64) {
        self.lock().too_many = (count, retry_after);
    }

    /// Serves the stub on a free port of 127.0.0.1 and returns the base URL for the bot.
    pub async fn serve(&self) -> anyhow::Result<url::Url> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let router = self.router();
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                tracing::error!(error = %e, "telegram stub stopped");
            }
        });
        Ok(url::Url::parse(&format!("http://{addr}/"))?)
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/{token}/{method}", post(api_call).get(api_call))
            .route("/file/{token}/{*path}", get(download))
            .with_state(self.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().expect("stub state lock")
    }

    /// Update ids continue from here (the console starts past what the database has seen).
    pub fn set_next_update_id(&self, id: i64) {
        self.lock().next_update_id = id.max(1);
    }

    /// The webhook URL set (if any) and how many times setWebhook was called.
    pub fn webhook(&self) -> (Option<String>, u32) {
        self.lock().webhook.clone()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Sent> {
        self.events.subscribe()
    }

    /// Everything the bot sent since the last call.
    pub fn take_sent(&self) -> Vec<Sent> {
        std::mem::take(&mut self.lock().sent)
    }

    /// The command menu set for a language (`""` for the default one).
    pub fn commands(&self, language: &str) -> Option<Value> {
        self.lock().commands.get(language).cloned()
    }

    /// An update with a text message from `user` in their private chat.
    pub fn text_update(&self, user: &TgUser, text: &str) -> Value {
        let mut inner = self.lock();
        let message_id = inner.next_message_id;
        inner.next_message_id += 1;
        let mut message = json!({
            "message_id": message_id,
            "date": chrono::Utc::now().timestamp(),
            "chat": { "id": user.id, "type": "private", "first_name": user.first_name },
            "from": user.json(),
            "text": text,
        });
        if text.starts_with('/') {
            let len = text.split_whitespace().next().unwrap_or("").encode_utf16().count();
            message["entities"] = json!([{ "type": "bot_command", "offset": 0, "length": len }]);
        }
        next_update(&mut inner, "message", message)
    }

    /// An update with a photo (its bytes kept for `getFile`) from `user`.
    pub fn photo_update(&self, user: &TgUser, bytes: Vec<u8>, caption: Option<&str>) -> Value {
        let mut inner = self.lock();
        let message_id = inner.next_message_id;
        inner.next_message_id += 1;
        let file_id = format!("photo-{message_id}");
        let size = bytes.len();
        inner.files.insert(file_id.clone(), bytes);
        let mut message = json!({
            "message_id": message_id,
            "date": chrono::Utc::now().timestamp(),
            "chat": { "id": user.id, "type": "private", "first_name": user.first_name },
            "from": user.json(),
            "photo": [{ "file_id": file_id, "file_unique_id": file_id, "width": 1280, "height": 960, "file_size": size }],
        });
        if let Some(caption) = caption {
            message["caption"] = json!(caption);
        }
        next_update(&mut inner, "message", message)
    }

    /// A photo sent as one of an album (`media_group_id`): Telegram sends each as its own update.
    pub fn album_update(&self, user: &TgUser, bytes: Vec<u8>, group: &str) -> Value {
        let mut update = self.photo_update(user, bytes, None);
        update["message"]["media_group_id"] = json!(group);
        update
    }

    /// An update with a document (its bytes kept for `getFile`) from `user`.
    pub fn document_update(&self, user: &TgUser, file_name: &str, bytes: Vec<u8>) -> Value {
        let mut inner = self.lock();
        let message_id = inner.next_message_id;
        inner.next_message_id += 1;
        let file_id = format!("doc-{message_id}");
        let size = bytes.len();
        inner.files.insert(file_id.clone(), bytes);
        let message = json!({
            "message_id": message_id,
            "date": chrono::Utc::now().timestamp(),
            "chat": { "id": user.id, "type": "private", "first_name": user.first_name },
            "from": user.json(),
            "document": { "file_id": file_id, "file_unique_id": file_id, "file_name": file_name, "file_size": size },
        });
        next_update(&mut inner, "message", message)
    }

    /// An update with a location from `user`: a live one (`live_period` seconds) when `live`.
    pub fn location_update(&self, user: &TgUser, latitude: f64, longitude: f64, live: Option<i64>) -> Value {
        let mut inner = self.lock();
        let message_id = inner.next_message_id;
        inner.next_message_id += 1;
        let mut location = json!({ "latitude": latitude, "longitude": longitude });
        if let Some(period) = live {
            location["live_period"] = json!(period);
        }
        let message = json!({
            "message_id": message_id,
            "date": chrono::Utc::now().timestamp(),
            "chat": { "id": user.id, "type": "private", "first_name": user.first_name },
            "from": user.json(),
            "location": location,
        });
        inner.messages.insert((user.id, message_id), message.clone());
        next_update(&mut inner, "message", message)
    }

    /// A live location moving: Telegram edits the message that started it.
    pub fn location_moved(&self, user: &TgUser, message_id: i64, latitude: f64, longitude: f64) -> Option<Value> {
        let mut inner = self.lock();
        let mut message = inner.messages.get(&(user.id, message_id))?.clone();
        message["location"]["latitude"] = json!(latitude);
        message["location"]["longitude"] = json!(longitude);
        message["edit_date"] = json!(chrono::Utc::now().timestamp());
        Some(next_update(&mut inner, "edited_message", message))
    }

    /// An update with `user` pressing the button with `data` under the bot's message.
    pub fn button_update(&self, user: &TgUser, chat_id: i64, message_id: i64, data: &str) -> Option<Value> {
        let mut inner = self.lock();
        let message = inner.messages.get(&(chat_id, message_id))?.clone();
        let query_id = format!("cbq-{}", inner.next_update_id);
        let query =
            json!({ "id": query_id, "from": user.json(), "message": message, "chat_instance": "stub", "data": data });
        Some(next_update(&mut inner, "callback_query", query))
    }

    /// Queues an update for the bot's next `getUpdates`.
    pub fn enqueue(&self, update: Value) {
        self.lock().updates.push_back(update);
        self.new_update.notify_waiters();
    }

    fn record(&self, sent: Sent) {
        let _ = self.events.send(sent.clone());
        let mut inner = self.lock();
        // Bounded for a long-running `savdo dev-telegram`: no test reads this far back.
        if inner.sent.len() >= 100_000 {
            inner.sent.drain(..50_000);
        }
        inner.sent.push(sent);
    }

    async fn get_updates(&self, params: &Value) -> Value {
        let offset = params.get("offset").and_then(as_i64).unwrap_or(0);
        let timeout = params.get("timeout").and_then(as_i64).unwrap_or(0).min(30);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout as u64);
        loop {
            let notified = self.new_update.notified();
            {
                let mut inner = self.lock();
                inner.updates.retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
                if !inner.updates.is_empty() {
                    return Value::Array(inner.updates.iter().cloned().collect());
                }
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return json!([]);
            }
        }
    }

    /// Answers one Bot API call the way Telegram would.
    async fn call(&self, method: &str, params: Value, file: Option<(String, Vec<u8>)>) -> Result<Value, String> {
        let chat_id = params.get("chat_id").and_then(as_i64).unwrap_or(0);
        let text = params.get("text").or_else(|| params.get("caption")).and_then(|v| v.as_str()).map(str::to_string);
        let markup = params.get("reply_markup").map(parse_markup).unwrap_or(Value::Null);
        let sent = |message_id: i64, file_name: Option<String>, file: Option<Vec<u8>>| Sent {
            method: method.to_string(),
            chat_id,
            message_id,
            text: text.clone(),
            buttons: buttons_of(&markup),
            file_name,
            file,
            params: params.clone(),
        };
        match method {
            "getMe" => Ok(json!({
                "id": BOT_ID, "is_bot": true, "first_name": "Savdo", "username": BOT_USERNAME,
                "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
                "can_connect_to_business": false, "has_main_web_app": false
            })),
            "getUpdates" => Ok(self.get_updates(&params).await),
            "sendMessage" | "sendPhoto" | "sendDocument" | "sendLocation" => {
                let (message, message_id) = self.new_bot_message(chat_id, &params, &markup, method, file.as_ref());
                let (name, bytes) = file.map(|(n, b)| (Some(n), Some(b))).unwrap_or((None, None));
                self.record(sent(message_id, name, bytes));
                Ok(message)
            }
            "editMessageText" | "editMessageReplyMarkup" | "editMessageCaption" => {
                let message_id = params.get("message_id").and_then(as_i64).unwrap_or(0);
                let mut inner = self.lock();
                let Some(message) = inner.messages.get_mut(&(chat_id, message_id)) else {
                    return Err("Bad Request: message to edit not found".into());
                };
                if let Some(t) = &text {
                    message["text"] = json!(t);
                }
                if method == "editMessageReplyMarkup" || markup.is_null() {
                    message.as_object_mut().map(|m| m.remove("reply_markup"));
                }
                if !markup.is_null() {
                    message["reply_markup"] = markup.clone();
                }
                message["edit_date"] = json!(chrono::Utc::now().timestamp());
                let result = message.clone();
                drop(inner);
                let mut record = sent(message_id, None, None);
                if record.text.is_none() {
                    record.text = result.get("text").and_then(|t| t.as_str()).map(str::to_string);
                }
                self.record(record);
                Ok(result)
            }
            "answerCallbackQuery" | "deleteMessage" | "sendChatAction" => {
                let message_id = params.get("message_id").and_then(as_i64).unwrap_or(0);
                if method == "deleteMessage" {
                    self.lock().messages.remove(&(chat_id, message_id));
                }
                self.record(sent(message_id, None, None));
                Ok(json!(true))
            }
            "setMyCommands" => {
                let lang = params.get("language_code").and_then(|v| v.as_str()).unwrap_or("").to_string();
                self.lock().commands.insert(lang, params.get("commands").cloned().unwrap_or(json!([])));
                Ok(json!(true))
            }
            "getMyCommands" => {
                let lang = params.get("language_code").and_then(|v| v.as_str()).unwrap_or("");
                Ok(self.commands(lang).unwrap_or(json!([])))
            }
            "setWebhook" => {
                let url = params.get("url").and_then(|v| v.as_str()).map(str::to_string);
                let mut inner = self.lock();
                inner.webhook = (url, inner.webhook.1 + 1);
                Ok(json!(true))
            }
            "deleteWebhook" => {
                self.lock().webhook.0 = None;
                Ok(json!(true))
            }
            "close" | "logOut" => Ok(json!(true)),
            "getWebhookInfo" => {
                let url = self.lock().webhook.0.clone().unwrap_or_default();
                Ok(json!({ "url": url, "has_custom_certificate": false, "pending_update_count": 0 }))
            }
            "getFile" => {
                let file_id = params.get("file_id").and_then(|v| v.as_str()).unwrap_or("");
                let size = self.lock().files.get(file_id).map(|b| b.len());
                match size {
                    Some(size) => Ok(
                        json!({ "file_id": file_id, "file_unique_id": file_id, "file_size": size, "file_path": format!("files/{file_id}") }),
                    ),
                    None => Err("Bad Request: invalid file_id".into()),
                }
            }
            _ => Err(format!("Not Found: method {method} is not in the stub")),
        }
    }

    fn new_bot_message(
        &self,
        chat_id: i64,
        params: &Value,
        markup: &Value,
        method: &str,
        file: Option<&(String, Vec<u8>)>,
    ) -> (Value, i64) {
        let mut inner = self.lock();
        let message_id = inner.next_message_id;
        inner.next_message_id += 1;
        let mut message = json!({
            "message_id": message_id,
            "date": chrono::Utc::now().timestamp(),
            "chat": { "id": chat_id, "type": "private", "first_name": "User" },
            "from": { "id": BOT_ID, "is_bot": true, "first_name": "Savdo", "username": BOT_USERNAME },
        });
        match method {
            "sendMessage" => message["text"] = params.get("text").cloned().unwrap_or(json!("")),
            "sendLocation" => {
                message["location"] = json!({
                    "latitude": params.get("latitude").cloned().unwrap_or(json!(0.0)),
                    "longitude": params.get("longitude").cloned().unwrap_or(json!(0.0)),
                })
            }
            _ => {
                if let Some(caption) = params.get("caption") {
                    message["caption"] = caption.clone();
                }
                let file_id = format!("file-{message_id}");
                let (name, bytes) = file.cloned().unwrap_or_default();
                let size = bytes.len();
                inner.files.insert(file_id.clone(), bytes);
                if method == "sendPhoto" {
                    message["photo"] = json!([{ "file_id": file_id, "file_unique_id": file_id, "width": 800, "height": 600, "file_size": size }]);
                } else {
                    message["document"] =
                        json!({ "file_id": file_id, "file_unique_id": file_id, "file_name": name, "file_size": size });
                }
            }
        }
        if !markup.is_null() {
            message["reply_markup"] = markup.clone();
        }
        inner.messages.insert((chat_id, message_id), message.clone());
        (message, message_id)
    }
}

fn next_update(inner: &mut Inner, kind: &str, payload: Value) -> Value {
    let update_id = inner.next_update_id;
    inner.next_update_id += 1;
    let mut update = json!({ "update_id": update_id });
    update[kind] = payload;
    update
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

fn as_i64(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

/// Multipart requests carry the markup as a JSON string.
fn parse_markup(v: &Value) -> Value {
    match v {
        Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
        other => other.clone(),
    }
}

fn buttons_of(markup: &Value) -> Vec<Vec<Button>> {
    let Some(rows) = markup.get("inline_keyboard").and_then(|r| r.as_array()) else {
        return Vec::new();
    };
    rows.iter()
        .map(|row| {
            row.as_array()
                .map(|buttons| {
                    buttons
                        .iter()
                        .map(|b| Button {
                            text: b["text"].as_str().unwrap_or("").to_string(),
                            callback_data: b.get("callback_data").and_then(|d| d.as_str()).map(str::to_string),
                            url: b.get("url").and_then(|d| d.as_str()).map(str::to_string),
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

async fn api_call(
    State(stub): State<Stub>,
    Path((token, method)): Path<(String, String)>,
    request: Request,
) -> Response {
    if !token.starts_with("bot") {
        return reply(Err("Not Found".into()));
    }
    let (params, file) = match read_params(request).await {
        Ok(parsed) => parsed,
        Err(e) => return reply(Err(format!("Bad Request: {e}"))),
    };
    // teloxide writes method names capitalised (`GetMe`); the Bot API ignores case.
    let method = lower_first(&method);
    if method.starts_with("send") {
        if let Some(retry_after) = stub.take_refusal() {
            let body = json!({
                "ok": false, "error_code": 429,
                "description": format!("Too Many Requests: retry after {retry_after}"),
                "parameters": { "retry_after": retry_after },
            });
            return (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
        }
    }
    reply(stub.call(&method, params, file).await)
}

/// Reads JSON, form or multipart parameters; a multipart file part is returned separately.
async fn read_params(request: Request) -> anyhow::Result<(Value, Option<(String, Vec<u8>)>)> {
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, &()).await?;
        let mut params = Map::new();
        let mut file = None;
        while let Some(field) = multipart.next_field().await? {
            let name = field.name().unwrap_or("").to_string();
            match field.file_name().map(str::to_string) {
                Some(file_name) => file = Some((file_name, field.bytes().await?.to_vec())),
                None => {
                    let text = field.text().await?;
                    let value = serde_json::from_str::<Value>(&text)
                        .ok()
                        .filter(|v| v.is_object() || v.is_array())
                        .unwrap_or(Value::String(text));
                    params.insert(name, value);
                }
            }
        }
        return Ok((Value::Object(params), file));
    }
    let body: Bytes = axum::body::to_bytes(request.into_body(), 50 * 1024 * 1024).await?;
    if body.is_empty() {
        return Ok((json!({}), None));
    }
    Ok((serde_json::from_slice(&body)?, None))
}

fn reply(result: Result<Value, String>) -> Response {
    match result {
        Ok(value) => Json(json!({ "ok": true, "result": value })).into_response(),
        Err(description) => {
            let code = if description.starts_with("Not Found") { 404 } else { 400 };
            (
                StatusCode::from_u16(code).unwrap(),
                Json(json!({ "ok": false, "error_code": code, "description": description })),
            )
                .into_response()
        }
    }
}

async fn download(State(stub): State<Stub>, Path((_token, path)): Path<(String, String)>) -> Response {
    let file_id = path.trim_start_matches("files/");
    match stub.lock().files.get(file_id) {
        Some(bytes) => bytes.clone().into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
