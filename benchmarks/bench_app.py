"""Figures for the Streamlit app; prints, never asserts.

    python benchmarks/bench_app.py [--repeat 3] [--cold-sample] [--skip-reruns]

1. first map after page load on the bundled data: a new server, a new data directory and a new browser
   profile each time (``--cold-sample`` also hides the sample kept in the cache, as on a machine's very
   first start or after the extraction code changed), then a second visit to the same server,
2. filter change -> redrawn live map with 1,000 synthetic events: wall time, when the new data reached the
   map, how long drawing it took, and the CPU seconds the browser and the server spent (less sensitive
   than wall time to other programs sharing the cores),
3. pipeline calls on reruns (must stay 0: nothing is re-extracted or re-geocoded).

Every figure is the median of ``--repeat`` runs, printed with the load average (other programs share the
cores). Uses Debian's /usr/bin/chromium through Playwright (never ``playwright install``); targets:
first map <= 3 s, filter change <= 1 s with 1,000 events.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.app import dataset as ds  # noqa: E402
from geo.app.store import EventStore  # noqa: E402
from tests.events_factory import spread_events  # noqa: E402
from tests.test_browser_app import CHROMIUM, LAUNCH_ARGS, drawn_in_full, free_port, local_only, map_doc, start_server  # noqa: E402

ACTORS = ("Iran (IR)", "Pakistan (PK)", "Türkiye (TR)")


def load() -> str:
    return "load " + "/".join(f"{x:.1f}" for x in os.getloadavg())


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s" + (f" (of {len(values)}: {min(values):.2f}–{max(values):.2f})"
                                                    if len(values) > 1 else "")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of ``pids`` so far (Linux ``/proc``; 0 elsewhere)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def descendants(pid: int) -> list[int]:
    parents = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        children = [child for child, parent in parents.items() if parent == current]
        todo += children
        found += children
    return found


@contextmanager
def hidden_sample():
    """Move the sample events kept in the cache aside for the duration (:mod:`geo.app.bundle`)."""
    from geo.files import default_cache_dir

    kept = list(default_cache_dir().glob("bundled-*.geojson"))
    for path in kept:
        path.rename(path.with_suffix(".benchmark-hidden"))
    try:
        yield
    finally:
        for path in kept:
            if path.with_suffix(".benchmark-hidden").exists():
                path.with_suffix(".benchmark-hidden").replace(path)


def time_first_map(page, url: str) -> tuple[float, float]:
    """Seconds from navigation to the app's first metric (Streamlit's own start), and to the map's strikes."""
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=120_000)
    shell = time.perf_counter() - start
    frame = map_doc(page, timeout=120)
    frame.wait_for_selector("path.sm-impact, path.sm-area, .sm-cluster", state="attached", timeout=120_000)
    return shell, time.perf_counter() - start


def first_maps(browser, folder: Path, repeat: int, *, cold: bool) -> None:
    first, shells, second, browser_cpu, server_cpu = [], [], [], [], []
    loads = [load()]
    for i in range(repeat):
        port = free_port()
        with hidden_sample() if cold else _nothing():
            server = start_server(folder / f"bundled-{cold}-{i}", port, folder / "bundled.log")
            try:
                context = browser.new_context(viewport={"width": 1600, "height": 1000})  # nothing cached
                page = context.new_page()
                page.route("**/*", local_only([]))
                browser_pids = [pid for pid in descendants(os.getpid()) if pid != server.pid]
                cpu = cpu_seconds(browser_pids), cpu_seconds([server.pid])
                shell, drawn = time_first_map(page, f"http://127.0.0.1:{port}/")
                browser_pids = [pid for pid in descendants(os.getpid()) if pid != server.pid]
                browser_cpu.append(cpu_seconds(browser_pids) - cpu[0])
                server_cpu.append(cpu_seconds([server.pid]) - cpu[1])
                first.append(drawn)
                shells.append(shell)
                second.append(time_first_map(page, f"http://127.0.0.1:{port}/")[1])
                context.close()
            finally:
                server.terminate()
                server.wait(timeout=10)
        loads.append(load())
    which = "no sample kept (articles read)" if cold else "sample kept in the cache"
    print(f"first map, bundled data, new server and data directory, {which}: {median(first)} "
          f"(page shell {median(shells)}; CPU until drawn: browser {median(browser_cpu)}, "
          f"server {median(server_cpu)}); "
          f"next visit {median(second)} [{loads[0]} -> {loads[-1]}]")


