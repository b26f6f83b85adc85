"""The real app in headless Chromium: `streamlit run app.py`, every non-local request blocked.

Uses Debian's ``/usr/bin/chromium`` through Playwright from PyPI (never ``playwright install``);
skipped when either is missing. Leaves ``test-artifacts/app.png``.
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
    """The map's iframe (the only iframe whose document holds a Leaflet container)."""
    return page.frame_locator("iframe[title='st.iframe'], iframe.stIFrame, iframe").first


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
                page = browser.new_page(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.route("**/*", local_only(blocked))
                page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
                yield {"page": page, "blocked": blocked, "errors": errors, "folder": folder}
            finally:
                browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def impacts(page) -> int:
    return map_frame(page).locator("path.sm-impact, path.sm-area, path.sm-country").count()


def shown_count(page) -> int:
    metric = page.get_by_test_id("stMetricValue").first
    return int(metric.inner_text().strip())


def test_map_filter_add_download(session):
    page = session["page"]
    frame = map_frame(page)
    frame.locator(".leaflet-container").wait_for(timeout=60_000)
    frame.locator("path.sm-impact").first.wait_for(state="attached", timeout=30_000)
    total = shown_count(page)
    assert total >= 5 and impacts(page) >= 5

    # A filter: only the United States' strikes.
    page.get_by_role("combobox", name="Actor (who struck)").click()
    page.get_by_role("option", name="United States (US)").click()
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => document.querySelector('[data-testid=stMetricValue]').innerText.trim() !== "
                           f"'{total}'", timeout=30_000)
    us_only = shown_count(page)
    assert 0 < us_only < total
    frame.locator(".sm-legend").wait_for(timeout=30_000)
    assert "United States" in frame.locator(".sm-legend").inner_text()
    assert "Iran (IR) —" not in frame.locator(".sm-legend").inner_text()

    # Back to everything, then paste an article; its strike appears.
    page.get_by_role("button", name="Remove United States (US)").click()
    page.wait_for_function(f"() => document.querySelector('[data-testid=stMetricValue]').innerText.trim() === "
                           f"'{total}'", timeout=30_000)
    page.get_by_role("tab", name="Add articles").click()
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Extract and add").click()
    page.wait_for_function(f"() => Number(document.querySelector('[data-testid=stMetricValue]').innerText) > {total}",
                           timeout=60_000)
    frame.locator(".sm-legend").wait_for(timeout=30_000)
    frame.locator(".sm-legend", has_text=f"{total + 1} strikes").wait_for(timeout=30_000)  # the map redrew
    page.get_by_role("tab", name="Events").click()
    assert page.get_by_test_id("stDataFrame").first.is_visible()

    # The GeoJSON of the view downloads and parses.
    with page.expect_download(timeout=60_000) as info:
        page.get_by_test_id("stSidebar").get_by_role("button", name="GeoJSON").click()
    collection = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == total + 1
    assert any(f["properties"]["target_country"] == "YE" for f in collection["features"])

    # Choosing a table row shows the strike's evidence and sources beside the map.
    grid = page.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)  # the first row's selection box (the grid is a canvas)
    page.get_by_text("published ").first.wait_for(timeout=30_000)
    assert page.locator("blockquote").count() >= 1  # evidence sentences

    page.get_by_role("heading", name="Strike Map").first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)  # let the map finish its fade-in before the picture
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "app.png"))
    assert session["errors"] == []
    assert not any("127.0.0.1" in url or "localhost" in url for url in session["blocked"])
