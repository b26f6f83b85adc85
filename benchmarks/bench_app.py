"""Figures for the Streamlit app; prints, never asserts.

    python benchmarks/bench_app.py

1. first map after page load on the bundled data (cold: first start fills the store; warm: a second visit),
2. filter change -> redrawn live map with 1,000 synthetic events (browser and server-side parts),
3. pipeline calls on reruns (must stay 0: nothing is re-extracted or re-geocoded).

Uses Debian's /usr/bin/chromium through Playwright (never ``playwright install``); targets:
first map <= 3 s, filter change <= 1 s with 1,000 events.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import dataset as ds  # noqa: E402
from geo.models import DatePrecision, DateRange, Event  # noqa: E402
from geo.store import EventStore  # noqa: E402
from tests.events_factory import sample_events  # noqa: E402
from tests.test_browser_app import CHROMIUM, LAUNCH_ARGS, free_port, local_only, map_doc, start_server  # noqa: E402


def synthetic(n: int, seed: int = 7) -> list[Event]:
    """``n`` plausible strikes: the sample events moved around, re-dated and re-attributed."""
    rng = random.Random(seed)
    base = sample_events()
    actors = ["IR", "PK", "US", "TR", "IL", "JO"]
    out = []
    for i in range(n):
        event = base[i % len(base)]
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(540))
        place = event.place and replace(event.place, lat=event.place.lat + rng.uniform(-1.5, 1.5),
                                        lon=event.place.lon + rng.uniform(-1.5, 1.5))  # all samples are mid-latitude
        out.append(replace(event, event_id=f"syn-{i:05d}", actor=actors[i % len(actors)], place=place,
                           date=DateRange(day, day, DatePrecision.DAY)))
    return out


def time_first_map(page, url: str) -> tuple[float, float]:
    """Seconds from navigation to the app's first metric (Streamlit's own start), and to the map's strikes."""
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=120_000)
    shell = time.perf_counter() - start
    frame = map_doc(page, timeout=120)
    frame.wait_for_selector("path.sm-impact, path.sm-area, .sm-cluster", state="attached", timeout=120_000)
    return shell, time.perf_counter() - start


def browser_figures() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        folder = Path(folder)
        big = folder / "big"
        EventStore(ds.data_dir(big) / "strikemap.sqlite", fuse=list).add(synthetic(1000), once=ds.BUNDLE)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for label, directory in (("bundled", folder / "bundled"), ("1,000 events", big)):
            port = free_port()
            server = start_server(directory, port, folder / f"{directory.name}.log")
            try:
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.route("**/*", local_only([]))
                cold = time_first_map(page, f"http://127.0.0.1:{port}/")
                warm = time_first_map(page, f"http://127.0.0.1:{port}/")
                print(f"first map, {label}: first visit (fills caches) {cold[1]:.2f} s (page shell {cold[0]:.2f} s), "
                      f"next visit {warm[1]:.2f} s (page shell {warm[0]:.2f} s)")
                if directory == big:
                    filter_change(page)
                page.close()
            finally:
                server.terminate()
                server.wait(timeout=10)
        browser.close()


def filter_change(page) -> None:
    frame = map_doc(page)
    for actor in ("Iran (IR)", "Pakistan (PK)", "Türkiye (TR)"):
        before = frame.evaluate("() => document.body.dataset.view")
        page.get_by_role("combobox", name="Actor (who struck)").click()
        option = page.get_by_role("option", name=actor)
        option.wait_for()
        start = time.perf_counter()
        clicked = page.evaluate("() => Date.now()")
        option.click()
        # the live map has redrawn when it names another view and holds strikes again
        frame.wait_for_function(f"() => document.body.dataset.view !== {before!r}", timeout=60_000)
        frame.wait_for_selector("path.sm-impact, path.sm-area, .sm-cluster", state="attached")
        took = time.perf_counter() - start
        drawing = frame.evaluate("() => document.body.dataset.drawMs")
        received = (frame.evaluate("() => Number(document.body.dataset.receivedAt)") - clicked) / 1000
        print(f"filter change (add {actor}) -> live map redrawn, 1,000 events: {took:.2f} s "
              f"(new data reached the map after {received:.2f} s; drawing it took {int(drawing) / 1000:.2f} s)")
        page.keyboard.press("Escape")
        page.wait_for_selector("[data-test-script-state=notRunning]", state="attached", timeout=60_000)


def server_side_figures() -> None:
    import json

    from geo.rendering import build_map, map_payload

    events = synthetic(1000)
    map_payload(events[:5], countries=False)  # Natural Earth shapes load once per process, as in the app
    start = time.perf_counter()
    shown = ds.filter_events(events, ds.Filters(actors=("IR", "PK")))
    data = json.dumps(map_payload(shown, countries=False, popups=False))
    print(f"server side, filter + live-map data of {len(shown)} of 1,000 events: "
          f"{time.perf_counter() - start:.2f} s ({len(data) / 1e6:.2f} MB of JSON)")
    start = time.perf_counter()
    html = build_map(shown, offline=True).get_root().render()
    print(f"server side, exported HTML map of the same view (a download): "
          f"{time.perf_counter() - start:.2f} s ({len(html) / 1e6:.1f} MB of HTML)")
    with tempfile.TemporaryDirectory() as folder:
        store = EventStore(Path(folder) / "s.sqlite", fuse=list)
        store.add(events)
        start = time.perf_counter()
        store.all()
        print(f"store.all() of 1,000 events: {time.perf_counter() - start:.3f} s")


def rerun_figures() -> None:
    import os

    from streamlit.testing.v1 import AppTest

    from geo.pipeline import Pipeline

    calls = {"run": 0, "read": 0}
    for name in calls:
        original = getattr(Pipeline, name)

        def counted(self, *args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(self, *args, **kwargs)

        setattr(Pipeline, name, counted)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["STRIKEMAP_DATA"] = folder
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        first = dict(calls)
        for _ in range(3):
            at.run()
        at.multiselect(key="actors").select(at.multiselect(key="actors").options[0]).run()
        print(f"pipeline calls: first start {first}, after 3 reruns and a filter change "
              f"{ {k: calls[k] - first[k] for k in calls} } (0 = nothing re-extracted)")


if __name__ == "__main__":
    if not CHROMIUM.exists():
        print("no /usr/bin/chromium: browser figures skipped (apt-get install chromium)")
    else:
        browser_figures()
    server_side_figures()
    rerun_figures()
