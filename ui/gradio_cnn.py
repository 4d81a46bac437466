"""Gradio tab of the CNN topic: the same spec, backend and figures as the page.

Train streams one update per epoch (progress, metrics, curves) and Stop cancels it; the epochs
done are kept. The trained networks live in this process (at most :data:`KEEP`), found through
a token in the visitor's ``gr.State``: a trainer holds a lock and an optimiser, which Gradio
should not copy. The digit is a clickable picture of the 8 × 8 grid (a click toggles a pixel),
as on the page; the tab does not use ``gr.Sketchpad`` so that both apps edit digits the same way.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
import uuid
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import gradio as gr
import numpy as np
import pandas as pd

from playground.cnn import chapter, figures, views
from playground.cnn import model as cnn
from playground.cnn.data import SMALL, load_split, toggle_pixel
from playground.cnn.spec import SPEC
from playground.errors import InputError
from playground.i18n import Translator
from ui.gradio_common import controls as gradio_controls
from ui.gradio_common import label, message, metric_line, spec_values, tab_heading

CONTROL_KEYS = tuple(control.key for control in SPEC.in_tab())  # handler order
CELL = 40  # screen pixels per digit pixel in the clickable picture
KEEP = 16  # trained networks kept in the process (all visitors together)

_DOWNLOADS = tempfile.TemporaryDirectory(prefix="playground-cnn-")
_trainers: OrderedDict[str, cnn.Trainer] = OrderedDict()
_trainers_lock = threading.Lock()


def _keep(token: str, trainer: cnn.Trainer) -> None:
    with _trainers_lock:
        _trainers.pop(token, None)
        _trainers[token] = trainer
        while len(_trainers) > KEEP:
            _trainers.popitem(last=False)


def _trainer(token, params) -> cnn.Trainer | None:
    """The visitor's trainer if it was trained with ``params`` (and has done an epoch)."""
    with _trainers_lock:
        trainer = _trainers.get(token) if token else None
    if trainer is None or trainer.params != params or not trainer.epochs_done:
        return None
    return trainer


@lru_cache(maxsize=1)
def _layer_table() -> tuple:
    return tuple(cnn.layer_table(cnn.new_net(0)))  # shapes and counts: the same for any seed


def _params(args):
    return SPEC.params(spec_values(SPEC, CONTROL_KEYS, *args)), spec_values(SPEC, CONTROL_KEYS,
                                                                           *args)


def _summary(trainer, params, tr) -> str:
    if trainer is None:
        return tr("cnn.untrained")
    lines = [metric_line(SPEC.metrics(trainer, tr))]
    if not trainer.finished:
        lines.append(tr("cnn.stopped", done=trainer.epochs_done, total=params.epochs))
    elif trainer.history[-1].test_accuracy < 0.2:
        lines.append("⚠️ " + tr("cnn.chance_level", lr=params.lr,
                                optimiser=tr(f"cnn.optimiser_name.{params.optimiser}")))
    return "\n\n".join(lines)


def cnn_view(lang, epochs, lr, batch_size, optimiser, seed, test_fraction, digit, token=None,
             grid=None):
    """Everything the tab shows for the current settings and the edited digit.

    Returns the summary, the layer table, the curves, the confusion matrix, the mistakes, the
    digit's caption, its clickable picture, the prediction, the feature maps, the fully connected
    layers, the (kept or reset) grid state and the path of the training curves' CSV.
    """
    tr = Translator(lang)
    try:
        params, values = _params((epochs, lr, batch_size, optimiser, seed, test_fraction, digit))
    except (InputError, ValueError) as error:
        text = message(error if isinstance(error, InputError) else InputError("cnn.err_setting"),
                       lang)
        return (text, None, None, None, None, "", None, "", None, None, grid, None)
    trainer = _trainer(token, params)
    data = trainer.data if trainer else load_split(params.test_fraction, params.seed)
    position = values["digit"]
    base, true_label = views.pick_test_digit(data, position)
    signature = [params.test_fraction, params.seed, position]
    if not grid or grid.get("base") != signature:
        grid = {"base": signature, "grid": base.tolist()}
    pixels = np.asarray(grid["grid"], dtype=float).reshape(SMALL, SMALL)
    edits = int((pixels != base).sum())
    caption = (tr("cnn.digit_edited", position=position, label=true_label, edits=edits) if edits
               else tr("cnn.digit_caption", position=position, label=true_label))
    table = pd.DataFrame(figures.layer_rows(list(_layer_table()), tr))
    curves = confusion = mistakes = csv = wrong = None
    if trainer is not None:
        rows = figures.history_csv(trainer.history)
        name = f"cnn-training-{hashlib.sha1(rows).hexdigest()[:16]}.csv"  # named by content
        (Path(_DOWNLOADS.name) / name).write_bytes(rows)
        csv = str(Path(_DOWNLOADS.name) / name)
        evaluation = trainer.evaluate()
        curves = figures.curves_figure(trainer.history, tr)
        confusion = figures.confusion_figure(evaluation.confusion, tr)
        images, captions, total = views.mistakes(data, evaluation)
        mistakes = figures.digit_gallery(images, captions, tr)
        wrong = tr("cnn.wrong", n=len(images), total=total)
    net = trainer.net if trainer is not None else cnn.new_net(params.seed)
    try:
        if trainer is not None:
            with trainer.lock:
                arrays, probabilities = views.look_inside(net, pixels)
        else:
            arrays, probabilities = views.look_inside(net, pixels)
    except InputError as error:
        prediction, maps, dense = message(error, lang), None, None
    else:
        best = int(probabilities.argmax())
        prediction = tr("cnn.prediction", digit=best, confidence=float(probabilities[best]))
        if trainer is None:
            prediction += " " + tr("cnn.prediction_untrained")
        maps = figures.feature_maps_figure(arrays, tr)
        dense = figures.dense_figure(arrays, probabilities, tr)
    summary = _summary(trainer, params, tr) + (f"\n\n{wrong}" if wrong else "")
    return (summary, table, curves, confusion, mistakes, caption,
            figures.pixel_raster(pixels, CELL), prediction, maps, dense, grid, csv)


