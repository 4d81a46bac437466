"""The sentiment page through AppTest: every example, the three views, bad input, and the
neural path with a tiny classifier in a temporary Hugging Face cache."""

from __future__ import annotations

import functools

import pytest

from apptest_helpers import force_option, open_page, problems
from playground import sentiment as sa
from playground.i18n import Translator
from playground.i18n import translate

PAGE = "pages/sentiment.py"


def set_mode(at, mode: str):
    force_option(at.get_by_key("sentiment_mode"), translate(f"sentiment.mode_name.{mode}", "en"))
    at.run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_example_gives_a_verdict_or_a_message(lang):
    at = open_page(PAGE, lang)
    for example, text in sa.EXAMPLES.items():
        force_option(at.selectbox(key="sentiment_example"), text)
        at.run()
        assert problems(at) == [], example
        assert at.text_area(key="sentiment_text").value == text
        assert len(at.metric) == 2 and not at.warning, example  # Chinese: naive Bayes


def test_bad_text_gets_messages_and_html_stays_text():
    at = open_page(PAGE, "en")
    at.text_area(key="sentiment_text").set_value(" \n ").run()
    assert [w.value for w in at.warning] == [translate("sentiment.err_empty", "en")]
    at.text_area(key="sentiment_text").set_value('<img src=x onerror="alert(1)"> I HATE it!!').run()
    assert problems(at) == [] and at.metric[0].value == "negative"
    body = " ".join(h.proto.body for h in at.get("html"))
    assert "<img" not in body and "&lt;img" in body
    assert any("HTML" in i.value for i in at.info)


def test_compare_offline_is_honest():
    at = open_page(PAGE, "en", sentiment_mode="compare")
    assert problems(at) == []
    assert translate("sentiment.compare_offline", "en") in [m.value for m in at.markdown]
    assert len(at.metric) == 4  # VADER with rules, lexicon only
    assert len(at.get("plotly_chart")) == 1


def test_batch_lines_with_vader():
    at = open_page(PAGE, "zh", sentiment_mode="batch")
    assert problems(at) == []
    table = at.dataframe[0].value
    assert len(table) == len(sa.BATCH_EXAMPLE.splitlines())
    zh = Translator("zh")
    # The table speaks the page's language: column names, languages, models, labels.
    assert list(table.columns) == [zh(f"sentiment.col.{c}") for c in
                                   ("text", "language", "model", "label", "score", "polarity")]
    chinese = table[table[zh("sentiment.col.language")] == zh("sentiment.language_chinese")]
    # The Chinese line, offline: naive Bayes
    assert set(chinese[zh("sentiment.col.model")]) == {zh("sentiment.model_name.snownlp")}
    assert set(chinese[zh("sentiment.col.label")]) <= {zh("sentiment.label.positive"),
                                                       zh("sentiment.label.negative")}
    assert "None" not in table.to_string() and "unsupported" not in table.to_string()
    at.text_area(key="sentiment_lines").set_value("\n\n").run()
    assert at.warning and problems(at) == []


@pytest.fixture(scope="module")
def tiny_cache(tmp_path_factory):
    from test_sentiment_neural import EN_ID, build_tiny_classifier

    cache = tmp_path_factory.mktemp("hf-page")
    build_tiny_classifier(cache, EN_ID)
    return cache


def test_neural_model_on_the_page(tiny_cache, monkeypatch):
    original = sa.choose_for_language
    monkeypatch.setattr(sa, "choose_for_language",
                        functools.partial(original, online=False, cache_dir=tiny_cache))
    at = open_page(PAGE, "en")
    assert problems(at) == []
    assert any(sa.model_ids("en")[0] in c.value for c in at.caption)
    assert at.metric[1].value.endswith("%")
    force_option(at.get_by_key("sentiment_model"), translate("sentiment.kind_name.vader", "en"))
    at.run()
    assert at.metric[1].value.startswith(("+", "-"))
    set_mode(at, "compare")
    assert problems(at) == [] and len(at.metric) == 4
    set_mode(at, "batch")
    en = Translator("en")
    models = at.dataframe[0].value[en("sentiment.col.model")]
    assert set(models) == {en("sentiment.model_name.vader"), ""}  # VADER runs at once
    force_option(at.get_by_key("sentiment_model"), translate("sentiment.kind_name.neural", "en"))
    at.run()
    assert not at.dataframe  # the neural batch waits for the button
    at.button(key="sentiment_run").click().run()
    assert problems(at) == []
    models = at.dataframe[0].value[en("sentiment.col.model")]
    assert set(models) == {sa.model_ids("en")[0], en("sentiment.model_name.snownlp")}


def test_gradio_views_answer_in_both_languages(tmp_path):
    from ui import gradio_sentiment as gs

    summary, coloured, figure = gs.sentiment_view("zh", "The food is NOT good!!", "auto")
    assert "负面" in summary and "&lt;" not in coloured and figure is not None
    summary, coloured, figure = gs.sentiment_view("en", '<img src=x onerror="alert(1)"> ok', "vader")
    assert "<img" not in coloured and "&lt;img" in coloured
    summary, _, figure = gs.sentiment_view("en", "这部电影很好看", "neural")
    assert "Naive Bayes" in summary and figure is not None  # offline: snownlp's model
    summary, _, figure = gs.sentiment_view("zh", "这部电影很好看", "vader")
    assert summary.startswith("⚠️") and figure is None
    summary, _, _ = gs.sentiment_view("en", "not good", "vader-words")
    assert "positive" in summary  # the lexicon alone misses the negation
    text, fig, table, path = gs.sentiment_batch("en", "good\nbad\n很好", None, "auto")
    assert len(table) == 3 and fig is not None and open(path, encoding="utf-8-sig").readline()
    upload = tmp_path / "latin.csv"
    upload.write_bytes("text\nbon march\xe9\n".encode("latin-1"))
    assert gs.sentiment_batch("en", "", str(upload), "auto")[0].startswith("⚠️")
