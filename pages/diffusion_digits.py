"""Unconditional image generation (chapter §1.3.2) with a diffusion model (§1.2.2): new 8 × 8
handwritten digits drawn from noise by the bundled denoiser."""

import streamlit as st

from playground.diffusion_digits import figures
from playground.diffusion_digits.model import (N_IMAGES, digits_comparison, generate_grid,
                                               load_model, n_parameters)
from playground.diffusion_digits.snippet import code_snippet
from playground.diffusion_digits.spec import SPEC
from playground.i18n import Translator
from ui import common
from ui.common import t

NS = "diffusion_digits"

digits_model = st.cache_resource(show_spinner=False)(load_model)  # read-only once loaded


@st.cache_data(max_entries=32, show_spinner=False)
def grid(method: str, n_steps: int, seed: int):
    return generate_grid(digits_model(), method, n_steps, seed)


@st.cache_data(max_entries=16, show_spinner=False)
def comparison_figure(seed: int, lang: str):
    """The comparison rows depend on the seed alone: their figure is built once per seed and
    language (38 ms), not again on every move of the other controls (a cached copy: 4 ms)."""
    return figures.comparison_grid(digits_comparison(digits_model(), seed=seed),
                                   Translator(lang))


common.page_intro(NS)
model = common.or_stop(digits_model)  # a broken model file: its message, no traceback
st.caption(t("diffusion_digits.model_status", iterations=f"{model.info['iterations']:,}",
             params=f"{n_parameters(model):,}"))
controls, area = st.columns([1, 2.6], gap="large")
with controls:
    st.subheader(t("diffusion_digits.settings"))
    view = SPEC.params(common.controls(SPEC))

images, strips, seconds = grid(view.method, view.n_steps, view.seed)
tr = common.tr()
with area:
    st.subheader(t("diffusion_digits.grid"))
    common.plotly_chart(figures.digit_grid(images, tr, height=230, follow=view.follow), key="diffusion_digits_grid",
                        filename=f"digits-{view.method}-{view.n_steps}-{view.seed}")
    st.caption(t("diffusion_digits.grid_caption", n=N_IMAGES, steps=view.n_steps, seconds=seconds,
                 sampler=t(f"diffusion.sampler.{view.method}")))
    st.subheader(t("diffusion_digits.strip"))
    st.caption(t("diffusion_digits.strip_caption", n=view.follow))
    common.plotly_chart(figures.denoising_strip(*strips[view.follow - 1], tr),
                        key="diffusion_digits_strip",
                        filename=f"digit-denoising-{view.method}-{view.follow}")

st.subheader(t("diffusion_digits.compare"))
st.caption(t("diffusion_digits.compare_caption", seed=view.seed))
common.plotly_chart(comparison_figure(view.seed, common.lang()),
                    key="diffusion_digits_compare", filename=f"digits-compare-{view.seed}")
common.page_outro(NS, code_snippet(view))
