"""Print what an exported HTML map of 10k and 100k strikes costs: file size, build, load, zoom, JS heap.

    STRIKEMAP_CACHE=~/.cache/strikemap python benchmarks/bench_map_100k.py [--sizes 10000 100000]
        [--text words|repeated] [--shots /tmp/bigmap-shots] [--zoom-steps 6]

Synthetic events (seeded, so runs compare): five actors over the Middle East, towns, sites,
districts, provinces and country-only places, a third with a named launch area, one or two
sources each. ``--text words`` (default) writes each source's title and sentence from the word
frequencies of the bundled sample articles (``data/articles``), one word at a time, so the text
compresses about as badly as real reporting (a little worse: it has no grammar); ``--text
repeated`` uses one sentence with the place's number in it, as ``bench_map.py`` does (it
compresses far better than real text and flatters any compressed format).

Figures, each printed, never asserted:

- ``HTML MB``: the file ``save_map`` writes (offline: Leaflet inlined).
- ``build s``: Python, ``build_map`` + ``save_map`` (Natural Earth loaded by a warm-up map first), wall
  clock; ``cpu s`` is the process's CPU time for it, which a loaded machine inflates less.
- ``interactive s``: from navigation start to the map's "drawn" flag (``data-sm-ready`` on the map's
  container, set by ``strikemap.js`` after the first complete draw, when the page answers input);
  for a page without the flag, until ``load`` plus one painted frame. Headless Chromium, 1400x900,
  every request that is not ``file:`` or ``data:`` aborted.
- ``zoom s``: one zoom step without animation (``setZoom(z +/- 1, {animate: false})``) until the next
  painted frame: the median and the worst of ``--zoom-steps`` steps in and out. ``zoom anim s`` is the
  same with Leaflet's 250 ms animation, until ``zoomend`` and a painted frame.
- ``draw ms``: the canvas layer's own drawing time in JavaScript (``data-sm-draw-ms``), median over the
  zoom steps; the rest of a zoom step is Leaflet, the SVG borders, tiles and painting.
- ``heap MB``: ``JSHeapUsedSize`` from the DevTools protocol after a garbage collection, once the map
  is interactive and again after the zoom steps.
- ``popup s``: one strike centred at zoom 11, clicked with the mouse, until its popup shows its text (on a
  big map that inflates the strike's chunk of popup data first).
- ``step s``: one click on the playback's step button (a week) until the next painted frame, at zoom 5.

Targets (issue 12): at 100k HTML <= 25 MB, interactive <= 5 s, zoom step <= 1 s, heap <= 300 MB;
at 10k build <= 1 s. The machine has 2 shared cores: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_map import BOXES, random_strike_place  # noqa: E402
from geo.maps.rendering import build_map, save_map  # noqa: E402
from geo.models import DatePrecision, DateRange, Event, Evidence, Place, Precision, Source  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class Words:
    """Unigram text: words drawn with the frequencies they have in the bundled sample articles."""

    def __init__(self, rng: random.Random) -> None:
        counts = Counter()
        for path in sorted((ROOT / "data" / "articles").glob("*.*")):
            if path.suffix in (".txt", ".html"):
                counts.update(re.findall(r"[A-Za-z][a-z'-]+|\d+", re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))))
        self.rng, self.words = rng, list(counts)
        self.weights = list(counts.values())

    def phrase(self, n: int) -> str:
        text = " ".join(self.rng.choices(self.words, self.weights, k=n))
        return text[:1].upper() + text[1:]


def synthetic_events(n: int, *, text: str = "words", seed: int = 11) -> list[Event]:
    """``n`` strikes spread over a year of the Middle East (seeded)."""
    rng = random.Random(seed)
    words = Words(rng)
    events = []
    for i in range(n):
        actor, target, place = random_strike_place(rng, i)
        origin = None
        if actor in BOXES and rng.random() < 0.33:
            w, s, e, no = BOXES[actor]
            origin = Place(f"Base {i % 97}", lat=round(rng.uniform(s, no), 4), lon=round(rng.uniform(w, e), 4),
                           country=actor, precision=Precision.CITY)
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
        when = DateRange(day, day, DatePrecision.DAY) if rng.random() < 0.9 else \
            DateRange(day, day + timedelta(days=3), DatePrecision.RANGE, "over the weekend")
        sources = []
        for k in range(rng.choice((1, 1, 2))):
            if text == "words":
                title, sentence = words.phrase(8), words.phrase(26) + "."
            else:
                title = f"Strike reported near Place {i} ({k})"
                sentence = (f"Officials said {actor} aircraft struck a compound near Place {i} before dawn, killing "
                            "several fighters and damaging a nearby warehouse, residents told reporters.")
            sources.append(Source(title, f"https://news.example.org/2024/{i}-{k}", day + timedelta(days=1),
                                  (Evidence(sentence, 100, 100 + len(sentence)),)))
        events.append(Event(f"ev-{i:06d}", actor, target, place, place.name, when, origin=origin,
                            weapons=(rng.choice(("drone", "missile", "air strike")),), target="militant site",
                            fatalities=rng.choice((None, 0, 2, 5)), confidence=0.7, sources=tuple(sources)))
    return events


def build(events: list[Event], path: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (all threads) of ``build_map`` + ``save_map``."""
    start, cpu = time.perf_counter(), time.process_time()
    save_map(build_map(events, offline=True), path)
    return time.perf_counter() - start, time.process_time() - cpu


