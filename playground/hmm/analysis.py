"""One sampled sequence and what the three inference passes recover from it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.csv_out import table_to_csv
from playground.hmm.tables import ModelSpec

MAX_LENGTH = 5000  # longest sequence the pages sample

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
    return table_to_csv(table)  # state and symbol names are user text


