#!/usr/bin/env python3
"""Reference values for the choice of a delay embedding (DSRData: AutoMutualInformation,
CaoStatistic), written independently of the Swift code with numpy and scipy.

Writes Tests/DSRDataTests/Fixtures/embedding_<name>.json, each holding the series (so that the
Swift tests read exactly the same numbers) and the reference curves:

- auto-mutual information I(tau), tau = 0..tau_max, in nats: 16 equal-width bins over the
  series' range [min, max] (bin = floor((x - min) / (max - min) * 16), the maximum in the last
  bin), the joint histogram of the pairs (x_t, x_{t+tau}) and its own two marginals;
- the autocorrelation r(tau) = mean((x_t - mu)(x_{t+tau} - mu)) / var(x), mu and var over all
  values;
- Cao's E(d), E*(d), E1(d) = E(d+1)/E(d), E2(d) = E*(d+1)/E*(d), d = 1..d_max, in Cao's
  orientation: the past window p_t(d) = (x_{t-tau}, ..., x_{t-d tau}) is extended by the present
  x_t, with the maximum norm; for each d the points are the times t >= d tau, the references
  the times at which the largest d's vectors exist (the same for every d), a reference's nearest neighbour in p(d) is the closest point at a non-zero distance outside the
  Theiler window |t - s| <= w (ties: the smallest index); a = |(x_t, p_t) - (x_n, p_n)| / |p_t - p_n|,
  E*(d) = mean |x_t - x_n|;
- the greedy non-uniform search (one channel): start from lag 0; points are the times t >= tau_max
  with no NaN in the current coordinates, all of them references; nearest neighbours as above
  in the current coordinates; the score of lag tau is the mean of
  max(delta, |x_{t-tau} - x_{n-tau}|) / delta over the pairs without NaN; the candidate is the
  first local maximum of the score over the lags not yet taken (score(tau) > score(tau-1) and
  not score(tau+1) > score(tau)), else the largest; stop, dropping the last lag added, once
  E_{k+1} / E_k >= 0.8 with at least 2 coordinates left, or at d_max coordinates.

Run from the repository root: python3 Tests/generate_embedding_fixtures.py
"""
import json
import os

import numpy as np
from scipy.integrate import solve_ivp

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "DSRDataTests", "Fixtures")
BINS = 16


def ami(x, tau_max, bins=BINS):
    lo, hi = np.nanmin(x), np.nanmax(x)
    b = np.minimum(np.floor((x - lo) / (hi - lo) * bins), bins - 1)
    out = []
    for tau in range(tau_max + 1):
        a, c = b[: len(b) - tau], b[tau:]
        ok = ~(np.isnan(a) | np.isnan(c))
        joint = np.zeros((bins, bins))
        np.add.at(joint, (a[ok].astype(int), c[ok].astype(int)), 1.0)
        p = joint / joint.sum()
        pa, pc = p.sum(axis=1), p.sum(axis=0)
        nz = p > 0
        out.append(float(np.sum(p[nz] * np.log(p[nz] / np.outer(pa, pc)[nz]))))
    return out


def autocorrelation(x, tau_max):
    mu, var = np.nanmean(x), np.nanvar(x)
    out = []
    for tau in range(tau_max + 1):
        a, c = x[: len(x) - tau] - mu, x[tau:] - mu
        ok = ~(np.isnan(a) | np.isnan(c))
        out.append(float(np.mean(a[ok] * c[ok]) / var))
    return out


def delay_vectors(x, d, tau):
    """Rows t = (d-1)tau .. T-1 of the causal delay vectors, and their times."""
    t = np.arange((d - 1) * tau, len(x))
    return np.stack([x[t - k * tau] for k in range(d)], axis=1), t


def cao(x, tau, d_max, w):
    E, Es = [], []
    largest, reference_times = delay_vectors(x, d_max + 2, tau)
    reference_times = reference_times[~np.isnan(largest).any(axis=1)]
    for d in range(1, d_max + 2):
        big, times = delay_vectors(x, d + 1, tau)
        small = big[:, 1:]
        ok = ~np.isnan(big).any(axis=1)
        small, big, times = small[ok], big[ok], times[ok]
        a, s = [], []
        for i in np.searchsorted(times, reference_times):
            dist = np.max(np.abs(small - small[i]), axis=1)
            dist[np.abs(times - times[i]) <= w] = np.inf
            dist[dist == 0] = np.inf
            n = int(np.argmin(dist))
            if not np.isfinite(dist[n]):
                continue
            a.append(np.max(np.abs(big[i] - big[n])) / dist[n])
            s.append(abs(big[i, 0] - big[n, 0]))
        E.append(float(np.mean(a)))
        Es.append(float(np.mean(s)))
    E1 = [E[k + 1] / E[k] for k in range(d_max)]
    E2 = [Es[k + 1] / Es[k] for k in range(d_max)]
    return E[:d_max], E1, E2


