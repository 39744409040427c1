//! An invoice (hisob-faktura) as a document: seller and buyer with their TINs, each line net
//! of VAT with the rate and the VAT, and the totals.

use crate::domain::invoices::Invoice;
use crate::domain::money::format_rate_bp;
use crate::i18n::{t, Lang};
use crate::reports::table::{Cell, Column, ColumnKind, Table};
use crate::tr;

pub fn table(lang: Lang, invoice: &Invoice) -> Table {
    let col = |key: &str, kind| Column { header: t(lang, key), kind };
    Table {
        title: tr!(lang, "invoice-title", number = invoice.number, date = invoice.date.format("%d.%m.%Y").to_string()),
        subtitle: tr!(
            lang,
            "invoice-parties",
            seller = invoice.seller.name.clone(),
            seller_tin = invoice.seller.tin.clone(),
            buyer = invoice.buyer.name.clone(),
            buyer_tin = invoice.buyer.tin.clone()
        ),
        columns: vec![
            col("col-product", ColumnKind::Text),
            col("col-qty", ColumnKind::Text),
            col("col-price-net", ColumnKind::Money),
            col("col-amount-net", ColumnKind::Money),
            col("col-vat-rate", ColumnKind::Text),
            col("col-vat", ColumnKind::Money),
            col("col-amount", ColumnKind::Money),
        ],
        rows: invoice
            .lines
            .iter()
            .map(|l| {
                vec![
                    Cell::Text(format!("{} {}", l.product_code, l.name)),
                    Cell::Text(format!("{} {}", l.qty.format(lang), t(lang, &format!("unit-{}", l.unit)))),
                    Cell::Money(l.price.0),
                    Cell::Money(l.net.0),
                    Cell::Text(format_rate_bp(l.vat_rate_bp)),
                    Cell::Money(l.vat.0),
                    Cell::Money(l.total.0),
                ]
            })
            .collect(),
        totals: Some(vec![
            Cell::Text(t(lang, "col-total")),
            Cell::Empty,
            Cell::Empty,
            Cell::Money(invoice.net.0),
            Cell::Empty,
            Cell::Money(invoice.vat.0),
            Cell::Money(invoice.total.0),
        ]),
    }
}
