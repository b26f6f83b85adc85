"""Events <-> GeoJSON / GeoDataFrame.

The GeoJSON properties are a contract other tools read (see :data:`PROPERTIES`):
one RFC 7946 Feature per event, a Point ``[lon, lat]`` at the strike place (``null``
when the text gives no place), dates as ISO 8601, countries as ISO 3166-1 alpha-2.
Extra properties (:data:`EXTRA_PROPERTIES`) carry what the contract leaves out so
that ``events -> GeoJSON -> events`` gives back equal events, evidence spans included,
and the place's uncertainty (``radius_km``, ``bbox``) travels with every point. With
``geometry="area"`` the geometry is the area the strike is known to lie in
(:mod:`geo.formats.area`) and ``latitude``/``longitude`` keep the point.
Files written by a reader that drops the extras still load: evidence sentences then
come back as ``Evidence(sentence, start=-1, end=-1)`` (span unknown).

Written GeoJSON is strict JSON (no ``NaN``/``Infinity``); read GeoJSON is refused,
as one :class:`~geo.errors.InputError`, when it holds them, nests too deeply, or
names a country that is not an ISO 3166-1 code.

The other formats live beside this module: CSV (:mod:`geo.formats.csv_acled`),
GeoPackage (:mod:`geo.formats.gpkg`), KML (:mod:`geo.formats.kml`) and GeoParquet
(:mod:`geo.formats.parquet`); :func:`geo.exporting.export` picks one by suffix.

>>> from geo.models import DateRange, Event, Place, Precision
>>> erbil = Place("Erbil", lat=36.19, lon=44.01, country="IQ", precision=Precision.CITY)
>>> fc = events_to_features([Event("e1", "IR", "IQ", erbil, "Erbil", DateRange())])
>>> fc["features"][0]["geometry"]
{'type': 'Point', 'coordinates': [44.01, 36.19]}
>>> features_to_events(fc)[0].place == erbil
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, StorageError
from ..files import atomic_write_text
from ..geometry import lonlat
from ..models import Event, Place, Precision
from .area import area_geojson, check_geometry, point_shape, shape
from .codec import country_name, country_numeric, event_from_properties, event_properties

__all__ = ["country_name", "country_numeric", "country_point", "events_to_features", "features_to_events",
           "events_to_frame", "frame_to_events", "write_geojson", "read_geojson", "parse_geojson", "geojson_text"]

if TYPE_CHECKING:
    import geopandas

# The contract: every event Feature has exactly these (plus the extras below).
PROPERTIES = (
    "event_id", "actor", "actor_name", "target_country", "target_country_name", "place", "place_text", "admin1",
    "precision", "date", "date_earliest", "date_latest", "date_precision", "date_text", "weapons", "target",
    "fatalities", "claimed_by", "origin", "responds_to", "confidence", "sources",
)
EXTRA_PROPERTIES = (
    "feature_type", "place_source", "place_country", "place_geonameid", "place_population", "place_note",
    "radius_km", "bbox", "geo_precision", "fatalities_reported_by", "denied_by", "attributed_by", "origin_detail",
    "latitude", "longitude",
)
# Object-valued properties; table formats store them as JSON text.
JSON_COLUMNS = ("weapons", "origin", "origin_detail", "sources", "bbox")
_AREA_TYPES = ("Polygon", "MultiPolygon")


# ---------------------------------------------------------------- countries

@lru_cache(maxsize=512)
def country_point(code: str | None) -> Place | None:
    """A country-precision :class:`Place` inside the country's main polygon (Natural Earth).

    The same point the gazetteer gives the country (:func:`geo.gazetteer.borders.main_point`): an
    honest "somewhere in the country" anchor for arcs, never shown as a pin.

    >>> iran = country_point("IR")
    >>> iran.precision.value, 25 < iran.lat < 40, 44 < iran.lon < 64
    ('country', True, True)
    """
    from ..gazetteer.borders import main_point, shapes

    if (shape := shapes().get(code or "")) is None:
        return None
    geometry = shape.geometry
    lat, lon, _ = main_point(geometry)
    return Place(country_name(code) or code, lat=lat, lon=lon, country=code, precision=Precision.COUNTRY,
                 source="naturalearth", bbox=tuple(geometry.bounds))


# ---------------------------------------------------------------- GeoJSON

def events_to_features(events: Iterable[Event], *, arcs: bool = False, geometry: str = "point") -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: one Feature per event (Point, area with ``geometry="area"``, or null).

    With ``arcs=True`` a LineString origin -> impact is added per event that has a
    place; its origin is ``event.origin`` or the actor's country point, and it is
    ``dashed`` when the origin is only known to country precision.

    >>> events_to_features([])
    {'type': 'FeatureCollection', 'features': []}
    """
    check_geometry(geometry)
    events = list(events)
    features = [_feature(event, geometry) for event in events]
    if arcs:
        features += [arc for arc in map(_arc_feature, events) if arc is not None]
    return {"type": "FeatureCollection", "features": features}


