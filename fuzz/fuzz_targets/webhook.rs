//! Webhook bodies as anyone on the internet could post them (after the secret): read as an
//! update and its chat, or refused, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use savdo::telegram::inbox::Arrival;

fuzz_target!(|body: &[u8]| {
    if let Some(arrival) = Arrival::read(body) {
        let _ = (arrival.update_id, arrival.chat_id);
    }
});
