"""GAN vs diffusion on the same 2-D data with the same training-time budget.

Both are trained from scratch for the same number of CPU seconds (of the training thread, so
that other sessions on a busy server favour neither): the GAN with the page's settings
(:class:`~playground.gan.model.GanTrainer`), the diffusion model with the diffusion page's own
training and sampling functions (:func:`playground.diffusion.training.train`,
:func:`playground.diffusion.samplers.generate`), called here, not copied. Each then draws 1,000
samples, scored with the same energy distance (and, on the ring of 8, the same mode coverage).
What differs besides quality: a GAN sample costs one pass of G, a diffusion sample one pass of
the denoiser per sampling step.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Callable

import numpy as np

from playground.diffusion.quality import energy_distance
from playground.diffusion.samplers import generate
from playground.diffusion.schedule import ScheduleParams
from playground.diffusion.training import TrainParams, train
from playground.gan.data import mode_coverage
from playground.gan.model import GanParams, GanTrainer
from playground.gan.views import data_scale

N_SAMPLES = 1000
DIFFUSION_SCHEDULE = ScheduleParams("cosine", 100)  # the diffusion page's default
SAMPLE_SEED = 12345


def _score(samples: np.ndarray, X: np.ndarray, ring: bool) -> dict:
    scale = data_scale(X)
    finite = np.isfinite(samples).all()
    out = {"samples": samples,
           "energy": energy_distance(samples, X, scale) if finite else float("nan")}
    coverage = mode_coverage(samples) if ring and finite else None
    out["modes"] = None if coverage is None else coverage.modes_covered
    out["off_mode"] = None if coverage is None else coverage.off_mode
    return out


def compare(X: np.ndarray, params: GanParams, seconds: float, *, ring: bool = False,
            report: Callable[[str, float], None] | None = None,
            should_stop: Callable[[], bool] | None = None) -> dict:
    """Train a GAN and a diffusion model for ``seconds`` each on ``X`` (n, 2) and score both.

    ``report(model, fraction)`` tells a UI how far each run is; ``should_stop()`` ends both at
    once (the results then hold what was trained so far).

    Returns
    -------
    {"gan" | "diffusion": {"samples" (N_SAMPLES, 2), "energy", "modes", "off_mode",
    "steps", "train_seconds", "sample_seconds"}}
    """
    X = np.asarray(X, np.float64)
    results = {}

    # 1. The GAN: the page's settings, as many steps as fit in the budget. Budgets are CPU
    #    seconds of this thread, so that other sessions on a busy server favour neither model.
    trainer = GanTrainer(X, replace(params, n_steps=100_000))
    started = time.thread_time()
    while time.thread_time() - started < seconds and not trainer.diverged:
        if should_stop is not None and should_stop():
            break
        trainer.train(20)
        if report:
            report("gan", min(1.0, (time.thread_time() - started) / seconds))
    gan_seconds = time.thread_time() - started
    t0 = time.thread_time()
    samples = trainer.sample(N_SAMPLES, seed=SAMPLE_SEED)
    results["gan"] = _score(samples, X, ring) | {
        "steps": trainer.step, "train_seconds": gan_seconds,
        "sample_seconds": time.thread_time() - t0, "status": trainer.status}

    # 2. Diffusion: the diffusion page's trainer; the iteration count that fits the budget is
    #    measured first, so that its learning-rate decay ends when the time does.
    probe_started = time.thread_time()
    train(X, DIFFUSION_SCHEDULE, TrainParams(n_iterations=20, seed=params.seed))
    per_iteration = max((time.thread_time() - probe_started) / 20, 1e-4)
    n_iterations = int(np.clip(seconds / per_iteration, 20, 100_000))
    started = time.thread_time()

    def progress(p) -> bool:
        elapsed = time.thread_time() - started
        if report:
            report("diffusion", min(1.0, elapsed / seconds))
        return bool(elapsed > seconds or (should_stop is not None and should_stop()))

    model = train(X, DIFFUSION_SCHEDULE, TrainParams(n_iterations=n_iterations, seed=params.seed),
                  callback=progress, callback_every=25)
    diffusion_seconds = time.thread_time() - started
    t0 = time.thread_time()
    samples = generate(model, N_SAMPLES, seed=SAMPLE_SEED).samples
    results["diffusion"] = _score(samples, X, ring) | {
        "steps": model.info["iterations"], "train_seconds": diffusion_seconds,
        "sample_seconds": time.thread_time() - t0, "status": "ok"}
    return results
