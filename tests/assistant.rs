//! The offline assistant's understanding, against a set of plain questions in three languages
//! (`tests/fixtures/questions.tsv`): typed or Cyrillic-typed Uzbek, Russian, English, with
//! misspellings. At least 95 % must be understood as written there. And the units a question
//! counts are those the asker may see.

mod common;

use common::fixtures::{company_with_cola, member_with_role};
use savdo::db::Db;
use savdo::domain::assistant::{understand, Question};
use savdo::domain::calendar::Period;
use savdo::domain::lookup;
use savdo::domain::money::{Money, Qty};
use savdo::domain::roles::Role;
use savdo::domain::sales::{self, LineInput, SaleInput};

fn described(q: Option<Question>) -> String {
    let period = |p: Period| match p {
        Period::Today => "today".to_string(),
        Period::Yesterday => "yesterday".into(),
        Period::ThisWeek => "week".into(),
        Period::ThisMonth => "month".into(),
        Period::LastMonth => "last-month".into(),
        Period::LastWeek => "last-week".into(),
        other => format!("{other:?}"),
    };
    match q {
        Some(Question::Sales(p)) => format!("sales {}", period(p)),
        Some(Question::Units(p)) => format!("units {}", period(p)),
        Some(Question::Stock(product)) => format!("stock {product}"),
        Some(Question::Debts) => "debts".into(),
        Some(Question::Payables) => "payables".into(),
        Some(Question::Expenses(p)) => format!("expenses {}", period(p)),
        Some(Question::Profit(p)) => format!("profit {}", period(p)),
        Some(Question::Cash) => "cash".into(),
        Some(Question::Compare(p)) => format!("compare {}", period(p)),
        Some(Question::Why(p)) => format!("why {}", period(p)),
        Some(Question::Top(p)) => format!("top {}", period(p)),
        Some(Question::Slow) => "slow".into(),
        Some(Question::RunningOut) => "running-out".into(),
        Some(Question::Forecast) => "forecast".into(),
        None => "none".into(),
    }
}

#[test]
fn most_plain_questions_are_understood() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/questions.tsv")).unwrap();
    let cases: Vec<(&str, &str, &str)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split('\t');
            (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap())
        })
        .collect();
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(lang, question, expected)| {
            let got = described(understand(question));
            (got != *expected).then(|| format!("{lang} «{question}»: expected {expected}, got {got}"))
        })
        .collect();
    for lang in ["uz", "ru", "en"] {
        assert!(cases.iter().filter(|c| c.0 == lang).count() >= 50, "{lang}: too few questions");
    }
    assert!(cases.len() >= 150, "too few questions: {}", cases.len());
    let understood = 100.0 * (cases.len() - wrong.len()) as f64 / cases.len() as f64;
    eprintln!("{} questions, {understood:.1} % understood\n{}", cases.len(), wrong.join("\n"));
    assert!(understood >= 95.0, "{understood:.1} % understood:\n{}", wrong.join("\n"));
}

/// "How many did we sell?" counts units as the asker may see sales: the whole shop for an
/// admin (from the rollups), a cashier's own receipts for a cashier (from the receipts).
async fn units_sold_in_the_askers_scope(db: Db) {
    let (admin, cola, _) = company_with_cola(&db, 1, "Alfa").await;
    let cashier = member_with_role(&db, &admin, 2, Role::Cashier, admin.branch_id).await;
    let sell = |qty: i64| SaleInput {
        branch_id: admin.branch_id.unwrap(),
        lines: vec![LineInput { product_id: cola, qty: Qty::units(qty), unit_price: None, discount: Money(0) }],
        source: "test",
        ..Default::default()
    };
    sales::record_sale(&db, &admin.actor(), &sell(3)).await.unwrap();
    sales::record_sale(&db, &cashier.actor(), &sell(2)).await.unwrap();
    let (_, _, all) = lookup::units_sold(&db, &admin.actor(), None, Period::Today).await.unwrap();
    assert_eq!(all, vec![("pcs".to_string(), Qty::units(5))]);
    let (scope, _, mine) = lookup::units_sold(&db, &cashier.actor(), None, Period::Today).await.unwrap();
    assert_eq!(scope.cashier_id, Some(cashier.user_id));
    assert_eq!(mine, vec![("pcs".to_string(), Qty::units(2))]);
}
db_test!(units_sold, super::units_sold_in_the_askers_scope);

