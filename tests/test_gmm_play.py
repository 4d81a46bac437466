"""The GMM page's EM view says one iteration everywhere (issue "Readable from the back of the
room", item 2): the slider, the metric and the chart's title agree, before and after Play; each
view names the initialisation it used."""

from __future__ import annotations

import json

import pytest

from apptest_helpers import open_page
from playground.datasets2d import make_dataset
from playground.gmm import figures
from playground.gmm import model as gmm
from playground.gmm.spec import SPEC
from playground.i18n import Translator

PAGE = "pages/gmm.py"


def test_metric_and_title_name_the_same_iteration_at_every_step():
    tr = Translator("en")
    settings = SPEC.params(SPEC.defaults())
    X, _ = make_dataset(settings.dataset)
    trace = gmm.em_trace(X, settings.mixture)
    for step in range(trace.n_iter + 1):
        shown = figures.em_metrics(trace, step, tr)[0][1]
        title = figures.em_figure(X, trace, step, trace.responsibilities(X, step), tr)
        assert shown == f"{step} of {trace.n_iter}"
        assert title.layout.title.text.startswith(f"Iteration {step} of {trace.n_iter}")


def _shown(at):
    slider = at.slider(key="gmm_iter").value
    metric = {m.label: m.value for m in at.metric}["EM iteration shown"]
    title = next(json.loads(c.proto.spec)["layout"]["title"]["text"]
                 for c in at.get("plotly_chart") if "gmm_em" in c.proto.id)
    return slider, metric, title


@pytest.fixture(scope="module")
def page():
    return open_page(PAGE, "en")


def test_slider_metric_and_title_agree(page):
    assert not page.exception
    slider, metric, title = _shown(page)
    assert metric == f"{slider} of {slider}" and title.startswith(f"Iteration {slider} of")
    page.slider(key="gmm_iter").set_value(1).run()
    slider, metric, title = _shown(page)
    assert slider == 1 and metric.startswith("1 of") and title.startswith("Iteration 1 of")


def test_after_play_everything_shows_the_last_iteration(page):
    page.button(key="gmm_play").click().run()
    assert not page.exception
    slider, metric, title = _shown(page)
    assert metric == f"{slider} of {slider}" and title.startswith(f"Iteration {slider} of {slider}")


@pytest.mark.parametrize("view", ["em", "choice", "sample", "compare"])
def test_every_view_names_its_initialisation(view):
    at = open_page(PAGE, "en", gmm_view=view, gmm_init="random")
    assert not at.exception
    assert any("**Random** initialisation" in c.value for c in at.caption)
