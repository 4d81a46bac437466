"""Running the chapter's own listings exactly as printed, and setting what this machine prints
beside what the book printed (chapter §1.1 to §1.3; ``../shared/seed`` in the project notes).

Only the chapter's fixed listings are run here, never user text. A listing's ``print`` writes to
a buffer of the call, never to ``sys.stdout``: swapping ``sys.stdout`` (``redirect_stdout``) would
redirect every thread of a server at once.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def run_printed(code: str, filename: str = "<chapter>") -> tuple[str, str | None]:
    """Execute ``code`` in a fresh namespace; return (what it printed, the error's last line or
    None). An exception is reported, not raised: the page shows it beside the book."""
    return _run(code, filename, show_last=False)


def run_cell(code: str, filename: str = "<chapter>") -> tuple[str, str | None]:
    """Like :func:`run_printed`, shown as a notebook cell shows it: when the listing ends with
    a bare expression (the book's ``classifier("...")`` with its result in the comment below),
    that expression's ``repr`` follows what the listing printed. The code runs unchanged."""
    return _run(code, filename, show_last=True)


def _run(code: str, filename: str, show_last: bool) -> tuple[str, str | None]:
    printed: list[str] = []

    def capture(*args, sep=" ", end="\n", **_):
        printed.append(sep.join(str(a) for a in args) + end)

    namespace = {"__name__": "__chapter__", "print": capture}
    error = None
    try:
        tree = ast.parse(code, filename)
        last = tree.body[-1] if show_last and tree.body else None
        if isinstance(last, ast.Expr):
            tree.body.pop()
            exec(compile(tree, filename, "exec"), namespace)  # noqa: S102 (fixed listings)
            value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
            if value is not None:
                capture(repr(value))
        else:
            exec(compile(tree, filename, "exec"), namespace)  # noqa: S102 (fixed listings)
    except Exception as exc:  # noqa: BLE001 - any failure of the listing is the report
        error = f"{type(exc).__name__}: {exc}"
    return "".join(printed), error


def book_output(code: str) -> list[str]:
    """The comment lines right below a ``print(...)`` line, without their ``# ``: what the book
    says the listing prints, line by line (the chapter's convention)."""
    out, after_print = [], False
    for line in code.splitlines():
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


def compare(book: list[str], machine: list[str]) -> tuple[LineCheck, ...]:
    """Line by line, the book's printed output against this machine's."""
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
