"""Streamlit parts of the GAN lab particular to it: the run kept in the session, the transport
buttons (play, pause, step, stop and reset), the live view and the GAN-vs-diffusion race.

Live training runs inside an ``st.fragment`` that reruns itself every FRAME_SECONDS while
playing. Each run trains for at most CHUNK_SECONDS, then draws: any click (Pause, a slider)
reruns the page and interrupts at the next drawing call, so training stops at once, and no
session ever holds a lock or a core for longer than one chunk.
"""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from playground.gan import figures, views
from playground.gan.compare import compare
from playground.gan.model import GanTrainer
from playground.gan.spec import SPEC
from playground.points import points_to_csv
from ui import common, data2d
from ui.common import t

NS = "gan"
CHUNK_SECONDS = 0.25  # training per frame: short, so a click is answered within it
FRAME_SECONDS = 0.4  # a new frame this often while playing
LAYERS = ("heat", "manifold", "arrows")


def current_run(X: np.ndarray | None, data_key: str, view) -> dict:
    """The session's run for these data and settings; a new one (paused at step 0) when either
    changed. ``{"key", "trainer" (None without valid data), "running", "target"}``."""
    fingerprint = ("none" if X is None
                   else hashlib.sha1(np.ascontiguousarray(X).tobytes()).hexdigest())
    key = (data_key, fingerprint, repr(view.gan))
    run = st.session_state.get(f"{NS}_run")
    if run is None or run["key"] != key:
        run = {"key": key, "trainer": None if X is None else GanTrainer(X, view.gan),
               "running": False, "target": view.gan.n_steps}
        st.session_state[f"{NS}_run"] = run
    return run


def _play(run: dict, budget: int) -> None:
    if run["trainer"].step >= run["target"]:
        run["target"] = run["trainer"].step + budget
    run["running"] = True


def _pause(run: dict) -> None:
    run["running"] = False


def _step(run: dict) -> None:
    run["running"] = False
    run["trainer"].move()


def _reset(run: dict, X, params) -> None:
    run.update(trainer=GanTrainer(X, params), running=False, target=params.n_steps)


def transport(run: dict, X, view) -> None:
    """Play, Pause, Step and Stop-and-reset. Their callbacks run before the page does, so the
    buttons are drawn in the state they create; any click also interrupts a training chunk at
    once (Streamlit stops the running script at its next drawing call)."""
    trainer = run["trainer"]
    idle = trainer is None or trainer.diverged
    play, pause, step, reset = st.columns(4)
    play.button(t("gan.play"), key=f"{NS}_play", type="primary", icon=":material/play_arrow:",
                disabled=idle or run["running"], width="stretch", on_click=_play,
                args=(run, view.gan.n_steps))
    pause.button(t("gan.pause"), key=f"{NS}_pause", icon=":material/pause:",
                 disabled=not run["running"], width="stretch", on_click=_pause, args=(run,))
    step.button(t("gan.step"), key=f"{NS}_step", icon=":material/skip_next:",
                help=t("gan.step_help"), disabled=idle, width="stretch", on_click=_step,
                args=(run,))
    reset.button(t("gan.reset"), key=f"{NS}_restart", icon=":material/stop:",
                 disabled=trainer is None, width="stretch", on_click=_reset,
                 args=(run, X, view.gan))


def _status(run: dict, snap) -> None:
    trainer = run["trainer"]
    for name in snap.diagnoses:
        text = t(f"gan.state.{name}", step=snap.step)
        if name in ("nan_loss", "exploding_weights"):
            st.error(text, icon=":material/error:")
        else:
            st.warning(text, icon="⚠️")
    if views.reached_target(snap):
        st.success(t("gan.target_reached", modes=snap.coverage.n_modes,
                     off=snap.coverage.off_mode, energy=snap.energy), icon=":material/check:")
    if trainer.diverged:
        return
    if run["running"]:
        st.caption(t("gan.running", step=snap.step, target=run["target"], seconds=snap.seconds))
    elif snap.step == 0 and snap.phase == "d":
        st.caption(t("gan.not_started"))
    else:
        st.caption(t("gan.paused", step=snap.step, seconds=snap.seconds))
    if not run["running"]:
        st.markdown(t(f"gan.next_move.{snap.phase}"))


