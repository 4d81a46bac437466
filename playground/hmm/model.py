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

The package's other modules: ``tables`` (the editable models and presets), ``analysis`` (one
sampled sequence, decoded), ``learning`` (Baum-Welch), ``figures``, ``spec`` (the page's
controls) and ``snippet`` ("show code").
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np



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

    def _symbols(self, X) -> np.ndarray:
        """X as symbol indices, checked as hmmlearn checks them: a (T, 1) column of whole,
        non-negative numbers below the number of symbols (1.5 or -1 is an error, never a
        silently rounded or wrapped-around symbol)."""
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != 1:
            raise ValueError(f"X must have shape (T, 1), got {X.shape}")
        if not np.issubdtype(X.dtype, np.integer):
            if not np.issubdtype(X.dtype, np.number) or not np.all(np.mod(X, 1) == 0):
                raise ValueError("symbols must be integers")
        symbols = X[:, 0].astype(int)
        if symbols.size and (symbols.min() < 0 or symbols.max() >= self.emissionprob_.shape[1]):
            raise ValueError(f"symbols must be within 0..{self.emissionprob_.shape[1] - 1}")
        return symbols

    def _log_emission(self, X):
        return _log(self.emissionprob_)[:, self._symbols(X)]

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