READY = """() => new Promise(resolve => {
  const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
  const flagged = () => document.querySelector('.leaflet-container[data-sm-ready]');
  const hasFlag = () => window.StrikeMap && window.StrikeMap.readyFlag;
  (function wait() {
    if (flagged()) { done(); }
    else if (document.readyState === 'complete' && !hasFlag()) { done(); }
    else { setTimeout(wait, 5); }
  })();
})"""

STEP = """async ([name, delta, animate]) => {
  const map = window[name], t0 = performance.now();
  const ended = new Promise(r => map.once('zoomend', r));
  map.setZoom(map.getZoom() + delta, {animate: animate});
  await ended;
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const drawn = map.getContainer().getAttribute('data-sm-draw-ms');
  return [performance.now() - t0, drawn === null ? NaN : +drawn];
}"""


def heap_mb(cdp) -> float:
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics["JSHeapUsedSize"] / 1e6


CLICK = """async ([name, lat, lon]) => {
  // Centre one strike close up (no clusters), then click it as a person would: until its popup has text.
  const map = window[name];
  map.setView([lat, lon], 11, {animate: false});
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const point = map.latLngToContainerPoint([lat, lon]), box = map.getContainer().getBoundingClientRect();
  return [box.left + point.x, box.top + point.y];
}"""

FIRST_TOWN = """(name) => {
  const map = window[name], big = map._sm.canvas;
  if (!big) { return Object.values(map._sm.byId).find(i => i.kind === 'pt').ev.ll; }  // a map of layers
  const i = big.store.kind.indexOf(0);
  return [big.store.lat[i], big.store.lon[i]];
}"""

POPUP_READY = """() => { const p = document.querySelector('.leaflet-popup-content');
  return p && p.textContent.length > 20 && !p.textContent.includes('Loading'); }"""


def _page(browser, width: int, height: int, errors: list[str]):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort())
    return page


def _zoom_steps(page, name: str, steps: int, out: dict[str, float]) -> None:
    plain, animated, draws = [], [], []
    for i in range(steps):
        seconds, draw_ms = page.evaluate(STEP, [name, 1 if i % 2 == 0 else -1, False])
        plain.append(seconds / 1000)
        draws.append(draw_ms)
    for i in range(2):
        animated.append(page.evaluate(STEP, [name, 1 if i % 2 == 0 else -1, True])[0] / 1000)
    out["zoom"], out["zoom_worst"] = statistics.median(plain), max(plain)
    out["zoom_anim"] = statistics.median(animated)
    out["draw_ms"] = statistics.median(draws)


