//! The core is the one place rules are enforced: the same forbidden requests, tried through
//! every door that offers them (a chat turn through the handler tree, an HTTP request through
//! the router of a running server), get the same refusal from the core.

mod common;

use common::start_server;
use savdo::db::Db;
use savdo::domain::calendar::Period;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Member, Tin};
use savdo::domain::money::{Money, Qty};
use savdo::domain::purchases::{self, PurchaseLine};
use savdo::domain::roles::Role;
use savdo::domain::sales::{self, LineInput, Payment, SaleFilter, SaleInput, SaleType};
use savdo::domain::{apikeys, lookup, Error, Refusal};
use savdo::i18n::{t, Lang};
use savdo::telegram::Cb;
use savdo::telegram_stub::{Harness, TgUser};
use serde_json::Value;

/// Alfa with two branches: Markaz (manager, two cashiers) and Chilonzor (one cashier).
struct Alfa {
    admin: Member,
    manager: Member,
    cashier: Member,
    other_cashier: Member,
    chilonzor_cashier: Member,
    markaz: i64,
    chilonzor: i64,
    /// A receipt of each branch.
    markaz_receipt: i64,
    chilonzor_receipt: i64,
}

async fn member(db: &Db, admin: &Member, telegram_id: i64, name: &str, role: Role, branch: i64) -> Member {
    let user = company::touch_user(db, telegram_id, name, Some("uz")).await.unwrap();
    let invite = company::create_invite(db, &admin.actor(), role, Some(branch), 3600).await.unwrap();
    company::accept_invite(db, &invite.token, user.id).await.unwrap().0
}

async fn sell(db: &Db, cashier: &Member, product: i64) -> i64 {
    let input = SaleInput {
        branch_id: cashier.branch_id.unwrap(),
        cashier_id: Some(cashier.user_id),
        customer_id: None,
        sale_type: SaleType::Retail,
        payment: Payment::Cash,
        lines: vec![LineInput { product_id: product, qty: Qty::units(1), unit_price: None, discount: Money(0) }],
        sold_at: None,
        source: "test",
        idempotency_key: None,
        ..Default::default()
    };
    sales::record_sale(db, &cashier.actor(), &input).await.unwrap().sale.id
}

