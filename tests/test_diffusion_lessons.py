"""The diffusion lessons' claims, checked against the backend at the settings they name, with the
energy distance the 2-D page reports; and what both Gradio tabs and the 2-D page show."""

from __future__ import annotations

import numpy as np
import pytest

from playground.compute import one_thread
from playground.diffusion import processes
from playground.diffusion.data import SHAPES, make_points
from playground.diffusion.model import load_bundled
from playground.diffusion.quality import energy_distance
from playground.diffusion.schedule import NoiseSchedule, ScheduleParams
from playground.diffusion.spec import SPEC
from playground.i18n import Translator


def few_steps_distances(shape: str, kind: str) -> dict[str, float]:
    """The page's energy distance of DDPM and DDIM with 10 sampling steps, at the page's
    defaults except the shape and the schedule kind."""
    view = SPEC.params({"data": shape, "schedule": kind, "steps": 10})
    X, model = make_points(view.data), load_bundled(shape)
    out = {}
    with one_thread():
        for method in ("ddpm", "ddim"):
            _, score = processes.reverse_process(model, view.schedule, method, view.n_steps,
                                                 view.seed, X)
            out[method] = score["samples"]
    return out


@pytest.mark.parametrize("shape", SHAPES)
def test_with_the_cosine_schedule_ddpm_copes_better_with_10_steps(shape):
    assert SPEC.params().schedule == ScheduleParams("cosine", 100)  # "the default, T = 100"
    scores = few_steps_distances(shape, "cosine")
    assert scores["ddpm"] < scores["ddim"]


@pytest.mark.parametrize("shape", SHAPES)
def test_with_the_linear_schedule_ddim_copes_better_except_on_the_mixture(shape):
    scores = few_steps_distances(shape, "linear")
    if shape == "mixture":
        assert abs(scores["ddpm"] - scores["ddim"]) < 0.002  # "about equal"
    else:
        assert scores["ddim"] < scores["ddpm"]


@pytest.mark.parametrize("T", [100, 1000])
def test_linear_schedule_leaves_almost_no_signal_after_two_thirds(T):
    at = int(np.ceil(2 * T / 3))
    assert float(NoiseSchedule(ScheduleParams("linear", T)).snr[at]) < 0.02
    assert float(NoiseSchedule(ScheduleParams("cosine", T)).snr[at]) > 0.1


def test_linear_schedule_is_the_continuous_limit_not_ddpms_list():
    """What the docstring and the lesson say: β_1 = 1.0994e-4 at T = 1000 (DDPM: 1e-4)."""
    betas = NoiseSchedule(ScheduleParams("linear", 1000)).betas.double().numpy()
    assert betas[0] == pytest.approx(1.0994e-4, rel=1e-3)
    assert betas[-1] == pytest.approx(0.019792, rel=1e-3)
    assert "1.0994 × 10⁻⁴" in Translator("en")("diffusion.lesson")
    assert "1.0994 × 10⁻⁴" in Translator("zh")("diffusion.lesson")


@pytest.fixture(scope="module")
def digits():
    from playground.diffusion_digits.model import generate, load_digit_images, load_model

    model, (X, _) = load_model(), load_digit_images()
    out = {}
    with one_thread():
        for method, steps in (("ddpm", 10), ("ddim", 10), ("ddim", 50), ("ddpm", 1000)):
            samples = generate(model, 256, method=method, n_steps=steps, seed=0).samples
            ink = (samples + 1) * 8
            out[method, steps] = (energy_distance(samples, X, model.scale),
                                  float(((ink > 4) & (ink < 12)).mean()))  # grey pixels
    return out


def test_digits_ddim_50_is_as_close_as_ddpm_1000(digits):
    assert digits["ddim", 50][0] <= digits["ddpm", 1000][0]


def test_digits_ddpm_10_is_grey_and_two_to_three_times_further_than_ddim_10(digits):
    ratio = digits["ddpm", 10][0] / digits["ddim", 10][0]
    assert 1.8 < ratio < 3.5
    assert digits["ddpm", 10][1] > max(digits["ddim", 10][1], digits["ddpm", 1000][1])


@pytest.mark.parametrize("module, notice", [("gradio_diffusion", "diffusion.notice"),
                                            ("gradio_diffusion_digits",
                                             "diffusion_digits.notice")])
def test_both_diffusion_tabs_show_their_lesson_and_notice(module, notice):
    gr = pytest.importorskip("gradio")
    import importlib

    tab = importlib.import_module(f"ui.{module}")
    with gr.Blocks() as demo:
        tab.build(gr.Radio(["en", "zh"], value="en"))
    shown = [str(getattr(block, "value", "")) for block in demo.blocks.values()
             if isinstance(block, gr.Markdown)]
    assert any(notice in text for text in shown), shown
    assert any(notice.replace("notice", "lesson") in text for text in shown), shown


def test_gradio_steps_done_slider_follows_the_sampling_steps():
    gr = pytest.importorskip("gradio")
    from ui import gradio_diffusion as tab

    with gr.Blocks():
        _, inputs, _ = tab.build(gr.Radio(["en", "zh"], value="en"))
    k = inputs[-2]  # the "sampling steps done" slider, before the session state
    assert k.maximum == SPEC["steps"].default == k.value
    assert tab.steps_shown_range(100, 100) == gr.update(maximum=100, value=100)
    assert tab.steps_shown_range(100, 10) == gr.update(maximum=10, value=10)
    assert tab.steps_shown_range(50, 900) == gr.update(maximum=50, value=50)  # clamped to T


def test_reverse_figure_controls_sit_below_the_x_title():
    from playground.diffusion import figures
    from playground.diffusion.data import standardise

    view = SPEC.params()
    X = make_points(view.data)
    result, _ = processes.reverse_process(load_bundled("moons"), view.schedule, "ddim", 10, 0, X)
    for height in (480, 560):
        fig = figures.reverse_figure(result.trajectory, result.timesteps, X, 10,
                                     figures.view_box(X, standardise(X)[1]), Translator("en"),
                                     height=height)
        margin = fig.layout.margin
        area = height - margin.t - margin.b
        slider, buttons = fig.layout.sliders[0], fig.layout.updatemenus[0]
        for y in (slider.y, buttons.y):
            assert -y * area >= 90  # px under the plot: tick labels and the x title fit above
        assert margin.b >= -slider.y * area + 60  # the slider and its labels fit below


def test_page_after_training_shows_one_loss_chart_and_no_progress_line():
    from apptest_helpers import open_page, problems

    at = open_page("pages/diffusion.py", "en", diffusion_iters=250, diffusion_n=200)
    at.button(key="diffusion_train").click().run(timeout=180)
    assert problems(at) == []
    losses = [c for c in at.get("plotly_chart") if "loss per iteration" in c.proto.spec]
    assert len(losses) == 1
    assert len(at.get("progress")) == 0


def test_forward_figure_legend_sits_below_the_x_titles():
    from playground.diffusion import figures
    from playground.diffusion.data import standardise

    view = SPEC.params()
    X = make_points(view.data)
    fig = figures.forward_figure(X, processes.forward_points(X, view.schedule, 25, 0), 25,
                                 processes.snr_curves(100), "cosine",
                                 figures.view_box(X, standardise(X)[1]), Translator("en"))
    margin = fig.layout.margin
    area = fig.layout.height - margin.t - margin.b
    assert -fig.layout.legend.y * area >= 90 and fig.layout.legend.yanchor == "top"

