"""The real app in headless Chromium: `streamlit run app.py`, every non-local request blocked.

Uses Debian's ``/usr/bin/chromium`` through Playwright from PyPI (never ``playwright install``);
skipped when either is missing. Leaves ``test-artifacts/app-1400.png`` and ``app-390.png``.
The bundled sample data: US, Iranian, Pakistani, Turkish and Jordanian strikes, some dated only as ranges.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Written for this test (a real event: Israel struck Hodeidah on 20 July 2024); no bundled article reports it.
ARTICLE = ("Israeli jets strike Yemen's Hodeidah port\n\n"
           "Israeli warplanes struck the port of Hodeidah in Yemen on Saturday, July 20, 2024, the Israeli military "
           "said, a day after a Houthi drone hit Tel Aviv.")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, port: int, log: Path) -> subprocess.Popen:
    """``streamlit run app.py`` on ``port`` with its own data directory; waits for ``/_stcore/health``."""
    env = dict(os.environ, STRIKEMAP_DATA=str(data_dir))
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("streamlit did not become healthy in 60 s")


def local_only(blocked: list[str]):
    def route(r) -> None:
        if r.request.url.startswith(("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:",
                                     "about:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()
    return route


def map_frame(page):
    """The live map's iframe (our component), as a locator."""
    return page.frame_locator("iframe[src*='/component/']").first


def map_doc(page, timeout: float = 60.0):
    """The live map's frame once it has drawn a view (its body carries ``data-view``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "/component/" in frame.url:
                try:
                    frame.wait_for_function("() => document.body && document.body.dataset.view", timeout=2_000)
                    return frame
                except Exception:  # noqa: BLE001 — not drawn yet, or the frame was replaced
                    pass
        page.wait_for_timeout(200)
    raise AssertionError("the live map never drew a view")


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    folder = tmp_path_factory.mktemp("app")
    port = free_port()
    server = start_server(folder / "data", port, folder / "streamlit.log")
    blocked: list[str] = []
    errors: list[str] = []
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.route("**/*", local_only(blocked))
                yield {"page": page, "browser": browser, "blocked": blocked, "errors": errors, "folder": folder,
                       "url": f"http://127.0.0.1:{port}/"}
            finally:
                browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def settled(page) -> None:
    """Wait until the app's script has finished its run (every element of this view drawn)."""
    page.wait_for_selector("[data-test-script-state=notRunning]", state="attached", timeout=60_000)


def drawn_in_full(page) -> None:
    """Wait for the whole page: the map draws first, the charts and the table follow once it says so."""
    page.get_by_test_id("stDataFrame").first.wait_for(state="attached", timeout=60_000)
    settled(page)


def shown_count(page) -> int:
    metric = page.get_by_test_id("stMetricValue").first
    return int(metric.inner_text().strip())


def open_view(session, query: str = ""):
    """Load the app at ``?query`` and return the live map's frame once it has drawn."""
    page = session["page"]
    page.goto(session["url"] + query, wait_until="domcontentloaded")
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=120_000)
    frame = map_doc(page, timeout=120)
    drawn_in_full(page)
    return frame


DRAWN_COLORS = """() => {
  const impacts = [...document.querySelectorAll('path.sm-impact')].map(p => p.getAttribute('fill'));
  const areas = [...document.querySelectorAll('path.sm-area, path.sm-arc')].map(p => p.getAttribute('stroke'));
  const clusters = [...document.querySelectorAll('.sm-cluster span')].map(s => s.style.background);
  return {impacts, areas, clusters};
}"""
LEGEND_COLORS = """() => Object.fromEntries([...document.querySelectorAll('.sm-legend .sm-row')]
  .filter(r => r.querySelector('circle') && r.textContent.includes(' \u2014 '))
  .map(r => [r.textContent.split(' —')[0].trim(), r.querySelector('circle').getAttribute('fill')]))"""


