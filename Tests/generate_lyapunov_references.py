#!/usr/bin/env python3
"""Reference Lyapunov spectra for the benchmark systems added to DSRDynamics (Sources/DSRDynamics/Systems).

An implementation independent of the Swift one (LyapunovSpectrum.swift, BenchmarkSystem.lyapunovSpectrum):
equations and Jacobians are transcribed again here from dysts (github.com/williamgilpin/dysts,
dysts/flows.py and dysts/maps.py, Apache-2.0), every Jacobian is checked against central finite
differences, and the spectrum is an *ensemble* average of Benettin/QR estimates:

* flows: B = 512 members start at the initial state plus random offsets of 1e-4 and are decorrelated on
  the attractor by a transient of 100 time units (fixed-step RK4, step h, finer than or equal to the Swift
  tests' lyapunovStep); from there, the state and a random
  orthonormal tangent basis Q are integrated together (RK4 on the state and the variational equation
  Q' = Df(x) Q, all B members vectorised in numpy), Q is re-orthonormalised by a QR factorisation every
  `renorm` steps, the first `align` time units are discarded and the logs of |diag R| are averaged over
  the next `horizon` time units;
* maps: the same with the map's Jacobian, per iteration.

The result per system: the ensemble mean spectrum, the standard error of λ₁ over the members, and, for
flows, the mean divergence <tr Df> along the orbits (the sum of the exponents must equal it).

chen_lee and shimizu_morioka are kept here but are not in the Swift catalogue: a single long Swift run
from the same initial state disagreed with the ensemble (Chen–Lee λ₁ 0.018 vs 0.134 at RK4 step 0.01,
Shimizu–Morioka 0.035 vs 0.039), not yet investigated.

Output of the last run (pasted into the systems' referenceExponents): see the commit that adds them.

Usage: python3 Tests/generate_lyapunov_references.py [name ...]   (numpy only; a few minutes per flow)
"""
import sys
import time

import numpy as np


def stack(rows):
    """A (M, M, B) Jacobian from nested lists of arrays / scalars broadcast to the batch."""
    b = max(np.size(v) for row in rows for v in row)
    out = np.empty((len(rows), len(rows[0]), b))
    for i, row in enumerate(rows):
        for k, v in enumerate(row):
            out[i, k] = v
    return out


# name: (kind, parameters, initial state, field(x, p), jacobian(x, p), h, horizon, align, members)
# x has shape (M, B); field returns (M, B), jacobian (M, M, B). h: RK4 step (flows).
SYSTEMS = {}


def flow(name, params, x0, h, horizon, members=512, align=30.0):
    def register(pair):
        f, j = pair()
        SYSTEMS[name] = dict(kind="flow", p=params, x0=np.array(x0, float), f=f, j=j, h=h,
                             horizon=horizon, align=align, members=members)
        return pair
    return register


def dmap(name, params, x0, horizon, members=512, align=100):
    def register(pair):
        f, j = pair()
        SYSTEMS[name] = dict(kind="map", p=params, x0=np.array(x0, float), f=f, j=j, h=1,
                             horizon=horizon, align=align, members=members)
        return pair
    return register


# --- the existing systems (a check of the method against benchmarks.md §3) ---------------------------

@flow("lorenz63", dict(sigma=10, rho=28, beta=8 / 3), [1, 1, 1], h=0.005, horizon=100)
def _():
    def f(x, p):
        return np.array([p["sigma"] * (x[1] - x[0]), x[0] * (p["rho"] - x[2]) - x[1], x[0] * x[1] - p["beta"] * x[2]])

    def j(x, p):
        return stack([[-p["sigma"], p["sigma"], 0], [p["rho"] - x[2], -1, -x[0]], [x[1], x[0], -p["beta"]]])
    return f, j


@flow("rossler", dict(a=0.2, b=0.2, c=5.7), [1, 1, 0], h=0.02, horizon=500)
def _():
    def f(x, p):
        return np.array([-x[1] - x[2], x[0] + p["a"] * x[1], p["b"] + x[2] * (x[0] - p["c"])])

    def j(x, p):
        return stack([[0, -1, -1], [1, p["a"], 0], [x[2], 0, x[0] - p["c"]]])
    return f, j


# --- flows (dysts/flows.py) ----------------------------------------------------------------------------

