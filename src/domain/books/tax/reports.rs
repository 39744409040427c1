//! The month's tax reports, built from the books: sales (by day, branch and payment type),
//! VAT (output, input, payable), payroll (per employee) and the declaration (profit and profit
//! tax, or the turnover tax). Amounts are integer tiyin. Each report's totals equal the ledger
//! accounts it names (tests/tax.rs proves it), so what is sent is what the books say.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Regime, TaxKind};
use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::calendar::Month;
use crate::domain::ledger;
use crate::domain::payroll;
use crate::domain::roles::Action;
use crate::domain::statements;
use crate::domain::{Refusal, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Report {
    Sales,
    Vat,
    Payroll,
    Declaration,
}

impl Report {
    pub const ALL: [Report; 4] = [Report::Sales, Report::Vat, Report::Payroll, Report::Declaration];

    pub fn code(self) -> &'static str {
        match self {
            Report::Sales => "sales",
            Report::Vat => "vat",
            Report::Payroll => "payroll",
            Report::Declaration => "declaration",
        }
    }

    pub fn parse(text: &str) -> Option<Report> {
        let text = text.trim().to_lowercase();
        Report::ALL.into_iter().find(|r| r.code() == text)
    }

    /// The message key of the report's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Report::Sales => "tax-report-sales",
            Report::Vat => "tax-report-vat",
            Report::Payroll => "tax-report-payroll",
            Report::Declaration => "tax-report-declaration",
        }
    }

    /// The reports a company of this regime files (a turnover-tax payer files no VAT return).
    pub fn filed_under(regime: Regime) -> Vec<Report> {
        Report::ALL.into_iter().filter(|r| *r != Report::Vat || regime == Regime::Vat).collect()
    }

    /// A bit of a set of reports (button payloads carry the set as a number).
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }

    pub fn set_of(bits: u8) -> Vec<Report> {
        Report::ALL.into_iter().filter(|r| bits & r.bit() != 0).collect()
    }

    pub fn bits_of(reports: &[Report]) -> u8 {
        reports.iter().fold(0, |acc, r| acc | r.bit())
    }
}

