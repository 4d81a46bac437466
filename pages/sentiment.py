"""Sentiment analysis that shows why (chapter §1.1.4): VADER's words and rules, a neural
classifier's leave-one-out, two models side by side, and a batch of up to 1,000 lines."""

import pandas as pd
import streamlit as st

from playground import sentiment as sa
from playground.errors import InputError
from playground.figures import sentiment as figures
from ui import common
from ui.common import t, url_choice

NS = "sentiment"


@st.cache_resource(show_spinner=False, max_entries=2)
def load_model(choice) -> sa.NeuralSentiment:
    return sa.NeuralSentiment(choice)  # thread-safe: one lock around the model


@st.cache_data(max_entries=64, show_spinner=False)
def explain(text: str, model_id: str, _choice) -> sa.Analysis:  # model_id names the choice
    return sa.analyse(text, model_id, load_model(_choice) if _choice is not None else None)


@st.cache_data(max_entries=8, show_spinner=False)
def batch_vader(texts: tuple[str, ...]) -> pd.DataFrame:
    return sa.analyse_batch(texts)


def analyse(checked: sa.CheckedText, kind: str, choices: dict):
    """(analysis, status line) of the model ``kind`` routes the text to; InputError if unfit."""
    model_id, choice, reason = sa.route(checked.text, kind, choices)
    analysis = explain(checked.text, model_id, choice)
    return analysis, t("models.status", model=figures.model_name(model_id, common.tr()),
                       reason=t(reason))


def show_result(analysis: sa.Analysis, status: str, key: str, words_table=True):
    st.caption(status)
    for note, values in analysis.notices:
        st.info(t(note, **values))
    label = t(f"sentiment.label.{analysis.label}") if analysis.label in figures.LABEL_COLOURS \
        else analysis.label
    left, right = st.columns(2)
    left.metric(t("sentiment.metric_label"), label)
    is_vader = analysis.model in (sa.VADER, sa.VADER_WORDS)
    right.metric(t("sentiment.metric_compound" if is_vader else "sentiment.metric_probability"),
                 f"{analysis.score:+.4f}" if is_vader else f"{analysis.score:.1%}")
    st.html(figures.highlight_html(analysis, common.tr()))
    if analysis.model == sa.VADER:
        total = sum(analysis.contributions) + analysis.punctuation
        st.caption(t("sentiment.vader_sum", words=f"{sum(analysis.contributions):+.3f}",
                     punctuation=f"{analysis.punctuation:+.3f}", total=f"{total:+.3f}",
                     compound=f"{analysis.score:+.4f}"))
    elif not is_vader:
        st.caption(t("sentiment.metric_polarity") + f": {analysis.polarity:+.3f}. "
                   + t("sentiment.occlusion_note"))
    if not words_table:
        return
    common.plotly_chart(figures.contributions_figure(analysis, common.tr()), key=f"{key}_bars",
                        filename="sentiment-words")
    if analysis.words:
        with st.expander(t("sentiment.rules_heading"), expanded=not common.presenting()):
            st.dataframe(figures.rules_table(analysis, common.tr()), hide_index=True)
    st.download_button(t("sentiment.download_words"), sa.words_csv(analysis),
                       file_name="sentiment-words.csv", mime="text/csv", key=f"{key}_csv",
                       icon=":material/download:")


def text_input() -> sa.CheckedText:
    def copy_example():
        st.session_state["sentiment_text"] = sa.EXAMPLES[st.session_state["sentiment_example"]]

    example = url_choice(st.selectbox, t("sentiment.example"), list(sa.EXAMPLES),
                         default="chapter", key="sentiment_example",
                         format_func=sa.EXAMPLES.get, on_change=copy_example)
    st.session_state.setdefault("sentiment_text", sa.EXAMPLES[example])
    text = st.text_area(t("sentiment.text"), key="sentiment_text", height=100,
                        help=t("sentiment.text_help"))
    return sa.check_text(text)


def batch_view(kind: str, choices: dict) -> None:
    source = url_choice(st.segmented_control, t("sentiment.batch_source"), ("lines", "csv"),
                        default="lines", key="sentiment_source",
                        format_func=lambda s: t(f"sentiment.source_name.{s}"))
    if source == "lines":
        texts = sa.read_lines(st.text_area(t("sentiment.lines"), sa.BATCH_EXAMPLE, height=180,
                                           key="sentiment_lines"))
    else:
        upload = st.file_uploader(t("sentiment.upload"), type=["csv", "txt"], key="sentiment_csv")
        if upload is None:
            st.info(t("sentiment.upload_prompt"))
            return
        texts = sa.read_csv_texts(upload.getvalue())
    models = {lang: load_model(c) for lang, c in choices.items()
              if kind == "neural" and c.model_id != sa.VADER}
    if not models:
        table = batch_vader(tuple(texts))
    else:
        signature = (tuple(texts), tuple(sorted(c.model_id for c in models.values())))
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
    st.dataframe(table, hide_index=True)
    st.download_button(t("sentiment.download_batch"), sa.batch_csv(table), key="sentiment_dl",
                       file_name="sentiment.csv", mime="text/csv", icon=":material/download:")


common.page_intro(NS)
choices = {lang: sa.choose_for_language(lang) for lang in ("en", "zh")}
neural = any(c.model_id != sa.VADER for c in choices.values())
mode = url_choice(st.segmented_control, t("sentiment.mode"), ("single", "compare", "batch"),
                  default="single", key="sentiment_mode",
                  format_func=lambda m: t(f"sentiment.mode_name.{m}"))
kind = "auto"  # VADER because nothing else can run; the status line says why
if neural and mode != "compare":
    kind = url_choice(st.radio, t("sentiment.model_kind"), ("neural", "vader"), default="neural",
                      key="sentiment_model", horizontal=True,
                      format_func=lambda k: t(f"sentiment.kind_name.{k}"))
code = sa.code_snippet(sa.EXAMPLES["chapter"])
try:
    if mode == "batch":
        code = sa.batch_snippet()
        batch_view(kind, choices)
    else:
        checked = text_input()
        for note, values in checked.notices:
            st.info(t(note, **values))
        if mode == "single":
            analysis, status = analyse(checked, kind, choices)
            code = sa.code_snippet(checked.text, analysis.model, choices.get(
                sa.main_language(checked.text)))
            show_result(analysis, status, "sentiment_single")
        else:
            st.markdown(t("sentiment.compare_neural" if neural else "sentiment.compare_offline"))
            results, columns = [], st.columns(2, gap="large")
            for column, model_kind in zip(columns, ("vader_compare" if neural else "auto",
                                                    "neural" if neural else sa.VADER_WORDS)):
                with column:
                    try:
                        analysis, status = analyse(checked, model_kind, choices)
                        st.subheader(figures.model_name(analysis.model, common.tr()))
                        show_result(analysis, status, f"sentiment_{model_kind}", False)
                        results.append(analysis)
                    except InputError as error:
                        common.show_input_error(error)
            if len(results) == 2:
                common.plotly_chart(figures.compare_figure(results, common.tr()),
                                    key="sentiment_compare", filename="sentiment-compare")
            code = sa.code_snippet(checked.text)
except InputError as error:
    common.show_input_error(error)
common.page_outro(NS, code)
