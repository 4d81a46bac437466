"""Each control exists once: the Streamlit page and the Gradio tab render the same spec and so
hold the same values, for the defaults and for random valid settings of every control."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from apptest_helpers import open_page
from playground import spec as spec_module
from playground.topics import TOPICS


def topic_specs(name):
    module = importlib.import_module(f"playground.{name}.spec")
    return [value for value in vars(module).values() if isinstance(value, spec_module.Spec)]


def page_values(at, spec) -> dict:
    """The values the page's widgets hold, for the spec controls it rendered."""
    state = at.session_state
    return {c.key: state[spec.widget_key(c.key)] for c in spec.controls
            if spec.widget_key(c.key) in state}


def url_text(control, value) -> str:
    if isinstance(control, spec_module.Toggle):
        return "true" if value else "false"
    return str(value)


_TABS: dict = {}


def tab_components_of(topic) -> dict:
    """``{elem_id: component}`` of one topic's Gradio tab, built once (as app.py builds it)."""
    if topic.name not in _TABS:
        import gradio as gr

        with gr.Blocks() as demo:
            lang = gr.Radio(["en", "zh"], value="en")
            importlib.import_module(topic.tab_module).build(lang)
        _TABS[topic.name] = {block.elem_id: block for block in demo.blocks.values()
                             if getattr(block, "elem_id", None)}
    return _TABS[topic.name]


def tab_value(component, value):
    """What a handler receives when the component shows ``value``."""
    return component.preprocess(component.postprocess(value))


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.name)
def test_page_defaults_are_the_spec_defaults(topic):
    at = open_page(topic.page, "en")
    for spec in topic_specs(topic.name):
        shown = page_values(at, spec)
        assert shown, f"{topic.page} renders none of {spec.prefix}'s controls"
        for key, value in shown.items():
            assert spec[key].coerce(value) == spec[key].default, key


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.name)
def test_tab_components_come_from_the_spec(topic):
    tab_components = tab_components_of(topic)
    for spec in topic_specs(topic.name):
        for control in spec.in_tab():
            component = tab_components.get(spec.widget_key(control.key))
            assert component is not None, f"the {topic.name} tab does not render {control.key}"
            got = tab_value(component, component.value)
            assert spec[control.key].coerce(got) == control.default, control.key
            if isinstance(control, spec_module.Slider):
                assert (component.minimum, component.maximum) == (control.low, control.high)
            if isinstance(control, spec_module.Choice):
                # Every option shows a word: translated from a real catalogue key, or data
                # shown as written (an empty key showed Gradio's raw i18n metadata).
                for shown_label, _ in component.choices:
                    key = getattr(shown_label, "key", None)
                    assert shown_label and (key is None or key), (control.key, shown_label)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.name)
def test_random_settings_give_the_same_parameters_in_both_apps(topic, seed):
    tab_components = tab_components_of(topic)
    rng = np.random.default_rng(seed)
    for spec in topic_specs(topic.name):
        wanted = spec.sample(rng)
        query = {spec.widget_key(c.key): url_text(c, wanted[c.key]) for c in spec.controls if c.url}
        at = open_page(topic.page, "en", **query)
        assert not at.exception, [e.value for e in at.exception]
        on_page = page_values(at, spec)
        # The page shows what the link asked for, so it builds the same parameters.
        for key, value in on_page.items():
            if spec[key].url:
                assert spec[key].coerce(value) == wanted[key], key
        page_params = spec.params({**wanted, **on_page})
        tab_given = {}
        for control in spec.in_tab():
            component = tab_components[spec.widget_key(control.key)]
            tab_given[control.key] = tab_value(component, wanted[control.key])
        tab_params = spec.params({**wanted, **tab_given})
        assert page_params == tab_params == spec.params(wanted)
