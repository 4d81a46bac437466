"""The 2-D distributions a GAN learns here, and how well a sample covers them.

The diffusion page's shapes (moons, circles, spiral, swiss roll) come from
:func:`playground.diffusion.data.make_points`, so both pages learn the very same data. Added
here are the shapes that tell a GAN's story best: a ring of eight Gaussians (the classic test of
mode collapse, Metz et al. 2017, "Unrolled GANs"), a line (a one-dimensional manifold a
one-dimensional noise can match exactly) and a single Gaussian (the easiest case). Points the
user clicks in ("draw") are a data set too.

:func:`mode_coverage` counts the ring's modes a sample covers: a mode is covered when at least
5 % of the samples lie within 3 standard deviations of its centre, and a sample is good when
every mode is covered and at most 10 % of the samples lie off every mode.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.diffusion.data import MIN_POINTS, PointsParams, make_points
from playground.errors import InputError

DIFFUSION_SHAPES = ("moons", "circles", "spiral", "swissroll")  # reused, never copied
SHAPES = ("ring8", *DIFFUSION_SHAPES, "line", "gaussian", "draw")
RING_MODES = 8
RING_RADIUS = 1.5  # data units; the other shapes span about [-1.5, 1.5] too
RING_STD = 0.12  # each mode's standard deviation: modes 3 σ wide are still clearly apart
MAX_POINTS = 2000
COVER_RADIUS = 3.0  # in mode standard deviations
COVER_MIN_SHARE = 0.05  # a mode is covered with this share of samples near it
OFF_MODE_MAX_SHARE = 0.10  # at most this share of samples may lie off every mode


def ring_centres(n_modes: int = RING_MODES, radius: float = RING_RADIUS) -> np.ndarray:
    """Centres of the ring's modes, evenly spaced on a circle, shape (n_modes, 2)."""
    angles = 2 * np.pi * np.arange(n_modes) / n_modes
    return radius * np.column_stack([np.cos(angles), np.sin(angles)])


@dataclass(frozen=True)
class DataParams:
    """Which distribution and how many training points; part of the page's URL state."""

    name: str = "ring8"
    n_samples: int = 1000
    seed: int = 0

    def __post_init__(self):
        if self.name not in SHAPES:
            raise ValueError(f"name must be one of {SHAPES}, got {self.name!r}")
        if not MIN_POINTS <= self.n_samples <= MAX_POINTS:
            raise ValueError(f"n_samples must be within {MIN_POINTS}..{MAX_POINTS}")


def make_data(params: DataParams) -> np.ndarray:
    """The training points of a named distribution ("draw" starts empty: the user adds points).

    Returns
    -------
    X : ndarray (n_samples, 2), float64, roughly within [-2, 2] (shape (0, 2) for "draw")
    """
    rng = np.random.default_rng(params.seed)
    n = params.n_samples
    if params.name in DIFFUSION_SHAPES:
        return make_points(PointsParams(params.name, n, noise=0.05, seed=params.seed))
    if params.name == "ring8":
        centres = ring_centres()[rng.integers(RING_MODES, size=n)]
        return centres + rng.normal(scale=RING_STD, size=(n, 2))
    if params.name == "line":
        t = rng.uniform(-1.0, 1.0, size=n)
        return np.column_stack([1.4 * t, 0.7 * t]) + rng.normal(scale=0.02, size=(n, 2))
    if params.name == "gaussian":
        return rng.normal(size=(n, 2)) @ np.array([[0.5, 0.2], [0.0, 0.3]]) + [0.5, -0.3]
    return np.zeros((0, 2))


def check_data(X: np.ndarray) -> np.ndarray:
    """Refuse point sets a GAN cannot learn from; returns ``X`` as float64 (n, 2)."""
    X = np.asarray(X, np.float64).reshape(-1, 2)
    if len(X) < MIN_POINTS:
        raise InputError("gan.err_too_few", found=len(X), minimum=MIN_POINTS)
    if np.ptp(X, axis=0).max() == 0:
        raise InputError("errors.identical_points")
    return X


@dataclass(frozen=True)
class Coverage:
    modes_covered: int  # modes with at least COVER_MIN_SHARE of the samples near them
    n_modes: int
    off_mode: float  # share of samples within COVER_RADIUS σ of no mode
    shares: tuple[float, ...]  # share of samples near each mode

    @property
    def ok(self) -> bool:
        """Every mode covered and few samples between them."""
        return self.modes_covered == self.n_modes and self.off_mode <= OFF_MODE_MAX_SHARE


def mode_coverage(samples: np.ndarray, centres: np.ndarray | None = None,
                  std: float = RING_STD) -> Coverage:
    """How many modes ``samples`` (n, 2) cover, and how many samples miss every mode.

    A sample belongs to a mode when it lies within ``COVER_RADIUS * std`` of its centre (the
    modes are far enough apart that no sample belongs to two).
    """
    centres = ring_centres() if centres is None else np.asarray(centres, np.float64)
    samples = np.asarray(samples, np.float64).reshape(-1, 2)
    if len(samples) == 0:
        return Coverage(0, len(centres), 1.0, tuple(0.0 for _ in centres))
    distances = np.linalg.norm(samples[:, None, :] - centres[None, :, :], axis=2)
    near = distances <= COVER_RADIUS * std
    shares = near.mean(axis=0)
    covered = int((shares >= COVER_MIN_SHARE).sum())
    off = float((~near.any(axis=1)).mean())
    return Coverage(covered, len(centres), off, tuple(float(s) for s in shares))
