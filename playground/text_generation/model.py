"""Text generation one token at a time, with everything the model considered along the way.

Chapter §1.3.2 introduces text generation (news, stories, code) with a causal language model, and
§1.1.4 runs one through a Hugging Face pipeline. This module opens that pipeline up: the loop of
nanoGPT's ``generate()`` (karpathy/nanoGPT ``model.py``) over a transformers causal LM with a
key/value cache, reporting at each step the drawn token, its probability, and the top candidates
before and after the decoding rules of :mod:`playground.text_generation.sampling` (temperature,
top-k, top-p, repetition penalty). A step-through mode lets the caller pick each next token
instead. Loading the model and reading its tokens live in :mod:`.tokens`, the example prompts
and request limits in :mod:`.prompts`.

A loaded model is shared by every session of a server, so generation keeps all of its state
(cache, generator, token list) in local variables and runs under ``torch.inference_mode``; a
bounded semaphore (:data:`GATE`) lets only a few generations run at once on a two-core machine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, Sequence

import torch

from playground.compute import MAX_CONCURRENT, MODEL_GATE, Busy, GenerationGate  # noqa: F401
from playground.csv_out import rows_to_csv
from playground.text_generation import sampling
from playground.text_generation.prompts import MAX_NEW_TOKENS, N_CANDIDATES
from playground.text_generation.tokens import LoadedModel, encode_prompt, token_pieces


@dataclass(frozen=True)
class GenerationParams:
    """One generation request; also the cache key of its result."""

    max_new_tokens: int = 40  # tokens to add, at most MAX_NEW_TOKENS
    temperature: float = 0.8
    top_k: int = 50  # 0 = off
    top_p: float = 0.95  # 1.0 = off
    repetition_penalty: float = 1.0
    greedy: bool = False
    seed: int = 0  # seeds the torch.Generator of this request only
    max_run: int = 0  # at most this many identical tokens in a row (0 = no limit)
    n_candidates: int = N_CANDIDATES

    def __post_init__(self):
        if not 1 <= self.max_new_tokens <= MAX_NEW_TOKENS:
            raise ValueError(f"max_new_tokens must be within 1..{MAX_NEW_TOKENS}, "
                             f"got {self.max_new_tokens}")
        if not 1 <= self.n_candidates <= 50:
            raise ValueError(f"n_candidates must be within 1..50, got {self.n_candidates}")
        self.sampling  # validates the decoding rules

    @property
    def sampling(self) -> sampling.SamplingParams:
        return sampling.SamplingParams(temperature=self.temperature, top_k=self.top_k,
                                       top_p=self.top_p, greedy=self.greedy,
                                       repetition_penalty=self.repetition_penalty,
                                       max_run=self.max_run)


# ---------------------------------------------------------------- one step, and the loop

@dataclass(frozen=True)
class Candidate:
    token_id: int
    piece: str
    p_before: float  # the model's own probability (softmax of its raw scores)
    p_after: float  # after penalty, temperature, top-k and top-p; 0 = cut off


@dataclass(frozen=True)
class Distribution:
    """The next-token distribution before and after the decoding rules, for the top candidates."""

    candidates: tuple[Candidate, ...]  # sorted by p_before, the drawn token appended if lower
    n_kept: int  # tokens with a non-zero probability after the rules
    vocab_size: int


@dataclass(frozen=True)
class Step:
    index: int  # 0 for the first generated token
    token_id: int
    piece: str  # the token's own text
    delta: str  # text this step adds to the output ("" while a character is incomplete)
    prob: float  # probability it was drawn with (after the rules)
    prob_before: float  # the model's own probability of it
    distribution: Distribution


def describe(loaded: LoadedModel, before: torch.Tensor, probs_after: torch.Tensor,
             n_candidates: int, chosen: int | None = None) -> Distribution:
    """Top ``n_candidates`` tokens by the model's own probability ``before`` (vocab,), plus
    ``chosen`` if missing, with their probabilities after the decoding rules (``probs_after``)."""
    top = torch.topk(before, min(n_candidates, before.shape[-1])).indices.tolist()
    if chosen is not None and chosen not in top:
        top.append(chosen)
    index = torch.tensor(top)
    candidates = tuple(Candidate(i, piece, b, a) for i, piece, b, a in zip(
        top, token_pieces(loaded, top), before[index].tolist(), probs_after[index].tolist()))
    return Distribution(candidates, int((probs_after > 0).sum()), int(before.shape[-1]))


@dataclass(frozen=True, eq=False)
class NextToken:
    """What the model proposes after a given text: the reported candidates and the full
    distributions (vocab,) before and after the decoding rules."""

    distribution: Distribution
    probs: torch.Tensor  # after the rules
    probs_before: torch.Tensor  # the model's own


def next_distribution(loaded: LoadedModel, ids: Sequence[int],
                      params: GenerationParams) -> NextToken:
    """Distribution of the token after ``ids`` (one full forward pass, no cache): the building
    block of the step-through mode, where a person picks each token."""
    with torch.inference_mode():
        context = list(ids)[-loaded.window:]
        raw = loaded.model(input_ids=torch.tensor([context])).logits[0, -1].float()
        probs = sampling.probabilities(sampling.process_logits(raw, ids, params.sampling))
        before = torch.softmax(raw, dim=-1)
        return NextToken(describe(loaded, before, probs, params.n_candidates), probs, before)


def generate(loaded: LoadedModel, prompt_ids: Sequence[int], params: GenerationParams, *,
             pick: Callable[[Distribution], int] | None = None,
             stop: Callable[[], bool] | None = None) -> Iterator[Step]:
    """Generate up to ``params.max_new_tokens`` tokens after ``prompt_ids``, one Step at a time.

    ``pick`` (step-through) receives each distribution and returns the token to append;
    ``stop`` is polled before every step.
    """
    model, tokenizer = loaded.model, loaded.tokenizer
    rules = params.sampling
    generator = torch.Generator().manual_seed(params.seed)  # this request's randomness only
    ids = list(prompt_ids) or [loaded.start_id]
    new: list[int] = []
    shown = ""
    past, feed, cached = None, ids[-loaded.window:], 0
    keep = max(loaded.window * 3 // 4, 1)
    for index in range(params.max_new_tokens):
        # 1. stop when the user asks (stop button, closed tab)
        if stop is not None and stop():
            return
        # 2. crop the context: when the window is full, restart the cache from recent tokens
        if cached + len(feed) > loaded.window:
            past, feed, cached = None, ids[-keep:], 0
        # (inference mode is thread-local, so it is entered per step and never held across a
        # yield: a generator abandoned by a stopped page cannot leave it switched on.)
        with torch.inference_mode():
            # 3. forward only the new tokens; the cache holds the keys and values of the others
            out = model(input_ids=torch.tensor([feed]), past_key_values=past, use_cache=True)
            past, cached = out.past_key_values, cached + len(feed)
            raw = out.logits[0, -1].float()
            # 4. the decoding rules: repetition penalty, temperature, top-k, top-p, softmax
            probs = sampling.probabilities(sampling.process_logits(raw, ids, rules))
            before = torch.softmax(raw, dim=-1)
            distribution = (describe(loaded, before, probs, params.n_candidates)
                            if pick is not None else None)
        # 5. choose: the caller's pick, the most probable token, or a draw with our generator
        if pick is not None:
            token = int(pick(distribution))
        elif rules.is_greedy:
            token = sampling.greedy_choice(probs)
        else:
            token = sampling.sample(probs, generator)
        # 6. append, and find the text it adds (held back while a character is incomplete)
        ids.append(token)
        new.append(token)
        feed = [token]
        text = tokenizer.decode(new, skip_special_tokens=True)
        delta = "" if text.endswith("\ufffd") else text[len(shown):]
        shown = shown if text.endswith("\ufffd") else text
        # 7. report the step: what was drawn and what else the model considered
        distribution = describe(loaded, before, probs, params.n_candidates, token)
        yield Step(index, token, token_pieces(loaded, [token])[0], delta, float(probs[token]),
                   float(before[token]), distribution)
        # 8. an end-of-text token ends the text
        if token == tokenizer.eos_token_id:
            return


def draw_token(probs: torch.Tensor, params: GenerationParams, index: int) -> int:
    """A token for step ``index`` of the step-through mode: greedy, or drawn with a generator
    seeded by the page's seed and the step, so the same clicks give the same text."""
    if params.sampling.is_greedy:
        return sampling.greedy_choice(probs)
    return sampling.sample(probs, torch.Generator().manual_seed(params.seed * 1_000_003 + index))


