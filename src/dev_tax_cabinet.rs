//! A DEVELOPMENT STAND-IN for a tax cabinet (`savdo dev-tax-cabinet`, or `TAX_CABINET_URL=dev`
//! in-process). Uzbekistan has no public filing API; this serves the shape Savdo's client
//! sends (docs/tax.md) so the chat, the API and the tests can file reports with no network and
//! no account. It checks what an authority would: required fields, the TIN, a period that has
//! begun, sums that add up, employees' PINFLs; accepts or rejects with a message; keeps what it
//! got (`GET /v1/reports`); and answers a repeated idempotency key with its first acceptance.
//! Nothing it accepts is a real filing, and every answer says so.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

pub const LABEL: &str = "DEVELOPMENT tax cabinet (not a real filing)";

#[derive(Default)]
struct Store {
    /// Accepted reports by idempotency key: (receipt, payload).
    accepted: HashMap<String, (String, Value)>,
    /// Everything received, in order: (key, payload, decision).
    received: Vec<Value>,
}

#[derive(Clone, Default)]
pub struct Cabinet {
    store: Arc<Mutex<Store>>,
}

pub fn router() -> Router {
    let cabinet = Cabinet::default();
    Router::new().route("/", get(|| async { LABEL })).route("/v1/reports", post(receive).get(list)).with_state(cabinet)
}

/// Serves the stand-in on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, router()).await
}

/// Starts the stand-in inside this process on a free local port; its base URL.
pub async fn spawn() -> std::io::Result<url::Url> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(serve(listener));
    Ok(url::Url::parse(&format!("http://{addr}")).expect("a local URL"))
}

async fn list(State(cabinet): State<Cabinet>) -> Json<Value> {
    let store = cabinet.store.lock().expect("store");
    Json(json!({ "cabinet": LABEL, "received": store.received }))
}

async fn receive(
    State(cabinet): State<Cabinet>,
    headers: HeaderMap,
    Json(filing): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let bearer = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if bearer.is_none_or(|k| k.trim().is_empty()) {
        return rejected(StatusCode::UNAUTHORIZED, "API key missing (Authorization: Bearer TAX_API_KEY)".into());
    }
    let Some(key) = headers.get("Idempotency-Key").and_then(|v| v.to_str().ok()).map(str::to_string) else {
        return rejected(StatusCode::BAD_REQUEST, "Idempotency-Key header missing".into());
    };
    let header_tin = headers.get("X-Taxpayer-Tin").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let mut store = cabinet.store.lock().expect("store");
    if let Some((receipt, _)) = store.accepted.get(&key) {
        return accepted(receipt.clone());
    }
    let decision = check(&filing, &header_tin, today());
    store.received.push(json!({ "key": key, "filing": filing, "decision": decision.as_ref().err() }));
    match decision {
        Ok(()) => {
            let receipt = format!("DEV-{:06}", store.received.len());
            store.accepted.insert(key, (receipt.clone(), filing));
            accepted(receipt)
        }
        Err(message) => rejected(StatusCode::UNPROCESSABLE_ENTITY, message),
    }
}

fn accepted(receipt: String) -> (StatusCode, Json<Value>) {
    (
        StatusCode::OK,
        Json(json!({ "status": "accepted", "receipt": receipt, "message": format!("Accepted by the {LABEL}") })),
    )
}

fn rejected(status: StatusCode, message: String) -> (StatusCode, Json<Value>) {
    (status, Json(json!({ "status": "rejected", "message": message })))
}

/// Today in Tashkent, where the authority counts periods.
fn today() -> chrono::NaiveDate {
    crate::domain::calendar::CompanyTz::parse("Asia/Tashkent").today()
}

/// What the stand-in checks; the reason for a rejection.
pub fn check(filing: &Value, header_tin: &str, today: chrono::NaiveDate) -> Result<(), String> {
    for field in ["report", "period", "tin", "company", "regime", "currency", "figures"] {
        if filing.get(field).is_none_or(Value::is_null) {
            return Err(format!("required field missing: {field}"));
        }
    }
    let tin = filing["tin"].as_str().unwrap_or("");
    if tin.len() != 9 || !tin.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("TIN must be 9 digits: {tin}"));
    }
    if tin != header_tin {
        return Err("the TIN in X-Taxpayer-Tin differs from the report's".into());
    }
    let period = filing["period"].as_str().unwrap_or("");
    let Some(month) = crate::domain::calendar::Month::parse(period) else {
        return Err(format!("period must be YYYY-MM: {period}"));
    };
    if month.first() > today {
        return Err(format!("period {period} is in the future"));
    }
    if filing["currency"] != "UZS" || filing["amounts_in"] != "tiyin" {
        return Err("amounts must be UZS in tiyin".into());
    }
    let figures = &filing["figures"];
    match filing["report"].as_str().unwrap_or("") {
        "sales" => check_sales(figures),
        "vat" => check_vat(figures),
        "payroll" => check_payroll(figures),
        "declaration" => check_declaration(figures),
        other => Err(format!("unknown report: {other}")),
    }
}

