//! Running Savdo as a service: operators block, top up and move users; the daily charge with a
//! fixed clock (a week's warning, the grace period, read-only, a top-up); the operators' API.

mod common;

use chrono::NaiveDate;
use common::fixtures::{company_with_cola, member_with_role};
use savdo::db::Db;
use savdo::domain::actor::Standing;
use savdo::domain::events::Event;
use savdo::domain::money::{Money, Qty};
use savdo::domain::platform::{self, Operators};
use savdo::domain::roles::Role;
use savdo::domain::sales::{self, Payment};
use savdo::domain::{catalog, company, lookup, Error, Refusal};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// The service's operator (Telegram id 9000), a user of the bot like anyone.
async fn operator(db: &Db) -> platform::Operator {
    let user = company::touch_user(db, 9000, "Operator", Some("uz")).await.unwrap();
    Operators::new(vec![9000]).recognise(9000, user.id).unwrap()
}

async fn standing(db: &Db, company_id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM companies WHERE id = $1").bind(company_id).fetch_one(&db.pool).await.unwrap()
}

async fn cashier_sells(db: &Db, cashier: &company::Member, cola: i64) -> Result<(), Error> {
    let fresh = company::member(db, cashier.company_id, cashier.user_id).await?.unwrap();
    let sale = common::fixtures::sale_input(fresh.branch_id.unwrap(), None, Payment::Cash, &[(cola, 1, 12_500)]);
    sales::record_sale(db, &fresh.actor(), &sale).await.map(|_| ())
}

async fn charge_and_grace(db: Db) {
    let (admin, cola, _) = company_with_cola(&db, 1, "Alfa").await;
    let cashier = member_with_role(&db, &admin, 2, Role::Cashier, admin.branch_id).await;
    let op = operator(&db).await;
    assert!(Operators::new(vec![9000]).recognise(1, admin.user_id).is_none(), "only the configured ids");
    let c = admin.company_id;
    // 300 000 so‘m a month (10 000 a day in November) with 50 000 on the balance.
    platform::set_tariff(&db, &op, c, "month", Money::from_som(300_000)).await.unwrap();
    platform::top_up(&db, &op, c, Money::from_som(50_000)).await.unwrap();
    let events = platform::charge_day(&db, c, day(1)).await.unwrap();
    assert_eq!(events, vec![Event::BalanceLow { company_id: c, balance: Money::from_som(40_000), days_left: 4 }]);
    for d in 2..=6 {
        platform::charge_day(&db, c, day(d)).await.unwrap();
    }
    // Below zero since the 6th: still working on the 8th, read-only from the 9th.
    assert_eq!(platform::company(&db, &op, c).await.unwrap().balance, -1_000_000);
    platform::charge_day(&db, c, day(7)).await.unwrap();
    platform::charge_day(&db, c, day(8)).await.unwrap();
    assert_eq!(standing(&db, c).await, "active");
    cashier_sells(&db, &cashier, cola).await.unwrap();
    let events = platform::charge_day(&db, c, day(9)).await.unwrap();
    assert!(events.contains(&Event::StandingChanged { company_id: c, standing: Standing::ReadOnly }), "{events:?}");
    assert_eq!(standing(&db, c).await, "read_only");
    // Read-only: no sale, no product change; the lookups still answer.
    assert!(matches!(cashier_sells(&db, &cashier, cola).await, Err(Error::Refused(Refusal::CompanyReadOnly))));
    let fresh_admin = company::member(&db, c, admin.user_id).await.unwrap().unwrap();
    let product = common::fixtures::piece_product("NEW-1", "Yangi", 0);
    assert!(matches!(
        catalog::save_product(&db, &fresh_admin.actor(), &product).await,
        Err(Error::Refused(Refusal::CompanyReadOnly))
    ));
    lookup::summary(&db, &fresh_admin.actor(), None, savdo::domain::calendar::Period::Today).await.unwrap();
    // A top-up that pays it all back makes it active again.
    let (balance, event) = platform::top_up(&db, &op, c, Money::from_som(100_000)).await.unwrap();
    assert_eq!(balance, Money::from_som(60_000).0, "−40 000 after nine days, then +100 000");
    assert_eq!(event, Some(Event::StandingChanged { company_id: c, standing: Standing::Active }));
    cashier_sells(&db, &cashier, cola).await.unwrap();
    // Every change is in the activity log.
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE company_id = $1 AND entity = 'company' ORDER BY id")
            .bind(c)
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let count = |a: &str| actions.iter().filter(|x| *x == a).count();
    assert_eq!(count("company.charged"), 9);
    assert_eq!((count("company.read_only"), count("company.topped_up"), count("company.unblocked")), (1, 2, 1));
    assert_eq!(count("company.tariff"), 1);
    // Free companies are never charged.
    let (other, _, _) = company_with_cola(&db, 3, "Beta").await;
    assert!(platform::charge_day(&db, other.company_id, day(1)).await.unwrap().is_empty());
    assert_eq!(platform::company(&db, &op, other.company_id).await.unwrap().balance, 0);
}
db_test!(daily_charge_and_grace, super::charge_and_grace);

