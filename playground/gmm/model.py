"""Gaussian mixture models on 2-D points: clustering, density estimation and sampling.

Chapter §1.2.2 opens the generative models with the Gaussian mixture: the data are assumed to
come from a few Gaussian "bumps", each point drawn by first picking a bump with probability equal
to its weight and then drawing from that Gaussian. Fitting the mixture therefore gives three
things at once: a soft clustering (how much each bump is *responsible* for each point), a density
over the plane, and a way to generate new points.

The fit is the expectation-maximisation (EM) algorithm of Dempster, Laird & Rubin (1977); see
also Bishop, *Pattern Recognition and Machine Learning* (2006), §9.2. scikit-learn's
``GaussianMixture`` does the real fitting here. :func:`em_trace` repeats the same algorithm by
hand in NumPy, one numbered step at a time, from exactly scikit-learn's initialisation, so the
page can show every iteration; the tests check that it ends where scikit-learn ends.
Model choice uses the BIC (Schwarz 1978) and the AIC (Akaike 1974).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.special import logsumexp
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.mixture import GaussianMixture

from playground.compute import one_thread
from playground.errors import InputError

DATASETS = ("blobs", "moons", "circles", "aniso")  # generated 2-D sets the pages offer
COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")
INITS = ("kmeans", "random")
MAX_COMPONENTS = 10
MAX_ITER = 100  # scikit-learn's default: EM stops here even if it has not converged
TOL = 1e-3  # scikit-learn's default: stop when the mean log-likelihood gains less than this
REG_COVAR = 1e-6  # added to every variance, so a component on a single point stays invertible
GRID_RESOLUTION = 80  # density grid points per axis


@dataclass(frozen=True)
class GMMParams:
    """Settings of one mixture; also the cache key and the URL state of the page."""

    n_components: int = 3  # number of Gaussian bumps
    covariance_type: str = "full"  # shape constraint on each bump (see COVARIANCE_TYPES)
    init: str = "kmeans"  # starting responsibilities: k-means' hard labels or random weights
    seed: int = 0  # random_state of the initialisation

    def __post_init__(self):
        if not 1 <= self.n_components <= MAX_COMPONENTS:
            raise ValueError(f"n_components must be within 1..{MAX_COMPONENTS}, "
                             f"got {self.n_components}")
        if self.covariance_type not in COVARIANCE_TYPES:
            raise ValueError(f"covariance_type must be one of {COVARIANCE_TYPES}, "
                             f"got {self.covariance_type!r}")
        if self.init not in INITS:
            raise ValueError(f"init must be one of {INITS}, got {self.init!r}")


def check_data(X: np.ndarray, n_components: int) -> None:
    """Raise an :class:`InputError` unless ``X`` (n, 2) can be fitted with ``n_components``."""
    if len(X) == 0:
        raise InputError("errors.no_points")
    if len(X) < n_components:
        raise InputError("gmm.err_too_few", n=len(X), k=n_components)
    distinct = len(np.unique(X, axis=0))
    if distinct == 1:
        raise InputError("gmm.err_identical", n=len(X))
    if distinct < n_components:
        raise InputError("gmm.err_too_few_distinct", distinct=distinct, k=n_components)


def build_model(params: GMMParams, **overrides) -> GaussianMixture:
    """An unfitted ``GaussianMixture`` with the page's settings and scikit-learn's defaults."""
    settings = dict(n_components=params.n_components, covariance_type=params.covariance_type,
                    init_params=params.init, random_state=params.seed, max_iter=MAX_ITER,
                    tol=TOL, reg_covar=REG_COVAR)
    return GaussianMixture(**(settings | overrides))


def _quietly(function, *args):
    """Run a scikit-learn call on one thread and without convergence warnings
    (see :mod:`playground.compute`); the page reports convergence itself."""
    with one_thread():
        return function(*args)


def fit(X: np.ndarray, params: GMMParams) -> GaussianMixture:
    """Check the data and fit scikit-learn's mixture to ``X`` (n, 2)."""
    check_data(X, params.n_components)
    return _quietly(build_model(params).fit, X)


def fit_details(X: np.ndarray, params: GMMParams):
    """scikit-learn's fit with what the views draw from it.

    Returns
    -------
    model : the fitted GaussianMixture; resp : (n, k) its responsibilities for ``X``;
    full_covs : (k, 2, 2) its covariances as full matrices, whatever the covariance type
    """
    model = fit(X, params)
    full = full_covariances(model.covariances_, params.covariance_type, params.n_components)
    return model, model.predict_proba(X), full


# ---------------------------------------------------------------------------------------------
# EM by hand. The E-step sees every covariance type as full 2 x 2 matrices; only the M-step
# knows the constraint.

