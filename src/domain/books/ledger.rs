//! The double-entry ledger on the national chart of accounts (NAS 21). Every money or stock
//! movement posts one entry through [`post`], the one place that checks Σ debit = Σ credit.
//! Posted entries are never changed; [`reverse`] posts the mirror entry instead.

use chrono::NaiveDate;

use crate::db::{now, Db, Tx};
use crate::domain::{Error, Refusal, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountKind {
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Asset => "asset",
            AccountKind::Liability => "liability",
            AccountKind::Equity => "equity",
            AccountKind::Income => "income",
            AccountKind::Expense => "expense",
        }
    }

    pub fn parse(s: &str) -> AccountKind {
        match s {
            "liability" => AccountKind::Liability,
            "equity" => AccountKind::Equity,
            "income" => AccountKind::Income,
            "expense" => AccountKind::Expense,
            _ => AccountKind::Asset,
        }
    }

    /// Assets and expenses grow on the debit side; the rest on the credit side.
    pub fn debit_normal(self) -> bool {
        matches!(self, AccountKind::Asset | AccountKind::Expense)
    }
}

/// The part of NAS 21 a trading company uses: (code, kind). Names are in the locales
/// (`account-<code>`), so reports read in the user's language.
pub const CHART: &[(&str, AccountKind)] = &[
    ("2910", AccountKind::Asset),
    ("4010", AccountKind::Asset),
    ("4310", AccountKind::Asset),
    ("4410", AccountKind::Asset),
    ("5010", AccountKind::Asset),
    ("5110", AccountKind::Asset),
    ("5910", AccountKind::Asset),
    ("6010", AccountKind::Liability),
    ("6310", AccountKind::Liability),
    ("6410", AccountKind::Liability),
    ("6411", AccountKind::Liability),
    ("6412", AccountKind::Liability),
    ("6520", AccountKind::Liability),
    ("6710", AccountKind::Liability),
    ("8330", AccountKind::Equity),
    ("8710", AccountKind::Equity),
    ("9020", AccountKind::Income),
    ("9040", AccountKind::Income),
    ("9050", AccountKind::Income),
    ("9120", AccountKind::Expense),
    ("9390", AccountKind::Income),
    ("9410", AccountKind::Expense),
    ("9420", AccountKind::Expense),
    ("9430", AccountKind::Expense),
];

pub const GOODS: &str = "2910";
pub const RECEIVABLES: &str = "4010";
pub const INPUT_VAT: &str = "4410";
pub const CASH: &str = "5010";
pub const BANK: &str = "5110";
pub const SHORTAGES: &str = "5910";
pub const PAYABLES: &str = "6010";
/// VAT payable (output VAT) is 6410 itself; other taxes have their own sub-accounts, so
/// `vat_payable` reads VAT alone.
pub const TAXES_PAYABLE: &str = "6410";
/// Personal income tax withheld from salaries (less the INPS share).
pub const INCOME_TAX_PAYABLE: &str = "6411";
/// The INPS share of the withheld income tax, owed to employees' pension accounts.
pub const INPS_PAYABLE: &str = "6412";
pub const SOCIAL_TAX_PAYABLE: &str = "6520";
pub const SALARIES_PAYABLE: &str = "6710";
pub const SELLING_EXPENSES: &str = "9410";
pub const ADMIN_EXPENSES: &str = "9420";
pub const CAPITAL: &str = "8330";
pub const REVENUE: &str = "9020";
pub const RETURNS: &str = "9040";
pub const COST_OF_SALES: &str = "9120";
pub const OTHER_INCOME: &str = "9390";

/// One side of a posting: an account and a debit or a credit (a negative amount flips sides).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub account: String,
    pub debit: i64,
    pub credit: i64,
    /// Whose receivable (4010: a customer) or payable (6010: a supplier) the line moves, so
    /// each account is the sum of its parties' balances.
    pub party: Option<i64>,
}

pub fn dr(account: &str, amount: i64) -> Line {
    Line { account: account.to_string(), debit: amount, credit: 0, party: None }
}

pub fn cr(account: &str, amount: i64) -> Line {
    Line { account: account.to_string(), debit: 0, credit: amount, party: None }
}

impl Line {
    /// The line as moving `party`'s balance.
    pub fn of(self, party: Option<i64>) -> Line {
        Line { party, ..self }
    }
}

