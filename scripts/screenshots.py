"""Screenshots of every page and tab, a contact sheet, and the readability figures.

    python scripts/screenshots.py [--out shots] [--previews] [--pages hmm,gmm] [--no-gradio]
                                  [--views gmm:gmm_view=sample,hmm:hmm_preset=gauss4]

Starts the Streamlit app (``python -m ui.launch``) and the Gradio app (``python app.py``) on free
ports, drives Debian's Chromium with Playwright (never a downloaded browser) and writes:

- ``<out>/<page>-<lang>.png``: the first screen of every page in both languages at 1440x900;
- ``<out>/<page>-<lang>-present.png``: the same in presenter mode at 1920x1080;
- ``<out>/<page>.<setting>-<lang>[-present].png``: with ``--views``, further views of a page
  (``gmm:gmm_view=sample`` opens the GMM page with ``?gmm_view=sample``), shot the same ways;
- ``<out>/gradio-<tab>.png`` and ``<out>/gradio-<tab>-zh.png``: every Gradio tab at 1440x900 in
  English and in Chinese (the Gradio app takes its language from the browser's
  Accept-Language, so the Chinese shots use a browser context with the zh-CN locale);
- ``<out>/contact_sheet.png``: all of them as labelled thumbnails on one image;
- with ``--previews``: ``assets/previews/<topic>.png`` (and ``<topic>.zh.png``), the main figure
  of each page at its defaults, for the home page's cards.

It measures what a room needs and prints a table: in presenter mode at 1920x1080, is the page's
main figure at least partly in the first screen, and how large is its smallest tick label
(rendered SVG font size); on every page and tab, plotly text (tick labels, axis titles, legend
entries) outside its figure's box (clipped), text running into other text (a legend over an
axis title or tick labels, an axis or colour bar title over its labels: overlap) and figures of
zero height. Exit status 1 when a presenter page fails one of the two presenter checks or any
figure clips or overlaps a label.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playground.i18n import translate
from playground.topics import TOPICS
from scripts.chromium import QUIET_FLAGS, find_chromium

NORMAL = {"width": 1440, "height": 900}
PRESENTER = {"width": 1920, "height": 1080}
MIN_TICK_PX = 18
PREVIEW_WIDTH = 360
PREVIEW_HEIGHT = 240

# Runs in the page: one record per plotly figure. Text counts as clipped when it reaches more
# than 3 px outside the figure's own SVG box (the box plotly draws into and clips to).
MEASURE_JS = """
() => {
  const figures = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('svg.main-svg');
    const box = (svg || plot).getBoundingClientRect();
    const visible = plot.offsetParent !== null;
    const selectors = ['.xtick text', '.ytick text', '.g-xtitle text', '.g-ytitle text',
                       '.legendtext', '.gtitle'];
    const clipped = [];
    let minTick = null;
    for (const selector of selectors) {
      for (const text of plot.querySelectorAll(selector)) {
        const r = text.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (!text.textContent.trim()) continue;
        if (selector.includes('tick')) {
          const size = parseFloat(getComputedStyle(text).fontSize);
          if (!Number.isNaN(size)) minTick = minTick === null ? size : Math.min(minTick, size);
        }
        const tol = 3;  // a glyph's box may touch the edge; a clipped label is cut by more
        if (r.left < box.left - tol || r.right > box.right + tol ||
            r.top < box.top - tol || r.bottom > box.bottom + tol) {
          clipped.push(selector + ': ' + text.textContent.trim().slice(0, 30));
        }
      }
    }
    // Text running into other text: a legend over an axis title or tick labels, an axis
    // title over its tick labels, a colour bar title over the colour bar's labels.
    const overlaps = [];
    const rects = (selector) => Array.from(plot.querySelectorAll(selector))
      .filter(e => e.textContent.trim())
      .map(e => ({r: e.getBoundingClientRect(), text: e.textContent.trim().slice(0, 20)}))
      .filter(o => o.r.width > 0 && o.r.height > 0);
    const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 &&
                           Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
    const ticks = rects('g[class^="x"][class$="tick"] text, g[class^="y"][class$="tick"] text');
    const titles = rects('g[class^="g-x"][class$="title"] text, g[class^="g-y"][class$="title"] text');
    const legend = plot.querySelector('.legend .bg, .legend rect.bg');
    if (legend) {
      const lr = legend.getBoundingClientRect();
      for (const o of [...titles, ...ticks]) {
        if (meet(lr, o.r)) overlaps.push('legend over ' + o.text);
      }
    }
    for (const title of titles) {
      for (const tick of ticks) {
        if (meet(title.r, tick.r)) overlaps.push(title.text + ' over tick ' + tick.text);
      }
    }
    for (const bar of plot.querySelectorAll('.colorbar')) {
      const cbTitles = Array.from(bar.querySelectorAll('.cbtitle text')).map(e => e.getBoundingClientRect());
      for (const label of bar.querySelectorAll('text')) {
        if (label.closest('.cbtitle')) continue;
        const r = label.getBoundingClientRect();
        for (const t of cbTitles) {
          if (meet(t, r)) overlaps.push('colour bar title over ' + label.textContent.trim());
        }
      }
    }
    figures.push({top: box.top + window.scrollY, height: box.height, width: box.width,
                  visible, clipped, minTick, overlaps});
  }
  return figures;
}
"""


def chromium_path() -> str:
    found = find_chromium()
    if not found:
        raise SystemExit("Debian's chromium is needed: apt-get install -y chromium")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited early: {process.args}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"no server on port {port}")


def start_streamlit(log: Path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "ui.launch", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--client.showErrorDetails", "full"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w"),
        env={**os.environ, "HF_HUB_OFFLINE": "1"})
    wait_for_port(port, process)
    return process, f"http://127.0.0.1:{port}"


def start_gradio(log: Path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        env={**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_SERVER_PORT": str(port),
             "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_ANALYTICS_ENABLED": "False"})
    wait_for_port(port, process, seconds=300)
    return process, f"http://127.0.0.1:{port}"


# The status widget shows a "Stop" button while the script runs (and other notices, such as a
# changed source file, that are not a run).
RUNNING_JS = """() => { const w = document.querySelector('[data-testid=stStatusWidget]');
  return !!w && /Stop|Running|Connecting/i.test(w.innerText); }"""


def settle(page, *, timeout_ms: int = 90_000) -> None:
    """Wait until Streamlit has finished the script run and plotly has drawn."""
    page.locator("h1, [data-testid='stException']").first.wait_for(timeout=timeout_ms)
    if page.locator("[data-testid='stException']").count():
        raise RuntimeError("the page shows an exception")
    deadline = time.time() + timeout_ms / 1000
    quiet_since = None
    while time.time() < deadline:
        running = page.evaluate(RUNNING_JS)
        if not running:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since > 1.5:
                break
        else:
            quiet_since = None
        page.wait_for_timeout(300)
    page.wait_for_timeout(800)


@dataclass
class Shot:
    name: str  # file stem
    label: str  # caption on the contact sheet
    figures: list = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""

    @property
    def clipped(self) -> list[str]:
        return [c for f in self.figures if f["visible"] for c in f["clipped"]]

    @property
    def overlaps(self) -> list[str]:
        return [o for f in self.figures if f["visible"] for o in f.get("overlaps", [])]

    @property
    def zero_height(self) -> int:
        return sum(1 for f in self.figures if f["visible"] and f["height"] < 1)

    def first_figure_top(self):
        tops = [f["top"] for f in self.figures if f["visible"] and f["height"] >= 1]
        return min(tops) if tops else None

    def min_tick(self):
        ticks = [f["minTick"] for f in self.figures if f["visible"] and f["minTick"]]
        return min(ticks) if ticks else None


def measure(page) -> list[dict]:
    return page.evaluate(MEASURE_JS)


def extra_views(spec: str, topics) -> list[tuple[str, str, str]]:
    """``(stem, url path, query)`` for ``--views gmm:gmm_view=sample,...``."""
    paths = {t.name: t.url_path for t in TOPICS}
    views = []
    for item in filter(None, spec.split(",")):
        name, _, query = item.partition(":")
        if name not in paths:
            raise SystemExit(f"--views: no topic {name!r}")
        views.append((f"{name}.{query.replace('&', '.')}", paths[name], query))
    return views


def shoot_streamlit(browser, base: str, out: Path, topics, langs, previews: bool,
                    presenter: bool = True, views=()) -> list[Shot]:
    from playwright.sync_api import Error as PlaywrightError

    shots = []
    pages = ([("home", "", "")] + [(t.name, t.url_path, "") for t in topics] + list(views))
    for present in (False, True) if presenter else (False,):
        viewport = PRESENTER if present else NORMAL
        context = browser.new_context(viewport=viewport, locale="en-US")
        for name, path, query in pages:
            if present and name == "home":
                continue
            for lang in langs:
                stem = f"{name}-{lang}" + ("-present" if present else "")
                shot = Shot(stem, f"{name} {lang}" + (" presenter" if present else ""))
                page = context.new_page()
                started = time.time()
                try:
                    page.goto(f"{base}/{path}?lang={lang}" + (f"&{query}" if query else "")
                              + ("&present=1" if present else ""))
                    settle(page)
                    if name != "home":
                        try:
                            page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
                            page.wait_for_timeout(700)
                        except PlaywrightError:  # a page whose main figure is an image
                            print(f"  {stem}: no plotly figure", flush=True)
                    shot.figures = measure(page)
                    page.screenshot(path=str(out / f"{stem}.png"))
                    if previews and not present and name != "home" and not query:
                        save_preview(page, name, lang)
                except Exception as error:  # noqa: BLE001 - reported in the table
                    shot.error = f"{type(error).__name__}: {str(error)[:80]}"
                    page.screenshot(path=str(out / f"{stem}.png"))  # what went wrong, to look at
                shot.seconds = time.time() - started
                page.close()
                shots.append(shot)
                print(f"  {stem:32s} {shot.seconds:5.1f} s {shot.error}", flush=True)
        context.close()
    return shots


def save_preview(page, name: str, lang: str) -> None:
    """The page's main figure (its first plotly chart, else its first image), shrunk."""
    from PIL import Image

    target = page.locator("[data-testid='stMain'] .js-plotly-plot").first
    if not target.count():
        target = page.locator("[data-testid='stMain'] [data-testid='stImage'] img").first
    folder = ROOT / "assets" / "previews"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (f"{name}.png" if lang == "en" else f"{name}.{lang}.png")
    if target.count():
        target.scroll_into_view_if_needed()
        target.screenshot(path=str(path))
    else:  # a page whose default view is text (generated text, a summary): its first screen
        main = page.locator("[data-testid='stMain'] [data-testid='stMainBlockContainer']").first
        box = main.bounding_box()
        page.screenshot(path=str(path), clip={"x": box["x"], "y": max(box["y"], 0) + 120,
                                              "width": box["width"], "height": 600})
    with Image.open(path) as image:
        # The whole figure, shrunk to fit the card's frame and centred on white.
        image = image.convert("RGB")
        image.thumbnail((PREVIEW_WIDTH, PREVIEW_HEIGHT), Image.LANCZOS)
        framed = Image.new("RGB", (PREVIEW_WIDTH, PREVIEW_HEIGHT), "white")
        framed.paste(image, ((PREVIEW_WIDTH - image.width) // 2,
                             (PREVIEW_HEIGHT - image.height) // 2))
        image = framed.quantize(colors=128)
        image.save(path, optimize=True)


# The Gradio app translates its labels in the browser from the locale, and its figures from the
# Accept-Language header (app.py's request_language): a zh-CN context gives both in Chinese.
GRADIO_LOCALES = {"en": "en-US", "zh": "zh-CN"}


def shoot_gradio(browser, base: str, out: Path, topics, langs=("en",)) -> list[Shot]:
    shots = []
    for lang in langs:
        context = browser.new_context(viewport=NORMAL, locale=GRADIO_LOCALES.get(lang, lang))
        page = context.new_page()
        page.goto(base)
        page.get_by_role("tab").first.wait_for(timeout=180_000)
        page.wait_for_timeout(3000)
        for topic in topics:
            stem = f"gradio-{topic.name}" + ("" if lang == "en" else f"-{lang}")
            shot = Shot(stem, f"gradio {topic.name}" + ("" if lang == "en" else f" {lang}"))
            started = time.time()
            try:
                open_gradio_tab(page, translate(f"{topic.name}.nav_title", lang))
                shot.figures = measure(page)
                page.screenshot(path=str(out / f"{stem}.png"))
            except Exception as error:  # noqa: BLE001 - reported in the table
                shot.error = f"{type(error).__name__}: {str(error)[:80]}"
            shot.seconds = time.time() - started
            shots.append(shot)
            print(f"  {stem:32s} {shot.seconds:5.1f} s {shot.error}", flush=True)
        context.close()
    return shots


def open_gradio_tab(page, title: str) -> None:
    """Click the tab named ``title`` and wait for its first view to have computed."""
    tab = page.get_by_role("tab", name=title, exact=True)
    if not tab.count():  # tabs beyond the row hide behind Gradio's "More tabs" menu
        page.locator("button[aria-label='More tabs']").first.click()
        page.wait_for_timeout(400)
        tab = page.locator(".overflow-dropdown button").filter(has_text=title).first
    tab.first.click()
    panel = page.locator("[role='tabpanel']:visible").first
    panel.wait_for(timeout=60_000)
    page.wait_for_timeout(2500)
    # Wait for the tab's first view to have computed (Gradio shows a progress bar).
    deadline = time.time() + 120
    while time.time() < deadline and page.locator(".progress-text, .eta-bar").count():
        page.wait_for_timeout(500)
    page.wait_for_timeout(1000)
    page.locator("[role='tablist']").first.scroll_into_view_if_needed()


def contact_sheet(out: Path, shots: list[Shot], columns: int = 6, width: int = 320) -> Path:
    from PIL import Image, ImageDraw

    files = [(s.label, out / f"{s.name}.png") for s in shots if (out / f"{s.name}.png").exists()]
    # Shots of an earlier run in the same folder (a run of the Gradio tabs only) join them.
    taken = {path for _, path in files}
    files += [(path.stem, path) for path in sorted(out.glob("*.png"))
              if path not in taken and path.name != "contact_sheet.png"]
    thumb_h = round(width * 9 / 16)
    rows = (len(files) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * (width + 8) + 8, rows * (thumb_h + 30) + 8), "white")
    draw = ImageDraw.Draw(sheet)
    for index, (label, path) in enumerate(files):
        with Image.open(path) as image:
            image = image.convert("RGB")
            image.thumbnail((width, thumb_h))
            x = 8 + (index % columns) * (width + 8)
            y = 8 + (index // columns) * (thumb_h + 30)
            sheet.paste(image, (x, y))
            draw.rectangle([x - 1, y - 1, x + image.width, y + image.height], outline="#999999")
            draw.text((x, y + thumb_h + 6), label, fill="black")
    path = out / "contact_sheet.png"
    sheet.save(path, optimize=True)
    return path


def report(shots: list[Shot], viewport_height: int) -> bool:
    """Print the table; True when every check passes."""
    ok = True
    print(f"\n{'view':34s} {'fig top':>8s} {'in 1st':>6s} {'min tick':>8s} {'figs':>4s} "
          f"{'clipped':>7s} {'overlap':>7s} {'zero-h':>6s}  note")
    for shot in shots:
        top = shot.first_figure_top()
        tick = shot.min_tick()
        present = shot.name.endswith("-present")
        first_screen = top is not None and top < viewport_height - 40
        failures = []
        if shot.error:
            failures.append(shot.error)
        if present and shot.figures and not first_screen:
            failures.append("main figure below the fold")
        if present and tick is not None and tick < MIN_TICK_PX:
            failures.append(f"ticks {tick:g} px")
        if shot.clipped:
            failures.append("clipped: " + "; ".join(shot.clipped[:3]))
        if shot.overlaps:
            failures.append("overlap: " + "; ".join(shot.overlaps[:3]))
        if shot.zero_height:
            failures.append("zero-height figure")
        ok = ok and not failures
        print(f"{shot.name:34s} {'' if top is None else f'{top:.0f}':>8s} "
              f"{(('yes' if first_screen else 'NO') if shot.figures else '-') if present else '':>6s} "
              f"{'' if tick is None else f'{tick:g}':>8s} {len(shot.figures):>4d} "
              f"{len(shot.clipped):>7d} {len(shot.overlaps):>7d} {shot.zero_height:>6d}  "
              f"{' / '.join(failures)}")
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "shots"))
    parser.add_argument("--pages", default="", help="comma-separated topic names (all by default)")
    parser.add_argument("--langs", default="en,zh")
    parser.add_argument("--previews", action="store_true",
                        help="also write assets/previews/<topic>.png for the home cards")
    parser.add_argument("--views", default="",
                        help="further views, e.g. gmm:gmm_view=sample,hmm:hmm_preset=gauss4")
    parser.add_argument("--no-gradio", action="store_true")
    parser.add_argument("--no-streamlit", action="store_true")
    parser.add_argument("--no-presenter", action="store_true",
                        help="skip the presenter-mode screenshots (e.g. to refresh previews)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(filter(None, args.pages.split(",")))
    topics = [t for t in TOPICS if not wanted or t.name in wanted]
    langs = args.langs.split(",")

    from playwright.sync_api import sync_playwright

    servers = []
    shots: list[Shot] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                                 args=QUIET_FLAGS)
            if not args.no_streamlit:
                process, url = start_streamlit(out / "streamlit.log")
                servers.append(process)
                print(f"Streamlit at {url}", flush=True)
                shots += shoot_streamlit(browser, url, out, topics, langs, args.previews,
                                         presenter=not args.no_presenter,
                                         views=extra_views(args.views, topics))
            if not args.no_gradio:
                process, url = start_gradio(out / "gradio.log")
                servers.append(process)
                print(f"Gradio at {url}", flush=True)
                shots += shoot_gradio(browser, url, out, topics, langs)
            browser.close()
    finally:
        for process in servers:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    sheet = contact_sheet(out, shots)
    ok = report(shots, PRESENTER["height"])
    print(f"\ncontact sheet: {sheet}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
