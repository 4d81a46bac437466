"""The CNN page and tab beyond the automatic page tests: training from the page, Stop keeping
the epochs done, clicking pixels, an emptied grid, and the Gradio handlers."""

from __future__ import annotations

import numpy as np
import pytest

from apptest_helpers import open_page, problems

PAGE = "pages/cnn.py"
SHORT = dict(cnn_epochs=2, cnn_batch_size=64)  # a quick budget for the UI tests


def test_page_trains_and_shows_results():
    at = open_page(PAGE, "zh", **SHORT)
    assert problems(at) == []
    assert any("还没有训练" in info.value for info in at.info)
    at.button(key="cnn_train").click().run()
    assert problems(at) == []
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["已训练轮数"] == "2 / 2"
    assert float(metrics["测试准确率"].rstrip("%")) > 50
    keys = {chart.proto.id for chart in at.get("plotly_chart")}
    assert len(keys) >= 6  # curves, confusion, mistakes, grid, maps, dense
    assert any("网络认为这是" in m.value for m in at.markdown)


def test_emptied_grid_gets_a_message_and_reset_restores_it():
    at = open_page(PAGE, "en", **SHORT)
    at.button(key="cnn_edit_clear").click().run()
    assert problems(at) == []
    assert any("grid is empty" in w.value for w in at.warning)
    at.button(key="cnn_edit_reset").click().run()
    assert problems(at) == [] and not at.warning


def test_a_click_toggles_a_pixel():
    at = open_page(PAGE, "en", **SHORT)
    before = at.session_state["cnn_edit"]["grid"].copy()
    # What st.plotly_chart(on_select="rerun") stores for a click on square (row 1, column 2).
    at.session_state["cnn_pixels_0"] = {"selection": {
        "points": [{"x": 2, "y": 1, "point_index": 10}], "point_indices": [10], "box": [],
        "lasso": []}}
    at.run()
    assert problems(at) == []
    after = at.session_state["cnn_edit"]
    assert after["clicks"] == 1
    changed = np.argwhere(after["grid"] != before)
    assert changed.tolist() == [[1, 2]]
    assert any("1 pixel(s) changed" in m.value for m in at.markdown)


def test_gradio_handlers_train_stop_and_edit():
    gr = pytest.importorskip("gradio")
    from ui import gradio_cnn

    args = ["en", 2, 0.001, 64, "adam", 0, 0.25, 5]
    first = gradio_cnn.cnn_view(*args, None, None)
    assert "Not trained yet" in first[0] and first[6].shape == (320, 320, 3)
    updates = list(gradio_cnn.cnn_train(*args, None))
    assert len(updates) == 3  # the token at once, then one update per epoch
    token = updates[-1][0]
    view = gradio_cnn.cnn_view(*args, token, None)
    assert "2 / 2" in view[0] and view[2] is not None and view[3] is not None
    grid = view[-2]
    assert view[-1].endswith(".csv") and view[1].columns.tolist() == [
        "Step", "Output shape", "Parameters"]
    clicked = gradio_cnn.cnn_click(grid, gr.SelectData(None, {"index": [85, 45], "value": None}))
    assert np.asarray(clicked["grid"])[1, 2] != np.asarray(grid["grid"])[1, 2]
    cleared = gradio_cnn.cnn_view(*args, token, gradio_cnn.cnn_clear(clicked))
    assert cleared[7].startswith("⚠️") and cleared[8] is None
    restored = gradio_cnn.cnn_view(*args, token, gradio_cnn.cnn_reset(clicked))
    assert np.array_equal(restored[-2]["grid"], grid["grid"])
    # a stopped run (one epoch of two) continues where it stopped
    stopped = gradio_cnn.cnn_train(*args, None)
    token2 = next(stopped)[0]
    next(stopped)  # the first epoch
    stopped.close()
    assert "1 of 2" in gradio_cnn.cnn_view(*args, token2, None)[0].replace("1 / 2", "1 of 2")
    assert len(list(gradio_cnn.cnn_train(*args, token2))) == 2


def test_gradio_bad_settings_get_a_message():
    pytest.importorskip("gradio")
    from ui import gradio_cnn

    out = gradio_cnn.cnn_view("zh", 15, 7.0, 32, "adam", 0, 0.25, 0, None, None)
    assert out[0].startswith("⚠️") and "设置" in out[0]
    out = gradio_cnn.cnn_view("en", None, None, None, None, None, None, None, None, None)
    assert "Not trained yet" in out[0]
