"""Speed of the text-generation page's loop against plain ``model.generate``, on the bundled model.

Prints, from one run: tokens per second of the page's path (KV cache, streaming one Step at a
time, candidates before/after the rules and token text at every step) and of
``model.generate(do_sample=True, ...)`` with the same settings, their ratio (target >= 0.9), and
the time to the first token with a warm model (target <= 0.3 s). The two are run alternately
and medians are reported, because the course machines are shared.

    python bench/bench_text_generation.py [--tokens 60] [--repeats 7] [--threads 1]

With ``--chinese`` it measures the bundled Chinese review generator instead, against the bars of
its model card: size on disk (<= 20 MB), held-out perplexity (from its training metrics), the share
of generated characters that are Chinese or punctuation at the page's defaults (>= 90%), the
longest run of one repeated character (<= 3), how often snownlp's naive Bayes reads a review
with the polarity that was asked for, and tokens per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playground.models import decide_offline_mode  # noqa: E402

decide_offline_mode()

import torch  # noqa: E402

from playground.text_generation import model as textgen  # noqa: E402
from playground.text_generation import tokens  # noqa: E402

PROMPT = "The following example shows how a class is defined:"


def page_path(loaded, ids, params) -> tuple[int, float, float]:
    """(tokens, seconds, seconds to the first token) of the page's streaming loop."""
    started = time.perf_counter()
    first, text, n = None, "", 0
    for step in textgen.generate(loaded, ids, params):
        if first is None:
            first = time.perf_counter() - started
        text += step.delta  # what the page appends to its placeholder
        n += 1
    return n, time.perf_counter() - started, first


def plain_generate(loaded, ids, params) -> tuple[int, float]:
    tensor = torch.tensor([ids])
    started = time.perf_counter()
    with torch.inference_mode():
        out = loaded.model.generate(
            tensor, attention_mask=torch.ones_like(tensor), do_sample=True,
            max_new_tokens=params.max_new_tokens, temperature=params.temperature,
            top_k=params.top_k, top_p=params.top_p,
            repetition_penalty=params.repetition_penalty,
            pad_token_id=loaded.tokenizer.eos_token_id)
    return out.shape[1] - tensor.shape[1], time.perf_counter() - started


def chinese_figures(reviews_per_label: int, new_tokens: int) -> None:
    """The model card's figures for the bundled Chinese review generator."""
    import json

    from playground import sentiment
    from playground.text_generation import prompts
    from playground.text_generation.spec import SPEC

    choice = tokens.pick_model(language="zh", online=False, cache_dir="/nonexistent")
    loaded = tokens.load_model(choice)
    folder = Path(__file__).resolve().parent.parent / choice.model_id
    size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
    metrics = json.loads((folder / "training_metrics.json").read_text(encoding="utf-8"))
    defaults = SPEC.params()
    chars = good = longest = agree = non_empty = n_tokens = 0
    started = time.perf_counter()
    for polarity in prompts.POLARITIES:
        for seed in range(reviews_per_label):
            params = textgen.GenerationParams(**{**defaults.__dict__, "seed": seed,
                                                 "max_new_tokens": new_tokens})
            result = textgen.run(loaded, prompts.review_prompt(polarity), params)
            n_tokens += len(result.steps)
            text = result.text
            chars += len(text)
            good += prompts.chinese_share(text)[0]
            longest = max(longest, prompts.longest_run(text))
            if text.strip():
                non_empty += 1
                agree += sentiment.explain_snownlp(text).label == polarity
    seconds = time.perf_counter() - started
    print(f"model: {choice.model_id}, {size:.1f} MB on disk (bar: <= 20 MB)")
    print(f"held-out perplexity: {metrics['held_out_perplexity']:.1f} per character "
          f"({metrics['held_out_reviews']} reviews, best step {metrics['best_step']})")
    print(f"{2 * reviews_per_label} reviews of {new_tokens} tokens at the page's defaults "
          f"(T={defaults.temperature}, top-k={defaults.top_k}, top-p={defaults.top_p}):")
    print(f"  Chinese characters or punctuation: {good / max(chars, 1):.1%} (bar: >= 90%)")
    print(f"  longest run of one repeated character: {longest} (bar: <= 3)")
    print(f"  naive Bayes reads the asked polarity: {agree} of {non_empty}")
    print(f"  speed: {n_tokens / seconds:.0f} tokens/s, torch threads {torch.get_num_threads()}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chinese", action="store_true",
                        help="the bundled Chinese review generator's model-card figures")
    parser.add_argument("--reviews", type=int, default=20, help="--chinese: reviews per label")
    parser.add_argument("--tokens", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch intra-op threads; on a busy shared machine 1 beats 2 by far "
                             "for a model this small (two threads wait on each other)")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.chinese:
        chinese_figures(args.reviews, args.tokens)
        return
    loaded = tokens.load_model(tokens.pick_model(language="en"))
    params = textgen.GenerationParams(max_new_tokens=args.tokens, temperature=0.8, top_k=50,
                                      top_p=0.95, seed=0)
    ids = tokens.encode_prompt(loaded, PROMPT)
    page_path(loaded, ids, params)  # warm-up: first calls allocate and pick kernels
    plain_generate(loaded, ids, params)
    ours, theirs, firsts = [], [], []
    for repeat in range(args.repeats):
        run_params = textgen.GenerationParams(**{**params.__dict__, "seed": repeat})
        n, seconds, first = page_path(loaded, ids, run_params)
        ours.append(n / seconds)
        firsts.append(first)
        n, seconds = plain_generate(loaded, ids, params)
        theirs.append(n / seconds)
    page_rate, plain_rate = statistics.median(ours), statistics.median(theirs)
    first = statistics.median(firsts)
    print(f"model: {loaded.choice.model_id} ({loaded.choice.source}), {args.tokens} new tokens, "
          f"T=0.8 top-k=50 top-p=0.95, {args.repeats} alternating runs, torch threads "
          f"{torch.get_num_threads()}")
    print(f"{'path':<44}{'tokens/s (median)':>20}")
    print(f"{'page loop (stream + per-step candidates)':<44}{page_rate:>20.1f}")
    print(f"{'model.generate(do_sample=True)':<44}{plain_rate:>20.1f}")
    print(f"ratio page / generate: {page_rate / plain_rate:.2f} (target >= 0.9)")
    print(f"time to first token, warm model: {first * 1000:.1f} ms (target <= 300 ms)")


if __name__ == "__main__":
    main()
