//! Taxes: a month computed by hand and reconciled with the ledger to the tiyin, payroll
//! versions, the cabinet client's retries against a server that fails, the development
//! cabinet's rejection and a resend after a fix, the HTTP door, and the demo company's books
//! filed through the real binary against `savdo dev-tax-cabinet`.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::fixtures::member_with_role;
use common::start_server;
use savdo::db::Db;
use savdo::domain::calendar::Month;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Member, Tin};
use savdo::domain::ledger;
use savdo::domain::money::{Money, Qty};
use savdo::domain::payroll::{self, EmployeeEdit, NewEmployee, PaidFrom, Pay};
use savdo::domain::purchases::{self, PurchaseLine};
use savdo::domain::roles::Role;
use savdo::domain::sales::{self, Payment};
use savdo::domain::statements;
use savdo::domain::tax::cabinet::{HttpCabinet, Retry};
use savdo::domain::tax::reports::{self, Report};
use savdo::domain::tax::submit::{self, Status};
use savdo::domain::tax::{self, Regime};
use savdo::domain::{Error, Refusal};

async fn company(db: &Db, telegram_id: i64, name: &str) -> Member {
    let user = company::touch_user(db, telegram_id, name, Some("uz")).await.unwrap();
    company::create_company(db, user.id, name, &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap()
}

async fn product(db: &Db, admin: &Member, code: &str) -> i64 {
    let input = ProductInput {
        code: code.into(),
        barcode: None,
        name: format!("Product {code}"),
        unit: "pcs".into(),
        purchase_price: Money::from_som(560),
        sale_price: Money::from_som(1_003),
        min_qty: Qty::units(0),
        wholesale_price: None,
    };
    catalog::save_product(db, &admin.actor(), &input).await.unwrap().id
}

fn sale(branch: i64, payment: Payment, lines: &[(i64, i64, i64)]) -> savdo::domain::sales::SaleInput {
    common::fixtures::sale_input(branch, None, payment, lines)
}

fn employee(name: &str, pinfl: &str, branch: Option<i64>, salary: i64) -> NewEmployee {
    NewEmployee {
        name: name.into(),
        pinfl: pinfl.into(),
        position: "Kassir".into(),
        branch_id: branch,
        salary,
        user_id: None,
    }
}

/// The month every test here files: this one (it has begun, and entries are dated today).
async fn this_month(db: &Db, admin: &Member) -> Month {
    Month::of(admin.actor().calendar(db).await.unwrap().today())
}

async fn credit_minus_debit(db: &Db, company_id: i64, account: &str, month: Month) -> i64 {
    let (debit, credit) = ledger::turnover(db, company_id, account, month.first(), month.last()).await.unwrap();
    credit - debit
}

/// Purchases with input VAT, VAT-inclusive sales rounded per line, and a payroll, by hand.
async fn a_month_by_hand(db: Db) {
    let admin = company(&db, 1, "Alfa").await;
    let actor = admin.actor();
    let branch = admin.branch_id.unwrap();
    let (a, b, c) = (product(&db, &admin, "A").await, product(&db, &admin, "B").await, product(&db, &admin, "C").await);
    // 100 of each at 560 so‘m with VAT: 56 000 so‘m a product, VAT 6 000, goods 50 000.
    let lines: Vec<PurchaseLine> = [a, b, c]
        .into_iter()
        .map(|p| PurchaseLine { product_id: p, qty: Qty::units(100), unit_cost: Money::from_som(560) })
        .collect();
    purchases::record_purchase(&db, &actor, branch, None, &lines).await.unwrap();
    // Cash: three lines of 1 003 so‘m. VAT per line 1003 × 12/112 = 107.4643 → 107.46 so‘m, so
    // 322.38 for the receipt (the VAT of the sum would be 322.39). Cost 3 × 500.
    sales::record_sale(&db, &actor, &sale(branch, Payment::Cash, &[(a, 1, 1_003), (b, 1, 1_003), (c, 1, 1_003)]))
        .await
        .unwrap();
    // Card: 50 B at 224 000 = 11 200 000 (VAT 1 200 000, net 10 000 000, cost 25 000).
    sales::record_sale(&db, &actor, &sale(branch, Payment::Card, &[(b, 50, 224_000)])).await.unwrap();
    // Payroll: 5 000 000 so‘m in the branch (selling), 3 333 333.33 at the office (administrative).
    payroll::add_employee(&db, &actor, employee("Ali Valiyev", "31205890123456", Some(branch), 500_000_000))
        .await
        .unwrap();
    payroll::add_employee(&db, &actor, employee("Zarina Karimova", "42506920123456", None, 333_333_333)).await.unwrap();
    let month = this_month(&db, &admin).await;
    let run = payroll::confirm(&db, &actor, month, PaidFrom::Bank, None).await.unwrap();
    assert_eq!(
        run.totals,
        Pay { gross: 833_333_333, pit: 100_000_000, inps: 833_333, social: 100_000_000, net: 733_333_333 }
    );

    let company_id = admin.company_id;
    // Sales: 3 009.00 + 11 200 000.00 so‘m; VAT 322.38 + 1 200 000.00.
    let s = reports::sales(&db, company_id, month).await.unwrap();
    assert_eq!((s.totals.receipts, s.totals.gross, s.totals.vat), (2, 1_120_300_900, 120_032_238));
    assert_eq!(s.totals.net, 1_000_268_662);
    assert_eq!(s.rows.len(), 2, "one row per payment type");
    let pnl = statements::pnl(&db, company_id, month.first(), month.last()).await.unwrap();
    assert_eq!(s.totals.net, pnl.net_revenue, "net sales = 9020 − 9040 − 9050");
    assert_eq!(s.totals.vat, credit_minus_debit(&db, company_id, "6410", month).await, "VAT = 6410");

    // VAT: output 120 032 238 − input 1 800 000 (3 × 6 000 so‘m).
    let vat = reports::vat(&db, company_id, month).await.unwrap();
    assert_eq!((vat.output_vat, vat.input_vat, vat.payable), (120_032_238, 1_800_000, 118_232_238));
    assert_eq!(vat.taxable_purchases, 15_000_000);
    assert_eq!(vat.input_vat, -credit_minus_debit(&db, company_id, "4410", month).await);
    assert_eq!(vat.payable, ledger::vat_payable(&db, company_id, month.first(), month.last()).await.unwrap());

    // Payroll: withheld income tax less INPS on 6411, INPS on 6412, social tax on 6520;
    // salaries paid, so 6710 is back to nothing.
    let p = reports::payroll_of(&db, company_id, month).await.unwrap();
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.totals.pit - p.totals.inps, credit_minus_debit(&db, company_id, "6411", month).await);
    assert_eq!(p.totals.inps, credit_minus_debit(&db, company_id, "6412", month).await);
    assert_eq!(p.totals.social, credit_minus_debit(&db, company_id, "6520", month).await);
    assert_eq!(credit_minus_debit(&db, company_id, "6710", month).await, 0);
    assert_eq!(-credit_minus_debit(&db, company_id, "9410", month).await, 560_000_000, "branch staff: selling");
    assert_eq!(-credit_minus_debit(&db, company_id, "9420", month).await, 373_333_333, "office: administrative");

    // Declaration: 1 000 268 662 − 2 650 000 − 933 333 333 = 64 285 329; 15 % = 9 642 799.35.
    let d = reports::declaration(&db, company_id, Regime::Vat, month).await.unwrap();
    assert_eq!((d.revenue, d.cost_of_sales, d.expenses), (1_000_268_662, 2_650_000, 933_333_333));
    assert_eq!((d.profit, d.base, d.tax), (64_285_329, 64_285_329, 9_642_799));
    assert_eq!(d.profit, pnl.operating_profit, "the declaration's profit is the P&L's");
    // As a turnover-tax payer: 4 % of 1 000 268 662 = 40 010 746.48.
    tax::set_regime(&db, &actor, Regime::Turnover).await.unwrap();
    let d = reports::declaration(&db, company_id, Regime::Turnover, month).await.unwrap();
    assert_eq!((d.base, d.rate_bp, d.tax), (1_000_268_662, 400, 40_010_746));
    assert_eq!(Report::filed_under(Regime::Turnover), vec![Report::Sales, Report::Payroll, Report::Declaration]);
    // A turnover-tax payer's sales carry no VAT from now on; what was sold keeps its VAT.
    let after = sales::record_sale(&db, &actor, &sale(branch, Payment::Cash, &[(a, 1, 1_003)])).await.unwrap();
    assert_eq!((after.sale.total, after.sale.vat), (Money(100_300), Money(0)));
    assert_eq!(reports::sales(&db, company_id, month).await.unwrap().totals.vat, 120_032_238);
}
db_test!(month_by_hand, super::a_month_by_hand);

