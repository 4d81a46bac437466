"""Train the digits GAN bundled in assets/models/gan/digits.safetensors.

    nice -n 10 python scripts/train_gan_digits.py

(2-3 min of CPU time; about 2.5 min on an idle two-core machine, 6-18 min while other jobs load
it; measured, see assets/models/gan/README.md).

Data: scikit-learn's bundled copy of the UCI "Optical Recognition of Handwritten Digits" set
(CC BY 4.0, 1,797 images of 8 × 8 pixels), so nothing is downloaded. Same command, same weights:
every random draw comes from the seed (torch on one thread, so sums add up in one order).
The generator alone is saved (float32, about 0.4 MB); the quality figures written into its
metadata and printed at the end are those of assets/models/gan/README.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402

from playground.gan_digits import model as gan  # noqa: E402
from playground.gan_digits import quality  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=gan.BUNDLED_FILE)
    parser.add_argument("--iterations", type=int, default=gan.TrainParams.n_iterations)
    parser.add_argument("--seed", type=int, default=gan.TrainParams.seed)
    args = parser.parse_args()
    torch.set_num_threads(1)  # tiny networks: one thread is faster, and bit-for-bit repeatable
    X, _ = gan.load_digit_images()
    params = gan.TrainParams(n_iterations=args.iterations, seed=args.seed)

    def report(progress: gan.TrainProgress) -> None:
        line = (f"{progress.iteration:>6}/{progress.n_iterations}  D loss {progress.d_loss:.3f}"
                f"  G loss {progress.g_loss:.3f}  {progress.elapsed:.0f} s")
        if progress.iteration % 2000 == 0:
            q = quality.assess(gan.generate(gan.GanModel(progress.generator), 256, seed=1))
            line += (f"  confidence {q.mean_confidence:.3f}  distance {q.mean_distance:.2f}"
                     f"  classes {q.classes_covered}"
                     f"  histogram {q.histogram.tolist()}")
        print(line, flush=True)

    started = time.perf_counter()
    model = gan.train(X, params, callback=report)

    q = quality.assess(gan.generate(model, 1000, seed=1))
    real = quality.real_reference(len(quality.reference_classifier()[1]))
    model.info.update(
        data="sklearn.datasets.load_digits (UCI optical digits, CC BY 4.0), scaled to [-1, 1]",
        command="nice -n 10 python scripts/train_gan_digits.py",
        quality_1000_seed1={"mean_confidence": round(q.mean_confidence, 4),
                            "share_confident": round(q.share_confident, 4),
                            "classes_covered": q.classes_covered,
                            "histogram": q.histogram.tolist(),
                            "mean_distance": round(q.mean_distance, 4)})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    gan.save_model(model, args.out)
    print("saved", args.out, f"{args.out.stat().st_size / 1e6:.2f} MB")
    print("info", model.info)
    print(f"reference classifier: held-out accuracy {quality.held_out_accuracy():.4f}, "
          f"real held-out digits confidence {real.mean_confidence:.4f}, "
          f"mean distance {real.mean_distance:.4f}, histogram {real.histogram.tolist()}")
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
