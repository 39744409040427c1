//! The demo company's books: its two years of history posted to the ledger the way an import
//! from an older system would be, so its statements and tax reports agree with its sales.
//!
//! - Sales: one entry per day and branch (Dr cash, bank or receivables by payment type / Cr
//!   9020 net, Cr 6410 VAT; Dr 9120 / Cr 2910 at cost), from the sales themselves.
//! - Purchases: each month and branch, the goods sold that month bought in on its first day
//!   from VAT-paying suppliers (Dr 2910 net, Dr 4410 VAT / Cr 5110), so stock holds steady.
//! - Expenses: rent and utilities per branch (5 % of its takings), paid from the bank on the 5th.
//! - Money: the month's cash takings banked and its sales on credit collected on its last day.
//! - Payroll: the two cashiers of each branch and an accountant, confirmed every month before
//!   this one through [`payroll::confirm`], paid from the bank.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};

use crate::db::Db;
use crate::domain::calendar::Month;
use crate::domain::company::Member;
use crate::domain::ledger::{self, cr, dr, Posting};
use crate::domain::payroll::{self, NewEmployee, PaidFrom};
use crate::domain::sales::{self, Payment};

/// Rent and utilities of a branch, per mille of its month's net revenue.
const PREMISES_PERMILLE: i64 = 50;
/// A cashier's salary: a share of their branch's average monthly net revenue (per mille,
/// split between the two), within what a cashier in Uzbekistan earns (tiyin).
const SALARY_PERMILLE: i64 = 20;
const SALARY_RANGE: (i64, i64) = (150_000_000, 800_000_000);

/// Sums of one day and branch: per payment type (gross), VAT and cost.
#[derive(Default)]
struct Day {
    by_payment: BTreeMap<&'static str, i64>,
    vat: i64,
    cost: i64,
    /// Net revenue (monthly sums only).
    net: i64,
}

