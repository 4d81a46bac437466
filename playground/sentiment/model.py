"""Sentiment analysis that shows why: a rule-based lexicon model next to a neural classifier.

Chapter §1.1.4 runs ``pipeline("sentiment-analysis")`` on one enthusiastic sentence and gets
POSITIVE with a score near 100%. This module answers the student's next question, *why?*

* **VADER** (Hutto & Gilbert, ICWSM 2014; the ``vaderSentiment`` package) adds up human-rated
  word valences from its lexicon, changed by a handful of rules: negation ("not good"),
  intensifiers and dampeners ("very", "kind of"), "but" (what follows weighs more), ALL CAPS and
  exclamation marks. :func:`explain_vader` recomputes VADER word by word with the library's own
  lexicon, constants and rule helpers, recording every rule that changed a word; the scores it
  returns equal ``SentimentIntensityAnalyzer().polarity_scores`` (a test checks many sentences).
* A **neural classifier** (DistilBERT fine-tuned on SST-2, or a Chinese RoBERTa) has no lexicon
  to read. :func:`leave_one_out` asks it instead: remove one word, and how much does the
  positive-minus-negative probability drop? That is an *occlusion* attribution (Zeiler & Fergus
  2014; Li, Monroe & Jurafsky 2016): it measures what the model does without the word, not what
  the word "means" to it, and words that only count together share their effect unevenly.

VADER is English only; a score on Chinese text would be a meaningless 0, so the functions
here refuse it with a message instead. Bad user input raises :class:`InputError`.
"""

from __future__ import annotations

import inspect
import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
import pandas as pd
from vaderSentiment import vaderSentiment as vs

from playground.errors import InputError
from playground.uploads import MAX_UPLOAD_BYTES, read_csv_upload

MAX_CHARS = 5000  # a single text is cut here: VADER is linear, but nobody reads 5,000 chips
MAX_ROWS = 1000  # batch mode: lines or CSV rows
MAX_EXPLAIN_UNITS = 80  # leave-one-out: one forward pass per unit, so cap the words explained
NEUTRAL_BAND = 0.05  # VADER's authors: compound >= 0.05 positive, <= -0.05 negative
BATCH_SIZE = 32  # texts per forward pass of the neural model
VADER = "vader"  # the bundled model's name in assets/models.toml
VADER_WORDS = "vader-words"  # VADER's lexicon without its rules (the honest second model offline)
TEXT_COLUMNS = ("text", "sentence", "review", "文本", "句子", "评论")  # accepted CSV headers

# Example texts (data, shown as written whatever the interface language).
EXAMPLES = {
    "chapter": "I love how these pipelines make NLP so simple. They are fast and really powerful!",
    "negation": "The film was not bad at all, but the ending was NOT great.",
    "booster": "The staff were extremely friendly, though the room was kind of small.",
    "caps": "This update is AMAZING!!!",
    "emoji": "Finished my first marathon today 😁🎉",
    "html": "Great product <script>alert('hi')</script> would <b>buy</b> again",
    "zh_positive": "这款手机的屏幕非常清晰，电池也很耐用，我很满意！",
    "zh_negative": "快递太慢了，包装也破了，再也不会在这家买了。",
    "mixed": "这个 app 的 design 真的很 nice，but 有点卡。",
}
BATCH_EXAMPLE = "\n".join([
    "I love this phone, the camera is brilliant.", "The battery died after two days. Awful.",
    "Delivery was on time.", "Not bad for the price, but the case feels cheap.",
    "Absolutely fantastic service!!!", "It works, I guess.",
    "这家店的服务很好，下次还来。",
    "The manual is useless and support never answered :(",
])

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_HTML_LIKE = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
# Units of leave-one-out: one Han character, a run of other letters/digits (apostrophes kept,
# so "isn't" is one word), or any other single visible character (punctuation, emoji).
_UNIT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
                   r"|(?:[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|['’])+|\S")


# ---------------------------------------------------------------- input checks and languages

