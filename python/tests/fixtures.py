"""Random but tame models of every family as model.json records (the dsr format), for the tests."""
import numpy as np

SIZES = {"M": 5, "N": 3, "L": 7, "B": 3, "P": 3}


def arrays(kind, rng, m=SIZES["M"], n=SIZES["N"], observation="Identity", k=0):
    """Parameters under dsr's names: a contracting diagonal, couplings that switch regions."""
    p = {"A": rng.uniform(0.3, 0.8, m)}
    if kind in ("shallowPLRNN", "clippedShallowPLRNN"):
        l = SIZES["L"]
        p.update(W1=rng.normal(0, 0.4, (m, l)), W2=rng.normal(0, 0.6, (l, m)), h1=rng.normal(0, 0.3, m), h2=rng.normal(0, 0.3, l))
    else:
        p.update(W=rng.normal(0, 0.5 / np.sqrt(m), (m, m)), h=rng.normal(0, 0.5, m))
        if kind in ("dendPLRNN", "clippedDendPLRNN"):
            p.update(alpha=rng.uniform(-0.8, 0.8, SIZES["B"]), H=rng.normal(0, 0.7, (m, SIZES["B"])))
    if observation == "Affine":
        p["B"] = rng.normal(0, 0.8, (n, m))
    elif m > n:
        p["L"] = rng.normal(0, 0.5, (m - n, n))
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
