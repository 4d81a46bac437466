"""One translation catalogue for both UIs (English and Simplified Chinese).

The catalogue lives in ``assets/i18n/*.toml``. Each file is a namespace named after the file;
inside it every entry is a table with exactly the two languages side by side::

    [title]
    en = "Decision boundaries"
    zh = "决策边界"

so ``disc.toml``'s ``[title]`` is the key ``disc.title``. Keeping the two languages next to each
other makes a missing translation impossible to load, which the tests rely on.

Text is normalised as it is loaded (:func:`join_source_lines`): a line break inside a paragraph
of the TOML source is joined without a space between Chinese characters (a browser would show
it as a stray space, "高斯分布中 抽出"), and with one space elsewhere, as markdown would. Lists,
headings, tables, blank lines between paragraphs and code blocks keep their lines.
"""

from __future__ import annotations

import re
import string
import tomllib
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}
CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "assets" / "i18n"
MISSING_MARK = "⟦{}⟧"  # shown instead of a missing key, and searched for by the page tests


class CatalogueError(ValueError):
    """The catalogue files are malformed (an entry lacks a language, or has an extra one)."""


# Wide characters: CJK ideographs, kana, full-width forms and CJK punctuation (，。「」：…).
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d\u2026\u00b7]")
# A line that starts a block of its own in markdown: list item, heading, table row, quote, rule.
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|\||>|```|~~~|---|\*\*\*)")


def _separator(before: str, after: str) -> str:
    """What joins two source lines: nothing when either side is wide (Chinese text and its
    punctuation, where the two sides are Chinese or one is a full-width mark), else a space."""
    left, right = before[-1:], after[:1]
    if _WIDE.match(left) and _WIDE.match(right):
        return ""
    if (left and _WIDE.match(left) and not left.isalnum()) or (
            right and _WIDE.match(right) and not right.isalnum()):
        return ""  # next to full-width punctuation: "，Python" keeps no space
    return " "


def join_source_lines(text: str) -> str:
    """``text`` with the line breaks inside each markdown paragraph or list item joined.

    A break after a line ending in two spaces or a backslash (markdown's hard break), before a
    line that starts a block (list item, heading, table row, quote, fence) and inside a fenced
    code block is kept.
    """
    if "\n" not in text.strip():
        return text
    lines = text.split("\n")
    out: list[str] = []
    in_fence = False
    for line in lines:
        fence = line.lstrip().startswith(("```", "~~~"))
        previous = out[-1] if out else ""
        joinable = (out and not in_fence and not fence and line.strip() and previous.strip()
                    and not _BLOCK_START.match(line)
                    and not previous.lstrip().startswith(("#", "|", "```", "~~~"))
                    and not previous.endswith(("  ", "\\")))
        if joinable:
            head, tail = previous.rstrip(), line.strip()
            out[-1] = head + _separator(head, tail) + tail
        else:
            out.append(line)
        if fence:
            in_fence = not in_fence
    return "\n".join(out)


def _flatten(prefix: str, table: dict, out: dict[str, dict[str, str]]) -> None:
    if set(table) & set(LANGUAGES):
        if set(table) != set(LANGUAGES) or not all(isinstance(v, str) for v in table.values()):
            raise CatalogueError(f"{prefix}: an entry needs exactly the strings {LANGUAGES}")
        out[prefix] = {lang: join_source_lines(text) for lang, text in table.items()}
        return
    for name, value in table.items():
        if not isinstance(value, dict):
            raise CatalogueError(f"{prefix}.{name}: expected a table with {LANGUAGES}")
        _flatten(f"{prefix}.{name}", value, out)


@lru_cache(maxsize=1)
def load_catalogue(directory: Path = CATALOGUE_DIR) -> dict[str, dict[str, str]]:
    """Read every catalogue file.

    Returns
    -------
    dict
        ``{key: {"en": text, "zh": text}}`` for every entry of every file.
    """
    entries: dict[str, dict[str, str]] = {}
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as handle:
            _flatten(path.stem, tomllib.load(handle), entries)
    return entries


def placeholders(text: str) -> set[str]:
    """Names of the ``{name}`` fields in a message."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def translate(key: str, lang: str, **values) -> str:
    """Text of ``key`` in ``lang`` with ``values`` filled in; a visible mark if the key is missing."""
    entry = load_catalogue().get(key)
    if entry is None:
        return MISSING_MARK.format(key)
    text = entry[lang if lang in LANGUAGES else "en"]
    return text.format(**values) if values else text


def language_from_locale(locale: str | None) -> str:
    """Map a browser locale such as ``"zh-CN"`` or ``"en-GB"`` to a catalogue language."""
    return "zh" if locale and locale.lower().startswith("zh") else "en"


class Translator:
    """A callable bound to one language, handed to figure builders and code generators."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else "en"

    def __call__(self, key: str, **values) -> str:
        return translate(key, self.lang, **values)
