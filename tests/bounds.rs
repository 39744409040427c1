//! Absurd amounts and quantities are refused where they enter, with their own message, and
//! never reach the books: after a storm of random and extreme values through the chat, the
//! HTTP API and the core, every report still renders and the ledger balances.

mod common;

use common::start_server;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use savdo::db::Db;
use savdo::domain::cash::{self, Direction};
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Tin};
use savdo::domain::expenses::{self, NewExpense, PaidFrom};
use savdo::domain::money::{Money, Qty};
use savdo::domain::purchases::{self, PurchaseLine};
use savdo::domain::roles::Role;
use savdo::domain::sales::{self, LineInput, Payment, SaleInput, SaleType};
use savdo::domain::{apikeys, ledger, lookup, Error, Refusal};
use savdo::i18n::{t, Lang};
use savdo::telegram_stub::{Harness, TgUser};
use serde_json::{json, Value};

/// Values people and machines send: ordinary, at the bounds, just past them, and absurd.
const AMOUNTS: [i64; 9] =
    [0, 1, 1_250_000, 99_999_999_999_999, 100_000_000_000_000, 100_000_000_000_001, 922_337_203_685_477, i64::MAX, -5];
const QUANTITIES: [i64; 7] = [1, 1_500, 999_999_999, 1_000_000_000, 1_000_000_001, 1_000_000_000_000, i64::MAX];

