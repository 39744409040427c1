//! Taxes. Rates are dated data (table `tax_rates`): the rate in force on a day is the latest
//! one effective on or before it; a company's own row overrides the national one, and a new
//! rate only ever applies from tomorrow on, so nothing already posted changes. A company is a
//! VAT payer (VAT and profit tax) or pays the turnover tax instead ([`Regime`]).
//!
//! The month's reports ([`reports`]) are built from the ledger and sent to the tax cabinet
//! ([`cabinet`], [`submit`]).

pub mod cabinet;
pub mod reports;
pub mod submit;

use chrono::NaiveDate;
use serde::Serialize;

use crate::db::Db;
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaxKind {
    Vat,
    Profit,
    Turnover,
    Income,
    /// The INPS share of the income tax (paid to the employee's pension account).
    Inps,
    Social,
}

impl TaxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TaxKind::Vat => "vat",
            TaxKind::Profit => "profit",
            TaxKind::Turnover => "turnover",
            TaxKind::Income => "income",
            TaxKind::Inps => "inps",
            TaxKind::Social => "social",
        }
    }

    pub const ALL: [TaxKind; 6] =
        [TaxKind::Vat, TaxKind::Profit, TaxKind::Turnover, TaxKind::Income, TaxKind::Inps, TaxKind::Social];

    pub fn parse(text: &str) -> Option<TaxKind> {
        let text = text.trim().to_lowercase();
        TaxKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The message key of the tax's name.
    pub fn label_key(self) -> &'static str {
        match self {
            TaxKind::Vat => "tax-kind-vat",
            TaxKind::Profit => "tax-kind-profit",
            TaxKind::Turnover => "tax-kind-turnover",
            TaxKind::Income => "tax-kind-income",
            TaxKind::Inps => "tax-kind-inps",
            TaxKind::Social => "tax-kind-social",
        }
    }
}

/// How a company is taxed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Regime {
    /// VAT on sales and purchases, profit tax on the profit.
    Vat,
    /// The turnover tax on revenue instead of VAT and profit tax.
    Turnover,
}

impl Regime {
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::Vat => "vat",
            Regime::Turnover => "turnover",
        }
    }

    pub fn parse(text: &str) -> Option<Regime> {
        match text.trim().to_lowercase().as_str() {
            "vat" => Some(Regime::Vat),
            "turnover" => Some(Regime::Turnover),
            _ => None,
        }
    }
}

pub async fn regime(db: &Db, company_id: i64) -> Result<Regime> {
    let text: String = sqlx::query_scalar("SELECT tax_regime FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(Regime::parse(&text).unwrap_or(Regime::Vat))
}

/// An admin changes the company's regime (in the activity log). Products take the VAT rate of
/// the new regime (none for a turnover-tax payer), so sales from now on carry the right VAT;
/// what was sold before keeps the VAT it was sold with.
pub async fn set_regime(db: &Db, actor: &Actor, regime: Regime) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    let before = self::regime(db, actor.company_id).await?;
    let today = actor.calendar(db).await?.today();
    let vat = match regime {
        Regime::Vat => rate_bp(db, actor.company_id, TaxKind::Vat, today).await?,
        Regime::Turnover => 0,
    };
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE companies SET tax_regime = $1 WHERE id = $2")
        .bind(regime.as_str())
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE products SET vat_rate_bp = $1 WHERE company_id = $2")
        .bind(vat)
        .bind(actor.company_id)
        .execute(&mut *tx)
        .await?;
    let fields = audit::diff(&[("tax_regime", before.as_str().into(), regime.as_str().into())]);
    audit::record(&mut tx, actor, Change::SettingChanged, Entity::Company, actor.company_id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// The VAT rate a product gets on `day`: the rate in force for a VAT payer, none for a
/// turnover-tax payer.
pub async fn product_vat_bp(db: &Db, company_id: i64, day: NaiveDate) -> Result<i64> {
    Ok(match regime(db, company_id).await? {
        Regime::Vat => rate_bp(db, company_id, TaxKind::Vat, day).await?,
        Regime::Turnover => 0,
    })
}

/// A rate in force: the tax, its rate and since when; `own` when the company set it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RateInForce {
    pub kind: &'static str,
    pub rate_bp: i64,
    pub since: NaiveDate,
    pub own: bool,
    /// A rate the company set that starts later.
    pub next: Option<(i64, NaiveDate)>,
}

/// Every tax's rate in force on `day` for the company, and a later one already set.
pub async fn rates(db: &Db, actor: &Actor, day: NaiveDate) -> Result<Vec<RateInForce>> {
    actor.require(Action::ViewReports)?;
    let mut out = Vec::new();
    for kind in TaxKind::ALL {
        let row: Option<(i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT rate_bp, effective_from, company_id FROM tax_rates
             WHERE kind = $1 AND (company_id = $2 OR company_id IS NULL) AND effective_from <= $3
             ORDER BY CASE WHEN company_id IS NULL THEN 1 ELSE 0 END, effective_from DESC LIMIT 1",
        )
        .bind(kind.as_str())
        .bind(actor.company_id)
        .bind(day.to_string())
        .fetch_optional(&db.pool)
        .await?;
        let Some((rate_bp, since, company)) = row else { continue };
        let next: Option<(i64, String)> = sqlx::query_as(
            "SELECT rate_bp, effective_from FROM tax_rates WHERE kind = $1 AND company_id = $2 AND effective_from > $3
             ORDER BY effective_from LIMIT 1",
        )
        .bind(kind.as_str())
        .bind(actor.company_id)
        .bind(day.to_string())
        .fetch_optional(&db.pool)
        .await?;
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(day);
        out.push(RateInForce {
            kind: kind.as_str(),
            rate_bp,
            since: date(&since),
            own: company.is_some(),
            next: next.map(|(bp, from)| (bp, date(&from))),
        });
    }
    Ok(out)
}

/// An admin sets the company's rate of a tax from `from` on (tomorrow at the earliest; a rate
/// set for the same day again replaces that future rate).
pub async fn set_rate(db: &Db, actor: &Actor, kind: TaxKind, rate: i64, from: NaiveDate) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    if !(0..=10_000).contains(&rate) {
        return Err(Refusal::BadRate.into());
    }
    let today = actor.calendar(db).await?.today();
    if from <= today {
        return Err(Refusal::RateInPast.into());
    }
    let before = self::rate_bp(db, actor.company_id, kind, from).await.ok();
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tax_rates (company_id, kind, rate_bp, effective_from) VALUES ($1, $2, $3, $4)
         ON CONFLICT (company_id, kind, effective_from) DO UPDATE SET rate_bp = excluded.rate_bp RETURNING id",
    )
    .bind(actor.company_id)
    .bind(kind.as_str())
    .bind(rate)
    .bind(from.to_string())
    .fetch_one(&mut *tx)
    .await?;
    let fields = audit::diff(&[
        ("kind", serde_json::Value::Null, kind.as_str().into()),
        ("rate_bp", before.into(), rate.into()),
        ("effective_from", serde_json::Value::Null, from.to_string().into()),
    ]);
    audit::record(&mut tx, actor, Change::TaxRateSet, Entity::TaxRate, id, fields).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// The rate in basis points in force on `day` for `company_id`.
