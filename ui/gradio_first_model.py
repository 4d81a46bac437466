"""Gradio tab of the first model (y = Wx + b, §1.1.2), over the same backend and figures as the
page. Training runs when a setting or a point changes; the fit chart plays the recorded epochs in
the browser (its own Play / Stop); the chapter's listing runs on demand, streaming its elapsed
time."""

from __future__ import annotations

import threading
import time

import gradio as gr
import pandas as pd

from playground.errors import InputError
from playground.first_model import chapter, figures
from playground.first_model import model as fm
from playground.first_model.snippet import code_snippet
from playground.first_model.spec import SPEC
from playground.first_model.store import RunStore
from playground.i18n import Translator
from ui.gradio_common import controls as gradio_controls
from ui.gradio_common import label, message, metric_line, spec_values

CONTROL_KEYS = ("epochs", "lr", "optimizer", "seed", "noise")  # handler order
_RUNS = RunStore(capacity=64)  # finished runs, shared by the tab's visitors


def _runs(points: fm.Points, params: fm.FitParams) -> tuple[fm.History, fm.History]:
    """The Keras run and its PyTorch twin for these settings, trained once."""
    found = _RUNS.get((points, params))
    if found is None:
        from playground.first_model import keras_fit, torch_twin  # TensorFlow, torch

        keras = keras_fit.train(points, params)
        found = (keras, torch_twin.train(points, params, keras.w0, keras.b0))
        _RUNS.put((points, params), found)
    return found


def _rows(table) -> list:
    if table is None:
        return []
    frame = pd.DataFrame(table)
    if frame.shape[1] < 2:
        return []
    return [tuple(row[:2]) for row in frame.itertuples(index=False)]


def _figures(points, params, epoch, tr):
    keras, twin = _runs(points, params)
    x, y = fm.training_data(points, params)
    optimum = fm.closed_form(x, y)
    return (figures.fit_figure(x, y, keras, epoch, optimum, tr, twin, animate=True),
            figures.loss_figure(keras, epoch, tr, twin),
            figures.weights_figure(keras, epoch, optimum, tr, twin))


def first_model_view(lang, epochs, lr, optimizer, seed, noise, table):
    """Train (or look up) the run for these settings and draw it at its last epoch.

    Returns the summary, the three training figures, the epoch slider, the "why not 19" text
    and figure, the code and the environment note.
    """
    tr = Translator(lang)
    params = SPEC.params(spec_values(SPEC, CONTROL_KEYS, epochs, lr, optimizer, seed, noise))
    try:
        points = fm.points_from_rows(_rows(table))
    except InputError as error:
        empty = gr.update()
        return (message(error, lang), empty, empty, empty, gr.update(), empty, empty,
                code_snippet(fm.Points(), params), environment_text(tr))
    keras, twin = _runs(points, params)
    x, y = fm.training_data(points, params)
    optimum = fm.closed_form(x, y)
    bend = fm.curvature(x)
    notes = [metric_line(SPEC.metrics(keras, tr))]
    if keras.diverged:
        notes.insert(0, "⚠️ " + tr("first_model.diverged", epoch=keras.diverged_at,
                                   limit=f"{bend.lr_limit:.3g}"))
    else:
        notes.append(tr("first_model.twin_text", w0=f"{keras.w0:.6f}", b0=f"{keras.b0:g}",
                        keras=f"{keras.predict():.6f}", torch=f"{twin.predict():.6f}",
                        gap=f"{abs(keras.predict() - twin.predict()):.1e}"))
    notes.append(tr("first_model.timing", keras=f"{keras.seconds:.2f}",
                    torch=f"{twin.seconds:.2f}", epochs=params.epochs))
    target = optimum[0] * fm.QUERY_X + optimum[1]
    why = tr("first_model.why_text", lmin=f"{bend.lambda_min:.3f}", lmax=f"{bend.lambda_max:.2f}",
             limit=f"{bend.lr_limit:.3f}", lr=f"{params.learning_rate:g}", epochs=params.epochs,
             left=f"{bend.remainder(params.learning_rate, params.epochs):.2%}",
             w=f"{optimum[0]:.4f}", b=f"{optimum[1]:.4f}", target=f"{target:.4f}",
             seed=fm.DEFAULT_SEED)
    grid, ends = fm.start_sensitivity(x, y, params)
    current = None if keras.diverged else (keras.w0, keras.predict())
    last = keras.epochs_done
    return ("\n\n".join(notes), *_figures(points, params, last, tr),
            gr.update(maximum=max(last, 1), value=last), why,
            figures.start_figure(grid, ends, current, target, tr, show_book=points.is_chapter),
            code_snippet(points, params), environment_text(tr))


