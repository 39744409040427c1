//! Property test: random sequences of sales, returns, purchases, transfers and counts keep
//! every branch's stock equal to the sum of its moves, and the lookups (read from rollups)
//! equal a brute-force sum over the receipts and an independent in-memory tally.

mod common;

use std::collections::HashMap;

use chrono::Days;
use proptest::prelude::*;
use savdo::db::Db;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Tin};
use savdo::domain::customers::{self, CustomerInput};
use savdo::domain::lookup::{self, Scope};
use savdo::domain::money::{Money, Qty};
use savdo::domain::purchases::{self, PurchaseLine};
use savdo::domain::sales::{self, LineInput, Payment, SaleInput, SaleType};
use savdo::domain::stock;

#[derive(Clone, Debug)]
enum Op {
    Sale { branch: usize, lines: Vec<(usize, i64)>, payment: usize, wholesale: bool, days_ago: u64, cashier: bool },
    Return { nth: usize },
    Purchase { branch: usize, product: usize, qty: i64, cost_som: i64 },
    Transfer { from: usize, product: usize, qty: i64 },
    Count { branch: usize, product: usize, counted: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, prop::collection::vec((0..3usize, 1..5i64), 1..4), 0..6usize, any::<bool>(), 0..45u64, any::<bool>())
            .prop_map(|(branch, lines, payment, wholesale, days_ago, cashier)| Op::Sale { branch, lines, payment, wholesale, days_ago, cashier }),
        1 => (0..100usize).prop_map(|nth| Op::Return { nth }),
        2 => (0..2usize, 0..3usize, 1..30i64, 1_000..20_000i64).prop_map(|(branch, product, qty, cost_som)| Op::Purchase { branch, product, qty, cost_som }),
        1 => (0..2usize, 0..3usize, 1..6i64).prop_map(|(from, product, qty)| Op::Transfer { from, product, qty }),
        1 => (0..2usize, 0..3usize, 0..25i64).prop_map(|(branch, product, counted)| Op::Count { branch, product, counted }),
    ]
}

