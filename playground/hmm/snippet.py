"""The HMM page's "show code": standalone Python reproducing the current view."""

from __future__ import annotations

import numpy as np

from playground.hmm.analysis import SampleParams
from playground.hmm.tables import ModelSpec

def _literal(values) -> str:
    return repr(np.round(np.asarray(values, dtype=float), 6).tolist())


def code_snippet(spec: ModelSpec, params: SampleParams) -> str:
    """Standalone Python that samples the current model, decodes it and draws the true states,
    the Viterbi path and the posteriors. The HMM classes are the page's own code (the lesson),
    so the script's first lines put the playground's folder on the import path: it runs from any
    folder on the machine that serves the page."""
    from playground.models import REPO_ROOT

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
    return f'''import sys

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

# The page's own HMM classes live in the playground's folder; its methods are named as in
# hmmlearn (hmmlearn.hmm.CategoricalHMM / GaussianHMM give the same numbers).
sys.path.insert(0, {str(REPO_ROOT)!r})
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
