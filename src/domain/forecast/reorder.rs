//! Reorder points: for each product and branch, the demand expected over the supplier's lead
//! time plus safety stock for a service level is the stock at which to order; an order brings
//! stock up to the demand of the lead time and a week's review beyond it, plus the same safety
//! stock, rounded up to the pack. A nightly job (and `savdo forecast --company`) recomputes them
//! from each branch's daily sales; the low-stock alert fires at the reorder point where there is
//! one and its purchase draft orders the quantity computed here.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use serde::Serialize;
use serde_json::json;

use super::{Forecast, Options};
use crate::db::{Db, Tx};
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::money::Qty;
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

pub const DEFAULT_LEAD_DAYS: i64 = 7;
pub const DEFAULT_SERVICE_LEVEL_BP: i64 = 9_500;
/// Days of daily sales a recompute reads (three years).
pub const HISTORY_DAYS: u64 = 1_095;
/// An order covers a week beyond the lead time (stock is reviewed weekly).
pub const REVIEW_DAYS: i64 = 7;
/// Lead times the settings accept.
pub const MAX_LEAD_DAYS: i64 = 180;
/// Weekly rhythm of daily sales.
pub const PERIOD: usize = 7;

/// How to plan one product: lead time in days, service level (0.5–0.999), pack size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub lead_days: i64,
    pub service_level: f64,
    pub pack: Option<Qty>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { lead_days: DEFAULT_LEAD_DAYS, service_level: DEFAULT_SERVICE_LEVEL_BP as f64 / 10_000.0, pack: None }
    }
}

/// What the plan says for one product in one branch (quantities in thousandths of a unit).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    pub method: super::Method,
    pub lead_days: i64,
    pub service_level: f64,
    /// Expected demand over the lead time.
    pub lead_demand: Qty,
    pub safety: Qty,
    /// Order when stock falls below this.
    pub reorder_point: Qty,
    /// Order enough to bring stock up to this.
    pub order_up_to: Qty,
}

/// Plans from a daily demand series (units per day, oldest first, ending yesterday).
pub fn plan(series: &[f64], settings: Settings) -> Plan {
    let lead = settings.lead_days.clamp(1, MAX_LEAD_DAYS) as usize;
    let horizon = lead + REVIEW_DAYS as usize;
    // An interval of ±1σ gives each horizon's σ directly.
    let opts = Options { level: 0.682_689_492_137_086, ..Options::new(PERIOD, horizon) };
    let f = super::forecast(series, &opts);
    plan_from(&f, settings)
}

/// Plans from a forecast made with a ±1σ interval over at least lead time + review.
pub fn plan_from(f: &Forecast, settings: Settings) -> Plan {
    let lead = (settings.lead_days.clamp(1, MAX_LEAD_DAYS) as usize).min(f.forecast.len());
    let sigma2: f64 = f.upper[..lead].iter().zip(&f.forecast[..lead]).map(|(u, p)| (u - p) * (u - p)).sum();
    let z = super::normal_quantile(settings.service_level.clamp(0.5, 0.999));
    let lead_demand: f64 = f.forecast[..lead].iter().sum();
    let cover: f64 = f.forecast.iter().sum();
    let safety = z * sigma2.sqrt();
    let milli = |units: f64| Qty((units * 1000.0).round().clamp(0.0, 1e12) as i64);
    // Points and levels are whole units, rounded up: nobody counts 114.888 bottles.
    let whole = |units: f64| Qty(units.ceil().clamp(0.0, 1e9) as i64 * 1000);
    Plan {
        method: f.method,
        lead_days: lead as i64,
        service_level: settings.service_level,
        lead_demand: milli(lead_demand),
        safety: milli(safety),
        reorder_point: whole(lead_demand + safety),
        order_up_to: whole(cover + safety),
    }
}

/// How much to order with `on_hand` in stock: up to the plan's level, rounded up to whole packs
/// (or whole units), at least one pack.
pub fn order_quantity(plan_up_to: Qty, on_hand: Qty, pack: Option<Qty>) -> Qty {
    let step = pack.filter(|p| p.0 > 0).map_or(1000, |p| p.0);
    let need = (plan_up_to.0 - on_hand.0.max(0)).max(1);
    Qty(need.div_euclid(step) * step + if need % step == 0 { 0 } else { step })
}