@flow("thomas", dict(a=1.85, b=10), [2.199442, 2.3634225, 3.220197], h=0.005, horizon=100)
def _():
    def f(x, p):
        a, b = p["a"], p["b"]
        return np.array([-a * x[0] + b * np.sin(x[1]), -a * x[1] + b * np.sin(x[2]), -a * x[2] + b * np.sin(x[0])])

    def j(x, p):
        a, b = p["a"], p["b"]
        return stack([[-a, b * np.cos(x[1]), 0], [0, -a, b * np.cos(x[2])], [b * np.cos(x[0]), 0, -a]])
    return f, j


@flow("halvorsen", dict(a=1.4, b=4), [-8.6807408, -2.4741399, 0.070775762], h=0.004, horizon=100)
def _():
    def f(x, p):
        a, b = p["a"], p["b"]
        return np.array([-a * x[0] - b * x[1] - b * x[2] - x[1] ** 2,
                         -a * x[1] - b * x[2] - b * x[0] - x[2] ** 2,
                         -a * x[2] - b * x[0] - b * x[1] - x[0] ** 2])

    def j(x, p):
        a, b = p["a"], p["b"]
        return stack([[-a, -b - 2 * x[1], -b], [-b, -a, -b - 2 * x[2]], [-b - 2 * x[0], -b, -a]])
    return f, j


@flow("dadras", dict(c=2.0, e=9.0, o=2.7, p=3.0, r=1.7), [1.0284085, -3.5348655, -0.72081646], h=0.004, horizon=150)
def _():
    def f(x, p):
        return np.array([x[1] - p["p"] * x[0] + p["o"] * x[1] * x[2],
                         p["r"] * x[1] - x[0] * x[2] + x[2],
                         p["c"] * x[0] * x[1] - p["e"] * x[2]])

    def j(x, p):
        return stack([[-p["p"], 1 + p["o"] * x[2], p["o"] * x[1]],
                      [-x[2], p["r"], 1 - x[0]],
                      [p["c"] * x[1], p["c"] * x[0], -p["e"]]])
    return f, j


@flow("lorenz84", dict(a=1.32, b=7.91, f=4.83, g=4.194), [1.926479236120359, -0.13402110197257552, -1.72146730664761],
      h=0.005, horizon=200)
def _():
    def f(x, p):
        a, b, F, g = p["a"], p["b"], p["f"], p["g"]
        return np.array([-a * x[0] - x[1] ** 2 - x[2] ** 2 + a * F,
                         -x[1] + x[0] * x[1] - b * x[0] * x[2] + g,
                         -x[2] + b * x[0] * x[1] + x[0] * x[2]])

    def j(x, p):
        a, b = p["a"], p["b"]
        return stack([[-a, -2 * x[1], -2 * x[2]],
                      [x[1] - b * x[2], -1 + x[0], -b * x[0]],
                      [b * x[1] + x[2], b * x[0], -1 + x[0]]])
    return f, j


@flow("chen_lee", dict(a=5, b=-10, c=-0.38), [0.17177112, 0.10360479, 6.2553878], h=0.005, horizon=300)
def _():
    def f(x, p):
        a, b, c = p["a"], p["b"], p["c"]
        return np.array([a * x[0] - x[1] * x[2], b * x[1] + x[0] * x[2], c * x[2] + x[0] * x[1] / 3])

    def j(x, p):
        a, b, c = p["a"], p["b"], p["c"]
        return stack([[a, -x[2], -x[1]], [x[2], b, x[0]], [x[1] / 3, x[0] / 3, c]])
    return f, j


@flow("rucklidge", dict(a=2.0, b=6.7), [1.9257158, 3.1923835, 5.7829655], h=0.01, horizon=300)
def _():
    def f(x, p):
        a, b = p["a"], p["b"]
        return np.array([-a * x[0] + b * x[1] - x[1] * x[2], x[0], -x[2] + x[1] ** 2])

    def j(x, p):
        a, b = p["a"], p["b"]
        return stack([[-a, b - x[2], -x[1]], [1, 0, 0], [0, 2 * x[1], -1]])
    return f, j


@flow("arneodo", dict(a=-5.5, b=4.5, c=1.0, d=-1.0), [-2.7515698, 0.19079818, 3.4703629], h=0.01, horizon=300)
def _():
    def f(x, p):
        a, b, c, d = p["a"], p["b"], p["c"], p["d"]
        return np.array([x[1], x[2], -a * x[0] - b * x[1] - c * x[2] + d * x[0] ** 3])

    def j(x, p):
        a, b, c, d = p["a"], p["b"], p["c"], p["d"]
        return stack([[0, 1, 0], [0, 0, 1], [-a + 3 * d * x[0] ** 2, -b, -c]])
    return f, j


