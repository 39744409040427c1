//! The financial statements as tables in the reader's language, ready for chat, XLSX, PDF and CSV.

use chrono::NaiveDate;

use super::table::{Cell, Column, ColumnKind, Table};
use crate::db::Db;
use crate::domain::ledger::{self, AccountKind};
use crate::domain::money::Money;
use crate::domain::statements;
use crate::domain::Result;
use crate::i18n::{t, Lang};
use crate::tr;

pub use crate::domain::statements::{all_time_from, Kind};

/// An account's name: the chart's, in the reader's language, or the one an admin gave a sub-account.
pub fn account_name(lang: Lang, code: &str, stored: &str) -> String {
    let key = format!("account-{code}");
    let name = t(lang, &key);
    let name = if name == key { stored.to_string() } else { name };
    format!("{code} — {name}")
}

fn money_column(lang: Lang, key: &str) -> Column {
    Column { header: t(lang, key), kind: ColumnKind::Money }
}

fn text_column(lang: Lang, key: &str) -> Column {
    Column { header: t(lang, key), kind: ColumnKind::Text }
}

fn row(label: String, amount: i64) -> Vec<Cell> {
    vec![Cell::Text(label), Cell::Money(amount)]
}

fn period_label(from: NaiveDate, to: NaiveDate) -> String {
    format!("{} – {}", from.format("%d.%m.%Y"), to.format("%d.%m.%Y"))
}