def full_covariances(covariances: np.ndarray, covariance_type: str, n_components: int,
                     n_features: int = 2) -> np.ndarray:
    """Any of scikit-learn's covariance layouts as full matrices, shape (k, d, d).

    full: (k, d, d); tied: (d, d) shared; diag: (k, d) variances; spherical: (k,) one variance.
    """
    covariances = np.asarray(covariances, dtype=float)
    if covariance_type == "full":
        return covariances
    if covariance_type == "tied":
        return np.broadcast_to(covariances, (n_components, n_features, n_features)).copy()
    if covariance_type == "diag":
        return np.stack([np.diag(c) for c in covariances])
    return covariances[:, None, None] * np.eye(n_features)


def m_step(X: np.ndarray, resp: np.ndarray, covariance_type: str):
    """Maximisation: the weights, means and covariances that best explain the points when
    point i belongs to component k with weight ``resp[i, k]``.

    Parameters
    ----------
    X : ndarray (n, d); resp : ndarray (n, k), rows summing to 1

    Returns
    -------
    weights : (k,); means : (k, d); covariances : in ``covariance_type``'s layout
    """
    n, d = X.shape
    # 1. Soft counts N_k; the tiny constant (as in scikit-learn) keeps an emptied component finite.
    nk = resp.sum(axis=0) + 10 * np.finfo(float).eps
    # 2. Weights: each component's share of the points.
    weights = nk / n
    # 3. Means: responsibility-weighted averages of the points.
    means = resp.T @ X / nk[:, None]
    # 4. Covariances: responsibility-weighted spread around each mean, (k, d, d).
    diffs = X[None, :, :] - means[:, None, :]  # (k, n, d)
    scatter = np.einsum("nk,kni,knj->kij", resp, diffs, diffs)
    # 5. The constraint of the covariance type, then the small ridge on the variances.
    if covariance_type == "full":
        covariances = scatter / nk[:, None, None] + REG_COVAR * np.eye(d)
    elif covariance_type == "tied":  # one matrix pooled over all components
        covariances = scatter.sum(axis=0) / nk.sum() + REG_COVAR * np.eye(d)
    else:  # axis-aligned: only the diagonal survives
        variances = np.einsum("kii->ki", scatter) / nk[:, None] + REG_COVAR
        covariances = variances if covariance_type == "diag" else variances.mean(axis=1)
    return weights, means, covariances


def log_gaussians(X: np.ndarray, means: np.ndarray, full_covs: np.ndarray) -> np.ndarray:
    """log N(x_i | mu_k, Sigma_k) for every point and component, shape (n, k)."""
    n, d = X.shape
    out = np.empty((n, len(means)))
    for k, (mean, cov) in enumerate(zip(means, full_covs)):
        chol = np.linalg.cholesky(cov)  # Sigma = L L^T
        z = np.linalg.solve(chol, (X - mean).T)  # whitened offsets; |z|^2 = Mahalanobis distance^2
        log_det = 2.0 * np.log(np.diag(chol)).sum()
        out[:, k] = -0.5 * (d * np.log(2 * np.pi) + log_det + (z**2).sum(axis=0))
    return out


def e_step(X: np.ndarray, weights: np.ndarray, means: np.ndarray, full_covs: np.ndarray):
    """Expectation: each component's responsibility for each point, by Bayes' rule.

    Returns
    -------
    resp : (n, k), rows summing to 1
    log_likelihood : float, mean over the points of log p(x_i)
    """
    joint = np.log(weights) + log_gaussians(X, means, full_covs)  # log w_k + log N(x_i | k)
    log_px = logsumexp(joint, axis=1)  # log p(x_i) = log sum_k w_k N(x_i | k)
    return np.exp(joint - log_px[:, None]), float(log_px.mean())


def initial_responsibilities(X: np.ndarray, params: GMMParams) -> np.ndarray:
    """The responsibilities scikit-learn starts from with the same ``random_state``, (n, k).

    k-means: one-hot rows from a single k-means run; random: uniform numbers, normalised.
    Both draw from ``RandomState(seed)`` exactly as ``GaussianMixture.fit`` does.
    """
    n, k = len(X), params.n_components
    if params.init == "kmeans":
        labels = _quietly(KMeans(n_clusters=k, n_init=1, random_state=params.seed).fit, X).labels_
        resp = np.zeros((n, k))
        resp[np.arange(n), labels] = 1.0
        return resp
    resp = np.random.RandomState(params.seed).uniform(size=(n, k))
    return resp / resp.sum(axis=1, keepdims=True)