/// One line of the sales report: a day, a branch and a payment type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SalesRow {
    pub day: NaiveDate,
    pub branch: String,
    pub payment: String,
    pub receipts: i64,
    /// With VAT, returns subtracted.
    pub gross: i64,
    pub vat: i64,
    pub net: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SalesTotals {
    pub receipts: i64,
    pub gross: i64,
    pub vat: i64,
    /// Net revenue: 9020 − 9040 − 9050 in the ledger.
    pub net: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SalesReport {
    pub rows: Vec<SalesRow>,
    pub totals: SalesTotals,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VatReport {
    pub rate_bp: i64,
    /// Sales net of VAT (9020 − 9040 − 9050).
    pub taxable_sales: i64,
    /// Output VAT: account 6410's credit less its debit in the month.
    pub output_vat: i64,
    /// Goods received net of VAT (2910's debit from purchase entries).
    pub taxable_purchases: i64,
    /// Input VAT: account 4410's debit less its credit in the month.
    pub input_vat: i64,
    /// `output_vat − input_vat` (negative: VAT to carry forward).
    pub payable: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PayrollRow {
    pub name: String,
    pub pinfl: String,
    pub position: String,
    pub gross: i64,
    pub pit: i64,
    pub inps: i64,
    pub social: i64,
    pub net: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PayrollReport {
    pub version: i64,
    pub rows: Vec<PayrollRow>,
    pub totals: payroll::Pay,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Declaration {
    pub regime: Regime,
    /// Net revenue (9020 − 9040 − 9050).
    pub revenue: i64,
    pub cost_of_sales: i64,
    /// Selling, administrative and other operating expenses (9410, 9420, 9430).
    pub expenses: i64,
    pub other_income: i64,
    /// `revenue − cost_of_sales − expenses + other_income`.
    pub profit: i64,
    /// The profit tax rate (VAT payers) or the turnover tax rate.
    pub rate_bp: i64,
    /// The tax base: the profit when above zero, or the revenue for the turnover tax.
    pub base: i64,
    pub tax: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Figures {
    Sales(SalesReport),
    Vat(VatReport),
    Payroll(PayrollReport),
    Declaration(Declaration),
}

/// A report as it is rendered and sent: who files it, for which month, and its figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Filing {
    pub report: Report,
    pub period: String,
    pub tin: String,
    pub company: String,
    pub regime: Regime,
    pub currency: &'static str,
    /// Money is integer tiyin (1/100 so‘m).
    pub amounts_in: &'static str,
    pub figures: Figures,
}

/// Builds one report for `month`; the month must have begun.
pub async fn build(db: &Db, actor: &Actor, report: Report, month: Month) -> Result<Filing> {
    actor.require(Action::FileTaxes)?;
    let today = actor.calendar(db).await?.today();
    if month.first() > today {
        return Err(Refusal::FutureMonth.into());
    }
    let company_id = actor.company_id;
    let (company, tin): (String, String) =
        sqlx::query_as("SELECT name, tin FROM companies WHERE id = $1").bind(company_id).fetch_one(&db.pool).await?;
    let regime = super::regime(db, company_id).await?;
    let figures = match report {
        Report::Sales => Figures::Sales(sales(db, company_id, month).await?),
        Report::Vat => Figures::Vat(vat(db, company_id, month).await?),
        Report::Payroll => Figures::Payroll(payroll_of(db, company_id, month).await?),
        Report::Declaration => Figures::Declaration(declaration(db, company_id, regime, month).await?),
    };
    Ok(Filing { report, period: month.code(), tin, company, regime, currency: "UZS", amounts_in: "tiyin", figures })
}

/// Receipts and returns by day, branch and payment type, from the month's sales.
pub async fn sales(db: &Db, company_id: i64, month: Month) -> Result<SalesReport> {
    let rows: Vec<(String, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT s.day, b.name, s.payment,
                CAST(SUM(CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(s.total) AS BIGINT), CAST(SUM(s.vat) AS BIGINT)
         FROM sales s JOIN branches b ON b.id = s.branch_id
         WHERE s.company_id = $1 AND s.day >= $2 AND s.day <= $3
         GROUP BY s.day, b.name, s.payment ORDER BY s.day, b.name, s.payment",
    )
    .bind(company_id)
    .bind(month.first().to_string())
    .bind(month.last().to_string())
    .fetch_all(&db.pool)
    .await?;
    let rows: Vec<SalesRow> = rows
        .into_iter()
        .map(|(day, branch, payment, receipts, gross, vat)| SalesRow {
            day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or(month.first()),
            branch,
            payment,
            receipts,
            gross,
            vat,
            net: gross - vat,
        })
        .collect();
    let totals = rows.iter().fold(SalesTotals::default(), |t, r| SalesTotals {
        receipts: t.receipts + r.receipts,
        gross: t.gross + r.gross,
        vat: t.vat + r.vat,
        net: t.net + r.net,
    });
    Ok(SalesReport { rows, totals })
}

async fn credit_minus_debit(db: &Db, company_id: i64, account: &str, month: Month) -> Result<i64> {
    let (debit, credit) = ledger::turnover(db, company_id, account, month.first(), month.last()).await?;
    Ok(credit - debit)
}

pub async fn vat(db: &Db, company_id: i64, month: Month) -> Result<VatReport> {
    let pnl = statements::pnl(db, company_id, month.first(), month.last()).await?;
    let output_vat = credit_minus_debit(db, company_id, ledger::TAXES_PAYABLE, month).await?;
    let input_vat = -credit_minus_debit(db, company_id, ledger::INPUT_VAT, month).await?;
    // Goods received on purchases (their net of VAT), as the purchases posted them.
    let taxable_purchases: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(l.debit - l.credit), 0) AS BIGINT)
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE l.company_id = $1 AND l.account_code = $2 AND e.ref_kind = 'purchase' AND e.day >= $3 AND e.day <= $4",
    )
    .bind(company_id)
    .bind(ledger::GOODS)
    .bind(month.first().to_string())
    .bind(month.last().to_string())
    .fetch_one(&db.pool)
    .await?;
    Ok(VatReport {
        rate_bp: super::rate_bp(db, company_id, TaxKind::Vat, month.last()).await?,
        taxable_sales: pnl.net_revenue,
        output_vat,
        taxable_purchases,
        input_vat,
        payable: output_vat - input_vat,
    })
}

/// The month's confirmed payroll; a month not confirmed yet has nothing to report.
pub async fn payroll_of(db: &Db, company_id: i64, month: Month) -> Result<PayrollReport> {
    let run = payroll::confirmed(db, company_id, month).await?.ok_or(Refusal::PayrollNotConfirmed)?;
    Ok(PayrollReport {
        version: run.version,
        totals: run.totals,
        rows: run
            .lines
            .into_iter()
            .map(|l| PayrollRow {
                name: l.name,
                pinfl: l.pinfl,
                position: l.position,
                gross: l.pay.gross,
                pit: l.pay.pit,
                inps: l.pay.inps,
                social: l.pay.social,
                net: l.pay.net,
            })
            .collect(),
    })
}

pub async fn declaration(db: &Db, company_id: i64, regime: Regime, month: Month) -> Result<Declaration> {
    let pnl = statements::pnl(db, company_id, month.first(), month.last()).await?;
    let expenses = pnl.selling + pnl.administrative + pnl.other_expenses;
    let profit = pnl.net_revenue - pnl.cost_of_sales - expenses + pnl.other_income;
    let (rate_bp, base) = match regime {
        Regime::Vat => (super::rate_bp(db, company_id, TaxKind::Profit, month.last()).await?, profit.max(0)),
        Regime::Turnover => (super::rate_bp(db, company_id, TaxKind::Turnover, month.last()).await?, pnl.net_revenue),
    };
    Ok(Declaration {
        regime,
        revenue: pnl.net_revenue,
        cost_of_sales: pnl.cost_of_sales,
        expenses,
        other_income: pnl.other_income,
        profit,
        rate_bp,
        base,
        tax: super::share(base, rate_bp),
    })
}

/// The tax a report says is due: VAT payable, income and social tax withheld and owed, the
/// profit or turnover tax. Sales report none.
pub fn tax_due(figures: &Figures) -> i64 {
    match figures {
        Figures::Sales(_) => 0,
        Figures::Vat(v) => v.payable.max(0),
        Figures::Payroll(p) => p.totals.pit + p.totals.social,
        Figures::Declaration(d) => d.tax,
    }
}
