"""Automatic page tests: every page of the site map, in both languages, at widget extremes.

New pages are covered by registering their topic in ``playground/topics.py``; nothing here needs
editing.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from apptest_helpers import ROOT, KeyLedger, exercise_widgets, open_page, problems, unkeyed_widgets
from playground.i18n import LANGUAGES
from playground.topics import HOME, TOPICS

ALL_PAGES = [HOME.page, *(topic.page for topic in TOPICS)]


def test_every_page_file_belongs_to_a_registered_topic():
    files = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py") if not p.name.startswith("_")}
    assert files == set(ALL_PAGES), "pages/ and playground/topics.py disagree"


def test_url_paths_differ_from_file_names():
    """A url_path equal to the file's name makes AppTest bypass the entry script (no shell)."""
    clashes = [t.page for t in TOPICS if t.url_path == Path(t.page).stem]
    assert clashes == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", ALL_PAGES)
def test_page_opens_without_errors(path, lang):
    at = open_page(path, lang)
    assert problems(at) == []
    assert at.title, "every page has a title"
    assert unkeyed_widgets(at) == [], "page widgets need keys (they name the URL parameters)"


@pytest.mark.parametrize("path", ALL_PAGES)
def test_widget_extremes(path):
    at = open_page(path, "zh")
    started = time.perf_counter()
    ledger = KeyLedger()
    reruns, failures = exercise_widgets(at, skip_keys={"lang"}, ledger=ledger)
    elapsed = time.perf_counter() - started
    assert failures == []
    assert ledger.clashes() == [], "a widget key must name one element in every state"
    print(f"{path}: {reruns} reruns in {elapsed:.1f} s")


@pytest.mark.parametrize("path", [topic.page for topic in TOPICS])
def test_page_in_presenter_mode(path):
    at = open_page(path, "en", present=1)
    assert problems(at) == []
    assert at.session_state["present"] is True
