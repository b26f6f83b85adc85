"""KML for Google Earth, opened by GDAL (pyogrio's LIBKML/KML driver) and by an XML parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import geopandas
import pyogrio
import pytest

from geo.exporting import export
from geo.formats.kml import kml_text, read_kml
from geo.palette import actor_color
from tests.events_factory import HOSTILE_TEXT, hostile_event, sample_events

NS = {"k": "http://www.opengis.net/kml/2.2"}


@pytest.fixture()
def events():
    return sample_events() + [hostile_event()]


def test_gdal_reads_one_layer_with_typed_fields(events, tmp_path):
    path = export(events, tmp_path / "strikes.kml")
    assert [str(name) for name, _ in pyogrio.list_layers(path)] == ["strikes"]
    info = pyogrio.read_info(path, layer="strikes")
    assert info["features"] == len(events) and info["crs"] == "EPSG:4326"
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["fatalities"].startswith("int") and types["confidence"] == "float64"
    frame = geopandas.read_file(path, layer="strikes").set_index("event_id")
    erbil = frame.loc["ev-erbil"]
    assert (erbil.geometry.x, erbil.geometry.y) == (44.00943, 36.19117)
    assert erbil["actor"] == "IR" and erbil["fatalities"] == 4 and erbil["date"] == "2024-01-15"
    kinds = frame.geometry.geom_type.to_dict()
    assert kinds["ev-idlib"] == "Polygon" and kinds["ev-range"] == "Polygon"  # province, district: areas
    assert kinds["ev-iran"] in ("Polygon", "MultiPolygon")  # country-only: the country
    assert kinds["ev-panjgur"] == "Point"


def test_round_trip(events, tmp_path):
    assert read_kml(export(events, tmp_path / "a.kml")) == events
    assert read_kml(export(events, tmp_path / "p.kml", geometry="point")) == events


def test_styles_by_actor_and_time(events):
    root = ET.fromstring(kml_text(events).encode("utf-8"))
    styles = {s.get("id"): s for s in root.iterfind(".//k:Style", NS)}
    assert set(styles) == {"actor-IR", "actor-PK", "actor-TR", "actor-IL"}
    red, green, blue = (actor_color("IR")[i:i + 2].lower() for i in (1, 3, 5))
    assert styles["actor-IR"].find("k:IconStyle/k:color", NS).text == f"ff{blue}{green}{red}"
    marks = {p.get("id"): p for p in root.iterfind(".//k:Placemark", NS)}
    assert marks["ev-panjgur"].find("k:styleUrl", NS).text == "#actor-IR"
    assert marks["ev-erbil"].find("k:TimeStamp/k:when", NS).text == "2024-01-15"
    assert marks["ev-range"].find("k:TimeSpan/k:begin", NS).text == "2024-01-12"


def test_description_escapes_article_text(events):
    root = ET.fromstring(kml_text(events).encode("utf-8"))
    mark = next(p for p in root.iterfind(".//k:Placemark", NS) if p.get("id") == "ev-hostile")
    description = mark.find("k:description", NS).text  # the HTML Google Earth renders
    assert "<script>" not in description and "&lt;script&gt;" in description
    assert 'href="javascript' not in description
    assert mark.find(".//k:SimpleData[@name='target']", NS).text == HOSTILE_TEXT  # data kept verbatim
