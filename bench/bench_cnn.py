"""Figures of the CNN page: `nice -n 10 python bench/bench_cnn.py` (about a minute).

Prints, for the default settings (seed 0, Adam 0.001, batch 32, 25 % test digits), torch on one
thread as in the apps:
- the training time until the test accuracy first reaches 95 % (evaluated after every epoch;
  the evaluation is not counted), and the epoch at which it does, for seeds 0-4;
- the default budget's full training time and final test accuracy;
- the page's server times via AppTest: first run, a rerun with nothing changed, a rerun after
  training (curves, confusion matrix, mistakes), a rerun after a pixel click.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from playground.cnn import model as cnn  # noqa: E402
from playground.cnn.spec import SPEC  # noqa: E402

TARGET = 0.95
SEEDS = range(5)


def time_to_target(seed: int) -> tuple[float | None, int | None, cnn.Trainer]:
    trainer = cnn.Trainer(SPEC.params({"seed": seed}))
    while not trainer.finished:
        report = trainer.run_epoch()
        if report.test_accuracy >= TARGET:
            return report.seconds, report.epoch, trainer
    return None, None, trainer


def page_times() -> None:
    from apptest_helpers import open_page

    started = time.perf_counter()
    at = open_page("pages/cnn.py", "en", timeout=180)
    print(f"page first run (entry + page, imports torch): {time.perf_counter() - started:.2f} s")
    for label, action in (
            ("rerun, nothing changed (untrained)", lambda: None),
            ("run with Train clicked (15 epochs, live curves)",
             lambda: at.button(key="cnn_train").click()),
            ("rerun after training (curves, confusion, mistakes)", lambda: None),
            ("rerun after a pixel click", lambda: at.session_state.__setitem__(
                "cnn_pixels_0", {"selection": {"points": [{"x": 2, "y": 1, "point_index": 10}],
                                               "point_indices": [10], "box": [], "lasso": []}})),
    ):
        action()
        started = time.perf_counter()
        at.run()
        assert not at.exception, at.exception
        print(f"page {label}: {time.perf_counter() - started:.2f} s")


def main() -> None:
    print(f"defaults: {SPEC.params()}")
    for seed in SEEDS:
        seconds, epoch, trainer = time_to_target(seed)
        reached = (f"{seconds:.2f} s (epoch {epoch})" if seconds is not None
                   else f"not reached in {trainer.epochs_done} epochs")
        print(f"seed {seed}: training time to {TARGET:.0%} test accuracy: {reached}")
    full = cnn.train(SPEC.params())
    print(f"default budget, seed 0: {full.epochs_done} epochs in {full.seconds:.2f} s, "
          f"test accuracy {full.history[-1].test_accuracy:.2%}")
    page_times()


if __name__ == "__main__":
    main()
