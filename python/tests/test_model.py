"""The package on its own: every family's step, Jacobian, regions and affine pieces against each
other and against finite differences; the reading of model.json and its errors."""
import json
import os
import tempfile
import unittest

import numpy as np

import dsr_models
from dsr_models import FAMILIES, Model, ModelFileError

from fixtures import arrays, record


def models(rng, **kw):
    for kind in FAMILIES:
        for observation in ("Identity", "Affine"):
            yield Model(record(kind, arrays(kind, rng, observation=observation), observation=observation, **kw))


class StepTests(unittest.TestCase):
    def test_jacobian_matches_central_differences(self):
        rng = np.random.default_rng(1)
        for model in models(rng):
            for _ in range(5):
                z = rng.normal(0, 1.5, model.M)
                eps = 1e-6
                numeric = np.stack([(model.step(z + eps * e) - model.step(z - eps * e)) / (2 * eps) for e in np.eye(model.M)], axis=1)
                np.testing.assert_allclose(model.jacobian(z), numeric, atol=1e-6, err_msg=model.kind)

    def test_affine_piece_of_the_region_is_the_step(self):
        rng = np.random.default_rng(2)
        for model in models(rng):
            for _ in range(10):
                z = rng.normal(0, 1.5, model.M)
                a, b = model.linear_subregion(z)
                np.testing.assert_allclose(a @ z + b, model.step(z), rtol=1e-12, atol=1e-12, err_msg=model.kind)

    def test_region_bits_count_the_switches_and_code_them_little_endian(self):
        rng = np.random.default_rng(3)
        expected = {"PLRNN": 5, "mcPLRNN": 5, "dendPLRNN": 15, "clippedDendPLRNN": 20, "shallowPLRNN": 7,
                    "clippedShallowPLRNN": 14, "ALRNN": 3}
        for model in models(rng):
            z = rng.normal(0, 1, model.M)
            bits = model.region(z)
            self.assertEqual(bits.size, expected[model.kind], model.kind)
            self.assertEqual(model.region_code(z), int("".join("1" if b else "0" for b in bits[::-1]), 2))
            self.assertEqual(model.region_string(z), "".join("1" if b else "0" for b in bits))

    def test_relu_at_zero_is_off(self):
        model = Model(record("PLRNN", arrays("PLRNN", np.random.default_rng(4))))
        z = np.zeros(model.M)
        self.assertEqual(model.region_code(z), 0)
        np.testing.assert_array_equal(model.jacobian(z), np.diag(model.A))

    def test_alrnn_keeps_its_first_units_linear(self):
        model = Model(record("ALRNN", arrays("ALRNN", np.random.default_rng(5))))
        z = -np.ones(model.M)
        phi = model.features(z)
        np.testing.assert_array_equal(phi[:model.M - model.pwl_units], z[:model.M - model.pwl_units])
        np.testing.assert_array_equal(phi[model.M - model.pwl_units:], 0)

    def test_generate_starts_at_the_observation_in_data_units(self):
        rng = np.random.default_rng(6)
        kind = "clippedShallowPLRNN"
        std = {"mean": [1.0, -2.0, 3.0], "std": [2.0, 0.5, 4.0]}
        model = Model(record(kind, arrays(kind, rng), standardization=std))
        x0 = np.array([2.0, -1.0, 5.0])
        x = model.generate(50, x0)
        self.assertEqual(x.shape, (50, 3))
        np.testing.assert_allclose(x[0], x0, rtol=1e-15)
        z1 = model.initial_state((x0 - std["mean"]) / std["std"])
        np.testing.assert_allclose(x[1], model.step(z1)[:3] * std["std"] + std["mean"], rtol=1e-14)

    def test_affine_start_is_the_pseudo_inverse(self):
        rng = np.random.default_rng(7)
        model = Model(record("ALRNN", arrays("ALRNN", rng, observation="Affine"), observation="Affine"))
        x0 = rng.normal(size=3)
        z1 = model.initial_state(x0)
        np.testing.assert_allclose(model.B @ z1, x0, atol=1e-12)  # B has full row rank here
        np.testing.assert_allclose(z1, np.linalg.lstsq(model.B, x0, rcond=None)[0], atol=1e-12)

    def test_a_diverging_run_turns_nan_as_dsr_does(self):
        p = arrays("PLRNN", np.random.default_rng(8))
        p["A"][:] = 3.0
        model = Model(record("PLRNN", p))
        x = model.generate(2000, np.ones(3))
        self.assertTrue(np.isnan(x[-1]).all())
        self.assertTrue(np.isfinite(x[0]).all())

    def test_inputs_enter_additively(self):
        rng = np.random.default_rng(9)
        model = Model(record("PLRNN", arrays("PLRNN", rng, k=2), k=2))
        s = rng.normal(size=(10, 2))
        x, z = model.generate(10, np.zeros(3), inputs=s, return_latent=True)
        np.testing.assert_allclose(z[3], model.step(z[2], s[3]), rtol=1e-15)
        with self.assertRaises(ValueError):
            model.generate(10, np.zeros(3))

    def test_lyapunov_spectrum_of_a_linear_model_is_its_log_eigenvalues(self):
        p = arrays("ALRNN", np.random.default_rng(10))
        p["W"] = np.zeros_like(p["W"])
        p["A"] = np.array([0.9, 0.5, 0.3, 0.8, 0.2])
        r = record("ALRNN", p)
        r["pwl_units"] = 0
        model = Model(r)
        spectrum = model.lyapunov_spectrum(steps=200, transient=10)
        # a diagonal map keeps the axes: the exponents come in the units' order, as in dsr (QR order)
        np.testing.assert_allclose(spectrum, np.log(p["A"]), rtol=1e-10)
        np.testing.assert_allclose(model.lyapunov_spectrum(steps=200, transient=10, dt=0.5), spectrum / 0.5)


