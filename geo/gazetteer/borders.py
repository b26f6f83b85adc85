"""Country borders from Natural Earth (public domain), read from a registry package.

Natural Earth's 1:110m "admin 0" countries ship inside the ``pyogrio`` wheel
(a dependency of geopandas) as ``naturalearth_lowres``; nothing is committed
here. Both the gazetteer (country points and extents, "northern Iraq"-style
areas) and the map (country outlines, hatched country-level strikes) use it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # geopandas is heavy; only the functions that need it import it.
    import geopandas
    from shapely.geometry.base import BaseGeometry

ATTRIBUTION = "Borders: Natural Earth (public domain)"

# Natural Earth writes -99 where an ISO code is disputed or missing.
_A2_BY_NAME = {"France": "FR", "Norway": "NO", "Kosovo": "XK", "N. Cyprus": None, "Somaliland": None}


def natural_earth_path() -> Path | None:
    """Where the Natural Earth countries shapefile is installed, or ``None``."""
    from importlib.util import find_spec

    spec = find_spec("pyogrio")  # found, not imported: importing pyogrio imports geopandas
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def countries() -> geopandas.GeoDataFrame:
    """Country polygons with an ``iso_a2`` column, WGS84. Empty if the data is missing.

    >>> frame = countries()
    >>> "IR" in set(frame["iso_a2"])
    True
    """
    import geopandas
    import pycountry

    path = natural_earth_path()
    if path is None:
        return geopandas.GeoDataFrame({"iso_a2": [], "name": []}, geometry=[], crs="EPSG:4326")
    frame = geopandas.read_file(path)

    def alpha2(row) -> str | None:
        if row["name"] in _A2_BY_NAME:
            return _A2_BY_NAME[row["name"]]
        country = pycountry.countries.get(alpha_3=row["iso_a3"])
        return country.alpha_2 if country else None

    frame["iso_a2"] = frame.apply(alpha2, axis=1)
    frame = frame[frame["iso_a2"].notna()].to_crs("EPSG:4326")
    return frame[["iso_a2", "name", "geometry"]].reset_index(drop=True)


class CountryShape(NamedTuple):
    name: str
    geometry: BaseGeometry


@lru_cache(maxsize=1)
def shapes() -> dict[str, CountryShape]:
    """``{alpha-2: (name, polygon)}`` in the shapefile's order, as :func:`countries` has them, without geopandas.

    Importing geopandas costs more than half a second, which the app's first visit and every short
    command would pay for 177 polygons; so the first reader keeps them as WKB in the cache directory
    and later processes read that copy (the same geometries, bit for bit).

    >>> shapes()["IR"].name
    'Iran'
    """
    import json

    import shapely

    copy = _shapes_copy_path()
    try:
        rows = json.loads(copy.read_text(encoding="utf-8")) if copy else None
    except (OSError, ValueError):
        rows = None  # missing or damaged: read the shapefile again
    if not isinstance(rows, list):
        frame = countries()
        rows = [[iso, name, shapely.to_wkb(geometry, hex=True)]
                for iso, name, geometry in zip(frame["iso_a2"], frame["name"], frame.geometry, strict=True)]
        _keep(copy, json.dumps(rows))
    geometries = shapely.from_wkb([wkb for _, _, wkb in rows])
    return {iso: CountryShape(name, geometry) for (iso, name, _), geometry in zip(rows, geometries, strict=True)}


def _shapes_copy_path() -> Path | None:
    """Where :func:`shapes` keeps its copy: named by the shapefile's size and time, so an upgrade reads anew."""
    from ..files import default_cache_dir

    source = natural_earth_path()
    if source is None:
        return None
    stat = source.stat()
    return default_cache_dir() / f"natural-earth-{stat.st_size}-{stat.st_mtime_ns}.json"


def _keep(path: Path | None, text: str) -> None:
    from ..errors import StorageError
    from ..files import atomic_write_text

    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
    except (OSError, StorageError):
        pass  # a read-only cache only costs the next process the slower read


def main_point(shape) -> tuple[float, float, tuple[float, float, float, float]]:
    """(lat, lon, bbox) of a country's largest polygon: its centroid when inside, else a point surely inside.

    The one definition of "a country's point", for the gazetteer's country places and the
    files' arc origins alike; the largest polygon keeps France out of French Guiana.

    >>> from shapely.geometry import box
    >>> main_point(box(0, 0, 2, 1))
    (0.5, 1.0, (0.0, 0.0, 2.0, 1.0))
    """
    largest = max(getattr(shape, "geoms", [shape]), key=lambda g: g.area)
    point = largest.centroid if largest.contains(largest.centroid) else largest.representative_point()
    return point.y, point.x, tuple(round(v, 4) for v in largest.bounds)


def near_country(point, code: str, km: float) -> bool:
    """Is ``point`` (anything with ``lat``/``lon``) within ``km`` of country ``code``'s borders?

    Countries too small for the 1:110m polygons count as near (nothing to measure against).

    >>> from types import SimpleNamespace as P
    >>> near_country(P(lat=48.74, lon=37.58), "RU", 300)    # Kramatorsk, ~100 km from Russia
    True
    >>> near_country(P(lat=19.53, lon=-96.91), "IQ", 1500)  # Xalapa, Mexico
    False
    """
    from shapely.geometry import Point

    shape = shapes().get(code)
    if shape is None:
        return True
    # Degrees to km at the point's latitude is close enough for a "within reach" test.
    return shape.geometry.distance(Point(point.lon, point.lat)) * 111.0 <= km