def cnn_train(lang, epochs, lr, batch_size, optimiser, seed, test_fraction, digit, token):
    """Train (or continue a stopped run) one epoch at a time, streaming the token, the summary
    and the curves after each epoch."""
    tr = Translator(lang)
    try:
        params, _ = _params((epochs, lr, batch_size, optimiser, seed, test_fraction, digit))
    except (InputError, ValueError) as error:
        error = error if isinstance(error, InputError) else InputError("cnn.err_setting")
        yield token, message(error, lang), None
        return
    with _trainers_lock:
        trainer = _trainers.get(token) if token else None
    if trainer is None or trainer.params != params or trainer.finished:
        trainer = cnn.Trainer(params)
    token = token or uuid.uuid4().hex
    _keep(token, trainer)
    # The token first, so that a Stop during the first epoch still finds the trainer.
    yield token, tr("cnn.progress_start", done=trainer.epochs_done, total=params.epochs), None
    while not trainer.finished:
        report = trainer.run_epoch()
        progress = tr("cnn.progress", epoch=report.epoch, total=params.epochs, loss=report.loss,
                      accuracy=report.test_accuracy)
        yield token, progress, figures.curves_figure(trainer.history, tr)


def cnn_click(grid, evt: gr.SelectData):
    """A click on the digit's picture toggles the pixel under it."""
    if not grid or evt is None or evt.index is None:
        return grid
    x, y = evt.index[:2]
    pixels = toggle_pixel(np.asarray(grid["grid"], dtype=float), int(y) // CELL, int(x) // CELL)
    return {**grid, "grid": pixels.tolist()}


def cnn_clear(grid):
    return {**grid, "grid": np.zeros((SMALL, SMALL)).tolist()} if grid else grid


def cnn_reset(grid):
    return {**grid, "base": None} if grid else grid  # the next view reloads the test digit


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    tab_heading("cnn")
    gr.Markdown(label("cnn.tab_lesson"))
    token, grid = gr.State(None), gr.State(None)
    with gr.Accordion(label("cnn.network"), open=False):
        with gr.Row():
            gr.Code(str(cnn.new_net(0)), language=None, label=label("cnn.printed"))
            table = gr.Dataframe(interactive=False, label=label("cnn.network"))
        with gr.Accordion(label("cnn.chapter_run"), open=False):
            with gr.Row():
                gr.Code(chapter.LISTING, language="python", label=label("cnn.chapter_listing"))
                with gr.Column():
                    gr.Markdown(label("cnn.book_output_none") if chapter.BOOK_OUTPUT is None
                                else chapter.BOOK_OUTPUT)
                    gr.Code(chapter.run_listing(), language=None,
                            label=label("cnn.machine_printed"))
    with gr.Row():
        with gr.Column(scale=1):
            components = gradio_controls(SPEC, CONTROL_KEYS)
            with gr.Row():
                train = gr.Button(label("cnn.train"), variant="primary")
                stop = gr.Button(label("cnn.stop"))
        with gr.Column(scale=2):
            summary = gr.Markdown()
            curves = gr.Plot(show_label=False)
            with gr.Row():
                confusion = gr.Plot(show_label=False)
                mistakes = gr.Plot(show_label=False)
            download = gr.File(label=label("cnn.download_history"))
    gr.Markdown(label("cnn.tab_inside"))
    with gr.Row():
        with gr.Column(scale=1):
            caption = gr.Markdown()
            picture = gr.Image(interactive=False, show_label=False, height=8 * CELL,
                               buttons=[])
            gr.Markdown(label("cnn.edit_help"))
            with gr.Row():
                reset = gr.Button(label("cnn.edit_reset"))
                clear = gr.Button(label("cnn.edit_clear"))
        with gr.Column(scale=2):
            prediction = gr.Markdown()
            maps = gr.Plot(show_label=False)
            dense = gr.Plot(show_label=False)
    gr.Markdown(label("cnn.tab_notice"))
    controls = [components[key] for key in CONTROL_KEYS]
    inputs = [lang, *controls, token, grid]
    outputs = [summary, table, curves, confusion, mistakes, caption, picture, prediction, maps,
               dense, grid, download]
    for control in (lang, *controls):
        control.change(cnn_view, inputs, outputs, api_name=False)
    running = train.click(cnn_train, [lang, *controls, token], [token, summary, curves],
                          api_name=False)
    running.then(cnn_view, inputs, outputs, api_name=False)
    stop.click(None, None, None, cancels=[running], api_name=False).then(
        cnn_view, inputs, outputs, api_name=False)
    picture.select(cnn_click, grid, grid, api_name=False).then(cnn_view, inputs, outputs,
                                                               api_name=False)
    clear.click(cnn_clear, grid, grid, api_name=False).then(cnn_view, inputs, outputs,
                                                            api_name=False)
    reset.click(cnn_reset, grid, grid, api_name=False).then(cnn_view, inputs, outputs,
                                                            api_name=False)
    return cnn_view, inputs, outputs
