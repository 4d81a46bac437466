"""Summarization (chapter §1.3.2): keep the most central sentences of a text, or let a model
write a new summary, and compare the two side by side."""

import streamlit as st

from playground.errors import InputError
from playground.summarization import abstractive, figures, model, snippet, text
from playground.summarization.spec import ABSTRACT_SPEC, SPEC, TEXT_LIMIT
from ui import common
from ui.common import t
from ui.summarization_widgets import chapter_view

NS = "summarization"


# The same text and settings always give the same extract. The model is loaded once per
# process and only read afterwards: safe to share between sessions.
extract = st.cache_data(max_entries=64, show_spinner=False)(model.extract_text)
summarizer = st.cache_resource(max_entries=1, show_spinner=False)(abstractive.load_summarizer)


def ratios(source: str, summary: str) -> None:
    st.markdown(figures.ratios_markdown(source, summary, common.tr()),
                help=t("summarization.ratios_help"))


def generate(choice, source: str, params: abstractive.AbstractParams) -> abstractive.Abstract:
    """Load (once), wait for a free slot (telling the user their place in the queue), generate
    with a progress bar. Stop reruns the page, which interrupts this run at its next update."""
    bar = st.progress(0.0, text=t("summarization.loading"))
    note = st.empty()  # the place in the queue while others generate
    st.button(t("summarization.stop"), key="summarization_stop", icon=":material/stop:")

    def report(done: int, total: int) -> None:
        bar.progress(done / total, text=t("summarization.progress", done=done, total=total))

    def waiting(place: int) -> None:
        note.info(t("summarization.waiting", n=place), icon=":material/hourglass_top:")

    loaded = summarizer(choice)
    try:
        with abstractive.generation_slot(waiting=waiting):
            note.empty()
            result = abstractive.generate_summary(loaded, source, params, progress=report)
    except InputError:  # no slot in time: the message replaces the queue and the bar
        note.empty()
        bar.empty()
        raise
    bar.empty()
    return result


def abstractive_column(document: text.Document, params: abstractive.AbstractParams):
    """The generated summary, or why there is none; returns (model id, summary) or None."""
    st.subheader(t("summarization.abstractive"))
    choice = abstractive.available_model()
    if choice is None:
        # One line says why; how to prepare the model folds away (it is long, and in a
        # classroom the room would read it instead of the summaries).
        st.info(t("summarization.unavailable_short"), icon=":material/cloud_off:")
        with st.expander(t("summarization.prepare_model"), icon=":material/download:"):
            st.markdown(t("summarization.unavailable"))
            st.code(abstractive.prepare_command(abstractive.hub_model_ids()[0]),
                    language="bash", wrap_lines=True)
        return None
    common.model_status(choice)
    warning = figures.language_warning(abstractive.model_languages(choice.model_id),
                                       document.language, common.tr())
    if warning:
        st.caption(warning)
    signature = (choice, document.text, params)
    if st.button(t("summarization.generate"), key="summarization_generate", type="primary",
                 icon=":material/auto_awesome:"):
        try:
            st.session_state["summarization_abstract"] = (
                signature, generate(choice, document.text, params))
        except InputError as error:
            common.show_input_error(error)
        except OSError as error:  # incomplete or corrupt local copy of the model
            st.error(t("summarization.load_failed", error=type(error).__name__))
    stored, result = st.session_state.get("summarization_abstract", (None, None))
    if result is None or stored != signature:
        st.caption(t("summarization.not_generated" if result is None else "summarization.stale"))
        return None
    st.text(result.summary)
    ratios(document.text, result.summary)
    for note in figures.generation_notes(result, common.tr()):
        st.caption(note)
    return choice.model_id, result.summary


def downloads(result: model.Extract, abstract) -> None:
    left, right = st.columns(2)
    summaries = figures.summaries_text(result, abstract, common.tr())
    left.download_button(t("summarization.download_text"), summaries.encode("utf-8"),
                         key="summarization_txt", file_name="summaries.txt", mime="text/plain",
                         icon=":material/download:")
    with right:
        common.csv_download(model.scores_csv(result), filename="sentence-scores.csv",
                            key="summarization_csv", label_key="summarization.download_scores")
    st.caption(t("common.png_hint"))


common.page_intro(NS)
values = {"source": common.control(SPEC, "source")}
if values["source"] == "own":
    raw = st.text_area(t("summarization.own_text", limit=f"{TEXT_LIMIT:,}"),
                       key="summarization_text", height=180, max_chars=TEXT_LIMIT,
                       persist_state="session", placeholder=t("summarization.own_placeholder"))
else:
    raw = text.load_preset(values["source"])

controls, result_area = st.columns([1, 2.6], gap="large")
with controls:
    st.subheader(t("summarization.extract_settings"))
    common.controls(SPEC, ("method", "size_by", "n", "ratio"), values=values)
    st.subheader(t("summarization.abstract_settings"))
    abstract_params = ABSTRACT_SPEC.params(common.controls(ABSTRACT_SPEC))

params = SPEC.params(values)
code = snippet.code_snippet(text.clean_text(text.load_preset(SPEC["source"].default)),
                            params)
with result_area:
    try:
        result = extract(raw, params)
    except InputError as error:
        common.show_input_error(error)
    else:  # outside the try: only the extraction's InputError means "bad text"
        document = result.document
        code = snippet.code_snippet(document, params)
        for notice in document.notices:
            st.info(t(notice.key, **notice.values()), icon=":material/info:")
        left, right = st.columns(2, gap="medium")
        with left:
            st.subheader(t("summarization.extractive"))
            st.text(result.summary)
            ratios(document.text, result.summary)
            st.caption(figures.kept_caption(result, common.tr()))
        with right:
            abstract = abstractive_column(document, abstract_params)
        # The scores come before the long highlighted text, so that the figure is in the first
        # screen of a projector (1920 x 1080) and of a laptop.
        common.plotly_chart(figures.score_figure(result, common.tr()), key="summarization_chart",
                            filename=f"sentence-scores-{params.method}")
        st.subheader(t("summarization.highlighted"), help=t("summarization.highlighted_help"))
        st.html(model.highlighted_html(result))  # every piece of user text is escaped in there
        downloads(result, abstract)

chapter_view(params)
common.page_outro(NS, code)
