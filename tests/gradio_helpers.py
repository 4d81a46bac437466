"""Helpers for the Gradio tab tests."""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def served_tab(tab_module):
    """One tab alone in a launched ``gr.Blocks``, its view registered as the app registers it
    (``api_name`` = the view function's name), so every output goes through Gradio's
    serialisation. Yields ``(client, view, inputs)``: a ``gradio_client.Client`` and what the
    tab's ``build`` returned."""
    import gradio as gr
    from gradio_client import Client

    from ui.gradio_common import I18N

    with gr.Blocks() as demo:
        lang = gr.Radio(["en", "zh"], value="en")
        view, inputs, outputs = tab_module.build(lang)
        demo.load(view, inputs, outputs, api_name=view.__name__)
    demo.launch(prevent_thread_lock=True, i18n=I18N, server_name="127.0.0.1", quiet=True,
                show_error=True)
    try:
        yield Client(demo.local_url, verbose=False), view, inputs
    finally:
        demo.close()
