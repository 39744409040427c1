//! Commands as typed and button payloads as Telegram hands them back. A payload that decodes
//! encodes again within Telegram's 64 bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use savdo::bot::commands;
use savdo::telegram::Cb;

fuzz_target!(|text: &str| {
    let _ = commands::parse(text, "savdo_bot");
    if let Some(cb) = Cb::decode(text) {
        assert!(cb.encode().len() <= 64, "{text:?}");
    }
});
