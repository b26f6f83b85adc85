"""Events <-> GeoPackage, laid out as QGIS users expect.

One file, three tables:

- ``strikes``: one feature per strike (the same name and columns as the GeoJSON
  properties), a Point (or the area, ``geometry="area"``) in EPSG:4326;
  ``date``, ``date_earliest`` and ``date_latest`` are real ``Date`` fields, so QGIS's
  temporal controller can use them; ``weapons`` and ``urls`` are ``"; "``-delimited
  text; ``bbox``, ``origin`` and ``origin_detail`` are small JSON objects as text.
- ``strike_sources``: one row per (strike, article): ``event_id, source_index,
  title, outlet, url, published`` (a ``Date``), ``article_id``.
- ``strike_evidence``: one row per evidence sentence: ``event_id, source_index,
  evidence_index, sentence, start, end, section``.

Join the two tables to ``strikes`` on ``event_id`` (QGIS: Project > Properties >
Relations). ``events -> GeoPackage -> events`` gives back equal events.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, StorageError
from ..models import Event

if TYPE_CHECKING:
    import geopandas
    import pandas

LAYER = "strikes"
SOURCES_LAYER = "strike_sources"
EVIDENCE_LAYER = "strike_evidence"
DATE_COLUMNS = ("date", "date_earliest", "date_latest")
DELIMITED = {"weapons": "; "}
JSON_TEXT = ("bbox", "origin", "origin_detail")
SOURCE_COLUMNS = ("event_id", "source_index", "title", "outlet", "url", "published", "article_id")
EVIDENCE_COLUMNS = ("event_id", "source_index", "evidence_index", "sentence", "start", "end", "section")


def write_gpkg(events: Iterable[Event], path: str | os.PathLike, *, geometry: str = "point") -> Path:
    """Write events to a GeoPackage (layers ``strikes``, ``strike_sources``, ``strike_evidence``), atomically.

    Raises
    ------
    StorageError
        When GDAL cannot write the file.
    """
    from ..files import atomic_path
    from .geojson import events_to_frame

    events = list(events)
    frame = strikes_frame(events_to_frame(events, geometry=geometry))
    sources, evidence = related_frames(events)
    with atomic_path(path) as temporary:
        try:
            # GeoPackage 1.2: GDAL before 3.7 (QGIS on Debian 12, say) warns about newer files.
            _write(frame, temporary, LAYER, geometry_type="Point" if geometry == "point" else "Unknown",
                   dataset_options={"VERSION": "1.2"})
            _write(sources, temporary, SOURCES_LAYER)
            _write(evidence, temporary, EVIDENCE_LAYER)
        except Exception as exc:  # pyogrio raises its own and GDAL errors; translate them once, here
            raise StorageError(f"cannot write GeoPackage {path}: {exc}") from exc
    return Path(path)


def _write(frame: Any, path: Path, layer: str, **options: Any) -> None:
    import pyogrio

    # Arrow writing maps date32 columns to GDAL Date fields (the classic path writes text).
    pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", use_arrow=True, **options)


def strikes_frame(frame: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """The ``strikes`` table from :func:`geo.formats.geojson.events_to_frame`: dates typed, lists flattened."""
    import pandas
    import pyarrow

    frame = frame.copy()
    for column in DATE_COLUMNS:
        days = pandas.to_datetime(frame[column], format="%Y-%m-%d").dt.date
        frame[column] = pandas.array(list(days.where(days.notna(), None)), dtype=pandas.ArrowDtype(pyarrow.date32()))
    for column, separator in DELIMITED.items():
        frame[column] = [separator.join(values) if values else None for values in frame[column]]
    frame["urls"] = ["; ".join(s["url"] for s in sources if s.get("url")) or None for sources in frame["sources"]]
    for column in JSON_TEXT:
        frame[column] = [None if v is None else json.dumps(v, ensure_ascii=False) for v in frame[column]]
    frame = frame.drop(columns="sources")
    for column in frame.columns:  # an all-null column has no type GDAL can infer
        if column != "geometry" and frame[column].dtype == object and frame[column].isna().all():
            frame[column] = frame[column].astype("string")
    return frame


def related_frames(events: list[Event]) -> tuple[pandas.DataFrame, pandas.DataFrame]:
    """The ``strike_sources`` and ``strike_evidence`` tables (one row per source / sentence)."""
    import pandas
    import pyarrow

    from .csv_acled import outlet

    sources, evidence = [], []
    for event in events:
        for s_index, source in enumerate(event.sources):
            sources.append({"event_id": event.event_id, "source_index": s_index, "title": source.title,
                            "outlet": outlet(source.url), "url": source.url, "published": source.published,
                            "article_id": source.article_id})
            evidence += [{"event_id": event.event_id, "source_index": s_index, "evidence_index": e_index,
                          "sentence": item.sentence, "start": item.start, "end": item.end,
                          "section": item.section.value} for e_index, item in enumerate(source.evidence)]
    sources_frame = pandas.DataFrame(sources, columns=list(SOURCE_COLUMNS))
    sources_frame["published"] = pandas.array(list(sources_frame["published"]),
                                              dtype=pandas.ArrowDtype(pyarrow.date32()))
    for column in ("title", "outlet", "url", "article_id", "event_id"):
        sources_frame[column] = sources_frame[column].astype("string")
    evidence_frame = pandas.DataFrame(evidence, columns=list(EVIDENCE_COLUMNS))
    for column in ("source_index", "evidence_index", "start", "end"):
        evidence_frame[column] = evidence_frame[column].astype("int64")
    for column in ("event_id", "sentence", "section"):
        evidence_frame[column] = evidence_frame[column].astype("string")
    sources_frame["source_index"] = sources_frame["source_index"].astype("int64")
    return sources_frame, evidence_frame


def read_gpkg(path: str | os.PathLike) -> list[Event]:
    """Read events from a GeoPackage written by :func:`write_gpkg` (or the older single ``events`` layer)."""
    import pyogrio

    from .geojson import frame_to_events

    if not Path(path).is_file():
        raise StorageError(f"no such GeoPackage: {path}")
    try:
        layers = {name for name, _kind in pyogrio.list_layers(path)}
    except Exception as exc:
        raise StorageError(f"cannot read GeoPackage {path}: {exc}") from exc
    layer = LAYER if LAYER in layers else "events" if "events" in layers else None
    if layer is None:
        raise InputError(f"{path}: no layer {LAYER!r}")
    frame = _read(path, layer)
    missing = {"event_id", "actor", "target_country"} - set(frame.columns)
    if missing:
        raise InputError(f"{path}: layer {layer!r} lacks columns {', '.join(sorted(missing))}")
    if layer == LAYER:
        frame = _unflatten(frame, _sources_by_event(path, layers))
    return frame_to_events(frame)


def _read(path: str | os.PathLike, layer: str) -> Any:
    import geopandas

    try:
        return geopandas.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:
        raise StorageError(f"cannot read GeoPackage {path}: {exc}") from exc


def _unflatten(frame: geopandas.GeoDataFrame, sources: dict[str, list[dict[str, Any]]]) -> geopandas.GeoDataFrame:
    frame = frame.copy()
    for column, separator in DELIMITED.items():
        if column in frame:
            frame[column] = [[] if not isinstance(v, str) or not v else v.split(separator) for v in frame[column]]
    frame["sources"] = [sources.get(str(event_id), []) for event_id in frame["event_id"]]
    return frame.drop(columns=[c for c in ("urls",) if c in frame])


def _sources_by_event(path: str | os.PathLike, layers: set[str]) -> dict[str, list[dict[str, Any]]]:
    if SOURCES_LAYER not in layers:
        return {}
    sources = _read(path, SOURCES_LAYER)
    evidence = _read(path, EVIDENCE_LAYER) if EVIDENCE_LAYER in layers else None
    sentences: dict[tuple[str, int], list[dict[str, Any]]] = {}
    if evidence is not None:
        for row in evidence.sort_values(["event_id", "source_index", "evidence_index"]).to_dict("records"):
            sentences.setdefault((row["event_id"], int(row["source_index"])), []).append(row)
    out: dict[str, list[dict[str, Any]]] = {}
    for row in sources.sort_values(["event_id", "source_index"]).to_dict("records"):
        items = sentences.get((row["event_id"], int(row["source_index"])), [])
        out.setdefault(row["event_id"], []).append({
            "title": _text(row.get("title")), "url": _text(row.get("url")), "published": _day(row.get("published")),
            "article_id": _text(row.get("article_id")), "evidence": [item["sentence"] for item in items],
            "evidence_spans": [{"start": int(item["start"]), "end": int(item["end"]), "section": item["section"]}
                               for item in items]})
    return out


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _day(value: Any) -> str | None:
    import pandas

    if value is None or pandas.isna(value):
        return None
    return pandas.Timestamp(value).date().isoformat()
