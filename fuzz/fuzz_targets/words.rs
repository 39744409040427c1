//! Plain-word sales questions ("bugun savdo qancha?") and the periods in them.
#![no_main]
use libfuzzer_sys::fuzz_target;
use savdo::bot::phrases;

fuzz_target!(|text: &str| {
    let _ = phrases::sales_question(text);
    let _ = phrases::period_in(text);
});
