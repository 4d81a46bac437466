"""Gradio tab of the digits page, over the same backend, figures and controls: new digits from
the bundled diffusion model, one digit's denoising step by step, and the samplers compared."""

from __future__ import annotations

import threading
from functools import lru_cache

import gradio as gr

from playground.diffusion_digits import figures
from playground.diffusion_digits.model import (N_IMAGES, digits_comparison, generate_grid,
                                               load_model, n_parameters)
from playground.diffusion_digits.spec import SPEC
from playground.i18n import Translator
from ui.gradio_common import controls as gradio_controls
from ui.gradio_common import label, spec_values

CONTROL_KEYS = tuple(control.key for control in SPEC.in_tab())  # handler order
_load_lock = threading.Lock()


@lru_cache(maxsize=1)
def _model():
    return load_model()  # read-only once loaded: safe to share between visitors


def digits_model():
    with _load_lock:  # visitors arriving together load it once
        return _model()


@lru_cache(maxsize=16)
def _grid(method: str, n_steps: int, seed: int):
    """Grid and strips depend on these three controls only (a 1,000-step DDPM grid takes about
    0.75 s, measured): moving "image to follow" redraws without sampling again."""
    return generate_grid(digits_model(), method, n_steps, seed)


@lru_cache(maxsize=8)
def _comparison(seed: int):
    return digits_comparison(digits_model(), seed=seed)


def diffusion_digits_view(lang, sampler, steps, seed, follow):
    """The model line and grid caption (markdown), the grid of new digits, the followed digit's
    denoising strip and the samplers' comparison from the same starting noise."""
    tr = Translator(lang)
    view = SPEC.params(spec_values(SPEC, CONTROL_KEYS, sampler, steps, seed, follow))
    model = digits_model()
    images, strips, seconds = _grid(view.method, view.n_steps, view.seed)
    summary = "\n\n".join([
        tr("diffusion_digits.model_status", iterations=f"{model.info['iterations']:,}",
           params=f"{n_parameters(model):,}"),
        tr("diffusion_digits.grid_caption", n=N_IMAGES, steps=view.n_steps, seconds=seconds,
           sampler=tr(f"diffusion.sampler.{view.method}")),
        tr("diffusion_digits.strip_caption", n=view.follow),
        tr("diffusion_digits.compare_caption", seed=view.seed)])
    return (summary, figures.digit_grid(images, tr, height=300, follow=view.follow),
            figures.denoising_strip(*strips[view.follow - 1], tr),
            figures.comparison_grid(_comparison(view.seed), tr))


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("diffusion_digits.tab_heading"))
    gr.Markdown(label("diffusion_digits.lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            components = gradio_controls(SPEC, CONTROL_KEYS)
        with gr.Column(scale=2):
            summary = gr.Markdown()
            grid = gr.Plot(show_label=False)
            strip = gr.Plot(show_label=False)
    gr.Markdown(label("diffusion_digits.compare"))
    compare = gr.Plot(show_label=False)
    gr.Markdown(label("diffusion_digits.notice"))
    inputs = [lang, *(components[key] for key in CONTROL_KEYS)]
    outputs = [summary, grid, strip, compare]
    for control in inputs:
        control.change(diffusion_digits_view, inputs, outputs, api_name=False)
    return diffusion_digits_view, inputs, outputs
