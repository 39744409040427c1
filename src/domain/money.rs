//! Money in integer tiyin (1 so‘m = 100 tiyin) and quantities in thousandths of a unit.
//! No floats anywhere: parsing and formatting work on digits.
//!
//! Bounds. Every amount that enters the books (a price, a line, a receipt, an expense, a cash
//! move, a payment) is at most [`Money::MAX`], one trillion so‘m (10^14 tiyin), and every
//! quantity at most [`Qty::MAX`], a million units. A line's price × quantity is worked out in
//! i128 and refused when above `Money::MAX` before anything is stored. An account's sum can then
//! reach i64's 9.2 × 10^18 tiyin only after 92,000 documents each at the maximum: 92 quadrillion
//! so‘m, some sixty years of Uzbekistan's whole GDP, which no company's books come near.

use serde::{Deserialize, Serialize};

use super::Refusal;
use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Money(pub i64);

/// `qty` (thousandths) times a per-unit amount, rounded half away from zero to the tiyin.
/// Saturates at i64's bounds, which are far above [`Money::MAX`] and so always refused.
pub fn extend(qty: Qty, per_unit: i64) -> i64 {
    let raw = qty.0 as i128 * per_unit as i128;
    let rounded = if raw >= 0 { (raw + 500) / 1000 } else { (raw - 500) / 1000 };
    i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN })
}

impl Money {
    /// `qty` units at this price each, rounded half away from zero to the tiyin.
    pub fn times(self, qty: Qty) -> Money {
        Money(extend(qty, self.0))
    }

    /// A line's amount, refused when above [`Money::MAX`].
    pub fn line(self, qty: Qty) -> Result<Money, Refusal> {
        self.check()?;
        qty.check()?;
        self.times(qty).check()
    }

    /// The total of lines of (quantity, price per unit).
    pub fn total_of(lines: impl IntoIterator<Item = (Qty, Money)>) -> Money {
        Money(lines.into_iter().map(|(qty, price)| extend(qty, price.0)).sum())
    }

    pub const ZERO: Money = Money(0);

    /// The largest amount that enters the books: 1 000 000 000 000 so‘m (see the module's note).
    pub const MAX: Money = Money(100_000_000_000_000);

    /// Refuses an amount below zero ([`Refusal::BadAmount`]) or above [`Money::MAX`].
    pub fn check(self) -> Result<Money, Refusal> {
        match self.0 {
            v if v < 0 => Err(Refusal::BadAmount),
            v if v > Money::MAX.0 => Err(Refusal::AmountTooLarge),
            _ => Ok(self),
        }
    }

    /// What a person typed, as an amount the books accept.
    pub fn read(input: &str) -> Result<Money, Refusal> {
        Money::parse(input).ok_or(Refusal::BadAmount)?.check()
    }

    pub fn from_som(som: i64) -> Money {
        Money(som * 100)
    }

    pub fn tiyin(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Parses what a person types: `12500`, `12 500`, `12 500,50`, `1,250,000`, `99.9`.
    pub fn parse(input: &str) -> Option<Money> {
        let tiyin = parse_scaled(input, 2)?;
        Some(Money(tiyin))
    }

    /// `1 250 000 so‘m` in Uzbek, `1 250 000 сум` in Russian, `1,250,000 UZS` in English;
    /// tiyin are shown only when there are some.
    pub fn format(self, lang: Lang) -> String {
        let digits = format_scaled(self.0, 2, lang);
        format!("{digits} {}", crate::i18n::t(lang, "currency-uzs"))
    }
}

/// A quantity in thousandths of its unit (so 1.5 kg is 1500).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Qty(pub i64);

impl Qty {
    pub fn units(n: i64) -> Qty {
        Qty(n * 1000)
    }

    pub fn parse(input: &str) -> Option<Qty> {
        parse_scaled(input, 3).map(Qty)
    }

    /// The largest quantity on one line: a million units.
    pub const MAX: Qty = Qty(1_000_000_000);

    /// Refuses a quantity below zero ([`Refusal::BadQuantity`]) or above [`Qty::MAX`].
    pub fn check(self) -> Result<Qty, Refusal> {
        match self.0 {
            v if v < 0 => Err(Refusal::BadQuantity),
            v if v > Qty::MAX.0 => Err(Refusal::QtyTooLarge),
            _ => Ok(self),
        }
    }

    /// What a person typed, as a quantity above zero that a line accepts.
    pub fn read(input: &str) -> Result<Qty, Refusal> {
        let qty = Qty::parse(input).filter(|q| q.0 > 0).ok_or(Refusal::BadQuantity)?;
        qty.check()
    }

