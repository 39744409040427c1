//! Demand forecasting: one series in, a forecast with its prediction interval out, by a chosen
//! method or the one that did best on a held-out window. The arithmetic is here, not in a crate:
//! `augurs` (the maintained Rust option) has no seasonal ETS, and Holt-Winters is a short
//! recursion that this module checks against statsmodels to 1e-9 (`tests/forecast.rs`).
//! Reorder points built on it live in [`reorder`].

pub mod fit;
pub mod models;
pub mod outlook;
pub mod reorder;

use serde::Serialize;

pub use self::fit::Fitted;
pub use self::models::{Method, Params, Season};

/// What to forecast and how.
#[derive(Clone, Debug)]
pub struct Options {
    /// `None` chooses per series.
    pub method: Option<Method>,
    /// Season length (7 for daily data with a weekly rhythm; 1 for none).
    pub period: usize,
    pub horizon: usize,
    /// Coverage of the prediction interval (0.95 by default).
    pub level: f64,
}

impl Options {
    pub fn new(period: usize, horizon: usize) -> Self {
        Options { method: None, period: period.max(1), horizon, level: 0.95 }
    }
}

/// A forecast: the method used, its parameters, the point forecasts and the interval.
#[derive(Clone, Debug, Serialize)]
pub struct Forecast {
    pub method: Method,
    pub params: Fitting,
    pub forecast: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holdout: Option<Accuracy>,
}

/// The fitted parameters: smoothing ones for the smoothing family, a window for the moving
/// average, a smoothing constant for Croston, nothing for seasonal naive.
#[derive(Clone, Debug, Serialize)]
pub struct Fitting {
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub smoothing: Option<Params>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub croston_alpha: Option<f64>,
}

/// Errors of a forecast against what happened: MAPE in percent (over non-zero actuals), RMSE
/// and MAE.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Accuracy {
    pub mape: f64,
    pub rmse: f64,
    pub mae: f64,
}

impl Accuracy {
    pub fn of(actual: &[f64], forecast: &[f64]) -> Accuracy {
        let n = actual.len().min(forecast.len()).max(1) as f64;
        let pairs = || actual.iter().zip(forecast);
        let nonzero: Vec<f64> = pairs().filter(|(a, _)| **a != 0.0).map(|(a, f)| ((a - f) / a).abs()).collect();
        let mape = if nonzero.is_empty() { 0.0 } else { 100.0 * nonzero.iter().sum::<f64>() / nonzero.len() as f64 };
        Accuracy {
            mape,
            rmse: (pairs().map(|(a, f)| (a - f) * (a - f)).sum::<f64>() / n).sqrt(),
            mae: pairs().map(|(a, f)| (a - f).abs()).sum::<f64>() / n,
        }
    }
}

/// The longest window the automatic choice holds out (four weeks of days).
const VALIDATION_MAX: usize = 28;
/// Average interval between demands above which a series counts as intermittent.
const INTERMITTENT_INTERVAL: f64 = 1.32;
const CROSTON_ALPHA: f64 = 0.1;

/// Forecasts `y` (oldest first).
pub fn forecast(y: &[f64], opts: &Options) -> Forecast {
    let model = match opts.method {
        Some(method) => Model::fit(admissible(method, y, opts.period), y, opts.period),
        None => choose(y, opts.period),
    };
    let result = model.forecast(y, opts);
    // A multiplicative season or a trend can run away on wild data (a level near zero divides);
    // simple smoothing cannot, its forecast being an average of what was seen.
    if result.forecast.iter().chain(&result.lower).chain(&result.upper).all(|v| v.is_finite()) {
        return result;
    }
    Model::fit(Method::Ses, y, opts.period).forecast(y, opts)
}

/// Fits on all but the last `k` values, forecasts those `k` with the same method choice, and
/// says how far off it was; the forecast returned is the one on all the data, with that
/// accuracy attached.
pub fn with_holdout(y: &[f64], opts: &Options, k: usize) -> Forecast {
    let k = k.min(y.len().saturating_sub(2));
    if k == 0 {
        return forecast(y, opts);
    }
    let train = &y[..y.len() - k];
    let back = forecast(train, &Options { horizon: k, ..opts.clone() });
    let mut full = forecast(y, &Options { method: Some(back.method), ..opts.clone() });
    full.holdout = Some(Accuracy::of(&y[y.len() - k..], &back.forecast));
    full
}

