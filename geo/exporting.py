"""One ``export(events, path)`` for every format: the file's suffix picks the writer.

It sits above the codecs (:mod:`geo.formats.geojson` for GeoJSON, :mod:`geo.formats.csv_acled`, :mod:`geo.formats.gpkg`,
:mod:`geo.formats.kml`, :mod:`geo.formats.parquet`) and the map (:mod:`geo.maps.rendering` for ``.html``), so
no codec imports another, or the map, to be reachable from one call.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import InputError
from .models import Event

__all__ = ["FORMATS", "AREA_FORMATS", "export"]

FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".csv": "CSV", ".gpkg": "GeoPackage", ".kml": "KML",
           ".parquet": "GeoParquet", ".html": "HTML map"}
# Formats whose geometry can be the area instead of the point.
AREA_FORMATS = (".geojson", ".json", ".gpkg", ".kml", ".parquet")


def export(events: Iterable[Event], path: str | os.PathLike, **options: Any) -> Path:
    """Write events in the format the suffix names (a key of :data:`FORMATS`).

    ``options`` go to the writer: ``geometry`` ("point" or "area") for GeoJSON,
    GeoPackage, KML and GeoParquet, ``arcs`` for GeoJSON, :func:`geo.maps.rendering.build_map`'s for HTML.

    >>> export([], "strikes.xlsx")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: cannot export to 'strikes.xlsx': unknown suffix '.xlsx'; use .geojson, ...
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"cannot export to {str(path)!r}: unknown suffix {suffix!r}; use {', '.join(FORMATS)}")
    if options.get("geometry", "point") != "point" and suffix not in AREA_FORMATS:
        raise InputError(f"geometry={options['geometry']!r} applies to {', '.join(AREA_FORMATS)} files; "
                         f"{FORMATS[suffix]} keeps the point with radius_km and bbox")
    if suffix not in AREA_FORMATS:
        options.pop("geometry", None)
    return _writer(suffix)(list(events), path, **options)


def _writer(suffix: str) -> Callable[..., Path]:
    # Each writer is imported only when asked for: GDAL, pyarrow and folium are heavy.
    if suffix in (".geojson", ".json"):
        from .formats.geojson import write_geojson

        return write_geojson
    if suffix == ".csv":
        from .formats.csv_acled import write_csv

        return write_csv
    if suffix == ".gpkg":
        from .formats.gpkg import write_gpkg

        return write_gpkg
    if suffix == ".kml":
        from .formats.kml import write_kml

        return write_kml
    if suffix == ".parquet":
        from .formats.parquet import write_parquet

        return write_parquet
    return _write_html


def _write_html(events: list[Event], path: str | os.PathLike, **options: Any) -> Path:
    from .maps.rendering import build_map, save_map

    return save_map(build_map(events, **options), path)
