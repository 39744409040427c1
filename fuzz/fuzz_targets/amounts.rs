//! Amounts and quantities as people type them: never a panic, never a value past the bounds.
#![no_main]
use libfuzzer_sys::fuzz_target;
use savdo::domain::money::{Money, Qty};

fuzz_target!(|text: &str| {
    if let Ok(m) = Money::read(text) {
        assert!(m.0 >= 0 && m <= Money::MAX, "{text:?} read as {m:?}");
    }
    if let Ok(q) = Qty::read(text) {
        assert!(q.0 > 0 && q <= Qty::MAX, "{text:?} read as {q:?}");
    }
    let _ = Money::parse(text);
    let _ = Qty::parse(text);
});
