"""The map is rendered to HTML and read back: layers, symbology, escaping, offline assets."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace

import pytest

from geo.errors import ConfigurationError
from geo.maps.rendering import build_map, save_map
from geo.models import DateRange, Event, Place, Precision
from tests.events_factory import HOSTILE_TEXT, hostile_event, sample_events

CALL = re.compile(r"StrikeMap\.(\w+)\((\w+)(?:, (\w+))?, (.*)\);\s*$", re.MULTILINE)


def _html(events, **options) -> str:
    return build_map(events, **options).get_root().render()


def _calls(html: str, function: str) -> list:
    """The JSON each ``StrikeMap.<function>(...)`` call received, decoded."""
    return [json.loads(f"[{m.group(4)}]") for m in CALL.finditer(html) if m.group(1) == function]


def _records(html: str) -> dict[str, list[dict]]:
    """Actor colour -> the drawing records of that actor's events."""
    return {data["color"]: data for (data,) in _calls(html, "addActor")}


def _flat(value) -> str:
    """Every string inside a popup's data, joined: what the reader can end up seeing."""
    if isinstance(value, dict):
        return " ".join(_flat(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_flat(v) for v in value)
    return "" if value is None else str(value)


@pytest.fixture(scope="module")
def html() -> str:
    return _html(sample_events() + [hostile_event()], offline=True)


def test_one_layer_per_actor_named_with_counts(html):
    for name in ("Iran (IR) — 4 strikes", "Pakistan (PK) — 1 strike", "Türkiye (TR) — 1 strike",
                 "Israel (IL) — 1 strike", "Country borders (Natural Earth)"):
        assert json.dumps(name) in html  # as the LayerControl lists it
    assert html.count("L.control.layers(") == 1
    assert len(_calls(html, "addActor")) == 4


def test_precision_decides_the_symbol(html):
    records = [r for data in _records(html).values() for r in data["events"]]
    kinds = sorted(r["k"] for r in records)
    assert kinds == ["area", "area", "cty", "cty", "pt", "pt", "pt"]
    erbil = next(r for r in records if r.get("n") == "Erbil")
    assert erbil["ll"] == [36.19117, 44.00943]  # Leaflet order: lat, lon
    idlib = next(r for r in records if r.get("n") == "Idlib")
    assert idlib["k"] == "area" and idlib["r"] > 40_000 and idlib["dash"] == 0  # launched from Khuzestan
    areas = [a for data in _records(html).values() for a in data["areas"]]
    assert len(areas) == 2 and all(a["g"]["type"] in ("Polygon", "MultiPolygon") for a in areas)
    # country-level strikes get an arc into the hatched country but no marker of their own
    assert all("n" not in r for r in records if r["k"] == "cty")


def test_every_event_has_an_arc_dashed_when_origin_is_a_country(html):
    records = [r for data in _records(html).values() for r in data["events"]]
    arcs = [r for r in records if "o" in r]
    assert len(arcs) == 7
    assert sorted(r["dash"] for r in arcs) == [0, 1, 1, 1, 1, 1, 1]


def test_no_ocean_spanning_arc_from_a_far_country():
    yemen = Place("Hodeidah", lat=14.8, lon=42.95, country="YE", precision=Precision.CITY)
    html = _html([Event("us-1", "US", "YE", yemen, "Hodeidah", DateRange())])
    ((data,),) = _calls(html, "addActor")
    assert "o" not in data["events"][0]  # origin unreported; continental US would mislead
    assert "1 without an arc" in _calls(html, "htmlControl")[0][0]
    far = Place("Norfolk", lat=36.85, lon=-76.29, country="US", precision=Precision.CITY)
    ((data,),) = _calls(_html([Event("us-2", "US", "YE", yemen, None, DateRange(), origin=far)]), "addActor")
    assert data["events"][0]["o"] == [36.85, -76.29] and data["events"][0]["dash"] == 0  # a named origin is drawn


def test_article_text_is_escaped_everywhere(html):
    assert "<script>alert" not in html and "alert(1)</script>" not in html
    assert HOSTILE_TEXT not in html
    hostile = next(r["p"] for data in _records(html).values() for r in data["events"] if "alert" in _flat(r["p"]))
    text = _flat(hostile)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&quot;quoted&quot;" in text and "&#x27;single&#x27;" in text and "&#96;backtick&#96;" in text
    assert "`" not in text and "<b>" not in text and "<script" not in text
    assert hostile["s"][0][0] is None  # javascript: URL: shown as text, never a link
    assert hostile["s"][1][0] == "https://example.org/a?b=1&amp;c=&quot;2&quot;"
    assert hostile["s"][1][1] == "ok &lt;b&gt;bold&lt;/b&gt;"


def test_article_text_that_looks_like_a_template_stays_text():
    sly = "{{ 7*7 }} {% if %} {# x #}"
    event = replace(sample_events()[0], target=sly)
    assert sly in _html([event])  # no longer read as Jinja (it failed the build)
    assert sly in _flat(_popups(_canvas_call(_html([event], one_canvas=True))))


def test_popup_says_everything_an_analyst_needs(html):
    data = next(d for d in _records(html).values() if d["label"] == "Iran (IR)")
    erbil = next(r["p"] for r in data["events"] if r.get("n") == "Erbil" and "Iraq recalls" in _flat(r["p"]))
    assert erbil["to"] == "Iraq (IQ)" and erbil["r"]["c"] == "0.90"
    text = _flat(erbil)
    for expected in ("2024-01-15", "(day)", "“late Monday”", "ballistic missile", "Kurdistan Region Security Council",
                     "Kurdistan Regional Government", "https://example.org/news/erbil-strike",
                     "fired ballistic missiles at Erbil late on Monday", "ACLED geo-precision 1"):
        assert expected in text, expected
    assert set(erbil["r"]) == {"pl", "dt", "w", "tg", "k", "cb", "db", "c"}


def test_legend_lists_actors_and_symbology(html):
    (legend, position, css_class), = _calls(html, "htmlControl")
    assert css_class == "sm-legend" and position == "bottomright"
    for text in ("Iran (IR) — 4", "area of uncertainty", "only the country is known", "somewhere in the actor",
                 "7 strikes, 2024-01-12 – 2024-01-20"):
        assert text in legend


def test_offline_map_loads_nothing_from_the_network(html):
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?:', html)
    assert "Leaflet 1.9.3" in html and "data:image/png;base64," in html
    assert "bootstrap" not in html and "awesome-markers" not in html


def test_online_map_uses_cdn_leaflet():
    html = _html(sample_events()[:1])
    assert re.search(r'<script src="https://[^"]*leaflet', html)


@pytest.mark.parametrize("basemap, expected, absent", [
    ("osm", "tile.openstreetmap.org", "cartocdn"), ("light", "light_all", "dark_all"),
    ("dark", "dark_all", "light_all"), ("none", "Borders: Natural Earth", "L.tileLayer("),
])
def test_basemaps_and_attribution(basemap, expected, absent):
    html = _html(sample_events()[:2], basemap=basemap)
    assert expected in html and absent not in html
    assert "Borders: Natural Earth" in html
    if basemap != "none":
        assert "OpenStreetMap\\u003c/a\\u003e contributors" in html  # folium JSON-escapes the attribution
    if basemap in ("light", "dark"):
        assert "carto.com/attributions" in html


def test_borders_and_involved_countries():
    (data,) = _calls(_html(sample_events()), "borders")[0]
    assert len(data["countries"]["features"]) > 150
    assert set(data["targets"]) == {"IQ", "SY", "PK", "IR"} and set(data["actors"]) == {"IR", "PK", "TR", "IL"}
    (plain,) = _calls(_html(sample_events(), highlight_countries=False), "borders")[0]
    assert plain["targets"] == {} and plain["actors"] == {}


def test_time_control_is_optional():
    html = _html(sample_events())
    ((options,),) = _calls(html, "timeControl")
    assert options["max"] - options["min"] == 6  # 2024-01-12 .. 2024-01-18
    assert _calls(_html(sample_events(), time_control=False), "timeControl") == []


def test_build_is_pure():
    assert _calls(_html(sample_events()), "addActor") == _calls(_html(sample_events()), "addActor")


def test_large_maps_switch_to_canvas():
    base = sample_events()[0]
    many = [replace(base, event_id=f"e{i}") for i in range(1200)]
    html = _html(many)
    assert '"preferCanvas": true' in html
    ((data,),) = _calls(html, "addActor")
    assert len(data["events"]) == 1200 and data["labels"] is False


def test_empty_map_and_bad_basemap():
    assert "StrikeMap.addActor" not in _html([])
    with pytest.raises(ConfigurationError, match="unknown basemap 'satellite'"):
        build_map([], basemap="satellite")


def test_save_map_is_atomic(tmp_path):
    path = save_map(build_map(sample_events(), offline=True), tmp_path / "map.html")
    assert os.listdir(tmp_path) == ["map.html"] and path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_compact_map_folds_the_layer_list():
    compact = build_map(sample_events(), compact=True).get_root().render()
    full = build_map(sample_events()).get_root().render()
    assert re.search(r'"collapsed":\s*true', compact)
    assert re.search(r'"collapsed":\s*false', full)


# ---------------------------------------------------------------- one colour per actor, the live map's data

def test_an_actor_keeps_its_colour_in_every_view():
    from geo.palette import PALETTE, actor_color

    everything = {d["label"]: d["color"] for (d,) in _calls(_html(sample_events()), "addActor")}
    iran_only = {d["label"]: d["color"] for (d,) in _calls(
        _html([e for e in sample_events() if e.actor == "IR"]), "addActor")}
    with_others = {d["label"]: d["color"] for (d,) in _calls(
        _html([e for e in sample_events() if e.actor in ("IR", "TR")]), "addActor")}
    assert iran_only["Iran (IR)"] == everything["Iran (IR)"] == with_others["Iran (IR)"] == actor_color("IR")
    assert len(set(everything.values())) == len(everything)  # IR, PK, TR, IL: four different colours
    assert set(everything.values()) <= set(PALETTE)
    assert actor_color("QX") == actor_color("qx") and actor_color("QX") in PALETTE  # hashed, stable


def test_the_live_map_data_is_the_exported_maps_data():
    from geo.maps.rendering import map_payload

    events = sample_events()
    payload = map_payload(events, countries=False)
    assert [a["data"] for a in payload["actors"]] == [d for (d,) in _calls(_html(events), "addActor")]
    assert "countries" not in payload["borders"]  # the app serves them once, as a file
    assert payload["time"] == {"min": 19734, "max": 19740, "step": "day"}
    (south, west), (north, east) = payload["bounds"]
    assert south < 27 < 36 < north and west < 37 < 64 < east
    assert json.loads(json.dumps(payload)) == payload  # plain JSON


def test_range_dated_strikes_carry_their_range():
    data = _records(_html(sample_events()))
    penjwen = next(r for d in data.values() for r in d["events"] if r["id"] == "ev-range")
    assert penjwen["t1"] - penjwen["t"] == 2 and penjwen["u"] == 1  # 12-14 January: uncertain in playback
    erbil = next(r for d in data.values() for r in d["events"] if r["id"] == "ev-erbil")
    assert "t1" not in erbil and "u" not in erbil


def test_legend_folds_and_scripts_come_from_package_files():
    from importlib.resources import files

    html = _html(sample_events(), offline=True)
    legend = _calls(html, "htmlControl")[0][0]
    assert legend.startswith("<details open><summary>Legend · 6 strikes</summary>")
    library = files("geo.maps").joinpath("static", "strikemap.js").read_text(encoding="utf-8")
    assert library in html and "--sm-sea:#dce8f0" in html
    assert "--sm-sea:#1b1f27" in _html(sample_events(), basemap="dark")
    assert _calls(_html(sample_events(), basemap="dark"), "finish") == [[{"dark": True}]]


def test_the_app_map_folder_is_assembled_from_packages(tmp_path):
    from geo.app.component import component_dir

    folder = component_dir(cache=tmp_path)
    assert {"index.html", "leaflet.js", "leaflet.css", "strikemap.js", "strikemap.css", "bridge.js",
            "countries.json"} <= {p.name for p in folder.iterdir()}
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert 'src="leaflet.js"' in page and "sm-hatch-0" in page and "https://" not in page
    assert len(json.loads((folder / "countries.json").read_text())["features"]) > 150
    old, fresh = tmp_path / "app-map-000000000000", tmp_path / "app-map-111111111111"
    old.mkdir()
    fresh.mkdir()
    os.utime(old, (0, 0))  # unused since 1970
    assert component_dir(cache=tmp_path) == folder  # built once per content version
    assert not old.exists() and fresh.exists()  # earlier versions are cleared once unused for a day


def test_the_app_sends_no_popup_data():
    from geo.maps.rendering import map_payload

    full = map_payload(sample_events(), countries=False)
    lean = map_payload(sample_events(), countries=False, popups=False)
    records = [r for a in lean["actors"] for r in a["data"]["events"]]
    assert all(set(r["p"]) == {"to"} for r in records) and records[0]["p"]["to"].endswith(")")
    full_records = [r for a in full["actors"] for r in a["data"]["events"]]
    assert len(json.dumps(records)) < len(json.dumps(full_records)) / 3


# ---------------------------------------------------------------- big maps: one canvas, columns, popups on demand

def _canvas_call(html: str) -> dict:
    ((data,),) = _calls(html, "addStrikes")
    return data


def _column(data: dict, name: str, typecode: str) -> list:
    import base64
    import sys
    from array import array

    values = array(typecode, base64.b64decode(data["columns"][name] if name in data["columns"] else data[name]))
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


def _popups(data: dict) -> list:
    import base64
    import zlib

    return [item for chunk in data["chunks"] for item in json.loads(zlib.decompress(base64.b64decode(chunk)))]


def test_big_maps_draw_every_strike_on_one_canvas():
    from geo.maps.payload import ONE_CANVAS_ABOVE

    base = sample_events()[0]
    many = [replace(base, event_id=f"e{i}") for i in range(ONE_CANVAS_ABOVE + 1)]
    html = _html(many)
    assert "StrikeMap.addActor" not in html and html.count("StrikeMap.canvasActor(") == 1
    data = _canvas_call(html)
    assert data["n"] == ONE_CANVAS_ABOVE + 1 and len(data["chunks"]) == -(-data["n"] // data["chunk"])
    assert json.dumps("Iran (IR) — 2,001 strikes") in html  # the actor keeps its entry in the layer list
    assert len(html) < 900 * data["n"]  # the same strikes as layers take ~1.5 KB each
    assert "StrikeMap.addActor" in _html(many[:50], one_canvas=False) and "addStrikes" in _html(many[:50],
                                                                                                one_canvas=True)


def test_canvas_columns_hold_what_the_layers_hold():
    events = sample_events() + [hostile_event()]
    html = _html(events, one_canvas=True)
    data = _canvas_call(html)
    layers = [d for (d,) in _calls(_html(events), "addActor")]
    records = [r for d in layers for r in d["events"]]  # actor by actor: the canvas keeps that order
    assert data["n"] == len(records) == 7
    assert [a["label"] for a in data["actors"]] == [d["label"] for d in layers]
    lat, lon = _column(data, "lat", "f"), _column(data, "lon", "f")
    assert [(round(a, 4), round(b, 4)) for a, b in zip(lat, lon, strict=True)] == \
        [(round(r["ll"][0], 4), round(r["ll"][1], 4)) for r in records]
    assert _column(data, "kind", "B") == [{"pt": 0, "area": 1, "cty": 2}[r["k"]] for r in records]
    penjwen = next(i for i, r in enumerate(records) if r["id"] == "ev-range")
    assert _column(data, "dt", "H")[penjwen] == 2 and _column(data, "flags", "B")[penjwen] & 1  # 12-14 January
    undated = next(i for i, r in enumerate(records) if r["id"] == "ev-noplace")
    assert _column(data, "t", "i")[undated] == -(2**31)
    idlib = next(i for i, r in enumerate(records) if r["id"] == "ev-idlib")
    assert _column(data, "r", "H")[idlib] * 100 == pytest.approx(records[idlib]["r"], abs=50)
    origins, origin = _column(data, "origins", "f"), _column(data, "origin", "i")
    assert len(origins) / 2 == len({tuple(r["o"]) for r in records if "o" in r}) < 7  # shared origins stored once
    assert [origin[i] >= 0 for i in range(7)] == ["o" in r for r in records]
    flags = _column(data, "flags", "B")
    assert [bool(flags[i] & 2) for i in range(7)] == [bool(r.get("dash")) for r in records]
    # Popups: the same escaped data as the layers' popups, found by index, never HTML built in Python.
    assert _popups(data) == [[r["id"], r["p"]] for r in records]
    # Hatched countries point at their strikes' indexes in the columns.
    areas = [a for (entry,) in _calls(html, "canvasActor") for a in entry["areas"]]
    assert sorted(records[i]["k"] for a in areas for i in a["ids"]) == ["cty", "cty"]


def test_canvas_popups_stay_escaped():
    data = _canvas_call(_html([hostile_event()] * 3, one_canvas=True))
    text = _flat(_popups(data))
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "`" not in text


def test_canvas_data_of_nothing():
    from geo.maps.columns import canvas_data

    data = canvas_data([])
    assert data["n"] == 0 and data["chunks"] == [] and data["columns"]["lat"] == ""
