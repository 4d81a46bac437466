"""Server time of one rerun of the Gaussian-mixture page (500 points, 3 components).

    python bench/bench_gmm.py [reruns]

Two kinds of rerun on the "EM step by step" view, each timed around ``AppTest.run()``:

* cold: the seed changes to a value not seen before, so nothing comes from the cache: the data
  is regenerated, k-means initialises, the hand-written EM trace and scikit-learn's fit both run,
  and the figures are rebuilt;
* scrub: the EM-iteration slider moves, so the fit comes from the cache and only the
  responsibilities of that iteration and the figures are recomputed.

Prints the median and spread of each (target: at most 150 ms).
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402


def timed_reruns(at: AppTest, change, reruns: int) -> list[float]:
    timings = []
    for step in range(reruns):
        change(at, step)
        started = time.perf_counter()
        at.run()
        timings.append((time.perf_counter() - started) * 1000)
        assert not at.exception, at.exception
    return timings


def report(name: str, timings: list[float]) -> None:
    print(f"  {name}: median {statistics.median(timings):.0f} ms, min {min(timings):.0f} ms, "
          f"max {max(timings):.0f} ms over {len(timings)} reruns (target <= 150 ms)")


def main(reruns: int = 25) -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.query_params["gmm_n"] = "500"
    at.query_params["gmm_components"] = "3"
    at.run()
    at.switch_page("pages/gmm.py").run()
    assert not at.exception, at.exception
    assert at.slider(key="gmm_n").value == 500 and at.slider(key="gmm_components").value == 3

    def new_seed(at, step):
        at.number_input(key="gmm_seed").set_value(1000 + step)

    cold = timed_reruns(at, new_seed, reruns)
    at.number_input(key="gmm_seed").set_value(3).run()  # back to the default fit to scrub it
    n_iter = int(at.slider(key="gmm_iter").max)

    def scrub(at, step):
        at.slider(key="gmm_iter").set_value(step % (n_iter + 1))

    warm = timed_reruns(at, scrub, reruns)
    print("GMM page, EM view: blobs, 500 points, 3 components, full covariance, k-means start")
    report("cold rerun (new seed: data, EM trace and fit recomputed)", cold)
    report(f"scrub rerun (iteration slider, 0..{n_iter})", warm)


def default_lesson() -> None:
    """What the page's default blobs teach: BIC's and AIC's choice, agreement with the labels."""
    from playground.datasets2d import make_dataset
    from playground.gmm import model as gmm
    from playground.gmm.spec import SPEC

    settings = SPEC.params(SPEC.defaults())
    X, y = make_dataset(settings.dataset)
    scores = gmm.information_criteria(X, settings.mixture.init, settings.mixture.seed)
    model, resp, _ = gmm.fit_details(X, settings.mixture)
    labels, _ = gmm.kmeans_matched(X, settings.mixture, model.means_)
    agreement = gmm.label_agreement(y, resp, labels)
    print(f"default blobs ({settings.dataset.n_classes} blobs, seed {settings.dataset.seed}): "
          f"BIC picks {scores.best('bic')}, AIC picks {scores.best('aic')}; ARI mixture "
          f"{agreement['gmm']:.2f}, k-means {agreement['kmeans']:.2f}")


if __name__ == "__main__":
    default_lesson()
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
