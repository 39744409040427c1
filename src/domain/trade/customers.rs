//! Customers and what they owe (nasiya). A sale on credit debits the customer's receivable
//! (4010, the line carries the customer), a payment credits it, so a customer's balance is the
//! sum of their 4010 lines and 4010 is the sum of all customers' balances. A credit limit is
//! checked at the till; only an admin may sell past it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::db::{now, Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::calendar;
use crate::domain::company::Tin;
use crate::domain::ledger::{self, PartyLine};
use crate::domain::money::Money;
use crate::domain::roles::{self, Action};
use crate::domain::sales::{self, Payment};
use crate::domain::{clean_name, Refusal, Result};

/// Retail customers pay the sale price; wholesale ones a product's wholesale price where it has one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CustomerKind {
    #[default]
    Retail,
    Wholesale,
}

impl CustomerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerKind::Retail => "retail",
            CustomerKind::Wholesale => "wholesale",
        }
    }
    pub fn parse(s: &str) -> Option<CustomerKind> {
        [CustomerKind::Retail, CustomerKind::Wholesale].into_iter().find(|k| k.as_str() == s.trim().to_lowercase())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub tin: Option<String>,
    pub kind: CustomerKind,
    /// `None`: no limit; zero: no credit at all.
    pub credit_limit: Option<Money>,
    pub notes: Option<String>,
    /// What the customer owes (negative: paid in advance).
    pub balance: Money,
}

/// A customer as typed in chat or posted over HTTP.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerInput {
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub tin: Option<String>,
    #[serde(default)]
    pub kind: CustomerKind,
    #[serde(default)]
    pub credit_limit: Option<Money>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A phone number as stored: `+` and its digits. Nine digits are a number in Uzbekistan
/// (`90 123 45 67` is `+998901234567`).
pub fn clean_phone(raw: &str) -> std::result::Result<String, Refusal> {
    if raw.chars().any(|c| !(c.is_ascii_digit() || " +-()".contains(c))) {
        return Err(Refusal::BadPhone);
    }
    let digits: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
    match digits.len() {
        9 => Ok(format!("+998{digits}")),
        10..=15 => Ok(format!("+{digits}")),
        _ => Err(Refusal::BadPhone),
    }
}

struct Clean {
    name: String,
    phone: Option<String>,
    tin: Option<String>,
    credit_limit: Option<i64>,
    notes: Option<String>,
}

fn clean(input: &CustomerInput) -> std::result::Result<Clean, Refusal> {
    let present = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let limit = match input.credit_limit {
        Some(m) if m.0 < 0 => return Err(Refusal::BadAmount),
        Some(m) => Some(m.check()?.0),
        None => None,
    };
    let notes = present(&input.notes);
    if notes.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err(Refusal::NotesTooLong);
    }
    Ok(Clean {
        name: clean_name(&input.name, 120)?,
        phone: present(&input.phone).map(|p| clean_phone(&p)).transpose()?,
        tin: present(&input.tin).map(|t| Tin::parse(&t).map(|t| t.as_str().to_string())).transpose()?,
        credit_limit: limit,
        notes,
    })
}

type Row = (i64, String, Option<String>, Option<String>, String, Option<i64>, Option<String>);
const COLUMNS: &str = "id, name, phone, tin, kind, credit_limit, notes";

fn from_row(row: Row, balance: i64) -> Customer {
    let (id, name, phone, tin, kind, credit_limit, notes) = row;
    Customer {
        id,
        name,
        phone,
        tin,
        kind: CustomerKind::parse(&kind).unwrap_or_default(),
        credit_limit: credit_limit.map(Money),
        notes,
        balance: Money(balance),
    }
}

async fn row_in(tx: &mut Tx, company_id: i64, id: i64) -> Result<Row> {
    let sql = format!("SELECT {COLUMNS} FROM customers WHERE id = $1 AND company_id = $2");
    let row: Option<Row> = sqlx::query_as(&sql).bind(id).bind(company_id).fetch_optional(&mut **tx).await?;
    Ok(row.ok_or(Refusal::NotFound)?)
}

/// A customer of `actor`'s company with their balance.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> Result<Customer> {
    actor.require(Action::Customers)?;
    let mut tx = db.begin().await?;
    let row = row_in(&mut tx, actor.company_id, id).await?;
    let balance = ledger::party_balance(&mut tx, actor.company_id, ledger::RECEIVABLES, id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(from_row(row, balance))
}

