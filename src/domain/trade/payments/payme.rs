//! Payme's Merchant API: Payme calls `POST /payments/payme` with JSON-RPC 2.0, authenticated
//! with Basic auth `Paycom:<merchant key>`, and is always answered with HTTP 200 — a result or
//! an error with a localised message. Amounts are tiyin, times milliseconds. The account is
//! `{"order_id": N}`, a payment order of [`super::request`].
//!
//! States: 1 created, 2 performed, −1 cancelled before performing (reason 4: the 12-hour
//! timeout), −2 cancelled after performing (the payment refunded). Every method is idempotent:
//! a repeated create, perform or cancel answers what the first one did.

use base64::Engine as _;
use serde_json::{json, Value};

use super::{Order, Providers};
use crate::db::{Db, Tx};
use crate::domain::events::Event;
use crate::domain::sales::Payment;

/// `PAYME_MERCHANT_ID`, `PAYME_MERCHANT_KEY`, and where checkout pages live
/// (`PAYME_CHECKOUT_URL`: `https://checkout.paycom.uz`, or the test `https://checkout.test.paycom.uz`).
#[derive(Clone)]
pub struct Settings {
    pub merchant_id: String,
    pub key: String,
    pub checkout_url: String,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("payme::Settings").field("merchant_id", &self.merchant_id).field("key", &"***").finish()
    }
}

/// A created transaction not performed within 12 hours is cancelled (reason 4).
pub const TIMEOUT_MS: i64 = 12 * 60 * 60 * 1000;

/// The checkout link: `m=MERCHANT;ac.order_id=N;a=AMOUNT` in base64 after the checkout URL.
pub fn link(settings: &Settings, order: &Order) -> String {
    let params = format!("m={};ac.order_id={};a={}", settings.merchant_id, order.id, order.amount);
    let encoded = base64::engine::general_purpose::STANDARD.encode(params);
    format!("{}/{encoded}", settings.checkout_url.trim_end_matches('/'))
}

/// A JSON-RPC error of the Merchant API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub code: i64,
    /// The field it concerns (`order_id`, `amount`), where there is one.
    pub data: Option<&'static str>,
}

impl Failure {
    fn new(code: i64) -> Failure {
        Failure { code, data: None }
    }

    fn on(code: i64, field: &'static str) -> Failure {
        Failure { code, data: Some(field) }
    }

    /// The message in the three languages Payme shows.
    pub fn message(&self) -> Value {
        let (ru, uz, en) = match self.code {
            -32504 => ("Недостаточно привилегий", "Ruxsat yetarli emas", "Insufficient privileges"),
            -32700 => ("Ошибка разбора JSON", "JSON xato", "Parse error"),
            -32600 => ("Неверный запрос", "Noto‘g‘ri so‘rov", "Invalid request"),
            -32601 => ("Метод не найден", "Metod topilmadi", "Method not found"),
            -31001 => ("Неверная сумма", "Noto‘g‘ri summa", "Wrong amount"),
            -31003 => ("Транзакция не найдена", "Tranzaksiya topilmadi", "Transaction not found"),
            -31007 => ("Невозможно отменить транзакцию", "Tranzaksiyani bekor qilib bo‘lmaydi", "Unable to cancel"),
            -31008 => ("Невозможно выполнить операцию", "Amalni bajarib bo‘lmaydi", "Unable to perform the operation"),
            -31050 => ("Заказ не найден", "Buyurtma topilmadi", "Order not found"),
            -31051 => (
                "Заказ уже оплачен или отменён",
                "Buyurtma to‘langan yoki bekor qilingan",
                "Order already paid or cancelled",
            ),
            -31052 => (
                "Заказ ожидает оплаты другой транзакцией",
                "Buyurtma boshqa tranzaksiyada",
                "Another transaction is paying this order",
            ),
            _ => ("Системная ошибка", "Tizim xatosi", "System error"),
        };
        json!({ "ru": ru, "uz": uz, "en": en })
    }
}

type Answer = Result<Value, Failure>;

/// Answers one call: the JSON-RPC response body (always to be sent with HTTP 200) and the
/// events a performed payment caused.
pub async fn handle(
    db: &Db,
    providers: &Providers,
    authorization: Option<&str>,
    body: &[u8],
    now_ms: i64,
) -> Option<(Value, Vec<Event>)> {
    let settings = providers.payme.as_ref()?;
    let request: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => return Some((error_body(&Value::Null, &Failure::new(-32700)), Vec::new())),
    };
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    if !authorised(settings, authorization) {
        return Some((error_body(&id, &Failure::new(-32504)), Vec::new()));
    }
    let (Some(method), Some(params)) = (request.get("method").and_then(Value::as_str), request.get("params")) else {
        return Some((error_body(&id, &Failure::new(-32600)), Vec::new()));
    };
    let mut events = Vec::new();
    let answer = match method {
        "CheckPerformTransaction" => check_perform(db, params).await,
        "CreateTransaction" => create(db, params, now_ms).await,
        "PerformTransaction" => perform(db, params, now_ms, &mut events).await,
        "CancelTransaction" => cancel(db, params, now_ms).await,
        "CheckTransaction" => check(db, params).await,
        "GetStatement" => statement(db, params).await,
        _ => Err(Failure::new(-32601)),
    };
    let body = match answer {
        Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Err(failure) => error_body(&id, &failure),
    };
    Some((body, events))
}

