//! Invoices (hisob-faktura) for sales to a customer with a TIN, as wholesale buyers need them:
//! numbered per company, one per sale (asking again answers the same invoice), each line with
//! its amount net of VAT, the rate and the VAT, as an e-invoice operator (Didox, Faktura.uz)
//! takes them.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::money::{Money, Qty};
use crate::domain::sales::{self, SaleKind};
use crate::domain::{Refusal, Result};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Party {
    pub name: String,
    pub tin: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvoiceLine {
    pub product_code: String,
    pub name: String,
    pub unit: String,
    pub qty: Qty,
    /// Per unit, net of VAT.
    pub price: Money,
    /// The line net of VAT, its VAT and the whole.
    pub net: Money,
    pub vat_rate_bp: i64,
    pub vat: Money,
    pub total: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Invoice {
    pub number: i64,
    pub date: NaiveDate,
    pub sale_id: i64,
    pub seller: Party,
    pub buyer: Party,
    pub lines: Vec<InvoiceLine>,
    pub net: Money,
    pub vat: Money,
    pub total: Money,
    /// Issued before this request (the same invoice is answered).
    #[serde(skip)]
    pub replayed: bool,
}

/// The invoice of a sale: issued now with the next number, or the one already issued.
pub async fn issue(db: &Db, actor: &Actor, sale_id: i64) -> Result<Invoice> {
    let sale = sales::receipt(db, actor, sale_id).await?;
    if sale.kind != SaleKind::Sale {
        return Err(Refusal::NotASale.into());
    }
    let customer = sale.customer_id.ok_or(Refusal::CustomerRequired)?;
    match issue_in(db, actor, &sale, customer).await {
        Ok(invoice) => Ok(invoice),
        // Two presses at once: the second insert fails on the unique sale; answer the first's.
        Err(e) => {
            let mut tx = db.begin().await?;
            if !issued(&mut tx, actor.company_id, sale_id).await? {
                return Err(e);
            }
            Ok(Invoice { replayed: true, ..load(&mut tx, actor.company_id, &sale).await? })
        }
    }
}

async fn issue_in(db: &Db, actor: &Actor, sale: &sales::Sale, customer: i64) -> Result<Invoice> {
    let mut tx = db.begin().await?;
    let replayed = issued(&mut tx, actor.company_id, sale.id).await?;
    if !replayed {
        let tin: Option<String> = sqlx::query_scalar("SELECT tin FROM customers WHERE id = $1 AND company_id = $2")
            .bind(customer)
            .bind(actor.company_id)
            .fetch_one(&mut *tx)
            .await?;
        let tin = tin.ok_or(Refusal::BuyerTinRequired)?;
        let number: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM invoices WHERE company_id = $1",
        )
        .bind(actor.company_id)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invoices (company_id, number, sale_id, customer_id, buyer_tin, issued_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(actor.company_id)
        .bind(number)
        .bind(sale.id)
        .bind(customer)
        .bind(&tin)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let fields = audit::created(&[("sale_id", json!(sale.id)), ("number", json!(number)), ("tin", json!(tin))]);
        audit::record(&mut tx, actor, Change::InvoiceIssued, Entity::Invoice, id, fields).await?;
    }
    let invoice = Invoice { replayed, ..load(&mut tx, actor.company_id, sale).await? };
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(invoice)
}

async fn issued(tx: &mut Tx, company_id: i64, sale_id: i64) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM invoices WHERE company_id = $1 AND sale_id = $2")
        .bind(company_id)
        .bind(sale_id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(found.is_some())
}

async fn load(tx: &mut Tx, company_id: i64, sale: &sales::Sale) -> Result<Invoice> {
    let (number, issued_at, tin, buyer): (i64, i64, String, String) = sqlx::query_as(
        "SELECT i.number, i.issued_at, i.buyer_tin, c.name FROM invoices i JOIN customers c ON c.id = i.customer_id
         WHERE i.company_id = $1 AND i.sale_id = $2",
    )
    .bind(company_id)
    .bind(sale.id)
    .fetch_one(&mut **tx)
    .await?;
    let (seller, seller_tin): (String, String) =
        sqlx::query_as("SELECT name, tin FROM companies WHERE id = $1").bind(company_id).fetch_one(&mut **tx).await?;
    let codes: Vec<(i64, String)> = sqlx::query_as(
        "SELECT p.id, p.code FROM products p JOIN sale_lines l ON l.product_id = p.id WHERE l.sale_id = $1",
    )
    .bind(sale.id)
    .fetch_all(&mut **tx)
    .await?;
    let lines: Vec<InvoiceLine> = sale
        .lines
        .iter()
        .map(|l| {
            let net = l.total.0 - l.vat.0;
            InvoiceLine {
                product_code: codes
                    .iter()
                    .find(|(id, _)| *id == l.product_id)
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default(),
                name: l.product_name.clone(),
                unit: l.unit.clone(),
                qty: l.qty,
                // Rounded to the tiyin; the line's net amount is exact.
                price: Money(((net as i128 * 1000 + l.qty.0 as i128 / 2) / l.qty.0.max(1) as i128) as i64),
                net: Money(net),
                vat_rate_bp: l.vat_rate_bp,
                vat: l.vat,
                total: l.total,
            }
        })
        .collect();
    let date = crate::domain::calendar::of_company_in(tx, company_id).await?.day_of(issued_at);
    Ok(Invoice {
        number,
        date,
        sale_id: sale.id,
        seller: Party { name: seller, tin: seller_tin },
        buyer: Party { name: buyer, tin },
        net: Money(sale.total.0 - sale.vat.0),
        vat: sale.vat,
        total: sale.total,
        lines,
        replayed: false,
    })
}

/// The invoice as an e-invoice operator takes it (the shape of the Soliq / Didox JSON:
/// document number and date, seller and buyer TIN, products with VAT).
pub fn operator_json(invoice: &Invoice) -> serde_json::Value {
    let som = |m: Money| m.0 as f64 / 100.0;
    json!({
        "FacturaDoc": { "FacturaNo": invoice.number.to_string(), "FacturaDate": invoice.date.to_string() },
        "SellerTin": invoice.seller.tin,
        "BuyerTin": invoice.buyer.tin,
        "Seller": { "Name": invoice.seller.name },
        "Buyer": { "Name": invoice.buyer.name },
        "ProductList": {
            "Tin": invoice.seller.tin,
            "HasVat": invoice.vat.0 != 0,
            "Products": invoice.lines.iter().enumerate().map(|(i, l)| json!({
                "OrdNo": i + 1,
                "Name": l.name,
                "Barcode": null,
                "CatalogCode": null,
                "MeasureName": l.unit,
                "Count": l.qty.0 as f64 / 1000.0,
                "Summa": som(l.price),
                "DeliverySum": som(l.net),
                "VatRate": l.vat_rate_bp as f64 / 100.0,
                "VatSum": som(l.vat),
                "DeliverySumWithVat": som(l.total),
            })).collect::<Vec<_>>(),
        },
    })
}
