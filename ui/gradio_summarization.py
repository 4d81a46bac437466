"""Gradio tab of the summarization page, over the same backend and figures."""

from __future__ import annotations

import gradio as gr

from playground.errors import InputError
from playground.i18n import Translator
from playground.summarization import abstractive, chapter, figures, model, text as texts
from playground.summarization.spec import ABSTRACT_SPEC, SPEC, TEXT_LIMIT
from ui.gradio_common import controls, label, latest_model, message, show_when, spec_values

EXTRACT_KEYS = ("method", "size_by", "n", "ratio")


def summary_view(lang, text, method, size_by, n_sentences, ratio):
    """Extractive summary of ``text``.

    Returns the source as escaped HTML with the kept sentences marked, the summary, a markdown
    line of compression ratios (or the reason there is no summary), and the score figure.
    """
    tr = Translator(lang)
    params = SPEC.params(spec_values(SPEC, EXTRACT_KEYS, method, size_by, n_sentences, ratio))
    try:
        result = model.extract(texts.clean_text(text), params)
    except InputError as error:
        return "", "", message(error, lang), None
    notes = [f"ℹ️ {tr(n.key, **n.values())}" for n in result.document.notices]
    kept = figures.kept_caption(result, tr)
    ratios = figures.ratios_markdown(result.document.text, result.summary, tr)
    stats = "\n\n".join([*notes, ratios, kept])
    return (model.highlighted_html(result), result.summary, stats,
            figures.score_figure(result, tr))


_summarizer = latest_model(abstractive.load_summarizer)


def summary_generate(lang, text, max_tokens, beams, progress=gr.Progress()):
    """Abstractive summary by the registry's model; returns (summary, markdown notes)."""
    tr = Translator(lang)
    try:
        document = texts.clean_text(text)
    except InputError as error:
        return "", message(error, lang)
    choice = abstractive.available_model()
    if choice is None:
        command = abstractive.prepare_command(abstractive.hub_model_ids()[0])
        return "", f"{tr('summarization.unavailable')}\n\n```bash\n{command}\n```"
    params = ABSTRACT_SPEC.params(spec_values(ABSTRACT_SPEC, ("tokens", "beams"), max_tokens,
                                              beams))
    try:
        progress(0, desc=tr("summarization.loading"))
        loaded = _summarizer(choice)
        # Others generating (summaries or texts): the progress line gives the place in the queue.
        with abstractive.generation_slot(
                waiting=lambda place: progress(0, desc=tr("summarization.waiting", n=place))):
            result = abstractive.generate_summary(
                loaded, document.text, params,
                progress=lambda d, n: progress(d / n, desc=tr("summarization.progress", done=d,
                                                                total=n)))
    except InputError as error:
        return "", message(error, lang)
    except OSError as error:
        return "", "⚠️ " + tr("summarization.load_failed", error=type(error).__name__)
    notes = [tr("models.status", model=choice.model_id, reason=tr(choice.reason_key)),
             figures.ratios_markdown(document.text, result.summary, tr),
             *figures.generation_notes(result, tr)]
    return result.summary, "\n\n".join(notes)


def summary_preset(source):
    """The text of a preset; "own" leaves the box as it is."""
    return gr.update() if source == "own" else texts.load_preset(source)


def _run_chapter_listing() -> str:
    run = chapter.run_chapter_listing("ready")
    return run.error or run.machine or ""


def chapter_accordion() -> None:
    """The chapter's listing (§1.3.2) with the book's printed output as the reference, why it
    does not run here (transformers 5 has no "summarization" task; or the model is not
    reachable), and what the extractive method keeps of the same paragraph (default settings).
    With transformers 4.x and the model at hand, a button runs the listing unchanged."""
    state = chapter.status()
    with gr.Accordion(label("summarization.chapter.title"), open=False):
        gr.Markdown(label("summarization.chapter.intro"))
        gr.Code(chapter.LISTING, language="python", label="§1.3.2")
        with gr.Row():
            gr.Textbox(chapter.book_output(), label=label("summarization.chapter.book"),
                       interactive=False)
            with gr.Column():
                if state == "ready":
                    run = gr.Button(label("summarization.chapter.run"))
                    machine = gr.Textbox(label=label("summarization.chapter.machine"),
                                         interactive=False)
                    run.click(_run_chapter_listing, None, machine, api_name=False,
                              concurrency_limit=1)
                else:
                    gr.Markdown(label(f"summarization.chapter.{state}_tab"))
                gr.Textbox(chapter.PIPELINE_DEFAULT, label=label("summarization.chapter.needs"),
                           interactive=False)
        gr.Textbox(chapter.extractive_keeps().summary, interactive=False,
                   label=label("summarization.chapter.extractive"))
        gr.Markdown(label("summarization.chapter.extractive_note"))


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("summarization.tab_lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            source = controls(SPEC, ["source"])["source"]
            text = gr.Textbox(texts.load_preset(SPEC["source"].default), lines=8,
                              max_length=TEXT_LIMIT, label=label("summarization.text"))
            extract_controls = controls(SPEC, EXTRACT_KEYS)
            show_when(SPEC, extract_controls)
            with gr.Accordion(label("summarization.abstract_settings"), open=False):
                abstract_controls = controls(ABSTRACT_SPEC)
        with gr.Column(scale=2):
            with gr.Row():
                extract_box = gr.Textbox(label=label("summarization.extractive"), lines=5,
                                         interactive=False)
                abstract_box = gr.Textbox(label=label("summarization.abstractive"), lines=5,
                                          interactive=False)
            with gr.Row():
                stats = gr.Markdown()
                abstract_notes = gr.Markdown(label("summarization.not_generated"))
            generate = gr.Button(label("summarization.generate"), variant="primary")
            # The backend escapes every piece of the text in this HTML.
            highlighted = gr.HTML(label=label("summarization.highlighted"))
            plot = gr.Plot(show_label=False)
    chapter_accordion()
    gr.Markdown(label("summarization.tab_notice"))
    view_inputs = [lang, text, *(extract_controls[key] for key in EXTRACT_KEYS)]
    view_outputs = [highlighted, extract_box, stats, plot]
    source.change(summary_preset, source, text, api_name=False)
    text.input(lambda: "own", None, source, api_name=False, queue=False)
    for control in view_inputs:
        control.change(summary_view, view_inputs, view_outputs, api_name=False)
    generate.click(summary_generate, [lang, text, abstract_controls["tokens"],
                                      abstract_controls["beams"]],
                   [abstract_box, abstract_notes], api_name=False, concurrency_limit=1)
    return summary_view, view_inputs, view_outputs