/// An entry to post.
#[derive(Clone, Debug)]
pub struct Posting {
    pub company_id: i64,
    pub branch_id: Option<i64>,
    pub day: NaiveDate,
    pub ref_kind: &'static str,
    pub ref_id: Option<i64>,
    pub memo: String,
    pub lines: Vec<Line>,
    /// The cash register for lines on 5010 (cash): each becomes a cash move there.
    pub register_id: Option<i64>,
}

/// Normalises lines: negatives to the other side, zero lines dropped.
fn normalise(lines: &[Line]) -> Vec<Line> {
    lines
        .iter()
        .map(|l| {
            let net = l.debit - l.credit;
            let line = if net >= 0 { dr(&l.account, net) } else { cr(&l.account, -net) };
            line.of(l.party)
        })
        .filter(|l| l.debit != 0 || l.credit != 0)
        .collect()
}

/// The posting's lines, normalised, once they balance.
fn balanced(p: &Posting) -> Result<Vec<Line>> {
    let lines = normalise(&p.lines);
    let debits: i64 = lines.iter().map(|l| l.debit).sum();
    let credits: i64 = lines.iter().map(|l| l.credit).sum();
    if debits != credits {
        return Err(Error::Internal(anyhow::anyhow!(
            "unbalanced entry {}: Dr {debits} ≠ Cr {credits}: {lines:?}",
            p.ref_kind
        )));
    }
    if lines.iter().any(|l| is_cash(&l.account)) && p.register_id.is_none() {
        return Err(Error::Internal(anyhow::anyhow!("cash posted without a register: {}", p.ref_kind)));
    }
    Ok(lines)
}

