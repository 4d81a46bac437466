"""The HMM page's controls, declared once for the Streamlit page and the Gradio tab.

The editable tables (start, transitions, emissions) are not controls: they are a model the user
types, hand-written in both UIs around ``tables.spec_from_tables``.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.hmm.analysis import MAX_LENGTH, Analysis, SampleParams
from playground.hmm.tables import PRESETS
from playground.spec import Choice, Seed, Slider, Spec


@dataclass(frozen=True)
class ViewParams:
    preset: str  # which model the tables start from, one of PRESETS
    sample: SampleParams  # sequence length and seed
    n_iter: int  # Baum-Welch iterations when learning is started


def build(values) -> ViewParams:
    return ViewParams(preset=values["preset"],
                      sample=SampleParams(length=values["T"], seed=values["seed"]),
                      n_iter=values["iter"])


def metrics(analysis: Analysis, tr) -> list[tuple[str, str]]:
    """The three numbers that say how well the hidden path was recovered."""
    return [(tr("hmm.log_likelihood"), f"{analysis.log_likelihood:.2f}"),
            (tr("hmm.viterbi_accuracy"), f"{analysis.viterbi_accuracy:.1%}"),
            (tr("hmm.posterior_accuracy"), f"{analysis.posterior_accuracy:.1%}")]


SPEC = Spec(
    prefix="hmm",
    controls=(
        Choice("preset", "hmm.preset", "casino", options=tuple(PRESETS),
               option_label="hmm.preset_name.{}", widget="segmented"),
        Slider("T", "hmm.length", 300, help="hmm.length_help", low=1, high=MAX_LENGTH),
        Seed("seed"),
        # Learning runs on a button with progress and a stop, which the tab does not offer.
        Slider("iter", "hmm.n_iter", 60, low=5, high=300, step=5, tab={"hidden": True}),
    ),
    build=build,
    metrics=metrics,
)
