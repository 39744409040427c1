//! A purchase order as a document for the supplier.

use crate::domain::orders::Order;
use crate::i18n::{t, Lang};
use crate::reports::table::{Cell, Column, ColumnKind, Table};
use crate::tr;

/// A purchase order as a table: what to deliver, to which branch of which company.
pub fn table(lang: Lang, company: &str, branch: &str, order: &Order) -> Table {
    let supplier = order.supplier_name.clone().unwrap_or_else(|| t(lang, "no-value"));
    let col = |key: &str, kind| Column { header: t(lang, key), kind };
    Table {
        title: tr!(lang, "order-title", number = order.number),
        subtitle: tr!(
            lang,
            "order-subtitle",
            company = company.to_string(),
            branch = branch.to_string(),
            supplier = supplier
        ),
        columns: vec![
            col("col-code", ColumnKind::Text),
            col("col-product", ColumnKind::Text),
            col("col-qty", ColumnKind::Text),
            col("col-price", ColumnKind::Money),
            col("col-amount", ColumnKind::Money),
        ],
        rows: order
            .lines
            .iter()
            .map(|l| {
                vec![
                    Cell::Text(l.code.clone()),
                    Cell::Text(l.name.clone()),
                    Cell::Text(format!("{} {}", l.qty.format(lang), t(lang, &format!("unit-{}", l.unit)))),
                    Cell::Money(l.unit_cost.0),
                    Cell::Money(l.unit_cost.times(l.qty).0),
                ]
            })
            .collect(),
        totals: Some(vec![
            Cell::Text(t(lang, "col-total")),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Money(order.total().0),
        ]),
    }
}