pub async fn rate_bp(db: &Db, company_id: i64, kind: TaxKind, day: NaiveDate) -> anyhow::Result<i64> {
    let rate: Option<i64> = sqlx::query_scalar(
        "SELECT rate_bp FROM tax_rates
         WHERE kind = $1 AND (company_id = $2 OR company_id IS NULL) AND effective_from <= $3
         ORDER BY CASE WHEN company_id IS NULL THEN 1 ELSE 0 END, effective_from DESC
         LIMIT 1",
    )
    .bind(kind.as_str())
    .bind(company_id)
    .bind(day.format("%Y-%m-%d").to_string())
    .fetch_optional(&db.pool)
    .await?;
    rate.ok_or_else(|| anyhow::anyhow!("no {} rate in force on {day}", kind.as_str()))
}

/// `rate_bp` of an amount, rounded half up to the tiyin (a tax on a base).
pub fn share(amount: i64, rate_bp: i64) -> i64 {
    let product = amount as i128 * rate_bp as i128;
    let sign = if product < 0 { -1 } else { 1 };
    (sign * ((product.abs() + 5_000) / 10_000)) as i64
}

/// VAT inside a VAT-inclusive amount, rounded half up to the tiyin: gross × r / (1 + r).
pub fn vat_inside(gross_tiyin: i64, rate_bp: i64) -> i64 {
    let numerator = gross_tiyin as i128 * rate_bp as i128;
    let denominator = 10_000i128 + rate_bp as i128;
    ((2 * numerator + denominator) / (2 * denominator)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vat_inside_a_price() {
        // 112 000 so‘m with 12 % VAT inside holds 12 000 so‘m VAT.
        assert_eq!(vat_inside(11_200_000, 1200), 1_200_000);
        assert_eq!(vat_inside(100, 1200), 11); // 10.71 tiyin rounds to 11
        assert_eq!(vat_inside(0, 1200), 0);
        // Per line: 3 × 1 000.50 so‘m lines hold 107.20 each (107.196…), 321.60 in all, where
        // the VAT of the sum would be 321.59.
        let line = vat_inside(100_050, 1200);
        assert_eq!(line, 10_720);
        assert_eq!(3 * line, 32_160);
        assert_eq!(vat_inside(300_150, 1200), 32_159);
    }

    #[test]
    fn shares_round_half_up() {
        assert_eq!(share(1_000_000_000, 1500), 150_000_000); // 15 % profit tax on 10 million so‘m
        assert_eq!(share(500_000_000, 400), 20_000_000); // 4 % turnover tax on 5 million so‘m
        assert_eq!(share(50, 100), 1); // 0.5 tiyin rounds up
        assert_eq!(share(49, 100), 0);
        assert_eq!(share(-50, 100), -1);
    }
}
