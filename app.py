"""Gradio app for hosted Spaces: one tab per backend, the same functions and figures as the
Streamlit pages. Importing this module launches nothing; `python app.py` serves it."""

import functools
import importlib
import inspect
import os

from playground.models import prepare_process

prepare_process()  # before any tab imports transformers or torch (see playground/models.py)
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from playground.compute import MAX_CONCURRENT
from playground.errors import InputError
from playground.i18n import Translator
from playground.topics import TOPICS
from playground.uploads import MAX_UPLOAD_BYTES
from ui import glossary
from ui.gradio_common import I18N, label, request_language

# Concurrency, tab by tab. Every event of a tab joins a queue of the tab's own
# (``concurrency_id``), so a slider on the GMM tab never waits behind a text generation. Within
# a tab, the long work (generating, summarising with a model, training, the chapter's listing)
# has a queue of its own too, so that tab's own sliders stay quick while a run streams: heavy
# queues admit one run per core where a language model runs (the same number as the Streamlit
# pages' gate) and one run at a time where a training holds a core for seconds; everything else
# answers in tens of milliseconds and takes four at once.
HEAVY_CONCURRENCY = {"text_generation": MAX_CONCURRENT, "summarization": MAX_CONCURRENT,
                     "sentiment": MAX_CONCURRENT, "diffusion": 1, "cnn": 1, "gan": 1,
                     "first_model": 1, "gan_digits": 1, "diffusion_digits": 1}
DEFAULT_TAB_CONCURRENCY = 4
HEAVY_WORDS = ("generat", "train", "summary_generate", "chapter", "compare", "batch")
# Uploads (CSV of points, reviews) are refused above this size before they reach a handler;
# the handlers check the same limit again with a message of their own.
LAUNCH_OPTIONS = {"max_file_size": MAX_UPLOAD_BYTES, "i18n": I18N}


def is_heavy(fn) -> bool:
    """A streaming handler (a generator) or one whose name says it generates or trains."""
    name = getattr(fn, "name", "") or ""
    return inspect.isgeneratorfunction(fn.fn) or any(word in name for word in HEAVY_WORDS)


def explained(fn):
    """``fn`` with an :class:`InputError` that escaped it (a missing or damaged model file, say)
    shown as Gradio's error message, naming the file and the fix, in both languages: the
    event fails, the tab and the other tabs keep working."""
    def error(problem: InputError) -> gr.Error:
        # gr.Error shows plain text (no markdown to escape)
        return gr.Error(" / ".join(Translator(lang)(problem.key, **problem.params)
                                   for lang in ("en", "zh")))

    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def stream(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except InputError as problem:
                raise error(problem) from problem
        return stream

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as problem:
            raise error(problem) from problem
    return call


def limit_tab(demo: gr.Blocks, fn_ids, name: str) -> None:
    """Put the events ``fn_ids`` (those a tab's ``build`` created) in the tab's queues."""
    for fn_id in fn_ids:
        fn = demo.fns[fn_id]
        if fn.fn is None:
            continue  # a Stop button's cancel: no function, never queued behind anything
        heavy = is_heavy(fn) and name in HEAVY_CONCURRENCY
        fn.fn = explained(fn.fn)
        fn.concurrency_id = f"tab:{name}:heavy" if heavy else f"tab:{name}"
        limit = HEAVY_CONCURRENCY[name] if heavy else DEFAULT_TAB_CONCURRENCY
        if fn.concurrency_limit in ("default", None) or fn.concurrency_limit > limit:
            fn.concurrency_limit = limit


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
            before = set(demo.fns)
            with gr.Tab(label(f"{topic.name}.nav_title")):
                first_views.append(build(lang))
            limit_tab(demo, set(demo.fns) - before, topic.name)
        glossary.accordion()

        def detect_language(request: gr.Request):
            return request_language(request)

        before = set(demo.fns)
        loaded = demo.load(detect_language, None, lang, api_name=False)
        limit_tab(demo, set(demo.fns) - before, "app")
        for (topic, _), (view, inputs, outputs) in zip(tab_builders(), first_views):
            before = set(demo.fns)
            loaded = loaded.then(view, inputs, outputs, api_name=view.__name__)
            limit_tab(demo, set(demo.fns) - before, topic.name)
    return demo


if __name__ == "__main__":
    build_demo().launch(server_name=os.environ.get("GRADIO_SERVER_NAME", "0.0.0.0"),
                        **LAUNCH_OPTIONS)
