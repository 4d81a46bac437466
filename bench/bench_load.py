"""End-to-end timing of a running server, through its real protocol (no AppTest).

Start the app first, then drive it:

    bash scripts/serve.sh --workers 2                      # the class deployment, port 8501
    python bench/bench_load.py --sessions 30 --duration 90  # a class on it
    python bench/bench_load.py --single                     # one session on every page

    python -m ui.launch --server.port 8502 &                # one process, for comparison
    python bench/bench_load.py --url http://127.0.0.1:8502 --sessions 30

Each simulated student is one websocket session of Streamlit's protocol
(``bench/streamlit_client.py``): it opens a page, then acts on average every ``--think`` seconds
(exponentially distributed pauses, counted from the end of its previous result): most move a
slider on a classical page, some press Generate on the text-generation page, some train the 2-D
diffusion model. The figures printed are per kind of interaction: p50 and p95 of the time from
sending the action to the end of the script run (for generation also to the first generated
token), errors (exception boxes, failed runs, timeouts), and the server's resident memory
(the workers' RSS, read from /proc, summed). ``--single`` prints the one-session figure for
each page: first load, and the median of several slider changes, end to end, with the payload.

No timed assertions: this prints figures; the README states them with the load present then.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamlit.proto.Slider_pb2 import Slider

from bench.streamlit_client import Session
from playground.topics import TOPICS

# The page mix: url_path -> share of sessions. Sliders on the classical pages dominate a
# lesson; a few students generate text or train the diffusion model at any moment.
SLIDER_PAGES = ("decision-boundaries", "gmm-clustering", "hmm-sampler")
TEXT_PAGE = "text-generation"
DIFFUSION_PAGE = "diffusion-2d"
# The classical pages (scikit-learn and NumPy, chapter §1.2): the one-session 150 ms target and
# the slider sessions of the class mix. The first-model page is left out of the mix: its
# sliders refit the chapter's Keras model (seconds of TensorFlow, not a slider's redraw).
CLASSICAL = ("discriminative", "gmm", "hmm")
MIX = (("slider", 0.8), ("generate", 0.13), ("train", 0.07))


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def slider_value(widget, rng: random.Random) -> float:
    """A new value on the slider's grid, different from the current one."""
    proto = widget.proto
    step = proto.step or (1 if proto.data_type == Slider.INT else (proto.max - proto.min) / 100)
    n = max(1, round((proto.max - proto.min) / step))
    current = proto.value[0] if proto.value else (proto.default[0] if proto.default else None)
    for _ in range(5):
        value = proto.min + rng.randint(0, n) * step
        value = min(proto.max, round(value) if proto.data_type == Slider.INT else value)
        if value != current:
            return value
    return value


RSS_MATCH = ["ui.launch"]  # --rss-match: which processes are the server's workers


