"""The catalogue: both languages for every key, same placeholders, every used key exists."""

import re
from pathlib import Path

import pytest

from playground import i18n
from playground.i18n import (
    LANGUAGES,
    CatalogueError,
    load_catalogue,
    placeholders,
    translate,
)

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


# --- Text quality: what a reader sees once markdown has rendered ---------------------------

WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"


def test_source_line_breaks_join_without_space_in_chinese():
    join = i18n.join_source_lines
    assert join("从高斯分布中\n抽出一个点。") == "从高斯分布中抽出一个点。"
    assert join("第一句。\n第二句，\nPython 代码") == "第一句。第二句，Python 代码"
    assert join("one line\nand the next") == "one line and the next"
    assert join("使用\nPython") == "使用 Python"
    # Lists, paragraphs, headings and code keep their structure; list items join inside.
    assert join("- 一\n  二\n- three\n  four\n\n段落") == "- 一二\n- three four\n\n段落"
    assert join("### 标题\n正文") == "### 标题\n正文"
    assert join("```\na\nb\n```") == "```\na\nb\n```"
    assert join("硬换行  \n下一行") == "硬换行  \n下一行"


def test_no_space_between_chinese_characters():
    """A space between two Chinese characters or marks is a stray line break of the source (or a
    typo); either way the reader sees a gap inside a word."""
    stray = {key: re.findall(WIDE + r"[ \u00a0\t\n]" + WIDE, entry["zh"])
             for key, entry in load_catalogue().items()}
    assert {key: found for key, found in stray.items() if found} == {}


def _rendered_text(markdown: str) -> str:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(markdown)
    html = re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_unrendered_markdown(lang):
    """Emphasis that CommonMark (Streamlit's renderer) does not close shows literal asterisks:
    ``**神经网络（去噪器）**会`` does not close after a full-width bracket followed by a letter
    (write ``**神经网络**（去噪器）会``). Unpaired ``**`` and ``__`` are found the same way."""
    left = {key: re.findall(r".{0,12}(?:\*\*|__|(?<![\w*\\])\*(?=\S)).{0,12}",
                            _rendered_text(entry[lang]))
            for key, entry in load_catalogue().items()}
    assert {key: found for key, found in left.items() if found} == {}
