"""Denoising diffusion on toy data: a noise schedule, a denoiser and two samplers.

Chapter §1.2.2 describes a diffusion model as one that starts from random noise and removes it
step by step until a sample looks like the training data. This module spells out the three
separate pieces that make that work, in the spirit of tanelp/tiny-diffusion and diffusers'
``DDPMScheduler``:

1. :class:`NoiseSchedule`: the *forward* process. It fixes how much noise is mixed into the data
   at each of ``T`` steps, x_t = sqrt(ᾱ_t) x_0 + sqrt(1 - ᾱ_t) ε (Ho et al. 2020, "DDPM",
   eq. 4), and owns the reverse update :meth:`NoiseSchedule.step` (DDPM eq. 6-7 and 15; Song et
   al. 2021, "DDIM", eq. 12 and 16). The linear schedule is DDPM's; the cosine schedule is Nichol
   & Dhariwal 2021, eq. 17.
2. :class:`Denoiser`: a small MLP that looks at a noisy point and guesses the noise ε in it. It
   knows nothing of the schedule: it is told the *noise level* sqrt(1 - ᾱ_t) rather than a step
   number (as in Kingma et al. 2021 and Karras et al. 2022), so one trained network can be sampled
   with either schedule and any number of steps.
3. :func:`sample`: the *reverse* process, DDPM's ancestral sampler or DDIM's deterministic one,
   optionally returning every intermediate x_t and the clean sample predicted at each step.

:func:`train` fits a denoiser with DDPM's simple loss ||ε - ε̂(x_t, t)||² (DDPM Algorithm 1) and
reports progress through a callback that may ask it to stop. :func:`energy_distance` scores how
close generated points are to the data. Torch is imported only by the diffusion modules and the
pages that use them, so the home page stays fast.
"""

from __future__ import annotations

import json
import math
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from scipy.spatial.distance import cdist
from torch import nn

SCHEDULES = ("linear", "cosine")
SAMPLERS = ("ddpm", "ddim")
MIN_STEPS, MAX_STEPS = 10, 1000
MAX_BETA = 0.999  # Nichol & Dhariwal clip β so that ᾱ_T stays above zero
BUNDLED_DIR = Path(__file__).resolve().parents[2] / "assets" / "models" / "diffusion"


_threads_lock = threading.Lock()
_threads_users = 0
_threads_before = 0


@contextmanager
def one_thread():
    """Run torch on one intra-op thread while inside (reference-counted across threads).

    The networks here are tiny: splitting a 256 × 128 matrix product over two cores costs more in
    synchronisation than it saves, and on a busy two-core server it was 3-6 times slower
    (measured). The setting is process-wide, so it is restored when the last user leaves.

    Not :func:`playground.compute.one_thread`: its threadpoolctl controller is built once, and
    when that happens before torch is imported (a scikit-learn page visited first) it never sees
    torch's own OpenMP library and leaves torch on every core (checked). The apps also start
    torch on one thread (``OMP_NUM_THREADS``, :func:`playground.models.prepare_process`); this
    covers tests, benches and the training script.
    """
    global _threads_users, _threads_before
    with _threads_lock:
        if _threads_users == 0:
            _threads_before = torch.get_num_threads()
            torch.set_num_threads(1)
        _threads_users += 1
    try:
        yield
    finally:
        with _threads_lock:
            _threads_users -= 1
            if _threads_users == 0:
                torch.set_num_threads(_threads_before)


# ---------------------------------------------------------------------------------------------
# 1. The noise schedule (forward process and the reverse update rule)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScheduleParams:
    """Which schedule and how many steps; also the cache key and URL state of the pages."""

    kind: str = "cosine"  # "linear" (DDPM) or "cosine" (improved DDPM): how fast noise grows
    n_steps: int = 100  # T: more steps, smaller changes per step

    def __post_init__(self):
        if self.kind not in SCHEDULES:
            raise ValueError(f"kind must be one of {SCHEDULES}, got {self.kind!r}")
        if not MIN_STEPS <= self.n_steps <= MAX_STEPS:
            raise ValueError(f"n_steps must be within {MIN_STEPS}..{MAX_STEPS}, got {self.n_steps}")


