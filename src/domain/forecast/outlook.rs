//! A product's outlook for people: its recent daily sales, the forecast for the coming days with
//! the method and how wrong it was on the last four weeks, and its reorder point. What `/forecast`
//! and `GET /api/v1/forecast` show, within what the asking member may see.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::reorder::{self, Stored, HISTORY_DAYS, PERIOD};
use super::{Forecast, Options};
use crate::db::{now, Db};
use crate::domain::actor::Actor;
use crate::domain::catalog::{self, Product};
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

/// Days of history an outlook shows before the forecast.
pub const SHOWN_HISTORY: usize = 56;
/// Longest horizon asked for (about three months).
pub const MAX_HORIZON: usize = 92;
/// The window of the backtest, and of "top products".
pub const BACKTEST_DAYS: usize = 28;

#[derive(Clone, Debug, Serialize)]
pub struct Outlook {
    #[serde(skip)]
    pub product: Product,
    pub product_id: i64,
    /// `None`: the whole company.
    pub branch_id: Option<i64>,
    /// The last days of sales (units), up to yesterday.
    pub history: Vec<(NaiveDate, f64)>,
    /// The first forecast day (today).
    pub start: NaiveDate,
    pub forecast: Forecast,
    /// The reorder points the nightly job computed: the branch's, or every branch's for the
    /// whole company.
    pub reorder: Vec<StoredView>,
}

/// A reorder point for people (units, not thousandths).
#[derive(Clone, Debug, Serialize)]
pub struct StoredView {
    pub branch_id: i64,
    pub branch_name: String,
    pub reorder_point: f64,
    pub order_up_to: f64,
    pub lead_days: i64,
    pub method: String,
    pub computed_at: i64,
}

impl StoredView {
    fn new(branch_id: i64, branch_name: String, s: Stored) -> Self {
        StoredView {
            branch_id,
            branch_name,
            reorder_point: s.reorder_point.0 as f64 / 1000.0,
            order_up_to: s.order_up_to.0 as f64 / 1000.0,
            lead_days: s.lead_days,
            method: s.method,
            computed_at: s.computed_at,
        }
    }
}

impl Outlook {
    /// The forecast total over the first `days` days and its interval (the horizons' errors
    /// added as independent, the interval's own level).
    pub fn total(&self, days: usize) -> (f64, f64, f64) {
        let f = &self.forecast;
        let days = days.min(f.forecast.len());
        let total: f64 = f.forecast[..days].iter().sum();
        let spread =
            f.upper[..days].iter().zip(&f.forecast[..days]).map(|(u, p)| (u - p) * (u - p)).sum::<f64>().sqrt();
        (total, (total - spread).max(0.0), total + spread)
    }

    /// Day by day: date, forecast, lower, upper.
    pub fn days(&self) -> Vec<(NaiveDate, f64, f64, f64)> {
        let f = &self.forecast;
        (0..f.forecast.len())
            .map(|i| (self.start + Days::new(i as u64), f.forecast[i], f.lower[i], f.upper[i]))
            .collect()
    }
}

/// Which branch's sales an actor sees when asking about `branch` (`None`: the whole company,
/// or the own branch for roles that work in one).
fn scope(actor: &Actor, branch: Option<i64>) -> Result<Option<i64>> {
    actor.require(Action::ViewStock)?;
    match branch {
        Some(b) => {
            actor.require_in(Action::ViewStock, b)?;
            Ok(Some(b))
        }
        None if actor.role.needs_branch() => Ok(Some(actor.branch_id.ok_or(Refusal::BranchRequired)?)),
        None => Ok(None),
    }
}

/// One product's outlook for `horizon` days.
pub async fn product(db: &Db, actor: &Actor, product_id: i64, branch: Option<i64>, horizon: usize) -> Result<Outlook> {
    let branch = scope(actor, branch)?;
    let product = catalog::product(db, actor.company_id, product_id).await?;
    let today = actor.calendar(db).await?.day_of(now());
    build(db, actor, product, branch, horizon, today).await
}

/// The outlooks of the products that sold most (in units) over the last four weeks.
pub async fn top(db: &Db, actor: &Actor, branch: Option<i64>, horizon: usize, limit: i64) -> Result<Vec<Outlook>> {
    let branch = scope(actor, branch)?;
    let today = actor.calendar(db).await?.day_of(now());
    let from = today - Days::new(BACKTEST_DAYS as u64);
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT product_id FROM sales_day_product
         WHERE company_id = $1 AND branch_id = $2 AND day >= $3 AND day < $4
         GROUP BY product_id ORDER BY SUM(qty) DESC, product_id LIMIT $5",
    )
    .bind(actor.company_id)
    .bind(branch.unwrap_or(0))
    .bind(from.to_string())
    .bind(today.to_string())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let product = catalog::product(db, actor.company_id, id).await?;
        out.push(build(db, actor, product, branch, horizon, today).await?);
    }
    Ok(out)
}

async fn build(
    db: &Db,
    actor: &Actor,
    product: Product,
    branch: Option<i64>,
    horizon: usize,
    today: NaiveDate,
) -> Result<Outlook> {
    let horizon = horizon.clamp(1, MAX_HORIZON);
    let from = today.checked_sub_days(Days::new(HISTORY_DAYS)).unwrap_or(today);
    let series =
        reorder::daily_series(db, actor.company_id, branch.unwrap_or(0), Some(product.id), from, today).await?;
    let y = series.into_iter().next().map(|(_, y)| y).unwrap_or_default();
    let opts = Options::new(PERIOD, horizon);
    let forecast = tokio::task::spawn_blocking(move || {
        let f = super::with_holdout(&y, &opts, BACKTEST_DAYS.min(y.len() / 4));
        (f, y)
    })
    .await
    .map_err(anyhow::Error::from)?;
    let (forecast, y) = forecast;
    let shown = y.len().min(SHOWN_HISTORY);
    let history = (0..shown).map(|i| (today - Days::new((shown - i) as u64), y[y.len() - shown + i])).collect();
    let reorder = reorder::stored_by_branch(db, actor.company_id, product.id, branch)
        .await?
        .into_iter()
        .map(|(id, name, s)| StoredView::new(id, name, s))
        .collect();
    Ok(Outlook { product_id: product.id, product, branch_id: branch, history, start: today, forecast, reorder })
}
