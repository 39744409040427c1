//! SIM cards: a pasted list checked line by line (one bad line adds nothing), cards given to a
//! shop, one sold at the till by its number (a sale like any other), status checks against the
//! `savdo dev-sim-operator` stand-in (a change logged, a timeout recorded and nothing changed),
//! the 30-minute automatic check once per slot, and the seed's HTTP routes.

mod common;

use std::time::Duration;

use common::fixtures::{company_with_cola, member_with_role};
use savdo::db::Db;
use savdo::domain::events::Event;
use savdo::domain::ledger;
use savdo::domain::roles::Role;
use savdo::domain::sales::Payment;
use savdo::domain::simcards::{self, HttpOperator};
use savdo::domain::{Error, Refusal};

const A: &str = "8999800000000000007";
const B: &str = "8999800000000000015";
const C: &str = "8999800000000000023";

fn luhn_valid(s: &str) -> bool {
    simcards::iccid(s).is_ok()
}

async fn dev_operator(delay: Duration) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(savdo::dev_sim_operator::serve(listener, delay));
    format!("http://{addr}")
}

async fn status_of(db: &Db, company_id: i64, iccid: &str) -> String {
    simcards::find(db, company_id, iccid).await.unwrap().status
}

async fn stock_and_sale(db: Db) {
    for iccid in [A, B, C] {
        assert!(luhn_valid(iccid), "{iccid}");
    }
    let (admin, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let a = admin.actor();
    let markaz = admin.branch_id.unwrap();
    let manager = member_with_role(&db, &admin, 2, Role::Manager, Some(markaz)).await;
    let cashier = member_with_role(&db, &admin, 3, Role::Cashier, Some(markaz)).await;
    // One bad line refuses the list: nothing is added.
    let list = format!("{A}; 90 111 22 33; Beeline; Start; 15000; 25000\n8999800000000000004; 90 111 22 34; Ucell\n{B}; 90 111 22 35; Ucell");
    let refused = simcards::add_list(&db, &a, &list).await.unwrap().unwrap_err();
    assert_eq!(refused.len(), 1);
    assert_eq!((refused[0].line, refused[0].refusal.clone()), (2, Refusal::BadIccid));
    assert_eq!(simcards::counts(&db, &a).await.unwrap().len(), 0);
    let list = format!("{A}; 90 111 22 33; Beeline; Start; 15000; 25000\n{B}; 90 111 22 35; Ucell; ; 15000; 25000\n{C}; 93 000 00 01; Mobiuz; ; 15000; 25000");
    assert_eq!(simcards::add_list(&db, &a, &list).await.unwrap().unwrap(), 3);
    let again = simcards::add_list(&db, &a, &format!("{A}; 90 111 22 33; Beeline")).await.unwrap().unwrap_err();
    assert_eq!(again[0].refusal, Refusal::IccidExists);
    // Two to the shop; one sold at the till by its number.
    assert_eq!(simcards::assign(&db, &a, &[A.into(), "+998901112235".into()], markaz).await.unwrap(), 2);
    assert_eq!(status_of(&db, admin.company_id, A).await, "assigned");
    let (card, events) = simcards::sell(&db, &cashier.actor(), "90 111 22 33", Payment::Cash).await.unwrap();
    assert_eq!((card.status.as_str(), card.sale_price), ("sold", 2_500_000));
    assert!(card.sale_id.is_some());
    assert!(events.contains(&Event::SimChanged {
        company_id: admin.company_id,
        branch_id: markaz,
        iccid: A.into(),
        status: "sold"
    }));
    let revenue = -ledger::balance(&db, admin.company_id, "9020", chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap())
        .await
        .unwrap();
    assert!(revenue > 0, "the sale is in the books");
    assert!(matches!(
        simcards::sell(&db, &cashier.actor(), A, Payment::Cash).await,
        Err(Error::Refused(Refusal::SimNotInStock))
    ));
    let _ = manager;
    // The log holds every change.
    let changes = simcards::changes(&db, &a, 10).await.unwrap();
    let moves: Vec<(&str, &str)> = changes.iter().map(|c| (c.2.as_str(), c.3.as_str())).collect();
    assert!(moves.contains(&("sold", "sale")) && moves.contains(&("assigned", "assign")), "{moves:?}");
    // Status checks: the operator says one is active and one blocked.
    let url = dev_operator(Duration::ZERO).await;
    let http = reqwest::Client::new();
    for (iccid, status) in [(A, "active"), (B, "blocked")] {
        let r = http
            .post(format!("{url}/dev/sims/{iccid}"))
            .json(&serde_json::json!({ "status": status }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    }
    let operator = HttpOperator::new(&url, Duration::from_secs(10)).unwrap();
    let report = simcards::check(&db, &a, &operator, None).await.unwrap();
    assert_eq!((report.checked, report.changed, report.failed.len()), (2, 2, 0), "cards in stock are not asked about");
    assert_eq!(status_of(&db, admin.company_id, A).await, "active");
    assert_eq!(status_of(&db, admin.company_id, B).await, "blocked");
    assert!(report.events.contains(&Event::SimChanged {
        company_id: admin.company_id,
        branch_id: markaz,
        iccid: A.into(),
        status: "active"
    }));
    let again = simcards::check(&db, &a, &operator, None).await.unwrap();
    assert_eq!(again.changed, 0, "no change, nothing logged");
    // A slow operator: the check times out, is recorded as failed, changes nothing.
    let slow = dev_operator(Duration::from_millis(1500)).await;
    let impatient = HttpOperator::new(&slow, Duration::from_millis(300)).unwrap();
    let report = simcards::check(&db, &a, &impatient, Some(&[A.to_string()])).await.unwrap();
    assert_eq!(report.failed, vec![(A.to_string(), "timed out".to_string())]);
    assert_eq!(status_of(&db, admin.company_id, A).await, "active");
}
db_test!(stock_sale_and_checks, super::stock_and_sale);

async fn automatic_check_and_http(db: Db) {
    let (admin, _, key) = company_with_cola(&db, 1, "Alfa").await;
    let url = dev_operator(Duration::ZERO).await;
    let (_stub, running) = common::start_server_with(&db, &[("SIM_OPERATOR_URL", url.as_str())]).await;
    let base = format!("http://{}/api/v1", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let post = |path: &str, body: serde_json::Value| {
        http.post(format!("{base}{path}")).header("X-API-Key", &key).json(&body).send()
    };
    let bad = post(
        "/simcards/bulk",
        serde_json::json!({ "lines": [format!("{A}; 901112233; Beeline"), "123; 1; X".to_string()] }),
    )
    .await
    .unwrap();
    assert_eq!(bad.status(), 422);
    let body: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(body["errors"][0], serde_json::json!({ "line": 2, "error": "err-iccid" }));
    let ok = post(
        "/simcards/bulk",
        serde_json::json!({ "lines": [format!("{A}; 901112233; Beeline"), format!("{B}; 901112235; Ucell")] }),
    )
    .await
    .unwrap();
    assert_eq!(ok.status(), 201);
    let assigned =
        post("/simcards/assign", serde_json::json!({ "cards": [A], "shop_id": admin.branch_id })).await.unwrap();
    assert_eq!(assigned.status(), 200);
    http.post(format!("{url}/dev/sims/{A}")).json(&serde_json::json!({ "status": "active" })).send().await.unwrap();
    // The automatic check is off until it is turned on; then once per half hour.
    let now = chrono::Utc::now().timestamp();
    assert_eq!(savdo::jobs::simcards::run(&running.app, now).await.unwrap(), 0);
    assert_eq!(post("/simcards/auto-check", serde_json::json!({ "enabled": true })).await.unwrap().status(), 200);
    assert_eq!(savdo::jobs::simcards::run(&running.app, now).await.unwrap(), 1);
    assert_eq!(savdo::jobs::simcards::run(&running.app, now).await.unwrap(), 0, "once per half hour");
    assert_eq!(status_of(&db, admin.company_id, A).await, "active");
    let checked: serde_json::Value =
        post(&format!("/simcards/{B}/check-status"), serde_json::json!({})).await.unwrap().json().await.unwrap();
    assert_eq!(checked["card"]["status"], "in_stock", "inactive at the operator: it stays in stock");
    let listed: serde_json::Value = http
        .get(format!("{base}/simcards?status=active"))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["simcards"].as_array().unwrap().len(), 1);
    assert_eq!(listed["simcards"][0]["iccid"], A);
    let shops: serde_json::Value =
        http.get(format!("{base}/shops")).header("X-API-Key", &key).send().await.unwrap().json().await.unwrap();
    assert_eq!(shops["total"], 2);
    let stats: serde_json::Value =
        http.get(format!("{base}/statistics")).header("X-API-Key", &key).send().await.unwrap().json().await.unwrap();
    assert_eq!(stats["total"], 2);
    let log: serde_json::Value = http
        .get(format!("{base}/logs/status-changes"))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["changes"][0]["new_status"], "active");
    assert_eq!(log["changes"][0]["source"], "check");
    running.stop().await;
}
db_test!(auto_check_and_http, super::automatic_check_and_http);

/// A list sent as a file (CSV here; XLSX reads the same way), with a header row.
async fn from_a_file(db: Db) {
    let (admin, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let csv = format!("iccid,phone,operator,tariff,purchase,sale\n{A},901112233,Beeline,Start,15000,25000\n{C},930000001,Mobiuz,,15000,25000\n");
    let added = simcards::add_file(&db, &admin.actor(), "cards.csv", csv.as_bytes()).await.unwrap().unwrap();
    assert_eq!(added, 2);
    let card = simcards::find(&db, admin.company_id, "93 000 00 01").await.unwrap();
    assert_eq!((card.iccid.as_str(), card.operator.as_str(), card.sale_price), (C, "Mobiuz", 2_500_000));
}
db_test!(list_from_a_file, super::from_a_file);
