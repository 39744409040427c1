//! A DEVELOPMENT STAND-IN for the REGOS integration gateway (`savdo dev-regos`): seeded,
//! realistic receipts of the last week in two departments (retail cheques with their lines,
//! some wholesale documents, a few returns), served as REGOS's gateway serves them — an OAuth
//! client-credentials token, `POST /gateway/out/{integration}/v1/{Model}/{Action}`, pages with
//! `next_offset`, and a 429 with `Retry-After` every so often. `POST /dev/cheques` rings up a
//! new receipt and `POST /dev/cheques/{uuid}/edit` changes one, each sending REGOS's webhook to
//! `--webhook`. It is not REGOS and says so.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

pub const LABEL: &str = "DEVELOPMENT stand-in for the REGOS gateway (not REGOS)";

const DEPARTMENTS: [(i64, &str); 2] = [(1, "Markaz"), (2, "Chilonzor")];
const CASHIERS: [(i64, &str); 3] = [(1, "Dilnoza"), (2, "Jasur"), (3, "Malika")];
const ITEMS: [(i64, &str, &str, f64); 8] = [
    (1, "R-1001", "Coca-Cola 1,5 l", 12_500.0),
    (2, "R-1002", "Non", 4_000.0),
    (3, "R-1003", "Sut 1 l", 11_500.0),
    (4, "R-1004", "Shakar 1 kg", 14_000.0),
    (5, "R-1005", "Choy 100 g", 25_000.0),
    (6, "R-1006", "Tuxum 10 dona", 16_000.0),
    (7, "R-1007", "Guruch 1 kg", 18_000.0),
    (8, "R-1008", "Mineral suv 1 l", 4_500.0),
];

/// How the stand-in behaves.
#[derive(Clone, Debug)]
pub struct Options {
    pub seed: u64,
    pub receipts: usize,
    pub integration_id: String,
    /// Every Nth gateway call answers 429 (0: never).
    pub rate_limit_every: usize,
    pub webhook: Option<String>,
    pub webhook_secret: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: 7,
            receipts: 300,
            integration_id: "dev_integration".into(),
            rate_limit_every: 5,
            webhook: None,
            webhook_secret: None,
        }
    }
}

#[derive(Clone)]
struct Document {
    doc: Value,
    lines: Vec<Value>,
    wholesale: bool,
}

struct Gateway {
    options: Options,
    documents: Vec<Document>,
    calls: usize,
    rng: StdRng,
    next_code: i64,
}

type Shared = Arc<Mutex<Gateway>>;

fn make_document(rng: &mut StdRng, code: i64, date: i64, wholesale: bool, is_return: bool) -> Document {
    let uuid = format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        rng.random::<u32>(),
        rng.random::<u16>(),
        code % 4096,
        rng.random::<u16>() % 4096,
        rng.random::<u64>() % (1 << 48)
    );
    let (dep_id, dep_name) = DEPARTMENTS[rng.random_range(0..DEPARTMENTS.len())];
    let (cashier_id, cashier) = CASHIERS[rng.random_range(0..CASHIERS.len())];
    let mut lines = Vec::new();
    let mut amount = 0.0;
    for _ in 0..rng.random_range(1..=3) {
        let (item_id, item_code, name, price) = ITEMS[rng.random_range(0..ITEMS.len())];
        let quantity = if wholesale { rng.random_range(10..=40) as f64 } else { rng.random_range(1..=3) as f64 };
        amount += quantity * price;
        lines.push(json!({
            "document_id": uuid,
            "item": { "id": item_id, "code": item_code, "name": name },
            "quantity": quantity,
            "price": price,
            "vat_value": (quantity * price * 12.0 / 112.0 * 100.0).round() / 100.0,
        }));
    }
    let payment = ["cash", "cash", "card", "click", "payme"][rng.random_range(0..5)];
    let doc = json!({
        "uuid": uuid,
        "date": date,
        "code": format!("{}-{code:06}", if wholesale { "W" } else { "C" }),
        "status": "closed",
        "session": 1,
        "department": { "id": dep_id, "name": dep_name },
        "cashier": { "id": cashier_id, "name": cashier },
        "seller": { "id": cashier_id, "name": cashier },
        "is_return": is_return,
        "payment_type": if wholesale { "transfer" } else { payment },
        "amount": amount,
        "last_update": date,
    });
    Document { doc, lines, wholesale }
}

fn seeded(options: &Options) -> Gateway {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let now = chrono::Utc::now().timestamp();
    let mut documents = Vec::with_capacity(options.receipts);
    for i in 0..options.receipts {
        // Spread over the last seven days, oldest first, one hour clear of now.
        let date = now - 3600 - ((options.receipts - i) as i64 * 6 * 86_400 / options.receipts.max(1) as i64);
        let wholesale = rng.random_range(0..10) == 0;
        let is_return = !wholesale && rng.random_range(0..40) == 0;
        documents.push(make_document(&mut rng, i as i64 + 1, date, wholesale, is_return));
    }
    let next_code = options.receipts as i64 + 1;
    Gateway { options: options.clone(), documents, calls: 0, rng, next_code }
}

pub fn router(options: Options) -> Router {
    let state: Shared = Arc::new(Mutex::new(seeded(&options)));
    Router::new()
        .route("/", get(|| async { LABEL }))
        .route("/oauth/token", post(token))
        .route("/gateway/out/{integration}/v1/{model}/{action}", post(gateway))
        .route("/dev/cheques", post(new_cheque))
        .route("/dev/cheques/{uuid}/edit", post(edit_cheque))
        .with_state(state)
}

