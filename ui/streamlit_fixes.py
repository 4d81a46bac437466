"""Streamlit behaviour this app switches off, each with its reason and its measurement."""

from __future__ import annotations

import sys


def skip_keras_cleanup() -> None:
    """Stop Streamlit from calling ``keras.backend.clear_session()`` after every script run.

    Streamlit 1.67 runs ``script_runner._clean_problem_modules`` after each run of each
    session; once any page has imported Keras (the first-model page, the autograd page's
    TensorFlow check), that clears the Keras session every time: 200-340 ms of CPU per rerun on
    the development machine, for every student on every page of that worker, on a two-core
    server where a whole slider change should take a tenth of that. The clearing serves apps
    that build Keras models at the top level of the script; this app builds them inside cached
    functions and never relies on Keras' global state. Matplotlib's figures are still closed, as
    Streamlit does. Idempotent; called by the entry script before the first page runs.
    """
    from streamlit.runtime.scriptrunner import script_runner

    if getattr(script_runner._clean_problem_modules, "keeps_keras_session", False):
        return

    def close_matplotlib_figures() -> None:
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            try:
                pyplot.close("all")
            except Exception:  # noqa: BLE001 (as Streamlit: a cleanup must never crash a run)
                pass

    close_matplotlib_figures.keeps_keras_session = True
    script_runner._clean_problem_modules = close_matplotlib_figures
