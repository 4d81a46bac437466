"""The Gradio tab of the GAN digits page: its view answers in both languages, bad input gets a
message, and the tab builds inside a Blocks."""

from __future__ import annotations

import pytest

gr = pytest.importorskip("gradio")
pytest.importorskip("torch")

from playground.gan_digits.spec import SPEC  # noqa: E402
from gradio_helpers import served_tab  # noqa: E402
from ui import gradio_gan_digits as tab  # noqa: E402

DEFAULTS = [SPEC.defaults()[key] for key in tab.CONTROL_KEYS]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_view_returns_every_output(lang):
    summary, grid, walk, compare, table, histogram, csv = tab.gan_digits_view(lang, *DEFAULTS)
    assert ("Confidence" if lang == "en" else "把握") in summary
    assert all(fig is not None for fig in (grid, walk, compare, histogram))
    assert len(table) == 3
    with open(csv) as handle:
        assert handle.readline().startswith("model,index,seed,read_as")


def test_bad_values_get_a_message_not_a_traceback():
    values = dict(zip(tab.CONTROL_KEYS, DEFAULTS), count=100_000)
    outputs = tab.gan_digits_view("zh", *values.values())
    assert outputs[0].startswith("⚠️") and all(o is None for o in outputs[1:])


def test_tab_builds_with_the_spec_controls():
    with gr.Blocks():
        lang = gr.Radio(["en", "zh"], value="en")
        view, inputs, outputs = tab.build(lang)
    assert view is tab.gan_digits_view
    assert len(inputs) == 1 + len(tab.CONTROL_KEYS) and len(outputs) == 7


def test_view_answers_over_http_under_its_name():
    """The tab alone in a launched Blocks, called as the app registers it (api_name = the view
    function's name), so every output survives Gradio's serialisation."""
    with served_tab(tab) as (client, _view, _inputs):
        result = client.predict("zh", *DEFAULTS, api_name="/gan_digits_view")
    summary, grid, _walk, _compare, table, histogram, csv = result
    assert "把握" in summary and grid["type"] == "plotly" and histogram["type"] == "plotly"
    assert len(table["data"]) == 3 and str(csv).endswith(".csv")