async fn run(db: Db, ops: Vec<Op>) {
    let user = company::touch_user(&db, 1, "Admin", Some("uz")).await.unwrap();
    let admin =
        company::create_company(&db, user.id, "Alfa", &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap();
    let second = company::add_branch(&db, &admin.actor(), "Chilonzor").await.unwrap();
    let branches = [admin.branch_id.unwrap(), second.id];
    let buyer = customers::add(&db, &admin.actor(), &CustomerInput { name: "Nasiya".into(), ..Default::default() })
        .await
        .unwrap()
        .id;
    let mut products = Vec::new();
    for (i, price) in [12_500i64, 9_000, 3_300].into_iter().enumerate() {
        let p = catalog::save_product(
            &db,
            &admin.actor(),
            &ProductInput {
                code: format!("P-{i}"),
                barcode: None,
                name: format!("Product {i}"),
                unit: "pcs".into(),
                purchase_price: Money::from_som(price / 2),
                sale_price: Money::from_som(price),
                min_qty: Qty::units(5),
                wholesale_price: None,
            },
        )
        .await
        .unwrap();
        products.push(p.id);
    }
    let today = lookup::today(&db, admin.company_id).await.unwrap();
    let mut sale_ids: Vec<i64> = Vec::new();
    // Independent tally of net sales by day (tiyin).
    let mut tally: HashMap<chrono::NaiveDate, i64> = HashMap::new();
    for op in ops {
        match op {
            Op::Sale { branch, lines, payment, wholesale, days_ago, cashier } => {
                let day = today - Days::new(days_ago);
                // Noon local time on that day.
                let sold_at = day.and_hms_opt(7, 0, 0).unwrap().and_utc().timestamp();
                let input = SaleInput {
                    branch_id: branches[branch],
                    cashier_id: cashier.then_some(user.id),
                    customer_id: (Payment::ALL[payment] == Payment::Debt).then_some(buyer),
                    sale_type: if wholesale { SaleType::Wholesale } else { SaleType::Retail },
                    payment: Payment::ALL[payment],
                    lines: lines
                        .iter()
                        .map(|(p, q)| LineInput {
                            product_id: products[*p],
                            qty: Qty::units(*q),
                            unit_price: None,
                            discount: Money(0),
                        })
                        .collect(),
                    sold_at: Some(sold_at),
                    source: "test",
                    idempotency_key: None,
                    ..Default::default()
                };
                let recorded = sales::record_sale(&db, &admin.actor(), &input).await.unwrap();
                let expected: i64 = lines.iter().map(|(p, q)| [1_250_000i64, 900_000, 330_000][*p] * q).sum();
                assert_eq!(recorded.sale.total, Money(expected));
                *tally.entry(day).or_default() += expected;
                sale_ids.push(recorded.sale.id);
            }
            Op::Return { nth } => {
                if sale_ids.is_empty() {
                    continue;
                }
                let id = sale_ids[nth % sale_ids.len()];
                if let Ok(refund) = sales::record_return(&db, &admin.actor(), id, None).await {
                    *tally.entry(today).or_default() += refund.sale.total.0;
                }
            }
            Op::Purchase { branch, product, qty, cost_som } => {
                let line = PurchaseLine {
                    product_id: products[product],
                    qty: Qty::units(qty),
                    unit_cost: Money::from_som(cost_som),
                };
                purchases::record_purchase(&db, &admin.actor(), branches[branch], None, &[line]).await.unwrap();
            }
            Op::Transfer { from, product, qty } => {
                let lines = [(products[product], Qty::units(qty))];
                stock::transfer(&db, &admin.actor(), branches[from], branches[1 - from], &lines).await.unwrap();
            }
            Op::Count { branch, product, counted } => {
                let lines = [(products[product], Qty::units(counted))];
                stock::post_count(&db, &admin.actor(), branches[branch], &lines, "test").await.unwrap();
            }
        }
    }

    // Stock equals the sum of its moves, everywhere.
    let mismatched: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM stock s WHERE s.qty <> (SELECT COALESCE(CAST(SUM(m.qty_delta) AS BIGINT), 0) FROM stock_moves m
                                                   WHERE m.branch_id = s.branch_id AND m.product_id = s.product_id)",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(mismatched, 0, "stock differs from the sum of its moves");

    // Lookups from the rollups equal the brute-force sums, for every scope and several periods.
    let scopes = [
        Scope { company_id: admin.company_id, branch_id: None, cashier_id: None },
        Scope { company_id: admin.company_id, branch_id: Some(branches[0]), cashier_id: None },
        Scope { company_id: admin.company_id, branch_id: Some(branches[1]), cashier_id: None },
    ];
    let periods = [
        (today, today),
        (today - Days::new(6), today),
        (today - Days::new(44), today),
        (today - Days::new(40), today - Days::new(20)),
    ];
    for scope in scopes {
        for (from, to) in periods {
            let fast = lookup::summary_in_scope(&db, scope, from, to).await.unwrap();
            let slow = lookup::summary_from_receipts(&db, scope, from, to).await.unwrap();
            assert_eq!(fast, slow, "{scope:?} {from}..{to}");
        }
    }
    for (from, to) in periods {
        let whole = lookup::summary_in_scope(&db, scopes[0], from, to).await.unwrap();
        let expected: i64 = tally.iter().filter(|(d, _)| **d >= from && **d <= to).map(|(_, t)| *t).sum();
        assert_eq!(whole.total, expected, "{from}..{to}");
        let mut by_branch = 0;
        for scope in &scopes[1..] {
            by_branch += lookup::summary_in_scope(&db, *scope, from, to).await.unwrap().total;
        }
        assert_eq!(by_branch, expected, "branches add up to the company");
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn stock_and_lookups_agree_on_sqlite(ops in prop::collection::vec(op(), 1..50)) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let test_db = common::TestDb::sqlite().await;
            run(test_db.db.clone(), ops).await;
        });
    }

    #[test]
    fn stock_and_lookups_agree_on_postgres(ops in prop::collection::vec(op(), 1..50)) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            if let Some(test_db) = common::TestDb::postgres().await {
                run(test_db.db.clone(), ops).await;
            }
        });
    }
}
