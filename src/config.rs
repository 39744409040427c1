//! Settings, read once at start from the environment (and `.env`). Secrets are kept out of
//! `Debug` output so they never reach a log.

use std::fmt;
use std::net::SocketAddr;

use anyhow::{bail, Context};

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub http_addr: SocketAddr,
    pub bot_token: Option<String>,
    pub telegram_api_url: Option<url::Url>,
    pub webhook_url: Option<url::Url>,
    pub webhook_secret: Option<String>,
    /// Whether this instance may call setWebhook (false on all but one, if you prefer to say so;
    /// by default instances agree among themselves through the database).
    pub webhook_register: bool,
    pub invite_ttl_hours: i64,
    /// The largest HTTP request body read (API and webhook); larger ones get 413 unread.
    pub http_max_body_bytes: usize,
    /// The largest file the bot takes for an import; a larger one is refused before download.
    pub import_max_bytes: usize,
    /// Whether outgoing messages keep Telegram's rate limits (`TELEGRAM_PACING=off` only for
    /// load tests against a stand-in Bot API: Telegram itself would answer 429).
    pub telegram_pacing: bool,
    /// The assistant's language model, when `AI_BASE_URL` is set; offline answers otherwise.
    pub ai: Option<AiConfig>,
    /// Reading photographed documents: `OCR_LANGUAGES` (uzb+rus+eng), `OCR_WORKERS` (the
    /// number of cores), `OCR_PSM` (4), `OCR_TESSDATA` (the models' folder; Tesseract's own
    /// `TESSDATA_PREFIX` or default otherwise).
    pub ocr: crate::domain::scans::EngineConfig,
    /// Where tax reports are filed (`TAX_CABINET_URL`; `dev` for the development stand-in);
    /// `None`: reports are built but not sent.
    pub tax_cabinet: Option<TaxCabinet>,
    /// Online payments: Payme (`PAYME_MERCHANT_ID`, `PAYME_MERCHANT_KEY`) and Click
    /// (`CLICK_SERVICE_ID`, `CLICK_MERCHANT_ID`, `CLICK_SECRET_KEY`); each endpoint answers
    /// 404 while its provider is not configured.
    pub payments: crate::domain::payments::Providers,
    /// The service's operators by Telegram id (`SAVDO_OPERATORS=123,456`), and the key their
    /// HTTP API takes (`SAVDO_OPERATOR_KEY`, at least 24 characters; no key, no operator API).
    pub operators: crate::domain::platform::Operators,
    pub operator_key: Option<String>,
    /// The key API users' tokens are signed with (`SAVDO_JWT_SECRET`, at least 32 characters;
    /// without it one is made and kept in the database).
    pub jwt_secret: Option<String>,
    /// Requests a minute per credential and per address (`API_RATE_PER_MINUTE`, 600;
    /// `API_RATE_PER_IP_PER_MINUTE`, 1200).
    pub api_rate: ApiRate,
    /// The SIM operator's status API (`SIM_OPERATOR_URL`; `SIM_OPERATOR_TIMEOUT_SECS`, 10).
    pub sim_operator: Option<(url::Url, u64)>,
}

/// An OpenAI-compatible server: `AI_BASE_URL` (such as `https://api.openai.com/v1` or a local
/// `http://127.0.0.1:11434/v1`), `AI_API_KEY` (none for most local servers), `AI_MODEL`,
/// `AI_TIMEOUT_SECS` (20).
#[derive(Clone)]
pub struct AiConfig {
    pub base_url: url::Url,
    pub api_key: Option<String>,
    pub model: String,
    pub timeout_secs: u64,
}

impl AiConfig {
    pub fn model(&self) -> crate::domain::assistant::Model {
        crate::domain::assistant::Model::new(
            self.base_url.as_str(),
            self.api_key.as_deref(),
            &self.model,
            std::time::Duration::from_secs(self.timeout_secs),
        )
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &crate::db::redact(&self.database_url))
            .field("http_addr", &self.http_addr)
            .field("bot_token", &self.bot_token.as_ref().map(|_| "***"))
            .field("telegram_api_url", &self.telegram_api_url.as_ref().map(|u| u.as_str()))
            .field("webhook_url", &self.webhook_url.as_ref().map(|u| u.as_str()))
            .field("webhook_secret", &self.webhook_secret.as_ref().map(|_| "***"))
            .field("webhook_register", &self.webhook_register)
            .field("invite_ttl_hours", &self.invite_ttl_hours)
            .field("http_max_body_bytes", &self.http_max_body_bytes)
            .field("import_max_bytes", &self.import_max_bytes)
            .field("telegram_pacing", &self.telegram_pacing)
            .field("ai_base_url", &self.ai.as_ref().map(|a| a.base_url.as_str()))
            .field("ai_api_key", &self.ai.as_ref().and_then(|a| a.api_key.as_ref()).map(|_| "***"))
            .field("ai_model", &self.ai.as_ref().map(|a| a.model.as_str()))
            .field("ocr_languages", &self.ocr.languages)
            .field("tax_cabinet_url", &self.tax_cabinet.as_ref().map(|t| format!("{:?}", t.endpoint)))
            .field("tax_api_key", &self.tax_cabinet.as_ref().and_then(|t| t.api_key.as_ref()).map(|_| "***"))
            .field("operators", &self.operators)
            .field("operator_key", &self.operator_key.as_ref().map(|_| "***"))
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "***"))
            .field("api_rate", &self.api_rate)
            .field("payme", &self.payments.payme)
            .field("click", &self.payments.click)
            .finish()
    }
}