async fn alfa(db: &Db) -> Alfa {
    let user = company::touch_user(db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin =
        company::create_company(db, user.id, "Alfa", &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap();
    let markaz = admin.branch_id.unwrap();
    let chilonzor = company::add_branch(db, &admin.actor(), "Chilonzor").await.unwrap().id;
    let manager = member(db, &admin, 2, "Malika", Role::Manager, markaz).await;
    let cashier = member(db, &admin, 3, "Kamol", Role::Cashier, markaz).await;
    let other_cashier = member(db, &admin, 4, "Lola", Role::Cashier, markaz).await;
    let chilonzor_cashier = member(db, &admin, 5, "Sardor", Role::Cashier, chilonzor).await;
    let input = ProductInput {
        code: "COLA".into(),
        barcode: None,
        name: "Coca-Cola".into(),
        unit: "pcs".into(),
        purchase_price: Money::from_som(9_000),
        sale_price: Money::from_som(12_000),
        min_qty: Qty::units(0),
        wholesale_price: None,
    };
    let cola = catalog::save_product(db, &admin.actor(), &input).await.unwrap().id;
    for branch in [markaz, chilonzor] {
        let line = PurchaseLine { product_id: cola, qty: Qty::units(20), unit_cost: Money::from_som(9_000) };
        purchases::record_purchase(db, &admin.actor(), branch, None, &[line]).await.unwrap();
    }
    let markaz_receipt = sell(db, &cashier, cola).await;
    sell(db, &other_cashier, cola).await;
    let chilonzor_receipt = sell(db, &chilonzor_cashier, cola).await;
    Alfa {
        admin,
        manager,
        cashier,
        other_cashier,
        chilonzor_cashier,
        markaz,
        chilonzor,
        markaz_receipt,
        chilonzor_receipt,
    }
}

fn tg(m: &Member) -> TgUser {
    TgUser::new(m.telegram_id, &m.name, Some("uz"))
}

fn refused_in_chat(m: &Member, refusal: Refusal) -> String {
    savdo::tr!(Lang::Uz, refusal.message_key(), role = t(Lang::Uz, m.role.label_key()))
}

async fn returns(db: &Db, company_id: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM sales WHERE company_id = $1 AND kind = 'return'")
        .bind(company_id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// A refund of another branch's receipt: by chat command, by a forged button, by HTTP, and by
/// the core itself, all refused as "not found" (a cashier does not learn of other receipts).
async fn refund_of_another_branch(db: Db) {
    let a = alfa(&db).await;
    let company = a.admin.company_id;

    // The core.
    let err = sales::record_return(&db, &a.cashier.actor(), a.chilonzor_receipt, None).await.unwrap_err();
    assert!(matches!(err, Error::Refused(Refusal::NotFound)), "{err:?}");
    let err = sales::record_return(&db, &a.manager.actor(), a.chilonzor_receipt, None).await.unwrap_err();
    assert!(matches!(err, Error::Refused(Refusal::NotFound)), "{err:?}");

    // Chat: the command, then a forged "return all" button on a message the cashier has.
    let harness = Harness::new(db.clone()).await.unwrap();
    let cashier = tg(&a.cashier);
    let sent = harness.send(&cashier, &format!("/return {}", a.chilonzor_receipt)).await.unwrap();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].text.as_deref(), Some(refused_in_chat(&a.cashier, Refusal::NotFound).as_str()));
    let own = harness.send(&cashier, &format!("/return {}", a.markaz_receipt)).await.unwrap();
    assert!(!own[0].buttons.is_empty(), "the cashier's own receipt is offered: {own:?}");
    let forged = Cb::ReturnAll(a.chilonzor_receipt).encode();
    let pressed = harness.press(&cashier, &own[0], &forged).await.unwrap();
    let toast = pressed.iter().find(|s| s.method == "answerCallbackQuery").and_then(|s| s.text.clone());
    assert_eq!(toast, Some(refused_in_chat(&a.cashier, Refusal::NotFound)));
    assert!(pressed.iter().all(|s| !s.method.starts_with("edit")), "{pressed:?}");

    // HTTP, with a key acting for the cashier.
    let (_, key) = apikeys::create(&db, &a.admin.actor(), "till 1", Some(a.cashier.user_id)).await.unwrap();
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}/api/v1/sales", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let r = http.post(format!("{base}/{}/return", a.chilonzor_receipt)).header("X-API-Key", &key).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "not_found");
    assert_eq!(returns(&db, company).await, 0, "nothing was refunded");

    // The same cashier may refund their own branch's receipt, through each door.
    let r = http.post(format!("{base}/{}/return", a.markaz_receipt)).header("X-API-Key", &key).send().await.unwrap();
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    assert_eq!(returns(&db, company).await, 1);
    // An admin may refund any branch's.
    sales::record_return(&db, &a.admin.actor(), a.chilonzor_receipt, None).await.unwrap();
    assert_eq!(returns(&db, company).await, 2);
    running.stop().await;
}
db_test!(refund_of_another_branch_is_refused, super::refund_of_another_branch);

/// A cashier's listing of another cashier's sales: refused by the core, over HTTP; without a
/// filter, the cashier sees their own receipts only (in chat and over HTTP alike).
async fn cashier_reads_only_own_sales(db: Db) {
    let a = alfa(&db).await;
    let filter = SaleFilter { cashier_id: Some(a.other_cashier.user_id), ..Default::default() };
    let err = sales::list(&db, &a.cashier.actor(), &filter).await.unwrap_err();
    assert!(matches!(err, Error::Refused(Refusal::NotAllowed)), "{err:?}");

    let (_, key) = apikeys::create(&db, &a.admin.actor(), "till 1", Some(a.cashier.user_id)).await.unwrap();
    let (_, admin_key) = apikeys::create(&db, &a.admin.actor(), "office", None).await.unwrap();
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}/api/v1/sales", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let get = |query: String, key: String| {
        let http = http.clone();
        let url = format!("{base}{query}");
        async move { http.get(url).header("X-API-Key", key).send().await.unwrap() }
    };
    let r = get(format!("?cashier_id={}", a.other_cashier.user_id), key.clone()).await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], Refusal::NotAllowed.message_key());
    let r = get(format!("?branch_id={}", a.chilonzor), key.clone()).await;
    assert_eq!(r.status(), 422, "nor another branch");
    let mine: Value = get(String::new(), key.clone()).await.json().await.unwrap();
    let mine = mine["sales"].as_array().unwrap();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert!(mine.iter().all(|s| s["cashier_id"] == a.cashier.user_id));
    // The admin's key sees every receipt, and may filter by any cashier.
    let all: Value = get(String::new(), admin_key.clone()).await.json().await.unwrap();
    assert_eq!(all["sales"].as_array().unwrap().len(), 3);
    let r = get(format!("?cashier_id={}", a.other_cashier.user_id), admin_key).await;
    assert_eq!(r.status(), 200);
    // A cashier's key cannot post a sale in another cashier's name either.
    let sale = serde_json::json!({
        "branch_id": a.markaz, "payment": "cash", "cashier_id": a.other_cashier.user_id,
        "lines": [{ "product_code": "COLA", "qty": 1 }]
    });
    let r = http.post(&base).header("X-API-Key", &key).json(&sale).send().await.unwrap();
    assert_eq!(r.status(), 422);

    // In chat, a cashier's lookup is their own receipts, and a forged branch button is refused.
    let harness = Harness::new(db.clone()).await.unwrap();
    let cashier = tg(&a.cashier);
    let shown = harness.send(&cashier, "/sales").await.unwrap();
    assert!(shown[0].text.as_deref().unwrap().contains(&t(Lang::Uz, "sales-scope-mine")), "{shown:?}");
    let pressed = harness.press(&cashier, &shown[0], &Cb::Sales("t".into(), a.chilonzor).encode()).await.unwrap();
    let toast = pressed.iter().find(|s| s.method == "answerCallbackQuery").and_then(|s| s.text.clone());
    assert_eq!(toast, Some(refused_in_chat(&a.cashier, Refusal::NotAllowed)));
    running.stop().await;
}
db_test!(a_cashier_reads_only_own_sales, super::cashier_reads_only_own_sales);

