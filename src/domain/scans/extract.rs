//! Recognised text → a typed draft. Pure: lines in, draft out, so it is unit-tested on text and
//! fuzzed. What Tesseract gets wrong on these documents (lost thousands separators, Latin and
//! Cyrillic look-alikes, three kinds of Uzbek apostrophe, a table's rule read as "1") is
//! repaired here, and every repair that cannot be proved by a cross-check lowers a confidence.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::domain::money::{Money, Qty};

/// One recognised line with Tesseract's confidence in it (0–100; 100 for a PDF's text layer).
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    pub text: String,
    pub confidence: u8,
}

impl TextLine {
    pub fn sure(text: &str) -> TextLine {
        TextLine { text: text.to_string(), confidence: 100 }
    }
}

/// A value read from the document and how sure the reading is (0–100).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field<T> {
    pub value: T,
    pub confidence: u8,
}

/// A value a person typed: sure.
pub fn sure<T>(value: T) -> Field<T> {
    Field { value, confidence: 100 }
}

fn field<T>(value: T, confidence: u8) -> Field<T> {
    Field { value, confidence: confidence.min(100) }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// A supplier's invoice (HISOB-FAKTURA, счёт-фактура).
    Invoice,
    /// A shop's till receipt (chek).
    Receipt,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub name: Field<String>,
    pub quantity: Field<Qty>,
    pub unit: Field<String>,
    pub unit_price: Field<Money>,
    pub amount: Field<Money>,
}

/// What a cross-check found wrong; the reader of the draft sees each one before saving.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Warning {
    /// Quantity × unit price is not the line's amount (line numbers from 1).
    LineMismatch {
        line: usize,
    },
    /// The lines do not add up to the total.
    TotalMismatch {
        lines: Money,
        total: Money,
    },
    /// A TIN (STIR) that is not 9 digits: `seller` or `buyer`.
    BadTin {
        party: String,
    },
    /// The document is dated after today.
    FutureDate,
    NoLines,
    NoTotal,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub kind: Option<DocKind>,
    pub invoice_number: Option<Field<String>>,
    pub date: Option<Field<NaiveDate>>,
    pub seller: Option<Field<String>>,
    pub seller_tin: Option<Field<String>>,
    pub buyer: Option<Field<String>>,
    pub buyer_tin: Option<Field<String>>,
    pub items: Vec<Item>,
    pub vat: Option<Field<Money>>,
    pub total: Option<Field<Money>>,
    pub currency: String,
    pub warnings: Vec<Warning>,
}

impl Draft {
    /// The sum of the lines' amounts (bounded: at most 500 lines of at most `Money::MAX`).
    pub fn lines_total(&self) -> Money {
        Money(self.items.iter().map(|i| i.amount.value.0).sum())
    }

    /// Cross-checks, run again after every edit.
    pub fn check(&mut self, today: NaiveDate) {
        let mut warnings = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            if !line_agrees(item.quantity.value, item.unit_price.value, item.amount.value) {
                warnings.push(Warning::LineMismatch { line: i + 1 });
            }
        }
        match &self.total {
            Some(total) if !self.items.is_empty() && self.lines_total() != total.value => {
                warnings.push(Warning::TotalMismatch { lines: self.lines_total(), total: total.value })
            }
            None => warnings.push(Warning::NoTotal),
            _ => {}
        }
        if self.items.is_empty() {
            warnings.push(Warning::NoLines);
        }
        for (party, tin) in [("seller", &self.seller_tin), ("buyer", &self.buyer_tin)] {
            if let Some(tin) = tin {
                if !is_tin(&tin.value) {
                    warnings.push(Warning::BadTin { party: party.to_string() });
                }
            }
        }
        if matches!(&self.date, Some(d) if d.value > today) {
            warnings.push(Warning::FutureDate);
        }
        self.warnings = warnings;
    }
}

/// Lines on one document at most: a longer "document" is not an invoice.
pub const MAX_ITEMS: usize = 500;
/// Characters of text read at most (a page of small print is about 5,000).
pub const MAX_TEXT: usize = 200_000;

