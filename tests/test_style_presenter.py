"""Presenter mode, read from the back of the room: vertical axis titles fit beside their axis,
colour bar titles keep clear of their tick labels, and tables grow with the type."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from playground import style
from playground.i18n import Translator


def plot_height(fig: go.Figure) -> float:
    """What is left of a figure's height for its plot once margins, x tick labels and the x
    title are drawn (the same allowance as style._fit_vertical_titles makes)."""
    size = fig.layout.font.size
    margin = fig.layout.margin
    return fig.layout.height - margin.t - margin.b - 2 * 1.6 * size - 10


def test_a_long_vertical_title_grows_a_short_figure():
    fig = style.base_layout(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])), height=240, square=False)
    fig.update_xaxes(title="iteration")
    fig.update_yaxes(title="mean log-likelihood")
    fig.update_layout(margin=dict(t=10))
    shown = style.for_presenter(fig)
    size = shown.layout.font.size
    assert size >= style.MIN_PRESENTER_FONT
    assert plot_height(shown) >= style.text_width("mean log-likelihood", size)
    # A figure whose titles already fit keeps its height (only the presenter's 10 %).
    fig.update_yaxes(title="y")
    assert style.for_presenter(fig).layout.height == pytest.approx(240 * 1.1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gmm_log_likelihood_title_fits_in_presenter_mode(lang):
    """The GMM page's log-likelihood curve: its y title was cut at both ends on a projector."""
    from playground.datasets2d import make_dataset
    from playground.gmm import figures
    from playground.gmm import model as gmm
    from playground.gmm.spec import SPEC

    tr = Translator(lang)
    settings = SPEC.params({})
    X, _ = make_dataset(settings.dataset)
    trace = gmm.em_trace(X, settings.mixture)
    shown = style.for_presenter(figures.loglik_figure(trace, trace.n_iter, tr))
    title = shown.layout.yaxis.title.text
    assert plot_height(shown) >= style.text_width(title, shown.layout.font.size)


def test_colour_bar_title_and_ticks_get_the_presenter_size():
    z = np.linspace(-8, 0, 30)[None, :] * np.ones((30, 1))
    fig = style.base_layout(go.Figure([
        go.Contour(z=z, colorbar=dict(title=dict(text="log p(x)", side="right"))),
        go.Heatmap(z=z, colorbar=dict(title="D(x)")),  # a plain string title too
        go.Heatmap(z=z, showscale=False),
    ]), square=False)
    shown = style.for_presenter(fig)
    size = shown.layout.font.size
    for trace in shown.data[:2]:
        assert trace.colorbar.title.font.size == pytest.approx(size)
        assert trace.colorbar.tickfont.size == pytest.approx(size)
    assert shown.data[1].colorbar.title.text == "D(x)"
    assert shown.data[0].colorbar.title.side == "right"
    # A size the figure states is kept.
    fig.data[0].colorbar.title.font.size = 30
    assert style.for_presenter(fig).data[0].colorbar.title.font.size == pytest.approx(
        max(30 * style.FONT_SCALE, style.MIN_PRESENTER_FONT))


def test_text_width_counts_chinese_characters_as_square():
    assert style.text_width("平均对数似然", 20) == pytest.approx(120)
    assert style.text_width("abc", 20) == pytest.approx(36)


def test_tables_are_html_in_presenter_mode_and_grids_otherwise():
    """st.dataframe draws on a canvas at a fixed 14 px; in presenter mode common.dataframe
    shows an HTML table, which the presenter style sheet enlarges with the rest of the text."""
    from apptest_helpers import open_page, problems

    shown = open_page("pages/cnn.py", "en", present="1")
    assert problems(shown) == []
    assert len(shown.table) == 1 and len(shown.dataframe) == 0
    laptop = open_page("pages/cnn.py", "en")
    assert len(laptop.table) == 0 and len(laptop.dataframe) == 1
    from ui import common

    assert '[data-testid="stTable"]' in common.PRESENTER_CSS


