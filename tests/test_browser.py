"""One real-browser test: Debian's Chromium, driven by Playwright, against a live server.

Streamlit renders on the client, so the test waits for page content (never for network idle)
and fails on any error element or browser console error.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.chromium import QUIET_FLAGS, find_chromium

ROOT = Path(__file__).resolve().parent.parent


def chromium_path() -> str:
    found = find_chromium()
    if not found:
        pytest.fail("Debian's chromium is not installed (scripts/test.sh installs it with apt)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(command: list[str]):
    """A fresh server on a free port, started as the README's command starts it; returns
    (process, url) once the port answers."""
    port = free_port()
    process = subprocess.Popen(
        [*command, "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "HF_HUB_OFFLINE": "1"})
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.3)
    process.kill()
    pytest.fail("the Streamlit server did not start")


LAUNCH = [sys.executable, "-m", "ui.launch"]  # what scripts/run.sh and scripts/serve.sh run


@pytest.fixture(scope="module")
def server_url():
    process, url = start_server(LAUNCH)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                             args=QUIET_FLAGS)
        yield browser
        browser.close()


def streamlit_base_path_probe(message) -> bool:
    """Streamlit's client, opened on a page's own address, first looks for its server under that
    path (``/<page>/_stcore/health``, ``/host-config``), gets 404 and falls back to the root.
    Those two expected 404s are not errors of the app."""
    url = (message.location or {}).get("url", "")
    return "404" in message.text and "/_stcore/" in url


VISITS = [
    ("", "en", "Generative AI Playground"),
    ("", "zh", "生成式 AI 游乐场"),
    ("decision-boundaries", "en", "Discriminative models: drawing the boundary"),
    ("decision-boundaries", "zh", "判别式模型：画出分界线"),
]


@pytest.mark.parametrize("path, lang, heading", VISITS)
def test_page_renders_in_a_real_browser(browser, server_url, path, lang, heading):
    page = browser.new_page(locale="en-US")
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text)
            if msg.type == "error" and not streamlit_base_path_probe(msg) else None)
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    page.goto(f"{server_url}/{path}?lang={lang}")
    page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    if path:
        page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
        page.locator("[data-testid='stMetricValue']").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert "⟦" not in page.locator("body").inner_text()
    assert page.get_by_text("does not seem to exist").count() == 0
    assert f"lang={lang}" in page.url, "the language stays in the shareable address"
    assert console_errors == []
    page.close()


def test_language_survives_a_page_switch(browser, server_url):
    page = browser.new_page(locale="en-US")
    page.goto(f"{server_url}/?lang=zh")
    page.get_by_role("heading", name="生成式 AI 游乐场").wait_for(timeout=60_000)
    page.locator("[data-testid='stMain']").get_by_role("link", name="决策边界").click()
    page.get_by_role("heading", name="判别式模型：画出分界线").wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    assert "decision-boundaries" in page.url and "lang=zh" in page.url
    page.close()


def test_clicking_the_chart_adds_a_point(browser, server_url):
    """The page turns a click on empty chart space into a new point (via the invisible grid)."""
    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1000})
    page.goto(f"{server_url}/decision-boundaries?lang=en")
    page.get_by_text("Now 200 points").wait_for(timeout=60_000)
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.3)
    page.get_by_text("Now 201 points").wait_for(timeout=30_000)
    page.close()


def test_first_visitor_on_a_deep_link_is_not_told_page_not_found(browser):
    """With ``pages/`` beside the entry file, plain ``streamlit run`` starts in the old multipage
    mode and greets the first session of a fresh server on a page's own address with "Page not
    found"; ``python -m ui.launch`` switches that mode off before the server starts."""
    process, url = start_server(LAUNCH)
    try:
        page = browser.new_page(locale="en-US")
        page.goto(f"{url}/summarize?lang=en")
        heading = page.get_by_role("heading", level=1)
        seen_not_found = False
        deadline = time.time() + 90
        while time.time() < deadline:  # watch the whole start, not one moment of it
            if page.get_by_text("Page not found").count():
                seen_not_found = True
                break
            if heading.count() and "Summar" in heading.first.inner_text():
                page.wait_for_timeout(1500)
                seen_not_found = page.get_by_text("Page not found").count() > 0
                break
            page.wait_for_timeout(200)
        else:
            pytest.fail("the summarization page did not render")
        assert not seen_not_found
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=20)


