"""Unconditional image generation (chapter §1.3.2) with a diffusion model (§1.2.2): new 8 × 8
handwritten digits drawn from pure noise by the bundled denoiser.

Each image is a point with 64 coordinates, so the model is the 2-D page's one, only wider: the
schedule, the denoiser and the samplers all come from :mod:`playground.diffusion`. What is
particular to the digits lives here: the data (scikit-learn's bundled ``load_digits``: 1,797
images of 8 × 8 pixels with values 0..16, from the UCI "Optical Recognition of Handwritten
Digits" set, CC BY 4.0; no download), the model's size and training budget
(``scripts/train_diffusion.py digits``), and what the page shows: a grid of new digits, one
digit's denoising step by step, and the samplers compared from the same starting noise.

The GAN digits page compares its generator with this model through :func:`load_bundled` and
:func:`generate`, imported from here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
from sklearn import datasets as sk_datasets

from playground.diffusion.model import DenoiserConfig, DiffusionModel, load_bundled
from playground.diffusion.samplers import SampleResult, generate, sample
from playground.diffusion.schedule import SAMPLERS, NoiseSchedule, ScheduleParams
from playground.diffusion.training import TrainParams

__all__ = ["DIGITS_SCHEDULE", "DIGITS_CONFIG", "DIGITS_TRAINING", "N_IMAGES", "STEP_OPTIONS",
           "DigitsParams", "load_digit_images", "to_pixels", "load_model", "load_bundled",
           "generate", "generate_grid", "digit_strip", "digits_comparison"]

# The digits model: the classic DDPM length (T = 1000) so that "fewer steps" has room to shrink;
# 300 k parameters, as wide as an 8 × 8 image needs, 1.2 MB of float32 weights.
DIGITS_SCHEDULE = ScheduleParams("cosine", 1000)
DIGITS_CONFIG = DenoiserConfig(dim=64, hidden=256, depth=3, time_dim=64)
DIGITS_TRAINING = TrainParams(n_iterations=15_000, batch_size=128, learning_rate=2e-3, seed=0)

N_IMAGES = 16  # digits in the grid: two rows of eight
STEP_OPTIONS = (5, 10, 20, 50, 100, 200, 500, 1000)  # sampling steps offered (of T = 1000)
COMPARE_STEPS = (10, 50, 1000)  # sampling steps compared side by side
STRIP_LENGTH = 9  # snapshots in the step-by-step denoising of one digit


@dataclass(frozen=True)
class DigitsParams:
    """The page's view: which sampler, how many steps, which noise, which digit to follow."""

    method: str = "ddpm"  # "ddpm" (ancestral, fresh noise each step) or "ddim" (deterministic)
    n_steps: int = 100  # of the model's 1,000 steps: fewer is faster and coarser
    seed: int = 0  # the starting noise (and DDPM's fresh noise)
    follow: int = 1  # the digit (1 .. N_IMAGES) whose denoising is shown step by step

    def __post_init__(self):
        if self.method not in SAMPLERS:
            raise ValueError(f"method must be one of {SAMPLERS}, got {self.method!r}")
        if not 1 <= self.n_steps <= DIGITS_SCHEDULE.n_steps:
            raise ValueError(f"n_steps must be within 1..{DIGITS_SCHEDULE.n_steps}")
        if not 1 <= self.follow <= N_IMAGES:
            raise ValueError(f"follow must be within 1..{N_IMAGES}, got {self.follow}")


@lru_cache(maxsize=1)
def load_digit_images() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8 × 8 digits scaled to [-1, 1], as diffusion models expect.

    Returns
    -------
    X : ndarray (1797, 64), float32, 0 ink → -1, full ink → +1
    y : ndarray (1797,), the digit shown (unused by the unconditional model)
    """
    digits = sk_datasets.load_digits()
    return (digits.data / 8.0 - 1.0).astype(np.float32), digits.target


def to_pixels(X: np.ndarray) -> np.ndarray:
    """Model-space images (n, 64) in [-1, 1] back to (n, 8, 8) ink values 0..16."""
    return np.clip((np.asarray(X) + 1.0) * 8.0, 0.0, 16.0).reshape(-1, 8, 8)


def load_model() -> DiffusionModel:
    """The bundled digits model (read-only once loaded: sampling is safe from any thread)."""
    return load_bundled("digits")


def n_parameters(model: DiffusionModel) -> int:
    return sum(p.numel() for p in model.denoiser.parameters())


def digit_strip(result: SampleResult, index: int = 0,
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


def generate_grid(model: DiffusionModel, method: str, n_steps: int, seed: int,
                  n: int = N_IMAGES) -> tuple[np.ndarray, list, float]:
    """The page's grid: ``n`` new digits, every digit's denoising strip, and the seconds taken.

    Returns
    -------
    images : (n, 8, 8) ink values; strips : n × :func:`digit_strip`; seconds : sampling time
    """
    started = time.perf_counter()
    result = generate(model, n, method=method, n_steps=n_steps, seed=seed, keep_trajectory=True)
    seconds = time.perf_counter() - started
    return to_pixels(result.samples), [digit_strip(result, i) for i in range(n)], seconds


def digits_comparison(model: DiffusionModel, n: int = 8, seed: int = 0,
                      steps: tuple[int, ...] = COMPARE_STEPS) -> dict[tuple[str, int], np.ndarray]:
    """The same starting noise denoised by each sampler with each number of steps.

    Returns (sampler, steps) -> (n, 8, 8) ink values, DDPM rows first.
    """
    x_T = torch.randn((n, model.config.dim), generator=torch.Generator().manual_seed(seed))
    schedule = NoiseSchedule(model.schedule)
    rows = {}
    for method in SAMPLERS:
        for n_steps in steps:
            result = sample(model, schedule, n, method=method, n_steps=n_steps, x_T=x_T,
                            generator=torch.Generator().manual_seed(seed + 1), clip=model.clip)
            rows[(method, n_steps)] = to_pixels(result.samples)
    return rows