@dataclass
class EMTrace:
    """Parameters after every EM iteration (index 0 is the initialisation)."""

    params: GMMParams
    weights: list[np.ndarray]  # each (k,)
    means: list[np.ndarray]  # each (k, d)
    covariances: list[np.ndarray]  # each in the covariance type's layout
    log_likelihoods: np.ndarray  # (n_iter + 1,) mean log-likelihood of each step's parameters
    converged: bool

    @property
    def n_iter(self) -> int:
        return len(self.weights) - 1

    def full_covariances(self, step: int) -> np.ndarray:
        return full_covariances(self.covariances[step], self.params.covariance_type,
                                self.params.n_components, self.means[step].shape[1])

    def responsibilities(self, X: np.ndarray, step: int) -> np.ndarray:
        """E-step with the parameters of ``step``, (n, k)."""
        return e_step(X, self.weights[step], self.means[step], self.full_covariances(step))[0]


def em_step_to_show(n_iter: int, *, current: int | None, shown_range: int | None,
                    url_value: str, play_end: int | None = None) -> int | None:
    """Which EM iteration the page's slider over 0..``n_iter`` must show, or None to keep the
    slider's own value (``current``).

    A new fit (a different ``n_iter`` than the ``shown_range`` last shown) starts at its fitted
    end, except on arrival from a shared link (nothing shown yet, a number in ``url_value``).
    The end of a Play (``play_end``) wins. Every answer is clamped to ``n_iter``: Streamlit
    refuses a slider value beyond the slider's range.
    """
    if play_end is not None:
        return min(play_end, n_iter)
    if current is None or shown_range != n_iter:
        from_shared_link = url_value.isdigit() and shown_range is None
        return min(int(url_value), n_iter) if from_shared_link else n_iter
    return None


def em_trace(X: np.ndarray, params: GMMParams, max_iter: int = MAX_ITER,
             tol: float = TOL) -> EMTrace:
    """Run EM by hand from scikit-learn's initialisation and keep every iteration.

    Stops by scikit-learn's rule, so the last step equals ``GaussianMixture.fit``'s result.
    """
    check_data(X, params.n_components)
    ctype = params.covariance_type
    # Step 0: fit each component to the initial responsibilities.
    w, mu, cov = m_step(X, initial_responsibilities(X, params), ctype)
    weights, means, covariances, lls = [w], [mu], [cov], []
    converged = False
    for _ in range(max_iter):
        full = full_covariances(cov, ctype, params.n_components, X.shape[1])
        resp, ll = e_step(X, w, mu, full)  # E: who is responsible for which point
        lls.append(ll)
        w, mu, cov = m_step(X, resp, ctype)  # M: refit every component to its share
        weights.append(w)
        means.append(mu)
        covariances.append(cov)
        if len(lls) > 1 and abs(lls[-1] - lls[-2]) < tol:  # the likelihood has stopped rising
            converged = True
            break
    final = full_covariances(cov, ctype, params.n_components, X.shape[1])
    lls.append(e_step(X, w, mu, final)[1])
    return EMTrace(params, weights, means, covariances, np.array(lls), converged)


# ---------------------------------------------------------------------------------------------
# Model choice, generation, density and the k-means contrast.

@dataclass
class Criteria:
    """BIC and AIC of mixtures with 1..MAX_COMPONENTS components, per covariance type."""

    ks: np.ndarray  # (m,) numbers of components
    bic: dict[str, np.ndarray]  # covariance type -> (m,), NaN where k is impossible
    aic: dict[str, np.ndarray]

    def best(self, criterion: str) -> tuple[int, str]:
        """(k, covariance type) with the lowest ``criterion``, "bic" or "aic"."""
        table = getattr(self, criterion)
        stacked = np.array([table[c] for c in COVARIANCE_TYPES])  # (types, m), NaN = impossible
        i, j = np.unravel_index(np.nanargmin(stacked), stacked.shape)
        return int(self.ks[j]), COVARIANCE_TYPES[i]


def information_criteria(X: np.ndarray, init: str = "kmeans", seed: int = 0,
                         progress=None) -> Criteria:
    """Fit every (covariance type, k) pair and score it; lower is better for both criteria.

    BIC = -2 log L + p log n and AIC = -2 log L + 2 p, where p counts the free parameters:
    the penalty is what stops "more components" from always winning.
    """
    check_data(X, 1)
    distinct = len(np.unique(X, axis=0))
    ks = np.arange(1, MAX_COMPONENTS + 1)
    bic = {c: np.full(len(ks), np.nan) for c in COVARIANCE_TYPES}
    aic = {c: np.full(len(ks), np.nan) for c in COVARIANCE_TYPES}
    for j, k in enumerate(ks[ks <= distinct]):
        # One k-means run per k serves all four covariance types: handing scikit-learn the
        # parameters it would compute from it is the same start (tested), at a quarter the cost.
        start = initial_responsibilities(X, GMMParams(int(k), init=init, seed=seed))
        for ctype in COVARIANCE_TYPES:
            weights, means, covariances = m_step(X, start, ctype)
            precisions = (np.linalg.inv(covariances) if ctype in ("full", "tied")
                          else 1.0 / covariances)
            model = build_model(GMMParams(int(k), ctype, init, seed),
                                weights_init=weights / weights.sum(),  # exactly 1 for k = 1
                                means_init=means, precisions_init=precisions)
            _quietly(model.fit, X)
            bic[ctype][j], aic[ctype][j] = model.bic(X), model.aic(X)
        if progress is not None:
            progress((j + 1) / min(distinct, len(ks)))
    return Criteria(ks, bic, aic)


