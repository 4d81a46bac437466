"""A generative adversarial network (GAN) for scikit-learn's 8 × 8 handwritten digits.

Chapter §1.2.2 describes a GAN as two networks trained against each other: a *generator* turns a
random noise vector z into an image, a *discriminator* tells real images from generated ones,
and each improves by beating the other (Goodfellow et al. 2014, "Generative Adversarial Nets").
Once trained, only the generator is kept: a new digit costs **one forward pass** of a small
network, where a diffusion model (the neighbouring page) runs its denoiser tens to hundreds of
times. The price is the training itself, a two-player game that can drift into *mode collapse*
(the generator settles on a few digits the discriminator cannot yet reject).

This module reads top to bottom:

1. :class:`GanConfig` and the two networks, :class:`Generator` and :class:`Discriminator`
   (multilayer perceptrons, as in the original paper; images as 64 numbers in [-1, 1]).
2. :func:`train`: the non-saturating GAN game (Goodfellow et al. 2014, §3), with Adam's
   settings from DCGAN (Radford et al. 2016: learning rate 2e-4, β1 = 0.5), a little one-sided
   label smoothing (Salimans et al. 2016, §3.4) and ProGAN's minibatch standard deviation feature
   (Karras et al. 2018, §3), which lets the discriminator see a batch that lacks variety and so
   pushes the generator to cover all ten digits.
3. :func:`noise`, :func:`generate` and :func:`interpolate`: sampling with a seed, and walking in
   noise space between two z (straight line or along the sphere, "slerp", White 2016).
4. :func:`save_model` / :func:`load_model`: the generator as safetensors; a missing or damaged
   file raises :class:`~playground.errors.InputError` naming the file and the command that
   rebuilds it.

The bundled weights come from ``scripts/train_gan_digits.py``; quality figures from
:mod:`playground.gan_digits.quality`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from torch import nn

from playground.errors import InputError

BUNDLED_FILE = (Path(__file__).resolve().parent.parent.parent / "assets" / "models" / "gan"
                / "digits.safetensors")
REBUILD_COMMAND = "nice -n 10 python scripts/train_gan_digits.py"
MAX_IMAGES = 4096  # per call: a sanity bound (the pages ask for at most a few hundred)
INTERPOLATIONS = ("linear", "slerp")


@lru_cache(maxsize=1)
def load_digit_images() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's bundled digits (UCI "Optical Recognition of Handwritten Digits", CC BY 4.0).

    Returns
    -------
    X : (1797, 64) float32, ink 0..16 scaled to [-1, 1] (the generator's tanh range)
    y : (1797,) the digit shown (the GAN never sees it; the quality classifier does)
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    return (digits.data / 8.0 - 1.0).astype(np.float32), digits.target


def to_pixels(X: np.ndarray) -> np.ndarray:
    """Images (n, 64) in [-1, 1] as (n, 8, 8) ink values 0..16."""
    return np.clip((np.asarray(X, np.float64) + 1.0) * 8.0, 0.0, 16.0).reshape(-1, 8, 8)


# ---------------------------------------------------------------------------------------------
# 1. The two networks
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GanConfig:
    """Shape of both networks; stored next to the generator's weights."""

    noise_dim: int = 32  # size of z: enough to vary style and digit, small enough to explore
    hidden: int = 256  # width of every hidden layer
    depth: int = 2  # hidden layers per network
    image_dim: int = 64  # 8 × 8 pixels

    def __post_init__(self):
        if min(self.noise_dim, self.hidden, self.depth, self.image_dim) < 1:
            raise ValueError("noise_dim, hidden, depth and image_dim must all be positive")


def _mlp(sizes: list[int]) -> list[nn.Module]:
    layers: list[nn.Module] = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), nn.LeakyReLU(0.2)]  # leaky: gradients reach every unit
    return layers


def _initialise(module: nn.Module, generator: torch.Generator) -> None:
    """PyTorch's default Linear initialisation, drawn from a private generator (no global seed)."""
    for layer in module.modules():
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_uniform_(layer.weight, a=5 ** 0.5, generator=generator)
            bound = 1 / layer.in_features ** 0.5
            nn.init.uniform_(layer.bias, -bound, bound, generator=generator)


class Generator(nn.Module):
    """z (n, noise_dim) ~ N(0, I) -> image (n, 64) in [-1, 1] (tanh output)."""

    def __init__(self, config: GanConfig = GanConfig(), generator: torch.Generator | None = None):
        super().__init__()
        self.config = config
        sizes = [config.noise_dim] + [config.hidden] * config.depth
        self.net = nn.Sequential(*_mlp(sizes), nn.Linear(config.hidden, config.image_dim),
                                 nn.Tanh())
        _initialise(self, generator or torch.Generator().manual_seed(0))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)