def server_rss_mb() -> dict[int, float]:
    """Resident memory of the Streamlit workers on this machine (pid -> MB): processes whose
    command line contains every ``--rss-match`` string (e.g. ``--server.port 86``)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue  # this script's own command line holds the match strings too
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if not all(word in cmdline for word in RSS_MATCH):
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    found[int(entry.name)] = int(line.split()[1]) / 1024
        except OSError:
            continue
    return found


class Recorder:
    def __init__(self):
        self.times = defaultdict(list)  # kind -> seconds
        self.errors = defaultdict(list)  # kind -> messages
        self.workers = defaultdict(int)

    def run(self, kind: str, result, *, first_kind: str | None = None) -> None:
        if result.status != "ok" or result.exceptions:
            self.errors[kind].append(result.exceptions[0] if result.exceptions else result.status)
            return
        self.times[kind].append(result.seconds)
        if first_kind is not None:
            if result.first_mark is None:
                self.errors[first_kind].append("no token seen")
            else:
                self.times[first_kind].append(result.first_mark)


def is_token(etype: str, body) -> bool:
    """The first generated token: the streamed text's first update (an st.html element) or
    the progress bar leaving zero."""
    return etype == "html" or (etype == "progress" and body.value > 0)


async def student(index: int, args, recorder: Recorder, stop_at: float) -> None:
    rng = random.Random(args.seed * 1000 + index)
    roll, role = rng.random(), "slider"
    for name, share in MIX:
        if roll < share:
            role = name
            break
        roll -= share
    if role == "slider":
        page = SLIDER_PAGES[index % len(SLIDER_PAGES)]
    else:
        page = TEXT_PAGE if role == "generate" else DIFFUSION_PAGE
    # Spread arrivals over the first seconds, as a class opening a link does.
    await asyncio.sleep(rng.uniform(0, min(10.0, args.duration / 4)))
    session = Session(args.url, page=page)
    try:
        await session.open()
        recorder.workers[session.worker] += 1
        recorder.run(f"open {role} page", await session.rerun(timeout=args.timeout))
        while time.monotonic() < stop_at:
            await asyncio.sleep(rng.expovariate(1.0 / args.think))
            if time.monotonic() >= stop_at:
                break
            if role == "slider":
                sliders = session.sliders()
                if not sliders:
                    recorder.errors["slider"].append("no slider on " + page)
                    return
                widget = rng.choice(sliders)
                session.set_slider(widget, slider_value(widget, rng))
                result = await session.rerun(timeout=args.timeout)
                recorder.run("slider", result)
                recorder.run(f"  slider on {page}", result)
            elif role == "generate":
                button = session.find("text_generation_go")
                if button is None:
                    recorder.errors["generate"].append("no Generate button")
                    return
                result = await session.rerun(session.trigger(button), timeout=args.timeout,
                                             mark=is_token)
                recorder.run("generate (all tokens)", result, first_kind="first token")
            else:
                button = session.find("diffusion_train")
                if button is None:
                    recorder.errors["train"].append("no Train button")
                    return
                result = await session.rerun(session.trigger(button), timeout=args.timeout,
                                             mark=lambda etype, body: etype == "progress")
                recorder.run("train diffusion (whole run)", result)
    except Exception as error:  # noqa: BLE001  (a refused connection, a protocol error: counted)
        recorder.errors[role].append(f"{type(error).__name__}: {error}")
    finally:
        await session.close()


async def warm_up(args) -> None:
    """Open every page of the app ``--warm`` times at once before timing, so each worker has
    imported its libraries and loaded its models, as a presenter does before the lesson (and as
    a class following the chapter does: its first pages run Keras and PyTorch)."""
    pages = tuple(topic.url_path for topic in TOPICS)

    async def visit(page):
        session = Session(args.url, page=page)
        try:
            await session.open()
            await session.rerun(timeout=300)
        finally:
            await session.close()

    started = time.perf_counter()
    await asyncio.gather(*(visit(page) for page in pages for _ in range(args.warm)))
    print(f"warm-up: every page opened {args.warm} times in {time.perf_counter() - started:.0f} s")


async def class_load(args) -> None:
    if args.warm:
        await warm_up(args)
    recorder = Recorder()
    rss_before = server_rss_mb()
    peak = dict(rss_before)
    stop_at = time.monotonic() + args.duration
    tasks = [asyncio.create_task(student(i, args, recorder, stop_at))
             for i in range(args.sessions)]

    async def sample_rss():
        while not all(task.done() for task in tasks):
            for pid, mb in server_rss_mb().items():
                peak[pid] = max(peak.get(pid, 0.0), mb)
            await asyncio.sleep(2)

    started = time.perf_counter()
    await asyncio.gather(sample_rss(), *tasks)
    wall = time.perf_counter() - started
    print(f"{args.sessions} sessions for {args.duration:.0f} s against {args.url} "
          f"(think time {args.think:.1f} s on average; {wall:.0f} s wall; load before: "
          f"{args.load_before})")
    print(f"sessions per worker: {dict(recorder.workers)}")
    print(f"{'interaction':30s} {'n':>5s} {'p50 s':>7s} {'p95 s':>7s} {'max s':>7s} {'errors':>6s}")
    for kind in sorted(set(recorder.times) | set(recorder.errors)):
        times = recorder.times.get(kind, [])
        print(f"{kind:30s} {len(times):5d} {percentile(times, 50):7.3f} "
              f"{percentile(times, 95):7.3f} {max(times, default=float('nan')):7.3f} "
              f"{len(recorder.errors.get(kind, [])):6d}")
    for kind, messages in recorder.errors.items():
        for message in sorted(set(messages))[:3]:
            print(f"  error in {kind}: {message}")
    if peak:
        print(f"server RSS: {sum(rss_before.values()):.0f} MB before, peak {sum(peak.values()):.0f}"
              f" MB over {len(peak)} worker(s) ({', '.join(f'{mb:.0f}' for mb in peak.values())})")
    else:
        print("server RSS: no Streamlit process found on this machine")
    print(f"load after: {os.getloadavg()[0]:.1f}")


async def single(args) -> None:
    """One session per page: the first load, then ``--repeats`` slider changes, end to end."""
    rng = random.Random(args.seed)
    print(f"one session per page against {args.url} (load before: {args.load_before})")
    print(f"{'page':18s} {'first load s':>12s} {'slider p50 ms':>13s} {'max ms':>7s} "
          f"{'payload kB':>10s}  slider changed")
    wanted = set(filter(None, (args.pages or "").split(",")))
    for topic in TOPICS:
        if wanted and topic.name not in wanted:
            continue
        session = Session(args.url, page=topic.url_path)
        try:
            await session.open()
            first = await session.rerun(timeout=args.timeout)
            await session.rerun(timeout=args.timeout)  # warm: caches of the first view filled
            times, sizes, names, errors = [], [], set(), list(first.exceptions)
            for _ in range(args.repeats):
                sliders = session.sliders()
                if not sliders:
                    break
                widget = rng.choice(sliders)
                names.add(widget.id.rsplit("-", 1)[-1])
                session.set_slider(widget, slider_value(widget, rng))
                result = await session.rerun(timeout=args.timeout)
                errors += result.exceptions
                if result.status == "ok":
                    times.append(result.seconds * 1000)
                    sizes.append(result.bytes / 1024)
            mark = " *" if topic.name in CLASSICAL else ""
            if times:
                print(f"{topic.name + mark:18s} {first.seconds:12.2f} "
                      f"{statistics.median(times):13.0f} {max(times):7.0f} "
                      f"{statistics.median(sizes):10.0f}  {', '.join(sorted(names))}"
                      + (f"  ERRORS: {errors[:2]}" if errors else ""))
            else:
                print(f"{topic.name + mark:18s} {first.seconds:12.2f} {'(no slider)':>13s}"
                      + (f"  ERRORS: {errors[:2]}" if errors else ""))
        finally:
            await session.close()
    print("* classical page (target: slider change <= 150 ms end to end, one session)")
    rss = server_rss_mb()
    print(f"server RSS now: {sum(rss.values()):.0f} MB over {len(rss)} process(es); "
          f"load after: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--duration", type=float, default=90.0, help="seconds of acting")
    parser.add_argument("--think", type=float, default=3.0, help="mean seconds between actions")
    parser.add_argument("--timeout", type=float, default=120.0, help="per script run")
    parser.add_argument("--single", action="store_true", help="one session on every page")
    parser.add_argument("--repeats", type=int, default=8, help="slider changes per page")
    parser.add_argument("--pages", default="",
                        help="with --single: only these topics (comma-separated names)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--warm", type=int, default=0,
                        help="open every page this many times before timing (2 per worker)")
    parser.add_argument("--rss-match", action="append", default=None,
                        help="text in the workers' command lines (repeatable); default ui.launch")
    parser.add_argument("--mix", default=None,
                        help="shares of slider,generate,train sessions, e.g. 0.8,0.13,0.07")
    args = parser.parse_args()
    if args.rss_match:
        RSS_MATCH[:] = args.rss_match
    if args.mix:
        global MIX
        MIX = tuple(zip(("slider", "generate", "train"), map(float, args.mix.split(","))))
    args.load_before = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        urllib.request.urlopen(args.url.rstrip("/") + "/_stcore/health", timeout=5).close()
    except OSError:
        print(f"no server answers at {args.url}: start one first, e.g. "
              "bash scripts/serve.sh --workers 2 (skipped)")
        return
    asyncio.run(single(args) if args.single else class_load(args))


if __name__ == "__main__":
    main()
