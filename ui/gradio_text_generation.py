"""Gradio tab of the text-generation page: the same loop, streamed by a generator handler."""

from __future__ import annotations

import gradio as gr

from playground.text_generation import model as textgen
from playground.errors import InputError
from playground.i18n import Translator
from ui.gradio_common import label, latest_model, message


_load = latest_model(textgen.load_model)


def _model() -> textgen.LoadedModel:
    return _load(textgen.pick_model())


def _status(loaded: textgen.LoadedModel, tr: Translator) -> str:
    line = tr("models.status", model=loaded.choice.model_id, reason=tr(loaded.choice.reason_key))
    return line + (f"\n\n{tr('text_generation.bundled_note')}" if loaded.bundled else "")


def textgen_preset(lang, task):
    """The example prompt of ``task`` for the running model (English if that is all it reads)."""
    return textgen.preset_prompt(task, lang, _model())


def textgen_view(lang, prompt, max_new_tokens, decoding, temperature, top_k, top_p,
                 repetition_penalty, seed):
    """Stream the continuation of ``prompt``.

    Yields (tokens coloured by probability as escaped HTML, the candidates chart of the latest
    step, a markdown line with the model, progress and notes).
    """
    from playground.text_generation import figures

    tr = Translator(lang)
    loaded = _model()
    status = _status(loaded, tr)
    if textgen.has_cjk(prompt or "") and "zh" not in loaded.languages:
        status += "\n\n" + tr("text_generation.english_only")
    try:
        params = textgen.GenerationParams(
            max_new_tokens=int(max_new_tokens), temperature=float(temperature), top_k=int(top_k),
            top_p=float(top_p), repetition_penalty=float(repetition_penalty),
            greedy=decoding == "greedy", seed=int(seed or 0))
        ids = textgen.encode_prompt(loaded, prompt or "")
    except InputError as error:
        yield "", None, message(error, lang)
        return
    steps: list[textgen.Step] = []
    try:
        with textgen.GATE.slot():
            for step in textgen.generate(loaded, ids, params):
                steps.append(step)
                if step.index % 4 == 0:  # a chart every few tokens keeps the stream light
                    figure = figures.distribution_figure(step.distribution, tr,
                                                         drawn=step.token_id, height=360)
                yield (figures.tokens_html(prompt or "", steps, tr, cursor=True), figure,
                       status)
    except textgen.Busy:
        yield "", None, "⚠️ " + tr("text_generation.err_busy")
        return
    if not steps:
        yield figures.tokens_html(prompt or "", steps, tr), None, status
        return
    last = steps[-1]
    title = tr("text_generation.step_title", step=last.index + 1, context="…")
    yield (figures.tokens_html(prompt or "", steps, tr) + figures.colour_legend_html(tr),
           figures.distribution_figure(last.distribution, tr, drawn=last.token_id, title=title,
                                       height=360),
           status)


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("text_generation.lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            task = gr.Dropdown([(label(f"text_generation.preset_name.{p}"), p) for p in textgen.TASKS],
                               value="news", label=label("text_generation.preset"))
            prompt = gr.Textbox(textgen.PRESETS["bundled"]["news"]["en"], lines=4,
                                max_length=textgen.MAX_PROMPT_CHARS, label=label("text_generation.prompt"))
            max_new = gr.Slider(1, textgen.MAX_NEW_TOKENS, 40, step=1,
                                label=label("text_generation.max_new_tokens"))
            decoding = gr.Radio([(label("text_generation.decoding_name.sampling"), "sampling"),
                                 (label("text_generation.decoding_name.greedy"), "greedy")],
                                value="sampling", label=label("text_generation.decoding"))
            temperature = gr.Slider(0.05, 2.0, 0.8, step=0.05, label=label("text_generation.temperature"))
            top_k = gr.Slider(0, 100, 50, step=1, label=label("text_generation.top_k"))
            top_p = gr.Slider(0.05, 1.0, 0.95, step=0.05, label=label("text_generation.top_p"))
            with gr.Accordion(label("common.more_settings"), open=False):
                penalty = gr.Slider(1.0, 2.0, 1.0, step=0.05,
                                    label=label("text_generation.repetition_penalty"))
                seed = gr.Number(0, precision=0, minimum=0, maximum=999_999,
                                 label=label("common.seed"))
            with gr.Row():
                go = gr.Button(label("text_generation.generate"), variant="primary")
                stop = gr.Button(label("text_generation.stop"))
        with gr.Column(scale=2):
            status = gr.Markdown()
            tokens = gr.HTML()
            chart = gr.Plot(show_label=False)
    gr.Markdown(label("text_generation.notice"))
    inputs = [lang, prompt, max_new, decoding, temperature, top_k, top_p, penalty, seed]
    outputs = [tokens, chart, status]
    task.change(textgen_preset, [lang, task], prompt, api_name=False)
    running = go.click(textgen_view, inputs, outputs, api_name=False,
                       concurrency_limit=textgen.MAX_CONCURRENT)
    stop.click(None, None, None, cancels=[running], api_name=False)
    return textgen_view, inputs, outputs
