"""The discriminative Gradio tab: its handlers take the spec's controls, each model family shows
only its settings, clicks edit the points, and the generative view answers with its new points."""

import inspect

import numpy as np
import pytest

gr = pytest.importorskip("gradio")

from playground.discriminative import figures  # noqa: E402
from gradio_helpers import served_tab  # noqa: E402
from ui import gradio_discriminative as tab  # noqa: E402
from ui.gradio_common import spec_values  # noqa: E402

DEFAULTS = dict(view="single", data="moons", n=200, noise=0.2, seed=0, model="svm", C=1.0,
                kernel="rbf", gamma=1.0, degree=3, layers=2, width=16, act="relu",
                alpha=0.001, gen_k=1, gen_n=200, test=0.3)
GENERATIVE = {**DEFAULTS, "view": "generative", "gen_n": 150}


def built_tab():
    with gr.Blocks() as demo:
        tab.build(gr.Radio(["en", "zh"], value="en"))
    return {block.elem_id: block for block in demo.blocks.values()
            if str(getattr(block, "elem_id", "")).startswith("discriminative_")}


def test_handlers_take_the_tabs_spec_controls_in_order():
    for handler, extra in ((tab.discriminative_view, 1), (tab.discriminative_click, 2)):
        names = list(inspect.signature(handler).parameters)
        assert tuple(names[extra:extra + len(DEFAULTS)]) == tab.CONTROL_KEYS
    assert tuple(DEFAULTS) == tab.CONTROL_KEYS
    assert tab.SPEC.params(DEFAULTS) == tab.SPEC.params()


def test_the_tab_shows_only_the_familys_settings():
    """The SVM has no hidden layers: the tab opens with the network's settings hidden, as the
    page does; and a value sent for a hidden control (C for the network) is ignored."""
    visible = {key: block.visible for key, block in built_tab().items()}
    assert visible["discriminative_C"] and visible["discriminative_gamma"]
    assert not any(visible[f"discriminative_{key}"]
                   for key in ("degree", "layers", "width", "act", "alpha", "gen_k", "gen_n"))
    values = spec_values(tab.SPEC, tab.CONTROL_KEYS,
                         *{**DEFAULTS, "model": "mlp", "C": 1000.0}.values())
    assert values["C"] == tab.SPEC["C"].default
    assert not tab.SPEC["C"].shown(values)


@pytest.mark.parametrize("changes, shown, hidden", [
    ({"model": "mlp"}, {"layers", "width", "act", "alpha"}, {"C", "kernel", "gamma", "degree"}),
    ({"model": "logreg"}, {"C"}, {"kernel", "gamma", "layers", "alpha"}),
    ({"model": "svm", "kernel": "linear"}, {"C", "kernel"}, {"gamma", "degree", "alpha"}),
    ({"view": "generative"}, {"C", "gen_k", "gen_n"}, {"model", "kernel", "gamma", "alpha"}),
])
def test_each_model_shows_its_own_controls_when_chosen(changes, shown, hidden):
    """The visibility handler the tab registers (show_when) gives every control of the spec
    its shown_if, so the network is never offered C."""
    with gr.Blocks() as demo:
        tab.build(gr.Radio(["en", "zh"], value="en"))
    components = built_tab()
    for fn in demo.fns.values():
        if getattr(fn.fn, "__name__", "") == "visibility":
            keys = [block.elem_id.removeprefix("discriminative_") for block in fn.inputs]
            outputs = [block.elem_id.removeprefix("discriminative_") for block in fn.outputs]
            break
    else:
        raise AssertionError("the tab registers no visibility handler")
    updates = fn.fn(*[{**DEFAULTS, **changes}[key] for key in keys])
    visible = {key: update["visible"] for key, update in zip(outputs, updates)}
    assert all(visible[key] for key in shown & set(outputs)), visible
    assert not any(visible[key] for key in hidden), visible
    assert components  # built


def test_a_dataset_emptied_by_clicks_gets_a_message():
    edits = tab.discriminative_view("zh", *DEFAULTS.values(), None)[4]
    emptied = {**edits, "X": [], "y": []}
    figure, image, summary, csv, _ = tab.discriminative_view("zh", *DEFAULTS.values(), emptied)
    assert figure is None and image is None and csv is None
    assert summary.startswith("⚠️") and "没有数据点" in summary


def test_click_adds_and_removes_points():
    edits = tab.discriminative_view("en", *DEFAULTS.values(), None)[4]
    controls = list(DEFAULTS.values())
    click = gr.SelectData(None, {"index": [210, 210], "value": None})
    added = tab.discriminative_click("add1", edits, *controls, click)
    assert len(added["y"]) == len(edits["y"]) + 1 and added["y"][-1] == 1
    removed = tab.discriminative_click("remove", added, *controls, click)
    assert len(removed["y"]) == len(edits["y"])


def test_removing_a_point_that_is_not_a_support_vector_keeps_the_tabs_boundary():
    from playground.discriminative import model as disc

    figure, *_rest, edits = tab.discriminative_view("en", *DEFAULTS.values(), None)
    settings = tab.SPEC.params(DEFAULTS)
    X, y = np.asarray(edits["X"]), np.asarray(edits["y"])
    result = disc.fit_and_evaluate(X, y, settings.model, settings.split)
    keep = np.setdiff1d(np.arange(len(X)), result.support_idx)[0]
    fewer = {**edits, "X": np.delete(X, keep, 0).tolist(), "y": np.delete(y, keep).tolist()}
    after = tab.discriminative_view("en", *DEFAULTS.values(), fewer)[0]
    def boundary(fig):
        line = next(t for t in fig.data if t.type == "scatter" and t.name == "boundary (score 0)")
        return np.column_stack([line.x, line.y])

    np.testing.assert_allclose(boundary(after), boundary(figure), atol=1e-6)


def test_generative_view_returns_its_figure_and_the_new_points_csv():
    figure, image, summary, csv, _ = tab.discriminative_view("zh", *GENERATIVE.values(), None)
    assert len(figure.layout.annotations) == 2
    assert image.shape[:2] == (tab.RASTER + figures.CANVAS_PAD + figures.CANVAS_BOTTOM,
                              figures.CANVAS_LEFT + tab.RASTER + figures.CANVAS_PAD)
    assert "生成式模型" in summary and "150" in summary
    rows = open(csv, encoding="utf-8").read().splitlines()
    assert rows[0] == "x,y,label" and len(rows) == 1 + 150


def test_view_answers_over_http_under_its_name():
    with served_tab(tab) as (client, _view, _inputs):
        single = client.predict("en", *DEFAULTS.values(), api_name="/discriminative_view")
        both = client.predict("zh", *GENERATIVE.values(), api_name="/discriminative_view")
    figure, image, summary, csv = single
    assert figure["type"] == "plotly" and image and "Training accuracy" in summary
    assert csv is None
    figure, image, summary, csv = both
    assert figure["type"] == "plotly" and "逻辑斯谛回归" in summary and str(csv).endswith(".csv")
