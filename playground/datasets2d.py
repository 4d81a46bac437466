"""Labelled 2-D toy data sets shared by the classifier, mixture and diffusion pages.

scikit-learn already generates moons, circles and blobs; XOR, the two-arm spiral and the
stretched (anisotropic) blobs are written here because scikit-learn has no generator for them.
Every generator takes a seed, never global random state, so the same parameters give the same
points on every server and in every test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn import datasets as sk_datasets

DATASETS = ("moons", "circles", "blobs", "xor", "spiral", "aniso")
MAX_POINTS = 5000  # the upload limit too: enough for any lesson, small enough to stay instant


@dataclass(frozen=True)
class DatasetParams:
    """What defines a generated data set; also the cache key and the URL state."""

    name: str = "moons"
    n_samples: int = 200  # enough points to show a boundary, few enough to fit instantly
    noise: float = 0.2  # standard deviation of the Gaussian jitter, in data units
    n_classes: int = 2  # used by the blob families only; the other shapes have two classes
    seed: int = 0

    def __post_init__(self):
        if self.name not in DATASETS:
            raise ValueError(f"name must be one of {DATASETS}, got {self.name!r}")
        if not 2 <= self.n_samples <= MAX_POINTS:
            raise ValueError(f"n_samples must be within 2..{MAX_POINTS}, got {self.n_samples}")
        if not 0.0 <= self.noise <= 3.0:
            raise ValueError(f"noise must be within 0..3, got {self.noise}")
        if not 1 <= self.n_classes <= 10:
            raise ValueError(f"n_classes must be within 1..10, got {self.n_classes}")


def _xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    corners = rng.uniform(-1.0, 1.0, size=(n, 2))
    labels = (corners[:, 0] * corners[:, 1] > 0).astype(int)
    return corners + rng.normal(scale=noise * 0.5, size=corners.shape), labels


def _spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    labels = np.arange(n) % 2
    # Radius grows with the angle; the second arm is the first turned by half a circle.
    turn = np.sqrt(rng.uniform(0.0, 1.0, size=n)) * 3.0 * np.pi
    angle = turn + np.pi * labels
    points = np.column_stack([np.cos(angle), np.sin(angle)]) * (turn / (3.0 * np.pi))[:, None]
    return points + rng.normal(scale=noise * 0.15, size=points.shape), labels


def _blobs(params: DatasetParams, rng: np.random.Generator, stretched: bool):
    points, labels = sk_datasets.make_blobs(
        n_samples=params.n_samples,
        centers=params.n_classes,
        cluster_std=0.3 + params.noise * 2.0,
        center_box=(-6.0, 6.0),
        random_state=int(rng.integers(2**31 - 1)),
    )
    if stretched:  # a shared linear map makes every cluster an elongated ellipse
        points = points @ np.array([[0.6, -0.64], [-0.4, 0.85]])
    return points / 3.0, labels


def make_dataset(params: DatasetParams) -> tuple[np.ndarray, np.ndarray]:
    """Generate a labelled 2-D data set.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), float64
        Point coordinates, roughly within [-2, 2].
    y : ndarray of shape (n_samples,), int64
        Class labels 0 .. n_classes - 1.
    """
    rng = np.random.default_rng(params.seed)
    n, noise = params.n_samples, params.noise
    if params.name == "moons":
        X, y = sk_datasets.make_moons(n, noise=noise, random_state=int(rng.integers(2**31 - 1)))
        X = X - [0.5, 0.25]
    elif params.name == "circles":
        X, y = sk_datasets.make_circles(
            n, noise=noise * 0.5, factor=0.5, random_state=int(rng.integers(2**31 - 1))
        )
    elif params.name == "xor":
        X, y = _xor(n, noise, rng)
    elif params.name == "spiral":
        X, y = _spiral(n, noise, rng)
    else:
        X, y = _blobs(params, rng, stretched=params.name == "aniso")
    return np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64)
