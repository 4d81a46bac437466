"""Train the tiny GPT-2 bundled in ``assets/models/tiny-gpt2`` (text generation without a network).

Corpus: the reference text that ships with CPython itself, ``pydoc_data.topics`` (the pages that
``help("if")`` shows: the language reference and some library text), under the Python Software
Foundation licence, so every installation of Python can rebuild this model offline.
About 465 kB of English with code examples; one topic in ten (in sorted order) is held out to
measure perplexity on text the model never saw.

Recipe (nanoGPT in miniature): a byte-level BPE tokenizer trained with ``tokenizers``, a
``transformers.GPT2LMHeadModel`` with four layers, random 128-token windows of the training
text, AdamW with warm-up and cosine decay, held-out loss every ``--eval-every`` steps, and the best
checkpoint (lowest held-out loss) saved with ``save_pretrained`` as safetensors.

Run (about 20 minutes on two shared cores)::

    nice -n 10 python scripts/train_tiny_gpt2.py --out assets/models/tiny-gpt2
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import time
from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

EOS = "<|endoftext|>"
WORD = re.compile(r"[A-Za-z]+")


def load_corpus(holdout_every: int = 10) -> tuple[list[str], list[str]]:
    """Training and held-out topic texts of ``pydoc_data.topics`` (sorted by topic name)."""
    from pydoc_data.topics import topics

    names = sorted(topics)
    train = [topics[n] for i, n in enumerate(names) if i % holdout_every != holdout_every // 2]
    held = [topics[n] for i, n in enumerate(names) if i % holdout_every == holdout_every // 2]
    return train, held


def corpus_sha256() -> str:
    """Fingerprint of the corpus file: ``pydoc_data/topics.py`` changes with each Python release."""
    import pydoc_data.topics

    with open(pydoc_data.topics.__file__, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def train_tokenizer(texts: list[str], vocab_size: int) -> PreTrainedTokenizerFast:
    """A GPT-2-style byte-level BPE: any text (Chinese too) becomes pieces of its UTF-8 bytes."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=[EOS],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(texts, trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token=EOS, eos_token=EOS,
                                   unk_token=EOS, model_max_length=256)


def encode(tokenizer, texts: list[str]) -> torch.Tensor:
    """All texts as one stream of token ids, separated by the end-of-text token."""
    ids: list[int] = []
    for text in texts:
        ids += tokenizer.backend_tokenizer.encode(text).ids + [tokenizer.eos_token_id]
    return torch.tensor(ids, dtype=torch.long)


@torch.no_grad()
def held_out_loss(model, data: torch.Tensor, block: int) -> float:
    """Mean next-token cross-entropy over consecutive, non-overlapping windows."""
    model.eval()
    total, count = 0.0, 0
    for start in range(0, len(data) - 1, block):
        chunk = data[start:start + block + 1]
        if len(chunk) < 2:
            break
        out = model(chunk[None, :-1], labels=chunk[None, :-1])
        n = len(chunk) - 2  # the model shifts labels by one inside
        total += out.loss.item() * n
        count += n
    model.train()
    return total / max(count, 1)


def add_training_arguments(parser: argparse.ArgumentParser) -> None:
    """The model-size and optimisation flags both bundled generators are trained with."""
    parser.add_argument("--vocab", type=int, default=2048)
    parser.add_argument("--embd", type=int, default=192)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--heads", type=int, default=6)
    parser.add_argument("--block", type=int, default=128)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--eval-every", type=int, default=100)
    # Periodic held-out checks on the first N held-out tokens only (0: all of them); the final
    # figure in training_metrics.json is always measured on the whole held-out set.
    parser.add_argument("--eval-tokens", type=int, default=0)
    parser.add_argument("--max-minutes", type=float, default=25.0)
    # One thread: on two cores shared with other work, two intra-op threads wait on each other
    # (measured here: 1.2 to 2.3 s per step with two threads, 0.5 to 1 s with one).
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)


