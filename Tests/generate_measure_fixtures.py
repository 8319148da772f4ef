#!/usr/bin/env python3
"""Writes Tests/DSRMeasuresTests/Fixtures/measures.json: an independent numpy/scipy evaluation of
the measures of gtf-shplrnn.md §3 on fixed trajectories, for the Swift tests.

Run from the repository root:  python3 Tests/generate_measure_fixtures.py   (numpy, scipy)
"""
import json
import os

import numpy as np
from scipy.ndimage import gaussian_filter1d
from scipy.special import logsumexp

ROOT = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(ROOT, "DSRMeasuresTests", "Fixtures")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(7)


def lorenz(n, dt=0.01, x0=(1.0, 1.0, 1.0)):
    x = np.array(x0, dtype=np.float64)
    out = np.empty((n, 3))
    f = lambda v: np.array([10 * (v[1] - v[0]), v[0] * (28 - v[2]) - v[1], v[0] * v[1] - 8 / 3 * v[2]])
    for i in range(n + 500):
        k1 = f(x); k2 = f(x + dt / 2 * k1); k3 = f(x + dt / 2 * k2); k4 = f(x + dt * k3)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        if i >= 500:
            out[i - 500] = x
    return (out - out.mean(0)) / out.std(0)


def dstsp_binned(x, y, bins):
    n = x.shape[1]
    s = x.std(0, ddof=1)
    lo, hi = x.min(0) - 0.1 * s, x.max(0) + 0.1 * s
    edges = [np.linspace(lo[d], hi[d], bins + 1) for d in range(n)]

    def counts(data):
        idx = np.stack([np.searchsorted(edges[d], data[:, d], side="right") - 1 for d in range(n)], 1)
        keep = np.all((idx >= 0) & (idx < bins), 1) & np.all((data >= lo) & (data < hi), 1)
        flat = np.ravel_multi_index(idx[keep].T, (bins,) * n)
        return np.bincount(flat, minlength=bins ** n).astype(np.float64)

    p, q = counts(x), counts(y)
    if q.sum() == 0:
        return float("nan")
    a = 1e-5
    p = (p + a) / (p.sum() + a * bins ** n)
    q = (q + a) / (q.sum() + a * bins ** n)
    return float(np.sum(p * np.log(p / q)))


def spectrum(v, sigma):
    z = (v - v.mean()) / v.std(ddof=1)
    P = np.abs(np.fft.rfft(z)) ** 2
    if sigma > 0:
        P = gaussian_filter1d(P, sigma, mode="mirror", truncate=4.0)
    P[P < 0] = 0
    return P / P.sum()


def dh(x, y, sigma):
    return float(np.mean([np.sqrt(0.5 * np.sum((np.sqrt(spectrum(x[:, d], sigma)) - np.sqrt(spectrum(y[:, d], sigma))) ** 2))
                          for d in range(x.shape[1])]))


def log_gmm(s, centres, var):
    d2 = ((s[:, None, :] - centres[None, :, :]) ** 2).sum(-1)
    return logsumexp(-d2 / (2 * var), axis=1) - np.log(len(centres)) - s.shape[1] * 0.5 * np.log(var)


def dstsp_gmm(x, y, var, samples):
    T = min(len(x), 10000)
    lp, lq = log_gmm(samples, x[:T], var), log_gmm(samples, y[:T], var)
    ok = np.isfinite(lp) & np.isfinite(lq)
    return float(np.mean(lp[ok] - lq[ok]))


true = lorenz(3000)
gen = lorenz(3000, x0=(-3.0, 2.0, 20.0)) * 1.05 + 0.02
noise = true + 0.3 * rng.standard_normal(true.shape)
hi_true = rng.standard_normal((400, 7)).cumsum(0) * 0.1
hi_gen = rng.standard_normal((400, 7)).cumsum(0) * 0.12
samples = hi_true[rng.integers(0, 400, 60)] + 0.8 * rng.standard_normal((60, 7))
fixtures = {
    "true": true.tolist(), "generated": gen.tolist(), "noisy": noise.tolist(),
    "binned": {str(b): {"generated": dstsp_binned(true, gen, b), "noisy": dstsp_binned(true, noise, b)} for b in (8, 30)},
    "dh": {str(s): {"generated": dh(true, gen, s), "noisy": dh(true, noise, s)} for s in (0.0, 5.0, 20.0)},
    "gmm": {"true": hi_true.tolist(), "generated": hi_gen.tolist(), "samples": samples.tolist(), "scaling": 0.64,
            "value": dstsp_gmm(hi_true, hi_gen, 0.64, samples)},
}
with open(os.path.join(OUT, "measures.json"), "w") as f:
    json.dump(fixtures, f)
print("wrote", os.path.join(OUT, "measures.json"))
