//! The exponential-smoothing recursions (Hyndman & Athanasopoulos, "Forecasting: Principles
//! and Practice", ch. 8, in the error-correction form statsmodels' `ExponentialSmoothing` uses),
//! and the simple methods beside them. Pure arithmetic on `f64`: no allocation per step, so a
//! fit can run the recursion hundreds of times.

use serde::Serialize;

/// A forecasting method. The names (`ses`, `hw-add`, …) are the command line's and the JSON's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Mean of the last k values.
    #[value(name = "ma")]
    #[serde(rename = "ma")]
    MovingAverage,
    /// Simple exponential smoothing (level only).
    Ses,
    /// Holt's linear trend.
    Holt,
    /// Holt's trend, damped.
    HoltDamped,
    /// Holt-Winters, additive trend and additive season.
    HwAdd,
    /// Holt-Winters, additive trend and multiplicative season.
    HwMul,
    /// Holt-Winters, damped trend and additive season.
    HwAddDamped,
    /// Holt-Winters, damped trend and multiplicative season.
    HwMulDamped,
    /// Croston's method with the Syntetos-Boylan correction, for intermittent demand.
    Croston,
    /// The value one season back (the floor every other method must beat).
    SeasonalNaive,
}

impl Method {
    pub const ALL: [Method; 10] = [
        Method::MovingAverage,
        Method::Ses,
        Method::Holt,
        Method::HoltDamped,
        Method::HwAdd,
        Method::HwMul,
        Method::HwAddDamped,
        Method::HwMulDamped,
        Method::Croston,
        Method::SeasonalNaive,
    ];

    /// The Fluent key of its name for people.
    pub fn label_key(self) -> String {
        format!("method-{}", self.code())
    }

    /// Its code, as the command line and the JSON spell it.
    pub fn code(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }

