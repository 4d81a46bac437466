"""Discriminative classifiers on 2-D points: logistic regression, SVM and a neural network.

Chapter §1.2.1 presents discriminative models as learners of the boundary between classes.
This module fits the three families with scikit-learn and evaluates what the page draws: the
decision function on a grid (its zero level is the boundary), the SVM margins (levels -1 and +1)
and support vectors, and accuracy on the training and held-out points.

The page teaches two-class boundaries, so data with more or fewer classes is refused with a
message rather than drawn in a way the lesson does not explain.

Editing the points must change only what the edit touches, or the lesson "removing a point
that is not a support vector leaves the SVM where it was" would be false on the page. So
whether a point is held out for testing is decided by that point alone (a keyed hash of its
coordinates, :func:`held_out`), the standardisation is fitted once on the data set as generated
or uploaded (``reference``) and then kept fixed, and the SVM is solved to a tight tolerance.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field, replace

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from playground.compute import one_thread
from playground.errors import InputError

FAMILIES = ("logreg", "svm", "mlp")
KERNELS = ("linear", "rbf", "poly")
ACTIVATIONS = ("relu", "tanh", "logistic")
MLP_MAX_ITER = 300  # enough for every built-in set; bounds the slowest fit (3 x 64 units) to ~2 s
GRID_RESOLUTION = 150  # grid points per axis: smooth boundary, still a few ms to evaluate
# libsvm's default tolerance (1e-3) leaves the solution where the solver's path happened to
# stop: removing a point that ends with no weight then still moves the boundary by ~1e-3. At
# 1e-9 the solution is the optimum itself, at little extra cost for every built-in set.
SVM_TOL = 1e-9
SVM_MAX_ITER = 200_000  # bounds a hopeless fit (polynomial kernel, huge C and gamma) to ~3 s


@dataclass(frozen=True)
class ModelParams:
    """Settings of one classifier; also the cache key and the URL state of the page."""

    family: str = "svm"
    C: float = 1.0  # inverse regularisation strength (logistic regression, SVM)
    kernel: str = "rbf"  # SVM kernel
    gamma: float = 1.0  # RBF / polynomial kernel width, on standardised inputs
    degree: int = 3  # polynomial kernel degree
    hidden_layers: tuple[int, ...] = (16, 16)  # neurons per hidden layer of the network
    activation: str = "relu"
    alpha: float = 1e-3  # L2 penalty of the network's weights
    seed: int = 0  # network weight initialisation

    def __post_init__(self):
        if self.family not in FAMILIES:
            raise ValueError(f"family must be one of {FAMILIES}, got {self.family!r}")
        if self.kernel not in KERNELS:
            raise ValueError(f"kernel must be one of {KERNELS}, got {self.kernel!r}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {self.activation!r}")
        if not (self.C > 0 and self.gamma > 0 and self.alpha >= 0):
            raise ValueError("C and gamma must be positive and alpha non-negative")
        if not 1 <= self.degree <= 10:
            raise ValueError(f"degree must be within 1..10, got {self.degree}")
        if not 1 <= len(self.hidden_layers) <= 3 or not all(1 <= n <= 64 for n in self.hidden_layers):
            raise ValueError("hidden_layers needs 1..3 layers of 1..64 neurons")


def fit_scaler(reference: np.ndarray) -> StandardScaler:
    """The standardisation of the data set as generated or uploaded, shape (n, 2) in.

    Standardising first makes C and gamma mean the same thing for an uploaded data set in
    metres as for the built-in ones. It is fitted once, before any click, and then frozen: a
    removed point must not shift every point's coordinates.
    """
    return StandardScaler().fit(reference)


def build_model(params: ModelParams, scaler: StandardScaler) -> Pipeline:
    """An unfitted scikit-learn pipeline: the fixed standardisation, then the classifier."""
    if params.family == "logreg":
        classifier = LogisticRegression(C=params.C, max_iter=2000)
    elif params.family == "svm":
        classifier = SVC(C=params.C, kernel=params.kernel, gamma=params.gamma,
                         degree=params.degree, coef0=1.0, tol=SVM_TOL, max_iter=SVM_MAX_ITER)
    else:
        # L-BFGS converges in a few ms on a few hundred points and is deterministic given the seed.
        classifier = MLPClassifier(hidden_layer_sizes=params.hidden_layers,
                                   activation=params.activation, alpha=params.alpha,
                                   solver="lbfgs", max_iter=MLP_MAX_ITER, random_state=params.seed)
    return make_pipeline(FrozenEstimator(scaler), classifier)


@dataclass(frozen=True)
class SplitParams:
    test_fraction: float = 0.3  # share of points held out to measure generalisation
    seed: int = 0

    def __post_init__(self):
        if not 0.0 <= self.test_fraction <= 0.9:
            raise ValueError(f"test_fraction must be within 0..0.9, got {self.test_fraction}")


def check_two_classes(X: np.ndarray, y: np.ndarray) -> None:
    """Raise an :class:`InputError` unless the points can train a two-class boundary."""
    if len(X) == 0:
        raise InputError("errors.no_points")
    n_classes = len(np.unique(y))
    if n_classes < 2:
        raise InputError("errors.one_class")
    if n_classes > 2:
        raise InputError("errors.too_many_classes", found=n_classes)
    if np.ptp(X, axis=0).max() == 0:
        raise InputError("errors.identical_points")


def held_out(X: np.ndarray, params: SplitParams) -> np.ndarray:
    """Whether each point is a test point, shape (n,) of bool.

    The decision belongs to the point: a hash of its coordinates keyed by the seed, read as a
    number in [0, 1), below ``test_fraction`` means "test". Adding or removing another point
    therefore never moves a point between the parts (a shuffled split would redraw them all);
    the price is that the test share is ``test_fraction`` on average rather than exactly.
    """
    key = str(params.seed).encode()
    rows = np.ascontiguousarray(X, dtype=np.float64)
    draws = [int.from_bytes(hashlib.blake2b(row.tobytes(), digest_size=8, key=key).digest(),
                            "little") / 2.0**64 for row in rows]
    return np.asarray(draws, dtype=float).reshape(len(rows)) < params.test_fraction


def split(X: np.ndarray, y: np.ndarray, params: SplitParams) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the training and test points (:func:`held_out` decides, point by point).

    Returns
    -------
    train_idx, test_idx : ndarray of int, sorted
    """
    check_two_classes(X, y)
    test = held_out(X, params)
    train_idx, test_idx = np.flatnonzero(~test), np.flatnonzero(test)
    if len(np.unique(y[train_idx])) < 2:
        raise InputError("errors.train_one_class")
    return train_idx, test_idx


