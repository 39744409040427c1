//! The ledger under every movement: a hand-computed month, and 10,000 random operations
//! across two companies that must keep the books balanced and in step with stock and cash.

mod common;

use common::fixtures::{member_with_role, sale_input as sale};

use chrono::Days;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use savdo::db::Db;
use savdo::domain::cash::{self, Direction};
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Member, Tin};
use savdo::domain::customers::{self, CustomerInput, PaymentInput};
use savdo::domain::expenses::{self, NewExpense, PaidFrom};
use savdo::domain::ledger;
use savdo::domain::lookup;
use savdo::domain::money::{Money, Qty};
use savdo::domain::partners::{self, PartnerKind};
use savdo::domain::purchases::{self, PurchaseLine};
use savdo::domain::roles::Role;
use savdo::domain::sales::{self, Payment, SaleInput};
use savdo::domain::statements;
use savdo::domain::stock;

async fn company(db: &Db, telegram_id: i64, name: &str) -> Member {
    let user = company::touch_user(db, telegram_id, name, Some("uz")).await.unwrap();
    company::create_company(db, user.id, name, &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap()
}

async fn product(db: &Db, admin: &Member, code: &str, price_som: i64) -> i64 {
    let input = ProductInput {
        code: code.into(),
        barcode: None,
        name: format!("Product {code}"),
        unit: "pcs".into(),
        purchase_price: Money::from_som(price_som / 2),
        sale_price: Money::from_som(price_som),
        min_qty: Qty::units(0),
        wholesale_price: None,
    };
    catalog::save_product(db, &admin.actor(), &input).await.unwrap().id
}

/// A month written out by hand (figures in so‘m; see the comments for the arithmetic).
async fn hand_computed_month(db: Db) {
    let admin = company(&db, 1, "Alfa").await;
    let branch = admin.branch_id.unwrap();
    let cashier = member_with_role(&db, &admin, 2, Role::Cashier, Some(branch)).await;
    let cola = product(&db, &admin, "COLA", 22_400).await;
    let pepsi = product(&db, &admin, "PEPSI", 8_960).await;
    let supplier = partners::add(&db, &admin.actor(), PartnerKind::Supplier, "Nestle", None, None).await.unwrap();
    let som = Money::from_som;

    // The cashier opens the shift with an empty drawer: nothing to post.
    cash::open_shift(&db, &cashier.actor(), som(0)).await.unwrap();
    // 100 cola at 11 200 (VAT 120 000, goods 1 000 000); 50 pepsi at 5 600 (VAT 30 000, goods 250 000).
    let lines = [
        PurchaseLine { product_id: cola, qty: Qty::units(100), unit_cost: som(11_200) },
        PurchaseLine { product_id: pepsi, qty: Qty::units(50), unit_cost: som(5_600) },
    ];
    purchases::record_purchase(&db, &admin.actor(), branch, Some(supplier.id), &lines).await.unwrap();
    // Cash: 10 cola at 22 400 = 224 000 (VAT 24 000, net 200 000, cost 100 000).
    sales::record_sale(&db, &admin.actor(), &sale(branch, Some(cashier.user_id), Payment::Cash, &[(cola, 10, 22_400)]))
        .await
        .unwrap();
    // Card: 20 pepsi at 8 960 = 179 200 (VAT 19 200, net 160 000, cost 100 000).
    sales::record_sale(&db, &admin.actor(), &sale(branch, Some(cashier.user_id), Payment::Card, &[(pepsi, 20, 8_960)]))
        .await
        .unwrap();
    // On credit: 5 cola at 16 800 = 84 000 (VAT 9 000, net 75 000, cost 50 000), then returned whole.
    let buyer = customers::add(&db, &admin.actor(), &CustomerInput { name: "Nasiya".into(), ..Default::default() })
        .await
        .unwrap();
    let on_credit = SaleInput {
        customer_id: Some(buyer.id),
        ..sale(branch, Some(cashier.user_id), Payment::Debt, &[(cola, 5, 16_800)])
    };
    let credit = sales::record_sale(&db, &admin.actor(), &on_credit).await.unwrap();
    sales::record_return(&db, &cashier.actor(), credit.sale.id, None).await.unwrap();
    // Rent 80 000 from the bank (9420), delivery 50 000 from the till (9410), both approved.
    let cats = expenses::categories(&db, admin.company_id).await.unwrap();
    let cat = |account: &str| cats.iter().find(|c| c.account_code == account).unwrap().id;
    for (amount, account, paid_from) in [(80_000, "9420", PaidFrom::Bank), (50_000, "9410", PaidFrom::Cash)] {
        let new = NewExpense {
            amount: som(amount),
            category_id: cat(account),
            description: "test".into(),
            photo_file_id: None,
            paid_from,
        };
        let filed = expenses::submit(&db, &cashier.actor(), &new).await.unwrap();
        expenses::approve(&db, &admin.actor(), filed.expense.id).await.unwrap();
    }
    // 150 000 paid to the supplier from the bank; 100 000 of cash taken to the bank.
    cash::pay_supplier(&db, &admin.actor(), branch, supplier.id, som(150_000), false).await.unwrap();
    cash::move_cash(&db, &cashier.actor(), som(100_000), Direction::Out).await.unwrap();
    // The count finds 89 cola where the books say 90: a shortage of 10 000 at average cost.
    stock::post_count(&db, &admin.actor(), branch, &[(cola, Qty::units(89))], "monthly").await.unwrap();
    // The till should hold 224 000 − 50 000 − 100 000 = 74 000; the cashier counts 73 000.
    let closed = cash::close_shift(&db, &cashier.actor(), som(73_000)).await.unwrap();
    assert_eq!((closed.expected, closed.difference), (som(74_000), som(-1_000)));

    let today = lookup::today(&db, admin.company_id).await.unwrap();
    let from = today - Days::new(30);
    let pnl = statements::pnl(&db, admin.company_id, from, today).await.unwrap();
    let s = |som: i64| som * 100;
    assert_eq!(pnl.revenue, s(435_000));
    assert_eq!(pnl.returns, s(75_000));
    assert_eq!(pnl.net_revenue, s(360_000));
    assert_eq!(pnl.cost_of_sales, s(200_000));
    assert_eq!(pnl.gross_profit, s(160_000));
    assert_eq!((pnl.selling, pnl.administrative, pnl.other_expenses), (s(50_000), s(80_000), 0));
    assert_eq!(pnl.operating_profit, s(30_000));
    assert_eq!(pnl.profit_tax, s(4_500), "15 % of 30 000");
    assert_eq!(pnl.net_profit, s(25_500));
    // VAT payable: output 24 000 + 19 200 + 9 000 − 9 000 = 43 200, less input 150 000.
    assert_eq!(ledger::vat_payable(&db, admin.company_id, from, today).await.unwrap(), s(-106_800));

    let sheet = statements::balance_sheet(&db, admin.company_id, today).await.unwrap();
    let line = |lines: &[statements::SheetLine], code: &str| {
        lines.iter().find(|l| l.code == code).map(|l| l.amount).unwrap_or(0)
    };
    assert_eq!(line(&sheet.assets, "2910"), s(1_040_000));
    assert_eq!(line(&sheet.assets, "4410"), s(150_000));
    assert_eq!(line(&sheet.assets, "5010"), s(73_000));
    assert_eq!(line(&sheet.assets, "5110"), s(49_200));
    assert_eq!(line(&sheet.assets, "5910"), s(11_000));
    assert_eq!(line(&sheet.assets, "4010"), 0);
    assert_eq!(line(&sheet.liabilities, "6010"), s(1_250_000));
    assert_eq!(line(&sheet.liabilities, "6410"), s(43_200));
    assert_eq!(sheet.current_result, s(30_000));
    assert_eq!(sheet.total_assets, s(1_323_200));
    assert_eq!(sheet.total_liabilities_and_equity, s(1_323_200));

    let flow = statements::cash_flow(&db, admin.company_id, from, today).await.unwrap();
    let by = |kind: &str| flow.flows.iter().find(|(k, _)| k == kind).map(|(_, a)| *a).unwrap_or(0);
    assert_eq!(by("sale"), s(403_200));
    assert_eq!(by("expense"), s(-130_000));
    assert_eq!(by("supplier_payment"), s(-150_000));
    assert_eq!(by("shift_close"), s(-1_000));
    assert_eq!(by("cash_out"), 0, "cash to bank is not a flow");
    assert_eq!((flow.opening, flow.closing), (0, s(122_200)));
}
db_test!(fixture_month, super::hand_computed_month);

/// 10,000 random operations across two companies.
async fn random_operations_keep_the_books(db: Db) {
    let ops: usize = std::env::var("LEDGER_OPS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let mut rng = StdRng::seed_from_u64(21);
    let mut companies = Vec::new();
    for (i, name) in ["Alfa", "Beta"].into_iter().enumerate() {
        let admin = company(&db, 100 + i as i64, name).await;
        let second = company::add_branch(&db, &admin.actor(), "Chilonzor").await.unwrap();
        let branches = [admin.branch_id.unwrap(), second.id];
        let cashier = member_with_role(&db, &admin, 200 + i as i64, Role::Cashier, Some(branches[0])).await;
        let mut products = Vec::new();
        for (j, price) in [12_500, 9_000, 3_300, 47_000].into_iter().enumerate() {
            products.push(product(&db, &admin, &format!("P{j}"), price).await);
        }
        let supplier = partners::add(&db, &admin.actor(), PartnerKind::Supplier, "Supplier", None, None).await.unwrap();
        let mut buyers = Vec::new();
        for (name, limit) in [("Olim", None), ("Zarina", Some(Money::from_som(300_000)))] {
            let input = CustomerInput { name: name.into(), credit_limit: limit, ..Default::default() };
            buyers.push(customers::add(&db, &admin.actor(), &input).await.unwrap().id);
        }
        companies.push((admin, branches, cashier, products, supplier.id, Vec::<i64>::new(), buyers));
    }
    for _ in 0..ops {
        let c = rng.random_range(0..2);
        let (admin, branches, cashier, products, supplier, sales_made, buyers) = &mut companies[c];
        let branch = branches[rng.random_range(0..2)];
        let p = products[rng.random_range(0..products.len())];
        match rng.random_range(0..110) {
            0..=39 => {
                let payment = Payment::ALL[rng.random_range(0..6)];
                let who = if branch == branches[0] { Some(cashier.user_id) } else { None };
                let mut input =
                    sale(branch, who, payment, &[(p, rng.random_range(1..4), rng.random_range(1_000..60_000))]);
                if payment == Payment::Debt {
                    input.customer_id = Some(buyers[rng.random_range(0..2)]);
                    if rng.random_bool(0.3) {
                        input.paid_now = Some((Payment::Cash, Money(rng.random_range(1..100_000))));
                    }
                }
                match sales::record_sale(&db, &admin.actor(), &input).await {
                    Ok(recorded) => sales_made.push(recorded.sale.id),
                    // Past the credit limit, or paid now in full: refused, nothing posted.
                    Err(savdo::domain::Error::Refused(_)) if payment == Payment::Debt => {}
                    Err(e) => panic!("{e:#?}"),
                }
            }
            100..=109 => {
                let buyer = buyers[rng.random_range(0..2)];
                let owed = customers::get(&db, &admin.actor(), buyer).await.unwrap().balance;
                if owed.0 > 0 {
                    let method = [Payment::Cash, Payment::Card, Payment::Transfer][rng.random_range(0..3)];
                    let amount = Money(rng.random_range(1..=owed.0));
                    let input =
                        PaymentInput { amount, payment: method, branch_id: Some(branch), idempotency_key: None };
                    customers::record_payment(&db, &admin.actor(), buyer, &input).await.unwrap();
                }
                let too_much =
                    PaymentInput { amount: Money(owed.0.max(0) + 1), branch_id: Some(branch), ..Default::default() };
                assert!(customers::record_payment(&db, &admin.actor(), buyer, &too_much).await.is_err());
            }
            40..=44 if !sales_made.is_empty() => {
                let id = sales_made[rng.random_range(0..sales_made.len())];
                let _ = sales::record_return(&db, &admin.actor(), id, None).await;
            }
            45..=64 => {
                let line = PurchaseLine {
                    product_id: p,
                    qty: Qty(rng.random_range(1_000..20_000)),
                    unit_cost: Money(rng.random_range(50_000..3_000_000)),
                };
                purchases::record_purchase(&db, &admin.actor(), branch, Some(*supplier), &[line]).await.unwrap();
            }
            65..=69 => {
                cash::pay_supplier(
                    &db,
                    &admin.actor(),
                    branch,
                    *supplier,
                    Money(rng.random_range(1..5_000_000)),
                    rng.random_bool(0.5),
                )
                .await
                .unwrap();
            }
            70..=77 => {
                let cats = expenses::categories(&db, admin.company_id).await.unwrap();
                let new = NewExpense {
                    amount: Money(rng.random_range(1..20_000_000)),
                    category_id: cats[rng.random_range(0..cats.len())].id,
                    description: "random".into(),
                    photo_file_id: None,
                    paid_from: if rng.random_bool(0.5) { PaidFrom::Cash } else { PaidFrom::Bank },
                };
                let filed = expenses::submit(&db, &cashier.actor(), &new).await.unwrap();
                if rng.random_bool(0.8) {
                    expenses::approve(&db, &admin.actor(), filed.expense.id).await.unwrap();
                    assert!(
                        expenses::approve(&db, &admin.actor(), filed.expense.id).await.is_err(),
                        "a second approval posts nothing"
                    );
                }
            }
            78..=83 => {
                let direction = if rng.random_bool(0.5) { Direction::In } else { Direction::Out };
                cash::move_cash(&db, &cashier.actor(), Money(rng.random_range(1..3_000_000)), direction).await.unwrap();
            }
            84..=89 => {
                stock::post_count(&db, &admin.actor(), branch, &[(p, Qty(rng.random_range(0..30_000)))], "random")
                    .await
                    .unwrap();
            }
            90..=94 => {
                let other = if branch == branches[0] { branches[1] } else { branches[0] };
                stock::transfer(&db, &admin.actor(), branch, other, &[(p, Qty(rng.random_range(1..5_000)))])
                    .await
                    .unwrap();
            }
            _ => {
                if cash::close_shift(&db, &cashier.actor(), Money(rng.random_range(0..50_000_000))).await.is_err() {
                    cash::open_shift(&db, &cashier.actor(), Money(rng.random_range(0..5_000_000))).await.unwrap();
                }
            }
        }
    }

    let today = lookup::today(&db, companies[0].0.company_id).await.unwrap();
    for (admin, ..) in &companies {
        let id = admin.company_id;
        let rows = ledger::trial_balance(&db, id, today - Days::new(3650), today).await.unwrap();
        let (debit, credit): (i64, i64) = rows.iter().fold((0, 0), |(d, c), r| (d + r.debit, c + r.credit));
        assert_eq!(debit, credit, "trial balance of company {id}");
        assert_eq!(rows.iter().map(|r| r.closing).sum::<i64>(), 0);
        let goods = ledger::balance(&db, id, "2910", today).await.unwrap();
        let stock_value: i64 =
            sqlx::query_scalar("SELECT CAST(COALESCE(SUM(value), 0) AS BIGINT) FROM stock WHERE company_id = $1")
                .bind(id)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(goods, stock_value, "2910 equals the stock's value at average cost");
        let cash_book = ledger::balance(&db, id, "5010", today).await.unwrap();
        let registers: i64 =
            sqlx::query_scalar("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM cash_moves WHERE company_id = $1")
                .bind(id)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(cash_book, registers, "5010 equals the registers");
        let sheet = statements::balance_sheet(&db, id, today).await.unwrap();
        assert_eq!(sheet.total_assets, sheet.total_liabilities_and_equity);
        // 4010 is what the customers owe; 6010 what is owed to the suppliers.
        let receivable = ledger::balance(&db, id, "4010", today).await.unwrap();
        let owed_by: i64 =
            customers::find(&db, &admin.actor(), "", 1_000).await.unwrap().iter().map(|c| c.balance.0).sum();
        assert_eq!(receivable, owed_by, "4010 = Σ customer balances");
        let debts: i64 =
            customers::debts(&db, &admin.actor(), today).await.unwrap().iter().map(|d| d.customer.balance.0).sum();
        assert!(debts >= owed_by, "the debts list holds every customer who owes");
        let payable = ledger::balance(&db, id, "6010", today).await.unwrap();
        let owed_to: i64 =
            partners::supplier_balances(&db, &admin.actor()).await.unwrap().iter().map(|s| s.owed.0).sum();
        assert_eq!(-payable, owed_to, "6010 = Σ supplier balances");
        assert_eq!(partners::unnamed_owed(&db, &admin.actor()).await.unwrap(), Money(0));
    }
    // No entry has lines of another company, and every entry balances.
    let crossing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.company_id <> e.company_id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(crossing, 0);
    let unbalanced: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id HAVING SUM(debit) <> SUM(credit)) x",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(unbalanced, 0);
    let foreign_moves: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cash_moves m JOIN cash_registers r ON r.id = m.register_id WHERE r.company_id <> m.company_id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(foreign_moves, 0);
}
db_test!(random_operations, super::random_operations_keep_the_books);

/// A posted entry is corrected only by its mirror, once; goods are never reversed this way.
async fn reversal_mirrors_once(db: Db) {
    let admin = company(&db, 1, "Alfa").await;
    let branch = admin.branch_id.unwrap();
    let cola = product(&db, &admin, "COLA", 12_500).await;
    let supplier = partners::add(&db, &admin.actor(), PartnerKind::Supplier, "Nestle", None, None).await.unwrap();
    let line = PurchaseLine { product_id: cola, qty: Qty::units(10), unit_cost: Money::from_som(11_200) };
    purchases::record_purchase(&db, &admin.actor(), branch, Some(supplier.id), &[line]).await.unwrap();
    let payment =
        cash::pay_supplier(&db, &admin.actor(), branch, supplier.id, Money::from_som(50_000), true).await.unwrap();
    let today = lookup::today(&db, admin.company_id).await.unwrap();
    assert_eq!(ledger::balance(&db, admin.company_id, "6010", today).await.unwrap(), -6_200_000);
    ledger::reverse(&db, admin.company_id, payment, today, "paid twice by mistake").await.unwrap();
    assert_eq!(ledger::balance(&db, admin.company_id, "6010", today).await.unwrap(), -11_200_000);
    assert_eq!(ledger::balance(&db, admin.company_id, "5010", today).await.unwrap(), 0);
    let registers: i64 = sqlx::query_scalar("SELECT CAST(SUM(amount) AS BIGINT) FROM cash_moves WHERE company_id = $1")
        .bind(admin.company_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(registers, 0, "the register gets the money back too");
    assert!(ledger::reverse(&db, admin.company_id, payment, today, "again").await.is_err(), "reversed once");
    let purchase: i64 =
        sqlx::query_scalar("SELECT id FROM journal_entries WHERE company_id = $1 AND ref_kind = 'purchase'")
            .bind(admin.company_id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert!(ledger::reverse(&db, admin.company_id, purchase, today, "goods").await.is_err(), "goods move by documents");
    let other = company(&db, 2, "Beta").await;
    assert!(ledger::reverse(&db, other.company_id, payment, today, "not mine").await.is_err());
}
db_test!(reversal, super::reversal_mirrors_once);