def _popup_and_step(page, name: str, out: dict[str, float]) -> None:
    """Seconds from a click on one strike to its popup's text, and for one step of the playback."""
    lat, lon = page.evaluate(FIRST_TOWN, name)
    x, y = page.evaluate(CLICK, [name, lat, lon])
    start = time.perf_counter()
    page.mouse.click(x, y)
    page.wait_for_function(POPUP_READY)
    out["popup"] = time.perf_counter() - start
    page.evaluate(f"() => {{ window.{name}.closePopup(); }}")
    page.evaluate(f"() => {{ window.{name}.setZoom(5, {{animate: false}}); }}")
    page.select_option(".sm-step", "week")
    page.click(".sm-stepbtn")  # from "all dates" to the first week
    start = time.perf_counter()
    page.click(".sm-stepbtn")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
    out["step"] = time.perf_counter() - start


def open_map(path: Path, *, steps: int, shots: Path | None, label: str) -> dict[str, float]:
    """Load the map in headless Chromium and time it; optionally leave screenshots in ``shots``."""
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = _page(browser, 1400, 900, errors)
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.goto(path.as_uri(), wait_until="commit", timeout=300_000)
            out["interactive"] = page.evaluate(READY) / 1000
            out["heap"] = heap_mb(cdp)
            if shots:
                page.screenshot(path=str(shots / f"{label}-1400.png"))
            name = page.evaluate("() => Object.keys(window).find(k => k.startsWith('map_'))")
            _zoom_steps(page, name, steps, out)
            out["heap_after"] = heap_mb(cdp)
            _popup_and_step(page, name, out)
            if shots:
                page.evaluate(f"() => {{ window.{name}.setView([33.5, 44.0], 8, {{animate: false}}); }}")
                page.select_option(".sm-step", "month")
                page.dispatch_event(".sm-time input[type=range]", "input")
                page.wait_for_timeout(500)
                page.screenshot(path=str(shots / f"{label}-1400-zoom8.png"))
                narrow = _page(browser, 390, 760, errors)
                narrow.goto(path.as_uri(), timeout=300_000)
                narrow.evaluate(READY)
                narrow.screenshot(path=str(shots / f"{label}-390.png"))
        finally:
            browser.close()
    if errors:
        print(f"  page errors: {errors[:3]}", flush=True)
    return out


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--text", choices=("words", "repeated"), default="words")
    parser.add_argument("--zoom-steps", type=int, default=6)
    parser.add_argument("--shots", type=Path, help="leave screenshots (1400 px: as opened and at zoom 8 during "
                        "playback; 390 px: as opened on a phone) in this folder")
    parser.add_argument("--keep", type=Path, help="write the HTML files into this folder and keep them")
    args = parser.parse_args()
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-map-"))
    folder.mkdir(parents=True, exist_ok=True)
    build(synthetic_events(10), folder / "warm.html")  # Natural Earth, pycountry, templates load once
    print(f"text: {args.text}; load average before: {_load()}")
    print(f"{'events':>8} {'HTML MB':>8} {'build s':>8} {'cpu s':>6} {'interactive s':>13} {'zoom s':>7} {'worst':>6} "
          f"{'zoom anim s':>11} {'draw ms':>7} {'heap MB':>8} {'after zoom':>10} {'popup s':>7} {'step s':>6}"
          "  load avg", flush=True)
    for n in args.sizes:
        events = synthetic_events(n, text=args.text)
        path = folder / f"map-{n}.html"
        seconds, cpu = build(events, path)
        del events
        figures = open_map(path, steps=args.zoom_steps, shots=args.shots, label=f"map-{n}")
        f = figures
        print(f"{n:>8,} {path.stat().st_size / 1e6:>8.1f} {seconds:>8.2f} {cpu:>6.2f} {f['interactive']:>13.2f} "
              f"{f['zoom']:>7.2f} {f['zoom_worst']:>6.2f} {f['zoom_anim']:>11.2f} {f['draw_ms']:>7.0f} "
              f"{f['heap']:>8.0f} {f['heap_after']:>10.0f} {f['popup']:>7.2f} {f['step']:>6.2f}  {_load()}", flush=True)
        if not args.keep:
            path.unlink()


if __name__ == "__main__":
    main()
