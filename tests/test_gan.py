"""GAN lab backend: losses, arrows, reproducibility, coverage, divergence, figures, snippet."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
import pytest
import torch
from torch import nn

from playground.gan import figures, views
from playground.gan.data import (COVER_RADIUS, RING_MODES, RING_STD, SHAPES, DataParams,
                                 check_data, make_data, mode_coverage, ring_centres)
from playground.gan.model import (GanParams, GanTrainer, discriminator_loss,
                                  generator_point_losses, push_arrows, r1_penalty)
from playground.gan.compare import compare
from playground.gan.snippet import code_snippet
from playground.gan.spec import PRESETS, SPEC
from playground.errors import InputError
from playground.i18n import Translator

RING = make_data(DataParams("ring8", 400, seed=0))


class LinearLogit(nn.Module):
    """D's logit l(x) = w·x + b: every gradient has a closed form."""

    def __init__(self, w, b):
        super().__init__()
        self.w = torch.tensor(w, dtype=torch.float32)
        self.b = float(b)

    def forward(self, x):
        return x @ self.w + self.b


# ---------------------------------------------------------------------------------- losses

def test_losses_at_an_undecided_discriminator():
    zeros = torch.zeros(5)
    assert discriminator_loss(zeros, zeros).item() == pytest.approx(2 * math.log(2))
    assert generator_point_losses(zeros, "minimax").mean().item() == pytest.approx(-math.log(2))
    for loss in ("nonsaturating", "r1"):
        assert generator_point_losses(zeros, loss).mean().item() == pytest.approx(math.log(2))


def test_losses_match_their_definitions():
    logits = torch.tensor([-3.0, -0.5, 0.0, 2.0])
    d = torch.sigmoid(logits)
    np.testing.assert_allclose(generator_point_losses(logits, "minimax"), torch.log(1 - d),
                               rtol=1e-5)
    np.testing.assert_allclose(generator_point_losses(logits, "nonsaturating"), -torch.log(d),
                               rtol=1e-5)
    real, fake = torch.tensor([1.0, 2.0]), torch.tensor([-1.0, 0.5])
    expected = -torch.log(torch.sigmoid(real)).mean() - torch.log(1 - torch.sigmoid(fake)).mean()
    assert discriminator_loss(real, fake).item() == pytest.approx(expected.item(), rel=1e-6)


def test_minimax_saturates_where_the_non_saturating_loss_does_not():
    """Slope of G's loss in D's logit at a fake D is sure about (D(G(z)) = sigmoid(-8))."""
    logit = torch.tensor([-8.0], requires_grad=True)
    slopes = {}
    for loss in ("minimax", "nonsaturating"):
        (grad,) = torch.autograd.grad(generator_point_losses(logit, loss).sum(), logit)
        slopes[loss] = abs(grad.item())
    assert slopes["minimax"] < 1e-3 < 0.99 < slopes["nonsaturating"]


def test_r1_penalty_of_a_linear_discriminator_is_its_squared_slope():
    D = LinearLogit([3.0, -4.0], 0.5)
    assert r1_penalty(D, torch.randn(7, 2)).item() == pytest.approx(25.0)


# ---------------------------------------------------------------------------------- arrows

@pytest.mark.parametrize("loss", ["minimax", "nonsaturating", "r1"])
def test_arrows_have_the_closed_form_of_a_linear_discriminator(loss):
    w, b = np.array([1.5, -0.5]), 0.25
    points = np.array([[0.0, 0.0], [1.0, 2.0], [-3.0, 1.0]])
    arrows = push_arrows(LinearLogit(w, b), points, loss)
    d = 1 / (1 + np.exp(-(points @ w + b)))
    # -d/dx log(1 - D) = D w ; -d/dx (-log D) = (1 - D) w
    weight = d if loss == "minimax" else 1 - d
    np.testing.assert_allclose(arrows, weight[:, None] * w[None, :], rtol=1e-5)


@pytest.mark.parametrize("loss", ["minimax", "nonsaturating"])
def test_arrows_equal_autograd_gradient_of_g_loss_at_the_fake_points(loss):
    trainer = GanTrainer(RING, GanParams(loss=loss, seed=3))
    trainer.train(20)
    fake = trainer.G(torch.randn(64, 2, generator=torch.Generator().manual_seed(1)))
    fake.retain_grad()
    generator_point_losses(trainer.D(fake), loss).sum().backward()
    np.testing.assert_allclose(trainer.arrows(fake.detach().numpy()), -fake.grad.numpy(),
                               rtol=1e-5, atol=1e-7)


