"""What the diffusion pages show, computed from :mod:`playground.diffusion.model`: noisy points at a
step, schedule curves, denoising arrows on a grid, the digits' step-by-step denoising and the
"show code" scripts. Both UIs call these; nothing here draws."""

from __future__ import annotations

import copy
import itertools

import numpy as np
import torch

from playground.diffusion import model as diff
from playground.diffusion.data import PointsParams, to_pixels

ARROW_GRID = 17  # arrows per axis: dense enough to see the flow, sparse enough to read
COMPARE_STEPS = (10, 50, 1000)  # sampling steps compared on the digits page
STRIP_LENGTH = 9  # snapshots in the step-by-step denoising of one digit

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

    def keep(self, signature: str, progress: diff.TrainProgress, budget: diff.TrainParams):
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


def forward_points(X: np.ndarray, schedule: diff.ScheduleParams, t: int,
                   seed: int = 0) -> np.ndarray:
    """The data after ``t + 1`` noising steps, x_t = sqrt(ᾱ_t) x_0 + sqrt(1 - ᾱ_t) ε, computed on
    standardised data and returned in data units, shape (n, 2). Same seed, same noise for every t,
    so moving t shows each point drifting rather than jumping."""
    mean, scale = diff.standardise(X)
    noise = torch.randn(X.shape, generator=torch.Generator().manual_seed(seed))
    z0 = torch.as_tensor((X - mean) / scale, dtype=torch.float32)
    xt = diff.NoiseSchedule(schedule).add_noise(z0, noise, torch.full((len(X),), t))
    return xt.numpy() * scale + mean


def signal_left(schedule: diff.ScheduleParams, t: int) -> dict[str, float]:
    """``{"t", "alpha_bar", "snr"}`` at step ``t``: the signal's share of the variance and the
    signal-to-noise ratio ᾱ_t / (1 - ᾱ_t)."""
    noise_schedule = diff.NoiseSchedule(schedule)
    return {"t": t, "alpha_bar": float(noise_schedule.alphas_cumprod[t]),
            "snr": float(noise_schedule.snr[t])}


def snr_curves(n_steps: int) -> dict[str, np.ndarray]:
    """Signal-to-noise ratio ᾱ_t / (1 - ᾱ_t) of every schedule kind with ``n_steps`` steps."""
    return {kind: diff.NoiseSchedule(diff.ScheduleParams(kind, n_steps)).snr.numpy()
            for kind in diff.SCHEDULES}


def direction_grid(model: diff.DiffusionModel, schedule: diff.ScheduleParams, t: int, box,
                   size: int = ARROW_GRID) -> tuple[np.ndarray, np.ndarray]:
    """Arrow tails on a ``size`` × ``size`` grid over ``box`` and the learned direction at each.

    Returns
    -------
    grid, directions : (size², 2) each, data units
    """
    xs, ys = np.linspace(*box[0], size), np.linspace(*box[1], size)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(xs, ys)])
    return grid, diff.denoising_directions(model, schedule, t, grid)


def reverse_process(model: diff.DiffusionModel, schedule: diff.ScheduleParams, method: str,
                    n_steps: int, seed: int, X: np.ndarray, n: int = 800, n_kept: int = 400):
    """Generate ``n`` points keeping the paths of the first ``n_kept`` (for the animation).

    Returns the :class:`~playground.diffusion.model.SampleResult` (trajectory (K + 1, n_kept, 2)) and
    :func:`quality` of all ``n`` points against the data ``X``.
    """
    result = diff.generate(model, n, schedule=schedule, method=method, n_steps=n_steps,
                           seed=seed, keep_trajectory=True)
    result.trajectory, result.predicted_x0 = result.trajectory[:, :n_kept], None
    return result, quality(result.samples, X, model.scale, seed)


def quality(samples: np.ndarray, X: np.ndarray, scale: float, seed: int = 0) -> dict[str, float]:
    """Energy distance of the samples to the data, and of pure noise (the starting point) for
    comparison, both on the data's standardised scale."""
    mean, _ = diff.standardise(X)
    noise = mean + scale * np.random.default_rng(seed).normal(size=samples.shape)
    return {"samples": diff.energy_distance(samples, X, scale),
            "noise": diff.energy_distance(noise, X, scale)}


