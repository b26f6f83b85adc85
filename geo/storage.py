"""Events <-> GeoJSON / GeoDataFrame / CSV / GeoPackage, written atomically.

The GeoJSON properties are a contract other tools read (see :data:`PROPERTIES`):
one RFC 7946 Feature per event, a Point ``[lon, lat]`` at the strike place (``null``
when the text gives no place), dates as ISO 8601, countries as ISO 3166-1 alpha-2.
Extra properties (:data:`EXTRA_PROPERTIES`) carry what the contract leaves out so
that ``events -> GeoJSON -> events`` gives back equal events, evidence spans included.
Files written by a reader that drops the extras still load: evidence sentences then
come back as ``Evidence(sentence, start=-1, end=-1)`` (span unknown).

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
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, StorageError
from .geometry import lonlat
from .models import Event, Place, Precision
from .storage_codec import country_name, country_numeric, event_from_properties, event_properties

__all__ = ["country_name", "country_numeric", "country_point", "events_to_features", "features_to_events",
           "events_to_frame", "frame_to_events", "write_geojson", "read_geojson", "write_csv", "write_gpkg",
           "read_gpkg", "export", "atomic_path", "atomic_write_text"]

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
    "radius_km", "bbox", "geo_precision", "fatalities_reported_by", "denied_by", "origin_detail",
)
# Columns a GeoPackage stores as JSON text (it has no list or object type).
JSON_COLUMNS = ("weapons", "origin", "origin_detail", "sources", "bbox")
FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".csv": "CSV", ".gpkg": "GeoPackage", ".html": "HTML map"}


# ---------------------------------------------------------------- countries

@lru_cache(maxsize=512)
def country_point(code: str | None) -> Place | None:
    """A country-precision :class:`Place` inside the country's main polygon (Natural Earth).

    The point is the representative point of the largest polygon, so France is
    not placed in French Guiana; it is an honest "somewhere in the country"
    anchor for arcs, never shown as a pin.

    >>> iran = country_point("IR")
    >>> iran.precision.value, 25 < iran.lat < 40, 44 < iran.lon < 64
    ('country', True, True)
    """
    from .borders import countries

    frame = countries()
    rows = frame[frame["iso_a2"] == code]
    if not code or rows.empty:
        return None
    geometry = rows.geometry.iloc[0]
    parts = getattr(geometry, "geoms", [geometry])
    point = max(parts, key=lambda part: part.area).representative_point()
    return Place(country_name(code) or code, lat=point.y, lon=point.x, country=code, precision=Precision.COUNTRY,
                 source="naturalearth", bbox=tuple(geometry.bounds))


# ---------------------------------------------------------------- GeoJSON

def events_to_features(events: Iterable[Event], *, arcs: bool = False) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: one Point (or null) Feature per event.

    With ``arcs=True`` a LineString origin -> impact is added per event that has a
    place; its origin is ``event.origin`` or the actor's country point, and it is
    ``dashed`` when the origin is only known to country precision.

    >>> events_to_features([])
    {'type': 'FeatureCollection', 'features': []}
    """
    events = list(events)
    features = [_feature(event) for event in events]
    if arcs:
        features += [arc for arc in map(_arc_feature, events) if arc is not None]
    return {"type": "FeatureCollection", "features": features}


def _feature(event: Event) -> dict[str, Any]:
    geometry = None if event.place is None else {"type": "Point", "coordinates": list(lonlat(event.place))}
    return {"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": event_properties(event)}


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
        When the input is not a FeatureCollection or a feature lacks required properties.

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
    if geometry is not None and (not isinstance(geometry, dict) or geometry.get("type") != "Point"):
        raise InputError(f"feature {index}: an event's geometry must be a Point or null")
    coordinates = geometry.get("coordinates") if geometry else None
    return event_from_properties(feature["properties"], coordinates, index)


def write_geojson(events: Iterable[Event], path: str | os.PathLike, *, arcs: bool = False) -> Path:
    """Write events as GeoJSON (UTF-8), atomically; returns the path."""
    text = json.dumps(events_to_features(events, arcs=arcs), ensure_ascii=False, indent=1)
    return atomic_write_text(path, text + "\n")


