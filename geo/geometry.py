"""Axis order lives here, one function each way, and distances.

Shapely and GeoJSON are (lon, lat); geopy and folium are (lat, lon). Modules
never pass bare tuples to each other; they call these.

>>> from geo.models import Place, Precision
>>> erbil = Place("Erbil", lat=36.19, lon=44.01, country="IQ", precision=Precision.CITY)
>>> lonlat(erbil), latlon(erbil)
((44.01, 36.19), (36.19, 44.01))
"""

from __future__ import annotations

import math
from typing import Protocol


class HasLatLon(Protocol):
    lat: float
    lon: float


def lonlat(point: HasLatLon) -> tuple[float, float]:
    """(lon, lat): for shapely, GeoJSON and GeoPandas."""
    return (point.lon, point.lat)


def latlon(point: HasLatLon) -> tuple[float, float]:
    """(lat, lon): for folium, Leaflet and geopy."""
    return (point.lat, point.lon)


def distance_km(a: HasLatLon, b: HasLatLon) -> float:
    """Great-circle distance in kilometres.

    >>> from types import SimpleNamespace as P
    >>> round(distance_km(P(lat=36.19, lon=44.01), P(lat=35.93, lon=36.63)))
    664
    """
    p = math.pi / 180
    h = (math.sin((b.lat - a.lat) * p / 2) ** 2
         + math.cos(a.lat * p) * math.cos(b.lat * p) * math.sin((b.lon - a.lon) * p / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))
