"""Time to analyse 1,000 lines in batch mode, with VADER and with a neural classifier.

    python bench/bench_sentiment.py [lines]

The neural model is the registry's English classifier if it is in the local Hugging Face cache
(DistilBERT SST-2, as a presenter would prepare it); otherwise the tiny DistilBERT the tests
build in a temporary cache, which measures the batching and tokenising overhead, not a real
model's cost. Also times one word-by-word explanation of the chapter-like example sentence.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from playground.models import decide_offline_mode  # noqa: E402

decide_offline_mode()  # before transformers is imported

from playground import sentiment as sa  # noqa: E402


def lines(n: int) -> list[str]:
    """``n`` review-like lines: the batch example and the English examples, numbered."""
    base = sa.BATCH_EXAMPLE.splitlines() + [t for t in sa.EXAMPLES.values()
                                            if sa.main_language(t) == "en"]
    return [f"{base[k % len(base)]} (#{k})" for k in range(n)]


def timed(function, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def neural_choice(tmp: str):
    choice = sa.choose_for_language("en")
    if choice.model_id != sa.VADER:
        return choice, "cached hub model"
    from test_sentiment_neural import EN_ID, build_tiny_classifier

    build_tiny_classifier(Path(tmp), EN_ID, max_tokens=64)
    return sa.choose_for_language("en", online=False, cache_dir=tmp), "tiny test-built model"


def main(n: int = 1000) -> None:
    texts = lines(n)
    print(f"sentiment batch mode, {n} lines, {os.cpu_count()} CPU cores")
    vader = timed(lambda: sa.analyse_batch(texts))
    print(f"  VADER:   {vader * 1000:7.0f} ms  ({vader / n * 1e6:.0f} µs per line)")
    explain = timed(lambda: sa.explain_vader(sa.EXAMPLES["chapter"]), repeats=20)
    print(f"  VADER word-by-word explanation of one sentence: {explain * 1000:.2f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        choice, kind = neural_choice(tmp)
        model = sa.NeuralSentiment(choice)
        load = time.perf_counter() - started
        neural = timed(lambda: sa.analyse_batch(texts, {"en": model}), repeats=1 if
                       kind == "cached hub model" else 3)
        loo = timed(lambda: sa.leave_one_out(model, sa.EXAMPLES["chapter"]), repeats=3)
        print(f"  neural ({kind}: {choice.model_id}): {neural * 1000:7.0f} ms "
              f"({neural / n * 1e3:.2f} ms per line; import + load {load:.1f} s)")
        units = len(sa.units_of(sa.EXAMPLES["chapter"]))
        print(f"  leave-one-out explanation of one sentence ({units} units): {loo * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
