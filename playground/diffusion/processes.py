"""The forward and reverse processes as the 2-D page shows them: noisy points at a step, the
schedules' signal-to-noise curves, the denoiser's pull on a grid of arrows and a reverse process
with the paths of the points it follows. Both UIs call these; nothing here draws."""

from __future__ import annotations

import numpy as np
import torch

from playground.diffusion.data import standardise
from playground.diffusion.model import DiffusionModel
from playground.diffusion.quality import quality
from playground.diffusion.samplers import SampleResult, denoising_directions, generate
from playground.diffusion.schedule import SCHEDULES, NoiseSchedule, ScheduleParams

ARROW_GRID = 17  # arrows per axis: dense enough to see the flow, sparse enough to read


def forward_points(X: np.ndarray, schedule: ScheduleParams, t: int, seed: int = 0) -> np.ndarray:
    """The data after ``t + 1`` noising steps, x_t = sqrt(ᾱ_t) x_0 + sqrt(1 - ᾱ_t) ε, computed on
    standardised data and returned in data units, shape (n, 2). Same seed, same noise for every t,
    so moving t shows each point drifting rather than jumping."""
    mean, scale = standardise(X)
    noise = torch.randn(X.shape, generator=torch.Generator().manual_seed(seed))
    z0 = torch.as_tensor((X - mean) / scale, dtype=torch.float32)
    xt = NoiseSchedule(schedule).add_noise(z0, noise, torch.full((len(X),), t))
    return xt.numpy() * scale + mean


def signal_left(schedule: ScheduleParams, t: int) -> dict[str, float]:
    """``{"t", "alpha_bar", "snr"}`` at step ``t``: the signal's share of the variance and the
    signal-to-noise ratio ᾱ_t / (1 - ᾱ_t)."""
    noise_schedule = NoiseSchedule(schedule)
    return {"t": t, "alpha_bar": float(noise_schedule.alphas_cumprod[t]),
            "snr": float(noise_schedule.snr[t])}


def snr_curves(n_steps: int) -> dict[str, np.ndarray]:
    """Signal-to-noise ratio ᾱ_t / (1 - ᾱ_t) of every schedule kind with ``n_steps`` steps."""
    return {kind: NoiseSchedule(ScheduleParams(kind, n_steps)).snr.numpy() for kind in SCHEDULES}


def direction_grid(model: DiffusionModel, schedule: ScheduleParams, t: int, box,
                   size: int = ARROW_GRID) -> tuple[np.ndarray, np.ndarray]:
    """Arrow tails on a ``size`` × ``size`` grid over ``box`` and the learned direction at each.

    Returns
    -------
    grid, directions : (size², 2) each, data units
    """
    xs, ys = np.linspace(*box[0], size), np.linspace(*box[1], size)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(xs, ys)])
    return grid, denoising_directions(model, schedule, t, grid)


def reverse_process(model: DiffusionModel, schedule: ScheduleParams, method: str, n_steps: int,
                    seed: int, X: np.ndarray, n: int = 800,
                    n_kept: int = 400) -> tuple[SampleResult, dict[str, float]]:
    """Generate ``n`` points keeping the paths of the first ``n_kept`` (for the animation).

    Returns the :class:`~playground.diffusion.samplers.SampleResult` (trajectory
    (K + 1, n_kept, 2)) and :func:`~playground.diffusion.quality.quality` of all ``n`` points
    against the data ``X``.
    """
    result = generate(model, n, schedule=schedule, method=method, n_steps=n_steps, seed=seed,
                      keep_trajectory=True)
    result.trajectory, result.predicted_x0 = result.trajectory[:, :n_kept], None
    return result, quality(result.samples, X, model.scale, seed)


def shown_step(result: SampleResult, k: int) -> tuple[int, int]:
    """``k`` sampling steps done, clamped to the run (0 .. K), and the step t whose arrows go
    with that frame (the next step to remove, or the last one once all are done)."""
    K = len(result.timesteps)
    k = max(0, min(int(k), K))
    return k, int(result.timesteps[min(k, K - 1)])
