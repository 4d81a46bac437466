"""Text generation (chapter §1.3.2, run through a pipeline in §1.1.4): a causal language model
writes one token at a time; temperature, top-k, top-p and a repetition penalty decide which."""

from contextlib import closing
from dataclasses import replace

import streamlit as st

from playground import textgen
from playground.errors import InputError
from playground.figures import textgen as figures
from playground.models import load_registry
from ui import common
from ui.common import t, url_choice

NS = "textgen"
MODES = ("generate", "step", "compare")
PRESETS = ("news", "story", "code", "custom")


@st.cache_resource(show_spinner=False, max_entries=2)
def load(choice) -> textgen.LoadedModel:
    return textgen.load_model(choice)  # shared by all sessions: read-only from here on


def md_escape(text: str) -> str:
    """Model text for a widget label, which Streamlit reads as markdown."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$:" else c for c in text)


def prompt_controls(loaded) -> str:
    """Preset selector and prompt box; a preset fills the box in the model's language."""
    preset = url_choice(st.selectbox, t("textgen.preset"), PRESETS, default="news",
                        key="textgen_preset", format_func=lambda p: t(f"textgen.preset_name.{p}"))
    origin = (preset, common.lang(), loaded.choice.model_id)
    if preset != "custom" and st.session_state.get("textgen_origin") != origin:
        st.session_state["textgen_prompt"] = textgen.preset_prompt(preset, common.lang(), loaded)
    st.session_state["textgen_origin"] = origin
    return st.text_area(t("textgen.prompt"), key="textgen_prompt", height=110,
                        max_chars=textgen.MAX_PROMPT_CHARS,
                        help=t("textgen.prompt_help", limit=textgen.MAX_PROMPT_CHARS),
                        on_change=lambda: st.session_state.update(textgen_preset="custom"))


def decoding_controls(mode: str) -> textgen.GenerationParams:
    cap = textgen.MAX_NEW_TOKENS
    n = st.slider(t("textgen.max_new_tokens"), 1, cap, 40, key="textgen_n", bind="query-params",
                  help=t("textgen.max_new_tokens_help", cap=cap))
    decoding = url_choice(st.segmented_control, t("textgen.decoding"), ("sampling", "greedy"),
                          default="sampling", key="textgen_decoding",
                          format_func=lambda d: t(f"textgen.decoding_name.{d}"))
    temperature = st.slider(t("textgen.temperature"), 0.05, 2.0, 0.8, step=0.05, key="textgen_T",
                            bind="query-params", help=t("textgen.temperature_help"))
    top_k = st.slider(t("textgen.top_k"), 0, 100, 50, key="textgen_k", bind="query-params",
                      help=t("textgen.top_k_help"))
    top_p = st.slider(t("textgen.top_p"), 0.05, 1.0, 0.95, step=0.05, key="textgen_p",
                      bind="query-params", help=t("textgen.top_p_help"))
    with common.secondary_controls():
        penalty = st.slider(t("textgen.repetition_penalty"), 1.0, 2.0, 1.0, step=0.05,
                            key="textgen_rep", bind="query-params",
                            help=t("textgen.repetition_help"))
        seed = common.seed_input("textgen_seed")
    if decoding == "greedy":
        st.caption(t("textgen.greedy_ignores"))
    return textgen.GenerationParams(max_new_tokens=n, temperature=temperature, top_k=top_k,
                                    top_p=top_p, repetition_penalty=penalty,
                                    greedy=decoding == "greedy", seed=seed)


def stream(loaded, prompt: str, params, key: tuple) -> None:
    """Generate into a placeholder, token by token; the result is kept (partial after a stop)."""
    stop_slot = st.empty()
    stop_slot.button(t("textgen.stop"), key="textgen_stop", icon=":material/stop:")
    area, progress, note = st.empty(), st.progress(0.0), st.empty()
    result = textgen.GenerationResult(prompt, params)
    st.session_state["textgen_result"] = (key, result)
    try:
        with textgen.GATE.slot(on_wait=lambda n: note.info(t("textgen.waiting", n=n))):
            note.empty()
            ids = textgen.encode_prompt(loaded, prompt)
            with closing(textgen.generate(loaded, ids, params)) as steps:
                for step in steps:
                    result.steps.append(step)
                    area.html(figures.tokens_html(prompt, result.steps, common.tr(), cursor=True))
                    progress.progress((step.index + 1) / params.max_new_tokens)
        result.finished = True
    except textgen.Busy:
        st.session_state.pop("textgen_result", None)
        note.warning(t("textgen.err_busy"))
    for slot in (stop_slot, area, progress):
        slot.empty()


def show_result(loaded, key: tuple) -> None:
    stored_key, result = st.session_state["textgen_result"]
    if stored_key != key:
        st.info(t("textgen.stale"))
    st.html(figures.tokens_html(result.prompt, result.steps, common.tr()))
    st.html(figures.colour_legend_html(common.tr()))
    if not result.finished:
        st.caption(t("textgen.stopped", n=len(result.steps)))
    if not result.steps:
        return
    chosen = st.slider(t("textgen.step"), 1, max(len(result.steps), 2), 1, key="textgen_step",
                       help=t("textgen.step_help")) - 1
    step = result.steps[min(chosen, len(result.steps) - 1)]
    context = (result.prompt + "".join(s.delta for s in result.steps[:step.index]))[-24:]
    title = t("textgen.step_title", step=step.index + 1,
              context=figures.visible(context, spaces=False))
    common.plotly_chart(figures.distribution_figure(step.distribution, common.tr(),
                                                    drawn=step.token_id, title=title),
                        key="textgen_chart", filename=f"textgen-step-{step.index + 1}")
    common.plotly_chart(figures.probability_trace_figure(result.steps, common.tr(),
                                                         selected=step.index),
                        key="textgen_trace", filename="textgen-probabilities")
    st.download_button(t("textgen.download"), textgen.steps_to_csv(result.steps),
                       file_name="textgen-steps.csv", mime="text/csv", key="textgen_csv",
                       icon=":material/download:")