def detect_language(text: str) -> str:
    """``"zh"``, ``"en"``, ``"mixed"`` or ``"none"`` (no letters: emoji, digits, punctuation)."""
    han, latin = len(_HAN.findall(text)), len(_LATIN.findall(text))
    if han == 0:
        return "en" if latin else "none"
    if latin == 0:
        return "zh"
    return "mixed"


def main_language(text: str) -> str:
    """The language a model must read for ``text``: ``"zh"`` or ``"en"``.

    A Chinese character carries about as much as a short English word, so mixed text counts
    as Chinese when its Han characters outnumber a third of its Latin letters.
    """
    han, latin = len(_HAN.findall(text)), len(_LATIN.findall(text))
    return "zh" if han > latin / 3 else "en"


def looks_like_html(text: str) -> bool:
    return bool(_HTML_LIKE.search(text))


def has_emoji(text: str) -> bool:
    return any(char in _analyzer().emojis for char in text)


@dataclass(frozen=True)
class CheckedText:
    """A user's text after the checks, with the notices (catalogue keys) the page shows."""

    text: str
    language: str  # detect_language() of the (cut) text
    notices: tuple[tuple[str, dict], ...] = ()


def check_text(text: str | None, max_chars: int = MAX_CHARS) -> CheckedText:
    """Refuse empty text; cut long text; note HTML-like text, emoji and mixed scripts."""
    if text is None or not text.strip():
        raise InputError("sentiment.err_empty")
    text = text.strip()
    notices = []
    if len(text) > max_chars:
        text = text[:max_chars]
        notices.append(("sentiment.note_cut_chars", {"limit": max_chars}))
    language = detect_language(text)
    if looks_like_html(text):
        notices.append(("sentiment.note_html", {}))
    if language == "mixed":
        notices.append(("sentiment.note_mixed", {}))
    if has_emoji(text):
        notices.append(("sentiment.note_emoji", {}))
    return CheckedText(text, language, tuple(notices))


def label_from_polarity(polarity: float, band: float = NEUTRAL_BAND) -> str:
    if polarity >= band:
        return "positive"
    if polarity <= -band:
        return "negative"
    return "neutral"


# ---------------------------------------------------------------- VADER, word by word

@lru_cache(maxsize=1)
def _analyzer() -> vs.SentimentIntensityAnalyzer:
    """One analyzer per process: it only reads its lexicons, so threads may share it."""
    return vs.SentimentIntensityAnalyzer()


RULES = ("no_alone", "negation", "caps", "booster", "dampener", "never_so", "phrase", "least",
         "but")


@dataclass(frozen=True)
class RuleStep:
    """One rule that changed a word's valence."""

    rule: str  # one of RULES
    trigger: int  # index of the word that set the rule off (the word itself for caps/phrase)
    before: float
    after: float


@dataclass(frozen=True)
class WordScore:
    """One whitespace-separated piece of text as VADER sees it."""

    piece: str  # as written (punctuation attached), after emoji became their descriptions
    token: str  # what VADER looks up: the piece without surrounding punctuation
    lexicon: float | None  # the lexicon's valence, None when the word is not in it
    valence: float  # VADER's final value for the word (after all rules)
    role: str = "word"  # "word", or "modifier" (boosters and "kind of" count 0 themselves)
    steps: tuple[RuleStep, ...] = ()
    emoji: str = ""  # the emoji this piece's description came from, if any
    emoji_start: bool = False  # the piece starts that emoji's description


@dataclass(frozen=True)
class Analysis:
    """One model's verdict on one text, with one contribution per unit of the text."""

    model: str  # "vader", "vader-words" or a hub model id
    label: str  # "positive", "negative", "neutral" (or the model's own label name)
    score: float  # what the model reports: VADER's compound, or the label's probability
    polarity: float  # in [-1, 1] for every model: compound, or P(positive) - P(negative)
    units: tuple[str, ...]  # the words (or characters) the contributions belong to
    contributions: tuple[float, ...]  # same length as units; > 0 pushes towards positive
    joiners: tuple[str, ...] = ()  # what follows each unit in the text (default: a space)
    words: tuple[WordScore, ...] = ()  # VADER only: the rules behind each contribution
    punctuation: float = 0.0  # VADER only: emphasis from "!" and "?" added to the sum
    scores: dict = field(default_factory=dict)  # VADER: neg/neu/pos/compound; neural: per label
    notices: tuple[tuple[str, dict], ...] = ()
    explained_units: int = 0  # neural: how many units leave-one-out covered


