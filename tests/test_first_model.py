"""The first model, y = Wx + b (§1.1.2): the chapter's number, Keras against model.fit, the PyTorch
twin, the NumPy references, bad input and the page's helpers.

The chapter's verbatim listing (about 25-50 s) runs only with FIRST_MODEL_SLOW=1.
"""

from __future__ import annotations

import contextlib
import io
import os

import numpy as np
import pytest

from playground.errors import InputError
from playground.first_model import chapter, figures, keras_fit, torch_twin
from playground.first_model import model as fm
from playground.first_model.snippet import code_snippet
from playground.first_model.spec import SPEC
from playground.first_model.store import RunStore
from playground.i18n import MISSING_MARK, Translator

CHAPTER = fm.Points()
SETTINGS = fm.FitParams()  # the chapter's: SGD, lr 0.01, 500 epochs, full batch, MSE


@pytest.fixture(scope="module")
def chapter_run() -> fm.History:
    return keras_fit.train(CHAPTER, SETTINGS)


def test_defaults_are_the_chapters_settings():
    assert (SETTINGS.epochs, SETTINGS.learning_rate, SETTINGS.optimizer, SETTINGS.noise) == (
        500, 0.01, "sgd", 0.0)
    assert SETTINGS.seed == fm.DEFAULT_SEED
    assert SPEC.params() == SETTINGS


def test_keras_ends_at_the_chapters_prediction(chapter_run):
    assert chapter_run.epochs_done == 500 and not chapter_run.diverged
    assert abs(chapter_run.predict() - 18.98) < 0.1
    # The documented seed draws W0 = -1.0511 and reproduces the book's printed digits.
    assert chapter_run.w0 == pytest.approx(-1.0511, abs=1e-4)
    assert chapter_run.b0 == 0.0
    assert abs(chapter_run.predict() - fm.BOOK_PREDICTION) < 1e-5


def test_history_prediction_is_what_keras_predicts():
    assert keras_fit.keras_predict(CHAPTER, SETTINGS) == pytest.approx(
        keras_fit.train(CHAPTER, SETTINGS).predict(), abs=1e-5)


def test_compiled_loop_gives_model_fits_numbers():
    """The page's fast loop against the chapter's own model.fit(X, Y, epochs=...), same seed."""
    params = fm.FitParams(epochs=25)
    fitted_prediction, _, fitted_losses = keras_fit.fit_plain(CHAPTER, params)
    fast = keras_fit.train(CHAPTER, params)
    assert fast.predict() == pytest.approx(fitted_prediction, abs=1e-4)
    np.testing.assert_allclose(fast.loss[:-1], fitted_losses, rtol=1e-5)


def test_fit_with_steps_per_execution_gives_the_same_numbers(chapter_run):
    prediction, _ = keras_fit.fit_fast(CHAPTER, SETTINGS)
    assert prediction == pytest.approx(chapter_run.predict(), abs=1e-4)


@pytest.mark.parametrize("seed", [fm.DEFAULT_SEED, 0, 1])
def test_pytorch_twin_matches_keras(seed):
    params = fm.FitParams(seed=seed)
    keras = keras_fit.train(CHAPTER, params)
    twin = torch_twin.train(CHAPTER, params, keras.w0, keras.b0)
    assert twin.w0 == keras.w0 and twin.b0 == keras.b0
    assert abs(twin.predict() - keras.predict()) < 1e-4
    np.testing.assert_allclose(twin.w, keras.w, atol=1e-5)
    np.testing.assert_allclose(twin.loss, keras.loss, rtol=1e-4, atol=1e-6)


def test_pytorch_twin_matches_keras_adam_and_noise():
    params = fm.FitParams(optimizer="adam", learning_rate=0.05, epochs=300, noise=0.5, seed=7)
    keras = keras_fit.train(CHAPTER, params)
    twin = torch_twin.train(CHAPTER, params, keras.w0, keras.b0)
    assert abs(twin.predict() - keras.predict()) < 1e-3


