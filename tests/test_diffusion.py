"""Backend tests of the 2-D diffusion page: schedule, reverse step, samplers, training, bundled
models.

The sampler test uses an exact denoiser: for Gaussian data x0 ~ N(mu, Sigma) the noisy point
x_t = a x0 + s ε (a = sqrt(ᾱ_t), s = sqrt(1 - ᾱ_t)) is Gaussian too, and the best noise guess is
linear in x_t: E[ε | x_t] = s (a² Sigma + s² I)⁻¹ (x_t - a mu). A correct sampler driven by it
must give back mu and Sigma.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
import torch

from playground.diffusion.model import load_bundled, load_model, save_model
from playground.diffusion.processes import forward_points, reverse_process
from playground.diffusion.quality import energy_distance
from playground.diffusion.samplers import generate, sample
from playground.diffusion.schedule import SCHEDULES, NoiseSchedule, ScheduleParams
from playground.diffusion.training import ModelShelf, TrainParams, train
from playground.diffusion.data import SHAPES, PointsParams, check_points, make_points
from playground.diffusion.snippet import code_snippet
from playground.errors import InputError

QUALITY_THRESHOLD = 0.01  # energy distance on the standardised scale; fresh data gives ≈ 0.002
MU = np.array([1.0, -2.0])
SIGMA = np.array([[2.0, 0.8], [0.8, 0.5]])


# --- schedule ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", SCHEDULES)
@pytest.mark.parametrize("T", [10, 100, 1000])
def test_alphas_cumprod_decrease_within_unit_interval(kind, T):
    bar = NoiseSchedule(ScheduleParams(kind, T)).alphas_cumprod.double().numpy()
    assert len(bar) == T
    assert np.all((bar > 0) & (bar < 1))
    assert np.all(np.diff(bar) < 0)


@pytest.mark.parametrize("kind", SCHEDULES)
def test_add_noise_first_step_keeps_data_last_step_is_standard_normal(kind):
    schedule = NoiseSchedule(ScheduleParams(kind, 1000))
    generator = torch.Generator().manual_seed(0)
    x0 = 5.0 + 3.0 * torch.randn((20_000, 2), generator=generator)  # far from N(0, I) on purpose
    noise = torch.randn(x0.shape, generator=generator)
    first = schedule.add_noise(x0, noise, 0)
    assert float((first - x0).abs().max()) < 0.1  # sqrt(1 - ᾱ_0) ≤ 0.02, |noise| < 5
    last = schedule.add_noise(x0, noise, 999).numpy()
    assert np.abs(last.mean(axis=0)).max() < 0.05
    assert np.abs(np.cov(last.T) - np.eye(2)).max() < 0.05


def test_linear_schedule_matches_ddpm_at_1000_steps():
    betas = NoiseSchedule(ScheduleParams("linear", 1000)).betas.double().numpy()
    assert betas[0] == pytest.approx(1e-4, rel=0.1)  # DDPM: β_1 = 1e-4 ... β_T = 0.02
    assert betas[-1] == pytest.approx(0.02, rel=0.05)


def test_schedule_params_are_validated():
    with pytest.raises(ValueError, match="kind"):
        ScheduleParams("quadratic", 100)
    with pytest.raises(ValueError, match="n_steps"):
        ScheduleParams("cosine", 5)


def test_ddpm_step_equals_algorithm_2_and_ddim_step_equals_eq_12():
    """Parity with the papers' own formulas, with a dummy noise guess (as diffusers tests)."""
    schedule = NoiseSchedule(ScheduleParams("linear", 50))
    x = torch.linspace(-2, 2, 12).reshape(6, 2)
    for t in (49, 20, 6):
        eps = x * t / (t + 1)
        got, _ = schedule.step(eps, t, x, generator=torch.Generator().manual_seed(7))
        z = torch.randn(x.shape, generator=torch.Generator().manual_seed(7))
        a, bar = schedule.alphas[t], schedule.alphas_cumprod[t]
        bar_prev = schedule.alphas_cumprod[t - 1]
        beta = 1 - a
        sigma = ((1 - bar_prev) / (1 - bar) * beta).sqrt()
        expected = (x - beta / (1 - bar).sqrt() * eps) / a.sqrt() + sigma * z  # DDPM Algorithm 2
        assert torch.allclose(got, expected, atol=1e-5)
        got, _ = schedule.step(eps, t, x, prev_t=t - 5, method="ddim")
        bar_prev = schedule.alphas_cumprod[t - 5]
        x0 = (x - (1 - bar).sqrt() * eps) / bar.sqrt()
        expected = bar_prev.sqrt() * x0 + (1 - bar_prev).sqrt() * eps  # DDIM eq. 12, η = 0
        assert torch.allclose(got, expected, atol=1e-5)


