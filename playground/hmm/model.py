"""Hidden Markov models: sample a sequence, then recover its hidden states.

Chapter §1.2.2 lists the hidden Markov model (HMM) among the generative models: a Markov chain of
hidden states that we never see, each state emitting an observation that we do see. Generating
data is two loops (walk the chain, emit from the current state); the lesson is that the hidden
path can be recovered from the observations alone (Rabiner 1989, "A tutorial on hidden Markov
models and selected applications in speech recognition"):

* evaluation, log p(X), by the forward algorithm -> ``score``
* decoding, the single most probable state path, by the Viterbi algorithm -> ``decode``
* smoothing, p(z_t = k | X) for every step, by forward-backward -> ``predict_proba``
* learning the parameters from X alone by Baum-Welch (EM) -> :func:`baum_welch`

The method names are hmmlearn's, so ``CategoricalHMM`` and ``GaussianHMM`` (full covariances)
can be swapped for ``hmmlearn.hmm``'s classes; the tests check both agree. Everything is in log
space, so 5,000 steps of small probabilities never underflow.

Speed. The textbook recursions visit one time step after another. Each step is a product with a
K x K matrix, in the (log-sum-exp, +) semiring for the forward pass and in (max, +) for Viterbi,
and such products are associative: all T prefixes can be formed in about log2(T) vectorised
rounds (a parallel prefix scan; Hassan, Särkkä and García-Fernández 2021, "Temporal
parallelization of inference in hidden Markov models"). :func:`forward_loop` keeps the one-step-
at-a-time version for reading and as the reference the scan is tested against.

Presets: the weather model (Wikipedia's HMM example), the dishonest casino of Durbin, Eddy,
Krogh and Mitchison 1998 ("Biological sequence analysis", ch. 3) and a 2-D Gaussian HMM.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from playground.errors import InputError

MAX_LENGTH = 5000  # longest sequence the pages sample
KINDS = ("categorical", "gaussian")
GAUSS_COLUMNS = ("mu1", "mu2", "sigma1", "sigma2", "rho")  # one row of 2-D Gaussian emission
NORMALISABLE = ("hmm.err.row_sum", "hmm.err.start_sum")  # errors the normalise button fixes
SUM_TOLERANCE = 1e-6  # rows this close to 1 are accepted as typed (0.6 + 0.3 + 0.1 != 1.0)
SIGMA_RANGE = (0.01, 100.0)
RHO_LIMIT = 0.99  # keeps every covariance comfortably positive definite


def _log(p) -> np.ndarray:
    with np.errstate(divide="ignore"):  # log 0 = -inf is the right answer for a forbidden move
        return np.log(p)


# ---------------------------------------------------------------- the two semiring products
_SHORT = 8  # stacks up to this length are walked step by step instead of halved again
# Stacks of matrices keep the time axis last, shape (rows, cols, n): every NumPy operation then
# runs over long contiguous time rows instead of K-element scraps (about ten times faster).
def _logsumexp_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Log-space product of matrix stacks: ``out[i, j, t] = log sum_k exp(a[i, k, t] +
    b[k, j, t])``, exact for any magnitudes (the max is taken out before exponentiating)."""
    terms = a[:, :, None, :] + b[None, :, :, :]
    top = terms.max(axis=1)
    np.maximum(top, -1e300, out=top)  # an all -inf entry stays -inf, without inf - inf = NaN
    terms -= top[:, None]
    np.exp(terms, out=terms)  # in place: this product is the inner loop of every pass
    out = terms.sum(axis=1)
    with np.errstate(divide="ignore"):
        np.log(out, out=out)
    out += top
    return out


