"""The controls of the discriminative page and tab, declared once (see :mod:`playground.spec`).

Each model family shows only the settings it uses: C for logistic regression and the SVM, the
kernel and its width and degree for the SVM, the layers, width, activation and penalty for the
network. The side-by-side view fits all three, so it shows them all. The 2-D data controls are the ones every point-set topic shares
(:func:`playground.datasets2d.data_controls`).
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.datasets2d import DATASETS, DatasetParams, data_controls, dataset_params
from playground.discriminative.model import (ACTIVATIONS, FAMILIES, KERNELS, ModelParams,
                                             SplitParams)
from playground.spec import Choice, Slider, Spec, Steps, log_steps

VIEWS = ("single", "compare")
WIDTHS = (2, 4, 8, 16, 32, 64)  # neurons per hidden layer, doubling


def _fits(values, *families) -> bool:
    """Whether the view fits one of ``families``: the chosen one, or all side by side."""
    return values["view"] == "compare" or values["model"] in families


def _uses_C(values) -> bool:
    return _fits(values, "logreg", "svm")


def _svm(values) -> bool:
    return _fits(values, "svm")


def _curved_svm(values) -> bool:
    return _svm(values) and values["kernel"] != "linear"


def _poly_svm(values) -> bool:
    return _svm(values) and values["kernel"] == "poly"


def _network(values) -> bool:
    return _fits(values, "mlp")


@dataclass(frozen=True)
class Settings:
    """What the controls define: the view, the data set and the model with its split."""

    view: str
    dataset: DatasetParams | None  # None for uploaded points
    model: ModelParams
    split: SplitParams


def build(values) -> Settings:
    model = ModelParams(family=values["model"], C=values["C"], kernel=values["kernel"],
                        gamma=values["gamma"], degree=values["degree"],
                        hidden_layers=(values["width"],) * values["layers"],
                        activation=values["act"], alpha=values["alpha"], seed=values["seed"])
    return Settings(view=values["view"], dataset=dataset_params(values), model=model,
                    split=SplitParams(test_fraction=values["test"], seed=values["seed"]))


def metrics(result, tr) -> list[tuple[str, str]]:
    """Training and test accuracy and, for the SVM, the number of support vectors of a
    :class:`~playground.discriminative.model.FitResult`."""
    test = "–" if result.test_accuracy is None else f"{result.test_accuracy:.1%}"
    support = str(len(result.support_idx)) if result.params.family == "svm" else "–"
    return [(tr("discriminative.train_accuracy"), f"{result.train_accuracy:.1%}"),
            (tr("discriminative.test_accuracy"), test),
            (tr("discriminative.support_count"), support)]


DATA_KEYS = ("data", "n", "noise", "seed")
MODEL_KEYS = ("model", "C", "kernel", "gamma", "degree", "layers", "width", "act", "alpha",
              "test")

SPEC = Spec(
    prefix="discriminative",
    controls=(
        # The tab has no side-by-side view: it shows one model and its clickable canvas.
        Choice("view", "discriminative.view", "single", options=VIEWS,
               option_label="discriminative.view_name.{}", widget="segmented",
               tab={"hidden": True}),
        *data_controls(DATASETS[:5]),
        Choice("model", "discriminative.model", "svm", options=FAMILIES,
               option_label="discriminative.family.{}", widget="radio"),
        Steps("C", "discriminative.C", 1.0, help="discriminative.C_help",
              options=log_steps(-2, 3), shown_if=_uses_C),
        Choice("kernel", "discriminative.kernel", "rbf", options=KERNELS,
               option_label="discriminative.kernel_name.{}", widget="select", shown_if=_svm),
        Steps("gamma", "discriminative.gamma", 1.0, help="discriminative.gamma_help",
              options=log_steps(-2, 2), shown_if=_curved_svm),
        Slider("degree", "discriminative.degree", 3, low=1, high=6, step=1, shown_if=_poly_svm),
        Slider("layers", "discriminative.layers", 2, low=1, high=3, step=1, secondary=True,
               shown_if=_network),
        Steps("width", "discriminative.width", 16, options=WIDTHS, secondary=True,
              shown_if=_network),
        Choice("act", "discriminative.activation", "relu", options=ACTIVATIONS,
               option_label="discriminative.activation_name.{}", widget="select",
               secondary=True, shown_if=_network),
        Steps("alpha", "discriminative.alpha", 1e-3, help="discriminative.alpha_help",
              options=(0.0, *log_steps(-5, 1)), secondary=True, shown_if=_network),
        Slider("test", "discriminative.test_fraction", 0.3, help="discriminative.test_help",
               low=0.0, high=0.8, step=0.05, secondary=True),
    ),
    build=build,
    metrics=metrics,
)
