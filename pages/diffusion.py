"""Diffusion models (chapter §1.2.2) on 2-D points: add noise, learn to remove it, generate."""

import streamlit as st

from playground.diffusion import figures, processes
from playground.diffusion.data import make_points, parse_upload, standardise
from playground.diffusion.model import load_bundled
from playground.diffusion.snippet import code_snippet
from playground.diffusion.spec import SPEC
from playground.diffusion.training import ModelShelf, TrainProgress, train
from playground.errors import InputError
from playground.points import points_to_csv
from ui import common
from ui.common import t

NS = "diffusion"

bundled = st.cache_resource(show_spinner=False)(load_bundled)  # read-only once loaded


@st.cache_data(max_entries=16, show_spinner=False)
def reverse(_model, model_id: str, schedule, method: str, n_steps: int, seed: int, X):
    return processes.reverse_process(_model, schedule, method, n_steps, seed, X)


def upload_points():
    """The uploaded points and their signature (None while there is no valid upload)."""
    upload = common.file_uploader(t("data.upload"), types=["csv"], key="diffusion_upload",
                                   help=t("diffusion.upload_help"))
    if upload is None:
        st.info(t("data.upload_waiting"))
        return None, "upload:none"
    try:
        return parse_upload(upload.getvalue())
    except InputError as error:
        common.show_input_error(error)
        return None, "upload:bad"


def steps_done(K: int) -> int:
    """How many of the run's K sampling steps to show; at first, and while it stays at the end,
    all of them. Its maximum is a result (the steps the sampler visited), so it is drawn here."""
    state = st.session_state
    end, state["diffusion_k_end"] = state.get("diffusion_k_end"), K
    if "diffusion_k" not in state or state["diffusion_k"] == end or state["diffusion_k"] > K:
        state["diffusion_k"] = K
    return st.slider(t("diffusion.reverse_step"), 0, K, key="diffusion_k")  # not in spec: max K


def train_here(X, signature: str, view):
    """Live progress and loss; Stop's rerun interrupts the loop, the shelf keeps the model."""
    bar, chart = st.progress(0.0), st.empty()

    def report(progress: TrainProgress):
        shelf.keep(signature, progress, view.training)
        bar.progress(progress.iteration / progress.n_iterations, text=t(
            "diffusion.progress", done=f"{progress.iteration:,}",
            total=f"{progress.n_iterations:,}",
            loss=progress.loss, seconds=progress.elapsed))
        if progress.iteration % 250 == 0 or progress.iteration == progress.n_iterations:
            common.plotly_chart(figures.loss_figure(progress.losses, tr), container=chart,
                                key=f"diffusion_loss_{progress.iteration}",
                                filename="diffusion-loss")

    train(X, view.schedule, view.training, callback=report)
    bar.empty()  # the finished run is drawn once, below, with the model it produced
    chart.empty()


@st.fragment
def forward_view(X, schedule, seed: int, box, values: dict) -> None:
    """The forward process at step t. Moving t reruns only this part of the page: the reverse
    animation below (a few hundred kB of frames) is not rebuilt or sent again."""
    tr = common.tr()
    st.subheader(t("diffusion.forward"))
    step = values["t"] = common.control(SPEC, "t", values=values)
    st.caption(t("diffusion.forward_caption", **processes.signal_left(schedule, step)))
    common.plotly_chart(figures.forward_figure(
        X, processes.forward_points(X, schedule, step, seed), step,
        processes.snr_curves(schedule.n_steps), schedule.kind, box, tr),
        key="diffusion_forward", filename=f"diffusion-forward-{schedule.kind}-{step}")


common.page_intro(NS)
tr = common.tr()
controls, area = st.columns([1, 2.4], gap="large")
with controls:
    values = common.controls(SPEC, ("data",))
    if values["data"] == "upload":
        X, signature = upload_points()
    common.controls(SPEC, ("n", "noise", "seed"), values=values)
    st.subheader(t("diffusion.schedule_settings"))
    common.controls(SPEC, ("schedule", "T"), values=values)
    st.subheader(t("diffusion.training"))
    common.controls(SPEC, ("iters",), values=values)
    view = SPEC.params(values)
    if view.data is not None:
        X, signature = make_points(view.data), repr(view.data)
    left, right = st.columns(2)
    start = left.button(t("diffusion.train"), key="diffusion_train", type="primary",
                        icon=":material/play_arrow:", disabled=X is None)
    right.button(t("diffusion.stop"), key="diffusion_stop", icon=":material/stop:",
                 help=t("diffusion.stop_help"))  # any click reruns the page: that is the stop
    shelf = st.session_state.setdefault("diffusion_models", ModelShelf())
    if start:
        train_here(X, signature, view)
    entry, model = shelf.get(signature), None
    if entry:
        model, model_id = entry["model"], entry["id"]
        st.caption(t("diffusion.model_trained", **model.info))
        common.plotly_chart(figures.loss_figure(entry["losses"], tr), key="diffusion_loss",
                            filename="diffusion-loss")
    elif view.data is not None:
        model, model_id = common.or_stop(bundled, view.data.name), f"bundled:{view.data.name}"
        st.caption(t("diffusion.model_bundled", iterations=f"{model.info['iterations']:,}"))
    elif X is not None:
        st.info(t("diffusion.model_none"))

code = code_snippet(SPEC.params().data, view.schedule, "ddpm", 100, view.seed, None)
with area:
    if X is not None:
        box = figures.view_box(X, standardise(X)[1])
        forward_view(X, view.schedule, view.seed, box, values)
    if model is not None:
        st.subheader(t("diffusion.reverse"))
        common.controls(SPEC, ("sampler", "steps"), values=values)
        view = SPEC.params(values)
        method, n_steps = view.method, view.n_steps
        result, score = reverse(model, model_id, view.schedule, method, n_steps, view.seed, X)
        k, arrow_step = processes.shown_step(result, steps_done(len(result.timesteps)))
        common.metric_row(SPEC.metrics(score, tr),
                          help=t("diffusion.quality_help", noise=f"{score['noise']:.3f}"))
        common.plotly_chart(figures.reverse_figure(result.trajectory, result.timesteps, X, k, box,
                                                   tr), key="diffusion_reverse",
                            filename=f"diffusion-reverse-{method}")
        grid, directions = processes.direction_grid(model, view.schedule, arrow_step, box)  # 2 ms
        common.plotly_chart(figures.direction_figure(grid, directions, result.trajectory[k], X,
                                                     arrow_step, box, tr),
                            key="diffusion_arrows", filename=f"diffusion-arrows-{arrow_step}")
        common.csv_download(points_to_csv(result.samples, [0] * len(result.samples)),
                            filename="generated.csv", key="diffusion_csv_out",
                            label_key="diffusion.download")
        code = code_snippet(view.data, view.schedule, method, n_steps, view.seed,
                            entry["budget"] if entry else None)
common.page_outro(NS, code)