def _alpha_bar(kind: str, s: np.ndarray) -> np.ndarray:
    """ᾱ as a function of continuous time s in [0, 1], so that every T samples the same curve.

    linear: β grows linearly from 0.1 / T to 20 / T, the continuous limit of DDPM's
    β_1 = 1e-4 ... β_T = 0.02 at T = 1000 (Song et al. 2021, "score SDE", VP-SDE).
    cosine: ᾱ(s) = f(s) / f(0) with f(s) = cos²((s + 0.008) / 1.008 · π/2) (Nichol & Dhariwal).
    """
    if kind == "linear":
        beta_min, beta_max = 0.1, 20.0
        return np.exp(-(beta_min * s + 0.5 * (beta_max - beta_min) * s**2))
    offset = 0.008
    f = np.cos((s + offset) / (1 + offset) * np.pi / 2) ** 2
    return f / np.cos(offset / (1 + offset) * np.pi / 2) ** 2


class NoiseSchedule:
    """Coefficients of a discrete forward process with ``T`` steps t = 0 .. T-1.

    Step t = 0 adds a little noise to the data, step T-1 leaves (almost) pure noise. Every
    coefficient is computed once here, in float64, and kept as a float32 tensor of shape (T,).
    """

    def __init__(self, params: ScheduleParams = ScheduleParams()):
        self.params = params
        T = params.n_steps
        bar = _alpha_bar(params.kind, np.arange(T + 1) / T)  # ᾱ at s = 0, 1/T, ..., 1
        betas = np.clip(1.0 - bar[1:] / bar[:-1], 1e-8, MAX_BETA)
        alphas_cumprod = np.cumprod(1.0 - betas)

        def tensor(values):
            return torch.as_tensor(values, dtype=torch.float32)

        self.betas = tensor(betas)  # β_t: variance added at step t (linear / cosine curves)
        self.alphas = tensor(1.0 - betas)  # α_t = 1 - β_t
        self.alphas_cumprod = tensor(alphas_cumprod)  # ᾱ_t = Π α_s: the signal left after t steps
        # add_noise (DDPM eq. 4): x_t = sqrt(ᾱ_t) x_0 + sqrt(1 - ᾱ_t) ε
        self.sqrt_alphas_cumprod = tensor(np.sqrt(alphas_cumprod))
        self.sqrt_one_minus_alphas_cumprod = tensor(np.sqrt(1.0 - alphas_cumprod))
        # predict_x0 (DDPM eq. 15 solved for x_0): x_0 = x_t / sqrt(ᾱ_t) - sqrt(1/ᾱ_t - 1) ε
        self.sqrt_recip_alphas_cumprod = tensor(np.sqrt(1.0 / alphas_cumprod))
        self.sqrt_recipm1_alphas_cumprod = tensor(np.sqrt(1.0 / alphas_cumprod - 1.0))
        # the denoiser's input: the noise level σ_t = sqrt(1 - ᾱ_t), never the step number
        self.noise_levels = self.sqrt_one_minus_alphas_cumprod
        # the page's curve: signal-to-noise ratio ᾱ_t / (1 - ᾱ_t) (Kingma et al. 2021)
        self.snr = tensor(alphas_cumprod / (1.0 - alphas_cumprod))

    def __len__(self) -> int:
        return self.params.n_steps

    def _cumprod_at(self, t: int) -> torch.Tensor:
        """ᾱ_t, with ᾱ_{-1} = 1: "before the first step" is the clean data."""
        return self.alphas_cumprod[t] if t >= 0 else torch.tensor(1.0)

    def add_noise(self, x0: torch.Tensor, noise: torch.Tensor, t) -> torch.Tensor:
        """Sample q(x_t | x_0) in closed form (DDPM eq. 4).

        Parameters
        ----------
        x0, noise : tensors of shape (n, d)
        t : int or long tensor of shape (n,), steps in 0 .. T-1
        """
        t = torch.as_tensor(t, dtype=torch.long)
        signal = self.sqrt_alphas_cumprod[t].reshape(-1, *[1] * (x0.dim() - 1))
        spread = self.sqrt_one_minus_alphas_cumprod[t].reshape(-1, *[1] * (x0.dim() - 1))
        return signal * x0 + spread * noise

    def predict_x0(self, x_t: torch.Tensor, eps: torch.Tensor, t: int) -> torch.Tensor:
        """The clean sample implied by a noise guess (DDPM eq. 15, DDIM eq. 9)."""
        return self.sqrt_recip_alphas_cumprod[t] * x_t - self.sqrt_recipm1_alphas_cumprod[t] * eps

    def timesteps(self, n_sampling_steps: int | None = None) -> list[int]:
        """The steps a sampler visits, from T-1 down to 0, evenly spaced when fewer than T."""
        T = len(self)
        n = T if n_sampling_steps is None else max(1, min(int(n_sampling_steps), T))
        return sorted({int(v) for v in np.linspace(T - 1, 0, n).round()}, reverse=True)

    def step(self, eps: torch.Tensor, t: int, x_t: torch.Tensor, *, prev_t: int | None = None,
             method: str = "ddpm", generator: torch.Generator | None = None,
             clip: float | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """One reverse update from step ``t`` to ``prev_t`` (default t - 1; -1 means "clean").

        Parameters
        ----------
        eps : the denoiser's noise guess ε̂(x_t), same shape as ``x_t`` (n, d)
        method : "ddpm" (ancestral, stochastic) or "ddim" (deterministic, η = 0)
        generator : source of DDPM's fresh noise (without one, torch's global state is used)
        clip : clamp the predicted clean sample to [-clip, clip] (images live in [-1, 1])

        Returns
        -------
        x_prev : the sample at ``prev_t``, shape (n, d)
        x0_pred : the clean sample predicted at this step, shape (n, d)
        """
        if method not in SAMPLERS:
            raise ValueError(f"method must be one of {SAMPLERS}, got {method!r}")
        prev_t = t - 1 if prev_t is None else prev_t
        bar_t, bar_prev = self._cumprod_at(t), self._cumprod_at(prev_t)
        # 1. Predict the clean sample from the noise guess (DDPM eq. 15, DDIM eq. 9).
        x0_pred = self.predict_x0(x_t, eps, t)
        if clip is not None:
            x0_pred = x0_pred.clamp(-clip, clip)
            eps = (x_t - bar_t.sqrt() * x0_pred) / (1 - bar_t).sqrt()  # keep ε consistent
        if method == "ddim":
            # 2. DDIM eq. 12 with η = 0 (eq. 16): rescale the clean guess to the previous noise
            #    level and add back the *same* noise direction; nothing random is drawn.
            return bar_prev.sqrt() * x0_pred + (1 - bar_prev).sqrt() * eps, x0_pred
        # 2. DDPM eq. 7: mean of the posterior q(x_prev | x_t, x_0), a blend of the clean guess
        #    and x_t. With skipped steps β is the total variance added between prev_t and t.
        beta = 1 - bar_t / bar_prev
        mean = ((bar_prev.sqrt() * beta / (1 - bar_t)) * x0_pred
                + ((1 - beta).sqrt() * (1 - bar_prev) / (1 - bar_t)) * x_t)
        if prev_t < 0:
            return mean, x0_pred  # the last step adds no noise (DDPM Algorithm 2, z = 0 at t = 1)
        # 3. Add fresh noise with the posterior variance β̃ = (1 - ᾱ_prev) / (1 - ᾱ_t) β (eq. 7).
        variance = (1 - bar_prev) / (1 - bar_t) * beta
        noise = torch.randn(x_t.shape, generator=generator, dtype=x_t.dtype)
        return mean + variance.sqrt() * noise, x0_pred


# ---------------------------------------------------------------------------------------------
# 2. The denoiser (knows nothing of the schedule)
# ---------------------------------------------------------------------------------------------

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
# 3. Samplers (the reverse process)
# ---------------------------------------------------------------------------------------------

NoisePredictor = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]  # (x_t, σ_t) -> ε̂


