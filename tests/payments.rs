//! Payme and Click through the HTTP router of a real server: every method and error of both
//! protocols, the providers' sandbox scenarios (wrong amount, wrong account, a repeated create,
//! cancel after perform, the 12-hour timeout), the debt and the books after each, and the live
//! event stream (a sale through the API, a resume with `Last-Event-ID`, a second instance).

mod common;

use base64::Engine as _;
use md5::{Digest, Md5};
use savdo::db::Db;
use savdo::domain::customers::{self, CustomerInput};
use savdo::domain::ledger;
use savdo::domain::payments::{self, payme};
use savdo::domain::sales::{self, Payment};
use savdo::server::Running;
use savdo::telegram_stub::Stub;
use serde_json::{json, Value};

const PAYME_KEY: &str = "test_payme_key";
const CLICK_SECRET: &str = "test_click_secret";

/// A server with Payme and Click configured (or neither).
async fn server(db: &Db, configured: bool) -> (Stub, Running, String) {
    let settings: &[(&str, &str)] = &[
        ("PAYME_MERCHANT_ID", "5e730e8e0b852a417aa49ceb"),
        ("PAYME_MERCHANT_KEY", PAYME_KEY),
        ("CLICK_SERVICE_ID", "11111"),
        ("CLICK_MERCHANT_ID", "22222"),
        ("CLICK_SECRET_KEY", CLICK_SECRET),
    ];
    let (stub, running) = common::start_server_with(db, if configured { settings } else { &[] }).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    (stub, running, base)
}

/// A company whose customer Ali owes 50 000 so‘m (4 bottles on credit), and a payment order
/// for it: (admin, customer id, order).
async fn debt_and_order(db: &Db) -> (savdo::domain::company::Member, i64, payments::Order) {
    let (admin, cola, _) = common::fixtures::company_with_cola(db, 1, "Alfa").await;
    let actor = admin.actor();
    let ali = customers::add(db, &actor, &CustomerInput { name: "Ali".into(), ..Default::default() }).await.unwrap();
    let mut sale = common::fixtures::sale_input(admin.branch_id.unwrap(), None, Payment::Debt, &[(cola, 4, 12_500)]);
    sale.customer_id = Some(ali.id);
    sales::record_sale(db, &actor, &sale).await.unwrap();
    let order = payments::request(db, &actor, ali.id, None, None).await.unwrap();
    assert_eq!(order.amount, 5_000_000);
    (admin, ali.id, order)
}

async fn owed(db: &Db, company_id: i64, customer: i64) -> i64 {
    let mut tx = db.begin().await.unwrap();
    ledger::party_balance(&mut tx, company_id, ledger::RECEIVABLES, customer).await.unwrap()
}

struct Payme {
    http: reqwest::Client,
    url: String,
    auth: String,
}

impl Payme {
    fn new(base: &str, key: &str) -> Payme {
        let auth = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("Paycom:{key}")));
        Payme { http: reqwest::Client::new(), url: format!("{base}/payments/payme"), auth }
    }

    async fn raw(&self, body: String) -> (u16, Value) {
        let r = self.http.post(&self.url).header("Authorization", &self.auth).body(body).send().await.unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    async fn call(&self, method: &str, params: Value) -> Value {
        let (status, answer) =
            self.raw(json!({ "jsonrpc": "2.0", "id": 7, "method": method, "params": params }).to_string()).await;
        assert_eq!(status, 200, "Payme is always answered with 200");
        assert_eq!(answer["id"], 7);
        answer
    }
}

