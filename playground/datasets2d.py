"""Labelled 2-D toy data sets shared by the classifier, mixture and diffusion pages.

scikit-learn already generates moons, circles and blobs; XOR, the two-arm spiral and the
stretched (anisotropic) blobs are written here because scikit-learn has no generator for them.
Every generator takes a seed, never global random state, so the same parameters give the same
points on every server and in every test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
from sklearn import datasets as sk_datasets

from playground.spec import Choice, Control, Seed, Slider

DATASETS = ("moons", "circles", "blobs", "xor", "spiral", "aniso")
BLOB_SETS = ("blobs", "aniso")  # the sets whose number of classes can be chosen
MAX_POINTS = 5000  # the upload limit too: enough for any lesson, small enough to stay instant
# Largest coordinate accepted from a user (upload or edit). Far beyond any lesson's scale, and
# far below where squares overflow: 1e300 squared is inf, and inf reached scikit-learn as NaN
# (decision boundaries) and plotly as a colour error (GMM).
MAX_ABS_COORD = 1e6
UPLOAD = "upload"  # the data-source option for a CSV of the user's own points
DATA_KEYS = ("data", "n", "noise", "k", "seed")  # the keys of :func:`data_controls`


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


def dataset_code(params: DatasetParams) -> str:
    """Standalone Python (NumPy and scikit-learn only) that sets ``X, y`` to exactly
    ``make_dataset(params)``, for the pages' "show code"; it expects ``numpy`` as ``np``."""
    n, noise = params.n_samples, params.noise
    draw_seed = "random_state=int(rng.integers(2**31 - 1))"
    lines = ["from sklearn import datasets", "",
             f"rng = np.random.default_rng({params.seed})"]
    if params.name == "moons":
        lines += [f"X, y = datasets.make_moons({n}, noise={noise}, {draw_seed})",
                  "X = X - [0.5, 0.25]"]
    elif params.name == "circles":
        lines += [f"X, y = datasets.make_circles({n}, noise={noise} * 0.5, factor=0.5, "
                  f"{draw_seed})"]
    elif params.name == "xor":
        lines += [f"corners = rng.uniform(-1.0, 1.0, size=({n}, 2))",
                  "y = (corners[:, 0] * corners[:, 1] > 0).astype(np.int64)",
                  f"X = corners + rng.normal(scale={noise} * 0.5, size=corners.shape)"]
    elif params.name == "spiral":
        lines += [f"y = np.arange({n}) % 2",
                  f"turn = np.sqrt(rng.uniform(0.0, 1.0, size={n})) * 3.0 * np.pi",
                  "angle = turn + np.pi * y  # the second arm is the first turned by half a circle",
                  "radius = turn / (3.0 * np.pi)",
                  "X = np.column_stack([np.cos(angle), np.sin(angle)]) * radius[:, None]",
                  f"X = X + rng.normal(scale={noise} * 0.15, size=X.shape)"]
    else:
        lines += [f"X, y = datasets.make_blobs(n_samples={n}, centers={params.n_classes}, "
                  f"cluster_std=0.3 + {noise} * 2.0,",
                  f"                           center_box=(-6.0, 6.0), {draw_seed})"]
        if params.name == "aniso":
            lines += ["X = X @ np.array([[0.6, -0.64], [-0.4, 0.85]])  # stretch every blob"]
        lines += ["X = X / 3.0"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The data controls every 2-D topic shares, declared once (see playground/spec.py).

def _generated(values: Mapping[str, Any]) -> bool:
    return values.get("data") != UPLOAD


def _blob_set(values: Mapping[str, Any]) -> bool:
    return values.get("data") in BLOB_SETS


def data_controls(names: tuple[str, ...], *, default_n: int = 200, max_n: int = 1000,
                  blob_count: bool = False, upload: bool = True) -> tuple[Control, ...]:
    """The controls choosing a 2-D data set, for a topic's spec: the set (``names``, the first
    one the default, plus an upload option the Gradio tabs leave out), its size and noise, the
    number of blobs (only with ``blob_count``, only for the blob sets) and the seed, which the
    topic's model uses too. Keys as in :data:`DATA_KEYS`; :func:`dataset_params` reads them."""
    options = (*names, UPLOAD) if upload else tuple(names)
    controls: list[Control] = [
        Choice("data", "data.source", names[0], options=options, option_label="data.name.{}",
               tab={"options": tuple(names)}),
        Slider("n", "data.n_points", default_n, low=10, high=max_n, step=10,
               shown_if=_generated),
        Slider("noise", "data.noise", 0.2, help="data.noise_help", low=0.0, high=1.0, step=0.05,
               secondary=True, shown_if=_generated),
    ]
    if blob_count:
        controls.append(Slider("k", "data.n_classes", 3, low=2, high=6, secondary=True,
                               shown_if=_blob_set))
    controls.append(Seed("seed", secondary=True))
    return tuple(controls)


def dataset_params(values: Mapping[str, Any]) -> DatasetParams | None:
    """The generated data set :func:`data_controls`' ``values`` choose; None for an upload."""
    if values["data"] == UPLOAD:
        return None
    n_classes = values.get("k", 2) if values["data"] in BLOB_SETS else 2
    return DatasetParams(name=values["data"], n_samples=values["n"], noise=values["noise"],
                         n_classes=n_classes, seed=values["seed"])