/// A stored reorder point with what the purchase draft needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub reorder_point: Qty,
    pub order_up_to: Qty,
    pub method: String,
    pub lead_days: i64,
    pub pack: Option<Qty>,
    pub computed_at: i64,
}

/// The reorder point of a product in a branch, if the nightly job computed one.
pub async fn stored(db: &Db, company_id: i64, branch_id: i64, product_id: i64) -> Result<Option<Stored>> {
    Ok(stored_by_branch(db, company_id, product_id, Some(branch_id)).await?.pop().map(|(_, _, s)| s))
}

/// A product's reorder points with their branches (id, name), in one branch or in all.
pub async fn stored_by_branch(
    db: &Db,
    company_id: i64,
    product_id: i64,
    branch: Option<i64>,
) -> Result<Vec<(i64, String, Stored)>> {
    let rows: Vec<(i64, String, i64, i64, String, i64, Option<i64>, i64)> = sqlx::query_as(
        "SELECT b.id, b.name, r.reorder_qty, r.order_up_to, r.method, r.lead_days, p.pack_qty, r.computed_at
         FROM reorder_points r JOIN products p ON p.id = r.product_id JOIN branches b ON b.id = r.branch_id
         WHERE r.company_id = $1 AND r.product_id = $2 AND ($3 = 0 OR r.branch_id = $3)
         ORDER BY b.id",
    )
    .bind(company_id)
    .bind(product_id)
    .bind(branch.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(branch_id, branch_name, reorder, up_to, method, lead_days, pack, computed_at)| {
            let stored = Stored {
                reorder_point: Qty(reorder),
                order_up_to: Qty(up_to),
                method,
                lead_days,
                pack: pack.map(Qty),
                computed_at,
            };
            (branch_id, branch_name, stored)
        })
        .collect())
}

/// A product's own planning settings (`None`: the supplier's lead time or the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct ProductSettings {
    pub lead_days: Option<i64>,
    pub service_level_bp: Option<i64>,
    pub pack: Option<Qty>,
}

/// A product's own planning settings.
pub async fn settings_of(db: &Db, actor: &Actor, product_id: i64) -> Result<ProductSettings> {
    actor.require(Action::ViewStock)?;
    let row: Option<(Option<i64>, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT lead_days, service_level_bp, pack_qty FROM products WHERE id = $1 AND company_id = $2")
            .bind(product_id)
            .bind(actor.company_id)
            .fetch_optional(&db.pool)
            .await?;
    let (lead_days, service_level_bp, pack) = row.ok_or(Refusal::UnknownProduct)?;
    Ok(ProductSettings { lead_days, service_level_bp, pack: pack.map(Qty) })
}

/// The supplier with a lead time that a product was last bought from, and that lead time (what
/// a product without its own is planned with, as in the recompute).
pub async fn supplier_lead(db: &Db, actor: &Actor, product_id: i64) -> Result<Option<(String, i64)>> {
    actor.require(Action::ViewStock)?;
    let row: Option<(String, Option<i64>)> = sqlx::query_as(
        "SELECT s.name, s.lead_days FROM purchase_lines l
         JOIN purchases u ON u.id = l.purchase_id JOIN suppliers s ON s.id = u.supplier_id
         WHERE u.company_id = $1 AND l.product_id = $2 AND s.lead_days IS NOT NULL ORDER BY u.id DESC LIMIT 1",
    )
    .bind(actor.company_id)
    .bind(product_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|(name, lead)| Some((name, lead?))))
}

