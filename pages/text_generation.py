"""Text generation (chapter §1.3.2, run through a pipeline in §1.1.4): a causal language model
writes one token at a time; temperature, top-k, top-p and a repetition penalty decide which."""

import streamlit as st

from playground.text_generation import model as textgen
from playground.errors import InputError
from playground.text_generation import figures
from playground.models import load_registry
from ui import common
from ui import text_generation_widgets as textgen_views
from ui.common import t, url_choice

NS = "text_generation"
MODES = ("generate", "step", "compare")
PRESETS = ("news", "story", "code", "custom")


@st.cache_resource(show_spinner=False, max_entries=2)
def load(choice) -> textgen.LoadedModel:
    return textgen.load_model(choice)  # shared by all sessions: read-only from here on


def prompt_controls(loaded) -> str:
    """Preset selector and prompt box; a preset fills the box in the model's language."""
    preset = url_choice(st.selectbox, t("text_generation.preset"), PRESETS, default="news",
                        key="text_generation_preset", format_func=lambda p: t(f"text_generation.preset_name.{p}"))
    origin = (preset, common.lang(), loaded.choice.model_id)
    if preset != "custom" and st.session_state.get("text_generation_origin") != origin:
        st.session_state["text_generation_prompt"] = textgen.preset_prompt(preset, common.lang(), loaded)
    st.session_state["text_generation_origin"] = origin
    return st.text_area(t("text_generation.prompt"), key="text_generation_prompt", height=110,
                        max_chars=textgen.MAX_PROMPT_CHARS,
                        help=t("text_generation.prompt_help", limit=textgen.MAX_PROMPT_CHARS),
                        on_change=lambda: st.session_state.update(text_generation_preset="custom"))


def decoding_controls(mode: str) -> textgen.GenerationParams:
    cap = textgen.MAX_NEW_TOKENS
    n = st.slider(t("text_generation.max_new_tokens"), 1, cap, 40, key="text_generation_n", bind="query-params",
                  help=t("text_generation.max_new_tokens_help", cap=cap))
    decoding = url_choice(st.segmented_control, t("text_generation.decoding"), ("sampling", "greedy"),
                          default="sampling", key="text_generation_decoding",
                          format_func=lambda d: t(f"text_generation.decoding_name.{d}"))
    temperature = st.slider(t("text_generation.temperature"), 0.05, 2.0, 0.8, step=0.05, key="text_generation_T",
                            bind="query-params", help=t("text_generation.temperature_help"))
    top_k = st.slider(t("text_generation.top_k"), 0, 100, 50, key="text_generation_k", bind="query-params",
                      help=t("text_generation.top_k_help"))
    top_p = st.slider(t("text_generation.top_p"), 0.05, 1.0, 0.95, step=0.05, key="text_generation_p",
                      bind="query-params", help=t("text_generation.top_p_help"))
    with common.secondary_controls():
        penalty = st.slider(t("text_generation.repetition_penalty"), 1.0, 2.0, 1.0, step=0.05,
                            key="text_generation_rep", bind="query-params",
                            help=t("text_generation.repetition_help"))
        seed = common.seed_input("text_generation_seed")
    if decoding == "greedy":
        st.caption(t("text_generation.greedy_ignores"))
    return textgen.GenerationParams(max_new_tokens=n, temperature=temperature, top_k=top_k,
                                    top_p=top_p, repetition_penalty=penalty,
                                    greedy=decoding == "greedy", seed=seed)


def compare(loaded, prompt: str, params) -> None:
    other = st.slider(t("text_generation.temperature_b"), 0.05, 2.0, 1.5, step=0.05, key="text_generation_T2",
                      bind="query-params")
    st.caption(t("text_generation.compare_help"))
    pair = textgen.comparison_pair(params, other)
    key = (prompt, loaded.choice.model_id, pair)
    if st.button(t("text_generation.compare_button"), key="text_generation_compare", type="primary"):
        try:
            with st.spinner(), textgen.GATE.slot():
                st.session_state["text_generation_pair"] = (key, [textgen.run(loaded, prompt, p)
                                                          for p in pair])
        except textgen.Busy:  # no slot within the gate's timeout: say so, as the other modes do
            st.warning(t("text_generation.err_busy"))
    stored = st.session_state.get("text_generation_pair")
    if stored is None:
        return
    if stored[0] != key:
        st.info(t("text_generation.stale"))
    for column, result in zip(st.columns(2), stored[1]):
        column.markdown("**" + t("text_generation.compare_heading", t=result.params.temperature) + "**")
        column.html(figures.tokens_html(prompt, result.steps, common.tr()))


common.page_intro(NS)
mode = url_choice(st.segmented_control, t("text_generation.mode"), MODES, default="generate",
                  key="text_generation_mode", format_func=lambda m: t(f"text_generation.mode_name.{m}"))
controls, output = st.columns([1, 2.2], gap="large")
with controls:
    with common.secondary_controls():
        hub_ids = [m.id for m in load_registry()[textgen.TASK].hub]
        preferred = url_choice(st.selectbox, t("text_generation.preferred_model"), hub_ids,
                               default=hub_ids[0], key="text_generation_model",
                               help=t("text_generation.preferred_help"))
    choice = textgen.pick_model(preferred)
    loaded = load(choice)
    prompt = prompt_controls(loaded)
    params = decoding_controls(mode)

with output:
    common.model_status(choice)
    if loaded.bundled:
        st.caption(t("text_generation.bundled_note"))
    notice = textgen.language_notice(loaded.languages, prompt, common.lang())
    if notice is not None:
        st.info(t(notice))
    try:
        key = (prompt, choice.model_id, params)
        if mode == "generate":
            textgen_views.generate_view(loaded, prompt, params, key)
        elif mode == "step":
            textgen_views.step_through(loaded, prompt, params)
        else:
            compare(loaded, prompt, params)
        pieces = textgen.tokenize(loaded, prompt)
        with st.expander(t("text_generation.tokenization", n=len(pieces))):
            st.caption(t("text_generation.tokenization_help"))
            st.dataframe(figures.tokenization_table(pieces, common.tr()), key="text_generation_tokens",
                         height=220)
    except InputError as error:
        common.show_input_error(error)

common.page_outro(NS, textgen.code_snippet(choice, prompt, params))
