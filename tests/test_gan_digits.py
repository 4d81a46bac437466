"""The digits GAN: sampling, interpolation, loading, training, quality and the page's views."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from playground.errors import InputError  # noqa: E402
from playground.gan_digits import figures, quality, views  # noqa: E402
from playground.gan_digits import model as gan  # noqa: E402
from playground.gan_digits.snippet import code_snippet  # noqa: E402
from playground.gan_digits.spec import SPEC  # noqa: E402
from playground.i18n import Translator  # noqa: E402

# Measured on the bundled model (scripts/train_gan_digits.py; see assets/models/gan/README.md):
# 500 digits from seed 1 are read as all ten digits with mean confidence about 0.89. The bounds
# leave room for a retrained model that is slightly worse, not for a broken one.
MIN_CLASSES = 8
MIN_CONFIDENCE = 0.75


@pytest.fixture(scope="module")
def bundled() -> gan.GanModel:
    return gan.load_model()


@pytest.fixture(scope="module")
def tiny() -> gan.GanModel:
    X, _ = gan.load_digit_images()
    return gan.train(X[:200], gan.TrainParams(n_iterations=20, batch_size=16, seed=3),
                     gan.GanConfig(noise_dim=8, hidden=16, depth=1))


def test_noise_is_reproducible_and_a_longer_draw_extends_a_shorter_one():
    a = gan.noise(5, seed=7)
    assert a.shape == (5, gan.GanConfig.noise_dim) and a.dtype == np.float32
    np.testing.assert_array_equal(a, gan.noise(5, seed=7))
    np.testing.assert_array_equal(a, gan.noise(40, seed=7)[:5])
    assert not np.allclose(a, gan.noise(5, seed=8))


@pytest.mark.parametrize("n", [0, -1, gan.MAX_IMAGES + 1, 2.5, True])
def test_a_bad_count_is_an_input_error(n):
    with pytest.raises(InputError) as caught:
        gan.noise(n, seed=0)
    assert caught.value.key == "gan_digits.err_count"


def test_generate_gives_images_in_range_reproducibly(bundled):
    images = gan.generate(bundled, 12, seed=4)
    assert images.shape == (12, 64) and images.dtype == np.float32
    assert images.min() >= -1 and images.max() <= 1
    np.testing.assert_array_equal(images, gan.generate(bundled, 12, seed=4))
    assert gan.to_pixels(images).shape == (12, 8, 8)


@pytest.mark.parametrize("method", gan.INTERPOLATIONS)
def test_interpolation_ends_are_the_two_noise_vectors(method):
    a, b = gan.noise(2, seed=1)
    path = gan.interpolate(a, b, 7, method)
    assert path.shape == (7, a.size)
    np.testing.assert_array_equal(path[0], a)
    np.testing.assert_array_equal(path[-1], b)


def test_slerp_keeps_the_length_and_the_line_shortens_it():
    a, b = gan.noise(2, seed=2)
    middle_line = gan.interpolate(a, b, 3, "linear")[1]
    middle_arc = gan.interpolate(a, b, 3, "slerp")[1]
    np.testing.assert_allclose(middle_line, (a + b) / 2, rtol=1e-6)
    mean_length = (np.linalg.norm(a) + np.linalg.norm(b)) / 2
    assert np.linalg.norm(middle_line) < 0.85 * mean_length  # near-orthogonal in 32 dimensions
    assert np.linalg.norm(middle_arc) == pytest.approx(mean_length, rel=0.1)
    same = gan.interpolate(a, a, 4, "slerp")  # zero angle: no division by zero
    assert np.isfinite(same).all() and np.allclose(same, a)


def test_walk_ends_are_the_grid_digits_with_those_numbers(bundled):
    params = views.ViewParams(count=16, seed=5, start=3, end=40, frames=6)
    grid = views.grid(bundled, params)
    images, readings = views.walk(bundled, params)
    assert images.shape == (6, 64) and len(readings.predicted) == 6
    # Same noise vector, same image, up to float32 rounding (a matrix product's summation order
    # depends on the batch's size).
    np.testing.assert_allclose(images[0], grid.images[2], atol=1e-5)
    np.testing.assert_allclose(images[-1], gan.generate(bundled, 40, seed=5)[39], atol=1e-5)


def test_save_and_load_round_trip(tiny, tmp_path):
    path = tmp_path / "g.safetensors"
    gan.save_model(tiny, path)
    loaded = gan.load_model(path)
    assert loaded.config == tiny.config and loaded.info == tiny.info
    np.testing.assert_array_equal(gan.generate(loaded, 5, seed=0),
                                  gan.generate(tiny, 5, seed=0))


@pytest.mark.parametrize("damage", ["missing", "truncated", "not safetensors"])
def test_a_missing_or_damaged_file_names_the_file_and_the_command(tmp_path, damage):
    path = tmp_path / "digits.safetensors"
    if damage == "truncated":
        data = gan.BUNDLED_FILE.read_bytes()
        path.write_bytes(data[:len(data) // 2])
    elif damage == "not safetensors":
        path.write_text("hello")
    with pytest.raises(InputError) as caught:
        gan.load_model(path)
    error = caught.value
    assert error.key == "gan_digits.err_model_file"
    assert error.params["file"] == str(path)
    assert "scripts/train_gan_digits.py" in error.params["command"]
    for lang in ("en", "zh"):
        text = Translator(lang)(error.key, **error.params)
        assert str(path) in text and "⟦" not in text


def test_training_is_reproducible_and_a_callback_can_stop_it():
    X, _ = gan.load_digit_images()
    small = dict(config=gan.GanConfig(noise_dim=4, hidden=8, depth=1))
    params = gan.TrainParams(n_iterations=30, batch_size=8, seed=1)
    one, two = gan.train(X[:64], params, **small), gan.train(X[:64], params, **small)
    np.testing.assert_array_equal(gan.generate(one, 3, 0), gan.generate(two, 3, 0))
    seen = []
    stopped = gan.train(X[:64], params, **small, callback=lambda p: seen.append(p) or True,
                        callback_every=10)
    assert stopped.info["iterations"] == 10 and seen[0].iteration == 10
    assert np.isfinite(seen[0].d_loss) and np.isfinite(seen[0].g_loss)


@pytest.mark.parametrize("bad", [dict(n_iterations=0), dict(batch_size=1),
                                 dict(real_label=0.4), dict(beta1=1.0)])
def test_train_params_are_validated(bad):
    with pytest.raises(ValueError):
        gan.TrainParams(**bad)


def test_the_reference_classifier_reads_real_digits_well():
    assert quality.held_out_accuracy() > 0.95
    real = quality.real_reference(128, 0)
    assert real.classes_covered == 10 and real.mean_confidence > 0.9


def test_the_bundled_generator_draws_recognisable_and_varied_digits(bundled):
    q = quality.assess(gan.generate(bundled, 500, seed=1))
    assert q.classes_covered >= MIN_CLASSES, q.histogram
    assert q.mean_confidence > MIN_CONFIDENCE
    assert q.histogram.max() < 0.3 * q.n  # no digit takes over (mode collapse)
    assert q.mean_distance > 0.8 * quality.real_reference(500, 1).mean_distance


def test_comparison_scores_gan_diffusion_and_real_alike(bundled):
    params = views.ViewParams(count=8, seed=2, sampler="ddim", diffusion_steps=10)
    sets = views.comparison(bundled, views.load_diffusion_digits(), params)
    assert [s.model for s in sets] == ["gan", "diffusion", "real"]
    assert [s.network_calls for s in sets] == [1, 10, 0]
    for s in sets:
        assert s.images.shape == (8, 64) and s.quality.n == 8
    csv = views.pixels_csv(sets, params.seed).decode().splitlines()
    assert csv[0].startswith("model,index,seed,read_as,confidence,p0,") and len(csv) == 25


def test_a_missing_diffusion_model_is_an_input_error(monkeypatch, tmp_path):
    from playground.diffusion import model as diff

    monkeypatch.setattr(diff, "BUNDLED_DIR", tmp_path)
    with pytest.raises(InputError) as caught:
        views.load_diffusion_digits()
    assert caught.value.key == "gan_digits.diffusion_missing"
    assert "train_diffusion.py" in caught.value.params["command"]


def test_view_params_are_validated():
    with pytest.raises(InputError):
        views.ViewParams(count=0)
    with pytest.raises(ValueError):
        views.ViewParams(path="zigzag")
    with pytest.raises(ValueError):
        views.ViewParams(sampler="euler")
    assert SPEC.params() == views.ViewParams()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_have_every_text_translated(bundled, lang):
    tr = Translator(lang)
    params = views.ViewParams(count=8, diffusion_steps=10)
    sets = views.comparison(bundled, views.load_diffusion_digits(), params)
    images, readings = views.walk(bundled, params)
    built = [figures.digit_grid(sets[0], tr), figures.walk_strip(images, readings, 1, 2, tr),
             figures.side_by_side(sets, tr), figures.class_histogram(sets, tr)]
    for fig in built:
        assert "⟦" not in fig.to_json()
    table = figures.comparison_table(sets, tr)
    assert len(table) == 3 and "⟦" not in table.to_csv()
    assert all("⟦" not in f"{label}{value}" for label, value in SPEC.metrics(sets[0], tr))


@pytest.mark.parametrize("path", ["slerp", "linear"])
def test_the_snippet_runs_and_prints_the_page_s_figures(bundled, monkeypatch, capsys, tmp_path,
                                                        path):
    import plotly.basedatatypes

    monkeypatch.setattr(plotly.basedatatypes.BaseFigure, "show", lambda self, *a, **k: None)
    monkeypatch.chdir(tmp_path)  # runs from any directory
    params = views.ViewParams(count=8, seed=3, start=2, end=9, frames=4, path=path,
                              sampler="ddim", diffusion_steps=10)
    exec(compile(code_snippet(params, bundled.config), "snippet", "exec"), {})
    out = capsys.readouterr().out
    grid = views.grid(bundled, params)
    assert f"GAN: confidence {grid.quality.mean_confidence:.1%}" in out
    assert "diffusion: confidence" in out and "real (held out): confidence" in out


def test_pickable_grid_puts_each_digit_s_number_on_its_tile(bundled):
    samples = views.grid(bundled, views.ViewParams(count=24))
    fig = figures.digit_grid(samples, Translator("en"), n_cols=16, pickable=True)
    tiles, markers = fig.data
    z = np.asarray(tiles.z, dtype=float)
    assert list(markers.customdata) == list(range(1, 25))
    for x, y in zip(markers.x, markers.y):  # every marker sits on inked or blank tile, not a gap
        assert np.isfinite(z[int(y), int(x)])
    # digit 17 opens the second row: first column, lower half of the (flipped) mosaic
    assert markers.x[16] == markers.x[0] and markers.y[16] < markers.y[0]


def test_hover_text_is_sent_once_per_digit_not_once_per_pixel(bundled):
    samples = views.grid(bundled, views.ViewParams(count=64))
    fig = figures.digit_grid(samples, Translator("en"))
    heatmap, markers = fig.data
    assert heatmap.text is None and heatmap.hoverinfo == "skip"
    assert len(markers.text) == 64 and markers.text[0].startswith("#1:")
    from ui.common import lighter  # what the page sends: float32 arrays

    assert len(lighter(fig).to_json()) < 45_000  # 33 kB; it was 132 kB with a text per pixel
