"""Diffusion models (chapter §1.2.2) on 2-D points: add noise, learn to remove it, generate."""

import streamlit as st

from playground.diffusion import model as diff
from playground.diffusion import views
from playground.diffusion.data import SHAPES, PointsParams, make_points, parse_upload
from playground.errors import InputError
from playground.diffusion import figures
from playground.points import points_to_csv
from ui import common
from ui.common import t, url_choice

NS = "diffusion"


bundled = st.cache_resource(show_spinner=False)(diff.load_bundled)  # read-only once loaded


@st.cache_data(max_entries=16, show_spinner=False)
def reverse(_model, model_id: str, schedule, method: str, n_steps: int, seed: int, X):
    return views.reverse_process(_model, schedule, method, n_steps, seed, X)


def bounded_slider(label: str, low: int, high: int, default: int, key: str, **kwargs) -> int:
    """A slider whose maximum follows other controls: a value above it is lowered, and a value
    at the old maximum moves with it (a view of the end stays at the end)."""
    end, st.session_state[f"{key}_end"] = st.session_state.get(f"{key}_end"), high
    if key not in st.session_state:
        return st.slider(label, low, high, min(default, high), key=key, **kwargs)
    value = st.session_state[key]
    st.session_state[key] = high if value == end or value > high else value
    return st.slider(label, low, high, key=key, **kwargs)


def data_controls():
    """Returns X (None while no valid upload), PointsParams (None for uploads), signature, seed."""
    source = url_choice(st.selectbox, t("diffusion.data"), (*SHAPES, "upload"), key="diffusion_data",
                        default="moons", format_func=lambda s: t(f"diffusion.shape.{s}"))
    if source == "upload":
        upload = st.file_uploader(t("data.upload"), type=["csv"], key="diffusion_upload",
                                  help=t("diffusion.upload_help"))
        seed = common.seed_input("diffusion_seed")
        if upload is None:
            st.info(t("data.upload_waiting"))
            return None, None, "upload:none", seed
        try:
            X, signature = parse_upload(upload.getvalue())
            return X, None, signature, seed
        except InputError as error:
            common.show_input_error(error)
            return None, None, "upload:bad", seed
    n = st.slider(t("data.n_points"), 100, 2000, 1000, step=100, key="diffusion_n",
                  bind="query-params")
    with common.secondary_controls():
        noise = st.slider(t("data.noise"), 0.0, 0.3, 0.05, step=0.01, key="diffusion_noise",
                          bind="query-params", help=t("data.noise_help"))
        seed = common.seed_input("diffusion_seed")
    params = PointsParams(source, n, noise, seed)
    return make_points(params), params, repr(params), seed


def train_here(X, signature: str, schedule: diff.ScheduleParams, budget: diff.TrainParams):
    """Live progress and loss; Stop's rerun interrupts the loop, the shelf keeps the model."""
    bar, chart = st.progress(0.0), st.empty()

    def report(progress: diff.TrainProgress):
        shelf.keep(signature, progress, budget)
        bar.progress(progress.iteration / progress.n_iterations, text=t(
            "diffusion.progress", done=progress.iteration, total=progress.n_iterations,
            loss=progress.loss, seconds=progress.elapsed))
        if progress.iteration % 250 == 0 or progress.iteration == progress.n_iterations:
            chart.plotly_chart(figures.loss_figure(progress.losses, tr),
                               key=f"diffusion_loss_{progress.iteration}")

    diff.train(X, schedule, budget, callback=report)


