"""Writes the fixtures of PreprocessingTests (Tests/DSRDataTests/Fixtures/preprocessing_*.npy).

An independent numpy implementation of dsr's Preprocessing (Sources/DSRData/Preprocessing.swift):
per column, (1) subtract the least-squares line through the finite samples; (2) high-pass with the
gain 1 / (1 + (fc/f)^4) (0 at f = 0), (3) anti-alias low-pass with 1 / (1 + (f/fN)^16) at
fN = 0.5/k, each applied to the spectrum of every gap-free stretch extended by its mirror image
(stretches shorter than 16 samples become NaN); (4) keep rows 0, k, 2k, ….
Run: python3 Tests/generate_preprocessing_fixtures.py
"""
import os
import numpy as np

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "DSRDataTests", "Fixtures")


def detrend(y):
    t = np.arange(len(y), dtype=float)
    ok = np.isfinite(y)
    slope, intercept = np.polyfit(t[ok], y[ok], 1)
    out = y.copy()
    out[ok] = y[ok] - (intercept + slope * t[ok])
    return out


def spectral_filter(y, gain):
    out = y.copy()
    ok = np.isfinite(y)
    i = 0
    while i < len(y):
        if not ok[i]:
            i += 1
            continue
        j = i
        while j < len(y) and ok[j]:
            j += 1
        if j - i < 16:
            out[i:j] = np.nan
        else:
            piece = y[i:j]
            ext = np.concatenate([piece, piece[::-1]])
            n = len(ext)
            f = np.arange(n // 2 + 1) / n
            out[i:j] = np.fft.irfft(np.fft.rfft(ext) * gain(f), n)[: j - i]
        i = j
    return out


def preprocess(x, dt, do_detrend, highpass, k):
    x = x.astype(float).copy()
    for c in range(x.shape[1]):
        y = x[:, c]
        if do_detrend:
            y = detrend(y)
        if highpass:
            fc = highpass * dt
            with np.errstate(divide="ignore"):
                y = spectral_filter(y, lambda f: np.where(f == 0, 0.0, 1.0 / (1.0 + (fc / np.where(f == 0, 1, f)) ** 4)))
        if k > 1:
            y = spectral_filter(y, lambda f: 1.0 / (1.0 + (f / (0.5 / k)) ** 16))
        x[:, c] = y
    return x[::k]


def main():
    dt = 1 / 250
    t = np.arange(3000) * dt
    rng = np.random.default_rng(7)
    a = np.sin(2 * np.pi * 1.3 * t) + 0.4 * np.sin(2 * np.pi * 17 * t) + 0.8 * np.sin(2 * np.pi * 0.07 * t) + 0.3 * t
    b = np.cos(2 * np.pi * 3.1 * t) + 0.1 * rng.standard_normal(len(t)) - 0.5 * t
    x = np.stack([a, b], axis=1)
    x[1200:1210] = np.nan   # a lost stretch (10 rows)
    x[2990:] = x[2990:]     # unchanged tail
    x[1500, 0] = np.nan     # one dropped sample in one channel
    np.save(os.path.join(HERE, "preprocessing_input.npy"), x)
    np.save(os.path.join(HERE, "preprocessing_expected.npy"), preprocess(x, dt, True, 0.5, 3))
    print("wrote preprocessing_input.npy, preprocessing_expected.npy")


if __name__ == "__main__":
    main()
