//! The bulk import path: a file of sales goes in set-based, yet its books are exactly those
//! of the same receipts rung up one at a time at the till; files stream (CSV and XLSX) past
//! the old 50,000-row cap; every rule still refuses the whole file.

mod common;

use common::fixtures::company_with_cola;
use savdo::db::Db;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::Member;
use savdo::domain::customers::{self, CustomerInput};
use savdo::domain::events::Event;
use savdo::domain::import::{self, Outcome};
use savdo::domain::money::{Money, Qty};
use savdo::domain::purchases;
use savdo::domain::sales::{self, LineInput, Payment, SaleInput, SaleType};

/// A second product with a minimum of 10 (20 received), and a customer with no limit.
async fn stock_up(db: &Db, admin: &Member) -> (i64, i64) {
    let input = ProductInput {
        code: "B-200".into(),
        barcode: Some("4780000000200".into()),
        name: "Non 500 g".into(),
        unit: "pcs".into(),
        purchase_price: Money::from_som(3_000),
        sale_price: Money::from_som(4_000),
        min_qty: Qty::units(10),
        wholesale_price: None,
    };
    let bread = catalog::save_product(db, &admin.actor(), &input).await.unwrap().id;
    let line = purchases::PurchaseLine { product_id: bread, qty: Qty::units(20), unit_cost: Money::from_som(3_000) };
    purchases::record_purchase(db, &admin.actor(), admin.branch_id.unwrap(), None, &[line]).await.unwrap();
    let ali = CustomerInput { name: "Ali Valiyev".into(), phone: Some("901234567".into()), ..Default::default() };
    let ali = customers::add(db, &admin.actor(), &ali).await.unwrap().id;
    (bread, ali)
}

