"""User-supplied strings (an uploaded CSV's column names ...) are shown as plain text in both
apps' messages: a header cannot put a live link, a remote image or LaTeX into a warning."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from playground import points
from playground.errors import InputError, markdown_literal

EVIL = "[x](http://e.vil) ![i](http://e.vil/i.png) $x^2$ <img src=x> **b** :red[r]"


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).render(markdown)


def assert_plain(markdown: str, value: str = EVIL) -> None:
    out = rendered(markdown)
    assert "<a " not in out and "<img" not in out and "<strong>" not in out, out
    # every character shown as typed, inside a code span (no LaTeX, emoji or autolink there)
    codes = re.findall(r"<code>([^<]*)</code>", out)
    assert any(html.escape(value, quote=False) in code for code in codes), out


def test_markdown_literal_shows_text_as_typed():
    assert_plain(markdown_literal(EVIL))
    assert markdown_literal("price") == "price"  # plain words stay plain
    assert rendered(markdown_literal("a`b``c")).count("<code>a`b``c</code>") == 1


def upload_error() -> InputError:
    header = EVIL.replace(",", " ") + ",y,label"
    with pytest.raises(InputError) as caught:
        points.parse_points_csv(f"{header}\n1,2,a\n".encode())
    assert caught.value.key == "errors.csv_columns"
    return caught.value


def test_streamlit_warning_shows_an_uploaded_header_as_text(monkeypatch):
    from ui import common

    shown = []
    monkeypatch.setattr(common.st, "warning", lambda body, **kwargs: shown.append(body))
    monkeypatch.setattr(common, "lang", lambda: "en")
    common.show_input_error(upload_error())
    assert_plain(shown[0], EVIL.lower())  # the parser lower-cases column names


def test_gradio_message_shows_an_uploaded_header_as_text():
    from ui.gradio_common import message

    for lang in ("en", "zh"):
        assert_plain(message(upload_error(), lang), EVIL.lower())
