"""A dsr model (model.json) as a numpy dynamical system.

Every family dsr trains is ``z' = A * z + W @ phi(z) + h`` (+ ``C @ s`` with external inputs)
with its own feature map phi (Sources/DSRModels in the dsr repository):

==================== ===========================================================
PLRNN                phi(z) = relu(z)
mcPLRNN              phi(z) = relu(z - mean(z))
dendPLRNN            phi(z)_m = sum_b alpha_b relu(z_m - H_mb)
clippedDendPLRNN     phi(z)_m = sum_b alpha_b (relu(z_m - H_mb) - relu(z_m))
shallowPLRNN         phi(z) = relu(W2 z + h2)          (W = W1, h = h1)
clippedShallowPLRNN  phi(z) = relu(W2 z + h2) - relu(W2 z)
ALRNN                phi(z) = (z_1..z_{M-P}, relu(z_{M-P+1})..relu(z_M))
==================== ===========================================================

ReLU convention (dsr's single one): a unit at exactly 0 is off, its slope 0.
"""
import json

import numpy as np

from ._errors import ModelFileError
from .transforms import DelayEmbedding, Preprocessing, Standardization

SUPPORTED_VERSIONS = (1, 2)
FAMILIES = ("PLRNN", "mcPLRNN", "dendPLRNN", "clippedDendPLRNN", "shallowPLRNN", "clippedShallowPLRNN", "ALRNN")
OBSERVATION_MODELS = ("Identity", "Affine")


def load(path):
    """Reads a model.json (or the model.json of a run directory) as dsr writes it."""
    import os

    path = os.fspath(path)
    if os.path.isdir(path):
        path = _model_of_run(path)
    try:
        with open(path, "rb") as f:
            record = json.loads(f.read().decode("utf-8"))
    except OSError as e:
        raise ModelFileError(path, f"cannot be read ({e.strerror})", "give the model.json of a run directory") from None
    except ValueError as e:
        raise ModelFileError(path, f"is not JSON ({e})", "give the model.json of a run directory") from None
    return Model(record, path=path)


def _model_of_run(directory):
    import os
    import re

    model = os.path.join(directory, "model.json")
    if os.path.exists(model):
        return model
    checkpoints = os.path.join(directory, "checkpoints")
    epochs = []
    if os.path.isdir(checkpoints):
        epochs = [int(m.group(1)) for m in (re.fullmatch(r"model_(\d+)\.json", n) for n in os.listdir(checkpoints)) if m]
    if not epochs:
        raise ModelFileError(directory, "holds no model.json and no checkpoint", "train it first, or give a model.json")
    return os.path.join(checkpoints, f"model_{max(epochs)}.json")


