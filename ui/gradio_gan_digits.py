"""Gradio tab of the GAN digits page, over the same backend, figures and controls.

Every control redraws at once (the GAN takes milliseconds; the diffusion half at most 200 steps,
about a second for 128 digits). A CSV of the compared pixels is offered as a file.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import gradio as gr

from playground.errors import InputError
from playground.gan_digits import figures, views
from playground.gan_digits import model as gan
from playground.gan_digits.spec import SPEC
from playground.i18n import Translator
from ui.gradio_common import controls as gradio_controls
from ui.gradio_common import label, message, metric_line, spec_values

CONTROL_KEYS = tuple(control.key for control in SPEC.in_tab())  # handler order
_DOWNLOADS = tempfile.TemporaryDirectory(prefix="playground-gan-digits-")
_load_lock = threading.Lock()


@lru_cache(maxsize=1)
def _generator() -> gan.GanModel:
    return gan.load_model()  # read-only once loaded: safe to share between visitors


@lru_cache(maxsize=1)
def _diffusion():
    return views.load_diffusion_digits()


def _models():
    with _load_lock:  # visitors arriving together load each model once
        return _generator(), _diffusion()


def gan_digits_view(lang, count, seed, start, end, frames, path, sampler, diffusion_steps):
    """Grid, walk and comparison of the current settings.

    Returns a markdown summary, the grid, the walk, the GAN and diffusion grids side by side,
    the comparison table, the class histogram and the path of a CSV of the compared pixels.
    """
    tr = Translator(lang)
    try:
        params = SPEC.params(spec_values(SPEC, CONTROL_KEYS, count, seed, start, end, frames,
                                         path, sampler, diffusion_steps))
        model, diffusion = _models()
    except (InputError, ValueError) as error:  # ValueError: a value outside a control's range
        error = error if isinstance(error, InputError) else InputError("gan_digits.err_setting",
                                                                      reason=str(error))
        return message(error, lang), None, None, None, None, None, None
    sets = views.comparison(model, diffusion, params)
    images, readings = views.walk(model, params)
    summary = (tr("gan_digits.model_status", iterations=model.info.get("iterations", "?"),
                  params=f"{sum(p.numel() for p in model.generator.parameters()):,}")
               + "\n\n" + metric_line(SPEC.metrics(sets[0], tr)))
    data = views.pixels_csv(sets, params.seed)
    csv = Path(_DOWNLOADS.name) / f"gan-digits-{hashlib.sha1(data).hexdigest()[:16]}.csv"
    csv.write_bytes(data)
    return (summary, figures.digit_grid(sets[0], tr),
            figures.walk_strip(images, readings, params.start, params.end, tr),
            figures.side_by_side(sets, tr), figures.comparison_table(sets, tr),
            figures.class_histogram(sets, tr), str(csv))


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("gan_digits.tab_lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            components = gradio_controls(SPEC, CONTROL_KEYS)
        with gr.Column(scale=3):
            summary = gr.Markdown()
            grid = gr.Plot(show_label=False)
            gr.Markdown(label("gan_digits.tab_walk"))
            walk = gr.Plot(show_label=False)
    gr.Markdown(label("gan_digits.compare_lesson"))
    compare = gr.Plot(show_label=False)
    table = gr.Dataframe(label=label("gan_digits.table_help"), interactive=False)
    histogram = gr.Plot(show_label=False)
    download = gr.File(label=label("gan_digits.download_compare"))
    gr.Markdown(label("gan_digits.tab_notice"))
    inputs = [lang, *(components[key] for key in CONTROL_KEYS)]
    outputs = [summary, grid, walk, compare, table, histogram, download]
    for control in inputs:
        control.change(gan_digits_view, inputs, outputs, api_name=False)
    return gan_digits_view, inputs, outputs