@pytest.mark.parametrize("optimizer", fm.OPTIMIZERS)
def test_numpy_descent_is_an_oracle_for_keras(optimizer):
    params = fm.FitParams(optimizer=optimizer, epochs=200, learning_rate=0.02)
    keras = keras_fit.train(CHAPTER, params)
    x, y = fm.training_data(CHAPTER, params)
    numpy_run = fm.descend(x, y, keras.w0, keras.b0, params)
    np.testing.assert_allclose(numpy_run.w, keras.w, atol=1e-4)
    np.testing.assert_allclose(numpy_run.b, keras.b, atol=1e-4)


def test_closed_form_is_w2_bm1_and_curvature_explains_the_gap():
    x, y = fm.training_data(CHAPTER, SETTINGS)
    assert fm.closed_form(x, y) == pytest.approx((2.0, -1.0), abs=1e-9)
    bend = fm.curvature(x)
    assert bend.lambda_min == pytest.approx(1.0324, abs=1e-3)
    assert bend.lr_limit == pytest.approx(0.177, abs=1e-3)
    assert bend.remainder(0.01, 500) == pytest.approx(0.0056, abs=2e-4)


def test_start_sensitivity_spans_a_few_hundredths_below_19():
    x, y = fm.training_data(CHAPTER, SETTINGS)
    grid, ends = fm.start_sensitivity(x, y, SETTINGS)
    assert grid[0] == pytest.approx(-np.sqrt(3)) and grid[-1] == pytest.approx(np.sqrt(3))
    assert 18.97 < ends.min() < ends.max() < 18.99
    assert np.all(np.diff(ends) > 0)  # a larger start W ends higher (it is linear in W0)


def test_more_epochs_or_a_larger_rate_come_closer_to_19(chapter_run):
    longer = keras_fit.train(CHAPTER, fm.FitParams(epochs=2000))
    faster = keras_fit.train(CHAPTER, fm.FitParams(learning_rate=0.05))
    gap = abs(19 - chapter_run.predict())
    assert abs(19 - longer.predict()) < gap / 10 and abs(19 - faster.predict()) < gap / 10


def test_a_diverging_rate_is_cut_and_flagged():
    params = fm.FitParams(learning_rate=0.5, epochs=300)
    keras = keras_fit.train(CHAPTER, params)
    assert keras.diverged and 1 <= keras.diverged_at < 100
    assert keras.epochs_done < 100
    assert np.all(np.isfinite(keras.w)) and np.all(np.isfinite(keras.loss))
    twin = torch_twin.train(CHAPTER, params, keras.w0, keras.b0)
    assert twin.diverged
    x, y = fm.training_data(CHAPTER, params)
    tr = Translator("en")
    for fig in (figures.fit_figure(x, y, keras, None, fm.closed_form(x, y), tr, twin),
                figures.loss_figure(keras, None, tr, twin),
                figures.weights_figure(keras, None, fm.closed_form(x, y), tr, twin)):
        for trace in fig.data:
            if trace.y is not None:
                assert np.all(np.isfinite(np.asarray(trace.y, dtype=float)))
    assert "diverged" in figures.loss_figure(keras, None, tr).layout.title.text
    assert SPEC.metrics(keras, tr)[0][1] == "diverged"


def test_make_history_cuts_at_the_first_bad_epoch():
    history = fm.make_history([1, 2, np.inf, 4], [0, 0, 0, 0], [1, 1, 1, 1], 3)
    assert history.diverged_at == 2 and list(history.w) == [1, 2]
    assert not fm.make_history([1, 2], [0, 0], [1, 0.5], 1).diverged


