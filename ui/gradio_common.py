"""What every Gradio tab shares: the catalogue as gr.I18n, language handling, error messages."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import gradio as gr

from playground import spec as spec_module
from playground.errors import InputError, literal_params
from playground.i18n import LANGUAGES, Translator, language_from_locale, load_catalogue


def catalogue_i18n() -> gr.I18n:
    """The one catalogue handed to Gradio, which translates static labels in the browser's
    locale ("zh-CN", "zh-TW" and "zh" all map to Simplified Chinese)."""
    per_language = {lang: {key: entry[lang] for key, entry in load_catalogue().items()}
                    for lang in LANGUAGES}
    for texts in per_language.values():  # each tab's heading: its page title, as markdown
        texts.update({key[:-len(".title")] + ".tab_title": "## " + text
                      for key, text in list(texts.items()) if key.endswith(".title")})
    return gr.I18n(en=per_language["en"], zh=per_language["zh"],
                   **{"zh-CN": per_language["zh"], "zh-TW": per_language["zh"]})


I18N = catalogue_i18n()


def label(key: str):
    """A component label translated in the browser."""
    return I18N(key)


def tab_heading(ns: str):
    """The heading of a tab: the page title of the topic ``ns`` (translated in the browser)."""
    return gr.Markdown(label(f"{ns}.tab_title"), elem_classes=["tab-heading"])


def request_language(request: gr.Request | None) -> str:
    """The visitor's language from the Accept-Language header (used for figure text)."""
    header = request.headers.get("accept-language", "") if request is not None else ""
    return language_from_locale(header.split(",")[0].strip() or None)


def message(error: InputError, lang: str) -> str:
    """The error in ``lang`` for a gr.Markdown output; user values in it stay plain text."""
    return "⚠️ " + Translator(lang)(error.key, **literal_params(error.params))


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


# --- Controls declared in a topic's spec (playground/spec.py) ---------------------------------

def _number_label(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def control(item: spec_module.Control, *, prefix: str = ""):
    """One Gradio component for a spec control (labels translated in the browser).

    With ``prefix`` the component's ``elem_id`` is the control's widget key, as on the page (the
    tests find the tab's controls by it).
    """
    extra = {k: v for k, v in item.tab.items() if k not in ("hidden", "options")}
    # tab={"options": (...)}: the options the tab offers, when it leaves some out (an upload).
    options = item.tab.get("options", getattr(item, "options", ()))
    if prefix:
        extra.setdefault("elem_id", f"{prefix}_{item.key}")
    info = label(item.help) if item.help else None
    if isinstance(item, spec_module.Choice):
        # Options that are data (example sentences) show as written, in every language.
        choices = [(item.option_text(o) if item.option_text else label(item.option_key(o)), o)
                   for o in options]
        if item.widget == "select":
            return gr.Dropdown(choices, value=item.default, label=label(item.label), info=info,
                               **extra)
        return gr.Radio(choices, value=item.default, label=label(item.label), info=info, **extra)
    if isinstance(item, spec_module.Seed):
        return gr.Number(item.default, precision=0, minimum=item.low, maximum=item.high,
                         label=label(item.label), info=info, **extra)
    if isinstance(item, spec_module.Slider):
        return gr.Slider(item.low, item.high, value=item.default, step=item.step,
                         label=label(item.label), info=info, **extra)
    if isinstance(item, spec_module.Steps):
        # Gradio has no select slider: the same ordered values as a dropdown.
        return gr.Dropdown([(_number_label(o), o) for o in options], value=item.default,
                           label=label(item.label), info=info, **extra)
    if isinstance(item, spec_module.Toggle):
        return gr.Checkbox(item.default, label=label(item.label), info=info, **extra)
    if isinstance(item, spec_module.Text):
        return gr.Textbox(item.default, lines=item.lines, max_length=item.max_chars,
                          label=label(item.label), info=info, **extra)
    raise TypeError(f"no Gradio renderer for {type(item).__name__}")


def controls(spec: spec_module.Spec, keys=None) -> dict:
    """Components for the controls ``keys`` of ``spec`` (all the tab shows, by default), created
    in declaration order inside the caller's layout; ``{key: component}``."""
    return {item.key: control(item, prefix=spec.prefix) for item in spec.in_tab()
            if keys is None or item.key in keys}


def spec_values(spec: spec_module.Spec, keys, *args) -> dict:
    """Handler arguments (in the order of ``keys``) as the spec's complete, coerced values:
    Gradio sends floats for integer sliders and may send None for an emptied number box."""
    given = {key: value for key, value in zip(keys, args) if value is not None}
    return spec.complete(given)


def show_when(spec: spec_module.Spec, components: dict) -> None:
    """Make controls with ``shown_if`` appear and disappear as the values they depend on change,
    as on the page."""
    conditional = [item for item in spec.in_tab()
                   if item.shown_if is not None and item.key in components]
    if not conditional:
        return
    keys = list(components)

    def visibility(*args):
        values = spec.complete(dict(zip(keys, args)))
        return [gr.update(visible=item.shown_if(values)) for item in conditional]

    inputs = [components[key] for key in keys]
    outputs = [components[item.key] for item in conditional]
    defaults = spec.complete()
    for item in conditional:  # as the tab opens, with every control at its default
        components[item.key].visible = item.shown(defaults)
    # Every input, a conditional one too (the SVM's kernel decides whether its degree shows);
    # a visibility update changes no value, so it triggers no further change event.
    for component in inputs:
        component.change(visibility, inputs, outputs, api_name=False, queue=False)


def metric_line(metrics) -> str:
    """A spec's summary metrics as one line of markdown: **label**: value · ..."""
    return " · ".join(f"**{label}**: {value}" for label, value in metrics)


def follow_maximum(spec: spec_module.Spec, components: dict) -> None:
    """Narrow the sliders whose maximum follows another control (``high_from``) whenever that
    control changes, as on the page; a value above the new maximum is lowered to it. (Until
    then a slider offers its widest range, and the spec lowers values above the maximum.)"""
    for item in spec.in_tab():
        source = getattr(item, "high_from", None)
        if source is None or item.key not in components or source[0] not in components:
            continue

        def narrow(value, current, item=item, source_key=source[0]):
            given = {} if value is None else {source_key: value}
            high = item.high_for(spec.complete(given))
            return gr.update(maximum=high, value=None if current is None else min(current, high))

        target = components[item.key]
        components[source[0]].change(narrow, [components[source[0]], target], target,
                                     api_name=False, queue=False)