@flow("genesio_tesi", dict(a=0.44, b=1.1, c=1), [-0.053772565, -0.26162564, 0.33501557], h=0.02, horizon=500)
def _():
    def f(x, p):
        a, b, c = p["a"], p["b"], p["c"]
        return np.array([x[1], x[2], -c * x[0] - b * x[1] - a * x[2] + x[0] ** 2])

    def j(x, p):
        a, b, c = p["a"], p["b"], p["c"]
        return stack([[0, 1, 0], [0, 0, 1], [-c + 2 * x[0], -b, -a]])
    return f, j


@flow("sprott_b", dict(), [1.6878282, 1.4848132, -0.53706628], h=0.02, horizon=500)
def _():
    def f(x, p):
        return np.array([x[1] * x[2], x[0] - x[1], 1 - x[0] * x[1]])

    def j(x, p):
        return stack([[0, x[2], x[1]], [1, -1, 0], [-x[1], -x[0], 0]])
    return f, j


@flow("burke_shaw", dict(e=13, n=10), [-0.79153188, 0.65244479, 0.22517831], h=0.001, horizon=50)
def _():
    def f(x, p):
        e, n = p["e"], p["n"]
        return np.array([-n * x[0] - n * x[1], x[1] - n * x[0] * x[2], n * x[0] * x[1] + e])

    def j(x, p):
        n = p["n"]
        return stack([[-n, -n, 0], [-n * x[2], 1, -n * x[0]], [n * x[1], n * x[0], 0]])
    return f, j


@flow("lu_chen", dict(a=36, b=3, c=18), [10.956479, 9.8813092, 22.676714], h=0.002, horizon=100)
def _():
    def f(x, p):
        a, b, c = p["a"], p["b"], p["c"]
        return np.array([a * x[1] - a * x[0], -x[0] * x[2] + c * x[1], x[0] * x[1] - b * x[2]])

    def j(x, p):
        a, b, c = p["a"], p["b"], p["c"]
        return stack([[-a, a, 0], [-x[2], c, -x[0]], [x[1], x[0], -b]])
    return f, j


@flow("shimizu_morioka", dict(a=0.85, b=0.5), [0.016838697, 0.03489384, 0.35346848], h=0.02, horizon=600)
def _():
    def f(x, p):
        a, b = p["a"], p["b"]
        return np.array([x[1], x[0] - a * x[1] - x[0] * x[2], -b * x[2] + x[0] ** 2])

    def j(x, p):
        a, b = p["a"], p["b"]
        return stack([[0, 1, 0], [1 - x[2], -a, -x[0]], [2 * x[0], 0, -b]])
    return f, j


# --- maps (dysts/maps.py) ------------------------------------------------------------------------------

@dmap("henon", dict(a=1.4, b=0.3), [0.1, 0.1], horizon=2000)
def _():
    def f(x, p):
        return np.array([1 - p["a"] * x[0] ** 2 + x[1], p["b"] * x[0]])

    def j(x, p):
        return stack([[-2 * p["a"] * x[0], 1], [p["b"], 0]])
    return f, j


@dmap("ikeda", dict(u=0.9), [0.9, 0.55524451], horizon=2000)
def _():
    def f(x, p):
        u = p["u"]
        t = 0.4 - 6 / (1 + x[0] ** 2 + x[1] ** 2)
        return np.array([1 + u * (x[0] * np.cos(t) - x[1] * np.sin(t)), u * (x[0] * np.sin(t) + x[1] * np.cos(t))])

    def j(x, p):
        u = p["u"]
        r2 = 1 + x[0] ** 2 + x[1] ** 2
        t = 0.4 - 6 / r2
        c, s = np.cos(t), np.sin(t)
        # ∂t/∂x = 12 x / r2², ∂t/∂y = 12 y / r2²
        tx, ty = 12 * x[0] / r2 ** 2, 12 * x[1] / r2 ** 2
        a = -x[0] * s - x[1] * c   # ∂(x cos t − y sin t)/∂t
        b = x[0] * c - x[1] * s    # ∂(x sin t + y cos t)/∂t
        return stack([[u * (c + a * tx), u * (-s + a * ty)], [u * (s + b * tx), u * (c + b * ty)]])
    return f, j


