#!/usr/bin/env python3
"""Writes Tests/DSRCLITests/Fixtures/import_*.npz and import_expected.json: models in the layouts of
the reference implementations, for `dsr import` tests. Run from the repository root (numpy)."""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "DSRCLITests", "Fixtures")
rng = np.random.default_rng(5)
M, N, P = 4, 2, 2
a, W, h = rng.uniform(0.2, 0.8, M), rng.normal(0, 0.3, (M, M)), rng.normal(0, 0.1, M)
L = rng.normal(0, 0.5, (M - N, N))
B = np.concatenate([np.eye(N), L.T], axis=1)  # PyTorch layout: N × M, last M−N columns = Lᵀ
np.savez(os.path.join(OUT, "import_alrnn_stored.npz"), A=a, W=W, h=h, L=L)
np.savez_compressed(os.path.join(OUT, "import_alrnn_deflated.npz"), A=a.astype(np.float32), W=W.astype(np.float32), h=h.astype(np.float32), B=B.astype(np.float32))
Hd = 5
W1, W2, h1, h2 = rng.normal(0, 0.3, (M, Hd)), rng.normal(0, 0.3, (Hd, M)), rng.normal(0, 0.1, M), rng.normal(0, 0.1, Hd)
np.savez_compressed(os.path.join(OUT, "import_shplrnn.npz"), A=a, W1=W1, W2=W2, h1=h1, h2=h2, L=L)
np.savez(os.path.join(OUT, "import_bad_shape.npz"), A=a, W=W[:, :3], h=h, L=L)


def step_alrnn(z):
    phi = z.copy(); phi[M - P:] = np.maximum(phi[M - P:], 0)
    return a * z + W @ phi + h


x1 = np.array([0.3, -0.7])
z = np.concatenate([x1, L @ x1])
traj = [z]
for _ in range(4):
    traj.append(step_alrnn(traj[-1]))
with open(os.path.join(OUT, "import_expected.json"), "w") as f:
    json.dump({"A": a.tolist(), "W": W.tolist(), "h": h.tolist(), "L": L.tolist(), "x1": x1.tolist(),
               "alrnn_trajectory": np.array(traj)[:, :N].tolist()}, f)
print("wrote import fixtures")
