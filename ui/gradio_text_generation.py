"""Gradio tab of the text-generation page: the same loop, streamed by a generator handler."""

from __future__ import annotations

import gradio as gr

from playground.errors import InputError
from playground.i18n import Translator
from playground.text_generation import model as textgen
from playground.text_generation import prompts, tokens
from playground.text_generation.spec import DECODING, SPEC
from ui.gradio_common import controls, label, latest_model, message, show_when, spec_values

_load = latest_model(tokens.load_model)


def _model(language: str | None = None) -> tokens.LoadedModel:
    """The model for a prompt in ``language``, as on the page (one kept in memory)."""
    return _load(tokens.pick_model(SPEC["model"].default, language=language))


def _status(loaded: tokens.LoadedModel, tr: Translator) -> str:
    line = tr("models.status", model=loaded.choice.model_id, reason=tr(loaded.choice.reason_key))
    if not loaded.bundled:
        return line
    return line + "\n\n" + tr(prompts.BUNDLED_NOTES[loaded.languages[0]])


def textgen_preset(lang, task, polarity):
    """The example prompt of ``task`` for the model that runs it (in a language it reads);
    "custom" leaves the box as it is."""
    if task == "custom":
        return gr.update()
    loaded = _model(prompts.preset_language(task, lang))
    return prompts.preset_prompt(task, lang, loaded, polarity or "positive")


def _review_line(prompt: str, text: str, tr: Translator) -> str:
    """What the sentiment page's Chinese model reads in a generated review."""
    from playground import sentiment

    review = prompts.strip_review_label(prompt + text).strip()
    if not review:
        return tr("text_generation.review_empty")
    verdict = sentiment.explain_snownlp(review)
    asked = prompts.review_polarity(prompt)
    return (f"**{tr('text_generation.review_asked')}**: "
            f"{tr(f'text_generation.polarity_name.{asked}')} · "
            f"**{tr('text_generation.review_read')}**: {tr(f'sentiment.label.{verdict.label}')} · "
            f"**{tr('text_generation.review_p_positive')}**: {verdict.scores['positive']:.1%}")


def textgen_view(lang, prompt, max_new_tokens, decoding, temperature, top_k, top_p,
                 repetition_penalty, max_run, seed):
    """Stream the continuation of ``prompt``.

    Yields (tokens coloured by probability as escaped HTML, the candidates chart of the latest
    step, a markdown line with the model, progress and notes).
    """
    from playground.text_generation import figures

    tr = Translator(lang)
    loaded = _model(prompts.prompt_language(prompt or ""))
    status = _status(loaded, tr)
    if prompts.has_cjk(prompt or "") and "zh" not in loaded.languages:
        status += "\n\n" + tr("text_generation.english_only")
    try:
        params = SPEC.params(spec_values(SPEC, DECODING, max_new_tokens, decoding, temperature,
                                         top_k, top_p, repetition_penalty, max_run, seed))
        ids = tokens.encode_prompt(loaded, prompt or "")
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
    if "zh" in loaded.languages and prompts.is_review_prompt(prompt or ""):
        status += "\n\n" + _review_line(prompt, "".join(s.delta for s in steps), tr)
    title = tr("text_generation.step_title", step=last.index + 1, context="…")
    yield (figures.tokens_html(prompt or "", steps, tr) + figures.colour_legend_html(tr),
           figures.distribution_figure(last.distribution, tr, drawn=last.token_id, title=title,
                                       height=360),
           status)


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("text_generation.tab_lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            chosen = controls(SPEC, ["preset", "polarity"])
            task, polarity = chosen["preset"], chosen["polarity"]
            show_when(SPEC, chosen)
            # The bundled model's example until a preset is chosen (no model loads here).
            first = prompts.PRESETS["bundled"][SPEC["preset"].default]["en"]
            prompt = gr.Textbox(first, lines=4, max_length=prompts.MAX_PROMPT_CHARS,
                                label=label("text_generation.prompt"))
            primary = [key for key in DECODING if not SPEC[key].secondary]
            components = controls(SPEC, primary)
            with gr.Accordion(label("common.more_settings"), open=False):
                components.update(controls(SPEC, [k for k in DECODING if k not in primary]))
            with gr.Row():
                go = gr.Button(label("text_generation.generate"), variant="primary")
                stop = gr.Button(label("text_generation.stop"))
        with gr.Column(scale=2):
            status = gr.Markdown()
            tokens_box = gr.HTML()
            chart = gr.Plot(show_label=False)
    gr.Markdown(label("text_generation.tab_notice"))
    inputs = [lang, prompt, *(components[key] for key in DECODING)]
    outputs = [tokens_box, chart, status]
    for trigger in (task, polarity):
        trigger.change(textgen_preset, [lang, task, polarity], prompt, api_name=False)
    prompt.input(lambda: "custom", None, task, api_name=False, queue=False)
    running = go.click(textgen_view, inputs, outputs, api_name=False,
                       concurrency_limit=textgen.MAX_CONCURRENT)
    stop.click(None, None, None, cancels=[running], api_name=False)
    return textgen_view, inputs, outputs
