"""Sentiment analysis that shows why (chapter §1.1.4): VADER's words and rules, a neural
classifier's leave-one-out, two models side by side, and a batch of up to 1,000 lines."""

import pandas as pd
import streamlit as st

from playground import sentiment as sa
from playground.errors import InputError
from playground.sentiment import figures
from playground.sentiment.spec import SPEC
from ui import common
from ui import sentiment_widgets as sentiment_views
from ui.common import t

NS = "sentiment"


@st.cache_resource(show_spinner=False, max_entries=2)
def load_model(choice) -> sa.NeuralSentiment:
    return sa.NeuralSentiment(choice)  # thread-safe: one lock around the model


@st.cache_data(max_entries=64, show_spinner=False)
def explain(text: str, model_id: str, _choice) -> sa.Analysis:  # model_id names the choice
    return sa.analyse(text, model_id, load_model(_choice) if _choice is not None else None)


@st.cache_data(max_entries=8, show_spinner=False)
def batch_without_network(texts: tuple[str, ...], naive_bayes: bool) -> pd.DataFrame:
    """VADER for English lines, naive Bayes for Chinese ones unless VADER was asked for."""
    return sa.analyse_batch(texts, naive_bayes=naive_bayes)


def analyse(checked: sa.CheckedText, kind: str, choices: dict):
    """(analysis, status line) of the model ``kind`` routes the text to; InputError if unfit."""
    model_id, choice, reason = sa.route(checked.text, kind, choices)
    analysis = explain(checked.text, model_id, choice)
    return analysis, t("models.status", model=figures.model_name(model_id, common.tr()),
                       reason=t(reason))


def text_input() -> sa.CheckedText:
    def copy_example():
        st.session_state["sentiment_text"] = sa.EXAMPLES[st.session_state["sentiment_example"]]

    example = common.control(SPEC, "example", on_change=copy_example)
    st.session_state.setdefault("sentiment_text", sa.EXAMPLES[example])
    text = st.text_area(t("sentiment.text"), key="sentiment_text", height=100,
                        help=t("sentiment.text_help"))
    return sa.check_text(text)


def batch_view(kind: str, choices: dict) -> None:
    source = common.control(SPEC, "source")
    if source == "lines":
        texts = sa.read_lines(st.text_area(t("sentiment.lines"), sa.BATCH_EXAMPLE, height=180,
                                           key="sentiment_lines"))
    else:
        upload = common.file_uploader(t("sentiment.upload"), types=["csv", "txt"],
                                       key="sentiment_upload")
        if upload is None:
            st.info(t("sentiment.upload_prompt"))
            return
        texts = sa.read_csv_texts(upload.getvalue())
    models = {lang: load_model(c) for lang, c in sa.batch_neural_choices(kind, choices).items()}
    if not models:
        table = batch_without_network(tuple(texts), kind not in (sa.VADER, sa.VADER_WORDS))
    else:
        signature = sa.batch_signature(texts, models)
        if st.session_state.get("sentiment_batch_key") != signature:
            st.caption(t("sentiment.run_hint"))
            if not st.button(t("sentiment.run_batch", count=len(texts)), key="sentiment_run"):
                return
            st.button(t("sentiment.stop"), key="sentiment_stop")  # a click reruns: the run stops
            bar = st.progress(0.0)

            def report(done, total):
                bar.progress(done / total, t("sentiment.progress", done=done, total=total))

            st.session_state["sentiment_batch"] = sa.analyse_batch(texts, models, report)
            st.session_state["sentiment_batch_key"] = signature
            bar.empty()
        table = st.session_state["sentiment_batch"]
    st.markdown(t("sentiment.batch_summary", **sa.label_counts(table)))
    common.plotly_chart(figures.batch_figure(table, common.tr()), key="sentiment_dist",
                        filename="sentiment-batch")
    # A batch may have a thousand rows: it stays a scrollable grid, also for the presenter.
    st.dataframe(figures.batch_table(table, common.tr()), hide_index=True)
    common.csv_download(sa.batch_csv(table), filename="sentiment.csv", key="sentiment_dl",
                        label_key="sentiment.download_batch")


common.page_intro(NS)
choices = {lang: sa.choose_for_language(lang) for lang in ("en", "zh")}
values = common.controls(SPEC, ("mode", "model"))
mode, kind = values["mode"], values["model"]
code = sa.code_snippet(sa.EXAMPLES["chapter"])
try:
    if mode == "batch":
        neural = sa.batch_neural_choices(kind, choices)
        code = sa.batch_snippet(kind not in (sa.VADER, sa.VADER_WORDS),
                                {lang: c.model_id for lang, c in neural.items()},
                                offline=all(c.source != "hub" for c in neural.values()))
        batch_view(kind, choices)
    else:
        checked = text_input()
        for note, values in checked.notices:
            st.info(t(note, **values))
        if mode == "single":
            analysis, status = analyse(checked, kind, choices)
            code = sa.code_snippet(checked.text, analysis.model, choices.get(
                sa.main_language(checked.text)))
            sentiment_views.show_result(analysis, status, "sentiment_single")
        else:
            language = sa.main_language(checked.text)
            neural = sa.has_neural(choices, language)
            suffix = "_zh" if language == "zh" else ""
            st.markdown(t(f"sentiment.compare_{'neural' if neural else 'offline'}{suffix}"))
            results, columns = [], st.columns(2, gap="large")
            for column, model_kind in zip(columns, sa.compare_kinds(language, choices)):
                with column:
                    try:
                        analysis, status = analyse(checked, model_kind, choices)
                        st.subheader(figures.model_name(analysis.model, common.tr()))
                        sentiment_views.show_result(analysis, status, f"sentiment_{model_kind}",
                                                    words_table=False)
                        results.append(analysis)
                    except InputError as error:
                        common.show_input_error(error)
            if len(results) == 2:
                common.plotly_chart(figures.compare_figure(results, common.tr()),
                                    key="sentiment_compare", filename="sentiment-compare")
            code = sa.code_snippet(checked.text)
except InputError as error:
    common.show_input_error(error)
sentiment_views.chapter_view()
common.page_outro(NS, code)
