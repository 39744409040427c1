//! SIM cards as serial-tracked stock (seed: the SimCard management server). A card is known by
//! its ICCID (19–20 digits, Luhn-checked) and its number; it is in stock, assigned to a shop
//! (branch), sold at the till, then active or blocked as its operator says. Cards come in as a
//! pasted list (every line checked first; one bad line refuses the list), go to shops, and are
//! sold by ICCID or number — a sale like any other (the "SIM card" product at the card's price).
//! The operator's view comes through a small client trait ([`Operator`]); every change of status
//! is logged (`status_check_logs`), and cards newly active or sold are reported to the shop's
//! managers. An automatic check every 30 minutes is off until an admin turns it on.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::Serialize;

use crate::db::{now, Db};
use crate::domain::actor::Actor;
use crate::domain::customers::clean_phone;
use crate::domain::events::Event;
use crate::domain::money::{Money, Qty};
use crate::domain::roles::Action;
use crate::domain::sales::{self, LineInput, Payment, SaleInput};
use crate::domain::{catalog, Error, Refusal, Result};

/// The product a SIM card is sold as.
pub const SIM_PRODUCT_CODE: &str = "SIM-KARTA";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct SimCard {
    pub id: i64,
    pub iccid: String,
    pub phone: String,
    pub operator: String,
    pub tariff: String,
    pub status: String,
    pub branch_id: Option<i64>,
    pub purchase_price: i64,
    pub sale_price: i64,
    pub sale_id: Option<i64>,
}

const COLUMNS: &str = "id, iccid, phone, operator, tariff, status, branch_id, purchase_price, sale_price, sale_id";

/// An ICCID: 19 or 20 digits whose last is the Luhn check digit of the others.
pub fn iccid(text: &str) -> std::result::Result<String, Refusal> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !(19..=20).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Refusal::BadIccid);
    }
    let sum: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).expect("a digit");
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    if sum % 10 != 0 {
        return Err(Refusal::BadIccid);
    }
    Ok(digits)
}

/// A problem with one line of a pasted list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineProblem {
    pub line: usize,
    pub refusal: Refusal,
}

/// Adds cards from lines `ICCID; number; operator[; tariff[; purchase price[; sale price]]]`.
/// Every line is checked first: one bad line (or an ICCID already known) adds nothing.
pub async fn add_list(db: &Db, actor: &Actor, text: &str) -> Result<std::result::Result<usize, Vec<LineProblem>>> {
    actor.require(Action::ManageStock)?;
    let mut cards = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        match parse_line(line) {
            Ok(card) => cards.push((i + 1, card)),
            Err(refusal) => problems.push(LineProblem { line: i + 1, refusal }),
        }
    }
    if cards.is_empty() && problems.is_empty() {
        return Err(Refusal::BadArgument("no cards".into()).into());
    }
    let mut seen = std::collections::HashSet::new();
    for (line, card) in &cards {
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM simcards WHERE company_id = $1 AND iccid = $2")
            .bind(actor.company_id)
            .bind(&card.0)
            .fetch_optional(&db.pool)
            .await?;
        if known.is_some() || !seen.insert(card.0.clone()) {
            problems.push(LineProblem { line: *line, refusal: Refusal::IccidExists });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Ok(Err(problems));
    }
    let at = now();
    let mut tx = db.begin().await?;
    for (_, (iccid, phone, operator, tariff, purchase, sale)) in &cards {
        sqlx::query(
            "INSERT INTO simcards (company_id, iccid, phone, operator, tariff, status, purchase_price, sale_price, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 'in_stock', $6, $7, $8, $8)",
        )
        .bind(actor.company_id)
        .bind(iccid)
        .bind(phone)
        .bind(operator)
        .bind(tariff)
        .bind(purchase)
        .bind(sale)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(Ok(cards.len()))
}

/// Adds cards from a CSV or XLSX file: columns as the pasted list's, a header row allowed.
pub async fn add_file(
    db: &Db,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
) -> Result<std::result::Result<usize, Vec<LineProblem>>> {
    actor.require(Action::ManageStock)?;
    let rows = crate::domain::import::read_table(file_name, bytes).map_err(|_| Refusal::FileUnreadable)?;
    let has_header = rows.first().and_then(|r| r.first()).is_some_and(|c| iccid(c).is_err() && !c.trim().is_empty());
    let lines: Vec<String> =
        rows.iter().enumerate().map(|(i, r)| if i == 0 && has_header { String::new() } else { r.join(";") }).collect();
    add_list(db, actor, &lines.join("\n")).await
}

/// Cards, newest first, by status and shop.
pub async fn list(db: &Db, actor: &Actor, status: Option<&str>, branch_id: Option<i64>) -> Result<Vec<SimCard>> {
    actor.require(Action::ViewStock)?;
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM simcards WHERE company_id = $1 AND ($2 = '' OR status = $2) AND ($3 = 0 OR branch_id = $3)
         ORDER BY id DESC LIMIT 1000"
    ))
    .bind(actor.company_id)
    .bind(status.unwrap_or(""))
    .bind(branch_id.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?)
}