def nearest(points, times, w, i):
    dist = np.max(np.abs(points - points[i]), axis=1)
    dist[np.abs(times - times[i]) <= w] = np.inf
    dist[dist == 0] = np.inf
    n = int(np.argmin(dist))
    return (n, dist[n]) if np.isfinite(dist[n]) else None


def greedy(x, tau_max, d_max, w, saturation=0.8):
    lags, steps = [0], []
    while True:
        t = np.arange(tau_max, len(x))
        points = np.stack([x[t - l] for l in lags], axis=1)
        ok = ~np.isnan(points).any(axis=1)
        points, t = points[ok], t[ok]
        pairs = [(i,) + nearest(points, t, w, i) for i in range(len(t)) if nearest(points, t, w, i) is not None]
        i_, n_, d_ = (np.array(v) for v in zip(*pairs))
        scores = []
        for tau in range(tau_max + 1):
            a, b = x[t[i_] - tau], x[t[n_] - tau]
            good = ~(np.isnan(a) | np.isnan(b))
            scores.append(float(np.mean(np.maximum(d_[good], np.abs(a - b)[good]) / d_[good])))
        free = [tau for tau in range(1, tau_max + 1) if tau not in lags]
        peaks = [tau for tau in free if scores[tau] > scores[tau - 1] and (tau == tau_max or not scores[tau + 1] > scores[tau])]
        best = peaks[0] if peaks else max(free, key=lambda tau: (scores[tau], -tau))
        ratio = scores[best] / steps[-1]["E"] if steps else None
        steps.append({"lag": best, "E": scores[best], "ratio": ratio})
        if ratio is not None and ratio >= saturation and len(lags) - 1 >= 2:
            lags.pop()
            return lags, steps, True
        if len(lags) == d_max:
            return lags, steps, False
        lags.append(best)


def lorenz_x(n, dt):
    def f(_, u):
        return [10 * (u[1] - u[0]), u[0] * (28 - u[2]) - u[1], u[0] * u[1] - 8 / 3 * u[2]]

    # 20 time units of transient dropped.
    skip = int(round(20 / dt))
    t = np.arange(skip + n) * dt
    sol = solve_ivp(f, (0, t[-1]), [1.0, 1.0, 1.0], t_eval=t, rtol=1e-10, atol=1e-10, method="DOP853")
    return sol.y[0, skip:]


def write(name, x, tau_max, tau, d_max, w):
    E, E1, E2 = cao(x, tau, d_max, w)
    lags, steps, saturated = greedy(x, tau_max, d_max, w)
    record = {
        "series": [None if np.isnan(v) else float(v) for v in x],
        "maximalDelay": tau_max,
        "mutualInformation": ami(x, tau_max),
        "autocorrelation": autocorrelation(x, tau_max),
        "caoDelay": tau,
        "theilerWindow": w,
        "E": E,
        "E1": E1,
        "E2": E2,
        "nonuniformLags": lags,
        "nonuniformSteps": steps,
        "nonuniformSaturated": saturated,
    }
    with open(os.path.join(OUT, f"embedding_{name}.json"), "w") as f:
        json.dump(record, f)
    print(name, "AMI first values", np.round(record["mutualInformation"][:6], 3))
    print(name, "E1", np.round(E1, 3))
    print(name, "E2", np.round(E2, 3))
    print(name, "non-uniform lags", lags, [round(v["E"], 3) for v in steps], saturated)


def main():
    # Lorenz-63 x at dt = 0.02: 1500 samples (30 time units).
    x = lorenz_x(1500, 0.02)
    write("lorenz_x", x, 30, 8, 6, 8)
    # The same with a few missing values (NaN rows).
    y = x.copy()
    y[[100, 101, 555, 1200]] = np.nan
    write("lorenz_x_nan", y, 30, 8, 6, 8)
    # A sine of period 37.7 samples (no whole number, so its phases fill the circle) with a
    # little noise.
    rng = np.random.default_rng(3)
    s = np.sin(2 * np.pi * np.arange(2000) / 37.7) + 1e-3 * rng.standard_normal(2000)
    write("sine", s, 20, 9, 4, 9)
    # White noise.
    z = rng.standard_normal(1500)
    write("noise", z, 10, 1, 6, 1)


if __name__ == "__main__":
    main()
