"""Decoding rules of a language model as small pure functions (chapter §1.3.2, text generation).

A language model gives, at each step, one score (logit) per token of its vocabulary. How the next
token is chosen from those scores is a separate decision, and it changes the text as much as the
model does:

* **greedy** takes the highest score; deterministic, and prone to loops;
* **repetition penalty** (Keskar et al. 2019, *CTRL*) lowers the scores of tokens already present;
* **a run limit** forbids a token that would stand more than n times in a row (a hard rule, like
  transformers' ``no_repeat_ngram_size`` for n-grams): a small model that has seen "！！！" or
  "哈哈哈" now and then keeps going;
* **temperature** divides the scores: below 1 it sharpens the distribution, above 1 it flattens it;
* **top-k** (Fan et al. 2018) keeps only the k most probable tokens;
* **top-p** or nucleus sampling (Holtzman et al. 2020, *The Curious Case of Neural Text
  Degeneration*) keeps the smallest set of tokens whose probability reaches p.

The functions take and return plain ``torch`` tensors of logits, shape ``(..., vocab)``; removed
tokens get ``-inf``. They are applied in the order transformers applies its logits processors
(repetition penalty, run limit, temperature, top-k, top-p), which the tests check against
``TemperatureLogitsWarper`` and friends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import torch

NEG_INF = float("-inf")


@dataclass(frozen=True)
class SamplingParams:
    """How the next token is chosen; also part of the page's cache key."""

    temperature: float = 0.8  # < 1 sharpens, > 1 flattens; 0 means greedy
    top_k: int = 50  # keep the k most probable tokens; 0 switches the filter off
    top_p: float = 0.95  # keep the smallest set reaching this mass; 1.0 switches it off
    repetition_penalty: float = 1.0  # > 1 discourages tokens already in the text (CTRL)
    greedy: bool = False  # take the most probable token instead of sampling
    max_run: int = 0  # at most this many identical tokens in a row; 0 switches the rule off

    def __post_init__(self):
        if not 0.0 <= self.temperature <= 100.0:
            raise ValueError(f"temperature must be within 0..100, got {self.temperature}")
        if self.top_k < 0:
            raise ValueError(f"top_k must be 0 (off) or positive, got {self.top_k}")
        if not 0.0 < self.top_p <= 1.0:
            raise ValueError(f"top_p must be within (0, 1], got {self.top_p}")
        if not 0.0 < self.repetition_penalty <= 10.0:
            raise ValueError(f"repetition_penalty must be within (0, 10], got "
                             f"{self.repetition_penalty}")
        if self.max_run < 0:
            raise ValueError(f"max_run must be 0 (off) or positive, got {self.max_run}")

    @property
    def is_greedy(self) -> bool:
        return self.greedy or self.temperature == 0.0


def repetition_penalty(logits: torch.Tensor, previous_ids: Sequence[int] | torch.Tensor,
                       penalty: float) -> torch.Tensor:
    """CTRL's penalty: scores of tokens already seen are divided by ``penalty`` when positive
    and multiplied by it when negative, so they always move down for ``penalty > 1``.

    ``logits`` has shape (vocab,); ``previous_ids`` lists the token ids of the text so far.
    """
    if penalty == 1.0 or len(previous_ids) == 0:
        return logits
    seen = torch.as_tensor(previous_ids, dtype=torch.long).unique()
    scores = logits[seen]
    out = logits.clone()
    out[seen] = torch.where(scores < 0, scores * penalty, scores / penalty)
    return out


def run_limit(logits: torch.Tensor, previous_ids: Sequence[int] | torch.Tensor,
              max_run: int) -> torch.Tensor:
    """Forbid (``-inf``) the token that would make a run of more than ``max_run`` identical
    tokens: when the last ``max_run`` tokens are one and the same, that token is cut.
    ``max_run`` 0 leaves the scores as they are. ``logits`` has shape (vocab,)."""
    previous = [int(i) for i in previous_ids[-max_run:]] if max_run else []
    if max_run == 0 or len(previous) < max_run or len(set(previous)) != 1:
        return logits
    return logits.index_fill(-1, torch.tensor([previous[0]]), NEG_INF)


