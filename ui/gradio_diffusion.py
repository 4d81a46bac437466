"""Gradio tab of the 2-D diffusion page, over the same backend, figures and controls. The bundled
models answer at once; "Train" fits the current points with the chosen budget and keeps the model
in the visitor's session state."""

from __future__ import annotations

from functools import lru_cache

import gradio as gr

from playground.diffusion import figures, processes
from playground.diffusion.data import SHAPES, make_points, standardise
from playground.diffusion.model import DiffusionModel, load_bundled
from playground.diffusion.schedule import MAX_STEPS
from playground.diffusion.spec import SPEC
from playground.diffusion.training import TrainProgress, train
from playground.i18n import Translator
from ui.gradio_common import controls as gradio_controls
from ui.gradio_common import follow_maximum, label, metric_line, show_when, spec_values

CONTROL_KEYS = tuple(control.key for control in SPEC.in_tab())  # handler order
TRAIN_KEYS = ("data", "n", "noise", "seed", "schedule", "T", "iters")


@lru_cache(maxsize=len(SHAPES))
def bundled(name: str) -> DiffusionModel:
    return load_bundled(name)  # read-only once loaded: safe to share between visitors


def diffusion_view(lang, data, n, noise, seed, schedule, T, iters, t, sampler, steps, k, trained):
    """Draw the tab.

    The forward step ``t`` and the sampling ``steps`` are clamped to the schedule by the spec,
    the steps shown ``k`` to the run; ``trained`` is the session's ``{"data", "model", "losses"}`` or
    None. Returns the summary (markdown), the forward, reverse and arrow figures, and the
    training loss (None while the bundled model runs).
    """
    tr = Translator(lang)
    view = SPEC.params(spec_values(SPEC, CONTROL_KEYS, data, n, noise, seed, schedule, T, iters,
                                   t, sampler, steps))
    X = make_points(view.data)
    own = trained is not None and trained["data"] == repr(view.data)
    model = trained["model"] if own else bundled(view.data.name)
    box = figures.view_box(X, standardise(X)[1])
    T = view.schedule.n_steps
    forward = figures.forward_figure(
        X, processes.forward_points(X, view.schedule, view.step, view.seed), view.step,
        processes.snr_curves(T), view.schedule.kind, box, tr)
    result, score = processes.reverse_process(model, view.schedule, view.method, view.n_steps,
                                              view.seed, X)
    k, arrow_step = processes.shown_step(result, k if k is not None else MAX_STEPS)
    grid, directions = processes.direction_grid(model, view.schedule, arrow_step, box)
    source = (tr("diffusion.model_trained", **model.info) if own
              else tr("diffusion.model_bundled", iterations=f"{model.info['iterations']:,}"))
    explained = tr("diffusion.quality_help", noise=f"{score['noise']:.3f}")
    signal = tr("diffusion.forward_caption", **processes.signal_left(view.schedule, view.step))
    summary = f"{source}\n\n{signal}\n\n{metric_line(SPEC.metrics(score, tr))} ({explained})"
    return (summary, forward,
            figures.reverse_figure(result.trajectory, result.timesteps, X, k, box, tr, height=480),
            figures.direction_figure(grid, directions, result.trajectory[k], X, arrow_step, box,
                                     tr, height=480),
            figures.loss_figure(trained["losses"], tr) if own else None)


def diffusion_train(data, n, noise, seed, schedule, T, iters, progress=gr.Progress()):
    """Train on the current points with the chosen budget; returns the new session state."""
    view = SPEC.params(spec_values(SPEC, TRAIN_KEYS, data, n, noise, seed, schedule, T, iters))

    reported: list[TrainProgress] = []

    def report(state: TrainProgress):
        reported[:] = [state]
        progress(state.iteration / state.n_iterations, desc=f"loss {state.loss:.3f}")

    model = train(make_points(view.data), view.schedule, view.training, callback=report)
    return {"data": repr(view.data), "model": model, "losses": list(reported[-1].losses)}


def steps_shown_range(T, steps) -> dict:
    """The "sampling steps done" slider for a run of ``steps`` sampling steps out of ``T``: its
    maximum is the number of steps the sampler visits (the spec's clamp), its value the end."""
    n_steps = SPEC.params(spec_values(SPEC, ("T", "steps"), T, steps)).n_steps
    return gr.update(maximum=n_steps, value=n_steps)


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("diffusion.tab_heading"))
    gr.Markdown(label("diffusion.lesson"))
    trained = gr.State(None)
    with gr.Row():
        with gr.Column(scale=1):
            components = gradio_controls(SPEC, CONTROL_KEYS)
            shown = steps_shown_range(SPEC["T"].default, SPEC["steps"].default)
            k = gr.Slider(0, shown["maximum"], shown["value"], step=1,  # not in spec: max = run
                          label=label("diffusion.reverse_step"))
            train_button = gr.Button(label("diffusion.train"), variant="primary")
        with gr.Column(scale=2):
            summary = gr.Markdown()
            forward = gr.Plot(show_label=False)
            reverse = gr.Plot(show_label=False)
            arrows = gr.Plot(show_label=False)
            loss = gr.Plot(show_label=False)
    gr.Markdown(label("diffusion.notice"))
    show_when(SPEC, components)
    follow_maximum(SPEC, components)
    for source in ("T", "steps"):  # the run has as many steps as the sampler visits
        components[source].change(steps_shown_range, [components["T"], components["steps"]], k,
                                  api_name=False, queue=False)
    controls = [*(components[key] for key in CONTROL_KEYS), k]
    view_inputs = [lang, *controls, trained]
    view_outputs = [summary, forward, reverse, arrows, loss]
    for control in (lang, *controls):
        control.change(diffusion_view, view_inputs, view_outputs, api_name=False)
    train_button.click(diffusion_train, [components[key] for key in TRAIN_KEYS], trained,
                       api_name=False).then(diffusion_view, view_inputs, view_outputs,
                                            api_name=False)
    return diffusion_view, view_inputs, view_outputs
