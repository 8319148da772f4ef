"""dsr_models: read, run and analyse the models dsr trains, with numpy alone.

>>> import dsr_models
>>> model = dsr_models.load("Results/quickstart/lorenz63/001/model.json")
>>> x = model.generate(1000, x0=[1.0, 2.0, 20.0])      # 1000 x N, in the data's units
>>> model.jacobian(model.initial_state(model.standardization.apply([1.0, 2.0, 20.0])))
>>> model.lyapunov_spectrum(steps=10_000, dt=model.dt)

Every model family and observation model dsr writes (model.json versions 1 and 2: the
standardisation, preprocessing and delay embedding included) in float64, agreeing with
``dsr generate`` to 1e-6 relative (tested against golden runs dsr writes in the test).
"""
from ._errors import ModelFileError
from .files import load_trajectory, read_export
from .model import FAMILIES, OBSERVATION_MODELS, SUPPORTED_VERSIONS, Model, load
from .transforms import DelayEmbedding, Preprocessing, Standardization

__version__ = "0.3.0"
__all__ = ["load", "Model", "ModelFileError", "load_trajectory", "read_export", "FAMILIES", "OBSERVATION_MODELS",
           "SUPPORTED_VERSIONS", "Standardization", "DelayEmbedding", "Preprocessing"]
