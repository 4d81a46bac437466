"""The reverse process of a diffusion model: generate samples from noise.

:func:`sample` runs DDPM's ancestral sampler (Ho et al. 2020, Algorithm 2) or DDIM's deterministic
one (Song et al. 2021) with any noise predictor, optionally returning every intermediate x_t and
the clean sample predicted at each step; :func:`generate` does it with a trained
:class:`~playground.diffusion.model.DiffusionModel` in the data's own units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from playground.compute import one_thread
from playground.diffusion.model import DiffusionModel
from playground.diffusion.schedule import SAMPLERS, NoiseSchedule, ScheduleParams

__all__ = ["SAMPLERS", "SampleResult", "sample", "generate", "denoising_directions"]

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
