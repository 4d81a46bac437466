"""The network's boundary epoch by epoch (issue "Readable from the back of the room", item 4,
as TensorFlow Playground shows it): frames on a 100 x 100 float32 grid, the last frame is the
final network, Stop ends the run, and the page's button shows the animation."""

from __future__ import annotations

import json

import numpy as np
import pytest

from apptest_helpers import open_page
from playground.datasets2d import DatasetParams, make_dataset
from playground.discriminative import figures, training
from playground.discriminative import model as disc
from playground.i18n import Translator

MLP = disc.ModelParams(family="mlp")


@pytest.fixture(scope="module")
def movie():
    X, y = make_dataset(DatasetParams())
    return X, y, training.train_and_watch(X, y, MLP)


def test_frames_every_few_epochs_on_a_small_float32_grid(movie):
    _, _, run = movie
    expected = [1, *range(training.FRAME_EVERY, training.WATCH_EPOCHS + 1, training.FRAME_EVERY)]
    assert run.epochs == expected and len(run.frames) == 26
    assert all(f.dtype == np.float32 and f.shape == (100, 100) for f in run.frames)
    assert run.train_accuracy[-1] > run.train_accuracy[0]  # it learns
    assert run.train_accuracy[-1] > 0.95 and not run.stopped


def test_last_frame_is_the_final_network(movie):
    _, _, run = movie
    mesh_x, mesh_y = np.meshgrid(run.grid_x, run.grid_y)
    final = run.decision_values(np.column_stack([mesh_x.ravel(), mesh_y.ravel()]))
    np.testing.assert_array_equal(run.frames[-1], final.reshape(mesh_x.shape).astype(np.float32))


def test_animation_has_one_frame_per_record_and_opens_on_the_last(movie):
    X, y, run = movie
    fig = figures.training_figure(X, y, run, Translator("zh"))
    assert len(fig.frames) == len(run.frames)
    np.testing.assert_array_equal(np.asarray(fig.data[0].z), figures.score_codes(run.frames[-1]))
    np.testing.assert_array_equal(np.asarray(fig.frames[-1].data[0].z), fig.data[0].z)
    assert fig.frames[0].traces == (0, 1)  # each frame redraws the map and its boundary
    assert fig.data[1].mode == "lines" and len(fig.frames[-1].data[1].x) > 0
    assert fig.layout.sliders[0].active == len(run.frames) - 1
    assert fig.layout.title.text.startswith(f"第 {training.WATCH_EPOCHS} 轮")
    assert len(fig.to_json()) < 1_000_000  # cheap enough to send (was 2.5 MB with contours)


def test_stop_ends_the_run_and_progress_is_reported():
    X, y = make_dataset(DatasetParams())
    seen = []
    run = training.train_and_watch(X, y, MLP, progress=seen.append,
                                   should_stop=lambda: len(seen) >= 3)
    assert run.stopped and len(run.frames) == 3 and seen == sorted(seen)


def test_page_button_shows_the_animation():
    at = open_page("pages/discriminative.py", "en", discriminative_model="mlp")
    assert not at.exception
    assert not [c for c in at.get("plotly_chart") if "watch" in c.proto.id]  # never by itself
    at.button(key="discriminative_watch").click().run()
    assert not at.exception
    (chart,) = [c for c in at.get("plotly_chart") if "watch" in c.proto.id]
    assert len(json.loads(chart.proto.spec)["frames"]) == 26
    at.run()  # the next rerun shows the same run again, without training again
    assert not at.exception
    assert [c for c in at.get("plotly_chart") if "watch" in c.proto.id]
    assert not [b for b in at.button if b.key == "discriminative_watch_stop"]


def test_notice_states_what_the_run_shows(movie):
    _, _, run = movie
    assert 0.45 < run.train_accuracy[0] < 0.6 and round(run.train_accuracy[-1], 2) == 0.99
    assert len(np.unique(np.sign(run.frames[0]))) == 1  # one class everywhere after epoch 1
    assert len(np.unique(np.sign(run.frames[1]))) == 2  # then a boundary
    for lang in ("en", "zh"):
        notice = Translator(lang)("discriminative.notice")
        assert "53%" in notice and "99%" in notice
