"""What every Gradio tab shares: the catalogue as gr.I18n, language handling, error messages."""

from __future__ import annotations

import threading
from typing import Callable, TypeVar

import gradio as gr

from playground.errors import InputError
from playground.i18n import LANGUAGES, Translator, language_from_locale, load_catalogue


def catalogue_i18n() -> gr.I18n:
    """The one catalogue handed to Gradio, which translates static labels in the browser's
    locale ("zh-CN", "zh-TW" and "zh" all map to Simplified Chinese)."""
    per_language = {lang: {key: entry[lang] for key, entry in load_catalogue().items()}
                    for lang in LANGUAGES}
    return gr.I18n(en=per_language["en"], zh=per_language["zh"],
                   **{"zh-CN": per_language["zh"], "zh-TW": per_language["zh"]})


I18N = catalogue_i18n()


def label(key: str):
    """A component label translated in the browser."""
    return I18N(key)


def request_language(request: gr.Request | None) -> str:
    """The visitor's language from the Accept-Language header (used for figure text)."""
    header = request.headers.get("accept-language", "") if request is not None else ""
    return language_from_locale(header.split(",")[0].strip() or None)


def message(error: InputError, lang: str) -> str:
    return "⚠️ " + Translator(lang)(error.key, **error.params)


Model = TypeVar("Model")


def latest_model(load: Callable[..., Model]) -> Callable[..., Model]:
    """Memoise a model loader by its argument, keeping one model in memory (the last asked for).

    A lock serialises loads, so visitors arriving together load a model once; the model itself
    is shared read-only, which the backends make safe.
    """
    lock = threading.Lock()
    loaded: dict = {}

    def get(choice) -> Model:
        with lock:
            if choice not in loaded:
                loaded.clear()
                loaded[choice] = load(choice)
            return loaded[choice]

    return get
