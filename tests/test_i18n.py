"""The catalogue: both languages for every key, same placeholders, every used key exists."""

import re
from pathlib import Path

import pytest

from playground import i18n
from playground.i18n import LANGUAGES, CatalogueError, load_catalogue, placeholders, translate

ROOT = Path(__file__).resolve().parent.parent


def test_every_entry_has_both_languages_and_same_placeholders():
    catalogue = load_catalogue()
    assert len(catalogue) > 50
    for key, entry in catalogue.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(text.strip() for text in entry.values()), f"{key} is empty in a language"
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


def test_a_missing_language_is_refused(tmp_path):
    (tmp_path / "demo.toml").write_text('[title]\nen = "Only English"\n', encoding="utf-8")
    with pytest.raises(CatalogueError):
        i18n.load_catalogue.__wrapped__(tmp_path)


def test_missing_key_is_marked_visibly():
    assert translate("no.such.key", "en") == i18n.MISSING_MARK.format("no.such.key")


def test_locale_maps_to_language():
    assert i18n.language_from_locale("zh-CN") == "zh"
    assert i18n.language_from_locale("en-GB") == "en"
    assert i18n.language_from_locale(None) == "en"


LITERAL_KEY = re.compile(r"""\b(?:t|tr|label|translate)\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def test_every_literal_key_in_the_code_exists():
    """Keys written out in full in pages, ui, figures and app.py must be in the catalogue."""
    catalogue = load_catalogue()
    sources = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("playground/**/*.py"),
               ROOT / "app.py"]
    missing = sorted({f"{path.name}: {key}" for path in sources
                      for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))
                      if key not in catalogue})
    assert missing == []
