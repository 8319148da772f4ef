"""Parity with dsr itself: for every model family and observation model, dsr writes the golden
free run (``dsr generate``) in this test, and the package must reproduce it to 1e-6 relative over
1,000 steps from the same start.

Needs the dsr executable: DSR_EXECUTABLE=/path/to/dsr (``make test-python`` builds it and sets
it). Without it the tests are skipped, unless DSR_PARITY_REQUIRED=1 (as in ``make test``), when
they fail. Each measured figure is printed (and appended to DSR_PARITY_REPORT if set).
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import numpy as np

import dsr_models
from dsr_models import FAMILIES

from fixtures import SIZES, arrays, sprott_alrnn

DSR = os.environ.get("DSR_EXECUTABLE")
REQUIRED = os.environ.get("DSR_PARITY_REQUIRED") == "1"
STEPS = 1000
RTOL = 1e-6


def dsr(*args):
    result = subprocess.run([DSR, *map(str, args)], capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"dsr {' '.join(map(str, args))} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def report(line):
    print(line)
    path = os.environ.get("DSR_PARITY_REPORT")
    if path:
        with open(path, "a") as f:
            f.write(line + "\n")


def agreement(python, golden):
    """(max |py - dsr| / max |dsr|, max elementwise relative difference where |dsr| > 1e-3 max |dsr|)."""
    scale = np.max(np.abs(golden))
    big = np.abs(golden) > 1e-3 * scale
    return np.max(np.abs(python - golden)) / scale, np.max(np.abs(python - golden)[big] / np.abs(golden[big]))


def smooth_recording(rng, rows, columns):
    t = np.arange(rows)[:, None]
    return np.sin(t * rng.uniform(0.05, 0.2, columns) + rng.uniform(0, 6, columns)) * rng.uniform(1, 3, columns) + rng.normal(0, 0.1, (rows, columns)) + 2.0


@unittest.skipUnless(DSR or REQUIRED, "set DSR_EXECUTABLE to the dsr executable (make test-python does)")
class ParityTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not DSR or not os.access(DSR, os.X_OK):
            raise AssertionError(f"DSR_EXECUTABLE={DSR!r} is not an executable dsr; build it with swift build --product dsr")
        cls.dir = tempfile.mkdtemp(prefix="dsr-parity-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def check(self, label, model, python, golden):
        self.assertEqual(python.shape, golden.shape, label)
        self.assertTrue(np.all(np.isfinite(golden)), f"{label}: dsr's golden run is not finite")
        normalised, relative = agreement(python, golden)
        report(f"parity {label:<46} {model.kind:<20} {STEPS} steps: max|py-dsr|/max|dsr| = {normalised:.1e}, max relative = {relative:.1e}")
        np.testing.assert_allclose(python, golden, rtol=RTOL, atol=RTOL * 1e-3 * np.max(np.abs(golden)), err_msg=label)

    def test_reference_arrays_imported_by_dsr(self):
        """A model saved with numpy under the reference names (Identity, M > N), dsr import, dsr generate."""
        rng = np.random.default_rng(30)
        for kind in FAMILIES:
            with self.subTest(kind=kind):
                source, model_path = self.path(f"{kind}-plain.npz"), self.path(f"{kind}-plain.json")
                np.savez(source, **arrays(kind, rng))
                options = ["--pwl-units", SIZES["P"]] if kind == "ALRNN" else []
                dsr("import", source, "--model", kind, *options, "--precision", "float64", "--out", model_path)
                recording = smooth_recording(rng, 50, SIZES["N"])
                np.save(self.path(f"{kind}-plain-data.npy"), recording)
                golden_path = self.path(f"{kind}-plain-golden.npy")
                dsr("generate", model_path, "--steps", STEPS, "--data", self.path(f"{kind}-plain-data.npy"), "--start", 7, "--out", golden_path)
                golden = dsr_models.load_trajectory(golden_path)
                model = dsr_models.load(model_path)
                self.check("Identity, from data row 7", model, model.generate(STEPS, x0=recording[7]), golden)
                self.check("Identity, generate_from_data", model, model.generate_from_data(recording, STEPS, start=7), golden)

    def test_every_observation_model_and_transform(self):
        """Affine read-out; inputs, standardisation, preprocessing and a delay embedding (version 2),
        written as a dsr export record that dsr import checks."""
        rng = np.random.default_rng(31)
        for kind in FAMILIES:
            for variant in ("Affine", "inputs+standardised+embedded"):
                with self.subTest(kind=kind, variant=variant):
                    self.run_variant(kind, variant, rng)

    def run_variant(self, kind, variant, rng):
        n, m = SIZES["N"], SIZES["M"]
        affine = variant == "Affine"
        k = 0 if affine else 2
        p = arrays(kind, rng, observation="Affine" if affine else "Identity", k=k)
        rec = {"format": "dsr-model", "version": 1, "model": kind, "latent_dim": m, "observed_dim": n, "input_dim": k,
               "observation_model": "Affine" if affine else "Identity", "precision": "float32", "parameters": {},
               "standardization": {"mean": rng.normal(2, 1, n).tolist(), "std": rng.uniform(0.5, 2, n).tolist()}}
        if kind in ("shallowPLRNN", "clippedShallowPLRNN"):
            rec["hidden_dim"] = SIZES["L"]
        if kind in ("dendPLRNN", "clippedDendPLRNN"):
            rec["num_bases"] = SIZES["B"]
        if kind == "ALRNN":
            rec["pwl_units"] = SIZES["P"]
            if not affine:  # the PyTorch ALRNN layout of the Identity map: B = [I | L^T]
                p["B"] = np.concatenate([np.eye(n), p.pop("L").T], axis=1)
        channels = n
        if not affine:
            channels = 1
            rec["version"] = 2
            rec["preprocessing"] = {"dt": 0.05, "detrend": True, "highpass": 0.2, "downsample": 2}
            rec["embedding"] = {"channels": 1, "coordinates": [{"channel": 0, "lag": lag} for lag in (0, 4, 9)]}
        base = self.path(f"{kind}-{'affine' if affine else 'v2'}")
        with open(base + ".record", "w") as f:
            json.dump(rec, f)
        # np.savez with an extra member: the record dsr export writes beside the arrays.
        import zipfile
        np.savez(base + ".npz", **p)
        with zipfile.ZipFile(base + ".npz", "a") as z:
            z.writestr("dsr_model.json", json.dumps(rec))
        dsr("import", base + ".npz", "--out", base + ".json")
        recording = smooth_recording(rng, 400, channels)
        np.save(base + "-data.npy", recording)
        args = ["generate", base + ".json", "--steps", STEPS, "--data", base + "-data.npy", "--out", base + "-golden.npy"]
        inputs = None
        if k:
            inputs = rng.normal(0, 1, (2 * (STEPS + 400), k))
            np.save(base + "-inputs.npy", inputs[:400])
            # dsr needs the inputs along the recording: 400 rows, downsampled by 2 → at most 200 − 9
            # rows after the start; a free run of 1000 needs a longer recording, so repeat it.
            recording = smooth_recording(rng, 2 * (STEPS + 400), channels)
            np.save(base + "-data.npy", recording)
            np.save(base + "-inputs.npy", inputs)
        start = 40 if not affine else 11
        dsr(*args, "--start", start, *(["--inputs", base + "-inputs.npy"] if k else []))
        golden = dsr_models.load_trajectory(base + "-golden.npy")
        model = dsr_models.load(base + ".json")
        self.assertEqual(model.version, rec["version"])
        self.check(f"{variant}, from recording row {start}", model, model.generate_from_data(recording, STEPS, start=start, inputs=inputs), golden)
        if affine:
            self.check(f"{variant}, generate(x0)", model, model.generate(STEPS, x0=recording[start]), golden)

    def test_export_carries_the_parameters_under_the_reference_names(self):
        rng = np.random.default_rng(32)
        for kind in ("clippedShallowPLRNN", "ALRNN", "dendPLRNN"):
            source, model_path = self.path(f"{kind}-exp.npz"), self.path(f"{kind}-exp.json")
            p = arrays(kind, rng)
            np.savez(source, **p)
            dsr("import", source, "--model", kind, *(["--pwl-units", SIZES["P"]] if kind == "ALRNN" else []), "--out", model_path)
            model = dsr_models.load(model_path)
            for fmt in ("npz", "safetensors"):
                out = self.path(f"{kind}-exported.{fmt}")  # not the import source {kind}-exp.npz
                dsr("export", model_path, "--format", fmt, "--out", out)
                exported, record = dsr_models.read_export(out)
                self.assertEqual(record["model"], kind)
                for name, value in model.parameters.items():
                    if kind == "ALRNN" and name == "L":
                        n = model.N
                        np.testing.assert_array_equal(exported["B"], np.concatenate([np.eye(n), value.T], axis=1))
                    else:
                        np.testing.assert_array_equal(exported[name], value, err_msg=f"{kind} {fmt} {name}")
                back = self.path(f"{kind}-back-{fmt}.json")
                dsr("import", out, "--out", back)
                with open(back, "rb") as a, open(model_path, "rb") as b:
                    self.assertEqual(a.read(), b.read(), f"dsr import of dsr export ({fmt}) gives back model.json")

    def test_a_chaotic_model(self):
        """Sprott's piecewise-linear jerk flow as an AL-RNN (lambda_max > 0): parity over 1,000 steps
        from a point on the attractor, and the positive exponent as dsr computes it."""
        source, model_path = self.path("sprott.npz"), self.path("sprott.json")
        np.savez(source, **sprott_alrnn())
        dsr("import", source, "--model", "ALRNN", "--pwl-units", 1, "--precision", "float64", "--out", model_path)
        model = dsr_models.load(model_path)
        on_attractor = model.generate(5000, x0=[0.1, 0.0, -0.9])[-1]
        np.save(self.path("sprott-start.npy"), on_attractor[None, :])
        dsr("generate", model_path, "--steps", STEPS, "--data", self.path("sprott-start.npy"), "--out", self.path("sprott-golden.npy"))
        self.check("chaotic (Sprott jerk flow), on the attractor", model, model.generate(STEPS, x0=on_attractor),
                   dsr_models.load_trajectory(self.path("sprott-golden.npy")))
        out = json.loads(dsr("lyapunov", model_path, "--data", self.path("sprott-start.npy"), "--steps", 20000, "--transient", 0, "--max-only", "--json"))
        mine = model.lyapunov_spectrum(steps=20000, transient=0, x0=on_attractor, count=1)
        report(f"lyapunov chaotic ALRNN       dsr {out['exponents'][0]:.6e}, python {mine[0]:.6e} per step")
        self.assertGreater(mine[0], 1e-4)
        np.testing.assert_allclose(mine, out["exponents"], rtol=RTOL)

    def test_models_dsr_trained(self):
        """model.json as dsr train writes it: a 3-column recording (standardised, version 1) and a
        one-column recording (detrended, downsampled, delay-embedded by dsr's own choice: version 2)."""
        rng = np.random.default_rng(34)
        t = np.arange(3000) * 0.01
        series = {"multi": np.stack([np.sin(1.3 * t), np.cos(0.7 * t) * 3 + 5, np.sin(0.4 * t + 1) * np.cos(1.1 * t)], axis=1),
                  "single": (np.sin(1.3 * t) + 0.5 * np.sin(3.1 * t) + 0.2 * t)[:, None]}
        for name, recording in series.items():
            recording = recording + rng.normal(0, 0.01, recording.shape)
            data = self.path(f"trained-{name}.npy")
            np.save(data, recording)
            settings = ["epochs=10", "batches_per_epoch=5", "hidden_dim=16", f"results_directory={self.path('Results')}"]
            if name == "single":
                settings += ["detrend=true", "downsample=2"]
            dsr("train", "--data", data, *[a for s in settings for a in ("--set", s)])
            run = os.path.join(self.path("Results"), "data", f"trained-{name}", "001")
            golden = self.path(f"trained-{name}-golden.npy")
            start = 300
            dsr("generate", run, "--steps", STEPS, "--data", data, "--start", start, "--out", golden)
            model = dsr_models.load(run)
            self.assertEqual(model.version, 2 if name == "single" else 1)
            self.check(f"dsr train ({name}, version {model.version}), from row {start}", model,
                       model.generate_from_data(recording, STEPS, start=start), dsr_models.load_trajectory(golden))

    def test_lyapunov_spectrum_and_regions_agree_with_dsr(self):
        rng = np.random.default_rng(33)
        for kind in ("clippedShallowPLRNN", "ALRNN", "mcPLRNN"):
            source, model_path = self.path(f"{kind}-ly.npz"), self.path(f"{kind}-ly.json")
            np.savez(source, **arrays(kind, rng))
            dsr("import", source, "--model", kind, *(["--pwl-units", SIZES["P"]] if kind == "ALRNN" else []), "--out", model_path)
            model = dsr_models.load(model_path)
            out = json.loads(dsr("lyapunov", model_path, "--steps", 2000, "--transient", 100, "--json"))
            mine = model.lyapunov_spectrum(steps=2000, transient=100)
            theirs = np.array(out["exponents"])
            report(f"lyapunov {kind:<20} max |py-dsr| = {np.max(np.abs(mine - theirs)):.1e} (exponents {np.round(theirs, 4).tolist()})")
            np.testing.assert_allclose(mine, theirs, rtol=RTOL, atol=1e-9)
        for kind in FAMILIES:
            with self.subTest(kind=kind):
                source, model_path = self.path(f"{kind}-regions.npz"), self.path(f"{kind}-regions.json")
                np.savez(source, **arrays(kind, rng))
                dsr("import", source, "--model", kind, *(["--pwl-units", SIZES["P"]] if kind == "ALRNN" else []), "--out", model_path)
                model = dsr_models.load(model_path)
                start = smooth_recording(rng, 1, SIZES["N"])
                np.save(self.path(f"{kind}-regions-start.npy"), start)
                csv = dsr("export", model_path, "--format", "csv", "--steps", 300, "--transient", 0, "--data", self.path(f"{kind}-regions-start.npy"))
                theirs = [line.split(",")[2] for line in csv.strip().splitlines()[1:]]
                _, z = model.generate(300, x0=start[0], return_latent=True)
                mine = [model.region_string(state) for state in z]
                self.assertEqual(mine, theirs, f"{kind}: region bits along the free run, as dsr export --format csv prints them")
                report(f"regions {kind:<20} 300 states, {len(set(theirs))} distinct regions, all bits equal")


if __name__ == "__main__":
    unittest.main()
