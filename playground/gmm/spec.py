"""The controls of the Gaussian-mixture page and tab, declared once (see :mod:`playground.spec`).

The 2-D data controls are the ones every point-set topic shares
(:func:`playground.datasets2d.data_controls`). The EM iteration to show is not here: its range
is the number of iterations of the current fit, so the page and the tab draw it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.datasets2d import DatasetParams, data_controls, dataset_params
from playground.gmm import figures
from playground.gmm.model import COVARIANCE_TYPES, DATASETS, INITS, MAX_COMPONENTS, GMMParams
from playground.spec import Choice, Seed, Slider, Spec

VIEWS = ("em", "choice", "sample", "compare")


@dataclass(frozen=True)
class Settings:
    """What the controls define: the view, the data set, the mixture and how many new points
    to generate from it."""

    view: str
    dataset: DatasetParams | None  # None for uploaded points
    mixture: GMMParams
    n_samples: int


def build(values) -> Settings:
    mixture = GMMParams(n_components=values["components"], covariance_type=values["cov"],
                        init=values["init"], seed=values["seed"])
    return Settings(view=values["view"], dataset=dataset_params(values), mixture=mixture,
                    n_samples=values["samples"])


def metrics(shown, tr) -> list[tuple[str, object]]:
    """Iterations, log-likelihood at the shown step and convergence; ``shown`` is the EM view's
    ``(trace, step)``."""
    trace, step = shown
    return figures.em_metrics(trace, step, tr)


DATA_KEYS = ("data", "n", "noise", "k", "seed")
MODEL_KEYS = ("components", "cov", "init")
# Seed 3 draws three blobs that touch without merging (300 points, noise 0.2): the BIC picks
# the true k = 3, the mixture agrees with the labels (ARI 0.94, k-means 0.91), a few points lie
# between two blobs and AIC asks for more components. Seed 0 put two blobs on top of each other
# (BIC k = 2, ARI 0.56), contradicting the lesson. tests/test_gmm_defaults.py checks this.
DEFAULT_SEED = 3


def _data_controls():
    return tuple(Seed("seed", default=DEFAULT_SEED, secondary=True) if control.key == "seed" else control
                 for control in data_controls(DATASETS, default_n=300, blob_count=True))


SPEC = Spec(
    prefix="gmm",
    controls=(
        # The tab shows every view at once, one below the other.
        Choice("view", "gmm.view", "em", options=VIEWS, option_label="gmm.view_name.{}",
               widget="segmented", tab={"hidden": True}),
        *_data_controls(),
        Slider("components", "gmm.n_components", 3, help="gmm.n_components_help", low=1,
               high=MAX_COMPONENTS, step=1),
        Choice("cov", "gmm.covariance", "full", help="gmm.covariance_help",
               options=COVARIANCE_TYPES, option_label="gmm.cov_name.{}", widget="select"),
        Choice("init", "gmm.init", "kmeans", help="gmm.init_help", options=INITS,
               option_label="gmm.init_name.{}", widget="segmented", secondary=True),
        # Shown on the page with the generated points only (the tab always shows them).
        Slider("samples", "gmm.n_samples", 300, help="gmm.n_samples_help", low=0, high=2000,
               step=50),
    ),
    build=build,
    metrics=metrics,
)
