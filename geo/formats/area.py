"""Honest geometry for files: the point, or the area a strike is known to lie in.

A strike known only to a province must not look like a pin to a GIS user who
never reads ``geo_precision``. Every file carries ``radius_km`` and ``bbox``; with
``geometry="area"`` the geometry itself is the area instead of the point:

- a site or a town stays a Point (its uncertainty is a few kilometres);
- a district, province or region becomes a circle of the place's ``radius_km``
  (half its extent's diagonal, or the precision's default radius);
- a country-only strike becomes the country's polygon (Natural Earth, 1:110m).

Shapes are shapely geometries in (lon, lat), exterior rings counter-clockwise as
RFC 7946 asks. Nothing here imports the app or the CLI.

>>> from geo.models import DateRange, Event, Place, Precision
>>> idlib = Place("Idlib", lat=35.83, lon=36.63, country="SY", precision=Precision.PROVINCE)
>>> shape = area_shape(Event("e1", "IR", "SY", idlib, "Idlib", DateRange()))
>>> shape.geom_type, round(shape.centroid.y, 1), round(shape.centroid.x, 1)
('Polygon', 35.8, 36.6)
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..models import Event, Place, Precision

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

GEOMETRIES = ("point", "area")
_KM_PER_DEGREE_LAT = 110.57
_KM_PER_DEGREE_LON = 111.32


def check_geometry(geometry: str) -> str:
    """``geometry`` when it is ``"point"`` or ``"area"``; otherwise an :class:`InputError`."""
    if geometry not in GEOMETRIES:
        raise InputError(f"geometry must be one of {', '.join(GEOMETRIES)}, not {geometry!r}")
    return geometry


def point_shape(event: Event) -> BaseGeometry | None:
    """The event's place as a shapely Point (lon, lat), or ``None`` when it has no place."""
    from shapely.geometry import Point

    from ..geometry import lonlat

    return None if event.place is None else Point(*lonlat(event.place))


def area_shape(event: Event) -> BaseGeometry | None:
    """The area the strike is known to lie in (see the module docstring), or ``None`` without a place."""
    if event.place is None:
        return None
    return _place_area(event.place, event.target_country)


@lru_cache(maxsize=4096)
def _place_area(place: Place, target_country: str) -> BaseGeometry:
    # Many strikes share a place (every country-only strike on Iran); shapely geometries are immutable.
    if place.precision.is_point:
        from shapely.geometry import Point

        return Point(place.lon, place.lat)
    if place.precision is Precision.COUNTRY:
        polygon = country_shape(place.country or target_country)
        if polygon is not None:
            return polygon
    return circle(place.lat, place.lon, place.radius_km)


def shape(event: Event, geometry: str = "point") -> BaseGeometry | None:
    """:func:`point_shape` or :func:`area_shape`, by name."""
    return area_shape(event) if check_geometry(geometry) == "area" else point_shape(event)


@lru_cache(maxsize=256)
def country_shape(code: str | None) -> BaseGeometry | None:
    """The country's Natural Earth polygon, oriented for RFC 7946, or ``None`` when it is not there."""
    from shapely.geometry.polygon import orient

    from ..gazetteer.borders import shapes

    if (shape := shapes().get(code or "")) is None:
        return None
    geometry = shape.geometry
    if geometry.geom_type == "Polygon":
        return orient(geometry, 1.0)
    from shapely.geometry import MultiPolygon

    return MultiPolygon([orient(part, 1.0) for part in geometry.geoms])


def circle(lat: float, lon: float, radius_km: float, *, vertices: int = 48) -> BaseGeometry:
    """A polygon approximating a circle of ``radius_km`` around (lat, lon), counter-clockwise.

    Latitudes are clamped to [-90, 90] and longitudes to [-180, 180], so a circle
    near a pole or the antimeridian is cut, never invalid.

    >>> ring = circle(36.19, 44.01, 10.0).exterior
    >>> round(max(y for _, y in ring.coords) - 36.19, 3)
    0.09
    """
    from shapely.geometry import Polygon

    dlat = radius_km / _KM_PER_DEGREE_LAT
    dlon = radius_km / (_KM_PER_DEGREE_LON * max(math.cos(math.radians(lat)), 0.01))
    ring = []
    for i in range(vertices):
        angle = 2 * math.pi * i / vertices
        x = min(180.0, max(-180.0, lon + dlon * math.cos(angle)))
        y = min(90.0, max(-90.0, lat + dlat * math.sin(angle)))
        ring.append((round(x, 6), round(y, 6)))
    return Polygon(ring)


def area_geojson(event: Event) -> dict[str, Any] | None:
    """:func:`area_shape` as an RFC 7946 geometry object; a fresh dict over shared, immutable coordinates."""
    if event.place is None:
        return None
    kind, coordinates = _place_area_geojson(event.place, event.target_country)
    return {"type": kind, "coordinates": coordinates}


@lru_cache(maxsize=4096)
def _place_area_geojson(place: Place, target_country: str) -> tuple[str, Any]:
    from shapely.geometry import mapping

    body = mapping(_place_area(place, target_country))
    return body["type"], _rounded(body["coordinates"], tuple)  # tuples: a cached value nobody can change


def _rounded(value: Any, sequence: type) -> Any:
    if isinstance(value, dict):
        return {key: _rounded(item, sequence) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return sequence(_rounded(item, sequence) for item in value)
    if isinstance(value, float):
        return round(value, 6)
    return value


# Natural Earth 1:110m borders are coarse: a coastal town can fall a few kilometres outside its country's
# polygon. Farther than this, the point is in the wrong place (lat/lon swapped, a wrong homonym).
OUTSIDE_TOLERANCE_KM = 60.0


def outside_country(events: list[Event]) -> list[str]:
    """Warnings for strikes whose point lies outside the country it is said to be in.

    Each warning names the event, the country and how far away the point is; a
    point that lands inside the country once lat and lon are swapped says so.
    Countries missing from Natural Earth's small-scale map are not checked.
    """
    from shapely.geometry import Point

    warnings = []
    for event in events:
        place = event.place
        if place is None:
            continue
        code = place.country or event.target_country
        polygon = country_shape(code)
        if polygon is None:
            continue
        km = polygon.distance(Point(place.lon, place.lat)) * _KM_PER_DEGREE_LAT
        if km <= OUTSIDE_TOLERANCE_KM:
            continue
        swapped = -90 <= place.lon <= 90 and polygon.distance(Point(place.lat, place.lon)) == 0
        hint = "; lat and lon look swapped" if swapped else ""
        warnings.append(f"event {event.event_id!r}: its point (lat {place.lat:g}, lon {place.lon:g}) is about "
                        f"{km:,.0f} km outside {code}{hint}")
    return warnings
