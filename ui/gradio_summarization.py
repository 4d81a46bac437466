"""Gradio tab of the summarization page, over the same backend and figures."""

from __future__ import annotations

import gradio as gr

from playground.summarization import model as summ
from playground.errors import InputError
from playground.summarization import figures
from playground.i18n import Translator
from ui.gradio_common import label, latest_model, message


def summary_view(lang, text, method, size_by, n_sentences, ratio):
    """Extractive summary of ``text``.

    Returns the source as escaped HTML with the kept sentences marked, the summary, a markdown
    line of compression ratios (or the reason there is no summary), and the score figure.
    """
    tr = Translator(lang)
    params = summ.ExtractParams(method=method, size_by=size_by, n_sentences=int(n_sentences),
                                ratio=float(ratio))
    try:
        result = summ.extract(summ.clean_text(text), params)
    except InputError as error:
        return "", "", message(error, lang), None
    notes = [f"ℹ️ {tr(n.key, **n.values())}" for n in result.document.notices]
    kept = tr("summarization.kept", k=len(result.chosen), n=len(result.scores),
              method=tr(f"summarization.method.{method}"))
    ratios = figures.ratios_markdown(result.document.text, result.summary, tr)
    stats = "\n\n".join([*notes, ratios, kept])
    return (summ.highlighted_html(result), result.summary, stats,
            figures.score_figure(result, tr))


_summarizer = latest_model(summ.load_summarizer)


def summary_generate(lang, text, max_tokens, beams, progress=gr.Progress()):
    """Abstractive summary by the registry's model; returns (summary, markdown notes)."""
    tr = Translator(lang)
    try:
        document = summ.clean_text(text)
    except InputError as error:
        return "", message(error, lang)
    choice = summ.available_model()
    if choice is None:
        command = summ.prepare_command(summ.hub_model_ids()[0])
        return "", f"{tr('summarization.unavailable')}\n\n```bash\n{command}\n```"
    params = summ.AbstractParams(max_new_tokens=int(max_tokens), num_beams=int(beams))
    try:
        progress(0, desc=tr("summarization.loading"))
        model = _summarizer(choice)
        with summ.generation_slot():
            result = summ.generate_summary(
                model, document.text, params,
                progress=lambda d, n: progress(d / n, desc=tr("summarization.progress", done=d, total=n)))
    except InputError as error:
        return "", message(error, lang)
    except OSError as error:
        return "", "⚠️ " + tr("summarization.load_failed", error=type(error).__name__)
    notes = [tr("models.status", model=choice.model_id, reason=tr(choice.reason_key)),
             figures.ratios_markdown(document.text, result.summary, tr),
             *figures.generation_notes(result, tr)]
    return result.summary, "\n\n".join(notes)


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("summarization.lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            preset = gr.Dropdown([(label(f"summarization.preset.{p}"), p) for p in summ.PRESETS],
                                 value="paris", label=label("summarization.source"))
            text = gr.Textbox(summ.load_preset("paris"), lines=8, max_length=summ.RAW_LIMIT,
                              label=label("summarization.source"))
            method = gr.Radio([(label(f"summarization.method.{m}"), m) for m in summ.METHODS],
                              value="textrank", label=label("summarization.scoring"))
            size_by = gr.Radio([(label(f"summarization.size_by_name.{s}"), s) for s in summ.SIZE_BY],
                               value="sentences", label=label("summarization.size_by"))
            n_sentences = gr.Slider(1, 10, 2, step=1, label=label("summarization.n_sentences"))
            ratio = gr.Slider(0.1, 0.9, 0.3, step=0.05, label=label("summarization.ratio"))
            with gr.Accordion(label("summarization.abstract_settings"), open=False):
                max_tokens = gr.Slider(16, summ.MAX_NEW_TOKENS, 60, step=4,
                                       label=label("summarization.max_tokens"))
                beams = gr.Slider(1, 4, 2, step=1, label=label("summarization.beams"))
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
            highlighted = gr.HTML(label=label("summarization.highlighted"))  # escaped by the backend
            plot = gr.Plot(show_label=False)
    gr.Markdown(label("summarization.notice"))
    view_inputs = [lang, text, method, size_by, n_sentences, ratio]
    view_outputs = [highlighted, extract_box, stats, plot]
    preset.change(summ.load_preset, preset, text, api_name=False)
    for control in (lang, text, method, size_by, n_sentences, ratio):
        control.change(summary_view, view_inputs, view_outputs, api_name=False)
    generate.click(summary_generate, [lang, text, max_tokens, beams],
                   [abstract_box, abstract_notes], api_name=False, concurrency_limit=1)
    return summary_view, view_inputs, view_outputs