/// A manager's lookup of another branch: a forged chat button, the HTTP summary and listing,
/// and the core all refuse it; their own branch is answered.
async fn manager_lookup_of_another_branch(db: Db) {
    let a = alfa(&db).await;
    let err = lookup::summary(&db, &a.manager.actor(), Some(a.chilonzor), Period::Today).await.unwrap_err();
    assert!(matches!(err, Error::Refused(Refusal::NotAllowed)), "{err:?}");
    let (scope, own) = lookup::summary(&db, &a.manager.actor(), None, Period::Today).await.unwrap();
    assert_eq!(scope.branch_id, Some(a.markaz));
    assert_eq!(own.receipts, 2);

    let harness = Harness::new(db.clone()).await.unwrap();
    let manager = tg(&a.manager);
    let shown = harness.send(&manager, "/sales").await.unwrap();
    let forged = Cb::Sales("t".into(), a.chilonzor).encode();
    let pressed = harness.press(&manager, &shown[0], &forged).await.unwrap();
    let toast = pressed.iter().find(|s| s.method == "answerCallbackQuery").and_then(|s| s.text.clone());
    assert_eq!(toast, Some(refused_in_chat(&a.manager, Refusal::NotAllowed)));
    assert!(pressed.iter().all(|s| !s.method.starts_with("edit")), "{pressed:?}");
    let chart = Cb::SalesChart("t".into(), a.chilonzor).encode();
    let pressed = harness.press(&manager, &shown[0], &chart).await.unwrap();
    assert!(pressed.iter().all(|s| s.method != "sendPhoto"), "no chart of another branch: {pressed:?}");
    let own = harness.press(&manager, &shown[0], &Cb::Sales("t".into(), a.markaz).encode()).await.unwrap();
    assert!(own.iter().any(|s| s.method == "editMessageText"), "{own:?}");

    let (_, key) = apikeys::create(&db, &a.admin.actor(), "manager", Some(a.manager.user_id)).await.unwrap();
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}/api/v1/sales", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    for path in [format!("/summary?branch_id={}", a.chilonzor), format!("?branch_id={}", a.chilonzor)] {
        let r = http.get(format!("{base}{path}")).header("X-API-Key", &key).send().await.unwrap();
        assert_eq!(r.status(), 422, "{path}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"], Refusal::NotAllowed.message_key(), "{path}");
    }
    let r = http.get(format!("{base}/summary")).header("X-API-Key", &key).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["branch_id"], a.markaz);
    assert_eq!(body["receipts"], 2);
    // The manager's key loses the branch's rights when the manager is made a cashier.
    company::set_role(&db, &a.admin.actor(), a.manager.user_id, Role::Cashier).await.unwrap();
    let r = http.get(format!("{base}/summary")).header("X-API-Key", &key).send().await.unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["cashier_id"], a.manager.user_id, "now only own receipts: {body}");
    // A blocked member's key is refused.
    company::set_blocked(&db, &a.admin.actor(), a.chilonzor_cashier.user_id, true).await.unwrap();
    let (_, blocked_key) =
        apikeys::create(&db, &a.admin.actor(), "blocked", Some(a.chilonzor_cashier.user_id)).await.unwrap();
    let r = http.get(&base).header("X-API-Key", &blocked_key).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], Refusal::Blocked.message_key());
    running.stop().await;
}
db_test!(a_manager_cannot_look_at_another_branch, super::manager_lookup_of_another_branch);
