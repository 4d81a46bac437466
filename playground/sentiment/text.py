"""Sentiment input: limits, examples, language detection and the checks every text passes
before a model sees it (the topic's shared ground; see ``lexicon`` and ``neural``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vaderSentiment import vaderSentiment as vs

from playground.errors import InputError

MAX_CHARS = 5000  # a single text is cut here: VADER is linear, but nobody reads 5,000 chips
MAX_ROWS = 1000  # batch mode: lines or CSV rows
MAX_EXPLAIN_UNITS = 80  # leave-one-out: one forward pass per unit, so cap the words explained
NEUTRAL_BAND = 0.05  # VADER's authors: compound >= 0.05 positive, <= -0.05 negative
BATCH_SIZE = 32  # texts per forward pass of the neural model
VADER = "vader"  # the bundled model's name in assets/models.toml
VADER_WORDS = "vader-words"  # VADER's lexicon without its rules (the honest second model offline)
SNOWNLP = "snownlp"  # snownlp's naive Bayes for Chinese, bundled with the snownlp package
SNOWNLP_JIEBA = "snownlp-jieba"  # the same word counts over jieba's segmentation (comparison)
TEXT_COLUMNS = ("text", "sentence", "review", "文本", "句子", "评论")  # accepted CSV headers

# Example texts (data, shown as written whatever the interface language).
EXAMPLES = {
    "chapter": "I love how these pipelines make NLP so simple. They are fast and really powerful!",
    "negation": "The film was not bad at all, but the ending was NOT great.",
    "booster": "The staff were extremely friendly, though the room was kind of small.",
    "caps": "This update is AMAZING!!!",
    "emoji": "Finished my first marathon today 😁🎉",
    "html": "Great product <script>alert('hi')</script> would <b>buy</b> again",
    "zh_positive": "这款手机的屏幕非常清晰，电池也很耐用，我很满意！",
    "zh_negative": "快递太慢了，包装也破了，再也不会在这家买了。",
    "mixed": "这个 app 的 design 真的很 nice，but 有点卡。",
}
BATCH_EXAMPLE = "\n".join([
    "I love this phone, the camera is brilliant.", "The battery died after two days. Awful.",
    "Delivery was on time.", "Not bad for the price, but the case feels cheap.",
    "Absolutely fantastic service!!!", "It works, I guess.",
    "这家店的服务很好，下次还来。",
    "The manual is useless and support never answered :(",
])

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_HTML_LIKE = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
# Units of leave-one-out: one Han character, a run of other letters/digits (apostrophes kept,
# so "isn't" is one word), or any other single visible character (punctuation, emoji).
WORD_UNIT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
                   r"|(?:[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|['’])+|\S")


# ---------------------------------------------------------------- input checks and languages

def detect_language(text: str) -> str:
    """``"zh"``, ``"en"``, ``"mixed"`` or ``"none"`` (no letters: emoji, digits, punctuation)."""
    han, latin = len(_HAN.findall(text)), len(_LATIN.findall(text))
    if han == 0:
        return "en" if latin else "none"
    if latin == 0:
        return "zh"
    return "mixed"


def main_language(text: str) -> str:
    """The language a model must read for ``text``: ``"zh"`` or ``"en"``.

    A Chinese character carries about as much as a short English word, so mixed text counts
    as Chinese when its Han characters outnumber a third of its Latin letters.
    """
    han, latin = len(_HAN.findall(text)), len(_LATIN.findall(text))
    return "zh" if han > latin / 3 else "en"


def looks_like_html(text: str) -> bool:
    return bool(_HTML_LIKE.search(text))


def has_emoji(text: str) -> bool:
    return any(char in vader_analyzer().emojis for char in text)


@dataclass(frozen=True)
class CheckedText:
    """A user's text after the checks, with the notices (catalogue keys) the page shows."""

    text: str
    language: str  # detect_language() of the (cut) text
    notices: tuple[tuple[str, dict], ...] = ()


def check_text(text: str | None, max_chars: int = MAX_CHARS) -> CheckedText:
    """Refuse empty text; cut long text; note HTML-like text, emoji and mixed scripts."""
    if text is None or not text.strip():
        raise InputError("sentiment.err_empty")
    text = text.strip()
    notices = []
    if len(text) > max_chars:
        text = text[:max_chars]
        notices.append(("sentiment.note_cut_chars", {"limit": max_chars}))
    language = detect_language(text)
    if looks_like_html(text):
        notices.append(("sentiment.note_html", {}))
    if language == "mixed":
        notices.append(("sentiment.note_mixed", {}))
    if has_emoji(text):
        notices.append(("sentiment.note_emoji", {}))
    return CheckedText(text, language, tuple(notices))


def label_from_polarity(polarity: float, band: float = NEUTRAL_BAND) -> str:
    if polarity >= band:
        return "positive"
    if polarity <= -band:
        return "negative"
    return "neutral"


@lru_cache(maxsize=1)
def vader_analyzer() -> vs.SentimentIntensityAnalyzer:
    """One analyzer per process: it only reads its lexicons, so threads may share it."""
    return vs.SentimentIntensityAnalyzer()