/// The API's request limits a minute: per credential (token or key) and per client address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiRate {
    pub per_credential: u32,
    pub per_address: u32,
}

impl Default for ApiRate {
    fn default() -> ApiRate {
        ApiRate { per_credential: 600, per_address: 1200 }
    }
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite:savdo.db";

impl Config {
    /// Reads the process environment (after `.env`, which never overrides what is set).
    pub fn from_env() -> anyhow::Result<Config> {
        let _ = dotenvy::dotenv();
        Config::from_lookup(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        let http_addr = get("HTTP_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into());
        let http_addr = http_addr
            .parse()
            .with_context(|| format!("HTTP_ADDR must be host:port, like 127.0.0.1:8080 (got {http_addr})"))?;
        let parse_url = |key: &str| -> anyhow::Result<Option<url::Url>> {
            get(key).map(|v| url::Url::parse(&v).with_context(|| format!("{key} is not a valid URL: {v}"))).transpose()
        };
        let webhook_url = parse_url("TELEGRAM_WEBHOOK_URL")?;
        let webhook_secret = get("TELEGRAM_WEBHOOK_SECRET");
        if webhook_url.is_some() {
            match &webhook_secret {
                None => bail!("TELEGRAM_WEBHOOK_URL is set, so TELEGRAM_WEBHOOK_SECRET must be set too (1-256 characters A-Z a-z 0-9 _ -)"),
                Some(s) if !valid_secret(s) => bail!("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters from A-Z a-z 0-9 _ -"),
                _ => {}
            }
        }
        let invite_ttl_hours = match get("INVITE_TTL_HOURS") {
            Some(v) => v
                .parse()
                .ok()
                .filter(|h| *h > 0)
                .with_context(|| format!("INVITE_TTL_HOURS must be a positive number of hours (got {v})"))?,
            None => 72,
        };
        let http_max_body_bytes = match get("HTTP_MAX_BODY_BYTES") {
            Some(v) => v
                .parse()
                .ok()
                .filter(|n| (1024..=64 * 1024 * 1024).contains(n))
                .with_context(|| format!("HTTP_MAX_BODY_BYTES must be 1024 to 67108864 bytes (got {v})"))?,
            None => 1024 * 1024,
        };
        let import_max_bytes = match get("IMPORT_MAX_BYTES") {
            Some(v) => {
                v.parse().ok().filter(|n| (1024..=crate::domain::import::MAX_BYTES).contains(n)).with_context(|| {
                    format!("IMPORT_MAX_BYTES must be 1024 to {} bytes (got {v})", crate::domain::import::MAX_BYTES)
                })?
            }
            None => 5 * 1024 * 1024,
        };
        let webhook_register = match get("TELEGRAM_WEBHOOK_REGISTER").as_deref() {
            None | Some("true") | Some("1") | Some("yes") => true,
            Some("false") | Some("0") | Some("no") => false,
            Some(v) => bail!("TELEGRAM_WEBHOOK_REGISTER must be true or false (got {v})"),
        };
        let telegram_pacing = match get("TELEGRAM_PACING").as_deref() {
            None | Some("telegram") => true,
            Some("off") => false,
            Some(v) => bail!("TELEGRAM_PACING must be telegram or off (got {v})"),
        };
        let ai = match parse_url("AI_BASE_URL")? {
            None => None,
            Some(base_url) => {
                let timeout_secs = match get("AI_TIMEOUT_SECS") {
                    Some(v) => v
                        .parse()
                        .ok()
                        .filter(|s| (1..=300).contains(s))
                        .with_context(|| format!("AI_TIMEOUT_SECS must be 1 to 300 seconds (got {v})"))?,
                    None => 20,
                };
                let model = get("AI_MODEL").context(
                    "AI_BASE_URL is set, so AI_MODEL must name the model (such as gpt-4o-mini or qwen2.5:7b)",
                )?;
                Some(AiConfig { base_url, api_key: get("AI_API_KEY"), model, timeout_secs })
            }
        };
        let mut ocr = crate::domain::scans::EngineConfig::default();
        if let Some(languages) = get("OCR_LANGUAGES") {
            let ok =
                languages.split('+').all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            if !ok {
                bail!("OCR_LANGUAGES must be Tesseract language codes joined by +, like uzb+rus+eng (got {languages})");
            }
            ocr.languages = languages;
        }
        if let Some(v) = get("OCR_WORKERS") {
            ocr.workers = v
                .parse()
                .ok()
                .filter(|n| (1..=16).contains(n))
                .with_context(|| format!("OCR_WORKERS must be 1 to 16 (got {v})"))?;
        }
        if let Some(v) = get("OCR_PSM") {
            ocr.page_segmentation = v
                .parse()
                .ok()
                .filter(|n| (3..=6).contains(n))
                .with_context(|| format!("OCR_PSM must be 3, 4, 5 or 6 (got {v})"))?;
        }
        ocr.data_path = get("OCR_TESSDATA");
        let tax_cabinet = match get("TAX_CABINET_URL") {
            None => None,
            Some(url) => {
                let endpoint = if url.trim() == "dev" {
                    Endpoint::Dev
                } else {
                    Endpoint::Url(url::Url::parse(&url).with_context(|| {
                        format!("TAX_CABINET_URL must be a URL or dev (the development stand-in); got {url}")
                    })?)
                };
                let timeout_secs: u64 = match get("TAX_TIMEOUT_SECS") {
                    Some(v) => v
                        .parse()
                        .ok()
                        .filter(|s| (1..=120).contains(s))
                        .with_context(|| format!("TAX_TIMEOUT_SECS must be 1 to 120 seconds (got {v})"))?,
                    None => 10,
                };
                Some(TaxCabinet {
                    endpoint,
                    api_key: get("TAX_API_KEY"),
                    timeout: std::time::Duration::from_secs(timeout_secs),
                })
            }
        };
        let payments = payment_providers(&get)?;
        let operators = match get("SAVDO_OPERATORS") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(|id| id.trim().parse::<i64>())
                .collect::<std::result::Result<Vec<i64>, _>>()
                .with_context(|| format!("SAVDO_OPERATORS must be Telegram ids separated by commas (got {list})"))?,
        };
        let operator_key = get("SAVDO_OPERATOR_KEY");
        if operator_key.as_ref().is_some_and(|k| k.len() < 24) {
            bail!("SAVDO_OPERATOR_KEY must be at least 24 characters");
        }
        let jwt_secret = get("SAVDO_JWT_SECRET");
        if jwt_secret.as_ref().is_some_and(|k| k.len() < 32) {
            bail!("SAVDO_JWT_SECRET must be at least 32 characters");
        }
        let per_minute = |key: &str, default: u32| -> anyhow::Result<u32> {
            match get(key) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .with_context(|| format!("{key} must be a whole number above 0 (got {v})")),
            }
        };
        let api_rate = ApiRate {
            per_credential: per_minute("API_RATE_PER_MINUTE", 600)?,
            per_address: per_minute("API_RATE_PER_IP_PER_MINUTE", 1200)?,
        };
        let sim_operator = match parse_url("SIM_OPERATOR_URL")? {
            None => None,
            Some(url) => {
                let secs = match get("SIM_OPERATOR_TIMEOUT_SECS") {
                    Some(v) => v
                        .parse()
                        .ok()
                        .filter(|s| (1..=60).contains(s))
                        .with_context(|| format!("SIM_OPERATOR_TIMEOUT_SECS must be 1 to 60 (got {v})"))?,
                    None => 10,
                };
                Some((url, secs))
            }
        };
        Ok(Config {
            sim_operator,
            operators: crate::domain::platform::Operators::new(operators),
            operator_key,
            jwt_secret,
            api_rate,
            payments,
            tax_cabinet,
            ai,
            ocr,
            database_url: get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            http_addr,
            bot_token: get("TELEGRAM_BOT_TOKEN"),
            telegram_api_url: parse_url("TELEGRAM_API_URL")?,
            webhook_url,
            webhook_secret,
            webhook_register,
            invite_ttl_hours,
            http_max_body_bytes,
            import_max_bytes,
            telegram_pacing,
        })
    }