fn code(answer: &Value) -> i64 {
    answer["error"]["code"].as_i64().unwrap_or(0)
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

async fn payme_methods(db: Db) {
    let (admin, ali, order) = debt_and_order(&db).await;
    let (stub, running, base) = server(&db, true).await;
    let payme = Payme::new(&base, PAYME_KEY);
    let account = json!({ "order_id": order.id });

    // Authentication, envelope and method errors.
    let wrong = Payme::new(&base, "not-the-key");
    assert_eq!(code(&wrong.call("CheckPerformTransaction", json!({"amount": 1, "account": account})).await), -32504);
    let (status, answer) = payme.raw("{not json".into()).await;
    assert_eq!((status, code(&answer)), (200, -32700));
    assert_eq!(code(&payme.call("Nope", json!({})).await), -32601);
    let (_, answer) = payme.raw(json!({"jsonrpc": "2.0", "id": 7}).to_string()).await;
    assert_eq!(code(&answer), -32600);
    let message = &payme.call("Nope", json!({})).await["error"]["message"];
    assert!(message["ru"].is_string() && message["uz"].is_string() && message["en"].is_string());

    // CheckPerformTransaction: the amount and the account.
    let check = |amount: i64, account: Value| json!({ "amount": amount, "account": account });
    assert_eq!(code(&payme.call("CheckPerformTransaction", check(4_999_900, account.clone())).await), -31001);
    let unknown = payme.call("CheckPerformTransaction", check(5_000_000, json!({"order_id": 999_999}))).await;
    assert_eq!((code(&unknown), unknown["error"]["data"].as_str()), (-31050, Some("order_id")));
    let ok = payme.call("CheckPerformTransaction", check(5_000_000, account.clone())).await;
    assert_eq!(ok["result"]["allow"], true, "{ok}");

    // CreateTransaction: once; the same id again answers the same; another id is refused.
    let create = |id: &str| json!({ "id": id, "time": now_ms(), "amount": 5_000_000, "account": account });
    let created = payme.call("CreateTransaction", create("p-1")).await;
    assert_eq!(created["result"]["state"], 1, "{created}");
    let again = payme.call("CreateTransaction", create("p-1")).await;
    assert_eq!(again["result"], created["result"]);
    assert_eq!(code(&payme.call("CreateTransaction", create("p-2")).await), -31052);
    assert_eq!(owed(&db, admin.company_id, ali).await, 5_000_000, "nothing is paid yet");

    // PerformTransaction: the debt is paid, the bank has the money, the admin hears; a repeat
    // answers the same and pays nothing more.
    let bank_before =
        ledger::balance(&db, admin.company_id, "5110", chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap())
            .await
            .unwrap();
    let performed = payme.call("PerformTransaction", json!({ "id": "p-1" })).await;
    assert_eq!(performed["result"]["state"], 2, "{performed}");
    assert_eq!(owed(&db, admin.company_id, ali).await, 0);
    let bank_after =
        ledger::balance(&db, admin.company_id, "5110", chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap())
            .await
            .unwrap();
    assert_eq!(bank_after - bank_before, 5_000_000);
    let repeated = payme.call("PerformTransaction", json!({ "id": "p-1" })).await;
    assert_eq!(repeated["result"], performed["result"]);
    assert_eq!(owed(&db, admin.company_id, ali).await, 0);
    let told: Vec<String> = stub.take_sent().into_iter().filter_map(|s| s.text).collect();
    assert_eq!(told.iter().filter(|t| t.contains("Ali Payme orqali 50 000 so‘m to‘ladi")).count(), 1, "{told:?}");
    assert_eq!(payments::order(&db, order.id).await.unwrap().unwrap().status, "paid");
    // A paid order cannot be paid again.
    assert_eq!(code(&payme.call("CheckPerformTransaction", check(5_000_000, account.clone())).await), -31051);

    // CheckTransaction and GetStatement.
    let checked = payme.call("CheckTransaction", json!({ "id": "p-1" })).await;
    assert_eq!((checked["result"]["state"].as_i64(), checked["result"]["reason"].clone()), (Some(2), Value::Null));
    assert_eq!(checked["result"]["perform_time"], performed["result"]["perform_time"]);
    assert_eq!(code(&payme.call("CheckTransaction", json!({ "id": "nope" })).await), -31003);
    let statement = payme.call("GetStatement", json!({ "from": now_ms() - 60_000, "to": now_ms() + 60_000 })).await;
    let listed = statement["result"]["transactions"].as_array().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0]["id"].as_str(), listed[0]["account"]["order_id"].as_i64()), (Some("p-1"), Some(order.id)));

    // CancelTransaction after perform: refunded, the debt is back; a repeat answers the same.
    let cancelled = payme.call("CancelTransaction", json!({ "id": "p-1", "reason": 5 })).await;
    assert_eq!(cancelled["result"]["state"], -2, "{cancelled}");
    assert_eq!(owed(&db, admin.company_id, ali).await, 5_000_000);
    let again = payme.call("CancelTransaction", json!({ "id": "p-1", "reason": 5 })).await;
    assert_eq!(again["result"], cancelled["result"]);
    assert_eq!(payme.call("CheckTransaction", json!({ "id": "p-1" })).await["result"]["reason"], 5);
    assert_eq!(code(&payme.call("PerformTransaction", json!({ "id": "p-1" })).await), -31008);
    assert_eq!(code(&payme.call("CancelTransaction", json!({ "id": "nope", "reason": 1 })).await), -31003);

    // The order is open again: a new transaction, cancelled before it is performed.
    let created = payme.call("CreateTransaction", create("p-3")).await;
    assert_eq!(created["result"]["state"], 1, "{created}");
    let cancelled = payme.call("CancelTransaction", json!({ "id": "p-3", "reason": 3 })).await;
    assert_eq!(cancelled["result"]["state"], -1);
    assert_eq!(code(&payme.call("PerformTransaction", json!({ "id": "p-3" })).await), -31008);
    assert_eq!(
        code(&payme.call("CreateTransaction", create("p-3")).await),
        -31008,
        "a cancelled one is not created again"
    );
    assert_eq!(owed(&db, admin.company_id, ali).await, 5_000_000);
    running.stop().await;
}
db_test!(payme_every_method, super::payme_methods);

