"""The chapter's summarization listing (§1.3.2) on the page and in the tab."""

from __future__ import annotations

import sys
import types
from pathlib import Path

from apptest_helpers import open_page, problems

from playground.summarization import chapter

CHAPTER = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_9a133b739f742d6c.txt"


def test_chapter_listing_is_the_books_and_its_output_the_comment():
    if CHAPTER.exists():
        assert chapter.LISTING.strip() in CHAPTER.read_text(encoding="utf-8")
    assert chapter.book_output() == (
        "[{'summary_text': \" Paris is the capital and most populous city of France... \"}]")


def test_chapter_listing_task_follows_the_installed_transformers():
    import transformers.pipelines

    assert chapter.task_available() == ("summarization" in transformers.pipelines.SUPPORTED_TASKS)
    assert chapter.task_available("4.30.2") and not chapter.task_available("5.0.0")


def test_chapter_listing_offline_shows_the_book_and_names_the_model():
    for state in ("task_removed", "offline"):
        run = chapter.run_chapter_listing(state)
        assert run.machine is None and run.status == state
        assert run.model == chapter.PIPELINE_DEFAULT == "sshleifer/distilbart-cnn-12-6"
        assert run.book.startswith("[{'summary_text'")
    kept = chapter.extractive_keeps()
    assert kept.summary.startswith("Paris is the capital and most populous city of France")
    for lang in ("en", "zh"):
        at = open_page("pages/summarization.py", lang)
        assert problems(at) == []
        assert any(chapter.PIPELINE_DEFAULT in i.value for i in at.info)
        assert any(c.value == chapter.book_output() for c in at.code)
        assert any(c.value == kept.summary for c in at.code)


def test_chapter_listing_runs_unchanged_when_its_model_loads(monkeypatch):
    """With a stand-in transformers (the task and model are not here), the listing runs as
    printed and its last expression's value is captured, not written to the server's stdout."""
    calls = []

    def stand_in(task):
        calls.append(task)
        return lambda text: [{"summary_text": " " + text.split(", with")[0] + "... "}]

    fake = types.ModuleType("transformers")
    fake.pipeline = stand_in
    monkeypatch.setitem(sys.modules, "transformers", fake)
    run = chapter.run_chapter_listing("ready")
    assert calls == ["summarization"] and run.error is None and run.status == "ran"
    assert run.machine == run.book.replace('"', "'")


def test_chapter_listing_failure_is_reported_not_raised(monkeypatch):
    def removed(task):
        raise KeyError(f"The task {task} has been removed from transformers.")

    fake = types.ModuleType("transformers")
    fake.pipeline = removed
    monkeypatch.setitem(sys.modules, "transformers", fake)
    run = chapter.run_chapter_listing("ready")
    assert run.machine == "" and run.error.startswith("KeyError")


def test_chapter_accordion_in_the_tab():
    import gradio as gr

    from ui import gradio_summarization

    with gr.Blocks() as demo:
        gradio_summarization.chapter_accordion()
    values = [getattr(block, "value", None) for block in demo.blocks.values()]
    assert chapter.PIPELINE_DEFAULT in values and chapter.book_output() in values
