"""Figures of the GAN lab: `nice -n 10 python bench/bench_gan.py` (about 1-2 min).

1. The issue's target on the ring of 8 with the page's default settings: every mode covered
   (≥ 5 % of 1,000 samples within 3 σ of each centre), at most 10 % of the samples off every
   mode, energy distance ≤ 0.05 in units of the data's spread, within 10 s of training. Printed:
   the training time and steps to reach it (checked every CHECK_EVERY steps; the checks are not
   timed), the figures at the end of the default budget, and the same numbers for the minimax
   loss with otherwise equal settings. Wall time depends on what else the machine runs; the
   CPU time of the training thread is printed beside it.
2. Each failure preset: the named states the page shows after its steps.
3. Responsiveness: while two sessions train (two threads, chunks as on the page), how long a
   third session waits for a frame of its own (snapshot + figure).
4. GAN vs diffusion with the same training time (CPU seconds), as the page's race runs it.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playground.gan import figures, views  # noqa: E402
from playground.gan.compare import compare  # noqa: E402
from playground.gan.data import DataParams, make_data  # noqa: E402
from playground.gan.model import GanParams, GanTrainer  # noqa: E402
from playground.gan.spec import PRESETS, SPEC  # noqa: E402
from playground.i18n import Translator  # noqa: E402

CHECK_EVERY = 50  # steps between quality checks
TIME_TARGET = 10.0  # seconds


def time_to_target(params: GanParams, X, max_steps: int) -> dict:
    trainer = GanTrainer(X, params)
    box = views.view_box(X)
    wall = cpu = 0.0
    reached = None
    while trainer.step < max_steps and not trainer.diverged:
        w0, c0 = time.perf_counter(), time.thread_time()
        trainer.train(CHECK_EVERY)
        wall += time.perf_counter() - w0
        cpu += time.thread_time() - c0
        snap = views.snapshot(trainer, X, box, ring=True)
        if reached is None and views.reached_target(snap):
            reached = (trainer.step, wall, cpu, snap)
        if trainer.step >= params.n_steps and reached is not None:
            break
    return {"reached": reached, "final": snap, "wall": wall, "cpu": cpu, "steps": trainer.step,
            "status": trainer.status}


def describe(snap) -> str:
    c = snap.coverage
    return (f"modes {c.modes_covered}/{c.n_modes}, off-mode {c.off_mode:.1%}, "
            f"energy {snap.energy:.4f}")


def target_section(seed: int) -> None:
    X = make_data(DataParams(seed=seed))
    default = SPEC.params({"seed": seed}).gan
    print(f"== Ring of 8, page defaults (seed {seed}): {default}")
    for loss in (default.loss, "minimax"):
        params = replace(default, loss=loss)
        result = time_to_target(params, X, max_steps=params.n_steps)
        reached = result["reached"]
        if reached:
            step, wall, cpu, snap = reached
            verdict = "OK" if wall <= TIME_TARGET else "slower than 10 s"
            print(f"  {loss:14s} target reached at step {step:5d}: {wall:5.1f} s wall, "
                  f"{cpu:5.1f} s CPU ({verdict}); {describe(snap)}")
        else:
            print(f"  {loss:14s} target NOT reached in {result['steps']} steps "
                  f"({result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU)")
        print(f"  {'':14s} after {result['steps']} steps ({result['wall']:.1f} s wall, "
              f"{1000 * result['cpu'] / max(result['steps'], 1):.2f} ms CPU per step): "
              f"{describe(result['final'])}, status {result['status']}")


def presets_section() -> None:
    X = make_data(DataParams())
    box = views.view_box(X)
    print("== Failure presets on the ring of 8 (named states after each 500 steps)")
    for name, recipe in PRESETS.items():
        trainer = GanTrainer(X, replace(GanParams(), **recipe))
        seen = []
        for _ in range(3):
            trainer.train(500)
            snap = views.snapshot(trainer, X, box, ring=True)
            seen.append(f"{trainer.step}: {','.join(snap.diagnoses) or '-'} "
                        f"({snap.coverage.modes_covered} modes)")
        print(f"  {name:14s} " + "; ".join(seen))


def responsiveness_section(seconds: float = 6.0) -> None:
    """Two sessions play; a third asks for frames. Chunks end after 0.25 s, as on the page."""
    X = make_data(DataParams())
    box = views.view_box(X)
    stop = threading.Event()

    def play(seed):
        trainer = GanTrainer(X, GanParams(seed=seed))
        while not stop.is_set():
            trainer.train(10_000, time_limit=0.25)
            views.snapshot(trainer, X, box, ring=True)

    players = [threading.Thread(target=play, args=(s,)) for s in (1, 2)]
    for player in players:
        player.start()
    viewer = GanTrainer(X, GanParams(seed=3))
    waits = []
    ended = time.perf_counter() + seconds
    tr = Translator("en")
    while time.perf_counter() < ended:
        started = time.perf_counter()
        snap = views.snapshot(viewer, X, box, ring=True)
        figures.game_figure(snap, box, snap.scale, tr).to_json()
        waits.append(time.perf_counter() - started)
        time.sleep(0.1)
    stop.set()
    for player in players:
        player.join()
    waits.sort()
    print(f"== Responsiveness: a third session's frame while two sessions train: median "
          f"{1000 * waits[len(waits) // 2]:.0f} ms, worst {1000 * waits[-1]:.0f} ms "
          f"({len(waits)} frames)")


def race_section(budget: float) -> None:
    X = make_data(DataParams())
    results = compare(X, GanParams(), budget, ring=True)
    print(f"== GAN vs diffusion on the ring of 8, {budget:g} CPU s of training each")
    for name, r in results.items():
        print(f"  {name:10s} {r['steps']:6d} steps in {r['train_seconds']:.1f} CPU s; 1,000 "
              f"samples in {1000 * r['sample_seconds']:.0f} CPU ms; "
              f"energy {r['energy']:.4f}, modes "
              f"{r['modes']}/8, off-mode {r['off_mode']:.1%}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="*", default=[0])
    parser.add_argument("--budget", type=float, default=5.0, help="seconds for the race")
    parser.add_argument("--quick", action="store_true", help="the target section only")
    parser.add_argument("--race", action="store_true", help="the GAN-vs-diffusion race only")
    args = parser.parse_args()
    print(f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(above the core count, other processes inflate wall times; CPU times are not)")
    if args.race:
        race_section(args.budget)
        sys.exit()
    for seed in args.seeds:
        target_section(seed)
    if not args.quick:
        presets_section()
        responsiveness_section()
        race_section(args.budget)
    print(f"load average after the run: {os.getloadavg()[0]:.1f}")
