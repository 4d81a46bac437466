"""Unconditional image generation (chapter §1.3.2) with a diffusion model (§1.2.2): new 8 × 8
handwritten digits drawn from noise by the bundled denoiser."""

import time

import streamlit as st

from playground.diffusion import model as diff
from playground.diffusion import views
from playground.diffusion.data import to_pixels
from playground.diffusion import figures
from ui import common
from ui.common import t, url_choice

NS = "diffusion_digits"
N_IMAGES = 16
STEP_OPTIONS = (5, 10, 20, 50, 100, 200, 500, 1000)


@st.cache_resource(show_spinner=False)
def digits_model() -> diff.DiffusionModel:
    return diff.load_bundled("digits")  # read-only afterwards: sampling is safe from any session


@st.cache_data(max_entries=32, show_spinner=False)
def generate(method: str, n_steps: int, seed: int):
    started = time.perf_counter()
    result = diff.generate(digits_model(), N_IMAGES, method=method, n_steps=n_steps, seed=seed,
                           keep_trajectory=True)
    seconds = time.perf_counter() - started
    strips = [views.digit_strip(result, i) for i in range(N_IMAGES)]
    return to_pixels(result.samples), strips, seconds


@st.cache_data(max_entries=16, show_spinner=False)
def comparison(seed: int):
    return views.digits_comparison(digits_model(), seed=seed)


common.page_intro(NS)
model = digits_model()
st.caption(t("diffusion_digits.model_status", iterations=model.info["iterations"],
             params=f"{sum(p.numel() for p in model.denoiser.parameters()):,}"))
controls, area = st.columns([1, 2.6], gap="large")
with controls:
    st.subheader(t("diffusion_digits.settings"))
    method = url_choice(st.segmented_control, t("diffusion.sampler_label"), diff.SAMPLERS,
                        default="ddpm", key="diffusion_digits_sampler", help=t("diffusion.sampler_help"),
                        format_func=lambda m: t(f"diffusion.sampler.{m}"))
    n_steps = st.select_slider(t("diffusion_digits.steps"), STEP_OPTIONS, value=100, key="diffusion_digits_steps",
                               bind="query-params", help=t("diffusion_digits.steps_help"))
    seed = common.seed_input("diffusion_digits_seed")
    follow = st.slider(t("diffusion_digits.follow"), 1, N_IMAGES, 1, key="diffusion_digits_follow",
                       bind="query-params")

images, strips, seconds = generate(method, n_steps, seed)
with area:
    st.subheader(t("diffusion_digits.grid"))
    common.plotly_chart(figures.digit_grid(images, common.tr(), height=230), key="diffusion_digits_grid",
                        filename=f"digits-{method}-{n_steps}-{seed}")
    st.caption(t("diffusion_digits.grid_caption", n=N_IMAGES, steps=n_steps, seconds=seconds,
                 sampler=t(f"diffusion.sampler.{method}")))
    st.subheader(t("diffusion_digits.strip"))
    noisy, guesses, steps = strips[follow - 1]
    common.plotly_chart(figures.denoising_strip(noisy, guesses, steps, common.tr()),
                        key="diffusion_digits_strip", filename=f"digit-denoising-{method}-{follow}")

st.subheader(t("diffusion_digits.compare"))
st.caption(t("diffusion_digits.compare_caption", seed=seed))
common.plotly_chart(figures.comparison_grid(comparison(seed), common.tr()),
                    key="diffusion_digits_compare", filename=f"digits-compare-{seed}")
common.page_outro(NS, views.digits_snippet(method, n_steps, seed, N_IMAGES))