#[test]
fn branch_names_in_either_script() {
    use savdo::domain::assistant::name_in;
    let branches = [(1, "Markaz"), (2, "Chilonzor"), (3, "Yunusobod 2")];
    assert_eq!(name_in("Chilonzorda bugun savdo qancha?", &branches), Some(2));
    assert_eq!(name_in("продажи Чилонзор сегодня", &branches), Some(2));
    assert_eq!(name_in("markaz filiali savdosi", &branches), Some(1));
    assert_eq!(name_in("yunusobod savdo", &branches), Some(3));
    assert_eq!(name_in("bugun savdo qancha?", &branches), None);
    assert_eq!(name_in("markaz va chilonzor", &branches), None, "two branches: the whole company's answer");
}

/// Every suggested question, in every language, is understood as the question it stands for
/// (a button asks it by its text).
#[test]
fn suggestions_are_understood_as_themselves() {
    use savdo::domain::assistant::suggested;
    use savdo::i18n::{t, Lang};
    let mut i = 0;
    while let Some((key, question)) = suggested(i) {
        for lang in Lang::ALL {
            assert_eq!(understand(&t(lang, key)), Some(question.clone()), "{key} in {lang:?}");
        }
        i += 1;
    }
    assert!(i >= 8);
}

/// The tools' figures, as a member may see them: a product's sales, the best sellers, a
/// comparison and its reasons, slow movers, cash and expenses by category — against sums
/// computed here from what was recorded.
async fn tools_answer_from_the_books(db: Db) {
    use savdo::domain::assistant::tools::{self, Figures, Tool};
    use savdo::domain::assistant::{ask, Source};
    use savdo::domain::catalog;
    use savdo::domain::expenses::{self, NewExpense, PaidFrom};
    use savdo::domain::purchases;
    use savdo::i18n::Lang;
    let (admin, cola, _) = company_with_cola(&db, 1, "Alfa").await;
    let branch = admin.branch_id.unwrap();
    let fanta = catalog::save_product(&db, &admin.actor(), &common::fixtures::piece_product("B-1", "Fanta 1 l", 5))
        .await
        .unwrap()
        .id;
    let nails = catalog::save_product(&db, &admin.actor(), &common::fixtures::piece_product("C-1", "Mix nails", 5))
        .await
        .unwrap()
        .id;
    let received = [(fanta, 20), (nails, 40)].map(|(product_id, n)| purchases::PurchaseLine {
        product_id,
        qty: Qty::units(n),
        unit_cost: Money::from_som(1_000),
    });
    purchases::record_purchase(&db, &admin.actor(), branch, None, &received).await.unwrap();
    let cashier = member_with_role(&db, &admin, 2, Role::Cashier, Some(branch)).await;
    let sell = |product_id: i64, qty: i64| SaleInput {
        branch_id: branch,
        lines: vec![LineInput { product_id, qty: Qty::units(qty), unit_price: None, discount: Money(0) }],
        source: "test",
        ..Default::default()
    };
    sales::record_sale(&db, &admin.actor(), &sell(cola, 4)).await.unwrap();
    sales::record_sale(&db, &cashier.actor(), &sell(fanta, 17)).await.unwrap();

    // Best sellers: Cola 4 × 12 500 = 50 000 before Fanta 17 × 2 000 = 34 000; the cashier sees their own.
    let top = Tool::ProductSales(tools::ProductSales { period: Some("today".into()), ..Default::default() });
    let Figures::Products { products, .. } = tools::run(&db, &admin.actor(), &top).await.unwrap() else { panic!() };
    let rows: Vec<(i64, i64, i64)> = products.iter().map(|p| (p.product_id, p.qty, p.total)).collect();
    assert_eq!(rows, vec![(cola, 4_000, 5_000_000), (fanta, 17_000, 3_400_000)]);
    let Figures::Products { products, .. } = tools::run(&db, &cashier.actor(), &top).await.unwrap() else { panic!() };
    assert_eq!(products.iter().map(|p| p.product_id).collect::<Vec<_>>(), vec![fanta]);

    // A product named in a question: its own sales, through the same entry every door uses.
    let a = ask(&db, &admin.actor(), None, Lang::En, "t", "how many fanta did we sell today?").await.unwrap();
    assert_eq!(a.source, Source::Offline);
    assert_eq!(a.calls[0].tool, "product_sales");
    assert!(a.text.contains("1. Fanta 1 l — 17 pcs, 34,000 UZS") && !a.text.contains("Coca"), "{}", a.text);

    // A cashier named in a question: their receipts (the admin asks); a cashier asking about
    // someone else's is refused. A customer named, with an Uzbek ending: their purchases.
    let a = ask(&db, &admin.actor(), None, Lang::Uz, "t", "User2 bugun qancha sotdi?").await.unwrap();
    assert!(a.text.starts_with("📊 Savdo, kassir User2, "), "{}", a.text);
    assert!(a.text.contains("34 000 so‘m — 1 ta chek"), "{}", a.text);
    let a = ask(&db, &cashier.actor(), None, Lang::Uz, "t", "Alfa bugun qancha sotdi?").await.unwrap();
    assert!(matches!(a.calls[0].outcome, savdo::domain::assistant::Outcome::Refused { .. }), "{:?}", a.calls);
    let anvar = savdo::domain::customers::add(
        &db,
        &admin.actor(),
        &savdo::domain::customers::CustomerInput { name: "Anvar Qodirov".into(), ..Default::default() },
    )
    .await
    .unwrap();
    sales::record_sale(&db, &admin.actor(), &SaleInput { customer_id: Some(anvar.id), ..sell(cola, 1) }).await.unwrap();
    let a = ask(&db, &admin.actor(), None, Lang::Uz, "t", "Anvarga bugun qancha sotdik?").await.unwrap();
    assert!(a.text.starts_with("📊 Savdo, xaridor Anvar Qodirov, "), "{}", a.text);
    assert!(a.text.contains("12 500 so‘m — 1 ta chek"), "{}", a.text);

    // A forecast of a product the words name (a product sold only today: the simplest method).
    let a = ask(&db, &admin.actor(), None, Lang::En, "t", "how much fanta will we sell next week?").await.unwrap();
    assert_eq!(a.calls[0].tool, "forecast");
    assert!(a.text.starts_with("🔮 The next 7 days:\n• Fanta 1 l — about"), "{}", a.text);

    // Running out: Fanta has 3 left, under its minimum of 5; the answer offers to order it.
    let a = ask(&db, &admin.actor(), None, Lang::En, "t", "what is running out?").await.unwrap();
    assert!(a.text.contains("Fanta 1 l (Markaz) — 3 pcs"), "{}", a.text);
    assert_eq!(a.actions.len(), 1);
    // Snoozed (the alert's "remind me tomorrow"), it is left out until then.
    let tomorrow = chrono::Utc::now().timestamp() + 86_400;
    savdo::domain::stock::snooze(&db, &admin.actor(), branch, fanta, tomorrow).await.unwrap();
    let a = ask(&db, &admin.actor(), None, Lang::En, "t", "what is running out?").await.unwrap();
    assert_eq!(a.text, "Nothing is running out.");
    // Slow movers: nails (40 in stock, none sold) first, at cost net of VAT (40 × 1 000 / 1.12).
    let Figures::Slow { products, .. } =
        tools::run(&db, &admin.actor(), &Tool::SlowMovers(tools::Empty {})).await.unwrap()
    else {
        panic!()
    };
    assert_eq!((products[0].product_id, products[0].sold, products[0].value), (nails, Qty(0), 3_571_429));
    assert!(
        tools::run(&db, &cashier.actor(), &Tool::SlowMovers(tools::Empty {})).await.is_err(),
        "a cashier sees no stock value"
    );

    // Why: against an empty yesterday, everything rose; the biggest rise first.
    let why = Tool::ExplainChange(tools::Sales { period: Some("today".into()), ..Default::default() });
    let Figures::Why { falls, rises, now, .. } = tools::run(&db, &admin.actor(), &why).await.unwrap() else { panic!() };
    assert!(falls.is_empty());
    assert_eq!(
        rises.iter().map(|r| (r.product_id, r.change)).collect::<Vec<_>>(),
        vec![(cola, 6_250_000), (fanta, 3_400_000)]
    );
    assert_eq!((now.total, now.receipts), (9_650_000, 3));

    // A branch that does not exist is refused with the name; the cashier's other branch too.
    let other = Tool::SalesSummary(tools::Sales { branch: Some("Yunusobod".into()), ..Default::default() });
    assert!(tools::run(&db, &admin.actor(), &other).await.is_err());
    savdo::domain::company::add_branch(&db, &admin.actor(), "Chilonzor").await.unwrap();
    let a = ask(&db, &admin.actor(), None, Lang::En, "t", "why did sales change today?").await.unwrap();
    assert!(a.text.contains("🏬 Branches: Markaz (+96,500 UZS)"), "{}", a.text);
    let other = Tool::SalesSummary(tools::Sales { branch: Some("Chilonzor".into()), ..Default::default() });
    assert!(tools::run(&db, &cashier.actor(), &other).await.is_err());

    // Cash: all the company's registers for the admin: the cash sales (12 500 × 5 + 2 000 × 17).
    let Figures::Cash { total, .. } = tools::run(&db, &admin.actor(), &Tool::Cash(tools::Empty {})).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(total, Money(9_650_000));

    // Expenses by category: approved ones only.
    let category = expenses::categories(&db, admin.company_id).await.unwrap()[0].clone();
    let new = NewExpense {
        amount: Money::from_som(150_000),
        category_id: category.id,
        description: "ijara".into(),
        photo_file_id: None,
        paid_from: PaidFrom::Cash,
    };
    let filed = expenses::submit(&db, &admin.actor(), &new).await.unwrap();
    if filed.expense.status != expenses::ExpenseStatus::Approved {
        expenses::approve(&db, &admin.actor(), filed.expense.id).await.unwrap();
    }
    let pending = NewExpense { amount: Money::from_som(99_000_000), ..new.clone() };
    let pending = expenses::submit(&db, &cashier.actor(), &pending).await.unwrap();
    assert_eq!(pending.expense.status, expenses::ExpenseStatus::Pending);
    let Figures::Expenses { total, categories, .. } =
        tools::run(&db, &admin.actor(), &Tool::Expenses(tools::PeriodOnly { period: None })).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(
        (total, categories),
        (Money::from_som(150_000), vec![(category.name.clone(), Money::from_som(150_000))])
    );
}
db_test!(tools, super::tools_answer_from_the_books);

/// `POST /api/v1/ask` answers as the key's member, and refuses what is not a question.
async fn ask_over_http(db: Db) {
    let (_admin, _, key) = company_with_cola(&db, 1, "Alfa").await;
    let (_stub, running) = common::start_server(&db, None).await;
    let url = format!("http://{}/api/v1/ask", running.http_addr.unwrap());
    let http = reqwest::Client::new();
    let r = http.post(&url).json(&serde_json::json!({ "question": "who owes us?" })).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = http
        .post(&url)
        .header("X-API-Key", &key)
        .json(&serde_json::json!({ "question": "how many coca-cola left?", "lang": "en" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["source"], "offline");
    assert_eq!(body["calls"][0]["tool"], "stock");
    assert_eq!(body["text"], "📦 Coca-Cola 1,5 l: 50 pcs (Markaz: 50)");
    for bad in [
        serde_json::json!({ "question": "" }),
        serde_json::json!({ "question": "x", "lang": "fr" }),
        serde_json::json!({ "q": "x" }),
    ] {
        let r = http.post(&url).header("X-API-Key", &key).json(&bad).send().await.unwrap();
        assert!(r.status().is_client_error(), "{bad}: {}", r.status());
    }
}
db_test!(http, super::ask_over_http);
