"""Tiny Hugging Face models built in-process, for tests that must never touch the network.

``tiny_gpt2()`` trains a byte-level BPE tokenizer on a few sentences and wraps a randomly
initialised two-layer GPT-2 around it (well under a second). ``save_to_hub_cache()`` writes any
``save_pretrained``-able objects into the layout of the local Hugging Face cache::

    <cache>/models--<org>--<name>/snapshots/<commit>/config.json ...
    <cache>/models--<org>--<name>/refs/main          (contains <commit>)

so that ``choose_model(..., cache_dir=<cache>, online=False)`` finds the model as "cached" and
``from_pretrained(id, cache_dir=<cache>, local_files_only=True)`` loads it, as in a classroom
where a presenter downloaded the model beforehand. Other pages' tests can reuse both helpers
(e.g. a tiny sequence classifier saved with ``save_to_hub_cache``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

TEXT = ("The quick brown fox jumps over the lazy dog. A small model reads a small text. "
        "Python code: def add(a, b): return a + b. 小模型也能读中文。") * 20


def tiny_tokenizer(texts=(TEXT,), vocab_size: int = 300):
    """A GPT-2-style byte-level BPE tokenizer trained on ``texts``."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(list(texts), trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|endoftext|>",
                                   eos_token="<|endoftext|>", unk_token="<|endoftext|>")


def tiny_gpt2(seed: int = 0, n_positions: int = 64):
    """(model, tokenizer): a randomly initialised two-layer GPT-2 with a 300-token vocabulary.

    The weights come from a ``torch.Generator`` seeded with ``seed`` (no global seeding).
    """
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    tokenizer = tiny_tokenizer()
    config = GPT2Config(vocab_size=len(tokenizer), n_positions=n_positions, n_embd=32,
                        n_layer=2, n_head=2, bos_token_id=tokenizer.eos_token_id,
                        eos_token_id=tokenizer.eos_token_id)
    model = GPT2LMHeadModel(config).eval()
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for param in model.parameters():
            param.copy_(torch.randn(param.shape, generator=generator) * 0.3)
    return model, tokenizer


def save_to_hub_cache(cache_dir: str | Path, model_id: str, *objects) -> Path:
    """Save ``objects`` (model, tokenizer, ...) as hub model ``model_id`` in a cache folder.

    Returns the snapshot folder.
    """
    repo = Path(cache_dir) / ("models--" + model_id.replace("/", "--"))
    commit = hashlib.sha1(model_id.encode()).hexdigest()
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True, exist_ok=True)
    for obj in objects:
        obj.save_pretrained(snapshot)
    (repo / "refs").mkdir(exist_ok=True)
    (repo / "refs" / "main").write_text(commit)
    return snapshot