/// Posts the history of `admin`'s company written by `demo::generate`.
pub async fn post_history(db: &Db, admin: &Member, branches: &[i64], cashiers: &[Vec<i64>]) -> anyhow::Result<()> {
    let company_id = admin.company_id;
    let rows: Vec<(String, i64, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT day, branch_id, payment, CAST(SUM(total) AS BIGINT), CAST(SUM(vat) AS BIGINT), CAST(SUM(cost) AS BIGINT)
         FROM sales WHERE company_id = $1 GROUP BY day, branch_id, payment ORDER BY day, branch_id",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?;
    let mut days: BTreeMap<(NaiveDate, i64), Day> = BTreeMap::new();
    for (day, branch, payment, total, vat, cost) in rows {
        let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d")?;
        let payment = Payment::parse(&payment).ok_or_else(|| anyhow::anyhow!("payment {payment}"))?;
        let entry = days.entry((day, branch)).or_default();
        *entry.by_payment.entry(sales::settlement_account(payment)).or_default() += total;
        entry.vat += vat;
        entry.cost += cost;
    }
    // Read before the transaction: SQLite has one connection.
    let mut vat_rates = BTreeMap::new();
    for (day, _) in days.keys() {
        if let std::collections::btree_map::Entry::Vacant(e) = vat_rates.entry(Month::of(*day)) {
            let month = Month::of(*day);
            e.insert(
                crate::domain::tax::rate_bp(db, company_id, crate::domain::tax::TaxKind::Vat, month.first()).await?,
            );
        }
    }
    let mut tx = db.begin().await?;
    let mut registers = BTreeMap::new();
    for branch in branches {
        registers.insert(*branch, crate::domain::cash::register_for(&mut tx, company_id, *branch, None).await?);
    }
    // Month by month, so no statement grows past a few thousand rows.
    let mut months: BTreeMap<Month, Vec<Posting>> = BTreeMap::new();
    let mut monthly: BTreeMap<(Month, i64), Day> = BTreeMap::new();
    for ((day, branch), sums) in &days {
        let gross: i64 = sums.by_payment.values().sum();
        let mut lines: Vec<ledger::Line> =
            sums.by_payment.iter().map(|(account, amount)| dr(account, *amount)).collect();
        lines.extend([
            cr(ledger::REVENUE, gross - sums.vat),
            cr(ledger::TAXES_PAYABLE, sums.vat),
            dr(ledger::COST_OF_SALES, sums.cost),
            cr(ledger::GOODS, sums.cost),
        ]);
        months.entry(Month::of(*day)).or_default().push(posting(
            company_id,
            *branch,
            *day,
            "sale",
            lines,
            registers[branch],
        ));
        let month = monthly.entry((Month::of(*day), *branch)).or_default();
        for (account, amount) in &sums.by_payment {
            *month.by_payment.entry(account).or_default() += amount;
        }
        month.cost += sums.cost;
        month.net += gross - sums.vat;
    }
    let today = admin.time_zone.today();
    for ((month, branch), sums) in &monthly {
        let input_vat = crate::domain::tax::share(sums.cost, vat_rates[month]);
        let bought = vec![
            dr(ledger::GOODS, sums.cost),
            dr(ledger::INPUT_VAT, input_vat),
            cr(ledger::BANK, sums.cost + input_vat),
        ];
        let premises = (sums.net * PREMISES_PERMILLE / 1000).max(0);
        let expenses = vec![dr(ledger::ADMIN_EXPENSES, premises), cr(ledger::BANK, premises)];
        let last = month.last().min(today);
        let cash = sums.by_payment.get(ledger::CASH).copied().unwrap_or(0);
        let credit = sums.by_payment.get(ledger::RECEIVABLES).copied().unwrap_or(0);
        let banked = vec![dr(ledger::BANK, cash + credit), cr(ledger::CASH, cash), cr(ledger::RECEIVABLES, credit)];
        let register = registers[branch];
        let postings = months.entry(*month).or_default();
        postings.push(posting(company_id, *branch, month.first(), "purchase", bought, register));
        postings.push(posting(company_id, *branch, month.day(5).min(today), "expense", expenses, register));
        postings.push(posting(company_id, *branch, last, "transfer", banked, register));
    }
    for (month, postings) in &months {
        ledger::post_many(&mut tx, company_id, postings).await?;
        if month.first().month0() % 6 == 0 {
            super::progress(&format!("books posted to {month}"));
        }
    }
    tx.commit().await?;
    let salaries: Vec<i64> = branches
        .iter()
        .map(|branch| {
            let nets: Vec<i64> = monthly.iter().filter(|((_, b), _)| b == branch).map(|(_, m)| m.net).collect();
            let average = nets.iter().sum::<i64>() / (nets.len().max(1) as i64);
            (average * SALARY_PERMILLE / 1000 / 2 / 100_000 * 100_000).clamp(SALARY_RANGE.0, SALARY_RANGE.1)
        })
        .collect();
    pay_salaries(db, admin, branches, cashiers, &salaries, months.keys().next().copied()).await
}

fn posting(
    company_id: i64,
    branch: i64,
    day: NaiveDate,
    kind: &'static str,
    lines: Vec<ledger::Line>,
    register: i64,
) -> Posting {
    let cash = lines.iter().any(|l| ledger::is_cash(&l.account));
    Posting {
        company_id,
        branch_id: Some(branch),
        day,
        ref_kind: kind,
        ref_id: None,
        memo: format!("{kind} (demo data)"),
        lines,
        register_id: cash.then_some(register),
    }
}

const FIRST_NAMES: [&str; 20] = [
    "Aziz",
    "Dilnoza",
    "Jasur",
    "Malika",
    "Sardor",
    "Nigora",
    "Bekzod",
    "Gulnora",
    "Otabek",
    "Shahlo",
    "Rustam",
    "Madina",
    "Sherzod",
    "Feruza",
    "Ulug‘bek",
    "Kamola",
    "Javlon",
    "Zarina",
    "Anvar",
    "Laylo",
];
const SURNAMES: [&str; 10] =
    ["Karimov", "Rahimov", "Yusupov", "Tursunov", "Aliyev", "Saidov", "Qodirov", "Ergashev", "Mirzayev", "Nazarov"];

/// A name for the n-th demo employee (women's surnames take the feminine ending).
fn person(n: u64) -> String {
    let first = FIRST_NAMES[(n as usize * 7) % FIRST_NAMES.len()];
    let surname = SURNAMES[(n as usize / FIRST_NAMES.len() + n as usize * 3) % SURNAMES.len()];
    let feminine =
        ["Dilnoza", "Malika", "Nigora", "Gulnora", "Shahlo", "Madina", "Feruza", "Kamola", "Zarina", "Laylo"];
    if feminine.contains(&first) {
        format!("{first} {surname}a")
    } else {
        format!("{first} {surname}")
    }
}

/// The cashiers and an accountant as employees, and a confirmed payroll for every month of
/// the history before the current one.
async fn pay_salaries(
    db: &Db,
    admin: &Member,
    branches: &[i64],
    cashiers: &[Vec<i64>],
    salaries: &[i64],
    first: Option<Month>,
) -> anyhow::Result<()> {
    let actor = admin.actor();
    let mut n = 0u64;
    for ((branch, people), salary) in branches.iter().zip(cashiers).zip(salaries) {
        for user in people {
            n += 1;
            let new = NewEmployee {
                name: person(n),
                pinfl: pinfl(n),
                position: "Kassir".into(),
                branch_id: Some(*branch),
                salary: *salary,
                user_id: Some(*user),
            };
            payroll::add_employee(db, &actor, new).await?;
        }
    }
    let accountant = NewEmployee {
        name: "Dilnoza Karimova".into(),
        pinfl: pinfl(n + 1),
        position: "Bosh buxgalter".into(),
        branch_id: None,
        salary: 900_000_000,
        user_id: None,
    };
    payroll::add_employee(db, &actor, accountant).await?;
    let Some(mut month) = first else { return Ok(()) };
    let current = Month::of(admin.time_zone.today());
    while month < current {
        payroll::confirm(db, &actor, month, PaidFrom::Bank, None).await?;
        month = month.next();
    }
    Ok(())
}

/// A plausible PINFL: the first digit 3 or 4 (born in the 1900s), then a birth date and a serial.
fn pinfl(n: u64) -> String {
    let day = NaiveDate::from_ymd_opt(1975, 1, 1).expect("date") + Days::new(n * 97 % 9000);
    format!("{}{}{:07}", 3 + n % 2, day.format("%d%m%y"), 1_000_000 + n * 37)
}

#[cfg(test)]
mod tests {
    #[test]
    fn pinfls_are_fourteen_digits() {
        for n in [1, 40, 41] {
            let p = super::pinfl(n);
            assert_eq!(p.len(), 14, "{p}");
            assert!(p.starts_with('3') || p.starts_with('4'));
        }
    }
}
