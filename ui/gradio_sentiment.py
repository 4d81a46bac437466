"""Gradio tab of the sentiment page: one text explained word by word, and a batch of lines."""

from __future__ import annotations

import hashlib
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import gradio as gr

from playground import sentiment as sa
from playground.errors import InputError
from playground.sentiment import figures
from playground.i18n import Translator
from playground.sentiment.spec import SPEC
from ui.gradio_common import control as gradio_control
from ui.gradio_common import label, message, metric_line, tab_heading

_choice_lock = threading.Lock()
_DOWNLOADS = tempfile.TemporaryDirectory(prefix="playground-sentiment-")


@lru_cache(maxsize=2)
def _model(choice) -> sa.NeuralSentiment:
    return sa.NeuralSentiment(choice)  # thread-safe itself; lru_cache keeps one per choice


def _choices() -> dict:
    with _choice_lock:
        return {lang: sa.choose_for_language(lang) for lang in ("en", "zh")}


def _analyse(text: str, model: str, tr: Translator):
    """(checked text, analysis, status line), as on the Streamlit page; InputError if unfit."""
    checked = sa.check_text(text)
    model_id, choice, reason = sa.route(checked.text, model, _choices())
    analysis = sa.analyse(checked.text, model_id, _model(choice) if choice is not None else None)
    return checked, analysis, tr("models.status", model=figures.model_name(model_id, tr),
                                 reason=tr(reason))


def sentiment_view(lang, text, model):
    """Label, score, the coloured text and the per-word bars of ``text``.

    Returns a markdown summary (no user text in it), the escaped coloured HTML and a plotly
    figure (None with a message when the input cannot be analysed).
    """
    tr = Translator(lang)
    try:
        checked, analysis, status = _analyse(text, model, tr)
    except InputError as error:
        return message(error, lang), "", None
    lines = [metric_line(SPEC.metrics(analysis, tr)), "", f"*{status}*"]
    lines += [f"- {tr(key, **values)}" for key, values in checked.notices + analysis.notices]
    if analysis.model not in sa.NEURAL_FREE:  # a neural model: how to read leave-one-out
        lines += ["", tr("sentiment.occlusion_note")]
    note = figures.score_note(analysis, tr) if analysis.model in figures.NAIVE_BAYES else None
    if note:
        lines += ["", note]
    return ("\n".join(lines), figures.highlight_html(analysis, tr),
            figures.contributions_figure(analysis, tr, height=420))


def sentiment_batch(lang, lines, upload, model):
    """Analyse pasted lines, or the CSV when one is uploaded: summary, figure, table, CSV file."""
    tr = Translator(lang)
    try:
        if upload:
            texts = sa.read_csv_texts(Path(upload).read_bytes())
        else:
            texts = sa.read_lines(lines)
    except InputError as error:
        return message(error, lang), None, None, None
    models = {lang_: _model(choice)
              for lang_, choice in sa.batch_neural_choices(model, _choices()).items()}
    table = sa.analyse_batch(texts, models, naive_bayes=model not in (sa.VADER, sa.VADER_WORDS))
    summary = tr("sentiment.batch_summary", **sa.label_counts(table))
    data = sa.batch_csv(table)
    # One folder for the process (removed at exit), one file per distinct result: repeated
    # batches do not pile up files. Gradio copies the file into its own, self-cleaning cache.
    path = Path(_DOWNLOADS.name) / f"sentiment-{hashlib.sha1(data).hexdigest()[:16]}.csv"
    path.write_bytes(data)
    return summary, figures.batch_figure(table, tr), table, str(path)


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    tab_heading("sentiment")
    gr.Markdown(label("sentiment.lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            example = gradio_control(SPEC["example"], prefix=SPEC.prefix)
            text = gr.Textbox(sa.EXAMPLES[SPEC["example"].default], lines=4,
                              label=label("sentiment.text"))
            model = gradio_control(SPEC["model"], prefix=SPEC.prefix)
        with gr.Column(scale=2):
            summary = gr.Markdown()
            coloured = gr.HTML()
            plot = gr.Plot(show_label=False)
    with gr.Accordion(label("sentiment.mode_name.batch"), open=False):
        with gr.Row():
            lines = gr.Textbox(sa.BATCH_EXAMPLE, lines=8, label=label("sentiment.lines"))
            upload = gr.File(file_types=[".csv", ".txt"], type="filepath",
                             label=label("sentiment.upload"))
        run = gr.Button(label("sentiment.mode_name.batch"), variant="primary")
        batch_summary = gr.Markdown()
        batch_plot = gr.Plot(show_label=False)
        table = gr.Dataframe(interactive=False)
        download = gr.File(label=label("sentiment.download_batch"))
    gr.Markdown(label("sentiment.notice"))
    inputs, outputs = [lang, text, model], [summary, coloured, plot]
    example.change(sa.EXAMPLES.get, example, text, api_name=False)
    for control in (lang, text, model):
        control.change(sentiment_view, inputs, outputs, api_name=False)
    run.click(sentiment_batch, [lang, lines, upload, model],
              [batch_summary, batch_plot, table, download], api_name=False)
    return sentiment_view, inputs, outputs
