"""Gradio app for hosted Spaces: one tab per backend, the same functions and figures as the
Streamlit pages. Importing this module launches nothing; `python app.py` serves it."""

import importlib
import os

from playground.models import prepare_process

prepare_process()  # before any tab imports transformers or torch (see playground/models.py)
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from playground.topics import TOPICS
from ui.gradio_common import I18N, label, request_language, tab_heading


def tab_builders():
    """``(topic, build)`` for every registered topic, in registry order; each ``build(lang)``
    creates its tab's components and returns its main view function, inputs and outputs, so the
    app can draw every tab once when a visitor arrives."""
    return [(topic, importlib.import_module(topic.tab_module).build) for topic in TOPICS]


def build_demo() -> gr.Blocks:
    # delete_cache: files handed to visitors (CSV downloads, canvases) go after an hour.
    with gr.Blocks(title="Generative AI Playground", delete_cache=(3600, 3600)) as demo:
        gr.Markdown(label("app.gradio_intro"))
        lang = gr.Radio([("English", "en"), ("简体中文", "zh")], value="en",
                        label=label("app.language"))
        first_views = []
        for topic, build in tab_builders():
            with gr.Tab(label(f"{topic.name}.nav_title")):
                tab_heading(topic.name)
                first_views.append(build(lang))

        def detect_language(request: gr.Request):
            return request_language(request)

        loaded = demo.load(detect_language, None, lang, api_name=False)
        for view, inputs, outputs in first_views:
            loaded = loaded.then(view, inputs, outputs, api_name=view.__name__)
    return demo


if __name__ == "__main__":
    build_demo().launch(i18n=I18N, server_name=os.environ.get("GRADIO_SERVER_NAME", "0.0.0.0"))