class ReadingTests(unittest.TestCase):
    def write(self, rec):
        d = tempfile.mkdtemp()
        path = os.path.join(d, "model.json")
        with open(path, "w") as f:
            json.dump(rec, f)
        return path

    def test_load_reads_a_file_and_a_run_directory(self):
        rec = record("ALRNN", arrays("ALRNN", np.random.default_rng(11)))
        path = self.write(rec)
        self.assertEqual(dsr_models.load(path).kind, "ALRNN")
        self.assertEqual(dsr_models.load(os.path.dirname(path)).path, path)

    def test_unknown_version_is_refused_clearly(self):
        path = self.write(record("ALRNN", arrays("ALRNN", np.random.default_rng(12)), version=3))
        with self.assertRaises(ModelFileError) as e:
            dsr_models.load(path)
        self.assertIn("version 3", str(e.exception))
        self.assertIn("reads versions 1-2", str(e.exception))
        self.assertIn(path, str(e.exception))

    def test_wrong_shape_names_the_parameter(self):
        rec = record("shallowPLRNN", arrays("shallowPLRNN", np.random.default_rng(13)))
        rec["parameters"]["W2"]["shape"] = rec["parameters"]["W2"]["shape"][::-1]
        with self.assertRaises(ModelFileError) as e:
            Model(rec)
        self.assertIn("'W2'", str(e.exception))

    def test_unknown_family_and_missing_parameter(self):
        rec = record("ALRNN", arrays("ALRNN", np.random.default_rng(14)))
        with self.assertRaises(ModelFileError):
            Model(dict(rec, model="GRU"))
        del rec["parameters"]["L"]
        with self.assertRaises(ModelFileError) as e:
            Model(rec)
        self.assertIn("'L'", str(e.exception))

    def test_embedding_and_preprocessing_map_a_recording(self):
        rng = np.random.default_rng(15)
        emb = {"channels": 1, "coordinates": [{"channel": 0, "lag": 0}, {"channel": 0, "lag": 2}, {"channel": 0, "lag": 5}]}
        rec = record("clippedShallowPLRNN", arrays("clippedShallowPLRNN", rng), version=2, embedding=emb,
                     preprocessing={"dt": 0.1, "detrend": True, "downsample": 1},
                     standardization={"mean": [0.5, 0.5, 0.5], "std": [2.0, 2.0, 2.0]})
        model = Model(rec)
        t = np.arange(100.0)
        recording = np.sin(0.3 * t)[:, None] + 0.01 * t[:, None]
        mapped = model.to_model_units(recording)
        self.assertEqual(mapped.shape, (95, 3))
        detrended = recording[:, 0] - np.polyval(np.polyfit(t, recording[:, 0], 1), t)
        np.testing.assert_allclose(mapped[0], (detrended[[5, 3, 0]] - 0.5) / 2, atol=1e-12)
        self.assertAlmostEqual(model.dt, 0.1)


class FileTests(unittest.TestCase):
    def test_load_trajectory_npy_and_npz(self):
        d = tempfile.mkdtemp()
        x = np.random.default_rng(16).normal(size=(20, 3)).astype(np.float32)
        np.save(os.path.join(d, "x.npy"), x)
        np.testing.assert_array_equal(dsr_models.load_trajectory(os.path.join(d, "x.npy")), x.astype(np.float64))
        np.savez(os.path.join(d, "x.npz"), a=x, b=x[:, :1])
        with self.assertRaises(ModelFileError):
            dsr_models.load_trajectory(os.path.join(d, "x.npz"))
        self.assertEqual(dsr_models.load_trajectory(os.path.join(d, "x.npz"), key="b").shape, (20, 1))


if __name__ == "__main__":
    unittest.main()


class ExportReadingTests(unittest.TestCase):
    def test_safetensors_written_by_another_tool(self):
        import struct
        d = tempfile.mkdtemp()
        header = json.dumps({"A": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "__metadata__": {"format": "pt"}}).encode()
        path = os.path.join(d, "m.safetensors")
        with open(path, "wb") as f:
            f.write(struct.pack("<Q", len(header)) + header + np.array([0.5, -1], "<f4").tobytes())
        arrays, record = dsr_models.read_export(path)
        np.testing.assert_array_equal(arrays["A"], [0.5, -1])
        self.assertIsNone(record)
        with open(path, "wb") as f:
            f.write(struct.pack("<Q", len(header)) + header + b"\x00\x00")
        with self.assertRaises(ModelFileError) as e:
            dsr_models.read_export(path)
        self.assertIn("data_offsets", str(e.exception))