/// A created transaction not performed within 12 hours is cancelled with reason 4.
async fn payme_timeout(db: Db) {
    let (admin, ali, order) = debt_and_order(&db).await;
    let harness = savdo::telegram_stub::Harness::new(db.clone()).await.unwrap();
    let providers = &harness.app.payments;
    let auth = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("Paycom:{PAYME_KEY}")));
    let call = |method: &str, params: Value| {
        json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string()
    };
    let t0 = 1_800_000_000_000;
    let create = call(
        "CreateTransaction",
        json!({ "id": "late", "time": t0, "amount": order.amount, "account": { "order_id": order.id } }),
    );
    let (answer, _) = payme::handle(&db, providers, Some(&auth), create.as_bytes(), t0).await.unwrap();
    assert_eq!(answer["result"]["create_time"], t0);
    let late = t0 + payme::TIMEOUT_MS + 1;
    let perform = call("PerformTransaction", json!({ "id": "late" }));
    let (answer, events) = payme::handle(&db, providers, Some(&auth), perform.as_bytes(), late).await.unwrap();
    assert_eq!((answer["error"]["code"].as_i64(), events.len()), (Some(-31008), 0));
    let check = call("CheckTransaction", json!({ "id": "late" }));
    let (answer, _) = payme::handle(&db, providers, Some(&auth), check.as_bytes(), late).await.unwrap();
    assert_eq!((answer["result"]["state"].as_i64(), answer["result"]["reason"].as_i64()), (Some(-1), Some(4)));
    assert_eq!(owed(&db, admin.company_id, ali).await, 5_000_000);
}
db_test!(payme_twelve_hours, super::payme_timeout);

struct Click {
    http: reqwest::Client,
    base: String,
}

impl Click {
    fn signed(fields: &[(&str, &str)], complete: bool) -> Vec<(String, String)> {
        let get = |name: &str| fields.iter().find(|(k, _)| *k == name).map(|(_, v)| *v).unwrap_or("");
        let mut text =
            format!("{}{}{}{}", get("click_trans_id"), get("service_id"), CLICK_SECRET, get("merchant_trans_id"));
        if complete {
            text.push_str(get("merchant_prepare_id"));
        }
        text.push_str(&format!("{}{}{}", get("amount"), get("action"), get("sign_time")));
        let sign: String = Md5::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        let mut out: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        out.push(("sign_string".into(), sign));
        out
    }

