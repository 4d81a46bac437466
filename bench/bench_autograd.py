"""Benchmark of the autograd page (chapter §1.1.3).

    python bench/bench_autograd.py            # graph build, figure, TensorFlow, page reruns
    python bench/bench_autograd.py --runs 200

Prints the best-of-N time of one graph build (forward, walk of ``out.grad_fn``, hooks,
``backward()``), of the graph figure and derivation, of TensorFlow's GradientTape on the same
chain (after its one-off import, timed separately), and the server time of a page rerun through
AppTest: the first run (imports), a rerun with cached results, and a rerun after a control change
(new graph), and how much of a rerun is the full garbage collection Streamlit runs after every
script run (it dominates once torch and TensorFlow are loaded). The minimum is what the code
costs; the rest is other processes on a shared machine.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from playground.autograd import derivation, figures, model, tf_parity
from playground.i18n import Translator


def best_ms(function, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return 1000 * best


def bench_backend(runs: int) -> None:
    tr = Translator("en")
    import torch  # noqa: F401  (imported before timing: the page pays it once per process)

    print(f"best of {runs} runs (ms)")
    for params in (model.GraphParams(),
                   model.GraphParams(x=((1, 2, 3, 4),) * 4, op="tanh", reduce="sum")):
        label = "chapter 2x2 square/mean" if params == model.GraphParams() else "4x4 tanh/sum"
        result = model.run(params)
        build = functools.partial(model.run, params)
        figure = functools.partial(figures.graph_figure, result, tr)
        steps = functools.partial(derivation.derivation, result, tr)
        print(f"  graph build, {label:<24} {best_ms(build, runs):7.2f}")
        print(f"  graph figure, {label:<23} {best_ms(figure, runs):7.2f}")
        print(f"  derivation, {label:<25} {best_ms(steps, runs):7.2f}")
    already = "tensorflow" in sys.modules
    started = time.perf_counter()
    available = tf_parity.available()
    if not already:
        print(f"  TensorFlow import (once per process): "
              f"{1000 * (time.perf_counter() - started):.0f}")
    if available:
        params = model.GraphParams()
        tf_parity.gradients(params)
        print(f"  TensorFlow GradientTape, chapter 2x2      "
              f"{best_ms(lambda: tf_parity.gradients(params), max(runs // 4, 5)):7.2f}")


def bench_page(reruns: int) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=180)
    at.query_params["lang"] = "en"
    at.run()
    started = time.perf_counter()
    at.switch_page("pages/autograd.py").run()
    print(f"page first run (torch + TensorFlow imports): {time.perf_counter() - started:.2f} s")
    assert not at.exception, at.exception
    cached = []
    for _ in range(reruns):
        started = time.perf_counter()
        at.run()
        cached.append(time.perf_counter() - started)
    changed = []
    for i in range(reruns):
        at.slider(key="autograd_add").set_value(float(i % 10))
        started = time.perf_counter()
        at.run()
        changed.append(time.perf_counter() - started)
        assert not at.exception, at.exception
    print(f"page rerun, cached results: best {min(cached):.2f} s, median "
          f"{sorted(cached)[len(cached) // 2]:.2f} s ({reruns} reruns)")
    print(f"page rerun, new a (graph + TensorFlow recomputed): best {min(changed):.2f} s, median "
          f"{sorted(changed)[len(changed) // 2]:.2f} s")
    # Streamlit calls gc.collect(2) after every script run (runner.postScriptGC): time it.
    import gc

    collect, spent = gc.collect, []

    def timed_collect(*args):
        started = time.perf_counter()
        result = collect(*args)
        spent.append(time.perf_counter() - started)
        return result

    gc.collect = timed_collect
    try:
        totals = []
        for _ in range(reruns):
            spent.clear()
            started = time.perf_counter()
            at.run()
            totals.append((time.perf_counter() - started, sum(spent)))
    finally:
        gc.collect = collect
    totals.sort()
    total, in_gc = totals[len(totals) // 2]
    print(f"page rerun, cached (median): {total:.2f} s, of which Streamlit's post-run "
          f"gc.collect(2): {in_gc:.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--reruns", type=int, default=5)
    args = parser.parse_args()
    bench_page(args.reruns)  # first: the entry file must run before TensorFlow is imported
    bench_backend(args.runs)
