"""The 2-D diffusion page's controls, declared once for the Streamlit page and the Gradio tab.

Two sliders have a maximum that follows the number of diffusion steps T: the forward step t
(< T) and the sampling steps (≤ T); the spec lowers values above it, the page narrows the
sliders and the tab narrows them when T changes. The third, the sampling steps shown, follows a
result (the steps the sampler visited), so the page and the tab draw it themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.diffusion.data import SHAPES, PointsParams
from playground.diffusion.schedule import MAX_STEPS, MIN_STEPS, SAMPLERS, SCHEDULES, ScheduleParams
from playground.diffusion.training import TrainParams
from playground.spec import Choice, Seed, Slider, Spec, Steps

ITERATION_OPTIONS = (250, 500, 1000, 1500, 3000, 6000)


@dataclass(frozen=True)
class DiffusionView:
    """Everything that defines the page's view, as the backend's own parameter objects."""

    data: PointsParams | None  # None: the visitor's upload
    schedule: ScheduleParams
    training: TrainParams  # the budget of "Train" (seeded like everything else)
    method: str  # sampler, one of SAMPLERS
    n_steps: int  # sampling steps, 2 .. T
    step: int  # forward step shown, 0 .. T - 1
    seed: int


def _not_upload(values) -> bool:
    return values.get("data") != "upload"


def _build(values) -> DiffusionView:
    data = (PointsParams(values["data"], values["n"], values["noise"], values["seed"])
            if values["data"] != "upload" else None)
    return DiffusionView(data=data, schedule=ScheduleParams(values["schedule"], values["T"]),
                         training=TrainParams(values["iters"], seed=values["seed"]),
                         method=values["sampler"], n_steps=values["steps"], step=values["t"],
                         seed=values["seed"])


def _metrics(score, tr) -> list[tuple[str, str]]:
    """``score``: :func:`playground.diffusion.quality.quality` of the generated points."""
    return [(tr("diffusion.quality"), f"{score['samples']:.4f}")]


SPEC = Spec(
    prefix="diffusion",
    controls=(
        # The data (an upload only on the page: the tab offers the generated shapes)
        Choice("data", "diffusion.data", "moons", options=(*SHAPES, "upload"),
               option_label="diffusion.shape.{}", widget="select", tab={"options": SHAPES}),
        Slider("n", "data.n_points", 1000, low=100, high=2000, step=100, shown_if=_not_upload),
        Slider("noise", "data.noise", 0.05, help="data.noise_help", low=0.0, high=0.3, step=0.01,
               secondary=True, shown_if=_not_upload),
        Seed("seed", secondary=True),
        # The noise schedule
        Choice("schedule", "diffusion.schedule_kind", "cosine", help="diffusion.schedule_help",
               options=SCHEDULES, option_label="diffusion.schedule.{}", widget="segmented"),
        Slider("T", "diffusion.n_steps", 100, help="diffusion.n_steps_help", low=MIN_STEPS,
               high=MAX_STEPS, step=10),
        # Training
        Steps("iters", "diffusion.iterations", 1500, help="diffusion.iterations_help",
              options=ITERATION_OPTIONS),
        # Views of the forward and the reverse process
        Slider("t", "diffusion.forward_step", 25, low=0, high=MAX_STEPS - 1, step=1,
               high_from=("T", -1)),
        Choice("sampler", "diffusion.sampler_label", "ddpm", help="diffusion.sampler_help",
               options=SAMPLERS, option_label="diffusion.sampler.{}", widget="segmented"),
        Slider("steps", "diffusion.sampling_steps", 100, help="diffusion.sampling_steps_help",
               low=2, high=MAX_STEPS, step=1, high_from=("T", 0)),
    ),
    build=_build,
    metrics=_metrics,
)