def sample(model: GaussianMixture, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` new points the way the model says the data arose (ancestral sampling).

    Returns
    -------
    X : (n, d) new points; Z : (n,) the component each one came from
    """
    rng = np.random.default_rng(seed)
    k, d = model.means_.shape
    # 1. Pick a component for every new point, with probability equal to its weight.
    Z = rng.choice(k, size=n, p=model.weights_ / model.weights_.sum())
    # 2. Draw from that component's Gaussian: mean + L @ standard normal, with Sigma = L L^T.
    chol = np.linalg.cholesky(full_covariances(model.covariances_, model.covariance_type, k, d))
    X = model.means_[Z] + np.einsum("nij,nj->ni", chol[Z], rng.standard_normal((n, d)))
    return X, Z


def grid_axes(X: np.ndarray, resolution: int = GRID_RESOLUTION):
    """Evenly spaced x and y coordinates covering the points with a margin, each (resolution,)."""
    low, high = X.min(axis=0), X.max(axis=0)
    pad = np.maximum((high - low) * 0.15, 0.5)
    return (np.linspace(low[0] - pad[0], high[0] + pad[0], resolution),
            np.linspace(low[1] - pad[1], high[1] + pad[1], resolution))


def log_density_grid(model: GaussianMixture, X: np.ndarray, resolution: int = GRID_RESOLUTION):
    """log p(x) of the mixture on a grid around ``X``.

    Returns
    -------
    grid_x : (r,); grid_y : (r,); log_p : (r, r), row i is grid_y[i]
    """
    grid_x, grid_y = grid_axes(X, resolution)
    mesh_x, mesh_y = np.meshgrid(grid_x, grid_y)
    log_p = model.score_samples(np.column_stack([mesh_x.ravel(), mesh_y.ravel()]))
    return grid_x, grid_y, log_p.reshape(mesh_x.shape)


def kmeans_matched(X: np.ndarray, params: GMMParams, gmm_means: np.ndarray):
    """k-means' hard labels and centres, renumbered so cluster j sits nearest GMM component j.

    Uses the k-means run GaussianMixture starts from (one run, same random_state).

    Returns
    -------
    labels : (n,) int; centres : (k, d)
    """
    km = _quietly(KMeans(n_clusters=params.n_components, n_init=1, random_state=params.seed).fit, X)
    cost = ((km.cluster_centers_[:, None, :] - gmm_means[None, :, :]) ** 2).sum(axis=2)
    rows, cols = linear_sum_assignment(cost)  # k-means cluster rows[j] <-> component cols[j]
    order = np.empty(len(rows), dtype=int)
    order[rows] = cols
    centres = np.empty_like(km.cluster_centers_)
    centres[cols] = km.cluster_centers_[rows]
    return order[km.labels_], centres


def label_agreement(y: np.ndarray, resp: np.ndarray, kmeans_labels: np.ndarray) -> dict:
    """Adjusted Rand index of each clustering against the true labels ``y``: "gmm" (each
    point's most responsible component) and "kmeans". 1 is the same partition, about 0 chance;
    the numbering of the clusters does not matter."""
    return {"gmm": float(adjusted_rand_score(y, resp.argmax(axis=1))),
            "kmeans": float(adjusted_rand_score(y, kmeans_labels))}


def responsibilities_csv(X: np.ndarray, y: np.ndarray, resp: np.ndarray) -> bytes:
    """Points with their label, each component's responsibility and the most likely component."""
    table = pd.DataFrame({"x": X[:, 0], "y": X[:, 1], "label": y})
    for k in range(resp.shape[1]):
        table[f"resp_{k}"] = resp[:, k]
    table["component"] = resp.argmax(axis=1)
    return table.to_csv(index=False).encode("utf-8")


def samples_csv(X: np.ndarray, Z: np.ndarray) -> bytes:
    """Generated points with the component each was drawn from."""
    table = pd.DataFrame({"x": X[:, 0], "y": X[:, 1], "component": Z})
    return table.to_csv(index=False).encode("utf-8")
