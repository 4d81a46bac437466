"""Data for the 2-D diffusion page: unlabelled shapes, uploads, and the scaling the model sees.

A diffusion model learns a *distribution*, not a boundary, so the 2-D shapes here are unlabelled
and thin (little jitter): a good model reproduces a crisp shape, a poor one a blur. Moons, circles
and the spiral come from :mod:`playground.datasets2d` with their jitter removed; the swiss roll
(scikit-learn's 3-D roll seen from its side) and a ring of eight Gaussians are written here.

The GAN page (:mod:`playground.gan.data`) learns the very same shapes. The digits live in
:mod:`playground.diffusion_digits.model`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from sklearn import datasets as sk_datasets

from playground.datasets2d import DatasetParams, dataset_code, make_dataset
from playground.errors import InputError
from playground.points import parse_points_csv

SHAPES = ("moons", "swissroll", "circles", "spiral", "mixture")
MAX_POINTS = 5000
MIN_POINTS = 10  # fewer points describe no shape worth learning
MIXTURE_COMPONENTS = 8


@dataclass(frozen=True)
class PointsParams:
    """What defines a generated 2-D point cloud; also the cache key and URL state."""

    name: str = "moons"
    n_samples: int = 1000  # enough points to show a density, few enough to train in seconds
    noise: float = 0.05  # standard deviation of the jitter around the clean shape, data units
    seed: int = 0

    def __post_init__(self):
        if self.name not in SHAPES:
            raise ValueError(f"name must be one of {SHAPES}, got {self.name!r}")
        if not MIN_POINTS <= self.n_samples <= MAX_POINTS:
            raise ValueError(f"n_samples must be within {MIN_POINTS}..{MAX_POINTS}")
        if not 0.0 <= self.noise <= 1.0:
            raise ValueError(f"noise must be within 0..1, got {self.noise}")


def _swiss_roll(n: int, rng: np.random.Generator) -> np.ndarray:
    roll, _ = sk_datasets.make_swiss_roll(n, noise=0.0, random_state=int(rng.integers(2**31 - 1)))
    return roll[:, [0, 2]] / 7.0  # side view of the roll, scaled to about [-1.4, 1.9]


def _mixture(n: int, rng: np.random.Generator) -> np.ndarray:
    angles = 2 * np.pi * rng.integers(MIXTURE_COMPONENTS, size=n) / MIXTURE_COMPONENTS
    centres = 1.2 * np.column_stack([np.cos(angles), np.sin(angles)])
    return centres + rng.normal(scale=0.1, size=(n, 2))


def make_points(params: PointsParams) -> np.ndarray:
    """Generate an unlabelled 2-D point cloud.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), float64, roughly within [-2, 2]
    """
    rng = np.random.default_rng(params.seed)
    if params.name == "swissroll":
        X = _swiss_roll(params.n_samples, rng)
    elif params.name == "mixture":
        X = _mixture(params.n_samples, rng)
    else:
        X, _ = make_dataset(DatasetParams(name=params.name, n_samples=params.n_samples,
                                          noise=0.0, seed=int(rng.integers(2**31 - 1))))
    return X + rng.normal(scale=params.noise, size=X.shape)


def points_code(params: PointsParams) -> str:
    """Standalone Python (NumPy and scikit-learn only) that sets ``X`` to exactly
    ``make_points(params)``, for "show code"; it expects ``numpy`` as ``np``."""
    n, lines = params.n_samples, [f"outer = np.random.default_rng({params.seed})"]
    if params.name == "swissroll":
        lines += ["from sklearn import datasets", "",
                  f"roll, _ = datasets.make_swiss_roll({n}, noise=0.0, "
                  "random_state=int(outer.integers(2**31 - 1)))",
                  "X = roll[:, [0, 2]] / 7.0  # the roll seen from its side"]
    elif params.name == "mixture":
        k = MIXTURE_COMPONENTS
        lines += [f"angles = 2 * np.pi * outer.integers({k}, size={n}) / {k}  # {k} blobs on a ring",
                  f"X = 1.2 * np.column_stack([np.cos(angles), np.sin(angles)]) "
                  f"+ outer.normal(scale=0.1, size=({n}, 2))"]
    else:
        inner = int(np.random.default_rng(params.seed).integers(2**31 - 1))
        lines += [f"outer.integers(2**31 - 1)  # draws the clean shape's own seed, {inner}",
                  dataset_code(DatasetParams(name=params.name, n_samples=n, noise=0.0,
                                             seed=inner))]
    lines.append(f"X = X + outer.normal(scale={params.noise}, size=X.shape)  # jitter")
    return "\n".join(lines)


def check_points(X: np.ndarray) -> np.ndarray:
    """Refuse uploads a diffusion model cannot learn from; returns ``X`` as float64 (n, 2)."""
    X = np.asarray(X, np.float64)
    if len(X) < MIN_POINTS:
        raise InputError("diffusion.err_too_few", found=len(X), minimum=MIN_POINTS)
    if np.ptp(X, axis=0).max() == 0:
        raise InputError("errors.identical_points")
    return X


def parse_upload(raw: bytes) -> tuple[np.ndarray, str]:
    """Points of an uploaded CSV (columns x, y, label; the label is not used), shape (n, 2),
    and a signature of the file ("upload:<sha1>") telling one upload from another."""
    return check_points(parse_points_csv(raw)[0]), "upload:" + hashlib.sha1(raw).hexdigest()


def standardise(X: np.ndarray) -> tuple[np.ndarray, float]:
    """Centre and one overall scale (keeps shapes round): the model sees unit-variance data.

    Returns the mean (d,) as float32 and the scale; data = mean + scale * model space.
    """
    mean = X.mean(axis=0)
    scale = float(np.sqrt(((X - mean) ** 2).mean()))
    return mean.astype(np.float32), scale if scale > 0 else 1.0