type Parsed = (String, String, String, String, i64, i64);

fn parse_line(line: &str) -> std::result::Result<Parsed, Refusal> {
    let parts: Vec<&str> = line.split([';', '\t']).map(str::trim).collect();
    if parts.len() < 3 {
        return Err(Refusal::BadArgument(line.trim().chars().take(40).collect()));
    }
    let operator = crate::domain::clean_name(parts[2], 40)?;
    let tariff = parts.get(3).copied().unwrap_or("").chars().take(60).collect();
    let price = |i: usize| -> std::result::Result<i64, Refusal> {
        match parts.get(i).copied().filter(|p| !p.is_empty()) {
            Some(p) => Ok(Money::read(p)?.0),
            None => Ok(0),
        }
    };
    Ok((iccid(parts[0])?, clean_phone(parts[1])?, operator, tariff, price(4)?, price(5)?))
}

/// The card of an ICCID or a number, in this company.
pub async fn find(db: &Db, company_id: i64, text: &str) -> Result<SimCard> {
    let by_iccid = iccid(text).ok();
    let by_phone = clean_phone(text).ok();
    let found: Option<SimCard> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM simcards WHERE company_id = $1 AND (iccid = $2 OR phone = $3) ORDER BY id DESC LIMIT 1"
    ))
    .bind(company_id)
    .bind(by_iccid.unwrap_or_default())
    .bind(by_phone.unwrap_or_default())
    .fetch_optional(&db.pool)
    .await?;
    found.ok_or(Refusal::NotFound.into())
}