class Discriminator(nn.Module):
    """image (n, 64) -> logit (n,) of "this image is real".

    Before its last layer it appends one number to every row: the batch's average standard
    deviation of the features (ProGAN's minibatch standard deviation). A generator that makes
    the same digit again and again gives a batch with a tell-tale low value.
    """

    def __init__(self, config: GanConfig = GanConfig(), generator: torch.Generator | None = None):
        super().__init__()
        self.body = nn.Sequential(*_mlp([config.image_dim] + [config.hidden] * config.depth))
        self.head = nn.Linear(config.hidden + 1, 1)
        _initialise(self, generator or torch.Generator().manual_seed(0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.body(x)
        spread = h.std(dim=0).mean().expand(len(h), 1)  # one summary of the batch's variety
        return self.head(torch.cat([h, spread], dim=1)).squeeze(1)


# ---------------------------------------------------------------------------------------------
# 2. Training: the adversarial game
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrainParams:
    """Optimisation budget of :func:`train` (the bundled model's values are the defaults)."""

    n_iterations: int = 24_000  # generator updates (one discriminator update each)
    batch_size: int = 128  # real and generated images per update
    learning_rate: float = 2e-4  # Adam, both networks (DCGAN)
    beta1: float = 0.5  # Adam's momentum, lowered as in DCGAN: the target keeps moving
    real_label: float = 0.9  # one-sided label smoothing: the discriminator never gets certain
    seed: int = 0  # weights, batches and noise all come from this seed

    def __post_init__(self):
        if not 1 <= self.n_iterations <= 200_000:
            raise ValueError(f"n_iterations must be within 1..200000, got {self.n_iterations}")
        if not 2 <= self.batch_size <= 4096 or not self.learning_rate > 0:
            raise ValueError("batch_size must be within 2..4096 and learning_rate positive")
        if not 0.5 < self.real_label <= 1.0 or not 0.0 <= self.beta1 < 1.0:
            raise ValueError("real_label must be within (0.5, 1] and beta1 within [0, 1)")


@dataclass
class TrainProgress:
    iteration: int
    n_iterations: int
    d_loss: float  # discriminator loss, averaged over the last report interval
    g_loss: float  # generator loss, same
    elapsed: float  # seconds
    generator: Generator  # the generator being trained (in training mode; weights change)


@dataclass
class GanModel:
    """The trained generator (the discriminator is only needed for training) and notes."""

    generator: Generator
    info: dict = field(default_factory=dict)  # data, budget, time, quality figures ...

    @property
    def config(self) -> GanConfig:
        return self.generator.config


def train(X: np.ndarray, params: TrainParams = TrainParams(), config: GanConfig = GanConfig(),
          callback: Callable[[TrainProgress], bool | None] | None = None,
          callback_every: int = 500) -> GanModel:
    """Play the GAN game on images ``X`` (n, 64) in [-1, 1].

    ``callback(progress)`` runs every ``callback_every`` iterations; returning True stops.
    """
    rng = torch.Generator().manual_seed(params.seed)
    G, D = Generator(config, rng), Discriminator(config, rng)
    opt_g = torch.optim.Adam(G.parameters(), lr=params.learning_rate, betas=(params.beta1, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=params.learning_rate, betas=(params.beta1, 0.999))
    bce = nn.BCEWithLogitsLoss()
    data = torch.as_tensor(np.asarray(X, np.float32))
    real_target = torch.full((params.batch_size,), params.real_label)
    fake_target = torch.zeros(params.batch_size)
    d_losses, g_losses = [], []
    started = time.perf_counter()
    for iteration in range(1, params.n_iterations + 1):
        # 1. Discriminator step: push D(real) up and D(G(z)) down (G is held fixed: detach).
        real = data[torch.randint(len(data), (params.batch_size,), generator=rng)]
        z = torch.randn((params.batch_size, config.noise_dim), generator=rng)
        fake = G(z)
        d_loss = bce(D(real), real_target) + bce(D(fake.detach()), fake_target)
        opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        opt_d.step()
        # 2. Generator step, non-saturating form: maximise log D(G(z)) rather than minimise
        #    log(1 - D(G(z))), whose gradient vanishes while D easily spots the fakes.
        g_loss = bce(D(fake), torch.ones(params.batch_size))
        opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        opt_g.step()
        d_losses.append(d_loss.item())
        g_losses.append(g_loss.item())
        if callback and (iteration % callback_every == 0 or iteration == params.n_iterations):
            progress = TrainProgress(iteration, params.n_iterations,
                                     float(np.mean(d_losses[-callback_every:])),
                                     float(np.mean(g_losses[-callback_every:])),
                                     time.perf_counter() - started, G)
            if callback(progress):
                break
    G.eval()
    info = {"iterations": len(g_losses), "seconds": round(time.perf_counter() - started, 1),
            "d_loss": round(float(np.mean(d_losses[-500:])), 4),
            "g_loss": round(float(np.mean(g_losses[-500:])), 4), "params": repr(params)}
    return GanModel(G, info)


# ---------------------------------------------------------------------------------------------
# 3. Sampling and walking in noise space
# ---------------------------------------------------------------------------------------------

def _check_count(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_IMAGES:
        raise InputError("gan_digits.err_count", found=n, maximum=MAX_IMAGES)
    return int(n)


def noise(n: int, seed: int, noise_dim: int = GanConfig.noise_dim) -> np.ndarray:
    """``n`` noise vectors z ~ N(0, I) from ``seed``, shape (n, noise_dim), float32.

    NumPy draws row after row, so row i depends only on the seed and on i: a larger grid with
    the same seed starts with the same digits, and "digit number k of seed s" is well defined.
    """
    n = _check_count(n)
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, noise_dim)).astype(np.float32)


def decode(model: GanModel, z: np.ndarray) -> np.ndarray:
    """The generator's images for noise vectors ``z`` (n, noise_dim): (n, 64) in [-1, 1].

    One forward pass, no randomness, no gradients; safe to call from several threads at once.
    """
    z = torch.as_tensor(np.asarray(z, np.float32)).reshape(-1, model.config.noise_dim)
    with torch.inference_mode():
        return model.generator(z).numpy()


def generate(model: GanModel, n: int, seed: int = 0) -> np.ndarray:
    """``n`` new digits from ``seed``: images (n, 64) in [-1, 1]."""
    return decode(model, noise(n, seed, model.config.noise_dim))


def interpolate(z_a: np.ndarray, z_b: np.ndarray, n_steps: int,
                method: str = "slerp") -> np.ndarray:
    """``n_steps`` noise vectors from ``z_a`` to ``z_b`` (both ends included), (n_steps, d).

    "linear" walks the straight line; its middle points are shorter than typical noise vectors
    (in 32 dimensions almost every z has length near sqrt(32)), so the generator sees unusual
    input there. "slerp" walks along the great circle and keeps the length typical.
    """
    if method not in INTERPOLATIONS:
        raise ValueError(f"method must be one of {INTERPOLATIONS}, got {method!r}")
    if not 2 <= n_steps <= MAX_IMAGES:
        raise InputError("gan_digits.err_steps", found=n_steps, maximum=MAX_IMAGES)
    a, b = np.asarray(z_a, np.float64).ravel(), np.asarray(z_b, np.float64).ravel()
    s = np.linspace(0.0, 1.0, n_steps)[:, None]
    cos = np.dot(a, b) / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-12)
    omega = np.arccos(np.clip(cos, -1.0, 1.0))
    if method == "linear" or omega < 1e-6:  # parallel vectors: the arc is the line
        path = (1 - s) * a + s * b
    else:
        path = (np.sin((1 - s) * omega) * a + np.sin(s * omega) * b) / np.sin(omega)
    path[0], path[-1] = a, b  # the ends exactly, whatever the rounding
    return path.astype(np.float32)


# ---------------------------------------------------------------------------------------------
# 4. Saving and loading the generator
# ---------------------------------------------------------------------------------------------

def save_model(model: GanModel, path: str | Path = BUNDLED_FILE) -> None:
    """The generator's weights as safetensors, its config and notes in the metadata."""
    from safetensors.torch import save_file

    state = {k: v.detach().contiguous() for k, v in model.generator.state_dict().items()}
    save_file(state, str(path), metadata={"config": json.dumps(asdict(model.config)),
                                          "info": json.dumps(model.info, ensure_ascii=False)})


def load_model(path: str | Path | None = None) -> GanModel:
    """Read a generator written by :func:`save_model` (default: the bundled one).

    Raises
    ------
    InputError("gan_digits.err_model_file", file=..., command=...)
        when the file is missing, truncated or holds something else.
    """
    from safetensors import safe_open

    path = Path(BUNDLED_FILE if path is None else path)
    try:
        with safe_open(str(path), framework="pt") as handle:
            metadata = handle.metadata() or {}
            state = {key: handle.get_tensor(key) for key in handle.keys()}  # noqa: SIM118
        generator = Generator(GanConfig(**json.loads(metadata["config"])))
        generator.load_state_dict(state)
        info = json.loads(metadata.get("info", "{}"))
    except Exception as error:  # any failure to read means the same thing: rebuild the file
        raise InputError("gan_digits.err_model_file", file=str(path), command=REBUILD_COMMAND,
                         reason=type(error).__name__) from error
    generator.eval()
    return GanModel(generator, info)
