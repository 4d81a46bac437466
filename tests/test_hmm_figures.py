"""The HMM figures and page as seen from the back of the room: state names inside their circles,
a diagram without an empty square around it, heatmap numbers at 14 px or more, the four-state
transition table at full width, and no Stop button once learning has ended."""

from __future__ import annotations

import numpy as np
import pytest

from playground import hmm
from playground.hmm import figures
from playground.hmm.spec import SPEC
from playground.i18n import Translator

CASES = [(preset, lang) for preset in hmm.PRESETS for lang in ("en", "zh")]


@pytest.mark.parametrize("preset, lang", CASES)
def test_state_names_fit_their_circles(preset, lang):
    names = figures.state_names(preset, Translator(lang))
    assert figures.label_fits(names, hmm.PRESETS[preset].spec)
    casino = hmm.PRESETS["casino"].spec
    assert not figures.label_fits(["Fair", "Extraordinarily-loaded"], casino)  # it can fail


@pytest.mark.parametrize("preset, lang", CASES)
def test_state_names_fit_their_circles_in_presenter_mode(preset, lang):
    """The page draws the diagram for a wider column in presenter mode, where the names are
    1.6 times larger (playground.style.for_presenter): they still fit, "灌铅骰子" included."""
    from playground import style

    font = max(figures.LABEL_FONT * style.FONT_SCALE, style.MIN_PRESENTER_FONT)
    names = figures.state_names(preset, Translator(lang))
    spec = hmm.PRESETS[preset].spec
    assert figures.label_fits(names, spec, width=figures.PRESENTER_DIAGRAM_WIDTH, font=font)
    assert not figures.label_fits(["Fair die", "Loaded die"], hmm.PRESETS["casino"].spec,
                                  font=font)  # at the laptop width they did not


@pytest.mark.parametrize("preset, lang", CASES)
def test_diagram_fills_its_panel(preset, lang):
    """The axes hug the drawing and the height follows its shape: nodes, loops and labels span
    most of both axes (the two-state diagrams used to sit in an empty square)."""
    tr = Translator(lang)
    fig = figures.state_diagram(hmm.PRESETS[preset].spec, figures.state_names(preset, tr), tr)
    x_range, y_range = fig.layout.xaxis.range, fig.layout.yaxis.range
    xs = np.concatenate([np.asarray(trace.x, float) for trace in fig.data])
    ys = np.concatenate([np.asarray(trace.y, float) for trace in fig.data])
    reach_x = (xs.max() + figures.NODE_RADIUS - xs.min() + figures.NODE_RADIUS)
    reach_y = (ys.max() - ys.min() + 2 * figures.NODE_RADIUS)
    assert reach_x / (x_range[1] - x_range[0]) > 0.75
    assert reach_y / (y_range[1] - y_range[0]) > 0.75
    margin = fig.layout.margin
    plot_width = figures.DIAGRAM_WIDTH - margin.l - margin.r
    plot_height = fig.layout.height - margin.t - margin.b
    aspect = (y_range[1] - y_range[0]) / (x_range[1] - x_range[0])
    assert plot_height == pytest.approx(aspect * plot_width, abs=2)  # square units, no padding


@pytest.fixture(scope="module")
def learned_casino():
    spec = hmm.PRESETS["casino"].spec
    analysis = hmm.sample_and_decode(spec, SPEC.params({"preset": "casino"}).sample)
    return spec, hmm.baum_welch(spec, analysis.X, analysis.Z, n_iter=5, seed=0)


def test_heatmap_numbers_are_at_least_14_px(learned_casino):
    spec, learned = learned_casino
    tr = Translator("en")
    fig = figures.learned_figure(spec.build(), learned.model, figures.state_names("casino", tr),
                                 figures.symbol_names("casino", tr), tr)
    heatmaps = [trace for trace in fig.data if trace.type == "heatmap"]
    assert len(heatmaps) == 4
    assert all(trace.textfont.size >= 14 for trace in heatmaps)
    # two panels per row: a six-symbol emission table has cells wide enough for "0.17" at 14 px
    domain = fig.layout.xaxis3.domain
    assert (domain[1] - domain[0]) * 900 / 6 > 4 * 14 * 0.6


def _open(preset: str, lang: str = "en"):
    from apptest_helpers import open_page

    return open_page("pages/hmm.py", lang, hmm_preset=preset, hmm_T=200, hmm_iter=5)


def _path_to(node, key_part: str, path=()):
    """The blocks from the page's root down to the element whose id contains ``key_part``."""
    for child in getattr(node, "children", {}).values():
        try:
            if key_part in str(child.proto.id):
                return [*path, child]
        except AttributeError:
            pass
        found = _path_to(child, key_part, (*path, child))
        if found:
            return found
    return None


@pytest.mark.parametrize("preset, split", [("casino", True), ("gauss4", False)])
def test_transition_table_is_beside_the_start_table_only_for_two_states(preset, split):
    """Four states need the tables area's full width, or the last state's column is cut off."""
    at = _open(preset)
    path = _path_to(at._tree, f"hmm_trans_{preset}")
    assert path is not None
    inside = [block.type for block in path[[b.type for b in path].index("expander") + 1:]]
    assert ("column" in inside) is split


def test_stop_button_goes_once_learning_ends():
    from apptest_helpers import problems

    at = _open("casino")
    at.button(key="hmm_learn").click().run(timeout=120)
    assert problems(at) == []
    assert any("hmm_learned_chart" in str(c.proto.id) for c in at.get("plotly_chart"))
    keys = [getattr(b, "key", None) for b in at.button]
    assert "hmm_stop" not in keys and "hmm_learn" in keys