@dmap("tinkerbell", dict(a=0.9, b=-0.6013, c=2.0, d=0.5), [0.13738266, -0.0308518], horizon=2000)
def _():
    def f(x, p):
        a, b, c, d = p["a"], p["b"], p["c"], p["d"]
        return np.array([x[0] ** 2 - x[1] ** 2 + a * x[0] + b * x[1], 2 * x[0] * x[1] + c * x[0] + d * x[1]])

    def j(x, p):
        a, b, c, d = p["a"], p["b"], p["c"], p["d"]
        return stack([[2 * x[0] + a, -2 * x[1] + b], [2 * x[1] + c, 2 * x[0] + d]])
    return f, j


# --- the method -----------------------------------------------------------------------------------------

def rk4(f, x, p, h):
    k1 = f(x, p)
    k2 = f(x + h / 2 * k1, p)
    k3 = f(x + h / 2 * k2, p)
    k4 = f(x + h * k3, p)
    return x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def check_jacobian(s):
    rng = np.random.default_rng(3)
    x = s["x0"][:, None] + rng.normal(0, 0.5, (len(s["x0"]), 5))
    j = s["j"](x, s["p"])
    eps = 1e-6
    for c in range(len(s["x0"])):
        d = np.zeros_like(x)
        d[c] = eps
        fd = (s["f"](x + d, s["p"]) - s["f"](x - d, s["p"])) / (2 * eps)
        assert np.allclose(j[:, c, :], fd, rtol=1e-6, atol=1e-6), (c, j[:, c, :], fd)


def spectrum(s, seed=1):
    f, jac, p, h = s["f"], s["j"], s["p"], s["h"]
    m, B = len(s["x0"]), s["members"]
    rng = np.random.default_rng(seed)
    step = (lambda x: rk4(f, x, p, h)) if s["kind"] == "flow" else (lambda x: f(x, p))
    # B members: the initial state plus tiny random offsets, decorrelated by a common transient of
    # 100 time units (maps: 1000 iterations) on the attractor.
    x = s["x0"][:, None] + 1e-4 * rng.normal(size=(m, B))
    for _ in range(int(round((100.0 if s["kind"] == "flow" else 1000) / h))):
        x = step(x)
    q = np.linalg.qr(rng.normal(size=(B, m, m)))[0]  # (B, m, m): columns = tangent vectors
    align_steps = int(round(s["align"] / h))
    n = int(round(s["horizon"] / h))
    renorm = 10 if s["kind"] == "flow" else 1
    sums = np.zeros((B, m))
    trace = np.zeros(B)

    def jq(j, q):  # Df(x)·Q for every member: j is (m, m, B), q is (B, m, m)
        return np.moveaxis(j, 2, 0) @ q

    for i in range(align_steps + n):
        if s["kind"] == "flow":
            j1 = jac(x, p)
            k1, l1 = f(x, p), jq(j1, q)
            x2 = x + h / 2 * k1; k2, l2 = f(x2, p), jq(jac(x2, p), q + h / 2 * l1)
            x3 = x + h / 2 * k2; k3, l3 = f(x3, p), jq(jac(x3, p), q + h / 2 * l2)
            x4 = x + h * k3; k4, l4 = f(x4, p), jq(jac(x4, p), q + h * l3)
            if i >= align_steps:
                trace += np.trace(j1)
            x = x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            q = q + h / 6 * (l1 + 2 * l2 + 2 * l3 + l4)
        else:
            q = jq(jac(x, p), q)
            x = f(x, p)
        if (i + 1) % renorm == 0 or i + 1 == align_steps + n:
            q, r = np.linalg.qr(q)
            d = np.abs(np.diagonal(r, axis1=1, axis2=2))
            if i >= align_steps:
                sums += np.log(d)
    per_member = sums / (n * h)
    assert np.all(np.isfinite(per_member)), "non-finite exponents"
    lam = np.sort(per_member, axis=1)[:, ::-1]
    return lam.mean(axis=0), lam[:, 0].std(ddof=1) / np.sqrt(B), lam[:, 0].std(ddof=1), trace.mean() / n


def main(names):
    for name in names or SYSTEMS:
        s = SYSTEMS[name]
        check_jacobian(s)
        t0 = time.time()
        lam, se, sd, div = spectrum(s)
        unit = "per time unit" if s["kind"] == "flow" else "per iteration"
        extra = f"  <tr Df> = {div:.4f}" if s["kind"] == "flow" else ""
        print(f"{name:16s} λ = ({', '.join(f'{v:.4f}' for v in lam)}) {unit}; λ₁ ± {se:.4f} (s.e., "
              f"{s['members']} members × {s['horizon']:g}, member s.d. {sd:.4f}; RK4 h = {s['h']:g}){extra}  "
              f"[{time.time() - t0:.0f} s]", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