    async fn post(&self, path: &str, form: &[(String, String)]) -> (u16, Value) {
        let r = self.http.post(format!("{}/payments/click/{path}", self.base)).form(form).send().await.unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    async fn prepare(&self, trans: &str, order: &str, amount: &str) -> Value {
        let fields = [
            ("click_trans_id", trans),
            ("service_id", "11111"),
            ("click_paydoc_id", "99"),
            ("merchant_trans_id", order),
            ("amount", amount),
            ("action", "0"),
            ("error", "0"),
            ("error_note", "Success"),
            ("sign_time", "2026-12-01 10:00:00"),
        ];
        self.post("prepare", &Click::signed(&fields, false)).await.1
    }

    async fn complete(&self, trans: &str, order: &str, prepare: &str, amount: &str, error: &str) -> Value {
        let fields = [
            ("click_trans_id", trans),
            ("service_id", "11111"),
            ("click_paydoc_id", "99"),
            ("merchant_trans_id", order),
            ("merchant_prepare_id", prepare),
            ("amount", amount),
            ("action", "1"),
            ("error", error),
            ("error_note", "Success"),
            ("sign_time", "2026-12-01 10:00:05"),
        ];
        self.post("complete", &Click::signed(&fields, true)).await.1
    }
}

async fn click_prepare_and_complete(db: Db) {
    let (admin, ali, order) = debt_and_order(&db).await;
    let (stub, running, base) = server(&db, true).await;
    let click = Click { http: reqwest::Client::new(), base };
    let id = order.id.to_string();

    // A forged signature, a wrong action, an unknown order, a wrong amount.
    let mut forged = Click::signed(
        &[
            ("click_trans_id", "1"),
            ("service_id", "11111"),
            ("merchant_trans_id", &id),
            ("amount", "50000"),
            ("action", "0"),
            ("sign_time", "x"),
        ],
        false,
    );
    forged.last_mut().unwrap().1 = "0".repeat(32);
    assert_eq!(click.post("prepare", &forged).await.1["error"], -1);
    let wrong_action = Click::signed(
        &[
            ("click_trans_id", "1"),
            ("service_id", "11111"),
            ("merchant_trans_id", &id),
            ("amount", "50000"),
            ("action", "1"),
            ("sign_time", "x"),
        ],
        false,
    );
    assert_eq!(click.post("prepare", &wrong_action).await.1["error"], -3);
    assert_eq!(click.prepare("1", "999999", "50000").await["error"], -5);
    assert_eq!(click.prepare("1", &id, "49999.99").await["error"], -2);
    assert_eq!(click.prepare("1", &id, "50 000").await["error"], -2);

    // Prepare, then a complete that Click says failed: cancelled, nothing paid.
    let prepared = click.prepare("1", &id, "50000.00").await;
    assert_eq!(prepared["error"], 0, "{prepared}");
    let prepare_id = prepared["merchant_prepare_id"].as_i64().unwrap().to_string();
    assert_eq!(click.complete("1", &id, &prepare_id, "50000.00", "-5017").await["error"], -9);
    assert_eq!(click.complete("1", &id, &prepare_id, "50000.00", "0").await["error"], -9);
    assert_eq!(owed(&db, admin.company_id, ali).await, 5_000_000);

    // A second attempt: prepared, completed, paid once; repeats answer "already paid".
    assert_eq!(click.complete("2", &id, "999999", "50000", "0").await["error"], -6);
    let prepared = click.prepare("2", &id, "50000").await;
    let prepare_id = prepared["merchant_prepare_id"].as_i64().unwrap().to_string();
    assert_eq!(click.complete("2", &id, &prepare_id, "49000", "0").await["error"], -2);
    let done = click.complete("2", &id, &prepare_id, "50000", "0").await;
    assert_eq!(
        (done["error"].as_i64(), done["merchant_confirm_id"].as_i64()),
        (Some(0), prepare_id.parse().ok()),
        "{done}"
    );
    assert_eq!(owed(&db, admin.company_id, ali).await, 0);
    assert_eq!(click.complete("2", &id, &prepare_id, "50000", "0").await["error"], -4);
    assert_eq!(click.prepare("3", &id, "50000").await["error"], -4);
    assert_eq!(owed(&db, admin.company_id, ali).await, 0);
    let told: Vec<String> = stub.take_sent().into_iter().filter_map(|s| s.text).collect();
    assert_eq!(told.iter().filter(|t| t.contains("Ali Click orqali 50 000 so‘m to‘ladi")).count(), 1, "{told:?}");
    running.stop().await;
}
db_test!(click_shop_api, super::click_prepare_and_complete);

/// Unconfigured providers answer 404; a link needs a debt and the right to ask for it.
async fn not_configured_and_links(db: Db) {
    let (admin, ali, _) = debt_and_order(&db).await;
    let (_stub, running, base) = server(&db, false).await;
    let http = reqwest::Client::new();
    for path in ["/payments/payme", "/payments/click/prepare", "/payments/click/complete"] {
        assert_eq!(http.post(format!("{base}{path}")).body("{}").send().await.unwrap().status(), 404, "{path}");
    }
    let (_, key) = savdo::domain::apikeys::create(&db, &admin.actor(), "links", None).await.unwrap();
    let r = http
        .post(format!("{base}/api/v1/customers/{ali}/payment-link"))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "no provider");
    running.stop().await;