# ---------------------------------------------------------------------------------- training

def _state(trainer):
    return [p.detach().clone() for p in (*trainer.G.parameters(), *trainer.D.parameters())]


def test_training_is_reproducible_from_the_seed():
    params = GanParams(loss="r1", seed=7, batch_size=64)
    one, two = GanTrainer(RING, params), GanTrainer(RING, params)
    one.train(30)
    two.train(10)
    two.train(20)  # in chunks, as the pages train: the same draws in the same order
    assert one.history.g_loss == two.history.g_loss
    for a, b in zip(_state(one), _state(two)):
        assert torch.equal(a, b)
    other = GanTrainer(RING, replace(params, seed=8))
    other.train(30)
    assert other.history.g_loss != one.history.g_loss


def test_a_step_is_two_moves():
    trainer = GanTrainer(RING, GanParams(seed=1))
    g_before, d_before = _state(trainer)[:8], _state(trainer)[8:]
    assert trainer.move() == "d" and trainer.phase == "g" and trainer.step == 0
    assert all(torch.equal(a, b) for a, b in zip(g_before, _state(trainer)[:8]))
    assert not all(torch.equal(a, b) for a, b in zip(d_before, _state(trainer)[8:]))
    d_after = _state(trainer)[8:]
    assert trainer.move() == "g" and trainer.phase == "d" and trainer.step == 1
    assert all(torch.equal(a, b) for a, b in zip(d_after, _state(trainer)[8:]))


def test_training_stops_when_asked():
    trainer = GanTrainer(RING, GanParams())
    asked = []
    done = trainer.train(1000, should_stop=lambda: len(asked) >= 1,
                         callback=lambda tr: asked.append(tr.step), callback_every=5)
    assert done == 5 and trainer.step == 5


@pytest.mark.parametrize("poison, status", [(float("nan"), "nan_loss"),
                                            (1e6, "exploding_weights")])
def test_divergence_is_a_named_state(poison, status):
    trainer = GanTrainer(RING, GanParams())
    trainer.train(10)  # weights are checked every CHECK_EVERY = 10 steps, losses every step
    with torch.no_grad():
        next(trainer.D.parameters()).fill_(poison)
    assert trainer.train(10) == 0 and trainer.status == status and trainer.step == 10
    snap = views.snapshot(trainer, RING, views.view_box(RING), ring=True)
    assert snap.diagnoses[0] == status
    assert np.isfinite(snap.heat).all() and np.isfinite(snap.arrows).all()
    figures.game_figure(snap, views.view_box(RING), snap.scale, Translator("en"))


def test_huge_learning_rates_end_in_a_named_state_not_an_exception():
    trainer = GanTrainer(RING, GanParams(optimiser="sgd", lr_d=1.0, lr_g=1.0, seed=0))
    trainer.train(300)
    snap = views.snapshot(trainer, RING, views.view_box(RING), ring=True)
    assert trainer.status in ("ok", "nan_loss", "exploding_weights")
    figures.game_figure(snap, views.view_box(RING), snap.scale, Translator("zh"))
    figures.loss_figure(snap.history, "nonsaturating", Translator("zh"))


def test_default_settings_cover_the_ring_of_eight():
    """The issue's bar: all 8 modes, ≤ 10 % off the modes, energy distance ≤ 0.05, within the
    default budget of Play (checked every 100 steps, as the bench does)."""
    X = make_data(DataParams())
    trainer = GanTrainer(X, SPEC.params().gan)
    box = views.view_box(X)
    while trainer.step < trainer.params.n_steps:
        trainer.train(100)
        if views.reached_target(views.snapshot(trainer, X, box, ring=True)):
            break
    snap = views.snapshot(trainer, X, box, ring=True)
    assert views.reached_target(snap), (trainer.step, snap.coverage, snap.energy)


# ---------------------------------------------------------------------------------- coverage

def test_coverage_of_samples_on_every_centre():
    centres = ring_centres()
    coverage = mode_coverage(np.repeat(centres, 10, axis=0))
    assert coverage.modes_covered == RING_MODES and coverage.off_mode == 0 and coverage.ok