/// A confirmed month is not run twice; a correction reverses it and posts a new version.
async fn payroll_versions(db: Db) {
    let admin = company(&db, 1, "Alfa").await;
    let actor = admin.actor();
    let month = this_month(&db, &admin).await;
    assert!(matches!(
        payroll::confirm(&db, &actor, month, PaidFrom::Cash, None).await,
        Err(Error::Refused(Refusal::NoEmployees))
    ));
    let ali = payroll::add_employee(&db, &actor, employee("Ali", "31205890123456", admin.branch_id, 400_000_000))
        .await
        .unwrap();
    assert!(matches!(
        payroll::add_employee(&db, &actor, employee("Ali 2", "31205890123456", None, 1)).await,
        Err(Error::Refused(Refusal::EmployeeExists))
    ));
    assert!(matches!(
        payroll::add_employee(&db, &actor, employee("X", "3120589012345", None, 1)).await,
        Err(Error::Refused(Refusal::BadPinfl))
    ));
    assert!(matches!(
        payroll::confirm(&db, &actor, month.next(), PaidFrom::Cash, None).await,
        Err(Error::Refused(Refusal::FutureMonth))
    ));
    let first = payroll::confirm(&db, &actor, month, PaidFrom::Cash, None).await.unwrap();
    assert_eq!(first.version, 1);
    assert!(matches!(
        payroll::confirm(&db, &actor, month, PaidFrom::Cash, None).await,
        Err(Error::Refused(Refusal::PayrollConfirmed))
    ));
    payroll::edit_employee(&db, &actor, ali.id, EmployeeEdit::Salary(500_000_000)).await.unwrap();
    let second = payroll::confirm(&db, &actor, month, PaidFrom::Bank, Some(1)).await.unwrap();
    assert_eq!((second.version, second.totals.gross), (2, 500_000_000));
    assert!(
        matches!(
            payroll::confirm(&db, &actor, month, PaidFrom::Bank, Some(1)).await,
            Err(Error::Refused(Refusal::PayrollConfirmed))
        ),
        "the same correction twice (a double tap) posts once"
    );
    // The books hold the second version only: the first was reversed.
    let expense = -credit_minus_debit(&db, admin.company_id, "9410", month).await;
    assert_eq!(expense, 560_000_000);
    let cash = credit_minus_debit(&db, admin.company_id, "5010", month).await;
    assert_eq!(cash, 0, "the cash payout of version 1 was reversed");
    let report = reports::payroll_of(&db, admin.company_id, month).await.unwrap();
    assert_eq!((report.version, report.totals.gross), (2, 500_000_000));
    // A cashier may not run payroll; an accountant may. An employee may be linked to a member
    // of this company, not to a stranger.
    let cashier = member_with_role(&db, &admin, 5, Role::Cashier, admin.branch_id).await;
    let linked =
        payroll::edit_employee(&db, &actor, ali.id, EmployeeEdit::Member(Some(cashier.user_id))).await.unwrap();
    assert_eq!(linked.user_id, Some(cashier.user_id));
    let stranger = company(&db, 9, "Beta").await;
    assert!(matches!(
        payroll::edit_employee(&db, &actor, ali.id, EmployeeEdit::Member(Some(stranger.user_id))).await,
        Err(Error::Refused(Refusal::NotFound))
    ));
    let unlinked = payroll::edit_employee(&db, &actor, ali.id, EmployeeEdit::Member(None)).await.unwrap();
    assert_eq!(unlinked.user_id, None);
    assert!(matches!(payroll::draft(&db, &cashier.actor(), month).await, Err(Error::Refused(Refusal::NotAllowed))));
    let accountant = member_with_role(&db, &admin, 6, Role::Accountant, None).await;
    assert_eq!(payroll::draft(&db, &accountant.actor(), month).await.unwrap().lines.len(), 1);
}
db_test!(payroll_run_versions, super::payroll_versions);

