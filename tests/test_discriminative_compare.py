"""The side-by-side view of the three families is readable (issue "Readable from the back of
the room", item 1): one title per panel, each on its own row; one legend entry per meaning;
panels at least 380 px tall, also in presenter mode."""

import plotly.graph_objects as go

from playground.datasets2d import DatasetParams, make_dataset
from playground.discriminative import figures
from playground.discriminative import model as disc
from playground.i18n import Translator
from playground.style import for_presenter


def _figure(lang="en"):
    X, y = make_dataset(DatasetParams())
    return figures.compare_figure(X, y, disc.compare_families(X, y, disc.ModelParams()),
                                  Translator(lang))


def _panel_heights(fig):
    layout = fig.layout
    plot = layout.height - layout.margin.t - layout.margin.b
    return [(axis.domain[1] - axis.domain[0]) * plot
            for axis in (layout.yaxis, layout.yaxis2, layout.yaxis3)]


def test_titles_one_per_row_with_family_and_accuracy():
    for lang, names in (("en", ("Logistic regression", "SVM")), ("zh", ("逻辑斯谛回归",))):
        fig = _figure(lang)
        titles = [a for a in fig.layout.annotations]
        assert len(titles) == 3
        assert len({round(a.y, 3) for a in titles}) == 3  # three rows, never side by side
        for name in names:
            assert any(name in a.text for a in titles)
        assert all("%" in a.text for a in titles)


def test_one_legend_entry_per_meaning():
    fig = _figure()
    shown = [trace.name for trace in fig.data if trace.showlegend is not False and trace.name]
    assert len(shown) == len(set(shown))
    assert shown.count("boundary (score 0)") == 1
    assert fig.layout.legend.y < 0  # below the panels, clear of the titles and their width


def test_panels_are_tall_enough_also_for_the_presenter():
    fig = _figure()
    assert min(_panel_heights(fig)) >= 380
    presented = for_presenter(fig)
    assert min(_panel_heights(presented)) >= 380
