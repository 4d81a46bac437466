"""The chapter's sentiment listing (§1.1.4, "使用transformers库进行文本分类"), exactly as
printed, run here when the model it needs is available.

``pipeline("sentiment-analysis")`` with no model named takes transformers' default for the task,
a DistilBERT fine-tuned on SST-2 film-review sentences. Offline and without that model in the
local cache the listing cannot run; the page then says which model it would need and shows the
book's printed output as the reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.chapter import book_output, run_printed

# The two fragments the chapter prints one after the other, joined (the comment on the pipeline
# line is the book's own).
LISTING = '''from transformers import pipeline

# 加载pipeline，指定任务为sentiment-analysis
classifier = pipeline('sentiment-analysis')
result = classifier("I love using transformers. It's so easy and powerful!")
print(result)
# [{'label': 'POSITIVE','score': 0.9998}]
'''
# transformers' default model for the task (the pipeline names it in its warning when run).
PIPELINE_DEFAULT = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"


@dataclass(frozen=True)
class ChapterRun:
    book: str  # what the book prints
    machine: str | None  # what this machine printed; None when the listing could not run
    error: str | None  # why it failed, if it ran and failed
    model: str  # the model the listing needs


def model_available() -> bool:
    """Whether the listing's default model can load: in the local cache, or the hub answers."""
    from playground.models import decide_offline_mode, in_local_cache

    return in_local_cache(PIPELINE_DEFAULT) or decide_offline_mode()


def run_chapter_listing(available: bool | None = None) -> ChapterRun:
    """Run :data:`LISTING` unchanged if its model can load, else report the book's output."""
    book = "\n".join(book_output(LISTING))
    if not (model_available() if available is None else available):
        return ChapterRun(book, None, None, PIPELINE_DEFAULT)
    printed, error = run_printed(LISTING, "<chapter 1.1.4>")
    return ChapterRun(book, printed.rstrip("\n"), error, PIPELINE_DEFAULT)