common.page_intro(NS)
tr = common.tr()
controls, area = st.columns([1, 2.4], gap="large")
with controls:
    X, data, signature, seed = data_controls()
    st.subheader(t("diffusion.schedule_settings"))
    kind = url_choice(st.segmented_control, t("diffusion.schedule_kind"), diff.SCHEDULES,
                      default="cosine", key="diffusion_schedule", help=t("diffusion.schedule_help"),
                      format_func=lambda k: t(f"diffusion.schedule.{k}"))
    T = st.slider(t("diffusion.n_steps"), diff.MIN_STEPS, diff.MAX_STEPS, 100, step=10,
                  key="diffusion_T", bind="query-params", help=t("diffusion.n_steps_help"))
    schedule = diff.ScheduleParams(kind, T)
    st.subheader(t("diffusion.training"))
    iterations = st.select_slider(t("diffusion.iterations"), [250, 500, 1000, 1500, 3000, 6000],
                                  value=1500, key="diffusion_iters", bind="query-params",
                                  help=t("diffusion.iterations_help"))
    left, right = st.columns(2)
    start = left.button(t("diffusion.train"), key="diffusion_train", type="primary",
                        icon=":material/play_arrow:", disabled=X is None)
    right.button(t("diffusion.stop"), key="diffusion_stop", icon=":material/stop:",
                 help=t("diffusion.stop_help"))  # any click reruns the page: that is the stop
    shelf = st.session_state.setdefault("diffusion_models", views.ModelShelf())
    if start:
        train_here(X, signature, schedule, diff.TrainParams(iterations, seed=seed))
    entry, model = shelf.get(signature), None
    if entry:
        model, model_id = entry["model"], entry["id"]
        st.caption(t("diffusion.model_trained", **model.info))
        common.plotly_chart(figures.loss_figure(entry["losses"], tr), key="diffusion_loss",
                            filename="diffusion-loss")
    elif data is not None:
        model, model_id = bundled(data.name), f"bundled:{data.name}"
        st.caption(t("diffusion.model_bundled", iterations=model.info["iterations"]))
    elif X is not None:
        st.info(t("diffusion.model_none"))

code = views.points_snippet(PointsParams(), schedule, "ddpm", 100, seed, None)
with area:
    if X is not None:
        box = figures.view_box(X, diff.standardise(X)[1])
        st.subheader(t("diffusion.forward"))
        step = bounded_slider(t("diffusion.forward_step"), 0, T - 1, T // 4, key="diffusion_t",
                              bind="query-params")
        st.caption(t("diffusion.forward_caption", **views.signal_left(schedule, step)))
        common.plotly_chart(figures.forward_figure(
            X, views.forward_points(X, schedule, step, seed), step, views.snr_curves(T), kind,
            box, tr), key="diffusion_forward", filename=f"diffusion-forward-{kind}-{step}")
    if model is not None:
        st.subheader(t("diffusion.reverse"))
        method = url_choice(st.segmented_control, t("diffusion.sampler_label"), diff.SAMPLERS,
                            default="ddpm", key="diffusion_sampler", help=t("diffusion.sampler_help"),
                            format_func=lambda m: t(f"diffusion.sampler.{m}"))
        n_steps = bounded_slider(t("diffusion.sampling_steps"), 2, T, 100, key="diffusion_steps",
                                 bind="query-params", help=t("diffusion.sampling_steps_help"))
        result, score = reverse(model, model_id, schedule, method, n_steps, seed, X)
        K = len(result.timesteps)
        k = bounded_slider(t("diffusion.reverse_step"), 0, K, K, key="diffusion_k")
        st.metric(t("diffusion.quality"), f"{score['samples']:.4f}",
                  help=t("diffusion.quality_help", noise=f"{score['noise']:.3f}"))
        common.plotly_chart(figures.reverse_figure(result.trajectory, result.timesteps, X, k, box,
                                                   tr), key="diffusion_reverse",
                            filename=f"diffusion-reverse-{method}")
        arrow_step = int(result.timesteps[min(k, K - 1)])
        grid, directions = views.direction_grid(model, schedule, arrow_step, box)  # 2 ms
        common.plotly_chart(figures.direction_figure(grid, directions, result.trajectory[k], X,
                                                     arrow_step, box, tr),
                            key="diffusion_arrows", filename=f"diffusion-arrows-{arrow_step}")
        common.csv_download(points_to_csv(result.samples, [0] * len(result.samples)),
                            filename="generated.csv", key="diffusion_csv_out")
        code = views.points_snippet(data, schedule, method, n_steps, seed,
                                    entry["budget"] if entry else None)
common.page_outro(NS, code)