def append_choice(loaded: LoadedModel, steps: Sequence[Step], proposal: NextToken,
                  token_id: int) -> Step:
    """The Step a person makes by picking ``token_id`` from ``proposal`` (step-through)."""
    ids = [s.token_id for s in steps] + [token_id]
    text = loaded.tokenizer.decode(ids, skip_special_tokens=True)
    shown = "".join(s.delta for s in steps)
    delta = "" if text.endswith("\ufffd") else text[len(shown):]
    return Step(len(steps), token_id, token_pieces(loaded, [token_id])[0], delta,
                float(proposal.probs[token_id]), float(proposal.probs_before[token_id]),
                proposal.distribution)


@dataclass
class GenerationResult:
    prompt: str
    params: GenerationParams
    steps: list[Step] = field(default_factory=list)
    finished: bool = False  # False while streaming or after a stop
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return "".join(step.delta for step in self.steps)


def run(loaded: LoadedModel, prompt: str, params: GenerationParams, *,
        stop: Callable[[], bool] | None = None,
        on_step: Callable[[GenerationResult], None] | None = None) -> GenerationResult:
    """The whole generation as one result; ``on_step`` sees the result grow (streaming)."""
    result = GenerationResult(prompt, params)
    started = time.perf_counter()
    for step in generate(loaded, encode_prompt(loaded, prompt), params, stop=stop):
        result.steps.append(step)
        result.seconds = time.perf_counter() - started
        if on_step is not None:
            on_step(result)
    result.finished = not (stop is not None and stop())
    result.seconds = time.perf_counter() - started
    return result


