"""The text a summary is made from: sentences, words and terms, and user text made safe.

Chapter §1.3.2 summarizes English text; the page also takes Chinese, so sentences end at
Chinese or Latin punctuation and Chinese terms are overlapping character pairs (no word splitter
is available offline). User text is cleaned first: it is capped in length, HTML-like markup is
removed (and never rendered), and text with no sentences to choose from is refused with a
translatable message.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from playground.errors import InputError

TEXTS_DIR = Path(__file__).resolve().parents[2] / "assets" / "texts"
PRESETS = ("paris", "bees", "tea_zh")  # files in assets/texts; "paris" is the chapter's example
MAX_CHARS = 20_000  # longer text is cut here (with a notice): keeps scoring and the page fast

# --- sentences -------------------------------------------------------------------------------
# A sentence ends after 。！？, after . ! ? … followed by closing quotes or brackets and whitespace,
# or at a blank line. Single line breaks are only wrapping.
_BOUNDARY = re.compile(
    r"[。！？]+[”’」』）]*"  # Chinese sentence ends need no space after them
    r"|[.!?…]+[”’」』）)\]\"']*(?=\s|$)"  # Latin ends need whitespace (or the end) after them
    r"|\n\s*\n"  # a blank line ends a paragraph
)
_LAST_WORD = re.compile(r"(\S+)\s*$")
# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset("mr mrs ms dr prof st jr sr vs etc e.g i.e fig approx cf".split())
CJK_RANGES = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TERM = re.compile(rf"[{CJK_RANGES}]+|[^\W_{CJK_RANGES}]+(?:['’][^\W_{CJK_RANGES}]+)?")
_WORD = re.compile(rf"[{CJK_RANGES}]|[^\W_{CJK_RANGES}]+(?:['’][^\W_{CJK_RANGES}]+)?")
_CJK_CHAR = re.compile(rf"[{CJK_RANGES}]")


@dataclass(frozen=True)
class Sentence:
    index: int  # position among the text's sentences, from 0
    start: int  # character offsets into the cleaned text: text[start:end] is the sentence
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with their character spans, for English and Chinese punctuation.

    Pieces without any letter (a stray "1." or "...") join the following sentence.
    """
    ends = []
    for match in _BOUNDARY.finditer(text):
        last = _LAST_WORD.search(text, max(0, match.start() - 40), match.start())
        word = last.group(1).lower().lstrip("(\"'“‘") if last else ""
        if match.group().startswith(".") and (word in ABBREVIATIONS
                                              or (len(word) == 1 and word.isalpha())):
            continue  # "Dr. Smith", "e.g. this", "J. R. R. Tolkien"
        ends.append(match.end())
    ends.append(len(text))
    sentences, start = [], 0
    for end in ends:
        piece = text[start:end]
        if not any(ch.isalpha() for ch in piece):
            continue  # keep start: the piece joins the next sentence
        left = start + len(piece) - len(piece.lstrip())
        right = start + len(piece.rstrip())
        sentences.append(Sentence(len(sentences), left, right, text[left:right]))
        start = end
    return sentences


def terms(sentence: str) -> list[str]:
    """Index terms of one sentence: lower-cased words without English stop words, and for Chinese
    (written without spaces, and no word splitter offline) overlapping character pairs."""
    out = []
    for run in _TERM.findall(sentence.lower()):
        if _CJK_CHAR.match(run):
            out += [run[i:i + 2] for i in range(len(run) - 1)] or [run]
        elif run not in ENGLISH_STOP_WORDS:
            out.append(run)
    return out


def count_words(text: str) -> int:
    """Words in ``text``, counting each Chinese character as one word."""
    return len(_WORD.findall(text))


