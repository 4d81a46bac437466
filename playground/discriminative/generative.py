"""The same two classes seen by a generative model: p(x | y) and p(y) instead of p(y | x).

Chapter §1.2 contrasts the two kinds of model. Logistic regression (discriminative) learns only
p(y | x), the boundary. A generative classifier learns how each class's points are spread,
p(x | y), here one Gaussian mixture per class (one component is the classic quadratic
discriminant), and how common each class is, p(y). Two things follow from that story:

* classification by Bayes' rule, p(y | x) = p(x | y) p(y) / sum over y' of p(x | y') p(y'),
  written out in :func:`posterior` (a test checks it against scikit-learn's
  ``QuadraticDiscriminantAnalysis.predict_proba``);
* new points, drawn the way the story says they arise: first a class from p(y), then a
  component from that class's mixture weights, then a point from the component's Gaussian
  (:meth:`ClassGaussians.sample`). Logistic regression has no p(x) to draw from.

The densities are fitted with scikit-learn's ``GaussianMixture`` on the training points of the
page's split, so both models see exactly the same points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp
from sklearn.mixture import GaussianMixture

from playground.compute import one_thread
from playground.discriminative.model import (FitResult, ModelParams, SplitParams,
                                             fit_and_evaluate)
from playground.errors import InputError

MAX_COMPONENTS = 5  # Gaussians per class: enough to follow a moon, few enough to fit instantly
MAX_SAMPLES = 1000
LOG_ODDS_CLIP = 10.0  # the map shows log-odds; far from the data they grow without bound


@dataclass(frozen=True)
class GenerativeParams:
    """The generative classifier and what to draw from it."""

    n_components: int = 1  # Gaussians per class; 1 is the quadratic discriminant
    n_samples: int = 200  # new points to draw from the fitted model
    seed: int = 0  # mixture initialisation (k-means) and the draws

    def __post_init__(self):
        if not 1 <= self.n_components <= MAX_COMPONENTS:
            raise ValueError(f"n_components must be within 1..{MAX_COMPONENTS}, "
                             f"got {self.n_components}")
        if not 0 <= self.n_samples <= MAX_SAMPLES:
            raise ValueError(f"n_samples must be within 0..{MAX_SAMPLES}, got {self.n_samples}")


def posterior(log_density: np.ndarray, log_prior: np.ndarray) -> np.ndarray:
    """Bayes' rule in logs: p(y | x) from log p(x | y) and log p(y).

    Parameters
    ----------
    log_density : ndarray (n, n_classes), log p(x_i | y = c)
    log_prior : ndarray (n_classes,), log p(y = c)

    Returns
    -------
    ndarray (n, n_classes), each row summing to 1.
    """
    joint = log_density + log_prior  # log p(x, y)
    return np.exp(joint - logsumexp(joint, axis=1, keepdims=True))  # divide by p(x)


class ClassGaussians:
    """A Gaussian mixture per class plus the class frequencies (scikit-learn's estimator shape:
    settings in ``__init__``, learned state ending in ``_``)."""

    def __init__(self, n_components: int = 1, random_state: int = 0):
        self.n_components = n_components
        self.random_state = random_state

    def fit(self, X: np.ndarray, y: np.ndarray) -> "ClassGaussians":
        self.classes_, counts = np.unique(y, return_counts=True)
        self.priors_ = counts / counts.sum()  # p(y): each class's share of the points
        self.mixtures_ = []
        for label, count in zip(self.classes_, counts):
            if count < max(2, self.n_components):
                raise InputError("discriminative.err_class_too_small", label=int(label),
                                 count=int(count), k=self.n_components)
            mixture = GaussianMixture(self.n_components, covariance_type="full",
                                      random_state=self.random_state)
            self.mixtures_.append(mixture.fit(X[y == label]))  # p(x | y = label)
        return self

    def class_log_density(self, X: np.ndarray) -> np.ndarray:
        """log p(x | y) for every point and class, shape (n, n_classes)."""
        return np.column_stack([mixture.score_samples(X) for mixture in self.mixtures_])

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return posterior(self.class_log_density(X), np.log(self.priors_))

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """log p(y = 1 | x) - log p(y = 0 | x): positive means the second class, 0 the
        boundary, the same reading as logistic regression's score."""
        joint = self.class_log_density(X) + np.log(self.priors_)
        return joint[:, 1] - joint[:, 0]

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def score(self, X: np.ndarray, y: np.ndarray) -> float:
        return float(np.mean(self.predict(X) == y))

    def sample(self, n: int, random_state: int) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n`` new labelled points the way the model says data arise.

        Returns
        -------
        X : ndarray (n, 2); y : ndarray (n,) of class labels.
        """
        rng = np.random.default_rng(random_state)
        labels = rng.choice(len(self.classes_), size=n, p=self.priors_)  # 1. y ~ p(y)
        points = np.empty((n, self.mixtures_[0].means_.shape[1]))
        for c, mixture in enumerate(self.mixtures_):
            rows = np.flatnonzero(labels == c)
            # 2. a component from the class's mixture weights, 3. x from its Gaussian.
            components = rng.choice(self.n_components, size=len(rows), p=mixture.weights_)
            for j in range(self.n_components):
                chosen = rows[components == j]
                points[chosen] = rng.multivariate_normal(mixture.means_[j],
                                                         mixture.covariances_[j], len(chosen))
        return points, self.classes_[labels]


@dataclass
class GenerativeResult:
    """Logistic regression and the generative classifier on the same points and split."""

    logreg: FitResult  # its grid, split and scores are the page's usual single-model view
    model: ClassGaussians
    params: GenerativeParams
    grid_values: np.ndarray  # (resolution, resolution) generative log-odds on logreg's grid
    train_accuracy: float
    test_accuracy: float | None
    samples: np.ndarray  # (n_samples, 2) new points drawn from the generative model
    sample_labels: np.ndarray  # (n_samples,)


def fit_both(X: np.ndarray, y: np.ndarray, params: GenerativeParams, C: float = 1.0,
             split_params: SplitParams = SplitParams(), reference: np.ndarray | None = None,
             resolution: int | None = None) -> GenerativeResult:
    """Fit logistic regression (with ``C``) and the generative classifier on the same training
    points, evaluate both on the same grid and draw ``params.n_samples`` new points."""
    extra = {} if resolution is None else {"resolution": resolution}
    logreg = fit_and_evaluate(X, y, ModelParams(family="logreg", C=C), split_params,
                              reference=reference, **extra)
    train, test = logreg.train_idx, logreg.test_idx
    mesh_x, mesh_y = np.meshgrid(logreg.grid_x, logreg.grid_y)
    with one_thread():
        model = ClassGaussians(params.n_components, params.seed).fit(X[train], y[train])
        values = model.decision_function(np.column_stack([mesh_x.ravel(), mesh_y.ravel()]))
    samples, sample_labels = model.sample(params.n_samples, params.seed)
    return GenerativeResult(
        logreg=logreg, model=model, params=params,
        grid_values=np.clip(values, -LOG_ODDS_CLIP, LOG_ODDS_CLIP).reshape(mesh_x.shape),
        train_accuracy=model.score(X[train], y[train]),
        test_accuracy=model.score(X[test], y[test]) if len(test) else None,
        samples=samples, sample_labels=sample_labels,
    )
