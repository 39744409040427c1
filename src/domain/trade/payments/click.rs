//! Click's SHOP API: Click posts form fields to `POST /payments/click/prepare` (action 0) and
//! `POST /payments/click/complete` (action 1), signed with
//! `md5(click_trans_id + service_id + SECRET_KEY + merchant_trans_id [+ merchant_prepare_id] +
//! amount + action + sign_time)` over the fields exactly as received. Amounts are so‘m (with
//! up to two decimals); `merchant_trans_id` is a payment order of [`super::request`]. Errors:
//! 0 success, −1 sign check failed, −2 incorrect amount, −3 action not found, −4 already paid,
//! −5 order not found, −6 transaction not found, −8 error in the request, −9 cancelled.

use md5::{Digest, Md5};
use serde_json::{json, Value};

use super::{Order, Providers};
use crate::db::{now, Db};
use crate::domain::events::Event;
use crate::domain::sales::Payment;

/// `CLICK_SERVICE_ID`, `CLICK_MERCHANT_ID`, `CLICK_SECRET_KEY`, and the payment page
/// (`CLICK_PAY_URL`: `https://my.click.uz/services/pay`).
#[derive(Clone)]
pub struct Settings {
    pub service_id: String,
    pub merchant_id: String,
    pub secret_key: String,
    pub pay_url: String,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("click::Settings")
            .field("service_id", &self.service_id)
            .field("merchant_id", &self.merchant_id)
            .field("secret_key", &"***")
            .finish()
    }
}

/// The payment page for an order (the amount in so‘m).
pub fn link(settings: &Settings, order: &Order) -> String {
    format!(
        "{}?service_id={}&merchant_id={}&amount={}.{:02}&transaction_param={}",
        settings.pay_url,
        settings.service_id,
        settings.merchant_id,
        order.amount / 100,
        order.amount % 100,
        order.id
    )
}

/// The form fields of one call, as received.
pub type Form = std::collections::HashMap<String, String>;

/// Click's answer codes.
const OK: i64 = 0;
const SIGN_FAILED: i64 = -1;
const WRONG_AMOUNT: i64 = -2;
const NO_ACTION: i64 = -3;
const ALREADY_PAID: i64 = -4;
const NO_ORDER: i64 = -5;
const NO_TRANSACTION: i64 = -6;
const BAD_REQUEST: i64 = -8;
const CANCELLED: i64 = -9;

fn note(code: i64) -> &'static str {
    match code {
        OK => "Success",
        SIGN_FAILED => "SIGN CHECK FAILED!",
        WRONG_AMOUNT => "Incorrect parameter amount",
        NO_ACTION => "Action not found",
        ALREADY_PAID => "Already paid",
        NO_ORDER => "User does not exist",
        NO_TRANSACTION => "Transaction does not exist",
        CANCELLED => "Transaction cancelled",
        _ => "Error in request from click",
    }
}

fn field<'a>(form: &'a Form, name: &str) -> &'a str {
    form.get(name).map(String::as_str).unwrap_or("")
}

/// The signature Click computes for these fields (with the prepare id on complete).
pub fn sign(settings: &Settings, form: &Form, complete: bool) -> String {
    let mut text = String::new();
    text.push_str(field(form, "click_trans_id"));
    text.push_str(field(form, "service_id"));
    text.push_str(&settings.secret_key);
    text.push_str(field(form, "merchant_trans_id"));
    if complete {
        text.push_str(field(form, "merchant_prepare_id"));
    }
    text.push_str(field(form, "amount"));
    text.push_str(field(form, "action"));
    text.push_str(field(form, "sign_time"));
    Md5::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// "1000", "1000.5" or "1000.50" so‘m in tiyin; anything else is not an amount.
pub fn tiyin(amount: &str) -> Option<i64> {
    let (whole, fraction) = amount.trim().split_once('.').unwrap_or((amount.trim(), ""));
    if whole.is_empty() || whole.len() > 15 || !whole.chars().all(|c| c.is_ascii_digit()) || fraction.len() > 2 {
        return None;
    }
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let cents: i64 = if fraction.is_empty() { 0 } else { format!("{fraction:0<2}").parse().ok()? };
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)
}

