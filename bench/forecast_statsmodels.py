#!/usr/bin/env python3
"""statsmodels' side of bench/forecast.sh: the same automatic choice Savdo makes, on the same
series (one per CSV row, written by `savdo bench forecast --sample-out`).

Per series: hold out the last 28 days; on the rest, hold out 28 more to choose among SES, Holt
and Holt-Winters (period 7; additive, and multiplicative when every value is positive) and
seasonal naive by mean absolute error; refit the winner on all but the last 28 days, forecast
28 and score MAPE (percent, over non-zero actuals) against them. Also times one Holt-Winters
fit on a whole series, the figure the issue quotes (about 270 ms here)."""

import argparse
import json
import sys
import time
import warnings

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing

H, M = 28, 7
warnings.filterwarnings("ignore")


def model(kind, y):
    if kind == "ses":
        return ExponentialSmoothing(y, initialization_method="estimated")
    if kind == "holt":
        return ExponentialSmoothing(y, trend="add", initialization_method="estimated")
    season = "add" if kind == "hw-add" else "mul"
    return ExponentialSmoothing(y, trend="add", seasonal=season, seasonal_periods=M, initialization_method="estimated")


def naive(y, h):
    last = y[-M:]
    return np.array([last[k % M] for k in range(h)])


def choose_and_forecast(y):
    train, valid = y[:-H], y[-H:]
    best = ("seasonal-naive", np.abs(valid - naive(train, H)).sum())
    kinds = ["ses", "holt", "hw-add"] + (["hw-mul"] if (train > 0).all() else [])
    for kind in kinds:
        try:
            f = model(kind, train).fit().forecast(H)
        except Exception:
            continue
        err = np.abs(valid - f).sum()
        if np.isfinite(err) and err < best[1]:
            best = (kind, err)
    if best[0] == "seasonal-naive":
        return best[0], naive(y, H)
    return best[0], model(best[0], y).fit().forecast(H)


def mape(actual, forecast):
    nz = actual != 0
    return float(np.mean(np.abs((actual[nz] - forecast[nz]) / actual[nz])) * 100) if nz.any() else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--json")
    args = ap.parse_args()
    series = [np.array([float(v) for v in line.split(",")]) for line in open(args.csv) if line.strip()]
    # One Holt-Winters fit on a whole (positive) series, as the issue quotes.
    whole = next(s for s in series if (s > 0).all())
    t = time.perf_counter()
    model("hw-mul", whole).fit()
    one_fit = time.perf_counter() - t
    ours, naives, chosen = [], [], {}
    t = time.perf_counter()
    for y in series:
        kind, f = choose_and_forecast(y[:-H])
        chosen[kind] = chosen.get(kind, 0) + 1
        ours.append(mape(y[-H:], f))
        naives.append(mape(y[-H:], naive(y[:-H], H)))
    per_series = (time.perf_counter() - t) / len(series)
    report = {
        "series": len(series),
        "points": len(series[0]),
        "one_hw_fit_s": one_fit,
        "per_series_s": per_series,
        "mape_statsmodels": float(np.mean(ours)),
        "mape_seasonal_naive": float(np.mean(naives)),
        "methods": chosen,
        "statsmodels": __import__("statsmodels").__version__,
    }
    if args.json:
        json.dump(report, open(args.json, "w"), indent=2)
    print(json.dumps(report), file=sys.stderr)


if __name__ == "__main__":
    main()
