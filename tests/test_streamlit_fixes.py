"""Streamlit behaviour the app switches off (ui/streamlit_fixes.py)."""

from __future__ import annotations

from apptest_helpers import open_page


def test_a_rerun_does_not_reset_the_keras_session(monkeypatch):
    """Streamlit would call keras.backend.clear_session() after every run once Keras is
    imported (0.2-0.3 s a rerun); the first-model page imports Keras."""
    import keras

    calls = []
    monkeypatch.setattr(keras.backend, "clear_session", lambda *a, **k: calls.append(1))
    at = open_page("pages/first_model.py", "en")
    assert not at.exception
    at.run()
    assert calls == []


def test_matplotlib_figures_are_still_closed_after_a_run(monkeypatch):
    """The rest of Streamlit's cleanup stays (matplotlib is not installed here: a stand-in)."""
    import sys
    import types

    from streamlit.runtime.scriptrunner import script_runner

    from ui.streamlit_fixes import skip_keras_cleanup

    closed = []
    pyplot = types.SimpleNamespace(close=closed.append)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", pyplot)
    skip_keras_cleanup()
    skip_keras_cleanup()  # idempotent
    script_runner._clean_problem_modules()
    assert closed == ["all"]