def decision_values(model: Pipeline, points: np.ndarray) -> np.ndarray:
    """Signed score of class 1 at each point, shape (n,): positive means class 1.

    SVM and logistic regression use ``decision_function`` (for the SVM its ±1 levels are the
    margins). The network has none, so its probability is turned into log-odds, clipped to ±10.
    """
    if hasattr(model[-1], "decision_function"):
        return model.decision_function(points)
    proba = np.clip(model.predict_proba(points)[:, 1], 1e-10, 1 - 1e-10)
    return np.clip(np.log(proba / (1 - proba)), -10, 10)


def grid_axes(X: np.ndarray, resolution: int = GRID_RESOLUTION) -> tuple[np.ndarray, np.ndarray]:
    """Evenly spaced x and y coordinates covering the points with a margin, each (resolution,)."""
    low, high = X.min(axis=0), X.max(axis=0)
    pad = np.maximum((high - low) * 0.15, 0.5)
    return (np.linspace(low[0] - pad[0], high[0] + pad[0], resolution),
            np.linspace(low[1] - pad[1], high[1] + pad[1], resolution))


@dataclass
class FitResult:
    """Everything the figures need about one fitted classifier."""

    params: ModelParams
    model: Pipeline
    train_idx: np.ndarray  # indices into the data set's points
    test_idx: np.ndarray
    train_accuracy: float
    test_accuracy: float | None  # None when nothing was held out
    grid_x: np.ndarray  # (resolution,)
    grid_y: np.ndarray  # (resolution,)
    grid_values: np.ndarray  # (resolution, resolution): row i is grid_y[i]
    support_idx: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))  # SVM only


def fit_and_evaluate(X: np.ndarray, y: np.ndarray, model_params: ModelParams,
                     split_params: SplitParams = SplitParams(),
                     resolution: int = GRID_RESOLUTION,
                     reference: np.ndarray | None = None) -> FitResult:
    """Split, fit, score and evaluate the decision function on a grid.

    Parameters
    ----------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,) with exactly two classes
    reference : ndarray of shape (m, 2), the points before any edit (default ``X``): the
        standardisation is fitted on them and the grid covers them, so that removing a point
        changes neither.
    """
    reference = X if reference is None or len(reference) == 0 else reference
    train_idx, test_idx = split(X, y, split_params)
    grid_x, grid_y = grid_axes(np.vstack([reference, X]), resolution)
    mesh_x, mesh_y = np.meshgrid(grid_x, grid_y)
    with one_thread(), warnings.catch_warnings():
        # A fit stopped by SVM_MAX_ITER is still drawn: it is what the settings can give.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = build_model(model_params, fit_scaler(reference)).fit(X[train_idx], y[train_idx])
        values = decision_values(model, np.column_stack([mesh_x.ravel(), mesh_y.ravel()]))
    support = (train_idx[model[-1].support_] if model_params.family == "svm"
               else np.empty(0, dtype=int))
    return FitResult(
        params=model_params, model=model, train_idx=train_idx, test_idx=test_idx,
        train_accuracy=float(model.score(X[train_idx], y[train_idx])),
        test_accuracy=float(model.score(X[test_idx], y[test_idx])) if len(test_idx) else None,
        grid_x=grid_x, grid_y=grid_y, grid_values=values.reshape(mesh_x.shape),
        support_idx=np.sort(support),
    )


def compare_families(X: np.ndarray, y: np.ndarray, params: ModelParams,
                     split_params: SplitParams = SplitParams(),
                     resolution: int = GRID_RESOLUTION,
                     reference: np.ndarray | None = None) -> dict[str, FitResult]:
    """Fit all three families on the same split, each with ``params``' settings for it."""
    return {family: fit_and_evaluate(X, y, replace(params, family=family), split_params,
                                     resolution, reference)
            for family in FAMILIES}
