//! Series files for `savdo forecast --csv`, and whatever numbers they hold through the
//! automatic forecast: no panic, and every figure finite.
#![no_main]
use libfuzzer_sys::fuzz_target;
use savdo::domain::forecast::{self, Options};

fuzz_target!(|data: &[u8]| {
    let Ok(series) = forecast::read_series(data, None) else { return };
    let series: Vec<f64> = series.into_iter().take(400).map(|v| v.clamp(-1e9, 1e9)).collect();
    let f = forecast::forecast(&series, &Options::new(7, 14));
    assert!(f.forecast.iter().chain(&f.lower).chain(&f.upper).all(|v| v.is_finite()), "{series:?}");
});