fn answer(form: &Form, code: i64, extra: Value) -> Value {
    let mut body = json!({
        "click_trans_id": field(form, "click_trans_id").parse::<i64>().ok(),
        "merchant_trans_id": field(form, "merchant_trans_id"),
        "error": code,
        "error_note": note(code),
    });
    if let (Some(map), Value::Object(extra)) = (body.as_object_mut(), extra) {
        map.extend(extra);
    }
    body
}

fn system_error<E: std::fmt::Display>(form: &Form, e: E) -> Value {
    tracing::error!(error = %e, "click call failed");
    answer(form, BAD_REQUEST, json!({}))
}

/// Checks what both calls share: the signature, the action, the order and the amount.
async fn checked(db: &Db, settings: &Settings, form: &Form, action: &str) -> Result<(Order, i64), Value> {
    let expected = sign(settings, form, action == "1");
    if !super::same_secret(field(form, "sign_string").to_lowercase().as_bytes(), expected.as_bytes()) {
        return Err(answer(form, SIGN_FAILED, json!({})));
    }
    if field(form, "service_id") != settings.service_id {
        return Err(answer(form, BAD_REQUEST, json!({})));
    }
    if field(form, "action") != action {
        return Err(answer(form, NO_ACTION, json!({})));
    }
    let Some(amount) = tiyin(field(form, "amount")) else {
        return Err(answer(form, WRONG_AMOUNT, json!({})));
    };
    let Ok(order_id) = field(form, "merchant_trans_id").trim().parse::<i64>() else {
        return Err(answer(form, NO_ORDER, json!({})));
    };
    let order = match super::order(db, order_id).await {
        Ok(Some(order)) => order,
        Ok(None) => return Err(answer(form, NO_ORDER, json!({}))),
        Err(e) => return Err(system_error(form, e)),
    };
    Ok((order, amount))
}

/// Prepare (action 0): the order can be paid with this amount; a transaction is opened.
pub async fn prepare(db: &Db, providers: &Providers, form: &Form) -> Option<Value> {
    let settings = providers.click.as_ref()?;
    let (order, amount) = match checked(db, settings, form, "0").await {
        Ok(found) => found,
        Err(body) => return Some(body),
    };
    let click_id = field(form, "click_trans_id").to_string();
    if click_id.is_empty() || click_id.len() > 64 {
        return Some(answer(form, BAD_REQUEST, json!({})));
    }
    match order.status.as_str() {
        "paid" => return Some(answer(form, ALREADY_PAID, json!({}))),
        "cancelled" => return Some(answer(form, CANCELLED, json!({}))),
        _ => {}
    }
    if amount != order.amount {
        return Some(answer(form, WRONG_AMOUNT, json!({})));
    }
    let stored = sqlx::query_scalar::<_, i64>(
        "INSERT INTO click_transactions (click_trans_id, order_id, company_id, amount, status, created_at)
         VALUES ($1, $2, $3, $4, 'prepared', $5)
         ON CONFLICT (click_trans_id) DO UPDATE SET click_trans_id = excluded.click_trans_id RETURNING id",
    )
    .bind(&click_id)
    .bind(order.id)
    .bind(order.company_id)
    .bind(amount)
    .bind(now())
    .fetch_one(&db.pool)
    .await;
    Some(match stored {
        Ok(prepare_id) => answer(form, OK, json!({ "merchant_prepare_id": prepare_id })),
        Err(e) => system_error(form, e),
    })
}

