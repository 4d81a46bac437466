"""Text generation (chapter §1.3.2, run through a pipeline in §1.1.4): a causal language model
writes one token at a time; temperature, top-k, top-p and a repetition penalty decide which."""

import streamlit as st

from playground.errors import InputError
from playground.text_generation import figures, model, prompts, snippet, tokens
from playground.text_generation.spec import DECODING, SPEC
from ui import common
from ui import text_generation_widgets as views
from ui.common import t

NS = "text_generation"


@st.cache_resource(show_spinner=False, max_entries=2)
def load(choice) -> tokens.LoadedModel:
    return tokens.load_model(choice)  # shared by all sessions: read-only from here on


def prompt_language(values: dict) -> str:
    """The language of the prompt about to be shown, which decides the model: a preset's own,
    or what the user typed."""
    if values["preset"] != "custom":
        return prompts.preset_language(values["preset"], common.lang())
    return prompts.prompt_language(st.session_state.get("text_generation_prompt", ""))


def prompt_controls(values: dict, loaded) -> str:
    """The prompt box; a preset fills it in the model's language."""
    preset = values["preset"]
    origin = (preset, values["polarity"], common.lang(), loaded.choice.model_id)
    if preset != "custom" and st.session_state.get("text_generation_origin") != origin:
        st.session_state["text_generation_prompt"] = prompts.preset_prompt(
            preset, common.lang(), loaded, values["polarity"])
    st.session_state["text_generation_origin"] = origin
    return st.text_area(t("text_generation.prompt"), key="text_generation_prompt", height=110,
                        max_chars=prompts.MAX_PROMPT_CHARS,
                        help=t("text_generation.prompt_help", limit=prompts.MAX_PROMPT_CHARS),
                        on_change=lambda: st.session_state.update(text_generation_preset="custom"))


def compare(loaded, prompt: str, params, values: dict) -> None:
    other = common.control(SPEC, "T2", values=values)
    st.caption(t("text_generation.compare_help"))
    pair = model.comparison_pair(params, other)
    key = (prompt, loaded.choice.model_id, pair)
    if st.button(t("text_generation.compare_button"), key="text_generation_compare",
                 type="primary"):
        try:
            with st.spinner(), model.GATE.slot():
                st.session_state["text_generation_pair"] = (
                    key, [model.run(loaded, prompt, p) for p in pair])
        except model.Busy:  # no slot within the gate's timeout: say so, as the other modes do
            st.warning(t("text_generation.err_busy"))
    stored = st.session_state.get("text_generation_pair")
    if stored is None:
        return
    if stored[0] != key:
        st.info(t("text_generation.stale"))
    for column, result in zip(st.columns(2), stored[1]):
        column.markdown("**" + t("text_generation.compare_heading", t=result.params.temperature)
                        + "**")
        column.html(figures.tokens_html(prompt, result.steps, common.tr()))


common.page_intro(NS)
values = {"mode": common.control(SPEC, "mode")}
controls, output = st.columns([1, 2.2], gap="large")
with controls:
    with common.secondary_controls():
        values["model"] = common.control(SPEC, "model")
    common.controls(SPEC, ("preset", "polarity"), values=values)
    choice = tokens.pick_model(values["model"], language=prompt_language(values))
    loaded = common.or_stop(load, choice)  # a broken model file: its message, no traceback
    prompt = prompt_controls(values, loaded)
    common.controls(SPEC, DECODING, values=values)
    if values["decoding"] == "greedy":
        st.caption(t("text_generation.greedy_ignores"))
    params = SPEC.params(values)

with output:
    common.model_status(choice)
    if loaded.bundled:
        st.caption(t(prompts.BUNDLED_NOTES[loaded.languages[0]]))
    notice = prompts.language_notice(loaded.languages, prompt, common.lang())
    if notice is not None:
        st.info(t(notice))
    try:
        key = (prompt, choice.model_id, params)
        if values["mode"] == "generate":
            views.generate_view(loaded, prompt, params, key)
            if "zh" in loaded.languages and prompts.is_review_prompt(prompt):
                views.review_check(key)
        elif values["mode"] == "step":
            views.step_through(loaded, prompt, params)
        else:
            compare(loaded, prompt, params, values)
        pieces = tokens.tokenize(loaded, prompt)
        with st.expander(t("text_generation.tokenization", n=len(pieces))):
            st.caption(t("text_generation.tokenization_help"))
            common.dataframe(figures.tokenization_table(pieces, common.tr()),
                             key="text_generation_tokens", height=220)
    except InputError as error:
        common.show_input_error(error)

common.page_outro(NS, snippet.code_snippet(choice, prompt, params))
