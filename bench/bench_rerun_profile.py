"""Where the time of one slider change goes, page by page (issue 13: cheaper reruns).

    python bench/bench_rerun_profile.py [--pages gmm,hmm] [--repeats 5] [--lang en]

Each page runs in ``streamlit.testing.v1.AppTest`` (the real page script, in this process), at
its defaults; then its first slider (the first ``Slider`` of its spec that the page shows at the
defaults) is moved to ``--repeats`` new values in turn, so every change is a real recomputation (no cache
hit). For each page it prints medians over those changes:

- ``script``: the whole rerun of the page script;
- ``figures``: time inside the topic's figure builders (``playground.<topic>.figures``);
- ``charts``: time inside ``ui.common.plotly_chart`` (presenter scaling, the float32 cast and
  Streamlit's marshalling, which is ``plotly.io.to_json``);
- ``rest``: script minus the two (the model's work, widgets, text);
- ``payload``: bytes of all element messages the rerun produced (what Streamlit sends when
  every element changed; an unchanged element is still sent), and the largest element.

AppTest has no browser and no network, so this is the server's side only. The same changes end
to end, through a running server, are ``python bench/bench_load.py --single``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from playground.spec import Seed, Slider  # noqa: E402
from playground.topics import TOPICS  # noqa: E402

ENTRY = str(ROOT / "streamlit_app.py")


class Stopwatch:
    """Time spent inside wrapped functions, by name; nested calls count once (outermost)."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self._depth: dict[str, int] = defaultdict(int)

    def wrap(self, bucket: str, function):
        def timed(*args, **kwargs):
            self._depth[bucket] += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self._depth[bucket] -= 1
                if self._depth[bucket] == 0:
                    self.seconds[bucket] += time.perf_counter() - started
        timed.__wrapped__ = function
        return timed

    def reset(self):
        self.seconds.clear()


def instrument(topic_name: str, watch: Stopwatch) -> None:
    """Wrap the topic's figure builders and the shared chart call (module attributes: pages
    look them up at call time)."""
    import ui.common as common

    figures = import_module(f"playground.{topic_name}.figures")
    for name in dir(figures):
        value = getattr(figures, name)
        if (callable(value) and not name.startswith("_") and not isinstance(value, type)
                and getattr(value, "__module__", "") == figures.__name__):
            setattr(figures, name, watch.wrap("figures", value))
    if not hasattr(common.plotly_chart, "__wrapped__"):
        common.plotly_chart = watch.wrap("charts", common.plotly_chart)


def uninstrument(topic_name: str) -> None:
    import ui.common as common

    figures = import_module(f"playground.{topic_name}.figures")
    for name in dir(figures):
        value = getattr(figures, name)
        if hasattr(value, "__wrapped__") and callable(value):
            setattr(figures, name, value.__wrapped__)
    common.plotly_chart = getattr(common.plotly_chart, "__wrapped__", common.plotly_chart)


def element_sizes(at: AppTest) -> list[int]:
    """Serialised size of every element the last run produced."""
    sizes = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "SerializeToString"):
            sizes.append(len(proto.SerializeToString()))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return sizes


def page_sliders(topic_name: str):
    """[(widget key, values to try)] of the spec's sliders shown at the defaults, in order
    (seeds excluded: they are number boxes)."""
    spec = import_module(f"playground.{topic_name}.spec").SPEC
    values = spec.defaults()
    found = []
    for control in spec.controls:
        if isinstance(control, Slider) and not isinstance(control, Seed) and control.shown(values):
            high = control.high_for(values)
            n = int(round((high - control.low) / control.step))
            found.append((spec.widget_key(control.key), [
                control.coerce(control.low + round(n * f) * control.step)
                for f in (0.2, 0.8, 0.35, 0.65, 0.5, 0.1, 0.9, 0.45)]))
    return found


def profile(topic, lang: str, repeats: int) -> dict | None:
    sliders = page_sliders(topic.name)
    if not sliders:
        return None
    at = AppTest.from_file(ENTRY, default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(topic.page).run()
    on_page = {w.key: w for w in at.slider}
    key, candidates = next(((k, c) for k, c in sliders if k in on_page), (sliders[0][0], None))
    if candidates is None:
        return {"name": topic.name, "key": key, "missing": True}
    slider = on_page[key]
    tried = [v for v in candidates if v != slider.value][:repeats]
    watch = Stopwatch()
    instrument(topic.name, watch)
    rows = []
    try:
        for value in tried:
            watch.reset()
            slider = next(w for w in at.slider if w.key == key)
            slider.set_value(value)
            started = time.perf_counter()
            at.run()
            script = time.perf_counter() - started
            sizes = element_sizes(at)
            rows.append({"script": script, "figures": watch.seconds["figures"],
                         "charts": watch.seconds["charts"], "bytes": sum(sizes),
                         "largest": max(sizes, default=0), "errors": len(at.exception)})
    finally:
        uninstrument(topic.name)
    median = {name: statistics.median(row[name] for row in rows) for name in rows[0]}
    return {"name": topic.name, "key": key, **median}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", default="", help="comma-separated topic names (default all)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--lang", default="en", choices=("en", "zh"))
    args = parser.parse_args(argv)
    wanted = set(filter(None, args.pages.split(",")))
    print(f"one slider change per page, server side (AppTest), median of {args.repeats}:")
    print(f"{'page':18s} {'slider':24s} {'script':>8s} {'figures':>8s} {'charts':>8s} "
          f"{'rest':>8s} {'payload':>9s} {'largest':>9s}")
    for topic in TOPICS:
        if wanted and topic.name not in wanted:
            continue
        row = profile(topic, args.lang, args.repeats)
        if row is None:
            print(f"{topic.name:18s} (no slider in its spec)")
            continue
        if row.get("missing"):
            print(f"{topic.name:18s} {row['key']:24s} (no spec slider on the page at its defaults)")
            continue
        rest = row["script"] - row["figures"] - row["charts"]
        print(f"{topic.name:18s} {row['key']:24s} {row['script'] * 1000:6.0f}ms "
              f"{row['figures'] * 1000:6.0f}ms {row['charts'] * 1000:6.0f}ms {rest * 1000:6.0f}ms "
              f"{row['bytes'] / 1024:7.0f}kB {row['largest'] / 1024:7.0f}kB"
              + (f"  errors: {row['errors']}" if row["errors"] else ""))


if __name__ == "__main__":
    main()
