"""Controls declared once, rendered by both apps.

A topic's ``spec.py`` lists its view-defining controls as :class:`Control` objects (a slider, a
choice, a seed ...) inside one :class:`Spec`. The Streamlit page renders them with
``ui.common.controls(spec)`` and the Gradio tab with ``ui.gradio_common.controls(spec)``; both
hand the values, keyed by the control's ``key``, to ``spec.params(values)``, which builds the
topic's parameter dataclass. A range, a default or an option list therefore exists once, and a
test renders every spec in both apps and checks that they build the same parameters.

Nothing here imports a UI library. Labels are catalogue keys, translated by the renderer.

Where the two apps deliberately differ (a control the tab leaves out, a coarser step), the
control says so in ``tab``, so the difference is written down rather than drifting in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

SEED_MAX = 999_999


@dataclass(frozen=True)
class Control:
    """Fields every control shares.

    key : local name; the widget key and URL parameter are ``f"{spec.prefix}_{key}"``.
    label : catalogue key of the visible label; help : catalogue key of the tooltip, or None.
    secondary : folded away in presenter mode (rarely touched while teaching).
    url : kept in the address bar, so a copied link opens the same view.
    shown_if : ``values -> bool`` over the controls declared before it; hidden controls take
        their default (for example the kernel width only for an SVM with a non-linear kernel).
    tab : explicit differences in the Gradio tab; ``{"hidden": True}`` leaves the control out
        of the tab (it then keeps its default), other entries are passed to the component.
    """

    key: str
    label: str
    default: Any
    help: str | None = None
    secondary: bool = False
    url: bool = True
    shown_if: Callable[[Mapping[str, Any]], bool] | None = None
    tab: Mapping[str, Any] = field(default_factory=dict)

    def coerce(self, value):
        """``value`` as this control's type, or ValueError if it is not a valid setting."""
        raise NotImplementedError

    def parse(self, text):
        """A value read from a URL: the control's value, or its default when ``text`` is not
        a valid setting (``?seed=inf``, an unknown option, a number out of range)."""
        try:
            return self.coerce(text)
        except (TypeError, ValueError, OverflowError):
            return self.default

    def sample(self, rng: np.random.Generator):
        """A random value valid in both apps (tests set both to it): options a tab leaves out
        (``tab={"options": ...}``, an upload) are not drawn."""
        raise NotImplementedError

    def fit(self, value, values: Mapping[str, Any]):
        """``value`` made consistent with the controls declared before it (``values``); only a
        slider whose maximum follows another control changes it."""
        return value

    def shown(self, values: Mapping[str, Any]) -> bool:
        return self.shown_if is None or bool(self.shown_if(values))


def _number(value) -> float:
    if isinstance(value, bool):
        raise ValueError("a number is needed")
    number = float(value)  # ValueError for text, OverflowError never (float('1e309') is inf)
    if not math.isfinite(number):
        raise ValueError("a finite number is needed")
    return number


@dataclass(frozen=True)
class Slider(Control):
    """A number between ``low`` and ``high`` in steps of ``step``; whole numbers when the bounds
    and the step are ints."""

    low: float = 0
    high: float = 1
    step: float = 1
    # The maximum follows a control declared earlier: ("T", -1) means "at most T - 1" (a step
    # within the chosen number of steps). ``high`` is then the widest maximum; a page narrows
    # the slider as it goes, and values above the current maximum are lowered to it.
    high_from: tuple[str, float] | None = None

    @property
    def integer(self) -> bool:
        return all(isinstance(v, int) and not isinstance(v, bool)
                   for v in (self.low, self.high, self.step, self.default))

    def coerce(self, value):
        number = _number(value)
        if not self.low - 1e-9 <= number <= self.high + 1e-9:
            raise ValueError(f"{self.key}: {number} is outside [{self.low}, {self.high}]")
        if self.integer:
            if number != int(number):
                raise ValueError(f"{self.key}: {number} is not a whole number")
            return int(number)
        # Snap to the step grid (widgets send 0.30000000000000004 for 0.3).
        steps = round((number - self.low) / self.step)
        return float(f"{self.low + steps * self.step:.10g}")

    def sample(self, rng, values: Mapping[str, Any] | None = None):
        high = self.high if values is None else self.high_for(values)
        n_steps = int(round((high - self.low) / self.step))
        return self.coerce(self.low + int(rng.integers(0, n_steps + 1)) * self.step)

    def high_for(self, values: Mapping[str, Any]):
        """The maximum given the earlier controls' ``values`` (``high`` unless ``high_from``)."""
        if self.high_from is None:
            return self.high
        key, offset = self.high_from
        return max(self.low, min(self.high, values[key] + offset))

    def fit(self, value, values):
        return value if self.high_from is None else min(value, self.high_for(values))


@dataclass(frozen=True)
class Seed(Slider):
    """The visible, editable seed of a view's randomness (an integer box in both apps)."""

    label: str = "common.seed"
    default: int = 0
    help: str | None = "common.seed_help"
    low: int = 0
    high: int = SEED_MAX
    step: int = 1