/// The report as a table, and a few lines for the chat message.
pub async fn build(
    db: &Db,
    company_id: i64,
    company_name: &str,
    kind: Kind,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
) -> Result<(Table, String)> {
    let title = t(lang, kind.title_key());
    let money = |m: i64| Money(m).format(lang);
    match kind {
        Kind::Pnl => {
            let p = statements::pnl(db, company_id, from, to).await?;
            let lines = [
                ("pnl-revenue", p.revenue),
                ("pnl-returns", -p.returns),
                ("pnl-discounts", -p.discounts),
                ("pnl-net-revenue", p.net_revenue),
                ("pnl-cost", -p.cost_of_sales),
                ("pnl-gross", p.gross_profit),
                ("pnl-other-income", p.other_income),
                ("pnl-selling", -p.selling),
                ("pnl-admin", -p.administrative),
                ("pnl-other-expenses", -p.other_expenses),
                ("pnl-operating", p.operating_profit),
            ];
            let mut rows: Vec<Vec<Cell>> = lines.iter().map(|(k, v)| row(t(lang, k), *v)).collect();
            rows.push(row(
                tr!(lang, "pnl-tax", rate = crate::domain::money::format_rate_bp(p.profit_tax_rate_bp)),
                -p.profit_tax,
            ));
            let table = Table {
                title: title.clone(),
                subtitle: format!("{company_name} · {}", period_label(from, to)),
                columns: vec![text_column(lang, "col-item"), money_column(lang, "col-amount")],
                rows,
                totals: Some(row(t(lang, "pnl-net"), p.net_profit)),
            };
            let summary = tr!(
                lang,
                "report-pnl-summary",
                dates = period_label(from, to),
                revenue = money(p.net_revenue),
                gross = money(p.gross_profit),
                operating = money(p.operating_profit),
                net = money(p.net_profit)
            );
            Ok((table, summary))
        }
        Kind::Balance => {
            let sheet = statements::balance_sheet(db, company_id, to).await?;
            let names = ledger::account_names(db, company_id).await?;
            let name = |code: &str| {
                account_name(lang, code, names.iter().find(|(c, _)| c == code).map(|(_, n)| n.as_str()).unwrap_or(code))
            };
            let mut rows = vec![vec![Cell::Text(t(lang, "balance-assets")), Cell::Empty]];
            rows.extend(sheet.assets.iter().map(|l| row(name(&l.code), l.amount)));
            rows.push(row(t(lang, "balance-total-assets"), sheet.total_assets));
            rows.push(vec![Cell::Text(t(lang, "balance-liabilities")), Cell::Empty]);
            rows.extend(sheet.liabilities.iter().map(|l| row(name(&l.code), l.amount)));
            rows.push(vec![Cell::Text(t(lang, "balance-equity")), Cell::Empty]);
            rows.extend(sheet.equity.iter().map(|l| row(name(&l.code), l.amount)));
            rows.push(row(t(lang, "balance-current-result"), sheet.current_result));
            let table = Table {
                title: title.clone(),
                subtitle: format!("{company_name} · {}", to.format("%d.%m.%Y")),
                columns: vec![text_column(lang, "col-item"), money_column(lang, "col-amount")],
                rows,
                totals: Some(row(t(lang, "balance-total-liabilities"), sheet.total_liabilities_and_equity)),
            };
            let summary = tr!(
                lang,
                "report-balance-summary",
                date = to.format("%d.%m.%Y").to_string(),
                assets = money(sheet.total_assets),
                liabilities = money(sheet.total_liabilities_and_equity)
            );
            Ok((table, summary))
        }
        Kind::Cash => {
            let flow = statements::cash_flow(db, company_id, from, to).await?;
            let mut rows = vec![row(t(lang, "cash-opening"), flow.opening)];
            let (mut inflow, mut outflow) = (0, 0);
            for (cause, amount) in &flow.flows {
                let key = format!("cf-{cause}");
                let label = t(lang, &key);
                rows.push(row(if label == key { cause.clone() } else { label }, *amount));
                if *amount > 0 {
                    inflow += amount;
                } else {
                    outflow += amount;
                }
            }
            let table = Table {
                title: title.clone(),
                subtitle: format!("{company_name} · {}", period_label(from, to)),
                columns: vec![text_column(lang, "col-item"), money_column(lang, "col-amount")],
                rows,
                totals: Some(row(t(lang, "cash-closing"), flow.closing)),
            };
            let summary = tr!(
                lang,
                "report-cash-summary",
                dates = period_label(from, to),
                opening = money(flow.opening),
                inflow = money(inflow),
                outflow = money(-outflow),
                closing = money(flow.closing)
            );
            Ok((table, summary))
        }
        Kind::Trial => {
            let accounts = ledger::trial_balance(db, company_id, from, to).await?;
            let side = |v: i64, kind: AccountKind| if kind.debit_normal() { v } else { -v };
            let rows: Vec<Vec<Cell>> = accounts
                .iter()
                .filter(|a| a.opening != 0 || a.debit != 0 || a.credit != 0)
                .map(|a| {
                    vec![
                        Cell::Text(account_name(lang, &a.code, &a.name)),
                        Cell::Money(side(a.opening, a.kind)),
                        Cell::Money(a.debit),
                        Cell::Money(a.credit),
                        Cell::Money(side(a.closing, a.kind)),
                    ]
                })
                .collect();
            let debit: i64 = accounts.iter().map(|a| a.debit).sum();
            let credit: i64 = accounts.iter().map(|a| a.credit).sum();
            let table = Table {
                title: title.clone(),
                subtitle: format!("{company_name} · {}", period_label(from, to)),
                columns: vec![
                    text_column(lang, "col-account"),
                    money_column(lang, "col-opening"),
                    money_column(lang, "col-debit"),
                    money_column(lang, "col-credit"),
                    money_column(lang, "col-closing"),
                ],
                rows,
                totals: Some(vec![
                    Cell::Text(t(lang, "col-total")),
                    Cell::Empty,
                    Cell::Money(debit),
                    Cell::Money(credit),
                    Cell::Empty,
                ]),
            };
            let summary = tr!(
                lang,
                "report-trial-summary",
                dates = period_label(from, to),
                debit = money(debit),
                credit = money(credit)
            );
            Ok((table, summary))
        }
    }
}