def environment_text(tr: Translator) -> str:
    """§1.1.1 in a few lines: the chapter's versions and the pins read from requirements.txt."""
    header = [tr(f"first_model.env_{k}") for k in ("tool", "chapter", "pinned", "installed")]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in chapter.version_rows()]
    return "\n\n".join([tr("first_model.env_text"), "\n".join(lines),
                         tr("first_model.env_caption")])


def first_model_epoch(lang, epochs, lr, optimizer, seed, noise, table, epoch):
    """The three training figures at another epoch of the same run."""
    params = SPEC.params(spec_values(SPEC, CONTROL_KEYS, epochs, lr, optimizer, seed, noise))
    try:
        points = fm.points_from_rows(_rows(table))
    except InputError:
        return gr.update(), gr.update(), gr.update()
    return _figures(points, params, int(epoch or 0), Translator(lang))


def first_model_chapter_run(lang):
    """Run the chapter's listing as printed, streaming the elapsed time, then what it printed."""
    tr = Translator(lang)
    yield tr("first_model.chapter_running")
    started = time.perf_counter()
    process_result: dict = {}
    worker = threading.Thread(target=lambda: process_result.update(run=chapter.run_listing()))
    worker.start()
    while worker.is_alive():
        worker.join(timeout=1.0)
        yield tr("first_model.chapter_elapsed", seconds=f"{time.perf_counter() - started:.0f}")
    run = process_result.get("run")
    if run is None:
        yield tr("first_model.chapter_timeout")
        return
    parts = [tr("first_model.book_printed"), f"```\n{chapter.BOOK_OUTPUT}\n```",
             tr("first_model.machine_printed", seconds=f"{run.seconds:.1f}"),
             f"```\n{run.output or '-'}\n```"]
    if run.error_line:
        parts.append("⚠️ " + tr("first_model.chapter_error", error=run.error_line))
    if run.needed_fix:
        parts.append(tr("first_model.chapter_fix"))
    if run.printed_result:
        parts.append(tr("first_model.chapter_compare", book=chapter.BOOK_OUTPUT,
                        here=run.printed_result))
    yield "\n\n".join(parts)


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("first_model.tab_lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            controls = gradio_controls(SPEC, CONTROL_KEYS)
            table = gr.Dataframe(pd.DataFrame(fm.Points().rows()), headers=["x", "y"],
                                 datatype=["number", "number"], interactive=True,
                                 label=label("first_model.tab_points"))
            reset = gr.Button(label("first_model.reset_points"))
        with gr.Column(scale=2):
            summary = gr.Markdown()
            fit = gr.Plot(show_label=False)
            last = fm.FitParams().epochs
            epoch = gr.Slider(0, last, value=last, step=1,  # not in spec: range follows the run
                              label=label("first_model.epoch"))
            gr.Markdown(label("first_model.play_help"))
            with gr.Row():
                loss = gr.Plot(show_label=False)
                weights = gr.Plot(show_label=False)
    with gr.Accordion(label("first_model.why_title"), open=False):
        why = gr.Markdown()
        start = gr.Plot(show_label=False)
    with gr.Accordion(label("first_model.env_title"), open=False):
        environment = gr.Markdown()
        gr.Code("python -m pip install -r requirements.txt", language="shell")
    with gr.Accordion(label("first_model.chapter_title"), open=False):
        gr.Markdown(label("first_model.chapter_intro"))
        gr.Code(chapter.LISTING, language="python")
        run_chapter = gr.Button(label("first_model.chapter_run"))
        chapter_output = gr.Markdown()
    with gr.Accordion(label("common.show_code"), open=False):
        code = gr.Code(language="python")
    gr.Markdown(label("first_model.tab_notice"))

    settings = [lang, *(controls[key] for key in CONTROL_KEYS), table]
    view_outputs = [summary, fit, loss, weights, epoch, why, start, code, environment]
    for component in settings:
        component.change(first_model_view, settings, view_outputs, api_name=False)
    reset.click(lambda: pd.DataFrame(fm.Points().rows()), None, table, api_name=False)
    epoch.release(first_model_epoch, [*settings, epoch], [fit, loss, weights], api_name=False)
    run_chapter.click(first_model_chapter_run, [lang], chapter_output, api_name=False)
    return first_model_view, settings, view_outputs
