"""Streamlit parts of the autograd page particular to it: the text boxes kept in the URL, the
tensor-basics view (broadcasting, NumPy sharing) and the chapter's listing run as printed."""

from __future__ import annotations

import streamlit as st

from playground.autograd import basics, chapter, figures
from playground.autograd.spec import BASICS_SPEC
from playground.errors import InputError
from playground.spec import Spec
from ui import common
from ui.common import t


def text_control(spec: Spec, key: str, container) -> str:
    """A spec text box whose value a shared link carries.

    The spec renderer keeps text out of the URL because free text can be long; these boxes
    hold at most a few hundred characters, so ``?autograd_x=1,2;3,4`` restores the view. The
    URL value is read once, before the widget exists; it is written back by
    :func:`keep_text_in_url` only once it parsed.
    """
    widget_key = spec.widget_key(key)
    raw = st.query_params.get(widget_key)
    if widget_key not in st.session_state and raw is not None and len(raw) <= spec[key].max_chars:
        st.session_state[widget_key] = raw
    return common.control(spec, key, container=container)


def keep_text_in_url(spec: Spec, key: str, value: str) -> None:
    """Put a valid text value in the URL (the default leaves it out)."""
    widget_key = spec.widget_key(key)
    if value == spec[key].default:
        st.query_params.pop(widget_key, None)
    elif st.query_params.get(widget_key) != value:
        st.query_params[widget_key] = value


@st.cache_data(max_entries=1, show_spinner=False)
def chapter_run() -> chapter.ListingRun:
    return chapter.run_listing()


def basics_view() -> tuple:
    """Broadcasting two shapes and NumPy memory sharing; returns the shapes for the snippet."""
    st.markdown(t("autograd.basics.intro"))
    first, second, third = st.columns([1, 1, 1.4])
    values = {"shape_a": text_control(BASICS_SPEC, "shape_a", first),
              "shape_b": text_control(BASICS_SPEC, "shape_b", second)}
    try:
        view = BASICS_SPEC.params({**values, "poke": BASICS_SPEC["poke"].default})
        for key, value in values.items():
            keep_text_in_url(BASICS_SPEC, key, value)
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
    common.dataframe(figures.broadcast_table(result, common.tr()), hide_index=True)
    st.divider()
    st.markdown(t("autograd.basics.sharing_intro"))
    poke = common.control(BASICS_SPEC, "poke")
    shared = basics.sharing(poke)
    st.code(f"a = np.arange(3.0)\nshared = torch.from_numpy(a)\ncopied = torch.tensor(a)\n"
            f"a[0] = {figures.number(poke)}", language="python")
    common.dataframe(figures.sharing_table(shared, common.tr()), hide_index=True)
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
    common.dataframe(figures.listing_table(run, common.tr()), hide_index=True)