def _replace_emoji(text: str) -> tuple[str, list[tuple[str, bool]]]:
    """VADER's emoji-to-description step, remembering for each output character its emoji
    (``""`` for ordinary text) and whether it starts the emoji's description."""
    emojis = _analyzer().emojis
    out, origin = [], []
    prev_space = True
    for char in text:  # the same loop as SentimentIntensityAnalyzer.polarity_scores
        if char in emojis:
            description = emojis[char]
            if not prev_space:
                out.append(" ")
                origin.append(("", False))
            out.extend(description)
            origin.extend((char, k == 0) for k in range(len(description)))
            prev_space = False
        else:
            out.append(char)
            origin.append(("", False))
            prev_space = char == " "
    converted = "".join(out)
    start = len(converted) - len(converted.lstrip())
    end = len(converted.rstrip())
    return converted[start:end], origin[start:end]


def _pieces(text: str, origin: list[tuple[str, bool]]) -> list[tuple[str, str, bool]]:
    """Whitespace-separated pieces (exactly ``str.split()``), each with the emoji it came from
    and whether it starts that emoji's description."""
    pieces, position = [], 0
    for piece in text.split():
        start = text.index(piece, position)
        position = start + len(piece)
        span = origin[start:position]
        pieces.append((piece, next((e for e, _ in span if e), ""), any(f for _, f in span)))
    return pieces


def _word_valence(words: list[str], i: int, is_cap_diff: bool) -> tuple[float, list[RuleStep]]:
    """``SentimentIntensityAnalyzer.sentiment_valence`` for word ``i``, step by step.

    Same order of operations and the library's own helpers, so the float result is identical;
    every step that changed the value is recorded.
    """
    analyzer = _analyzer()
    lexicon = analyzer.lexicon
    lower = [w.lower() for w in words]
    item = words[i]
    valence = lexicon[lower[i]]
    steps: list[RuleStep] = []

    def apply(rule: str, trigger: int, new: float):
        nonlocal valence
        if new != valence:
            steps.append(RuleStep(rule, trigger, valence, new))
        valence = new

    # "no" before another lexicon word negates it rather than counting itself.
    if lower[i] == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
        apply("no_alone", i + 1, 0.0)
    if i > 0 and lower[i - 1] == "no":
        apply("negation", i - 1, lexicon[lower[i]] * vs.N_SCALAR)
    elif i > 1 and lower[i - 2] == "no":
        apply("negation", i - 2, lexicon[lower[i]] * vs.N_SCALAR)
    elif i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"):
        apply("negation", i - 3, lexicon[lower[i]] * vs.N_SCALAR)
    # An ALL-CAPS sentiment word among lower-case ones shouts.
    if item.isupper() and is_cap_diff:
        apply("caps", i, valence + vs.C_INCR if valence > 0 else valence - vs.C_INCR)
    # Up to three preceding non-lexicon words: boosters/dampeners (weaker further away),
    # then negations, then special phrases.
    for start_i in range(3):
        j = i - (start_i + 1)
        if i > start_i and lower[j] not in lexicon:
            s = vs.scalar_inc_dec(words[j], valence, is_cap_diff)
            if start_i == 1 and s != 0:
                s = s * 0.95
            if start_i == 2 and s != 0:
                s = s * 0.9
            apply("booster" if vs.BOOSTER_DICT.get(lower[j], 0) > 0 else "dampener", j,
                  valence + s)
            before = valence
            negated = analyzer._negation_check(valence, words, start_i, i)
            if negated != before and negated == before * 1.25:
                # "never so good"; VADER's code also does this after a bare "so" or "this"
                never = next((k for k in (i - 3, i - 2) if k >= 0 and lower[k] == "never"), i - 1)
                apply("never_so", never, negated)
            else:
                apply("negation", j, negated)
            if start_i == 2:
                apply("phrase", i, analyzer._special_idioms_check(valence, words, i))
    apply("least", i - 1, analyzer._least_check(valence, words, i))
    return valence, steps


