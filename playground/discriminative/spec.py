"""The controls of the discriminative page and tab, declared once (see :mod:`playground.spec`).

Each model family shows only the settings it uses: C for logistic regression and the SVM, the
kernel and its width and degree for the SVM, the layers, width, activation and penalty for the
network. The side-by-side view fits all three, so it shows them all. The "discriminative vs
generative" view sets logistic regression (its C) beside a generative classifier (Gaussians
per class, new points to draw). The 2-D data controls are the ones every point-set topic
shares (:func:`playground.datasets2d.data_controls`).
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.datasets2d import DATASETS, DatasetParams, data_controls, dataset_params
from playground.discriminative.generative import (MAX_COMPONENTS, MAX_SAMPLES,
                                                  GenerativeParams, GenerativeResult)
from playground.discriminative.model import (ACTIVATIONS, FAMILIES, KERNELS, ModelParams,
                                             SplitParams)
from playground.spec import Choice, Slider, Spec, Steps, log_steps

VIEWS = ("single", "compare", "generative")
WIDTHS = (2, 4, 8, 16, 32, 64)  # neurons per hidden layer, doubling


def _fits(values, *families) -> bool:
    """Whether the view fits one of ``families``: the chosen one, all side by side, or
    logistic regression beside the generative classifier."""
    if values["view"] == "generative":
        return "logreg" in families
    return values["view"] == "compare" or values["model"] in families


def _family_choice(values) -> bool:
    return values["view"] != "generative"


def _generative(values) -> bool:
    return values["view"] == "generative"


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
    model: ModelParams  # logistic regression in the generative view
    split: SplitParams
    generative: GenerativeParams


def build(values) -> Settings:
    family = "logreg" if values["view"] == "generative" else values["model"]
    model = ModelParams(family=family, C=values["C"], kernel=values["kernel"],
                        gamma=values["gamma"], degree=values["degree"],
                        hidden_layers=(values["width"],) * values["layers"],
                        activation=values["act"], alpha=values["alpha"], seed=values["seed"])
    return Settings(view=values["view"], dataset=dataset_params(values), model=model,
                    split=SplitParams(test_fraction=values["test"], seed=values["seed"]),
                    generative=GenerativeParams(n_components=values["gen_k"],
                                                n_samples=values["gen_n"], seed=values["seed"]))


def _percent(accuracy: float | None) -> str:
    return "–" if accuracy is None else f"{accuracy:.1%}"


def metrics(result, tr) -> list[tuple[str, str]]:
    """Training and test accuracy and, for the SVM, the number of support vectors of a
    :class:`~playground.discriminative.model.FitResult`; for a
    :class:`~playground.discriminative.generative.GenerativeResult`, both models' accuracy and
    the number of new points."""
    if isinstance(result, GenerativeResult):
        logreg = result.logreg
        return [(tr("discriminative.logreg_accuracy"),
                 f"{_percent(logreg.train_accuracy)} / {_percent(logreg.test_accuracy)}"),
                (tr("discriminative.generative_accuracy"),
                 f"{_percent(result.train_accuracy)} / {_percent(result.test_accuracy)}"),
                (tr("discriminative.new_points"), str(len(result.samples)))]
    test = _percent(result.test_accuracy)
    support = str(len(result.support_idx)) if result.params.family == "svm" else "–"
    return [(tr("discriminative.train_accuracy"), f"{result.train_accuracy:.1%}"),
            (tr("discriminative.test_accuracy"), test),
            (tr("discriminative.support_count"), support)]


DATA_KEYS = ("data", "n", "noise", "seed")
MODEL_KEYS = ("model", "C", "kernel", "gamma", "degree", "layers", "width", "act", "alpha",
              "gen_k", "gen_n", "test")

SPEC = Spec(
    prefix="discriminative",
    controls=(
        # The tab has no side-by-side view of the three families.
        Choice("view", "discriminative.view", "single", options=VIEWS,
               option_label="discriminative.view_name.{}", widget="segmented",
               tab={"options": ("single", "generative")}),
        *data_controls(DATASETS[:5]),
        Choice("model", "discriminative.model", "svm", options=FAMILIES,
               option_label="discriminative.family.{}", widget="radio", shown_if=_family_choice),
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
        Slider("gen_k", "discriminative.gen_components", 1, help="discriminative.gen_components_help",
               low=1, high=MAX_COMPONENTS, step=1, shown_if=_generative),
        Slider("gen_n", "discriminative.gen_samples", 200, help="discriminative.gen_samples_help",
               low=0, high=MAX_SAMPLES, step=50, shown_if=_generative),
        Slider("test", "discriminative.test_fraction", 0.3, help="discriminative.test_help",
               low=0.0, high=0.8, step=0.05, secondary=True),
    ),
    build=build,
    metrics=metrics,
)
