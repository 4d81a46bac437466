"""Timings of the diffusion pages: `nice -n 10 python bench/bench_diffusion.py` (about 1 min).

Prints the training time to the quality threshold with the page's default settings (target
≤ 10 s), the sampling time for 1,000 points × 100 steps (target ≤ 0.3 s), the digits sampler's
time for the page's 16-image grid, DDPM against DDIM with few steps (the figures behind both
pages' notices), and the server time of the two pages via AppTest.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import best_of  # noqa: E402
from playground.diffusion.data import PointsParams, make_points  # noqa: E402
from playground.diffusion.model import load_bundled  # noqa: E402
from playground.diffusion.quality import energy_distance  # noqa: E402
from playground.diffusion.samplers import SAMPLERS, generate  # noqa: E402
from playground.diffusion.schedule import ScheduleParams  # noqa: E402
from playground.diffusion.training import TrainParams, TrainProgress, train  # noqa: E402
from playground.diffusion_digits.model import load_model as load_digits_model  # noqa: E402

THRESHOLD = 0.01  # the quality threshold of tests/test_diffusion.py
CHECK_EVERY = 250  # iterations between quality checks (their time is not counted)


def time_to_threshold() -> None:
    started = time.perf_counter()
    train(make_points(PointsParams(n_samples=100)), params=TrainParams(n_iterations=1))
    print(f"one-off start-up (first optimiser step imports torch._dynamo): "
          f"{time.perf_counter() - started:.1f} s")
    X = make_points(PointsParams("moons"))
    paused, reached = 0.0, None

    def check(progress: TrainProgress):
        nonlocal paused, reached
        if progress.iteration % CHECK_EVERY and progress.iteration != progress.n_iterations:
            return
        started = time.perf_counter()
        samples = generate(progress.model, 1000, n_steps=100, seed=0).samples
        score = energy_distance(samples, X, progress.model.scale)
        paused += time.perf_counter() - started
        if reached is None and score < THRESHOLD:
            reached = (progress.iteration, progress.elapsed - paused, score)

    started = time.perf_counter()
    model = train(X, ScheduleParams(), TrainParams(), callback=check,
                       callback_every=CHECK_EVERY)
    total = time.perf_counter() - started - paused
    print(f"training, default settings (moons, {TrainParams().n_iterations} iterations): "
          f"{total:.1f} s in all")
    if reached:
        print(f"  quality threshold {THRESHOLD} (energy distance) first met after {reached[0]} "
              f"iterations, {reached[1]:.1f} s of training (score {reached[2]:.4f}; target ≤ 10 s)")
    else:
        print(f"  quality threshold {THRESHOLD} NOT met; final loss {model.info['final_loss']:.3f}")


def sampling() -> None:
    model = load_bundled("moons")
    for method in SAMPLERS:
        seconds = best_of(3, lambda: generate(model, 1000, method=method, n_steps=100))
        print(f"sampling 1,000 points × 100 steps, {method.upper()}: {seconds:.3f} s "
              "(target ≤ 0.3 s)")
    seconds = best_of(1, lambda: generate(model, 800, schedule=ScheduleParams(
        "cosine", 1000), n_steps=1000, keep_trajectory=True))
    print(f"2-D page at its extreme (800 points × 1,000 steps with trajectories): {seconds:.2f} s")
    digits = load_digits_model()
    for method, steps in (("ddpm", 100), ("ddpm", 1000), ("ddim", 50)):
        seconds = best_of(3, lambda: generate(digits, 16, method=method, n_steps=steps,
                                                   keep_trajectory=True))
        print(f"digits grid, 16 images, {method.upper()} {steps} steps: {seconds:.3f} s")


def few_steps() -> None:
    """The notices' claims: energy distance (as the 2-D page reports it) of DDPM and DDIM with
    10 sampling steps, every shape, both schedules (T = 100, seed 0); and the digits model's
    samplers by the energy distance of 400 images to the training digits."""
    from playground.diffusion import processes
    from playground.diffusion.data import SHAPES
    from playground.diffusion.spec import SPEC
    from playground.diffusion_digits.model import load_digit_images

    for kind in ("cosine", "linear"):
        print(f"10 sampling steps, {kind} schedule, T = 100 (energy distance, DDPM / DDIM):")
        for shape in SHAPES:
            view = SPEC.params({"data": shape, "schedule": kind, "steps": 10})
            X, model = make_points(view.data), load_bundled(shape)
            ddpm, ddim = (processes.reverse_process(model, view.schedule, method, 10, view.seed,
                                                    X)[1]["samples"] for method in SAMPLERS)
            print(f"  {shape:10s} {ddpm:.4f} / {ddim:.4f}  better: "
                  f"{'DDPM' if ddpm < ddim else 'DDIM'}")
    digits, (images, _) = load_digits_model(), load_digit_images()
    print("digits (cosine, T = 1,000), 400 images, seed 0, energy distance to the 1,797 digits:")
    for method, steps in (("ddpm", 10), ("ddim", 10), ("ddim", 50), ("ddpm", 1000)):
        samples = generate(digits, 400, method=method, n_steps=steps, seed=0).samples
        print(f"  {method.upper()} {steps:4d} steps: "
              f"{energy_distance(samples, images, digits.scale):.4f}")


def pages() -> None:
    from streamlit.testing.v1 import AppTest

    for path in ("pages/diffusion.py", "pages/diffusion_digits.py"):
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        at.run()
        started = time.perf_counter()
        at.switch_page(path).run()
        first = time.perf_counter() - started
        started = time.perf_counter()
        at.run()
        print(f"{path}: first run {first:.2f} s (model load and first sampling; torch is "
              f"already imported here, add about 1.5 s in a fresh server), rerun "
              f"{time.perf_counter() - started:.2f} s, exceptions: {len(at.exception)}")


if __name__ == "__main__":
    time_to_threshold()
    sampling()
    few_steps()
    pages()
