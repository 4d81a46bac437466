"""Figures of the GAN digits page: `nice -n 10 python bench/bench_gan_digits.py` (about 30 s).

Prints the time to sample 64 digits with the bundled GAN and with the bundled diffusion model
(DDIM 50 steps, DDPM 100 steps), best of five runs, torch on one thread as in the apps; then
the quality figures of each (reference classifier's confidence, digits covered, class
histogram, mean pairwise distance) for 64 digits from seeds 0-4 pooled (320 digits), next to
held-out real digits; and the server time of the page's first and second run via AppTest.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from bench.timing import best_of  # noqa: E402
from playground.gan_digits import model as gan  # noqa: E402
from playground.gan_digits import quality, views  # noqa: E402

N = 64
SEEDS = range(5)
RUNS = (("GAN", None, None), ("diffusion DDIM 50", "ddim", 50), ("diffusion DDPM 100", "ddpm", 100))


def sampler(generator, diffusion, method, steps, seed):
    if method is None:
        return lambda: gan.generate(generator, N, seed)
    return lambda: views.diffusion_samples(diffusion, N, seed, method, steps).images


def describe(name: str, q: quality.Quality, seconds: float | None) -> None:
    time_text = f"{seconds * 1000:8.2f} ms" if seconds is not None else "        –  "
    print(f"{name:<22} {time_text}  confidence {q.mean_confidence:.3f}  clear "
          f"{q.share_confident:.2f}  classes {q.classes_covered}/10  distance "
          f"{q.mean_distance:.2f}  histogram {q.histogram.tolist()}")


def page_times() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    for label in ("first run (loads torch, both models)", "second run (cached)"):
        started = time.perf_counter()
        at.switch_page("pages/gan_digits.py").run()
        assert not at.exception, at.exception
        print(f"page {label}: {time.perf_counter() - started:.2f} s")


def main() -> None:
    torch.set_num_threads(1)
    generator, diffusion = gan.load_model(), views.load_diffusion_digits()
    print(f"reference classifier held-out accuracy: {quality.held_out_accuracy():.4f}")
    print(f"generator: {sum(p.numel() for p in generator.generator.parameters()):,} parameters,"
          f" file {gan.BUNDLED_FILE.stat().st_size / 1e6:.2f} MB, info {generator.info}")
    print(f"\n{N} digits per run, time best of 5; quality pooled over seeds {list(SEEDS)}:")
    for name, method, steps in RUNS:
        seconds = best_of(5, sampler(generator, diffusion, method, steps, 0))
        images = np.concatenate([sampler(generator, diffusion, method, steps, s)()
                                 for s in SEEDS])
        describe(name, quality.assess(images), seconds)
    real = np.concatenate([quality.real_digits(N, s) for s in SEEDS])
    describe("real digits (held out)", quality.assess(real), None)
    page_times()


if __name__ == "__main__":
    main()
