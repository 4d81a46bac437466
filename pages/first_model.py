"""A first model, y = Wx + b (chapter §1.1.2): the chapter's Keras model trained live on its six
points, the same model in PyTorch from the same initial weights, why the answer is not 19, and
the chapter's listing run exactly as printed."""

import pandas as pd
import streamlit as st

from playground.errors import InputError
from playground.first_model import figures
from playground.first_model import model as fm
from playground.first_model.snippet import code_snippet
from playground.first_model.spec import SPEC
from ui import common
from ui import first_model_views as views
from ui.common import t

NS = "first_model"


@st.cache_data(max_entries=64, show_spinner=False)
def torch_twin(points: fm.Points, params: fm.FitParams, w0: float, b0: float) -> fm.History:
    from playground.first_model import torch_twin as twin  # imports torch (about 1 s)

    return twin.train(points, params, w0, b0)


@st.cache_data(max_entries=64, show_spinner=False)
def start_curve(points: fm.Points, params: fm.FitParams):
    x, y = fm.training_data(points, params)
    return fm.start_sensitivity(x, y, params)


@st.fragment
def training_view(keras: fm.History, twin: fm.History, x, y, optimum) -> None:
    """The epoch slider and the three training charts: moving the slider reruns only this part
    of the page. The fit chart plays the whole run in the browser (its Play / Stop buttons)."""
    tr = common.tr()
    epoch = views.epoch_slider(keras)
    common.plotly_chart(figures.fit_figure(x, y, keras, epoch, optimum, tr, twin, animate=True),
                        key="first_model_fit", filename=f"first-model-epoch-{epoch}")
    st.caption(t("first_model.play_help"))
    loss_col, weights_col = st.columns(2)
    with loss_col:
        common.plotly_chart(figures.loss_figure(keras, epoch, tr, twin),
                            key="first_model_loss", filename="first-model-loss")
    with weights_col:
        common.plotly_chart(figures.weights_figure(keras, epoch, optimum, tr, twin),
                            key="first_model_weights", filename="first-model-w-b")


def points_table() -> fm.Points:
    """The points as an editable table (rows can be added and deleted), kept in the URL when
    they differ from the chapter's; InputError if a cell is bad."""
    state, url_key = st.session_state, "first_model_points"
    if st.button(t("first_model.reset_points"), key="first_model_reset",
                 icon=":material/restart_alt:"):
        state.pop("first_model_table", None)
        st.query_params.pop(url_key, None)
    if "first_model_table" not in state:  # a fresh table starts from the URL's points
        state["first_model_base"] = (fm.points_from_text(st.query_params.get(url_key))
                                     or fm.Points())
    edited = st.data_editor(
        pd.DataFrame(state["first_model_base"].rows()), num_rows="dynamic",
        key="first_model_table", hide_index=True, width="stretch",
        column_config={"x": st.column_config.NumberColumn("x", format="%.3g"),
                       "y": st.column_config.NumberColumn("y", format="%.3g")})
    points = fm.points_from_rows(edited.to_dict("records"))
    if points.is_chapter:
        st.query_params.pop(url_key, None)
    else:
        st.query_params[url_key] = fm.points_to_text(points)
    return points


common.page_intro(NS)
views.environment_note()
settings, results = st.columns([1, 2.3], gap="large")
with settings:
    params = SPEC.params(common.controls(SPEC))
    st.subheader(t("first_model.points"))
    st.caption(t("first_model.points_help"))
    try:
        points, problem = points_table(), None
    except InputError as error:
        points, problem = fm.Points(), error

with results:
    if problem is not None:
        common.show_input_error(problem)
    else:
        keras = views.keras_history(points, params)
        twin = torch_twin(points, params, keras.w0, keras.b0)
        x, y = fm.training_data(points, params)
        optimum = fm.closed_form(x, y)
        tr = common.tr()
        if keras.diverged:
            st.error(t("first_model.diverged", epoch=keras.diverged_at,
                       limit=f"{fm.curvature(x).lr_limit:.3g}"), icon=":material/trending_up:")
        metrics = SPEC.metrics(keras, tr)  # the prediction's column wider: 18.977682 in full
        if common.presenting():  # large type: the loss stays in its chart
            metrics = metrics[:3]
        for column, (name, value) in zip(st.columns([1.5, 1, 1, 1][:len(metrics)]), metrics):
            column.metric(name, value)
        training_view(keras, twin, x, y, optimum)
        st.caption(t("first_model.timing", keras=f"{keras.seconds:.2f}",
                     torch=f"{twin.seconds:.2f}", epochs=params.epochs))

        st.subheader(t("first_model.twin_title"))
        if keras.diverged or twin.diverged:
            st.markdown(t("first_model.twin_diverged"))
        else:
            gap = abs(keras.predict() - twin.predict())
            st.markdown(t("first_model.twin_text", w0=f"{keras.w0:.6f}", b0=f"{keras.b0:g}",
                          keras=f"{keras.predict():.6f}", torch=f"{twin.predict():.6f}",
                          gap=f"{gap:.1e}"))

        with st.expander(t("first_model.why_title"), expanded=not common.presenting()):
            bend = fm.curvature(x)
            st.markdown(t("first_model.why_text", lmin=f"{bend.lambda_min:.3f}",
                          lmax=f"{bend.lambda_max:.2f}", limit=f"{bend.lr_limit:.3f}",
                          lr=f"{params.learning_rate:g}", epochs=params.epochs,
                          left=f"{bend.remainder(params.learning_rate, params.epochs):.2%}",
                          w=f"{optimum[0]:.4f}", b=f"{optimum[1]:.4f}",
                          target=f"{optimum[0] * fm.QUERY_X + optimum[1]:.4f}",
                          seed=fm.DEFAULT_SEED))
            grid, ends = start_curve(points, params)
            current = (keras.w0, keras.predict()) if not keras.diverged else None
            common.plotly_chart(
                figures.start_figure(grid, ends, current, optimum[0] * fm.QUERY_X + optimum[1],
                                     tr, show_book=points.is_chapter),
                key="first_model_start", filename="first-model-initial-w")
        common.csv_download(fm.history_csv(keras, twin), filename="first-model-history.csv",
                            key="first_model_csv", label_key="first_model.download_history")
        st.caption(t("common.png_hint"))

views.chapter_run_view()
common.page_outro(NS, code_snippet(points, params))
