//! The weekly recommendations (seed ERP: business recommendations): three to five concrete
//! observations computed from the member's own view of the data — products about to run out,
//! slow movers tying up money, a falling gross margin, an expense category growing fast,
//! overdue debts, a weaker week — each with what to do about it.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::tools::{self, Figures, Tool};
use super::Act;
use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::money::Money;
use crate::domain::{customers, lookup, statements, stock, Error, Result};

/// At most this many observations in one message.
pub const MAX: usize = 5;
/// A margin drop worth saying: in basis points of net revenue.
const MARGIN_DROP_BP: i64 = 200;
/// An expense category growing worth saying: per day, at least half as much again…
const EXPENSE_GROWTH_PERMILLE: i64 = 500;
/// …and at least this much more a month (tiyin: 500 000 so‘m).
const EXPENSE_GROWTH_MIN: i64 = 50_000_000;
/// A week weaker than the one before by this much, per day.
const SALES_DROP_PERMILLE: i64 = -100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Observation {
    RunningOut { count: usize, first: stock::Shortage },
    SlowMovers { count: usize, value: i64, first: lookup::SlowMover },
    MarginDrop { now_bp: i64, before_bp: i64 },
    ExpenseGrowth { category: String, now: Money, before: Money },
    Overdue { customers: usize, total: Money, first_id: i64, first_name: String },
    SalesDrop { change_permille: i64 },
}

impl Observation {
    /// What the observation's button does.
    pub fn act(&self) -> Option<Act> {
        match self {
            Observation::RunningOut { first, .. } => Some(Act::DraftOrder {
                branch_id: first.branch_id,
                product_id: first.product_id,
                name: format!("{} ({})", first.product_name, first.branch_name),
            }),
            Observation::Overdue { first_id, first_name, .. } => {
                Some(Act::OpenCustomer { customer_id: *first_id, name: first_name.clone() })
            }
            _ => None,
        }
    }

    /// The suggested question that looks into it (an index of [`super::suggested`]).
    pub fn question(&self) -> Option<u8> {
        match self {
            Observation::SlowMovers { .. } => Some(4),
            Observation::MarginDrop { .. } => Some(8),
            Observation::ExpenseGrowth { .. } => Some(9),
            Observation::SalesDrop { .. } => Some(2),
            _ => None,
        }
    }
}

/// What is worth the member's attention this week, most pressing first. A part the member's
/// role may not see is left out, not refused.
pub async fn observations(db: &Db, actor: &Actor) -> Result<Vec<Observation>> {
    let today = actor.calendar(db).await?.today();
    let mut found = Vec::new();
    let parts = [
        running_out(db, actor).await,
        overdue(db, actor, today).await,
        sales_drop(db, actor, today).await,
        margin_drop(db, actor, today).await,
        slow_movers(db, actor).await,
        expense_growth(db, actor, today).await,
    ];
    for part in parts {
        match part {
            Ok(Some(o)) => found.push(o),
            Ok(None) | Err(Error::Refused(_)) => {}
            Err(e) => return Err(e),
        }
    }
    found.truncate(MAX);
    Ok(found)
}

async fn running_out(db: &Db, actor: &Actor) -> Result<Option<Observation>> {
    let Figures::LowStock { count, products } = tools::run(db, actor, &Tool::LowStock(tools::Empty {})).await? else {
        return Ok(None);
    };
    Ok(products.first().cloned().map(|first| Observation::RunningOut { count: count as usize, first }))
}

async fn overdue(db: &Db, actor: &Actor, today: NaiveDate) -> Result<Option<Observation>> {
    let mut debts: Vec<customers::Debt> =
        customers::debts(db, actor, today).await?.into_iter().filter(|d| d.overdue().0 > 0).collect();
    debts.sort_by_key(|d| std::cmp::Reverse(d.overdue().0));
    let total = Money(debts.iter().map(|d| d.overdue().0).sum());
    Ok(debts.first().map(|d| Observation::Overdue {
        customers: debts.len(),
        total,
        first_id: d.customer.id,
        first_name: d.customer.name.clone(),
    }))
}

