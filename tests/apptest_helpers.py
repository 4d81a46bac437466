"""Helpers for driving pages with streamlit.testing.v1.AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from playground.i18n import MISSING_MARK

ROOT = Path(__file__).resolve().parent.parent
ENTRY = str(ROOT / "streamlit_app.py")
MISSING_PREFIX = MISSING_MARK.split("{}")[0]
TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success", "metric", "code")
OPTION_WIDGETS = ("selectbox", "radio", "button_group", "select_slider")
# Far over any page's limit, in two scripts, with markup that must never be rendered as HTML.
HUGE_TEXT = ("Paris is a city. 巴黎是一座城市。 <script>alert(1)</script> 😀 " * 2500)[:100_000]


def open_page(path: str, lang: str, *, timeout: float = 90, **query) -> AppTest:
    """Run the entry file with ``?lang=...`` and switch to the page at ``path``."""
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
    at.query_params["lang"] = lang
    for name, value in query.items():
        at.query_params[name] = str(value)
    at.run()
    if path != "pages/home.py":
        at.switch_page(path).run()
    return at


def visible_texts(at: AppTest) -> list[str]:
    """Every piece of text the page shows, widget labels and options included."""
    texts = []
    for kind in TEXT_ELEMENTS:
        for element in at.get(kind):
            for attr in ("value", "label", "body"):
                value = getattr(element, attr, None)
                if isinstance(value, str):
                    texts.append(value)
    for node in _widgets(at):
        texts.append(str(getattr(node, "label", "")))
        texts.extend(str(option) for option in getattr(node, "options", []) or [])
    return texts


def problems(at: AppTest) -> list[str]:
    """Uncaught exceptions and raw catalogue keys on the current page."""
    found = [f"exception: {e.value}" for e in at.exception]
    found += [f"raw key in: {text[:80]!r}" for text in visible_texts(at) if MISSING_PREFIX in text]
    return found


def _widgets(at: AppTest):
    kinds = ("slider", "number_input", "toggle", "checkbox", "text_area", "text_input",
             *OPTION_WIDGETS)
    for kind in kinds:
        yield from at.get(kind)


def force_option(widget, option_text: str):
    """Select an option by its displayed text, whatever the page's format_func is.

    AppTest maps values to options through the widget's format function, which translated
    labels cannot be inverted by; with an identity format the displayed text selects itself.
    """
    widget.__class__ = type("Forced" + type(widget).__name__, (type(widget),),
                            {"format_func": property(lambda self: str)})
    widget.set_value([option_text] if _multi(widget) else option_text)


def _multi(widget) -> bool:
    return getattr(widget, "type", "") == "button_group" and not widget._is_single_select


def settings_of(widget) -> list:
    """The extreme values to try for one widget: (setter, description) pairs."""
    kind = widget.type
    if kind == "slider" and not isinstance(widget.value, (tuple, list)):
        return [(lambda w, v=v: w.set_value(v), f"={v}") for v in (widget.min, widget.max)]
    if kind == "number_input":
        low = widget.min if widget.min is not None else -1e6
        high = widget.max if widget.max is not None else 1e6
        return [(lambda w, v=v: w.set_value(v), f"={v}") for v in (low, high)]
    if kind in ("text_area", "text_input"):  # bad text: nothing, and far too much of everything
        return [(lambda w, v=v: w.set_value(v), f"={v[:12]!r}...") for v in ("", HUGE_TEXT)]
    if kind in ("toggle", "checkbox"):
        return [(lambda w, v=v: w.set_value(v), f"={v}") for v in (not widget.value, widget.value)]
    if kind == "select_slider":  # ordered values: the two ends are the extremes
        ends = dict.fromkeys([widget.options[0], widget.options[-1]])
        return [(lambda w, o=o: force_option(w, o), f"={o}") for o in ends]
    if kind in OPTION_WIDGETS and not _multi(widget):
        return [(lambda w, o=o: force_option(w, o), f"={o}") for o in widget.options]
    return []


def widget_key(widget) -> str | None:
    return getattr(widget, "key", None)


def restorer(widget):
    """A setter that puts the widget back to its current value (applied at the next run)."""
    kind = widget.type
    if kind in ("selectbox", "radio"):
        if widget.index is None:
            return lambda w: None
        text = widget.options[widget.index]
        return lambda w: force_option(w, text)
    if kind == "button_group":
        texts = list(widget.formatted_values)
        return lambda w: force_option(w, texts[0]) if texts and not _multi(w) else None
    if kind == "select_slider":
        text = str(widget.format_func(widget.value))
        return lambda w: force_option(w, text)
    value = widget.value
    return lambda w: w.set_value(value)


def _find(at: AppTest, key: str):
    try:
        return at.get_by_key(key)
    except KeyError:
        return None


def element_keys(at: AppTest) -> dict[str, str]:
    """``{user key: element type}`` of every keyed element on the page, downloads and uploads
    included (their protos carry ``$$ID-<hash>-<user key>``)."""
    found: dict[str, str] = {}

    def walk(node):
        for child in getattr(node, "children", {}).values():
            walk(child)
        element_id = getattr(getattr(node, "proto", None), "id", "")
        if isinstance(element_id, str) and element_id.startswith("$$ID-"):
            user_key = element_id.split("-", 2)[2]
            if user_key and user_key != "None":
                found[user_key] = node.type
    walk(at._tree)
    return found


class KeyLedger:
    """Which element type each key was seen on, across all the states a test drives a page
    through; one key on two kinds of element (an uploader in one state, a download button in
    another) collides the moment both states meet in one run."""

    def __init__(self):
        self.types: dict[str, set[str]] = {}

    def record(self, at: AppTest) -> None:
        for key, kind in element_keys(at).items():
            self.types.setdefault(key, set()).add(kind)

    def clashes(self) -> list[str]:
        return [f"key {key!r} is used by {sorted(kinds)}" for key, kinds in self.types.items()
                if len(kinds) > 1]


def exercise_widgets(at: AppTest, skip_keys=frozenset(), depth: int = 2,
                     ledger: KeyLedger | None = None) -> tuple[int, list[str]]:
    """Set every widget to its extremes / each option, then back, recursing (up to ``depth``)
    into widgets that a setting reveals.

    Returns the number of reruns and the problems found, each with the settings that caused it.
    ``ledger``, if given, records the keys of every state visited.
    """
    done: set[str] = set(skip_keys)
    reruns = 0
    failures: list[str] = []
    if ledger is not None:
        ledger.record(at)

    def visit(level: int, context: str):
        nonlocal reruns
        keys = [widget_key(w) for w in _widgets(at)]
        for key in [k for k in keys if k and k not in done]:
            widget = _find(at, key)
            if widget is None:
                continue
            done.add(key)
            restore = restorer(widget)
            for setter, description in settings_of(widget):
                current = _find(at, key)
                if current is None:
                    break
                setter(current)
                at.run()
                reruns += 1
                if ledger is not None:
                    ledger.record(at)
                where = f"{context}{key}{description}"
                failures.extend(f"{where}: {p}" for p in problems(at))
                if level < depth and widget.type in OPTION_WIDGETS + ("toggle", "checkbox"):
                    visit(level + 1, where + " > ")  # a choice may reveal more widgets
            current = _find(at, key)
            if current is not None:
                restore(current)

    visit(0, "")
    return reruns, failures


def unkeyed_widgets(at: AppTest) -> list[str]:
    return [f"{w.type}: {getattr(w, 'label', '')}" for w in _widgets(at) if not widget_key(w)]
