//! Timed work runs once even when two server instances tick at the same moment on one database.

mod common;

use chrono::TimeZone;
use savdo::db::Db;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Tin};
use savdo::domain::money::{Money, Qty};
use savdo::telegram_stub::Harness;

async fn digest_is_sent_once_by_two_instances(db: Db) {
    let user = company::touch_user(&db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin =
        company::create_company(&db, user.id, "Alfa", &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap();
    let input = ProductInput {
        code: "A-1".into(),
        barcode: None,
        name: "Un 1 kg".into(),
        unit: "pcs".into(),
        purchase_price: Money::from_som(7_000),
        sale_price: Money::from_som(8_000),
        min_qty: Qty::units(10),
        wholesale_price: None,
    };
    catalog::save_product(&db, &admin.actor(), &input).await.unwrap();
    // Two instances: two harnesses (two stubs) over one database.
    let first = Harness::new(db.clone()).await.unwrap();
    let second = Harness::new(db.clone()).await.unwrap();
    let tz = chrono_tz::Asia::Tashkent;
    let nine = tz.with_ymd_and_hms(2026, 11, 23, 9, 0, 30).unwrap().timestamp();
    let (a, b) = tokio::join!(savdo::jobs::digest::run(&first.app, nine), savdo::jobs::digest::run(&second.app, nine));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "one digest for the one admin");
    let sent: Vec<_> = first.stub.take_sent().into_iter().chain(second.stub.take_sent()).collect();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].text.as_deref().unwrap().contains("Un 1 kg — 0 dona (min 10 dona)"), "{sent:?}");
    // Later that morning: nothing new. Before nine the next day: nothing. At nine: again.
    assert_eq!(savdo::jobs::digest::run(&first.app, nine + 3600).await.unwrap(), 0);
    assert_eq!(savdo::jobs::digest::run(&first.app, nine + 23 * 3600).await.unwrap(), 0);
    assert_eq!(savdo::jobs::digest::run(&first.app, nine + 24 * 3600).await.unwrap(), 1);
    // A server that was down at nine catches up within three hours, not at night.
    assert_eq!(savdo::jobs::digest::run(&first.app, nine + 2 * 24 * 3600 + 4 * 3600).await.unwrap(), 0);
}
db_test!(digest_once, super::digest_is_sent_once_by_two_instances);

/// The daily housekeeping forgets update ids older than two days and job runs older than a
/// week, once per day across instances; what is recent still guards against repeats.
async fn housekeeping_prunes_once(db: Db) {
    let first = Harness::new(db.clone()).await.unwrap();
    let second = Harness::new(db.clone()).await.unwrap();
    // 06:00 UTC today: an hour later is still the same day (the test failed when run at 23:55).
    let now = savdo::db::now() / 86_400 * 86_400 + 6 * 3600;
    for (update_id, age) in [(1, 3 * 24 * 3600), (2, 3600)] {
        sqlx::query("INSERT INTO processed_updates (bot_id, update_id, created_at) VALUES ($1, $2, $3)")
            .bind(first.app.bot_id)
            .bind(update_id)
            .bind(now - age)
            .execute(&db.pool)
            .await
            .unwrap();
    }
    for (key, age) in [("old", 8 * 24 * 3600), ("recent", 24 * 3600)] {
        sqlx::query("INSERT INTO job_runs (job, run_key, created_at) VALUES ('digest', $1, $2)")
            .bind(key)
            .bind(now - age)
            .execute(&db.pool)
            .await
            .unwrap();
    }
    let (a, b) =
        tokio::join!(savdo::jobs::housekeeping::run(&first.app, now), savdo::jobs::housekeeping::run(&second.app, now));
    let done: Vec<(u64, u64)> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert_eq!(done, vec![(1, 1)], "one instance pruned one old update id and one old run");
    assert_eq!(savdo::jobs::housekeeping::run(&first.app, now + 3600).await.unwrap(), None, "once a day");
    assert!(!savdo::db::updates::record(&db, first.app.bot_id, 2).await.unwrap(), "a recent id still drops a repeat");
    assert!(savdo::db::updates::record(&db, first.app.bot_id, 1).await.unwrap(), "an old one was forgotten");
    assert!(!savdo::db::job_runs::claim(&db, "digest", "recent").await.unwrap());
    assert!(savdo::db::job_runs::claim(&db, "digest", "old").await.unwrap());
}
db_test!(housekeeping, super::housekeeping_prunes_once);

