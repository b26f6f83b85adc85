"""Honest geometry: radius_km and bbox on every strike, areas instead of points on request; strict GeoJSON."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from shapely.geometry import Point, shape

from geo.errors import InputError
from geo.formats import geojson as storage
from geo.formats.area import area_shape, circle
from geo.geometry import distance_km
from tests.events_factory import IDLIB, sample_events


@pytest.fixture()
def events():
    return sample_events()


def test_area_geojson_is_rfc7946_and_reads_back(events):
    collection = json.loads(storage.geojson_text(events, geometry="area"))
    by_id = {f["id"]: f for f in collection["features"]}
    assert by_id["ev-erbil"]["geometry"]["type"] == "Point"  # a town: the point is honest
    idlib = shape(by_id["ev-idlib"]["geometry"])
    assert idlib.geom_type == "Polygon" and idlib.is_valid and idlib.exterior.is_ccw  # RFC 7946 winding
    assert idlib.contains(Point(IDLIB.lon, IDLIB.lat))
    iran = shape(by_id["ev-iran"]["geometry"])
    assert iran.contains(Point(51.39, 35.69)) and iran.contains(Point(60.86, 29.5))  # Tehran, Zahedan: all of Iran
    assert by_id["ev-noplace"]["geometry"] is None
    assert by_id["ev-idlib"]["properties"]["latitude"] == IDLIB.lat  # the point travels in the properties
    assert storage.features_to_events(collection) == events


def test_circle_radius_is_the_places_uncertainty(events):
    penjwen = next(e for e in events if e.event_id == "ev-range")
    ring = area_shape(penjwen).exterior.coords
    distances = [_km(penjwen.place, x, y) for x, y in ring]
    assert min(distances) == pytest.approx(penjwen.place.radius_km, rel=0.02)
    assert max(distances) == pytest.approx(penjwen.place.radius_km, rel=0.02)
    assert circle(89.9, 10.0, 100.0).is_valid  # near the pole: clamped, still a polygon


def _km(place, lon, lat):
    from types import SimpleNamespace

    return distance_km(place, SimpleNamespace(lat=lat, lon=lon))


def test_every_point_carries_its_uncertainty(events):
    for feature in storage.events_to_features(events)["features"]:
        properties = feature["properties"]
        if feature["geometry"] is not None:
            assert properties["radius_km"] > 0 and properties["geo_precision"] in (1, 2, 3)
    by_id = {f["id"]: f["properties"] for f in storage.events_to_features(events)["features"]}
    assert by_id["ev-iran"]["bbox"] == [44.03, 25.08, 63.32, 39.78] and by_id["ev-iran"]["radius_km"] > 400


def test_nan_is_never_written(events):
    nan_place = replace(IDLIB, bbox=(float("nan"), 35.45, 37.05, 36.32))
    event = replace(events[1], place=nan_place)
    text = storage.geojson_text([event, replace(events[0], confidence=float("inf"))])
    assert "NaN" not in text and "Infinity" not in text
    features = json.loads(text)["features"]
    assert features[0]["properties"]["bbox"] is None and features[1]["properties"]["confidence"] is None


@pytest.mark.parametrize("bbox", ["NaN", "Infinity", "-Infinity"])
def test_nan_in_input_is_one_input_error(events, bbox):
    text = storage.geojson_text(events[:2]).replace('"bbox": null', f'"bbox": [{bbox}, 1, 2, 3]')
    with pytest.raises(InputError, match=f"{bbox} is not valid JSON"):
        storage.parse_geojson(text)


def test_deeply_nested_json_is_one_input_error():
    with pytest.raises(InputError, match="nested too deeply"):
        storage.parse_geojson("[" * 100_000 + "]" * 100_000, name="deep.geojson")


@pytest.mark.parametrize("key, value", [("actor", "ZZZZ"), ("target_country", "<b>"), ("actor", "XX"),
                                        ("target_country", "iq"), ("place_country", "QQ")])
def test_countries_must_be_iso_3166(events, key, value):
    collection = storage.events_to_features(events[:2])
    collection["features"][1]["properties"][key] = value
    with pytest.raises(InputError, match=rf"feature 1 \(event 'ev-idlib'\): {key} '.*' is not an ISO 3166-1"):
        storage.features_to_events(collection)