pub fn is_tin(s: &str) -> bool {
    s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Quantity × unit price equals the amount to the tiyin, or within one so‘m of rounding.
fn line_agrees(qty: Qty, price: Money, amount: Money) -> bool {
    let product = (qty.0 as i128) * (price.0 as i128);
    let amount_scaled = (amount.0 as i128) * 1000;
    (product - amount_scaled).abs() <= 100 * 1000
}

/// Reads a draft out of recognised lines, checked against `today`.
pub fn draft(lines: &[TextLine], today: NaiveDate) -> Draft {
    let mut budget = MAX_TEXT;
    let lines: Vec<Line> = lines
        .iter()
        .take_while(|l| {
            let fits = budget >= l.text.len();
            budget = budget.saturating_sub(l.text.len());
            fits
        })
        .map(|l| Line::new(&l.text, l.confidence))
        .filter(|l| !l.text.is_empty())
        .collect();
    let mut d = Draft { currency: "UZS".to_string(), ..Draft::default() };
    let mut party: Option<Party> = None;
    let mut previous_text: Option<&Line> = None;
    for line in &lines {
        if d.items.len() < MAX_ITEMS {
            if let Some(item) = item_of(line, previous_text) {
                d.items.push(item);
                previous_text = None;
                continue;
            }
        }
        read_header(&mut d, line, &mut party);
        previous_text = Some(line);
    }
    d.kind = Some(kind_of(&lines));
    if d.kind == Some(DocKind::Receipt) && d.seller.is_none() {
        d.seller = lines.first().filter(|l| !has_label(&l.folded)).map(|l| field(clean_party(&l.text), l.confidence));
    }
    d.currency = currency_of(&lines);
    confirm_total(&mut d);
    d.check(today);
    d
}

#[derive(Clone, Copy, PartialEq)]
enum Party {
    Seller,
    Buyer,
}

/// A line as recognised, with apostrophes made one kind, and its folded form for matching
/// labels (lower case, Cyrillic look-alikes as Latin).
struct Line {
    text: String,
    folded: String,
    confidence: u8,
}

impl Line {
    fn new(text: &str, confidence: u8) -> Line {
        let text = apostrophes(text.trim());
        let folded = fold(&text);
        Line { text, folded, confidence }
    }
}

/// The three apostrophes Tesseract writes for o‘ and g‘ (and a plain one) as U+2018, the one
/// Savdo writes; other apostrophes stay.
pub fn apostrophes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let after_og = i > 0 && matches!(chars[i - 1], 'o' | 'g' | 'O' | 'G');
        if after_og && matches!(c, 'ʻ' | '\'' | '’' | '`' | 'ʼ' | '´') {
            out.push('‘');
        } else {
            out.push(c);
        }
    }
    out
}

/// Lower case with Cyrillic letters that look like Latin ones replaced by them: what labels and
/// units are matched on, whichever script Tesseract chose for a word.
pub fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'а' => 'a',
            'в' => 'b',
            'е' | 'ё' => 'e',
            'к' => 'k',
            'м' => 'm',
            'н' => 'h',
            'о' => 'o',
            'р' => 'p',
            'с' => 'c',
            'т' => 't',
            'у' => 'y',
            'х' => 'x',
            'п' => 'n',
            'д' => 'd',
            'ш' => 'w',
            'і' => 'i',
            '‘' | 'ʻ' | '’' | '`' | 'ʼ' => '\'',
            c => c,
        })
        .collect()
}

// Labels as printed; they are folded before matching, like the line.
const SELLER: &[&str] =
    &["sotuvchi", "yetkazib beruvchi", "etkazib beruvchi", "поставщик", "продавец", "seller", "supplier"];
const BUYER: &[&str] = &["xaridor", "oluvchi", "покупатель", "получатель", "buyer", "customer"];
const TIN: &[&str] = &["stir", "стир", "инн", "inn", "tin"];
const TOTAL: &[&str] = &["jami", "итого", "всего", "жами", "total"];
const VAT: &[&str] = &["qqs", "ққс", "ндс", "vat"];
const DATE: &[&str] = &["sana", "сана", "дата", "date"];
// "Faktura" covers HISOB-FAKTURA and счёт-фактура.
const NUMBER: &[&str] = &["faktura", "фактура", "invoice", "chek", "чек", "receipt"];
const ADDRESS: &[&str] = &["manzil", "адрес", "address", "tel", "тел"];