/// Posts a balanced entry inside the caller's transaction; returns its id (None when every
/// line is zero — nothing moved).
pub async fn post(tx: &mut Tx, p: &Posting) -> Result<Option<i64>> {
    let lines = balanced(p)?;
    if lines.is_empty() {
        return Ok(None);
    }
    for line in &lines {
        ensure_account(tx, p.company_id, &line.account).await?;
    }
    let entry: i64 = sqlx::query_scalar(
        "INSERT INTO journal_entries (company_id, branch_id, day, posted_at, ref_kind, ref_id, memo)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(p.company_id)
    .bind(p.branch_id)
    .bind(p.day.to_string())
    .bind(now())
    .bind(p.ref_kind)
    .bind(p.ref_id)
    .bind(&p.memo)
    .fetch_one(&mut **tx)
    .await?;
    for line in &lines {
        sqlx::query(
            "INSERT INTO journal_lines (entry_id, company_id, account_code, debit, credit, party_id)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(entry)
        .bind(p.company_id)
        .bind(&line.account)
        .bind(line.debit)
        .bind(line.credit)
        .bind(line.party)
        .execute(&mut **tx)
        .await?;
        if let (true, Some(register)) = (is_cash(&line.account), p.register_id) {
            sqlx::query("INSERT INTO cash_moves (company_id, register_id, entry_id, amount, kind, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(p.company_id)
                .bind(register)
                .bind(entry)
                .bind(line.debit - line.credit)
                .bind(p.ref_kind)
                .bind(now())
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(Some(entry))
}

/// Posts many entries of one company at once (an import): each checked as [`post`] checks
/// it, then written with a few statements in all. Returns each posting's entry id.
pub async fn post_many(tx: &mut Tx, company_id: i64, postings: &[Posting]) -> Result<Vec<Option<i64>>> {
    use crate::db::many::{insert_many, reserve_ids, Fixed};
    if postings.iter().any(|p| p.company_id != company_id) {
        return Err(Error::Internal(anyhow::anyhow!("post_many across companies")));
    }
    let checked: Vec<Vec<Line>> = postings.iter().map(balanced).collect::<Result<_>>()?;
    let mut accounts: Vec<&str> = checked.iter().flatten().map(|l| l.account.as_str()).collect();
    accounts.sort_unstable();
    accounts.dedup();
    for account in accounts {
        ensure_account(tx, company_id, account).await?;
    }
    let ids = reserve_ids(tx, "journal_entries", checked.iter().filter(|l| !l.is_empty()).count()).await?;
    let mut ids = ids.into_iter();
    let entry_ids: Vec<Option<i64>> = checked.iter().map(|l| if l.is_empty() { None } else { ids.next() }).collect();
    let at = now();
    let entries: Vec<(i64, &Posting)> =
        entry_ids.iter().zip(postings).filter_map(|(id, p)| id.map(|id| (id, p))).collect();
    insert_many(
        tx,
        "journal_entries",
        &["id", "branch_id", "day", "ref_kind", "ref_id", "memo"],
        &[("company_id", Fixed::Int(company_id)), ("posted_at", Fixed::Int(at))],
        &entries,
        "",
        |(id, p), row| {
            row.int(*id).opt(p.branch_id).text(&p.day.to_string()).text(p.ref_kind).opt(p.ref_id).text(&p.memo);
        },
    )
    .await?;
    let lines: Vec<(i64, &Line, &Posting)> = entry_ids
        .iter()
        .zip(checked.iter().zip(postings))
        .filter_map(|(id, (lines, p))| id.map(|id| lines.iter().map(move |l| (id, l, p))))
        .flatten()
        .collect();
    insert_many(
        tx,
        "journal_lines",
        &["entry_id", "account_code", "debit", "credit", "party_id"],
        &[("company_id", Fixed::Int(company_id))],
        &lines,
        "",
        |(entry, l, _), row| {
            row.int(*entry).text(&l.account).int(l.debit).int(l.credit).opt(l.party);
        },
    )
    .await?;
    let cash: Vec<&(i64, &Line, &Posting)> = lines.iter().filter(|(_, l, _)| is_cash(&l.account)).collect();
    insert_many(
        tx,
        "cash_moves",
        &["register_id", "entry_id", "amount", "kind"],
        &[("company_id", Fixed::Int(company_id)), ("created_at", Fixed::Int(at))],
        &cash,
        "",
        |(entry, l, p), row| {
            row.opt(p.register_id).int(*entry).int(l.debit - l.credit).text(p.ref_kind);
        },
    )
    .await?;
    Ok(entry_ids)
}

/// Cash in so‘m is 5010 and its sub-accounts (5011, …).
pub fn is_cash(account: &str) -> bool {
    account.starts_with("501")
}

/// Accounts of the standard chart are created the first time a company uses them; a
/// sub-account must have been added first.
async fn ensure_account(tx: &mut Tx, company_id: i64, code: &str) -> Result<()> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE company_id = $1 AND code = $2")
        .bind(company_id)
        .bind(code)
        .fetch_optional(&mut **tx)
        .await?;
    if exists.is_some() {
        return Ok(());
    }
    let Some((_, kind)) = CHART.iter().find(|(c, _)| *c == code) else {
        return Err(Error::Internal(anyhow::anyhow!("account {code} does not exist in company {company_id}")));
    };
    sqlx::query(
        "INSERT INTO accounts (company_id, code, name, kind, parent_code, created_at) VALUES ($1, $2, $3, $4, NULL, $5)
         ON CONFLICT (company_id, code) DO NOTHING",
    )
    .bind(company_id)
    .bind(code)
    .bind(code)
    .bind(kind.as_str())
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Seeds the whole standard chart for a company.
pub async fn seed_chart(tx: &mut Tx, company_id: i64) -> Result<()> {
    for (code, _) in CHART {
        ensure_account(tx, company_id, code).await?;
    }
    Ok(())
}

/// Adds a sub-account (e.g. 5011 under 5010) with the parent's kind.
pub async fn add_sub_account(
    db: &Db,
    actor: &crate::domain::actor::Actor,
    parent: &str,
    code: &str,
    name: &str,
) -> Result<()> {
    actor.require(crate::domain::roles::Action::ManageSettings)?;
    let company_id = actor.company_id;
    let name = crate::domain::clean_name(name, 80)?;
    let mut tx = db.begin().await?;
    seed_chart(&mut tx, company_id).await?;
    let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM accounts WHERE company_id = $1 AND code = $2")
        .bind(company_id)
        .bind(parent)
        .fetch_optional(&mut *tx)
        .await?;
    let kind = kind.ok_or(Refusal::NotFound)?;
    let valid =
        code.len() == 4 && code.chars().all(|c| c.is_ascii_digit()) && code[..3] == parent[..3] && code != parent;
    if !valid {
        return Err(Refusal::BadName.into());
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO accounts (company_id, code, name, kind, parent_code, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(company_id)
    .bind(code)
    .bind(&name)
    .bind(kind)
    .bind(parent)
    .bind(now())
    .fetch_one(&mut *tx)
    .await
    .map_err(|_| Error::Refused(Refusal::BadName))?;
    let fields = crate::domain::audit::created(&[
        ("code", serde_json::json!(code)),
        ("name", serde_json::json!(name)),
        ("parent", serde_json::json!(parent)),
    ]);
    crate::domain::audit::record(
        &mut tx,
        actor,
        crate::domain::audit::Change::AccountAdded,
        crate::domain::audit::Entity::Account,
        id,
        fields,
    )
    .await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Account names of a company by code (for statements).
pub async fn account_names(db: &Db, company_id: i64) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as("SELECT code, name FROM accounts WHERE company_id = $1")
        .bind(company_id)
        .fetch_all(&db.pool)
        .await?)
}

/// Posts the mirror of an entry (dated the day of the correction), once. Entries that moved
/// goods (2910) are corrected by a document that moves them back (a return, a count), never
/// here, so the books stay equal to the shelves.
pub async fn reverse(db: &Db, company_id: i64, entry_id: i64, day: NaiveDate, memo: &str) -> Result<i64> {
    let mut tx = db.begin().await?;
    let id = reverse_in(&mut tx, company_id, entry_id, day, memo).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(id)
}

/// [`reverse`] inside the caller's transaction.
pub async fn reverse_in(tx: &mut Tx, company_id: i64, entry_id: i64, day: NaiveDate, memo: &str) -> Result<i64> {
    let original: Option<(Option<i64>, String, Option<i64>)> =
        sqlx::query_as("SELECT branch_id, ref_kind, ref_id FROM journal_entries WHERE id = $1 AND company_id = $2")
            .bind(entry_id)
            .bind(company_id)
            .fetch_optional(&mut **tx)
            .await?;
    let (branch_id, _, ref_id) = original.ok_or(Refusal::NotFound)?;
    let lines: Vec<(String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT account_code, debit, credit, party_id FROM journal_lines WHERE entry_id = $1 ORDER BY id",
    )
    .bind(entry_id)
    .fetch_all(&mut **tx)
    .await?;
    if lines.iter().any(|(account, ..)| account.starts_with("291")) {
        return Err(Refusal::NotAllowed.into());
    }
    let register: Option<i64> = sqlx::query_scalar("SELECT register_id FROM cash_moves WHERE entry_id = $1 LIMIT 1")
        .bind(entry_id)
        .fetch_optional(&mut **tx)
        .await?;
    let posting = Posting {
        company_id,
        branch_id,
        day,
        ref_kind: "reversal",
        ref_id,
        memo: memo.to_string(),
        lines: lines
            .into_iter()
            .map(|(account, debit, credit, party)| Line { account, debit: credit, credit: debit, party })
            .collect(),
        register_id: register,
    };
    let id = post(tx, &posting).await?.ok_or(Refusal::NotFound)?;
    sqlx::query("UPDATE journal_entries SET reversal_of = $1 WHERE id = $2")
        .bind(entry_id)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(|_| Error::Refused(Refusal::AlreadyDecided))?;
    Ok(id)
}

/// An account's figures over a period: balance before it, turnovers in it, balance after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRow {
    pub code: String,
    pub name: String,
    pub kind: AccountKind,
    pub opening: i64,
    pub debit: i64,
    pub credit: i64,
    pub closing: i64,
}

/// Trial balance for `from..=to`; balances are debit minus credit (a credit balance is negative).
pub async fn trial_balance(db: &Db, company_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<AccountRow>> {
    let rows: Vec<(String, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT a.code, a.name, a.kind,
                CAST(COALESCE(SUM(CASE WHEN e.day < $2 THEN l.debit - l.credit ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN e.day >= $2 AND e.day <= $3 THEN l.debit ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN e.day >= $2 AND e.day <= $3 THEN l.credit ELSE 0 END), 0) AS BIGINT)
         FROM accounts a
         LEFT JOIN journal_lines l ON l.company_id = a.company_id AND l.account_code = a.code
         LEFT JOIN journal_entries e ON e.id = l.entry_id
         WHERE a.company_id = $1
         GROUP BY a.code, a.name, a.kind ORDER BY a.code",
    )
    .bind(company_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name, kind, opening, debit, credit)| AccountRow {
            closing: opening + debit - credit,
            code,
            name,
            kind: AccountKind::parse(&kind),
            opening,
            debit,
            credit,
        })
        .collect())
}

/// Balance (debit minus credit) of accounts whose code starts with `prefix`, up to and including `to`.
pub async fn balance(db: &Db, company_id: i64, prefix: &str, to: NaiveDate) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(l.debit - l.credit), 0) AS BIGINT) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE l.company_id = $1 AND l.account_code LIKE $2 AND e.day <= $3",
    )
    .bind(company_id)
    .bind(format!("{prefix}%"))
    .bind(to.to_string())
    .fetch_one(&db.pool)
    .await?)
}