def explain_vader(text: str) -> Analysis:
    """VADER's verdict on ``text`` with every word's valence and the rules that changed it.

    ``scores`` equals ``SentimentIntensityAnalyzer().polarity_scores(text)``; the contribution
    of each word is its final valence (they add up, with ``punctuation``, to the sum that VADER
    squashes into the compound score with ``x / sqrt(x**2 + 15)``).
    """
    analyzer = _analyzer()
    converted, origin = _replace_emoji(text)
    pieces = _pieces(converted, origin)
    sentitext = vs.SentiText(converted)
    words = sentitext.words_and_emoticons  # the pieces without surrounding punctuation
    lower = [w.lower() for w in words]
    valences: list[float] = []
    all_steps: list[list[RuleStep]] = []
    roles: list[str] = []
    for i, word in enumerate(words):
        steps: list[RuleStep] = []
        if lower[i] in vs.BOOSTER_DICT or (
                i < len(words) - 1 and lower[i] == "kind" and lower[i + 1] == "of"):
            valence, role = 0, "modifier"
        elif lower[i] in analyzer.lexicon:
            (valence, steps), role = _word_valence(words, i, sentitext.is_cap_diff), "word"
        else:
            valence, role = 0, "word"
        valences.append(valence)
        all_steps.append(steps)
        roles.append(role)
    # "but": earlier words count half, later ones 1.5 times. The library's own function, since
    # it finds each value by list.index(), which a re-implementation must not "fix".
    final = analyzer._but_check(words, list(valences))
    if "but" in lower:
        but_at = lower.index("but")
        for k, (before, after) in enumerate(zip(valences, final)):
            if after != before:
                all_steps[k].append(RuleStep("but", but_at, before, after))
    scores = analyzer.score_valence(final, converted)
    total = float(sum(final))  # the "!"/"?" emphasis is added away from zero, as VADER does
    emphasis = analyzer._punctuation_emphasis(converted)
    punctuation = math.copysign(emphasis, total) if total and emphasis else 0.0
    word_scores = tuple(
        WordScore(piece=piece, token=word, lexicon=analyzer.lexicon.get(lower[k]),
                  valence=float(final[k]), role=roles[k], steps=tuple(all_steps[k]),
                  emoji=emoji, emoji_start=start)
        for k, ((piece, emoji, start), word) in enumerate(zip(pieces, words)))
    compound = scores["compound"]
    return Analysis(model=VADER, label=label_from_polarity(compound), score=compound,
                    polarity=compound, units=tuple(w.piece for w in word_scores),
                    contributions=tuple(w.valence for w in word_scores), words=word_scores,
                    punctuation=float(punctuation), scores=scores)


def vader_words_only(text: str) -> Analysis:
    """VADER's lexicon with every rule switched off: the sum of the words' raw valences.

    Offline with no neural model this is the honest second model to compare with: the gap
    between the two is exactly what the rules (negation, boosters, "but", caps, "!") add.
    """
    analyzer = _analyzer()
    converted, origin = _replace_emoji(text)
    pieces = _pieces(converted, origin)
    words = vs.SentiText(converted).words_and_emoticons
    values = [analyzer.lexicon.get(w.lower(), 0.0) for w in words]
    compound = round(vs.normalize(sum(values)), 4) if values else 0.0
    word_scores = tuple(WordScore(piece=p, token=w, lexicon=analyzer.lexicon.get(w.lower()),
                                  valence=v, emoji=e, emoji_start=f)
                        for (p, e, f), w, v in zip(pieces, words, values))
    return Analysis(model=VADER_WORDS, label=label_from_polarity(compound), score=compound,
                    polarity=compound, units=tuple(p for p, _, _ in pieces),
                    contributions=tuple(values), words=word_scores,
                    scores={"compound": compound})


