//! A DEVELOPMENT STAND-IN for an OpenAI-compatible language model server (`savdo dev-model`):
//! `POST /v1/chat/completions` with tool calling, no network and no account. It is not a
//! language model: it reads the question with Savdo's own offline parser, asks for the tool
//! that parser would use, then answers with the `text` the tool returned. Enough to run the
//! model path end to end — the tool loop, the daily limit, sessions — in the demo and the tests.

use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::domain::assistant::{self, tools::Tool};
use crate::i18n::{t, Lang};

pub fn router() -> Router {
    Router::new().route("/v1/chat/completions", post(complete)).route("/chat/completions", post(complete))
}

/// Serves the stand-in on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, router()).await
}

async fn complete(Json(request): Json<Value>) -> Json<Value> {
    let messages = request["messages"].as_array().cloned().unwrap_or_default();
    let lang = messages
        .iter()
        .find(|m| m["role"] == "system")
        .and_then(|m| m["content"].as_str())
        .and_then(|s| s.rsplit("Language: ").next())
        .and_then(|code| Lang::parse(code.trim()))
        .unwrap_or_default();
    let last_user = messages.iter().rposition(|m| m["role"] == "user").unwrap_or(0);
    let question = messages.get(last_user).and_then(|m| m["content"].as_str()).unwrap_or("").to_string();
    let system = messages.iter().find(|m| m["role"] == "system").and_then(|m| m["content"].as_str()).unwrap_or("");
    if system.starts_with(crate::domain::descriptions::INSTRUCTIONS_START) {
        return Json(reply(json!({ "role": "assistant", "content": stand_in_description(&question) }), "stop"));
    }
    let results: Vec<String> = messages[last_user..]
        .iter()
        .filter(|m| m["role"] == "tool")
        .map(|m| {
            let result: Value = serde_json::from_str(m["content"].as_str().unwrap_or("{}")).unwrap_or(json!({}));
            ["text", "refused", "error"].iter().find_map(|k| result[k].as_str().map(str::to_string)).unwrap_or_default()
        })
        .collect();
    if !results.is_empty() {
        return Json(reply(json!({ "role": "assistant", "content": results.join("\n\n") }), "stop"));
    }
    match assistant::understand(&question) {
        Some(q) => {
            let tool: Tool = assistant::tool_for_question(&q);
            let call = json!({
                "id": "call_1",
                "type": "function",
                "function": { "name": tool.name(), "arguments": tool.arguments().to_string() },
            });
            Json(reply(json!({ "role": "assistant", "content": null, "tool_calls": [call] }), "tool_calls"))
        }
        None => Json(reply(json!({ "role": "assistant", "content": t(lang, "unknown-text") }), "stop")),
    }
}

/// A product description made from the prompt's facts, plainly marked as the stand-in's.
fn stand_in_description(prompt: &str) -> String {
    let fact = |name: &str| {
        prompt.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).filter(|v| !v.is_empty()).unwrap_or("—")
    };
    format!(
        "{} ({}, {}). [Development stand-in text, not written by a language model.]",
        fact("Name:"),
        fact("Group:"),
        fact("Unit:")
    )
}

fn reply(message: Value, finish_reason: &str) -> Value {
    json!({
        "id": "chatcmpl_dev",
        "object": "chat.completion",
        "created": 0,
        "model": "savdo_dev_model",
        "choices": [{ "index": 0, "message": message, "finish_reason": finish_reason }],
    })
}