fn starts_with_any(folded: &str, words: &[&str]) -> bool {
    let folded = folded.trim_start_matches(|c: char| !c.is_alphanumeric());
    words.iter().any(|w| folded.starts_with(&fold(w)))
}

fn contains_any(folded: &str, words: &[&str]) -> bool {
    words.iter().any(|w| folded.contains(&fold(w)))
}

/// Where one of `words` starts as a word of its own (not inside "Kontinent" or "Lavash").
fn word_at(folded: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .filter_map(|w| {
            let w = fold(w);
            folded.match_indices(&w).map(|(at, _)| at).find(|&at| {
                let before = folded[..at].chars().next_back();
                let after = folded[at + w.len()..].chars().next();
                !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
            })
        })
        .min()
}

fn has_label(folded: &str) -> bool {
    [SELLER, BUYER, TIN, TOTAL, VAT, DATE, ADDRESS].iter().any(|l| starts_with_any(folded, l))
}

fn read_header(d: &mut Draft, line: &Line, party: &mut Option<Party>) {
    let f = &line.folded;
    let conf = line.confidence;
    if starts_with_any(f, SELLER) {
        *party = Some(Party::Seller);
        if let Some(name) = after_colon(&line.text).filter(|n| !n.is_empty()) {
            d.seller.get_or_insert(field(clean_party(&name), conf));
        }
    } else if starts_with_any(f, BUYER) {
        *party = Some(Party::Buyer);
        if let Some(name) = after_colon(&line.text).filter(|n| !n.is_empty()) {
            d.buyer.get_or_insert(field(clean_party(&name), conf));
        }
    }
    if let Some(tin) = tin_in(line) {
        let slot = match party {
            Some(Party::Buyer) => &mut d.buyer_tin,
            _ => &mut d.seller_tin,
        };
        if slot.is_none() {
            *slot = Some(tin);
        } else if d.buyer_tin.is_none() {
            d.buyer_tin = Some(tin);
        }
    }
    if d.date.is_none() && (starts_with_any(f, DATE) || d.items.is_empty()) {
        if let Some(date) = date_in(&line.text) {
            d.date = Some(field(date, conf));
        }
    }
    if d.invoice_number.is_none() && (contains_any(f, NUMBER) || line.text.contains('№')) {
        if let Some(number) = number_in(&line.text) {
            d.invoice_number = Some(field(number, conf));
        }
    }
    if starts_with_any(f, TOTAL) || contains_any(f, &["jami to", "итого к оплате", "к оплате"]) {
        if let Some(total) = last_amount(&line.text) {
            // The first total after the lines is the document's; "Naqd:" and the like follow it.
            d.total.get_or_insert(field(total, conf));
        }
    } else if word_at(f, VAT).is_some() && !starts_with_any(f, &["без"]) {
        if let Some(vat) = last_amount(&strip_percent(&line.text)) {
            d.vat.get_or_insert(field(vat, conf));
        }
    }
}

fn after_colon(text: &str) -> Option<String> {
    text.split_once([':', ';']).map(|(_, rest)| rest.trim().to_string())
}

/// A party's name without a TIN typed on the same line and without stray table rules.
fn clean_party(name: &str) -> String {
    static TIN_TAIL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)[,;]?\s*(stir|стир|инн|inn|tin)\b.*$").expect("regex"));
    let name = TIN_TAIL.replace(name, "");
    name.trim_matches(|c: char| c == '|' || c == ')' && !name.contains('(') || c.is_whitespace()).to_string()
}

static TIN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d])(\d[\d ]{3,14}\d)(?:$|[^\d])").expect("regex"));

fn tin_in(line: &Line) -> Option<Field<String>> {
    let at = word_at(&line.folded, TIN)?;
    // Byte offsets differ between the folded and the original text only by case mapping of
    // non-ASCII letters; search the original from the label's word on.
    let rest: String = line.text.chars().skip(line.folded[..at].chars().count()).collect();
    let caps = TIN_RE.captures(&rest)?;
    let digits: String = caps[1].chars().filter(|c| c.is_ascii_digit()).collect();
    let confidence = if is_tin(&digits) { line.confidence } else { line.confidence.min(30) };
    Some(field(digits, confidence))
}

