"""Summarization (chapter §1.3.2): keep the most central sentences of a text, or let a model
write a new summary, and compare the two side by side."""

import streamlit as st

from playground.summarization import model as summ
from playground.errors import InputError
from playground.summarization import figures
from ui import common
from ui.common import t, url_choice

NS = "summarization"


# The same text and settings always give the same extract. The model is loaded once per
# process and only read afterwards: safe to share between sessions.
extract = st.cache_data(max_entries=64, show_spinner=False)(summ.extract_text)
summarizer = st.cache_resource(max_entries=1, show_spinner=False)(summ.load_summarizer)


def ratios(source: str, summary: str) -> None:
    st.markdown(figures.ratios_markdown(source, summary, common.tr()),
                help=t("summarization.ratios_help"))


def generate(choice, text: str, params: summ.AbstractParams) -> summ.Abstract:
    """Load (once), wait for a free slot, generate with a progress bar. Stop reruns the page,
    which interrupts this run at its next progress update."""
    bar = st.progress(0.0, text=t("summarization.loading"))
    st.button(t("summarization.stop"), key="summarization_stop", icon=":material/stop:")

    def report(done: int, total: int) -> None:
        bar.progress(done / total, text=t("summarization.progress", done=done, total=total))

    model = summarizer(choice)
    with summ.generation_slot(waiting=lambda: bar.progress(0.0, text=t("summarization.waiting"))):
        result = summ.generate_summary(model, text, params, progress=report)
    bar.empty()
    return result


def abstractive_column(document: summ.Document, params: summ.AbstractParams):
    """The generated summary, or why there is none; returns (model id, summary) or None."""
    st.subheader(t("summarization.abstractive"))
    choice = summ.available_model()
    if choice is None:
        st.info(t("summarization.unavailable"), icon=":material/cloud_off:")
        st.code(summ.prepare_command(summ.hub_model_ids()[0]), language="bash", wrap_lines=True)
        return None
    common.model_status(choice)
    warning = figures.language_warning(summ.model_languages(choice.model_id), document.language,
                                       common.tr())
    if warning:
        st.caption(warning)
    signature = (choice, document.text, params)
    if st.button(t("summarization.generate"), key="summarization_generate", type="primary",
                 icon=":material/auto_awesome:"):
        try:
            st.session_state.summary_abstract = signature, generate(choice, document.text, params)
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


def downloads(result: summ.Extract, abstract) -> None:
    left, right = st.columns(2)
    text = figures.summaries_text(result, abstract, common.tr())
    left.download_button(t("summarization.download_text"), text.encode("utf-8"), key="summarization_txt",
                         file_name="summaries.txt", mime="text/plain", icon=":material/download:")
    with right:
        common.csv_download(summ.scores_csv(result), filename="sentence-scores.csv",
                            key="summarization_csv", label_key="summarization.download_scores")
    st.caption(t("common.png_hint"))


common.page_intro(NS)
source = url_choice(st.segmented_control, t("summarization.source"), (*summ.PRESETS, "own"),
                    default="paris", key="summarization_source",
                    format_func=lambda s: t(f"summarization.preset.{s}"))
if source == "own":
    raw = st.text_area(t("summarization.own_text", limit=f"{summ.MAX_CHARS:,}"), key="summarization_text",
                       height=180, max_chars=summ.RAW_LIMIT, persist_state="session",
                       placeholder=t("summarization.own_placeholder"))
else:
    raw = summ.load_preset(source)

controls, result_area = st.columns([1, 2.6], gap="large")
with controls:
    st.subheader(t("summarization.extract_settings"))
    method = url_choice(st.selectbox, t("summarization.scoring"), summ.METHODS, default="textrank",
                        key="summarization_method", format_func=lambda m: t(f"summarization.method.{m}"),
                        help=t("summarization.scoring_help"))
    size_by = url_choice(st.segmented_control, t("summarization.size_by"), summ.SIZE_BY,
                         default="sentences", key="summarization_size_by",
                         format_func=lambda s: t(f"summarization.size_by_name.{s}"))
    n_sentences, ratio = 2, 0.3
    if size_by == "sentences":
        n_sentences = st.slider(t("summarization.n_sentences"), 1, 10, 2, key="summarization_n",
                                bind="query-params")
    else:
        ratio = st.slider(t("summarization.ratio"), 0.1, 0.9, 0.3, step=0.05, key="summarization_ratio",
                          bind="query-params")
    st.subheader(t("summarization.abstract_settings"))
    max_tokens = st.slider(t("summarization.max_tokens"), 16, summ.MAX_NEW_TOKENS, 60, step=4,
                           key="summarization_tokens", bind="query-params",
                           help=t("summarization.max_tokens_help"))
    with common.secondary_controls():
        beams = st.slider(t("summarization.beams"), 1, 4, 2, key="summarization_beams", bind="query-params",
                          help=t("summarization.beams_help"))

params = summ.ExtractParams(method=method, size_by=size_by, n_sentences=n_sentences, ratio=ratio)
code = summ.code_snippet(summ.clean_text(summ.load_preset("paris")), params)
with result_area:
    try:
        result = extract(raw, params)
    except InputError as error:
        common.show_input_error(error)
    else:  # outside the try: only the extraction's InputError means "bad text"
        document = result.document
        code = summ.code_snippet(document, params)
        for notice in document.notices:
            st.info(t(notice.key, **notice.values()), icon=":material/info:")
        left, right = st.columns(2, gap="medium")
        with left:
            st.subheader(t("summarization.extractive"))
            st.text(result.summary)
            ratios(document.text, result.summary)
            st.caption(t("summarization.kept", k=len(result.chosen), n=len(result.scores),
                         method=t(f"summarization.method.{method}")))
        with right:
            abstract = abstractive_column(document, summ.AbstractParams(max_tokens, beams))
        st.subheader(t("summarization.highlighted"), help=t("summarization.highlighted_help"))
        st.html(summ.highlighted_html(result))  # every piece of user text is escaped in there
        common.plotly_chart(figures.score_figure(result, common.tr()), key="summarization_chart",
                            filename=f"sentence-scores-{method}")
        downloads(result, abstract)

common.page_outro(NS, code)