def test_a_link_draws_only_that_actor_in_its_fixed_colour(session):
    frame = open_view(session, "?actor=US")
    page = session["page"]
    assert page.get_by_role("combobox", name="Actor (who struck)").is_visible()
    legend = frame.evaluate(LEGEND_COLORS)
    assert list(legend) == ["United States (US)"]
    drawn = frame.evaluate(DRAWN_COLORS)
    assert drawn["impacts"] or drawn["areas"]
    assert set(drawn["impacts"]) | set(drawn["areas"]) == {legend["United States (US)"]}
    us_only = shown_count(page)
    frame = open_view(session, "?actor=IR,PK")
    assert shown_count(page) != us_only
    two = frame.evaluate(LEGEND_COLORS)
    frame = open_view(session, "?actor=IR")
    one = frame.evaluate(LEGEND_COLORS)
    assert one["Iran (IR)"] == two["Iran (IR)"]  # the same colour whoever else is shown
    assert set(frame.evaluate(DRAWN_COLORS)["impacts"]) <= {one["Iran (IR)"]}


def test_map_and_table_are_linked(session):
    page = session["page"]
    frame = open_view(session)
    # A table row centres the map on its strike.
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)  # the first row's selection box (the grid is a canvas)
    page.wait_for_function("() => new URLSearchParams(location.search).get('event') !== null", timeout=30_000)
    event_id = page.evaluate("() => new URLSearchParams(location.search).get('event')")
    frame.wait_for_function(f"() => document.body.dataset.selected === {event_id!r}", timeout=30_000)
    where = frame.evaluate("""(id) => { const item = window.strikeMap._sm.byId[id], c = window.strikeMap.getCenter();
                                         return {want: item.ev.ll, got: [c.lat, c.lng]}; }""", event_id)
    assert abs(where["want"][0] - where["got"][0]) < 0.2 and abs(where["want"][1] - where["got"][1]) < 0.2
    assert frame.locator("path.sm-selected").count() == 1
    # A click on another strike selects it in the app: its evidence opens beside the map, the link names it.
    other = frame.evaluate("""(id) => {
      // A strike alone at its point: two strikes on one town on two days share a point, and a click takes the top one.
      const pts = Object.values(window.strikeMap._sm.byId).filter(i => i.kind === 'pt' && i.shown);
      const alone = i => pts.filter(o => o.ev.ll[0] === i.ev.ll[0] && o.ev.ll[1] === i.ev.ll[1]).length === 1;
      const item = pts.find(i => i.id !== id && alone(i));
      window.strikeMap.setView(item.ev.ll, 9, {animate: false});  // as a person would pan to it
      return item.id; }""", event_id)
    frame.wait_for_function("""(id) => { const m = window.strikeMap._sm.byId[id].marker;
      if (m._path) { m._path.setAttribute('data-test', 'pick'); } return !!m._path; }""", arg=other)
    frame.locator("[data-test=pick]").click(force=True)
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('event') === {other!r}", timeout=30_000)
    page.get_by_text("published ").first.wait_for(timeout=30_000)
    assert page.locator("blockquote").count() >= 1


def test_playback_steps_and_shows_range_dated_strikes(session):
    frame = open_view(session)
    assert frame.locator("path.sm-uncertain").count() == 0
    frame.locator(".sm-step").select_option("month")
    frame.locator(".sm-stepbtn").click()
    frame.wait_for_function("() => document.querySelector('.sm-time').dataset.day !== ''")
    label = frame.locator(".sm-day").inner_text()
    assert label.startswith("up to ")
    # The first frame holds a strike known only as "by 2022-09-28" (a date range): drawn, as uncertain.
    assert frame.locator("path.sm-uncertain").count() >= 1
    first_day = frame.evaluate("() => document.querySelector('.sm-time').dataset.day")
    frame.locator(".sm-stepbtn").click()
    second_day = frame.evaluate("() => document.querySelector('.sm-time').dataset.day")
    # Empty months are skipped: the next frame is the next month with a strike, not simply a month later.
    assert second_day > first_day
    frame.locator(".sm-mode").select_option("30")
    assert "–" in frame.locator(".sm-day").inner_text()  # a window: "from – to"


