"""Readable from the back of the room: presenter scaling of figures, labels that fit, a reset
button on every page, a preview image for every home card."""

from __future__ import annotations

import base64
import importlib
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from apptest_helpers import ROOT, open_page, problems

from playground import spec as spec_module
from playground import style
from playground.topics import TOPICS


def _demo_figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=np.arange(5), y=np.arange(5.0), mode="lines+markers",
                               marker={"size": np.full(5, 8.0)}, line={"width": 2}))
    fig.add_annotation(text="note", x=1, y=1, font={"size": 11})
    fig.update_layout(title={"text": "A title", "font": {"size": 15}})
    return style.base_layout(fig, height=400, square=False)


def test_every_axis_grows_its_margin_to_fit_its_labels():
    fig = style.base_layout(go.Figure(go.Bar(x=[1, 2], y=["a long token", "b"],
                                             orientation="h")))
    assert fig.layout.xaxis.automargin and fig.layout.yaxis.automargin
    assert fig.layout.margin.l >= 20 and fig.layout.margin.t >= 40


def test_presenter_scaling_enlarges_every_text_marker_and_line():
    fig = _demo_figure()
    big = style.for_presenter(fig)
    assert big.layout.font.size >= style.MIN_PRESENTER_FONT
    assert big.layout.font.size >= style.FONT_SIZE * 1.5
    assert big.layout.annotations[0].font.size >= style.MIN_PRESENTER_FONT
    assert big.layout.title.font.size > 15
    assert min(big.data[0].marker.size) > 8 and big.data[0].line.width > 2
    assert big.layout.height > fig.layout.height
    # The original figure (maybe cached by the page) is left as it was.
    assert fig.layout.font.size == style.FONT_SIZE and fig.data[0].line.width == 2


def test_presenter_scaling_gives_default_markers_a_size():
    fig = style.base_layout(go.Figure(go.Scatter(x=[0, 1], y=[0, 1], mode="markers")))
    assert style.for_presenter(fig).data[0].marker.size > 6


def test_presenter_scaling_keeps_heatmaps_and_images_intact():
    fig = go.Figure(go.Heatmap(z=np.eye(3), texttemplate="%{z}", textfont={"size": 10}))
    big = style.for_presenter(style.base_layout(fig))
    assert big.data[0].textfont.size >= style.MIN_PRESENTER_FONT
    z = big.to_dict()["data"][0]["z"]  # plotly's base64 form, as sent to the browser
    decoded = np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"]).reshape(3, 3)
    assert np.array_equal(decoded, np.eye(3))


# --- "Reset to defaults" on every page -----------------------------------------------------

def _changed_control(spec: spec_module.Spec):
    """A control kept in the URL, always shown, and a value different from its default."""
    for item in spec.controls:
        if not item.url or item.shown_if is not None:
            continue
        if isinstance(item, spec_module.Slider) and getattr(item, "high_from", None) is None:
            value = item.high if item.default != item.high else item.low
            return item, value
        if isinstance(item, spec_module.Toggle):
            return item, not item.default
    for item in spec.controls:  # else a choice, set to its last option
        if item.url and item.shown_if is None and isinstance(item, spec_module.Choice):
            return item, [o for o in item.options if o != item.default][-1]
    return None, None


@pytest.mark.parametrize("topic", TOPICS, ids=[t.name for t in TOPICS])
def test_reset_button_restores_every_default(topic):
    spec = importlib.import_module(f"playground.{topic.name}.spec").SPEC
    item, value = _changed_control(spec)
    if item is None:
        pytest.skip(f"{topic.name}: no plain URL control to change")
    key = spec.widget_key(item.key)
    at = open_page(topic.page, "en", **{key: value})
    assert problems(at) == []
    assert at.get_by_key(key).value == value, "the link's value is shown"
    at.get_by_key(f"{topic.name}_reset_defaults").click().run()
    assert problems(at) == []
    assert at.get_by_key(key).value == item.default
    assert key not in at.query_params


# --- A preview image on every home card ----------------------------------------------------

def test_every_topic_has_a_preview_image():
    from PIL import Image

    for topic in TOPICS:
        path = ROOT / "assets" / "previews" / f"{topic.name}.png"
        assert path.exists(), f"{path.name}: run python scripts/screenshots.py --previews"
        with Image.open(path) as image:
            assert 100 <= image.width <= 800 and image.height >= 60
        assert path.stat().st_size < 150_000, "previews stay small"


# --- The Gradio app describes itself, and each tab has a heading ---------------------------

def test_gradio_intro_describes_the_gradio_app():
    from playground.i18n import load_catalogue

    intro = load_catalogue()["app.gradio_intro"]
    assert "address bar" not in intro["en"] and "地址栏" not in intro["zh"]


def _first_markdown(block):
    import gradio as gr

    for child in getattr(block, "children", []):
        if isinstance(child, gr.Markdown):
            return child
        found = _first_markdown(child)
        if found is not None:
            return found
    return None


def test_every_gradio_tab_opens_with_its_heading():
    import gradio as gr

    import app
    from ui.gradio_common import I18N

    english = I18N.translations["en"]
    demo = app.build_demo()
    tabs = [block for block in demo.blocks.values() if isinstance(block, gr.Tab)]
    assert len(tabs) == len(TOPICS)
    for tab, topic in zip(tabs, TOPICS, strict=True):
        first = _first_markdown(tab)
        value = str(getattr(first, "value", ""))
        key = re.search(r'"key": "([^"]+)"', value)  # Gradio's marker of a translated text
        text = english.get(key.group(1), value) if key else value
        assert str(text).lstrip().startswith("#"), f"{topic.name}: the tab opens with {text!r}"


def test_upload_limit_stated_once():
    """Streamlit's own uploader text ("Limit 1MB per file") agrees with the app's limit."""
    import tomllib

    from playground.uploads import MAX_UPLOAD_BYTES
    from ui.common import MAX_UPLOAD_MB

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB == 1
    assert MAX_UPLOAD_BYTES <= MAX_UPLOAD_MB * 1024 * 1024