def require_english(checked: CheckedText) -> None:
    """VADER reads English only: refuse text that is mostly Chinese instead of scoring 0."""
    if main_language(checked.text) == "zh":
        raise InputError("sentiment.err_vader_chinese")


# ---------------------------------------------------------------- neural classifiers

def _polarity_sign(label: str) -> int:
    name = label.lower()
    if "pos" in name:
        return 1
    if "neg" in name:
        return -1
    return 0


def normalise_label(label: str) -> str:
    """``"POSITIVE"`` or ``"positive (stars 4 and 5)"`` -> ``"positive"``; others unchanged."""
    return {1: "positive", -1: "negative"}.get(_polarity_sign(label), label)


class NeuralSentiment:
    """A sequence classifier and its tokenizer, safe to share between threads (one lock).

    Every tokenizer call holds the lock too: a fast tokenizer keeps its truncation and padding
    settings in shared state that each call rewrites, so an unlocked call can run with another
    thread's settings (and, say, find a long text short because it came back truncated).

    Parameters
    ----------
    choice : playground.models.ModelChoice
        From :func:`playground.models.choose_model`; loaded with ``choice.load_kwargs()``, so a
        cached model never touches the network.
    """

    def __init__(self, choice):
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        self.choice = choice
        self.model_id = choice.model_id
        self.tokenizer = AutoTokenizer.from_pretrained(**choice.load_kwargs())
        self.model = AutoModelForSequenceClassification.from_pretrained(**choice.load_kwargs())
        self.model.eval()
        config = self.model.config
        self.labels = tuple(config.id2label[k] for k in range(config.num_labels))
        signs = np.array([_polarity_sign(label) for label in self.labels], float)
        if not signs.any():  # unnamed labels (LABEL_0, LABEL_1): last means positive
            signs[0], signs[-1] = -1.0, 1.0
        self.signs = signs
        limits = [self.tokenizer.model_max_length,
                  getattr(config, "max_position_embeddings", None) or 10**6]
        self.max_tokens = int(min(limit for limit in limits if limit and limit > 0))
        self._inputs = set(inspect.signature(self.model.forward).parameters)
        self._lock = threading.Lock()

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities, shape (len(texts), n_labels); texts cut to the model's limit."""
        import torch

        out = []
        with self._lock, torch.inference_mode():
            for start in range(0, len(texts), BATCH_SIZE):
                batch = self.tokenizer(list(texts[start:start + BATCH_SIZE]), padding=True,
                                       truncation=True, max_length=self.max_tokens,
                                       return_tensors="pt")
                inputs = {k: v for k, v in batch.items() if k in self._inputs}
                out.append(torch.softmax(self.model(**inputs).logits.float(), -1).numpy())
        return np.concatenate(out) if out else np.zeros((0, len(self.labels)))

    def polarity(self, probabilities: np.ndarray) -> np.ndarray:
        """P(positive) - P(negative) per row, in [-1, 1] like VADER's compound."""
        return probabilities @ self.signs

    def fit_to_limit(self, text: str) -> tuple[str, bool]:
        """``text`` cut after the last whole character the model can read, and whether it was."""
        with self._lock:
            if len(self.tokenizer(text)["input_ids"]) <= self.max_tokens:
                return text, False
            encoding = self.tokenizer(text, truncation=True, max_length=self.max_tokens,
                                      return_offsets_mapping=True)
        ends = [end for _, end in encoding["offset_mapping"] if end]
        return (text[:max(ends)] if ends else ""), True

    def unknown_count(self, text: str) -> int:
        """How many tokens of ``text`` the vocabulary lacks (read as [UNK], e.g. emoji)."""
        unk = self.tokenizer.unk_token_id
        if unk is None:
            return 0
        with self._lock:
            return self.tokenizer(text)["input_ids"].count(unk)

    def classify(self, texts: Sequence[str],
                 progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Probabilities for many texts, reporting ``progress(done, total)`` per batch."""
        parts = []
        for start in range(0, len(texts), BATCH_SIZE):
            parts.append(self.probabilities(texts[start:start + BATCH_SIZE]))
            if progress:
                progress(min(start + BATCH_SIZE, len(texts)), len(texts))
        return np.concatenate(parts) if parts else np.zeros((0, len(self.labels)))


def units_of(text: str) -> list[tuple[int, int]]:
    """Character spans of the units leave-one-out removes: words, Han characters, symbols."""
    return [m.span() for m in _UNIT.finditer(text)]


def leave_one_out(model: NeuralSentiment, text: str,
                  max_units: int = MAX_EXPLAIN_UNITS) -> Analysis:
    """The neural model's verdict and, per unit, how much removing it lowers the polarity.

    ``contribution[k] = polarity(text) - polarity(text without unit k)``: positive when the
    text is more positive with the unit than without it. Only the first ``max_units`` units are
    explained (one forward pass each); the verdict always reads the whole (cut) text.
    """
    text, cut = model.fit_to_limit(text)
    spans = units_of(text)
    explained = spans[:max_units]
    variants = [text] + [text[:a] + text[b:] for a, b in explained]
    probs = model.probabilities(variants)
    polarity = model.polarity(probs)
    best = int(np.argmax(probs[0]))
    notices = []
    if cut:
        notices.append(("sentiment.note_cut_tokens", {"limit": model.max_tokens}))
    if len(spans) > max_units:
        notices.append(("sentiment.note_explained", {"count": max_units, "total": len(spans)}))
    unknown = model.unknown_count(text)
    if unknown:
        notices.append(("sentiment.note_unknown", {"count": unknown}))
    joiners = tuple(text[b:next_a] for (_, b), (next_a, _) in zip(explained, explained[1:]))
    return Analysis(model=model.model_id, label=normalise_label(model.labels[best]),
                    score=float(probs[0, best]), polarity=float(polarity[0]),
                    units=tuple(text[a:b] for a, b in explained), joiners=joiners + ("",),
                    contributions=tuple(float(polarity[0] - p) for p in polarity[1:]),
                    scores={label: float(p) for label, p in zip(model.labels, probs[0])},
                    notices=tuple(notices), explained_units=len(explained))


# ---------------------------------------------------------------- model choice

def model_languages(model_id: str) -> tuple[str, ...]:
    """Languages a model reads, from ``assets/models.toml`` (VADER: English)."""
    from playground.models import load_registry

    if model_id in (VADER, VADER_WORDS):
        return ("en",)
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
    cached (or the hub answers), otherwise the bundled VADER.

    A cached model for the *other* language is not returned: an English classifier's score on
    Chinese text means nothing.
    """
    from playground.models import choose_model, load_registry

    entry = load_registry()["sentiment-analysis"]
    preferred = next((m.id for m in entry.hub if language in m.languages), None)
    choice = choose_model("sentiment-analysis", preferred=preferred, online=online,
                          cache_dir=cache_dir)
    if choice.source != "bundled" and language not in model_languages(choice.model_id):
        from playground.models import ModelChoice

        return ModelChoice(choice.task, VADER, "bundled", "sentiment.reason.no_model_for_language")
    return choice


KINDS = ("auto", "neural", "vader", "vader_compare", VADER_WORDS)  # what the user asked for


def is_vader(model_id: str) -> bool:
    """VADER or its words-only variant: scores are compounds, not probabilities."""
    return model_id in (VADER, VADER_WORDS)


def has_neural(choices: dict) -> bool:
    """Whether a neural model can run for at least one language of ``choices``."""
    return any(choice.model_id != VADER for choice in choices.values())


def compare_kinds(neural: bool) -> tuple[str, str]:
    """The two model kinds the comparison shows side by side.

    With a neural model: VADER against it. Without one (offline), VADER against VADER's lexicon
    without its rules, so that the comparison still shows what the rules add.
    """
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
        return choice.model_id, choice, choice.reason_key
    if language == "zh":
        if choices["zh"].model_id != VADER:
            raise InputError("sentiment.err_vader_chinese")
        raise InputError("sentiment.err_no_chinese_model", model=model_ids("zh")[0])
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
    return leave_one_out(model, text)


# ---------------------------------------------------------------- batch mode

def read_lines(text: str | None, limit: int = MAX_ROWS) -> list[str]:
    """Non-empty lines of pasted text."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise InputError("sentiment.err_no_lines")
    if len(lines) > limit:
        raise InputError("errors.csv_too_many", rows=len(lines), limit=limit)
    return lines


def read_csv_texts(data: bytes, limit: int = MAX_ROWS,
                   max_bytes: int = MAX_UPLOAD_BYTES) -> list[str]:
    """The text column of an uploaded CSV (``text``, ``sentence``, ``review``, ``文本``...).

    Raises InputError for a file too large, not UTF-8, unreadable, without a text column,
    empty or too long.
    """
    table = read_csv_upload(data, max_bytes, dtype=str, keep_default_na=False)
    by_name = {str(c).strip().lower(): c for c in table.columns}
    column = next((by_name[name] for name in TEXT_COLUMNS if name in by_name), None)
    if column is None:
        raise InputError("sentiment.err_csv_no_text",
                         found=", ".join(map(str, table.columns)) or "–")
    if table.empty:
        raise InputError("errors.csv_empty")
    if len(table) > limit:
        raise InputError("errors.csv_too_many", rows=len(table), limit=limit)
    return [str(value).strip() for value in table[column]]


def analyse_batch(texts: Sequence[str], models: dict | None = None,
                  progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """One row per text: language, model, label, score and polarity.

    Parameters
    ----------
    texts : the lines or CSV cells, in order.
    models : ``{"en": model, "zh": model}`` where a model is a :class:`NeuralSentiment`;
        a language without one is read by VADER if English, and marked ``unsupported`` if
        Chinese. ``None`` means VADER only.
    """
    models = models or {}
    rows = [{"text": t, "language": main_language(t) if t.strip() else "", "model": "",
             "label": "empty", "score": math.nan, "polarity": math.nan} for t in texts]
    for language in ("en", "zh"):
        todo = [k for k, row in enumerate(rows) if row["language"] == language]
        if not todo:
            continue
        model = models.get(language)
        if model is not None:
            probs = model.classify([rows[k]["text"] for k in todo], progress)
            polarity = model.polarity(probs)
            for k, p, pol in zip(todo, probs, polarity):
                best = int(np.argmax(p))
                rows[k].update(model=model.model_id, label=normalise_label(model.labels[best]),
                               score=float(p[best]), polarity=float(pol))
        elif language == "en":
            analyzer = _analyzer()
            for done, k in enumerate(todo, 1):
                compound = analyzer.polarity_scores(rows[k]["text"][:MAX_CHARS])["compound"]
                rows[k].update(model=VADER, label=label_from_polarity(compound), score=compound,
                               polarity=compound)
                if progress and (done % 100 == 0 or done == len(todo)):
                    progress(done, len(todo))
        else:
            for k in todo:
                rows[k]["label"] = "unsupported"
    return pd.DataFrame(rows, columns=["text", "language", "model", "label", "score", "polarity"])


def batch_neural_choices(kind: str, choices: dict) -> dict:
    """``{language: choice}`` of the neural models a batch of ``kind`` runs with ({} for VADER)."""
    if kind != "neural":
        return {}
    return {language: choice for language, choice in choices.items() if choice.model_id != VADER}


def batch_signature(texts: Sequence[str], models: dict) -> tuple:
    """What a neural batch result depends on: the texts and the ids of the models (a result
    with another signature is out of date and must be run again)."""
    return tuple(texts), tuple(sorted(model.model_id for model in models.values()))


def label_counts(table: pd.DataFrame) -> dict[str, int]:
    """Lines per label: count, positive, negative, neutral and other (not analysed)."""
    counts = {label: int((table["label"] == label).sum())
              for label in ("positive", "negative", "neutral")}
    return {"count": len(table), **counts, "other": len(table) - sum(counts.values())}


def batch_csv(table: pd.DataFrame) -> bytes:
    """The batch table as UTF-8 CSV (with BOM, so spreadsheet programs read Chinese)."""
    return table.to_csv(index=False).encode("utf-8-sig")


def words_csv(analysis: Analysis) -> bytes:
    """One row per unit with its contribution (and VADER's lexicon value and rules)."""
    if analysis.words:
        table = pd.DataFrame({"word": [w.piece for w in analysis.words],
                              "lexicon": [w.lexicon for w in analysis.words],
                              "valence": [w.valence for w in analysis.words],
                              "rules": [" ".join(s.rule for s in w.steps)
                                        for w in analysis.words]})
    else:
        table = pd.DataFrame({"unit": analysis.units, "contribution": analysis.contributions})
    return table.to_csv(index=False).encode("utf-8-sig")


# ---------------------------------------------------------------- show code

def batch_snippet() -> str:
    """Runnable Python for batch mode with VADER: a CSV's text column in, labels out."""
    return f'''import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# The page's download, or any UTF-8 CSV with a "text" column.
table = pd.read_csv("sentiment.csv", dtype=str, keep_default_na=False)
analyzer = SentimentIntensityAnalyzer()
table["compound"] = [analyzer.polarity_scores(text)["compound"] for text in table["text"]]
table["label"] = pd.cut(table["compound"], [-1.01, -{NEUTRAL_BAND}, {NEUTRAL_BAND} - 1e-9, 1.01],
                        labels=["negative", "neutral", "positive"])
print(table["label"].value_counts())
print(table.sort_values("compound").head())  # the most negative lines
'''


def code_snippet(text: str, model_id: str = VADER, choice=None) -> str:
    """Runnable Python reproducing the current verdict (VADER, or the transformers pipeline)."""
    if model_id in (VADER, VADER_WORDS):
        return f'''import string

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

text = {text!r}
analyzer = SentimentIntensityAnalyzer()
scores = analyzer.polarity_scores(text)
print(scores)  # neg / neu / pos shares and the compound score in [-1, 1]
compound = scores["compound"]
label = ("positive" if compound >= {NEUTRAL_BAND} else
         "negative" if compound <= -{NEUTRAL_BAND} else "neutral")
print(label)

# Each word's valence in the lexicon, before the rules (negation, "very", "but", CAPS, "!").
for word in text.split():
    token = word.strip(string.punctuation) if len(word.strip(string.punctuation)) > 2 else word
    print(f"{{word:>15}} {{analyzer.lexicon.get(token.lower(), 0.0):+.1f}}")
'''
    header = "import re\n\n"
    if choice is not None and choice.source != "hub":
        header = ("import os\nimport re\n\n# The model is in the local cache: never wait for "
                  "the network (set before importing transformers).\n"
                  'os.environ["HF_HUB_OFFLINE"] = "1"\n')
    return f'''{header}
from transformers import pipeline

text = {text!r}
classifier = pipeline("sentiment-analysis", model={model_id!r})
print(classifier(text, truncation=True))


def polarity(t):
    """P(positive) - P(negative), in [-1, 1] like VADER's compound."""
    scores = classifier(t, truncation=True, top_k=None)
    return (sum(d["score"] for d in scores if "pos" in d["label"].lower())
            - sum(d["score"] for d in scores if "neg" in d["label"].lower()))


# Leave one out: a word, a Chinese character or a punctuation mark at a time (as on the page).
units = [m.span() for m in re.finditer({_UNIT.pattern!r}, text)][:{MAX_EXPLAIN_UNITS}]
full = polarity(text)
for start, end in units:
    print(f"{{text[start:end]:>12}} {{full - polarity(text[:start] + text[end:]):+.3f}}")
'''