class Model:
    """A model file's latent model, observation model and data transforms, in float64.

    States ``z`` are vectors of length M (or arrays of states as rows, ``(..., M)``);
    observations are in model units unless a method says "data units".
    """

    def __init__(self, record, path="model.json"):
        self.path = str(path)
        if not isinstance(record, dict):
            raise ModelFileError(path, "is not a dsr model file (not a JSON object)", "give the model.json of a run directory")
        fmt, version = record.get("format"), record.get("version")
        if fmt != "dsr-model":
            raise ModelFileError(path, f"has format {fmt!r}, not 'dsr-model'", "give the model.json of a run directory")
        if not isinstance(version, int) or isinstance(version, bool) or version not in SUPPORTED_VERSIONS:
            raise ModelFileError(
                path, f"has format dsr-model version {version!r}",
                f"this dsr_models reads versions {SUPPORTED_VERSIONS[0]}-{SUPPORTED_VERSIONS[-1]}; a newer dsr wrote it: "
                "install the dsr_models of that dsr (pip install ./python in its repository)")
        self.version = version
        self.record = record
        self.kind = self._field("model", str)
        if self.kind not in FAMILIES:
            raise ModelFileError(path, f"names an unknown model {self.kind!r}", "known: " + ", ".join(FAMILIES))
        self.observation_model = self._field("observation_model", str)
        if self.observation_model not in OBSERVATION_MODELS:
            raise ModelFileError(path, f"names an unknown observation model {self.observation_model!r}", "Identity or Affine")
        self.M, self.N = self._field("latent_dim", int), self._field("observed_dim", int)
        self.K = self._field("input_dim", int)
        self.hidden_dim, self.num_bases, self.pwl_units = record.get("hidden_dim"), record.get("num_bases"), record.get("pwl_units")
        self.precision = record.get("precision", "float32")
        self.training = record.get("training")
        self.parameters = self._read_parameters()
        for name, value in self.parameters.items():
            setattr(self, name, value)
        s = record.get("standardization")
        self.standardization = Standardization(s["mean"], s["std"]) if s else Standardization.identity(self.N)
        self.standardized = s is not None
        if len(self.standardization.mean) != self.N or len(self.standardization.std) != self.N or not np.all(self.standardization.std > 0):
            raise ModelFileError(path, f"has a standardization that does not fit observed_dim {self.N} (or a std <= 0)", "the file is corrupt")
        p, e = record.get("preprocessing"), record.get("embedding")
        self.preprocessing = Preprocessing(p.get("dt"), p.get("detrend", False), p.get("highpass"), p.get("downsample", 1)) if p else None
        self.embedding = DelayEmbedding(e["channels"], e["coordinates"]) if e else None
        if self.embedding is not None and self.embedding.dimension != self.N:
            raise ModelFileError(path, f"has an embedding of {self.embedding.dimension} coordinates for observed_dim {self.N}", "the file is corrupt")
        self._pinv = np.linalg.pinv(self.B, rcond=np.finfo(np.float64).eps * min(self.B.shape)) if self.observation_model == "Affine" else None

    # ------------------------------------------------------------------ reading

    def _field(self, key, kind):
        value = self.record.get(key)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ModelFileError(self.path, f"has no valid {key!r} (got {value!r})", "the file is incomplete or corrupt")
        return value

    def expected_shapes(self):
        """The shape of every parameter array for this model's kind and sizes, by name."""
        m, n, k = self.M, self.N, self.K
        if m < 1 or n < 1 or k < 0:
            raise ModelFileError(self.path, f"declares latent_dim {m}, observed_dim {n}, input_dim {k}", "they must be at least 1, 1 and 0")
        shapes = {"A": (m,)}
        if self.kind in ("shallowPLRNN", "clippedShallowPLRNN"):
            l = self.hidden_dim
            if not isinstance(l, int) or l < 1:
                raise ModelFileError(self.path, f"declares no hidden_dim (at least 1) for a {self.kind}", "the file is corrupt")
            shapes.update(W1=(m, l), W2=(l, m), h1=(m,), h2=(l,))
        elif self.kind in ("dendPLRNN", "clippedDendPLRNN"):
            b = self.num_bases
            if not isinstance(b, int) or b < 1:
                raise ModelFileError(self.path, f"declares no num_bases (at least 1) for a {self.kind}", "the file is corrupt")
            shapes.update(W=(m, m), h=(m,), alpha=(b,), H=(m, b))
        else:
            if self.kind == "ALRNN" and not (isinstance(self.pwl_units, int) and 0 <= self.pwl_units <= m):
                raise ModelFileError(self.path, f"declares pwl_units {self.pwl_units!r} for an ALRNN with latent_dim {m}", f"it must lie in 0..{m}")
            shapes.update(W=(m, m), h=(m,))
        if self.observation_model == "Affine":
            shapes["B"] = (n, m)
        else:
            if n > m:
                raise ModelFileError(self.path, f"declares observed_dim {n} > latent_dim {m} with the Identity observation model", "the file is corrupt")
            if m > n:
                shapes["L"] = (m - n, n)
        if k > 0:
            shapes["C"] = (m, k)
        return shapes

    def _read_parameters(self):
        stored = self.record.get("parameters")
        if not isinstance(stored, dict):
            raise ModelFileError(self.path, "has no 'parameters' object", "the file is incomplete")
        out = {}
        for name, shape in self.expected_shapes().items():
            if name not in stored:
                raise ModelFileError(self.path, f"has no parameter {name!r} for a {self.kind}", "the file is incomplete")
            entry = stored[name]
            try:
                data = np.asarray(entry["data"], dtype=np.float64)
                stored_shape = tuple(entry["shape"])
            except (KeyError, TypeError, ValueError):
                raise ModelFileError(self.path, f"parameter {name!r} is not {{'shape': [...], 'data': [...]}}", "the file is corrupt") from None
            if stored_shape != shape:
                raise ModelFileError(self.path, f"parameter {name!r} has shape {list(stored_shape)} but a {self.kind} with these sizes needs {list(shape)}",
                                     "the file is corrupt; use the model.json a run wrote")
            if data.size != int(np.prod(shape)):
                raise ModelFileError(self.path, f"parameter {name!r} has shape {list(shape)} but {data.size} values", "the file is corrupt")
            out[name] = data.reshape(shape)
        return out

    # ------------------------------------------------------------------ the map

    @property
    def dt(self):
        """The model's time step in the recording's time units (None: unknown)."""
        return None if self.preprocessing is None else self.preprocessing.model_dt

    def _affine(self):
        if self.kind in ("shallowPLRNN", "clippedShallowPLRNN"):
            return self.A, self.W1, self.h1
        return self.A, self.W, self.h

    def features(self, z):
        """phi(z) for a state (or states as rows)."""
        z = np.asarray(z, dtype=np.float64)
        kind = self.kind
        if kind == "PLRNN":
            return np.maximum(z, 0.0)
        if kind == "mcPLRNN":
            return np.maximum(z - z.mean(axis=-1, keepdims=True), 0.0)
        if kind in ("dendPLRNN", "clippedDendPLRNN"):
            shifted = np.maximum(z[..., :, None] - self.H, 0.0)
            if kind == "clippedDendPLRNN":
                shifted = shifted - np.maximum(z, 0.0)[..., :, None]
            return shifted @ self.alpha
        if kind in ("shallowPLRNN", "clippedShallowPLRNN"):
            pre = z @ self.W2.T
            phi = np.maximum(pre + self.h2, 0.0)
            return phi - np.maximum(pre, 0.0) if kind == "clippedShallowPLRNN" else phi
        phi = z.copy()  # ALRNN
        linear = self.M - self.pwl_units
        phi[..., linear:] = np.maximum(phi[..., linear:], 0.0)
        return phi

    def step(self, z, s=None):
        """One step ``F(z) = A*z + W @ phi(z) + h`` (``+ C @ s`` for a model with inputs)."""
        z = np.asarray(z, dtype=np.float64)
        a, w, h = self._affine()
        out = a * z + self.features(z) @ w.T + h
        if self.K > 0:
            if s is None:
                raise ValueError(f"this model takes {self.K} external inputs per step: give s")
            out = out + np.asarray(s, dtype=np.float64) @ self.C.T
        return out

    def jacobian(self, z):
        """``dF/dz`` at the state z (M x M): ``diag(A) + W diag(gate) input``."""
        z = np.asarray(z, dtype=np.float64)
        a, w, _ = self._affine()
        kind = self.kind
        if kind == "PLRNN":
            j = w * (z > 0)
        elif kind == "mcPLRNN":
            centring = np.eye(self.M) - 1.0 / self.M
            j = (w * (z - z.mean() > 0)) @ centring
        elif kind in ("dendPLRNN", "clippedDendPLRNN"):
            above = (z[:, None] > self.H).astype(np.float64)
            if kind == "clippedDendPLRNN":
                above = above - (z > 0)[:, None]
            j = w * (above @ self.alpha)
        elif kind in ("shallowPLRNN", "clippedShallowPLRNN"):
            pre = self.W2 @ z
            gate = (pre + self.h2 > 0).astype(np.float64)
            if kind == "clippedShallowPLRNN":
                gate = gate - (pre > 0)
            j = (w * gate) @ self.W2
        else:
            gate = np.ones(self.M)
            linear = self.M - self.pwl_units
            gate[linear:] = z[linear:] > 0
            j = w * gate
        return j + np.diag(a)

    # ------------------------------------------------------------------ regions

    def switch_values(self, z):
        """The values ``g_j . z + c_j`` of the model's switches, in dsr's switch (region-bit) order:
        the last P units (ALRNN), every unit (PLRNN; minus the mean for mcPLRNN), ``W2 z + h2`` then
        (clipped) ``W2 z`` (shallow models), ``z_i - H_ib`` for unit i, basis b, then (clipped) ``z_i``
        (dendritic models)."""
        z = np.asarray(z, dtype=np.float64)
        kind = self.kind
        if kind == "ALRNN":
            return z[self.M - self.pwl_units:]
        if kind == "PLRNN":
            return z
        if kind == "mcPLRNN":
            return z - z.mean()
        if kind in ("shallowPLRNN", "clippedShallowPLRNN"):
            pre = self.W2 @ z
            return np.concatenate([pre + self.h2, pre]) if kind == "clippedShallowPLRNN" else pre + self.h2
        values = (z[:, None] - self.H).ravel()
        return np.concatenate([values, z]) if kind == "clippedDendPLRNN" else values

    def region(self, z):
        """The linear subregion of z: one bool per switch (on iff its value is > 0, strictly)."""
        return self.switch_values(z) > 0

    def region_code(self, z):
        """The region as dsr numbers it: ``sum_i bit_i 2**i`` (switch i is bit i). dsr defines the
        number up to 62 switches (beyond, it prints the bits); Python's integers have no limit."""
        return sum(1 << i for i, on in enumerate(self.region(z)) if on)

    def region_string(self, z):
        """The region as dsr prints it: the bits in switch order, e.g. ``'01'``."""
        return "".join("1" if on else "0" for on in self.region(z))

    def linear_subregion(self, z):
        """``(A_d, b_d)``: in the region of z the map is exactly ``F(z) = A_d @ z + b_d``
        (autonomous part; ``A_d`` is the Jacobian there)."""
        z = np.asarray(z, dtype=np.float64)
        a, w, h = self._affine()
        if self.kind in ("shallowPLRNN", "clippedShallowPLRNN"):
            offset = h + w @ ((self.W2 @ z + self.h2 > 0) * self.h2)
        elif self.kind in ("dendPLRNN", "clippedDendPLRNN"):
            on = z[:, None] - self.H > 0
            offset = h - w @ ((on * self.H) @ self.alpha)
        else:
            offset = h.copy()
        return self.jacobian(z), offset

    # ------------------------------------------------------------------ observations and data

    def observe(self, z):
        """Observations (model units) of states: ``z[:N]`` (Identity) or ``B @ z`` (Affine)."""
        z = np.asarray(z, dtype=np.float64)
        return z[..., :self.N] if self.observation_model == "Identity" else z @ self.B.T

    def initial_state(self, x):
        """dsr's ``init_state`` of an observation x in model units: ``[x, L @ x]`` (Identity with
        M > N), x (M = N) or ``pinv(B) @ x`` (Affine, singular values below ``eps*min(N, M)*s_max``
        dropped, Julia's default)."""
        x = np.asarray(x, dtype=np.float64)
        if self.observation_model == "Affine":
            return x @ self._pinv.T
        if self.M == self.N:
            return x.copy()
        return np.concatenate([x, x @ self.L.T], axis=-1)

    def to_model_units(self, recording):
        """A raw recording (T x channels, data units) as the model sees it: preprocessed,
        delay-embedded, standardised (what every dsr command does to data)."""
        x = np.asarray(recording, dtype=np.float64)
        if x.ndim == 1:
            x = x[:, None]
        columns = self.embedding.channels if self.embedding else self.N
        if x.ndim != 2 or x.shape[1] != columns:
            raise ValueError(f"the model reads a recording of {columns} column(s), got shape {x.shape}")
        if self.preprocessing is not None:
            x = self.preprocessing.apply(x)
        if self.embedding is not None:
            x = self.embedding.apply(x)
        return self.standardization.apply(x)

    def to_data_units(self, x):
        """Observations in model units → data units (the inverse standardisation)."""
        return self.standardization.invert(x)

    # ------------------------------------------------------------------ free runs

    def generate(self, steps, x0=None, inputs=None, return_latent=False):
        """A free run of ``steps`` rows in the data's units, as ``dsr generate`` writes it.

        x0: the start, an observation in data units (length N; for a delay-embedded model the
        embedded coordinates); None: the observation 0 in model units (the training data's mean).
        Row 0 is the observation of ``z1 = initial_state(standardised x0)`` (x0 itself for the
        Identity model), row t the observation after t steps. With inputs (``steps x K``), step t
        adds ``C @ inputs[t]``. Once a state is not finite the rest is NaN, as in dsr.
        Returns ``steps x N`` (and the ``steps x M`` latent states with ``return_latent``).
        """
        steps = int(steps)
        if steps < 1:
            raise ValueError(f"steps must be at least 1, got {steps}")
        x = np.zeros(self.N) if x0 is None else self.standardization.apply(np.asarray(x0, dtype=np.float64).reshape(self.N))
        return self._run(self.initial_state(x), steps, inputs, return_latent)

    def generate_from_data(self, recording, steps, start=None, inputs=None, return_latent=False):
        """``dsr generate MODEL --data FILE --start ROW``: the free run from recording row ``start``
        (0-based; None: the first row the model can start from), the recording mapped by the model's
        preprocessing, embedding and standardisation; ``inputs`` the recording's external inputs."""
        x = self.to_model_units(recording)
        k = self.preprocessing.downsample if self.preprocessing else 1
        lag = self.embedding.max_lag if self.embedding else 0
        if start is None:
            complete = np.flatnonzero(np.all(np.isfinite(x), axis=1))
            if complete.size == 0:
                raise ValueError("the recording has no complete row to start from")
            row = int(complete[0])
        else:
            if start % k:
                raise ValueError(f"start {start}: the model keeps every {k}th row of the recording; give a multiple of {k}")
            row = start // k - lag
            if row < 0:
                raise ValueError(f"start {start}: the delay embedding needs earlier rows; give start >= {lag * k}")
            if row >= x.shape[0]:
                raise ValueError(f"start {start} lies beyond the recording")
        s = None
        if self.K > 0:
            if inputs is None:
                raise ValueError(f"this model takes {self.K} external inputs: give inputs")
            s = np.asarray(inputs, dtype=np.float64)
            if self.preprocessing is not None and k > 1:
                s = s[::k]
            s = s[lag:][row:row + steps]
        return self._run(self.initial_state(x[row]), int(steps), s, return_latent)

    def _run(self, z1, steps, inputs, return_latent):
        if self.K > 0:
            if inputs is None:
                raise ValueError(f"this model takes {self.K} external inputs per step: give inputs (steps x {self.K})")
            inputs = np.asarray(inputs, dtype=np.float64)
            if inputs.ndim != 2 or inputs.shape[1] != self.K or inputs.shape[0] < steps:
                raise ValueError(f"inputs must be at least {steps} x {self.K}, got shape {inputs.shape}")
        elif inputs is not None:
            raise ValueError("this model has no external inputs")
        z = np.full((steps, self.M), np.nan)
        z[0] = z1
        with np.errstate(over="ignore", invalid="ignore"):
            for t in range(1, steps):
                nxt = self.step(z[t - 1], inputs[t] if self.K > 0 else None)
                if not np.all(np.isfinite(nxt)):
                    break
                z[t] = nxt
        x = self.to_data_units(self.observe(z))
        return (x, z) if return_latent else x

    # ------------------------------------------------------------------ Lyapunov spectrum

    def lyapunov_spectrum(self, steps=100_000, transient=1000, z0=None, x0=None, count=None, dt=None):
        """Lyapunov exponents by the QR method, as ``dsr lyapunov``: from z0 (latent) or the
        initial state of x0 (data units), else z = 0, ``transient`` steps discarded, then the tangent
        basis propagated and re-orthonormalised (modified Gram-Schmidt) for ``steps`` steps.
        Per step, or per time unit with dt (e.g. ``dt=model.dt``). Autonomous models only."""
        if self.K > 0:
            raise ValueError("the Lyapunov spectrum is defined here for autonomous models (input_dim 0)")
        m = self.M
        k = m if count is None else int(count)
        if z0 is not None:
            z = np.asarray(z0, dtype=np.float64).reshape(m)
        elif x0 is not None:
            z = self.initial_state(self.standardization.apply(np.asarray(x0, dtype=np.float64).reshape(self.N)))
        else:
            z = np.zeros(m)
        for _ in range(transient):
            z = self.step(z)
        q = np.eye(m)[:, :k]
        sums = np.zeros(k)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for _ in range(steps):
                q = self.jacobian(z) @ q
                z = self.step(z)
                for i in range(k):
                    for p in range(i):
                        q[:, i] -= (q[:, p] @ q[:, i]) * q[:, p]
                    norm = np.sqrt(q[:, i] @ q[:, i])
                    sums[i] += np.log(norm)
                    q[:, i] /= norm
                if not np.isfinite(sums[0]):
                    break
        if not np.all(np.isfinite(sums)):
            return np.full(k, np.nan)  # as dsr: a collapsed or non-finite direction gives NaN exponents
        return sums / (steps * (1.0 if dt is None else dt))

    def __repr__(self):
        sizes = {"hidden_dim": self.hidden_dim, "num_bases": self.num_bases, "pwl_units": self.pwl_units}
        extra = "".join(f", {k}={v}" for k, v in sizes.items() if v is not None)
        return f"<dsr_models.Model {self.kind} M={self.M} N={self.N} K={self.K}{extra} {self.observation_model} from {self.path}>"