static DATE_DMY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})\s?[./-]\s?(\d{1,2})\s?[./-]\s?(\d{4}|\d{2})\b").expect("regex"));
static DATE_YMD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b").expect("regex"));
static DATE_WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(\d{1,2})[\s-]+(\p{L}{3,})\s+(\d{4})").expect("regex"));

/// Month names in Uzbek (Latin and Cyrillic), Russian (nominative and genitive) and English.
const MONTHS: [&[&str]; 12] = [
    &["yan", "янв", "jan"],
    &["fev", "фев", "feb"],
    &["mar", "мар"],
    &["apr", "апр"],
    &["may", "мая", "май"],
    &["iyun", "июн", "jun"],
    &["iyul", "июл", "jul"],
    &["avg", "авг", "aug"],
    &["sen", "сен", "sep"],
    &["okt", "окт", "oct"],
    &["noy", "ноя", "nov"],
    &["dek", "дек", "dec"],
];

pub fn date_in(text: &str) -> Option<NaiveDate> {
    if let Some(c) = DATE_YMD.captures(text) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = DATE_DMY.captures(text) {
        let year = if c[3].len() == 2 { format!("20{}", &c[3]) } else { c[3].to_string() };
        return ymd(&year, &c[2], &c[1]);
    }
    let c = DATE_WORDS.captures(text)?;
    let word = c[2].to_lowercase();
    let month = MONTHS.iter().position(|names| names.iter().any(|n| word.starts_with(n)))? + 1;
    ymd(&c[3], &month.to_string(), &c[1])
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(2000..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The token after "№" (or "No"/"N"), with Cyrillic look-alikes written as Latin: a number
/// is typed in Latin letters and digits, Tesseract sometimes reads them as Cyrillic.
fn number_in(text: &str) -> Option<String> {
    static NO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:№|\bN[oº°]?\.?)\s*([^\s,;]+)").expect("regex"));
    let raw = NO.captures(text)?.get(1)?.as_str();
    let number: String = raw
        .chars()
        .map(|c| match c {
            'А' => 'A',
            'В' => 'B',
            'Е' => 'E',
            'К' => 'K',
            'М' => 'M',
            'Н' => 'H',
            'О' => 'O',
            'Р' => 'P',
            'С' => 'C',
            'Т' => 'T',
            'Х' => 'X',
            c => c,
        })
        .collect();
    let number = number.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    (number.chars().any(|c| c.is_ascii_digit()) && number.chars().count() <= 40).then_some(number)
}

fn strip_percent(text: &str) -> String {
    static PERCENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+([.,]\d+)?\s*[%96]+\)").expect("regex"));
    static PERCENT_BARE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+([.,]\d+)?\s*%").expect("regex"));
    PERCENT_BARE.replace_all(&PERCENT.replace_all(text, ")"), "").into_owned()
}

/// The amount at the end of a line: the trailing run of number groups ("6 932 000.00").
fn last_amount(text: &str) -> Option<Money> {
    let tokens = tokens(text);
    let run = trailing_numbers(&tokens);
    if run.is_empty() {
        return None;
    }
    // A run such as "742 714.29" is one amount; take the longest tail that reads as one.
    (0..run.len()).find_map(|start| grouped_money(&run[start..]))
}

fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '|' || c == '[' || c == ']')
        .map(|t| t.trim_matches(|c: char| matches!(c, ':' | ';' | '=' | '_' | '—' | '–' | '"' | '“' | '”')))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_number_token(t: &str) -> bool {
    let t = t.trim_end_matches(['.', ',']);
    !t.is_empty()
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Number tokens at the end of a line, dropping a trailing currency word ("so‘m", "сум").
fn trailing_numbers(tokens: &[String]) -> Vec<String> {
    let mut end = tokens.len();
    while end > 0 && !is_number_token(&tokens[end - 1]) && is_currency_word(&tokens[end - 1]) {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && is_number_token(&tokens[start - 1]) {
        start -= 1;
    }
    tokens[start..end].to_vec()
}

fn is_currency_word(t: &str) -> bool {
    let f = fold(t);
    ["so'm", "som", "cym", "сум", "сўм", "cўm", "uzs", "usd", "$", "y.e.", "rub"]
        .iter()
        .any(|c| f.starts_with(&fold(c)))
}

/// Reads groups such as ["2", "480", "000.00"] or ["2480", "000.00"] (a separator lost) as one
/// amount: after the first group every group has three digits, the decimals only at the end.
fn grouped_money(groups: &[String]) -> Option<Money> {
    let (int, frac) = grouped_digits(groups)?;
    let som: i64 = int.parse().ok()?;
    let tiyin = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        2 => frac.parse::<i64>().ok()?,
        _ => return None,
    };
    Money(som.checked_mul(100)?.checked_add(tiyin)?).check().ok()
}

/// The integer digits and the decimal digits of a grouped number.
fn grouped_digits(groups: &[String]) -> Option<(String, String)> {
    let mut int = String::new();
    let mut frac = String::new();
    for (i, g) in groups.iter().enumerate() {
        let last = i + 1 == groups.len();
        let g = g.trim_end_matches(['.', ',']);
        let (whole, decimals) = split_decimals(g)?;
        if decimals.is_some() && !last {
            return None;
        }
        if i > 0 && whole.len() != 3 {
            return None;
        }
        if i == 0 && (whole.is_empty() || whole.len() > 13) {
            return None;
        }
        int.push_str(whole);
        if let Some(d) = decimals {
            frac = d.to_string();
        }
    }
    (int.len() <= 13).then_some((int, frac))
}

/// "000.00" → ("000", Some("00")); "620,000" → ("620000", None) when the comma groups thousands.
fn split_decimals(g: &str) -> Option<(&str, Option<&str>)> {
    if !g.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return None;
    }
    match g.rfind(['.', ',']) {
        None => Some((g, None)),
        Some(at) => {
            let (whole, rest) = (&g[..at], &g[at + 1..]);
            if rest.len() <= 2 && !whole.contains(['.', ',']) && !whole.is_empty() {
                Some((whole, Some(rest)))
            } else {
                None
            }
        }
    }
}

/// Units as printed; a token is taken for one of them if, with look-alikes folded, it is the
/// same or one letter off (for units of three letters or more).
const UNITS: &[&str] = &[
    "dona",
    "kg",
    "g",
    "gr",
    "l",
    "litr",
    "m",
    "m2",
    "m3",
    "tonna",
    "qop",
    "quti",
    "pachka",
    "juft",
    "metr",
    "to‘plam",
    "blok",
    "rulon",
    "шт",
    "кг",
    "г",
    "л",
    "м",
    "м2",
    "м3",
    "тонна",
    "мешок",
    "коробка",
    "упак",
    "пачка",
    "пара",
    "pcs",
    "pc",
    "ta",
    "dan",
    "kompl",
    "компл",
];

fn unit_of(token: &str) -> Option<(&'static str, bool)> {
    let t = fold(token.trim_end_matches('.'));
    if t.is_empty() || t.chars().count() > 8 || t.chars().any(|c| c.is_ascii_digit()) && !t.starts_with('m') {
        return None;
    }
    if let Some(u) = UNITS.iter().find(|u| fold(u) == t) {
        return Some((u, true));
    }
    UNITS
        .iter()
        .filter(|u| u.chars().count() >= 2 && (t.chars().count() >= 3 || u.chars().count() >= 3))
        .find(|u| strsim::levenshtein(&fold(u), &t) == 1)
        .map(|u| (*u, false))
}

/// A quantity as printed: "40", "1.5", "12,5".
fn quantity_of(token: &str) -> Option<Qty> {
    let t = token.trim_end_matches('.').replace(',', ".");
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') || t.matches('.').count() > 1 {
        return None;
    }
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || whole.len() > 7 || frac.len() > 3 {
        return None;
    }
    let milli = format!("{frac:0<3}");
    let q = whole.parse::<i64>().ok()? * 1000 + milli.parse::<i64>().ok()?;
    Qty(q).check().ok().filter(|q| q.0 > 0)
}

