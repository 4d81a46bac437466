"""The chapter's summarization listing (§1.3.2, "文本总结"), exactly as printed, run here when
it can run, and what this page's extractive method keeps of the same paragraph.

``pipeline("summarization")`` with no model named takes transformers' default for the task,
distilBART fine-tuned on CNN/Daily Mail (``sshleifer/distilbart-cnn-12-6`` in transformers 4.x,
the chapter's 4.30.2). transformers 5 removed the "summarization" pipeline task altogether (its
message: use a text-generation chat model instead), so with this app's pinned transformers the
listing cannot run as printed at all; with transformers 4.x it still needs the model from the
hub or the local cache. The page then says which model and version the listing needs and shows
the book's printed output as the reference. The listing ends with a bare expression, not a
``print``: the book shows its value as a notebook would, and so does the run here
(:func:`playground.chapter.run_cell`).
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.chapter import run_cell
from playground.summarization import model, text

PARAGRAPH = (
    "Paris is the capital and most populous city of France, with an estimated population of "
    "2,175,601 residents as of 2018, in an area of more than 105 square kilometres (41 square "
    "miles). The City of Paris is the centre and seat of government of the region and province "
    "of Île-de-France, or Paris Region, which has an estimated population of 12,174,880, or "
    "about 18 percent of the population of France as of 2017.")
# Copied character for character from the chapter (tests check it against the chapter file).
LISTING = f'''from transformers import pipeline

classifier = pipeline("summarization")
classifier("{PARAGRAPH}")
# [{{'summary_text': " Paris is the capital and most populous city of France... "}}]
'''
# The default model of the task in transformers 4.x (transformers/pipelines/__init__.py,
# SUPPORTED_TASKS["summarization"]["default"], PyTorch).
PIPELINE_DEFAULT = "sshleifer/distilbart-cnn-12-6"
TASK = "summarization"


@dataclass(frozen=True)
class ChapterRun:
    book: str  # what the book shows under the listing
    machine: str | None  # what the listing gave here; None when it could not run
    error: str | None  # why it failed, if it ran and failed
    model: str  # the model the listing needs
    status: str  # "ran", "task_removed" (transformers 5+), "offline" (model not reachable)


def book_output(code: str = LISTING) -> str:
    """The comment lines at the end of the listing, without their ``# ``."""
    lines = code.rstrip("\n").splitlines()
    out = []
    while lines and lines[-1].lstrip().startswith("#"):
        out.insert(0, lines.pop().lstrip()[1:].removeprefix(" "))
    return "\n".join(out)


def transformers_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("transformers")
    except metadata.PackageNotFoundError:
        return "-"


def task_available(version: str | None = None) -> bool:
    """Whether the installed transformers still has the "summarization" pipeline task: it was
    removed in 5.0. Read from the package's version, without importing transformers (slow)."""
    version = transformers_version() if version is None else version
    major = version.split(".")[0]
    return major.isdigit() and int(major) < 5


def status() -> str:
    """"task_removed", "offline" or "ready" for this install and network."""
    if not task_available():
        return "task_removed"
    from playground.models import decide_offline_mode, in_local_cache

    return "ready" if in_local_cache(PIPELINE_DEFAULT) or decide_offline_mode() else "offline"


def run_chapter_listing(state: str | None = None) -> ChapterRun:
    """Run :data:`LISTING` unchanged when ``state`` (default: :func:`status`) is "ready",
    else report the book's output and why the listing did not run."""
    state = status() if state is None else state
    if state != "ready":
        return ChapterRun(book_output(), None, None, PIPELINE_DEFAULT, state)
    printed, error = run_cell(LISTING, "<chapter 1.3.2>")
    return ChapterRun(book_output(), printed.rstrip("\n"), error, PIPELINE_DEFAULT, "ran")


def extractive_keeps(params: model.ExtractParams | None = None) -> model.Extract:
    """What this page's extractive method keeps of the chapter's paragraph (default settings
    unless ``params`` are given)."""
    return model.extract(text.clean_text(PARAGRAPH), params or model.ExtractParams())
