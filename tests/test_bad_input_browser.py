"""The bad-input matrix, part 5: outside text in the real app, in headless Chromium.

An uploaded file named like Markdown once rendered a link and an image the browser
fetched. Here the real ``streamlit run app.py`` is sent such files, and the page must
show their names as text: no link to the planted address, no image, and no request to it.
"""

from __future__ import annotations

import pytest

from geo.app.dataset import BUNDLE
from geo.app.store import EventStore
from tests.events_factory import sample_events
from tests.test_browser_app import CHROMIUM, LAUNCH_ARGS, free_port, settled, start_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]
PLANTED_PORT = 9  # the discard port: nothing answers, but a fetch attempt is still a request we can see
NAMES = [
    f"[x](https://e.org) ![i](http://127.0.0.1:{PLANTED_PORT}/t.png).txt",
    f"<img src=http://127.0.0.1:{PLANTED_PORT}/h.png> **b** :red[c] $x$.txt",
]


PLANT = ('<img src=http://127.0.0.1:9/p.png onerror="document.title=\'PWNED\'">'
         '<script>document.title="PWNED"</script> ![i](http://127.0.0.1:9/m.png) [x](https://e.org)')


def planted_event():
    """A stored strike with markup planted in every text field a person sees."""
    from dataclasses import replace

    from geo.models import Evidence

    event = sample_events()[0]
    sentence = f"Officials said {PLANT} the strike hit Erbil."
    source = replace(event.sources[0], title=PLANT, url="https://e.org/a)![i](http://127.0.0.1:9/u.png",
                     evidence=(Evidence(sentence, 0, len(sentence)),))
    return replace(event, event_id="ev-planted", place=replace(event.place, name=PLANT, admin1=PLANT),
                   place_text=PLANT, target=PLANT, weapons=(PLANT,), sources=(source,))


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    folder = tmp_path_factory.mktemp("hostile-app")
    seeded = EventStore(folder / "data" / "strikemap.sqlite", fuse=list)  # the sample events, already loaded:
    seeded.add(sample_events() + [planted_event()], once=BUNDLE)  # no extraction at start: it is quick
    port = free_port()
    server = start_server(folder / "data", port, folder / "streamlit.log")
    requests: list[str] = []
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.on("request", lambda request: requests.append(request.url))
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                    (f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}", "data:", "blob:", "about:"))
                    else route.abort())
                yield page, requests, f"http://127.0.0.1:{port}/"
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("name", NAMES, ids=["markdown link and image in a file name", "html and styling in a name"])
def test_a_hostile_file_name_is_shown_as_text(page, name):
    page, requests, url = page
    page.goto(url, wait_until="domcontentloaded")  # a new session: an empty uploader, no earlier toasts
    page.get_by_role("tab", name="Add articles").click(timeout=90_000)
    # The uploader lists a file at once but sends it afterwards: "Extract and add" waits for the upload (a
    # click before it ends reads no file; the page may still be drawing its charts on a first visit).
    with page.expect_response(lambda r: "/upload_file/" in r.url and r.request.method == "PUT", timeout=30_000):
        page.locator("input[type=file]").first.set_input_files(
            [{"name": name, "mimeType": "text/plain", "buffer": b""}])  # empty: refused, and named in the message
    page.get_by_text("0.0B").first.wait_for(timeout=30_000)  # the uploader lists it
    page.wait_for_timeout(300)  # the page hands the uploaded file to the app (a rerun), and that run ends
    settled(page)
    page.get_by_role("button", name="Extract and add").click()
    shown = page.get_by_text("the file is empty", exact=False).first
    shown.wait_for(timeout=60_000)
    toasts = " ".join(page.locator("[data-testid=stToastText]").all_text_contents()).replace("\u2060", "")
    assert name in toasts  # the name as typed, character for character (word joiners are invisible)
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert not [href for href in links if href.startswith(("https://e.org", "http://127.0.0.1:9"))], links
    assert page.locator(f"img[src*='127.0.0.1:{PLANTED_PORT}']").count() == 0
    assert not [url for url in requests if f"127.0.0.1:{PLANTED_PORT}" in url]


def test_markup_planted_in_a_stored_strike_never_runs(page):
    from tests.test_browser_app import map_doc

    page, requests, url = page
    page.goto(url + "?event=ev-planted&actor=%3Cimg%20src%3Dhttp%3A%2F%2F127.0.0.1%3A9%2Fq.png%3E",
              wait_until="domcontentloaded")
    map_doc(page, timeout=90)  # the live map has drawn, planted strike included
    page.get_by_text("Officials said", exact=False).first.wait_for(timeout=60_000)  # its evidence, as text
    page.wait_for_timeout(1500)
    for frame in page.frames:
        assert frame.evaluate("document.title") != "PWNED", frame.url
        assert frame.locator(f"img[src*='127.0.0.1:{PLANTED_PORT}']").count() == 0, frame.url
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert not [href for href in links if href.startswith(("https://e.org/a)", "http://127.0.0.1:9"))], links
    assert not [u for u in requests if f"127.0.0.1:{PLANTED_PORT}" in u], requests
