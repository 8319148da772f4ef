"""dsr's array files: trajectories (.npy, .npz, as dsr reads and writes them) and the parameter
exports of ``dsr export --format npz|safetensors`` (read without the safetensors package)."""
import json
import os

import numpy as np

from ._errors import ModelFileError


def load_trajectory(path, key=None):
    """A trajectory as a float64 ``T x N`` array: a ``.npy`` file (a vector becomes one column), or
    the array ``key`` of a ``.npz`` archive (optional when it holds exactly one array)."""
    path = os.fspath(path)
    try:
        loaded = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise ModelFileError(path, f"cannot be read as .npy/.npz ({e})", "give a file written by numpy.save or dsr") from None
    if isinstance(loaded, np.lib.npyio.NpzFile):
        with loaded:
            names = [n for n in loaded.files if not n.endswith(".json")]
            if key is None:
                if len(names) != 1:
                    raise ModelFileError(path, f"holds {len(names)} arrays ({', '.join(names)})", "name one with key=...")
                key = names[0]
            if key not in loaded.files:
                raise ModelFileError(path, f"has no array {key!r}", "its arrays are " + ", ".join(names))
            array = loaded[key]
    else:
        array = loaded
    if not np.issubdtype(array.dtype, np.number):
        raise ModelFileError(path, f"holds {array.dtype} values, not numbers", "save a numeric array")
    array = np.asarray(array, dtype=np.float64)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ModelFileError(path, f"has shape {array.shape}, not T x N", "save one trajectory as a 2-D array")
    return array


def read_export(path):
    """The parameters and model record of ``dsr export --format npz`` or ``--format safetensors``:
    ``(arrays, record)``, arrays a dict of float64 numpy arrays under the reference code's names
    (A, W or W1/W2, h or h1/h2, alpha, H, B or L, C), record the model.json fields without the
    parameters (a dict; None for a file dsr did not write)."""
    path = os.fspath(path)
    if path.lower().endswith(".safetensors"):
        return _read_safetensors(path)
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {n: np.asarray(archive[n], dtype=np.float64) for n in archive.files if not n.endswith(".json")}
            record = json.loads(archive["dsr_model.json"]) if "dsr_model.json" in archive.files else None
    except (OSError, ValueError, AttributeError) as e:
        raise ModelFileError(path, f"is not an .npz archive ({e})", "give the file dsr export --format npz wrote") from None
    return arrays, record


def _read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ModelFileError(path, "is shorter than a safetensors header", "give the file dsr export --format safetensors wrote")
    n = int.from_bytes(raw[:8], "little")
    if n > len(raw) - 8:
        raise ModelFileError(path, f"claims a header of {n} bytes in a file of {len(raw)}", "the file is truncated")
    try:
        header = json.loads(raw[8:8 + n])
    except ValueError as e:
        raise ModelFileError(path, f"has a header that is not JSON ({e})", "give the file dsr export --format safetensors wrote") from None
    if not isinstance(header, dict):
        raise ModelFileError(path, "has a header that is not a JSON object", "give the file dsr export --format safetensors wrote")
    data = memoryview(raw)[8 + n:]
    dtypes = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4"}
    arrays = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] not in dtypes:
            raise ModelFileError(path, f"tensor {name!r} has dtype {entry['dtype']}", "convert it to float32 or float64")
        begin, end = entry["data_offsets"]
        dtype = np.dtype(dtypes[entry["dtype"]])
        count = int(np.prod(entry["shape"], dtype=np.int64))
        if not (0 <= begin <= end <= len(data) and end - begin == count * dtype.itemsize):
            raise ModelFileError(path, f"tensor {name!r} has data_offsets {[begin, end]} for shape {entry['shape']}", "the file is corrupt")
        arrays[name] = np.frombuffer(data[begin:end], dtype=dtype).astype(np.float64).reshape(entry["shape"])
    metadata = header.get("__metadata__") or {}
    record = json.loads(metadata["dsr_model"]) if "dsr_model" in metadata else None
    return arrays, record
