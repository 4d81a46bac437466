"""The denoiser of a diffusion model and a trained model as it is kept, saved and loaded.

:class:`Denoiser` is a small MLP that looks at a noisy point and guesses the noise ε in it. It
knows nothing of the schedule (:mod:`playground.diffusion.schedule`): it is told the *noise
level* sqrt(1 - ᾱ_t) rather than a step number (as in Kingma et al. 2021 and Karras et al. 2022),
so one trained network can be sampled with either schedule and any number of steps.

:class:`DiffusionModel` bundles a trained denoiser with the data scaling and the schedule it was
trained with; :func:`save_model` / :func:`load_model` keep it as safetensors, and
:func:`load_bundled` reads the models shipped in ``assets/models/diffusion/``
(``scripts/train_diffusion.py`` trains them).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from playground.diffusion.schedule import ScheduleParams

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "assets" / "models" / "diffusion"


@dataclass(frozen=True)
class DenoiserConfig:
    """Shape of the network; stored next to its weights."""

    dim: int = 2  # size of one data point: 2 for points, 64 for 8 × 8 images
    hidden: int = 64  # width of every hidden layer
    depth: int = 3  # residual blocks
    time_dim: int = 32  # size of the sinusoidal noise-level embedding

    def __post_init__(self):
        if min(self.dim, self.hidden, self.depth, self.time_dim) < 1 or self.time_dim % 2:
            raise ValueError("dim, hidden and depth must be positive, time_dim positive and even")


def sinusoidal_embedding(level: torch.Tensor, size: int, scale: float = 1000.0) -> torch.Tensor:
    """Transformer-style embedding of a scalar per row (Vaswani et al. 2017, as in DDPM).

    ``level`` (n,) in [0, 1] is scaled to [0, 1000], the range of DDPM's step numbers, then
    mapped to sines and cosines of geometrically spaced frequencies. Returns shape (n, size).
    """
    half = size // 2
    frequencies = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    angles = scale * level.float()[:, None] * frequencies[None, :]
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)


class _Block(nn.Module):
    """Residual block; the noise level enters every block, so each layer knows how noisy x is."""

    def __init__(self, hidden: int, time_dim: int):
        super().__init__()
        self.norm = nn.LayerNorm(hidden)
        self.linear = nn.Linear(hidden, hidden)
        self.time = nn.Linear(time_dim, hidden)
        self.act = nn.SiLU()

    def forward(self, h, temb):
        return h + self.linear(self.act(self.norm(h) + self.time(temb)))


class Denoiser(nn.Module):
    """ε-prediction network: (x_t of shape (n, dim), noise level σ_t of shape (n,)) -> ε̂ (n, dim).

    Parameters are initialised from ``generator`` (PyTorch's default layer initialisation,
    re-drawn from a private generator so that no global random state is touched or needed).
    """

    def __init__(self, config: DenoiserConfig = DenoiserConfig(),
                 generator: torch.Generator | None = None):
        super().__init__()
        self.config = config
        self.time_mlp = nn.Sequential(nn.Linear(config.time_dim, config.time_dim), nn.SiLU())
        self.input = nn.Linear(config.dim + config.time_dim, config.hidden)
        self.blocks = nn.ModuleList(_Block(config.hidden, config.time_dim)
                                    for _ in range(config.depth))
        self.output = nn.Sequential(nn.LayerNorm(config.hidden), nn.SiLU(),
                                    nn.Linear(config.hidden, config.dim))
        generator = generator if generator is not None else torch.Generator().manual_seed(0)
        for module in self.modules():
            if isinstance(module, nn.Linear):
                nn.init.kaiming_uniform_(module.weight, a=math.sqrt(5), generator=generator)
                bound = 1 / math.sqrt(module.in_features)
                nn.init.uniform_(module.bias, -bound, bound, generator=generator)

    def forward(self, x: torch.Tensor, noise_level: torch.Tensor) -> torch.Tensor:
        temb = self.time_mlp(sinusoidal_embedding(noise_level, self.config.time_dim))
        h = self.input(torch.cat([x, temb], dim=1))
        for block in self.blocks:
            h = block(h, temb)
        return self.output(h)


# ---------------------------------------------------------------------------------------------
# A trained model: network + data scaling + the schedule it was trained with
# ---------------------------------------------------------------------------------------------

@dataclass
class DiffusionModel:
    """A trained denoiser plus what it takes to use it on data in the data's own units."""

    denoiser: Denoiser
    schedule: ScheduleParams  # the schedule it was trained with (sampling may use another)
    mean: np.ndarray  # (d,): data = mean + scale * model space
    scale: float
    clip: float | None = None  # bound on |predicted x_0| in model space (None: no clipping)
    info: dict = field(default_factory=dict)  # free text: data set, budget, time, loss ...

    def to_model_space(self, X: np.ndarray) -> torch.Tensor:
        return torch.as_tensor((np.asarray(X, np.float32) - self.mean) / self.scale)

    def to_data_space(self, Z) -> np.ndarray:
        return np.asarray(Z) * self.scale + self.mean

    def __call__(self, x: torch.Tensor, noise_level: torch.Tensor) -> torch.Tensor:
        return self.denoiser(x, noise_level)

    @property
    def config(self) -> DenoiserConfig:
        return self.denoiser.config


def bundled_file(name: str) -> str:
    """File name of a bundled model: a 2-D shape's name or "digits"."""
    return "digits.safetensors" if name == "digits" else f"points-{name}.safetensors"


def load_bundled(name: str) -> DiffusionModel:
    """The model shipped in assets/ for a 2-D shape or for "digits" (scripts/train_diffusion.py)."""
    return load_model(BUNDLED_DIR / bundled_file(name))


def save_model(model: DiffusionModel, path: str | Path) -> None:
    """Weights as safetensors; config, schedule and scaling in its metadata (all text)."""
    from safetensors.torch import save_file

    state = {name: value.detach().contiguous() for name, value in
             model.denoiser.state_dict().items()}
    metadata = {"config": json.dumps(asdict(model.config)),
                "schedule": json.dumps(asdict(model.schedule)),
                "mean": json.dumps([float(v) for v in model.mean]), "scale": repr(model.scale),
                "clip": json.dumps(model.clip),
                "info": json.dumps(model.info, ensure_ascii=False)}
    save_file(state, str(path), metadata=metadata)


def load_model(path: str | Path) -> DiffusionModel:
    """Read a model written by :func:`save_model` (eval mode, ready to sample). A missing,
    truncated or damaged file raises :class:`playground.model_files.ModelFileError`."""
    from safetensors import safe_open
    from safetensors.torch import load_file

    from playground.model_files import ModelFileError, check_safetensors

    check_safetensors(path)
    try:
        return _read_model(path, safe_open, load_file)
    except (KeyError, TypeError, ValueError, RuntimeError, OSError) as error:
        if isinstance(error, ModelFileError):
            raise
        raise ModelFileError(path, "corrupt") from error


def _read_model(path, safe_open, load_file) -> DiffusionModel:
    with safe_open(str(path), framework="pt") as handle:
        metadata = handle.metadata()
    denoiser = Denoiser(DenoiserConfig(**json.loads(metadata["config"])))
    denoiser.load_state_dict(load_file(str(path)))
    denoiser.eval()
    return DiffusionModel(denoiser, ScheduleParams(**json.loads(metadata["schedule"])),
                          np.asarray(json.loads(metadata["mean"]), np.float32),
                          float(metadata["scale"]), json.loads(metadata["clip"]),
                          json.loads(metadata["info"]))