async fn storm(db: Db) {
    let user = company::touch_user(&db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin =
        company::create_company(&db, user.id, "Alfa", &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap();
    let a = admin.actor();
    let branch = admin.branch_id.unwrap();
    let kamol = company::touch_user(&db, 2, "Kamol", Some("uz")).await.unwrap();
    let invite = company::create_invite(&db, &a, Role::Cashier, Some(branch), 3600).await.unwrap();
    let cashier = company::accept_invite(&db, &invite.token, kamol.id).await.unwrap().0;
    let c = cashier.actor();
    let input = ProductInput {
        code: "COLA".into(),
        barcode: None,
        name: "Coca-Cola".into(),
        unit: "pcs".into(),
        purchase_price: Money::from_som(9_000),
        sale_price: Money::from_som(12_000),
        min_qty: Qty::units(5),
        wholesale_price: None,
    };
    let cola = catalog::save_product(&db, &a, &input).await.unwrap().id;
    for (price, expected) in [(Money::MAX.0 + 1, Refusal::AmountTooLarge), (-1, Refusal::BadAmount)] {
        let absurd = ProductInput { sale_price: Money(price), ..input.clone() };
        let err = catalog::save_product(&db, &a, &absurd).await.unwrap_err();
        assert!(matches!(&err, Error::Refused(r) if *r == expected), "{price}: {err:?}");
    }
    cash::open_shift(&db, &c, Money(0)).await.unwrap();

    let mut rng = StdRng::seed_from_u64(7);
    let pick = |rng: &mut StdRng, from: &[i64]| from[rng.random_range(0..from.len())];
    let (mut accepted, mut refused) = (0, 0);
    for i in 0..300 {
        let amount = Money(pick(&mut rng, &AMOUNTS));
        let qty = Qty(pick(&mut rng, &QUANTITIES));
        let outcome = match i % 6 {
            0 | 1 => {
                let sale = SaleInput {
                    branch_id: branch,
                    cashier_id: Some(cashier.user_id),
                    customer_id: None,
                    sale_type: SaleType::Retail,
                    payment: Payment::ALL[i % Payment::ALL.len()],
                    lines: vec![LineInput { product_id: cola, qty, unit_price: Some(amount), discount: Money(0) }],
                    sold_at: None,
                    source: "test",
                    idempotency_key: None,
                    ..Default::default()
                };
                sales::record_sale(&db, &c, &sale).await.map(|_| ())
            }
            2 => {
                let line = PurchaseLine { product_id: cola, qty, unit_cost: amount };
                purchases::record_purchase(&db, &a, branch, None, &[line]).await.map(|_| ())
            }
            3 => {
                let category = expenses::categories(&db, admin.company_id).await.unwrap()[0].id;
                let new = NewExpense {
                    amount,
                    category_id: category,
                    description: "x".into(),
                    photo_file_id: None,
                    paid_from: PaidFrom::Bank,
                };
                match expenses::submit(&db, &c, &new).await {
                    Ok(filed) => expenses::approve(&db, &a, filed.expense.id).await.map(|_| ()),
                    Err(e) => Err(e),
                }
            }
            4 => cash::move_cash(&db, &c, amount, if i % 2 == 0 { Direction::In } else { Direction::Out })
                .await
                .map(|_| ()),
            _ => savdo::domain::stock::post_count(&db, &a, branch, &[(cola, qty)], "storm").await.map(|_| ()),
        };
        match outcome {
            Ok(()) => accepted += 1,
            Err(Error::Refused(_)) => refused += 1,
            Err(e) => panic!("step {i}: an internal error instead of a refusal: {e:#?}"),
        }
    }
    assert!(accepted > 50 && refused > 50, "accepted {accepted}, refused {refused}");

    // The books balance, and every account's figure is within what the bounds promise.
    let today = lookup::today(&db, admin.company_id).await.unwrap();
    let rows = ledger::trial_balance(&db, admin.company_id, today - chrono::Days::new(30), today).await.unwrap();
    let debit: i128 = rows.iter().map(|r| r.debit as i128).sum();
    let credit: i128 = rows.iter().map(|r| r.credit as i128).sum();
    assert_eq!(debit, credit, "the period's debits equal its credits");
    assert_eq!(rows.iter().map(|r| r.closing as i128).sum::<i128>(), 0, "balances net to zero");

    // Over HTTP: the absurd is refused with its own message, and every report still renders.
    let (_, key) = apikeys::create(&db, &a, "office", None).await.unwrap();
    let (_stub, running) = start_server(&db, None).await;
    let base = format!("http://{}/api/v1", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let post = |line: Value| {
        let body = json!({ "branch_id": branch, "payment": "cash", "lines": [line] });
        http.post(format!("{base}/sales")).header("X-API-Key", &key).json(&body).send()
    };
    for (line, error) in [
        (json!({ "product_id": cola, "qty": 1, "unit_price": i64::MAX }), "err-amount-too-large"),
        (json!({ "product_id": cola, "qty": "1000000", "unit_price": 922_337_203_685_477i64 }), "err-amount-too-large"),
        (json!({ "product_id": cola, "qty": "1000000.001" }), "err-qty-too-large"),
        (json!({ "product_id": cola, "qty": 1, "unit_price": -100 }), "err-price"),
    ] {
        let r = post(line.clone()).await.unwrap();
        assert_eq!(r.status(), 422, "{line}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"], error, "{line}");
    }
    // A body past HTTP_MAX_BODY_BYTES (1 MiB by default) is refused before it is read.
    let line = format!("{{\"product_id\":{cola},\"qty\":1}}");
    let huge = format!("{{\"branch_id\":{branch},\"payment\":\"cash\",\"lines\":[{}]}}", vec![line; 60_000].join(","));
    assert!(huge.len() > 1024 * 1024);
    let r = http
        .post(format!("{base}/sales"))
        .header("X-API-Key", &key)
        .header("Content-Type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "too_large");
    let r = post(json!({ "product_id": cola, "qty": 1, "unit_price": Money::MAX.0 })).await.unwrap();
    assert_eq!(r.status(), 201, "the bound itself is accepted");
    for kind in ["pnl", "balance", "cash", "trial"] {
        for format in ["json", "xlsx", "pdf", "csv"] {
            let r = http
                .get(format!("{base}/reports/{kind}?format={format}"))
                .header("X-API-Key", &key)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{kind} {format}");
        }
    }
    running.stop().await;

    // In chat, a sale price past the bound gets its own message and the product keeps its price.
    let harness = Harness::new(db.clone()).await.unwrap();
    let aziz = TgUser::new(1, "Aziz", Some("uz"));
    for turn in ["/product COLA", "-", "-"] {
        harness.send(&aziz, turn).await.unwrap();
    }
    let sent = harness.send(&aziz, "92 233 720 368 547 758").await.unwrap();
    assert_eq!(sent[0].text.as_deref(), Some(t(Lang::Uz, "err-amount-too-large").as_str()), "{sent:?}");
    let sent = harness.send(&aziz, "abc").await.unwrap();
    assert_eq!(sent[0].text.as_deref(), Some(t(Lang::Uz, "err-price").as_str()));
    harness.send(&aziz, "/cancel").await.unwrap();
    let product = catalog::product(&db, admin.company_id, cola).await.unwrap();
    assert_eq!(product.sale_price, 1_200_000);
}
db_test!(absurd_values_never_reach_the_books, super::storm);