    let (_stub, running, base) = server(&db, true).await;
    let r = http
        .post(format!("{base}/api/v1/customers/{ali}/payment-link"))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    let links = body["links"].as_array().unwrap();
    assert_eq!(links.len(), 2);
    let payme_url = links[0]["url"].as_str().unwrap();
    let encoded = payme_url.rsplit('/').next().unwrap();
    let decoded = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded).unwrap()).unwrap();
    assert_eq!(decoded, format!("m=5e730e8e0b852a417aa49ceb;ac.order_id={};a=5000000", body["order"]["id"]));
    assert!(links[1]["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("amount=50000.00&transaction_param={}", body["order"]["id"])));
    let too_much = http
        .post(format!("{base}/api/v1/customers/{ali}/payment-link"))
        .header("X-API-Key", &key)
        .json(&json!({ "amount": 6_000_000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(too_much.status(), 422);
    running.stop().await;
}
db_test!(unconfigured_and_links, super::not_configured_and_links);

/// Reads one SSE event (`id`, `event`) from a streaming response.
async fn next_event(response: &mut reqwest::Response, buffer: &mut String) -> (i64, String, Value) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let field = |name: &str| block.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_string());
            if let (Some(id), Some(kind)) = (field("id:"), field("event:")) {
                let data = field("data:").and_then(|d| serde_json::from_str(&d).ok()).unwrap_or(Value::Null);
                return (id.parse().unwrap(), kind, data);
            }
            continue;
        }
        let chunk = tokio::time::timeout_at(deadline, response.chunk()).await.expect("an event within 10 s").unwrap();
        buffer.push_str(&String::from_utf8_lossy(&chunk.expect("the stream stays open")));
    }
}

async fn live_events(db: Db) {
    let (admin, cola, key) = common::fixtures::company_with_cola(&db, 1, "Alfa").await;
    let (_stub_a, first, base_a) = server(&db, false).await;
    let (_stub_b, second, base_b) = server(&db, false).await;
    let http = reqwest::Client::new();
    let mut stream = http.get(format!("{base_b}/api/v1/events")).header("X-API-Key", &key).send().await.unwrap();
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    // A sale made through the other instance's API reaches this stream.
    let sale =
        json!({ "branch_id": admin.branch_id, "payment": "cash", "lines": [{ "product_id": cola, "qty": "2" }] });
    let made = http.post(format!("{base_a}/api/v1/sales")).header("X-API-Key", &key).json(&sale).send().await.unwrap();
    assert_eq!(made.status(), 201);
    let mut buffer = String::new();
    let (first_id, kind, data) = next_event(&mut stream, &mut buffer).await;
    assert_eq!(kind, "sale");
    assert_eq!(data["entity"], "sale");
    let second_sale =
        http.post(format!("{base_a}/api/v1/sales")).header("X-API-Key", &key).json(&sale).send().await.unwrap();
    assert_eq!(second_sale.status(), 201);
    let (second_id, kind, _) = next_event(&mut stream, &mut buffer).await;
    assert_eq!(kind, "sale");
    assert!(second_id > first_id);
    drop(stream);
    // Resuming after the first event gets the second again, in order.
    let mut resumed = http
        .get(format!("{base_a}/api/v1/events"))
        .header("X-API-Key", &key)
        .header("Last-Event-ID", first_id.to_string())
        .send()
        .await
        .unwrap();
    let mut buffer = String::new();
    assert_eq!(next_event(&mut resumed, &mut buffer).await.0, second_id);
    // A cashier's key may not listen; no key is 401.
    let cashier =
        common::fixtures::member_with_role(&db, &admin, 5, savdo::domain::roles::Role::Cashier, admin.branch_id).await;
    let (_, cashier_key) =
        savdo::domain::apikeys::create(&db, &admin.actor(), "till", Some(cashier.user_id)).await.unwrap();
    let refused = http.get(format!("{base_a}/api/v1/events")).header("X-API-Key", &cashier_key).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    assert_eq!(http.get(format!("{base_a}/api/v1/events")).send().await.unwrap().status(), 401);
    drop(resumed);
    first.stop().await;
    second.stop().await;
}
db_test!(events_stream, super::live_events);