@dataclass
class SampleResult:
    samples: np.ndarray  # (n, d): the generated points, x after the last step
    timesteps: np.ndarray  # (K,): the steps visited, from T-1 down to 0
    trajectory: np.ndarray | None = None  # (K + 1, n, d): x_T (pure noise), then x after each step
    predicted_x0: np.ndarray | None = None  # (K, n, d): the clean sample guessed at each step


def sample(denoiser: NoisePredictor, schedule: NoiseSchedule, n: int, *, method: str = "ddpm",
           n_steps: int | None = None, generator: torch.Generator | None = None,
           x_T: torch.Tensor | None = None, dim: int | None = None, clip: float | None = None,
           keep_trajectory: bool = False) -> SampleResult:
    """Generate ``n`` samples by running the reverse process (DDPM Algorithm 2 / DDIM).

    Parameters
    ----------
    denoiser : callable (x_t (n, d), σ_t (n,)) -> ε̂ (n, d); a :class:`Denoiser` or any function
    n_steps : how many of the schedule's steps to visit (default: all T)
    x_T : the starting noise (n, d); drawn from ``generator`` when omitted
    dim : size of a sample when ``x_T`` is omitted (default: the denoiser's config.dim)
    generator : every random draw (starting noise, DDPM's fresh noise); seed 0 when omitted, so
        that nothing here ever touches torch's global random state
    keep_trajectory : also return every intermediate x and predicted x_0
    """
    generator = generator if generator is not None else torch.Generator().manual_seed(0)
    if x_T is None:
        dim = dim or denoiser.config.dim
        x_T = torch.randn((n, dim), generator=generator)  # 1. start from pure noise N(0, I)
    x = x_T.float()
    steps = schedule.timesteps(n_steps)
    path, guesses = [x.numpy().copy()], []
    with torch.inference_mode(), one_thread():
        for i, t in enumerate(steps):
            prev_t = steps[i + 1] if i + 1 < len(steps) else -1
            level = schedule.noise_levels[t].expand(len(x))
            eps = denoiser(x, level)  # 2. guess the noise in x_t
            x, x0_pred = schedule.step(eps, t, x, prev_t=prev_t, method=method,
                                       generator=generator, clip=clip)  # 3. remove part of it
            if keep_trajectory:
                path.append(x.numpy().copy())
                guesses.append(x0_pred.numpy().copy())
    result = SampleResult(samples=x.numpy().copy(), timesteps=np.asarray(steps))
    if keep_trajectory:
        result.trajectory, result.predicted_x0 = np.stack(path), np.stack(guesses)
    return result