/// Sets a product's lead time (1–180 days), service level (50–99.9 %, in basis points) and pack
/// size; `None` leaves that one to the supplier or the default. Used from the next recompute.
pub async fn set_settings(
    db: &Db,
    actor: &Actor,
    product_id: i64,
    lead_days: Option<i64>,
    service_level_bp: Option<i64>,
    pack: Option<Qty>,
) -> Result<()> {
    actor.require(Action::EditProducts)?;
    if lead_days.is_some_and(|d| !(1..=MAX_LEAD_DAYS).contains(&d))
        || service_level_bp.is_some_and(|s| !(5_000..=9_990).contains(&s))
        || pack.is_some_and(|p| p.0 <= 0 || p.0 > Qty::units(1_000_000).0)
    {
        return Err(Refusal::BadQuantity.into());
    }
    let before = settings_of(db, actor, product_id).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE products SET lead_days = $1, service_level_bp = $2, pack_qty = $3 WHERE id = $4 AND company_id = $5",
    )
    .bind(lead_days)
    .bind(service_level_bp)
    .bind(pack.map(|p| p.0))
    .bind(product_id)
    .bind(actor.company_id)
    .execute(&mut *tx)
    .await?;
    let fields = audit::diff(&[
        ("lead_days", json!(before.lead_days), json!(lead_days)),
        ("service_level_bp", json!(before.service_level_bp), json!(service_level_bp)),
        ("pack_qty", json!(before.pack.map(|p| p.0)), json!(pack.map(|p| p.0))),
    ]);
    audit::record(&mut tx, actor, Change::ProductEdited, Entity::Product, product_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Sets how many days a supplier takes to deliver (the default for what was last bought from
/// it); `None` clears it.
pub async fn set_supplier_lead_days(db: &Db, actor: &Actor, supplier_id: i64, lead_days: Option<i64>) -> Result<()> {
    actor.require(Action::EditProducts)?;
    if lead_days.is_some_and(|d| !(1..=MAX_LEAD_DAYS).contains(&d)) {
        return Err(Refusal::BadQuantity.into());
    }
    let mut tx = db.begin().await?;
    let before: Option<Option<i64>> =
        sqlx::query_scalar("SELECT lead_days FROM suppliers WHERE id = $1 AND company_id = $2")
            .bind(supplier_id)
            .bind(actor.company_id)
            .fetch_optional(&mut *tx)
            .await?;
    let before = before.ok_or(Refusal::NotFound)?;
    sqlx::query("UPDATE suppliers SET lead_days = $1 WHERE id = $2 AND company_id = $3")
        .bind(lead_days)
        .bind(supplier_id)
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await?;
    let fields = audit::diff(&[("lead_days", json!(before), json!(lead_days))]);
    audit::record(&mut tx, actor, Change::SettingChanged, Entity::Supplier, supplier_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// What a recompute did.
#[derive(Clone, Debug, Serialize)]
pub struct Recomputed {
    pub points: usize,
    pub branches: usize,
    pub seconds: f64,
}

/// Recomputes every reorder point of the company from daily sales up to yesterday (in the
/// company's time zone). Products with no sales in three years get none (and lose an old one).
pub async fn recompute(db: &Db, actor: &Actor, now: i64) -> Result<Recomputed> {
    actor.require(Action::ManageStock)?;
    let started = Instant::now();
    let today = actor.calendar(db).await?.day_of(now);
    let from = today.checked_sub_days(Days::new(HISTORY_DAYS)).unwrap_or(today);
    let settings = product_settings(db, actor.company_id).await?;
    let branches: Vec<i64> = sqlx::query_scalar("SELECT id FROM branches WHERE company_id = $1 ORDER BY id")
        .bind(actor.company_id)
        .fetch_all(&db.pool)
        .await?;
    let mut points = 0;
    for &branch_id in &branches {
        let series = daily_series(db, actor.company_id, branch_id, None, from, today).await?;
        let plans = tokio::task::spawn_blocking({
            let settings = settings.clone();
            move || {
                let chosen: Vec<Settings> =
                    series.iter().map(|(id, _)| settings.get(id).copied().unwrap_or_default()).collect();
                let values: Vec<&[f64]> = series.iter().map(|(_, y)| y.as_slice()).collect();
                let plans = super::in_parallel(&values, |i, y| plan(y, chosen[i]));
                series.into_iter().map(|(id, _)| id).zip(plans).collect::<Vec<_>>()
            }
        })
        .await
        .map_err(anyhow::Error::from)?;
        points += plans.len();
        let mut tx = db.begin().await?;
        store(&mut tx, actor.company_id, branch_id, &plans, now).await?;
        tx.commit().await.map_err(anyhow::Error::from)?;
    }
    Ok(Recomputed { points, branches: branches.len(), seconds: started.elapsed().as_secs_f64() })
}

/// Each product's settings: its own, else the lead time of the supplier it was last bought from.
async fn product_settings(db: &Db, company_id: i64) -> Result<HashMap<i64, Settings>> {
    let supplier_lead: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT l.product_id, s.lead_days FROM purchase_lines l
         JOIN purchases u ON u.id = l.purchase_id JOIN suppliers s ON s.id = u.supplier_id
         WHERE u.company_id = $1 AND s.lead_days IS NOT NULL ORDER BY u.id",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?;
    let supplier_lead: HashMap<i64, i64> = supplier_lead.into_iter().collect();
    let own: Vec<(i64, Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT id, lead_days, service_level_bp, pack_qty FROM products
         WHERE company_id = $1 AND (lead_days IS NOT NULL OR service_level_bp IS NOT NULL OR pack_qty IS NOT NULL)",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out: HashMap<i64, Settings> =
        supplier_lead.into_iter().map(|(id, lead_days)| (id, Settings { lead_days, ..Settings::default() })).collect();
    for (id, lead, service, pack) in own {
        let base = out.get(&id).copied().unwrap_or_default();
        out.insert(
            id,
            Settings {
                lead_days: lead.unwrap_or(base.lead_days),
                service_level: service.map_or(base.service_level, |bp| bp as f64 / 10_000.0),
                pack: pack.map(Qty),
            },
        );
    }
    Ok(out)
}

/// Each product's units sold per day in a branch, from its first sale in the window to
/// yesterday (days without sales are zeros; returns beyond the day's sales count as zero).
/// Branch 0 is the whole company; `product` narrows it to one product.
pub async fn daily_series(
    db: &Db,
    company_id: i64,
    branch_id: i64,
    product: Option<i64>,
    from: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<(i64, Vec<f64>)>> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT product_id, day, qty FROM sales_day_product
         WHERE company_id = $1 AND branch_id = $2 AND day >= $3 AND day < $4 AND ($5 = 0 OR product_id = $5)
         ORDER BY product_id, day",
    )
    .bind(company_id)
    .bind(branch_id)
    .bind(from.to_string())
    .bind(today.to_string())
    .bind(product.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    let mut out: Vec<(i64, Vec<f64>)> = Vec::new();
    let mut first = today;
    for (product_id, day, qty) in rows {
        let Ok(day) = day.parse::<NaiveDate>() else { continue };
        if out.last().is_none_or(|(id, _)| *id != product_id) {
            out.push((product_id, vec![0.0; (today - day).num_days().max(0) as usize]));
            first = day;
        }
        let at = (day - first).num_days() as usize;
        if let Some((_, y)) = out.last_mut() {
            if let Some(slot) = y.get_mut(at) {
                *slot = (qty as f64 / 1000.0).max(0.0);
            }
        }
    }
    Ok(out)
}

async fn store(tx: &mut Tx, company_id: i64, branch_id: i64, plans: &[(i64, Plan)], now: i64) -> Result<()> {
    sqlx::query("DELETE FROM reorder_points WHERE company_id = $1 AND branch_id = $2")
        .bind(company_id)
        .bind(branch_id)
        .execute(&mut **tx)
        .await?;
    const COLUMNS: usize = 11;
    for chunk in plans.chunks(500) {
        // Numbered placeholders written out: the `Any` driver's query builder emits `?`, which
        // PostgreSQL does not take.
        let rows: Vec<String> = (0..chunk.len())
            .map(|r| {
                format!("({})", (1..=COLUMNS).map(|c| format!("${}", r * COLUMNS + c)).collect::<Vec<_>>().join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO reorder_points (company_id, branch_id, product_id, method, lead_days, service_level_bp,
             lead_demand, safety_qty, reorder_qty, order_up_to, computed_at) VALUES {}",
            rows.join(", ")
        );
        let mut insert = sqlx::query(&sql);
        for (product_id, p) in chunk {
            insert = insert
                .bind(company_id)
                .bind(branch_id)
                .bind(*product_id)
                .bind(p.method.code())
                .bind(p.lead_days)
                .bind((p.service_level * 10_000.0).round() as i64)
                .bind(p.lead_demand.0)
                .bind(p.safety.0)
                .bind(p.reorder_point.0)
                .bind(p.order_up_to.0)
                .bind(now);
        }
        insert.execute(&mut **tx).await?;
    }
    Ok(())
}