# --- samplers with an exact denoiser -----------------------------------------------------------

def exact_gaussian_denoiser(x: torch.Tensor, noise_level: torch.Tensor) -> torch.Tensor:
    s = float(noise_level[0])
    a = np.sqrt(1 - s**2)
    gain = s * np.linalg.inv(a**2 * SIGMA + s**2 * np.eye(2))
    return torch.as_tensor((x.double().numpy() - a * MU) @ gain.T, dtype=torch.float32)


@pytest.mark.parametrize("method, n_steps", [("ddpm", None), ("ddim", 50)])
def test_sampler_recovers_gaussian_mean_and_covariance(method, n_steps):
    """Tolerance 0.1 on every entry of the mean and covariance: with 4,000 samples the Monte
    Carlo error is about 0.02 (mean) and 0.05 (largest variance)."""
    schedule = NoiseSchedule(ScheduleParams("cosine", 200))
    result = sample(exact_gaussian_denoiser, schedule, 4000, method=method, n_steps=n_steps,
                         dim=2, generator=torch.Generator().manual_seed(1))
    assert np.abs(result.samples.mean(axis=0) - MU).max() < 0.1
    assert np.abs(np.cov(result.samples.T) - SIGMA).max() < 0.1


def test_sampler_returns_trajectory_and_clean_guesses():
    schedule = NoiseSchedule(ScheduleParams("cosine", 100))
    result = sample(exact_gaussian_denoiser, schedule, 10, method="ddim", n_steps=20, dim=2,
                         generator=torch.Generator().manual_seed(0), keep_trajectory=True)
    assert result.trajectory.shape == (21, 10, 2)
    assert result.predicted_x0.shape == (20, 10, 2)
    assert list(result.timesteps[[0, -1]]) == [99, 0]
    assert np.allclose(result.trajectory[-1], result.samples)


# --- training, seeds, bundled models ----------------------------------------------------------

def test_training_on_moons_with_default_budget_reaches_quality_threshold():
    data = make_points(PointsParams("moons"))
    model = train(data, ScheduleParams(), TrainParams())
    samples = generate(model, 1000, n_steps=100, seed=0).samples
    assert energy_distance(samples, data, model.scale) < QUALITY_THRESHOLD


def test_callback_sees_progress_and_can_stop_training():
    seen = []

    def stop_at_second_report(progress):
        seen.append(progress.iteration)
        return len(seen) == 2

    model = train(make_points(PointsParams("circles", n_samples=100)),
                       params=TrainParams(n_iterations=1000), callback=stop_at_second_report,
                       callback_every=10)
    assert seen == [10, 20]
    assert model.info["iterations"] == 20


def test_same_seed_same_model_and_samples():
    data = make_points(PointsParams("spiral", n_samples=200))
    budget = TrainParams(n_iterations=30, seed=4)
    first, second = train(data, params=budget), train(data, params=budget)
    for a, b in zip(first.denoiser.parameters(), second.denoiser.parameters()):
        assert torch.equal(a, b)
    run = [generate(first, 50, n_steps=20, seed=s).samples for s in (3, 3, 4)]
    assert np.array_equal(run[0], run[1])
    assert not np.allclose(run[0], run[2])


@pytest.mark.parametrize("shape", SHAPES)
def test_bundled_points_models_load_and_sample_offline(shape):
    model = load_bundled(shape)
    data = make_points(PointsParams(shape))
    samples = generate(model, 600, method="ddpm", n_steps=100, seed=0).samples
    assert energy_distance(samples, data, model.scale) < QUALITY_THRESHOLD


def test_save_and_load_round_trip(tmp_path):
    model = train(make_points(PointsParams(n_samples=100)), params=TrainParams(n_iterations=5))
    save_model(model, tmp_path / "m.safetensors")
    loaded = load_model(tmp_path / "m.safetensors")
    assert loaded.schedule == model.schedule and loaded.clip == model.clip
    assert np.allclose(generate(loaded, 20, seed=1).samples, generate(model, 20, seed=1).samples,
                       atol=1e-5)


# --- helpers of the pages ---------------------------------------------------------------------

def test_energy_distance_is_zero_for_equal_sets_and_grows_with_a_shift():
    points = np.random.default_rng(0).normal(size=(300, 2))
    assert energy_distance(points, points) == pytest.approx(0.0, abs=1e-12)
    assert 0 < energy_distance(points, points + 0.5) < energy_distance(points, points + 2)


def test_uploads_need_enough_distinct_points():
    with pytest.raises(InputError) as error:
        check_points(np.zeros((3, 2)))
    assert error.value.key == "diffusion.err_too_few"
    with pytest.raises(InputError):
        check_points(np.ones((50, 2)))