fn int(value: &Value, field: &str) -> Result<i64, String> {
    value[field].as_i64().ok_or_else(|| format!("{field} must be an integer amount"))
}

fn sums_to(rows: &[Value], totals: &Value, fields: &[&str]) -> Result<(), String> {
    for field in fields {
        let mut sum = 0i64;
        for row in rows {
            sum = sum.checked_add(int(row, field)?).ok_or("amounts overflow")?;
        }
        if sum != int(totals, field)? {
            return Err(format!("rows' {field} add up to {sum}, the total says {}", int(totals, field)?));
        }
    }
    Ok(())
}

fn rows_of(figures: &Value) -> Result<&Vec<Value>, String> {
    figures["rows"].as_array().ok_or_else(|| "rows missing".to_string())
}

fn check_sales(figures: &Value) -> Result<(), String> {
    let rows = rows_of(figures)?;
    for row in rows {
        if int(row, "gross")? - int(row, "vat")? != int(row, "net")? {
            return Err(format!("a row's net is not gross less VAT: {row}"));
        }
    }
    sums_to(rows, &figures["totals"], &["receipts", "gross", "vat", "net"])
}

fn check_vat(figures: &Value) -> Result<(), String> {
    if int(figures, "output_vat")? - int(figures, "input_vat")? != int(figures, "payable")? {
        return Err("VAT payable is not output VAT less input VAT".into());
    }
    Ok(())
}

fn check_payroll(figures: &Value) -> Result<(), String> {
    let rows = rows_of(figures)?;
    if rows.is_empty() {
        return Err("a payroll report lists its employees".into());
    }
    for row in rows {
        let name = row["name"].as_str().unwrap_or("?");
        let pinfl = row["pinfl"].as_str().unwrap_or("");
        // A PINFL's first digit is the century and sex: 3–6 for people born 1900–2099.
        let valid = pinfl.len() == 14
            && pinfl.chars().all(|c| c.is_ascii_digit())
            && matches!(&pinfl[..1], "3" | "4" | "5" | "6");
        if !valid {
            return Err(format!("PINFL of {name} is not valid: {pinfl}"));
        }
        if int(row, "gross")? - int(row, "pit")? != int(row, "net")? || int(row, "inps")? > int(row, "pit")? {
            return Err(format!("the pay of {name} does not add up"));
        }
    }
    sums_to(rows, &figures["totals"], &["gross", "pit", "inps", "social", "net"])
}

fn check_declaration(figures: &Value) -> Result<(), String> {
    let profit = int(figures, "revenue")? - int(figures, "cost_of_sales")? - int(figures, "expenses")?
        + int(figures, "other_income")?;
    if profit != int(figures, "profit")? {
        return Err("profit is not revenue less costs and expenses plus other income".into());
    }
    let tax = crate::domain::tax::share(int(figures, "base")?, int(figures, "rate_bp")?);
    if tax != int(figures, "tax")? {
        return Err(format!("tax on the base at the rate is {tax}, the report says {}", int(figures, "tax")?));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn payroll(pinfl: &str) -> Value {
        json!({
            "report": "payroll", "period": "2026-11", "tin": "301234567", "company": "X", "regime": "vat",
            "currency": "UZS", "amounts_in": "tiyin",
            "figures": { "version": 1, "rows": [{ "name": "Ali", "pinfl": pinfl, "position": "kassir",
                "gross": 100, "pit": 12, "inps": 0, "social": 12, "net": 88 }],
                "totals": { "gross": 100, "pit": 12, "inps": 0, "social": 12, "net": 88 } }
        })
    }

    #[test]
    fn checks_what_an_authority_would() {
        assert_eq!(check(&payroll("31205890123456"), "301234567", today()), Ok(()));
        assert!(check(&payroll("12345678901234"), "301234567", today()).unwrap_err().contains("PINFL of Ali"));
        assert!(check(&payroll("31205890123456"), "301234568", today()).is_err());
        let mut future = payroll("31205890123456");
        future["period"] = json!("2027-01");
        assert!(check(&future, "301234567", today()).unwrap_err().contains("future"));
        let mut wrong = payroll("31205890123456");
        wrong["figures"]["totals"]["gross"] = json!(101);
        assert!(check(&wrong, "301234567", today()).unwrap_err().contains("add up"));
        let mut missing = payroll("31205890123456");
        missing.as_object_mut().unwrap().remove("tin");
        assert_eq!(check(&missing, "", today()), Err("required field missing: tin".into()));
    }
}
