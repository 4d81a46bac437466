"""Speed of the extractive summariser and of the summarization page.

    python bench/bench_summarization.py [reruns]

1. The backend alone (``clean_text`` + ``extract``, median of 20 calls) for each scoring method on
   the chapter's Paris paragraph and on a 20,000-character text (the page's cap), made by
   shuffling the sentences of the three bundled texts with a fixed seed.
2. The page's server time per rerun through AppTest (median of ``reruns``, default 20): each rerun
   changes the scoring method or the number of sentences to a combination not seen before, so
   the extract is recomputed rather than served from the cache; once on the Paris preset, once
   on the 20,000-character text pasted as the user's own text. The abstractive summary is not
   timed: it needs the hub model and only runs on a button press.
3. The lesson's claims: the scores on the Paris paragraph (two sentences: every method ties, the
   first sentence is kept) and on the page's default text (scores that differ).
"""

import itertools
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from playground.summarization import model as summ  # noqa: E402
from playground.summarization import text as sumtext  # noqa: E402


def long_text(n_chars: int = sumtext.MAX_CHARS, seed: int = 0) -> str:
    """About ``n_chars`` characters of shuffled sentences from the bundled texts."""
    pool = [s.text for p in sumtext.PRESETS for s in sumtext.split_sentences(sumtext.load_preset(p))]
    rng = np.random.default_rng(seed)
    parts, size = [], 0
    while size < n_chars:
        sentence = pool[rng.integers(len(pool))]
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)[:n_chars]


def median_ms(function, repeats: int = 20) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def backend() -> None:
    texts = {"Paris paragraph": sumtext.load_preset("paris"), "20,000 characters": long_text()}
    print("extractive summariser (clean_text + extract), median of 20 calls")
    for name, text in texts.items():
        n = len(sumtext.clean_text(text).sentences)
        cells = []
        for method in summ.METHODS:
            params = summ.ExtractParams(method=method, n_sentences=3)
            elapsed = median_ms(lambda: summ.extract(sumtext.clean_text(text), params))
            cells.append(f"{method} {elapsed:.1f} ms")
        print(f"  {name} ({len(text):,} chars, {n} sentences): " + ", ".join(cells))


def page(reruns: int) -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/summarization.py").run()
    assert not at.exception, at.exception
    settings = list(itertools.product(summ.METHODS, range(1, 11)))
    print(f"summarization page, server time per rerun after a setting change ({reruns} reruns)")
    for label, prepare in (("Paris preset", lambda: None), ("20,000-character own text", None)):
        if prepare is None:
            at.segmented_control(key="summarization_source").set_value("own").run()
            at.text_area(key="summarization_text").set_value(long_text()).run()
            assert not at.exception, at.exception
        timings = []
        for method, n in settings[:reruns]:
            at.selectbox(key="summarization_method").set_value(method)
            at.slider(key="summarization_n").set_value(n)
            started = time.perf_counter()
            at.run()
            timings.append((time.perf_counter() - started) * 1000)
            assert not at.exception, at.exception
        print(f"  {label}: median {statistics.median(timings):.0f} ms, "
              f"min {min(timings):.0f} ms, max {max(timings):.0f} ms")


def lessons() -> None:
    from playground.summarization.spec import SPEC

    for preset in ("paris", SPEC["source"].default):
        for method in summ.METHODS:
            result = summ.extract_text(sumtext.load_preset(preset),
                                       summ.ExtractParams(method, n_sentences=2))
            scores = " ".join(f"{score:.17g}" for score in result.scores[:4])
            print(f"{preset:6s} {method:9s} kept {[int(i) + 1 for i in result.chosen]} of "
                  f"{len(result.scores)}; first scores {scores}")


if __name__ == "__main__":
    lessons()
    backend()
    page(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