/// A new rate applies from tomorrow on and never rewrites the past.
async fn rates_are_dated(db: Db) {
    let admin = company(&db, 1, "Alfa").await;
    let actor = admin.actor();
    let today = actor.calendar(&db).await.unwrap().today();
    let tomorrow = today.succ_opt().unwrap();
    assert!(matches!(
        tax::set_rate(&db, &actor, tax::TaxKind::Vat, 1500, today).await,
        Err(Error::Refused(Refusal::RateInPast))
    ));
    tax::set_rate(&db, &actor, tax::TaxKind::Vat, 1500, tomorrow).await.unwrap();
    assert_eq!(tax::rate_bp(&db, admin.company_id, tax::TaxKind::Vat, today).await.unwrap(), 1200);
    assert_eq!(tax::rate_bp(&db, admin.company_id, tax::TaxKind::Vat, tomorrow).await.unwrap(), 1500);
    let rates = tax::rates(&db, &actor, today).await.unwrap();
    let vat = rates.iter().find(|r| r.kind == "vat").unwrap();
    assert_eq!((vat.rate_bp, vat.next), (1200, Some((1500, tomorrow))));
    assert_eq!(rates.iter().find(|r| r.kind == "inps").unwrap().rate_bp, 10);
    assert!(matches!(
        tax::set_rate(&db, &actor, tax::TaxKind::Vat, 10_001, tomorrow).await,
        Err(Error::Refused(Refusal::BadRate))
    ));
}
db_test!(dated_rates, super::rates_are_dated);