/// Whatever Payme's endpoint is sent, it answers with a JSON-RPC error or result, never a panic
/// and never a change without authentication.
async fn payme_takes_any_body(db: Db) {
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    let harness = savdo::telegram_stub::Harness::new(db.clone()).await.unwrap();
    let auth = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("Paycom:{PAYME_KEY}")));
    let bodies: Vec<Vec<u8>> = {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            "\\{\"jsonrpc\":\"2.0\",\"id\":[0-9]{1,3},\"method\":\"(CheckPerformTransaction|CreateTransaction|PerformTransaction|CancelTransaction|CheckTransaction|GetStatement)\",\"params\":\\{\"id\":\"[a-z0-9]{0,8}\",\"amount\":-?[0-9]{0,20},\"time\":[0-9]{0,15},\"reason\":[0-9],\"account\":\\{\"order_id\":\"?[0-9a-z]{0,6}\"?\\}\\}\\}"
                .prop_map(String::into_bytes),
        ];
        (0..300).map(|_| strategy.new_tree(&mut runner).unwrap().current()).collect()
    };
    for body in &bodies {
        for authorization in [Some(auth.as_str()), None] {
            let (answer, events) =
                payme::handle(&db, &harness.app.payments, authorization, body, now_ms()).await.expect("configured");
            assert!(answer.get("result").is_some() || answer["error"]["code"].is_i64(), "{answer}");
            if authorization.is_none() {
                let code = answer["error"]["code"].as_i64();
                assert!(matches!(code, Some(-32700) | Some(-32504)), "{answer}");
                assert!(events.is_empty());
            }
        }
    }
}
db_test!(payme_bodies, super::payme_takes_any_body);

/// A sale on credit can be paid online from its invoice: the smaller of the receipt and the debt.
async fn invoice_links(db: Db) {
    let (admin, cola, _) = common::fixtures::company_with_cola(&db, 1, "Alfa").await;
    let actor = admin.actor();
    let branch = admin.branch_id.unwrap();
    let ali = customers::add(&db, &actor, &CustomerInput { name: "Ali".into(), ..Default::default() }).await.unwrap();
    let mut on_credit = common::fixtures::sale_input(branch, None, Payment::Debt, &[(cola, 4, 12_500)]);
    on_credit.customer_id = Some(ali.id);
    let sale = sales::record_sale(&db, &actor, &on_credit).await.unwrap().sale.id;
    let paid = customers::PaymentInput { amount: savdo::domain::money::Money::from_som(10_000), ..Default::default() };
    customers::record_payment(&db, &actor, ali.id, &paid).await.unwrap();
    let order = payments::request_for_sale(&db, &actor, sale).await.unwrap();
    assert_eq!((order.amount, order.sale_id, order.customer_id), (4_000_000, Some(sale), ali.id));
    let cash = common::fixtures::sale_input(branch, None, Payment::Cash, &[(cola, 1, 12_500)]);
    let cash = sales::record_sale(&db, &actor, &cash).await.unwrap().sale.id;
    assert!(matches!(
        payments::request_for_sale(&db, &actor, cash).await,
        Err(savdo::domain::Error::Refused(savdo::domain::Refusal::NothingOwed))
    ));
}
db_test!(invoice_payment_links, super::invoice_links);
