"""The sentiment page's controls, declared once for the Streamlit page and the Gradio tab.

The texts themselves (one text, or many lines, or an uploaded CSV) are what the user types: they
stay hand-written in both UIs, with their limits from ``sentiment.text``.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.sentiment import figures
from playground.sentiment.text import EXAMPLES, VADER_WORDS
from playground.spec import Choice, Spec

MODES = ("single", "compare", "batch")
# "neural" takes the neural model for the text's language when one can run, else VADER (the
# status line says why); the other two ask for VADER with or without its rules.
MODEL_KINDS = ("neural", "vader", VADER_WORDS)
BATCH_SOURCES = ("lines", "csv")


@dataclass(frozen=True)
class ViewParams:
    mode: str  # one of MODES
    model: str  # one of MODEL_KINDS, what the user asked for (routing.route decides)
    example: str  # key of EXAMPLES that fills the text box
    source: str  # batch input, one of BATCH_SOURCES

    def __post_init__(self):
        for name, allowed in (("mode", MODES), ("model", MODEL_KINDS), ("example", EXAMPLES),
                              ("source", BATCH_SOURCES)):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {tuple(allowed)}")


def build(values) -> ViewParams:
    return ViewParams(mode=values["mode"], model=values["model"], example=values["example"],
                      source=values["source"])


def metrics(analysis, tr) -> list[tuple[str, str]]:
    """The verdict and the model's own score (a compound for VADER, a probability otherwise)."""
    return [(tr("sentiment.metric_label"), figures.label_name(analysis, tr)),
            figures.score_metric(analysis, tr)]


SPEC = Spec(
    prefix="sentiment",
    controls=(
        # The tab shows the single text and the batch as two sections, and no comparison.
        Choice("mode", "sentiment.mode", "single", options=MODES,
               option_label="sentiment.mode_name.{}", widget="segmented", tab={"hidden": True}),
        Choice("model", "sentiment.model_kind", "neural", options=MODEL_KINDS,
               option_label="sentiment.kind_name.{}", widget="radio",
               shown_if=lambda v: v["mode"] != "compare"),  # the comparison shows two models
        Choice("example", "sentiment.example", "chapter", options=tuple(EXAMPLES),
               option_text=EXAMPLES.get, shown_if=lambda v: v["mode"] != "batch"),
        # The tab reads pasted lines unless a file is uploaded: no switch needed there.
        Choice("source", "sentiment.batch_source", "lines", options=BATCH_SOURCES,
               option_label="sentiment.source_name.{}", widget="segmented",
               shown_if=lambda v: v["mode"] == "batch", tab={"hidden": True}),
    ),
    build=build,
    metrics=metrics,
)
