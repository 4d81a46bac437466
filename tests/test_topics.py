"""The topic registry and the control specs: every topic is complete, and each control exists
once, so the Streamlit page and the Gradio tab build the same parameters."""

from __future__ import annotations

import importlib
import re

import numpy as np
import pytest

from apptest_helpers import ROOT
from playground import spec as spec_module
from playground.i18n import load_catalogue
from playground.topics import GROUPS, TOPICS, legacy_url_renames

PAGE_URLS = {  # addresses shared before the registry existed: they must keep working
    "discriminative": "decision-boundaries", "gmm": "gmm-clustering", "hmm": "hmm-sampler",
    "diffusion": "diffusion-2d", "diffusion_digits": "diffusion-digits",
    "text_generation": "text-generation", "summarization": "summarize",
    "sentiment": "sentiment-analysis",
}


def topic_specs(topic):
    """Every Spec a topic's ``spec`` module declares (most have one, ``SPEC``)."""
    module = importlib.import_module(f"playground.{topic.name}.spec")
    return [value for value in vars(module).values() if isinstance(value, spec_module.Spec)]


def test_every_topic_has_its_files():
    missing = []
    for topic in TOPICS:
        assert topic.group in GROUPS
        for path in (f"playground/{topic.name}/__init__.py", f"playground/{topic.name}/spec.py",
                     topic.page, f"ui/gradio_{topic.name}.py", f"assets/i18n/{topic.name}.toml"):
            if not (ROOT / path).exists():
                missing.append(path)
        if not list((ROOT / "tests").glob(f"test_{topic.name}*.py")):
            missing.append(f"tests/test_{topic.name}*.py")
    assert missing == []


def test_every_tab_and_package_belongs_to_a_topic():
    names = {topic.name for topic in TOPICS}
    tabs = {p.stem.removeprefix("gradio_") for p in (ROOT / "ui").glob("gradio_*.py")}
    assert tabs - {"common"} <= names
    shared = {"__pycache__"}
    packages = {p.name for p in (ROOT / "playground").iterdir() if p.is_dir()} - shared
    assert packages <= names, "every package under playground/ is a topic"


def test_catalogue_namespaces_match_topics():
    keys = load_catalogue()
    for topic in TOPICS:
        for required in ("nav_title", "summary", "title", "lesson", "notice"):
            assert f"{topic.name}.{required}" in keys


def test_page_urls_are_unchanged():
    urls = {topic.name: topic.url_path for topic in TOPICS}
    assert {name: urls[name] for name in PAGE_URLS} == PAGE_URLS
    assert len(set(urls.values())) == len(urls)


def test_legacy_prefixes_cannot_shadow_a_topic():
    names = {topic.name for topic in TOPICS}
    for old, new in legacy_url_renames().items():
        assert old[:-1] not in names and new[:-1] in names


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.name)
def test_spec_defaults_and_random_values_build_valid_parameters(topic):
    specs = topic_specs(topic)
    assert specs, f"{topic.name} declares no Spec"
    rng = np.random.default_rng(0)
    for spec in specs:
        assert spec.prefix == topic.name
        spec.params()
        for _ in range(20):
            spec.params(spec.sample(rng))


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.name)
def test_spec_labels_are_in_the_catalogue(topic):
    keys = load_catalogue()
    for spec in topic_specs(topic):
        for control in spec.controls:
            assert control.label in keys, control.label
            if control.help:
                assert control.help in keys, control.help
            if isinstance(control, spec_module.Choice) and control.option_text is None:
                for option in control.options:
                    assert control.option_key(option) in keys


def test_no_control_is_declared_outside_a_spec():
    """Pages and tabs render spec controls; a literal slider range in a page or tab is drift
    waiting to happen. Interactive widgets particular to a topic (buttons, editors, uploads,
    text boxes) stay hand-written, and so does a control whose range depends on a result,
    marked ``# not in spec: <why>`` on its line."""
    literal = re.compile(r"\b(st|gr|\w+)\.(slider|select_slider|Slider|number_input|Number)\(")
    offenders = []
    for topic in TOPICS:
        for path in (ROOT / topic.page, ROOT / f"ui/gradio_{topic.name}.py"):
            if not path.exists():
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                # A control whose range depends on a result (an iteration slider over a fit)
                # stays hand-written and says so on its line.
                if literal.search(line) and "# not in spec:" not in line:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


@pytest.mark.parametrize("topic", [t for t in TOPICS if t.legacy_prefix], ids=lambda t: t.name)
def test_links_with_the_old_parameter_prefix_still_work(topic):
    from apptest_helpers import open_page

    at = open_page(topic.page, "en", **{f"{topic.legacy_prefix}_probe": "7"})
    assert at.query_params.get(f"{topic.name}_probe") in ("7", ["7"])
    assert f"{topic.legacy_prefix}_probe" not in at.query_params