/// On Monday from nine the admins and managers hear who owes for sales over 30 days old, once;
/// recent debts are not named, and other days send nothing.
async fn overdue_debts_weekly(db: Db) {
    use chrono::{Datelike, Days};
    use savdo::domain::customers::{self, CustomerInput};
    use savdo::domain::sales::{self, LineInput, Payment, SaleInput};
    let (admin, cola, _) = common::fixtures::company_with_cola(&db, 1, "Alfa").await;
    let tz = chrono_tz::Asia::Tashkent;
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let monday = today + Days::new(u64::from((7 - today.weekday().num_days_from_monday()) % 7));
    let monday_nine = tz.from_local_datetime(&monday.and_hms_opt(9, 5, 0).unwrap()).unwrap().timestamp();
    for (name, days_ago) in [("Olim", 40), ("Zarina", 3)] {
        let customer = customers::add(&db, &admin.actor(), &CustomerInput { name: name.into(), ..Default::default() })
            .await
            .unwrap();
        let input = SaleInput {
            branch_id: admin.branch_id.unwrap(),
            customer_id: Some(customer.id),
            payment: Payment::Debt,
            lines: vec![LineInput { product_id: cola, qty: Qty::units(2), unit_price: None, discount: Money(0) }],
            sold_at: Some(monday_nine - days_ago * 86_400),
            source: "test",
            ..Default::default()
        };
        sales::record_sale(&db, &admin.actor(), &input).await.unwrap();
    }
    let first = Harness::new(db.clone()).await.unwrap();
    let second = Harness::new(db.clone()).await.unwrap();
    assert_eq!(savdo::jobs::debts::run(&first.app, monday_nine - 3600).await.unwrap(), 0, "not before nine");
    let (a, b) = tokio::join!(
        savdo::jobs::debts::run(&first.app, monday_nine),
        savdo::jobs::debts::run(&second.app, monday_nine)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1, "one digest for the one admin");
    let sent: Vec<_> = first.stub.take_sent().into_iter().chain(second.stub.take_sent()).collect();
    let text = sent[0].text.clone().unwrap();
    assert!(text.contains("1 xaridor, jami 25 000 so‘m") && text.contains("• Olim"), "{text}");
    assert!(!text.contains("Zarina"), "{text}");
    assert_eq!(savdo::jobs::debts::run(&first.app, monday_nine + 3600).await.unwrap(), 0);
    assert_eq!(savdo::jobs::debts::run(&first.app, monday_nine + 86_400).await.unwrap(), 0, "Tuesday");
}
db_test!(overdue_debts, super::overdue_debts_weekly);

/// On Monday from nine the admin hears what is worth attention — a product running out, a
/// customer over 30 days late, stock that did not sell — each with a button that acts on it.
async fn weekly_recommendations(db: Db) {
    use chrono::{Datelike, Days};
    use savdo::domain::catalog;
    use savdo::domain::customers::{self, CustomerInput};
    use savdo::domain::purchases;
    use savdo::domain::sales::{self, LineInput, Payment, SaleInput};
    let (admin, cola, _) = common::fixtures::company_with_cola(&db, 1, "Alfa").await;
    let branch = admin.branch_id.unwrap();
    let tz = chrono_tz::Asia::Tashkent;
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let monday = today + Days::new(u64::from((7 - today.weekday().num_days_from_monday()) % 7));
    let monday_nine = tz.from_local_datetime(&monday.and_hms_opt(9, 5, 0).unwrap()).unwrap().timestamp();
    let fanta = catalog::save_product(&db, &admin.actor(), &common::fixtures::piece_product("B-1", "Fanta 1 l", 5))
        .await
        .unwrap()
        .id;
    let nails = catalog::save_product(&db, &admin.actor(), &common::fixtures::piece_product("C-1", "Mix nails", 0))
        .await
        .unwrap()
        .id;
    let received = [(fanta, 4), (nails, 40)].map(|(product_id, n)| purchases::PurchaseLine {
        product_id,
        qty: Qty::units(n),
        unit_cost: Money::from_som(1_000),
    });
    purchases::record_purchase(&db, &admin.actor(), branch, None, &received).await.unwrap();
    let olim = customers::add(&db, &admin.actor(), &CustomerInput { name: "Olim".into(), ..Default::default() })
        .await
        .unwrap();
    let on_credit = SaleInput {
        branch_id: branch,
        customer_id: Some(olim.id),
        payment: Payment::Debt,
        lines: vec![LineInput { product_id: cola, qty: Qty::units(2), unit_price: None, discount: Money(0) }],
        sold_at: Some(monday_nine - 40 * 86_400),
        source: "test",
        ..Default::default()
    };
    sales::record_sale(&db, &admin.actor(), &on_credit).await.unwrap();

    let harness = Harness::new(db.clone()).await.unwrap();
    assert_eq!(savdo::jobs::recommend::run(&harness.app, monday_nine - 3600).await.unwrap(), 0, "not before nine");
    assert_eq!(savdo::jobs::recommend::run(&harness.app, monday_nine).await.unwrap(), 1);
    let sent = harness.stub.take_sent();
    let text = sent[0].text.clone().unwrap();
    assert!(text.starts_with("💡 Haftalik kuzatuvlar:"), "{text}");
    assert!(text.contains("1. 1 ta mahsulot tugayapti, birinchisi Fanta 1 l (4 dona qoldi)"), "{text}");
    assert!(text.contains("2. 1 ta mijoz 30 kundan ortiq 25 000 so‘m"), "{text}");
    // Nothing sold in the last 30 days: Cola (its sale was 40 days before Monday), Fanta, nails.
    assert!(text.contains("3. 3 ta mahsulot 30 kun sotilmadi") && text.contains("masalan Coca-Cola 1,5 l"), "{text}");
    let labels: Vec<String> = sent[0].buttons.iter().flatten().map(|b| b.text.clone()).collect();
    assert_eq!(labels, vec!["🛒 Fanta 1 l (Markaz) buyurtma qilish", "👤 Olim", "Kam sotilayotgan mahsulotlar"]);
    assert_eq!(savdo::jobs::recommend::run(&harness.app, monday_nine + 3600).await.unwrap(), 0, "once a week");
}
db_test!(recommendations, super::weekly_recommendations);

