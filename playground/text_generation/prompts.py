"""What one text-generation request may ask for: the example prompts of the chapter's three
tasks (news, stories and code, §1.3.2), the shop reviews the bundled Chinese model learnt, which
language a prompt is in (it decides which model runs), and the limits every request keeps to.

No torch here: the controls (``spec.py``) read these limits without loading a model library.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from playground.text_generation.tokens import LoadedModel

MAX_NEW_TOKENS = 120  # cap per request: a class shares two cores
MAX_PROMPT_CHARS = 2000  # the prompt box's limit in the page and the tab
N_CANDIDATES = 10  # candidates reported per step
TASKS = ("news", "story", "code", "review")
POLARITIES = ("positive", "negative")
# The bundled Chinese model learnt reviews that start with their label, so a prompt that starts
# with a label asks for a review of that polarity.
REVIEW_LABELS = {"positive": "好评：", "negative": "差评："}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Prompts for the chapter's three tasks. The bundled English model only read Python's
# documentation, so its prompts start the way that text does; the bundled Chinese model only read
# shop reviews (its news and story openings get review-flavoured continuations, which the page
# says); hub models get everyday openings. "review" prompts are completed by review_prompt.
PRESETS = {
    "bundled": {
        "news": {"en": "What's New: This release adds a new statement, and the",
                 "zh": "本报讯 昨天上午，这家书店"},
        "story": {"en": "Once upon a time, a small program wanted to know why the",
                  "zh": "从前，有一个小朋友收到了一本"},
        "code": {"en": "The following example shows how a class is defined:\n\n   class"},
        "review": {"zh": ""},
    },
    "hub": {
        "news": {"en": "BEIJING (Reuters) - Scientists announced on Monday that",
                 "zh": "本报讯 昨天上午，市政府召开新闻发布会，宣布"},
        "story": {"en": "Once upon a time, in a small village by the sea, there lived",
                  "zh": "从前，在一座大山的脚下，住着一位"},
        "code": {"en": 'def fibonacci(n):\n    """Return the n-th Fibonacci number."""\n',
                 "zh": 'def fibonacci(n):\n    """返回第 n 个斐波那契数。"""\n'},
        "review": {"zh": ""},
    },
}


# What the page says about each bundled model, by the language it reads.
BUNDLED_NOTES = {"en": "text_generation.bundled_note_en", "zh": "text_generation.bundled_note_zh"}


def preset_language(task: str, ui_lang: str) -> str:
    """The language a preset's prompt is written in, which picks the model: reviews are the
    bundled Chinese model's task, code the English one's; news and stories follow the page."""
    return {"review": "zh", "code": "en"}.get(task, ui_lang)


def prompt_language(prompt: str) -> str:
    """"zh" when Chinese characters make up a third or more of the prompt's letters, else "en"
    (the sentiment page's rule)."""
    from playground.sentiment.text import main_language

    return main_language(prompt) if prompt.strip() else "en"


def review_prompt(polarity: str) -> str:
    """The opening that asks the Chinese review model for a review of ``polarity``."""
    return REVIEW_LABELS[polarity]


def is_review_prompt(prompt: str) -> bool:
    """Whether ``prompt`` asks the review model for a review (it starts with a label)."""
    return prompt.startswith(tuple(REVIEW_LABELS.values()))


def review_polarity(prompt: str) -> str | None:
    """The polarity a review prompt asks for, or None."""
    for polarity, label in REVIEW_LABELS.items():
        if prompt.startswith(label):
            return polarity
    return None


def strip_review_label(text: str) -> str:
    """A generated review without the label it was asked for (what a classifier should read)."""
    for label in REVIEW_LABELS.values():
        if text.startswith(label):
            return text[len(label):]
    return text


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def preset_prompt(task: str, lang: str, loaded: LoadedModel,
                  polarity: str = "positive") -> str:
    """The preset for ``task`` in ``lang`` if the model reads that language, else in another
    language it reads (English last)."""
    if task == "review":
        return review_prompt(polarity)
    presets = PRESETS["bundled" if loaded.bundled else "hub"][task]
    wanted = ([lang] if lang in loaded.languages else []) + [*loaded.languages, "en"]
    usable = [code for code in wanted if code in presets]
    return presets[usable[0]]


def language_notice(languages: Sequence[str], prompt: str, ui_lang: str) -> str | None:
    """The catalogue key of the note for a model that reads no Chinese, or None.

    Chinese in the prompt gets "english_only" (the model will not follow it); a Chinese page with
    an English prompt gets "english_presets" (why the presets are English).
    """
    if "zh" in languages:
        return None
    if has_cjk(prompt):
        return "text_generation.english_only"
    return "text_generation.english_presets" if ui_lang == "zh" else None


# What counts as Chinese text in the quality bars of the bundled Chinese generator: Han
# characters, CJK and full-width punctuation, and the quotation marks, ellipsis and dashes of
# Chinese typesetting.
_CHINESE_OR_PUNCTUATION = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
                                     r"“”‘’…—·]")


def chinese_share(text: str) -> tuple[int, int]:
    """(characters that are Chinese or punctuation, all characters) of ``text``."""
    return sum(bool(_CHINESE_OR_PUNCTUATION.match(c)) for c in text), len(text)


def longest_run(text: str) -> int:
    """Length of the longest run of one repeated character (0 for empty text)."""
    return max((len(m.group(0)) for m in re.finditer(r"(.)\1*", text, re.DOTALL)), default=0)