pub async fn add(db: &Db, actor: &Actor, input: &CustomerInput) -> Result<Customer> {
    actor.require(Action::Customers)?;
    let mut c = clean(input)?;
    let mut tx = db.begin().await?;
    // The company's policy gives a new customer its default limit when none is given.
    if c.credit_limit.is_none() {
        c.credit_limit = sqlx::query_scalar("SELECT default_credit_limit FROM companies WHERE id = $1")
            .bind(actor.company_id)
            .fetch_one(&mut *tx)
            .await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO customers (company_id, name, tin, phone, kind, credit_limit, notes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(&c.name)
    .bind(&c.tin)
    .bind(&c.phone)
    .bind(input.kind.as_str())
    .bind(c.credit_limit)
    .bind(&c.notes)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let fields = audit::created(&[
        ("name", json!(c.name)),
        ("phone", json!(c.phone)),
        ("tin", json!(c.tin)),
        ("kind", json!(input.kind.as_str())),
        ("credit_limit", json!(c.credit_limit)),
    ]);
    audit::record(&mut tx, actor, Change::PartnerAdded, Entity::Customer, id, fields).await?;
    let row = row_in(&mut tx, actor.company_id, id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(from_row(row, 0))
}

/// Replaces a customer's details; the activity log keeps what changed.
pub async fn update(db: &Db, actor: &Actor, id: i64, input: &CustomerInput) -> Result<Customer> {
    actor.require(Action::Customers)?;
    let c = clean(input)?;
    let mut tx = db.begin().await?;
    let before = from_row(row_in(&mut tx, actor.company_id, id).await?, 0);
    sqlx::query(
        "UPDATE customers SET name = $1, tin = $2, phone = $3, kind = $4, credit_limit = $5, notes = $6
         WHERE id = $7 AND company_id = $8",
    )
    .bind(&c.name)
    .bind(&c.tin)
    .bind(&c.phone)
    .bind(input.kind.as_str())
    .bind(c.credit_limit)
    .bind(&c.notes)
    .bind(id)
    .bind(actor.company_id)
    .execute(&mut *tx)
    .await?;
    let fields = audit::diff(&[
        ("name", json!(before.name), json!(c.name)),
        ("phone", json!(before.phone), json!(c.phone)),
        ("tin", json!(before.tin), json!(c.tin)),
        ("kind", json!(before.kind.as_str()), json!(input.kind.as_str())),
        ("credit_limit", json!(before.credit_limit.map(|m| m.0)), json!(c.credit_limit)),
        ("notes", json!(before.notes), json!(c.notes)),
    ]);
    audit::record(&mut tx, actor, Change::CustomerEdited, Entity::Customer, id, fields).await?;
    let row = row_in(&mut tx, actor.company_id, id).await?;
    let balance = ledger::party_balance(&mut tx, actor.company_id, ledger::RECEIVABLES, id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(from_row(row, balance))
}

/// Customers whose name contains `query`, or whose phone or TIN contains its digits; all when
/// empty. At most `limit`, by name.
pub async fn find(db: &Db, actor: &Actor, query: &str, limit: i64) -> Result<Vec<Customer>> {
    actor.require(Action::Customers)?;
    let query = query.trim().to_lowercase();
    let digits: String = query.chars().filter(|c| c.is_ascii_digit()).collect();
    let by_number = digits.len() >= 3 && digits.len() * 2 >= query.chars().filter(|c| !c.is_whitespace()).count();
    // Each match's balance from its own 4010 lines (indexed by party), not the whole company's.
    let sql = format!(
        "SELECT {COLUMNS}, CAST(COALESCE((SELECT SUM(l.debit - l.credit) FROM journal_lines l
                 WHERE l.company_id = customers.company_id AND l.account_code = '{}' AND l.party_id = customers.id), 0) AS BIGINT)
         FROM customers WHERE company_id = $1
         AND (LOWER(name) LIKE $2 OR ($3 <> '' AND (phone LIKE $4 OR tin LIKE $4)))
         ORDER BY name, id LIMIT $5",
        ledger::RECEIVABLES
    );
    type Found = (i64, String, Option<String>, Option<String>, String, Option<i64>, Option<String>, i64);
    let rows: Vec<Found> = sqlx::query_as(&sql)
        .bind(actor.company_id)
        .bind(format!("%{}%", escape_like(&query)))
        .bind(if by_number { digits.as_str() } else { "" })
        .bind(format!("%{digits}%"))
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, phone, tin, kind, limit, notes, balance)| {
            from_row((id, name, phone, tin, kind, limit, notes), balance)
        })
        .collect())
}