def temperature_scale(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Scores divided by the temperature, shifted so that the largest is 0.

    The shift does not change the softmax but keeps tiny temperatures from overflowing:
    every value is <= 0, and far-away scores become ``-inf`` (probability 0) instead of nan.
    Temperature 0 is the limit: only the maximum survives (greedy).
    """
    shifted = logits - logits.max(dim=-1, keepdim=True).values
    if temperature == 0.0:
        return torch.where(shifted == 0, 0.0, NEG_INF)
    scaled = shifted / temperature
    return torch.nan_to_num(scaled, nan=NEG_INF, neginf=NEG_INF)


def top_k_filter(logits: torch.Tensor, k: int) -> torch.Tensor:
    """Keep the ``k`` highest scores (all of them when ``k`` is 0 or >= vocab).

    Tokens tied with the k-th score stay too, as in transformers' ``TopKLogitsWarper`` (it
    removes only scores strictly below the k-th): which of several equal scores would be "the"
    k-th is arbitrary, so none of them is dropped.
    """
    if k <= 0 or k >= logits.shape[-1]:
        return logits
    kth = torch.topk(logits, k, dim=-1).values[..., -1:]
    return logits.masked_fill(logits < kth, NEG_INF)


def top_p_filter(logits: torch.Tensor, p: float) -> torch.Tensor:
    """Keep the smallest set of most probable tokens whose total probability reaches ``p``.

    A token stays when the mass of the tokens ranked above it is still below ``p``. The most
    probable token always stays, even for ``p <= 0`` (as transformers' ``min_tokens_to_keep=1``):
    removing every token would leave no distribution to sample from (nan after the softmax).
    """
    if p >= 1.0:
        return logits
    order = torch.argsort(logits, dim=-1, descending=True)
    probs = torch.softmax(logits.gather(-1, order), dim=-1)
    mass_above = torch.cumsum(probs, dim=-1) - probs
    remove_sorted = mass_above >= p
    remove_sorted[..., 0] = False
    remove = torch.zeros_like(remove_sorted).scatter(-1, order, remove_sorted)
    return logits.masked_fill(remove, NEG_INF)


def process_logits(logits: torch.Tensor, previous_ids: Sequence[int] | torch.Tensor,
                   params: SamplingParams) -> torch.Tensor:
    """All rules in transformers' order: penalty and run limit, then (when sampling)
    temperature, top-k, top-p.

    ``logits`` is the model's raw scores for the next token, shape (vocab,).
    """
    logits = repetition_penalty(logits, previous_ids, params.repetition_penalty)
    logits = run_limit(logits, previous_ids, params.max_run)
    if params.is_greedy:
        return temperature_scale(logits, 0.0)
    logits = temperature_scale(logits, params.temperature)
    logits = top_k_filter(logits, params.top_k)
    return top_p_filter(logits, params.top_p)


def probabilities(logits: torch.Tensor) -> torch.Tensor:
    """Softmax in float32: a probability distribution (non-negative, sums to 1)."""
    return torch.softmax(logits.float(), dim=-1)


def greedy_choice(logits: torch.Tensor) -> int:
    """Index of the largest score (the first one on ties, like ``torch.argmax``)."""
    return int(torch.argmax(logits, dim=-1))


def sample(probs: torch.Tensor, generator: torch.Generator) -> int:
    """Draw one token id from a distribution of shape (vocab,) with the caller's generator."""
    return int(torch.multinomial(probs, 1, generator=generator))


def choose(logits: torch.Tensor, previous_ids: Sequence[int] | torch.Tensor,
           params: SamplingParams, generator: torch.Generator | None) -> tuple[int, torch.Tensor]:
    """The next token and the processed distribution it was drawn from."""
    probs = probabilities(process_logits(logits, previous_ids, params))
    if params.is_greedy:
        return greedy_choice(probs), probs
    if generator is None:
        raise ValueError("sampling needs a torch.Generator (never the global random state)")
    return sample(probs, generator), probs
