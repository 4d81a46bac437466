"""Gaussian mixture models (chapter §1.2.2): EM step by step, choosing k with BIC and AIC,
generating new points, and soft assignments against k-means' hard ones."""

import time

import streamlit as st

from playground.errors import InputError
from playground.gmm import figures
from playground.gmm import model as gmm
from playground.gmm.snippet import code_snippet
from playground.gmm.spec import MODEL_KEYS, SPEC
from ui import common, data2d
from ui.common import t

NS = "gmm"
PLAY_SECONDS = 4.0  # one animation from initialisation to fit, however many iterations


# The backend's results, cached: the same points and settings always give the same result.
em_trace = st.cache_data(max_entries=64, show_spinner=False)(gmm.em_trace)
fitted = st.cache_data(max_entries=64, show_spinner=False)(gmm.fit_details)
criteria = st.cache_data(max_entries=16, show_spinner=False)(gmm.information_criteria)
kmeans = st.cache_data(max_entries=32, show_spinner=False)(gmm.kmeans_matched)


@st.cache_data(max_entries=32, show_spinner=False)
def generated(X, params: gmm.GMMParams, n: int):
    model = fitted(X, params)[0]
    return (*gmm.sample(model, n, params.seed), gmm.log_density_grid(model, X))


def iteration_slider(n_iter: int) -> int:
    """Slider over 0..n_iter, its value set in the session first as gmm.em_step_to_show says."""
    state = st.session_state
    start = gmm.em_step_to_show(n_iter, current=state.get("gmm_iter"),
                                shown_range=state.get("gmm_iter_range"),
                                url_value=str(st.query_params.get("gmm_iter", "")),
                                play_end=state.pop("gmm_goto", None))  # set when a Play ends
    if start is not None:
        state["gmm_iter"] = start
    state["gmm_iter_range"] = n_iter
    return st.slider(  # not in spec: its maximum is the current fit's number of iterations
        t("gmm.iteration"), 0, n_iter, key="gmm_iter", bind="query-params",
        help=t("gmm.iteration_help"))


def init_note(params) -> None:
    """Which start EM used in this view: the setting is folded away in presenter mode, and a
    random start chosen in one view carries into the others."""
    st.caption(t("gmm.init_in_use", init=t(f"gmm.init_name.{params.init}"), seed=params.seed))


def em_view(X, y, params):
    trace = em_trace(X, params)
    slider_slot = st.empty()  # the iteration slider, or Play's progress while it plays
    play_col, stop_col, _ = st.columns([1, 1, 3])
    play = play_col.button(t("gmm.play"), key="gmm_play", icon=":material/play_arrow:")
    metric_slot = st.empty()
    init_note(params)
    if params.init == "random" and trace.n_iter <= 3:
        st.info(t("gmm.random_stall", n=trace.n_iter), icon=":material/hourglass_disabled:")
    chart, curve, tr = st.empty(), st.empty(), common.tr()

    def draw(s: int, suffix: str = ""):
        with metric_slot.container():  # the metrics follow the frame shown
            common.metric_row(SPEC.metrics((trace, s), tr))
        resp = trace.responsibilities(X, s)
        with chart.container():
            common.plotly_chart(figures.em_figure(X, trace, s, resp, tr), key=f"gmm_em{suffix}",
                                filename=f"gmm-em-iteration-{s}")
        with curve.container():
            common.plotly_chart(figures.loglik_figure(trace, s, tr), key=f"gmm_ll{suffix}",
                                filename="gmm-log-likelihood")
        return resp

    if play:  # any click (Stop, a slider) reruns the page, which ends the loop
        stop_col.button(t("gmm.stop"), key="gmm_stop", icon=":material/stop:")
        delay = min(0.4, PLAY_SECONDS / (trace.n_iter + 1))
        for s in range(trace.n_iter + 1):
            # The slider cannot move during a run: Play's own progress bar stands in for it.
            slider_slot.progress(s / max(trace.n_iter, 1),
                                 text=t("gmm.playing", step=s, n=trace.n_iter))
            draw(s, f"_play{s}")
            time.sleep(delay)
        st.session_state["gmm_goto"] = trace.n_iter
        st.rerun()
    with slider_slot.container():
        step = iteration_slider(trace.n_iter)
    resp = draw(step)
    st.caption(t("gmm.em_caption"))
    common.csv_download(gmm.responsibilities_csv(X, y, resp), key="gmm_csv_resp",
                        filename=f"gmm-responsibilities-iteration-{step}.csv")
    st.caption(t("gmm.csv_hint") + " " + t("common.png_hint"))


def choice_view(X, y, params):
    with st.spinner(t("gmm.criteria_progress")):
        scores = criteria(X, params.init, params.seed)
    init_note(params)
    common.metric_row(figures.best_model_metrics(scores, common.tr()))
    common.plotly_chart(figures.criteria_figure(scores, params.n_components,
                                                params.covariance_type, common.tr()),
                        key="gmm_criteria", filename="gmm-bic-aic")
    st.caption(t("gmm.criteria_caption"))


def sample_view(X, y, params):
    n_new = common.control(SPEC, "samples")
    (model, resp, full), (new, Z, density) = fitted(X, params), generated(X, params, n_new)
    init_note(params)
    common.plotly_chart(figures.sample_figure(X, new, Z, model.means_, full, density, common.tr()),
                        key="gmm_samples_chart", filename="gmm-samples")
    st.caption(t("gmm.sample_caption"))
    common.csv_download(gmm.samples_csv(new, Z), filename="gmm-samples.csv", key="gmm_csv_new",
                        label_key="gmm.download_samples")
    common.csv_download(gmm.responsibilities_csv(X, y, resp), filename="gmm-responsibilities.csv",
                        key="gmm_csv_resp")


def compare_view(X, y, params):
    model, resp, full = fitted(X, params)
    labels, centres = kmeans(X, params, model.means_)  # numbered like the mixture's components
    common.metric_row(figures.agreement_metrics(gmm.label_agreement(y, resp, labels), common.tr()),
                      help=t("gmm.ari_help"))
    init_note(params)
    common.plotly_chart(figures.compare_figure(X, resp, model.means_, full, labels, centres,
                                               common.tr()),
                        key="gmm_compare", filename="gmm-soft-vs-hard")
    st.caption(t("gmm.compare_caption"))
    common.csv_download(gmm.responsibilities_csv(X, y, resp), filename="gmm-responsibilities.csv",
                        key="gmm_csv_resp")


common.page_intro(NS)
values = {"view": common.control(SPEC, "view")}
settings_column, result_area = st.columns([1, 2.4], gap="large")
with settings_column:
    st.subheader(t("gmm.data"))
    X, y, _, _ = data2d.dataset_controls(SPEC, values)
    st.caption(t("gmm.data_note"))
    st.subheader(t("gmm.model_settings"))
    common.controls(SPEC, MODEL_KEYS, values=values)
settings = SPEC.params(values)  # the number of new points is read in the sample view
params = settings.mixture

with result_area:
    if X is not None:
        try:
            gmm.check_data(X, params.n_components)
            {"em": em_view, "choice": choice_view, "sample": sample_view,
             "compare": compare_view}[settings.view](X, y, params)
        except InputError as error:
            common.show_input_error(error)

# The sample view's slider, or what the link says while another view is shown.
n_new = SPEC["samples"].parse(st.session_state.get("gmm_samples",
                                                   st.query_params.get("gmm_samples")))
common.page_outro(NS, code_snippet(settings.dataset, params, n_new, params.seed))
