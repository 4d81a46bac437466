"""Tensors and autograd (chapter §1.1.3): the chapter's ``out.backward()`` example as the graph
torch records, the chain rule with the user's numbers, TensorFlow's GradientTape beside torch,
tensor basics (broadcasting, NumPy sharing) and the chapter's listing run as printed."""

import streamlit as st

from playground.autograd import basics, chapter, derivation, figures, model, tf_parity
from playground.autograd.snippet import code_snippet
from playground.autograd.spec import BASICS_SPEC, SPEC
from playground.errors import InputError
from playground.i18n import Translator
from ui import common
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


@st.cache_data(max_entries=1, show_spinner=False)
def chapter_run() -> chapter.ListingRun:
    return chapter.run_listing()


def autograd_view() -> model.GraphParams:
    """Controls, graph, derivation and the torch / TensorFlow tables; returns the parameters
    shown (the chapter's when the input is invalid)."""
    # Controls in a row above the graph: the graph needs the page's full width.
    x_area, numbers_area, ops_area = st.columns([1, 1, 1.5], gap="medium")
    values = {"x": common.control(SPEC, "x", container=x_area)}
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
            diff = figures.max_difference(result, grads)
            st.caption(t("autograd.tf.agree" if diff <= 1e-4 * (1 + abs(result.out))
                         else "autograd.tf.disagree", diff=f"{diff:.2g}"))
    derive_area, table_area = st.columns([1.2, 1], gap="large")
    with derive_area:
        st.subheader(t("autograd.section.derivation"))
        for kind, text in derivation.derivation(result, tr):
            if kind == "latex":
                st.latex(text)
            else:
                st.markdown(text)
    with table_area:
        st.subheader(t("autograd.section.tables"))
        st.dataframe(figures.tensor_table(result, grads, tr), hide_index=True)
        st.dataframe(figures.gradient_table(result, grads, tr), hide_index=True)
        common.csv_download(figures.gradients_csv(result, grads, tr),
                            filename="autograd-gradients.csv", key="autograd_csv")
    return view.graph


def basics_view() -> tuple:
    """Broadcasting two shapes and NumPy memory sharing; returns the shapes for the snippet."""
    st.markdown(t("autograd.basics.intro"))
    first, second, third = st.columns([1, 1, 1.4])
    values = {"shape_a": common.control(BASICS_SPEC, "shape_a", container=first),
              "shape_b": common.control(BASICS_SPEC, "shape_b", container=second)}
    try:
        view = BASICS_SPEC.params({**values, "poke": BASICS_SPEC["poke"].default})
    except InputError as error:
        common.show_input_error(error)
        view = BASICS_SPEC.params()
    result = basics.broadcast(view.shape_a, view.shape_b)
    a, b = figures.shape_text(result.a), figures.shape_text(result.b)
    if result.ok:
        third.success(t("autograd.basics.fits", a=a, b=b, shape=figures.shape_text(result.shape)))
    else:
        third.error(t("autograd.basics.clash", a=a, b=b))
    common.metric_row([(t("autograd.basics.rule"), figures.shape_text(result.shape)),
                       ("NumPy", figures.shape_text(result.numpy_shape)),
                       ("torch", figures.shape_text(result.torch_shape))])
    st.caption(t("autograd.basics.checked" if result.agrees else "autograd.basics.differs"))
    st.dataframe(figures.broadcast_table(result, common.tr()), hide_index=True)
    st.divider()
    st.markdown(t("autograd.basics.sharing_intro"))
    poke = common.control(BASICS_SPEC, "poke")
    shared = basics.sharing(poke)
    st.code(f"a = np.arange(3.0)\nshared = torch.from_numpy(a)\ncopied = torch.tensor(a)\n"
            f"a[0] = {figures.number(poke)}", language="python")
    st.dataframe(figures.sharing_table(shared, common.tr()), hide_index=True)
    st.caption(t("autograd.basics.back", answer=t("autograd.yes" if shared.back_same_memory
                                                  else "autograd.no")))
    return view.shape_a, view.shape_b


def chapter_view() -> None:
    """The chapter's listing, run unchanged; the book's printed lines beside this machine's."""
    import torch

    run = chapter_run()
    st.markdown(t("autograd.listing.intro"))
    st.code(run.code, language="python")
    book, machine = st.columns(2)
    book.markdown(f"**{t('autograd.listing.book')}**")
    book.code("\n".join(c.book for c in run.lines), language="text")
    machine.markdown(f"**{t('autograd.listing.machine', version=torch.__version__)}**")
    machine.code("\n".join(c.machine for c in run.lines), language="text")
    if run.error:
        st.error(t("autograd.listing.error", error=run.error))
    elif run.all_match:
        st.success(t("autograd.listing.all_match"))
    else:
        st.warning(t("autograd.listing.mismatch"))
    st.dataframe(figures.listing_table(run, common.tr()), hide_index=True)


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
