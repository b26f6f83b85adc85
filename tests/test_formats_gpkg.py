"""The GeoPackage, opened by GDAL (pyogrio) as QGIS opens it: layers, field types, a known strike."""

from __future__ import annotations

import datetime

import geopandas
import pyogrio
import pytest

from geo.exporting import export
from geo.formats.gpkg import read_gpkg
from tests.events_factory import hostile_event, sample_events


@pytest.fixture()
def events():
    return sample_events() + [hostile_event()]


def test_layers_and_field_types(events, tmp_path):
    path = export(events, tmp_path / "strikes.gpkg")
    assert [list(layer) for layer in pyogrio.list_layers(path)] == [
        ["strikes", "Point"], ["strike_sources", None], ["strike_evidence", None]]
    info = pyogrio.read_info(path, layer="strikes")
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert info["crs"] == "EPSG:4326" and info["features"] == len(events)
    assert types["date"] == types["date_earliest"] == types["date_latest"] == "OFTDate"  # QGIS's temporal controller
    assert types["fatalities"] == "OFTInteger64" and types["confidence"] == types["radius_km"] == "OFTReal"
    assert types["weapons"] == types["urls"] == "OFTString"
    sources = pyogrio.read_info(path, layer="strike_sources")
    assert dict(zip(sources["fields"], sources["ogr_types"], strict=True))["published"] == "OFTDate"
    assert sources["features"] == sum(len(e.sources) for e in events)


def test_a_known_strike_through_geopandas(events, tmp_path):
    path = export(events, tmp_path / "strikes.gpkg")
    frame = geopandas.read_file(path, layer="strikes").set_index("event_id")
    panjgur = frame.loc["ev-panjgur"]
    assert (round(panjgur.geometry.x, 2), round(panjgur.geometry.y, 2)) == (64.09, 26.96)  # lon, lat
    assert panjgur["date"].date() == datetime.date(2024, 1, 16)
    assert panjgur["weapons"] == "drone; missile" and panjgur["fatalities"] == 2
    assert frame.loc["ev-idlib", "radius_km"] > 40 and frame.loc["ev-idlib", "bbox"] == "[36.15, 35.45, 37.05, 36.32]"
    assert frame.loc["ev-noplace"].geometry is None
    evidence = geopandas.read_file(path, layer="strike_evidence")
    erbil = evidence[evidence["event_id"] == "ev-erbil"].sort_values(["source_index", "evidence_index"])
    assert erbil["sentence"].iloc[1].startswith("Four civilians were killed")


def test_area_geometry_and_round_trip(events, tmp_path):
    path = export(events, tmp_path / "areas.gpkg", geometry="area")
    frame = geopandas.read_file(path, layer="strikes").set_index("event_id")
    kinds = frame.geometry.geom_type.to_dict()
    assert kinds["ev-erbil"] == "Point" and kinds["ev-idlib"] == "Polygon"  # a town stays a point
    assert kinds["ev-iran"] in ("Polygon", "MultiPolygon") and frame.loc["ev-iran"].geometry.area > 100  # Iran
    assert read_gpkg(path) == events


def test_empty_geopackage_has_the_schema(tmp_path):
    path = export([], tmp_path / "empty.gpkg")
    info = pyogrio.read_info(path, layer="strikes")
    assert info["features"] == 0 and "date" in list(info["fields"])
    assert read_gpkg(path) == []


def test_geopackage_opens_in_older_gdal(events, tmp_path):
    import sqlite3

    path = export(events, tmp_path / "strikes.gpkg")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 10200  # GeoPackage 1.2: no warning in GDAL 3.6
        kinds = dict(db.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall())
    assert kinds == {"strikes": "features", "strike_sources": "attributes", "strike_evidence": "attributes"}


def test_ogrinfo_shows_the_types_when_gdal_bin_is_installed(events, tmp_path):
    import shutil
    import subprocess

    if shutil.which("ogrinfo") is None:
        pytest.skip("gdal-bin is not installed (pyogrio's GDAL is checked above)")
    path = export(events, tmp_path / "strikes.gpkg")
    result = subprocess.run(["ogrinfo", "-al", "-so", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Warning" not in result.stderr
    assert "Layer name: strikes" in result.stdout and "Geometry: Point" in result.stdout
    assert "date_earliest: Date" in result.stdout and "published: Date" in result.stdout