@pytest.mark.parametrize("rows, key", [
    ([{"x": "abc", "y": 1}], "first_model.err_not_number"),
    ([{"x": 1.0, "y": None}, {"x": 2, "y": 3}], "first_model.err_not_number"),
    ([{"x": float("inf"), "y": 1}, {"x": 2, "y": 3}], "first_model.err_not_number"),
    ([], "first_model.err_empty"),
    ([{"x": None, "y": None}], "first_model.err_empty"),
    ([{"x": 1, "y": 2}], "first_model.err_too_few"),
    ([{"x": 1, "y": 2}, {"x": 1, "y": 3}], "first_model.err_too_few"),
    ([{"x": 1e9, "y": 2}, {"x": 2, "y": 3}], "first_model.err_range"),
    ([{"x": i, "y": i} for i in range(fm.MAX_POINTS + 1)], "first_model.err_too_many"),
])
def test_bad_points_raise_input_errors(rows, key):
    with pytest.raises(InputError) as caught:
        fm.points_from_rows(rows)
    assert caught.value.key == key
    Translator("zh")(caught.value.key, **caught.value.params)  # the message formats


def test_points_accept_edited_tables():
    rows = [{"x": "1,5", "y": " 2 "}, {"x": None, "y": float("nan")}, (3, 4.0)]
    assert fm.points_from_rows(rows) == fm.Points((1.5, 3.0), (2.0, 4.0))
    assert fm.points_from_rows(CHAPTER.rows()) == CHAPTER and CHAPTER.is_chapter


def test_edited_point_changes_the_fit():
    points = fm.Points(CHAPTER.x + (5.0,), CHAPTER.y + (12.0,))
    keras = keras_fit.train(points, SETTINGS)
    x, y = fm.training_data(points, SETTINGS)
    assert fm.closed_form(x, y)[0] > 2.0 and keras.predict() > 19.5


def test_params_validate():
    for bad in (dict(optimizer="rmsprop"), dict(epochs=0), dict(epochs=fm.MAX_EPOCHS + 1),
                dict(learning_rate=0), dict(noise=-1), dict(seed=-1)):
        with pytest.raises(ValueError):
            fm.FitParams(**bad)


def test_noise_comes_from_the_seed():
    noisy = fm.FitParams(noise=1.0, seed=4)
    a, b = fm.training_data(CHAPTER, noisy)[1], fm.training_data(CHAPTER, noisy)[1]
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a.ravel(), CHAPTER.y)
    other = fm.training_data(CHAPTER, fm.FitParams(noise=1.0, seed=5))[1]
    assert not np.allclose(a, other)


def test_spec_samples_build_valid_params():
    rng = np.random.default_rng(0)
    for _ in range(20):
        assert isinstance(SPEC.params(SPEC.sample(rng)), fm.FitParams)
    assert 0.01 in SPEC["lr"].options and 0.2 in SPEC["lr"].options


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_translate_every_text(chapter_run, lang):
    tr = Translator(lang)
    x, y = fm.training_data(CHAPTER, SETTINGS)
    twin = torch_twin.train(CHAPTER, SETTINGS, chapter_run.w0, chapter_run.b0)
    grid, ends = fm.start_sensitivity(x, y, SETTINGS)
    figs = [figures.fit_figure(x, y, chapter_run, 0, (2.0, -1.0), tr, twin),
            figures.fit_figure(x, y, chapter_run, None, None, tr),
            figures.loss_figure(chapter_run, 10, tr, twin),
            figures.weights_figure(chapter_run, 10, (2.0, -1.0), tr, twin),
            figures.start_figure(grid, ends, (chapter_run.w0, chapter_run.predict()), 19.0, tr)]
    for fig in figs:
        assert MISSING_MARK.split("{}")[0] not in fig.to_json()
    star = figs[1].data[-1]
    assert star.x[0] == 10.0 and star.y[0] == pytest.approx(chapter_run.predict())
    for _, text in SPEC.metrics(chapter_run, tr):
        assert MISSING_MARK.split("{}")[0] not in text


def test_history_csv(chapter_run):
    twin = torch_twin.train(CHAPTER, SETTINGS, chapter_run.w0, chapter_run.b0)
    lines = fm.history_csv(chapter_run, twin).decode().splitlines()
    assert lines[0] == "epoch,keras_W,keras_b,keras_loss,torch_W,torch_b,torch_loss"
    assert len(lines) == 502