def read_geojson(path: str | os.PathLike) -> list[Event]:
    """Read events from a GeoJSON file written by :func:`write_geojson`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text") from exc
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    try:
        return features_to_events(data)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from exc


# ---------------------------------------------------------------- GeoDataFrame

def events_to_frame(events: Iterable[Event]) -> geopandas.GeoDataFrame:
    """One row per event, the GeoJSON properties as columns, Point geometry in EPSG:4326.

    List and object properties (weapons, sources, origin) stay Python objects.

    >>> events_to_frame([]).crs.to_epsg()
    4326
    """
    import geopandas
    from shapely.geometry import Point

    events = list(events)
    rows = [event_properties(event) for event in events]
    geometry = [None if e.place is None else Point(*lonlat(e.place)) for e in events]
    columns = list(PROPERTIES + EXTRA_PROPERTIES)
    frame = geopandas.GeoDataFrame(rows, columns=columns, geometry=geometry, crs="EPSG:4326")
    for column in ("fatalities", "place_geonameid", "place_population"):  # not floats with NaN
        frame[column] = frame[column].astype("Int64")
    return frame


def frame_to_events(frame: geopandas.GeoDataFrame) -> list[Event]:
    """The inverse of :func:`events_to_frame` (also accepts JSON text in list/object columns)."""
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    events = []
    for index, (record, geometry) in enumerate(zip(frame.drop(columns="geometry").to_dict("records"),
                                                   frame.geometry, strict=True)):
        properties = {key: _cell(key, value) for key, value in record.items()}
        point = None if geometry is None or geometry.is_empty else [geometry.x, geometry.y]
        events.append(event_from_properties(properties, point, index))
    return events


def _cell(key: str, value: Any) -> Any:
    import pandas

    if value is None or (not isinstance(value, (list, tuple, dict)) and pandas.isna(value)):
        return None
    if key in JSON_COLUMNS and isinstance(value, str):
        return json.loads(value)
    return value.item() if hasattr(value, "item") else value  # numpy scalars -> Python


# ---------------------------------------------------------------- GeoPackage and CSV

def write_gpkg(events: Iterable[Event], path: str | os.PathLike) -> Path:
    """Write events to a GeoPackage layer ``events`` (lists and objects as JSON text), atomically."""
    frame = events_to_frame(events)
    for column in JSON_COLUMNS:
        frame[column] = [None if v is None else json.dumps(v, ensure_ascii=False) for v in frame[column]]
    for column in frame.columns:  # an all-null column has no type GDAL can infer
        if column != "geometry" and frame[column].isna().all():
            frame[column] = frame[column].astype("string")
    with atomic_path(path) as temporary:
        try:
            frame.to_file(temporary, layer="events", driver="GPKG", engine="pyogrio")
        except Exception as exc:  # pyogrio raises its own and GDAL errors; translate them once, here
            raise StorageError(f"cannot write GeoPackage {path}: {exc}") from exc
    return Path(path)


def read_gpkg(path: str | os.PathLike) -> list[Event]:
    """Read the ``events`` layer written by :func:`write_gpkg`."""
    import geopandas

    if not Path(path).is_file():
        raise StorageError(f"no such GeoPackage: {path}")
    try:
        frame = geopandas.read_file(path, layer="events", engine="pyogrio")
    except Exception as exc:
        raise StorageError(f"cannot read GeoPackage {path}: {exc}") from exc
    missing = {"event_id", "actor", "target_country"} - set(frame.columns)
    if missing:
        raise InputError(f"{path}: layer 'events' lacks columns {', '.join(sorted(missing))}")
    return frame_to_events(frame)


def write_csv(events: Iterable[Event], path: str | os.PathLike) -> Path:
    """Write events as UTF-8 CSV with ACLED's column names where they overlap, atomically."""
    import csv
    import io

    from .storage_codec import CSV_COLUMNS, csv_row

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_row(event) for event in events)
    return atomic_write_text(path, buffer.getvalue())


# ---------------------------------------------------------------- export and atomic writes

def export(events: Iterable[Event], path: str | os.PathLike, **options: Any) -> Path:
    """Write events in the format the suffix names: .geojson/.json, .csv, .gpkg or .html (a map).

    ``options`` go to the writer (``arcs`` for GeoJSON, :func:`geo.rendering.build_map`'s for HTML).

    >>> export([], "strikes.xlsx")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: cannot export to 'strikes.xlsx': unknown suffix '.xlsx'; use .geojson, ...
    """
    suffix = Path(path).suffix.lower()
    writers: dict[str, Callable[..., Path]] = {".geojson": write_geojson, ".json": write_geojson,
                                               ".csv": write_csv, ".gpkg": write_gpkg, ".html": _write_html}
    if suffix not in writers:
        raise InputError(f"cannot export to {str(path)!r}: unknown suffix {suffix!r}; use {', '.join(FORMATS)}")
    return writers[suffix](list(events), path, **options)


def _write_html(events: list[Event], path: str | os.PathLike, **options: Any) -> Path:
    from .rendering import build_map, save_map  # folium is heavy and only needed here

    return save_map(build_map(events, **options), path)


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on failure it is removed.

    Readers never see a half-written file, and a failed write leaves the old file intact.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise StorageError(f"cannot write {target}: directory {target.parent} does not exist")
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        temporary.unlink()  # some writers (GDAL) refuse to overwrite; they get a free name they own
        yield temporary
        os.replace(temporary, target)
    except StorageError:
        raise
    except OSError as exc:
        raise StorageError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 text to ``path`` atomically (temporary file in the same directory, then rename)."""
    with atomic_path(path) as temporary, open(temporary, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
    return Path(path)
