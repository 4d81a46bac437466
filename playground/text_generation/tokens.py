"""The causal language model and its tokens: which model runs, loading it, and the text of every
token (chapter §1.3.2; §1.1.4 runs the same kind of model through a Hugging Face pipeline).

Which model runs comes from ``playground.models.choose_model("text-generation")`` for the
prompt's language: a hub model that reads it, from the local cache or the hub, else the model
bundled for that language (``assets/models/tiny-gpt2`` for English, the Chinese review generator
``assets/models/review-gpt2-zh`` for Chinese).
A loaded model is shared by every session of a server and only read after loading.

Byte-level BPE tokenizers (GPT-2's) cut text into byte pieces; a piece that holds part of a
character (one of the three UTF-8 bytes of a Chinese character, say) is shown as its bytes, so
the page can show what the model actually reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from playground.errors import InputError
from playground.models import ModelChoice, choose_model, load_registry
from playground.text_generation.prompts import MAX_PROMPT_CHARS

TASK = "text-generation"

def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible map from bytes to printable characters (byte-level BPE pieces)."""
    visible = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
               + list(range(ord("®"), ord("ÿ") + 1)))
    chars, extra = list(visible), 0
    for byte in range(256):
        if byte not in visible:
            visible.append(byte)
            chars.append(256 + extra)
            extra += 1
    return dict(zip(visible, map(chr, chars)))


BYTE_DECODER = {char: byte for byte, char in _bytes_to_unicode().items()}


@dataclass(frozen=True, eq=False)
class LoadedModel:
    """A causal LM, its tokenizer and what the page says about it. Read-only once built."""

    model: object
    tokenizer: object
    choice: ModelChoice
    languages: tuple[str, ...]
    window: int  # positions the model can attend to
    byte_level: bool  # GPT-2-style byte-level BPE pieces
    pieces: tuple[str, ...]  # readable text of every token id

    @property
    def bundled(self) -> bool:
        return self.choice.source == "bundled"

    @property
    def start_id(self) -> int:
        tok = self.tokenizer
        for candidate in (tok.bos_token_id, tok.eos_token_id, getattr(tok, "cls_token_id", None)):
            if candidate is not None:
                return candidate
        return 0


def model_languages(choice: ModelChoice) -> tuple[str, ...]:
    entry = load_registry()[TASK]
    for listed in (*entry.hub, *entry.bundled_models):
        if listed.id == choice.model_id:
            return listed.languages or ("en",)
    return ("en",)


def pick_model(preferred: str | None = None, language: str | None = None,
               **kwargs) -> ModelChoice:
    """Which model runs for a prompt in ``language`` (any model when None): the preferred hub
    model if it reads the language, else the first that does, from the cache or the hub; else
    the model bundled for the language (see ``playground.models.choose_model``)."""
    from playground.models import TaskModels

    entry = kwargs.pop("registry", None) or load_registry()
    entry = entry[TASK]
    hub = tuple(m for m in entry.hub if language is None or language in m.languages)
    if preferred not in {m.id for m in hub}:
        preferred = hub[0].id if hub else None
    registry = {TASK: TaskModels(TASK, hub, entry.bundled_models)}
    return choose_model(TASK, preferred=preferred, registry=registry, language=language,
                        **kwargs)


def load_model(choice: ModelChoice, languages: tuple[str, ...] | None = None) -> LoadedModel:
    """Load tokenizer and model for ``choice`` (never touching the network unless it may)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if choice.source == "bundled":  # a clear message for a broken copy, not a traceback
        from playground.model_files import REPO_ROOT, check_transformers_dir

        check_transformers_dir(REPO_ROOT / choice.model_id)
    kwargs = choice.load_kwargs()
    tokenizer = AutoTokenizer.from_pretrained(**kwargs)
    model = AutoModelForCausalLM.from_pretrained(**kwargs, dtype=torch.float32).eval()
    config = model.config
    window = (getattr(config, "n_positions", None) or getattr(config, "max_position_embeddings",
                                                                None) or 1024)
    decoder = getattr(getattr(tokenizer, "backend_tokenizer", None), "decoder", None)
    byte_level = "ByteLevel" in repr(decoder)
    return LoadedModel(model=model, tokenizer=tokenizer, choice=choice,
                       languages=languages or model_languages(choice), window=int(window),
                       byte_level=byte_level, pieces=_piece_table(tokenizer, byte_level))


def token_pieces(loaded: LoadedModel, ids: Sequence[int]) -> list[str]:
    """Readable text of single tokens (a lookup in the table built at load time)."""
    table = loaded.pieces
    return [table[i] if 0 <= i < len(table) else loaded.tokenizer.decode([i]) for i in ids]


def _piece_table(tokenizer, byte_level: bool) -> tuple[str, ...]:
    """Readable text of every token id. A byte-level piece holding part of a character (one of
    the three UTF-8 bytes of a Chinese character, say) is shown as its bytes, e.g. ``<E4 B8>``."""
    ids = list(range(len(tokenizer)))
    if not byte_level:
        return tuple(tokenizer.decode([i]) for i in ids)
    special = set(tokenizer.all_special_tokens)
    pieces = []
    for token in tokenizer.convert_ids_to_tokens(ids):
        if token is None or token in special or any(c not in BYTE_DECODER for c in token):
            pieces.append(token or "")
            continue
        raw = bytes(BYTE_DECODER[c] for c in token)
        try:
            pieces.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            pieces.append("<" + " ".join(f"{b:02X}" for b in raw) + ">")
    return tuple(pieces)


def hub_model_ids() -> tuple[str, ...]:
    """The hub models the registry offers for text generation, preferred first."""
    return tuple(m.id for m in load_registry()[TASK].hub)


def encode_prompt(loaded: LoadedModel, prompt: str) -> list[int]:
    """Token ids of the prompt; an empty prompt starts from the start-of-text token."""
    if len(prompt) > MAX_PROMPT_CHARS:
        raise InputError("text_generation.err_prompt_too_long", limit=MAX_PROMPT_CHARS)
    backend = getattr(loaded.tokenizer, "backend_tokenizer", None)
    if not prompt:
        ids = []
    elif backend is not None:  # the Rust tokenizer's encode does not mutate: thread-safe
        ids = backend.encode(prompt, add_special_tokens=False).ids
    else:
        ids = loaded.tokenizer(prompt, add_special_tokens=False)["input_ids"]
    return list(ids) or [loaded.start_id]


def tokenize(loaded: LoadedModel, text: str) -> list[tuple[int, str]]:
    """(id, piece) for each token of ``text``: what the model actually reads."""
    ids = encode_prompt(loaded, text)
    return list(zip(ids, token_pieces(loaded, ids)))
