"""The Streamlit app (``AppTest``, no browser) and its data layer :mod:`geo.app.dataset`.

The app runs on its bundled dataset in a temporary data directory (``STRIKEMAP_DATA``).
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from datetime import date
from pathlib import Path

import pytest

from geo.app import dataset as ds
from geo.app.store import EventStore
from geo.errors import InputError
from tests.events_factory import ERBIL, sample_events

ROOT = Path(__file__).resolve().parent.parent
# Written for these tests (a real event: Israel struck Hodeidah on 20 July 2024); no bundled article reports it.
ARTICLE = ("Israeli jets strike Yemen's Hodeidah port\n\n"
           "Israeli warplanes struck the port of Hodeidah in Yemen on Saturday, July 20, 2024, the Israeli military "
           "said, a day after a Houthi drone hit Tel Aviv.")
UNDATED = ("Israeli jets strike Yemen's Hodeidah port\n\n"
           "Israeli warplanes struck the port of Hodeidah in Yemen on Saturday, the Israeli military said.")


# ---------------------------------------------------------------- the app

@pytest.fixture
def app(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("STRIKEMAP_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def shown(at) -> int:
    return len(at.dataframe[0].value)


def _query(at, name: str) -> str:
    value = at.query_params[name]
    return value if isinstance(value, str) else ",".join(value)


def toasts(at) -> list[str]:
    return [t.value for t in at.toast]


def open_tab(at, name: str):
    """Open a tab as a click would (it lives in the URL); only the open tab beside Events is drawn."""
    at.query_params["tab"] = name
    return at.run()


def test_opens_on_the_bundled_dataset(app, tmp_path):
    assert not app.error
    assert shown(app) >= 5
    assert app.metric[0].value == str(shown(app))
    assert app.metric[1].label == "Reported killed" and int(app.metric[1].value) > 0
    assert (tmp_path / "data" / "strikemap.sqlite").is_file()  # stored: later starts are instant
    assert sorted(b.label for b in app.get("download_button")) == ["CSV", "GeoJSON", "GeoPackage", "HTML map"]
    assert any(e.type == "component_instance" for e in app.main)  # the live map
    assert {"killed", "reported by"} <= set(app.dataframe[0].value.columns)
    # Closed tabs are not drawn until opened: a first visit carries no upload, form or history.
    assert not app.text_area and not [s for s in app.selectbox if s.key == "review_id"]
    assert [t.key for t in open_tab(app, "Add articles").text_area] == ["paste"]
    assert shown(app) >= 5 and not [s for s in app.selectbox if s.key == "review_id"]


def test_a_link_opens_a_filtered_view_and_filters_update_the_link(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("STRIKEMAP_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["actor"] = "US"
    at.query_params["target"] = "IQ,SY"
    at.run()
    assert not at.exception
    assert at.multiselect(key="actors").value == ["US"] and at.multiselect(key="targets").value == ["IQ", "SY"]
    table = at.dataframe[0].value
    assert len(table) >= 2 and set(table["actor"]) == {"United States (US)"}
    assert set(table["target"]) <= {"Iraq (IQ)", "Syria (SY)"}
    at.multiselect(key="targets").unselect("SY").run()
    assert _query(at, "actor") == "US" and _query(at, "target") == "IQ"
    at.multiselect(key="actors").unselect("US").run()
    assert "actor" not in at.query_params


def test_a_bad_link_says_what_it_ignored(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("STRIKEMAP_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["actor"] = "Iran,ZZ"
    at.query_params["from"] = "yesterday"
    at.query_params["event"] = "sm-nothing"
    at.run()
    assert not at.exception and not at.error
    messages = " ".join(toasts(at)).replace("\\", "")  # toasts are Markdown: punctuation arrives escaped
    assert "'Iran' is not an ISO 3166-1 alpha-2 code" in messages and "ZZ: no stored strike" in messages
    assert "not an ISO date" in messages and "no stored strike has the id 'sm-nothing'" in messages
    assert at.multiselect(key="actors").value == []


def test_filters_change_the_table(app):
    total = shown(app)
    app.multiselect(key="actors").select("US").run()
    us = shown(app)
    assert 0 < us < total
    assert set(app.dataframe[0].value["actor"]) == {"United States (US)"}
    app.multiselect(key="actors").unselect("US").run()
    precision = app.multiselect(key="precisions")
    precision.select(precision.options[0]).run()
    assert shown(app) < total


def test_pasting_an_article_adds_its_strike(app):
    open_tab(app, "Add articles")
    total = shown(app)
    app.text_area(key="paste").input(ARTICLE)
    app.date_input(key="published").set_value(date(2024, 7, 21))
    app.button(key="extract").click().run()
    assert not app.exception and not app.error
    assert shown(app) == total + 1
    assert "Yemen (YE)" in set(app.dataframe[0].value["target"])
    assert any("1 strike report" in t for t in toasts(app))


def test_text_without_a_publication_date_asks_for_one(app):
    open_tab(app, "Add articles")
    total = shown(app)
    app.text_area(key="paste").input(UNDATED)
    app.button(key="extract").click().run()
    assert shown(app) == total  # nothing stored yet: "on Saturday" needs a date to mean anything
    assert any("No publication date found in: pasted article" in w.value for w in app.warning)
    app.date_input(key="pending_date").set_value(date(2024, 7, 21))
    app.button(key="pending_add").click().run()
    assert shown(app) == total + 1
    table = app.dataframe[0].value
    assert "2024-07-20" in set(table["date"])  # "on Saturday" before Sunday 21 July 2024
    assert not any("No publication date" in w.value for w in app.warning)


def test_delete_asks_first_and_can_be_undone(app):
    open_tab(app, "Review")
    total = shown(app)
    event_id = app.selectbox(key="review_id").value
    next(b for b in app.button if b.label == "Delete this event").click().run()
    assert shown(app) == total  # only asked
    assert any("Delete" in w.value and "you can undo" in w.value for w in app.warning)
    app.button(key="confirm-yes").click().run()
    assert shown(app) == total - 1 and event_id not in set(app.dataframe[0].value["event_id"])
    assert "Deleted." in toasts(app)
    app.button(key="undo-btn").click().run()
    assert shown(app) == total and event_id in set(app.dataframe[0].value["event_id"])
    app.query_params["tab"] = "History"  # the open tab lives in the URL
    app.run()
    history = " ".join(m.value for m in app.markdown)
    assert f"a reviewer deleted {event_id}" in history.replace("\\", "")
    assert "the app added" in history.replace("\\", "") and "{" not in history  # sentences, not dicts


def test_merge_asks_first_and_can_be_undone(app):
    open_tab(app, "Review")
    total = shown(app)
    keep = app.selectbox(key="review_id").value
    merge_box = next(s for s in app.selectbox if s.key and s.key.startswith("merge-"))
    other = merge_box.value
    next(b for b in app.button if b.label == "Merge").click().run()
    assert shown(app) == total
    app.button(key="confirm-yes").click().run()
    assert shown(app) == total - 1 and other not in set(app.dataframe[0].value["event_id"])
    app.button(key="undo-btn").click().run()
    ids = set(app.dataframe[0].value["event_id"])
    assert shown(app) == total and {keep, other} <= ids


def test_cancel_keeps_the_event(app):
    open_tab(app, "Review")
    total = shown(app)
    next(b for b in app.button if b.label == "Delete this event").click().run()
    app.button(key="confirm-no").click().run()
    assert shown(app) == total and not any("you can undo" in w.value for w in app.warning)


def test_restore_sample_data_brings_deleted_strikes_back(app, tmp_path):
    total = shown(app)
    store = EventStore(tmp_path / "data" / "strikemap.sqlite", fuse=list)
    for event in store.all()[:3]:
        store.delete(event.event_id)
    app.run()
    assert shown(app) == total - 3
    app.button(key="restore").click().run()
    assert shown(app) == total
    assert "Sample data restored." in toasts(app)


def test_a_stale_edit_is_refused_and_the_form_reloads(app, tmp_path):
    open_tab(app, "Review")
    event_id = app.selectbox(key="review_id").value
    other_session = EventStore(tmp_path / "data" / "strikemap.sqlite", fuse=list)
    other_session.update(event_id, actor="FR")  # someone else saves first
    precision = next(s for s in app.selectbox if s.key and s.key.startswith("precision-"))
    precision.select("country" if precision.value != "country" else "region")
    next(b for b in app.button if b.label == "Save changes").click().run()
    assert any("changed in another session" in t for t in toasts(app))
    app.run()
    actor = next(s for s in app.selectbox if s.key and s.key.startswith("actor-"))
    assert actor.value == "FR"  # the form now shows what is stored
    assert other_session.get(event_id).event.actor == "FR"


def test_no_reextraction_on_rerun(app, monkeypatch):
    from geo.extract.pipeline import Pipeline

    calls = []
    for name in ("run", "read"):
        original = getattr(Pipeline, name)
        monkeypatch.setattr(Pipeline, name, lambda self, *a, _o=original, **k: calls.append(1) or _o(self, *a, **k))
    app.run()
    app.multiselect(key="actors").select("US").run()
    assert calls == []


# ---------------------------------------------------------------- geo.app.dataset

_PIPELINE = None


def _pipeline():
    global _PIPELINE
    if _PIPELINE is None:
        from geo.extract.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("STRIKEMAP_DATA", raising=False)
    assert ds.data_dir() == ROOT / "data" / "events"
    monkeypatch.setenv("STRIKEMAP_DATA", str(tmp_path))
    assert ds.data_dir() == tmp_path and ds.data_dir("elsewhere") == Path("elsewhere")


def test_bundled_dataset_loads_once(tmp_path):
    store = ds.open_store(_pipeline(), directory=tmp_path)
    assert ds.ensure_bundled(store, _pipeline()) >= 5
    assert ds.ensure_bundled(store, _pipeline()) == 0


def test_filters():
    events = sample_events()
    assert {e.event_id for e in ds.filter_events(events, ds.Filters(targets=("IQ",)))} == {"ev-erbil", "ev-range"}
    in_range = ds.filter_events(events, ds.Filters(start=date(2024, 1, 14), end=date(2024, 1, 15), undated=False))
    assert {e.event_id for e in in_range} == {"ev-erbil", "ev-idlib", "ev-range"}  # a 12-14 range overlaps
    assert {e.event_id for e in ds.filter_events(events, ds.Filters(weapons=("drone",)))} == {
        "ev-panjgur", "ev-iran", "ev-range"}
    assert {e.event_id for e in ds.filter_events(events, ds.Filters(precisions=("country",)))} == {
        "ev-iran", "ev-noplace"}
    options = ds.filter_options(events)
    assert options.first == date(2024, 1, 12) and options.last == date(2024, 1, 18)
    assert options.precisions == ("city", "district", "province", "country")


def test_table_timeline_and_description():
    events = sample_events()
    table = ds.table_frame(events)
    assert list(table.columns) == list(ds.TABLE_COLUMNS) and len(table) == 6
    assert table.iloc[0]["event_id"] == "ev-iran"  # newest first
    timeline = ds.timeline_frame(events)
    assert int(timeline["strikes"].sum()) == 5  # the undated one is not on a timeline
    facts = ds.describe(events[0])
    assert facts["place_precision"] == "city" and facts["date"] == "2024-01-15"
    assert facts["sources"][0]["url"].startswith("https://") and len(facts["sources"][0]["evidence"]) == 2
    assert ds.describe(events[-1])["place"] == "somewhere in Syria"


def test_exports_of_a_view():
    events = sample_events()[:3]
    collection = json.loads(ds.export_bytes(events, "GeoJSON"))
    assert len(collection["features"]) == 3
    assert ds.export_bytes(events, "CSV").decode("utf-8").count("\n") == 4
    assert ds.export_bytes(events, "GeoPackage")[:16] == b"SQLite format 3\x00"
    html = ds.export_bytes(events, "HTML map").decode("utf-8")
    assert "leaflet" in html.lower() and "cdn.jsdelivr" not in html


# ---------------------------------------------------------------- fetch_url

class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 — the stdlib's name
        if self.path == "/big":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 3000)
        elif self.path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://metadata.test/latest/")
            self.end_headers()
        else:
            body = ARTICLE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()


def _resolver(table):
    def resolve(host, port):
        if host not in table:
            raise OSError("name not known")
        return [table[host]]
    return resolve


def test_fetch_refuses_local_and_private_addresses(server):
    for address in ("127.0.0.1", "10.0.0.5", "169.254.169.254", "192.168.1.1", "::1", "fe80::1", "224.0.0.1",
                    "0.0.0.0"):
        with pytest.raises(InputError, match="private or local"):
            ds.fetch_url(f"http://news.test:{server}/a", resolve=_resolver({"news.test": address}))
    with pytest.raises(InputError, match="only http"):
        ds.fetch_url("ftp://news.test/a")
    with pytest.raises(InputError, match="cannot resolve"):
        ds.fetch_url("http://nowhere.test/a", resolve=_resolver({}))


def test_fetch_reads_a_page_connecting_to_the_checked_address(server):
    # "news.test" is resolved once, by us, to the local test server (allowed here only).
    page = ds.fetch_url(f"http://news.test:{server}/a", resolve=_resolver({"news.test": "127.0.0.1"}),
                        allow=lambda address: True)
    assert page.data == ARTICLE.encode() and page.content_type.startswith("text/plain")


def test_fetch_checks_redirects_and_size(server):
    resolve = _resolver({"news.test": "127.0.0.1", "metadata.test": "169.254.169.254"})
    with pytest.raises(InputError, match="private or local"):
        ds.fetch_url(f"http://news.test:{server}/to-metadata", resolve=resolve,
                     allow=lambda address: address == "127.0.0.1")
    with pytest.raises(InputError, match="larger than"):
        ds.fetch_url(f"http://news.test:{server}/big", resolve=resolve, allow=lambda address: True, max_bytes=1000)


# ---------------------------------------------------------------- geo.app.views and geo.app.review

def test_a_view_round_trips_through_the_url():
    from geo.app import views

    query = {"actor": "IR,pk", "target": "IQ", "from": "2024-01-01", "to": "2024-01-31", "precision": "city",
             "weapon": "ballistic missile", "event": "ev-erbil"}
    view = views.parse_query(query)
    assert view.problems == ()
    assert view.filters == ds.Filters(date(2024, 1, 1), date(2024, 1, 31), ("IR", "PK"), ("IQ",), ("city",),
                                      ("ballistic missile",), True)
    assert views.to_query(view.filters, event=view.event) == {**query, "actor": "IR,PK"}
    assert views.parse_query({"actor": ["IR", "PK"]}).filters.actors == ("IR", "PK")  # repeated parameters too
    assert views.to_query(ds.Filters()) == {} and views.to_query(ds.Filters(undated=False)) == {"undated": "0"}
    shown = ds.filter_events(sample_events(), view.filters)
    assert [e.event_id for e in shown] == ["ev-erbil"]


def test_numbers_analysts_ask_for():
    from geo.app import views

    events = sample_events()
    totals = views.fatality_totals(events)
    assert (totals.killed, totals.reported, totals.strikes) == (15, 3, 6)  # Erbil 4, Panjgur 2, Iran 9; 3 unknown
    by_target = views.counts(events, "target")
    assert by_target.iloc[0][["code", "strikes"]].tolist() in (["IQ", 2], ["SY", 2])
    assert dict(zip(by_target["code"], by_target["killed"], strict=True))["IQ"] == 4
    by_actor = views.counts(events, "actor")
    assert by_actor.iloc[0]["code"] == "IR" and by_actor.iloc[0]["strikes"] == 3
    from geo.palette import actor_color

    assert by_actor.iloc[0]["color"] == actor_color("IR")
    table = views.events_table(events)
    erbil = table[table["event_id"] == "ev-erbil"].iloc[0]
    assert erbil["killed"] == 4 and erbil["reported by"] == "Kurdistan Region Security Council"


def test_history_reads_as_sentences(tmp_path):
    from geo.app import review

    store = EventStore(tmp_path / "s.sqlite", fuse=list)
    store.add(sample_events()[:3], note="three articles")
    store.update("ev-erbil", actor="TR")
    store.delete("ev-panjgur")
    store.merge("ev-erbil", "ev-idlib")
    lines = [review.history_sentence(c) for c in store.history()]
    text = "\n".join(lines)
    assert "the app added ev-erbil from three articles." in text
    assert "a reviewer changed ev-erbil: actor from Iran (IR) to Türkiye (TR)." in text
    assert "a reviewer deleted ev-panjgur (Iran (IR) → Pakistan (PK), Panjgur, 2024-01-16)." in text
    assert "a reviewer merged ev-idlib (Iran (IR) → Syria (SY), Idlib, 2024-01-15) into ev-erbil." in text
    assert all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC — ", line) and "{" not in line for line in lines)


def test_undo_puts_a_deleted_or_merged_event_back_exactly(tmp_path):
    from geo.app import review

    store = EventStore(tmp_path / "s.sqlite", fuse=_pipeline().fuse)
    EventStore(store.path, fuse=list).add(sample_events())
    before = {e.event_id: e for e in store.all()}
    store.delete("ev-panjgur")
    review.undo(store, review.Undo("delete", (before["ev-panjgur"],)))
    assert {e.event_id: e for e in store.all()} == before
    store.merge("ev-erbil", "ev-range")
    assert "ev-range" not in {e.event_id for e in store.all()}
    review.undo(store, review.Undo("merge", (before["ev-erbil"], before["ev-range"]), "ev-erbil"))
    assert {e.event_id: e for e in store.all()} == before


def test_restoring_the_sample_brings_back_deleted_strikes_only(tmp_path):
    from geo.app import review

    store = ds.open_store(_pipeline(), directory=tmp_path)
    ds.ensure_bundled(store, _pipeline())
    before = {e.event_id for e in store.all()}
    gone = sorted(before)[:2]
    for event_id in gone:
        store.delete(event_id)
    review.restore_sample(store, _pipeline())
    assert {e.event_id for e in store.all()} == before
    review.restore_sample(store, _pipeline())
    assert len(store.all()) == len(before)  # restoring twice adds nothing


def test_articles_without_a_publication_date_are_named(tmp_path):
    from geo.app import review

    reports = review.read_uploads(_pipeline(), [ds.Upload("undated.txt", UNDATED.encode()),
                                                ds.Upload("dated.txt", ARTICLE.encode())])
    assert "undated.txt" in review.undated(reports)
    dated = review.read_uploads(_pipeline(), [ds.Upload("undated.txt", UNDATED.encode())],
                                published=date(2024, 7, 21))
    assert review.undated(dated) == [] and dated[0].events[0].date.earliest == date(2024, 7, 20)


def test_a_chosen_actor_whose_strikes_are_gone_drops_out_of_the_filter(app, tmp_path):
    app.multiselect(key="actors").select("JO").run()
    store = EventStore(tmp_path / "data" / "strikemap.sqlite", fuse=list)
    for event in store.all():
        if event.actor == "JO":
            store.delete(event.event_id)
    app.run()
    assert not app.exception and not app.error
    assert app.multiselect(key="actors").value == [] and "JO" not in app.multiselect(key="actors").options


# ---------------------------------------------------------------- a fast first start (geo.app.bundle)

def _two_articles(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("02_iran_panjgur_wire.txt", "03_pakistan_saravan_briefing.txt"):
        (folder / name).write_bytes((ds.BUNDLED_ARTICLES / name).read_bytes())
    return folder


def test_a_new_store_starts_from_the_sample_kept_by_the_first(tmp_path):
    articles, cache, calls = _two_articles(tmp_path / "articles"), tmp_path / "cache", []

    def pipeline():
        calls.append(1)
        return _pipeline()

    first = ds.open_store(pipeline, directory=tmp_path / "a")
    assert ds.ensure_bundled(first, pipeline, articles=articles, cache_dir=cache) >= 2 and len(calls) >= 1
    assert len(list(cache.glob("bundled-*.geojson"))) == 1
    calls.clear()
    second = ds.open_store(pipeline, directory=tmp_path / "b")
    assert ds.ensure_bundled(second, pipeline, articles=articles, cache_dir=cache) == len(first.all())
    assert calls == []  # no article read, nothing fused: the events the first store ended up holding
    assert second.all() == first.all()
    assert {h.action for h in second.history()} == {"add"} and ds.ensure_bundled(second, pipeline) == 0
    # Other articles (or other code) make another key: the copy of the first is never read for them.
    (articles / "02_iran_panjgur_wire.txt").write_bytes(b"Nothing happened today.\n\nNo strike at all.")
    third = ds.open_store(pipeline, directory=tmp_path / "c")
    ds.ensure_bundled(third, pipeline, articles=articles, cache_dir=cache)
    assert calls and third.all() != first.all()


def test_a_damaged_sample_copy_is_read_again_from_the_articles(tmp_path):
    articles, cache = _two_articles(tmp_path / "articles"), tmp_path / "cache"
    first = ds.open_store(_pipeline(), directory=tmp_path / "a")
    ds.ensure_bundled(first, _pipeline(), articles=articles, cache_dir=cache)
    (kept,) = cache.glob("bundled-*.geojson")
    kept.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature"', encoding="utf-8")
    second = ds.open_store(_pipeline(), directory=tmp_path / "b")
    assert ds.ensure_bundled(second, _pipeline(), articles=articles, cache_dir=cache) == len(first.all())
    assert second.all() == first.all() and json.loads(kept.read_text(encoding="utf-8"))["features"]


def test_opening_and_reading_a_store_never_loads_the_pipeline(tmp_path):
    calls = []

    def pipeline():
        calls.append(1)
        return _pipeline()

    EventStore(tmp_path / "strikemap.sqlite", fuse=list).add(sample_events(), once=ds.BUNDLE)
    store = ds.open_app_store(pipeline, directory=tmp_path, cache_dir=tmp_path / "cache")
    assert len(store.records()) == len(sample_events()) and calls == []
    store.update("ev-erbil", place="Koya")  # an edited place is re-geocoded: now the gazetteer is needed
    assert calls and store.get("ev-erbil").event.place.lat != ERBIL.lat


# ---------------------------------------------------------------- the app's logic outside Streamlit

def test_a_link_sets_the_widgets_and_the_widgets_set_the_link():
    from geo.app import views

    options = ds.filter_options(sample_events())
    widgets = views.url_widgets({"actor": "IR,ZZ", "target": "iq", "from": "2020-01-01", "to": "2024-01-15",
                                 "undated": "0", "event": "ev-gone"}, options, {"ev-erbil"})
    assert widgets.values["actors"] == ["IR"] and widgets.values["targets"] == ["IQ"]
    assert widgets.values["dates"] == (options.first, date(2024, 1, 15))  # clamped into the stored range
    assert widgets.values["undated"] is False and widgets.values["selected"] == "ev-gone"
    assert widgets.problems == ("ZZ: no stored strike has it", "event: no stored strike has the id 'ev-gone'")
    filters = views.widget_filters(options, widgets.values["dates"], actors=["IR"], targets=["IQ"], undated=False)
    assert filters == ds.Filters(None, date(2024, 1, 15), ("IR",), ("IQ",), (), (), False)
    wanted = views.to_query(filters, event="ev-erbil")
    assert views.query_updates({"actor": "IR", "tab": "Review", "weapon": "drone"}, wanted) == (
        {"target": "IQ", "to": "2024-01-15", "undated": "0", "event": "ev-erbil"}, ["weapon"])
    bounds = (options.first, options.last)
    assert views.date_window(None, None, bounds) == bounds
    assert views.date_window((options.first, date(2024, 1, 20)), (options.first, date(2024, 1, 20)), bounds) == bounds
    assert views.date_window((date(2024, 1, 13), date(2024, 2, 1)), bounds, bounds) == (date(2024, 1, 13),
                                                                                        options.last)


def test_the_headline_counts_the_view():
    from geo.app import views

    events = sample_events()
    figures = {f.label: f for f in views.headline_figures(events, events[:2])}
    assert figures["Strikes shown (of 6)"].value == 2 and figures["Actors"].value == 1
    assert "of 2 strikes" in figures["Reported killed"].help
    assert views.headline_figures(events, [])[-1].value == "—"


def test_review_actions_say_what_they_did_and_can_be_undone(tmp_path):
    from geo.app import review
    from geo.app.store import StaleEdit

    store = EventStore(tmp_path / "s.sqlite", fuse=list)
    store.add(sample_events())
    records = {r.event.event_id: r for r in store.records()}
    erbil = records["ev-erbil"]
    assert review.save(store, erbil.event, erbil.version, {"actor": "IR", "place": " Erbil "}).kind == "info"
    assert review.edit_changes(erbil.event, {"actor": "TR", "place": "Erbil"}) == {"actor": "TR"}
    stale = review.save(store, erbil.event, erbil.version - 1, {"actor": "TR"})
    assert stale.kind == "warning" and not stale.ok and "another session" in stale.message
    assert review.attempt(lambda: (_ for _ in ()).throw(StaleEdit("x")), "Saved.").kind == "warning"
    asked = review.proposal(("merge", "ev-erbil", "ev-range"), records)
    assert "ev-range" not in asked.question and asked.yes == "Yes, merge"
    merged = asked.carry_out(store)
    assert merged.ok and merged.undo.result == "ev-erbil" and "ev-range" not in {e.event_id for e in store.all()}
    review.undo(store, merged.undo)
    assert {e.event_id for e in store.all()} == set(records)
    deleted = review.proposal(("delete", "ev-idlib", records["ev-idlib"].version), records).carry_out(store)
    assert deleted.message == "Deleted." and deleted.undo.done == "Undone: deleted ev-idlib."


def test_adding_articles_reports_every_input(tmp_path):
    from geo.app import review

    store = EventStore(tmp_path / "s.sqlite", fuse=_pipeline().fuse)

    def refuse(url):
        raise InputError(f"{url}: the server said 404")

    done = review.ingest(_pipeline(), store, [ds.Upload("undated.txt", UNDATED.encode()),
                                              ds.Upload("dated.txt", ARTICLE.encode())],
                         url="https://news.test/a", fetch=refuse)
    assert [u.name for u in done.waiting] == ["undated.txt"] and [r.name for r in done.reports] == ["dated.txt"]
    assert done.changed == 1 and len(store.all()) == 1
    kinds = [kind for kind, _message in done.messages()]
    assert kinds == ["success", "warning", "error"] and "404" in done.messages()[-1][1]
    assert done.messages()[0][1] == "Read 1 article: 1 strike report found, 1 stored event added or updated."


def test_the_charts_keep_the_map_colours_and_draw_on_a_canvas():
    from geo.app import charts as app_charts
    from geo.palette import actor_color

    events = sample_events()
    spec = app_charts.timeline_chart(events).to_dict()
    assert spec["usermeta"]["embedOptions"]["renderer"] == "canvas"
    colours = dict(zip(spec["encoding"]["color"]["scale"]["domain"], spec["encoding"]["color"]["scale"]["range"],
                       strict=True))
    assert colours["Iran (IR)"] == actor_color("IR")
    titles = [title for title, _chart, _height in app_charts.count_charts(events)]
    assert titles == ["Strikes per struck country", "Strikes per actor"] and app_charts.count_charts([]) == []
