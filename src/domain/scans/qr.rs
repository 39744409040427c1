//! A till receipt's QR code: the link to the tax authority's check page
//! (`https://ofd.soliq.uz/check?t=<terminal>&r=<receipt>&c=<YYYYMMDDhhmmss>&s=<fiscal sign>`).
//! Its figures are the fiscal module's, so they are preferred over what OCR read.

use chrono::NaiveDateTime;
use image::GrayImage;
use serde::{Deserialize, Serialize};

use crate::domain::money::Money;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fiscal {
    /// The link as printed in the QR code; kept with the expense.
    pub link: String,
    pub terminal_id: String,
    pub receipt_number: String,
    pub fiscal_sign: String,
    /// The fiscal module's time of the sale (the company's local time, as printed).
    pub issued_at: Option<NaiveDateTime>,
    /// Present when the link carries the amount (`sum` or `a`, in so‘m).
    pub amount: Option<Money>,
}

/// The first QR code on the page that holds a fiscal receipt link, if any.
pub fn fiscal_on(page: &GrayImage) -> Option<Fiscal> {
    let mut prepared = rqrr::PreparedImage::prepare(page.clone());
    prepared.detect_grids().into_iter().filter_map(|grid| grid.decode().ok()).find_map(|(_, text)| fiscal_link(&text))
}

/// Reads a fiscal receipt link; anything else (a shop's website, a payment link) is `None`.
pub fn fiscal_link(text: &str) -> Option<Fiscal> {
    let url = url::Url::parse(text.trim()).ok()?;
    let host = url.host_str()?;
    if !(host == "soliq.uz" || host.ends_with(".soliq.uz")) {
        return None;
    }
    let param = |names: &[&str]| {
        url.query_pairs().find(|(k, _)| names.contains(&k.as_ref())).map(|(_, v)| v.trim().to_string())
    };
    let terminal_id =
        param(&["t"]).filter(|t| !t.is_empty() && t.len() <= 32 && t.chars().all(|c| c.is_ascii_alphanumeric()))?;
    let receipt_number =
        param(&["r"]).filter(|r| !r.is_empty() && r.len() <= 20 && r.chars().all(|c| c.is_ascii_digit()))?;
    let fiscal_sign =
        param(&["s", "f"]).filter(|s| !s.is_empty() && s.len() <= 20 && s.chars().all(|c| c.is_ascii_digit()))?;
    let issued_at = param(&["c", "time"]).and_then(|c| NaiveDateTime::parse_from_str(&c, "%Y%m%d%H%M%S").ok());
    let amount = param(&["sum", "a"]).and_then(|a| Money::parse(&a));
    Some(Fiscal {
        link: text.trim().chars().take(500).collect(),
        terminal_id,
        receipt_number,
        fiscal_sign,
        issued_at,
        amount,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_soliq_link() {
        let f =
            fiscal_link("https://ofd.soliq.uz/check?t=UZ191211501033&r=559&c=20211109170634&s=336289559214").unwrap();
        assert_eq!(f.terminal_id, "UZ191211501033");
        assert_eq!(f.receipt_number, "559");
        assert_eq!(f.fiscal_sign, "336289559214");
        assert_eq!(f.issued_at.unwrap().to_string(), "2021-11-09 17:06:34");
        assert_eq!(f.amount, None);
    }

    #[test]
    fn other_links_are_not_receipts() {
        assert!(fiscal_link("https://example.com/check?t=UZ1&r=1&s=1").is_none());
        assert!(fiscal_link("https://ofd.soliq.uz.evil.com/check?t=UZ1&r=1&s=1").is_none());
        assert!(fiscal_link("not a link").is_none());
        assert!(fiscal_link("https://ofd.soliq.uz/check?t=UZ1&r=x&s=1").is_none());
    }
}
