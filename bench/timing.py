"""Timing shared by the bench scripts: the best of several runs (the least disturbed by the
other work of a busy two-core machine)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_times(runs: int, *functions: Callable[[], object]) -> list[float]:
    """Best wall time in seconds of each function, the functions called in turn ``runs`` times
    (interleaved, so a slow moment of the machine does not favour one of them)."""
    best = [float("inf")] * len(functions)
    for _ in range(runs):
        for index, function in enumerate(functions):
            started = time.perf_counter()
            function()
            best[index] = min(best[index], time.perf_counter() - started)
    return best


def best_of(runs: int, run: Callable[[], object]) -> float:
    """Best wall time in seconds of ``run()`` over ``runs`` calls."""
    return best_times(runs, run)[0]