# ---------------------------------------------------------------------------------------------
# Training, and a model bundle (network + data scaling + the schedule it was trained with)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrainParams:
    """Optimisation budget; the defaults fit a 2-D data set in a few seconds on two cores."""

    n_iterations: int = 1500  # gradient steps
    batch_size: int = 256  # noisy points per step
    learning_rate: float = 3e-3  # Adam's, decayed to zero along a cosine
    seed: int = 0  # weights, batches, steps and noise all come from this seed

    def __post_init__(self):
        if not 1 <= self.n_iterations <= 100_000:
            raise ValueError(f"n_iterations must be within 1..100000, got {self.n_iterations}")
        if not 1 <= self.batch_size <= 4096 or not self.learning_rate > 0:
            raise ValueError("batch_size must be within 1..4096 and learning_rate positive")


@dataclass
class TrainProgress:
    iteration: int  # gradient steps done so far
    n_iterations: int
    loss: float  # this step's loss
    losses: list[float]  # every loss so far
    elapsed: float  # seconds
    model: "DiffusionModel"  # the model being trained (its weights keep changing)


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


def standardise(X: np.ndarray) -> tuple[np.ndarray, float]:
    """Centre and one overall scale (keeps shapes round): the model sees unit-variance data."""
    mean = X.mean(axis=0)
    scale = float(np.sqrt(((X - mean) ** 2).mean()))
    return mean.astype(np.float32), scale if scale > 0 else 1.0


def train(X: np.ndarray, schedule: ScheduleParams = ScheduleParams(),
          params: TrainParams = TrainParams(), config: DenoiserConfig | None = None, *,
          mean: np.ndarray | None = None, scale: float | None = None,
          callback: Callable[[TrainProgress], bool | None] | None = None,
          callback_every: int = 50) -> DiffusionModel:
    """Fit a denoiser to data ``X`` (n, d) with DDPM's simple loss (Algorithm 1).

    ``callback(progress)`` is called every ``callback_every`` steps and at the end; if it returns
    True, training stops there and the model trained so far is returned.
    """
    if mean is None or scale is None:
        mean, scale = standardise(np.asarray(X, np.float64))
    config = config or DenoiserConfig(dim=X.shape[1])
    generator = torch.Generator().manual_seed(params.seed)
    denoiser = Denoiser(config, generator)
    model = DiffusionModel(denoiser, schedule, np.asarray(mean, np.float32), float(scale))
    data = model.to_model_space(X)
    # The sampler's first steps divide the noise guess by sqrt(ᾱ_t) ≈ 0, so a small error in ε̂
    # makes a wild x̂_0; keeping x̂_0 within the data's range (as diffusers' clip_sample does for
    # images in [-1, 1]) tames it. 10 % margin around the farthest training coordinate.
    model.clip = round(1.1 * float(data.abs().max()), 4)
    noise_schedule = NoiseSchedule(schedule)
    optimiser = torch.optim.Adam(denoiser.parameters(), lr=params.learning_rate)
    decay = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, params.n_iterations)
    losses: list[float] = []
    started = time.perf_counter()
    denoiser.train()
    with one_thread():
        for iteration in range(1, params.n_iterations + 1):
            # DDPM Algorithm 1: a batch of data, a random step for each point, fresh noise, then
            # regress the network's guess onto the noise that was actually added.
            x0 = data[torch.randint(len(data), (params.batch_size,), generator=generator)]
            t = torch.randint(len(noise_schedule), (params.batch_size,), generator=generator)
            noise = torch.randn(x0.shape, generator=generator)
            x_t = noise_schedule.add_noise(x0, noise, t)
            loss = torch.mean((denoiser(x_t, noise_schedule.noise_levels[t]) - noise) ** 2)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            decay.step()
            losses.append(loss.item())
            if callback and (iteration % callback_every == 0 or iteration == params.n_iterations):
                progress = TrainProgress(iteration, params.n_iterations, losses[-1], losses,
                                         time.perf_counter() - started, model)
                if callback(progress):
                    break
    denoiser.eval()
    model.info = {"iterations": len(losses), "seconds": round(time.perf_counter() - started, 2),
                  "final_loss": float(np.mean(losses[-50:])), "seed": params.seed}
    return model


