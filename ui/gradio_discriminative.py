"""Gradio tab of the discriminative-models page, over the same backend and figures."""

from __future__ import annotations

import gradio as gr
import numpy as np

from playground.discriminative import model as disc
from playground import points
from playground.datasets2d import DATASETS, DatasetParams, make_dataset
from playground.errors import InputError
from playground.discriminative import figures
from playground.i18n import Translator
from ui.gradio_common import label, message

RASTER = 420  # pixels of the clickable canvas


def _params(family, C, kernel, gamma, degree, layers, width, activation, alpha, seed, test):
    model = disc.ModelParams(family=family, C=float(C), kernel=kernel, gamma=float(gamma),
                             degree=int(degree), hidden_layers=(int(width),) * int(layers),
                             activation=activation, alpha=float(alpha), seed=int(seed))
    return model, disc.SplitParams(test_fraction=float(test), seed=int(seed))


def disc_view(lang, dataset, n, noise, seed, family, C, kernel, gamma, degree, layers, width,
              activation, alpha, test, edits):
    """Fit and draw; ``edits`` is the clicked point set ``{"X": [[x, y]...], "y": [...]}`` or None.

    Returns the plotly figure, the clickable raster, a markdown summary and the (reset or kept)
    edits.
    """
    tr = Translator(lang)
    if edits and edits.get("base") == [dataset, n, noise, seed]:
        X, y = np.asarray(edits["X"], float).reshape(-1, 2), np.asarray(edits["y"], int)
    else:
        X, y = make_dataset(DatasetParams(name=dataset, n_samples=int(n), noise=float(noise),
                                          seed=int(seed)))
        edits = {"base": [dataset, n, noise, seed], "X": X.tolist(), "y": y.tolist()}
    model, split = _params(family, C, kernel, gamma, degree, layers, width, activation, alpha,
                           seed, test)
    try:
        result = disc.fit_and_evaluate(X, y, model, split)
    except InputError as error:
        return None, None, message(error, lang), edits
    summary = (f"**{tr('discriminative.train_accuracy')}**: {result.train_accuracy:.1%} · "
               f"**{tr('discriminative.test_accuracy')}**: "
               + ("–" if result.test_accuracy is None else f"{result.test_accuracy:.1%}"))
    return (figures.decision_figure(X, y, result, tr, height=480),
            figures.decision_raster(X, y, result, RASTER), summary, edits)


def disc_click(mode, edits, dataset, n, noise, seed, family, C, kernel, gamma, degree, layers,
               width, activation, alpha, test, evt: gr.SelectData):
    """Turn a click on the canvas (pixel coordinates) into an added or removed point."""
    if not edits:
        return edits
    X, y = np.asarray(edits["X"], float).reshape(-1, 2), np.asarray(edits["y"], int)
    model, split = _params(family, C, kernel, gamma, degree, layers, width, activation, alpha,
                           seed, test)
    try:
        result = disc.fit_and_evaluate(X, y, model, split, resolution=40)
    except InputError:
        return edits
    xy = figures.raster_to_data(result, evt.index[0], evt.index[1], RASTER)
    if mode == "remove":
        index = points.nearest_point(X, xy)
        X, y = points.remove_point(X, y, index if index is not None else -1)
    else:
        X, y = points.add_point(X, y, xy, int(mode[-1]))
    return {**edits, "X": X.tolist(), "y": y.tolist()}


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("discriminative.lesson"))
    edits = gr.State(None)
    with gr.Row():
        with gr.Column(scale=1):
            dataset = gr.Dropdown([(label(f"data.name.{d}"), d) for d in DATASETS[:5]], value="moons",
                                  label=label("data.source"))
            n = gr.Slider(10, 1000, 200, step=10, label=label("data.n_points"))
            noise = gr.Slider(0.0, 1.0, 0.2, step=0.05, label=label("data.noise"))
            seed = gr.Number(0, precision=0, minimum=0, maximum=999_999, label=label("common.seed"))
            family = gr.Radio([(label(f"discriminative.family.{f}"), f) for f in disc.FAMILIES], value="svm",
                              label=label("discriminative.model"))
            C = gr.Slider(0.01, 100, 1.0, label=label("discriminative.C"))
            kernel = gr.Radio([(label(f"discriminative.kernel_name.{k}"), k) for k in disc.KERNELS],
                              value="rbf", label=label("discriminative.kernel"))
            gamma = gr.Slider(0.01, 100, 1.0, label=label("discriminative.gamma"))
            degree = gr.Slider(1, 6, 3, step=1, label=label("discriminative.degree"))
            with gr.Accordion(label("common.more_settings"), open=False):
                layers = gr.Slider(1, 3, 2, step=1, label=label("discriminative.layers"))
                width = gr.Slider(2, 64, 16, step=1, label=label("discriminative.width"))
                activation = gr.Radio([(label(f"discriminative.activation_name.{a}"), a) for a in disc.ACTIVATIONS],
                                      value="relu",
                                      label=label("discriminative.activation"))
                alpha = gr.Slider(0.0, 1.0, 0.001, label=label("discriminative.alpha"))
                test = gr.Slider(0.0, 0.8, 0.3, step=0.05, label=label("discriminative.test_fraction"))
        with gr.Column(scale=2):
            summary = gr.Markdown()
            plot = gr.Plot(show_label=False)
            mode = gr.Radio([("+ 0", "add0"), ("+ 1", "add1"), ("−", "remove")], value="add0",
                            label=label("data.click_mode"))
            canvas = gr.Image(label=label("discriminative.click_help"), interactive=False, height=RASTER)
    gr.Markdown(label("discriminative.notice"))
    controls = [dataset, n, noise, seed, family, C, kernel, gamma, degree, layers, width,
                activation, alpha, test]
    view_inputs = [lang, *controls, edits]
    view_outputs = [plot, canvas, summary, edits]
    for control in (lang, *controls):
        control.change(disc_view, view_inputs, view_outputs, api_name=False)
    canvas.select(disc_click, [mode, edits, *controls], edits, api_name=False).then(
        disc_view, view_inputs, view_outputs, api_name=False)
    return disc_view, view_inputs, view_outputs