def test_upload_is_parsed_without_labels_and_signed():
    from playground.diffusion.data import parse_upload

    rows = "\n".join(f"{i / 10},{(i % 7) / 3},{'ab'[i % 2]}" for i in range(30))
    X, signature = parse_upload(f"x,y,label\n{rows}\n".encode())
    assert X.shape == (30, 2) and signature.startswith("upload:")
    assert parse_upload(f"x,y,label\n{rows}\n".encode())[1] == signature


def test_forward_points_move_from_data_to_noise():
    data = make_points(PointsParams("moons"))
    schedule = ScheduleParams("cosine", 100)
    assert np.abs(forward_points(data, schedule, 0, seed=0) - data).mean() < 0.05
    assert np.abs(forward_points(data, schedule, 0, 1) - forward_points(
        data, schedule, 0, 1)).max() == 0


def test_shelf_never_reuses_a_model_id():
    """The id keys the page's cache of generated points, shared by every session: a retrained
    model must not inherit it (``id()`` of a dropped copy comes back quickly)."""
    reports = []
    budget = TrainParams(n_iterations=1)
    train(make_points(PointsParams(n_samples=50)), params=budget, callback=reports.append)
    shelf, ids = ModelShelf(), set()
    for _ in range(100):
        shelf.keep("moons", reports[-1], budget)
        ids.add(shelf.get("moons")["id"])
    assert len(ids) == 100


def run_snippet(code: str, monkeypatch) -> dict:
    """Execute a "show code" script (figures not shown, torch's thread count restored)."""
    shown = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: shown.append(self))
    threads = torch.get_num_threads()
    namespace: dict = {}
    try:
        exec(compile(code, "snippet", "exec"), namespace)
    finally:
        torch.set_num_threads(threads)
    assert len(shown) == 1
    return namespace


@pytest.mark.parametrize("trained", [None, TrainParams(n_iterations=20)])
@pytest.mark.parametrize("method", ["ddpm", "ddim"])
def test_points_snippet_gives_the_pages_numbers(trained, method, monkeypatch):
    """The script is standalone (its own schedule, denoiser and sampler) yet gives the page's
    samples: the bundled weights, or the same training run, and the same seeds."""
    data, schedule = PointsParams("mixture", n_samples=200), ScheduleParams("linear", 60)
    namespace = run_snippet(code_snippet(data, schedule, method, 20, 3, trained), monkeypatch)
    X = make_points(data)
    model = load_bundled("mixture") if trained is None else train(X, schedule, trained)
    result, score = reverse_process(model, schedule, method, 20, 3, X)
    assert np.array_equal(namespace["X"], X)
    assert np.allclose(namespace["samples"], result.samples, atol=1e-4)
    assert namespace["energy_distance"](namespace["samples"], X) == pytest.approx(
        score["samples"], abs=1e-4)


def test_gradio_view_draws_the_tab_and_training_feeds_it():
    pytest.importorskip("gradio")
    from ui import gradio_diffusion

    view = gradio_diffusion.diffusion_view
    args = ["zh", "moons", 300, 0.05, 0, "linear", 50, 250, 60, "ddim", 80, 10]
    summary, forward, reverse, arrows, loss = view(*args, None)
    assert all(isinstance(f, go.Figure) for f in (forward, reverse, arrows)) and loss is None
    assert "能量距离" in summary and "预先训练" in summary
    state = gradio_diffusion.diffusion_train(*args[1:8], progress=lambda *a, **k: None)
    assert state["data"] == repr(PointsParams("moons", 300, 0.05, 0))
    assert len(state["losses"]) == 250
    summary, *_, loss = view(*args, state)
    assert "现场训练" in summary and isinstance(loss, go.Figure)


# --- one thread, controls ---------------------------------------------------------------------

def test_one_thread_limits_torch_and_restores_it_after_the_last_user():
    from playground.compute import one_thread

    before = torch.get_num_threads()
    with one_thread():
        assert torch.get_num_threads() == 1
        with one_thread():  # nested (or another thread): still one, restored only at the end
            assert torch.get_num_threads() == 1
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


def test_spec_clamps_steps_to_the_schedule():
    from playground.diffusion.spec import SPEC

    view = SPEC.params({"T": 10, "t": 500, "steps": 900})
    assert (view.step, view.n_steps) == (9, 10)
    assert SPEC.params({"data": "upload"}).data is None
    default = SPEC.params()
    assert default.data == PointsParams() and default.schedule == ScheduleParams()
    assert default.training == TrainParams() and (default.method, default.n_steps) == ("ddpm", 100)


def test_shown_step_is_clamped_to_the_run():
    from playground.diffusion.processes import shown_step

    result = generate(load_bundled("moons"), 10, n_steps=20, seed=0)
    assert shown_step(result, 1000) == (20, int(result.timesteps[-1]))
    assert shown_step(result, 0) == (0, int(result.timesteps[0]))
