"""Server time of one rerun of the discriminative page after a slider change.

    python bench/bench_discriminative.py [reruns]

Each rerun moves the "number of points" slider to a value not seen before, so nothing is served
from the cache: the data is regenerated, the SVM refitted and the decision grid re-evaluated.
Prints the median and spread of the reruns and the grid's resolution (targets: at most 150 ms,
at least 150 x 150 points).
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from playground.discriminative.model import GRID_RESOLUTION  # noqa: E402


def main(reruns: int = 25) -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/discriminative.py").run()
    assert not at.exception, at.exception
    timings = []
    for step in range(reruns):
        at.slider(key="discriminative_n").set_value(210 + 10 * step)
        started = time.perf_counter()
        at.run()
        timings.append((time.perf_counter() - started) * 1000)
        assert not at.exception, at.exception
    heatmap = at.get("plotly_chart")[0].proto.spec
    print(f"discriminative page, default settings (SVM, RBF), {reruns} reruns after a slider change")
    print(f"  server time per rerun: median {statistics.median(timings):.0f} ms, "
          f"min {min(timings):.0f} ms, max {max(timings):.0f} ms (target <= 150 ms)")
    print(f"  decision grid: {GRID_RESOLUTION} x {GRID_RESOLUTION} = {GRID_RESOLUTION**2} points "
          f"(target >= 150 x 150); figure JSON {len(heatmap) / 1000:.0f} kB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