def _max_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(max, +) product of matrix stacks: the best score over the middle index k."""
    return (a[:, :, None, :] + b[None, :, :, :]).max(axis=1)


def _prefix_scan(first: np.ndarray, steps: np.ndarray, product) -> np.ndarray:
    """All prefixes ``first ⊗ steps[..., 0] ⊗ ... ⊗ steps[..., t]`` of an associative product.

    ``first`` is a row vector (1, K, 1), ``steps`` a stack (K, K, n); returns (1, K, n).
    Neighbouring steps are multiplied in pairs, the half-length problem is solved recursively
    (giving the prefixes that end at odd positions), and each even position takes one more step
    from the prefix before it.
    """
    n = steps.shape[-1]
    out = np.empty((*first.shape[:-1], n), dtype=first.dtype)
    if n <= _SHORT:  # a few plain steps cost less than more rounds of the scan
        for t in range(n):
            first = out[..., t:t + 1] = product(first, steps[..., t:t + 1])
        return out
    out[..., 1::2] = _prefix_scan(first, product(steps[..., 0:n - 1:2], steps[..., 1::2]),
                                  product)
    before_even = np.concatenate([first, out[..., 1:n - 1:2]], axis=-1)
    out[..., 0::2] = product(before_even, steps[..., 0::2])
    return out


def _follow(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Composition of pointer maps: ``out[j, t] = b[a[j, t], t]`` (follow a, then b)."""
    return b[a, np.arange(a.shape[-1])]


def _reduce(first: np.ndarray, steps: np.ndarray, product) -> np.ndarray:
    """Only the full product ``first ⊗ steps[..., 0] ⊗ ... ⊗ steps[..., -1]``, shape (1, K, 1)."""
    while steps.shape[-1] > _SHORT:
        paired = product(steps[..., 0:steps.shape[-1] - 1:2], steps[..., 1::2])
        steps = (np.concatenate([paired, steps[..., -1:]], axis=-1) if steps.shape[-1] % 2
                 else paired)
    for t in range(steps.shape[-1]):
        first = product(first, steps[..., t:t + 1])
    return first


