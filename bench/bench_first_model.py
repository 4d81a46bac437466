"""Training time of the first model (§1.1.2) the page's way against the chapter's model.fit, and
the server time of the page's reruns.

    python bench/bench_first_model.py [reruns]

* the chapter's way: ``model.fit(X, Y, epochs=500, verbose=0)`` on NumPy arrays, the same
  Keras model and initial weights (seeded) as the page;
* the page's way: :func:`playground.first_model.keras_fit.train`, one compiled loop over the
  epochs recording W, b and the loss every epoch, in chunks of 100 epochs as the page runs it:
  the first run of a process (which traces the loop) and later runs (the loop reused);
* Keras's fit made fast: a cached one-element dataset and ``steps_per_execution=500``;
* the PyTorch twin from the same initial weights;
* page reruns (AppTest): cold (a new seed: Keras and PyTorch train, figures rebuilt) and scrub
  (the epoch slider moves: everything from the caches; in a browser only the training fragment
  reruns, AppTest runs the whole page).

Target: the page's training at least 15x faster than model.fit, same prediction to 1e-3.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playground.first_model import keras_fit, torch_twin  # noqa: E402
from playground.first_model import model as fm  # noqa: E402

CHAPTER, SETTINGS = fm.Points(), fm.FitParams()


def median_of(fn, repeats: int):
    results = [fn() for _ in range(repeats)]
    return results, statistics.median(r[1] for r in results)


def training(repeats: int = 5) -> None:
    keras_fit.initial_weights(0)  # TensorFlow's import and start-up, timed by nobody
    first = keras_fit.train(CHAPTER, SETTINGS)  # traces the compiled loop
    plain_prediction, plain_seconds, _ = keras_fit.fit_plain(CHAPTER, SETTINGS)

    def page():
        history = keras_fit.train(CHAPTER, SETTINGS)
        return history.predict(), history.seconds

    (page_runs, page_seconds) = median_of(page, repeats)
    fast_runs, fast_seconds = median_of(lambda: keras_fit.fit_fast(CHAPTER, SETTINGS), repeats)
    history = keras_fit.train(CHAPTER, SETTINGS)
    twin_runs, twin_seconds = median_of(
        lambda: (None, torch_twin.train(CHAPTER, SETTINGS, history.w0, history.b0).seconds),
        repeats)
    twin = torch_twin.train(CHAPTER, SETTINGS, history.w0, history.b0)
    page_prediction = page_runs[0][0]
    print(f"Training, the chapter's settings (SGD, lr 0.01, 500 epochs, batch of 6), seed "
          f"{SETTINGS.seed} (W0 = {history.w0:.4f}, b0 = 0); load average {os.getloadavg()[0]:.1f}")
    print(f"  model.fit(X, Y, epochs=500) on NumPy arrays: {plain_seconds:6.2f} s, "
          f"predict(10) = {plain_prediction:.6f}")
    print(f"  page: compiled loop with history, first run:  {first.seconds:6.2f} s, "
          f"predict(10) = {first.predict():.6f}  (traces the loop)")
    print(f"  page: compiled loop with history, later runs: {page_seconds:6.3f} s, "
          f"predict(10) = {page_prediction:.6f}  (median of {repeats})")
    print(f"  fit on a cached dataset, steps_per_execution: {fast_seconds:6.2f} s, "
          f"predict(10) = {fast_runs[0][0]:.6f}")
    print(f"  PyTorch twin, same initial weights:           {twin_seconds:6.2f} s, "
          f"predict(10) = {twin.predict():.6f}")
    speedup = plain_seconds / page_seconds
    gap = abs(page_prediction - plain_prediction)
    print(f"  page vs model.fit: {speedup:.0f}x faster ({plain_seconds / first.seconds:.0f}x "
          f"counting the first run's tracing; target >= 15x), predictions differ by "
          f"{gap:.1e} (target <= 1e-3); PyTorch vs Keras: "
          f"{abs(twin.predict() - page_prediction):.1e}; book: {fm.BOOK_PREDICTION}")


def reruns(count: int) -> None:
    from streamlit.testing.v1 import AppTest

    from ui import shell

    script_seconds: list[float] = []
    run_script = shell.run

    def timed_script():  # the script run itself, without AppTest's polling around it
        started = time.perf_counter()
        try:
            return run_script()
        finally:
            script_seconds.append(time.perf_counter() - started)

    shell.run = timed_script
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=180)
    at.query_params["lang"] = "en"
    at.run()
    started = time.perf_counter()
    at.switch_page("pages/first_model.py").run()
    first = time.perf_counter() - started
    assert not at.exception, at.exception

    def timed(change) -> tuple[list[float], list[float]]:
        out, script = [], []
        for step in range(count):
            change(step)
            script_seconds.clear()
            started = time.perf_counter()
            at.run()
            out.append((time.perf_counter() - started) * 1000)
            script.append(sum(script_seconds) * 1000)
            assert not at.exception, at.exception
        return out, script

    cold = timed(lambda step: at.number_input(key="first_model_seed").set_value(100 + step))
    scrub = timed(lambda step: at.slider(key="first_model_epoch").set_value(step * 17 % 500))
    print(f"Page reruns (AppTest, server side); first open {first:.1f} s "
          "(TensorFlow already imported and its loop traced by the training figures above)")
    for name, (values, script) in (
            ("cold rerun (new seed: Keras + PyTorch train, 500 epochs)", cold),
            ("scrub rerun (epoch slider, from the caches)", scrub)):
        print(f"  {name}: AppTest.run median {statistics.median(values):.0f} ms (min "
              f"{min(values):.0f}, max {max(values):.0f}); the script itself median "
              f"{statistics.median(script):.0f} ms (min {min(script):.0f}) over {len(values)}")


if __name__ == "__main__":
    training()
    reruns(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