def test_filter_then_download_geojson_on_the_first_click(session):
    page = session["page"]
    open_view(session)
    total = shown_count(page)
    page.get_by_role("combobox", name="Actor (who struck)").click()
    page.get_by_role("option", name="United States (US)").click()
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => document.querySelector('[data-testid=stMetricValue]').innerText.trim() !== "
                           f"'{total}'", timeout=30_000)
    assert "actor=US" in page.url
    us_only = shown_count(page)
    settled(page)
    with page.expect_download(timeout=30_000) as info:
        page.get_by_test_id("stSidebar").get_by_role("button", name="GeoJSON").click()
    collection = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == us_only
    assert {f["properties"]["actor"] for f in collection["features"]} == {"US"}
    with page.expect_download(timeout=30_000) as info:  # written on demand, also on the first click
        page.get_by_test_id("stSidebar").get_by_role("button", name="GeoPackage").click()
    assert Path(info.value.path()).read_bytes()[:16] == b"SQLite format 3\x00"


def test_a_filter_change_sends_new_data_to_the_same_map(session):
    page = session["page"]
    frame = open_view(session)
    frame.evaluate("() => { window.smKept = window.strikeMap; }")  # gone if the page (and Leaflet) reloaded
    before = frame.evaluate("() => document.body.dataset.view")
    page.get_by_role("combobox", name="Actor (who struck)").click()
    page.get_by_role("option", name="Iran (IR)").click()
    page.keyboard.press("Escape")
    frame.wait_for_function(f"() => document.body.dataset.view !== {before!r}", timeout=30_000)
    assert frame.evaluate("() => window.smKept === window.strikeMap")
    legend = frame.evaluate(LEGEND_COLORS)
    assert list(legend) == ["Iran (IR)"]
    # The borders arrive on their own (the strikes never wait for them), are drawn once and restyled per view:
    # Iran, the only actor now, is outlined in its colour.
    frame.wait_for_function("() => document.querySelectorAll('.leaflet-smBorders-pane path').length > 150")
    assert frame.evaluate("() => document.body.dataset.bordersError") is None
    assert frame.get_by_text("Country borders (Natural Earth)").count() == 1
    outlined = frame.evaluate("""() => [...document.querySelectorAll('.leaflet-smBorders-pane path')]
        .filter(p => p.getAttribute('stroke-width') === '1.8').map(p => p.getAttribute('stroke'))""")
    assert outlined == [legend["Iran (IR)"]]
    # The timeline is drawn on a canvas: a year of daily bars as SVG nodes slowed every filter change.
    page.locator(".vega-embed canvas").first.wait_for(timeout=30_000)
    assert page.locator(".vega-embed svg.marks").count() == 0
    settled(page)


def test_adding_an_article_keeps_the_tab_and_toasts(session):
    page = session["page"]
    open_view(session)
    total = shown_count(page)
    page.get_by_role("tab", name="Add articles").click()
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Extract and add").click()
    page.wait_for_function(f"() => Number(document.querySelector('[data-testid=stMetricValue]').innerText) > {total}",
                           timeout=60_000)
    page.get_by_test_id("stToast").first.wait_for(timeout=10_000)
    assert page.get_by_role("tab", name="Add articles").get_attribute("aria-selected") == "true"
    assert "tab=" in page.url