# ---------------------------------------------------------------- the models
class _BaseHMM:
    """What both emission types share: the chain, sampling and the three inference passes."""

    def __init__(self, startprob, transmat):
        self.startprob_ = np.asarray(startprob, dtype=float)  # (K,) p(z_0 = k)
        self.transmat_ = np.asarray(transmat, dtype=float)  # (K, K) p(z_t+1 = j | z_t = i)
        k = len(self.startprob_)
        if self.transmat_.shape != (k, k):
            raise ValueError(f"transmat must be ({k}, {k}), got {self.transmat_.shape}")
        for name, table in (("startprob", self.startprob_), ("transmat", self.transmat_)):
            if (table < 0).any() or not np.allclose(table.sum(axis=-1), 1.0):
                raise ValueError(f"{name} must hold probabilities summing to 1 (per row)")

    @property
    def n_components(self) -> int:
        return len(self.startprob_)

    def _log_emission(self, X: np.ndarray) -> np.ndarray:
        """log p(x_t | z_t = k), shape (K, T): time last, like every array of the passes."""
        raise NotImplementedError

    def _emit(self, states: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def _first_and_steps(self, X):
        """The recursion as matrices: the row vector log(pi * b_0), shape (1, K, 1), and for
        t >= 1 the stack ``log A[i, j] + log b_t(j)``, shape (K, K, T-1), that moves the
        messages one step forward."""
        log_b = self._log_emission(X)
        first = (_log(self.startprob_) + log_b[:, 0])[None, :, None]
        return first, _log(self.transmat_)[:, :, None] + log_b[None, :, 1:]

    def score(self, X) -> float:
        """log p(X) by the forward algorithm (summing over every hidden path)."""
        first, steps = self._first_and_steps(X)
        last = _reduce(first, steps, _logsumexp_product)[0, :, 0]
        top = last.max()
        return float(top + np.log(np.exp(last - top).sum())) if np.isfinite(top) else -np.inf

    def forward(self, X) -> np.ndarray:
        """log alpha, (T, K): log p(x_0..x_t, z_t = k)."""
        first, steps = self._first_and_steps(X)
        scan = _prefix_scan(first, steps, _logsumexp_product)
        return np.concatenate([first, scan], axis=-1)[0].T

    def backward(self, X) -> np.ndarray:
        """log beta, (T, K): log p(x_t+1..x_T-1 | z_t = k); the forward scan run backwards
        on the transposed step matrices."""
        _, steps = self._first_and_steps(X)
        end = np.zeros((1, self.n_components, 1))
        later = _prefix_scan(end, steps[..., ::-1].transpose(1, 0, 2), _logsumexp_product)
        return np.concatenate([later[..., ::-1], end], axis=-1)[0].T

    def predict_proba(self, X) -> np.ndarray:
        """Posterior state probabilities p(z_t = k | X), shape (T, K), by forward-backward."""
        log_alpha, log_beta = self.forward(X), self.backward(X)
        joint = log_alpha + log_beta
        top = joint.max(axis=1, keepdims=True)
        weights = np.exp(joint - top)
        return weights / weights.sum(axis=1, keepdims=True)

    def decode(self, X) -> tuple[float, np.ndarray]:
        """Viterbi: the most probable hidden path and its log probability log p(X, Z*)."""
        first, steps = self._first_and_steps(X)
        # 1. best score of any path ending in each state at each step (max-plus prefixes)
        delta = np.concatenate([first, _prefix_scan(first, steps, _max_product)], axis=-1)[0]
        # 2. best predecessor of state j at step t+1, for every t at once: back[j, t]
        back = (delta[:, None, :-1] + _log(self.transmat_)[:, :, None]).argmax(axis=0)
        # 3. from the best final state follow the pointers back, z_t = back[z_t+1, t]; chains of
        # pointers compose associatively too, so the same scan walks them in log2(T) rounds
        last = delta[:, -1:].argmax(axis=0)[None]  # (1, 1)
        earlier = _prefix_scan(last, back[:, ::-1], _follow)[0, ::-1]
        return float(delta[:, -1].max()), np.concatenate([earlier, last[0]])

    def predict(self, X) -> np.ndarray:
        return self.decode(X)[1]

    def sample(self, n_samples: int = 1, random_state=None) -> tuple[np.ndarray, np.ndarray]:
        """Generate: walk the chain for ``n_samples`` steps, emitting from each state.

        Returns
        -------
        X : ndarray, (n, 1) int symbols or (n, d) float points
        Z : ndarray (n,) int, the hidden states
        """
        rng = np.random.default_rng(random_state)
        u = rng.random(n_samples)
        start = np.cumsum(self.startprob_).tolist()
        rows = np.cumsum(self.transmat_, axis=1).tolist()
        last = self.n_components - 1
        # The chain is sequential by nature; bisect on Python lists keeps 5,000 steps near 2 ms.
        state = min(bisect_right(start, u[0]), last)
        states = [state]
        for draw in u[1:].tolist():
            state = min(bisect_right(rows[state], draw), last)
            states.append(state)
        Z = np.array(states)
        return self._emit(Z, rng), Z


class CategoricalHMM(_BaseHMM):
    """Discrete symbols 0..M-1; ``emissionprob`` (K, M) holds p(x = m | z = k)."""

    def __init__(self, startprob, transmat, emissionprob):
        super().__init__(startprob, transmat)
        self.emissionprob_ = np.asarray(emissionprob, dtype=float)
        if len(self.emissionprob_) != self.n_components or self.emissionprob_.ndim != 2:
            raise ValueError(f"emissionprob must have {self.n_components} rows")
        if (self.emissionprob_ < 0).any() or not np.allclose(self.emissionprob_.sum(1), 1.0):
            raise ValueError("emissionprob rows must be probabilities summing to 1")

    def _log_emission(self, X):
        symbols = np.asarray(X).reshape(len(X), -1)[:, 0].astype(int)
        return _log(self.emissionprob_)[:, symbols]

    def _emit(self, states, rng):
        cumulative = np.cumsum(self.emissionprob_, axis=1)[states]  # (n, M)
        symbols = (cumulative <= rng.random(len(states))[:, None]).sum(axis=1)
        return np.minimum(symbols, self.emissionprob_.shape[1] - 1)[:, None]


class GaussianHMM(_BaseHMM):
    """Real vectors in d dimensions; state k emits N(means[k], covars[k]) (full covariances)."""

    def __init__(self, startprob, transmat, means, covars):
        super().__init__(startprob, transmat)
        self.means_ = np.asarray(means, dtype=float)  # (K, d)
        self.covars_ = np.asarray(covars, dtype=float)  # (K, d, d)
        k, d = self.means_.shape
        if k != self.n_components or self.covars_.shape != (k, d, d):
            raise ValueError(f"means must be ({self.n_components}, d) and covars (K, d, d)")
        try:
            self._chol = np.linalg.cholesky(self.covars_)
        except np.linalg.LinAlgError:
            raise ValueError("every covariance matrix must be symmetric positive definite") from None

    def _log_emission(self, X):
        X = np.asarray(X, dtype=float)
        out = np.empty((self.n_components, len(X)))
        for k, (mean, chol) in enumerate(zip(self.means_, self._chol)):
            # with covars = L L^T, the squared Mahalanobis distance is |L^-1 (x - mean)|^2
            white = (X - mean) @ np.linalg.inv(chol).T
            log_det = 2 * np.log(np.diag(chol)).sum()
            out[k] = -0.5 * ((white**2).sum(axis=1) + log_det + X.shape[1] * np.log(2 * np.pi))
        return out

    def _emit(self, states, rng):
        noise = rng.standard_normal((len(states), self.means_.shape[1]))
        return self.means_[states] + np.einsum("nij,nj->ni", self._chol[states], noise)


def forward_loop(model: _BaseHMM, X) -> np.ndarray:
    """The textbook forward recursion, one time step at a time (log alpha, shape (T, K)).

    alpha_0(k) = pi_k b_k(x_0);  alpha_t(j) = [sum_i alpha_t-1(i) A_ij] b_j(x_t).
    Same result as ``model.forward(X)``, about ten times slower for long sequences.
    """
    log_b, log_a = model._log_emission(X).T, _log(model.transmat_)
    log_alpha = np.empty_like(log_b)
    log_alpha[0] = _log(model.startprob_) + log_b[0]
    for t in range(1, len(log_b)):
        reach = log_alpha[t - 1][:, None] + log_a  # (i, j): be in i, then move to j
        top = reach.max(axis=0)
        top[~np.isfinite(top)] = 0.0
        with np.errstate(divide="ignore"):
            log_alpha[t] = np.log(np.exp(reach - top).sum(axis=0)) + top + log_b[t]
    return log_alpha


# ---------------------------------------------------------------- presets and user tables
@dataclass(frozen=True)
class ModelSpec:
    """A validated model as the pages edit it; hashable, so it also keys the cache.

    ``emission`` holds, per state, the symbol probabilities (categorical) or the 2-D Gaussian
    as one row (mu1, mu2, sigma1, sigma2, rho): the two standard deviations and the correlation
    are easier to edit than a covariance matrix and always give a valid one.
    """

    kind: str  # one of KINDS
    startprob: tuple[float, ...]
    transmat: tuple[tuple[float, ...], ...]
    emission: tuple[tuple[float, ...], ...]

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        k = len(self.startprob)
        if len(self.transmat) != k or any(len(row) != k for row in self.transmat):
            raise ValueError(f"transmat must be {k} x {k}")
        width = len(GAUSS_COLUMNS) if self.kind == "gaussian" else len(self.emission[0])
        if len(self.emission) != k or any(len(row) != width for row in self.emission):
            raise ValueError(f"emission must have {k} rows of {width} values")

    @property
    def n_states(self) -> int:
        return len(self.startprob)

    def covariances(self) -> np.ndarray:
        """(K, 2, 2) covariance matrices of the Gaussian rows."""
        _, _, s1, s2, rho = np.asarray(self.emission, dtype=float).T
        return np.stack([np.stack([s1**2, rho * s1 * s2], -1),
                         np.stack([rho * s1 * s2, s2**2], -1)], axis=1)

    def build(self) -> CategoricalHMM | GaussianHMM:
        if self.kind == "categorical":
            return CategoricalHMM(self.startprob, self.transmat, self.emission)
        means = np.asarray(self.emission, dtype=float)[:, :2]
        return GaussianHMM(self.startprob, self.transmat, means, self.covariances())


@dataclass(frozen=True)
class Preset:
    spec: ModelSpec
    states: tuple[str, ...]  # catalogue keys of the state names, under "hmm.state."
    symbols: tuple[str, ...] = ()  # catalogue keys of the symbols, under "hmm.symbol."


PRESETS = {
    # Wikipedia's example: a friend's daily activity tells us about the weather where they live.
    "weather": Preset(ModelSpec("categorical", (0.6, 0.4), ((0.7, 0.3), (0.4, 0.6)),
                                ((0.1, 0.4, 0.5), (0.6, 0.3, 0.1))),
                      ("rainy", "sunny"), ("walk", "shop", "clean")),
    # Durbin et al. 1998: a casino swaps in a loaded die that shows a six half of the time.
    "casino": Preset(ModelSpec("categorical", (0.5, 0.5), ((0.95, 0.05), (0.1, 0.9)),
                               ((1 / 6,) * 6, (0.1,) * 5 + (0.5,))),
                     ("fair", "loaded"), tuple(f"face{i}" for i in range(1, 7))),
    # Four overlapping 2-D clouds visited in a cycle; the zeros forbid jumping across the square.
    "gauss4": Preset(ModelSpec("gaussian", (1.0, 0.0, 0.0, 0.0),
                               ((0.85, 0.15, 0.0, 0.0), (0.0, 0.85, 0.15, 0.0),
                                (0.0, 0.0, 0.85, 0.15), (0.15, 0.0, 0.0, 0.85)),
                               ((0.0, 0.0, 1.0, 1.0, 0.5), (2.5, 0.0, 1.0, 0.6, 0.0),
                                (2.5, 2.5, 1.0, 1.0, -0.5), (0.0, 2.5, 0.6, 1.0, 0.0))),
                     ("g1", "g2", "g3", "g4")),
}


def _numbers(table, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """The table as floats; a missing or non-numeric cell is an :class:`InputError`."""
    cells = np.asarray(table, dtype=object)
    if cells.shape != shape:
        raise InputError("hmm.err.shape", table=name, shape=" x ".join(map(str, shape)))

    def number(cell):
        try:
            return float(cell)
        except (TypeError, ValueError):
            return np.nan

    values = np.vectorize(number, otypes=[float])(cells).reshape(shape)
    bad = np.argwhere(~np.isfinite(values.reshape(shape[0], -1)))
    if len(bad):
        raise InputError("hmm.err.not_number", table=name, row=int(bad[0][0]),
                         col=int(bad[0][1]) + 1)
    return values


def _probability_rows(table, name: str, shape: tuple[int, ...]) -> np.ndarray:
    values = _numbers(table, name, shape)
    if len(shape) == 1:  # one distribution (the start probabilities): no row to point at
        if (values < 0).any():
            raise InputError("hmm.err.start_negative", table=name)
        if abs(values.sum() - 1) > SUM_TOLERANCE:
            raise InputError("hmm.err.start_sum", table=name, total=f"{values.sum():.4g}")
        return values
    for index, row in enumerate(values):
        if (row < 0).any():
            raise InputError("hmm.err.negative", table=name, row=index)
        if row.sum() == 0:
            raise InputError("hmm.err.zero_row", table=name, row=index)
        if abs(row.sum() - 1) > SUM_TOLERANCE:
            raise InputError("hmm.err.row_sum", table=name, row=index, total=f"{row.sum():.4g}")
    return values


def spec_from_tables(kind: str, startprob, transmat, emission) -> ModelSpec:
    """Check the edited tables and return the model they describe.

    Parameters
    ----------
    startprob : K numbers; transmat : K x K; emission : K x M symbol probabilities or K x 5
        Gaussian rows (mu1, mu2, sigma1, sigma2, rho). Any nested sequence or DataFrame values.

    Raises
    ------
    InputError
        ``hmm.err.*`` with ``table`` ("start", "trans" or "emission") and, where a row is at
        fault, its 0-based ``row``; ``hmm.err.row_sum`` and ``hmm.err.start_sum`` can be fixed by
        :func:`normalise_rows`.
    """
    k = len(np.asarray(startprob, dtype=object).reshape(-1))
    start = _probability_rows(np.asarray(startprob, dtype=object).reshape(-1), "start", (k,))
    trans = _probability_rows(transmat, "trans", (k, k))
    if kind == "categorical":
        emission_width = np.asarray(emission, dtype=object).shape[-1]
        rows = _probability_rows(emission, "emission", (k, emission_width))
    else:
        rows = _numbers(emission, "emission", (k, len(GAUSS_COLUMNS)))
        for index, (_, _, s1, s2, rho) in enumerate(rows):
            if not (SIGMA_RANGE[0] <= s1 <= SIGMA_RANGE[1] and SIGMA_RANGE[0] <= s2 <= SIGMA_RANGE[1]):
                raise InputError("hmm.err.sigma", row=index, low=SIGMA_RANGE[0], high=SIGMA_RANGE[1])
            if abs(rho) > RHO_LIMIT:
                raise InputError("hmm.err.rho", row=index, limit=RHO_LIMIT)
    return ModelSpec(kind, tuple(start.tolist()), tuple(map(tuple, trans.tolist())),
                     tuple(map(tuple, rows.tolist())))


def normalise_rows(table) -> np.ndarray:
    """Each row divided by its sum (what the "normalise" button does); rows summing to zero or
    holding non-numbers are left as they are, for the checks to report."""
    values = np.array(table, dtype=float)
    rows = values.reshape(-1, values.shape[-1]) if values.ndim > 1 else values[None]
    sums = rows.sum(axis=1, keepdims=True)
    good = np.isfinite(sums) & (sums > 0) & (rows >= 0).all(axis=1, keepdims=True)
    rows = np.where(good, rows / np.where(good, sums, 1.0), rows)
    return rows.reshape(values.shape)


# ---------------------------------------------------------------- one sampled sequence, decoded
@dataclass(frozen=True)
class SampleParams:
    length: int = 300  # number of time steps T
    seed: int = 0

    def __post_init__(self):
        if not 1 <= self.length <= MAX_LENGTH:
            raise ValueError(f"length must be within 1..{MAX_LENGTH}, got {self.length}")


@dataclass
class Analysis:
    """A sampled sequence and everything the inference passes say about it."""

    X: np.ndarray  # (T, 1) symbols or (T, 2) points
    Z: np.ndarray  # (T,) true hidden states
    log_likelihood: float  # log p(X) by the forward algorithm
    viterbi: np.ndarray  # (T,) most probable path
    viterbi_log_prob: float  # log p(X, viterbi path)
    posterior: np.ndarray  # (T, K) p(z_t = k | X)

    @property
    def viterbi_accuracy(self) -> float:
        return float(np.mean(self.viterbi == self.Z))

    @property
    def posterior_accuracy(self) -> float:
        """Share of steps whose most probable state (one step at a time) is the true one."""
        return float(np.mean(self.posterior.argmax(axis=1) == self.Z))


def sample_and_decode(spec: ModelSpec, params: SampleParams) -> Analysis:
    model = spec.build()
    X, Z = model.sample(params.length, random_state=params.seed)
    log_prob, path = model.decode(X)
    return Analysis(X=X, Z=Z, log_likelihood=model.score(X), viterbi=path,
                    viterbi_log_prob=log_prob, posterior=model.predict_proba(X))


def sequence_csv(analysis: Analysis, state_names, symbol_names=()) -> bytes:
    """The sequence with its true and decoded states, one row per time step."""
    import pandas as pd

    table = pd.DataFrame({"t": np.arange(len(analysis.Z))})
    if analysis.X.shape[1] == 1 and symbol_names:
        table["observation"] = np.asarray(symbol_names)[analysis.X[:, 0]]
    else:
        for column in range(analysis.X.shape[1]):
            table[f"x{column + 1}"] = analysis.X[:, column]
    names = np.asarray(state_names)
    table["true_state"] = names[analysis.Z]
    table["viterbi_state"] = names[analysis.viterbi]
    for k, name in enumerate(state_names):
        table[f"p_{name}"] = analysis.posterior[:, k].round(6)
    return table.to_csv(index=False).encode("utf-8")


# ---------------------------------------------------------------- learning: Baum-Welch
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
    trans = (xi + 1e-12) / (xi + 1e-12).sum(axis=1, keepdims=True)
    weight = gamma.sum(axis=0)[:, None] + 1e-12
    if isinstance(model, CategoricalHMM):
        counts = gamma.T @ np.eye(model.emissionprob_.shape[1])[X[:, 0]] + 1e-12
        return CategoricalHMM(start, trans, counts / counts.sum(axis=1, keepdims=True)), log_p
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


# ---------------------------------------------------------------- show code
def _literal(values) -> str:
    return repr(np.round(np.asarray(values, dtype=float), 6).tolist())


def code_snippet(spec: ModelSpec, params: SampleParams) -> str:
    """Standalone Python that samples the current model, decodes it and draws the true states,
    the Viterbi path and the posteriors (run from the repository root)."""
    if spec.kind == "categorical":
        build = (f"model = CategoricalHMM(\n    startprob={_literal(spec.startprob)},\n"
                 f"    transmat={_literal(spec.transmat)},\n"
                 f"    emissionprob={_literal(spec.emission)},\n)")
        shape = "(T, 1) symbols"
    else:
        rows = np.asarray(spec.emission)
        build = (f"model = GaussianHMM(\n    startprob={_literal(spec.startprob)},\n"
                 f"    transmat={_literal(spec.transmat)},\n"
                 f"    means={_literal(rows[:, :2])},\n"
                 f"    covars={_literal(spec.covariances())},\n)")
        shape = "(T, 2) points"
    return f'''import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

# Same constructor arguments as the page's tables; the methods are hmmlearn's.
from playground.hmm.model import {"CategoricalHMM" if spec.kind == "categorical" else "GaussianHMM"}

{build}
X, Z = model.sample({params.length}, random_state={params.seed})  # X: {shape}, Z: hidden states
print("log p(X), forward algorithm:", model.score(X))
log_prob, path = model.decode(X)  # Viterbi
print("Viterbi path correct at", np.mean(path == Z), "of the steps")
posterior = model.predict_proba(X)  # forward-backward, (T, K)

colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]
t = np.arange(len(Z))
fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.4, 0.6])
fig.add_scatter(x=t, y=Z, mode="lines", line_shape="hv", name="true state", row=1, col=1)
fig.add_scatter(x=t, y=path, mode="lines", line_shape="hv", line_dash="dot", name="Viterbi",
                row=1, col=1)
for k in range(posterior.shape[1]):
    fig.add_scatter(x=t, y=posterior[:, k], stackgroup="posterior", mode="none",
                    fillcolor=colours[k % 4], name=f"p(state {{k}} | X)", row=2, col=1)
fig.show()
'''