/// Turnover (debit, credit) of accounts starting with `prefix` within the period.
pub async fn turnover(db: &Db, company_id: i64, prefix: &str, from: NaiveDate, to: NaiveDate) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(l.debit), 0) AS BIGINT), CAST(COALESCE(SUM(l.credit), 0) AS BIGINT)
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE l.company_id = $1 AND l.account_code LIKE $2 AND e.day >= $3 AND e.day <= $4",
    )
    .bind(company_id)
    .bind(format!("{prefix}%"))
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_one(&db.pool)
    .await?)
}

/// VAT to pay for a period: output VAT (6410) less input VAT (4410).
pub async fn vat_payable(db: &Db, company_id: i64, from: NaiveDate, to: NaiveDate) -> Result<i64> {
    let (out_dr, out_cr) = turnover(db, company_id, TAXES_PAYABLE, from, to).await?;
    let (in_dr, in_cr) = turnover(db, company_id, INPUT_VAT, from, to).await?;
    Ok((out_cr - out_dr) - (in_dr - in_cr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_normalised() {
        let lines = normalise(&[dr("5010", 100), cr("9020", 0), dr("6410", -20), cr("9020", 80)]);
        assert_eq!(lines, vec![dr("5010", 100), cr("6410", 20), cr("9020", 80)]);
    }

    #[test]
    fn chart_has_unique_codes() {
        let mut codes: Vec<&str> = CHART.iter().map(|(c, _)| *c).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), CHART.len());
        assert!(is_cash("5010") && is_cash("5011") && !is_cash("5110"));
    }
}

