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


# --- Reconstructions: free-running generation, PE(n) and the evaluation protocol (§1.9, §3.3, §3.4)
def shplrnn_step(p, z):
    """Clipped shallow PLRNN on a batch of states (rows)."""
    pre = z @ p["W2"].T
    return z * p["A"] + (np.maximum(pre + p["h2"], 0) - np.maximum(pre, 0)) @ p["W1"].T + p["h1"]


def init_state(p, x):
    if "B" in p:
        return x @ np.linalg.pinv(p["B"]).T
    return np.concatenate([x, x @ p["L"].T], axis=1)


def observe(p, z, n):
    return z @ p["B"].T if "B" in p else z[:, :n]


def generate(p, x1, steps, s=None):
    z = init_state(p, x1[None, :])
    out = [z[0]]
    for t in range(1, steps):
        z = shplrnn_step(p, z) + (0 if s is None else s[t] @ p["C"].T)
        out.append(z[0])
    return np.array(out)


def prediction_error(p, x, n, s=None):
    T, N = x.shape
    z = init_state(p, x[: T - n])
    for i in range(1, n + 1):
        z = shplrnn_step(p, z) + (0 if s is None else s[i : T - n + i] @ p["C"].T)
    return float(np.mean((observe(p, z, N) - x[n:]) ** 2))


M, L, N, K = 4, 6, 3, 2
data = lorenz(240, x0=(2.0, -1.0, 18.0))
inputs = rng.standard_normal((240, K)) * 0.1
base = {"A": rng.uniform(0.5, 0.9, M), "W1": rng.uniform(-0.4, 0.4, (M, L)), "W2": rng.uniform(-0.5, 0.5, (L, M)),
        "h1": rng.uniform(-0.1, 0.1, M), "h2": rng.uniform(-0.4, 0.4, L)}
cases = {}
for name, extra in {"identity": {"L": rng.uniform(-0.5, 0.5, (M - N, N))},
                    "affine": {"B": rng.uniform(-1, 1, (N, M))},
                    "identity_inputs": {"L": rng.uniform(-0.5, 0.5, (M - N, N)), "C": rng.uniform(-1, 1, (M, K))}}.items():
    p = {**base, **extra}
    s = inputs if "C" in p else None
    T = len(data)
    if s is None:
        z = generate(p, data[0], int(1.25 * T))[int(0.25 * T):]
    else:
        z = generate(p, data[0], T, s)  # with inputs: no transient
    gen_obs = observe(p, z, N)
    cases[name] = {
        "parameters": {k: {"shape": list(np.shape(v)), "data": np.ravel(v).tolist()} for k, v in p.items()},
        "generated_first": generate(p, data[0], 12, s).tolist(),
        "pe5": prediction_error(p, data, 5, s),
        "pe1": prediction_error(p, data, 1, s),
        "protocol": {"dstsp_8": dstsp_binned(data, gen_obs, 8), "dh_2": dh(data, gen_obs, 2.0)},
    }
with open(os.path.join(OUT, "reconstruction.json"), "w") as f:
    json.dump({"data": data.tolist(), "inputs": inputs.tolist(), "cases": cases}, f)
print("wrote", os.path.join(OUT, "reconstruction.json"))
