"""The autograd page's own numbers: the gradients it shows equal an independent torch run and
TensorFlow's GradientTape, for the chapter's settings and after the user edits x and the ops."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from apptest_helpers import open_page


def _gradient_table(at):
    for frame in at.dataframe:
        table = frame.value
        if "chain rule" in table.columns:
            return table
    raise AssertionError("the page shows no gradient table")


def _torch_grad(x, add, mul, power, reduce):
    t = torch.tensor(x, dtype=torch.float32, requires_grad=True)
    z = (t + add) ** power * mul
    (z.mean() if reduce == "mean" else z.sum()).backward()
    return t.grad.numpy().ravel()


@pytest.fixture(scope="module")
def page():
    return open_page("pages/autograd.py", "en")


def test_page_shows_the_chapters_4_5(page):
    assert not page.exception
    table = _gradient_table(page)
    assert len(table) == 4
    for column in ("torch", "TensorFlow", "chain rule"):
        assert np.all(table[column].to_numpy(float) == 4.5), column


def test_page_gradients_after_edits_equal_torch_and_tensorflow(page):
    pytest.importorskip("tensorflow")
    page.text_area(key="autograd_x").set_value("1, -2; 0.5, 3")
    page.slider(key="autograd_add").set_value(-1.5)
    page.session_state["autograd_op"] = "cube"
    page.session_state["autograd_reduce"] = "sum"
    page.run()
    assert not page.exception
    table = _gradient_table(page)
    wanted = _torch_grad([[1, -2], [0.5, 3]], -1.5, 3.0, 3, "sum")
    np.testing.assert_allclose(table["torch"].to_numpy(float), wanted, rtol=1e-6)
    np.testing.assert_allclose(table["TensorFlow"].to_numpy(float), wanted, rtol=1e-5)
    np.testing.assert_allclose(table["chain rule"].to_numpy(float), wanted, rtol=1e-5)
    assert "PowBackward0" in page.get("plotly_chart")[0].proto.spec  # the graph followed


def test_a_shared_link_restores_x_and_the_shapes():
    at = open_page("pages/autograd.py", "en", autograd_x="1, 2, 3", autograd_shape_a="2, 1, 4")
    assert not at.exception
    assert at.text_area(key="autograd_x").value == "1, 2, 3"
    table = _gradient_table(at)
    np.testing.assert_allclose(table["torch"].to_numpy(float), [6 * 3 / 3, 6 * 4 / 3, 6 * 5 / 3])
    assert any("(2, 1, 4)" in s.value for s in at.success)
    at.text_area(key="autograd_x").set_value("2; 3").run()
    assert at.query_params["autograd_x"] == "2; 3"
    at.text_area(key="autograd_x").set_value("2; oops").run()  # invalid: the URL keeps "2; 3"
    assert at.query_params["autograd_x"] == "2; 3" and at.warning


def test_a_bad_link_gets_a_message():
    at = open_page("pages/autograd.py", "zh", autograd_x="1e999, nan", autograd_shape_b="x" * 500)
    assert not at.exception
    assert at.warning and "1e999" in at.warning[0].value