/// LIKE's wildcards typed by a user are dropped rather than escaped (SQLite has no default
/// escape character), so "50%" finds what "50" finds.
fn escape_like(s: &str) -> String {
    s.replace(['%', '_'], "")
}

/// Refuses a sale on credit of `adds` that would take the customer past their limit, unless
/// the actor may override it and asked to.
pub(crate) async fn check_credit(
    tx: &mut Tx,
    actor: &Actor,
    customer: i64,
    adds: i64,
    override_limit: bool,
) -> Result<()> {
    let limit: Option<i64> = sqlx::query_scalar("SELECT credit_limit FROM customers WHERE id = $1 AND company_id = $2")
        .bind(customer)
        .bind(actor.company_id)
        .fetch_one(&mut **tx)
        .await?;
    let Some(limit) = limit else { return Ok(()) };
    let owed = ledger::party_balance(tx, actor.company_id, ledger::RECEIVABLES, customer).await?;
    within_credit(actor, limit, owed, adds, override_limit)
}

/// A customer who owes `owed` may take `adds` more on credit within `limit`, or past it when
/// the actor may override the limit and asked to.
pub(crate) fn within_credit(actor: &Actor, limit: i64, owed: i64, adds: i64, override_limit: bool) -> Result<()> {
    if owed + adds <= limit {
        return Ok(());
    }
    if override_limit && roles::can(actor.role, Action::OverrideCreditLimit) && !actor.blocked {
        return Ok(());
    }
    Err(Refusal::CreditLimit.into())
}

/// Checks a customer belongs to the company.
pub(crate) async fn ensure(tx: &mut Tx, company_id: i64, customer: i64) -> Result<()> {
    row_in(tx, company_id, customer).await.map(|_| ())
}

/// A customer of the company's kind (refused as unknown otherwise).
pub(crate) async fn kind_of(tx: &mut Tx, company_id: i64, customer: i64) -> Result<CustomerKind> {
    Ok(CustomerKind::parse(&row_in(tx, company_id, customer).await?.4).unwrap_or_default())
}

impl CustomerKind {
    /// The type of a sale to a customer of this kind: a wholesale customer buys at wholesale
    /// prices whatever the till was switched to.
    pub fn sale_type(self, asked: sales::SaleType) -> sales::SaleType {
        match self {
            CustomerKind::Wholesale => sales::SaleType::Wholesale,
            CustomerKind::Retail => asked,
        }
    }
}

/// A payment taken from a customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Paid {
    pub entry_id: i64,
    pub customer_id: i64,
    pub amount: Money,
    /// What the customer still owes.
    pub balance: Money,
    /// The payment an idempotency key had already recorded.
    #[serde(skip)]
    pub replayed: bool,
}

/// A debt payment to take: how much, how, at which branch's till (the actor's own unless an
/// admin names one), and an idempotency key from the door (an API request) when it has one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PaymentInput {
    pub amount: Money,
    #[serde(default)]
    pub payment: Payment,
    #[serde(default)]
    pub branch_id: Option<i64>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// Takes a payment against a customer's debt, in cash at a branch's till or by card or
/// transfer. More than is owed is refused; a key already used answers with its payment.
pub async fn record_payment(db: &Db, actor: &Actor, customer_id: i64, input: &PaymentInput) -> Result<Paid> {
    actor.require(Action::Customers)?;
    if let Some(paid) = replay(db, actor, customer_id, input).await? {
        return Ok(paid);
    }
    let outcome = take_payment(db, actor, customer_id, input).await;
    match outcome {
        // A concurrent request with the same key won the race: answer with its payment.
        Err(_) if input.idempotency_key.is_some() => match replay(db, actor, customer_id, input).await? {
            Some(paid) => Ok(paid),
            None => outcome,
        },
        _ => outcome,
    }
}

async fn take_payment(db: &Db, actor: &Actor, customer_id: i64, input: &PaymentInput) -> Result<Paid> {
    let mut tx = db.begin().await?;
    let branch = match input.branch_id.or(actor.branch_id) {
        Some(b) => b,
        None => first_branch(&mut tx, actor.company_id).await?,
    };
    actor.require_in(Action::Customers, branch)?;
    crate::domain::stock::ensure_branch(&mut tx, actor.company_id, branch).await?;
    ensure(&mut tx, actor.company_id, customer_id).await?;
    let owed = ledger::party_balance(&mut tx, actor.company_id, ledger::RECEIVABLES, customer_id).await?;
    if input.amount.0 > owed {
        return Err(Refusal::PaymentAboveDebt.into());
    }
    let entry = post_payment(&mut tx, actor, customer_id, input.amount, input.payment, branch).await?;
    if let Some(key) = &input.idempotency_key {
        sqlx::query("UPDATE journal_entries SET idempotency_key = $1 WHERE id = $2")
            .bind(key)
            .bind(entry)
            .execute(&mut *tx)
            .await?;
    }
    let fields = audit::created(&[
        ("amount", json!(input.amount.0)),
        ("payment", json!(input.payment.as_str())),
        ("branch_id", json!(branch)),
    ]);
    audit::record(&mut tx, actor, Change::CustomerPaid, Entity::Customer, customer_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Paid {
        entry_id: entry,
        customer_id,
        amount: input.amount,
        balance: Money(owed - input.amount.0),
        replayed: false,
    })
}

