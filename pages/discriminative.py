"""Discriminative models (chapter §1.2.1): where logistic regression, an SVM and a neural
network draw the boundary between two classes of 2-D points."""

import numpy as np
import streamlit as st

from playground.discriminative import model as disc
from playground.datasets2d import DATASETS
from playground.errors import InputError
from playground.discriminative import figures
from playground.points import points_to_csv
from ui import common, data2d
from ui.common import t, url_choice

NS = "discriminative"


@st.cache_data(max_entries=128, show_spinner=False)
def fit(X, y, model: disc.ModelParams, split: disc.SplitParams):
    return disc.fit_and_evaluate(X, y, model, split)


@st.cache_data(max_entries=32, show_spinner=False)
def compare(X, y, model: disc.ModelParams, split: disc.SplitParams):
    return disc.compare_families(X, y, model, split)


def model_controls() -> disc.ModelParams:
    family = url_choice(st.radio, t("discriminative.model"), disc.FAMILIES, default="svm",
                        key="discriminative_model", format_func=lambda f: t(f"discriminative.family.{f}"))
    C = st.select_slider(t("discriminative.C"), common.log_options(-2, 3), value=1.0, key="discriminative_C",
                         bind="query-params", help=t("discriminative.C_help"))
    kernel, gamma, degree = "rbf", 1.0, 3
    if family == "svm":
        kernel = url_choice(st.selectbox, t("discriminative.kernel"), disc.KERNELS, default="rbf",
                            key="discriminative_kernel", format_func=lambda k: t(f"discriminative.kernel_name.{k}"))
        if kernel != "linear":
            gamma = st.select_slider(t("discriminative.gamma"), common.log_options(-2, 2), value=1.0,
                                     key="discriminative_gamma", bind="query-params", help=t("discriminative.gamma_help"))
        if kernel == "poly":
            degree = st.slider(t("discriminative.degree"), 1, 6, 3, key="discriminative_degree", bind="query-params")
    layers, width, activation, alpha = 2, 16, "relu", 1e-3
    with common.secondary_controls():
        if family == "mlp":
            layers = st.slider(t("discriminative.layers"), 1, 3, 2, key="discriminative_layers", bind="query-params")
            width = st.select_slider(t("discriminative.width"), [2, 4, 8, 16, 32, 64], value=16,
                                     key="discriminative_width", bind="query-params")
            activation = url_choice(st.selectbox, t("discriminative.activation"), disc.ACTIVATIONS,
                                    default="relu", key="discriminative_act",
                                    format_func=lambda a: t(f"discriminative.activation_name.{a}"))
            alpha = st.select_slider(t("discriminative.alpha"), [0.0, *common.log_options(-5, 1)],
                                     value=1e-3, key="discriminative_alpha", bind="query-params",
                                     help=t("discriminative.alpha_help"))
        test_fraction = st.slider(t("discriminative.test_fraction"), 0.0, 0.8, 0.3, step=0.05,
                                  key="discriminative_test", bind="query-params", help=t("discriminative.test_help"))
    seed = int(st.session_state.get("discriminative_seed", 0))
    return (disc.ModelParams(family=family, C=C, kernel=kernel, gamma=gamma, degree=degree,
                             hidden_layers=(width,) * layers, activation=activation,
                             alpha=alpha, seed=seed),
            disc.SplitParams(test_fraction=test_fraction, seed=seed))


common.page_intro(NS)
view = url_choice(st.segmented_control, t("discriminative.view"), ("single", "compare"), default="single",
                  key="discriminative_view", format_func=lambda v: t(f"discriminative.view_name.{v}"))
controls, result_area = st.columns([1, 2.4], gap="large")
with controls:
    st.subheader(t("discriminative.data"))
    X0, y0, dataset, signature = data2d.dataset_controls(NS, DATASETS[:5])
    st.subheader(t("discriminative.model_settings"))
    model, split = model_controls()

code = disc.code_snippet(dataset, model, split, y0 if y0 is not None else [0])
with result_area:
    if X0 is not None:
        X, y = data2d.edited_points(NS, X0, y0, signature)
        if not np.array_equal(X, X0):  # clicked points: the snippet reads the CSV download
            code = disc.code_snippet(None, model, split, y)
        try:
            if view == "single":
                with st.spinner(t("discriminative.fitting")):
                    result = fit(X, y, model, split)
                test = "–" if result.test_accuracy is None else f"{result.test_accuracy:.1%}"
                common.metric_row([
                    (t("discriminative.train_accuracy"), f"{result.train_accuracy:.1%}"),
                    (t("discriminative.test_accuracy"), test),
                    (t("discriminative.support_count"),
                     len(result.support_idx) if model.family == "svm" else "–")])
                event = common.plotly_chart(
                    figures.decision_figure(X, y, result, common.tr(), clickable=True),
                    key="discriminative_chart", filename=f"decision-{model.family}", on_select="rerun",
                    selection_mode="points")
                mode = data2d.edit_controls(NS, sorted({0, 1, *map(int, y)})[:2])
                data2d.apply_click(NS, event, mode)
                st.caption(t("discriminative.click_help") + " " + t("discriminative.point_count", n=len(X),
                                                                    edits=len(X) - len(X0)))
            else:
                with st.spinner(t("discriminative.fitting")):
                    results = compare(X, y, model, split)
                result = results[model.family]
                common.plotly_chart(figures.compare_figure(X, y, results, common.tr()),
                                    key="discriminative_compare", filename="decision-compare")
            role = np.where(np.isin(np.arange(len(X)), result.test_idx), "test", "train")
            common.csv_download(points_to_csv(X, y, role), filename="points.csv",
                                key="discriminative_points_csv")
            st.caption(t("common.png_hint"))
        except InputError as error:
            common.show_input_error(error)
            if view == "single":
                data2d.edit_controls(NS, [0, 1])

common.page_outro(NS, code)
