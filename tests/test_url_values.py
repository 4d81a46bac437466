"""Out-of-range values in a shared link (``?hmm_seed=inf``) fall back to the defaults: on every
page, for every number control a topic's specs keep in the URL (seeds, sliders, steps), with
inf, -inf, 1e309, nan and text. ``?<page>_seed=inf`` raised OverflowError on six pages."""

from __future__ import annotations

import importlib
import math

import pytest
from apptest_helpers import open_page, problems

from playground import spec as spec_module
from playground.topics import TOPICS

BAD = ("inf", "-inf", "1e309", "nan", "abc")


def url_numbers(topic) -> list[tuple[spec_module.Spec, spec_module.Control]]:
    """Every number control of the topic's specs that lives in the URL."""
    module = importlib.import_module(f"playground.{topic.name}.spec")
    specs = [value for value in vars(module).values() if isinstance(value, spec_module.Spec)]
    found, seen = [], set()
    for spec in specs:
        for item in spec.controls:
            key = spec.widget_key(item.key)
            if item.url and isinstance(item, (spec_module.Slider, spec_module.Steps)) \
                    and key not in seen:
                seen.add(key)
                found.append((spec, item))
    return found


@pytest.mark.parametrize("topic", TOPICS, ids=lambda topic: topic.name)
def test_every_url_number_parses_bad_values_to_its_default(topic):
    for _spec, item in url_numbers(topic):
        for raw in BAD:
            assert item.parse(raw) == item.default, (item.key, raw)
        value = item.parse(str(item.default))
        assert value == item.default and not (isinstance(value, float) and math.isnan(value))


@pytest.mark.parametrize("shift", range(2))
@pytest.mark.parametrize("topic", TOPICS, ids=lambda topic: topic.name)
def test_page_opens_with_bad_numbers_in_its_link(topic, shift):
    """All of a page's URL numbers at once, each given one of the bad values (two rotations,
    so that every control meets a non-number and an overflow)."""
    query = {spec.widget_key(item.key): BAD[(i + shift * 2) % len(BAD)]
             for i, (spec, item) in enumerate(url_numbers(topic))}
    if not query:
        pytest.skip("no number in this page's link")
    at = open_page(topic.page, "en", timeout=120, **query)
    assert problems(at) == [], query