/// A line of goods: "[№] name qty unit price amount" (an invoice's table row), or a receipt's
/// "qty x price amount" under the line that names the goods.
fn item_of(line: &Line, previous: Option<&Line>) -> Option<Item> {
    if has_label(&line.folded) || word_at(&line.folded, VAT).is_some() {
        return None;
    }
    let mut tokens = tokens(&line.text);
    split_glued_unit(&mut tokens);
    let numbers = trailing_numbers(&tokens);
    if numbers.len() < 2 {
        return None;
    }
    let before = &tokens[..tokens.len() - numbers.len()];
    if let Some(item) = receipt_item(before, &numbers, line, previous) {
        return Some(item);
    }
    let unit_at = before.len().checked_sub(1)?;
    let (unit, exact) = unit_of(&before[unit_at])?;
    let qty_at = unit_at.checked_sub(1)?;
    let qty = quantity_of(&before[qty_at])?;
    let name_tokens = strip_row_number(&before[..qty_at]);
    if name_tokens.is_empty() {
        return None;
    }
    let name = name_tokens.join(" ");
    let unit_confidence = if exact { line.confidence } else { line.confidence.min(70) };
    priced(line, name, qty, field(unit.to_string(), unit_confidence), &numbers, &before[qty_at])
}

/// "2 x 4 500.00 9 000.00" with the goods named on the line before.
fn receipt_item(before: &[String], numbers: &[String], line: &Line, previous: Option<&Line>) -> Option<Item> {
    let times = before.iter().position(|t| matches!(t.as_str(), "x" | "X" | "х" | "Х" | "×" | "*"))?;
    let (head, tail) = (&before[..times], &before[times + 1..]);
    if !tail.is_empty() {
        return None;
    }
    let qty_token = head.last()?;
    let qty = quantity_of(qty_token)?;
    let name = if head.len() > 1 {
        strip_row_number(&head[..head.len() - 1]).join(" ")
    } else {
        previous.filter(|p| !has_label(&p.folded))?.text.clone()
    };
    if name.is_empty() {
        return None;
    }
    priced(line, name, qty, field("dona".to_string(), line.confidence.min(60)), numbers, qty_token)
}

/// Splits "150dona" into "150" and "dona".
fn split_glued_unit(tokens: &mut Vec<String>) {
    let mut out = Vec::with_capacity(tokens.len() + 1);
    for t in tokens.drain(..) {
        let digits = t.chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',').count();
        let (num, rest): (String, String) = (t.chars().take(digits).collect(), t.chars().skip(digits).collect());
        if digits > 0 && !rest.is_empty() && unit_of(&rest).is_some() && quantity_of(&num).is_some() {
            out.push(num);
            out.push(rest);
        } else {
            out.push(t);
        }
    }
    *tokens = out;
}

fn strip_row_number(tokens: &[String]) -> Vec<String> {
    let mut tokens: Vec<String> = tokens.iter().filter(|t| t.chars().any(|c| c.is_alphanumeric())).cloned().collect();
    let is_row = |t: &str| {
        let t = t.trim_end_matches(['.', ')']);
        !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
    };
    if tokens.len() > 1 && is_row(&tokens[0]) {
        tokens.remove(0);
    }
    tokens
}

/// Splits the number run after the quantity into the unit price and the amount, the split
/// that makes quantity × price = amount first; if none does, the one a table rule read as a
/// leading "1" spoils ("140" for "40", "1950.00" for "950.00").
fn priced(
    line: &Line,
    name: String,
    qty: Qty,
    unit: Field<String>,
    numbers: &[String],
    qty_token: &str,
) -> Option<Item> {
    let conf = line.confidence;
    let splits: Vec<(Money, Money, bool)> = (1..numbers.len())
        .filter_map(|k| {
            let price = grouped_money(&numbers[..k])?;
            let amount = grouped_money(&numbers[k..])?;
            let at_decimals = numbers[k - 1].contains(['.', ',']);
            Some((price, amount, at_decimals))
        })
        .collect();
    if let Some(&(price, amount, _)) = splits.iter().find(|(p, a, _)| line_agrees(qty, *p, *a)) {
        let sure = conf.max(95);
        return Some(item(name, conf, field(qty, sure), unit, field(price, sure), field(amount, sure)));
    }
    for &(price, amount, _) in &splits {
        if let Some(q) = without_leading_one(qty_token).and_then(|t| quantity_of(&t)) {
            if line_agrees(q, price, amount) {
                return Some(item(name, conf, field(q, 80), unit, field(price, 90), field(amount, 90)));
            }
        }
        let price_digits = (price.0 / 100).to_string();
        if price.0 % 100 == 0 {
            if let Some(p) = without_leading_one(&price_digits).and_then(|d| d.parse::<i64>().ok()) {
                let p = Money(p * 100);
                if line_agrees(qty, p, amount) {
                    return Some(item(name, conf, field(qty, 90), unit, field(p, 80), field(amount, 90)));
                }
            }
        }
    }
    let &(price, amount, _) = splits.iter().find(|s| s.2).or(splits.first())?;
    let unsure = conf.min(50);
    Some(item(name, conf, field(qty, unsure), unit, field(price, unsure), field(amount, unsure)))
}

