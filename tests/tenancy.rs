//! Companies never see each other's rows: products, stock, people, branches, invites.

mod common;

use savdo::db::Db;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Member, Tin};
use savdo::domain::money::{Money, Qty};
use savdo::domain::partners::{self, PartnerKind};
use savdo::domain::roles::Role;
use savdo::domain::stock::{self, Move, MoveReason};
use savdo::domain::{Error, Refusal};
use savdo::telegram_stub::{Harness, TgUser};

async fn company(db: &Db, telegram_id: i64, name: &str) -> Member {
    let user = company::touch_user(db, telegram_id, name, Some("uz")).await.unwrap();
    company::create_company(db, user.id, name, &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap()
}

fn cola(price_som: i64) -> ProductInput {
    ProductInput {
        code: "A-100".into(),
        barcode: Some("4780000000017".into()),
        name: "Coca-Cola 1,5 l".into(),
        unit: "pcs".into(),
        purchase_price: Money::from_som(price_som - 2000),
        sale_price: Money::from_som(price_som),
        min_qty: Qty::units(5),
        wholesale_price: None,
    }
}

async fn one_company_never_sees_another(db: Db) {
    let a = company(&db, 1, "Alfa").await;
    let b = company(&db, 2, "Beta").await;
    let pa = catalog::save_product(&db, &a.actor(), &cola(12_000)).await.unwrap();
    let pb = catalog::save_product(&db, &b.actor(), &cola(15_000)).await.unwrap();
    assert_ne!(pa.id, pb.id, "the same code in two companies is two products");

    for (member, product) in [(&a, &pa), (&b, &pb)] {
        for query in ["cola", "A-100", "4780000000017"] {
            let found = catalog::search(&db, member.company_id, query, 10).await.unwrap();
            assert_eq!(found, vec![product.clone()], "{query}");
        }
        assert!(catalog::product(&db, member.company_id, if product.id == pa.id { pb.id } else { pa.id })
            .await
            .is_err());
    }

    let mut tx = db.begin().await.unwrap();
    let mv = Move {
        company_id: a.company_id,
        branch_id: a.branch_id.unwrap(),
        product_id: pa.id,
        delta: Qty::units(24),
        reason: MoveReason::Opening,
        ref_kind: "opening",
        ref_id: None,
        user_id: None,
    };
    stock::record_move(&mut tx, &mv).await.unwrap();
    tx.commit().await.unwrap();
    let a_stock = stock::by_branch(&db, a.company_id, pa.id).await.unwrap();
    assert_eq!(a_stock.len(), 1);
    assert_eq!(a_stock[0].qty, Qty::units(24));
    // Asking with B's company for A's product shows B's branches only, with nothing in them.
    let cross = stock::by_branch(&db, b.company_id, pa.id).await.unwrap();
    assert!(cross.iter().all(|s| s.qty == Qty(0) && s.branch_name == "Markaz" && s.branch_id == b.branch_id.unwrap()));

    // People and branches.
    let a_people = company::members(&db, a.company_id).await.unwrap();
    assert_eq!(a_people.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Alfa"]);
    let err = company::set_role(&db, &a.actor(), b.user_id, Role::Cashier).await.unwrap_err();
    assert!(matches!(err, Error::Refused(Refusal::NotFound)), "{err:?}");
    let err = company::set_branch(&db, &a.actor(), a.user_id + 100, b.branch_id.unwrap()).await.unwrap_err();
    assert!(matches!(err, Error::Refused(_)));
    assert!(company::create_invite(&db, &a.actor(), Role::Cashier, b.branch_id, 3600).await.is_err(), "B's branch");

    // Customers and suppliers.
    partners::add(&db, &a.actor(), PartnerKind::Customer, "Olim", None, Some("+998901234567")).await.unwrap();
    partners::add(&db, &b.actor(), PartnerKind::Supplier, "Nestle", Some(&Tin::parse("200000001").unwrap()), None)
        .await
        .unwrap();
    assert_eq!(partners::list(&db, a.company_id, PartnerKind::Customer).await.unwrap().len(), 1);
    assert!(partners::list(&db, a.company_id, PartnerKind::Supplier).await.unwrap().is_empty());
    assert!(partners::list(&db, b.company_id, PartnerKind::Customer).await.unwrap().is_empty());
}
db_test!(isolation, super::one_company_never_sees_another);

/// Through the bot: /find in one company does not find the other's product.
async fn find_in_chat_is_scoped(db: Db) {
    let harness = Harness::new(db.clone()).await.unwrap();
    let a = company(&db, 1, "Alfa").await;
    let b = company(&db, 2, "Beta").await;
    catalog::save_product(&db, &a.actor(), &cola(12_000)).await.unwrap();
    let mut pepsi = cola(9_000);
    pepsi.code = "P-1".into();
    pepsi.name = "Pepsi 1 l".into();
    pepsi.barcode = None;
    catalog::save_product(&db, &b.actor(), &pepsi).await.unwrap();
    let alfa = TgUser::new(1, "Alfa", Some("uz"));
    let beta = TgUser::new(2, "Beta", Some("uz"));
    let sent = harness.send(&alfa, "/find pepsi").await.unwrap();
    assert_eq!(common::texts(&sent), ["«pepsi» bo‘yicha hech narsa topilmadi."]);
    let sent = harness.send(&beta, "/find cola").await.unwrap();
    assert_eq!(common::texts(&sent), ["«cola» bo‘yicha hech narsa topilmadi."]);
    let sent = harness.send(&beta, "/find pepsi").await.unwrap();
    assert_eq!(common::texts(&sent), ["📦 Pepsi 1 l (P-1)\nNarx: 9 000 so‘m\nQoldiq: Markaz — 0 dona"]);
    let _ = b;
}
db_test!(find_scoped, super::find_in_chat_is_scoped);

/// An invite expires, and works once even when two people race for it.
async fn invites_expire_and_work_once(db: Db) {
    let a = company(&db, 1, "Alfa").await;
    let invite = company::create_invite(&db, &a.actor(), Role::Cashier, a.branch_id, 3600).await.unwrap();
    sqlx::query("UPDATE invites SET expires_at = $1 WHERE token = $2")
        .bind(savdo::db::now() - 1)
        .bind(&invite.token)
        .execute(&db.pool)
        .await
        .unwrap();
    let late = company::touch_user(&db, 5, "Late", Some("en")).await.unwrap();
    let err = company::accept_invite(&db, &invite.token, late.id).await.unwrap_err();
    assert!(matches!(err, Error::Refused(Refusal::InviteExpired)));

    let harness = Harness::new(db.clone()).await.unwrap();
    let sent = harness.send(&TgUser::new(5, "Late", Some("en")), &format!("/start {}", invite.token)).await.unwrap();
    assert_eq!(common::texts(&sent), ["This invite link has expired. Ask your manager for a new one."]);

    let fresh = company::create_invite(&db, &a.actor(), Role::Employee, None, 3600).await.unwrap();
    let mut racers = Vec::new();
    for id in 10..16 {
        let user = company::touch_user(&db, id, "Racer", None).await.unwrap();
        let db = db.clone();
        let token = fresh.token.clone();
        racers.push(tokio::spawn(async move { company::accept_invite(&db, &token, user.id).await }));
    }
    let mut joined = 0;
    for racer in racers {
        if racer.await.unwrap().is_ok() {
            joined += 1;
        }
    }
    assert_eq!(joined, 1, "one link, one person");
    assert_eq!(company::members(&db, a.company_id).await.unwrap().len(), 2);
}
db_test!(invites, super::invites_expire_and_work_once);

/// Stock on hand always equals the sum of its moves.
async fn stock_equals_sum_of_moves(db: Db) {
    let a = company(&db, 1, "Alfa").await;
    let p = catalog::save_product(&db, &a.actor(), &cola(12_000)).await.unwrap();
    let branch = a.branch_id.unwrap();
    let deltas = [24_000, -1_500, -500, 10_000, -32_000, 250];
    for (i, delta) in deltas.iter().enumerate() {
        let mv = Move {
            company_id: a.company_id,
            branch_id: branch,
            product_id: p.id,
            delta: Qty(*delta),
            reason: if *delta > 0 { MoveReason::Purchase } else { MoveReason::Sale },
            ref_kind: "test",
            ref_id: Some(i as i64),
            user_id: Some(a.user_id),
        };
        stock::apply(&db, &mv).await.unwrap();
    }
    let on_hand = stock::by_branch(&db, a.company_id, p.id).await.unwrap()[0].qty;
    let sum: i64 = sqlx::query_scalar("SELECT CAST(SUM(qty_delta) AS BIGINT) FROM stock_moves WHERE product_id = $1")
        .bind(p.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(on_hand, Qty(sum));
    assert_eq!(on_hand, Qty(deltas.iter().sum()));
}
db_test!(stock_moves, super::stock_equals_sum_of_moves);
