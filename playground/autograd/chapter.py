"""Run the chapter's autograd listing (§1.1.3) exactly as printed and set what this machine
prints beside what the book printed.

The listing is stored verbatim in ``chapter_listing.txt`` (``scripts/extract_autograd_listing.py``
copies it from the chapter). The book shows each ``print`` call's output as the comment lines
right below it, so those comments are the book's output; everything else is code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from playground.chapter import LineCheck, book_output, compare, run_printed

__all__ = ["LISTING_PATH", "LineCheck", "ListingRun", "book_output", "compare", "listing",
           "run_listing"]

LISTING_PATH = Path(__file__).with_name("chapter_listing.txt")


@lru_cache(maxsize=1)
def listing() -> str:
    return LISTING_PATH.read_text(encoding="utf-8")


@dataclass(frozen=True)
class ListingRun:
    code: str
    lines: tuple[LineCheck, ...]
    error: str | None  # the exception's last line, if the listing failed here

    @property
    def all_match(self) -> bool:
        return self.error is None and all(c.verdict != "differs" for c in self.lines)


def run_listing(code: str | None = None) -> ListingRun:
    """Execute the listing (the chapter's own fixed listing, never user text) with its output
    captured (:func:`playground.chapter.run_printed`) and compare it with the book's, line by
    line."""
    code = listing() if code is None else code
    printed, error = run_printed(code, "chapter_listing")
    return ListingRun(code, compare(book_output(code), printed.splitlines()), error)
