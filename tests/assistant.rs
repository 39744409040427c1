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