/// The payment a key already recorded for this customer, with the balance now.
async fn replay(db: &Db, actor: &Actor, customer_id: i64, input: &PaymentInput) -> Result<Option<Paid>> {
    let Some(key) = &input.idempotency_key else { return Ok(None) };
    let found: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, ref_id FROM journal_entries WHERE company_id = $1 AND idempotency_key = $2")
            .bind(actor.company_id)
            .bind(key)
            .fetch_optional(&db.pool)
            .await?;
    let Some((entry, customer)) = found else { return Ok(None) };
    if customer != Some(customer_id) {
        // The key was used for another customer's payment: not this request's to replay.
        return Err(Refusal::AlreadyDecided.into());
    }
    let mut tx = db.begin().await?;
    let amount: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(credit), 0) AS BIGINT) FROM journal_lines WHERE entry_id = $1 AND account_code = $2",
    )
    .bind(entry)
    .bind(ledger::RECEIVABLES)
    .fetch_one(&mut *tx)
    .await?;
    let balance = ledger::party_balance(&mut tx, actor.company_id, ledger::RECEIVABLES, customer_id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Some(Paid { entry_id: entry, customer_id, amount: Money(amount), balance: Money(balance), replayed: true }))
}

async fn first_branch(tx: &mut Tx, company_id: i64) -> Result<i64> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM branches WHERE company_id = $1 ORDER BY id LIMIT 1")
        .bind(company_id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(id.ok_or(Refusal::BranchRequired)?)
}

/// Posts a customer's payment (Dr cash or bank / Cr 4010 for the customer) inside the caller's
/// transaction; cash lands on the register of the actor's open shift, else the branch's first.
pub(crate) async fn post_payment(
    tx: &mut Tx,
    actor: &Actor,
    customer_id: i64,
    amount: Money,
    method: Payment,
    branch_id: i64,
) -> Result<i64> {
    if method == Payment::Debt {
        return Err(Refusal::BadPaymentMethod.into());
    }
    if amount.0 <= 0 {
        return Err(Refusal::BadAmount.into());
    }
    amount.check()?;
    let settlement = sales::settlement_account(method);
    let register = if ledger::is_cash(settlement) {
        Some(crate::domain::cash::register_for(tx, actor.company_id, branch_id, actor.user_id).await?)
    } else {
        None
    };
    let posting = ledger::Posting {
        company_id: actor.company_id,
        branch_id: Some(branch_id),
        day: calendar::of_company_in(tx, actor.company_id).await?.day_of(now()),
        ref_kind: "customer_payment",
        ref_id: Some(customer_id),
        memo: format!("payment from customer {customer_id}"),
        lines: vec![ledger::dr(settlement, amount.0), ledger::cr(ledger::RECEIVABLES, amount.0).of(Some(customer_id))],
        register_id: register,
    };
    Ok(ledger::post(tx, &posting).await?.unwrap_or(0))
}

/// A customer's debt by age: what is owed from sales of 0–30, 31–60, 61–90 and over 90 days ago.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Debt {
    pub customer: Customer,
    pub buckets: [Money; 4],
    /// The day of the oldest sale not yet paid for.
    pub since: Option<NaiveDate>,
}

impl Debt {
    /// Days past 30 count as overdue.
    pub fn overdue(&self) -> Money {
        Money(self.buckets[1..].iter().map(|m| m.0).sum())
    }
}