fn without_leading_one(token: &str) -> Option<String> {
    let rest = token.strip_prefix('1')?;
    (!rest.is_empty() && !rest.starts_with(['.', ','])).then(|| rest.to_string())
}

fn item(
    name: String,
    conf: u8,
    qty: Field<Qty>,
    unit: Field<String>,
    price: Field<Money>,
    amount: Field<Money>,
) -> Item {
    let name: String = name.chars().take(200).collect();
    Item { name: field(name, conf), quantity: qty, unit, unit_price: price, amount }
}

/// A total the lines add up to is sure; one they do not is not.
fn confirm_total(d: &mut Draft) {
    let lines_total = d.lines_total();
    match &mut d.total {
        Some(total) if !d.items.is_empty() && total.value == lines_total => total.confidence = total.confidence.max(95),
        Some(total) if !d.items.is_empty() => total.confidence = total.confidence.min(50),
        None if !d.items.is_empty() => d.total = Some(field(lines_total, 40)),
        _ => {}
    }
}

fn kind_of(lines: &[Line]) -> DocKind {
    let receipt = lines.iter().any(|l| {
        let f = &l.folded;
        starts_with_any(
            f,
            &["chek", "чек", "кассовый чек", "fiskal", "фискал", "fm:", "fm ", "fb:", "фм", "jami to'lov"],
        ) || f.contains("ofd.soliq")
    });
    if receipt {
        DocKind::Receipt
    } else {
        DocKind::Invoice
    }
}

