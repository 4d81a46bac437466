"""Training a diffusion model's denoiser (DDPM's simple loss, Ho et al. 2020, Algorithm 1).

:func:`train` fits a :class:`~playground.diffusion.model.Denoiser` to data and reports progress
through a callback that may ask it to stop; :class:`ModelShelf` keeps what a visitor trained
(the last copy reported, so a stopped run still leaves its model behind).
"""

from __future__ import annotations

import copy
import itertools
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from playground.compute import one_thread
from playground.diffusion.data import standardise
from playground.diffusion.model import Denoiser, DenoiserConfig, DiffusionModel
from playground.diffusion.schedule import NoiseSchedule, ScheduleParams


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
    model: DiffusionModel  # the model being trained (its weights keep changing)


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


# Process-wide serial numbers of kept models. A model's "id" keys results cached for every
# session, so it must never be reused; ``id(model)`` is, once the shelf drops that copy.
_model_numbers = itertools.count(1)


class ModelShelf:
    """The models a visitor trained, newest last, keyed by the data they were trained on.

    :meth:`keep` is meant as (part of) a training callback: it stores a copy of the model after
    every report, so a training run that is interrupted still leaves its latest model behind.
    """

    def __init__(self, size: int = 4):
        self.size, self.entries = size, {}

    def keep(self, signature: str, progress: TrainProgress, budget: TrainParams):
        model = copy.deepcopy(progress.model)
        model.info = {"iterations": progress.iteration, "seconds": round(progress.elapsed, 1)}
        self.entries.pop(signature, None)
        while len(self.entries) >= self.size:
            self.entries.pop(next(iter(self.entries)))
        self.entries[signature] = {"model": model, "losses": list(progress.losses),
                                   "budget": budget, "id": f"{signature}#{next(_model_numbers)}"}

    def get(self, signature: str) -> dict | None:
        """``{"model", "losses", "budget", "id"}`` of the data's latest model, or None."""
        return self.entries.get(signature)
