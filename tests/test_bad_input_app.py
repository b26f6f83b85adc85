"""The bad-input matrix, part 4: the Streamlit app (``AppTest``) on damaged stores and hostile text.

Every message the app shows is collected with its Markdown source: text from
outside (a URL, a file name, a stored row) must arrive escaped, so Streamlit
draws it as text and never as a link or an image the browser would fetch.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from geo.app import dataset as ds
from geo.app.store import EventStore
from tests.events_factory import sample_events

ROOT = Path(__file__).resolve().parent.parent
# Markdown that would become a live link or image: "[text](" or "![" not preceded by a backslash.
LIVE_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(|(?<!\\)!(?<!\\)\[|(?<!\\)<(?:img|a|script)\b")
# A bare URL GitHub Markdown would link by itself (the app breaks "://" with an invisible word joiner).
AUTOLINK = re.compile(r"(?i)\b(?:https?|ftp)\\?:(?!\u2060)//|\bwww\\?\.")


def _messages(at) -> list[str]:
    """The Markdown of every alert, toast and status the app drew."""
    found = []
    for kind in ("error", "warning", "info", "success", "toast", "exception", "status"):
        for element in getattr(at, kind, []) or []:
            value = getattr(element, "value", None) or getattr(element, "label", None)
            if isinstance(value, str):
                found.append(value)
    return found


def _app():
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("STRIKEMAP_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def _seeded(data: Path) -> EventStore:
    """A store holding the sample events, marked as already seeded (the app must not re-load the articles)."""
    store = EventStore(data / "strikemap.sqlite", fuse=list)
    store.add(sample_events(), once=ds.BUNDLE)
    return store


@pytest.mark.parametrize("feature", [pytest.param('{"type": "Feature", "properties": {', id="app: bad json row"),
                                     pytest.param("latitude", id="app: latitude 999 row")])
def test_the_app_shows_everything_but_a_damaged_row(data_dir, feature):
    store = _seeded(data_dir)
    if feature == "latitude":
        feature = _lat_999(store.path)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE events SET feature = ? WHERE event_id = 'ev-erbil'", (feature,))
    at = _app()
    at.run()
    assert not at.exception, at.exception
    assert not any(m.startswith("Something went wrong") for m in _messages(at))
    notices = [m for m in _messages(at) if "set aside" in m]
    assert len(notices) == 1 and "ev-erbil" in notices[0]
    table = at.dataframe[0].value
    assert len(table) == len(sample_events()) - 1


def _lat_999(path: Path) -> str:
    import json

    with sqlite3.connect(path) as db:
        feature = json.loads(db.execute("SELECT feature FROM events WHERE event_id = 'ev-erbil'").fetchone()[0])
    feature["geometry"]["coordinates"] = [44.0, 999]
    return json.dumps(feature)


def test_the_app_says_when_its_store_was_emptied(data_dir):
    store = _seeded(data_dir)
    store.path.write_bytes(b"")
    at = _app()
    at.run()
    assert not at.exception, at.exception
    assert any("empty file (0 bytes)" in m for m in _messages(at))


@pytest.mark.parametrize("url", [
    pytest.param("http://127.0.0.1:9/[x](https://e.org) ![i](http://127.0.0.1:9/t.png)", id="app: markdown in a URL"),
    pytest.param("http://10.0.0.1/<img src=x onerror=alert(1)>", id="app: html in a URL"),
    pytest.param("ftp://e.org/**bold** :red[big] $x^2$", id="app: markdown styling in a URL"),
])
def test_a_hostile_url_is_shown_as_text(data_dir, url):
    _seeded(data_dir)
    at = _app()
    at.query_params["tab"] = "Add articles"
    at.run()
    at.checkbox(key="online").check().run()
    at.text_input(key="url").input(url)
    at.button(key="extract").click().run()
    assert not at.exception, at.exception
    shown = _messages(at)
    refusals = [m for m in shown if "private or local" in m or "only http" in m]
    assert refusals, shown  # the refusal was shown...
    for message in shown:  # ...as text: nothing in any message is live Markdown
        assert not LIVE_LINK.search(message) and not AUTOLINK.search(message), message
        assert "**bold**" not in message and ":red[" not in message


@pytest.mark.parametrize("kind", ["CSV"])
def test_the_app_download_neutralises_formulas_and_bare_carriage_returns(kind):
    import csv
    import io
    from dataclasses import replace

    planted = [replace(e, target=f"=HYPERLINK(\"http://e.org\",\"x\")\r{e.event_id}", place_text="+1+1",
                       weapons=("@SUM(1)", "-2")) for e in sample_events()]
    rows = list(csv.reader(io.StringIO(ds.export_bytes(planted, kind).decode("utf-8"), newline="")))
    assert len(rows) == 1 + len(planted)  # no forged rows
    assert not [cell for row in rows[1:] for cell in row if cell[:1] in ("=", "+", "@")]


@pytest.mark.parametrize("url", [
    pytest.param("https://e.org/a)![i](http://127.0.0.1:9/x.png", id="source url closing its link"),
    pytest.param("https://e.org/a b\"c'd<e>f[g]h`i", id="source url with spaces quotes and brackets"),
])
def test_a_source_url_cannot_break_out_of_its_link(url):
    from dataclasses import replace

    event = sample_events()[0]
    event = replace(event, sources=(replace(event.sources[0], url=url),))
    shown = ds.describe(event)["sources"][0]["url"]
    assert shown.startswith("https://e.org/a") and not set(shown) & set(" ()[]<>\"'`")


@pytest.mark.parametrize("text", [pytest.param("see https://e.org/x or www.e.org", id="evidence with bare urls"),
                                  pytest.param("write to a@e.org", id="evidence with an e-mail address")])
def test_article_text_never_becomes_an_autolink(text):
    assert not AUTOLINK.search(ds.md_escape(text)) and "@\u2060" in ds.md_escape("a@b") + ds.plain_text("a@b")


@pytest.mark.parametrize("text", [pytest.param("[x](https://e.org) ![i](http://127.0.0.1:9/t.png)", id="panel: links"),
                                  pytest.param("<img src=x onerror=alert(1)> # heading", id="panel: html"),
                                  pytest.param("see www.e.org or a@e.org", id="panel: autolinks")])
def test_the_evidence_panel_shows_article_text_as_text(text):
    from dataclasses import replace

    from geo.app.text import evidence_text

    event = sample_events()[0]
    source = replace(event.sources[0], title=text, url="https://e.org/a)![i](http://127.0.0.1:9/x.png",
                     evidence=tuple(replace(e, sentence=text) for e in event.sources[0].evidence))
    shown = evidence_text(replace(event, place_text=text, target=text, weapons=(text,), fatalities_reported_by=text,
                                  sources=(source,)))
    lines = [*shown.facts, *(part for s in shown.sources for part in (s.heading, s.published, s.quotes))]
    assert sum(text[:4] in line.replace("\\", "") for line in lines) >= 5  # every field is shown...
    link = shown.sources[0].heading.split("](", 1)[1]
    assert link.startswith("https://e.org/a") and not set(link[:-3]) & set(" ()[]<>")  # ...one real link...
    for line in [*shown.facts, shown.sources[0].heading.split("](")[0], shown.sources[0].quotes]:
        assert not LIVE_LINK.search(line) and not AUTOLINK.search(line), line  # ...and no other
        assert "\n#" not in line and not line.startswith("#")  # never a heading


def test_a_store_file_that_is_not_a_database_stops_the_app_with_one_line(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "strikemap.sqlite").write_bytes(b"[x](https://e.org) not a database " * 200)
    at = _app()
    at.run()
    assert not at.exception, at.exception
    (error,) = [m for m in _messages(at) if "cannot start" in m]
    assert "move it aside" in error and not LIVE_LINK.search(error) and not AUTOLINK.search(error)
    assert (data_dir / "strikemap.sqlite").read_bytes().startswith(b"[x](https://e.org)")  # kept for recovery
