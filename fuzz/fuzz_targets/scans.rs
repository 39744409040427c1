//! What Tesseract hands the invoice reader: its TSV, the lines of text (any bytes, any
//! confidence) turned into a draft, and a QR code's text read as a fiscal link. No panic; what
//! a draft holds is within the books' bounds.
#![no_main]
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use savdo::domain::money::{Money, Qty};
use savdo::domain::scans::{engine, extract, qr};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = engine::lines_of_tsv(&text);
    let mut typed: Vec<extract::TextLine> =
        text.lines().enumerate().map(|(i, l)| extract::TextLine { text: l.to_string(), confidence: (i * 37 % 101) as u8 }).collect();
    typed.extend(lines);
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let draft = extract::draft(&typed, today);
    assert!(draft.items.len() <= extract::MAX_ITEMS);
    for item in &draft.items {
        assert!((0..=Money::MAX.0).contains(&item.unit_price.value.0));
        assert!((0..=Money::MAX.0).contains(&item.amount.value.0));
        assert!((1..=Qty::MAX.0).contains(&item.quantity.value.0));
    }
    let _ = draft.lines_total();
    let _ = qr::fiscal_link(&text);
});
