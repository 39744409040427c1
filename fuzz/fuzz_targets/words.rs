//! Plain questions ("bugun savdo qancha?"), the periods and product words in them, and the
//! tool calls a language model writes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use savdo::domain::assistant::{self, tools};

fuzz_target!(|text: &str| {
    let _ = assistant::understand(text);
    let _ = assistant::period_in(text);
    let _ = assistant::unknown_words(text);
    let (name, arguments) = text.split_once('|').unwrap_or(("sales_summary", text));
    let _ = tools::Tool::from_call(name, arguments);
    let _ = tools::read_period(Some(text), savdo::domain::calendar::Period::Today);
});