/// Who owes, most first, each debt aged as of `today`: payments settle the oldest sales first,
/// so what is owed is the newest sales that add up to the balance.
pub async fn debts(db: &Db, actor: &Actor, today: NaiveDate) -> Result<Vec<Debt>> {
    actor.require(Action::Customers)?;
    let company_id = actor.company_id;
    let sql = format!(
        "SELECT {COLUMNS} FROM customers WHERE company_id = $1 AND id IN (
            SELECT party_id FROM journal_lines WHERE company_id = $1 AND account_code = $2 AND party_id IS NOT NULL
            GROUP BY party_id HAVING SUM(debit - credit) > 0)"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(company_id).bind(ledger::RECEIVABLES).fetch_all(&db.pool).await?;
    let charges: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT l.party_id, e.day, l.debit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         WHERE l.company_id = $1 AND l.account_code = $2 AND l.debit > 0 AND l.party_id IN (
            SELECT party_id FROM journal_lines WHERE company_id = $1 AND account_code = $2 AND party_id IS NOT NULL
            GROUP BY party_id HAVING SUM(debit - credit) > 0)
         ORDER BY l.party_id, e.day DESC, l.id DESC",
    )
    .bind(company_id)
    .bind(ledger::RECEIVABLES)
    .fetch_all(&db.pool)
    .await?;
    let balances = ledger::party_balances(db, company_id, ledger::RECEIVABLES).await?;
    let mut debts: Vec<Debt> = rows
        .into_iter()
        .map(|row| {
            let id = row.0;
            let balance = balances.iter().find(|(p, _)| *p == Some(id)).map(|(_, b)| *b).unwrap_or(0);
            let mine = charges.iter().filter(|(p, ..)| *p == id).map(|(_, day, amount)| (day.as_str(), *amount));
            let (buckets, since) = age(balance, mine, today);
            Debt { customer: from_row(row, balance), buckets, since }
        })
        .collect();
    debts.sort_by(|a, b| b.customer.balance.0.cmp(&a.customer.balance.0).then(a.customer.name.cmp(&b.customer.name)));
    Ok(debts)
}

/// Spreads `balance` over the charges, newest first, into the four age buckets.
pub fn age<'a>(
    balance: i64,
    charges_newest_first: impl Iterator<Item = (&'a str, i64)>,
    today: NaiveDate,
) -> ([Money; 4], Option<NaiveDate>) {
    let mut left = balance;
    let mut buckets = [Money(0); 4];
    let mut since = None;
    for (day, amount) in charges_newest_first {
        if left <= 0 {
            break;
        }
        let Ok(day) = day.parse::<NaiveDate>() else { continue };
        let part = amount.min(left);
        left -= part;
        let days = (today - day).num_days();
        let bucket = match days {
            ..=30 => 0,
            31..=60 => 1,
            61..=90 => 2,
            _ => 3,
        };
        buckets[bucket].0 += part;
        since = Some(day);
    }
    // Owed from before any charge we know of (opening balances): the oldest bucket.
    buckets[3].0 += left.max(0);
    (buckets, since)
}

/// A customer's statement: their sales on credit, returns and payments, newest `limit`.
pub async fn statement(db: &Db, actor: &Actor, customer_id: i64, limit: i64) -> Result<(Customer, Vec<PartyLine>)> {
    let customer = get(db, actor, customer_id).await?;
    let lines = ledger::party_lines(db, actor.company_id, ledger::RECEIVABLES, customer_id, limit).await?;
    Ok((customer, lines))
}

/// Notes in the activity log that a customer was reminded of their debt; the door sends the
/// reminder itself.
pub async fn remind(db: &Db, actor: &Actor, customer_id: i64) -> Result<Customer> {
    let customer = get(db, actor, customer_id).await?;
    let mut tx = db.begin().await?;
    let fields = audit::created(&[("amount", json!(customer.balance.0))]);
    audit::record(&mut tx, actor, Change::CustomerReminded, Entity::Customer, customer_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(customer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(clean_phone("90 123 45 67").unwrap(), "+998901234567");
        assert_eq!(clean_phone("+998 (90) 123-45-67").unwrap(), "+998901234567");
        assert_eq!(clean_phone("12345"), Err(Refusal::BadPhone));
        assert_eq!(clean_phone("90 123 45 6x"), Err(Refusal::BadPhone));
    }

    #[test]
    fn ageing_takes_the_newest_sales_first() {
        let today: NaiveDate = "2026-06-30".parse().unwrap();
        let charges = [("2026-06-20", 100), ("2026-05-15", 200), ("2026-01-01", 300)];
        let (b, since) = age(250, charges.into_iter(), today);
        assert_eq!(b, [Money(100), Money(150), Money(0), Money(0)]);
        assert_eq!(since, Some("2026-05-15".parse().unwrap()));
        let (b, _) = age(700, charges.into_iter(), today);
        assert_eq!(b, [Money(100), Money(200), Money(0), Money(400)]);
    }
}
