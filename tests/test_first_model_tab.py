"""The Gradio tab of the first model: its view answers in both languages with the chapter's
number, bad points and a diverging learning rate get a message, scrubbing and playing work, and
the tab builds inside a Blocks and answers over HTTP."""

from __future__ import annotations

import pandas as pd
import pytest

gr = pytest.importorskip("gradio")

from playground.first_model import model as fm  # noqa: E402
from playground.first_model.spec import SPEC  # noqa: E402
from gradio_helpers import served_tab  # noqa: E402
from ui import gradio_first_model as tab  # noqa: E402

DEFAULTS = [SPEC.defaults()[key] for key in tab.CONTROL_KEYS]
CHAPTER = pd.DataFrame(fm.Points().rows())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_view_returns_every_output(lang):
    summary, fit, loss, weights, epoch, why, start, code, environment = tab.first_model_view(
        lang, *DEFAULTS, CHAPTER)
    assert "18.9776" in summary and "⚠️" not in summary
    assert all(fig is not None for fig in (fit, loss, weights, start))
    assert epoch["maximum"] == 500 and epoch["value"] == 500
    assert "tensorflow" in code and "2.21" in environment
    assert ("least" if lang == "en" else "最小二乘") in why


@pytest.mark.parametrize("table, key", [
    (pd.DataFrame({"x": ["abc", 1], "y": [1, 2]}), "first_model.err_not_number"),
    (pd.DataFrame({"x": [], "y": []}), "first_model.err_empty"),
    (None, "first_model.err_empty"),
])
def test_bad_points_get_a_message_not_a_traceback(table, key):
    from playground.i18n import Translator

    outputs = tab.first_model_view("zh", *DEFAULTS, table)
    assert outputs[0] == "⚠️ " + Translator("zh")(key, row=1)


def test_a_diverging_rate_says_so():
    values = dict(zip(tab.CONTROL_KEYS, DEFAULTS), lr=1.0)
    summary = tab.first_model_view("en", *values.values(), CHAPTER)[0]
    assert summary.startswith("⚠️") and "diverged" in summary


def test_scrub_and_play():
    fit, loss, weights = tab.first_model_epoch("en", *DEFAULTS, CHAPTER, 10)
    assert fit.layout.title.text.startswith("Epoch 10")
    assert fit.frames[0].name == "0" and fit.frames[-1].name == "500"  # the browser plays them


def test_tab_builds_and_answers_over_http():
    with served_tab(tab) as (client, view, inputs):
        assert view is tab.first_model_view and len(inputs) == 1 + len(tab.CONTROL_KEYS) + 1
        result = client.predict("en", *DEFAULTS, {"headers": ["x", "y"],
                                                  "data": [list(r.values()) for r in
                                                           fm.Points().rows()]},
                                api_name="/first_model_view")
        assert "18.9776" in result[0]
