"""Gradio tab of the two diffusion pages (2-D points and digits), over the same backend and
figures. The bundled models answer at once; "Train" fits the current points with the default
budget and keeps the model in the visitor's session state."""

from __future__ import annotations

from functools import lru_cache

import gradio as gr

from playground.diffusion import model as diff
from playground.diffusion import views
from playground.diffusion.data import SHAPES, PointsParams, make_points, to_pixels
from playground.diffusion import figures
from playground.i18n import Translator
from ui.gradio_common import label

N_DIGITS = 16


@lru_cache(maxsize=len(SHAPES) + 1)
def bundled(name: str) -> diff.DiffusionModel:
    return diff.load_bundled(name)  # read-only once loaded: safe to share between visitors


@lru_cache(maxsize=16)
def _digits(method: str, n_steps: int, seed: int):
    """The digits grid (ink values) and the first digit's denoising strip. They depend on these
    three controls only; a 1,000-step DDPM grid takes about 0.75 s (measured), too long to redo
    whenever a 2-D control moves."""
    result = diff.generate(bundled("digits"), N_DIGITS, method=method, n_steps=n_steps, seed=seed,
                           keep_trajectory=True)
    return to_pixels(result.samples), views.digit_strip(result, 0)


def _data(shape, n, noise, seed) -> PointsParams:
    return PointsParams(name=shape, n_samples=int(n), noise=float(noise), seed=int(seed))


def diffusion_view(lang, shape, n, noise, seed, kind, T, step, method, n_steps, done,
                   digits_method, digits_steps, trained):
    """Draw both halves of the tab.

    ``step`` (forward step), ``n_steps`` (sampling steps) and ``done`` (sampling steps shown)
    are clamped to the schedule; ``trained`` is the session's ``{"data": repr, "model": ...}``
    or None. Returns the forward, reverse and arrow figures, a markdown summary, the digits
    grid and the denoising strip of the first digit.
    """
    tr = Translator(lang)
    data = _data(shape, n, noise, seed)
    X = make_points(data)
    schedule = diff.ScheduleParams(kind, int(T))
    step, n_steps = min(int(step), int(T) - 1), max(2, min(int(n_steps), int(T)))
    own = trained is not None and trained["data"] == repr(data)
    model = trained["model"] if own else bundled(shape)
    box = figures.view_box(X, diff.standardise(X)[1])
    forward = figures.forward_figure(X, views.forward_points(X, schedule, step, int(seed)), step,
                                     views.snr_curves(int(T)), kind, box, tr)
    result, score = views.reverse_process(model, schedule, method, n_steps, int(seed), X)
    k = min(int(done), len(result.timesteps))
    arrow_step = int(result.timesteps[min(k, len(result.timesteps) - 1)])
    grid, directions = views.direction_grid(model, schedule, arrow_step, box)
    source = (tr("diffusion.model_trained", **model.info) if own
              else tr("diffusion.model_bundled", iterations=model.info["iterations"]))
    explained = tr("diffusion.quality_help", noise=f"{score['noise']:.3f}")
    summary = f"{source}\n\n**{tr('diffusion.quality')}**: {score['samples']:.4f} ({explained})"
    images, strip = _digits(digits_method, int(digits_steps), int(seed))
    return (forward,
            figures.reverse_figure(result.trajectory, result.timesteps, X, k, box, tr, height=480),
            figures.direction_figure(grid, directions, result.trajectory[k], X, arrow_step, box, tr,
                                     height=480),
            summary,
            figures.digit_grid(images, tr, height=300),
            figures.denoising_strip(*strip, tr))


def diffusion_train(shape, n, noise, seed, kind, T, progress=gr.Progress()):
    """Train on the current points with the default budget; returns the new session state."""
    data = _data(shape, n, noise, seed)

    def report(state: diff.TrainProgress):
        progress(state.iteration / state.n_iterations, desc=f"loss {state.loss:.3f}")

    model = diff.train(make_points(data), diff.ScheduleParams(kind, int(T)),
                       diff.TrainParams(seed=int(seed)), callback=report)
    return {"data": repr(data), "model": model}


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("diffusion.lesson"))
    trained = gr.State(None)
    with gr.Row():
        with gr.Column(scale=1):
            shape = gr.Dropdown([(label(f"diffusion.shape.{s}"), s) for s in SHAPES], value="moons",
                                label=label("diffusion.data"))
            n = gr.Slider(100, 2000, 1000, step=100, label=label("data.n_points"))
            noise = gr.Slider(0.0, 0.3, 0.05, step=0.01, label=label("data.noise"))
            seed = gr.Number(0, precision=0, minimum=0, maximum=999_999, label=label("common.seed"))
            kind = gr.Radio([(label(f"diffusion.schedule.{k}"), k) for k in diff.SCHEDULES],
                            value="cosine", label=label("diffusion.schedule_kind"))
            T = gr.Slider(diff.MIN_STEPS, diff.MAX_STEPS, 100, step=10,
                          label=label("diffusion.n_steps"))
            step = gr.Slider(0, diff.MAX_STEPS - 1, 25, step=1, label=label("diffusion.forward_step"))
            method = gr.Radio([(label(f"diffusion.sampler.{m}"), m) for m in diff.SAMPLERS],
                              value="ddpm", label=label("diffusion.sampler_label"))
            n_steps = gr.Slider(2, diff.MAX_STEPS, 100, step=1,
                                label=label("diffusion.sampling_steps"))
            done = gr.Slider(0, diff.MAX_STEPS, diff.MAX_STEPS, step=1,
                             label=label("diffusion.reverse_step"))
            train = gr.Button(label("diffusion.train"), variant="primary")
        with gr.Column(scale=2):
            summary = gr.Markdown()
            forward = gr.Plot(show_label=False)
            reverse = gr.Plot(show_label=False)
            arrows = gr.Plot(show_label=False)
    gr.Markdown(label("diffusion_digits.lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            digits_method = gr.Radio([(label(f"diffusion.sampler.{m}"), m) for m in diff.SAMPLERS],
                                     value="ddim", label=label("diffusion.sampler_label"))
            digits_steps = gr.Dropdown([5, 10, 20, 50, 100, 200, 500, 1000], value=50,
                                       label=label("diffusion_digits.steps"))
        with gr.Column(scale=2):
            grid = gr.Plot(show_label=False)
            strip = gr.Plot(show_label=False)
    gr.Markdown(label("diffusion.notice"))
    controls = [shape, n, noise, seed, kind, T, step, method, n_steps, done, digits_method,
                digits_steps]
    view_inputs = [lang, *controls, trained]
    view_outputs = [forward, reverse, arrows, summary, grid, strip]
    for control in (lang, *controls):
        control.change(diffusion_view, view_inputs, view_outputs, api_name=False)
    train.click(diffusion_train, [shape, n, noise, seed, kind, T], trained,
                api_name=False).then(diffusion_view, view_inputs, view_outputs, api_name=False)
    return diffusion_view, view_inputs, view_outputs
