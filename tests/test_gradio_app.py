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


# The discriminative tab's own tests are in tests/test_discriminative_tab.py.


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
