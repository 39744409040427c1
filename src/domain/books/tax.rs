//! Tax rates are dated data (table `tax_rates`): the rate in force on a day is the latest one
//! effective on or before it; a company's own row overrides the national one.

use chrono::NaiveDate;

use crate::db::Db;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaxKind {
    Vat,
    Profit,
    Turnover,
    Income,
    Social,
}

impl TaxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TaxKind::Vat => "vat",
            TaxKind::Profit => "profit",
            TaxKind::Turnover => "turnover",
            TaxKind::Income => "income",
            TaxKind::Social => "social",
        }
    }
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
    }
}
