//! The tax reports as tables in the reader's language (for XLSX and PDF), and the summary of a
//! sending for the chat.

use super::table::{Cell, Column, ColumnKind, Table};
use crate::domain::money::{format_rate_bp, Money};
use crate::domain::payroll::Run;
use crate::domain::tax::reports::{Figures, Filing};
use crate::domain::tax::submit::{Outcome, Status, Summary};
use crate::i18n::{t, Lang};
use crate::tr;

fn column(lang: Lang, key: &str, kind: ColumnKind) -> Column {
    Column { header: t(lang, key), kind }
}

fn line(lang: Lang, key: &str, amount: i64) -> Vec<Cell> {
    vec![Cell::Text(t(lang, key)), Cell::Money(amount)]
}

/// One report as a table.
pub fn table(lang: Lang, filing: &Filing) -> Table {
    let title =
        tr!(lang, "tax-report-title", report = t(lang, filing.report.label_key()), period = filing.period.clone());
    let subtitle = tr!(lang, "tax-report-subtitle", company = filing.company.clone(), tin = filing.tin.clone());
    let item_and_amount =
        || vec![column(lang, "col-item", ColumnKind::Text), column(lang, "col-amount", ColumnKind::Money)];
    let (columns, rows, totals) = match &filing.figures {
        Figures::Sales(s) => (
            vec![
                column(lang, "col-date", ColumnKind::Text),
                column(lang, "col-branch", ColumnKind::Text),
                column(lang, "col-payment", ColumnKind::Text),
                column(lang, "col-receipts", ColumnKind::Text),
                column(lang, "col-gross", ColumnKind::Money),
                column(lang, "col-vat", ColumnKind::Money),
                column(lang, "col-amount-net", ColumnKind::Money),
            ],
            s.rows
                .iter()
                .map(|r| {
                    vec![
                        Cell::Text(r.day.format("%d.%m.%Y").to_string()),
                        Cell::Text(r.branch.clone()),
                        Cell::Text(t(lang, &format!("pay-{}", r.payment))),
                        Cell::Text(r.receipts.to_string()),
                        Cell::Money(r.gross),
                        Cell::Money(r.vat),
                        Cell::Money(r.net),
                    ]
                })
                .collect(),
            Some(vec![
                Cell::Text(t(lang, "col-total")),
                Cell::Empty,
                Cell::Empty,
                Cell::Text(s.totals.receipts.to_string()),
                Cell::Money(s.totals.gross),
                Cell::Money(s.totals.vat),
                Cell::Money(s.totals.net),
            ]),
        ),
        Figures::Vat(v) => (
            item_and_amount(),
            vec![
                line(lang, "tax-vat-sales", v.taxable_sales),
                vec![
                    Cell::Text(tr!(lang, "tax-vat-output", rate = format_rate_bp(v.rate_bp))),
                    Cell::Money(v.output_vat),
                ],
                line(lang, "tax-vat-purchases", v.taxable_purchases),
                line(lang, "tax-vat-input", v.input_vat),
            ],
            Some(line(lang, "tax-vat-payable", v.payable)),
        ),
        Figures::Payroll(p) => (
            vec![
                column(lang, "col-employee", ColumnKind::Text),
                column(lang, "col-pinfl", ColumnKind::Text),
                column(lang, "col-position", ColumnKind::Text),
                column(lang, "col-gross-salary", ColumnKind::Money),
                column(lang, "col-pit", ColumnKind::Money),
                column(lang, "col-inps", ColumnKind::Money),
                column(lang, "col-social", ColumnKind::Money),
                column(lang, "col-net-pay", ColumnKind::Money),
            ],
            p.rows
                .iter()
                .map(|r| {
                    vec![
                        Cell::Text(r.name.clone()),
                        Cell::Text(r.pinfl.clone()),
                        Cell::Text(r.position.clone()),
                        Cell::Money(r.gross),
                        Cell::Money(r.pit),
                        Cell::Money(r.inps),
                        Cell::Money(r.social),
                        Cell::Money(r.net),
                    ]
                })
                .collect(),
            Some(vec![
                Cell::Text(t(lang, "col-total")),
                Cell::Empty,
                Cell::Empty,
                Cell::Money(p.totals.gross),
                Cell::Money(p.totals.pit),
                Cell::Money(p.totals.inps),
                Cell::Money(p.totals.social),
                Cell::Money(p.totals.net),
            ]),
        ),
        Figures::Declaration(d) => {
            let tax_key = match d.regime {
                crate::domain::tax::Regime::Vat => "tax-decl-profit-tax",
                crate::domain::tax::Regime::Turnover => "tax-decl-turnover-tax",
            };
            (
                item_and_amount(),
                vec![
                    line(lang, "tax-decl-revenue", d.revenue),
                    line(lang, "tax-decl-cost", d.cost_of_sales),
                    line(lang, "tax-decl-expenses", d.expenses),
                    line(lang, "tax-decl-other-income", d.other_income),
                    line(lang, "tax-decl-profit", d.profit),
                    line(lang, "tax-decl-base", d.base),
                ],
                Some(vec![Cell::Text(tr!(lang, tax_key, rate = format_rate_bp(d.rate_bp))), Cell::Money(d.tax)]),
            )
        }
    };
    Table { title, subtitle, columns, rows, totals }
}

fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Accepted => "✅",
        Status::Rejected => "❌",
        Status::Failed => "⚠️",
        Status::NotBuilt => "➖",
    }
}

/// One report's line in the summary: its status and the authority's message.
pub fn outcome_line(lang: Lang, outcome: &Outcome) -> String {
    let name = t(lang, outcome.report.label_key());
    let status = t(lang, status_key(outcome.status));
    let reason = match (&outcome.refusal, &outcome.message) {
        (Some(refusal), _) => format!(": {}", t(lang, refusal.message_key())),
        (None, Some(message)) if outcome.status != Status::Accepted => format!(": {message}"),
        _ => String::new(),
    };
    let receipt = outcome.receipt.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
    format!("{} {name} — {status}{receipt}{reason}", status_mark(outcome.status))
}

fn status_key(status: Status) -> &'static str {
    match status {
        Status::Accepted => "tax-status-accepted",
        Status::Rejected => "tax-status-rejected",
        Status::Failed => "tax-status-failed",
        Status::NotBuilt => "tax-status-not-built",
    }
}

/// The chat summary of a sending.
pub fn summary_text(lang: Lang, summary: &Summary) -> String {
    let h = &summary.headline;
    let money = |m: i64| Money(m).format(lang);
    let mut lines = vec![
        tr!(lang, "tax-summary-title", period = summary.period.clone()),
        tr!(
            lang,
            "tax-summary-figures",
            sales = money(h.sales_total),
            vat = money(h.vat_payable),
            profit = money(h.profit),
            due = money(h.tax_due)
        ),
        String::new(),
    ];
    lines.extend(summary.reports.iter().map(|o| outcome_line(lang, o)));
    if summary.development_cabinet {
        lines.push(String::new());
        lines.push(t(lang, "tax-dev-cabinet"));
    }
    lines.join("\n")
}

/// Employees listed one by one in a chat message (a Telegram message holds 4,096 characters);
/// the totals always count everyone.
const PAYROLL_LINES_SHOWN: usize = 30;

/// A month's payroll for the chat: each employee (the first thirty) and the totals.
pub fn payroll_text(lang: Lang, run: &Run) -> String {
    let money = |m: i64| Money(m).format(lang);
    let head = if run.confirmed() {
        tr!(lang, "payroll-title-confirmed", period = run.period.clone(), version = run.version)
    } else {
        tr!(lang, "payroll-title-draft", period = run.period.clone())
    };
    let mut lines = vec![head, String::new()];
    for l in run.lines.iter().take(PAYROLL_LINES_SHOWN) {
        lines.push(tr!(
            lang,
            "payroll-line",
            name = l.name.clone(),
            gross = money(l.pay.gross),
            pit = money(l.pay.pit),
            net = money(l.pay.net)
        ));
    }
    if run.lines.len() > PAYROLL_LINES_SHOWN {
        lines.push(tr!(lang, "payroll-more", count = run.lines.len() - PAYROLL_LINES_SHOWN));
    }
    let total = run.totals;
    lines.push(String::new());
    lines.push(tr!(
        lang,
        "payroll-totals",
        gross = money(total.gross),
        pit = money(total.pit),
        inps = money(total.inps),
        social = money(total.social),
        net = money(total.net)
    ));
    lines.join("\n")
}
