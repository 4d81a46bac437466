"""Run the chapter's autograd listing (§1.1.3) exactly as printed and set what this machine
prints beside what the book printed.

The listing is stored verbatim in ``chapter_listing.txt`` (``scripts/extract_autograd_listing.py``
copies it from the chapter). The book shows each ``print`` call's output as the comment lines
right below it, so those comments are the book's output; everything else is code.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LISTING_PATH = Path(__file__).with_name("chapter_listing.txt")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


@lru_cache(maxsize=1)
def listing() -> str:
    return LISTING_PATH.read_text(encoding="utf-8")


def book_output(code: str) -> list[str]:
    """The comment lines that follow a ``print(...)`` line, without their ``# ``: what the book
    says the listing prints, line by line."""
    lines, out, after_print = code.splitlines(), [], False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("print("):
            after_print = True
        elif after_print and stripped.startswith("#"):
            out.append(stripped[1:].removeprefix(" "))
        else:
            after_print = False
    return out


@dataclass(frozen=True)
class LineCheck:
    book: str
    machine: str
    verdict: str  # "same", "address" (differs only in a memory address), "differs"


@dataclass(frozen=True)
class ListingRun:
    code: str
    lines: tuple[LineCheck, ...]
    error: str | None  # the exception's last line, if the listing failed here

    @property
    def all_match(self) -> bool:
        return self.error is None and all(c.verdict != "differs" for c in self.lines)


def compare(book: list[str], machine: list[str]) -> tuple[LineCheck, ...]:
    checks = []
    for i in range(max(len(book), len(machine))):
        b = book[i] if i < len(book) else ""
        m = machine[i] if i < len(machine) else ""
        if b.rstrip() == m.rstrip():
            verdict = "same"
        elif _ADDRESS.sub("0x…", b).rstrip() == _ADDRESS.sub("0x…", m).rstrip():
            verdict = "address"
        else:
            verdict = "differs"
        checks.append(LineCheck(b, m, verdict))
    return tuple(checks)


def run_listing(code: str | None = None) -> ListingRun:
    """Execute the listing in a fresh namespace with its output captured.

    Only the chapter's own fixed listing is run here, never user text. Its ``print`` writes to
    a buffer of this call (not ``redirect_stdout``, which would swap ``sys.stdout`` for every
    thread of a server at once).
    """
    code = listing() if code is None else code
    buffer, error = io.StringIO(), None
    namespace = {"__name__": "__chapter__", "print": functools.partial(print, file=buffer)}
    try:
        exec(compile(code, "chapter_listing", "exec"), namespace)  # noqa: S102 (fixed listing)
    except Exception as exc:  # noqa: BLE001 (the report shows it; the page must not fail)
        error = f"{type(exc).__name__}: {exc}"
    return ListingRun(code, compare(book_output(code), buffer.getvalue().splitlines()), error)
