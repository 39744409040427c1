#!/usr/bin/env bash
# One command for the forecasting benchmark: builds release; times Savdo's automatic method
# choice (SES, Holt, damped Holt, Holt-Winters additive and multiplicative, seasonal naive;
# Croston for intermittent series) plus a 28-day forecast for SERIES synthetic products × 1,095
# days on all cores; then runs statsmodels' ExponentialSmoothing through the same procedure on
# the first SAMPLE of the same series, and compares speed and accuracy (mean MAPE over a
# 28-day holdout) with seasonal naive beside both.
#   SERIES=10000 SAMPLE=20 bench/forecast.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SERIES="${SERIES:-10000}"
SAMPLE="${SAMPLE:-20}"
OUT=bench/out
mkdir -p "$OUT"
python3 -c "import statsmodels" 2>/dev/null || pip install -q -r bench/requirements.txt
cargo build --release -q
BIN=target/release/savdo

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$BIN" bench forecast --series "$SERIES" --sample "$SAMPLE" --json "$OUT/forecast_savdo.json" >/dev/null
"$BIN" bench forecast --sample "$SAMPLE" --sample-out "$OUT/forecast_sample.csv"
python3 bench/forecast_statsmodels.py "$OUT/forecast_sample.csv" --json "$OUT/forecast_statsmodels.json" 2>/dev/null
python3 - "$OUT/forecast_savdo.json" "$OUT/forecast_statsmodels.json" <<'PY'
import json, sys
s, p = (json.load(open(f)) for f in sys.argv[1:3])
n = s["series"]
sm_all = p["per_series_s"] * n / s["threads"]  # statsmodels on every core, in the best case
print(f"\n{n} series × {s['points']} days, automatic choice + 28-day forecast; accuracy on the first {p['series']} series' last 28 days\n")
print("| | time for all series | per series | mean MAPE (28-day holdout) | seasonal naive MAPE |")
print("|---|---|---|---|---|")
print(f"| Savdo ({s['threads']} threads) | {s['seconds']:.2f} s | {s['per_series_us']:.0f} µs | {s['mape_savdo']:.2f} % | {s['mape_seasonal_naive']:.2f} % |")
print(f"| statsmodels {p['statsmodels']} (measured on {p['series']}, {s['threads']} processes assumed) | {sm_all/60:.1f} min | {p['per_series_s']*1000:.0f} ms | {p['mape_statsmodels']:.2f} % | {p['mape_seasonal_naive']:.2f} % |")
print(f"\nSavdo is {sm_all / s['seconds']:.0f}× faster; one statsmodels Holt-Winters fit on a whole series: {p['one_hw_fit_s']*1000:.0f} ms")
print(f"methods Savdo chose: {dict(s['methods'])}; statsmodels side chose: {p['methods']}")
PY