def digit_strip(result: diff.SampleResult, index: int = 0,
                length: int = STRIP_LENGTH) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """A few snapshots of one image's denoising: x_t and the clean guess at evenly spaced steps.

    Returns
    -------
    noisy, guesses : (length, 8, 8) ink values; timesteps : the step t of each snapshot
    """
    K = len(result.timesteps)
    picks = sorted({int(v) for v in np.linspace(0, K - 1, min(length, K)).round()})
    noisy = to_pixels(result.trajectory[picks, index])  # x_t before step picks[j] removes noise
    guesses = to_pixels(result.predicted_x0[picks, index])
    return noisy, guesses, [int(result.timesteps[p]) for p in picks]


def digits_comparison(model: diff.DiffusionModel, n: int = 8, seed: int = 0,
                      steps: tuple[int, ...] = COMPARE_STEPS) -> dict[tuple[str, int], np.ndarray]:
    """The same starting noise denoised by each sampler with each number of steps.

    Returns (sampler, steps) -> (n, 8, 8) ink values, DDPM rows first.
    """
    x_T = torch.randn((n, model.config.dim), generator=torch.Generator().manual_seed(seed))
    schedule = diff.NoiseSchedule(model.schedule)
    rows = {}
    for method in diff.SAMPLERS:
        for n_steps in steps:
            result = diff.sample(model, schedule, n, method=method, n_steps=n_steps, x_T=x_T,
                                 generator=torch.Generator().manual_seed(seed + 1),
                                 clip=model.clip)
            rows[(method, n_steps)] = to_pixels(result.samples)
    return rows


def points_snippet(data: PointsParams | None, schedule: diff.ScheduleParams, method: str,
                   n_steps: int, seed: int, trained: diff.TrainParams | None) -> str:
    """Standalone Python that redoes the 2-D page's reverse process and draws the samples.

    ``data`` None means uploaded points (read from ``points.csv``); ``trained`` None means the
    bundled model of the shape, otherwise the training run to repeat.
    """
    if data is None:
        load = ('import pandas as pd\n\nX = pd.read_csv("points.csv")[["x", "y"]].to_numpy(float)'
                '  # your upload')
    else:
        load = ("from playground.diffusion.data import PointsParams, make_points\n\n"
                f"X = make_points({data!r})")
    if trained is None:
        model = f'model = diff.load_bundled("{data.name}")  # trained by scripts/train_diffusion.py'
    else:
        model = (f"model = diff.train(X, diff.{schedule!r},\n                   diff.{trained!r})"
                 "  # a few seconds")
    return f'''import plotly.graph_objects as go

from playground.diffusion import model as diff
{load}

{model}
# Reverse process: start from noise, remove it step by step ({method.upper()}, {n_steps} steps).
result = diff.generate(model, 1000, schedule=diff.{schedule!r}, method="{method}",
                       n_steps={n_steps}, seed={seed}, keep_trajectory=True)
print("energy distance to the data:", diff.energy_distance(result.samples, X, model.scale))

fig = go.Figure()
fig.add_scatter(x=X[:, 0], y=X[:, 1], mode="markers", name="data", marker_color="lightgrey")
fig.add_scatter(x=result.samples[:, 0], y=result.samples[:, 1], mode="markers", name="generated")
for j in range(5):  # the paths of five points, from noise to data
    fig.add_scatter(x=result.trajectory[:, j, 0], y=result.trajectory[:, j, 1], mode="lines")
fig.update_yaxes(scaleanchor="x")
fig.show()
'''


def digits_snippet(method: str, n_steps: int, seed: int, n: int) -> str:
    """Standalone Python that generates the digits page's grid with the bundled model."""
    return f'''import plotly.express as px

from playground.diffusion import model as diff
from playground.diffusion.data import to_pixels

model = diff.load_bundled("digits")  # trained by scripts/train_diffusion.py digits
result = diff.generate(model, {n}, method="{method}", n_steps={n_steps}, seed={seed})
images = to_pixels(result.samples)  # ({n}, 8, 8) ink values 0..16

fig = px.imshow(images, facet_col=0, facet_col_wrap=8, color_continuous_scale="gray_r")
fig.show()
'''
