"""Gradio tab of the discriminative-models page: the same spec, backend and figures, with a
clickable canvas instead of the page's clickable chart. Its two views: one model, and logistic
regression beside a generative classifier whose new points can be downloaded."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import gradio as gr
import numpy as np

from playground import points
from playground.datasets2d import make_dataset
from playground.discriminative import figures
from playground.discriminative import generative as gen
from playground.discriminative import model as disc
from playground.discriminative.spec import DATA_KEYS, SPEC
from playground.errors import InputError
from playground.i18n import Translator
from ui.gradio_common import controls as gradio_controls
from ui.gradio_common import label, message, metric_line, show_when, spec_values

RASTER = 420  # pixels of the clickable canvas
CONTROL_KEYS = tuple(c.key for c in SPEC.in_tab())  # the handlers' arguments, in this order
_DOWNLOADS = tempfile.TemporaryDirectory(prefix="playground-discriminative-")


def _settings(args):
    return SPEC.params(spec_values(SPEC, CONTROL_KEYS, *args))


def _points(settings, edits):
    """The clicked point set when it was made on the current data set, else the generated one;
    the generated one (the reference the standardisation is fitted on); and the edits to keep
    (reset when the data set changed)."""
    base = repr(settings.dataset)
    X0, y0 = make_dataset(settings.dataset)
    if edits and edits.get("base") == base:
        return (np.asarray(edits["X"], float).reshape(-1, 2), np.asarray(edits["y"], int), X0,
                edits)
    return X0, y0, X0, {"base": base, "X": X0.tolist(), "y": y0.tolist()}


def _csv_file(data: bytes) -> str:
    """The CSV as a file Gradio can offer (named by its content: visitors never collide)."""
    path = Path(_DOWNLOADS.name) / f"generated-points-{hashlib.sha1(data).hexdigest()[:12]}.csv"
    path.write_bytes(data)
    return str(path)


def discriminative_view(lang, view, data, n, noise, seed, model, C, kernel, gamma, degree,
                        layers, width, act, alpha, gen_k, gen_n, test, edits):
    """Fit and draw; ``edits`` is the clicked point set ``{"base": ..., "X": [[x, y]...],
    "y": [...]}`` or None.

    Returns the plotly figure, the clickable raster, a markdown summary, the CSV of the new
    points (generative view only, else None) and the (reset or kept) edits.
    """
    tr = Translator(lang)
    settings = _settings((view, data, n, noise, seed, model, C, kernel, gamma, degree, layers,
                          width, act, alpha, gen_k, gen_n, test))
    X, y, X0, edits = _points(settings, edits)
    try:
        if settings.view == "generative":
            both = gen.fit_both(X, y, settings.generative, settings.model.C, settings.split,
                                reference=X0)
            return (figures.generative_figure(X, y, both, tr, height=460),
                    figures.decision_raster(X, y, both.logreg, RASTER),
                    metric_line(SPEC.metrics(both, tr)),
                    _csv_file(points.points_to_csv(both.samples, both.sample_labels)), edits)
        result = disc.fit_and_evaluate(X, y, settings.model, settings.split, reference=X0)
    except InputError as error:
        return None, None, message(error, lang), None, edits
    return (figures.decision_figure(X, y, result, tr, height=480),
            figures.decision_raster(X, y, result, RASTER),
            metric_line(SPEC.metrics(result, tr)), None, edits)


def discriminative_click(mode, edits, view, data, n, noise, seed, model, C, kernel, gamma,
                         degree, layers, width, act, alpha, gen_k, gen_n, test,
                         evt: gr.SelectData):
    """Turn a click on the canvas (pixel coordinates) into an added or removed point."""
    if not edits:
        return edits
    settings = _settings((view, data, n, noise, seed, model, C, kernel, gamma, degree, layers,
                          width, act, alpha, gen_k, gen_n, test))
    X, y = np.asarray(edits["X"], float).reshape(-1, 2), np.asarray(edits["y"], int)
    try:  # a coarse fit: only its grid's extent is needed to place the click
        result = disc.fit_and_evaluate(X, y, settings.model, settings.split, resolution=40,
                                       reference=make_dataset(settings.dataset)[0])
    except InputError:
        return edits
    xy = figures.canvas_to_data(result, evt.index[0], evt.index[1], RASTER)
    if xy is None:  # a click on the axes' frame, not on the map
        return edits
    if mode == "remove":
        index = points.nearest_point(X, xy)
        X, y = points.remove_point(X, y, index if index is not None else -1)
    else:
        X, y = points.add_point(X, y, xy, int(mode[-1]))
    return {**edits, "X": X.tolist(), "y": y.tolist()}


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("discriminative.tab_lesson"))
    edits = gr.State(None)
    model_keys = [key for key in CONTROL_KEYS if key not in DATA_KEYS and key != "view"]
    with gr.Row():
        with gr.Column(scale=1):
            components = gradio_controls(SPEC, ["view", *DATA_KEYS])
            components |= gradio_controls(SPEC, [k for k in model_keys if not SPEC[k].secondary])
            with gr.Accordion(label("common.more_settings"), open=False):
                components |= gradio_controls(SPEC, [k for k in model_keys if SPEC[k].secondary])
        with gr.Column(scale=2):
            summary = gr.Markdown()
            plot = gr.Plot(show_label=False)
            samples = gr.File(label=label("discriminative.download_samples"))
            mode = gr.Radio([("+ 0", "add0"), ("+ 1", "add1"), ("−", "remove")], value="add0",
                            label=label("data.click_mode"))
            canvas = gr.Image(label=label("discriminative.canvas"), interactive=False,
                              height=RASTER + figures.CANVAS_PAD + figures.CANVAS_BOTTOM)
    gr.Markdown(label("discriminative.tab_notice"))
    show_when(SPEC, components)
    controls = [components[key] for key in CONTROL_KEYS]
    view_inputs = [lang, *controls, edits]
    view_outputs = [plot, canvas, summary, samples, edits]
    for component in (lang, *controls):
        component.change(discriminative_view, view_inputs, view_outputs, api_name=False)
    canvas.select(discriminative_click, [mode, edits, *controls], edits, api_name=False).then(
        discriminative_view, view_inputs, view_outputs, api_name=False)
    return discriminative_view, view_inputs, view_outputs