/// The model for a series: Croston for intermittent demand, otherwise the candidate with the
/// smallest error on the last weeks (seasonal naive among them, as the floor). The winner keeps
/// the parameters fitted before those weeks, its states carried on through them.
fn choose(y: &[f64], period: usize) -> Model {
    if y.len() < 3 {
        return Model::fit(Method::Ses, y, period);
    }
    if intermittent(y) {
        return Model::fit(Method::Croston, y, period);
    }
    let v = VALIDATION_MAX.min(y.len() / 4).max(1);
    let (train, test) = y.split_at(y.len() - v);
    let floor = if admissible(Method::SeasonalNaive, train, period) == Method::SeasonalNaive {
        absolute_error(test, &models::seasonal_naive(train, period, v))
    } else {
        f64::INFINITY
    };
    let mut best: (Option<Fitted>, f64) = (None, floor);
    for method in [Method::Ses, Method::Holt, Method::HoltDamped, Method::HwAdd, Method::HwMul] {
        // A season or trend the data cannot carry (too short, or not positive) is skipped.
        if admissible(method, train, period) != method {
            continue;
        }
        let fitted = fit::fit(method, train, period);
        let error = absolute_error(test, &models::project(method, &fitted.params, &fitted.state, v));
        if error < best.1 {
            best = (Some(fitted), error);
        }
    }
    match best.0 {
        Some(fitted) => Model::Smoothing(fitted.carried_through(y)),
        None if floor.is_finite() => Model::fit(Method::SeasonalNaive, y, period),
        None => Model::fit(Method::Ses, y, period),
    }
}

/// The summed absolute error (the validation windows compared are the same length).
fn absolute_error(actual: &[f64], forecast: &[f64]) -> f64 {
    actual.iter().zip(forecast).map(|(a, f)| (a - f).abs()).sum::<f64>()
}

/// Whether demand is intermittent: on average more than 1.32 periods between non-zero values
/// (Syntetos and Boylan's cut-off).
pub fn intermittent(y: &[f64]) -> bool {
    let nonzero = y.iter().filter(|&&v| v != 0.0).count();
    nonzero == 0 || y.len() as f64 / nonzero as f64 > INTERMITTENT_INTERVAL
}

/// The method itself if the series can carry it, or the nearest simpler one: a season needs
/// two full seasons (and positive values, if multiplicative), a trend needs four points.
pub fn admissible(method: Method, y: &[f64], period: usize) -> Method {
    let seasonal = method.season() != Season::None || method == Method::SeasonalNaive;
    if seasonal && (period < 2 || y.len() < 2 * period) {
        return if y.len() >= 4 { Method::Holt } else { Method::Ses };
    }
    if method.season() == Season::Multiplicative && y.iter().any(|&v| v <= 0.0) {
        return if method.damped() { Method::HwAddDamped } else { Method::HwAdd };
    }
    if method.has_trend() && y.len() < 4 {
        return Method::Ses;
    }
    method
}

/// A fitted model of any method.
enum Model {
    Smoothing(Fitted),
    MovingAverage { window: usize, mean: f64, sigma2: f64 },
    Croston { rate: f64, sigma2: f64 },
    SeasonalNaive { last: Vec<f64>, sigma2: f64 },
}

impl Model {
    fn fit(method: Method, y: &[f64], period: usize) -> Model {
        let dof = |n: usize| n.max(2) as f64 - 1.0;
        match method {
            Method::MovingAverage => {
                let windows = [3, period, 2 * period, 4 * period];
                let (window, mean, sse) = windows
                    .into_iter()
                    .filter(|&k| k >= 1 && k < y.len())
                    .map(|k| {
                        let (mean, sse) = models::moving_average(y, k);
                        (k, mean, sse / (y.len() - k) as f64)
                    })
                    .min_by(|a, b| a.2.total_cmp(&b.2))
                    .unwrap_or_else(|| {
                        let (mean, _) = models::moving_average(y, y.len().max(1));
                        (y.len().max(1), mean, 0.0)
                    });
                let sigma2 = sse.max(0.0);
                Model::MovingAverage { window, mean, sigma2 }
            }
            Method::Croston => {
                let (rate, sse) = models::croston(y, CROSTON_ALPHA);
                Model::Croston { rate, sigma2: sse / dof(y.len()) }
            }
            Method::SeasonalNaive => {
                let m = period.min(y.len()).max(1);
                let sse: f64 = y.windows(m + 1).map(|w| (w[m] - w[0]) * (w[m] - w[0])).sum();
                Model::SeasonalNaive { last: y[y.len() - m..].to_vec(), sigma2: sse / dof(y.len() - m) }
            }
            _ => Model::Smoothing(fit::fit(method, y, period)),
        }
    }

    fn points(&self, h: usize) -> Vec<f64> {
        match self {
            Model::Smoothing(f) => models::project(f.method, &f.params, &f.state, h),
            Model::MovingAverage { mean, .. } => vec![*mean; h],
            Model::Croston { rate, .. } => vec![*rate; h],
            Model::SeasonalNaive { last, .. } => (0..h).map(|k| last[k % last.len()]).collect(),
        }
    }