def step_through(loaded, prompt: str, params) -> None:
    """The student is the decoding rule: each click appends one candidate."""
    st.caption(t("textgen.step_intro"))
    state_key = (prompt, loaded.choice.model_id)
    if st.session_state.get("textgen_walk", (None, []))[0] != state_key:
        st.session_state["textgen_walk"] = (state_key, [])
    steps = st.session_state["textgen_walk"][1]
    ids = textgen.encode_prompt(loaded, prompt) + [s.token_id for s in steps]
    proposal = textgen.next_distribution(loaded, ids, params)
    distribution = proposal.distribution

    def append(token_id):
        steps.append(textgen.append_choice(loaded, steps, proposal, token_id))

    st.html(figures.tokens_html(prompt, steps, common.tr(), cursor=True))
    if len(steps) >= textgen.MAX_NEW_TOKENS:
        st.info(t("textgen.step_limit", cap=textgen.MAX_NEW_TOKENS))
    else:
        columns = st.columns(5)
        for i, cand in enumerate(distribution.candidates):
            label = f"{md_escape(figures.visible(cand.piece))} · {cand.p_after:.0%}"
            columns[i % 5].button(label, key=f"textgen_pick_{i}", on_click=append,
                                  args=(cand.token_id,), width="stretch")
    left, middle, right = st.columns(3)
    draw = textgen.draw_token(proposal.probs, params, len(steps))
    left.button(t("textgen.sample_for_me"), key="textgen_draw", on_click=append, args=(draw,),
                icon=":material/casino:", disabled=len(steps) >= textgen.MAX_NEW_TOKENS)
    middle.button(t("textgen.undo"), key="textgen_undo", on_click=lambda: steps and steps.pop())
    right.button(t("textgen.restart"), key="textgen_restart", on_click=steps.clear)
    common.plotly_chart(figures.distribution_figure(distribution, common.tr()),
                        key="textgen_walk_chart", filename="textgen-next-token")


def compare(loaded, prompt: str, params) -> None:
    other = st.slider(t("textgen.temperature_b"), 0.05, 2.0, 1.5, step=0.05, key="textgen_T2",
                      bind="query-params")
    st.caption(t("textgen.compare_help"))
    pair = (params, replace(params, temperature=other, greedy=False))
    key = (prompt, loaded.choice.model_id, pair)
    if st.button(t("textgen.compare_button"), key="textgen_compare", type="primary"):
        with st.spinner(), textgen.GATE.slot():
            st.session_state["textgen_pair"] = (key, [textgen.run(loaded, prompt, p) for p in pair])
    stored = st.session_state.get("textgen_pair")
    if stored is None:
        return
    if stored[0] != key:
        st.info(t("textgen.stale"))
    for column, result in zip(st.columns(2), stored[1]):
        column.markdown("**" + t("textgen.compare_heading", t=result.params.temperature) + "**")
        column.html(figures.tokens_html(prompt, result.steps, common.tr()))


common.page_intro(NS)
mode = url_choice(st.segmented_control, t("textgen.mode"), MODES, default="generate",
                  key="textgen_mode", format_func=lambda m: t(f"textgen.mode_name.{m}"))
controls, output = st.columns([1, 2.2], gap="large")
with controls:
    with common.secondary_controls():
        hub_ids = [m.id for m in load_registry()[textgen.TASK].hub]
        preferred = url_choice(st.selectbox, t("textgen.preferred_model"), hub_ids,
                               default=hub_ids[0], key="textgen_model",
                               help=t("textgen.preferred_help"))
    choice = textgen.pick_model(preferred)
    loaded = load(choice)
    prompt = prompt_controls(loaded)
    params = decoding_controls(mode)

with output:
    common.model_status(choice)
    if loaded.bundled:
        st.caption(t("textgen.bundled_note"))
    if "zh" not in loaded.languages and (textgen.has_cjk(prompt) or common.lang() == "zh"):
        st.info(t("textgen.english_only") if textgen.has_cjk(prompt)
                else t("textgen.english_presets"))
    try:
        key = (prompt, choice.model_id, params)
        if mode == "generate":
            if st.button(t("textgen.generate"), key="textgen_go", type="primary",
                         icon=":material/play_arrow:"):
                stream(loaded, prompt, params, key)
            if "textgen_result" in st.session_state:
                show_result(loaded, key)
            else:
                st.markdown(t("textgen.press_generate"))
        elif mode == "step":
            step_through(loaded, prompt, params)
        else:
            compare(loaded, prompt, params)
        pieces = textgen.tokenize(loaded, prompt)
        with st.expander(t("textgen.tokenization", n=len(pieces))):
            st.caption(t("textgen.tokenization_help"))
            st.dataframe({t("textgen.col_piece"): [figures.visible(p) for _, p in pieces],
                          t("textgen.col_id"): [i for i, _ in pieces]},
                         key="textgen_tokens", height=220)
    except InputError as error:
        common.show_input_error(error)

common.page_outro(NS, textgen.code_snippet(choice, prompt, params))