/// Tax deadline reminders: three days before the 15th and the 20th at the digest time, to the
/// admin and the accountant (not the cashier), once even with two instances; a turnover-tax
/// payer hears of the 15th only.
async fn tax_deadline_reminders(db: Db) {
    use savdo::domain::roles::Role;
    let user = company::touch_user(&db, 1, "Aziz", Some("uz")).await.unwrap();
    let admin =
        company::create_company(&db, user.id, "Alfa", &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap();
    common::fixtures::member_with_role(&db, &admin, 2, Role::Accountant, None).await;
    common::fixtures::member_with_role(&db, &admin, 3, Role::Cashier, admin.branch_id).await;
    let first = Harness::new(db.clone()).await.unwrap();
    let second = Harness::new(db.clone()).await.unwrap();
    let tz = chrono_tz::Asia::Tashkent;
    let at = |day: u32, hour: u32| tz.with_ymd_and_hms(2026, 12, day, hour, 5, 0).unwrap().timestamp();
    assert_eq!(savdo::jobs::tax::run(&first.app, at(12, 8)).await.unwrap(), 0, "not before the digest time");
    let (a, b) =
        tokio::join!(savdo::jobs::tax::run(&first.app, at(12, 9)), savdo::jobs::tax::run(&second.app, at(12, 9)));
    assert_eq!(a.unwrap() + b.unwrap(), 2, "the admin and the accountant, once");
    let sent: Vec<_> = first.stub.take_sent().into_iter().chain(second.stub.take_sent()).collect();
    let mut chats: Vec<i64> = sent.iter().map(|s| s.chat_id).collect();
    chats.sort();
    assert_eq!(chats, vec![1, 2]);
    let text = sent[0].text.clone().unwrap();
    assert!(
        text.contains("15.12.2026 gacha") && text.contains("2026-11") && text.contains("/payroll 2026-11"),
        "{text}"
    );
    assert_eq!(savdo::jobs::tax::run(&first.app, at(12, 10)).await.unwrap(), 0, "once a deadline");
    assert_eq!(savdo::jobs::tax::run(&first.app, at(13, 9)).await.unwrap(), 0, "not the day after");
    assert_eq!(savdo::jobs::tax::run(&first.app, at(17, 9)).await.unwrap(), 2, "VAT by the 20th");
    savdo::domain::tax::set_regime(&db, &admin.actor(), savdo::domain::tax::Regime::Turnover).await.unwrap();
    let jan = tz.with_ymd_and_hms(2027, 1, 17, 9, 5, 0).unwrap().timestamp();
    assert_eq!(savdo::jobs::tax::run(&first.app, jan).await.unwrap(), 0, "no VAT for a turnover-tax payer");
}
db_test!(tax_reminders, super::tax_deadline_reminders);