    /// The bot token, checked for the shape BotFather gives (`123456:ABC-…`).
    pub fn require_bot_token(&self) -> anyhow::Result<String> {
        match &self.bot_token {
            None => bail!("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and put TELEGRAM_BOT_TOKEN=... in .env (or try `savdo console`, which needs none)"),
            Some(token) if !valid_token(token) => bail!("TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits, a colon and 30+ letters, as @BotFather gives it)"),
            Some(token) => Ok(token.clone()),
        }
    }
}

fn valid_token(token: &str) -> bool {
    let Some((id, secret)) = token.split_once(':') else { return false };
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_digit())
        && secret.len() >= 30
        && secret.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn valid_secret(secret: &str) -> bool {
    (1..=256).contains(&secret.len()) && secret.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `TAX_CABINET_URL`: an endpoint, or `dev` for the development stand-in in this process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Dev,
    Url(url::Url),
}

/// The cabinet's settings: `TAX_CABINET_URL`, `TAX_API_KEY`, `TAX_TIMEOUT_SECS` (10).
#[derive(Clone)]
pub struct TaxCabinet {
    pub endpoint: Endpoint,
    pub api_key: Option<String>,
    pub timeout: std::time::Duration,
}

impl TaxCabinet {
    /// Connects to the endpoint; `dev` starts the stand-in on a free local port first.
    pub async fn connect(&self) -> anyhow::Result<crate::domain::tax::cabinet::Configured> {
        let (url, api_key, stand_in) = match &self.endpoint {
            Endpoint::Url(url) => (url.clone(), self.api_key.clone(), false),
            Endpoint::Dev => (
                crate::dev_tax_cabinet::spawn().await?,
                Some(self.api_key.clone().unwrap_or_else(|| "development".into())),
                true,
            ),
        };
        let cabinet = crate::domain::tax::cabinet::HttpCabinet::new(url, api_key, self.timeout, stand_in)?;
        Ok(crate::domain::tax::cabinet::Configured {
            cabinet: std::sync::Arc::new(cabinet),
            retry: crate::domain::tax::cabinet::Retry::default(),
        })
    }
}

/// The payment providers configured: each needs all of its settings, or none.
fn payment_providers(get: &impl Fn(&str) -> Option<String>) -> anyhow::Result<crate::domain::payments::Providers> {
    use crate::domain::payments::{click, payme};
    let all = |keys: &[&str]| -> anyhow::Result<Option<Vec<String>>> {
        let values: Vec<Option<String>> = keys.iter().map(|k| get(k)).collect();
        match values.iter().filter(|v| v.is_some()).count() {
            0 => Ok(None),
            n if n == keys.len() => Ok(Some(values.into_iter().flatten().collect())),
            _ => bail!("{} must be set together", keys.join(", ")),
        }
    };
    let payme = all(&["PAYME_MERCHANT_ID", "PAYME_MERCHANT_KEY"])?.map(|v| payme::Settings {
        merchant_id: v[0].clone(),
        key: v[1].clone(),
        checkout_url: get("PAYME_CHECKOUT_URL").unwrap_or_else(|| "https://checkout.paycom.uz".into()),
    });
    let click = all(&["CLICK_SERVICE_ID", "CLICK_MERCHANT_ID", "CLICK_SECRET_KEY"])?.map(|v| click::Settings {
        service_id: v[0].clone(),
        merchant_id: v[1].clone(),
        secret_key: v[2].clone(),
        pay_url: get("CLICK_PAY_URL").unwrap_or_else(|| "https://my.click.uz/services/pay".into()),
    });
    Ok(crate::domain::payments::Providers { payme, click })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_need_nothing() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite:savdo.db");
        assert_eq!(c.http_addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.invite_ttl_hours, 72);
    }

    #[test]
    fn token_is_checked_and_never_printed() {
        let missing = config(&[]).unwrap().require_bot_token().unwrap_err().to_string();
        assert!(missing.contains("TELEGRAM_BOT_TOKEN is not set"), "{missing}");
        let bad = config(&[("TELEGRAM_BOT_TOKEN", "hello")]).unwrap().require_bot_token().unwrap_err().to_string();
        assert!(bad.contains("does not look like a bot token"));
        let token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_";
        let c = config(&[("TELEGRAM_BOT_TOKEN", token), ("TELEGRAM_WEBHOOK_SECRET", "s3cr3t")]).unwrap();
        assert_eq!(c.require_bot_token().unwrap(), token);
        let shown = format!("{c:?}");
        assert!(!shown.contains("AAHdq") && !shown.contains("s3cr3t"), "{shown}");
    }

    #[test]
    fn webhook_needs_a_secret() {
        let err = config(&[("TELEGRAM_WEBHOOK_URL", "https://example.uz/telegram/webhook")]).unwrap_err();
        assert!(err.to_string().contains("TELEGRAM_WEBHOOK_SECRET"));
    }
}
