"""The digits page's controls, declared once for the Streamlit page and the Gradio tab."""

from __future__ import annotations

from playground.diffusion.schedule import SAMPLERS
from playground.diffusion_digits.model import N_IMAGES, STEP_OPTIONS, DigitsParams
from playground.spec import Choice, Seed, Slider, Spec, Steps


def _build(values) -> DigitsParams:
    return DigitsParams(values["sampler"], values["steps"], values["seed"], values["follow"])


SPEC = Spec(
    prefix="diffusion_digits",
    controls=(
        Choice("sampler", "diffusion.sampler_label", "ddpm", help="diffusion.sampler_help",
               options=SAMPLERS, option_label="diffusion.sampler.{}", widget="segmented"),
        Steps("steps", "diffusion_digits.steps", 100, help="diffusion_digits.steps_help",
              options=STEP_OPTIONS),
        Seed("seed"),
        Slider("follow", "diffusion_digits.follow", 1, low=1, high=N_IMAGES, step=1),
    ),
    build=_build,
)
