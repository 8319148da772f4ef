#!/usr/bin/env python3
"""Writes the numpy-made fixtures the Swift tests compare against.

Run from the repository root:  python3 Tests/generate_fixtures.py
The outputs are committed, so the tests need no Python. Requires numpy.

- Tests/DSRDataTests/Fixtures/: .npy files for every dtype, memory order, rank and format
  version, malformed files (one per failure case), CSV files, and manifest.json listing what each
  valid file must read as.
- Tests/DSRTensorTests/Fixtures/linalg.json: numpy's answers for FFT, SVD, pinv, eigenvalues,
  solve and QR on fixed inputs.
"""
import io
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(ROOT, "DSRDataTests", "Fixtures")
TENSOR = os.path.join(ROOT, "DSRTensorTests", "Fixtures")
os.makedirs(DATA, exist_ok=True)
os.makedirs(TENSOR, exist_ok=True)


def values_for(shape, integer):
    n = int(np.prod(shape)) if shape else 1
    base = np.arange(n, dtype=np.float64)
    v = (base * 7 - 3 * n) if integer else (base * 0.37 - 1.25) * (1 + base % 3)
    return v.reshape(shape)


def save_with_version(path, arr, version):
    with open(path, "wb") as f:
        np.lib.format.write_array(f, arr, version=version)


manifest = []
dtypes = ["<f4", "<f8", ">f4", ">f8", "<i4", "<i8"]
shapes = {1: (5,), 2: (4, 3), 3: (2, 3, 4)}
for dt in dtypes:
    integer = "i" in dt
    for rank, shape in shapes.items():
        for order in ["C", "F"]:
            if rank == 1 and order == "F":
                continue
            a = np.asarray(values_for(shape, integer), dtype=np.dtype(dt), order=order)
            a = np.asfortranarray(a) if order == "F" else np.ascontiguousarray(a)
            name = f"{dt.replace('<', 'le_').replace('>', 'be_')}_r{rank}_{order}.npy"
            np.save(os.path.join(DATA, name), a)
            manifest.append({"file": name, "shape": list(shape), "dtype": dt,
                             "fortran": order == "F", "version": "1.0",
                             "values": a.astype(np.float64).ravel(order="C").tolist()})

for version in [(2, 0), (3, 0)]:
    a = np.asfortranarray(values_for((3, 2), False).astype("<f8"))
    name = f"v{version[0]}_f8_F.npy"
    save_with_version(os.path.join(DATA, name), a, version)
    manifest.append({"file": name, "shape": [3, 2], "dtype": "<f8", "fortran": True,
                     "version": f"{version[0]}.0", "values": a.ravel(order="C").tolist()})

# Large int64 values must be read exactly.
big = np.array([2**62, -(2**53) - 1, 7], dtype="<i8")
np.save(os.path.join(DATA, "le_i8_big.npy"), big)
manifest.append({"file": "le_i8_big.npy", "shape": [3], "dtype": "<i8", "fortran": False,
                 "version": "1.0", "integers": [int(x) for x in big]})

with open(os.path.join(DATA, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=1)


# Malformed files: one per failure mode.
def npy_bytes(arr):
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=True)
    return buf.getvalue()


good = npy_bytes(np.arange(12, dtype="<f8").reshape(4, 3))
with open(os.path.join(DATA, "bad_magic.npy"), "wb") as f:
    f.write(b"\x93NUMPX" + good[6:])
with open(os.path.join(DATA, "truncated_data.npy"), "wb") as f:
    f.write(good[:-20])
with open(os.path.join(DATA, "truncated_header.npy"), "wb") as f:
    f.write(good[:40])
with open(os.path.join(DATA, "header_lies.npy"), "wb") as f:
    f.write(good + np.arange(3, dtype="<f8").tobytes())
with open(os.path.join(DATA, "unsupported_dtype.npy"), "wb") as f:
    f.write(npy_bytes(np.arange(6, dtype="<u2")))
with open(os.path.join(DATA, "complex_dtype.npy"), "wb") as f:
    f.write(npy_bytes(np.arange(4, dtype="<c16")))
