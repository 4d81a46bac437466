"""Streamlit views of the text-generation page: one streamed generation and its result, and the
step-through mode where the student picks each token. The page keeps the controls and the model."""

from __future__ import annotations

from contextlib import closing

import streamlit as st

from playground.text_generation import figures, prompts, tokens
from playground.text_generation import model as textgen
from ui import common
from ui.common import t


def generate_view(loaded, prompt: str, params, key: tuple) -> None:
    """The generate button, then the last result (``key`` tells whether it is still current)."""
    if st.button(t("text_generation.generate"), key="text_generation_go", type="primary",
                 icon=":material/play_arrow:"):
        stream(loaded, prompt, params, key)
    if "text_generation_result" in st.session_state:
        show_result(key)
    else:
        st.markdown(t("text_generation.press_generate"))


def stream(loaded, prompt: str, params, key: tuple) -> None:
    """Generate into a placeholder, token by token; the result is kept (partial after a stop)."""
    stop_slot = st.empty()
    stop_slot.button(t("text_generation.stop"), key="text_generation_stop", icon=":material/stop:")
    area, progress, note = st.empty(), st.progress(0.0), st.empty()
    result = textgen.GenerationResult(prompt, params)
    st.session_state["text_generation_result"] = (key, result)
    try:
        with textgen.GATE.slot(on_wait=lambda n: note.info(t("text_generation.waiting", n=n))):
            note.empty()
            ids = tokens.encode_prompt(loaded, prompt)
            with closing(textgen.generate(loaded, ids, params)) as steps:
                for step in steps:
                    result.steps.append(step)
                    area.html(figures.tokens_html(prompt, result.steps, common.tr(), cursor=True))
                    progress.progress((step.index + 1) / params.max_new_tokens)
        result.finished = True
    except textgen.Busy:
        st.session_state.pop("text_generation_result", None)
        note.warning(t("text_generation.err_busy"))
    for slot in (stop_slot, area, progress):
        slot.empty()


def show_result(key: tuple) -> None:
    """The coloured text, then one step's candidates and the probability of every drawn token."""
    stored_key, result = st.session_state["text_generation_result"]
    if stored_key != key:
        st.info(t("text_generation.stale"))
    st.html(figures.tokens_html(result.prompt, result.steps, common.tr()))
    st.html(figures.colour_legend_html(common.tr()))
    if not result.finished:
        st.caption(t("text_generation.stopped", n=len(result.steps)))
    if not result.steps:
        return
    # A slider needs two values; with a single step its "2" shows that same step. Its range is
    # the result's length, so it is not in the spec.
    last = max(len(result.steps), 2)
    chosen = st.slider(t("text_generation.step"), 1, last, 1,  # not in spec: depends on result
                       key="text_generation_step", help=t("text_generation.step_help")) - 1
    index = min(chosen, len(result.steps) - 1)
    common.plotly_chart(figures.step_figure(result.prompt, result.steps, index, common.tr()),
                        key="text_generation_chart", filename=f"textgen-step-{index + 1}")
    common.plotly_chart(figures.probability_trace_figure(result.steps, common.tr(),
                                                         selected=index),
                        key="text_generation_trace", filename="textgen-probabilities")
    common.csv_download(textgen.steps_to_csv(result.steps), filename="textgen-steps.csv",
                        key="text_generation_csv", label_key="text_generation.download")


def step_through(loaded, prompt: str, params) -> None:
    """The student is the decoding rule: each click appends one candidate."""
    st.caption(t("text_generation.step_intro"))
    # The picks belong to one prompt and model; changing either starts a new walk.
    state_key = (prompt, loaded.choice.model_id)
    if st.session_state.get("text_generation_walk", (None, []))[0] != state_key:
        st.session_state["text_generation_walk"] = (state_key, [])
    steps = st.session_state["text_generation_walk"][1]
    ids = tokens.encode_prompt(loaded, prompt) + [s.token_id for s in steps]
    # A forward pass per rerun is cheap for the bundled model but not for a hub model: reuse the
    # last proposal while nothing it depends on changed, and queue behind the generation gate.
    proposal_key = (loaded.choice.model_id, tuple(ids), params)
    stored = st.session_state.get("text_generation_walk_proposal")
    if stored is not None and stored[0] == proposal_key:
        proposal = stored[1]
    else:
        note = st.empty()
        try:
            with textgen.GATE.slot(on_wait=lambda n: note.info(t("text_generation.waiting", n=n))):
                proposal = textgen.next_distribution(loaded, ids, params)
        except textgen.Busy:
            note.warning(t("text_generation.err_busy"))
            return
        note.empty()
        st.session_state["text_generation_walk_proposal"] = (proposal_key, proposal)

    def append(token_id):
        steps.append(textgen.append_choice(loaded, steps, proposal, token_id))

    st.html(figures.tokens_html(prompt, steps, common.tr(), cursor=True))
    at_limit = len(steps) >= prompts.MAX_NEW_TOKENS
    if at_limit:
        st.info(t("text_generation.step_limit", cap=prompts.MAX_NEW_TOKENS))
    else:
        columns = st.columns(5)
        for i, candidate in enumerate(proposal.distribution.candidates):
            columns[i % 5].button(figures.candidate_label(candidate),
                                  key=f"text_generation_pick_{i}", on_click=append,
                                  args=(candidate.token_id,), width="stretch")
    left, middle, right = st.columns(3)
    draw = textgen.draw_token(proposal.probs, params, len(steps))
    left.button(t("text_generation.sample_for_me"), key="text_generation_draw", on_click=append,
                args=(draw,), icon=":material/casino:", disabled=at_limit)
    middle.button(t("text_generation.undo"), key="text_generation_undo",
                  on_click=lambda: steps and steps.pop())
    right.button(t("text_generation.restart"), key="text_generation_restart", on_click=steps.clear)
    common.plotly_chart(figures.distribution_figure(proposal.distribution, common.tr()),
                        key="text_generation_walk_chart", filename="textgen-next-token")


def review_check(key: tuple) -> None:
    """The generated review read by the sentiment page's Chinese model: did the generator write
    the polarity it was asked for? A button carries the review over to the sentiment page."""
    stored = st.session_state.get("text_generation_result")
    if stored is None or stored[0] != key or not stored[1].finished:
        return
    from playground import sentiment

    result = stored[1]
    review = prompts.strip_review_label(result.prompt + result.text).strip()
    if not review:
        st.info(t("text_generation.review_empty"))
        return
    asked = prompts.review_polarity(result.prompt)
    verdict = sentiment.explain_snownlp(review)
    st.subheader(t("text_generation.review_check"))
    common.metric_row([
        (t("text_generation.review_asked"), t(f"text_generation.polarity_name.{asked}")),
        (t("text_generation.review_read"), t(f"sentiment.label.{verdict.label}")),
        (t("text_generation.review_p_positive"), f"{verdict.scores['positive']:.1%}")])
    st.caption(t("text_generation.review_check_help"))

    def open_in_sentiment():
        st.session_state["sentiment_text"] = review
        st.session_state["sentiment_mode"] = "single"

    if st.button(t("text_generation.review_open"), key="text_generation_to_sentiment",
                 on_click=open_in_sentiment, icon=":material/sentiment_satisfied:"):
        st.switch_page("pages/sentiment.py")
