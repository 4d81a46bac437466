"""The controls of the text-generation page and tab, each declared once.

The prompt itself is free text that a preset rewrites, so the page and the tab keep their own
text boxes; both take the box's limit from :data:`.prompts.MAX_PROMPT_CHARS`.
"""

from __future__ import annotations

from playground.spec import Choice, Seed, Slider, Spec
from playground.text_generation.prompts import MAX_NEW_TOKENS, POLARITIES, TASKS
from playground.text_generation.tokens import hub_model_ids

MODES = ("generate", "step", "compare")
PRESETS = (*TASKS, "custom")  # "custom": the text in the box is the user's own


def _params(values):
    from playground.text_generation.model import GenerationParams  # imports torch

    return GenerationParams(max_new_tokens=values["n"], temperature=values["T"],
                            top_k=values["k"], top_p=values["p"],
                            repetition_penalty=values["rep"], max_run=values["run"],
                            greedy=values["decoding"] == "greedy", seed=values["seed"])


_HUB_MODELS = hub_model_ids()

SPEC = Spec(
    prefix="text_generation",
    controls=(
        # The tab streams one generation; stepping and comparing need the page's buttons.
        Choice("mode", "text_generation.mode", "generate", options=MODES,
               option_label="text_generation.mode_name.{}", widget="segmented",
               tab={"hidden": True}),
        # The tab runs the registry's first model that can run (one model per process).
        Choice("model", "text_generation.preferred_model", _HUB_MODELS[0],
               help="text_generation.preferred_help", options=_HUB_MODELS,
               option_label="text_generation.model_name.{}", secondary=True,
               tab={"hidden": True}),
        Choice("preset", "text_generation.preset", "news", options=PRESETS,
               option_label="text_generation.preset_name.{}"),
        # Which review the Chinese review model is asked for (its prompt starts with the label).
        Choice("polarity", "text_generation.polarity", "positive", options=POLARITIES,
               option_label="text_generation.polarity_name.{}", widget="segmented",
               shown_if=lambda v: v["preset"] == "review"),
        Slider("n", "text_generation.max_new_tokens", 40,
               help="text_generation.max_new_tokens_help", low=1, high=MAX_NEW_TOKENS, step=1),
        Choice("decoding", "text_generation.decoding", "sampling", options=("sampling", "greedy"),
               option_label="text_generation.decoding_name.{}", widget="segmented"),
        Slider("T", "text_generation.temperature", 0.8, help="text_generation.temperature_help",
               low=0.05, high=2.0, step=0.05),
        Slider("k", "text_generation.top_k", 50, help="text_generation.top_k_help",
               low=0, high=100, step=1),
        Slider("p", "text_generation.top_p", 0.95, help="text_generation.top_p_help",
               low=0.05, high=1.0, step=0.05),
        Slider("rep", "text_generation.repetition_penalty", 1.0,
               help="text_generation.repetition_help", low=1.0, high=2.0, step=0.05,
               secondary=True),
        Slider("run", "text_generation.max_run", 3, help="text_generation.max_run_help",
               low=0, high=10, step=1, secondary=True),
        Seed("seed", secondary=True),
        # The second temperature of the comparison (page only, like the mode).
        Slider("T2", "text_generation.temperature_b", 1.5, low=0.05, high=2.0, step=0.05,
               shown_if=lambda v: v["mode"] == "compare", tab={"hidden": True}),
    ),
    build=_params,
)

# Controls of the decoding rule, in the order both UIs show them.
DECODING = ("n", "decoding", "T", "k", "p", "rep", "run", "seed")