def context_before(prompt: str, steps: Sequence[Step], index: int, chars: int = 24) -> str:
    """The last ``chars`` characters the model had read before step ``index``: the prompt and
    the text of the steps before it (shown in the title of that step's chart)."""
    return (prompt + "".join(step.delta for step in steps[:index]))[-chars:]


def comparison_pair(params: GenerationParams,
                    temperature_b: float) -> tuple[GenerationParams, GenerationParams]:
    """The two requests of the comparison: ``params`` and the same with ``temperature_b``.

    The second one always samples: with greedy decoding its temperature would change nothing.
    """
    return params, replace(params, temperature=temperature_b, greedy=False)


# ---------------------------------------------------------------- sharing two cores

# Text generation and summarization share one gate: they compete for the same cores.
GATE = MODEL_GATE


# ---------------------------------------------------------------- downloads and code

def steps_to_csv(steps: Sequence[Step]) -> bytes:
    """One row per (step, candidate): the probabilities before and after the rules."""
    header = ["step", "drawn_token_id", "drawn_token", "candidate_rank", "candidate_token_id",
              "candidate_token", "p_before", "p_after", "kept", "drawn", "n_kept"]
    rows = [[step.index + 1, step.token_id, step.piece, rank, cand.token_id, cand.piece,
             f"{cand.p_before:.6g}", f"{cand.p_after:.6g}", int(cand.p_after > 0),
             int(cand.token_id == step.token_id), step.distribution.n_kept]
            for step in steps
            for rank, cand in enumerate(step.distribution.candidates, start=1)]
    return rows_to_csv(header, rows)  # tokens are model output: "=..." must stay text