def test_axis_titles_are_stated_at_the_presenter_size():
    """A right-hand axis title at plotly's default (larger) size ran into its tick labels."""
    from plotly.subplots import make_subplots

    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=[1, 2], y=[0.5, 0.9]))
    fig.add_trace(go.Scatter(x=[1, 2], y=[1.8, 0.4]), secondary_y=True)
    style.base_layout(fig, height=360, square=False)
    fig.update_yaxes(title_text="准确率", secondary_y=False)
    fig.update_yaxes(title_text="训练损失", secondary_y=True)
    fig.update_xaxes(title_text="轮次")
    shown = style.for_presenter(fig)
    size = shown.layout.font.size
    for axis in (shown.layout.xaxis, shown.layout.yaxis, shown.layout.yaxis2):
        assert axis.title.font.size == pytest.approx(size)


def test_a_legend_below_the_plot_gets_more_room_in_presenter_mode():
    """GMM's legends under two panels sat a fraction of the plot height below it, which met the
    enlarged x title ("分量个数 k") on a projector; anchored to the figure's edge, the room under
    the axis grows with the type instead."""
    fig = style.legend_below(style.base_layout(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])),
                                               square=False))
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
    assert fig.layout.margin.b == style.LEGEND_BELOW_MARGIN
    shown = style.for_presenter(fig)
    assert shown.layout.margin.b == pytest.approx(style.LEGEND_BELOW_MARGIN * style.FONT_SCALE)
    # A legend elsewhere leaves the margin alone.
    plain = style.base_layout(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])), square=False)
    assert style.for_presenter(plain).layout.margin.b == plain.layout.margin.b


@pytest.mark.parametrize("view", ["em", "criteria", "compare"])
def test_gmm_legends_under_panels_hang_from_the_figure_edge(view):
    from playground.datasets2d import make_dataset
    from playground.gmm import figures
    from playground.gmm import model as gmm
    from playground.gmm.spec import SPEC

    tr = Translator("zh")
    settings = SPEC.params({})
    X, _ = make_dataset(settings.dataset)
    params = settings.mixture
    if view == "em":
        trace = gmm.em_trace(X, params)
        fig = figures.em_figure(X, trace, 0, trace.responsibilities(X, 0), tr)
    elif view == "criteria":
        fig = figures.criteria_figure(gmm.information_criteria(X, params.init, params.seed),
                                      3, "full", tr)
    else:
        model, resp, full = gmm.fit_details(X, params)
        labels, centres = gmm.kmeans_matched(X, params, model.means_)
        fig = figures.compare_figure(X, resp, model.means_, full, labels, centres, tr)
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0


def test_colour_bar_titles_go_beside_the_bar():
    """On top of the bar the title sat on the highest tick label (the GAN lab's "D(x)" over
    "1"); base_layout puts it beside the bar unless the figure chose a side."""
    z = [[0, 1], [1, 0]]
    fig = style.base_layout(go.Figure([go.Heatmap(z=z, colorbar=dict(title="D(x)")),
                                       go.Heatmap(z=z, colorbar=dict(title=dict(text="t",
                                                                                side="top"))),
                                       go.Heatmap(z=z), go.Scatter(x=[0], y=[0])]))
    assert fig.data[0].colorbar.title.side == "right"
    assert fig.data[1].colorbar.title.side == "top"  # chosen by the figure: kept
    assert fig.data[2].colorbar.title.side is None  # no title, nothing to place


def test_a_listed_axis_grows_so_its_labels_do_not_overprint():
    """Eleven candidates on a 420 px chart: at the presenter's type each label needs a row."""
    import plotly.graph_objects as go

    from playground.style import base_layout, for_presenter

    rows = list(range(11))
    fig = go.Figure(go.Bar(y=rows, x=[1] * 11, orientation="h"))
    base_layout(fig, height=420, square=False)
    fig.update_layout(yaxis=dict(tickmode="array", tickvals=rows, ticktext=[str(r) for r in rows]))
    presented = for_presenter(fig)
    margin = presented.layout.margin
    plot = presented.layout.height - margin.t - margin.b
    assert plot >= 11 * presented.layout.font.size * 1.4 - 1
