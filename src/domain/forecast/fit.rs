//! Fitting exponential smoothing: the smoothing parameters that minimise the sum of squared
//! one-step errors, as statsmodels does (a coarse grid for the start, then a bounded local
//! search). The search is Nelder-Mead on the unit box: α = u₀, β = u₁·α, γ = u₂·(1 − α),
//! φ = 0.8 + 0.18·u₃, so statsmodels' admissible region (β ≤ α, γ ≤ 1 − α, φ in [0.8, 0.98])
//! is a box and a step outside it is projected back. Fixed-size arrays, no allocation per step.

use super::models::{smooth, sse_lanes, Method, Params, Season, State, LANES};

/// A fitted model: its parameters, final state and in-sample error.
#[derive(Clone, Debug)]
pub struct Fitted {
    pub method: Method,
    pub params: Params,
    pub state: State,
    pub sse: f64,
    /// Observations the fit saw.
    pub n: usize,
}

impl Fitted {
    /// Parameters estimated (for the residual variance's degrees of freedom).
    pub fn parameters(&self) -> usize {
        1 + usize::from(self.method.has_trend()) * 2
            + usize::from(self.method.damped())
            + if self.method.season() == Season::None { 1 } else { 2 }
    }

    /// The same parameters run over a longer series (the fit's data and what followed).
    pub fn carried_through(&self, y: &[f64]) -> Fitted {
        let (sse, state) = smooth(self.method, &self.params, y, &mut Vec::new(), None);
        Fitted { sse, state, n: y.len(), ..self.clone() }
    }

    /// The residual variance σ² of the one-step errors.
    pub fn sigma2(&self) -> f64 {
        let dof = self.n.saturating_sub(self.parameters()).max(1);
        self.sse / dof as f64
    }
}

/// The initial states statsmodels calls "heuristic" in spirit: the level is the first
/// season's mean, the trend the change of the seasonal mean between the first two seasons (per
/// period), and each seasonal factor the average over the first few seasons of that period's
/// ratio (or difference) to its season's mean. Non-seasonal models use m = 1 with a window of
/// up to a week for the same estimates.
pub fn initial_states(method: Method, y: &[f64], m: usize) -> (f64, f64, Vec<f64>) {
    let season = method.season();
    let w = if season == Season::None { y.len().clamp(1, 7) / 2 } else { m };
    let w = w.max(1).min(y.len().max(1));
    let mean = |s: &[f64]| if s.is_empty() { 0.0 } else { s.iter().sum::<f64>() / s.len() as f64 };
    let first = mean(&y[..w.min(y.len())]);
    let trend = if y.len() >= 2 * w { (mean(&y[w..2 * w]) - first) / w as f64 } else { 0.0 };
    let level = if season == Season::None { y.first().copied().unwrap_or(0.0) } else { first };
    if season == Season::None {
        return (level, trend, Vec::new());
    }
    let cycles = (y.len() / m).clamp(1, 4);
    let mut seasons = vec![0.0; m];
    for c in 0..cycles {
        let block = &y[c * m..(c + 1) * m];
        let centre = mean(block);
        for (i, &v) in block.iter().enumerate() {
            seasons[i] += match season {
                Season::Multiplicative if centre > 0.0 => v / centre,
                Season::Multiplicative => 1.0,
                _ => v - centre,
            };
        }
    }
    for s in &mut seasons {
        *s /= cycles as f64;
    }
    (level, trend, seasons)
}

/// Maps a point of the unit box to (α, β, γ, φ) (see the module comment).
fn smoothing(method: Method, u: &[f64; 4]) -> [f64; 4] {
    let alpha = u[0];
    [
        alpha,
        if method.has_trend() { u[1] * alpha } else { 0.0 },
        if method.season() == Season::None { 0.0 } else { u[2] * (1.0 - alpha) },
        if method.damped() { 0.8 + 0.18 * u[3] } else { 1.0 },
    ]
}

/// Which of the four box coordinates a method uses.
fn free(method: Method) -> [bool; 4] {
    [true, method.has_trend(), method.season() != Season::None, method.damped()]
}

/// Fits `method` (one of the smoothing family) to `y` with season length `m`.
pub fn fit(method: Method, y: &[f64], m: usize) -> Fitted {
    let (level, trend, seasons) = initial_states(method, y, m);
    let base = Params {
        alpha: 0.5,
        beta: 0.0,
        gamma: 0.0,
        phi: 1.0,
        initial_level: level,
        initial_trend: trend,
        initial_seasons: seasons,
    };
    fit_from(method, y, base)
}

