"""The Gradio app: importing launches nothing; every tab's view answers through gradio_client."""

import importlib

import pytest

gr = pytest.importorskip("gradio")


@pytest.fixture(scope="module")
def demo():
    app = importlib.import_module("app")
    demo = app.build_demo()
    assert isinstance(demo, gr.Blocks)
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", quiet=True, show_error=True,
                **app.LAUNCH_OPTIONS)
    try:
        yield demo
    finally:
        demo.close()


@pytest.fixture(scope="module")
def client(demo):
    from gradio_client import Client

    return Client(demo.local_url, verbose=False)


def test_each_tab_has_its_own_queue_and_uploads_are_bounded(demo):
    """Cheap tabs never wait behind a generation: every queued event runs in its tab's queue,
    with the tab's limit (generation tabs: one per core)."""
    app = importlib.import_module("app")
    queues = {}
    for fn in demo.fns.values():
        if fn.fn is not None:
            assert str(fn.concurrency_id).startswith("tab:"), fn.name
            queues.setdefault(fn.concurrency_id, set()).add(fn.concurrency_limit)
    assert queues["tab:text_generation:heavy"] == {2} and queues["tab:gmm"] == {4}
    assert queues["tab:text_generation"] == {app.DEFAULT_TAB_CONCURRENCY}
    assert queues["tab:cnn:heavy"] == {1} and "tab:gmm:heavy" not in queues
    names = {fn.name: fn.concurrency_id for fn in demo.fns.values() if fn.fn is not None}
    assert names["textgen_view"] == "tab:text_generation:heavy"  # the streaming generation
    assert demo.max_file_size == app.LAUNCH_OPTIONS["max_file_size"] == 1_000_000


def test_importing_app_launches_nothing():
    app = importlib.import_module("app")
    assert callable(app.build_demo)


DISC_DEFAULTS = dict(data="moons", n=200, noise=0.2, seed=0, model="svm", C=1.0,
                     kernel="rbf", gamma=1.0, degree=3, layers=2, width=16, act="relu",
                     alpha=0.001, test=0.3)


def test_discriminative_handler_takes_the_tabs_spec_controls_in_order():
    import inspect

    from ui import gradio_discriminative as gradio_disc

    for handler, extra in ((gradio_disc.discriminative_view, 1),
                           (gradio_disc.discriminative_click, 2)):
        names = list(inspect.signature(handler).parameters)
        assert tuple(names[extra:extra + len(DISC_DEFAULTS)]) == gradio_disc.CONTROL_KEYS
    assert tuple(DISC_DEFAULTS) == gradio_disc.CONTROL_KEYS


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_discriminative_handler_over_http(client, lang):
    figure, image, summary = client.predict(lang, *DISC_DEFAULTS.values(),
                                            api_name="/discriminative_view")
    assert figure["type"] == "plotly"
    assert image  # path of the clickable canvas
    assert ("Training accuracy" if lang == "en" else "训练准确率") in summary


def test_a_dataset_emptied_by_clicks_gets_a_message():
    from ui import gradio_discriminative as gradio_disc

    edits = gradio_disc.discriminative_view("zh", *DISC_DEFAULTS.values(), None)[3]
    emptied = {**edits, "X": [], "y": []}
    figure, image, summary, _ = gradio_disc.discriminative_view("zh", *DISC_DEFAULTS.values(),
                                                                emptied)
    assert figure is None and image is None
    assert summary.startswith("⚠️") and "没有数据点" in summary


def test_click_adds_and_removes_points():
    import gradio as gr_mod

    from ui import gradio_discriminative as gradio_disc

    view = gradio_disc.discriminative_view("en", *DISC_DEFAULTS.values(), None)
    edits = view[3]
    controls = list(DISC_DEFAULTS.values())
    click = gr_mod.SelectData(None, {"index": [210, 210], "value": None})
    added = gradio_disc.discriminative_click("add1", edits, *controls, click)
    assert len(added["y"]) == len(edits["y"]) + 1 and added["y"][-1] == 1
    removed = gradio_disc.discriminative_click("remove", added, *controls, click)
    assert len(removed["y"]) == len(edits["y"])


def test_discriminative_tab_shows_only_the_familys_settings():
    """The SVM has no hidden layers: the tab opens with the network's settings hidden, as the
    page does; and a value sent for a hidden control (C for the network) is ignored."""
    from ui import gradio_discriminative as gradio_disc
    from ui.gradio_common import spec_values

    with gr.Blocks() as demo:
        gradio_disc.build(gr.Radio(["en", "zh"], value="en"))
    visible = {block.elem_id: block.visible for block in demo.blocks.values()
               if str(getattr(block, "elem_id", "")).startswith("discriminative_")}
    assert visible["discriminative_C"] and visible["discriminative_gamma"]
    assert not any(visible[f"discriminative_{key}"]
                   for key in ("degree", "layers", "width", "act", "alpha"))
    values = spec_values(gradio_disc.SPEC, gradio_disc.CONTROL_KEYS,
                         *{**DISC_DEFAULTS, "model": "mlp", "C": 1000.0}.values())
    assert values["C"] == gradio_disc.SPEC["C"].default
    assert not gradio_disc.SPEC["C"].shown(values)


def test_every_tab_view_answers_with_its_defaults(client):
    """Each tab registers its main view under its function's name; calling it with the
    widgets' defaults, in both languages, must return every output without an error."""
    endpoints = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    app = importlib.import_module("app")
    assert len(endpoints) == len(app.tab_builders())
    for name, endpoint in endpoints.items():
        defaults = {p["parameter_name"]: p["parameter_default"] for p in endpoint["parameters"]}
        for lang in ("en", "zh"):
            result = client.predict(**{**defaults, "lang": lang}, api_name=name)
            outputs = result if isinstance(result, (list, tuple)) else [result]
            assert len(outputs) == len(endpoint["returns"]), name
            assert any(output not in (None, "") for output in outputs), name


def test_a_broken_model_file_is_an_explained_error_not_a_dead_tab():
    from playground.model_files import ModelFileError

    app = importlib.import_module("app")

    def view():
        raise ModelFileError("assets/models/tiny-gpt2/model.safetensors", "lfs_pointer")

    def stream():
        yield 1
        view()

    for wrapped in (app.explained(view), lambda: list(app.explained(stream)())):
        with pytest.raises(gr.Error) as caught:
            wrapped()
        assert "git lfs pull" in str(caught.value) and "model.safetensors" in str(caught.value)