fn error_body(id: &Value, failure: &Failure) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": failure.code, "message": failure.message(), "data": failure.data },
    })
}

/// `Authorization: Basic base64("Paycom:KEY")`, compared in constant time.
fn authorised(settings: &Settings, header: Option<&str>) -> bool {
    let Some(encoded) = header.and_then(|h| h.strip_prefix("Basic ")) else { return false };
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else { return false };
    let expected = format!("Paycom:{}", settings.key);
    super::same_secret(&decoded, expected.as_bytes())
}

fn system_error<E: std::fmt::Display>(e: E) -> Failure {
    tracing::error!(error = %e, "payme call failed");
    Failure::new(-32400)
}

fn amount_of(params: &Value) -> Result<i64, Failure> {
    params.get("amount").and_then(Value::as_i64).filter(|a| *a > 0).ok_or(Failure::on(-31001, "amount"))
}

fn order_id_of(params: &Value) -> Result<i64, Failure> {
    let account = params.get("account").ok_or(Failure::on(-31050, "order_id"))?;
    let id = &account["order_id"];
    id.as_i64().or_else(|| id.as_str().and_then(|s| s.trim().parse().ok())).ok_or(Failure::on(-31050, "order_id"))
}

fn payme_id_of(params: &Value) -> Result<String, Failure> {
    params
        .get("id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty() && s.len() <= 64)
        .map(str::to_string)
        .ok_or(Failure::new(-32600))
}

/// The order a payment of `amount` may pay: it exists, is open, and is for that amount.
async fn payable(db: &Db, params: &Value) -> Result<Order, Failure> {
    let order =
        super::order(db, order_id_of(params)?).await.map_err(system_error)?.ok_or(Failure::on(-31050, "order_id"))?;
    if order.status != "open" {
        return Err(Failure::on(-31051, "order_id"));
    }
    if amount_of(params)? != order.amount {
        return Err(Failure::on(-31001, "amount"));
    }
    Ok(order)
}

async fn check_perform(db: &Db, params: &Value) -> Answer {
    payable(db, params).await?;
    Ok(json!({ "allow": true }))
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct Transaction {
    id: i64,
    order_id: i64,
    amount: i64,
    state: i64,
    reason: Option<i64>,
    payme_id: String,
    payme_time: i64,
    create_time: i64,
    perform_time: i64,
    cancel_time: i64,
}

const COLUMNS: &str =
    "id, order_id, amount, state, reason, payme_id, payme_time, create_time, perform_time, cancel_time";

async fn find(tx: &mut Tx, payme_id: &str) -> Result<Option<Transaction>, Failure> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM payme_transactions WHERE payme_id = $1"))
        .bind(payme_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(system_error)
}

fn created(t: &Transaction) -> Value {
    json!({ "create_time": t.create_time, "transaction": t.id.to_string(), "state": t.state })
}

/// Cancels a created transaction that outlived the timeout (state −1, reason 4).
async fn expire(tx: &mut Tx, t: &Transaction, now_ms: i64) -> Result<(), Failure> {
    sqlx::query("UPDATE payme_transactions SET state = -1, reason = 4, cancel_time = $1 WHERE id = $2 AND state = 1")
        .bind(now_ms)
        .bind(t.id)
        .execute(&mut **tx)
        .await
        .map_err(system_error)?;
    Ok(())
}

async fn create(db: &Db, params: &Value, now_ms: i64) -> Answer {
    let payme_id = payme_id_of(params)?;
    let payme_time = params.get("time").and_then(Value::as_i64).ok_or(Failure::new(-32600))?;
    let mut tx = db.begin().await.map_err(system_error)?;
    if let Some(t) = find(&mut tx, &payme_id).await? {
        if t.state != 1 {
            return Err(Failure::new(-31008));
        }
        if now_ms - t.create_time > TIMEOUT_MS {
            expire(&mut tx, &t, now_ms).await?;
            tx.commit().await.map_err(system_error)?;
            return Err(Failure::new(-31008));
        }
        return Ok(created(&t));
    }
    drop(tx);
    let order = payable(db, params).await?;
    let mut tx = db.begin().await.map_err(system_error)?;
    let busy: Option<i64> =
        sqlx::query_scalar("SELECT id FROM payme_transactions WHERE order_id = $1 AND state IN (1, 2) LIMIT 1")
            .bind(order.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(system_error)?;
    if busy.is_some() {
        return Err(Failure::on(-31052, "order_id"));
    }
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO payme_transactions (payme_id, order_id, company_id, amount, state, payme_time, create_time)
         VALUES ($1, $2, $3, $4, 1, $5, $6) ON CONFLICT (payme_id) DO NOTHING RETURNING id",
    )
    .bind(&payme_id)
    .bind(order.id)
    .bind(order.company_id)
    .bind(order.amount)
    .bind(payme_time)
    .bind(now_ms)
    .fetch_optional(&mut *tx)
    .await
    .map_err(system_error)?;
    let Some(_) = inserted else {
        // The same create arrived twice at once: answer as the one that won.
        drop(tx);
        let mut tx = db.begin().await.map_err(system_error)?;
        return find(&mut tx, &payme_id).await?.map(|t| created(&t)).ok_or(Failure::new(-31008));
    };
    let t = find(&mut tx, &payme_id).await?.ok_or(Failure::new(-31008))?;
    tx.commit().await.map_err(system_error)?;
    Ok(created(&t))
}

async fn perform(db: &Db, params: &Value, now_ms: i64, events: &mut Vec<Event>) -> Answer {
    let payme_id = payme_id_of(params)?;
    let mut tx = db.begin().await.map_err(system_error)?;
    let t = find(&mut tx, &payme_id).await?.ok_or(Failure::new(-31003))?;
    let performed =
        |t: &Transaction, at: i64| json!({ "transaction": t.id.to_string(), "perform_time": at, "state": 2 });
    match t.state {
        2 => return Ok(performed(&t, t.perform_time)),
        1 => {}
        _ => return Err(Failure::new(-31008)),
    }
    if now_ms - t.create_time > TIMEOUT_MS {
        expire(&mut tx, &t, now_ms).await?;
        tx.commit().await.map_err(system_error)?;
        return Err(Failure::new(-31008));
    }
    let order = super::order_in(&mut tx, t.order_id).await.map_err(system_error)?.ok_or(Failure::new(-31008))?;
    let event = super::complete(&mut tx, &order, Payment::Payme).await.map_err(|_| Failure::new(-31008))?;
    sqlx::query("UPDATE payme_transactions SET state = 2, perform_time = $1 WHERE id = $2")
        .bind(now_ms)
        .bind(t.id)
        .execute(&mut *tx)
        .await
        .map_err(system_error)?;
    tx.commit().await.map_err(system_error)?;
    events.push(event);
    Ok(performed(&t, now_ms))
}

async fn cancel(db: &Db, params: &Value, now_ms: i64) -> Answer {
    let payme_id = payme_id_of(params)?;
    let reason = params.get("reason").and_then(Value::as_i64);
    let mut tx = db.begin().await.map_err(system_error)?;
    let t = find(&mut tx, &payme_id).await?.ok_or(Failure::new(-31003))?;
    let cancelled = |t: &Transaction, at: i64, state: i64| json!({ "transaction": t.id.to_string(), "cancel_time": at, "state": state });
    let state = match t.state {
        -1 | -2 => return Ok(cancelled(&t, t.cancel_time, t.state)),
        1 => -1,
        _ => {
            // Performed: the payment is refunded and the debt comes back.
            let order =
                super::order_in(&mut tx, t.order_id).await.map_err(system_error)?.ok_or(Failure::new(-31007))?;
            super::refund(&mut tx, &order, Payment::Payme).await.map_err(|_| Failure::new(-31007))?;
            -2
        }
    };
    sqlx::query("UPDATE payme_transactions SET state = $1, reason = $2, cancel_time = $3 WHERE id = $4")
        .bind(state)
        .bind(reason)
        .bind(now_ms)
        .bind(t.id)
        .execute(&mut *tx)
        .await
        .map_err(system_error)?;
    tx.commit().await.map_err(system_error)?;
    Ok(cancelled(&t, now_ms, state))
}

async fn check(db: &Db, params: &Value) -> Answer {
    let payme_id = payme_id_of(params)?;
    let mut tx = db.begin().await.map_err(system_error)?;
    let t = find(&mut tx, &payme_id).await?.ok_or(Failure::new(-31003))?;
    Ok(json!({
        "create_time": t.create_time,
        "perform_time": t.perform_time,
        "cancel_time": t.cancel_time,
        "transaction": t.id.to_string(),
        "state": t.state,
        "reason": t.reason,
    }))
}

async fn statement(db: &Db, params: &Value) -> Answer {
    let from = params.get("from").and_then(Value::as_i64).ok_or(Failure::new(-32600))?;
    let to = params.get("to").and_then(Value::as_i64).ok_or(Failure::new(-32600))?;
    let rows: Vec<Transaction> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payme_transactions WHERE payme_time >= $1 AND payme_time <= $2 ORDER BY payme_time, id"
    ))
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await
    .map_err(system_error)?;
    let transactions: Vec<Value> = rows
        .iter()
        .map(|t| {
            json!({
                "id": t.payme_id,
                "time": t.payme_time,
                "amount": t.amount,
                "account": { "order_id": t.order_id },
                "create_time": t.create_time,
                "perform_time": t.perform_time,
                "cancel_time": t.cancel_time,
                "transaction": t.id.to_string(),
                "state": t.state,
                "reason": t.reason,
            })
        })
        .collect();
    Ok(json!({ "transactions": transactions }))
}
