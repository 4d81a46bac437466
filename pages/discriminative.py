"""Discriminative models (chapter §1.2.1): where logistic regression, an SVM and a neural
network draw the boundary between two classes of 2-D points; and (§1.2) logistic regression
beside a generative classifier that can also draw new points."""

import hashlib

import numpy as np
import streamlit as st

from playground.discriminative import figures
from playground.discriminative import generative as gen
from playground.discriminative import model as disc
from playground.discriminative import training
from playground.discriminative.snippet import code_snippet, generative_snippet
from playground.discriminative.spec import MODEL_KEYS, SPEC
from playground.errors import InputError
from playground.points import points_to_csv
from ui import common, data2d
from ui.common import t

NS = "discriminative"


@st.cache_data(max_entries=128, show_spinner=False)
def fit(X, y, model: disc.ModelParams, split: disc.SplitParams, reference):
    return disc.fit_and_evaluate(X, y, model, split, reference=reference)


@st.cache_data(max_entries=32, show_spinner=False)
def compare(X, y, model: disc.ModelParams, split: disc.SplitParams, reference):
    return disc.compare_families(X, y, model, split, reference=reference)


@st.cache_data(max_entries=32, show_spinner=False)
def fit_both(X, y, params: gen.GenerativeParams, C: float, split: disc.SplitParams, reference):
    return gen.fit_both(X, y, params, C, split, reference=reference)


def watch_section(X, y, model, split, reference) -> None:
    """The network trained epoch by epoch, as an animation; started by its button only, with
    progress and Stop while it trains (about 2 s), kept while the settings stay the same."""
    st.subheader(t("discriminative.watch_heading"))
    signature = hashlib.sha1(X.tobytes() + y.tobytes() + repr((model, split)).encode()).hexdigest()
    state = st.session_state
    if state.get("discriminative_watch_stop"):  # Stop was clicked: the run it ended is gone
        state.pop("discriminative_watched", None)
    if st.button(t("discriminative.watch"), key="discriminative_watch",
                 help=t("discriminative.watch_help"), icon=":material/play_arrow:"):
        state["discriminative_watched"] = signature
    if state.get("discriminative_watched") != signature:
        return
    # Kept in the session, not st.cache_data: a cached call would replay the progress bar
    # into a placeholder that no longer exists.
    movie = state.get("discriminative_movie", (None, None))
    movie = movie[1] if movie[0] == signature else None
    if movie is None:
        bar, stop = st.empty(), st.empty()
        stop.button(t("discriminative.stop"), key="discriminative_watch_stop",
                    icon=":material/stop:")
        movie = training.train_and_watch(
            X, y, model, split, reference=reference,
            progress=lambda f: bar.progress(f, text=t("discriminative.watch_progress")))
        state["discriminative_movie"] = (signature, movie)  # one per visitor
        bar.empty()
        stop.empty()
    common.plotly_chart(figures.training_figure(X, y, movie, common.tr()),
                        key="discriminative_watch_chart", filename="mlp-training")
    st.caption(t("discriminative.watch_caption", epochs=training.WATCH_EPOCHS,
                 every=training.FRAME_EVERY))


def snippet(settings, edited: bool, reference) -> str:
    """The "show code" of the view; edited points are read from the CSV download, with the
    standardisation of the points before the clicks."""
    scale = None
    if edited:
        scaler = disc.fit_scaler(reference)
        scale = (scaler.mean_, scaler.scale_)
    source = None if edited else settings.dataset
    if settings.view == "generative":
        return generative_snippet(source, settings.model.C, settings.generative, settings.split,
                                  scale)
    return code_snippet(source, settings.model, settings.split, scale)


common.page_intro(NS)
values = {"view": common.control(SPEC, "view")}
settings_column, result_area = st.columns([1, 2.4], gap="large")
with settings_column:
    st.subheader(t("discriminative.data"))
    X0, y0, _, signature = data2d.dataset_controls(SPEC, values)
    st.subheader(t("discriminative.model_settings"))
    common.controls(SPEC, MODEL_KEYS, values=values)
settings = SPEC.params(values)
view, model, split = settings.view, settings.model, settings.split

code = snippet(settings, False, X0)
with result_area:
    if X0 is not None:
        X, y = data2d.edited_points(NS, X0, y0, signature)
        if not np.array_equal(X, X0):  # clicked points: the snippet reads the CSV download
            code = snippet(settings, True, X0)
        try:
            if view == "single":
                with st.spinner(t("discriminative.fitting")):
                    result = fit(X, y, model, split, X0)
                common.metric_row(SPEC.metrics(result, common.tr()))
                event = common.plotly_chart(
                    figures.decision_figure(X, y, result, common.tr(), clickable=True),
                    key="discriminative_chart", filename=f"decision-{model.family}",
                    on_select="rerun", selection_mode="points")
                mode = data2d.edit_controls(NS, sorted({0, 1, *map(int, y)})[:2])
                data2d.apply_click(NS, event, mode)
                st.caption(t("discriminative.click_help") + " " + t(
                    "discriminative.point_count", n=len(X), edits=len(X) - len(X0)))
                if model.family == "mlp":
                    watch_section(X, y, model, split, X0)
            elif view == "compare":
                with st.spinner(t("discriminative.fitting")):
                    results = compare(X, y, model, split, X0)
                result = results[model.family]
                common.plotly_chart(figures.compare_figure(X, y, results, common.tr()),
                                    key="discriminative_compare", filename="decision-compare")
            else:
                with st.spinner(t("discriminative.fitting")):
                    both = fit_both(X, y, settings.generative, model.C, split, X0)
                result = both.logreg
                common.metric_row(SPEC.metrics(both, common.tr()))
                common.plotly_chart(figures.generative_figure(X, y, both, common.tr()),
                                    key="discriminative_generative",
                                    filename="discriminative-vs-generative")
                st.caption(t("discriminative.generative_caption"))
                common.csv_download(points_to_csv(both.samples, both.sample_labels),
                                    filename="generated-points.csv",
                                    key="discriminative_samples_csv",
                                    label_key="discriminative.download_samples")
            role = np.where(np.isin(np.arange(len(X)), result.test_idx), "test", "train")
            common.csv_download(points_to_csv(X, y, role), filename="points.csv",
                                key="discriminative_points_csv")
            st.caption(t("common.png_hint"))
        except InputError as error:
            common.show_input_error(error)
            if view == "single":
                data2d.edit_controls(NS, [0, 1])

common.page_outro(NS, code)