def generate(model: DiffusionModel, n: int, *, schedule: ScheduleParams | None = None,
             method: str = "ddpm", n_steps: int | None = None, seed: int = 0,
             keep_trajectory: bool = False) -> SampleResult:
    """:func:`sample` in the data's own units (trajectories too), with a seed."""
    generator = torch.Generator().manual_seed(seed)
    result = sample(model, NoiseSchedule(schedule or model.schedule), n, method=method,
                    n_steps=n_steps, generator=generator, clip=model.clip,
                    keep_trajectory=keep_trajectory)
    result.samples = model.to_data_space(result.samples)
    if keep_trajectory:
        result.trajectory = model.to_data_space(result.trajectory)
        result.predicted_x0 = model.to_data_space(result.predicted_x0)
    return result


def denoising_directions(model: DiffusionModel, schedule: ScheduleParams, t: int,
                         points: np.ndarray) -> np.ndarray:
    """Where the denoiser pushes a point at step ``t``: (x̂_0 - x) per point, data units (n, d).

    The predicted clean sample minus the point is the learned score times σ_t² / sqrt(ᾱ_t)
    plus a shrink toward the origin; it is what a sampler follows when it removes noise.
    """
    noise_schedule = NoiseSchedule(schedule)
    x = model.to_model_space(points)
    with torch.inference_mode(), one_thread():
        eps = model(x, noise_schedule.noise_levels[t].expand(len(x)))
        x0 = noise_schedule.predict_x0(x, eps, t)
        if model.clip is not None:
            x0 = x0.clamp(-model.clip, model.clip)
    return (x0 - x).numpy() * model.scale


# The digits model: the classic DDPM length (T = 1000) so that "fewer steps" has room to shrink;
# 300 k parameters, as wide as an 8 × 8 image needs, 1.2 MB of float32 weights.
DIGITS_SCHEDULE = ScheduleParams("cosine", 1000)
DIGITS_CONFIG = DenoiserConfig(dim=64, hidden=256, depth=3, time_dim=64)
DIGITS_TRAINING = TrainParams(n_iterations=15_000, batch_size=128, learning_rate=2e-3, seed=0)


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
    """Read a model written by :func:`save_model` (eval mode, ready to sample)."""
    from safetensors import safe_open
    from safetensors.torch import load_file

    with safe_open(str(path), framework="pt") as handle:
        metadata = handle.metadata()
    denoiser = Denoiser(DenoiserConfig(**json.loads(metadata["config"])))
    denoiser.load_state_dict(load_file(str(path)))
    denoiser.eval()
    return DiffusionModel(denoiser, ScheduleParams(**json.loads(metadata["schedule"])),
                          np.asarray(json.loads(metadata["mean"]), np.float32),
                          float(metadata["scale"]), json.loads(metadata["clip"]),
                          json.loads(metadata["info"]))


# ---------------------------------------------------------------------------------------------
# Quality
# ---------------------------------------------------------------------------------------------

def energy_distance(a: np.ndarray, b: np.ndarray, scale: float = 1.0) -> float:
    """Energy distance 2 E|A - B| - E|A - A'| - E|B - B'| between two point sets (Székely).

    Zero when the two distributions agree and larger the more they differ. This is the plain
    (V-statistic) estimate, so it is never negative; two samples of one distribution give a
    small positive number that shrinks like 1/n. Distances are divided by ``scale`` first, so
    the number means the same for data in any units.

    Parameters
    ----------
    a : (n, d); b : (m, d)
    """
    a = np.asarray(a, np.float64) / scale
    b = np.asarray(b, np.float64) / scale
    return float(2 * cdist(a, b).mean() - cdist(a, a).mean() - cdist(b, b).mean())