@dataclass(frozen=True)
class Steps(Control):
    """One of an ordered list of numbers (a select slider, e.g. a log scale for C or gamma)."""

    options: tuple = ()

    def coerce(self, value):
        number = _number(value)
        for option in self.options:
            if math.isclose(number, option, rel_tol=1e-9, abs_tol=1e-12):
                return option
        raise ValueError(f"{self.key}: {value!r} is not one of {self.options}")

    def sample(self, rng):
        options = self.tab.get("options", self.options)  # valid in both apps
        return options[int(rng.integers(0, len(options)))]


@dataclass(frozen=True)
class Choice(Control):
    """One of a few named options, kept in the URL by its id (never by its translated label).

    option_label : catalogue key with ``{}`` for the option id, e.g. ``"hmm.preset_name.{}"``.
    option_text : instead of ``option_label``, ``option -> str`` for options that are data
        shown as written in every language (example sentences).
    widget : how a page shows it: "segmented", "radio" or "select" (the tab uses a radio for
        the first two and a dropdown for "select").
    """

    options: tuple = ()
    option_label: str = ""
    option_text: Callable[[Any], str] | None = None
    widget: str = "select"

    def coerce(self, value):
        for option in self.options:
            if str(option) == str(value):
                return option
        raise ValueError(f"{self.key}: {value!r} is not one of {self.options}")

    def sample(self, rng):
        options = self.tab.get("options", self.options)  # valid in both apps
        return options[int(rng.integers(0, len(options)))]

    def option_key(self, option) -> str:
        return self.option_label.format(option)


@dataclass(frozen=True)
class Toggle(Control):
    """On or off."""

    default: bool = False

    def coerce(self, value):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"{self.key}: {value!r} is not on or off")

    def sample(self, rng):
        return bool(rng.integers(0, 2))


@dataclass(frozen=True)
class Text(Control):
    """Free text of at most ``max_chars`` characters (never put in the URL: it can be long)."""

    max_chars: int = 20_000
    lines: int = 6
    url: bool = False

    def coerce(self, value):
        text = "" if value is None else str(value)
        if len(text) > self.max_chars:
            raise ValueError(f"{self.key}: longer than {self.max_chars} characters")
        return text

    def sample(self, rng):
        return self.default


@dataclass(frozen=True)
class Spec:
    """The view-defining controls of one topic (or one part of a page) and how their values
    become parameters.

    prefix : widget-key and URL-parameter prefix, the topic's name.
    controls : in the order a page shows them.
    build : ``values -> params``; ``values`` holds every control's value by ``key`` (hidden
        controls at their default). It may raise ``InputError`` for combinations that the
        controls' own ranges cannot exclude.
    metrics : optional ``(result, tr) -> [(label, value text), ...]``, the summary numbers a
        page shows as metrics and a tab as a line of text.
    """

    prefix: str
    controls: tuple[Control, ...]
    build: Callable[[Mapping[str, Any]], Any] = dict
    metrics: Callable[..., list[tuple[str, str]]] | None = None

    def __post_init__(self):
        keys = [control.key for control in self.controls]
        duplicated = {key for key in keys if keys.count(key) > 1}
        if duplicated:
            raise ValueError(f"{self.prefix}: control keys declared twice: {sorted(duplicated)}")
        for i, control in enumerate(self.controls):
            source = getattr(control, "high_from", None)
            if source is not None and source[0] not in keys[:i]:
                raise ValueError(f"{self.prefix}: {control.key}'s maximum follows {source[0]!r}, "
                                 "which must be declared before it")

    def __getitem__(self, key: str) -> Control:
        for control in self.controls:
            if control.key == key:
                return control
        raise KeyError(f"{self.prefix} has no control {key!r}")

    def __contains__(self, key: str) -> bool:
        return any(control.key == key for control in self.controls)

    def widget_key(self, key: str) -> str:
        return f"{self.prefix}_{key}"

    def defaults(self) -> dict[str, Any]:
        return {control.key: control.default for control in self.controls}

    def complete(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Every control's value: given values coerced, missing and hidden ones at default, and
        a slider whose maximum follows another control lowered to that maximum."""
        given = dict(values or {})
        out: dict[str, Any] = {}
        for control in self.controls:
            if control.key in given and control.shown(out):
                value = control.coerce(given[control.key])
            else:
                value = control.default
            out[control.key] = control.fit(value, out)
        return out

    def params(self, values: Mapping[str, Any] | None = None):
        """The topic's parameters for ``values`` (defaults where a value is missing)."""
        return self.build(self.complete(values))

    def sample(self, rng: np.random.Generator) -> dict[str, Any]:
        """Random valid values for every control (hidden ones at their default)."""
        out: dict[str, Any] = {}
        for control in self.controls:
            if not control.shown(out):
                out[control.key] = control.fit(control.default, out)
            elif isinstance(control, Slider):
                out[control.key] = control.sample(rng, out)  # within a maximum that follows
            else:
                out[control.key] = control.sample(rng)
        return out

    def in_tab(self) -> tuple[Control, ...]:
        return tuple(c for c in self.controls if not c.tab.get("hidden", False))


def log_steps(low_exp: int, high_exp: int) -> tuple[float, ...]:
    """1, 2, 5 steps from 10**low_exp to 10**high_exp, for log-scale controls such as C."""
    values = [m * 10.0**e for e in range(low_exp, high_exp) for m in (1, 2, 5)]
    return tuple(float(f"{v:.6g}") for v in values) + (10.0**high_exp,)
