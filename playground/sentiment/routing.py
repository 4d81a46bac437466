"""Which model answers a text: the registry's models per language, and what the user asked for
(auto, neural, VADER, both side by side, or VADER's lexicon alone)."""

from __future__ import annotations

from playground.errors import InputError
from playground.sentiment.lexicon import Analysis, explain_vader, vader_words_only
from playground.sentiment.naive_bayes import explain_snownlp, explain_snownlp_jieba
from playground.sentiment.neural import NeuralSentiment, leave_one_out
from playground.sentiment.text import (
    SNOWNLP,
    SNOWNLP_JIEBA,
    VADER,
    VADER_WORDS,
    main_language,
)


def model_languages(model_id: str) -> tuple[str, ...]:
    """Languages a model reads, from ``assets/models.toml`` (VADER: English)."""
    from playground.models import load_registry

    if model_id in (VADER, VADER_WORDS):
        return ("en",)
    if model_id in (SNOWNLP, SNOWNLP_JIEBA):
        return ("zh",)
    for entry in load_registry().values():
        for hub in entry.hub:
            if hub.id == model_id:
                return hub.languages
    return ()


def model_ids(language: str) -> list[str]:
    """Hub models of the registry that read ``language``, preferred first."""
    from playground.models import load_registry

    return [m.id for m in load_registry()["sentiment-analysis"].hub if language in m.languages]


def choose_for_language(language: str, *, online: bool | None = None, cache_dir=None):
    """The ``ModelChoice`` for text in ``language``: a hub model that reads it when one is
    cached (or the hub answers), otherwise the bundled model for the language (VADER for
    English, snownlp's naive Bayes for Chinese).

    A cached model for the *other* language is not returned: an English classifier's score on
    Chinese text means nothing.
    """
    from playground.models import choose_model, load_registry

    entry = load_registry()["sentiment-analysis"]
    preferred = next((m.id for m in entry.hub if language in m.languages), None)
    choice = choose_model("sentiment-analysis", preferred=preferred, online=online,
                          cache_dir=cache_dir, language=language)
    if choice.source != "bundled" and language not in model_languages(choice.model_id):
        from playground.models import ModelChoice

        fallback = entry.bundled_for(language) or VADER
        return ModelChoice(choice.task, fallback, "bundled",
                           "sentiment.reason.no_model_for_language")
    return choice


KINDS = ("auto", "neural", "vader", "vader_compare", VADER_WORDS, SNOWNLP, SNOWNLP_JIEBA)
NEURAL_FREE = (VADER, VADER_WORDS, SNOWNLP, SNOWNLP_JIEBA)  # run without transformers


def is_vader(model_id: str) -> bool:
    """VADER or its words-only variant: scores are compounds, not probabilities."""
    return model_id in (VADER, VADER_WORDS)


def has_neural(choices: dict, language: str | None = None) -> bool:
    """Whether a neural (hub) model can run for ``language`` (for any language of ``choices``
    when None)."""
    picked = choices.values() if language is None else [choices[language]]
    return any(choice.model_id not in NEURAL_FREE for choice in picked)


def compare_kinds(language: str, choices: dict) -> tuple[str, str]:
    """The two model kinds the comparison shows side by side for text in ``language``.

    English: VADER against the neural model, or offline VADER against its lexicon without the
    rules (what the rules add). Chinese: the neural model against naive Bayes, or offline naive
    Bayes over snownlp's segmentation against the same counts over jieba's (what segmentation
    changes).
    """
    neural = has_neural(choices, language)
    if language == "zh":
        return ("neural", SNOWNLP) if neural else (SNOWNLP, SNOWNLP_JIEBA)
    return ("vader_compare", "neural") if neural else ("auto", VADER_WORDS)


def route(text: str, kind: str, choices: dict) -> tuple[str, object, str]:
    """Which model analyses ``text``: ``(model_id, choice, reason key)``.

    Parameters
    ----------
    kind : one of ``KINDS``: "auto"/"neural" take the neural model for the text's language when
        one can run (else VADER); "vader", "vader_compare" and "vader-words" ask for VADER.
    choices : ``{"en": ModelChoice, "zh": ModelChoice}`` from :func:`choose_for_language`.

    Raises InputError for mostly-Chinese text that only VADER could read.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    language = main_language(text)
    choice = choices[language]
    if kind in ("auto", "neural") and choice.model_id != VADER:
        return choice.model_id, None if choice.model_id in NEURAL_FREE else choice, \
            choice.reason_key
    if language == "zh":
        if kind == SNOWNLP:
            return SNOWNLP, None, "sentiment.reason.naive_bayes"
        if kind == SNOWNLP_JIEBA:
            return SNOWNLP_JIEBA, None, "sentiment.reason.jieba"
        raise InputError("sentiment.err_vader_chinese")
    if kind in (SNOWNLP, SNOWNLP_JIEBA):
        raise InputError("sentiment.err_naive_bayes_english")
    if kind == VADER_WORDS:
        return VADER_WORDS, None, "sentiment.reason.words_only"
    reason = {"vader": "sentiment.reason.vader_chosen",
              "vader_compare": "sentiment.reason.vader_compare"}.get(kind, choice.reason_key)
    return VADER, None, reason


def analyse(text: str, model_id: str, model: NeuralSentiment | None = None) -> Analysis:
    """The verdict and per-unit contributions of ``model_id`` (``model`` for a neural one)."""
    if model_id == VADER:
        return explain_vader(text)
    if model_id == VADER_WORDS:
        return vader_words_only(text)
    if model_id == SNOWNLP:
        return explain_snownlp(text)
    if model_id == SNOWNLP_JIEBA:
        return explain_snownlp_jieba(text)
    return leave_one_out(model, text)


