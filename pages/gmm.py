"""Gaussian mixture models (chapter §1.2.2): EM step by step, choosing k with BIC and AIC,
generating new points, and soft assignments against k-means' hard ones."""

import time

import streamlit as st
from sklearn.metrics import adjusted_rand_score

from playground import gmm
from playground.errors import InputError
from playground.figures import gmm as figures
from ui import common, data2d
from ui.common import t, url_choice

NS = "gmm"
DATASETS = ("blobs", "moons", "circles", "aniso")
VIEWS = ("em", "choice", "sample", "compare")
PLAY_SECONDS = 4.0  # one animation from initialisation to fit, however many iterations


@st.cache_data(max_entries=64, show_spinner=False)
def em_trace(X, params: gmm.GMMParams):
    return gmm.em_trace(X, params)


@st.cache_data(max_entries=64, show_spinner=False)
def fitted(X, params: gmm.GMMParams):
    """scikit-learn's fit, its responsibilities (n, k) and its covariances as (k, 2, 2)."""
    model = gmm.fit(X, params)
    full = gmm.full_covariances(model.covariances_, params.covariance_type, params.n_components)
    return model, model.predict_proba(X), full


@st.cache_data(max_entries=16, show_spinner=False)
def criteria(X, init: str, seed: int):
    return gmm.information_criteria(X, init, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def generated(X, params: gmm.GMMParams, n: int):
    model = fitted(X, params)[0]
    return (*gmm.sample(model, n, params.seed), gmm.log_density_grid(model, X))


@st.cache_data(max_entries=32, show_spinner=False)
def kmeans(X, params: gmm.GMMParams):
    return gmm.kmeans_matched(X, params, fitted(X, params)[0].means_)


def model_controls(seed: int) -> gmm.GMMParams:
    k = st.slider(t("gmm.n_components"), 1, gmm.MAX_COMPONENTS, 3, key="gmm_components",
                  bind="query-params", help=t("gmm.n_components_help"))
    ctype = url_choice(st.selectbox, t("gmm.covariance"), gmm.COVARIANCE_TYPES, default="full",
                       key="gmm_cov", format_func=lambda c: t(f"gmm.cov_name.{c}"),
                       help=t("gmm.covariance_help"))
    with common.secondary_controls():
        init = url_choice(st.segmented_control, t("gmm.init"), gmm.INITS, default="kmeans",
                          key="gmm_init", format_func=lambda i: t(f"gmm.init_name.{i}"),
                          help=t("gmm.init_help"))
    return gmm.GMMParams(n_components=k, covariance_type=ctype, init=init, seed=seed)


def iteration_slider(n_iter: int) -> int:
    """Slider over 0..n_iter, starting at the fitted end whenever the fit (hence the range)
    changes. The value is put in the session first, clamped, because Streamlit refuses a URL or
    session value beyond the new range."""
    state, raw = st.session_state, str(st.query_params.get("gmm_iter", ""))
    if "gmm_iter" not in state or state.get("gmm_iter_range") != n_iter:
        from_url = raw.isdigit() and "gmm_iter_range" not in state  # a shared link, on arrival
        state["gmm_iter"] = min(int(raw), n_iter) if from_url else n_iter
    if "gmm_goto" in state:  # the end of a Play
        state["gmm_iter"] = min(state.pop("gmm_goto"), n_iter)
    state["gmm_iter_range"] = n_iter
    return st.slider(t("gmm.iteration"), 0, n_iter, key="gmm_iter", bind="query-params",
                     help=t("gmm.iteration_help"))


def em_view(X, y, params):
    trace = em_trace(X, params)
    step = iteration_slider(trace.n_iter)
    play_col, stop_col, _ = st.columns([1, 1, 3])
    play = play_col.button(t("gmm.play"), key="gmm_play", icon=":material/play_arrow:")
    first, second, third = st.columns(3)
    first.metric(t("gmm.metric_iterations"), trace.n_iter)
    second.metric(t("gmm.metric_loglik"), f"{trace.log_likelihoods[step]:.4f}")
    third.metric(t("gmm.metric_converged"), t("gmm.yes") if trace.converged else t("gmm.no"))
    if params.init == "random" and trace.n_iter <= 3:
        st.info(t("gmm.random_stall", n=trace.n_iter), icon=":material/hourglass_disabled:")
    chart, curve, tr = st.empty(), st.empty(), common.tr()

    def draw(s: int, suffix: str = ""):
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
            draw(s, f"_play{s}")
            time.sleep(delay)
        st.session_state["gmm_goto"] = trace.n_iter
        st.rerun()
    resp = draw(step)
    st.caption(t("gmm.em_caption"))
    common.csv_download(gmm.responsibilities_csv(X, y, resp), key="gmm_csv_resp",
                        filename=f"gmm-responsibilities-iteration-{step}.csv")
    st.caption(t("gmm.csv_hint") + " " + t("common.png_hint"))


def choice_view(X, y, params):
    with st.spinner(t("gmm.criteria_progress")):
        scores = criteria(X, params.init, params.seed)
    for column, name in zip(st.columns(2), ("bic", "aic")):
        k, ctype = scores.best(name)
        column.metric(t(f"gmm.best_{name}"),
                      t("gmm.best_value", k=k, cov=t(f"gmm.cov_name.{ctype}")))
    common.plotly_chart(figures.criteria_figure(scores, params.n_components,
                                                params.covariance_type, common.tr()),
                        key="gmm_criteria", filename="gmm-bic-aic")
    st.caption(t("gmm.criteria_caption"))


def sample_view(X, y, params):
    n_new = st.slider(t("gmm.n_samples"), 0, 2000, 300, step=50, key="gmm_samples",
                      bind="query-params", help=t("gmm.n_samples_help"))
    (model, resp, full), (new, Z, density) = fitted(X, params), generated(X, params, n_new)
    common.plotly_chart(figures.sample_figure(X, new, Z, model.means_, full, density, common.tr()),
                        key="gmm_samples_chart", filename="gmm-samples")
    st.caption(t("gmm.sample_caption"))
    st.download_button(t("gmm.download_samples"), gmm.samples_csv(new, Z), key="gmm_csv_new",
                       file_name="gmm-samples.csv", mime="text/csv", icon=":material/download:")
    common.csv_download(gmm.responsibilities_csv(X, y, resp), filename="gmm-responsibilities.csv",
                        key="gmm_csv_resp")


def compare_view(X, y, params):
    (model, resp, full), (labels, centres) = fitted(X, params), kmeans(X, params)
    for column, name, clusters in zip(st.columns(2), ("gmm", "kmeans"),
                                      (resp.argmax(axis=1), labels)):
        column.metric(t(f"gmm.ari_{name}"), f"{adjusted_rand_score(y, clusters):.2f}",
                      help=t("gmm.ari_help"))
    common.plotly_chart(figures.compare_figure(X, resp, model.means_, full, labels, centres,
                                               common.tr()),
                        key="gmm_compare", filename="gmm-soft-vs-hard")
    st.caption(t("gmm.compare_caption"))
    common.csv_download(gmm.responsibilities_csv(X, y, resp), filename="gmm-responsibilities.csv",
                        key="gmm_csv_resp")


common.page_intro(NS)
view = url_choice(st.segmented_control, t("gmm.view"), VIEWS, default="em", key="gmm_view",
                  format_func=lambda v: t(f"gmm.view_name.{v}"))
controls, result_area = st.columns([1, 2.4], gap="large")
with controls:
    st.subheader(t("gmm.data"))
    X, y, dataset, _ = data2d.dataset_controls(NS, DATASETS, default_n=300, n_classes=True)
    st.caption(t("gmm.data_note"))
    st.subheader(t("gmm.model_settings"))
    params = model_controls(int(st.session_state.get("gmm_seed", 0)))

with result_area:
    if X is not None:
        try:
            gmm.check_data(X, params.n_components)
            {"em": em_view, "choice": choice_view, "sample": sample_view,
             "compare": compare_view}[view](X, y, params)
        except InputError as error:
            common.show_input_error(error)

n_new = int(st.session_state.get("gmm_samples", 300))
common.page_outro(NS, gmm.code_snippet(dataset, params, n_new, params.seed))
