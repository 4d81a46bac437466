"""Hidden Markov models (chapter §1.2.2): the topic's public names, from its modules.

``model`` (the two HMM classes and their inference passes), ``tables`` (editable models and
presets), ``analysis`` (one sampled sequence, decoded), ``learning`` (Baum-Welch), ``snippet``
("show code"); ``figures`` and ``spec`` are imported by the UIs directly.
"""

from playground.hmm.analysis import MAX_LENGTH, Analysis, SampleParams, sample_and_decode, sequence_csv
from playground.hmm.learning import Learned, align_states, baum_welch, baum_welch_step, random_start
from playground.hmm.model import CategoricalHMM, GaussianHMM, forward_loop
from playground.hmm.snippet import code_snippet
from playground.hmm.tables import (GAUSS_COLUMNS, KINDS, NORMALISABLE, PRESETS, ModelSpec, Preset,
                                   normalise_rows, spec_from_tables)

__all__ = ["MAX_LENGTH", "Analysis", "SampleParams", "sample_and_decode", "sequence_csv",
           "Learned", "align_states", "baum_welch", "baum_welch_step", "random_start",
           "CategoricalHMM", "GaussianHMM", "forward_loop", "code_snippet", "GAUSS_COLUMNS",
           "KINDS", "NORMALISABLE", "PRESETS", "ModelSpec", "Preset", "normalise_rows",
           "spec_from_tables"]