# --- Readability: no clipped label, no empty figure, presenter type a room can read ----------

def _screenshots_module():
    import importlib.util

    if "screenshots" in sys.modules:
        return sys.modules["screenshots"]
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["screenshots"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# A few representative pages (numbers on both axes, long category labels, Chinese text); the
# script scripts/screenshots.py checks every page and tab the same way.
READABILITY_VISITS = [("gmm-clustering", "en", False), ("summarize", "zh", False),
                      ("hmm-sampler", "en", True)]


@pytest.mark.parametrize("path, lang, present", READABILITY_VISITS)
def test_figures_show_every_label_in_a_real_browser(browser, server_url, path, lang, present):
    shots = _screenshots_module()
    viewport = shots.PRESENTER if present else shots.NORMAL
    page = browser.new_page(locale="en-US", viewport=viewport)
    page.goto(f"{server_url}/{path}?lang={lang}" + ("&present=1" if present else ""))
    shots.settle(page)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    figures = [f for f in shots.measure(page) if f["visible"]]
    page.close()
    assert figures, "the page shows a figure"
    assert [f for f in figures if f["height"] < 1] == [], "a figure has zero height"
    assert [c for f in figures for c in f["clipped"]] == [], "labels outside their figure"
    if present:
        assert min(f["top"] for f in figures) < viewport["height"] - 40, "main figure below the fold"
        ticks = [f["minTick"] for f in figures if f["minTick"]]
        assert ticks and min(ticks) >= shots.MIN_TICK_PX


# --- Uploads: a valid and an invalid CSV on every page with an uploader ---------------------

POINTS_CSV = "x,y,label\n" + "".join(f"{i % 7 * 0.3 - 1},{i % 5 * 0.4 - 1},{'ab'[i % 2]}\n"
                                     for i in range(60))
# A header that would be a live link, a remote image and LaTeX if shown through markdown.
EVIL = "[x](http://e.vil) ![i](http://e.vil/i.png) $x^2$"
UPLOADS = [  # (address with the upload option chosen, valid CSV, invalid CSV)
    ("decision-boundaries?discriminative_data=upload", POINTS_CSV, f"{EVIL},y,label\n1,2,a\n"),
    ("gmm-clustering?gmm_data=upload", POINTS_CSV, "x,y,label\n1e300,0,a\n0,1,b\n"),
    ("diffusion-2d?diffusion_data=upload", POINTS_CSV, f"{EVIL},y,label\n1,2,a\n"),
    ("sentiment-analysis?sentiment_mode=batch&sentiment_source=csv",
     "text\nI love this course.\nThe room was too cold.\n", f"{EVIL},score\nok,1\n"),
]


@pytest.mark.parametrize("path, valid, invalid", UPLOADS,
                         ids=[u[0].split("?")[0] for u in UPLOADS])
def test_uploads_are_answered_without_an_exception(browser, server_url, path, valid, invalid):
    """Each uploader gets a valid file (the page uses it) and an invalid one (a message in
    words, with an uploaded header shown as text: no link, no remote image)."""
    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1000})
    page.goto(f"{server_url}/{path}&lang=en")
    dropzone = page.locator("[data-testid='stFileUploaderDropzoneInput']").first
    dropzone.wait_for(state="attached", timeout=60_000)
    for name, text, expect_warning in (("good.csv", valid, False), ("bad.csv", invalid, True)):
        dropzone.set_input_files({"name": name, "mimeType": "text/csv",
                                  "buffer": text.encode("utf-8")})
        page.get_by_text(name).first.wait_for(timeout=30_000)
        page.wait_for_timeout(800)
        page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=90_000)
        page.wait_for_timeout(500)
        assert page.locator("[data-testid='stException']").count() == 0, (path, name)
        warnings = page.locator("[data-testid='stAlertContentWarning']")
        if expect_warning:
            warnings.first.wait_for(timeout=30_000)
            if EVIL in text:  # the header is shown character for character, as plain text
                assert EVIL in warnings.first.inner_text()
        else:
            assert warnings.count() == 0, warnings.first.inner_text()
        assert page.locator("a[href^='http://e.vil']").count() == 0
        assert page.locator("img[src^='http://e.vil']").count() == 0
    page.close()