def _feature(event: Event, geometry: str = "point") -> dict[str, Any]:
    if geometry == "point" or event.place is None or event.place.precision.is_point:
        body = None if event.place is None else {"type": "Point", "coordinates": list(lonlat(event.place))}
    else:
        body = area_geojson(event)
    return {"type": "Feature", "id": event.event_id, "geometry": body, "properties": event_properties(event)}


def _arc_feature(event: Event) -> dict[str, Any] | None:
    origin = event.origin or country_point(event.actor)
    if event.place is None or origin is None:
        return None
    return {"type": "Feature", "geometry": {"type": "LineString",
                                            "coordinates": [list(lonlat(origin)), list(lonlat(event.place))]},
            "properties": {"feature_type": "arc", "event_id": event.event_id, "actor": event.actor,
                           "dashed": origin.precision is Precision.COUNTRY}}


def features_to_events(collection: Any) -> list[Event]:
    """Events from a FeatureCollection written by :func:`events_to_features` (arcs are skipped).

    Raises
    ------
    InputError
        When the input is not a FeatureCollection or a feature lacks required properties,
        names a country that is not ISO 3166-1 alpha-2, or holds a non-finite number.

    >>> features_to_events({"type": "Feature"})
    Traceback (most recent call last):
    ...
    geo.errors.InputError: expected a GeoJSON FeatureCollection, got a 'Feature'
    """
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        kind = collection.get("type") if isinstance(collection, dict) else type(collection).__name__
        raise InputError(f"expected a GeoJSON FeatureCollection, got a {kind!r}")
    features = collection.get("features")
    if not isinstance(features, list):
        raise InputError("the FeatureCollection has no 'features' list")
    events = []
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            raise InputError(f"feature {index} has no 'properties' object")
        if feature["properties"].get("feature_type", "event") != "event":
            continue  # arcs and other decorations are derived, not data
        events.append(_event_from_feature(feature, index))
    return events


def _event_from_feature(feature: dict[str, Any], index: int) -> Event:
    geometry = feature.get("geometry")
    properties = feature["properties"]
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if geometry is not None and kind not in ("Point", *_AREA_TYPES):
        raise InputError(f"feature {index}: an event's geometry must be a Point, a (Multi)Polygon area or null")
    if kind in _AREA_TYPES:  # written with geometry="area": the point travels in the properties
        coordinates = _point_property(properties, index)
    else:
        coordinates = geometry.get("coordinates") if geometry else None
    return event_from_properties(properties, coordinates, index)


def _point_property(properties: dict[str, Any], index: int) -> list[float]:
    lat, lon = properties.get("latitude"), properties.get("longitude")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        raise InputError(f"feature {index}: a (Multi)Polygon is read as an area only with numeric 'latitude' and "
                         "'longitude' properties; otherwise an event's geometry must be a Point or null")
    return [lon, lat]