def is_chinese(text: str) -> bool:
    """Whether most letters of ``text`` are Chinese characters."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(bool(_CJK_CHAR.match(ch)) for ch in letters) > len(letters) / 2


# --- cleaning user text ----------------------------------------------------------------------
_TAG = re.compile(r"</?[a-zA-Z!][^<>]{0,1000}>")  # "a < b" is not a tag
RAW_LIMIT = 10 * MAX_CHARS  # text beyond this is dropped before any other work


def drop_hidden(text: str) -> str:
    """Remove ``<script>...</script>`` and ``<style>...</style>`` blocks, contents included.

    Written with ``str.find`` rather than a lazy regular expression, which takes quadratic time
    on text full of unclosed ``<script`` (a pasted text must never stall the server).
    """
    lower, pieces, position = text.lower(), [], 0
    next_open = {name: lower.find(f"<{name}") for name in ("script", "style")}
    while True:
        for name, found in next_open.items():
            if 0 <= found < position:
                next_open[name] = lower.find(f"<{name}", position)
        pending = [(found, name) for name, found in next_open.items() if found >= 0]
        if not pending:
            break
        start, name = min(pending)
        pieces.append(text[position:start])
        close = lower.find(f"</{name}", start)
        end = lower.find(">", close) if close >= 0 else -1
        position = len(text) if end < 0 else end + 1
    pieces.append(text[position:])
    return " ".join(pieces)


@dataclass(frozen=True)
class Notice:
    """Something the page tells the user about their text (a catalogue key and its values)."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def values(self) -> dict:
        return dict(self.params)


@dataclass(frozen=True)
class Document:
    text: str  # the cleaned text the sentences point into
    sentences: tuple[Sentence, ...]
    notices: tuple[Notice, ...] = ()
    language: str = "en"  # "zh" when most letters are Chinese characters


def clean_text(raw: str, max_chars: int = MAX_CHARS) -> Document:
    """Validate and tidy user text, and split it into sentences.

    Raises :class:`InputError` for empty text, markup without text, text that is mostly not
    letters, and text of a single sentence (nothing to choose). Markup is removed and text longer
    than ``max_chars`` is cut at a sentence end, each with a :class:`Notice`.
    """
    raw = str(raw or "")
    text = unicodedata.normalize("NFC", raw[:RAW_LIMIT]).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    if not text.strip():
        raise InputError("summarization.err_empty")
    notices = []
    if _TAG.search(text):
        text = html.unescape(_TAG.sub(" ", drop_hidden(text)))
        text = re.sub(r"[ \t]+", " ", text)
        if not text.strip():
            raise InputError("summarization.err_only_markup")
        notices.append(Notice("summarization.note_markup"))
    text = text.strip()
    if len(text) > max_chars:
        length = len(raw.strip()) if len(raw) > RAW_LIMIT else len(text)
        notices.append(Notice("summarization.note_truncated",
                              (("limit", f"{max_chars:,}"), ("length", f"{length:,}"))))
        cut = text[:max_chars]
        ends = [m.end() for m in _BOUNDARY.finditer(cut)]
        text = cut[:ends[-1]].strip() if ends and ends[-1] > max_chars // 2 else cut
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in visible)
    if letters < 0.5 * len(visible):
        raise InputError("summarization.err_not_text", share=f"{letters / len(visible):.0%}")
    sentences = split_sentences(text)
    if len(sentences) < 2:
        raise InputError("summarization.err_one_sentence")
    return Document(text, tuple(sentences), tuple(notices), "zh" if is_chinese(text) else "en")


def load_preset(name: str) -> str:
    if name not in PRESETS:
        raise ValueError(f"preset must be one of {PRESETS}, got {name!r}")
    return (TEXTS_DIR / f"{name}.txt").read_text(encoding="utf-8").strip()


@dataclass(frozen=True)
class Compression:
    chars_in: int
    chars_out: int
    words_in: int
    words_out: int
    new_words: int = 0  # summary words that never occur in the source: 0 for any extract

    @property
    def char_ratio(self) -> float:
        return self.chars_out / self.chars_in if self.chars_in else 0.0

    @property
    def word_ratio(self) -> float:
        return self.words_out / self.words_in if self.words_in else 0.0

    @property
    def new_word_share(self) -> float:
        return self.new_words / self.words_out if self.words_out else 0.0


def compression(source: str, summary: str) -> Compression:
    """Length of the summary relative to the source, in characters and words, and how many of
    its words the source does not contain (case-insensitive)."""
    known = {word.lower() for word in _WORD.findall(source)}
    words = [word.lower() for word in _WORD.findall(summary)]
    return Compression(len(source), len(summary), count_words(source), len(words),
                       sum(word not in known for word in words))