def live_view(run: dict, X: np.ndarray, view, box, layers, click_mode: str | None) -> None:
    """Train one chunk when playing, then draw the frame; reruns itself while playing."""

    @st.fragment(run_every=FRAME_SECONDS if run["running"] else None)
    def frame():
        trainer = run["trainer"]
        if run["running"]:
            trainer.train(max(run["target"] - trainer.step, 0), time_limit=CHUNK_SECONDS)
            if trainer.step >= run["target"] or trainer.diverged:
                run["running"] = False
                st.rerun(scope="app")  # redraw the buttons and stop the timer
        tr = common.tr()
        snap = views.snapshot(trainer, X, box, ring=view.data.name == "ring8")
        _status(run, snap)
        draw(snap, box, layers, click_mode, tr)  # the main figure first, then the numbers
        common.metric_row(SPEC.metrics(snap, tr))
        st.caption(t("gan.metric.energy_help"))
        common.plotly_chart(figures.loss_figure(snap.history, view.gan.loss, tr),
                            key=f"{NS}_losses", filename=f"gan-losses-{snap.step}")
        if not run["running"]:  # a file made for every frame would be gone before a click
            labels = ["real"] * len(X) + ["fake"] * len(snap.fake)
            common.csv_download(points_to_csv(np.vstack([X, snap.fake]), labels),
                                filename="gan-points.csv", key=f"{NS}_points_csv",
                                label_key="gan.download")

    frame()


def draw(snap, box, layers, click_mode: str | None, tr) -> None:
    """The game figure; clickable (a click adds or removes a real point) when ``click_mode``."""
    fig = figures.game_figure(snap, box, snap.scale, tr, show=tuple(layers),
                              clickable=click_mode is not None)
    options = {"on_select": "rerun", "selection_mode": "points"} if click_mode else {}
    event = common.plotly_chart(fig, key=f"{NS}_game", filename=f"gan-step-{snap.step}",
                                **options)
    if "arrows" in layers and len(snap.fake):
        st.caption(t("gan.arrows_caption"))
    if click_mode:
        data2d.apply_click(NS, event, click_mode)


def race(X: np.ndarray, view, budget: float, data_key: str) -> None:
    """GAN vs diffusion with the same training time, run on request, with a Stop button."""
    key = (data_key, repr(view.gan), budget, len(X))
    start_col, stop_col = st.columns(2)
    start = start_col.button(t("gan.compare.run"), key=f"{NS}_race", icon=":material/sprint:")
    stop_col.button(t("gan.compare.stop"), key=f"{NS}_race_stop", icon=":material/stop:")
    if start:
        run = st.session_state.get(f"{NS}_run")
        if run is not None:
            run["running"] = False
        bar = st.progress(0.0)

        def report(model: str, done: float):
            bar.progress(done, text=t("gan.compare.progress", model=t(f"gan.compare.{model}"),
                                      done=done))

        results = compare(X, view.gan, budget, ring=view.data.name == "ring8", report=report)
        st.session_state[f"{NS}_race_result"] = {"key": key, "results": results}
        bar.empty()
    stored = st.session_state.get(f"{NS}_race_result")
    if stored is None or stored["key"] != key:
        return
    tr = common.tr()
    results = stored["results"]
    common.plotly_chart(figures.compare_figure(X, results, views.view_box(X), tr),
                        key=f"{NS}_race_chart", filename="gan-vs-diffusion")
    common.dataframe(figures.compare_rows(results, tr), hide_index=True, width="stretch")
    st.caption(t("gan.compare.caption"))
