"""GeoParquet, read back by pyarrow (schema, GeoParquet metadata) and geopandas."""

from __future__ import annotations

import datetime
import json

import geopandas
import pyarrow
import pyarrow.parquet as pq
import pytest

from geo.exporting import export
from geo.formats.parquet import read_parquet
from tests.events_factory import hostile_event, sample_events


@pytest.fixture()
def events():
    return sample_events() + [hostile_event()]


def test_schema_and_geo_metadata(events, tmp_path):
    path = export(events, tmp_path / "strikes.parquet")
    schema = pq.read_schema(path)
    assert schema.field("date").type == pyarrow.date32()
    assert schema.field("weapons").type == pyarrow.list_(pyarrow.string())
    assert schema.field("bbox").type == pyarrow.list_(pyarrow.float64())
    assert schema.field("fatalities").type == pyarrow.int64() and schema.field("latitude").type == pyarrow.float64()
    geo = json.loads(schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["encoding"] == "WKB"
    assert geo["columns"]["geometry"]["geometry_types"] == ["Point"]


def test_a_known_strike_through_geopandas(events, tmp_path):
    frame = geopandas.read_parquet(export(events, tmp_path / "s.parquet")).set_index("event_id")
    assert frame.crs.to_epsg() == 4326
    idlib = frame.loc["ev-idlib"]
    assert (idlib.geometry.x, idlib.geometry.y) == (36.63, 35.83)
    assert idlib["date"] == datetime.date(2024, 1, 15) and list(idlib["weapons"]) == ["ballistic missile"]
    assert json.loads(idlib["origin"])["name"] == "Khuzestan"


def test_round_trips(events, tmp_path):
    assert read_parquet(export(events, tmp_path / "p.parquet")) == events
    area = export(events, tmp_path / "a.parquet", geometry="area")
    assert set(geopandas.read_parquet(area).geometry.geom_type.dropna()) >= {"Point", "Polygon"}
    assert read_parquet(area) == events


def test_empty_file_keeps_types(tmp_path):
    path = export([], tmp_path / "e.parquet")
    schema = pq.read_schema(path)
    assert schema.field("date").type == pyarrow.date32() and schema.field("weapons").type.value_type == pyarrow.string()
    assert read_parquet(path) == []
