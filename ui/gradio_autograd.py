"""Gradio tab of the autograd topic: the same specs, backend and figures as the page, every
part shown at once (graph, derivation, TensorFlow comparison, tensor basics, chapter listing)."""

from __future__ import annotations

from functools import lru_cache

import gradio as gr

from playground.autograd import basics, chapter, derivation, figures, model, tf_parity
from playground.autograd.spec import BASICS_SPEC, SPEC
from playground.errors import InputError
from playground.i18n import Translator
from ui.gradio_common import controls as gradio_controls
from ui.gradio_common import label, message, metric_line, spec_values

GRAPH_KEYS = tuple(c.key for c in SPEC.in_tab())  # handler arguments, in this order
BASICS_KEYS = tuple(c.key for c in BASICS_SPEC.in_tab())


@lru_cache(maxsize=1)
def _listing_run() -> chapter.ListingRun:
    return chapter.run_listing()


def _derivation_markdown(result, tr) -> str:
    return "\n\n".join(f"$${text}$$" if kind == "latex" else text
                       for kind, text in derivation.derivation(result, tr))


def _graph_part(lang, values):
    tr = Translator(lang)
    try:
        view = SPEC.params(values)
        result = model.run(view.graph)
    except InputError as error:
        return message(error, lang), None, "", None, None
    notes = [metric_line(SPEC.metrics(result, tr))]
    grads = tf_parity.gradients(view.graph) if view.tensorflow else None
    if not view.tensorflow:
        notes.append(tr("autograd.tf.off"))
    elif grads is None:
        notes.append(tr("autograd.tf.unavailable"))
    else:
        notes.append(figures.parity_note(result, grads, tr))
    return ("\n\n".join(notes), figures.graph_figure(result, tr),
            _derivation_markdown(result, tr), figures.tensor_table(result, grads, tr),
            figures.gradient_table(result, grads, tr))


def _basics_part(lang, values):
    tr = Translator(lang)
    try:
        view = BASICS_SPEC.params(values)
    except InputError as error:
        return message(error, lang), None, None
    result = basics.broadcast(view.shape_a, view.shape_b)
    a, b = figures.shape_text(result.a), figures.shape_text(result.b)
    verdict = (tr("autograd.basics.fits", a=a, b=b, shape=figures.shape_text(result.shape))
               if result.ok else tr("autograd.basics.clash", a=a, b=b))
    checks = metric_line([(tr("autograd.basics.rule"), figures.shape_text(result.shape)),
                          ("NumPy", figures.shape_text(result.numpy_shape)),
                          ("torch", figures.shape_text(result.torch_shape))])
    return (f"{verdict}\n\n{checks}", figures.broadcast_table(result, tr),
            figures.sharing_table(basics.sharing(view.poke), tr))


def autograd_view(lang, x, add, mul, op, reduce, tf, shape_a, shape_b, poke):
    """Run the chain in torch (and TensorFlow), check the two shapes, run the chapter listing.

    Returns a markdown summary, the graph figure, the derivation (markdown with LaTeX), the
    tensor table, the gradient table, the broadcasting verdict, its table, the sharing table
    and the chapter listing's line-by-line comparison.
    """
    graph = _graph_part(lang, spec_values(SPEC, GRAPH_KEYS, x, add, mul, op, reduce, tf))
    part = _basics_part(lang, spec_values(BASICS_SPEC, BASICS_KEYS, shape_a, shape_b, poke))
    return (*graph, *part, figures.listing_table(_listing_run(), Translator(lang)))


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("autograd.gradio.heading"))
    gr.Markdown(label("autograd.gradio.lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            graph_controls = gradio_controls(SPEC)
        with gr.Column(scale=3):
            summary = gr.Markdown()
            figure = gr.Plot(show_label=False)
    with gr.Row():
        with gr.Column():
            steps = gr.Markdown(latex_delimiters=[{"left": "$$", "right": "$$",
                                                   "display": True}])
        with gr.Column():
            tensors = gr.Dataframe(label=label("autograd.section.tables"), interactive=False)
            gradients = gr.Dataframe(show_label=False, interactive=False)
    with gr.Accordion(label("autograd.section.basics"), open=False):
        gr.Markdown(label("autograd.basics.intro"))
        with gr.Row():
            basics_controls = gradio_controls(BASICS_SPEC)
        verdict = gr.Markdown()
        shapes = gr.Dataframe(show_label=False, interactive=False)
        gr.Markdown(label("autograd.basics.sharing_intro"))
        sharing = gr.Dataframe(show_label=False, interactive=False)
    with gr.Accordion(label("autograd.section.chapter"), open=False):
        gr.Markdown(label("autograd.listing.intro"))
        gr.Code(chapter.listing(), language="python", interactive=False)
        listing = gr.Dataframe(show_label=False, interactive=False, wrap=True)
    gr.Markdown(label("autograd.gradio.notice"))
    inputs = [lang, *(graph_controls[k] for k in GRAPH_KEYS),
              *(basics_controls[k] for k in BASICS_KEYS)]
    outputs = [summary, figure, steps, tensors, gradients, verdict, shapes, sharing, listing]
    for component in inputs:
        component.change(autograd_view, inputs, outputs, api_name=False)
    return autograd_view, inputs, outputs
