#!/usr/bin/env python3
"""How much one model's D_stsp / D_H move with the start of its free run.

For each run directory (a clipped or plain shallow PLRNN with Identity or Affine observations),
free-runs the model.json in float64 for ⌊1.25·T⌋ steps from several rows of the data (the latent
start is pinv(B)·x for Affine, x for Identity; the first ⌊0.25·T⌋ steps are dropped, as in
`dsr evaluate`), saves each run's observations and compares them with the whole data file by
`dsr measure`. Needs numpy; the step follows the Training article's "Run directory" formula.

Usage: scripts/start-spread.py --data Datasets/eeg64.npy RUN_DIR [RUN_DIR ...]
                               [--starts 1000,3000,5000,7000,9000] [--dsr .build/release/dsr]
"""
import argparse, json, os, subprocess, tempfile
import numpy as np


def free_run(model, x0, steps):
    p = {k: np.array(v["data"], dtype=np.float64).reshape(v["shape"]) for k, v in model["parameters"].items()}
    A, W1, W2, h1, h2 = p["A"], p["W1"], p["W2"], p["h1"], p["h2"]
    clipped = model["model"].startswith("clipped")
    B = p.get("B")
    z = np.linalg.pinv(B) @ x0 if B is not None else x0.copy()
    out = np.empty((steps, len(x0)))
    for t in range(steps):
        out[t] = B @ z if B is not None else z
        u = W2 @ z
        phi = np.maximum(u + h2, 0) - (np.maximum(u, 0) if clipped else 0)
        z = A * z + W1 @ phi + h1
    return out


def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("runs", nargs="+")
    a.add_argument("--data", required=True)
    a.add_argument("--starts", default="1000,3000,5000,7000,9000")
    a.add_argument("--dsr", default=".build/release/dsr")
    o = a.parse_args()
    x = np.load(o.data).astype(np.float64)
    T = len(x)
    n = int(1.25 * T)
    with tempfile.TemporaryDirectory() as tmp:
        for run in o.runs:
            model = json.load(open(os.path.join(run, "model.json")))
            if "standardization" in model or "embedding" in model or "preprocessing" in model:
                raise SystemExit(f"{run}: a standardised, preprocessed or embedded model; this script handles data in the model's units only")
            cells = []
            for s0 in map(int, o.starts.split(",")):
                g = free_run(model, x[s0], n)[n - T:]
                path = os.path.join(tmp, "g.npy")
                np.save(path, g.astype(np.float32))
                r = json.loads(subprocess.run([o.dsr, "measure", "--true", o.data, "--generated", path, "--json"],
                                              check=True, capture_output=True, text=True).stdout.splitlines()[0])
                cells.append(f"row {s0}: D_stsp {r['dstsp']:.2f}, D_H {r['dh']:.3f}")
            print(f"{run}: " + "; ".join(cells))


if __name__ == "__main__":
    main()
