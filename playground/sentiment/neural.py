"""The neural path: a hub sequence classifier shared between threads, and leave-one-out
(occlusion) attributions that ask it which words mattered (Zeiler & Fergus 2014; Li, Monroe &
Jurafsky 2016)."""

from __future__ import annotations

import inspect
import threading
from typing import Callable, Sequence

import numpy as np

from playground.sentiment.lexicon import Analysis
from playground.sentiment.text import BATCH_SIZE, MAX_EXPLAIN_UNITS, WORD_UNIT


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
    return [m.span() for m in WORD_UNIT.finditer(text)]


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


