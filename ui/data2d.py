"""Shared Streamlit controls for labelled 2-D point sets: generator settings (declared in the
topic's spec by :func:`playground.datasets2d.data_controls`), CSV upload and editing by clicking
on a plotly chart. Used by every page that works on 2-D points."""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from playground import points
from playground.datasets2d import (
    DATA_KEYS,
    UPLOAD,
    DatasetParams,
    dataset_params,
    make_dataset,
)
from playground.errors import InputError
from playground.spec import Spec
from ui.common import (
    control,
    controls,
    file_uploader,
    frozen_labels,
    show_input_error,
    t,
)


@st.cache_data(max_entries=64, show_spinner=False)
def _generated(params: DatasetParams):
    return make_dataset(params)


@st.cache_data(max_entries=16, show_spinner=False)
def _parsed(raw: bytes):
    return points.parse_points_csv(raw)


def dataset_controls(spec: Spec, values: dict | None = None):
    """The spec's data controls (:func:`playground.datasets2d.data_controls`) and, for the
    upload option, a CSV uploader right under the data-set choice.

    ``values`` (updated in place) collects the controls' values for ``spec.params``.

    Returns
    -------
    X : ndarray (n, 2) or None when an upload is missing or invalid (a message is shown)
    y : ndarray (n,) or None
    params : DatasetParams, or None for uploaded data
    signature : str identifying the base data, so edits can tell when it changed
    """
    values = {} if values is None else values
    values["data"] = control(spec, "data", values=values)
    upload = None
    if values["data"] == UPLOAD:
        upload = file_uploader(t("data.upload"), types=["csv"], key=f"{spec.prefix}_upload",
                                help=t("data.upload_help"))
    controls(spec, [key for key in DATA_KEYS[1:] if key in spec], values=values)
    params = dataset_params(values)
    if params is not None:
        X, y = _generated(params)
        return X, y, params, repr(params)
    if upload is None:
        st.info(t("data.upload_waiting"))
        return None, None, None, "upload:none"
    raw = upload.getvalue()
    try:
        X, y = _parsed(raw)
    except InputError as error:
        show_input_error(error)
        return None, None, None, "upload:bad"
    return X, y, None, "upload:" + hashlib.sha1(raw).hexdigest()


def edited_points(ns: str, X: np.ndarray, y: np.ndarray, signature: str):
    """The base points with the user's clicked edits applied (edits reset with the base data)."""
    store = st.session_state.get(f"{ns}_edits")
    if not store or store["base"] != signature:
        store = {"base": signature, "X": X, "y": y, "last_click": None}
        st.session_state[f"{ns}_edits"] = store
    return store["X"], store["y"]


def edit_controls(ns: str, labels: list[int]) -> str:
    """What a click on the chart does: add a point of a class, or remove the nearest point."""
    modes = [f"add{label}" for label in labels] + ["remove"]
    mode = st.segmented_control(
        t("data.click_mode"), modes, default=modes[0], key=f"{ns}_click", required=True,
        format_func=frozen_labels(
            modes, lambda m: t("data.remove") if m == "remove" else t("data.add", label=m[3:])))
    store = st.session_state.get(f"{ns}_edits")
    if store is not None and st.button(t("data.reset_edits"), key=f"{ns}_reset",
                                       icon=":material/undo:"):
        st.session_state.pop(f"{ns}_edits")
        st.rerun()
    return mode


def apply_click(ns: str, event, mode: str) -> None:
    """Apply one click reported by ``st.plotly_chart(on_select="rerun")`` to the edited points.

    A click selects the nearest plotted point (an invisible grid covers empty space), so every
    click carries coordinates. The same selection reappears on later reruns; it is applied once.
    """
    store = st.session_state.get(f"{ns}_edits")
    chosen = (event or {}).get("selection", {}).get("points", []) if store else []
    if not chosen:
        if store:
            store["last_click"] = None
        return
    click = (round(chosen[0]["x"], 9), round(chosen[0]["y"], 9))
    if click == store["last_click"]:
        return
    store["last_click"] = click
    if mode == "remove":
        index = points.nearest_point(store["X"], click)
        if index is not None:
            store["X"], store["y"] = points.remove_point(store["X"], store["y"], index)
    else:
        store["X"], store["y"] = points.add_point(store["X"], store["y"], click, int(mode[3:]))
    st.rerun()
