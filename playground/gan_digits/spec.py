"""The controls of the GAN digits page and tab, declared once (see :mod:`playground.spec`)."""

from __future__ import annotations

from playground.gan_digits.model import INTERPOLATIONS
from playground.gan_digits.views import (MAX_COUNT, MAX_FRAMES, MIN_COUNT, MIN_FRAMES, SAMPLERS,
                                         ViewParams)
from playground.spec import Choice, Seed, Slider, Spec, Steps

DIFFUSION_STEPS = (10, 20, 50, 100, 200)  # 1000 steps took 3 s for 128 digits on a busy server


def build(values) -> ViewParams:
    return ViewParams(**{key: values[key] for key in (
        "count", "seed", "start", "end", "frames", "path", "sampler", "diffusion_steps")})


def metrics(samples, tr) -> list[tuple[str, str]]:
    """Classifier confidence, digits covered and sampling time of the grid (a ``Samples``)."""
    q = samples.quality
    return [(tr("gan_digits.col.confidence"), f"{q.mean_confidence:.1%}"),
            (tr("gan_digits.col.classes"), f"{q.classes_covered} / 10"),
            (tr("gan_digits.col.time"), f"{samples.seconds * 1000:.1f}")]


SPEC = Spec(
    prefix="gan_digits",
    controls=(
        # The grid
        Slider("count", "gan_digits.count", 32, help="gan_digits.count_help", low=MIN_COUNT,
               high=MAX_COUNT, step=8),
        Seed("seed"),
        # The walk in noise space
        Slider("start", "gan_digits.start", 1, help="gan_digits.start_help", low=1,
               high=MAX_COUNT, step=1),
        Slider("end", "gan_digits.end", 2, help="gan_digits.end_help", low=1, high=MAX_COUNT,
               step=1),
        Slider("frames", "gan_digits.frames", 10, help="gan_digits.frames_help", low=MIN_FRAMES,
               high=MAX_FRAMES, step=1, secondary=True),
        Choice("path", "gan_digits.path", "slerp", help="gan_digits.path_help",
               options=INTERPOLATIONS, option_label="gan_digits.path_name.{}",
               widget="radio", secondary=True),  # radio: wraps in the narrow settings column
        # The comparison with the diffusion model
        Choice("sampler", "gan_digits.sampler", "ddim", help="gan_digits.sampler_help",
               options=SAMPLERS, option_label="gan_digits.sampler_name.{}", widget="segmented"),
        Steps("diffusion_steps", "gan_digits.diffusion_steps", 50,
              help="gan_digits.diffusion_steps_help", options=DIFFUSION_STEPS),
    ),
    build=build,
    metrics=metrics,
)

GRID_KEYS = ("count", "seed")
WALK_KEYS = ("start", "end", "frames", "path")
COMPARE_KEYS = ("sampler", "diffusion_steps")
