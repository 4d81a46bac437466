"""GAN lab (chapter §1.2.2): a generator and a discriminator play their game on 2-D points,
one visible move at a time, after Polo Club's GAN Lab; then failure modes and GAN vs diffusion."""

from dataclasses import replace

import numpy as np
import streamlit as st

from playground.errors import InputError
from playground.gan import views
from playground.gan.data import check_data, make_data
from playground.gan.snippet import code_snippet
from playground.gan.spec import SPEC, preset_settings
from ui import common, data2d, gan_live
from ui.common import t

NS = "gan"


@st.cache_data(max_entries=32, show_spinner=False)
def base_points(data):
    return make_data(data)


common.page_intro(NS)
tr = common.tr()
settings, area = st.columns([1, 2.6], gap="large")
with settings:
    values = common.controls(SPEC, keys=[c.key for c in SPEC.controls if c.key != "budget"])
    view = SPEC.params(values)
    if view.preset != "custom":
        st.caption(t("gan.preset_caption", settings=preset_settings(view.preset, tr)))

X0 = base_points(view.data)
data_key = repr(view.data)
X, _ = data2d.edited_points(NS, X0, np.zeros(len(X0), dtype=np.int64), data_key)
try:
    X = check_data(X)
except InputError as error:
    problem = error
else:
    problem = None
run = gan_live.current_run(None if problem else X, data_key, view)
box = views.view_box(X if len(X) else X0)

with settings:  # a click on the chart edits the real points, except while training runs
    click_mode = None if run["running"] else data2d.edit_controls(NS, [0])
    st.caption(t("gan.draw_help"))
with area:
    gan_live.transport(run, X, view)
    layers = st.pills(t("gan.layers"), gan_live.LAYERS, selection_mode="multi",
                      default=list(gan_live.LAYERS), key=f"{NS}_layers",
                      format_func=common.frozen_labels(
                          gan_live.LAYERS, lambda name: t(f"gan.layer.{name}")))
    if problem is not None:
        common.show_input_error(problem)
        gan_live.draw(views.blank_snapshot(X, box), box, (), click_mode, tr)
    else:
        gan_live.live_view(run, X, view, box, layers or (), click_mode)

st.subheader(t("gan.compare.heading"))
st.caption(t("gan.compare.intro"))
budget = common.control(SPEC, "budget")
if problem is None:
    gan_live.race(X, SPEC.params({**values, "budget": budget}), budget, data_key)

trainer = run["trainer"]
shown_data = view.data if np.array_equal(X, X0) else replace(view.data, name="draw")
common.page_outro(NS, code_snippet(shown_data, view.gan, trainer.step if trainer else None))