def test_coverage_counts_only_the_modes_hit():
    samples = np.repeat(ring_centres()[:3], 50, axis=0)
    coverage = mode_coverage(samples)
    assert coverage.modes_covered == 3 and not coverage.ok
    np.testing.assert_allclose(coverage.shares[:3], 1 / 3)


def test_coverage_radius_and_thresholds():
    centre = ring_centres()[0]
    radial = centre / np.linalg.norm(centre)
    inside = centre + 0.99 * COVER_RADIUS * RING_STD * radial
    outside = centre + 1.01 * COVER_RADIUS * RING_STD * radial
    assert mode_coverage(inside[None]).shares[0] == 1.0
    assert mode_coverage(outside[None]).off_mode == 1.0
    # 8 modes at 11.5 % each plus 8 % in the middle: all covered, 8 % off, fine
    good = np.vstack([np.repeat(ring_centres(), 115, axis=0), np.zeros((80, 2))])
    assert mode_coverage(good).ok
    # 12 % in the middle: too many off the modes
    bad = np.vstack([np.repeat(ring_centres(), 110, axis=0), np.zeros((120, 2))])
    assert not mode_coverage(bad).ok
    # one mode with 4 % of the samples is not covered
    shares = np.vstack([np.repeat(ring_centres()[:7], 137, axis=0),
                        np.repeat(ring_centres()[7:], 41, axis=0)])
    assert mode_coverage(shares).modes_covered == 7


def test_the_ring_data_lives_on_the_modes():
    coverage = mode_coverage(make_data(DataParams("ring8", 2000, seed=5)))
    # a 2-D Gaussian puts 1 - exp(-9/2) = 98.9 % of its mass within 3 σ of its centre
    assert coverage.ok and coverage.off_mode == pytest.approx(math.exp(-4.5), abs=0.006)


# ---------------------------------------------------------------------------------- data, spec

@pytest.mark.parametrize("name", [s for s in SHAPES if s != "draw"])
def test_every_shape_is_seeded_and_sized(name):
    a, b = make_data(DataParams(name, 300, seed=2)), make_data(DataParams(name, 300, seed=2))
    assert a.shape == (300, 2) and np.array_equal(a, b) and np.isfinite(a).all()


def test_drawn_data_needs_enough_distinct_points():
    assert make_data(DataParams("draw")).shape == (0, 2)
    with pytest.raises(InputError) as error:
        check_data(np.zeros((3, 2)))
    assert error.value.key == "gan.err_too_few"
    with pytest.raises(InputError):
        check_data(np.ones((30, 2)))


def test_spec_defaults_are_the_model_defaults():
    view = SPEC.params()
    assert view.gan == GanParams() and view.data == DataParams()
    for name, recipe in PRESETS.items():
        chosen = SPEC.params({"preset": name, "lr_d": 0.5}).gan
        assert chosen == replace(GanParams(), **recipe)


# ---------------------------------------------------------------------------------- views

def test_snapshot_shapes_and_figures():
    trainer = GanTrainer(RING, GanParams(noise_dim=1))
    trainer.train(10)
    box = views.view_box(RING)
    snap = views.snapshot(trainer, RING, box, ring=True)
    assert snap.heat.shape == (views.HEATMAP_SIZE, views.HEATMAP_SIZE)
    assert snap.heat.dtype == np.float32 and 0 <= snap.heat.min() <= snap.heat.max() <= 1
    assert snap.fake.shape == snap.arrows.shape == (views.N_SHOWN, 2)
    assert len(snap.manifold) == 1 and snap.manifold[0].shape == (views.MANIFOLD_POINTS, 2)
    assert len(snap.history["g_loss"]) == 10
    for lang in ("en", "zh"):
        tr = Translator(lang)
        fig = figures.game_figure(snap, box, snap.scale, tr, clickable=True)
        assert isinstance(fig, go.Figure)
        figures.loss_figure(snap.history, "minimax", tr)
        assert [label for label, _ in SPEC.metrics(snap, tr)]


def test_two_dimensional_noise_draws_a_mesh():
    trainer = GanTrainer(RING, GanParams(noise_dim=2))
    lines = views.manifold(trainer)
    assert len(lines) == 2 * views.MANIFOLD_LINES