fn currency_of(lines: &[Line]) -> String {
    let text: String = lines.iter().map(|l| l.folded.as_str()).collect::<Vec<_>>().join(" ");
    if text.contains("usd") || text.contains('$') || text.contains(&fold("доллар")) {
        "USD".to_string()
    } else {
        "UZS".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<TextLine> {
        text.lines().map(TextLine::sure).collect()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }

    #[test]
    fn a_clean_invoice() {
        let d = draft(
            &lines(
                "HISOB-FAKTURA № 00127\nSana: 12.03.2025 y.\nSotuvchi: \"BARAKA SAVDO\" MChJ\nSTIR: 302456781\n\
                 Manzil: Toshkent sh., Chilonzor t., 9-kvartal, 14-uy\nXaridor: YaTT Toʻxtayev Gʻayrat\nSTIR: 471203958\n\
                 Ne Mahsulot nomi Miqdori Narxi Summa\n1 Shakar (qand) 50 Кд дор 4 dona 620 000.00 2480 000.00\n\
                 2 Kungaboqar yogʻi 5 | 12 аопа 98 500.00 1182 000.00\n3 Guruch lazer 25 kg 16 800.00 420 000.00\n\
                 4 Мука в/с 1 сорт 10 дор 285 000.00 2 850 000.00\nJami: 6 932 000.00 soʻm\n\
                 shu jumladan QQS (12%): 742 714.29",
            ),
            today(),
        );
        assert_eq!(d.invoice_number.unwrap().value, "00127");
        assert_eq!(d.date.unwrap().value, NaiveDate::from_ymd_opt(2025, 3, 12).unwrap());
        assert_eq!(d.seller.unwrap().value, "\"BARAKA SAVDO\" MChJ");
        assert_eq!(d.seller_tin.unwrap().value, "302456781");
        assert_eq!(d.buyer.unwrap().value, "YaTT To‘xtayev G‘ayrat");
        assert_eq!(d.buyer_tin.unwrap().value, "471203958");
        assert_eq!(d.items.len(), 4);
        assert_eq!(d.items[0].quantity.value, Qty::units(4));
        assert_eq!(d.items[0].amount.value, Money::from_som(2_480_000));
        assert_eq!(d.items[1].unit.value, "dona");
        assert_eq!(d.items[3].unit.value, "qop");
        assert_eq!(d.total.as_ref().unwrap().value, Money::from_som(6_932_000));
        assert_eq!(d.vat.unwrap().value, Money(74_271_429));
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        assert_eq!(d.kind, Some(DocKind::Invoice));
    }

    #[test]
    fn a_rule_read_as_one_is_repaired_by_the_cross_check() {
        let d = draft(&lines("1 Sement М-400 (50 kg) 140 qop 56 000.00 2 240 000.00\n3 |G‘isht pishgan 2000 dona 1950.00 1 900 000.00\nJami: 4 140 000.00"), today());
        assert_eq!(d.items[0].quantity.value, Qty::units(40));
        assert_eq!(d.items[1].unit_price.value, Money::from_som(950));
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn a_receipt() {
        let d = draft(
            &lines(
                "\"MEHR\" MChJ\nSTIR: 305119872\nCHEK № 1234\n12.05.2025 14:32\nNon patir\n2 x 4 500.00 9 000.00\n\
                 Coca-Cola 1.5 l\n1 x 14 000.00 14 000.00\nQQS 12%: 2 464.29\nJAMI TO‘LOV: 23 000.00\nNaqd: 23 000.00",
            ),
            today(),
        );
        assert_eq!(d.kind, Some(DocKind::Receipt));
        assert_eq!(d.seller.unwrap().value, "\"MEHR\" MChJ");
        assert_eq!(d.items.len(), 2);
        assert_eq!(d.items[1].name.value, "Coca-Cola 1.5 l");
        assert_eq!(d.total.unwrap().value, Money::from_som(23_000));
        assert_eq!(d.vat.unwrap().value, Money(246_429));
        assert_eq!(d.invoice_number.unwrap().value, "1234");
    }

    #[test]
    fn cross_checks_warn() {
        let d = draft(&lines("Sana: 01.02.2027\nSTIR: 12345\nNon 2 dona 4 500.00 9 500.00\nJami: 10 000.00"), today());
        assert!(d.warnings.contains(&Warning::LineMismatch { line: 1 }));
        assert!(d.warnings.contains(&Warning::BadTin { party: "seller".into() }));
        assert!(d.warnings.contains(&Warning::FutureDate));
        assert!(d.warnings.iter().any(|w| matches!(w, Warning::TotalMismatch { .. })));
    }

    #[test]
    fn russian_invoice() {
        let d = draft(
            &lines(
                "СЧЁТ-ФАКТУРА № 58\nДата: 3 марта 2025 г.\nПоставщик: ООО \"Восток Трейд\"\nИНН: 301234567\n\
                 Покупатель: ЧП Алиев\nИНН: 401234568\n№ Наименование Кол-во Ед. Цена Сумма\n1 Сахар 10 кг 12 000,00 120 000,00\n\
                 Итого: 120 000,00 сум\nв т.ч. НДС (12%): 12 857,14",
            ),
            today(),
        );
        assert_eq!(d.invoice_number.unwrap().value, "58");
        assert_eq!(d.date.unwrap().value, NaiveDate::from_ymd_opt(2025, 3, 3).unwrap());
        assert_eq!(d.seller_tin.unwrap().value, "301234567");
        assert_eq!(d.buyer_tin.unwrap().value, "401234568");
        assert_eq!(d.buyer.unwrap().value, "ЧП Алиев");
        assert_eq!(d.items[0].unit.value, "кг");
        assert_eq!(d.total.unwrap().value, Money::from_som(120_000));
        assert_eq!(d.vat.unwrap().value, Money(1_285_714));
    }

    #[test]
    fn nothing_readable_is_an_empty_draft_with_warnings() {
        let d = draft(&lines("a ad ae ec\n[65 _рн®"), today());
        assert!(d.items.is_empty());
        assert!(d.warnings.contains(&Warning::NoLines));
    }
}
