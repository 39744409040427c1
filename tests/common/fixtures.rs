//! Companies the tests start from.

use savdo::db::Db;
use savdo::domain::catalog::{self, ProductInput};
use savdo::domain::company::{self, Member, Tin};
use savdo::domain::money::{Money, Qty};
use savdo::domain::roles::Role;
use savdo::domain::sales::{LineInput, Payment, SaleInput, SaleType};
use savdo::domain::{apikeys, purchases};

/// A company (its founder is the admin, in branch Markaz) with 50 bottles of Coca-Cola
/// (A-100, 12 500 so‘m) received, and an API key of the admin's: (admin, product id, key).
pub async fn company_with_cola(db: &Db, telegram_id: i64, name: &str) -> (Member, i64, String) {
    let user = company::touch_user(db, telegram_id, name, Some("uz")).await.unwrap();
    let member =
        company::create_company(db, user.id, name, &Tin::parse("301234567").unwrap(), "Markaz", "uz").await.unwrap();
    let product = catalog::save_product(
        db,
        &member.actor(),
        &ProductInput {
            code: "A-100".into(),
            barcode: None,
            name: "Coca-Cola 1,5 l".into(),
            unit: "pcs".into(),
            purchase_price: Money::from_som(9_800),
            sale_price: Money::from_som(12_500),
            min_qty: Qty::units(0),
            wholesale_price: None,
        },
    )
    .await
    .unwrap();
    let line =
        purchases::PurchaseLine { product_id: product.id, qty: Qty::units(50), unit_cost: Money::from_som(9_800) };
    purchases::record_purchase(db, &member.actor(), member.branch_id.unwrap(), None, &[line]).await.unwrap();
    let (_, key) = apikeys::create(db, &member.actor(), "test", None).await.unwrap();
    (member, product.id, key)
}

/// A product in pieces at 1 000 so‘m bought, 2 000 sold, with a minimum of `min` pieces.
pub fn piece_product(code: &str, name: &str, min: i64) -> ProductInput {
    ProductInput {
        code: code.into(),
        barcode: None,
        name: name.into(),
        unit: "pcs".into(),
        purchase_price: Money::from_som(1_000),
        sale_price: Money::from_som(2_000),
        min_qty: Qty::units(min),
        wholesale_price: None,
    }
}

/// A member of `admin`'s company with `role`, joined through an invite.
pub async fn member_with_role(db: &Db, admin: &Member, telegram_id: i64, role: Role, branch: Option<i64>) -> Member {
    let user = company::touch_user(db, telegram_id, &format!("User{telegram_id}"), Some("uz")).await.unwrap();
    let invite = company::create_invite(db, &admin.actor(), role, branch, 3600).await.unwrap();
    company::accept_invite(db, &invite.token, user.id).await.unwrap().0
}

/// A retail receipt in `branch`: lines of (product, whole units, price in so‘m).
pub fn sale_input(branch: i64, cashier: Option<i64>, payment: Payment, lines: &[(i64, i64, i64)]) -> SaleInput {
    SaleInput {
        branch_id: branch,
        cashier_id: cashier,
        customer_id: None,
        sale_type: SaleType::Retail,
        payment,
        lines: lines
            .iter()
            .map(|(p, q, price)| LineInput {
                product_id: *p,
                qty: Qty::units(*q),
                unit_price: Some(Money::from_som(*price)),
                discount: Money(0),
            })
            .collect(),
        sold_at: None,
        source: "test",
        idempotency_key: None,
        ..Default::default()
    }
}
