"""Streamlit view of one sentiment analysis, shared by the single and the comparison modes of
the sentiment page: the page keeps the controls, the models and the routing."""

from __future__ import annotations

import streamlit as st

from playground import sentiment as sa
from playground.sentiment import figures
from playground.sentiment.spec import SPEC
from ui import common
from ui.common import t


def show_result(analysis: sa.Analysis, status: str, key: str, words_table=True):
    """Status line, verdict and score, the coloured text and how the score comes about; with
    ``words_table`` also the per-word bars, VADER's rules and the CSV (``key`` prefixes keys)."""
    st.caption(status)
    for note, values in analysis.notices:
        st.info(t(note, **values))
    common.metric_row(SPEC.metrics(analysis, common.tr()))
    st.html(figures.highlight_html(analysis, common.tr()))
    note = figures.score_note(analysis, common.tr())
    if note is not None:
        st.caption(note)
    if not words_table:
        return
    common.plotly_chart(figures.contributions_figure(analysis, common.tr()), key=f"{key}_bars",
                        filename="sentiment-words")
    if analysis.model in figures.NAIVE_BAYES:
        with st.expander(t("sentiment.evidence_heading"), expanded=not common.presenting()):
            common.dataframe(figures.evidence_table(analysis, common.tr()), hide_index=True)
    elif analysis.words:
        with st.expander(t("sentiment.rules_heading"), expanded=not common.presenting()):
            common.dataframe(figures.rules_table(analysis, common.tr()), hide_index=True)
    common.csv_download(sa.words_csv(analysis), filename="sentiment-words.csv", key=f"{key}_csv",
                        label_key="sentiment.download_words")


def chapter_view() -> None:
    """The chapter's listing, run unchanged when its model can load; the book's printed output
    beside this machine's, or beside what the offline model says of the same sentence."""
    from playground.sentiment import chapter

    with st.expander(t("sentiment.chapter.title"), expanded=False):
        st.caption(t("sentiment.chapter.intro"))
        st.code(chapter.LISTING, language="python")
        available = chapter.model_available()
        book, machine = st.columns(2)
        book.markdown(f"**{t('sentiment.chapter.book')}**")
        book.code(chapter.run_chapter_listing(False).book, language="text")
        with machine:
            if not available:
                st.markdown(f"**{t('sentiment.chapter.machine')}**")
                st.info(t("sentiment.chapter.offline", model=chapter.PIPELINE_DEFAULT))
                sentence = "I love using transformers. It's so easy and powerful!"
                offline = sa.explain_vader(sentence)
                st.caption(t("sentiment.chapter.offline_vader",
                             label=figures.label_name(offline, common.tr()),
                             compound=f"{offline.score:+.4f}"))
            elif st.button(t("sentiment.chapter.run"), key="sentiment_chapter_run",
                           icon=":material/play_arrow:"):
                with st.spinner(t("sentiment.chapter.running")):
                    run = chapter.run_chapter_listing(True)
                st.markdown(f"**{t('sentiment.chapter.machine')}**")
                st.code(run.error or run.machine or "", language="text")
