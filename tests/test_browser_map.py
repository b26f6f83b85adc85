"""An exported offline map opened in headless Chromium with the network cut off.

Uses Debian's ``/usr/bin/chromium`` through Playwright (never ``playwright install``);
skipped when either is missing. Leaves a screenshot in ``test-artifacts/map.png``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.maps.rendering import build_map, save_map
from tests.events_factory import hostile_event, sample_events

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def page_report(tmp_path_factory):
    """Open the offline map with every http(s) request aborted; report what loaded and what failed."""
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path_factory.mktemp("browser") / "map.html"
    save_map(build_map(sample_events() + [hostile_event()], offline=True, basemap="light"), path)
    errors, blocked, dialogs = [], [], []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

            def route(r) -> None:
                if r.request.url.startswith(("file:", "data:", "about:")):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(path.as_uri())
            page.wait_for_selector(".leaflet-container")
            page.wait_for_selector("path.sm-arc")
            counts = {name: page.locator(selector).count() for name, selector in {
                "impacts": "path.sm-impact", "areas": "path.sm-area", "countries": "path.sm-country",
                "arcs": "path.sm-arc", "overlays": ".leaflet-control-layers-overlays label",
                "legend": ".sm-legend", "time": ".sm-time input[type=range]",
            }.items()}
            counts["arrowheads"] = page.locator("path.sm-arc[marker-end]").count()
            counts["borders"] = page.locator(".leaflet-smBorders-pane path").count()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "map.png"))
            page.locator("path.sm-impact").first.click(force=True)
            page.wait_for_selector(".leaflet-popup-content .sm-pop")
            popup = page.inner_text(".leaflet-popup-content")
            counts["scripts_in_popup"] = page.locator(".leaflet-popup-content script").count()
            page.wait_for_timeout(600)  # let the popup fade in and the map pan before the picture
            page.screenshot(path=str(ARTIFACTS / "map-popup.png"))
            page.fill(".sm-time input[type=range]", str(_day_number("2024-01-15")))
            page.dispatch_event(".sm-time input[type=range]", "input")
            counts["arcs_on_jan15"] = page.locator("path.sm-arc").count()
            counts["time_label"] = page.inner_text(".sm-day")
            # Penjwen is dated 12-14 January (a range): on the 13th it is drawn, as uncertain.
            page.fill(".sm-time input[type=range]", str(_day_number("2024-01-13")))
            page.dispatch_event(".sm-time input[type=range]", "input")
            counts["uncertain_on_jan13"] = page.locator("path.sm-area.sm-uncertain").count()
            # A 7-day window ending on the 20th: Penjwen's range reaches the 14th, so it is still in.
            page.select_option(".sm-mode", "7")
            page.fill(".sm-time input[type=range]", str(_day_number("2024-01-20")))
            page.dispatch_event(".sm-time input[type=range]", "input")
            counts["window_label"] = page.inner_text(".sm-day")
            counts["areas_in_window"] = page.locator("path.sm-area").count()
            counts["legend_open_wide"] = page.evaluate("() => document.querySelector('.sm-legend details').open")
            # Stepping by day from the start skips the empty 13th and 14th: 12th, then 15th, then 16th.
            page.select_option(".sm-mode", "0")
            page.select_option(".sm-step", "day")
            page.fill(".sm-time input[type=range]", str(_day_number("2024-01-20") + 1))
            page.dispatch_event(".sm-time input[type=range]", "input")
            steps = []
            for _ in range(3):
                page.click(".sm-stepbtn")
                steps.append(page.get_attribute(".sm-time", "data-day"))
            counts["steps"] = steps
        finally:
            browser.close()
    return {"counts": counts, "errors": errors, "blocked": blocked, "dialogs": dialogs, "popup": popup}


def _day_number(iso: str) -> int:
    from datetime import date

    return date.fromisoformat(iso).toordinal() - date(1970, 1, 1).toordinal()


def test_offline_map_draws_without_network_or_errors(page_report):
    assert page_report["errors"] == []
    assert page_report["dialogs"] == []  # the hostile event's <script>alert(1)</script> never ran
    assert not any("leaflet" in url or "jquery" in url or "bootstrap" in url for url in page_report["blocked"])
    counts = page_report["counts"]
    assert counts["legend"] == 1 and counts["time"] == 1
    assert counts["overlays"] == 1 + 4  # borders + IR, PK, TR, IL


def test_precision_symbology_in_the_browser(page_report):
    counts = page_report["counts"]
    assert counts["impacts"] == 3  # Erbil, Panjgur, hostile (at Erbil): towns are dots
    assert counts["areas"] == 2  # Idlib province, Penjwen district: circles of uncertainty
    assert counts["countries"] == 2  # Iran struck by Pakistan; Syria (no place) by Israel: hatched countries
    assert counts["arcs"] == counts["arrowheads"] == 7
    assert counts["borders"] > 150  # Natural Earth polygons drawn without tiles


def test_playback_ranges_and_windows(page_report):
    counts = page_report["counts"]
    assert counts["uncertain_on_jan13"] == 1  # Penjwen, 12-14 January
    assert counts["window_label"].startswith("2024-01-14 \u2013 2024-01-20 \u00b7 6 of 7")  # not the undated one
    assert counts["areas_in_window"] == 2  # Idlib (15th) and Penjwen (12-14, overlapping the window)
    assert counts["legend_open_wide"] is True
    assert counts["steps"] == ["2024-01-12", "2024-01-15", "2024-01-16"]


@pytest.fixture(scope="module")
def crowd_report(tmp_path_factory):
    """Twelve strikes a few km apart around Erbil and one at Penjwen: clusters and labels that give way."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from dataclasses import replace

    base = sample_events()[0]
    events = [replace(base, event_id=f"ev-{i}", place=replace(base.place, name=f"Village {i}",
                                                               lat=36.19 + 0.02 * (i % 4), lon=44.0 + 0.02 * (i // 4)))
              for i in range(12)]
    path = tmp_path_factory.mktemp("crowd") / "map.html"
    save_map(build_map(events, offline=True, basemap="dark"), path)
    report = {}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 700})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            page.goto(path.as_uri())
            page.wait_for_selector(".leaflet-container")
            page.wait_for_timeout(300)
            name = page.evaluate("() => Object.keys(window).find(k => k.startsWith('map_'))")
            report["legend_open_narrow"] = page.evaluate("() => document.querySelector('.sm-legend details').open")
            report["dark"] = page.evaluate("() => document.querySelector('.leaflet-container').classList.contains("
                                           "'sm-dark')")
            def visible_at(move: str) -> tuple[int, int, int]:
                """(clusters, impact shapes, place labels shown) after the map moves."""
                page.evaluate(f"() => {{ window.{name}.{move}; }}")
                page.wait_for_timeout(200)
                return (page.locator(".sm-cluster").count(), page.locator("path.sm-impact").count(),
                        page.evaluate("() => [...document.querySelectorAll('.sm-place-label')]"
                                      ".filter(e => e.style.display !== 'none').length"))

            report["clusters_z6"], report["impacts_z6"], report["labels_z6"] = visible_at(
                "setZoom(6, {animate: false})")
            report["clusters_z9"], _, report["labels_z9"] = visible_at("setView([36.22, 44.02], 9, {animate: false})")
            report["clusters_z12"], report["impacts_z12"], report["labels_z12"] = visible_at(
                "setView([36.22, 44.02], 12, {animate: false})")
        finally:
            browser.close()
    return report


def test_crowded_strikes_cluster_and_labels_give_way(crowd_report):
    assert crowd_report["clusters_z6"] >= 1 and crowd_report["impacts_z6"] < 12
    assert crowd_report["labels_z6"] == 0  # clustered strikes are not named
    assert crowd_report["clusters_z9"] == 0
    assert 1 <= crowd_report["labels_z9"] < 12  # ~15 px apart: the names would overlap, most hide
    assert crowd_report["clusters_z12"] == 0 and crowd_report["impacts_z12"] == 12
    assert crowd_report["labels_z12"] > crowd_report["labels_z9"]  # zoomed in, more names fit


def test_narrow_dark_map_folds_its_legend_and_follows_the_theme(crowd_report):
    assert crowd_report["legend_open_narrow"] is False
    assert crowd_report["dark"] is True


def test_popup_and_time_slider(page_report):
    assert "Iran (IR) → Iraq (IQ)" in page_report["popup"] and "Confidence" in page_report["popup"]
    assert page_report["counts"]["scripts_in_popup"] == 0
    assert page_report["counts"]["arcs_on_jan15"] == 3  # Penjwen (12-14), Erbil and Idlib (15)
    assert "2024-01-15" in page_report["counts"]["time_label"]


# ---------------------------------------------------------------- big maps: every strike on one canvas

def _drawn(page) -> dict:
    import json

    return json.loads(page.get_attribute(".leaflet-container", "data-sm-drawn"))


def _settled_draws(page) -> int:
    """The canvas's draw count once no draw is pending (a slide or a pan may still be redrawing)."""
    count = int(page.get_attribute(".leaflet-container", "data-sm-draws"))
    for _ in range(40):
        page.wait_for_timeout(150)
        now = int(page.get_attribute(".leaflet-container", "data-sm-draws"))
        if now == count:
            return count
        count = now
    return count


def _after_redraw(page, action) -> dict:
    """Do ``action`` and wait for the canvas to draw again and settle; what it drew."""
    before = _settled_draws(page)
    action()
    page.wait_for_function(f"() => +document.querySelector('.leaflet-container').dataset.smDraws > {before}")
    _settled_draws(page)
    return _drawn(page)


def _click_at(page, name: str, lat: float, lon: float) -> str:
    """Click the map where (lat, lon) is, as a person would; the popup's text once it has loaded."""
    # The last popup may still be panning the map into view: stop it there, then find the point.
    point = page.evaluate(f"() => {{ const map = window.{name}; map.stop();"
                          f" return map.latLngToContainerPoint([{lat}, {lon}]); }}")
    box = page.locator(".leaflet-container").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function("() => { const p = document.querySelector('.leaflet-popup-content');"
                           " return p && !p.textContent.includes('Loading'); }")
    text = page.inner_text(".leaflet-popup-content")
    page.evaluate(f"() => {{ window.{name}.closePopup(); }}")
    page.wait_for_selector(".leaflet-popup", state="detached")  # it fades out before it leaves the page
    return text


def _open_canvas_map(playwright, path, report, width=1400, height=900):
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("pageerror", lambda exc: report["errors"].append(str(exc)))
    page.on("dialog", lambda dialog: (report["dialogs"].append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort())
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-container[data-sm-ready]")
    return browser, page, page.evaluate("() => Object.keys(window).find(k => k.startsWith('map_'))")


@pytest.fixture(scope="module")
def canvas_report(tmp_path_factory):
    """The sample strikes drawn as a big map draws them (one canvas), clicked, played back, switched off."""
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path_factory.mktemp("canvas") / "map.html"
    save_map(build_map(sample_events() + [hostile_event()], offline=True, one_canvas=True), path)
    report = {"errors": [], "dialogs": []}
    with sync_api.sync_playwright() as playwright:
        browser, page, name = _open_canvas_map(playwright, path, report)
        try:
            report["drawn"] = _drawn(page)
            report["svg_strikes"] = page.locator("path.sm-impact, path.sm-area, path.sm-arc, path.sm-country").count()
            report["erbil"] = _click_at(page, name, 36.19117, 44.00943)  # two strikes on one town
            report["panjgur"] = _click_at(page, name, 26.96, 64.09)
            report["syria"] = _click_at(page, name, 35.0, 39.8)  # inside hatched Syria, away from the arcs
            report["scripts_in_popup"] = page.locator(".leaflet-popup-content script").count()

            def slide(iso: str):
                page.fill(".sm-time input[type=range]", str(_day_number(iso)))
                return _after_redraw(page, lambda: page.dispatch_event(".sm-time input[type=range]", "input"))

            report["jan15"] = slide("2024-01-15")
            report["jan13"] = slide("2024-01-13")
            page.select_option(".sm-mode", "7")
            report["window"] = slide("2024-01-20")
            report["window_label"] = page.inner_text(".sm-day")
            page.select_option(".sm-mode", "0")
            page.select_option(".sm-step", "day")
            slide("2024-01-21")
            steps = []
            for _ in range(3):
                page.click(".sm-stepbtn")
                steps.append(page.get_attribute(".sm-time", "data-day"))
            report["steps"] = steps
            slide("2024-01-21")  # all dates again
            iran = page.locator(".leaflet-control-layers-overlays label", has_text="Iran (IR)").locator("input")
            report["without_iran"] = _after_redraw(page, iran.uncheck)
        finally:
            browser.close()
    return report


def test_a_big_map_draws_the_same_strikes_on_one_canvas(canvas_report):
    assert canvas_report["errors"] == [] and canvas_report["dialogs"] == []
    assert canvas_report["svg_strikes"] == 0  # no Leaflet layer per strike
    drawn = canvas_report["drawn"]
    # As the layers draw them (test_precision_symbology_in_the_browser): 3 town dots (two at Erbil), Idlib
    # and Penjwen as areas, Iran and Syria hatched, 7 arcs with arrowheads.
    assert (drawn["towns"], drawn["areas"], drawn["countries"], drawn["arcs"], drawn["clusters"]) == (3, 2, 2, 7, 0)


def test_a_big_maps_popups_load_on_click(canvas_report):
    assert canvas_report["erbil"].startswith("2 strikes here")
    assert "Iran (IR) → Iraq (IQ)" in canvas_report["erbil"] and "Confidence" in canvas_report["erbil"]
    assert "<script>alert(1)</script>" in canvas_report["erbil"]  # shown as text, never run
    assert canvas_report["scripts_in_popup"] == 0
    panjgur = canvas_report["panjgur"]
    assert panjgur.startswith("Iran (IR) → Pakistan (PK)") and "Balochistan" in panjgur
    assert "Pakistan condemns Iranian strike near Panjgur" in canvas_report["panjgur"]  # the evidence, on demand
    assert canvas_report["syria"].startswith("1 strike located only as “Syria”")
    assert "Israel (IL) → Syria (SY)" in canvas_report["syria"]


def test_a_big_maps_playback_and_layer_switches(canvas_report):
    assert canvas_report["jan15"]["arcs"] == 3  # Penjwen (12-14), Erbil and Idlib (15)
    assert canvas_report["jan13"]["uncertain"] == 1  # Penjwen, drawn uncertain
    assert canvas_report["window_label"].startswith("2024-01-14 \u2013 2024-01-20 \u00b7 6 of 7")
    assert canvas_report["window"]["areas"] == 2
    assert canvas_report["steps"] == ["2024-01-12", "2024-01-15", "2024-01-16"]
    without = canvas_report["without_iran"]  # Iran's 4 strikes off: Pakistan's hatched Iran, Türkiye's Penjwen left
    assert (without["towns"], without["areas"], without["arcs"], without["countries"]) == (0, 1, 3, 2)


@pytest.fixture(scope="module")
def canvas_crowd_report(tmp_path_factory):
    """3,000 strikes (a big map by count, no option given): clusters by zoom, a cluster's click zooms in."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from dataclasses import replace

    base = sample_events()[0]
    events = [replace(base, event_id=f"ev-{i}", place=replace(
        base.place, name=f"Village {i}", lat=36.0 + 0.004 * (i % 60), lon=44.0 + 0.004 * (i // 60)))
        for i in range(3000)]
    path = tmp_path_factory.mktemp("canvas-crowd") / "map.html"
    save_map(build_map(events, offline=True), path)
    report = {"errors": [], "dialogs": []}
    with sync_api.sync_playwright() as playwright:
        browser, page, name = _open_canvas_map(playwright, path, report, width=390, height=700)
        try:
            report["legend_open"] = page.evaluate("() => document.querySelector('.sm-legend details').open")
            report["legend_top_right"] = page.locator(".leaflet-top.leaflet-right .sm-legend").count()
            report["layer_list_open"] = page.locator(".leaflet-control-layers-expanded").count()
            report["start"] = _drawn(page)
            report["zoom"] = page.evaluate(f"() => window.{name}.getZoom()")
            cluster = page.evaluate(f"() => window.{name}._sm.canvas.drawn.clusters[0]")
            view = page.evaluate(f"() => window.{name}._sm.canvas.view.min")
            corner = page.evaluate(f"() => window.{name}.layerPointToContainerPoint([{view['x']}, {view['y']}])")
            box = page.locator(".leaflet-container").bounding_box()
            report["after_click"] = _after_redraw(page, lambda: page.mouse.click(
                box["x"] + corner["x"] + cluster["x"], box["y"] + corner["y"] + cluster["y"]))
            report["zoom_after_click"] = page.evaluate(f"() => window.{name}.getZoom()")
            report["z14"] = _after_redraw(page, lambda: page.evaluate(
                f"() => {{ window.{name}.setView([36.05, 44.05], 14, {{animate: false}}); }}"))
        finally:
            browser.close()
    return report


def test_a_big_map_clusters_by_zoom(canvas_crowd_report):
    report = canvas_crowd_report
    assert report["errors"] == [] and report["legend_open"] is False
    # On a phone the playback bar takes the bottom and the layer list folds: the legend goes top right.
    assert report["legend_top_right"] == 1 and report["layer_list_open"] == 0
    assert report["start"]["clusters"] >= 1 and report["start"]["towns"] < 100
    assert report["zoom_after_click"] > report["zoom"]  # a cluster's click zooms in on its strikes
    assert report["z14"]["clusters"] == 0 and report["z14"]["towns"] > 0  # close up, every strike is a dot
    assert report["start"]["arcs"] + report["start"]["routes"] > 0