/// What each party of `account` owes or is owed (debit minus credit): customers on 4010,
/// suppliers on 6010. `None` holds lines from before parties were kept, or with no party.
pub async fn party_balances(db: &Db, company_id: i64, account: &str) -> Result<Vec<(Option<i64>, i64)>> {
    Ok(sqlx::query_as(
        "SELECT party_id, CAST(SUM(debit - credit) AS BIGINT) FROM journal_lines
         WHERE company_id = $1 AND account_code = $2 GROUP BY party_id",
    )
    .bind(company_id)
    .bind(account)
    .fetch_all(&db.pool)
    .await?)
}

/// One party's balance on `account`, inside the caller's transaction.
pub async fn party_balance(tx: &mut Tx, company_id: i64, account: &str, party: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(debit - credit), 0) AS BIGINT) FROM journal_lines
         WHERE company_id = $1 AND account_code = $2 AND party_id = $3",
    )
    .bind(company_id)
    .bind(account)
    .bind(party)
    .fetch_one(&mut **tx)
    .await?)
}

/// A line of a party's statement.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PartyLine {
    pub entry_id: i64,
    pub day: String,
    pub ref_kind: String,
    pub ref_id: Option<i64>,
    pub debit: i64,
    pub credit: i64,
}

/// A party's lines on `account`, oldest first, up to `limit` (the newest ones when cut).
pub async fn party_lines(db: &Db, company_id: i64, account: &str, party: i64, limit: i64) -> Result<Vec<PartyLine>> {
    let mut lines: Vec<PartyLine> = sqlx::query_as(
        "SELECT e.id AS entry_id, e.day, e.ref_kind, e.ref_id, l.debit, l.credit
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE l.company_id = $1 AND l.account_code = $2 AND l.party_id = $3
         ORDER BY e.day DESC, e.id DESC LIMIT $4",
    )
    .bind(company_id)
    .bind(account)
    .bind(party)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    lines.reverse();
    Ok(lines)
}