with open(os.path.join(DATA, "object_array.npy"), "wb") as f:
    f.write(npy_bytes(np.array([1.0, "x", None], dtype=object)))
with open(os.path.join(DATA, "structured.npy"), "wb") as f:
    f.write(npy_bytes(np.zeros(3, dtype=[("a", "<f8"), ("b", "<i4")])))
with open(os.path.join(DATA, "version4.npy"), "wb") as f:
    f.write(good[:6] + bytes([4, 0]) + good[8:])
with open(os.path.join(DATA, "rank4.npy"), "wb") as f:
    f.write(npy_bytes(np.zeros((2, 2, 2, 2), dtype="<f8")))
nan = np.arange(12, dtype="<f4").reshape(4, 3)
nan[2, 1] = np.nan
np.save(os.path.join(DATA, "nan_values.npy"), nan)
inf = np.arange(6, dtype="<f8").reshape(3, 2)
inf[1, 0] = np.inf
np.save(os.path.join(DATA, "inf_values.npy"), inf)
with open(os.path.join(DATA, "empty.npy"), "wb") as f:
    pass
# A header whose shape overflows a 64-bit element count (2**60 × 3 × 8 bytes).
header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846976, 3), }"
header += " " * (63 - (10 + len(header)) % 64) + "\n"
with open(os.path.join(DATA, "shape_overflow.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + bytes(48))

# An .npz whose deflated member's central-directory entry claims 4 GB uncompressed: refused before
# anything is allocated.
import zipfile, struct
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
    z.writestr("W.npy", npy_bytes(np.zeros(4, dtype="<f8")))
raw = bytearray(buf.getvalue())
central = raw.rindex(b"PK\x01\x02")
raw[central + 24:central + 28] = struct.pack("<I", 4_000_000_000)
with open(os.path.join(DATA, "inflate_claims_4gb.npz"), "wb") as f:
    f.write(bytes(raw))

# CSV files.
table = values_for((5, 3), False)
np.savetxt(os.path.join(DATA, "table_header.csv"), table, delimiter=",", header="x,y,z", comments="")
np.savetxt(os.path.join(DATA, "table_plain.csv"), table, delimiter=",")
np.savetxt(os.path.join(DATA, "table_spaces.txt"), table)
with open(os.path.join(DATA, "table_ragged.csv"), "w") as f:
    f.write("1,2,3\n4,5\n")
with open(os.path.join(DATA, "table_text.csv"), "w") as f:
    f.write("a,b\n1,2\n3,oops\n")

# Linear algebra and FFT reference answers.
rng = np.random.default_rng(20261123)
A = rng.standard_normal((5, 3))
S = rng.standard_normal((4, 4))
rank_def = np.outer([1.0, 2.0, 3.0], [1.0, -1.0, 0.5, 2.0])  # rank 1, 3 x 4
signal = rng.standard_normal(100)
signal_odd = rng.standard_normal(37)
rhs = rng.standard_normal((4, 2))
lin = {
    "A": A.tolist(),
    "A_singular_values": np.linalg.svd(A, compute_uv=False).tolist(),
    "A_pinv": np.linalg.pinv(A).tolist(),
    "S": S.tolist(),
    "S_eigenvalues": sorted([[float(z.real), float(z.imag)] for z in np.linalg.eigvals(S)]),
    "S_solve_rhs": rhs.tolist(),
    "S_solve": np.linalg.solve(S, rhs).tolist(),
    "S_spectral_norm": float(np.linalg.norm(S, 2)),
    "rank_deficient": rank_def.tolist(),
    "rank_deficient_pinv": np.linalg.pinv(rank_def).tolist(),
    "signal": signal.tolist(),
    "signal_rfft": [[float(z.real), float(z.imag)] for z in np.fft.rfft(signal)],
    "signal_odd": signal_odd.tolist(),
    "signal_odd_rfft": [[float(z.real), float(z.imag)] for z in np.fft.rfft(signal_odd)],
}
with open(os.path.join(TENSOR, "linalg.json"), "w") as f:
    json.dump(lin, f, indent=1)
print(f"wrote {len(manifest)} valid NPY fixtures, malformed cases, CSV tables and linalg.json")
