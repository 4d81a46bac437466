"""Streamlit parts of the CNN page that are particular to it: live training with a Stop, the
clickable 8 × 8 pixel grid, and the chapter's listing run as printed."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.cnn import chapter, figures
from playground.cnn import model as cnn
from playground.cnn.data import toggle_pixel
from ui import common
from ui.common import t

NS = "cnn"
KEEP = 4  # trained networks kept per session (one per recent setting)
EDIT_KEY = "cnn_edit"


def trainers() -> dict:
    """This session's trainers keyed by their TrainParams (oldest first)."""
    return st.session_state.setdefault("cnn_trainers", {})


def keep(trainer: cnn.Trainer) -> None:
    shelf = trainers()
    shelf.pop(trainer.params, None)
    while len(shelf) >= KEEP:
        shelf.pop(next(iter(shelf)))
    shelf[trainer.params] = trainer


def train_here(trainer: cnn.Trainer, tr) -> None:
    """Train the remaining epochs one at a time with a progress bar and live curves.

    A click on Stop (or any widget) reruns the page, which interrupts this loop at its next
    progress update; the trainer in the session keeps every epoch it finished.
    """
    total = trainer.params.epochs
    bar = st.progress(trainer.epochs_done / total, text=t("cnn.training"))
    chart = st.empty()
    while not trainer.finished:
        report = trainer.run_epoch()
        bar.progress(report.epoch / total, text=t(
            "cnn.progress", epoch=report.epoch, total=total, loss=report.loss,
            accuracy=report.test_accuracy))
        common.plotly_chart(figures.curves_figure(trainer.history, tr), container=chart,
                            key=f"cnn_live_{report.epoch}", filename="cnn-training")
    bar.empty()
    chart.empty()


def edited_digit(base: np.ndarray, signature) -> dict:
    """The pixel grid being edited: reset to ``base`` when the chosen test digit changes."""
    store = st.session_state.get(EDIT_KEY)
    if not store or store["base"] != signature:
        store = {"base": signature, "grid": base.astype(float), "clicks": 0}
        st.session_state[EDIT_KEY] = store
    return store


def pixel_editor(store: dict, base: np.ndarray, tr) -> None:
    """The clickable grid and its two buttons. A click selects one square; the chart's key
    changes after every applied click, so the next click (even on the same square) is new."""
    event = common.plotly_chart(figures.pixel_grid_figure(store["grid"], tr),
                                key=f"cnn_pixels_{store['clicks']}", filename="digit",
                                on_select="rerun", selection_mode="points")
    points = (event or {}).get("selection", {}).get("points", [])
    if points:
        col, row = int(round(points[0]["x"])), int(round(points[0]["y"]))
        store["grid"] = toggle_pixel(store["grid"], row, col)
        store["clicks"] += 1
        st.rerun()
    st.caption(t("cnn.edit_help"))
    left, right = st.columns(2)
    if left.button(t("cnn.edit_reset"), key="cnn_edit_reset", icon=":material/undo:"):
        store.update(grid=base.astype(float), clicks=store["clicks"] + 1)
        st.rerun()
    if right.button(t("cnn.edit_clear"), key="cnn_edit_clear", icon=":material/ink_eraser:"):
        store.update(grid=np.zeros_like(base, dtype=float), clicks=store["clicks"] + 1)
        st.rerun()


def chapter_run() -> None:
    """The chapter's listing next to what the book prints (nothing) and what this machine
    printed."""
    import torch

    with st.expander(t("cnn.chapter_run"), icon=":material/menu_book:"):
        listing, outputs = st.columns([1.3, 1], gap="medium")
        listing.caption(t("cnn.chapter_listing"))
        listing.code(chapter.LISTING, language="python", wrap_lines=True)
        outputs.caption(t("cnn.book_output"))
        if chapter.BOOK_OUTPUT is None:
            outputs.info(t("cnn.book_output_none"))
        else:
            outputs.code(chapter.BOOK_OUTPUT, language="text", wrap_lines=True)
        outputs.caption(t("cnn.machine_output", version=torch.__version__))
        outputs.code(chapter.run_listing(), language="text", wrap_lines=True)
