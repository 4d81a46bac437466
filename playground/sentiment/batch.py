"""Batch mode: many lines or a CSV's text column in, one verdict per row out, and the CSVs the
page hands back."""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from playground.csv_out import table_to_csv
from playground.errors import InputError
from playground.sentiment.lexicon import Analysis
from playground.sentiment.naive_bayes import explain_snownlp
from playground.sentiment.neural import normalise_label
from playground.sentiment.routing import NEURAL_FREE
from playground.sentiment.text import (
    MAX_CHARS,
    MAX_ROWS,
    SNOWNLP,
    TEXT_COLUMNS,
    VADER,
    label_from_polarity,
    main_language,
    vader_analyzer,
)
from playground.uploads import MAX_UPLOAD_BYTES, read_csv_upload


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
                  progress: Callable[[int, int], None] | None = None,
                  naive_bayes: bool = True) -> pd.DataFrame:
    """One row per text: language, model, label, score and polarity.

    Parameters
    ----------
    texts : the lines or CSV cells, in order.
    models : ``{"en": model, "zh": model}`` where a model is a :class:`NeuralSentiment`;
        a language without one is read by VADER if English, and by snownlp's naive Bayes if
        Chinese (marked ``unsupported`` when ``naive_bayes`` is False: the user asked for VADER).
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
            analyzer = vader_analyzer()
            for done, k in enumerate(todo, 1):
                compound = analyzer.polarity_scores(rows[k]["text"][:MAX_CHARS])["compound"]
                rows[k].update(model=VADER, label=label_from_polarity(compound), score=compound,
                               polarity=compound)
                if progress and (done % 100 == 0 or done == len(todo)):
                    progress(done, len(todo))
        elif naive_bayes:
            for done, k in enumerate(todo, 1):
                p_positive = explain_snownlp(rows[k]["text"][:MAX_CHARS]).scores["positive"]
                label = "positive" if p_positive >= 0.5 else "negative"
                rows[k].update(model=SNOWNLP, label=label,
                               score=max(p_positive, 1 - p_positive),
                               polarity=2 * p_positive - 1)
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
    return {language: choice for language, choice in choices.items()
            if choice.model_id not in NEURAL_FREE}


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
    return table_to_csv(table, bom=True)


def words_csv(analysis: Analysis) -> bytes:
    """One row per unit with its contribution (and VADER's lexicon value and rules)."""
    if analysis.words and analysis.words[0].counts:  # naive Bayes
        table = pd.DataFrame({"word": [w.piece for w in analysis.words],
                              "in_positive_reviews": [w.counts[0] for w in analysis.words],
                              "in_negative_reviews": [w.counts[1] for w in analysis.words],
                              "stop_word": [w.role == "stop" for w in analysis.words],
                              "log_likelihood_ratio": [w.valence for w in analysis.words]})
    elif analysis.words:
        table = pd.DataFrame({"word": [w.piece for w in analysis.words],
                              "lexicon": [w.lexicon for w in analysis.words],
                              "valence": [w.valence for w in analysis.words],
                              "rules": [" ".join(s.rule for s in w.steps)
                                        for w in analysis.words]})
    else:
        table = pd.DataFrame({"unit": analysis.units, "contribution": analysis.contributions})
    return table_to_csv(table, bom=True)


