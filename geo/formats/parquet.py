"""Events <-> GeoParquet (through geopandas and pyarrow), for pandas, DuckDB, kepler.gl and QGIS.

One row per strike with the GeoJSON properties as columns and the geometry as
WKB with GeoParquet's ``geo`` metadata (EPSG:4326). Types are Parquet's own:
``date``, ``date_earliest``, ``date_latest`` and each source's day are ``date32``;
``weapons`` is a ``list<string>`` and ``bbox`` a ``list<double>``; the nested
``sources``, ``origin`` and ``origin_detail`` are JSON text. ``events -> GeoParquet
-> events`` gives back equal events.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..errors import InputError, StorageError
from ..models import Event

DATE_COLUMNS = ("date", "date_earliest", "date_latest")
JSON_TEXT = ("sources", "origin", "origin_detail")


def write_parquet(events: Iterable[Event], path: str | os.PathLike, *, geometry: str = "point") -> Path:
    """Write events as GeoParquet, atomically; returns the path.

    Raises
    ------
    StorageError
        When pyarrow cannot write the file.
    """
    import pandas

    from ..files import atomic_path
    from .geojson import events_to_frame

    frame = events_to_frame(events, geometry=geometry)
    # Plain Python values in object columns: pyarrow infers date32 and list types from them, and the
    # pandas metadata stays "object", which every pandas reads (an ArrowDtype list column's does not).
    for column in DATE_COLUMNS:
        frame[column] = pandas.Series([date.fromisoformat(v) if isinstance(v, str) else None for v in frame[column]],
                                      dtype=object, index=frame.index)
    for column in JSON_TEXT:
        frame[column] = [None if v is None else json.dumps(v, ensure_ascii=False, allow_nan=False)
                         for v in frame[column]]
    with atomic_path(path) as temporary:
        try:
            frame.to_parquet(temporary, index=False)
            _type_null_columns(temporary)
        except Exception as exc:  # pyarrow's errors, translated once, here
            raise StorageError(f"cannot write GeoParquet {path}: {exc}") from exc
    return Path(path)


def _type_null_columns(path: Path) -> None:
    """Give columns that held only nulls (pyarrow's ``null`` type, which GDAL cannot map) their real type."""
    import pyarrow
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    if not any(pyarrow.types.is_null(field.type) for field in table.schema):
        return
    wanted = {"weapons": pyarrow.list_(pyarrow.string()), "bbox": pyarrow.list_(pyarrow.float64()),
              **dict.fromkeys(DATE_COLUMNS, pyarrow.date32())}
    fields = [field.with_type(wanted.get(field.name, pyarrow.string())) if pyarrow.types.is_null(field.type)
              else field for field in table.schema]
    pq.write_table(table.cast(pyarrow.schema(fields, metadata=table.schema.metadata)), path)


def read_parquet(path: str | os.PathLike) -> list[Event]:
    """Events from a GeoParquet file written by :func:`write_parquet`."""
    import geopandas

    from .geojson import frame_to_events

    if not Path(path).is_file():
        raise StorageError(f"no such GeoParquet file: {path}")
    try:
        frame = geopandas.read_parquet(path)
    except Exception as exc:
        raise StorageError(f"cannot read GeoParquet {path}: {exc}") from exc
    missing = {"event_id", "actor", "target_country"} - set(frame.columns)
    if missing:
        raise InputError(f"{path}: lacks columns {', '.join(sorted(missing))}")
    return frame_to_events(frame)