pub async fn serve(listener: tokio::net::TcpListener, options: Options) -> std::io::Result<()> {
    axum::serve(listener, router(options)).await
}

const TOKEN: &str = "dev_regos_token";

async fn token(body: String) -> Response {
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    if get("grant_type") != "client_credentials" || get("client_id").is_empty() || get("client_secret").is_empty() {
        return (StatusCode::UNAUTHORIZED, Json(json!({ "error": "invalid_client" }))).into_response();
    }
    Json(json!({ "access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600 })).into_response()
}

async fn gateway(
    State(state): State<Shared>,
    Path((integration, model, action)): Path<(String, String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let mut g = state.lock().expect("gateway");
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&format!("Bearer {TOKEN}")) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "ok": false, "result": { "error": 401, "description": "token" } })),
        )
            .into_response();
    }
    if integration != g.options.integration_id {
        let answer = json!({ "ok": false, "result": { "error": 404, "description": "no such integration" } });
        return (StatusCode::NOT_FOUND, Json(answer)).into_response();
    }
    g.calls += 1;
    if g.options.rate_limit_every > 0 && g.calls % g.options.rate_limit_every == 0 {
        let answer = json!({ "ok": false, "result": { "error": 429, "description": "too many requests" } });
        return (StatusCode::TOO_MANY_REQUESTS, [("Retry-After", "1")], Json(answer)).into_response();
    }
    let wholesale = match model.as_str() {
        "DocCheque" | "DocChequeOperation" => false,
        "DocWholeSale" | "WholeSaleOperation" => true,
        _ => {
            return (
                StatusCode::NOT_FOUND,
                Json(json!({ "ok": false, "result": { "error": 404, "description": "model" } })),
            )
                .into_response()
        }
    };
    if action != "Get" {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "ok": false, "result": { "error": 404, "description": "action" } })),
        )
            .into_response();
    }
    if model.ends_with("Operation") {
        let wanted: Vec<&str> =
            body["document_ids"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let lines: Vec<Value> = g
            .documents
            .iter()
            .filter(|d| d.wholesale == wholesale && wanted.contains(&d.doc["uuid"].as_str().unwrap_or("")))
            .flat_map(|d| d.lines.clone())
            .collect();
        return Json(json!({ "ok": true, "result": lines, "next_offset": null, "total": lines.len() })).into_response();
    }
    let from = body["start_date"].as_i64().unwrap_or(0);
    let to = body["end_date"].as_i64().unwrap_or(i64::MAX);
    let limit = body["limit"].as_i64().unwrap_or(100).clamp(1, 1000) as usize;
    let offset = body["offset"].as_i64().unwrap_or(0).max(0) as usize;
    let matching: Vec<&Document> = g
        .documents
        .iter()
        .filter(|d| d.wholesale == wholesale)
        .filter(|d| (from..=to).contains(&d.doc["date"].as_i64().unwrap_or(0)))
        .collect();
    let page: Vec<Value> = matching.iter().skip(offset).take(limit).map(|d| d.doc.clone()).collect();
    let next = (offset + page.len() < matching.len()).then_some(offset + page.len());
    Json(json!({ "ok": true, "result": page, "next_offset": next, "total": matching.len() })).into_response()
}

/// Sends REGOS's webhook for a document, when a target is configured.
fn notify(g: &Gateway, action: &str, doc: &Value) {
    let Some(url) = g.options.webhook.clone() else { return };
    let body = json!({
        "action": action,
        "connected_integration_id": g.options.integration_id,
        "data": { "uuid": doc["uuid"], "date": doc["date"], "code": doc["code"] },
    });
    let secret = g.options.webhook_secret.clone().unwrap_or_default();
    tokio::spawn(async move {
        let sent = reqwest::Client::new().post(&url).header("X-Regos-Secret", secret).json(&body).send().await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, "dev-regos: webhook not delivered");
        }
    });
}

async fn new_cheque(State(state): State<Shared>) -> Json<Value> {
    let mut g = state.lock().expect("gateway");
    let code = g.next_code;
    g.next_code += 1;
    let now = chrono::Utc::now().timestamp();
    let document = make_document(&mut g.rng, code, now, false, false);
    let doc = document.doc.clone();
    g.documents.push(document);
    notify(&g, "DocChequeCreated", &doc);
    Json(doc)
}

async fn edit_cheque(State(state): State<Shared>, Path(uuid): Path<String>) -> Response {
    let mut g = state.lock().expect("gateway");
    let Some(document) = g.documents.iter_mut().find(|d| d.doc["uuid"] == uuid.as_str()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // One more of the first line, and a later last_update.
    let line = &mut document.lines[0];
    line["quantity"] = json!(line["quantity"].as_f64().unwrap_or(1.0) + 1.0);
    let amount: f64 =
        document.lines.iter().map(|l| l["quantity"].as_f64().unwrap_or(0.0) * l["price"].as_f64().unwrap_or(0.0)).sum();
    let last = document.doc["last_update"].as_i64().unwrap_or(0).max(chrono::Utc::now().timestamp()) + 1;
    document.doc["amount"] = json!(amount);
    document.doc["last_update"] = json!(last);
    let doc = document.doc.clone();
    notify(&g, "DocChequeUpdated", &doc);
    Json(doc).into_response()
}
