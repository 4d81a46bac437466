"""The controls of the first-model page and tab, declared once (see :mod:`playground.spec`).

The defaults are the chapter's settings (SGD, learning rate 0.01, 500 epochs, no noise) with
the seed whose initial weights reproduce its printed 18.977683. The points are edited in a
table, which is the page's and the tab's own (see ``pages/first_model.py``).
"""

from __future__ import annotations

from playground.first_model.model import (DEFAULT_SEED, MAX_EPOCHS, MAX_NOISE, OPTIMIZERS,
                                          FitParams)
from playground.spec import Choice, Seed, Slider, Spec, Steps, log_steps


def build(values) -> FitParams:
    return FitParams(epochs=values["epochs"], learning_rate=values["lr"],
                     optimizer=values["optimizer"], seed=values["seed"], noise=values["noise"])


def metrics(result, tr) -> list[tuple[str, str]]:
    """Prediction at x = 10, the final W and b, and the last loss of a Keras
    :class:`~playground.first_model.model.History`."""
    if result.diverged:
        return [(tr("first_model.prediction"), tr("first_model.diverged_short")),
                (tr("first_model.diverged_at"), str(result.diverged_at))]
    return [(tr("first_model.prediction"), f"{result.predict():.6f}"),
            ("W", f"{result.w[-1]:.4f}"), ("b", f"{result.b[-1]:.4f}"),
            (tr("first_model.final_loss"), f"{result.loss[-1]:.2g}")]


SPEC = Spec(
    prefix="first_model",
    controls=(
        Slider("epochs", "first_model.epochs", 500, help="first_model.epochs_help",
               low=1, high=MAX_EPOCHS, step=1),
        # 1-2-5 steps from 1e-4 to 1: 0.01 is the chapter's, 0.2 and above diverge on its points.
        Steps("lr", "first_model.lr", 0.01, help="first_model.lr_help", options=log_steps(-4, 0)),
        Choice("optimizer", "first_model.optimizer", "sgd", options=OPTIMIZERS,
               option_label="first_model.optimizer_name.{}", widget="segmented"),
        Seed("seed", default=DEFAULT_SEED, help="first_model.seed_help"),
        Slider("noise", "first_model.noise", 0.0, help="first_model.noise_help", low=0.0,
               high=MAX_NOISE, step=0.1, secondary=True),
    ),
    build=build,
    metrics=metrics,
)
