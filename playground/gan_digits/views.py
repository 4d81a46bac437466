"""What the GAN digits page shows: a grid of new digits, a walk in noise space, and the bundled
GAN next to the bundled diffusion model (chapter §1.2.2's two image generators).

Both UIs call these functions with one :class:`ViewParams`; nothing here draws. The diffusion
half calls the diffusion digits backend (:mod:`playground.diffusion_digits.model`, whose
``load_model`` and ``generate`` come from :mod:`playground.diffusion`), never a copy of it.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

import numpy as np

from playground.errors import InputError
from playground.gan_digits import model as gan
from playground.gan_digits.quality import Quality, assess, real_digits, real_reference

SAMPLERS = ("ddim", "ddpm")  # the diffusion backend's two samplers
MIN_COUNT, MAX_COUNT = 8, 128  # digits in the grid, and in each half of the comparison
MIN_FRAMES, MAX_FRAMES = 3, 16  # images in the walk, both ends included


@dataclass(frozen=True)
class ViewParams:
    """Everything that defines the page's view; also the cache key and the URL state."""

    count: int = 32  # digits in the grid and in each half of the comparison
    seed: int = 0  # noise of the grid (GAN) and of the comparison (both models)
    start: int = 1  # the walk starts at this digit of the seed's sequence (1 = first cell)
    end: int = 2  # ... and ends at this one; cells past the grid are the digits a larger grid shows
    frames: int = 10  # images in the walk, both ends included
    path: str = "slerp"  # "linear" or "slerp" (along the sphere where noise vectors live)
    sampler: str = "ddim"  # the diffusion side: "ddim" (deterministic) or "ddpm" (ancestral)
    diffusion_steps: int = 50  # denoising steps of the diffusion side (its network runs this often)

    def __post_init__(self):
        if not MIN_COUNT <= self.count <= MAX_COUNT:
            raise InputError("gan_digits.err_count", found=self.count, maximum=MAX_COUNT)
        if not 1 <= self.start <= MAX_COUNT or not 1 <= self.end <= MAX_COUNT:
            raise ValueError(f"start and end must be within 1..{MAX_COUNT}")
        if not MIN_FRAMES <= self.frames <= MAX_FRAMES:
            raise InputError("gan_digits.err_steps", found=self.frames, maximum=MAX_FRAMES)
        if self.path not in gan.INTERPOLATIONS:
            raise ValueError(f"path must be one of {gan.INTERPOLATIONS}, got {self.path!r}")
        if self.sampler not in SAMPLERS:
            raise ValueError(f"sampler must be one of {SAMPLERS}, got {self.sampler!r}")
        if not 1 <= self.diffusion_steps <= 1000:
            raise ValueError("diffusion_steps must be within 1..1000")


@dataclass
class Samples:
    """One model's images and what they cost and scored."""

    model: str  # "gan", "diffusion" or "real"
    images: np.ndarray  # (n, 64) in [-1, 1]
    seconds: float  # wall-clock sampling time (0 for real digits)
    network_calls: int  # forward passes of the network per batch: 1 for a GAN, steps for diffusion
    quality: Quality


def grid(model: gan.GanModel, params: ViewParams) -> Samples:
    """The grid's ``count`` digits, with the reference classifier's reading of each."""
    started = time.perf_counter()
    images = gan.generate(model, params.count, params.seed)
    return Samples("gan", images, time.perf_counter() - started, 1, assess(images))


def walk(model: gan.GanModel, params: ViewParams) -> tuple[np.ndarray, Quality]:
    """The images on the way from digit ``start`` to digit ``end`` of the seed's sequence.

    Returns
    -------
    images : (frames, 64) in [-1, 1]; the first and last are exactly those grid cells
    quality : the classifier's reading of each frame
    """
    z = gan.noise(max(params.start, params.end), params.seed, model.config.noise_dim)
    path = gan.interpolate(z[params.start - 1], z[params.end - 1], params.frames, params.path)
    images = gan.decode(model, path)
    return images, assess(images)


def diffusion_samples(diffusion_model, n: int, seed: int, sampler: str,
                      n_steps: int) -> Samples:
    """``n`` digits from the bundled diffusion model, sampled by the diffusion backend."""
    from playground.diffusion_digits import model as diffusion_digits

    started = time.perf_counter()
    result = diffusion_digits.generate(diffusion_model, n, method=sampler, n_steps=n_steps,
                                       seed=seed)
    seconds = time.perf_counter() - started
    images = np.clip(result.samples, -1.0, 1.0).astype(np.float32)
    return Samples("diffusion", images, seconds, len(result.timesteps), assess(images))


def load_diffusion_digits():
    """The bundled diffusion digits model, or InputError naming the file and its rebuild command."""
    from playground.diffusion import model as diff
    from playground.diffusion_digits import model as diffusion_digits

    path = diff.BUNDLED_DIR / diff.bundled_file("digits")
    try:
        return diffusion_digits.load_model()
    except Exception as error:  # missing, truncated, another format: the same remedy
        raise InputError("gan_digits.diffusion_missing", file=str(path), reason=type(
            error).__name__, command="nice -n 10 python scripts/train_diffusion.py digits"
        ) from error


def comparison(model: gan.GanModel, diffusion_model, params: ViewParams) -> list[Samples]:
    """GAN, diffusion and held-out real digits, ``count`` of each, scored alike."""
    real = Samples("real", real_digits(params.count, params.seed), 0.0, 0,
                   real_reference(params.count, params.seed))
    return [grid(model, params),
            diffusion_samples(diffusion_model, params.count, params.seed, params.sampler,
                              params.diffusion_steps),
            real]


def pixels_csv(sets: list[Samples], seed: int) -> bytes:
    """One row per image: model, index, seed, the classifier's reading, then 64 ink values 0..16."""
    import pandas as pd

    frames = []
    for samples in sets:
        pixels = gan.to_pixels(samples.images).reshape(len(samples.images), 64)
        frame = pd.DataFrame(np.round(pixels, 3), columns=[f"p{i}" for i in range(64)])
        frame.insert(0, "confidence", np.round(samples.quality.confidence, 4))
        frame.insert(0, "read_as", samples.quality.predicted)
        frame.insert(0, "seed", seed)
        frame.insert(0, "index", np.arange(1, len(pixels) + 1))
        frame.insert(0, "model", samples.model)
        frames.append(frame)
    buffer = io.StringIO()
    pd.concat(frames).to_csv(buffer, index=False)
    return buffer.getvalue().encode()