async fn block_and_transfer(db: Db) {
    let (alfa, cola, _) = company_with_cola(&db, 1, "Alfa").await;
    let (beta, _, _) = company_with_cola(&db, 3, "Beta").await;
    let cashier = member_with_role(&db, &alfa, 2, Role::Cashier, alfa.branch_id).await;
    let op = operator(&db).await;
    let event = platform::set_blocked(&db, &op, alfa.company_id, true).await.unwrap();
    assert_eq!(event, Some(Event::StandingChanged { company_id: alfa.company_id, standing: Standing::Blocked }));
    assert!(matches!(cashier_sells(&db, &cashier, cola).await, Err(Error::Refused(Refusal::CompanyBlocked))));
    let fresh = company::member(&db, alfa.company_id, alfa.user_id).await.unwrap().unwrap();
    assert!(matches!(
        savdo::domain::customers::find(&db, &fresh.actor(), "ali", 5).await,
        Err(Error::Refused(Refusal::CompanyBlocked))
    ));
    assert_eq!(platform::set_blocked(&db, &op, alfa.company_id, true).await.unwrap(), None, "already blocked");
    platform::set_blocked(&db, &op, alfa.company_id, false).await.unwrap();
    cashier_sells(&db, &cashier, cola).await.unwrap();
    // The cashier moves to Beta as its warehouse keeper; Alfa keeps their receipts.
    let beta_branch = beta.branch_id.unwrap();
    assert!(matches!(
        platform::transfer_user(&db, &op, 2, beta.company_id, Role::Warehouse, None).await,
        Err(Error::Refused(Refusal::BranchRequired))
    ));
    platform::transfer_user(&db, &op, 2, beta.company_id, Role::Warehouse, Some(beta_branch)).await.unwrap();
    let user = company::user_by_telegram_id(&db, 2).await.unwrap().unwrap();
    let now_in = company::current_member(&db, &user).await.unwrap().unwrap();
    assert_eq!((now_in.company_id, now_in.role), (beta.company_id, Role::Warehouse));
    let receipts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sales WHERE company_id = $1 AND cashier_id = $2")
        .bind(alfa.company_id)
        .bind(user.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(receipts, 1, "their receipts stay with Alfa");
    let history = platform::user_history(&db, &op, 2).await.unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!((history[0].0.as_str(), history[0].1.as_str()), ("Alfa", "cashier"));
    assert!(history[0].3.is_some(), "the stay at Alfa ended");
    assert_eq!((history[1].0.as_str(), history[1].1.as_str(), history[1].3), ("Beta", "warehouse", None));
    // The last admin of a company is not moved away from it.
    assert!(matches!(
        platform::transfer_user(&db, &op, 1, beta.company_id, Role::Manager, Some(beta_branch)).await,
        Err(Error::Refused(Refusal::LastAdmin))
    ));
    let _ = Qty(0);
}
db_test!(blocking_and_transfers, super::block_and_transfer);

async fn operators_api(db: Db) {
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    // A server without SAVDO_OPERATOR_KEY has no operators' API.
    let (_stub, running) = common::start_server(&db, None).await;
    let base = format!("http://{}", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    assert_eq!(http.get(format!("{base}/api/v1/admin/companies")).send().await.unwrap().status(), 404);
    running.stop().await;

    let key = "an-operator-key-of-thirty-two-characters";
    let (_stub, running) = common::start_server_with(&db, &[("SAVDO_OPERATOR_KEY", key)]).await;
    let base = format!("http://{}/api/v1/admin", running.http_addr.unwrap());
    let auth = format!("Bearer {key}");
    assert_eq!(
        http.get(format!("{base}/companies")).header("Authorization", "Bearer wrong").send().await.unwrap().status(),
        401
    );
    let list: serde_json::Value = http
        .get(format!("{base}/companies"))
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["companies"][0]["name"], "Alfa");
    let c = alfa.company_id;
    let blocked: serde_json::Value = http
        .post(format!("{base}/companies/{c}/block"))
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(blocked["status"], "blocked");
    let topped: serde_json::Value = http
        .post(format!("{base}/companies/{c}/top-up"))
        .header("Authorization", &auth)
        .json(&serde_json::json!({ "amount": 10_000_000 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(topped["balance"], 10_000_000);
    let bad = http
        .post(format!("{base}/companies/{c}/top-up"))
        .header("Authorization", &auth)
        .json(&serde_json::json!({ "amount": -5 }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let users: serde_json::Value = http
        .get(format!("{base}/companies/{c}/users"))
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(users["users"][0]["role"], "admin");
    assert_eq!(
        http.get(format!("{base}/companies/999999")).header("Authorization", &auth).send().await.unwrap().status(),
        404
    );
    let one: serde_json::Value = http
        .get(format!("{base}/companies/{c}"))
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(one["status"], "blocked");
    let unblocked: serde_json::Value = http
        .post(format!("{base}/companies/{c}/unblock"))
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(unblocked["status"], "active");
    let tariff: serde_json::Value = http
        .patch(format!("{base}/companies/{c}"))
        .header("Authorization", &auth)
        .json(&serde_json::json!({ "tariff_kind": "user", "tariff_price": 3_000_000 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((tariff["tariff_kind"].as_str(), tariff["tariff_price"].as_i64()), (Some("user"), Some(3_000_000)));
    let (beta, _, _) = company_with_cola(&db, 3, "Beta").await;
    member_with_role(&db, &alfa, 2, Role::Cashier, alfa.branch_id).await;
    let moved: serde_json::Value = http
        .post(format!("{base}/transfer-user"))
        .header("Authorization", &auth)
        .json(&serde_json::json!({ "telegram_id": 2, "company_id": beta.company_id, "role": "employee" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(moved["history"].as_array().unwrap().len(), 2, "{moved}");
    running.stop().await;
}
db_test!(operators_http_api, super::operators_api);

/// User administration: find members with their last action, a member's history, their API
/// keys revoked, their removal (nothing of theirs deleted; they can do nothing here any more).
async fn administering_users(db: Db) {
    let (admin, cola, _) = company_with_cola(&db, 1, "Alfa").await;
    let cashier = member_with_role(&db, &admin, 2, Role::Cashier, admin.branch_id).await;
    let a = admin.actor();
    cashier_sells(&db, &cashier, cola).await.unwrap();
    let (_, key) = savdo::domain::apikeys::create(&db, &a, "till", Some(cashier.user_id)).await.unwrap();
    let found = company::search_members(&db, &a, "user2").await.unwrap();
    assert_eq!(found.len(), 1);
    assert!(found[0].last_activity.is_some(), "the sale is their last action");
    assert_eq!(company::search_members(&db, &a, "").await.unwrap().len(), 2);
    let history = company::member_history(&db, &a, cashier.user_id, 10).await.unwrap();
    assert!(history.iter().any(|e| e.action == "sale.recorded"), "{history:?}");
    assert!(history.iter().all(|e| e.actor_user_id == Some(cashier.user_id)));
    assert!(savdo::domain::apikeys::actor_of(&db, &key).await.unwrap().is_some());
    assert_eq!(company::revoke_member_keys(&db, &a, cashier.user_id).await.unwrap(), 1);
    assert!(savdo::domain::apikeys::actor_of(&db, &key).await.unwrap().is_none(), "the key no longer works");
    // Removing: not oneself, and the cashier's receipts stay with their name.
    assert!(matches!(company::remove_member(&db, &a, admin.user_id).await, Err(Error::Refused(Refusal::NotAllowed))));
    company::remove_member(&db, &a, cashier.user_id).await.unwrap();
    let user = company::user_by_telegram_id(&db, 2).await.unwrap().unwrap();
    assert_eq!(user.current_company_id, None);
    let still = company::member(&db, admin.company_id, cashier.user_id).await.unwrap().unwrap();
    assert!(still.blocked, "a removed member acts no more");
    assert!(matches!(cashier_sells(&db, &cashier, cola).await, Err(Error::Refused(Refusal::Blocked))));
    assert_eq!(company::members(&db, admin.company_id).await.unwrap().len(), 1, "not listed any more");
    // A new invite brings them back.
    let invite = company::create_invite(&db, &a, Role::Cashier, admin.branch_id, 3600).await.unwrap();
    company::accept_invite(&db, &invite.token, cashier.user_id).await.unwrap();
    cashier_sells(&db, &cashier, cola).await.unwrap();
    let (name,): (String,) = sqlx::query_as(
        "SELECT u.name FROM sales s JOIN users u ON u.id = s.cashier_id WHERE s.company_id = $1 LIMIT 1",
    )
    .bind(admin.company_id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(name, "User2", "their receipt keeps their name");
    // A cashier may not administer users.
    let other = member_with_role(&db, &admin, 3, Role::Cashier, admin.branch_id).await;
    assert!(matches!(company::search_members(&db, &other.actor(), "").await, Err(Error::Refused(Refusal::NotAllowed))));
}
db_test!(user_administration, super::administering_users);

/// The company's settings in one place; the time zone must be a real one.
async fn company_settings(db: Db) {
    let (admin, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let a = admin.actor();
    let s = company::settings(&db, &a).await.unwrap();
    assert_eq!(
        (s.time_zone.as_str(), s.digest_time.as_str(), s.tax_regime.as_str()),
        ("Asia/Tashkent", "09:00", "vat")
    );
    company::set_time_zone(&db, &a, "Asia/Samarkand").await.unwrap();
    assert!(matches!(
        company::set_time_zone(&db, &a, "Mars/Olympus").await,
        Err(Error::Refused(Refusal::BadArgument(_)))
    ));
    assert_eq!(company::settings(&db, &a).await.unwrap().time_zone, "Asia/Samarkand");
    // The credit-limit policy: new customers get the company's default limit unless one is given.
    company::set_default_credit_limit(&db, &a, Some(Money::from_som(500_000))).await.unwrap();
    let plain = savdo::domain::customers::CustomerInput { name: "Ali".into(), ..Default::default() };
    let ali = savdo::domain::customers::add(&db, &a, &plain).await.unwrap();
    assert_eq!(ali.credit_limit, Some(Money::from_som(500_000)));
    let own = savdo::domain::customers::CustomerInput {
        name: "Vali".into(),
        credit_limit: Some(Money::from_som(1)),
        ..Default::default()
    };
    assert_eq!(savdo::domain::customers::add(&db, &a, &own).await.unwrap().credit_limit, Some(Money::from_som(1)));
    company::set_default_credit_limit(&db, &a, None).await.unwrap();
    assert_eq!(company::settings(&db, &a).await.unwrap().default_credit_limit, None);
    let cashier = member_with_role(&db, &admin, 2, Role::Cashier, admin.branch_id).await;
    assert!(matches!(company::settings(&db, &cashier.actor()).await, Err(Error::Refused(Refusal::NotAllowed))));
}
db_test!(settings_in_one_place, super::company_settings);
