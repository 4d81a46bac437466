"""One translation catalogue for both UIs (English and Simplified Chinese).

The catalogue lives in ``assets/i18n/*.toml``. Each file is a namespace named after the file;
inside it every entry is a table with exactly the two languages side by side::

    [title]
    en = "Decision boundaries"
    zh = "决策边界"

so ``disc.toml``'s ``[title]`` is the key ``disc.title``. Keeping the two languages next to each
other makes a missing translation impossible to load, which the tests rely on.
"""

from __future__ import annotations

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


def _flatten(prefix: str, table: dict, out: dict[str, dict[str, str]]) -> None:
    if set(table) & set(LANGUAGES):
        if set(table) != set(LANGUAGES) or not all(isinstance(v, str) for v in table.values()):
            raise CatalogueError(f"{prefix}: an entry needs exactly the strings {LANGUAGES}")
        out[prefix] = table
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
