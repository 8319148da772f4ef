"""The data transforms model.json stores, applied in this order to a raw recording:
preprocessing (detrend, high-pass, downsample), delay embedding, standardisation.

Each mirrors the dsr type of the same name (Sources/DSRData: Preprocessing.swift,
DelayEmbedding.swift, Standardization.swift) in float64.
"""
import numpy as np

MINIMAL_STRETCH = 16  # the shortest gap-free stretch dsr filters (Preprocessing.minimalStretch)


class Standardization:
    """``z = (x - mean) / std`` per column: data units to model units."""

    def __init__(self, mean, std):
        self.mean = np.asarray(mean, dtype=np.float64)
        self.std = np.asarray(std, dtype=np.float64)

    @classmethod
    def identity(cls, n):
        return cls(np.zeros(n), np.ones(n))

    def apply(self, x):
        """Data units → model units (rows are observations)."""
        return (np.asarray(x, dtype=np.float64) - self.mean) / self.std

    def invert(self, z):
        """Model units → data units."""
        return np.asarray(z, dtype=np.float64) * self.std + self.mean


class DelayEmbedding:
    """Coordinates ``x[t - lag, channel]``; row t of the embedded series is recording time
    ``t + max_lag`` (causal lags), so ``T - max_lag`` rows remain."""

    def __init__(self, channels, coordinates):
        self.channels = int(channels)
        self.coordinates = [(int(c["channel"]), int(c["lag"])) for c in coordinates]

    @property
    def dimension(self):
        return len(self.coordinates)

    @property
    def max_lag(self):
        return max(lag for _, lag in self.coordinates)

    def apply(self, x):
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.channels:
            raise ValueError(f"the delay embedding reads a recording of {self.channels} column(s), got shape {x.shape}")
        rows = x.shape[0] - self.max_lag
        if rows < 2:
            raise ValueError(f"a recording of {x.shape[0]} rows is too short for the largest lag {self.max_lag}")
        return np.stack([x[self.max_lag - lag:self.max_lag - lag + rows, c] for c, lag in self.coordinates], axis=1)


class Preprocessing:
    """Detrending, high-pass at ``highpass`` (cycles per time unit of ``dt``) and downsampling by
    ``downsample``, as dsr applies them before the embedding; never undone on output."""

    def __init__(self, dt=None, detrend=False, highpass=None, downsample=1):
        self.dt, self.detrend, self.highpass, self.downsample = dt, bool(detrend), highpass, int(downsample)

    @property
    def model_dt(self):
        """The model's time step, ``downsample * dt`` (None when dt is unknown)."""
        return None if self.dt is None else self.dt * self.downsample

    @property
    def changes_values(self):
        return self.detrend or self.highpass is not None or self.downsample > 1

    def apply(self, x):
        x = np.array(x, dtype=np.float64)
        if not self.changes_values:
            return x
        for c in range(x.shape[1]):
            column = x[:, c]
            if self.detrend:
                _remove_line(column)
            if self.highpass is not None and self.dt is not None:
                fc = self.highpass * self.dt
                _filter(column, lambda f: np.where(f == 0, 0.0, 1 / (1 + (fc / np.where(f == 0, 1.0, f)) ** 4)))
            if self.downsample > 1:
                nyquist = 0.5 / self.downsample
                _filter(column, lambda f: 1 / (1 + (f / nyquist) ** 16))
            x[:, c] = column
        return x[::self.downsample] if self.downsample > 1 else x


def _remove_line(y):
    valid = np.flatnonzero(np.isfinite(y))
    if valid.size < 2:
        return
    t = valid.astype(np.float64)
    t_mean, y_mean = t.mean(), y[valid].mean()
    slope = np.sum((t - t_mean) * (y[valid] - y_mean)) / np.sum((t - t_mean) ** 2)
    y[valid] -= y_mean + slope * (t - t_mean)


def _filter(y, gain):
    """Multiplies the spectrum of each gap-free stretch (symmetrically extended) by gain(f)."""
    start, n = 0, y.size
    while start < n:
        if not np.isfinite(y[start]):
            start += 1
            continue
        end = start
        while end < n and np.isfinite(y[end]):
            end += 1
        if end - start < MINIMAL_STRETCH:
            y[start:end] = np.nan
        else:
            piece = y[start:end]
            extended = np.concatenate([piece, piece[::-1]])
            spectrum = np.fft.rfft(extended)
            spectrum *= gain(np.arange(spectrum.size) / extended.size)
            y[start:end] = np.fft.irfft(spectrum, n=extended.size)[:end - start]
        start = end
