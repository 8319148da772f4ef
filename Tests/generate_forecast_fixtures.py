#!/usr/bin/env python3
"""Writes Tests/DSRMeasuresTests/Fixtures/forecast.json: an independent numpy implementation of the
forecast yardsticks (per-step NRMSE and sMAPE, the valid prediction time, quartiles, start points)
and of the two forecast baselines (context parroting, a linear AR(p) fitted by least squares), on a
Lorenz-63 trajectory in its own units, for the Swift tests.

Run from the repository root:  python3 Tests/generate_forecast_fixtures.py   (numpy)
"""
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(ROOT, "DSRMeasuresTests", "Fixtures")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(11)


def lorenz(n, dt=0.01, x0=(1.0, 1.0, 1.0)):
    x = np.array(x0, dtype=np.float64)
    out = np.empty((n, 3))
    f = lambda v: np.array([10 * (v[1] - v[0]), v[0] * (28 - v[2]) - v[1], v[0] * v[1] - 8 / 3 * v[2]])
    for i in range(n + 500):
        k1 = f(x); k2 = f(x + dt / 2 * k1); k3 = f(x + dt / 2 * k2); k4 = f(x + dt * k3)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        if i >= 500:
            out[i - 500] = x
    return out


def nrmse(truth, forecast, scale):
    with np.errstate(invalid="ignore", over="ignore"):
        v = np.sqrt(np.mean(((forecast - truth) / scale) ** 2, axis=1))
    return np.where(np.isfinite(v), v, np.inf)


def smape(truth, forecast):
    num = 2 * np.abs(forecast - truth)
    den = np.abs(forecast) + np.abs(truth)
    ratio = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    v = 100 * ratio.mean(axis=1)
    return np.where(np.all(np.isfinite(forecast), axis=1), v, np.inf)


def valid_steps(curve, threshold):
    bad = np.nonzero(~(curve <= threshold))[0]
    return int(bad[0]) if len(bad) else len(curve)


def complete_rows(x):
    return np.all(np.isfinite(x), axis=1)


def starts(x, before, after, count):
    ok = complete_rows(x)
    t = len(x)
    valid = [s + before for s in range(t - before - after) if ok[s:s + before + after + 1].all()]
    if len(valid) <= count:
        return valid
    return [valid[i * len(valid) // count] for i in range(count)]


def parrot(library, context, d, horizon):
    lib_rows = np.concatenate([l[complete_rows(l)] for l in library])
    w = 1 / lib_rows.var(axis=0)
    sources = list(library) + [context]
    c = len(context)
    cands = []
    for k, x in enumerate(sources):
        ok = complete_rows(x)
        lst = [s for s in range(len(x) - d) if ok[s:s + d + 1].all()]
        if k == len(library):
            lst = [s for s in lst if s <= c - 2 * d]
        cands.append(lst)
    recent = context[-d:].copy()
    out = []
    while len(out) < horizon:
        best = (np.inf, -1, -1)
        for k, x in enumerate(sources):
            for s in cands[k]:
                dist = float(np.sum((x[s:s + d] - recent) ** 2 * w))
                if dist < best[0]:
                    best = (dist, k, s)
        x = sources[best[1]]
        row = best[2] + d
        while row < len(x) and len(out) < horizon and np.all(np.isfinite(x[row])):
            out.append(x[row].copy())
            recent = np.vstack([recent[1:], x[row]])
            row += 1
    return np.array(out)


def ar_fit(trajs, p):
    n = trajs[0].shape[1]
    phis, ys = [], []
    for x in trajs:
        ok = complete_rows(x)
        for s in range(len(x) - p):
            if ok[s:s + p + 1].all():
                t = s + p - 1
                phis.append(np.concatenate([x[t - k] for k in range(p)] + [[1.0]]))
                ys.append(x[t + 1])
    phi, y = np.array(phis), np.array(ys)
    gram = phi.T @ phi
    gram += np.eye(len(gram)) * 1e-10 * np.trace(gram) / len(gram)
    return np.linalg.solve(gram, phi.T @ y)


def ar_forecast(theta, context, p, horizon):
    hist = [context[-1 - k] for k in range(p)]
    out = []
    for _ in range(horizon):
        nxt = np.concatenate(hist + [[1.0]]) @ theta
        out.append(nxt)
        hist = [nxt] + hist[:-1]
    return np.array(out)


x = lorenz(1500)
library = x[:1000].copy()
library[[100, 101, 437], :] = np.nan  # gaps in the library
library[600, 1] = np.nan
context = x[1000:1200]
truth = x[1200:1320]

# Curves: a forecast drifting away from the truth (exponential), with one non-finite step at the end.
h = 120
drift = truth + 0.02 * np.exp(np.arange(h) / 20.0)[:, None] * rng.normal(size=truth.shape)
drift[-1, 0] = np.inf
scale = x.std(axis=0, ddof=1)
curve_n = nrmse(truth, drift, scale)
curve_s = smape(truth, drift)

gappy = x[:300].copy()
gappy[[40, 41, 150, 151, 152, 260], 0] = np.nan

theta = ar_fit([library], 3)
fixture = {
    "data": x.tolist(),
    "truth": truth.tolist(), "drift": [[v if np.isfinite(v) else "inf" for v in r] for r in drift], "scale": scale.tolist(),
    "nrmse": [v if np.isfinite(v) else "inf" for v in curve_n], "smape": [v if np.isfinite(v) else "inf" for v in curve_s],
    "vpt_nrmse_0.3": valid_steps(curve_n, 0.3), "vpt_smape_30": valid_steps(curve_s, 30.0), "vpt_smape_5": valid_steps(curve_s, 5.0),
    "quartile_values": [3.0, 1.0, 7.0, 2.0, 10.0, 4.0],
    "quartiles": np.percentile([3.0, 1.0, 7.0, 2.0, 10.0, 4.0], [25, 50, 75]).tolist(),
    "gappy_nan": [40, 41, 150, 151, 152, 260],
    "starts": starts(gappy, 5, 20, 7), "starts_all": starts(gappy, 5, 20, 1000),
    "library_nan_rows": [100, 101, 437], "library_nan_entry": [600, 1],
    "parrot_motif": 8, "parrot": parrot([library], context, 8, h).tolist(),
    "ar_order": 3, "ar_theta": theta.tolist(), "ar": ar_forecast(theta, context, 3, 50).tolist(),
}
with open(os.path.join(OUT, "forecast.json"), "w") as f:
    json.dump(fixture, f)
print("vpt", fixture["vpt_nrmse_0.3"], fixture["vpt_smape_30"], fixture["vpt_smape_5"], "starts", fixture["starts"])
