"""The controls of the summarization page and tab, each declared once.

Two parts with their own parameters: :data:`SPEC` (which text, and how the extract is made,
giving :class:`.model.ExtractParams`) and :data:`ABSTRACT_SPEC` (how the model writes,
giving :class:`.abstractive.AbstractParams`). The text box itself is hand-written in both UIs;
its limit is :data:`TEXT_LIMIT`.
"""

from __future__ import annotations

from playground.spec import Choice, Slider, Spec
from playground.summarization.abstractive import MAX_NEW_TOKENS, AbstractParams
from playground.summarization.model import METHODS, SIZE_BY, ExtractParams
from playground.summarization.text import MAX_CHARS, PRESETS

SOURCES = (*PRESETS, "own")  # "own": the text in the box is the user's own
TEXT_LIMIT = MAX_CHARS  # characters a text box accepts: all of them are summarized
TOKENS_STEP = 4
# The longest summary the slider offers: the backend's cap, down to the slider's step grid.
TOKENS_HIGH = MAX_NEW_TOKENS - (MAX_NEW_TOKENS - 16) % TOKENS_STEP


def _extract_params(values) -> ExtractParams:
    return ExtractParams(method=values["method"], size_by=values["size_by"],
                         n_sentences=values["n"], ratio=values["ratio"])


def _abstract_params(values) -> AbstractParams:
    return AbstractParams(max_new_tokens=values["tokens"], num_beams=values["beams"])


SPEC = Spec(
    prefix="summarization",
    controls=(
        # The default text has ten sentences whose scores differ; the chapter's two-sentence
        # Paris paragraph is one click away (with two sentences every method ties).
        Choice("source", "summarization.source", "bees", options=SOURCES,
               option_label="summarization.preset.{}", widget="segmented"),
        Choice("method", "summarization.scoring", "textrank", help="summarization.scoring_help",
               options=METHODS, option_label="summarization.method.{}"),
        Choice("size_by", "summarization.size_by", "sentences", options=SIZE_BY,
               option_label="summarization.size_by_name.{}", widget="segmented"),
        Slider("n", "summarization.n_sentences", 2, low=1, high=10, step=1,
               shown_if=lambda v: v["size_by"] == "sentences"),
        Slider("ratio", "summarization.ratio", 0.3, low=0.1, high=0.9, step=0.05,
               shown_if=lambda v: v["size_by"] == "ratio"),
    ),
    build=_extract_params,
)

ABSTRACT_SPEC = Spec(
    prefix="summarization",
    controls=(
        Slider("tokens", "summarization.max_tokens", 60, help="summarization.max_tokens_help",
               low=16, high=TOKENS_HIGH, step=TOKENS_STEP),
        Slider("beams", "summarization.beams", 2, help="summarization.beams_help", low=1, high=4,
               step=1, secondary=True),
    ),
    build=_abstract_params,
)
