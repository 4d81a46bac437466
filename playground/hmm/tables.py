"""The HMM page's models as users edit them: validated tables (start, transitions, emissions),
hashable so they key caches, and the three presets (chapter §1.2.2).

Presets: the weather model (Wikipedia's HMM example), the dishonest casino of Durbin, Eddy,
Krogh and Mitchison 1998 ("Biological sequence analysis", ch. 3) and a 2-D Gaussian HMM.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.errors import InputError
from playground.hmm.model import CategoricalHMM, GaussianHMM

KINDS = ("categorical", "gaussian")
GAUSS_COLUMNS = ("mu1", "mu2", "sigma1", "sigma2", "rho")  # one row of 2-D Gaussian emission
NORMALISABLE = ("hmm.err.row_sum", "hmm.err.start_sum")  # errors the normalise button fixes
SUM_TOLERANCE = 1e-6  # rows this close to 1 are accepted as typed (0.6 + 0.3 + 0.1 != 1.0)
SIGMA_RANGE = (0.01, 100.0)
RHO_LIMIT = 0.99  # keeps every covariance comfortably positive definite

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


