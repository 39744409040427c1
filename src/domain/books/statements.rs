//! Financial statements from the ledger: profit and loss, balance sheet, cash flow (direct
//! method, from the cash and bank accounts), and the trial balance (in `ledger`).

use chrono::{Days, NaiveDate};

use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::calendar::Period;
use crate::domain::ledger::{self, AccountKind};
use crate::domain::roles::Action;
use crate::domain::tax::{self, TaxKind};
use crate::domain::{Refusal, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pnl,
    Balance,
    Cash,
    Trial,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Pnl, Kind::Balance, Kind::Cash, Kind::Trial];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Pnl => "pnl",
            Kind::Balance => "balance",
            Kind::Cash => "cash",
            Kind::Trial => "trial",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s.trim().to_lowercase())
    }

    pub fn title_key(self) -> &'static str {
        match self {
            Kind::Pnl => "report-pnl",
            Kind::Balance => "report-balance",
            Kind::Cash => "report-cash",
            Kind::Trial => "report-trial",
        }
    }
}

/// The days a statement covers when `actor` (an admin) asks for it: this month unless given;
/// the balance sheet is "as at" its last day, so it starts with the books.
pub async fn period_for(
    db: &Db,
    actor: &Actor,
    kind: Kind,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(NaiveDate, NaiveDate)> {
    actor.require(Action::ViewReports)?;
    let today = actor.calendar(db).await?.today();
    let to = to.unwrap_or(today);
    let from = match (kind, from) {
        (Kind::Balance, _) => all_time_from(to),
        (_, Some(from)) => from,
        (_, None) => Period::ThisMonth.dates(to).0,
    };
    if from > to {
        return Err(Refusal::BadPeriod.into());
    }
    Ok((from, to))
}

/// The balance sheet is "as at"; the other reports cover a period. A day before any entry is
/// a fine lower bound for "everything so far".
pub fn all_time_from(to: NaiveDate) -> NaiveDate {
    to - Days::new(365 * 20)
}

/// Profit and loss for a period; every figure in tiyin.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Pnl {
    pub revenue: i64,
    pub returns: i64,
    pub discounts: i64,
    pub net_revenue: i64,
    pub cost_of_sales: i64,
    pub gross_profit: i64,
    pub other_income: i64,
    pub selling: i64,
    pub administrative: i64,
    pub other_expenses: i64,
    pub operating_profit: i64,
    pub profit_tax_rate_bp: i64,
    /// Estimated at the profit tax rate in force on the period's last day (none on a loss).
    pub profit_tax: i64,
    pub net_profit: i64,
}

async fn credit_minus_debit(db: &Db, company_id: i64, prefix: &str, from: NaiveDate, to: NaiveDate) -> Result<i64> {
    let (debit, credit) = ledger::turnover(db, company_id, prefix, from, to).await?;
    Ok(credit - debit)
}

pub async fn pnl(db: &Db, company_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Pnl> {
    let revenue = credit_minus_debit(db, company_id, "9020", from, to).await?;
    let returns = -credit_minus_debit(db, company_id, "9040", from, to).await?;
    let discounts = -credit_minus_debit(db, company_id, "9050", from, to).await?;
    let cost_of_sales = -credit_minus_debit(db, company_id, "9120", from, to).await?;
    let other_income = credit_minus_debit(db, company_id, "9390", from, to).await?;
    let selling = -credit_minus_debit(db, company_id, "9410", from, to).await?;
    let administrative = -credit_minus_debit(db, company_id, "9420", from, to).await?;
    let other_expenses = -credit_minus_debit(db, company_id, "9430", from, to).await?;
    let net_revenue = revenue - returns - discounts;
    let gross_profit = net_revenue - cost_of_sales;
    let operating_profit = gross_profit + other_income - selling - administrative - other_expenses;
    let rate = tax::rate_bp(db, company_id, TaxKind::Profit, to).await?;
    let profit_tax =
        if operating_profit > 0 { ((operating_profit as i128 * rate as i128 + 5_000) / 10_000) as i64 } else { 0 };
    Ok(Pnl {
        revenue,
        returns,
        discounts,
        net_revenue,
        cost_of_sales,
        gross_profit,
        other_income,
        selling,
        administrative,
        other_expenses,
        operating_profit,
        profit_tax_rate_bp: rate,
        profit_tax,
        net_profit: operating_profit - profit_tax,
    })
}

/// One line of the balance sheet: an account and its balance (positive on its normal side).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetLine {
    pub code: String,
    pub amount: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BalanceSheet {
    pub at: NaiveDate,
    pub assets: Vec<SheetLine>,
    pub liabilities: Vec<SheetLine>,
    pub equity: Vec<SheetLine>,
    /// Income less expenses to date, not yet closed into 8710.
    pub current_result: i64,
    pub total_assets: i64,
    pub total_liabilities_and_equity: i64,
}

pub async fn balance_sheet(db: &Db, company_id: i64, at: NaiveDate) -> Result<BalanceSheet> {
    let rows = ledger::trial_balance(db, company_id, at + Days::new(1), at + Days::new(1)).await?;
    let mut sheet = BalanceSheet { at, ..Default::default() };
    for row in rows {
        // `opening` of the day after is the balance at the end of `at`.
        let balance = row.opening;
        let line = |amount: i64| SheetLine { code: row.code.clone(), amount };
        match row.kind {
            AccountKind::Asset if balance != 0 => sheet.assets.push(line(balance)),
            AccountKind::Liability if balance != 0 => sheet.liabilities.push(line(-balance)),
            AccountKind::Equity if balance != 0 => sheet.equity.push(line(-balance)),
            AccountKind::Income | AccountKind::Expense => sheet.current_result -= balance,
            _ => {}
        }
    }
    sheet.total_assets = sheet.assets.iter().map(|l| l.amount).sum();
    sheet.total_liabilities_and_equity =
        sheet.liabilities.iter().chain(&sheet.equity).map(|l| l.amount).sum::<i64>() + sheet.current_result;
    Ok(sheet)
}

/// Cash flow by the direct method: money in and out of cash (5010…) and bank (5110…) by what
/// caused it. Moves between cash and bank cancel out and are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CashFlow {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub opening: i64,
    /// (cause, amount): positive in, negative out.
    pub flows: Vec<(String, i64)>,
    pub closing: i64,
}

pub async fn cash_flow(db: &Db, company_id: i64, from: NaiveDate, to: NaiveDate) -> Result<CashFlow> {
    let before = from - Days::new(1);
    let opening =
        ledger::balance(db, company_id, "501", before).await? + ledger::balance(db, company_id, "511", before).await?;
    let flows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT e.ref_kind, CAST(SUM(l.debit - l.credit) AS BIGINT)
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE l.company_id = $1 AND (l.account_code LIKE '501%' OR l.account_code LIKE '511%') AND e.day >= $2 AND e.day <= $3
         GROUP BY e.ref_kind ORDER BY e.ref_kind",
    )
    .bind(company_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(&db.pool)
    .await?;
    let flows: Vec<(String, i64)> = flows.into_iter().filter(|(_, amount)| *amount != 0).collect();
    let closing = opening + flows.iter().map(|(_, a)| a).sum::<i64>();
    Ok(CashFlow { from, to, opening, flows, closing })
}
