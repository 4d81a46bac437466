"""Abstractive summaries: a sequence-to-sequence model writes a new, shorter text.

Chapter §1.3.2 notes that some summarizers extract text from the input while others generate new
text, and hands a paragraph about Paris to ``pipeline("summarization")``. By default the model is
distilBART fine-tuned on CNN/Daily Mail (BART, Lewis et al. 2020, distilled by Shleifer & Rush
2020). It needs the model from the Hugging Face hub or the local cache; generation is capped in
length and waits for a slot of the gate it shares with text generation.
"""

from __future__ import annotations

import copy
import threading
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Callable

from playground.compute import MODEL_GATE, Busy, GenerationGate
from playground.errors import InputError

MAX_NEW_TOKENS = 150  # cap on generated tokens: a class shares two CPU cores
SLOT_TIMEOUT_S = 90.0


@dataclass(frozen=True)
class AbstractParams:
    max_new_tokens: int = 60  # length cap of the generated summary, in model tokens
    num_beams: int = 2  # beam search keeps this many candidate summaries at each step
    no_repeat_ngram_size: int = 3  # forbids repeating any 3 tokens, a common summarizer guard

    def __post_init__(self):
        if not 8 <= self.max_new_tokens <= MAX_NEW_TOKENS:
            raise ValueError(f"max_new_tokens must be within 8..{MAX_NEW_TOKENS}, "
                             f"got {self.max_new_tokens}")
        if not 1 <= self.num_beams <= 4:
            raise ValueError(f"num_beams must be within 1..4, got {self.num_beams}")
        if not 0 <= self.no_repeat_ngram_size <= 5:
            raise ValueError(f"no_repeat_ngram_size must be within 0..5, "
                             f"got {self.no_repeat_ngram_size}")


@contextmanager
def generation_slot(timeout: float = SLOT_TIMEOUT_S, gate: GenerationGate | None = None,
                    waiting: Callable[[int], None] | None = None):
    """Hold one slot of the process's model gate (shared with text generation), or raise a
    translatable "busy" error after ``timeout`` seconds.

    ``waiting(place)`` is called with the request's place in the first-come, first-served
    queue (1 = next) when it starts waiting, whenever the place changes and about twice a
    second (a UI shows the place, and a Streamlit rerun can interrupt the wait there).
    """
    with ExitStack() as stack:
        try:
            stack.enter_context((gate or MODEL_GATE).slot(
                on_wait=waiting, timeout_s=timeout, poll_s=0.5))
        except Busy:
            raise InputError("summarization.err_busy", seconds=int(timeout)) from None
        yield


@dataclass(frozen=True)
class Summarizer:
    """A loaded sequence-to-sequence model and its tokenizer (shared by all sessions: read-only).

    The gate lets two generations run at once, and a fast tokenizer keeps its truncation
    setting in shared state that every call rewrites: tokenizer calls hold ``lock``, or one
    session could feed the model an untruncated text (an IndexError past its positions).
    """

    model_id: str
    tokenizer: object
    model: object
    max_input_tokens: int
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)


def load_summarizer(choice) -> Summarizer:
    """Load the model of a :class:`playground.models.ModelChoice` (never downloads unless the
    choice allows it). Imports transformers here, not at module import."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    kwargs = choice.load_kwargs()
    tokenizer = AutoTokenizer.from_pretrained(**kwargs)
    model = AutoModelForSeq2SeqLM.from_pretrained(**kwargs).eval()
    limits = [getattr(model.config, "max_position_embeddings", None) or 1024,
              getattr(tokenizer, "model_max_length", None) or 1024, 1024]
    return Summarizer(choice.model_id, tokenizer, model, int(min(limits)))


@dataclass(frozen=True)
class Abstract:
    summary: str
    input_tokens: int  # tokens the model read (after truncation)
    input_truncated: bool  # the text was longer than the model reads
    output_tokens: int
    stopped: bool = False  # generation was stopped early


def generate_summary(summarizer: Summarizer, text: str, params: AbstractParams = AbstractParams(),
                     progress: Callable[[int, int], None] | None = None,
                     stop: threading.Event | None = None) -> Abstract:
    """Write a new summary of ``text`` with the model.

    ``progress(done, total)`` is called after every generated token (``total`` is the cap);
    setting ``stop`` ends generation after the current token. Call inside :func:`generation_slot`.
    """
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    tokenizer, model = summarizer.tokenizer, summarizer.model
    with summarizer.lock:
        n_tokens = len(tokenizer(text, truncation=False, verbose=False)["input_ids"])
        inputs = tokenizer(text, return_tensors="pt", truncation=True,
                           max_length=summarizer.max_input_tokens)
    stopped = []

    class Report(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):
            done = input_ids.shape[1] - 1  # minus the decoder start token
            if progress is not None:
                progress(min(done, params.max_new_tokens), params.max_new_tokens)
            halt = stop is not None and stop.is_set()
            if halt:
                stopped.append(True)
            return torch.full((input_ids.shape[0],), halt, dtype=torch.bool)

    # The model's own settings (e.g. distilBART's min_length=56, 4 beams) give way to the page's.
    config = copy.deepcopy(model.generation_config)
    config.update(max_length=None, min_length=None, max_new_tokens=params.max_new_tokens,
                  min_new_tokens=min(8, params.max_new_tokens), num_beams=params.num_beams,
                  do_sample=False, no_repeat_ngram_size=params.no_repeat_ngram_size,
                  early_stopping=True)
    with torch.inference_mode():
        output = model.generate(**inputs, generation_config=config,
                                stopping_criteria=StoppingCriteriaList([Report()]))
    tokens = output[0]
    summary = tokenizer.decode(tokens, skip_special_tokens=True).strip()
    special = set(tokenizer.all_special_ids)
    return Abstract(summary=summary, input_tokens=int(inputs["input_ids"].shape[1]),
                    input_truncated=n_tokens > inputs["input_ids"].shape[1],
                    output_tokens=sum(int(t) not in special for t in tokens),
                    stopped=bool(stopped))


def available_model(task: str = "summarization"):
    """The ModelChoice the registry picks for ``task`` (a local copy first), or None when no
    model is on disk and the hub cannot be reached."""
    from playground.models import choose_model  # imports huggingface_hub, not transformers

    try:
        return choose_model(task)
    except LookupError:
        return None


def hub_model_ids(registry=None, task: str = "summarization") -> list[str]:
    """Hub models the registry offers for the task, preferred first."""
    from playground.models import load_registry

    return [m.id for m in (registry or load_registry())[task].hub]


def model_languages(model_id: str, registry=None, task: str = "summarization") -> tuple[str, ...]:
    """Languages the registry lists for a hub model (empty when it does not list it)."""
    from playground.models import load_registry

    entry = (registry or load_registry())[task]
    return next((m.languages for m in entry.hub if m.id == model_id), ())


def prepare_command(model_id: str) -> str:
    """Shell command that puts a hub model into the local cache (run on a connected machine)."""
    return (f'python -c "from transformers import pipeline; '
            f"pipeline('summarization', model='{model_id}')\"")