/// A cabinet that answers 503 twice, then accepts (remembering the keys it saw).
async fn flaky_cabinet() -> (url::Url, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
    use axum::http::{HeaderMap, StatusCode};
    let calls = Arc::new(AtomicUsize::new(0));
    let keys = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (c, k) = (calls.clone(), keys.clone());
    let app = axum::Router::new().route(
        "/v1/reports",
        axum::routing::post(move |headers: HeaderMap| {
            let (c, k) = (c.clone(), k.clone());
            async move {
                k.lock().unwrap().push(headers["idempotency-key"].to_str().unwrap().to_string());
                if c.fetch_add(1, Ordering::SeqCst) < 2 {
                    (StatusCode::SERVICE_UNAVAILABLE, "busy".to_string())
                } else {
                    (StatusCode::OK, r#"{"status":"accepted","receipt":"R-1"}"#.to_string())
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url::Url::parse(&format!("http://{addr}")).unwrap(), calls, keys)
}

async fn retries_on_503(db: Db) {
    let admin = company(&db, 1, "Alfa").await;
    let (url, calls, keys) = flaky_cabinet().await;
    let cabinet = HttpCabinet::new(url, Some("key".into()), Duration::from_secs(5), false).unwrap();
    let retry = Retry { attempts: 4, first_backoff: Duration::from_millis(5) };
    let month = this_month(&db, &admin).await;
    let outcome = submit::send_one(&db, &admin.actor(), &cabinet, retry, Report::Sales, month).await.unwrap();
    assert_eq!((outcome.status, outcome.attempts, outcome.receipt.as_deref()), (Status::Accepted, 3, Some("R-1")));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let keys = keys.lock().unwrap().clone();
    assert!(keys.iter().all(|k| *k == keys[0]), "one idempotency key for the retries: {keys:?}");
    let rows = submit::submissions(&db, &admin.actor(), Some(month)).await.unwrap();
    let statuses: Vec<(&str, i64)> = rows.iter().rev().map(|r| (r.status.as_str(), r.attempt)).collect();
    assert_eq!(statuses, vec![("failed", 1), ("failed", 2), ("accepted", 3)]);
    assert_eq!(rows.iter().filter(|r| r.status == "accepted").count(), 1);
    assert_eq!(rows[0].message.as_deref(), None);
    assert_eq!(rows[2].message.as_deref(), Some("HTTP 503"));
}
db_test!(cabinet_503_twice_then_accepted, super::retries_on_503);

/// A 4xx is never retried; an unreachable cabinet is retried, then failed.
async fn client_errors_are_not_retried(db: Db) {
    let admin = company(&db, 1, "Alfa").await;
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let app = axum::Router::new().route(
        "/v1/reports",
        axum::routing::post(move || {
            let c = c.clone();
            async move {
                c.fetch_add(1, Ordering::SeqCst);
                (axum::http::StatusCode::BAD_REQUEST, r#"{"message":"bad shape"}"#)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let month = this_month(&db, &admin).await;
    let retry = Retry { attempts: 4, first_backoff: Duration::from_millis(5) };
    let cabinet =
        HttpCabinet::new(url::Url::parse(&format!("http://{addr}")).unwrap(), None, Duration::from_secs(5), false)
            .unwrap();
    let outcome = submit::send_one(&db, &admin.actor(), &cabinet, retry, Report::Vat, month).await.unwrap();
    assert_eq!((outcome.status, outcome.attempts), (Status::Failed, 1));
    assert_eq!(outcome.message.as_deref(), Some("HTTP 400: bad shape"));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // Nothing listens on a port just freed: every attempt fails, and each is recorded.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let nowhere =
        HttpCabinet::new(url::Url::parse(&format!("http://{free}")).unwrap(), None, Duration::from_secs(2), false)
            .unwrap();
    let outcome = submit::send_one(&db, &admin.actor(), &nowhere, retry, Report::Declaration, month).await.unwrap();
    assert_eq!((outcome.status, outcome.attempts), (Status::Failed, 4));
}
db_test!(client_errors_once, super::client_errors_are_not_retried);

/// The development cabinet rejects a payroll with an impossible PINFL; after the fix the
/// report is a new version and is accepted; the same figures again keep their version.
async fn rejected_then_fixed(db: Db) {
    let admin = company(&db, 1, "Alfa").await;
    let actor = admin.actor();
    let configured = savdo::config::TaxCabinet {
        endpoint: savdo::config::Endpoint::Dev,
        api_key: None,
        timeout: Duration::from_secs(5),
    }
    .connect()
    .await
    .unwrap();
    assert!(configured.cabinet.is_stand_in());
    let month = this_month(&db, &admin).await;
    let cabinet = configured.cabinet.as_ref();
    let not_built = submit::send_one(&db, &actor, cabinet, configured.retry, Report::Payroll, month).await.unwrap();
    assert_eq!((not_built.status, not_built.refusal), (Status::NotBuilt, Some(Refusal::PayrollNotConfirmed)));
    let ali = payroll::add_employee(&db, &actor, employee("Ali", "12345678901234", None, 400_000_000)).await.unwrap();
    payroll::confirm(&db, &actor, month, PaidFrom::Bank, None).await.unwrap();
    let rejected = submit::send_one(&db, &actor, cabinet, configured.retry, Report::Payroll, month).await.unwrap();
    assert_eq!(rejected.status, Status::Rejected);
    assert_eq!(rejected.message.as_deref(), Some("PINFL of Ali is not valid: 12345678901234"));
    payroll::edit_employee(&db, &actor, ali.id, EmployeeEdit::Pinfl("31205890123456".into())).await.unwrap();
    payroll::confirm(&db, &actor, month, PaidFrom::Bank, Some(1)).await.unwrap();
    let accepted = submit::send_one(&db, &actor, cabinet, configured.retry, Report::Payroll, month).await.unwrap();
    assert_eq!((accepted.status, accepted.version), (Status::Accepted, Some(2)));
    let again = submit::send_one(&db, &actor, cabinet, configured.retry, Report::Payroll, month).await.unwrap();
    assert_eq!((again.status, again.version, again.receipt), (Status::Accepted, Some(2), accepted.receipt));
    let summary = submit::send_all(&db, &actor, cabinet, configured.retry, month, &Report::ALL).await.unwrap();
    assert!(summary.all_success && summary.development_cabinet, "{summary:?}");
}
db_test!(rejected_then_accepted, super::rejected_then_fixed);

/// `POST /api/v1/tax/send-all-reports` and `GET /api/v1/tax/submissions` with an API key.
async fn over_http(db: Db) {
    let admin = company(&db, 1, "Alfa").await;
    let cashier = member_with_role(&db, &admin, 2, Role::Cashier, admin.branch_id).await;
    let (_, key) = savdo::domain::apikeys::create(&db, &admin.actor(), "books", None).await.unwrap();
    let (_, cashier_key) =
        savdo::domain::apikeys::create(&db, &admin.actor(), "till", Some(cashier.user_id)).await.unwrap();
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let month = this_month(&db, &admin).await;
    let body = serde_json::json!({ "period": month.code(), "include_payroll": false });
    let post = |key: &str, body: &serde_json::Value| {
        http.post(format!("{base}/api/v1/tax/send-all-reports")).header("X-API-Key", key).json(body).send()
    };
    let answer = post(&key, &body).await.unwrap();
    assert_eq!(answer.status(), 200);
    let summary: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(summary["all_success"], true, "{summary}");
    assert_eq!(summary["development_cabinet"], true);
    let reports: Vec<&str> =
        summary["reports"].as_array().unwrap().iter().map(|r| r["report"].as_str().unwrap()).collect();
    assert_eq!(reports, ["sales", "vat", "declaration"]);
    assert!(summary["reports"][0]["submission_id"].as_i64().is_some());
    let listed: serde_json::Value = http
        .get(format!("{base}/api/v1/tax/submissions?period={}", month.code()))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["submissions"].as_array().unwrap().len(), 3);
    assert_eq!(post(&cashier_key, &body).await.unwrap().status(), 422, "a cashier may not file taxes");
    assert_eq!(post("nope", &body).await.unwrap().status(), 401);
    let bad = post(&key, &serde_json::json!({ "period": "2026-13" })).await.unwrap();
    assert_eq!(bad.status(), 400);
    let future = post(&key, &serde_json::json!({ "period": month.next().code() })).await.unwrap();
    let future: serde_json::Value = future.json().await.unwrap();
    assert_eq!(future["reports"][0]["status"], "not_built", "{future}");
    running.stop().await;
}
db_test!(http_send_all_reports, super::over_http);

/// The reports as files: one XLSX sheet and one PDF page each, money as numbers, Uzbek Latin
/// (with its ‘) and Cyrillic (Russian) both drawn in the PDF.
async fn files_in_both_scripts(db: Db) {
    use savdo::i18n::Lang;
    let admin = company(&db, 1, "Alfa").await;
    let actor = admin.actor();
    let branch = admin.branch_id.unwrap();
    let a = product(&db, &admin, "A").await;
    sales::record_sale(&db, &actor, &sale(branch, Payment::Cash, &[(a, 1, 1_120)])).await.unwrap();
    payroll::add_employee(&db, &actor, employee("G‘ayrat O‘ktamov", "31205890123456", None, 300_000_000))
        .await
        .unwrap();
    let month = this_month(&db, &admin).await;
    payroll::confirm(&db, &actor, month, PaidFrom::Bank, None).await.unwrap();
    let mut tables = Vec::new();
    for report in Report::ALL {
        let filing = reports::build(&db, &actor, report, month).await.unwrap();
        tables.push(savdo::reports::tax::table(Lang::Uz, &filing));
        tables.push(savdo::reports::tax::table(Lang::Ru, &filing));
    }
    let xlsx = savdo::reports::xlsx::to_xlsx(&tables).unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    use calamine::Reader;
    assert_eq!(book.sheet_names().len(), 8);
    let vat = book.worksheet_range_at(2).unwrap().unwrap();
    let cells: Vec<&calamine::Data> = vat.used_cells().map(|(_, _, c)| c).collect();
    // 1 120 so‘m with VAT inside: 120 so‘m VAT, as a number.
    assert!(cells.iter().any(|c| matches!(c, calamine::Data::Float(f) if (*f - 120.0).abs() < 0.001)), "{cells:?}");
    assert!(cells.iter().any(|c| matches!(c, calamine::Data::String(s) if s == "To‘lanadigan QQS")), "{cells:?}");
    let pdf = savdo::reports::pdf::to_pdf(&tables).unwrap();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &pdf).unwrap();
    match std::process::Command::new("pdftotext").arg(file.path()).arg("-").output() {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            for expected in
                ["To‘lanadigan QQS", "НДС к уплате", "G‘ayrat O‘ktamov", "Налог на прибыль", "Ish haqi hisoboti"]
            {
                assert!(text.contains(expected), "{expected:?} not in:\n{text}");
            }
        }
        _ if std::env::var("CI").is_ok() => panic!("pdftotext must be installed in CI (poppler-utils)"),
        _ => {}
    }
}
db_test!(report_files, super::files_in_both_scripts);