    /// Each horizon's error variance.
    fn variances(&self, h: usize) -> Vec<f64> {
        match self {
            Model::Smoothing(f) => {
                let m = f.params.initial_seasons.len();
                models::variance_factors(f.method, &f.params, m, h).into_iter().map(|v| v * f.sigma2()).collect()
            }
            Model::MovingAverage { window, sigma2, .. } => vec![sigma2 * (1.0 + 1.0 / *window as f64); h],
            Model::Croston { sigma2, .. } => {
                (0..h).map(|j| sigma2 * (1.0 + CROSTON_ALPHA * CROSTON_ALPHA * j as f64)).collect()
            }
            Model::SeasonalNaive { last, sigma2 } => (0..h).map(|j| sigma2 * (1 + j / last.len()) as f64).collect(),
        }
    }

    fn forecast(&self, y: &[f64], opts: &Options) -> Forecast {
        let h = opts.horizon;
        let mut points = self.points(h);
        let z = normal_quantile(0.5 + opts.level / 2.0);
        let spread: Vec<f64> = self.variances(h).into_iter().map(|v| z * v.max(0.0).sqrt()).collect();
        // A series that never went below zero (demand) is not forecast below zero.
        let floor = if y.iter().all(|&v| v >= 0.0) { 0.0 } else { f64::NEG_INFINITY };
        for p in &mut points {
            *p = p.max(floor);
        }
        let lower = points.iter().zip(&spread).map(|(p, s)| (p - s).max(floor)).collect();
        let upper = points.iter().zip(&spread).map(|(p, s)| p + s).collect();
        let (method, params) = match self {
            Model::Smoothing(f) => {
                (f.method, Fitting { smoothing: Some(f.params.clone()), window: None, croston_alpha: None })
            }
            Model::MovingAverage { window, .. } => {
                (Method::MovingAverage, Fitting { smoothing: None, window: Some(*window), croston_alpha: None })
            }
            Model::Croston { .. } => {
                (Method::Croston, Fitting { smoothing: None, window: None, croston_alpha: Some(CROSTON_ALPHA) })
            }
            Model::SeasonalNaive { .. } => {
                (Method::SeasonalNaive, Fitting { smoothing: None, window: None, croston_alpha: None })
            }
        };
        Forecast { method, params, forecast: points, lower, upper, holdout: None }
    }
}

/// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383577518672690e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] =
        [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// Runs `f` on every series, on all cores (a blocking call: from async code, inside
/// `spawn_blocking`). Threads take series a few at a time, so cheap and dear ones even out.
pub fn in_parallel<T: Send>(series: &[&[f64]], f: impl Fn(usize, &[f64]) -> T + Sync) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    const BATCH: usize = 16;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(series.len().div_ceil(BATCH)).max(1);
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let start = next.fetch_add(BATCH, Ordering::Relaxed);
                        if start >= series.len() {
                            return out;
                        }
                        for i in start..(start + BATCH).min(series.len()) {
                            out.push((i, f(i, series[i])));
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, v)| v).collect()
}

/// The largest series the command line reads (a century of days).
pub const MAX_POINTS: usize = 36_500;

/// Why a series file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeriesError {
    #[error("no column named {0:?}")]
    NoColumn(String),
    #[error("row {row}: {value:?} is not a number")]
    NotANumber { row: usize, value: String },
    #[error("the file is not CSV: {0}")]
    NotCsv(String),
    #[error("more than {MAX_POINTS} values")]
    TooLong,
    #[error("no values")]
    Empty,
}

/// Reads one series from CSV text: one value per row, in the column named `column` or the last
/// one; a first row that is not a number is the header. Decimal commas are accepted.
pub fn read_series(text: &[u8], column: Option<&str>) -> std::result::Result<Vec<f64>, SeriesError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text);
    let mut values = Vec::new();
    let mut index: Option<usize> = None;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| SeriesError::NotCsv(e.to_string()))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let at = match (index, column) {
            (Some(at), _) => at,
            (None, Some(name)) => {
                let at = record.iter().position(|h| h == name).ok_or_else(|| SeriesError::NoColumn(name.to_owned()))?;
                index = Some(at);
                continue;
            }
            (None, None) => *index.insert(record.len().saturating_sub(1)),
        };
        let cell = record.get(at).unwrap_or("");
        match cell.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() => values.push(v),
            _ if i == 0 && column.is_none() => {}
            _ => return Err(SeriesError::NotANumber { row: i + 1, value: cell.chars().take(40).collect() }),
        }
        if values.len() > MAX_POINTS {
            return Err(SeriesError::TooLong);
        }
    }
    if values.is_empty() {
        return Err(SeriesError::Empty);
    }
    Ok(values)
}
