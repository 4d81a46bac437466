"""What one text-generation request may ask for: the example prompts of the chapter's three
tasks (news, stories and code, §1.3.2) and the limits every request keeps to.

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
TASKS = ("news", "story", "code")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Prompts for the chapter's three tasks. The bundled model only read Python's documentation, so
# its prompts start the way that text does; hub models get everyday openings.
PRESETS = {
    "bundled": {
        "news": {"en": "What's New: This release adds a new statement, and the"},
        "story": {"en": "Once upon a time, a small program wanted to know why the"},
        "code": {"en": "The following example shows how a class is defined:\n\n   class"},
    },
    "hub": {
        "news": {"en": "BEIJING (Reuters) - Scientists announced on Monday that",
                 "zh": "本报讯 昨天上午，市政府召开新闻发布会，宣布"},
        "story": {"en": "Once upon a time, in a small village by the sea, there lived",
                  "zh": "从前，在一座大山的脚下，住着一位"},
        "code": {"en": 'def fibonacci(n):\n    """Return the n-th Fibonacci number."""\n',
                 "zh": 'def fibonacci(n):\n    """返回第 n 个斐波那契数。"""\n'},
    },
}


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def preset_prompt(task: str, lang: str, loaded: LoadedModel) -> str:
    """The preset for ``task`` in ``lang`` if the model reads that language, else in English."""
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
