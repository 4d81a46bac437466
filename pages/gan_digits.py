"""Unconditional image generation (chapter §1.3.2) with a generative adversarial network
(§1.2.2): new 8 × 8 digits from the bundled generator, a walk in noise space, and the GAN beside
the bundled diffusion digits model."""

import numpy as np
import streamlit as st

from playground.errors import InputError
from playground.gan_digits import figures, views
from playground.gan_digits import model as gan
from playground.gan_digits.snippet import code_snippet
from playground.gan_digits.spec import COMPARE_KEYS, GRID_KEYS, SPEC, WALK_KEYS
from ui import common
from ui.common import t

NS = "gan_digits"


@st.cache_resource(show_spinner=False)
def generator() -> gan.GanModel:
    return gan.load_model()  # read-only afterwards: sampling is safe from any session


@st.cache_resource(show_spinner=False)
def diffusion_model():
    return views.load_diffusion_digits()


@st.cache_data(max_entries=64, show_spinner=False)
def grid(count: int, seed: int) -> views.Samples:
    return views.grid(generator(), views.ViewParams(count=count, seed=seed))


@st.cache_data(max_entries=64, show_spinner=False)
def walk(params: views.ViewParams):
    return views.walk(generator(), params)


@st.cache_data(max_entries=32, show_spinner=False)
def comparison(count: int, seed: int, sampler: str, steps: int) -> list[views.Samples]:
    params = views.ViewParams(count=count, seed=seed, sampler=sampler, diffusion_steps=steps)
    return views.comparison(generator(), diffusion_model(), params)


def pick_from_grid() -> None:
    """A click on a digit of the grid: the walk now runs from the previous end to it."""
    event = st.session_state.get("gan_digits_grid_chart")
    points = event.selection.points if event else []
    if points and "customdata" in points[0]:
        cell = int(np.ravel(points[0]["customdata"])[0])
        st.session_state["gan_digits_start"] = st.session_state.get("gan_digits_end", cell)
        st.session_state["gan_digits_end"] = cell


common.page_intro(NS)
try:
    model = generator()
except InputError as error:
    common.show_input_error(error)
    st.stop()
st.caption(t("gan_digits.model_status", iterations=model.info.get("iterations", "?"),
             params=f"{sum(p.numel() for p in model.generator.parameters()):,}"))

values: dict = {}
grid_controls, grid_area = st.columns([1, 2.8], gap="large")
with grid_controls:
    st.subheader(t("gan_digits.settings"))
    common.controls(SPEC, GRID_KEYS, values=values)
st.subheader(t("gan_digits.walk"))
walk_controls, walk_area = st.columns([1, 2.8], gap="large")
with walk_controls:
    common.controls(SPEC, WALK_KEYS, values=values)
st.subheader(t("gan_digits.compare"))
st.markdown(t("gan_digits.compare_lesson"))
compare_controls, compare_area = st.columns([1, 2.8], gap="large")
with compare_controls:
    common.controls(SPEC, COMPARE_KEYS, values=values)
params = SPEC.params(values)
tr = common.tr()

samples = grid(params.count, params.seed)
with grid_area:
    st.subheader(t("gan_digits.grid"))
    common.plotly_chart(figures.digit_grid(samples, tr, pickable=True),
                        key="gan_digits_grid_chart",
                        filename=f"gan-digits-{params.count}-seed{params.seed}",
                        on_select=pick_from_grid, selection_mode="points")
    st.caption(t("gan_digits.grid_caption", n=params.count, seed=params.seed,
                 ms=samples.seconds * 1000))
    common.metric_row(SPEC.metrics(samples, tr))
    common.csv_download(views.pixels_csv([samples], params.seed),
                        filename=f"gan-digits-seed{params.seed}.csv", key="gan_digits_grid_csv",
                        label_key="gan_digits.download_grid")

images, readings = walk(params)
with walk_area:
    common.plotly_chart(figures.walk_strip(images, readings, params.start, params.end, tr),
                        key="gan_digits_walk_chart",
                        filename=f"gan-walk-{params.start}-{params.end}-seed{params.seed}")
    st.caption(t("gan_digits.walk_caption", start=params.start, end=params.end,
                 seed=params.seed, frames=params.frames))

with compare_area:
    try:
        with st.spinner():
            sets = comparison(params.count, params.seed, params.sampler, params.diffusion_steps)
    except InputError as error:
        common.show_input_error(error)
    else:
        common.plotly_chart(figures.side_by_side(sets, tr), key="gan_digits_compare_chart",
                            filename=f"gan-vs-diffusion-seed{params.seed}")
        st.caption(t("gan_digits.compare_caption", n=params.count, seed=params.seed))
        common.dataframe(figures.comparison_table(sets, tr), hide_index=True)
        st.caption(t("gan_digits.table_help"))
        st.markdown(f"**{t('gan_digits.histogram')}**")
        common.plotly_chart(figures.class_histogram(sets, tr), key="gan_digits_histogram_chart",
                            filename=f"gan-vs-diffusion-classes-seed{params.seed}")
        common.csv_download(views.pixels_csv(sets, params.seed),
                            filename=f"gan-vs-diffusion-seed{params.seed}.csv",
                            key="gan_digits_compare_csv", label_key="gan_digits.download_compare")
st.caption(t("common.png_hint"))
common.page_outro(NS, code_snippet(params, model.config))