def test_arrows_are_drawn_in_proportion_and_capped():
    arrows = np.array([[1e-6, 0.0], [1.0, 0.0], [1e6, 0.0]])
    drawn = figures.arrow_vectors(arrows, 1.0)
    assert drawn[0, 0] == pytest.approx(figures.ARROW_GAIN * 1e-6)
    assert drawn[1, 0] == pytest.approx(figures.ARROW_GAIN)
    assert drawn[2, 0] == pytest.approx(figures.ARROW_CAP)


def test_the_discriminator_winning_is_recognised():
    X = make_data(DataParams())
    trainer = GanTrainer(X, replace(GanParams(), **PRESETS["d_wins"]))
    trainer.train(300)
    snap = views.snapshot(trainer, X, views.view_box(X), ring=True)
    assert "d_wins" in snap.diagnoses
    assert np.abs(snap.arrows).max() < 0.05  # minimax: G's gradient has vanished


# ---------------------------------------------------------------------------------- snippet

@pytest.mark.parametrize("name", [s for s in SHAPES if s != "draw"])
def test_snippet_regenerates_the_page_data(name):
    data = DataParams(name, 150, seed=3)
    code = code_snippet(data, GanParams(), n_steps=0)
    head = code.split("X_t = ")[0]
    namespace = {}
    exec(head, namespace)
    np.testing.assert_allclose(namespace["X"], make_data(data), rtol=0, atol=1e-12)


@pytest.mark.parametrize("loss", ["minimax", "r1"])
def test_snippet_repeats_the_training_run(loss, monkeypatch):
    monkeypatch.setattr(go.Figure, "show", lambda self: None)
    data = DataParams("ring8", 300, seed=4)
    params = GanParams(loss=loss, batch_size=64, d_steps=2, seed=4)
    code = code_snippet(data, params, n_steps=15)
    assert "playground" not in code, "the snippet runs from any directory"
    namespace = {}
    exec(compile(code, "snippet", "exec"), namespace)
    trainer = GanTrainer(make_data(data), params)
    trainer.train(15)
    np.testing.assert_allclose(namespace["samples"], trainer.sample(1000, seed=views.EVAL_SEED),
                               rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------------------- diagnoses

def _with_history(g_loss, d_real=0.6, d_fake=0.4):
    trainer = GanTrainer(RING, GanParams())
    n = len(g_loss)
    h = trainer.history
    h.step, h.g_loss = list(range(1, n + 1)), list(g_loss)
    h.d_loss, h.d_real, h.d_fake = [1.3] * n, [d_real] * n, [d_fake] * n
    trainer.step = n
    return trainer


def test_diagnoses_on_made_up_histories():
    spread_out = RING[:200]
    steps = np.arange(600)
    calm = _with_history(0.7 + 0.01 * np.sin(steps))
    assert views.diagnose(calm, spread_out, RING, mode_coverage(spread_out)) == ()
    swinging = _with_history(0.7 + 0.5 * np.sin(2 * np.pi * steps / 120))
    assert "oscillation" in views.diagnose(swinging, spread_out, RING, None)
    won = _with_history(0.7 + 0 * steps, d_real=0.99, d_fake=0.01)
    assert views.diagnose(won, spread_out, RING, None) == ("d_wins",)
    huddled = np.repeat(ring_centres()[:2], 100, axis=0)
    assert views.diagnose(calm, huddled, RING, mode_coverage(huddled)) == ("mode_collapse",)
    young = _with_history(0.7 + 0.5 * np.sin(steps[:50]))
    assert views.diagnose(young, huddled, RING, mode_coverage(huddled)) == ()


def test_gan_and_diffusion_race_on_the_same_budget():
    X = make_data(DataParams("ring8", 300, seed=1))
    reports = []
    results = compare(X, GanParams(batch_size=64), 0.5, ring=True,
                      report=lambda model, done: reports.append(model))
    assert set(results) == {"gan", "diffusion"} and {"gan", "diffusion"} <= set(reports)
    for r in results.values():
        assert r["samples"].shape == (1000, 2) and np.isfinite(r["energy"])
        assert r["steps"] > 0 and 0 <= r["modes"] <= 8
    assert figures.compare_rows(results, Translator("zh"))
    figures.compare_figure(X, results, views.view_box(X), Translator("en"))
