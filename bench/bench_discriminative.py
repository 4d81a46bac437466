"""Server time of one rerun of the discriminative page after a slider change, and the figures
the page's lessons state.

    python bench/bench_discriminative.py [reruns]

Each rerun moves the "number of points" slider to a value not seen before, so nothing is served
from the cache: the data is regenerated, the SVM refitted and the decision grid re-evaluated.
Prints the median and spread of the reruns and the grid's resolution (targets: at most 150 ms,
at least 150 x 150 points). Then, on the default view: how far the decision function moves when
a point that is not a support vector is removed (the notice says it does not), the accuracies
the gamma bullet quotes, and the "discriminative vs generative" view's fit time and its
posterior against scikit-learn's QuadraticDiscriminantAnalysis.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

import numpy as np  # noqa: E402

from playground.datasets2d import make_dataset  # noqa: E402
from playground.discriminative import generative as gen  # noqa: E402
from playground.discriminative import model as disc  # noqa: E402
from playground.discriminative.model import GRID_RESOLUTION  # noqa: E402
from playground.discriminative.spec import SPEC  # noqa: E402


def lesson_figures() -> None:
    settings = SPEC.params()
    X, y = make_dataset(settings.dataset)
    before = disc.fit_and_evaluate(X, y, settings.model, settings.split)
    others = np.setdiff1d(np.arange(len(X)), before.support_idx)
    moves = [np.abs(disc.fit_and_evaluate(np.delete(X, i, 0), np.delete(y, i), settings.model,
                                          settings.split, reference=X).grid_values
                    - before.grid_values).max() for i in others]
    print(f"default SVM view: {len(before.support_idx)} support vectors; removing each of the "
          f"{len(others)} other points moves the decision grid by at most {max(moves):.1e}")
    for gamma in (1.0, 100.0):
        result = disc.fit_and_evaluate(X, y, SPEC.params({"gamma": gamma}).model, settings.split)
        print(f"  gamma = {gamma:g} (C = 1): train {result.train_accuracy:.1%}, "
              f"test {result.test_accuracy:.1%}")
    for k in (1, 3):
        started = time.perf_counter()
        both = gen.fit_both(X, y, gen.GenerativeParams(n_components=k, n_samples=200))
        elapsed = (time.perf_counter() - started) * 1000
        print(f"discriminative vs generative, {k} Gaussian(s) per class: {elapsed:.0f} ms "
              f"(both fits, grid, 200 draws); logistic regression test "
              f"{both.logreg.test_accuracy:.1%}, generative test {both.test_accuracy:.1%}")
    from scipy.stats import multivariate_normal
    from sklearn.discriminant_analysis import QuadraticDiscriminantAnalysis

    qda = QuadraticDiscriminantAnalysis(store_covariance=True).fit(X, y)
    density = np.column_stack([multivariate_normal(qda.means_[c], qda.covariance_[c]).logpdf(X)
                               for c in (0, 1)])
    gap = np.abs(gen.posterior(density, np.log(qda.priors_)) - qda.predict_proba(X)).max()
    print(f"  hand-written Bayes posterior vs QDA.predict_proba: max difference {gap:.1e}")


def main(reruns: int = 25) -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/discriminative.py").run()
    assert not at.exception, at.exception
    timings = []
    for step in range(reruns):
        at.slider(key="discriminative_n").set_value(210 + 10 * step)
        started = time.perf_counter()
        at.run()
        timings.append((time.perf_counter() - started) * 1000)
        assert not at.exception, at.exception
    heatmap = at.get("plotly_chart")[0].proto.spec
    print(f"discriminative page, default settings (SVM, RBF), {reruns} reruns after a slider change")
    print(f"  server time per rerun: median {statistics.median(timings):.0f} ms, "
          f"min {min(timings):.0f} ms, max {max(timings):.0f} ms (target <= 150 ms)")
    print(f"  decision grid: {GRID_RESOLUTION} x {GRID_RESOLUTION} = {GRID_RESOLUTION**2} points "
          f"(target >= 150 x 150); figure JSON {len(heatmap) / 1000:.0f} kB")


def watch_figures() -> None:
    """Train and watch: time of one run, frames, payload, final accuracies (default moons)."""
    from playground.datasets2d import DatasetParams, make_dataset
    from playground.discriminative import figures, training
    from playground.discriminative.model import ModelParams
    from playground.i18n import Translator

    X, y = make_dataset(DatasetParams())
    started = time.perf_counter()
    movie = training.train_and_watch(X, y, ModelParams(family="mlp"))
    seconds = time.perf_counter() - started
    payload = len(figures.training_figure(X, y, movie, Translator("en")).to_json())
    print(f"train and watch (MLP 16x16, default moons): {seconds:.2f} s for "
          f"{training.WATCH_EPOCHS} epochs, {len(movie.frames)} frames of "
          f"{training.FRAME_RESOLUTION}x{training.FRAME_RESOLUTION} float32, figure JSON "
          f"{payload / 1e6:.2f} MB; train {movie.train_accuracy[-1]:.1%}, "
          f"test {movie.test_accuracy[-1]:.1%}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
    lesson_figures()
    watch_figures()
