"""Gradio tab of the GAN lab: the same spec, backend and figures as the page.

"Train N steps" streams a frame after every short chunk of training and Stop cancels it; "Step"
makes one move (update D, then update G); "Reset" starts over; changing a setting starts a new
run. The runs live in this process (at most :data:`KEEP`), found through a token in the
visitor's ``gr.State``: a trainer holds torch optimisers, which Gradio should not copy. The tab
offers the generated shapes only (drawing points by clicking is the page's).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict

import gradio as gr

from playground.errors import InputError
from playground.gan import figures, views
from playground.gan.compare import compare
from playground.gan.data import check_data, make_data
from playground.gan.model import GanTrainer
from playground.gan.spec import SPEC, preset_settings
from playground.i18n import Translator
from ui.gradio_common import controls as gradio_controls
from ui.gradio_common import label, message, metric_line, show_when, spec_values

CONTROL_KEYS = tuple(control.key for control in SPEC.in_tab())  # handler order
KEEP = 16  # runs kept in the process (all visitors together)
CHUNK_SECONDS = 0.3  # training between two streamed frames

_runs: OrderedDict[str, dict] = OrderedDict()
_runs_lock = threading.Lock()  # guards the dictionary only, never a training run


def _view(args):
    return SPEC.params(spec_values(SPEC, CONTROL_KEYS, *args))


def _run(token: str | None, view) -> tuple[str, dict]:
    """The visitor's run for these settings (a new one, at step 0, when they changed)."""
    token = token or uuid.uuid4().hex
    key = repr((view.data, view.gan))
    with _runs_lock:
        run = _runs.get(token)
        if run is None or run["key"] != key:
            X = check_data(make_data(view.data))
            run = {"key": key, "X": X, "trainer": GanTrainer(X, view.gan),
                   "box": views.view_box(X)}
        _runs.pop(token, None)
        _runs[token] = run
        while len(_runs) > KEEP:
            _runs.popitem(last=False)
    return token, run


def _frame(run: dict, view, tr: Translator, note: str = ""):
    """Summary (markdown), game figure and loss figure of the run's current state."""
    trainer = run["trainer"]
    snap = views.snapshot(trainer, run["X"], run["box"], ring=view.data.name == "ring8")
    lines = [metric_line(SPEC.metrics(snap, tr))]
    if view.preset != "custom":
        lines.append(tr("gan.preset_caption", settings=preset_settings(view.preset, tr)))
    lines += [("⛔ " if name in ("nan_loss", "exploding_weights") else "⚠️ ")
              + tr(f"gan.state.{name}", step=snap.step) for name in snap.diagnoses]
    if views.reached_target(snap):
        lines.append("✅ " + tr("gan.target_reached", modes=snap.coverage.n_modes,
                                off=snap.coverage.off_mode, energy=snap.energy))
    if not trainer.diverged:
        lines.append(note or tr(f"gan.next_move.{snap.phase}"))
    return ("\n\n".join(lines), figures.game_figure(snap, run["box"], snap.scale, tr),
            figures.loss_figure(snap.history, view.gan.loss, tr))


def gan_view(lang, preset, data, n, loss, lr_d, lr_g, d_steps, noise_dim, n_steps, optimiser,
             r1_gamma, hidden, batch, seed, budget, token=None):
    """Draw the visitor's run for the current settings (without training).

    Returns the summary, the game figure, the loss figure and the token of the run.
    """
    tr = Translator(lang)
    view = _view((preset, data, n, loss, lr_d, lr_g, d_steps, noise_dim, n_steps, optimiser,
                  r1_gamma, hidden, batch, seed, budget))
    try:
        token, run = _run(token, view)
    except InputError as error:
        return message(error, lang), None, None, token
    return (*_frame(run, view, tr), token)


def gan_train(lang, *args):
    """Train up to "steps per Play" steps, streaming a frame after every chunk (Stop cancels)."""
    *values, token = args
    tr, view = Translator(lang), _view(values)
    token, run = _run(token, view)
    trainer, target = run["trainer"], run["trainer"].step + view.gan.n_steps
    while trainer.step < target and not trainer.diverged:
        trainer.train(target - trainer.step, time_limit=CHUNK_SECONDS)
        note = tr("gan.running", step=trainer.step, target=target,
                  seconds=trainer.history.seconds)
        yield (*_frame(run, view, tr, note), token)
        time.sleep(0.01)  # let a Stop click through between chunks
    yield (*_frame(run, view, tr), token)


def gan_step(lang, *args):
    """One move: update D or update G, whichever comes next."""
    *values, token = args
    view = _view(values)
    token, run = _run(token, view)
    run["trainer"].move()
    return (*_frame(run, view, Translator(lang)), token)


def gan_reset(lang, *args):
    *values, token = args
    view = _view(values)
    token, run = _run(token, view)
    run["trainer"] = GanTrainer(run["X"], view.gan)
    return (*_frame(run, view, Translator(lang)), token)


def gan_compare(lang, *values, progress=gr.Progress()):
    """GAN vs diffusion on the current data with "training time for each" seconds apiece."""
    tr, view = Translator(lang), _view(values)
    try:
        X = check_data(make_data(view.data))
    except InputError as error:
        return None, message(error, lang)
    results = compare(X, view.gan, view.budget, ring=view.data.name == "ring8",
                      report=lambda model, done: progress(
                          done, desc=tr(f"gan.compare.{model}")))
    rows = figures.compare_rows(results, tr)
    header = "| " + " | ".join(rows[0]) + " |\n|" + "---|" * len(rows[0]) + "\n"
    table = header + "\n".join("| " + " | ".join(str(v) for v in row.values()) + " |"
                               for row in rows)
    return (figures.compare_figure(X, results, views.view_box(X), tr),
            table + "\n\n" + tr("gan.compare.caption"))


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("gan.tab_heading"))
    gr.Markdown(label("gan.tab_lesson"))
    token = gr.State(None)
    with gr.Row():
        with gr.Column(scale=1):
            components = gradio_controls(SPEC, CONTROL_KEYS)
        with gr.Column(scale=2):
            with gr.Row():
                train = gr.Button(label("gan.train_n"), variant="primary")
                stop = gr.Button(label("gan.pause"))
                step = gr.Button(label("gan.step"))
                reset = gr.Button(label("gan.reset"))
            summary = gr.Markdown()
            game = gr.Plot(show_label=False)
            losses = gr.Plot(show_label=False)
    gr.Markdown(label("gan.compare.heading"))
    gr.Markdown(label("gan.compare.intro"))
    race = gr.Button(label("gan.compare.run"))
    race_plot = gr.Plot(show_label=False)
    race_table = gr.Markdown()
    gr.Markdown(label("gan.tab_notice"))
    show_when(SPEC, components)
    controls = [components[key] for key in CONTROL_KEYS]
    inputs = [lang, *controls, token]
    outputs = [summary, game, losses, token]
    for control in (lang, *controls):
        if control is not components["budget"]:
            control.change(gan_view, inputs, outputs, api_name=False)
    running = train.click(gan_train, inputs, outputs, api_name=False)
    stop.click(None, None, None, cancels=[running], api_name=False)
    step.click(gan_step, inputs, outputs, api_name=False)
    reset.click(gan_reset, inputs, outputs, api_name=False)
    race.click(gan_compare, [lang, *controls], [race_plot, race_table], api_name=False)
    return gan_view, inputs, outputs
