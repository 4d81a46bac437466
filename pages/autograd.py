"""Tensors and autograd (chapter §1.1.3): the chapter's ``out.backward()`` example as the graph
torch records, the chain rule with the user's numbers, TensorFlow's GradientTape beside torch,
tensor basics (broadcasting, NumPy sharing) and the chapter's listing run as printed."""

import streamlit as st

from playground.autograd import derivation, figures, model, tf_parity
from playground.autograd.snippet import code_snippet
from playground.autograd.spec import SPEC
from playground.errors import InputError
from playground.i18n import Translator
from ui import common
from ui.autograd_views import basics_view, chapter_view, keep_text_in_url, text_control
from ui.common import t

NS = "autograd"


@st.cache_data(max_entries=128, show_spinner=False)
def run_graph(params: model.GraphParams) -> model.GraphResult:
    return model.run(params)


@st.cache_data(max_entries=64, show_spinner=False)
def graph_chart(params: model.GraphParams, lang: str, scale: float):
    """The graph figure (about 50 ms to build: plotly validates every annotation)."""
    return figures.graph_figure(run_graph(params), Translator(lang), scale=scale)


@st.cache_data(max_entries=128, show_spinner=False)
def tf_gradients(params: model.GraphParams):
    return tf_parity.gradients(params)


def autograd_view() -> model.GraphParams:
    """Controls, graph, derivation and the torch / TensorFlow tables; returns the parameters
    shown (the chapter's when the input is invalid)."""
    # Controls in a row above the graph: the graph needs the page's full width.
    x_area, numbers_area, ops_area = st.columns([1, 1, 1.5], gap="medium")
    values = {"x": text_control(SPEC, "x", x_area)}
    for key in ("add", "mul"):
        values[key] = common.control(SPEC, key, container=numbers_area)
    with ops_area:
        common.controls(SPEC, ("op", "reduce", "tf"), values=values)
    try:
        view = SPEC.params(values)
        result = run_graph(view.graph)
    except InputError as error:
        common.show_input_error(error)
        return model.GraphParams()
    keep_text_in_url(SPEC, "x", values["x"])
    tr = common.tr()
    common.metric_row(SPEC.metrics(result, tr))
    scale = 1.25 if common.presenting() else 1.0  # larger type for a projector
    common.plotly_chart(graph_chart(view.graph, common.lang(), scale), key="autograd_graph",
                        filename=f"autograd-graph-{view.graph.op}-{view.graph.reduce}")
    grads = None
    if not view.tensorflow:
        st.caption(t("autograd.tf.off"))
    else:
        with st.spinner(t("autograd.tf.loading")):
            grads = tf_gradients(view.graph)
        if grads is None:
            st.info(t("autograd.tf.unavailable"))
        else:
            st.caption(figures.parity_note(result, grads, tr))
    st.subheader(t("autograd.section.derivation"))
    for kind, text in derivation.derivation(result, tr):
        if kind == "latex":
            st.latex(text)
        else:
            st.markdown(text)
    st.subheader(t("autograd.section.tables"))
    tensors_area, entries_area = st.columns([1.3, 1], gap="medium")
    common.dataframe(figures.tensor_table(result, grads, tr), container=tensors_area,
                     hide_index=True)
    common.dataframe(figures.gradient_table(result, grads, tr), container=entries_area,
                     hide_index=True)
    common.csv_download(figures.gradients_csv(result, grads, tr),
                        filename="autograd-gradients.csv", key="autograd_csv")
    return view.graph


common.page_intro(NS)
graph_tab, basics_tab, chapter_tab = st.tabs([t("autograd.tabs.autograd"),
                                              t("autograd.tabs.basics"),
                                              t("autograd.tabs.chapter")])
with graph_tab:
    params = autograd_view()
with basics_tab:
    shapes = basics_view()
with chapter_tab:
    chapter_view()
common.page_outro(NS, code_snippet(params, *shapes))
