"""Learning an HMM back from its observations alone: Baum-Welch, the EM algorithm for HMMs
(Rabiner 1989, section III.C)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from playground.hmm.model import CategoricalHMM, GaussianHMM
from playground.hmm.tables import ModelSpec

@dataclass
class Learned:
    model: CategoricalHMM | GaussianHMM  # states renumbered to match the true ones
    log_likelihoods: list[float]  # log p(X) before each re-estimation step


def random_start(spec: ModelSpec, X: np.ndarray, seed: int) -> CategoricalHMM | GaussianHMM:
    """A random model of the same shape as ``spec``: where Baum-Welch begins (seeded)."""
    rng = np.random.default_rng(seed)
    k = spec.n_states
    start = rng.dirichlet(np.ones(k))
    trans = 0.5 * np.eye(k) + 0.5 * rng.dirichlet(np.ones(k), size=k)  # states tend to persist
    if spec.kind == "categorical":
        return CategoricalHMM(start, trans, rng.dirichlet(np.ones(len(spec.emission[0])), size=k))
    spread = np.cov(X.T) if len(X) > 2 else np.eye(X.shape[1])
    means = X[rng.choice(len(X), size=k, replace=len(X) < k)]
    return GaussianHMM(start, trans, means, np.repeat(spread[None] + 1e-3 * np.eye(2), k, axis=0))


def _normalise_or_keep(counts: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Rows of expected counts (K, M) divided by their sums; a row with no counts at all (a
    state the sequence never visits) keeps its ``previous`` probabilities."""
    sums = counts.sum(axis=1, keepdims=True)
    return np.where(sums > 0, counts / np.where(sums > 0, sums, 1.0), previous)


def baum_welch_step(model, X) -> tuple[CategoricalHMM | GaussianHMM, float]:
    """One EM iteration: posteriors under ``model`` (E), then re-estimated parameters (M).

    Returns the new model and log p(X) under the old one (never decreases between steps).
    """
    first, steps = model._first_and_steps(X)
    log_alpha, log_beta = model.forward(X), model.backward(X)  # (T, K) each
    log_p = float(np.logaddexp.reduce(log_alpha[-1]))
    gamma = np.exp(log_alpha + log_beta - log_p)  # (T, K) p(z_t = k | X)
    # expected transitions: sum over t of p(z_t = i, z_t+1 = j | X)
    xi = np.exp(log_alpha.T[:, None, :-1] + steps + log_beta.T[None, :, 1:] - log_p).sum(axis=2)
    start = gamma[0] / gamma[0].sum()
    # No pseudo-counts: a transition or symbol the model forbids has expected count exactly 0
    # and stays exactly 0, as in hmmlearn. A state never visited keeps its old row.
    trans = _normalise_or_keep(xi, model.transmat_)
    weight = gamma.sum(axis=0)[:, None] + 1e-12
    if isinstance(model, CategoricalHMM):
        counts = gamma.T @ np.eye(model.emissionprob_.shape[1])[model._symbols(X)]
        return CategoricalHMM(start, trans, _normalise_or_keep(counts, model.emissionprob_)), log_p
    means = gamma.T @ X / weight
    centred = X[None] - means[:, None]  # (K, T, d)
    covars = np.einsum("tk,kti,ktj->kij", gamma, centred, centred) / weight[..., None]
    covars += 1e-3 * np.eye(X.shape[1])  # keeps a state that lost its points well defined
    return GaussianHMM(start, trans, means, covars), log_p


def align_states(model, X, Z) -> CategoricalHMM | GaussianHMM:
    """Renumber learned states to agree best with the true ones (learning cannot know which
    of its states is "rainy"; only the playground, which sampled Z, can line them up)."""
    k = model.n_components
    overlap = np.stack([model.predict_proba(X)[Z == true].sum(axis=0) for true in range(k)])
    order = list(max(itertools.permutations(range(k)),
                     key=lambda perm: sum(overlap[true, perm[true]] for true in range(k))))
    start, trans = model.startprob_[order], model.transmat_[np.ix_(order, order)]
    if isinstance(model, CategoricalHMM):
        return CategoricalHMM(start, trans, model.emissionprob_[order])
    return GaussianHMM(start, trans, model.means_[order], model.covars_[order])


def baum_welch(spec: ModelSpec, X, Z, n_iter: int = 50, seed: int = 0, tol: float = 1e-4,
               callback=None) -> Learned:
    """Learn every parameter from X alone, starting from :func:`random_start`.

    ``callback(iteration, log_likelihood)`` is called after each step (for a progress bar);
    stops after ``n_iter`` steps or when log p(X) improves by less than ``tol``.
    """
    model, history = random_start(spec, X, seed), []
    for iteration in range(n_iter):
        model, log_p = baum_welch_step(model, X)
        history.append(log_p)
        if callback is not None:
            callback(iteration + 1, log_p)
        if len(history) > 1 and history[-1] - history[-2] < tol:
            break
    return Learned(align_states(model, X, Z), history)


