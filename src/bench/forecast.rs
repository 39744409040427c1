//! `savdo bench forecast`: automatic method choice and a 28-day forecast for many products'
//! daily sales at once, on all cores, as the nightly reorder job does it; and the accuracy of
//! the choice on a 28-day holdout, against seasonal naive. The series are synthetic and
//! reproducible (a seed): weekly rhythm, a slow trend, a yearly swell, Poisson-like noise, and
//! one product in ten sold only now and then. `--sample-out` writes the first series as CSV
//! for `bench/forecast_statsmodels.py`, which times statsmodels on the same data.

use std::time::Instant;

use serde::Serialize;

use crate::domain::forecast::{self, models, Accuracy, Options};

pub const HORIZON: usize = 28;
pub const PERIOD: usize = 7;

#[derive(Debug, Serialize)]
pub struct Report {
    pub series: usize,
    pub points: usize,
    pub threads: usize,
    /// Automatic choice plus the 28-day forecast, every series.
    pub seconds: f64,
    pub per_series_us: f64,
    /// Mean MAPE (percent) over the 28-day holdout of the sampled series: ours, seasonal naive.
    pub sample: usize,
    pub mape_savdo: f64,
    pub mape_seasonal_naive: f64,
    /// How often each method was chosen.
    pub methods: Vec<(String, usize)>,
}

/// A deterministic generator (PCG-style), so both sides of the comparison read the same data.
struct Noise(u64);

impl Noise {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform().max(1e-12), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// `count` daily series of `points` days each.
pub fn series(count: usize, points: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut noise = Noise(seed ^ 0x5eed_f00d);
    (0..count)
        .map(|i| {
            let sporadic = i % 10 == 9;
            let level = if sporadic { 0.4 } else { 5.0 + 195.0 * noise.uniform().powi(2) };
            let growth = (noise.uniform() - 0.4) * 0.8 / 365.0; // −32 % … +48 % a year
            let weekly: Vec<f64> = (0..PERIOD)
                .map(|d| if d >= 5 { 1.3 + 0.3 * noise.uniform() } else { 0.85 + 0.2 * noise.uniform() })
                .collect();
            let swell = 0.15 * noise.uniform();
            let phase = noise.uniform() * std::f64::consts::TAU;
            (0..points)
                .map(|t| {
                    let tf = t as f64;
                    let yearly = 1.0 + swell * (std::f64::consts::TAU * tf / 365.25 + phase).sin();
                    let mean = level * (1.0 + growth * tf).max(0.05) * weekly[t % PERIOD] * yearly;
                    let value = if sporadic {
                        if noise.uniform() < 0.25 {
                            (mean * 4.0 * (1.0 + noise.uniform())).round()
                        } else {
                            0.0
                        }
                    } else {
                        (mean + mean.sqrt() * noise.normal()).round()
                    };
                    value.max(0.0)
                })
                .collect()
        })
        .collect()
}

/// Runs the benchmark; `sample` series (the first ones) also get the holdout accuracy.
pub fn run(count: usize, points: usize, sample: usize, seed: u64) -> Report {
    let data = series(count, points, seed);
    let views: Vec<&[f64]> = data.iter().map(Vec::as_slice).collect();
    let opts = Options::new(PERIOD, HORIZON);
    let started = Instant::now();
    let forecasts = forecast::in_parallel(&views, |_, y| forecast::forecast(y, &opts));
    let seconds = started.elapsed().as_secs_f64();
    let mut methods: Vec<(String, usize)> = Vec::new();
    for f in &forecasts {
        match methods.iter_mut().find(|(m, _)| *m == f.method.code()) {
            Some((_, n)) => *n += 1,
            None => methods.push((f.method.code(), 1)),
        }
    }
    methods.sort_by(|a, b| b.1.cmp(&a.1));
    let sample = sample.min(count);
    let held: Vec<(f64, f64)> = forecast::in_parallel(&views[..sample], |_, y| {
        let ours = forecast::with_holdout(y, &opts, HORIZON).holdout.map_or(0.0, |a| a.mape);
        let (train, test) = y.split_at(y.len() - HORIZON);
        let naive = Accuracy::of(test, &models::seasonal_naive(train, PERIOD, HORIZON)).mape;
        (ours, naive)
    });
    let mean = |f: &dyn Fn(&(f64, f64)) -> f64| held.iter().map(f).sum::<f64>() / held.len().max(1) as f64;
    Report {
        series: count,
        points,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        seconds,
        per_series_us: seconds * 1e6 / count.max(1) as f64,
        sample,
        mape_savdo: mean(&|h| h.0),
        mape_seasonal_naive: mean(&|h| h.1),
        methods,
    }
}

/// The first `n` series as CSV, one series per row (for the statsmodels side).
pub fn sample_csv(count: usize, points: usize, seed: u64) -> String {
    series(count, points, seed)
        .iter()
        .map(|y| y.iter().map(|v| format!("{v}")).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("\n")
}