/// One receipt of the test: number, minutes after the first, payment, type, lines of
/// (product code, qty in thousandths, price in so‘m or none, discount in so‘m).
struct Receipt {
    number: String,
    minute: i64,
    payment: Payment,
    sale_type: SaleType,
    lines: Vec<(&'static str, i64, Option<i64>, i64)>,
}

/// 60 receipts that sell the cola below zero (50 in stock) and cross the bread's minimum,
/// mixing payments, wholesale, price overrides, fractions and discounts.
fn receipts() -> Vec<Receipt> {
    let payments = [Payment::Cash, Payment::Card, Payment::Debt, Payment::Transfer, Payment::Cash, Payment::Click];
    (0..60)
        .map(|i: i64| {
            let mut lines = vec![("A-100", 1000 + (i % 3) * 500, None, 0)];
            if i % 4 == 0 {
                lines.push(("B-200", 1000, Some(4_500 + i * 10), if i % 8 == 0 { 500 } else { 0 }));
            }
            Receipt {
                number: format!("R-{i}"),
                // Days apart, so rollups span days and months.
                minute: i * 997,
                payment: payments[i as usize % payments.len()],
                sale_type: if i % 5 == 0 { SaleType::Wholesale } else { SaleType::Retail },
                lines,
            }
        })
        .collect()
}

const START: i64 = 1_761_980_400; // 2025-11-01 07:00 UTC, 12:00 in Tashkent

fn moment(minute: i64) -> String {
    let at = chrono::DateTime::from_timestamp(START + minute * 60, 0).unwrap();
    at.with_timezone(&chrono_tz::Asia::Tashkent).format("%Y-%m-%d %H:%M").to_string()
}

/// The receipts as a file's rows, the newest first (the import orders them by time).
fn table(receipts: &[Receipt]) -> Vec<Vec<String>> {
    let mut rows =
        vec![["date", "branch", "receipt", "product_code", "qty", "payment", "type", "price", "discount", "customer"]
            .map(String::from)
            .to_vec()];
    for r in receipts.iter().rev() {
        for (code, qty, price, discount) in &r.lines {
            rows.push(vec![
                moment(r.minute),
                "markaz".into(),
                r.number.clone(),
                code.to_string(),
                format!("{}.{:03}", qty / 1000, qty % 1000),
                r.payment.as_str().into(),
                r.sale_type.as_str().into(),
                price.map(|p| p.to_string()).unwrap_or_default(),
                if *discount > 0 { discount.to_string() } else { String::new() },
                if r.payment == Payment::Debt { "Ali Valiyev".into() } else { String::new() },
            ]);
        }
    }
    rows
}

/// Everything a sale touches, named so two companies compare: stock, receipts and lines,
/// rollups, the ledger per account (and the customer's part), cash, the activity log.
async fn books(db: &Db, company: i64) -> Vec<String> {
    let queries = [
        "SELECT p.code || ' ' || s.qty || ' ' || s.value || ' ' || s.avg_cost FROM stock s JOIN products p ON p.id = s.product_id
         WHERE s.company_id = $1 ORDER BY p.code",
        "SELECT idempotency_key || ' ' || day || ' ' || sold_at || ' ' || kind || ' ' || sale_type || ' ' || payment || ' ' || total
                || ' ' || vat || ' ' || discount || ' ' || cost || ' ' || source
         FROM sales WHERE company_id = $1 ORDER BY idempotency_key",
        "SELECT s.idempotency_key || ' ' || p.code || ' ' || l.qty || ' ' || l.unit_price || ' ' || l.discount || ' ' || l.total
                || ' ' || l.vat || ' ' || l.vat_rate_bp || ' ' || l.cost
         FROM sale_lines l JOIN sales s ON s.id = l.sale_id JOIN products p ON p.id = l.product_id
         WHERE l.company_id = $1 ORDER BY s.idempotency_key, p.code",
        "SELECT day || ' ' || CASE WHEN branch_id = 0 THEN 'all' ELSE 'branch' END || ' ' || sale_type || ' ' || payment
                || ' ' || receipts || ' ' || returns || ' ' || total || ' ' || returned || ' ' || vat || ' ' || cost
         FROM sales_day WHERE company_id = $1 ORDER BY 1",
        "SELECT day || ' ' || cashier_id || ' ' || receipts || ' ' || total FROM sales_day_cashier WHERE company_id = $1 ORDER BY 1",
        "SELECT r.day || ' ' || CASE WHEN r.branch_id = 0 THEN 'all' ELSE 'branch' END || ' ' || p.code || ' ' || r.qty || ' ' || r.total
         FROM sales_day_product r JOIN products p ON p.id = r.product_id WHERE r.company_id = $1 ORDER BY 1",
        "SELECT r.month || ' ' || CASE WHEN r.branch_id = 0 THEN 'all' ELSE 'branch' END || ' ' || p.code || ' ' || r.qty || ' ' || r.total
         FROM sales_month_product r JOIN products p ON p.id = r.product_id WHERE r.company_id = $1 ORDER BY 1",
        "SELECT e.day || ' ' || e.ref_kind || ' ' || l.account_code || ' ' || l.debit || ' ' || l.credit || ' ' || COALESCE(c.name, '-')
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id LEFT JOIN customers c ON c.id = l.party_id
         WHERE l.company_id = $1 ORDER BY 1",
        "SELECT m.kind || ' ' || m.amount FROM cash_moves m WHERE m.company_id = $1 ORDER BY 1",
        "SELECT m.reason || ' ' || p.code || ' ' || m.qty_delta FROM stock_moves m JOIN products p ON p.id = m.product_id
         WHERE m.company_id = $1 ORDER BY 1",
    ];
    let mut lines = Vec::new();
    for sql in queries {
        let rows: Vec<String> = sqlx::query_scalar(sql).bind(company).fetch_all(&db.pool).await.unwrap();
        lines.push(format!("-- {} rows of {}", rows.len(), sql.split_whitespace().nth(1).unwrap_or("")));
        lines.extend(rows);
    }
    // The activity log, but for the branch's id (the two companies' differ).
    let logged: Vec<String> =
        sqlx::query_scalar("SELECT changes FROM audit_log WHERE company_id = $1 AND action = 'sale.recorded'")
            .bind(company)
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let mut logged: Vec<String> = logged
        .iter()
        .map(|changes| {
            let mut changes: serde_json::Value = serde_json::from_str(changes).unwrap();
            changes.as_object_mut().unwrap().remove("branch_id");
            changes.to_string()
        })
        .collect();
    logged.sort();
    lines.push(format!("-- {} receipts logged", logged.len()));
    lines.extend(logged);
    lines
}

/// The books of an imported file equal those of the same receipts rung up one at a time at
/// the till, in the order they happened: stock and its value, every line's cost, rollups,
/// ledger, cash, stock moves, activity log; and the same minimum crossed once.
async fn an_import_books_what_the_till_would(db: Db) {
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let (beta, _, _) = company_with_cola(&db, 2, "Beta").await;
    stock_up(&db, &alfa).await;
    let (_, beta_ali) = stock_up(&db, &beta).await;
    let receipts = receipts();

    let outcome = import::import_sales(&db, &alfa.actor(), table(&receipts)).await.unwrap();
    let Outcome::Imported { receipts: count, rows, total, events } = outcome else { panic!("{outcome:?}") };
    assert_eq!((count, rows), (60, 75));

    let products = |code: &str| {
        let db = db.clone();
        let code = code.to_string();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM products WHERE company_id = $1 AND code = $2")
                .bind(beta.company_id)
                .bind(code)
                .fetch_one(&db.pool)
                .await
                .unwrap()
        }
    };
    let (cola, bread) = (products("A-100").await, products("B-200").await);
    let mut till_total = 0;
    let mut till_events = Vec::new();
    for r in &receipts {
        let input = SaleInput {
            branch_id: beta.branch_id.unwrap(),
            customer_id: (r.payment == Payment::Debt).then_some(beta_ali),
            sale_type: r.sale_type,
            payment: r.payment,
            lines: r
                .lines
                .iter()
                .map(|(code, qty, price, discount)| LineInput {
                    product_id: if *code == "A-100" { cola } else { bread },
                    qty: Qty(*qty),
                    unit_price: price.map(Money::from_som),
                    discount: Money::from_som(*discount),
                })
                .collect(),
            sold_at: Some(START + r.minute * 60),
            source: "import",
            idempotency_key: Some(format!("import:{}", r.number)),
            ..Default::default()
        };
        let recorded = sales::record_sale(&db, &beta.actor(), &input).await.unwrap();
        till_total += recorded.sale.total.0;
        till_events.extend(recorded.events);
    }
    assert_eq!(total.0, till_total);
    let crossed = |events: &[Event]| events.iter().filter(|e| matches!(e, Event::LowStock(_))).count();
    assert_eq!(crossed(&events), 1, "the bread's minimum, once: {events:?}");
    assert_eq!(crossed(&events), crossed(&till_events));