/// Complete (action 1): the prepared transaction is paid (or, when Click reports an error,
/// cancelled). A repeated complete answers "already paid".
pub async fn complete(db: &Db, providers: &Providers, form: &Form) -> Option<(Value, Vec<Event>)> {
    let settings = providers.click.as_ref()?;
    let (order, amount) = match checked(db, settings, form, "1").await {
        Ok(found) => found,
        Err(body) => return Some((body, Vec::new())),
    };
    let Ok(prepare_id) = field(form, "merchant_prepare_id").trim().parse::<i64>() else {
        return Some((answer(form, NO_TRANSACTION, json!({})), Vec::new()));
    };
    Some(match finish(db, form, &order, amount, prepare_id).await {
        Ok((body, events)) => (body, events),
        Err(e) => (system_error(form, e), Vec::new()),
    })
}

async fn finish(
    db: &Db,
    form: &Form,
    order: &Order,
    amount: i64,
    prepare_id: i64,
) -> anyhow::Result<(Value, Vec<Event>)> {
    let mut tx = db.begin().await?;
    let found: Option<(String, String, i64)> =
        sqlx::query_as("SELECT click_trans_id, status, order_id FROM click_transactions WHERE id = $1")
            .bind(prepare_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((click_id, status, order_id)) = found else {
        return Ok((answer(form, NO_TRANSACTION, json!({})), Vec::new()));
    };
    if click_id != field(form, "click_trans_id") || order_id != order.id {
        return Ok((answer(form, NO_TRANSACTION, json!({})), Vec::new()));
    }
    match status.as_str() {
        "completed" => {
            return Ok((answer(form, ALREADY_PAID, json!({ "merchant_confirm_id": prepare_id })), Vec::new()))
        }
        "cancelled" => return Ok((answer(form, CANCELLED, json!({})), Vec::new())),
        _ => {}
    }
    if amount != order.amount {
        return Ok((answer(form, WRONG_AMOUNT, json!({})), Vec::new()));
    }
    // Click reports a failed payment with a negative `error`: the transaction is cancelled.
    if field(form, "error").trim().parse::<i64>().unwrap_or(0) < 0 {
        sqlx::query("UPDATE click_transactions SET status = 'cancelled', completed_at = $1 WHERE id = $2")
            .bind(now())
            .bind(prepare_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Ok((answer(form, CANCELLED, json!({})), Vec::new()));
    }
    if order.status != "open" {
        return Ok((answer(form, ALREADY_PAID, json!({})), Vec::new()));
    }
    let event = match super::complete(&mut tx, order, Payment::Click).await {
        Ok(event) => event,
        Err(_) => return Ok((answer(form, ALREADY_PAID, json!({})), Vec::new())),
    };
    sqlx::query("UPDATE click_transactions SET status = 'completed', completed_at = $1 WHERE id = $2")
        .bind(now())
        .bind(prepare_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((answer(form, OK, json!({ "merchant_confirm_id": prepare_id })), vec![event]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_click_sends_them() {
        assert_eq!(tiyin("1000"), Some(100_000));
        assert_eq!(tiyin("1000.5"), Some(100_050));
        assert_eq!(tiyin("1000.50"), Some(100_050));
        assert_eq!(tiyin("1000.505"), None);
        assert_eq!(tiyin("-5"), None);
        assert_eq!(tiyin("1e3"), None);
        assert_eq!(tiyin(""), None);
        assert_eq!(tiyin("99999999999999999999"), None);
    }

    #[test]
    fn the_signature_is_md5_of_the_fields_as_received() {
        let settings = Settings {
            service_id: "111".into(),
            merchant_id: "222".into(),
            secret_key: "secret".into(),
            pay_url: "https://my.click.uz/services/pay".into(),
        };
        let form: Form = [
            ("click_trans_id", "5"),
            ("service_id", "111"),
            ("merchant_trans_id", "7"),
            ("amount", "1000.00"),
            ("action", "0"),
            ("sign_time", "2026-12-01 10:00:00"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        // md5("5" + "111" + "secret" + "7" + "1000.00" + "0" + "2026-12-01 10:00:00")
        let expected: String =
            Md5::digest(b"5111secret71000.0002026-12-01 10:00:00").iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(sign(&settings, &form, false), expected);
        assert_eq!(expected.len(), 32);
    }
}
