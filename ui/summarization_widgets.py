"""Streamlit parts of the summarization page too long for the page itself."""

from __future__ import annotations

import streamlit as st

from playground.summarization import chapter
from playground.summarization.model import ExtractParams
from ui.common import t


def chapter_view(params: ExtractParams) -> None:
    """The chapter's listing (§1.3.2), run unchanged when it can run; beside it the book's
    printed output (the reference) and what the page's extractive method keeps of the same
    paragraph with the page's current settings."""
    with st.expander(t("summarization.chapter.title"), expanded=False):
        st.caption(t("summarization.chapter.intro"))
        st.code(chapter.LISTING, language="python", wrap_lines=True)
        state = chapter.status()
        book, machine = st.columns(2)
        book.markdown(f"**{t('summarization.chapter.book')}**")
        book.code(chapter.book_output(), language="text", wrap_lines=True)
        with machine:
            st.markdown(f"**{t('summarization.chapter.machine')}**")
            if state == "task_removed":
                st.info(t("summarization.chapter.task_removed", model=chapter.PIPELINE_DEFAULT,
                          version=chapter.transformers_version()), icon=":material/info:")
            elif state == "offline":
                st.info(t("summarization.chapter.offline", model=chapter.PIPELINE_DEFAULT),
                        icon=":material/cloud_off:")
            elif st.button(t("summarization.chapter.run"), key="summarization_chapter_run",
                           icon=":material/play_arrow:"):
                with st.spinner(t("summarization.chapter.running")):
                    run = chapter.run_chapter_listing("ready")
                st.code(run.error or run.machine or "", language="text", wrap_lines=True)
        st.markdown(f"**{t('summarization.chapter.extractive')}**")
        st.code(chapter.extractive_keeps(params).summary, language="text", wrap_lines=True)
        st.caption(t("summarization.chapter.extractive_note"))
