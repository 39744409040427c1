//! The tax cabinet client. There is no public filing API in Uzbekistan, so Savdo sends each
//! report as JSON to a configured endpoint (`TAX_CABINET_URL`) in one documented shape
//! (docs/tax.md): `POST {url}/v1/reports` with `Authorization: Bearer TAX_API_KEY`,
//! `Idempotency-Key` and `X-Taxpayer-Tin`. `savdo dev-tax-cabinet` serves that shape for
//! development. A provider that signs with the user's E-IMZO key (Didox, Soliq e-invoice)
//! would be another [`Cabinet`].

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::Deserialize;

/// What the cabinet decided about one report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Accepted { receipt: String, message: Option<String> },
    Rejected { message: String },
}

/// Why an attempt got no decision: worth retrying (a 5xx, the network, a timeout) or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    Transient(String),
    Permanent(String),
}

pub type Sent<'a> = Pin<Box<dyn Future<Output = Result<Answer, Failure>> + Send + 'a>>;

/// Somewhere tax reports can be filed.
pub trait Cabinet: Send + Sync {
    /// Sends one report once (no retries: [`super::submit`] retries and records attempts).
    fn send<'a>(&'a self, tin: &'a str, idempotency_key: &'a str, filing: &'a serde_json::Value) -> Sent<'a>;

    /// True for the development stand-in, so every door can say so.
    fn is_stand_in(&self) -> bool;
}

/// How often and how patiently to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    pub attempts: u32,
    /// Doubled after every failed attempt.
    pub first_backoff: Duration,
}

impl Default for Retry {
    fn default() -> Retry {
        Retry { attempts: 4, first_backoff: Duration::from_millis(500) }
    }
}

/// The cabinet over HTTP.
pub struct HttpCabinet {
    client: reqwest::Client,
    url: url::Url,
    api_key: Option<String>,
    stand_in: bool,
}

#[derive(Deserialize)]
struct Reply {
    status: Option<String>,
    receipt: Option<String>,
    message: Option<String>,
}

impl HttpCabinet {
    pub fn new(
        url: url::Url,
        api_key: Option<String>,
        timeout: Duration,
        stand_in: bool,
    ) -> anyhow::Result<HttpCabinet> {
        let client = reqwest::Client::builder().timeout(timeout).connect_timeout(timeout).build()?;
        Ok(HttpCabinet { client, url, api_key, stand_in })
    }

    fn endpoint(&self) -> String {
        format!("{}/v1/reports", self.url.as_str().trim_end_matches('/'))
    }

    async fn post(&self, tin: &str, key: &str, filing: &serde_json::Value) -> Result<Answer, Failure> {
        let mut request =
            self.client.post(self.endpoint()).header("Idempotency-Key", key).header("X-Taxpayer-Tin", tin).json(filing);
        if let Some(api_key) = &self.api_key {
            request = request.bearer_auth(api_key);
        }
        // Never the request itself in an error: it carries the key.
        let response = request.send().await.map_err(|e| Failure::Transient(network_reason(&e)))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| Failure::Transient(network_reason(&e)))?;
        let reply: Option<Reply> = serde_json::from_str(&body).ok();
        let message = reply.as_ref().and_then(|r| r.message.clone());
        if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Err(Failure::Transient(format!("HTTP {}", status.as_u16())));
        }
        match (status.is_success(), reply) {
            (true, Some(Reply { status: Some(s), receipt: Some(receipt), .. })) if s == "accepted" => {
                Ok(Answer::Accepted { receipt, message })
            }
            (_, Some(Reply { status: Some(s), .. })) if s == "rejected" => {
                Ok(Answer::Rejected { message: message.unwrap_or_else(|| format!("HTTP {}", status.as_u16())) })
            }
            (false, _) => Err(Failure::Permanent(match message {
                Some(m) => format!("HTTP {}: {m}", status.as_u16()),
                None => format!("HTTP {}", status.as_u16()),
            })),
            (true, _) => Err(Failure::Permanent("the cabinet's answer was not understood".into())),
        }
    }
}

/// A network error, briefly (the request's headers, which carry the key, are never in it).
fn network_reason(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        e.to_string()
    }
}

impl Cabinet for HttpCabinet {
    fn send<'a>(&'a self, tin: &'a str, idempotency_key: &'a str, filing: &'a serde_json::Value) -> Sent<'a> {
        Box::pin(self.post(tin, idempotency_key, filing))
    }

    fn is_stand_in(&self) -> bool {
        self.stand_in
    }
}

/// The cabinet this server files to, and how it retries.
#[derive(Clone)]
pub struct Configured {
    pub cabinet: std::sync::Arc<dyn Cabinet>,
    pub retry: Retry,
}