def test_snippet_runs_and_prints_both_frameworks():
    params = fm.FitParams(epochs=60, noise=0.3, seed=2)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code_snippet(CHAPTER, params), "snippet", "exec"), {"__name__": "__main__"})
    printed = dict(line.split(":", 1) for line in out.getvalue().splitlines() if ":" in line)
    keras, torch_ = float(printed["Keras   predict(10)"]), float(printed["PyTorch predict(10)"])
    assert keras == pytest.approx(torch_, abs=1e-4)
    assert keras == pytest.approx(keras_fit.train(CHAPTER, params).predict(), abs=1e-4)
    adam = code_snippet(CHAPTER, fm.FitParams(optimizer="adam"))
    assert "Adam(" in adam and "eps=1e-7" in adam


def test_run_store_keeps_the_latest():
    store = RunStore(capacity=2)
    store.put("a", 1), store.put("b", 2), store.get("a"), store.put("c", 3)
    assert store.get("b") is None and store.get("a") == 1 and len(store) == 2


def test_versions_are_read_from_requirements(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_text("# comment\ntorch==9.9.9\ntensorflow-cpu == 3.0.1  # cpu\n")
    rows = {name: (book, pin) for name, book, pin, _ in chapter.version_rows(path)}
    assert rows["TensorFlow"] == ("2.13.1", "3.0.1") and rows["PyTorch"] == ("2.1.1", "9.9.9")
    assert rows["transformers"][1] == "-"
    assert chapter.pinned_versions()["tensorflow-cpu"].startswith("2.21")


def test_listing_runner_captures_output_and_errors():
    run = chapter.run_listing(source="print('[[1.5]]')\nraise ValueError('boom')\n")
    assert run.printed_result == "[[1.5]]" and run.error_line == "ValueError: boom"
    assert not run.needed_fix and run.returncode == 0


def test_listing_runner_stops_when_told():
    class Stop(Exception):
        pass

    def tick(seconds):
        raise Stop

    with pytest.raises(Stop):
        chapter.run_listing(tick=tick, source="import time\ntime.sleep(30)\n")


@pytest.mark.skipif(os.environ.get("FIRST_MODEL_SLOW") != "1",
                    reason="the chapter's listing takes 25-50 s; FIRST_MODEL_SLOW=1 runs it")
def test_chapter_listing_verbatim():
    run = chapter.run_listing()
    assert run.printed_result is not None
    value = float(run.printed_result.strip("[]"))
    assert abs(value - 18.98) < 0.1


def test_points_round_trip_through_url_text():
    points = fm.Points((0.5, 1.0, -2.0), (1.0, 3.25, 7.0))
    assert fm.points_from_text(fm.points_to_text(points)) == points
    for bad in ("", None, "1:2", "a:b;1:2", "1:2:3;4:5", "1:2;" * 5000):
        assert fm.points_from_text(bad) is None


def test_listing_output_loses_terminal_codes():
    run = chapter.ChapterRun(stdout="\x1b[1m1/1\x1b[0m ━━ 0s\x08\x08\n[[18.97]]\n", stderr="",
                             returncode=0, seconds=1.0)
    assert run.output == "1/1 ━━ 0s\n[[18.97]]" and run.printed_result == "[[18.97]]"


def test_reused_compiled_loops_start_every_run_afresh(chapter_run):
    """The page shares one compiled loop per optimizer: a run must not inherit the weights,
    Adam's moments or the learning rate of the run before it, even from another thread."""
    from concurrent.futures import ThreadPoolExecutor

    adam = fm.FitParams(optimizer="adam", learning_rate=0.05, epochs=300, seed=7)
    first = keras_fit.train(CHAPTER, adam)
    keras_fit.train(CHAPTER, fm.FitParams(optimizer="adam", learning_rate=1.0, seed=1))
    np.testing.assert_array_equal(keras_fit.train(CHAPTER, adam).w, first.w)
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda p: keras_fit.train(CHAPTER, p), [SETTINGS, adam] * 3))
    for run, expected in zip(runs, [chapter_run, first] * 3):
        np.testing.assert_array_equal(run.w, expected.w)