/// The last seven days against the seven before, per day.
async fn sales_drop(db: &Db, actor: &Actor, today: NaiveDate) -> Result<Option<Observation>> {
    let (from, to) = (today - Days::new(7), today - Days::new(1));
    let (_, now, _) = lookup::totals(db, actor, None, (from, to)).await?;
    let (_, before, _) = lookup::totals(db, actor, None, (from - Days::new(7), from - Days::new(1))).await?;
    if before <= 0 {
        return Ok(None);
    }
    let change_permille = ((now - before) as i128 * 1000 / before as i128) as i64;
    Ok((change_permille <= SALES_DROP_PERMILLE).then_some(Observation::SalesDrop { change_permille }))
}

/// Gross margin of the last 28 days against the 28 before.
async fn margin_drop(db: &Db, actor: &Actor, today: NaiveDate) -> Result<Option<Observation>> {
    actor.require(crate::domain::roles::Action::ViewReports)?;
    let margin = |p: &statements::Pnl| (p.net_revenue > 0).then(|| p.gross_profit * 10_000 / p.net_revenue);
    let to = today - Days::new(1);
    let from = to - Days::new(27);
    let now = statements::pnl(db, actor.company_id, from, to).await?;
    let before = statements::pnl(db, actor.company_id, from - Days::new(28), from - Days::new(1)).await?;
    Ok(match (margin(&now), margin(&before)) {
        (Some(now_bp), Some(before_bp)) if before_bp - now_bp >= MARGIN_DROP_BP => {
            Some(Observation::MarginDrop { now_bp, before_bp })
        }
        _ => None,
    })
}

async fn slow_movers(db: &Db, actor: &Actor) -> Result<Option<Observation>> {
    let unsold: Vec<lookup::SlowMover> =
        lookup::slow_movers(db, actor, tools::SLOW_DAYS, 50).await?.into_iter().filter(|p| p.sold.0 <= 0).collect();
    let value = unsold.iter().map(|p| p.value).sum();
    Ok(unsold.first().cloned().map(|first| Observation::SlowMovers { count: unsold.len(), value, first }))
}

/// The category whose approved spending this month so far grew most per day on last month.
async fn expense_growth(db: &Db, actor: &Actor, today: NaiveDate) -> Result<Option<Observation>> {
    actor.require(crate::domain::roles::Action::ViewReports)?;
    let tz = actor.calendar(db).await?;
    let (month_start, _) = lookup::Period::ThisMonth.dates(today);
    let (last_start, last_end) = lookup::Period::LastMonth.dates(today);
    let now =
        crate::domain::expenses::by_category(db, actor, tz.start_of(month_start), tz.start_of(today + Days::new(1)))
            .await?;
    let before =
        crate::domain::expenses::by_category(db, actor, tz.start_of(last_start), tz.start_of(month_start)).await?;
    let (days_now, days_before) = ((today - month_start).num_days() + 1, (last_end - last_start).num_days() + 1);
    let grown = now
        .into_iter()
        .filter_map(|(category, amount)| {
            let earlier = before.iter().find(|(c, _)| *c == category).map(|(_, m)| m.0).unwrap_or(0);
            let scaled = earlier * days_now / days_before;
            let grew = scaled > 0
                && (amount.0 - scaled) * 1000 / scaled >= EXPENSE_GROWTH_PERMILLE
                && (amount.0 - scaled) * days_before / days_now >= EXPENSE_GROWTH_MIN;
            grew.then_some((amount.0 - scaled, category, amount, Money(earlier)))
        })
        .max_by_key(|g| g.0);
    Ok(grown.map(|(_, category, now, before)| Observation::ExpenseGrowth { category, now, before }))
}