async fn log(db: &Db, company_id: i64, card: &SimCard, to: &str, source: &str, message: &str) -> Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE simcards SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(to)
        .bind(now())
        .bind(card.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO status_check_logs (company_id, simcard_id, old_status, new_status, source, message, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(company_id)
    .bind(card.id)
    .bind(&card.status)
    .bind(to)
    .bind(source)
    .bind(message)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Gives cards in stock to a shop (branch).
pub async fn assign(db: &Db, actor: &Actor, cards: &[String], branch_id: i64) -> Result<usize> {
    actor.require_in(Action::ManageStock, branch_id)?;
    let mut tx = db.begin().await?;
    crate::domain::stock::ensure_branch(&mut tx, actor.company_id, branch_id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    let mut moved = 0;
    for text in cards {
        let card = find(db, actor.company_id, text).await?;
        if !matches!(card.status.as_str(), "in_stock" | "assigned") {
            return Err(Refusal::SimNotInStock.into());
        }
        sqlx::query("UPDATE simcards SET branch_id = $1 WHERE id = $2")
            .bind(branch_id)
            .bind(card.id)
            .execute(&db.pool)
            .await?;
        if card.status != "assigned" {
            log(db, actor.company_id, &card, "assigned", "assign", "").await?;
        }
        moved += 1;
    }
    Ok(moved)
}

/// Sells a card at the till (its shop's, or any for an admin): a sale of the SIM product at
/// the card's price, paid as given; the card becomes sold; the shop's managers hear.
pub async fn sell(db: &Db, actor: &Actor, text: &str, payment: Payment) -> Result<(SimCard, Vec<Event>)> {
    actor.require(Action::Sell)?;
    let card = find(db, actor.company_id, text).await?;
    if !matches!(card.status.as_str(), "in_stock" | "assigned") {
        return Err(Refusal::SimNotInStock.into());
    }
    let branch = match (card.branch_id, actor.branch_id) {
        (Some(b), _) => b,
        (None, Some(b)) => b,
        (None, None) => crate::domain::company::branches(db, actor.company_id)
            .await?
            .first()
            .map(|b| b.id)
            .ok_or(Refusal::BranchRequired)?,
    };
    actor.require_in(Action::Sell, branch)?;
    let product = match catalog::product_by_code(db, actor.company_id, SIM_PRODUCT_CODE).await? {
        Some(p) => p.id,
        None => {
            let input = catalog::ProductInput {
                code: SIM_PRODUCT_CODE.into(),
                barcode: None,
                name: "SIM-karta".into(),
                unit: "pcs".into(),
                purchase_price: Money(0),
                sale_price: Money(card.sale_price),
                min_qty: Qty(0),
                wholesale_price: None,
            };
            let system = Actor::system(actor.company_id, crate::domain::actor::Via::Job("simcards"));
            catalog::save_product(db, &system, &input).await?.id
        }
    };
    let input = SaleInput {
        branch_id: branch,
        payment,
        lines: vec![LineInput {
            product_id: product,
            qty: Qty::units(1),
            unit_price: Some(Money(card.sale_price)),
            discount: Money(0),
        }],
        source: "simcard",
        idempotency_key: Some(format!("simcard:{}", card.id)),
        ..Default::default()
    };
    let recorded = match sales::record_sale(db, actor, &input).await {
        Ok(r) => r,
        Err(Error::Refused(r)) => return Err(r.into()),
        Err(e) => return Err(e),
    };
    sqlx::query("UPDATE simcards SET sale_id = $1, branch_id = $2 WHERE id = $3")
        .bind(recorded.sale.id)
        .bind(branch)
        .bind(card.id)
        .execute(&db.pool)
        .await?;
    log(db, actor.company_id, &card, "sold", "sale", "").await?;
    let mut events = recorded.events;
    events.push(Event::SimChanged {
        company_id: actor.company_id,
        branch_id: branch,
        iccid: card.iccid.clone(),
        status: "sold",
    });
    let card = find(db, actor.company_id, &card.iccid).await?;
    Ok((card, events))
}

/// What the operator says of a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remote {
    Active,
    Blocked,
    Inactive,
}

pub type Checked<'a> = Pin<Box<dyn Future<Output = std::result::Result<Remote, String>> + Send + 'a>>;

/// A SIM operator's status API.
pub trait Operator: Send + Sync {
    fn status<'a>(&'a self, iccid: &'a str) -> Checked<'a>;
}

/// `GET {url}/v1/sims/{iccid}` → `{"status": "active|blocked|inactive"}`, 10 seconds at most.
pub struct HttpOperator {
    client: reqwest::Client,
    url: String,
}

impl HttpOperator {
    pub fn new(url: &str, timeout: Duration) -> anyhow::Result<HttpOperator> {
        Ok(HttpOperator {
            client: reqwest::Client::builder().timeout(timeout).build()?,
            url: url.trim_end_matches('/').to_string(),
        })
    }
}

impl Operator for HttpOperator {
    fn status<'a>(&'a self, iccid: &'a str) -> Checked<'a> {
        Box::pin(async move {
            let response = self.client.get(format!("{}/v1/sims/{iccid}", self.url)).send().await.map_err(|e| {
                if e.is_timeout() {
                    "timed out".to_string()
                } else {
                    "could not reach the operator".to_string()
                }
            })?;
            if !response.status().is_success() {
                return Err(format!("HTTP {}", response.status().as_u16()));
            }
            let body: serde_json::Value = response.json().await.map_err(|_| "not JSON".to_string())?;
            match body["status"].as_str() {
                Some("active") => Ok(Remote::Active),
                Some("blocked") => Ok(Remote::Blocked),
                Some("inactive") => Ok(Remote::Inactive),
                other => Err(format!("unknown status {other:?}")),
            }
        })
    }
}

/// What a check found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub checked: usize,
    pub changed: usize,
    pub failed: Vec<(String, String)>,
    #[serde(skip)]
    pub events: Vec<Event>,
}

/// Asks the operator about cards (`None`: every card not in stock) and records what changed.
pub async fn check(db: &Db, actor: &Actor, operator: &dyn Operator, cards: Option<&[String]>) -> Result<CheckReport> {
    actor.require(Action::ManageStock)?;
    let list: Vec<SimCard> = match cards {
        Some(texts) => {
            let mut out = Vec::new();
            for t in texts {
                out.push(find(db, actor.company_id, t).await?);
            }
            out
        }
        None => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM simcards WHERE company_id = $1 AND status <> 'in_stock' ORDER BY id"
            ))
            .bind(actor.company_id)
            .fetch_all(&db.pool)
            .await?
        }
    };
    let mut report = CheckReport::default();
    for card in list {
        report.checked += 1;
        let remote = match operator.status(&card.iccid).await {
            Ok(r) => r,
            Err(why) => {
                report.failed.push((card.iccid.clone(), why));
                continue;
            }
        };
        let to = match remote {
            Remote::Active => "active",
            Remote::Blocked => "blocked",
            // Not yet activated: it stays where it is.
            Remote::Inactive => continue,
        };
        if card.status == to {
            continue;
        }
        log(db, actor.company_id, &card, to, "check", "").await?;
        report.changed += 1;
        if to == "active" {
            if let Some(branch_id) = card.branch_id {
                report.events.push(Event::SimChanged {
                    company_id: actor.company_id,
                    branch_id,
                    iccid: card.iccid.clone(),
                    status: "active",
                });
            }
        }
    }
    Ok(report)
}

