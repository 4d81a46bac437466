"""The GAN lab's controls, declared once for the Streamlit page and the Gradio tab.

A *preset* other than "custom" replaces the training settings by a recipe that provokes one
failure (mode collapse, oscillation, a discriminator that wins too fast); the training controls
are then hidden, and :data:`PRESETS` says what the recipe sets, so the page can show it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from playground.gan.data import SHAPES, DataParams
from playground.gan.model import LOSSES, OPTIMISERS, GanParams
from playground.spec import Choice, Seed, Slider, Spec, Steps

PRESET_NAMES = ("custom", "mode_collapse", "oscillation", "d_wins")
# Each failure recipe, starting from the default settings (tuned on the ring of 8, seed 0).
PRESETS = {
    "mode_collapse": dict(loss="nonsaturating", lr_d=0.0002, lr_g=0.005, d_steps=1,
                          noise_dim=1),
    "oscillation": dict(loss="nonsaturating", optimiser="adam", lr_d=0.02, lr_g=0.02, d_steps=1),
    "d_wins": dict(loss="minimax", lr_d=0.005, lr_g=0.0002, d_steps=5),
}
LEARNING_RATES = (0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5,
                  1.0)
STEP_BUDGETS = (200, 500, 1000, 2000, 3000, 5000)


@dataclass(frozen=True)
class GanView:
    preset: str
    data: DataParams
    gan: GanParams
    budget: float  # seconds of training for each model in the GAN-vs-diffusion race


def _custom(values) -> bool:
    return values.get("preset") == "custom"


def _uses_r1(values) -> bool:
    return _custom(values) and values.get("loss") == "r1"


def _not_drawn(values) -> bool:
    return values.get("data") != "draw"


def _build(values) -> GanView:
    gan = GanParams(loss=values["loss"], r1_gamma=values["r1_gamma"], lr_d=values["lr_d"],
                    lr_g=values["lr_g"], optimiser=values["optimiser"],
                    d_steps=values["d_steps"], noise_dim=values["noise_dim"],
                    hidden=values["hidden"], batch_size=values["batch"],
                    n_steps=values["n_steps"], seed=values["seed"])
    if values["preset"] != "custom":
        gan = replace(gan, **PRESETS[values["preset"]])
    return GanView(values["preset"], DataParams(values["data"], values["n"], values["seed"]), gan,
                   float(values["budget"]))


def _metrics(snap, tr) -> list[tuple[str, str]]:
    """``snap``: a :class:`playground.gan.views.Snapshot`."""
    out = [(tr("gan.metric.step"), f"{snap.step:,}"),
           (tr("gan.metric.energy"), "—" if snap.energy != snap.energy else f"{snap.energy:.4f}")]
    if snap.coverage is not None:
        out.append((tr("gan.metric.modes"), f"{snap.coverage.modes_covered} / "
                                            f"{snap.coverage.n_modes}"))
        out.append((tr("gan.metric.off_mode"), f"{snap.coverage.off_mode:.0%}"))
    return out


def preset_settings(name: str, tr) -> str:
    """What a failure preset sets, as "label: value" text."""
    parts = []
    for key, value in PRESETS[name].items():
        control = SPEC[{"batch_size": "batch"}.get(key, key)]
        shown = tr(control.option_key(value)) if isinstance(control, Choice) else f"{value:g}"
        parts.append(f"{tr(control.label)} = {shown}")
    return tr("gan.list_separator").join(parts)


_DEFAULT = GanParams()
SPEC = Spec(
    prefix="gan",
    controls=(
        Choice("preset", "gan.preset", "custom", help="gan.preset_help", options=PRESET_NAMES,
               option_label="gan.preset_name.{}", widget="select"),
        Choice("data", "gan.data", "ring8", options=SHAPES, option_label="gan.shape.{}",
               widget="select", tab={"options": tuple(s for s in SHAPES if s != "draw")}),
        Slider("n", "data.n_points", 1000, low=100, high=2000, step=100, secondary=True,
               shown_if=_not_drawn),
        Choice("loss", "gan.loss", _DEFAULT.loss, help="gan.loss_help", options=LOSSES,
               option_label="gan.loss_name.{}", widget="radio", shown_if=_custom),
        Steps("lr_d", "gan.lr_d", _DEFAULT.lr_d, options=LEARNING_RATES, shown_if=_custom),
        Steps("lr_g", "gan.lr_g", _DEFAULT.lr_g, options=LEARNING_RATES, shown_if=_custom),
        Slider("d_steps", "gan.d_steps", _DEFAULT.d_steps, help="gan.d_steps_help", low=1,
               high=5, step=1, shown_if=_custom),
        Slider("noise_dim", "gan.noise_dim", _DEFAULT.noise_dim, help="gan.noise_dim_help",
               low=1, high=2, step=1, shown_if=_custom),
        Steps("n_steps", "gan.n_steps", _DEFAULT.n_steps, help="gan.n_steps_help",
              options=STEP_BUDGETS),
        Choice("optimiser", "gan.optimiser", _DEFAULT.optimiser, options=OPTIMISERS,
               option_label="gan.optimiser_name.{}", widget="select", secondary=True,
               shown_if=_custom),
        Steps("r1_gamma", "gan.r1_gamma", _DEFAULT.r1_gamma, help="gan.r1_gamma_help",
              options=(0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0), secondary=True,
              shown_if=_uses_r1),
        Steps("hidden", "gan.hidden", _DEFAULT.hidden, options=(16, 32, 64, 128),
              secondary=True, shown_if=_custom),
        Steps("batch", "gan.batch", _DEFAULT.batch_size, options=(32, 64, 128, 256, 512),
              secondary=True, shown_if=_custom),
        Seed("seed", secondary=True),
        # GAN vs diffusion (the page shows it in its own section)
        Slider("budget", "gan.compare.budget", 5, low=2, high=30, step=1),
    ),
    build=_build,
    metrics=_metrics,
)