def geojson_text(events: Iterable[Event], *, arcs: bool = False, geometry: str = "point", indent: int | None = 1
                 ) -> str:
    """The text of an RFC 7946 FeatureCollection: strict JSON (never ``NaN``), UTF-8 characters kept."""
    collection = events_to_features(events, arcs=arcs, geometry=geometry)
    return json.dumps(collection, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


def write_geojson(events: Iterable[Event], path: str | os.PathLike, *, arcs: bool = False,
                  geometry: str = "point") -> Path:
    """Write events as GeoJSON (UTF-8), atomically; returns the path."""
    return atomic_write_text(path, geojson_text(events, arcs=arcs, geometry=geometry))


def parse_geojson(text: str, *, name: str = "input") -> list[Event]:
    """Events from GeoJSON text; every problem is one :class:`InputError` naming ``name``.

    >>> parse_geojson('{"type": "FeatureCollection", "features": [], "bbox": [NaN, 0, 1, 1]}')
    Traceback (most recent call last):
    ...
    geo.errors.InputError: input: NaN is not valid JSON (RFC 8259); write null or a number
    """
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    except ValueError as exc:  # _refuse_constant
        raise InputError(f"{name}: {exc}") from exc
    except RecursionError:  # json recurses once per level; a hostile file must not become a traceback
        raise InputError(f"{name}: JSON nested too deeply to be a GeoJSON FeatureCollection") from None
    try:
        return features_to_events(data)
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from exc
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply to be a GeoJSON FeatureCollection") from None


def _refuse_constant(token: str) -> Any:
    raise ValueError(f"{token} is not valid JSON (RFC 8259); write null or a number")


def read_geojson(path: str | os.PathLike) -> list[Event]:
    """Read events from a GeoJSON file written by :func:`write_geojson`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text") from exc
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return parse_geojson(text, name=str(path))


# ---------------------------------------------------------------- GeoDataFrame

def events_to_frame(events: Iterable[Event], *, geometry: str = "point") -> geopandas.GeoDataFrame:
    """One row per event, the GeoJSON properties as columns, geometry in EPSG:4326.

    The geometry is the Point (``geometry="point"``) or the area (``"area"``); the
    ``latitude``/``longitude`` columns always hold the point. List and object
    properties (weapons, sources, origin) stay Python objects.

    >>> events_to_frame([]).crs.to_epsg()
    4326
    """
    import geopandas

    check_geometry(geometry)
    events = list(events)
    rows = [event_properties(event) for event in events]
    shapes = [point_shape(e) if geometry == "point" else shape(e, geometry) for e in events]
    columns = list(PROPERTIES + EXTRA_PROPERTIES)
    frame = geopandas.GeoDataFrame(rows, columns=columns, geometry=shapes, crs="EPSG:4326")
    for column in ("fatalities", "place_geonameid", "place_population"):  # not floats with NaN
        frame[column] = frame[column].astype("Int64")
    for column in ("radius_km", "latitude", "longitude", "confidence"):
        frame[column] = frame[column].astype("float64")
    return frame


def frame_to_events(frame: geopandas.GeoDataFrame) -> list[Event]:
    """The inverse of :func:`events_to_frame` (also accepts JSON text in list/object columns)."""
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    events = []
    for index, (record, geometry) in enumerate(zip(frame.drop(columns="geometry").to_dict("records"),
                                                   frame.geometry, strict=True)):
        properties = {key: _cell(key, value) for key, value in record.items()}
        if geometry is None or geometry.is_empty:
            point = None
        elif geometry.geom_type == "Point":
            point = [geometry.x, geometry.y]
        else:
            point = _point_property(properties, index)
        events.append(event_from_properties(properties, point, index))
    return events


def _cell(key: str, value: Any) -> Any:
    import pandas

    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)) and getattr(value, "ndim", 0):
        value = value.tolist()  # arrays from Parquet list columns
    if value is None or (not isinstance(value, (list, tuple, dict)) and pandas.isna(value)):
        return None
    if key in JSON_COLUMNS and isinstance(value, str):
        return json.loads(value)
    if isinstance(value, pandas.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()[:10]
    return value.item() if hasattr(value, "item") else value  # numpy scalars -> Python
