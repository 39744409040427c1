//! Reorder points from the forecast, through the real doors: sales history imported, the
//! nightly job run by two instances at once, the low-stock alert at the reorder point with the
//! forecast's order quantity in whole packs, and `GET /api/v1/forecast` within a member's rights.

mod common;

use chrono::{Days, NaiveDate, TimeZone};
use common::start_server;
use savdo::db::Db;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Member, Tin};
use savdo::domain::events::Event;
use savdo::domain::forecast::reorder;
use savdo::domain::import::{self, Outcome};
use savdo::domain::money::{Money, Qty};
use savdo::domain::partners::{self, PartnerKind};
use savdo::domain::roles::Role;
use savdo::domain::{apikeys, purchases, stock, Error, Refusal};
use savdo::telegram_stub::Harness;
use serde_json::Value;

/// 20 November 2026, 02:30 in Tashkent: the night the job runs in these tests.
fn night() -> i64 {
    chrono_tz::Asia::Tashkent.with_ymd_and_hms(2026, 11, 20, 2, 30, 0).unwrap().timestamp()
}

/// Alfa with Coca-Cola (no minimum), 1,000 bottles received, and 56 days of sales up to
/// 19 November: a busy Saturday, a slow rise (780 bottles).
async fn company_with_history(db: &Db) -> (Member, i64) {
    let user = company::touch_user(db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin =
        company::create_company(db, user.id, "Alfa", &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap();
    let input = ProductInput {
        code: "A-100".into(),
        barcode: None,
        name: "Coca-Cola 1,5 l".into(),
        unit: "pcs".into(),
        purchase_price: Money::from_som(9_800),
        sale_price: Money::from_som(12_500),
        min_qty: Qty::units(0),
        wholesale_price: None,
    };
    let cola = catalog::save_product(db, &admin.actor(), &input).await.unwrap().id;
    let line = purchases::PurchaseLine { product_id: cola, qty: Qty::units(1000), unit_cost: Money::from_som(9_800) };
    purchases::record_purchase(db, &admin.actor(), admin.branch_id.unwrap(), None, &[line]).await.unwrap();
    let start = NaiveDate::from_ymd_opt(2026, 9, 25).unwrap();
    let weekday = [10, 9, 10, 11, 12, 20, 15];
    let mut table = vec![header()];
    for i in 0..56u64 {
        let day = start + Days::new(i);
        let qty = weekday[chrono::Datelike::weekday(&day).num_days_from_monday() as usize] + i / 14;
        table.push(row(&format!("{day} 12:00"), &format!("H-{i}"), qty));
    }
    let outcome = import::import_sales(db, &admin.actor(), table).await.unwrap();
    assert!(matches!(outcome, Outcome::Imported { rows: 56, .. }), "{outcome:?}");
    (admin, cola)
}

fn header() -> Vec<String> {
    ["date", "branch", "receipt", "product_code", "qty", "payment"].map(String::from).to_vec()
}

fn row(date: &str, receipt: &str, qty: u64) -> Vec<String> {
    vec![date.into(), "Markaz".into(), receipt.into(), "A-100".into(), qty.to_string(), "cash".into()]
}

async fn reorder_points_from_the_forecast(db: Db) {
    let (admin, cola) = company_with_history(&db).await;
    let branch = admin.branch_id.unwrap();
    // Before the night: no reorder point, the old rule (minimum 0: nothing to alert).
    assert_eq!(reorder::stored(&db, admin.company_id, branch, cola).await.unwrap(), None);

    // Two instances tick at the same moment: one recompute.
    let (first, second) = (Harness::new(db.clone()).await.unwrap(), Harness::new(db.clone()).await.unwrap());
    let (a, b) =
        tokio::join!(savdo::jobs::reorder::run(&first.app, night()), savdo::jobs::reorder::run(&second.app, night()));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "one product with history, one branch, computed once");
    assert_eq!(savdo::jobs::reorder::run(&first.app, night() + 3600).await.unwrap(), 0, "once a night");
    // 01:59 the next night is not yet due.
    assert_eq!(savdo::jobs::reorder::run(&first.app, night() + 86_400 - 31 * 60).await.unwrap(), 0);

    // The last weeks sold about 108 a week; 7 days' lead time, 95 % service level.
    let plan = reorder::stored(&db, admin.company_id, branch, cola).await.unwrap().expect("a reorder point");
    assert!((Qty::units(105)..=Qty::units(130)).contains(&plan.reorder_point), "{plan:?}");
    assert!(plan.order_up_to.0 > plan.reorder_point.0 + Qty::units(90).0, "a week more: {plan:?}");
    assert_eq!(plan.reorder_point.0 % 1000, 0, "whole units");
    assert_eq!(plan.lead_days, 7);

    // 220 on the shelf; a wholesale order of 150 leaves 70, below the reorder point: one alert,
    // marked as the forecast's.
    let outcome =
        import::import_sales(&db, &admin.actor(), vec![header(), row("2026-11-20 10:00", "T-1", 150)]).await.unwrap();
    let Outcome::Imported { events, .. } = outcome else { panic!("{outcome:?}") };
    let alert = events
        .iter()
        .find_map(|e| match e {
            Event::LowStock(a) => Some(a.clone()),
            _ => None,
        })
        .expect("an alert");
    assert!(alert.by_forecast);
    assert_eq!(alert.threshold, plan.reorder_point);
    assert_eq!(alert.qty, Qty::units(70));
    // The digest lists it against the same threshold.
    let short = stock::shortages(&db, admin.company_id).await.unwrap();
    assert_eq!(short.len(), 1);
    assert_eq!(short[0].threshold, plan.reorder_point);
    // The purchase draft orders up to the plan's level.
    let (_, qty) = purchases::reorder_line(&db, &admin.actor(), branch, cola).await.unwrap();
    assert_eq!(qty.0, plan.order_up_to.0 - Qty::units(70).0);

    // A pack of 12 and a 14-day lead time, from the next night (02:00 is due): whole packs.
    reorder::set_settings(&db, &admin.actor(), cola, Some(14), Some(9_900), Some(Qty::units(12))).await.unwrap();
    assert_eq!(savdo::jobs::reorder::run(&first.app, night() + 86_400 - 30 * 60).await.unwrap(), 1);
    let later = reorder::stored(&db, admin.company_id, branch, cola).await.unwrap().unwrap();
    assert_eq!(later.lead_days, 14);
    assert_eq!(later.pack, Some(Qty::units(12)));
    let (_, qty) = purchases::reorder_line(&db, &admin.actor(), branch, cola).await.unwrap();
    assert_eq!(qty.0 % Qty::units(12).0, 0, "whole packs: {qty:?}");
    assert!(qty.0 >= later.order_up_to.0 - Qty::units(70).0);

    // Without its own lead time, a product takes that of the supplier it was last bought from.
    let bottler =
        partners::add(&db, &admin.actor(), PartnerKind::Supplier, "Coca-Cola Bottlers", None, None).await.unwrap();
    let line = purchases::PurchaseLine { product_id: cola, qty: Qty::units(12), unit_cost: Money::from_som(9_800) };
    purchases::record_purchase(&db, &admin.actor(), branch, Some(bottler.id), &[line]).await.unwrap();
    reorder::set_supplier_lead_days(&db, &admin.actor(), bottler.id, Some(12)).await.unwrap();
    reorder::set_settings(&db, &admin.actor(), cola, None, None, None).await.unwrap();
    assert_eq!(savdo::jobs::reorder::run(&first.app, night() + 2 * 86_400).await.unwrap(), 1);
    assert_eq!(reorder::stored(&db, admin.company_id, branch, cola).await.unwrap().unwrap().lead_days, 12);

    // Settings out of bounds are refused; a cashier may not change them.
    let bad = reorder::set_settings(&db, &admin.actor(), cola, Some(0), None, None).await;
    assert!(matches!(bad, Err(Error::Refused(Refusal::BadQuantity))), "{bad:?}");
    let cashier = cashier(&db, &admin).await;
    let refused = reorder::set_settings(&db, &cashier.actor(), cola, Some(3), None, None).await;
    assert!(matches!(refused, Err(Error::Refused(Refusal::NotAllowed))), "{refused:?}");
}
db_test!(reorder_points, super::reorder_points_from_the_forecast);

async fn cashier(db: &Db, admin: &Member) -> Member {
    let kamol = company::touch_user(db, 2, "Kamol", Some("uz")).await.unwrap();
    let invite = company::create_invite(db, &admin.actor(), Role::Cashier, admin.branch_id, 3600).await.unwrap();
    company::accept_invite(db, &invite.token, kamol.id).await.unwrap().0
}

async fn forecast_over_http(db: Db) {
    let (admin, cola) = company_with_history(&db).await;
    let first = Harness::new(db.clone()).await.unwrap();
    savdo::jobs::reorder::run(&first.app, night()).await.unwrap();
    let cashier = cashier(&db, &admin).await;
    let (_, admin_key) = apikeys::create(&db, &admin.actor(), "office", None).await.unwrap();
    let (_, cashier_key) = apikeys::create(&db, &admin.actor(), "till", Some(cashier.user_id)).await.unwrap();
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}/api/v1/forecast", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let get = |query: String, key: &str| http.get(format!("{base}{query}")).header("X-API-Key", key).send();

    let r = get(format!("?product_id={cola}&horizon=14"), &admin_key).await.unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    let days = body["days"].as_array().unwrap();
    assert_eq!(days.len(), 14);
    for d in days {
        let (qty, lower, upper) =
            (d["qty"].as_f64().unwrap(), d["lower"].as_f64().unwrap(), d["upper"].as_f64().unwrap());
        assert!(lower <= qty && qty <= upper && lower >= 0.0, "{d}");
    }
    assert!(body["method"].is_string());
    assert!(body["holdout"]["mape"].is_number(), "{body}");
    assert_eq!(body["reorder"][0]["branch_name"], "Markaz", "{body}");
    // Without a product: the products that sell most (here the one).
    let top: Value = get(String::new(), &admin_key).await.unwrap().json().await.unwrap();
    assert_eq!(top["products"][0]["product_id"], cola, "{top}");
    // Absurd horizons are a 400; another company's product is not found; a cashier may not look.
    assert_eq!(get(format!("?product_id={cola}&horizon=1000"), &admin_key).await.unwrap().status(), 400);
    assert_eq!(get("?product_id=999999".into(), &admin_key).await.unwrap().status(), 404);
    let refused = get(format!("?product_id={cola}"), &cashier_key).await.unwrap();
    assert_eq!(refused.status(), 422);
    assert_eq!(refused.json::<Value>().await.unwrap()["error"], "refuse-role");
    assert_eq!(http.get(&base).send().await.unwrap().status(), 401);
}
db_test!(forecast_http, super::forecast_over_http);