@contextmanager
def _nothing():
    yield


def filter_changes(browser, folder: Path, repeat: int) -> None:
    big = folder / "big"
    EventStore(ds.data_dir(big) / "strikemap.sqlite", fuse=list).add(spread_events(1000), once=ds.BUNDLE)
    took, received, drawn, browser_cpu, server_cpu, firsts = [], [], [], [], [], []
    loads = [load()]
    for _ in range(repeat):
        port = free_port()
        server = start_server(big, port, folder / "big.log")
        try:
            context = browser.new_context(viewport={"width": 1600, "height": 1000})
            page = context.new_page()
            page.route("**/*", local_only([]))
            firsts.append(time_first_map(page, f"http://127.0.0.1:{port}/")[1])
            drawn_in_full(page)  # the charts and the table follow the map's first draw
            browser_pids = [pid for pid in descendants(os.getpid()) if pid != server.pid]
            for actor in ACTORS:
                figures = filter_change(page, actor, browser_pids, server.pid)
                for into, value in zip((took, received, drawn, browser_cpu, server_cpu), figures, strict=True):
                    into.append(value)
            context.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
        loads.append(load())
    print(f"first map, 1,000 events, new server: {median(firsts)}")
    print(f"filter change -> live map redrawn, 1,000 events: {median(took)}; the new data reached the map after "
          f"{median(received)}, drawn by {median(drawn)}; CPU per change: browser {median(browser_cpu)}, "
          f"server {median(server_cpu)} [{loads[0]} -> {loads[-1]}]")


def filter_change(page, actor: str, browser_pids: list[int], server_pid: int) -> tuple[float, ...]:
    """Add ``actor`` to the filter; (wall s until redrawn, s until the data arrived, s until drawn, CPU s...)."""
    frame = map_doc(page)
    before = frame.evaluate("() => document.body.dataset.view")
    page.get_by_role("combobox", name="Actor (who struck)").click()
    option = page.get_by_role("option", name=actor)
    option.wait_for()
    page.wait_for_timeout(300)  # the open list settles before the clocks start
    cpu = cpu_seconds(browser_pids), cpu_seconds([server_pid])
    start = time.perf_counter()
    clicked = page.evaluate("() => Date.now()")
    option.click()
    # the live map has redrawn when it names another view and holds strikes again
    frame.wait_for_function(f"() => document.body.dataset.view !== {before!r}", timeout=60_000)
    frame.wait_for_selector("path.sm-impact, path.sm-area, .sm-cluster", state="attached")
    took = time.perf_counter() - start
    received = (frame.evaluate("() => Number(document.body.dataset.receivedAt)") - clicked) / 1000
    drawn = received + int(frame.evaluate("() => document.body.dataset.drawMs")) / 1000
    page.wait_for_selector("[data-test-script-state=notRunning]", state="attached", timeout=60_000)
    page.wait_for_timeout(500)  # the rest of the page (charts, table) finishes drawing too
    used = cpu_seconds(browser_pids) - cpu[0], cpu_seconds([server_pid]) - cpu[1]
    page.keyboard.press("Escape")
    page.wait_for_selector("[data-test-script-state=notRunning]", state="attached", timeout=60_000)
    return took, received, drawn, *used


def browser_figures(repeat: int, cold_sample: bool) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        if cold_sample:
            first_maps(browser, Path(folder), repeat, cold=True)
        first_maps(browser, Path(folder), repeat, cold=False)
        filter_changes(browser, Path(folder), repeat)
        browser.close()


def server_side_figures() -> None:
    import json

    from geo.maps.rendering import build_map, map_payload

    events = spread_events(1000)
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
    from streamlit.testing.v1 import AppTest

    from geo.extract.pipeline import Pipeline

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
        print(f"pipeline calls: first start {first} (0 when the sample is kept in the cache), after 3 reruns and "
              f"a filter change { {k: calls[k] - first[k] for k in calls} } (0 = nothing re-extracted)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is printed)")
    parser.add_argument("--cold-sample", action="store_true", help="also time a first visit that reads the articles")
    parser.add_argument("--skip-reruns", action="store_true", help="skip the AppTest pipeline-call count")
    options = parser.parse_args()
    print(f"{load()} on {os.cpu_count()} cores")
    if not CHROMIUM.exists():
        print("no /usr/bin/chromium: browser figures skipped (apt-get install chromium)")
    else:
        browser_figures(options.repeat, options.cold_sample)
    server_side_figures()
    if not options.skip_reruns:
        rerun_figures()
