"""Train the diffusion models bundled in assets/models/diffusion/ (so a first visit is instant).

    nice -n 10 python scripts/train_diffusion.py            # everything, about 7 min
    nice -n 10 python scripts/train_diffusion.py points     # the five 2-D shapes, 2.5-3 min
    nice -n 10 python scripts/train_diffusion.py digits     # the 8 × 8 digits, about 4 min

(times measured on the two-core course machine while other jobs shared it; about half that on
an idle one).

Data: the 2-D shapes are generated (playground/diffusion/data.py, default settings, seed 0); the
digits are scikit-learn's bundled copy of the UCI "Optical Recognition of Handwritten Digits" set
(CC BY 4.0), so nothing is downloaded. Same command, same weights: every random draw comes from
the seed. Each model is a float32 safetensors file (points about 0.1 MB, digits about 1.2 MB).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playground.diffusion.data import SHAPES, PointsParams, make_points  # noqa: E402
from playground.diffusion.model import BUNDLED_DIR, bundled_file, save_model  # noqa: E402
from playground.diffusion.quality import energy_distance  # noqa: E402
from playground.diffusion.samplers import generate  # noqa: E402
from playground.diffusion.schedule import ScheduleParams  # noqa: E402
from playground.diffusion.training import TrainParams, TrainProgress, train  # noqa: E402
from playground.diffusion_digits.model import (DIGITS_CONFIG, DIGITS_SCHEDULE,  # noqa: E402
                                               DIGITS_TRAINING, load_digit_images)

# Four times the page's default budget: the page trains in seconds, the bundled models are the
# "after a longer run" reference.
POINTS_TRAINING = TrainParams(n_iterations=6000, seed=0)


def train_points(out: Path) -> None:
    for shape in SHAPES:
        data = PointsParams(name=shape)
        X = make_points(data)
        model = train(X, ScheduleParams(), POINTS_TRAINING)
        reference = make_points(PointsParams(name=shape, seed=1))
        generated = generate(model, len(X), n_steps=100, seed=0).samples
        model.info.update(data=repr(data),
                          energy_distance=round(energy_distance(generated, X, model.scale), 5),
                          energy_distance_fresh_data=round(
                              energy_distance(reference, X, model.scale), 5))
        save_model(model, out / bundled_file(shape))
        print(shape, model.info, flush=True)


def train_digits(out: Path) -> None:
    X, _ = load_digit_images()

    def report(progress: TrainProgress):
        if progress.iteration % 2500 == 0:
            print(f"  digits {progress.iteration}/{progress.n_iterations} "
                  f"loss {np.mean(progress.losses[-500:]):.4f} {progress.elapsed:.0f} s",
                  flush=True)

    # Images already live in [-1, 1]: no standardisation, so pixels keep their meaning.
    model = train(X, DIGITS_SCHEDULE, DIGITS_TRAINING, DIGITS_CONFIG,
                       mean=np.zeros(64, np.float32), scale=1.0, callback=report)
    model.clip = 1.0  # pixel values are bounded by ink: none and full
    model.info.update(data="sklearn.datasets.load_digits, scaled to [-1, 1]")
    save_model(model, out / bundled_file("digits"))
    print("digits", model.info, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="?", choices=("all", "points", "digits"), default="all")
    parser.add_argument("--out", type=Path, default=BUNDLED_DIR)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if args.which in ("all", "points"):
        train_points(args.out)
    if args.which in ("all", "digits"):
        train_digits(args.out)
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