/// Fits the smoothing parameters with the initial states of `base`.
pub fn fit_from(method: Method, y: &[f64], base: Params) -> Fitted {
    let mut ring = Vec::with_capacity(base.initial_seasons.len() * LANES);
    let mask = free(method);
    // Evaluates up to LANES points of the unit box in one pass over the series.
    let mut objective = |points: &[[f64; 4]]| -> [f64; LANES] {
        let mut lanes = [[0.5, 0.0, 0.0, 1.0]; LANES];
        for (lane, u) in lanes.iter_mut().zip(points) {
            *lane = smoothing(method, u);
        }
        let mut sse = sse_lanes(method, &base, &lanes, y, &mut ring);
        for v in &mut sse {
            if !v.is_finite() {
                *v = f64::MAX;
            }
        }
        sse
    };
    let x0 = grid_start(&mask, &mut objective);
    let u = nelder_mead(&mask, x0, 0.15, &mut objective);
    let [alpha, beta, gamma, phi] = smoothing(method, &u);
    let params = Params { alpha, beta, gamma, phi, ..base };
    let (sse, state) = smooth(method, &params, y, &mut ring, None);
    Fitted { method, params, state, sse, n: y.len() }
}

type Objective<'a> = dyn FnMut(&[[f64; 4]]) -> [f64; LANES] + 'a;

/// Evaluates any number of points, LANES at a time.
fn evaluate(f: &mut Objective, points: &[[f64; 4]]) -> Vec<f64> {
    points.chunks(LANES).flat_map(|chunk| f(chunk).into_iter().take(chunk.len())).collect()
}

/// The best point of a coarse grid over the free coordinates.
fn grid_start(mask: &[bool; 4], f: &mut Objective) -> [f64; 4] {
    const ALPHAS: [f64; 4] = [0.1, 0.3, 0.6, 0.9];
    const RATIOS: [f64; 2] = [0.1, 0.5];
    const PHIS: [f64; 2] = [0.5, 0.95];
    let pick = |on: bool, values: &'static [f64]| if on { values } else { &[0.5][..] };
    let mut points = Vec::new();
    for &a in &ALPHAS {
        for &b in pick(mask[1], &RATIOS) {
            for &g in pick(mask[2], &RATIOS) {
                for &d in pick(mask[3], &PHIS) {
                    points.push([a, b, g, d]);
                }
            }
        }
    }
    let values = evaluate(f, &points);
    let best = values.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).map_or(0, |(i, _)| i);
    points[best]
}

/// Passes over the series a search may make (each evaluates up to four points).
const MAX_PASSES: usize = 200;
/// Relative spread of the simplex's errors at which a search stops (0.01 % of the SSE).
const TOLERANCE: f64 = 1e-4;

/// Nelder-Mead over the free coordinates of the unit box (fixed ones stay at `x0`). Each step
/// evaluates its four candidates (reflection, expansion, both contractions) in one pass, since
/// a pass of four costs about what one does.
fn nelder_mead(mask: &[bool; 4], x0: [f64; 4], step: f64, f: &mut Objective) -> [f64; 4] {
    let dims: Vec<usize> = (0..4).filter(|&i| mask[i]).collect();
    let k = dims.len();
    let clamp = |mut x: [f64; 4]| {
        for v in &mut x {
            *v = v.clamp(0.0, 1.0);
        }
        x
    };
    let mut vertices = vec![x0];
    for &d in &dims {
        let mut x = x0;
        x[d] = if x[d] + step <= 1.0 { x[d] + step } else { x[d] - step };
        vertices.push(clamp(x));
    }
    let values = evaluate(f, &vertices);
    let mut simplex: Vec<([f64; 4], f64)> = vertices.into_iter().zip(values).collect();
    let mut passes = 0;
    while passes < MAX_PASSES {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, worst) = (simplex[0].1, simplex[k].1);
        if (worst - best).abs() <= TOLERANCE * (best.abs() + 1e-12) {
            break;
        }
        let mut centroid = x0;
        for &d in &dims {
            centroid[d] = simplex[..k].iter().map(|(x, _)| x[d]).sum::<f64>() / k as f64;
        }
        let toward = |t: f64| {
            let mut x = centroid;
            for &d in &dims {
                x[d] = centroid[d] + t * (simplex[k].0[d] - centroid[d]);
            }
            clamp(x)
        };
        let candidates = [toward(-1.0), toward(-2.0), toward(-0.5), toward(0.5)];
        let [fr, fe, fo, fi] = f(&candidates);
        passes += 1;
        let [reflected, expanded, outside, inside] = candidates;
        if fr < simplex[0].1 {
            simplex[k] = if fe < fr { (expanded, fe) } else { (reflected, fr) };
        } else if fr < simplex[k - 1].1 {
            simplex[k] = (reflected, fr);
        } else {
            let contracted = if fr < simplex[k].1 { (outside, fo) } else { (inside, fi) };
            if contracted.1 < simplex[k].1.min(fr) {
                simplex[k] = contracted;
            } else {
                let best = simplex[0].0;
                let shrunk: Vec<[f64; 4]> = simplex[1..]
                    .iter()
                    .map(|(x, _)| {
                        let mut x = *x;
                        for &d in &dims {
                            x[d] = best[d] + 0.5 * (x[d] - best[d]);
                        }
                        x
                    })
                    .collect();
                let values = evaluate(f, &shrunk);
                passes += 1;
                for (entry, (x, v)) in simplex[1..].iter_mut().zip(shrunk.into_iter().zip(values)) {
                    *entry = (x, v);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    simplex[0].0
}