/// Cards per shop and status: (branch name or none, status, count).
pub async fn counts(db: &Db, actor: &Actor) -> Result<Vec<(Option<String>, String, i64)>> {
    actor.require(Action::ViewStock)?;
    Ok(sqlx::query_as(
        "SELECT b.name, s.status, COUNT(*) FROM simcards s LEFT JOIN branches b ON b.id = s.branch_id
         WHERE s.company_id = $1 GROUP BY b.name, s.status
         ORDER BY CASE WHEN b.name IS NULL THEN 0 ELSE 1 END, b.name, s.status",
    )
    .bind(actor.company_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The latest changes of status: (ICCID, from, to, source, when).
pub async fn changes(db: &Db, actor: &Actor, limit: i64) -> Result<Vec<(String, String, String, String, i64)>> {
    actor.require(Action::ViewStock)?;
    Ok(sqlx::query_as(
        "SELECT s.iccid, l.old_status, l.new_status, l.source, l.created_at FROM status_check_logs l
         JOIN simcards s ON s.id = l.simcard_id WHERE l.company_id = $1 ORDER BY l.id DESC LIMIT $2",
    )
    .bind(actor.company_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

/// Turns the 30-minute automatic check on or off (admins).
pub async fn set_auto_check(db: &Db, actor: &Actor, on: bool) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    let before: i64 = sqlx::query_scalar("SELECT sim_auto_check FROM companies WHERE id = $1")
        .bind(actor.company_id)
        .fetch_one(&db.pool)
        .await?;
    crate::domain::company::change_setting(db, actor, "sim_auto_check", before.into(), i64::from(on).into()).await
}

/// Companies with the automatic check on.
pub async fn auto_checked(db: &Db) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM companies WHERE sim_auto_check = 1 ORDER BY id").fetch_all(&db.pool).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iccids_are_luhn_checked() {
        assert_eq!(iccid("8999 8000 0000 0000 007"), Ok("8999800000000000007".into()));
        assert_eq!(iccid("8999800000000000004"), Err(Refusal::BadIccid));
        assert_eq!(iccid("123"), Err(Refusal::BadIccid));
        assert_eq!(iccid("899980000000000000a"), Err(Refusal::BadIccid));
    }
}