def test_screenshots_at_desktop_and_phone_width(session):
    page = session["page"]
    ARTIFACTS.mkdir(exist_ok=True)
    frame = open_view(session, "?actor=IR,PK,US")
    page.wait_for_timeout(800)  # let tiles fail and the map settle before the picture
    page.screenshot(path=str(ARTIFACTS / "app-1400.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    frame = map_doc(page, timeout=120)
    drawn_in_full(page)
    assert frame.evaluate("() => document.querySelector('.sm-legend details').open") is False  # folded on a phone
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "app-390.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})
    assert session["errors"] == []
    assert not any("127.0.0.1" in url or "localhost" in url for url in session["blocked"])


def test_a_big_view_is_drawn_on_one_canvas_and_stays_linked(session, tmp_path):
    """Past ONE_CANVAS_ABOVE strikes the live map draws them all on one canvas, as a big exported map does;
    a table row still rings and centres its strike, and a click on the canvas still opens a strike's evidence."""
    from geo.app import dataset as ds
    from geo.app.store import EventStore
    from geo.formats.geojson import country_point
    from geo.maps.payload import ONE_CANVAS_ABOVE
    from geo.models import Precision

    from .events_factory import spread_events

    events = {e.event_id: e for e in spread_events(ONE_CANVAS_ABOVE + 100)}
    EventStore(ds.data_dir(tmp_path / "data") / "strikemap.sqlite", fuse=list).add(events.values(), once=ds.BUNDLE)
    port, blocked, errors = free_port(), [], []
    server = start_server(tmp_path / "data", port, tmp_path / "streamlit.log")
    try:
        page = session["browser"].new_page(viewport={"width": 1400, "height": 1000})  # one Playwright per thread
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.route("**/*", local_only(blocked))
        page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
        frame = map_doc(page, timeout=120)
        frame.wait_for_selector(".leaflet-container[data-sm-ready]", state="attached", timeout=60_000)
        assert frame.locator("canvas.sm-canvas").count() == 1 and frame.locator("path.sm-impact").count() == 0
        layers = frame.locator(".leaflet-control-layers")
        assert layers.get_by_text("Iran (IR) — ").count() == 1  # each actor keeps its switch in the list
        drawn_in_full(page)
        # A table row: its strike is ringed and centred, found among the canvas's strikes by its id.
        grid = page.get_by_test_id("stDataFrame").first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)
        page.wait_for_function("() => new URLSearchParams(location.search).get('event') !== null", timeout=30_000)
        chosen = events[page.evaluate("() => new URLSearchParams(location.search).get('event')")]
        frame.wait_for_selector("path.sm-selected", state="attached", timeout=30_000)
        centre = frame.evaluate("() => { const c = window.strikeMap.getCenter(); return [c.lat, c.lng]; }")
        # (a country-wide strike is drawn at the country's point, as in every map)
        drawn = country_point(chosen.target_country) if chosen.precision is Precision.COUNTRY else chosen.place
        assert abs(centre[0] - drawn.lat) < 0.01 and abs(centre[1] - drawn.lon) < 0.01
        # A click on another strike drawn on the canvas selects it in the app.
        draws = frame.evaluate("() => Number(document.querySelector('.leaflet-container').dataset.smDraws)")
        point = frame.evaluate("""(far) => {
          const m = window.strikeMap, s = m._sm.canvas.store, here = m.getCenter();
          let i = 0;
          while (Math.abs(s.lat[i] - here.lat) + Math.abs(s.lon[i] - here.lng) < far) { i++; }
          m.setView([s.lat[i], s.lon[i]], 11, {animate: false});
          const p = m.latLngToContainerPoint([s.lat[i], s.lon[i]]);
          return [p.x, p.y]; }""", 0.5)
        frame.wait_for_function(f"() => Number(document.querySelector('.leaflet-container').dataset.smDraws) > "
                                f"{draws}")
        page.locator("iframe[src*='/component/']").first.scroll_into_view_if_needed()  # the table row scrolled
        where = page.locator("iframe[src*='/component/']").first.bounding_box()
        page.mouse.click(where["x"] + point[0], where["y"] + point[1])
        page.wait_for_function(f"() => new URLSearchParams(location.search).get('event') !== {chosen.event_id!r}",
                               timeout=30_000)
        page.get_by_text("published ").first.wait_for(timeout=30_000)
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert errors == [] and not any("127.0.0.1" in url for url in blocked)


def test_the_page_comes_in_full_even_when_the_map_cannot_draw(session):
    """The charts and the table wait for the map's first draw; a map that fails (here Leaflet never arrives)
    says so all the same, so the rest of the page still comes."""
    page = session["browser"].new_page(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []
    route = local_only(blocked)
    page.route("**/*", lambda r: r.abort() if r.request.url.endswith("/leaflet.js") else route(r))
    try:
        page.goto(session["url"], wait_until="domcontentloaded")
        drawn_in_full(page)
        frame = next(f for f in page.frames if "/component/" in f.url)
        assert frame.evaluate("() => document.body.dataset.error").startswith("ReferenceError")  # no L
        assert page.locator("[data-testid=stVegaLiteChart]").count() >= 1
    finally:
        page.close()
