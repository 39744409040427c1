//! The REGOS integration gateway, as small as the sync needs: an OAuth client-credentials token,
//! then `POST {base}/gateway/out/{connected_integration_id}/v1/{Model}/{Action}` with a JSON body,
//! answered `{ok, result, next_offset, total}` (or `{ok: false, result: {error, description}}`).
//! A 429 waits for its `Retry-After`; a 5xx or a network error is retried with doubling pauses; a
//! 401 fetches a new token once. Nothing else of REGOS is assumed, so another gateway shape is one
//! more small client.

use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::Mutex;

/// Where and as whom to call.
#[derive(Clone)]
pub struct Connection {
    pub base_url: String,
    pub integration_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub token_url: String,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("regos::Connection")
            .field("base_url", &self.base_url)
            .field("integration_id", &self.integration_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &"***")
            .finish()
    }
}

/// One page of a `…/Get`.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub result: Vec<Value>,
    pub next_offset: Option<i64>,
    pub total: Option<i64>,
}

pub struct Client {
    http: reqwest::Client,
    connection: Connection,
    token: Mutex<Option<String>>,
    /// Attempts per call, and the first pause after a failure (doubled each time).
    pub attempts: u32,
    pub backoff: Duration,
    /// The longest `Retry-After` honoured (a gateway asking for more is retried after this).
    pub max_wait: Duration,
}

impl Client {
    pub fn new(connection: Connection) -> anyhow::Result<Client> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?;
        Ok(Client {
            http,
            connection,
            token: Mutex::new(None),
            attempts: 6,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(60),
        })
    }

    async fn token(&self, fresh: bool) -> anyhow::Result<String> {
        let mut token = self.token.lock().await;
        if let (Some(t), false) = (token.as_ref(), fresh) {
            return Ok(t.clone());
        }
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.connection.client_id.as_str()),
            ("client_secret", self.connection.client_secret.as_str()),
        ];
        let response = self.http.post(&self.connection.token_url).form(&form).send().await?;
        if !response.status().is_success() {
            anyhow::bail!("REGOS token: HTTP {}", response.status().as_u16());
        }
        let body: Value = response.json().await?;
        let access = body["access_token"].as_str().ok_or_else(|| anyhow::anyhow!("REGOS token: no access_token"))?;
        *token = Some(access.to_string());
        Ok(access.to_string())
    }

    /// Calls `Model/Action` with `body`, retrying as the module says.
    pub async fn call(&self, model_action: &str, body: &Value) -> anyhow::Result<Page> {
        let url = format!(
            "{}/gateway/out/{}/v1/{model_action}",
            self.connection.base_url.trim_end_matches('/'),
            self.connection.integration_id
        );
        let mut pause = self.backoff;
        let mut fresh_token = false;
        let mut last_error = String::new();
        for _ in 0..self.attempts {
            let token = self.token(fresh_token).await?;
            let sent = self.http.post(&url).bearer_auth(&token).json(body).send().await;
            let response = match sent {
                Ok(r) => r,
                Err(e) => {
                    last_error =
                        format!("{model_action}: {}", if e.is_timeout() { "timed out".into() } else { e.to_string() });
                    tokio::time::sleep(pause).await;
                    pause *= 2;
                    continue;
                }
            };
            let status = response.status();
            if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
                let wait = response
                    .headers()
                    .get("Retry-After")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs)
                    .unwrap_or(pause)
                    .min(self.max_wait);
                last_error = format!("{model_action}: HTTP 429");
                tokio::time::sleep(wait).await;
                continue;
            }
            if status == reqwest::StatusCode::UNAUTHORIZED && !fresh_token {
                fresh_token = true;
                continue;
            }
            if status.is_server_error() {
                last_error = format!("{model_action}: HTTP {}", status.as_u16());
                tokio::time::sleep(pause).await;
                pause *= 2;
                continue;
            }
            let answer: Value = response.json().await?;
            if !status.is_success() || answer["ok"] != json!(true) {
                let description = answer["result"]["description"].as_str().unwrap_or("no description");
                anyhow::bail!("{model_action}: HTTP {}: {description}", status.as_u16());
            }
            return Ok(Page {
                result: answer["result"].as_array().cloned().unwrap_or_default(),
                next_offset: answer["next_offset"].as_i64(),
                total: answer["total"].as_i64(),
            });
        }
        anyhow::bail!("{last_error} (after {} attempts)", self.attempts)
    }
}
