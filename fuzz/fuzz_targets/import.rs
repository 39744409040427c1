//! Sales files: the first byte picks CSV or XLSX, the rest is the file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use savdo::domain::import;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else { return };
    let name = if kind % 2 == 0 { "sales.csv" } else { "sales.xlsx" };
    let _ = import::read_table(name, bytes);
});
