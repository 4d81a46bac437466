"""Backend tests of the digits page: the bundled model, its views, the controls, the tab."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from playground.diffusion.quality import energy_distance
from playground.diffusion_digits.model import (DIGITS_SCHEDULE, N_IMAGES, DigitsParams,
                                               digits_comparison, generate, generate_grid,
                                               load_digit_images, load_model)
from playground.diffusion_digits.snippet import code_snippet
from playground.diffusion_digits.spec import SPEC


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_bundled_digits_model_generates_images(model):
    assert model.config.dim == 64 and model.schedule == DIGITS_SCHEDULE
    images = generate(model, 4, method="ddim", n_steps=20, seed=0).samples
    assert images.shape == (4, 64) and np.abs(images).max() <= 1.0 + 1e-6
    real, _ = load_digit_images()
    assert energy_distance(images, real) < energy_distance(np.zeros_like(images), real)


def test_grid_has_a_strip_per_digit_and_the_same_seed_repeats(model):
    images, strips, seconds = generate_grid(model, "ddim", 10, seed=3)
    assert images.shape == (N_IMAGES, 8, 8) and len(strips) == N_IMAGES and seconds > 0
    noisy, guesses, steps = strips[0]
    assert noisy.shape == guesses.shape == (len(steps), 8, 8) and steps[-1] == 0
    assert np.array_equal(images, generate_grid(model, "ddim", 10, seed=3)[0])


def test_comparison_rows_share_their_starting_noise(model):
    rows = digits_comparison(model, n=2, seed=0, steps=(5, 10))
    assert list(rows) == [("ddpm", 5), ("ddpm", 10), ("ddim", 5), ("ddim", 10)]
    assert all(images.shape == (2, 8, 8) for images in rows.values())


def test_one_default_for_page_and_tab():
    """The sampler once started as DDPM with 100 steps on the page and DDIM with 50 in the tab:
    both now read the spec."""
    assert SPEC.params() == DigitsParams("ddpm", 100, 0, 1)
    with pytest.raises(ValueError):
        DigitsParams(follow=N_IMAGES + 1)


@pytest.mark.parametrize("method", ["ddpm", "ddim"])
def test_digits_snippet_gives_the_pages_digits(method, model, monkeypatch):
    from test_diffusion import run_snippet

    params = DigitsParams(method, 10, 4)
    namespace = run_snippet(code_snippet(params, n=8), monkeypatch)
    images, _, _ = generate_grid(model, method, 10, 4, n=8)
    assert np.allclose(namespace["images"], images, atol=1e-3)


def test_gradio_view_draws_the_tab():
    pytest.importorskip("gradio")
    from ui import gradio_diffusion_digits as tab

    summary, grid, strip, compare = tab.diffusion_digits_view("zh", "ddim", 10, 0, 2)
    assert all(isinstance(f, go.Figure) for f in (grid, strip, compare))
    assert "DDIM" in summary and "10" in summary


def test_denoising_strip_is_one_image_with_a_step_label_per_column():
    from playground.diffusion_digits import figures
    from playground.i18n import Translator

    rng = np.random.default_rng(0)
    noisy, guesses = rng.uniform(0, 16, (2, 5, 8, 8))
    fig = figures.denoising_strip(noisy, guesses, [999, 750, 500, 250, 0], Translator("zh"))
    (heatmap,) = fig.data
    z = np.asarray(heatmap.z, dtype=float)[::-1]  # drawn upside down: row 0 at the top
    np.testing.assert_array_equal(z[:8, :8], noisy[0])
    np.testing.assert_array_equal(z[8 + figures.STRIP_ROW_GAP:, 9 * 4:], guesses[4])
    assert [a.text for a in fig.layout.annotations] == [
        "t = 999", "t = 750", "t = 500", "t = 250", "t = 0"]
