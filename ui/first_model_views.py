"""Streamlit parts of the first-model page that are particular to it: live training with a
Stop, the epoch slider, the environment note (§1.1.1) and the chapter's listing run
as printed. TensorFlow is imported only when training actually runs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from playground.first_model import chapter
from playground.first_model.model import FitParams, History, Points
from playground.first_model.store import RunStore
from ui import common
from ui.common import t

NS = "first_model"
RUN_KEY = "first_model_chapter_run"  # session state: the last run of the chapter's listing


@st.cache_resource
def run_store() -> RunStore:
    return RunStore(capacity=64)


def keras_history(points: Points, params: FitParams) -> History:
    """The Keras run for these settings: from the store, or trained now with a progress bar and
    a Stop button (a click reruns the page, which ends training between two chunks)."""
    key = (points, params)
    found = run_store().get(key)
    if found is not None:
        return found
    from playground.first_model import keras_fit  # imports TensorFlow (about 3 s the first time)

    holder = st.empty()
    with holder.container():
        bar = st.progress(0.0, text=t("first_model.training", done=0, total=params.epochs))
        st.button(t("first_model.stop"), key="first_model_stop_training", icon=":material/stop:")

    def progress(done: int, partial: History) -> None:
        bar.progress(done / params.epochs,
                     text=t("first_model.training", done=done, total=params.epochs))

    history = keras_fit.train(points, params, progress=progress)
    run_store().put(key, history)
    holder.empty()
    return history


def epoch_slider(history: History) -> int:
    """The epoch shown, 0 to the last; jumps to the end when a new run arrives."""
    state, key, last = st.session_state, "first_model_epoch", history.epochs_done
    if state.get("first_model_epoch_range") != last:
        if key in state:
            state[key] = last
        elif str(st.query_params.get(key, "")).isdigit():
            state[key] = min(int(st.query_params[key]), last)  # a shared link's epoch
        else:
            state[key] = last
    elif key in state and state[key] > last:
        state[key] = last
    state["first_model_epoch_range"] = last
    if last < 1:
        return 0
    # The range follows the run, so it is no spec control.
    return int(st.slider(  # not in spec: range follows the run
        t("first_model.epoch"), 0, last, key=key, bind="query-params",
        help=t("first_model.epoch_help")))


def environment_note() -> None:
    """§1.1.1 in a few lines: the chapter's versions, this app's pins (read from
    requirements.txt now) and how to install."""
    with st.expander(t("first_model.env_title"), icon=":material/terminal:"):
        st.markdown(t("first_model.env_text"))
        rows = chapter.version_rows()
        common.dataframe(pd.DataFrame(rows, columns=[t("first_model.env_tool"),
                                                     t("first_model.env_chapter"),
                                                     t("first_model.env_pinned"),
                                                     t("first_model.env_installed")]),
                         hide_index=True, key="first_model_env_table")
        st.code("python -m pip install -r requirements.txt", language="bash")
        st.caption(t("first_model.env_caption"))


def chapter_run_view() -> None:
    """The chapter's Keras listing exactly as printed, run on demand in its own process, and
    what this machine printed next to what the book printed."""
    st.subheader(t("first_model.chapter_title"))
    st.markdown(t("first_model.chapter_intro"))
    listing, book = st.columns([3, 2])
    listing.code(chapter.LISTING, language="python")
    book.markdown(t("first_model.book_printed"))
    book.code(chapter.BOOK_OUTPUT, language="text")
    if st.button(t("first_model.chapter_run"), key="first_model_chapter_button",
                 icon=":material/play_arrow:"):
        st.button(t("first_model.stop"), key="first_model_chapter_stop", icon=":material/stop:")
        status = st.empty()
        with st.spinner(t("first_model.chapter_running")):
            def tick(seconds: float) -> None:
                status.caption(t("first_model.chapter_elapsed", seconds=f"{seconds:.0f}"))

            try:
                st.session_state[RUN_KEY] = chapter.run_listing(tick=tick)
            except TimeoutError:
                st.warning(t("first_model.chapter_timeout"))
        status.empty()
    run = st.session_state.get(RUN_KEY)
    if run is None:
        return
    here, compare = st.columns([3, 2])
    here.markdown(t("first_model.machine_printed", seconds=f"{run.seconds:.1f}"))
    here.code(run.output or "-", language="text")
    with compare:
        if run.error_line:
            st.warning(t("first_model.chapter_error", error=run.error_line), icon="⚠️")
        if run.needed_fix:
            st.info(t("first_model.chapter_fix"), icon=":material/build:")
        if run.printed_result:
            st.markdown(t("first_model.chapter_compare", book=chapter.BOOK_OUTPUT,
                          here=run.printed_result))
    with st.expander(t("first_model.chapter_stderr")):
        st.code(run.stderr.strip()[-6000:] or "-", language="text")
