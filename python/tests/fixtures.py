"""Random but tame models of every family as model.json records (the dsr format), for the tests."""
import functools

import numpy as np

SIZES = {"M": 5, "N": 3, "L": 7, "B": 3, "P": 3}


def _draw(kind, rng, scale, m, n):
    p = {"A": rng.uniform(0.2, 0.9, m)}
    if kind in ("shallowPLRNN", "clippedShallowPLRNN"):
        l = SIZES["L"]
        p.update(W1=rng.normal(0, scale / np.sqrt(l), (m, l)), W2=rng.normal(0, 1, (l, m)), h1=rng.normal(0, 0.3, m), h2=rng.normal(0, 0.5, l))
    else:
        p.update(W=rng.normal(0, scale / np.sqrt(m), (m, m)), h=rng.normal(0, 0.5, m))
        if kind in ("dendPLRNN", "clippedDendPLRNN"):
            p.update(alpha=rng.uniform(-1, 1, SIZES["B"]), H=rng.normal(0, 0.7, (m, SIZES["B"])))
    p["L"] = rng.normal(0, 0.5, (m - n, n))
    return p


@functools.lru_cache(maxsize=None)
def _switching(kind, m, n):
    """The first draw (a fixed seed) whose free runs from random starts stay bounded, keep moving
    (every column's std > 0.05 over the last 500 of 1200 steps), keep switching among at least 3
    linear subregions, and are not sensitive to a 1e-12 change of the start over 1,000 steps: a
    model whose whole piecewise-linear structure the parity tests exercise, without the chaos that
    would make two float64 implementations part ways."""
    from dsr_models import Model

    rng = np.random.default_rng(40)
    for _ in range(1000):
        p = _draw(kind, rng, rng.uniform(0.8, 2.5), m, n)
        model = Model(record(kind, p, n=n))
        ok = True
        for _ in range(2):
            x, z = model.generate(1200, x0=rng.normal(0, 1.5, n), return_latent=True)
            if (not np.all(np.isfinite(x)) or np.abs(x).max() > 100 or np.min(np.std(x[-500:], 0)) < 0.05
                    or len({model.region_code(q) for q in z[-500:]}) < 3):
                ok = False
                break
            if np.max(np.abs(model.generate(1000, x0=x[0] * (1 + 1e-12)) - x[:1000])) > 1e-9 * np.abs(x).max():
                ok = False
                break
        if ok:
            return p
    raise AssertionError(f"no switching {kind} found")


def arrays(kind, rng, m=SIZES["M"], n=SIZES["N"], observation="Identity", k=0):
    """Parameters under dsr's names: the latent model of ``_switching`` (a bounded free run that
    keeps switching regions), the observation model and C drawn from rng."""
    p = {name: value.copy() for name, value in _switching(kind, m, n).items()}
    if observation == "Affine":
        del p["L"]
        p["B"] = rng.normal(0, 0.8, (n, m))
    elif m == n:
        del p["L"]
    if k > 0:
        p["C"] = rng.normal(0, 0.3, (m, k))
    return p


def record(kind, p, n=SIZES["N"], observation="Identity", k=0, version=1, **extra):
    m = p["A"].shape[0]
    r = {"format": "dsr-model", "version": version, "model": kind, "latent_dim": m, "observed_dim": n, "input_dim": k,
         "observation_model": observation, "precision": "float64",
         "parameters": {name: {"shape": list(a.shape), "data": a.ravel().tolist()} for name, a in p.items()}}
    if kind in ("shallowPLRNN", "clippedShallowPLRNN"):
        r["hidden_dim"] = p["h2"].shape[0]
    if kind in ("dendPLRNN", "clippedDendPLRNN"):
        r["num_bases"] = p["alpha"].shape[0]
    if kind == "ALRNN":
        r["pwl_units"] = SIZES["P"]
    r.update(extra)
    return r


def sprott_alrnn(dt=0.01, a=0.6):
    """A chaotic AL-RNN: Sprott's piecewise-linear jerk flow x''' = -a x'' - x' + |x| - 1 (Euler
    steps of dt; |x| = 2 relu(x) - x), state (x', x'', x, x) with the last copy of x rectified
    (P = 1), observed (x', x'', x). Its largest Lyapunov exponent is about 7e-4 per step."""
    A = np.array([1.0, 1 - dt * a, 1.0, 0.0])
    W, h = np.zeros((4, 4)), np.zeros(4)
    y, w, x, xr = range(4)
    W[y, w] = dt
    W[w, y], W[w, xr], W[w, x], h[w] = -dt, 2 * dt, -dt, -dt
    W[x, y] = dt
    W[xr, x], W[xr, y] = 1.0, dt
    return {"A": A, "W": W, "h": h, "L": np.array([[0.0, 0.0, 1.0]])}