def build_model(vocab_size: int, eos_id: int, args, gen: torch.Generator) -> GPT2LMHeadModel:
    """A small GPT-2, initialised from ``gen`` seeded with ``args.seed`` (no global seeding)."""
    config = GPT2Config(vocab_size=vocab_size, n_positions=256, n_embd=args.embd,
                        n_layer=args.layers, n_head=args.heads, resid_pdrop=0.1,
                        embd_pdrop=0.1, attn_pdrop=0.1, bos_token_id=eos_id,
                        eos_token_id=eos_id)
    gen.manual_seed(args.seed)
    model = GPT2LMHeadModel(config)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if param.dim() >= 2:
                param.copy_(torch.randn(param.shape, generator=gen) * 0.02)
    print(f"model: {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters",
          flush=True)
    return model


def train_loop(model, tokenizer, train_ids: torch.Tensor, held_ids: torch.Tensor, args, out: Path,
               started: float, gen: torch.Generator) -> tuple[float, int, list[dict]]:
    """AdamW with warm-up and cosine decay on random windows of ``train_ids``; the checkpoint
    with the lowest held-out loss is saved to ``out``. Returns (best loss, its step, history)."""
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1},
                                   {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr, betas=(0.9, 0.95))
    warmup = max(args.steps // 30, 1)

    def lr_at(step: int) -> float:
        if step < warmup:
            return args.lr * (step + 1) / warmup
        # Progress is the larger of steps done and time used, so that on a busy machine the
        # cosine decay still completes within --max-minutes.
        elapsed = (time.perf_counter() - started) / 60 / args.max_minutes
        progress = max((step - warmup) / max(args.steps - warmup, 1), elapsed)
        return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0))))

    best, best_step, history = float("inf"), -1, []
    model.train()
    for step in range(args.steps + 1):
        out_of_time = (time.perf_counter() - started) / 60 >= args.max_minutes
        if step % args.eval_every == 0 or step == args.steps or out_of_time:
            loss = held_out_loss(model, held_ids[:args.eval_tokens or None], args.block)
            minutes = (time.perf_counter() - started) / 60
            history.append({"step": step, "held_out_loss": loss, "minutes": round(minutes, 2)})
            print(f"step {step:5d}  held-out loss {loss:.3f}  perplexity {math.exp(loss):7.2f}"
                  f"  ({minutes:.1f} min)", flush=True)
            if loss < best:
                best, best_step = loss, step
                model.save_pretrained(out, safe_serialization=True)
                tokenizer.save_pretrained(out)
            if out_of_time or step == args.steps:
                break
        # A batch of random windows of the training stream; targets are the inputs shifted by one.
        starts = torch.randint(0, len(train_ids) - args.block - 1, (args.batch,), generator=gen)
        batch = torch.stack([train_ids[s:s + args.block] for s in starts])
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        loss = model(batch, labels=batch).loss
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    return best, best_step, history


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="assets/models/tiny-gpt2")
    add_training_arguments(parser)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    train_texts, held_texts = load_corpus()
    tokenizer = train_tokenizer(train_texts, args.vocab)
    train_ids, held_ids = encode(tokenizer, train_texts), encode(tokenizer, held_texts)
    print(f"corpus: {sum(map(len, train_texts))} training characters ({len(train_ids)} tokens), "
          f"{sum(map(len, held_texts))} held out ({len(held_ids)} tokens)", flush=True)

    model = build_model(len(tokenizer), tokenizer.eos_token_id, args, gen := torch.Generator())
    best, best_step, history = train_loop(model, tokenizer, train_ids, held_ids, args, out,
                                          started, gen)

    minutes = (time.perf_counter() - started) / 60
    words = sorted({w.lower() for text in train_texts for w in WORD.findall(text)})
    (out / "corpus_words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    metrics = {"held_out_loss": best, "held_out_perplexity": math.exp(best), "best_step": best_step,
               "train_tokens": len(train_ids), "held_out_tokens": len(held_ids),
               "train_characters": sum(map(len, train_texts)),
               "held_out_characters": sum(map(len, held_texts)),
               "python": sys.version.split()[0], "corpus_sha256": corpus_sha256(),
               "minutes": round(minutes, 1),
               "args": vars(args), "history": history}
    (out / "training_metrics.json").write_text(json.dumps(metrics, indent=1), encoding="utf-8")
    print(f"best held-out perplexity {math.exp(best):.2f} at step {best_step}; "
          f"{minutes:.1f} min in all; saved to {out}", flush=True)


if __name__ == "__main__":
    main()
