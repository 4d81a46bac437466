"""The autograd Gradio tab alone: its view answers over HTTP in both languages, with the
chapter's 4.5 by default and a message (not an error) for bad input."""

from __future__ import annotations

import pytest

gr = pytest.importorskip("gradio")


@pytest.fixture(scope="module")
def client():
    from gradio_helpers import served_tab
    from ui import gradio_autograd

    with served_tab(gradio_autograd) as (served, _view, _inputs):
        yield served


ARGS = {"x": "1, 1; 1, 1", "add": 2.0, "mul": 3.0, "op": "square", "reduce": "mean",
        "tf": True, "shape_a": "3, 1", "shape_b": "4", "poke": 99}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chapter_defaults_over_http(client, lang):
    result = client.predict(lang=lang, **ARGS, api_name="/autograd_view")
    summary, figure, steps = result[:3]
    assert "4.5" in summary and figure is not None and "= 4.5$$" in steps
    assert "(3, 4)" in result[5]


def test_bad_input_gives_messages(client):
    result = client.predict(lang="en", **{**ARGS, "x": "1, inf", "shape_a": "3, -1"},
                            api_name="/autograd_view")
    assert result[0].startswith("⚠️") and "inf" in result[0]
    assert result[1] is None
    assert result[5].startswith("⚠️")
