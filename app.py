"""Gradio app for hosted Spaces: one tab per backend, the same functions and figures as the
Streamlit pages. Importing this module launches nothing; `python app.py` serves it."""

import os

from playground.models import prepare_process

prepare_process()  # before any tab imports transformers or torch (see playground/models.py)
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from ui import gradio_disc  # noqa: E402
from ui import gradio_gmm  # noqa: E402
from ui import gradio_hmm  # noqa: E402
from ui import gradio_diffusion  # noqa: E402
from ui import gradio_textgen  # noqa: E402
from ui import gradio_summary  # noqa: E402
from ui import gradio_sentiment  # noqa: E402
from ui.gradio_common import I18N, label, request_language  # noqa: E402

# (catalogue key of the tab title, tab builder); each builder returns its main view function,
# inputs and outputs so the app can draw every tab once when a visitor arrives.
TABS = [
    ("disc.nav_title", gradio_disc.build),
    ("gmm.nav_title", gradio_gmm.build),
    ("hmm.nav_title", gradio_hmm.build),
    ("diff2d.tab_title", gradio_diffusion.build),
    ("textgen.nav_title", gradio_textgen.build),
    ("summary.nav_title", gradio_summary.build),
    ("sentiment.nav_title", gradio_sentiment.build),
]


def build_demo() -> gr.Blocks:
    # delete_cache: files handed to visitors (CSV downloads, canvases) go after an hour.
    with gr.Blocks(title="Generative AI Playground", delete_cache=(3600, 3600)) as demo:
        gr.Markdown(label("home.intro"))
        lang = gr.Radio([("English", "en"), ("简体中文", "zh")], value="en",
                        label=label("app.language"))
        first_views = []
        for title_key, build in TABS:
            with gr.Tab(label(title_key)):
                first_views.append(build(lang))

        def detect_language(request: gr.Request):
            return request_language(request)

        loaded = demo.load(detect_language, None, lang, api_name=False)
        for view, inputs, outputs in first_views:
            loaded = loaded.then(view, inputs, outputs, api_name=view.__name__)
    return demo


if __name__ == "__main__":
    build_demo().launch(i18n=I18N, server_name=os.environ.get("GRADIO_SERVER_NAME", "0.0.0.0"))