    let (imported, rung_up) = (books(&db, alfa.company_id).await, books(&db, beta.company_id).await);
    assert!(imported.len() > 400, "the comparison sees the books: {}", imported.len());
    for (a, b) in imported.iter().zip(&rung_up) {
        assert_eq!(a, b);
    }
    assert_eq!(imported.len(), rung_up.len());
}
db_test!(import_equals_till, super::an_import_books_what_the_till_would);

/// An XLSX file streams in (the sheet is read cell by cell), and a CSV of more rows than the
/// old 50,000 cap goes in whole, in one transaction.
async fn files_stream_past_the_old_cap(db: Db) {
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let header = ["date", "branch", "receipt", "product_code", "qty", "payment"];
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_row(0, 0, header).unwrap();
    sheet.write_row(1, 0, ["2026-11-20 10:00", "Markaz", "X-1", "A-100"]).unwrap();
    sheet.write_number(1, 4, 2.5).unwrap();
    sheet.write_string(1, 5, "card").unwrap();
    let xlsx = book.save_to_buffer().unwrap();
    let outcome = import::import_file(&db, &alfa.actor(), "sales.xlsx", std::io::Cursor::new(xlsx)).await.unwrap();
    assert!(matches!(outcome, Outcome::Imported { receipts: 1, rows: 1, .. }), "{outcome:?}");

    let rows = 60_000;
    let mut csv = header.join(";") + "\n";
    for i in 0..rows {
        let receipt = i / 2;
        csv.push_str(&format!(
            "2026-11-{:02} 10:{:02};Markaz;C-{receipt};A-100;1;cash\n",
            1 + receipt % 19,
            receipt % 60
        ));
    }
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &csv).unwrap();
    let source = std::fs::File::open(file.path()).unwrap();
    let outcome = import::import_file(&db, &alfa.actor(), "big.csv", source).await.unwrap();
    let Outcome::Imported { receipts, rows: imported, total, .. } = outcome else {
        panic!(
            "refused: {:?}",
            match outcome {
                Outcome::Refused(p) => p.into_iter().take(3).collect::<Vec<_>>(),
                _ => vec![],
            }
        )
    };
    assert_eq!((receipts, imported), (rows / 2, rows));
    assert_eq!(total, Money::from_som(12_500 * rows as i64));
    let stock: i64 = sqlx::query_scalar("SELECT qty FROM stock WHERE company_id = $1")
        .bind(alfa.company_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(stock, Qty::units(50).0 - 2_500 - Qty::units(rows as i64).0, "50 received, 2.5 and then one a row sold");
    let (debit, credit): (i64, i64) = sqlx::query_as(
        "SELECT CAST(SUM(debit) AS BIGINT), CAST(SUM(credit) AS BIGINT) FROM journal_lines WHERE company_id = $1",
    )
    .bind(alfa.company_id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(debit, credit);

    // The same file again: every receipt is already there, and nothing doubles.
    let source = std::fs::File::open(file.path()).unwrap();
    let again = import::import_file(&db, &alfa.actor(), "big.csv", source).await.unwrap();
    let Outcome::Refused(problems) = again else { panic!("{again:?}") };
    assert_eq!(problems.len(), 1000, "the first thousand problems say enough");
    assert!(problems.iter().all(|p| p.key == "import-already"));
}
db_test!(streaming, super::files_stream_past_the_old_cap);

/// Rules only the batch sees refuse the whole file at the receipt that breaks them: a
/// customer's credit limit reached part-way through, a discount above its line.
async fn batch_rules_refuse_the_whole_file(db: Db) {
    let (alfa, _, _) = company_with_cola(&db, 1, "Alfa").await;
    let a = alfa.actor();
    let input =
        CustomerInput { name: "Vali".into(), credit_limit: Some(Money::from_som(30_000)), ..Default::default() };
    customers::add(&db, &a, &input).await.unwrap();
    let rows = |lines: &[[&str; 3]]| -> Vec<Vec<String>> {
        let header = ["date", "branch", "receipt", "product_code", "qty", "payment", "customer"].map(String::from);
        let body = lines.iter().map(|[date, receipt, payment]| {
            let customer = if *payment == "debt" { "Vali" } else { "" };
            [*date, "Markaz", *receipt, "A-100", "1", *payment, customer].map(String::from).to_vec()
        });
        std::iter::once(header.to_vec()).chain(body).collect()
    };
    // Two bottles (25,000) fit the 30,000 limit; the third sale on credit would not.
    let outcome = import::import_sales(
        &db,
        &a,
        rows(&[
            ["2026-11-20 12:00", "D-3", "debt"],
            ["2026-11-20 10:00", "D-1", "debt"],
            ["2026-11-20 11:00", "D-2", "debt"],
        ]),
    )
    .await
    .unwrap();
    let Outcome::Refused(problems) = outcome else { panic!("{outcome:?}") };
    assert_eq!((problems[0].line, problems[0].key, problems[0].value.as_str()), (2, "err-credit-limit", "D-3"));
    let sales: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sales WHERE company_id = $1")
        .bind(alfa.company_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(sales, 0, "nothing of a refused file is kept");
}
db_test!(batch_rules, super::batch_rules_refuse_the_whole_file);