    pub fn format(self, lang: Lang) -> String {
        format_scaled(self.0, 3, lang)
    }
}

/// Reads a non-negative decimal with at most `scale` fractional digits into an integer
/// scaled by 10^scale. Spaces and apostrophes group thousands. When both `,` and `.` appear,
/// the last one is the decimal mark; a mark repeated is grouping; a single mark followed by
/// three digits groups thousands in money (which has two decimals) and is decimal otherwise.
fn parse_scaled(input: &str, scale: u32) -> Option<i64> {
    let cleaned: String =
        input.trim().chars().filter(|c| !c.is_whitespace() && *c != '\'' && *c != '\u{2019}').collect();
    let is_mark = |c: char| c == ',' || c == '.';
    let (int_text, frac_text) = match cleaned.rfind(is_mark) {
        None => (cleaned.as_str(), ""),
        Some(pos) => {
            let mark = cleaned[pos..].chars().next()?;
            let (before, after) = (&cleaned[..pos], &cleaned[pos + 1..]);
            let repeated = before.contains(mark);
            let single_grouping = !before.contains(is_mark) && after.len() == 3 && scale < 3;
            if repeated || single_grouping {
                (cleaned.as_str(), "")
            } else {
                (before, after)
            }
        }
    };
    let int_digits = ungroup(int_text)?;
    if (int_digits.is_empty() && frac_text.is_empty())
        || frac_text.len() > scale as usize
        || !frac_text.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let int_value: i64 = if int_digits.is_empty() { 0 } else { int_digits.parse().ok()? };
    let frac_value: i64 = if frac_text.is_empty() { 0 } else { frac_text.parse().ok()? };
    let frac_scaled = frac_value * 10i64.pow(scale - frac_text.len() as u32);
    int_value.checked_mul(10i64.pow(scale))?.checked_add(frac_scaled)
}

/// `1,250,000` → `1250000`; every group after the first must have three digits.
fn ungroup(text: &str) -> Option<String> {
    let groups: Vec<&str> = text.split([',', '.']).collect();
    let well_formed = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && groups.iter().skip(1).all(|g| g.len() == 3)
        && (groups.len() == 1 || !groups[0].is_empty());
    well_formed.then(|| groups.concat())
}

fn format_scaled(value: i64, scale: u32, lang: Lang) -> String {
    let (group_sep, decimal_sep) = match lang {
        Lang::En => (',', '.'),
        Lang::Uz | Lang::Ru => (' ', ','),
    };
    let divisor = 10i64.pow(scale);
    let negative = value < 0;
    let abs = value.unsigned_abs();
    let int_part = abs / divisor as u64;
    let frac_part = abs % divisor as u64;
    let grouped = group_digits(int_part, group_sep);
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if frac_part != 0 {
        let frac = format!("{:0width$}", frac_part, width = scale as usize);
        out.push(decimal_sep);
        out.push_str(frac.trim_end_matches('0'));
    }
    out
}

/// `1250000` → `1 250 000` (or with another separator): the one digit grouping every
/// rendering (chat, PDF, CSV, charts) uses.
/// Tenths of a percent as people read them: "12,5%" ("12.5%" in English).
pub fn format_permille(lang: Lang, p: i64) -> String {
    let sep = if lang == Lang::En { '.' } else { ',' };
    let sign = if p < 0 { "-" } else { "" };
    format!("{sign}{}{sep}{}%", p.abs() / 10, p.abs() % 10)
}

pub fn group_digits(value: u64, separator: char) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(ch);
    }
    grouped
}

/// A percentage held in basis points (12 % = 1200).
pub fn format_rate_bp(bp: i64) -> String {
    if bp % 100 == 0 {
        format!("{}%", bp / 100)
    } else {
        format!("{},{:02}%", bp / 100, bp % 100).replace("0%", "%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Money::parse("12500"), Some(Money(1_250_000)));
        assert_eq!(Money::parse("12 500"), Some(Money(1_250_000)));
        assert_eq!(Money::parse("1 250 000"), Some(Money(125_000_000)));
        assert_eq!(Money::parse("1,250,000"), Some(Money(125_000_000)));
        assert_eq!(Money::parse("1.250.000"), Some(Money(125_000_000)));
        assert_eq!(Money::parse("12 500,50"), Some(Money(1_250_050)));
        assert_eq!(Money::parse("99.9"), Some(Money(9_990)));
        assert_eq!(Money::parse("0,05"), Some(Money(5)));
        assert_eq!(Money::parse("1 250"), Some(Money(125_000)));
        assert_eq!(Money::parse("1,250"), Some(Money(125_000)));
        assert_eq!(Money::parse(""), None);
        assert_eq!(Money::parse("-5"), None);
        assert_eq!(Money::parse("abc"), None);
        assert_eq!(Money::parse("1.234.5"), None);
        assert_eq!(Money::parse("1,2,3"), None);
        assert_eq!(Money::parse("12,345"), Some(Money(1_234_500)));
        assert_eq!(Money::parse("99999999999999999999"), None);
    }

    #[test]
    fn formats_money_per_language() {
        assert_eq!(Money(125_000_000).format(Lang::Uz), "1 250 000 so‘m");
        assert_eq!(Money(125_000_000).format(Lang::Ru), "1 250 000 сум");
        assert_eq!(Money(125_000_050).format(Lang::En), "1,250,000.5 UZS");
        assert_eq!(Money(5).format(Lang::Uz), "0,05 so‘m");
        assert_eq!(Money(-100_000).format(Lang::Uz), "-1 000 so‘m");
        assert_eq!(Money(0).format(Lang::Uz), "0 so‘m");
    }

    #[test]
    fn quantities_keep_three_decimals() {
        assert_eq!(Qty::parse("1,5"), Some(Qty(1500)));
        assert_eq!(Qty::parse("2"), Some(Qty(2000)));
        assert_eq!(Qty::parse("0.125"), Some(Qty(125)));
        assert_eq!(Qty::parse("0.1255"), None);
        assert_eq!(Qty(1500).format(Lang::Uz), "1,5");
        assert_eq!(Qty(24_000).format(Lang::En), "24");
        assert_eq!(Qty(1_234_500).format(Lang::Ru), "1 234,5");
    }

    #[test]
    fn rates() {
        assert_eq!(format_rate_bp(1200), "12%");
        assert_eq!(format_rate_bp(50), "0,5%");
    }
}

/// A fixed-point value as plain decimal text (no grouping) with `scale` decimals, as files and
/// JSON APIs write numbers: `1500050` at scale 2 is `15000.50`.
pub fn format_decimal(value: i64, scale: u32) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let v = value.unsigned_abs();
    let unit = 10u64.pow(scale);
    if scale == 0 {
        return format!("{sign}{v}");
    }
    format!("{sign}{}.{:0width$}", v / unit, v % unit, width = scale as usize)
}
