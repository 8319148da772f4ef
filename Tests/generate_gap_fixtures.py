"""Fixtures for missing values (NaN) in training data: Tests/DSRDataTests/Fixtures/gappy_*.

Run from the repository root: python3 Tests/generate_gap_fixtures.py (numpy only).

gappy_a.npy, gappy_b.npy  two trajectories (120 × 3 and 80 × 3, float64) of a noisy rotation with
                          missing values: whole rows and single channels set to NaN.
gappy_a.csv               gappy_a.npy as CSV with a header, missing values as empty fields.
gappy_stats.npy           2 × 3: np.nanmean and np.nanstd (population) of both trajectories
                          stacked, per column, as dsr's Standardization must compute them.
gappy_ab.npz              np.savez(f, a, b): the two as arr_0, arr_1 (stored).
gappy_named.npz           np.savez_compressed(f, zeta=a, alpha=b): archive order zeta, alpha,
                          the reverse of name order (deflated).
gappy_lag1.npy            3: the lag-1 autocorrelation of each column of gappy_a.npy with the gaps
                          ignored: centred on the column's nanmean, products touching NaN dropped.
"""
import os

import numpy as np

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "DSRDataTests", "Fixtures")
rng = np.random.default_rng(7)


def trajectory(rows, phase):
    t = np.arange(rows) * 2 * np.pi / 25 + phase
    x = np.stack([10 + 3 * np.sin(t), -2 + 5 * np.cos(t), 0.3 * np.sin(2 * t)], axis=1)
    return x + 0.1 * rng.standard_normal(x.shape)


a = trajectory(120, 0.0)
a[10] = np.nan              # a dropped sample
a[40:46] = np.nan           # a lost stretch of 6 rows
a[70, 1] = np.nan           # one channel missing
b = trajectory(80, 1.0)
b[0, 2] = np.nan            # the first row incomplete
b[50:53, 0] = np.nan        # one channel missing for 3 rows
np.save(os.path.join(DATA, "gappy_a.npy"), a)
np.save(os.path.join(DATA, "gappy_b.npy"), b)

with open(os.path.join(DATA, "gappy_a.csv"), "w") as f:
    f.write("x,y,z\n")
    for row in a:
        f.write(",".join("" if np.isnan(v) else repr(float(v)) for v in row) + "\n")

both = np.concatenate([a, b])
np.save(os.path.join(DATA, "gappy_stats.npy"), np.stack([np.nanmean(both, axis=0), np.nanstd(both, axis=0)]))

c = a - np.nanmean(a, axis=0)
lagged = np.nansum(c[1:] * c[:-1], axis=0)
power = np.nansum(c * c, axis=0)
np.save(os.path.join(DATA, "gappy_lag1.npy"), lagged / power)

np.savez(os.path.join(DATA, "gappy_ab.npz"), a, b)
np.savez_compressed(os.path.join(DATA, "gappy_named.npz"), zeta=a, alpha=b)

# The CLI's end-to-end data: the first 2000 rows of the shipped small Lorenz-63 training data with
# dropped samples, a lost stretch and single missing channels; and an .npz of two gappy
# recordings of different lengths (arr_0: rows 0–1199, arr_1: rows 2000–2899).
CLI = os.path.join(os.path.dirname(os.path.abspath(__file__)), "DSRCLITests", "Fixtures")
lorenz = np.load(os.path.join(CLI, "lorenz63_train_small.npy")).astype(np.float64)
gappy = lorenz[:2000].copy()
gappy[[0, 1, 250, 251, 900]] = np.nan  # the first two rows missing: the monitoring starts at row 2
gappy[500:540] = np.nan
gappy[1200, 0] = np.nan
gappy[1500:1503, 2] = np.nan
np.save(os.path.join(CLI, "lorenz63_gappy_small.npy"), gappy)
first, second = lorenz[:1200].copy(), lorenz[2000:2900].copy()
first[[100, 101, 700]] = np.nan
second[0, 1] = np.nan
second[400:420] = np.nan
np.savez(os.path.join(CLI, "lorenz63_gappy_two.npz"), first, second)
