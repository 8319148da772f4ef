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
params = {}
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
    params[name] = p
    cases[name] = {
        "parameters": {k: {"shape": list(np.shape(v)), "data": np.ravel(v).tolist()} for k, v in p.items()},
        "generated_first": generate(p, data[0], 12, s).tolist(),
        "pe5": prediction_error(p, data, 5, s),
        "pe1": prediction_error(p, data, 1, s),
        "protocol": {"dstsp_8": dstsp_binned(data, gen_obs, 8), "dh_2": dh(data, gen_obs, 2.0),
                     # the compared stretch's tail (last quarter) std over the data's std, largest column
                     "tail_spread": float(np.max(gen_obs[-max(8, T // 4):].std(0, ddof=1) / data.std(0, ddof=1)))},
    }
with open(os.path.join(OUT, "reconstruction.json"), "w") as f:
    json.dump({"data": data.tolist(), "inputs": inputs.tolist(), "cases": cases}, f)
print("wrote", os.path.join(OUT, "reconstruction.json"))


# --- Free-run health, PE normalisation and persistence, true data with gaps (NaN rows)
def tail_spread(y, x):
    """Largest column's std (ddof 1) over the last quarter of y (≥ 8 rows), in units of x's std over complete rows."""
    xs = x[np.all(np.isfinite(x), 1)]
    return float(np.max(y[-max(8, len(y) // 4):].std(0, ddof=1) / xs.std(0, ddof=1)))


def complete_windows(x, n):
    ok = np.all(np.isfinite(x), 1)
    return np.array([ok[t:t + n + 1].all() for t in range(len(x) - n)])


def persistence(x, n):
    w = complete_windows(x, n)
    return float(np.mean((x[n:][w] - x[:-n][w]) ** 2))


def mean_variance(x):
    xs = x[np.all(np.isfinite(x), 1)]
    return float(np.mean(xs.var(0)))  # ddof 0: the MSE of predicting the mean


def prediction_error_gaps(p, x, n):
    T, N = x.shape
    z = init_state(p, x[: T - n])
    for _ in range(n):
        z = shplrnn_step(p, z)
    w = complete_windows(x, n)
    return float(np.mean((observe(p, z, N) - x[n:])[w] ** 2))


def segments(x, minimum):
    ok = np.all(np.isfinite(x), 1)
    out, start = [], None
    for t, c in enumerate(list(ok) + [False]):
        if c and start is None:
            start = t
        if not c and start is not None:
            if t - start >= minimum:
                out.append((start, t))
            start = None
    return out


def dh_gaps(x, y, sigma, minimum=64):
    segs = segments(x, minimum)
    return float(sum((b - a) * dh(x[a:b], y[a:b], sigma) for a, b in segs) / sum(b - a for a, b in segs))


truth = lorenz(800)
fixed = np.array([0.7, -1.2, 2.5])
# Rounding jitter of a float32 free run around a fixed point: ±2 ulps per step.
jitter = np.float32(fixed)[None, :] + rng.integers(-2, 3, (800, 3)) * np.spacing(np.float32(fixed))[None, :]
jitter = jitter.astype(np.float64)
t = np.arange(800)
small = fixed[None, :] + 0.01 * truth.std(0, ddof=1)[None, :] * np.sin(2 * np.pi * t / 37.3)[:, None]
cycle = np.tile(truth[:5], (160, 1))
gapped = lorenz(800, x0=(0.5, 1.5, 20.0))
for a, b in [(100, 104), (130, 131), (350, 352), (600, 621)]:
    gapped[a:b] = np.nan
gapped[200, 1] = np.nan  # one missing value makes the whole row a gap
generated = lorenz(800, x0=(-3.0, 2.0, 20.0)) * 1.05 + 0.02
pid = params["identity"]
health = {
    "truth": truth.tolist(), "jitter": jitter.tolist(), "small": small.tolist(), "cycle": cycle.tolist(),
    "jitter_spread": tail_spread(jitter, truth), "small_spread": tail_spread(small, truth),
    "jitter_dh_5": dh(truth, jitter, 5.0), "jitter_dh_20": dh(truth, jitter, 20.0),
    "gapped": np.where(np.isfinite(gapped), gapped, 0.0).tolist(), "missing": np.argwhere(np.isnan(gapped)).tolist(),
    "generated": generated.tolist(),
    "gap_segments": [list(s) for s in segments(gapped, 64)],
    "gap_dstsp_8": dstsp_binned(gapped[np.all(np.isfinite(gapped), 1)], generated, 8),
    "gap_dh_2": dh_gaps(gapped, generated, 2.0), "gap_dh_5": dh_gaps(gapped, generated, 5.0),
    "gap_std": gapped[np.all(np.isfinite(gapped), 1)].std(0, ddof=1).tolist(),
    "gap_mean_variance": mean_variance(gapped),
    "gap_persistence_5": persistence(gapped, 5), "gap_pe_5": prediction_error_gaps(pid, gapped[:, :3], 5),
    "persistence_5": persistence(truth, 5), "persistence_1": persistence(truth, 1), "mean_variance": mean_variance(truth),
}
with open(os.path.join(OUT, "health_gaps.json"), "w") as f:
    json.dump(health, f)
print("wrote", os.path.join(OUT, "health_gaps.json"))
