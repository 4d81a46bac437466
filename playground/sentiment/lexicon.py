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

import math
from dataclasses import dataclass, field

from vaderSentiment import vaderSentiment as vs

from playground.errors import InputError
from playground.sentiment.text import (
    VADER,
    VADER_WORDS,
    CheckedText,
    label_from_polarity,
    main_language,
    vader_analyzer,
)

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
    counts: tuple[int, ...] = ()  # naive Bayes: times seen in (positive, negative) reviews


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
    emojis = vader_analyzer().emojis
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
    analyzer = vader_analyzer()
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
    analyzer = vader_analyzer()
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
    analyzer = vader_analyzer()
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


