"""Neural sentiment support, offline: tiny hub-style classifiers built here in a temporary
Hugging Face cache, found by ``choose_model`` and explained by leave-one-out."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from playground import sentiment as sa

from tiny_models import save_to_hub_cache

EN_ID = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
ZH_ID = "uer/roberta-base-finetuned-jd-binary-chinese"
EN_WORDS = ("i love hate this movie film is was great terrible good bad not so easy and "
            "powerful it the a really").split()
ZH_CHARS = list("我很喜欢讨厌这部电影好看太差了不")


def build_tiny_classifier(cache_dir: Path, model_id: str, *, chinese: bool = False,
                          max_tokens: int = 32, seed: int = 0) -> Path:
    """Save a tiny random sequence classifier and its tokenizer under ``model_id`` in a
    hub-style cache (``models--org--name/snapshots/<hash>/`` and ``refs/main``).

    DistilBERT for the English id, BERT for the Chinese one, as the real models; labels named
    like theirs. Weights are random (seeded without touching the global generator).
    Returns the snapshot directory.
    """
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import (BertConfig, BertForSequenceClassification, DistilBertConfig,
                              DistilBertForSequenceClassification, PreTrainedTokenizerFast)

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tokens = specials + (ZH_CHARS if chinese else EN_WORDS) + list("!.,?'")
    vocab = {token: k for k, token in enumerate(dict.fromkeys(tokens))}
    backend = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    backend.normalizer = normalizers.BertNormalizer(lowercase=not chinese)
    backend.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    backend.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])])
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
        sep_token="[SEP]", mask_token="[MASK]", model_max_length=max_tokens)
    if chinese:
        labels = {0: "negative (stars 1, 2 and 3)", 1: "positive (stars 4 and 5)"}
        config = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1,
                            num_attention_heads=2, intermediate_size=32,
                            max_position_embeddings=64, id2label=labels,
                            label2id={v: k for k, v in labels.items()})
        model_class = BertForSequenceClassification
    else:
        labels = {0: "NEGATIVE", 1: "POSITIVE"}
        config = DistilBertConfig(vocab_size=len(vocab), dim=16, hidden_dim=32, n_layers=1,
                                  n_heads=2, max_position_embeddings=64, id2label=labels,
                                  label2id={v: k for k, v in labels.items()})
        model_class = DistilBertForSequenceClassification
    with torch.random.fork_rng():  # tests must not touch the global generator
        torch.manual_seed(seed)
        model = model_class(config)
    return save_to_hub_cache(cache_dir, model_id, model, tokenizer)


@pytest.fixture(scope="module")
def english_cache(tmp_path_factory):
    cache = tmp_path_factory.mktemp("hf-en")
    build_tiny_classifier(cache, EN_ID)
    return cache


@pytest.fixture(scope="module")
def both_cache(tmp_path_factory):
    cache = tmp_path_factory.mktemp("hf-both")
    build_tiny_classifier(cache, EN_ID)
    build_tiny_classifier(cache, ZH_ID, chinese=True)
    return cache


@pytest.fixture(scope="module")
def english(english_cache):
    return sa.NeuralSentiment(sa.choose_for_language("en", online=False, cache_dir=english_cache))


def test_offline_choice_per_language(english_cache, both_cache, tmp_path):
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    choice = sa.choose_for_language("en", online=False, cache_dir=english_cache)
    assert (choice.model_id, choice.source) == (EN_ID, "cache")
    # Only an English model cached: Chinese text gets the naive Bayes bundled for Chinese, never
    # the English model's meaningless score.
    zh = sa.choose_for_language("zh", online=False, cache_dir=english_cache)
    assert zh.model_id == sa.SNOWNLP and zh.reason_key == "sentiment.reason.no_model_for_language"
    assert sa.choose_for_language("zh", online=False, cache_dir=both_cache).model_id == ZH_ID
    empty = sa.choose_for_language("en", online=False, cache_dir=tmp_path)
    assert (empty.model_id, empty.source) == (sa.VADER, "bundled")
    empty_zh = sa.choose_for_language("zh", online=False, cache_dir=tmp_path)
    assert (empty_zh.model_id, empty_zh.source) == (sa.SNOWNLP, "bundled")


def test_probabilities_and_labels(english):
    probs = english.probabilities(["I love this movie", "terrible film", "good"])
    assert probs.shape == (3, 2) and np.allclose(probs.sum(1), 1)
    assert english.labels == ("NEGATIVE", "POSITIVE")
    assert np.allclose(english.polarity(probs), probs[:, 1] - probs[:, 0])
    assert sa.normalise_label("positive (stars 4 and 5)") == "positive"


def test_leave_one_out_has_one_value_per_word(english):
    text = "I really love this movie, it is so easy!"
    analysis = sa.leave_one_out(english, text)
    assert analysis.units == ("I", "really", "love", "this", "movie", ",", "it", "is", "so",
                              "easy", "!")
    assert len(analysis.contributions) == len(analysis.units) == analysis.explained_units
    assert len(analysis.joiners) == len(analysis.units)
    without_love = text.replace("love ", "")
    expected = analysis.polarity - english.polarity(english.probabilities([without_love]))[0]
    assert analysis.contributions[2] == pytest.approx(expected, abs=1e-5)
    assert analysis.label in ("positive", "negative")
    assert analysis.score == pytest.approx(max(analysis.scores.values()))


def test_long_text_is_cut_to_the_model_limit(english):
    analysis = sa.leave_one_out(english, "good movie " * 40)
    keys = dict(analysis.notices)
    assert keys["sentiment.note_cut_tokens"] == {"limit": 32}
    assert len(analysis.units) < 40


def test_unknown_characters_are_reported(english):
    analysis = sa.leave_one_out(english, "love it 😁 🎉")
    assert dict(analysis.notices)["sentiment.note_unknown"] == {"count": 2}


def test_explanation_is_capped(english):
    analysis = sa.leave_one_out(english, "good bad " * 10, max_units=5)
    assert len(analysis.contributions) == 5
    assert dict(analysis.notices)["sentiment.note_explained"] == {"count": 5, "total": 20}


def test_chinese_model_explains_characters(both_cache):
    model = sa.NeuralSentiment(sa.choose_for_language("zh", online=False, cache_dir=both_cache))
    analysis = sa.leave_one_out(model, "这部电影很好看！")
    assert analysis.units == tuple("这部电影很好看！")
    assert len(analysis.contributions) == 8
    assert analysis.label in ("positive", "negative")


def test_batch_uses_the_model_per_language(english):
    table = sa.analyse_batch(["I love it", "这部电影很好看", "bad movie"], {"en": english})
    assert list(table["model"]) == [EN_ID, sa.SNOWNLP, EN_ID]  # Chinese: the bundled naive Bayes
    table = sa.analyse_batch(["I love it", "这部电影很好看"], {"en": english}, naive_bayes=False)
    assert table.loc[1, "label"] == "unsupported"


def test_model_is_safe_to_share_between_threads(english):
    texts = [f"{w} movie" for w in EN_WORDS] * 4
    expected = english.classify(texts)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: english.classify(texts), range(4)))
    for result in results:
        assert np.allclose(result, expected, atol=1e-6)


def test_cutting_to_the_limit_is_safe_while_other_threads_classify(english):
    """The tokenizer's truncation setting is shared state: an unlocked length check could see
    a text cut by another thread's call and report it as fitting."""
    text = "good movie " * 40
    expected = english.fit_to_limit(text)
    assert expected[1]

    def work(i):
        for _ in range(150):
            if i % 2:
                english.probabilities(["good movie", "bad film"])
            elif english.fit_to_limit(text) != expected:
                return False
        return True

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(work, range(8)))


def test_model_snippet_reproduces_the_page(english, monkeypatch, capsys):
    import transformers

    real = transformers.pipeline
    text = "I really love this movie, it is so easy!"
    code = sa.code_snippet(text, english.model_id, english.choice)
    assert EN_ID in code and 'os.environ["HF_HUB_OFFLINE"] = "1"' in code
    monkeypatch.setattr(transformers, "pipeline", lambda task, model: real(
        task, model=english.model, tokenizer=english.tokenizer))
    exec(code, {})
    printed = capsys.readouterr().out.splitlines()
    analysis = sa.leave_one_out(english, text)
    assert printed[0].startswith("[{'label': 'POSITIVE'") or printed[0].startswith("[{'label': 'NEG")
    values = [float(line.split()[-1]) for line in printed[1:]]
    assert [line.split()[0] for line in printed[1:]] == list(analysis.units)
    assert values == pytest.approx(analysis.contributions, abs=2e-3)