    pub fn from_code(code: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn has_trend(self) -> bool {
        matches!(
            self,
            Method::Holt
                | Method::HoltDamped
                | Method::HwAdd
                | Method::HwMul
                | Method::HwAddDamped
                | Method::HwMulDamped
        )
    }

    pub fn damped(self) -> bool {
        matches!(self, Method::HoltDamped | Method::HwAddDamped | Method::HwMulDamped)
    }

    pub fn season(self) -> Season {
        match self {
            Method::HwAdd | Method::HwAddDamped => Season::Additive,
            Method::HwMul | Method::HwMulDamped => Season::Multiplicative,
            _ => Season::None,
        }
    }

    /// Whether it is one of the exponential-smoothing family (fitted by [`super::fit`]).
    pub fn is_smoothing(self) -> bool {
        matches!(self, Method::Ses) || self.has_trend()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Season {
    None,
    Additive,
    Multiplicative,
}

/// Smoothing parameters and initial states of an exponential-smoothing model. `seasons` holds
/// s(1-m) … s(0), the factors (or offsets) of the m periods before the first observation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Params {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
    pub initial_level: f64,
    pub initial_trend: f64,
    pub initial_seasons: Vec<f64>,
}

/// Where the recursion ends: the states the forecast starts from.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub level: f64,
    pub trend: f64,
    /// The last m seasonal values, oldest first: `seasons[i]` applies to the period `n + 1 + i`
    /// (and every m after it).
    pub seasons: Vec<f64>,
}

/// Runs the recursion over `y`, returning the sum of squared one-step errors and the final
/// state. `fitted`, when given, receives each one-step prediction. `ring` is scratch space of
/// at least m values (kept by the caller so a fit does not allocate per evaluation).
pub fn smooth(
    method: Method,
    p: &Params,
    y: &[f64],
    ring: &mut Vec<f64>,
    fitted: Option<&mut Vec<f64>>,
) -> (f64, State) {
    match method.season() {
        Season::None => run::<NONE>(method, p, y, ring, fitted),
        Season::Additive => run::<ADDITIVE>(method, p, y, ring, fitted),
        Season::Multiplicative => run::<MULTIPLICATIVE>(method, p, y, ring, fitted),
    }
}

const NONE: u8 = 0;
const ADDITIVE: u8 = 1;
const MULTIPLICATIVE: u8 = 2;

/// The recursion for one kind of season, in the form with the shortest dependency chain per
/// step (it is latency-bound): with b(t) = l(t-1) + φ T(t-1) the deseasonalised prediction and
/// d = x − b the deseasonalised error (x = y − s or y / s),
///   l = b + α d,   T = φ T + αβ d,   next b = l + φ T,
/// which is algebraically the textbook l = α x + (1 − α) b, T = β (l − l') + (1 − β) φ T.
/// The season: s = γ (y − b) + (1 − γ) s, or γ (y / b) + (1 − γ) s.
#[inline(always)]
fn run<const S: u8>(
    method: Method,
    p: &Params,
    y: &[f64],
    ring: &mut Vec<f64>,
    mut fitted: Option<&mut Vec<f64>>,
) -> (f64, State) {
    let m = p.initial_seasons.len();
    ring.clear();
    ring.extend_from_slice(&p.initial_seasons);
    let phi = if method.damped() { p.phi } else { 1.0 };
    let alpha = p.alpha;
    let alpha_beta = if method.has_trend() { p.alpha * p.beta } else { 0.0 };
    let gamma = p.gamma;
    let mut level = p.initial_level;
    let mut trend = if method.has_trend() { p.initial_trend } else { 0.0 };
    let mut base = level + phi * trend;
    let mut sse = 0.0;
    let mut at = 0usize; // index in the ring of s(t - m)
    for &obs in y {
        let (predicted, x) = match S {
            ADDITIVE => (base + ring[at], obs - ring[at]),
            MULTIPLICATIVE => (base * ring[at], obs / ring[at]),
            _ => (base, obs),
        };
        let err = obs - predicted;
        sse += err * err;
        if let Some(f) = fitted.as_deref_mut() {
            f.push(predicted);
        }
        let d = x - base;
        match S {
            ADDITIVE => ring[at] = gamma * (obs - base) + (1.0 - gamma) * ring[at],
            MULTIPLICATIVE => ring[at] = gamma * (obs / base) + (1.0 - gamma) * ring[at],
            _ => {}
        }
        level = base + alpha * d;
        trend = phi * trend + alpha_beta * d;
        base = level + phi * trend;
        if S != NONE {
            at = if at + 1 == m { 0 } else { at + 1 };
        }
    }
    let seasons = if m > 0 { ring[at..].iter().chain(&ring[..at]).copied().collect() } else { Vec::new() };
    (sse, State { level, trend: if method.has_trend() { trend } else { 0.0 }, seasons })
}

/// The point forecasts for horizons 1..=h from a final state (the textbook formula: the
/// seasonal factor of period n + k comes from the last full cycle, for every k).
pub fn project(method: Method, p: &Params, state: &State, h: usize) -> Vec<f64> {
    let phi = if method.damped() { p.phi } else { 1.0 };
    let m = state.seasons.len();
    let mut damp_sum = 0.0;
    let mut power = 1.0;
    (0..h)
        .map(|k| {
            power *= phi;
            damp_sum += power;
            let base = state.level + damp_sum * state.trend;
            match method.season() {
                Season::None => base,
                Season::Additive => base + state.seasons[k % m],
                Season::Multiplicative => base * state.seasons[k % m],
            }
        })
        .collect()
}

/// The forecast-error variance of each horizon in units of σ²: 1 + Σ c(j)² over j < h, with
/// c(j) = α + αβ φ(j) (+ γ when j is a whole number of seasons), φ(j) = φ + … + φ^j
/// (Hyndman et al. 2008, table 6.1; αβ and γ are the error-correction form of the smoothing
/// parameters above). Multiplicative seasons use the same factors, an approximation.
pub fn variance_factors(method: Method, p: &Params, m: usize, h: usize) -> Vec<f64> {
    let phi = if method.damped() { p.phi } else { 1.0 };
    let beta = if method.has_trend() { p.alpha * p.beta } else { 0.0 };
    let gamma = if method.season() == Season::None { 0.0 } else { p.gamma };
    let mut sum = 1.0;
    let mut out = Vec::with_capacity(h);
    let mut damp_sum = 0.0;
    let mut power = 1.0;
    for j in 0..h {
        out.push(sum);
        // c(j+1) for the next horizon.
        power *= phi;
        damp_sum += power;
        let seasonal = if m > 0 && (j + 1) % m == 0 { gamma } else { 0.0 };
        let c = p.alpha + beta * damp_sum + seasonal;
        sum += c * c;
    }
    out
}

/// Seasonal naive: each horizon repeats the value one (or more) whole seasons back.
pub fn seasonal_naive(y: &[f64], m: usize, h: usize) -> Vec<f64> {
    let m = m.clamp(1, y.len().max(1));
    if y.is_empty() {
        return vec![0.0; h];
    }
    let last = &y[y.len() - m.min(y.len())..];
    (0..h).map(|k| last[k % last.len()]).collect()
}

/// Croston's method with the Syntetos-Boylan approximation: demand sizes and the intervals
/// between them are smoothed separately; the rate is size / interval × (1 − α/2). Returns the
/// flat rate and the one-step squared errors' sum.
pub fn croston(y: &[f64], alpha: f64) -> (f64, f64) {
    let first = y.iter().position(|&v| v > 0.0);
    let Some(first) = first else { return (0.0, y.iter().map(|v| v * v).sum()) };
    let mut size = y[first];
    let mut interval = (first + 1) as f64;
    let mut since = 0usize;
    let mut sse = 0.0;
    let correction = 1.0 - alpha / 2.0;
    for &obs in &y[first + 1..] {
        since += 1;
        let rate = correction * size / interval;
        sse += (obs - rate) * (obs - rate);
        if obs > 0.0 {
            size += alpha * (obs - size);
            interval += alpha * (since as f64 - interval);
            since = 0;
        }
    }
    (correction * size / interval, sse)
}

/// The mean of the last `k` values and the one-step squared errors of doing that throughout.
pub fn moving_average(y: &[f64], k: usize) -> (f64, f64) {
    let k = k.clamp(1, y.len().max(1));
    if y.is_empty() {
        return (0.0, 0.0);
    }
    let mut window: f64 = y[..k].iter().sum();
    let mut sse = 0.0;
    for t in k..y.len() {
        let err = y[t] - window / k as f64;
        sse += err * err;
        window += y[t] - y[t - k];
    }
    (window / k as f64, sse)
}

/// Lanes evaluated together by [`sse_lanes`].
pub const LANES: usize = 4;

/// The sums of squared one-step errors of [`LANES`] parameter sets (α, β, γ, φ) that share the
/// initial states of `p`, in one pass over `y`. The recursion is latency-bound, so independent
/// lanes run side by side in the time of about one. `ring` is scratch space.
pub fn sse_lanes(
    method: Method,
    p: &Params,
    lanes: &[[f64; 4]; LANES],
    y: &[f64],
    ring: &mut Vec<f64>,
) -> [f64; LANES] {
    match method.season() {
        Season::None => lanes_run::<NONE>(method, p, lanes, y, ring),
        Season::Additive => lanes_run::<ADDITIVE>(method, p, lanes, y, ring),
        Season::Multiplicative => lanes_run::<MULTIPLICATIVE>(method, p, lanes, y, ring),
    }
}

#[inline(always)]
fn lanes_run<const S: u8>(
    method: Method,
    p: &Params,
    lanes: &[[f64; 4]; LANES],
    y: &[f64],
    ring: &mut Vec<f64>,
) -> [f64; LANES] {
    const K: usize = LANES;
    let m = p.initial_seasons.len();
    ring.clear();
    for &s in &p.initial_seasons {
        ring.extend_from_slice(&[s; K]);
    }
    let has_trend = method.has_trend();
    let alpha: [f64; K] = std::array::from_fn(|k| lanes[k][0]);
    let alpha_beta: [f64; K] = std::array::from_fn(|k| if has_trend { lanes[k][0] * lanes[k][1] } else { 0.0 });
    let gamma: [f64; K] = std::array::from_fn(|k| lanes[k][2]);
    let phi: [f64; K] = std::array::from_fn(|k| if method.damped() { lanes[k][3] } else { 1.0 });
    let mut trend = [if has_trend { p.initial_trend } else { 0.0 }; K];
    let mut base: [f64; K] = std::array::from_fn(|k| p.initial_level + phi[k] * trend[k]);
    let mut sse = [0.0; K];
    let mut at = 0usize;
    for &obs in y {
        let seasons: &mut [f64] = if S == NONE { &mut [] } else { &mut ring[at * K..at * K + K] };
        for k in 0..K {
            let (predicted, x) = match S {
                ADDITIVE => (base[k] + seasons[k], obs - seasons[k]),
                MULTIPLICATIVE => (base[k] * seasons[k], obs / seasons[k]),
                _ => (base[k], obs),
            };
            let err = obs - predicted;
            sse[k] += err * err;
            let d = x - base[k];
            match S {
                ADDITIVE => seasons[k] = gamma[k] * (obs - base[k]) + (1.0 - gamma[k]) * seasons[k],
                MULTIPLICATIVE => seasons[k] = gamma[k] * (obs / base[k]) + (1.0 - gamma[k]) * seasons[k],
                _ => {}
            }
            let level = base[k] + alpha[k] * d;
            trend[k] = phi[k] * trend[k] + alpha_beta[k] * d;
            base[k] = level + phi[k] * trend[k];
        }
        if S != NONE {
            at = if at + 1 == m { 0 } else { at + 1 };
        }
    }
    sse
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The four-lane recursion is a copy of [`smooth`]'s for speed: both must give the same
    /// errors for every kind of model.
    #[test]
    fn lanes_agree_with_the_single_recursion() {
        let y: Vec<f64> = (0..60).map(|t| 20.0 + (t % 7) as f64 * 3.0 + t as f64 * 0.1).collect();
        let lanes = [[0.3, 0.1, 0.2, 0.9], [0.8, 0.05, 0.1, 0.85], [0.1, 0.5, 0.6, 0.95], [0.5, 0.0, 0.0, 0.8]];
        for method in [Method::Ses, Method::Holt, Method::HoltDamped, Method::HwAdd, Method::HwMulDamped] {
            let seasonal = method.season() != Season::None;
            let base = Params {
                alpha: 0.0,
                beta: 0.0,
                gamma: 0.0,
                phi: 1.0,
                initial_level: 25.0,
                initial_trend: 0.2,
                initial_seasons: if seasonal {
                    vec![if method.season() == Season::Additive { 1.0 } else { 1.05 }; 7]
                } else {
                    vec![]
                },
            };
            let together = sse_lanes(method, &base, &lanes, &y, &mut Vec::new());
            for (lane, sse) in lanes.iter().zip(together) {
                let p = Params { alpha: lane[0], beta: lane[1], gamma: lane[2], phi: lane[3], ..base.clone() };
                let (alone, _) = smooth(method, &p, &y, &mut Vec::new(), None);
                assert!((alone - sse).abs() <= 1e-9 * alone.max(1.0), "{method:?} {lane:?}: {alone} vs {sse}");
            }
        }
    }
}
