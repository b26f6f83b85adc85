"""A big map's strikes as columns for one canvas layer, and its popups as compressed chunks.

Above a few thousand strikes one Leaflet layer per marker and arc costs seconds per zoom step
and a gigabyte of browser memory. :func:`canvas_data` turns the per-actor drawing records of
:func:`geo.maps.payload.map_payload` into what ``geo/maps/static/strikemap-canvas.js`` draws from:
one typed array per field (little-endian, base64) and the popups, still escaped data, never HTML,
as JSON arrays compressed in chunks of :data:`POPUP_CHUNK` strikes. The browser inflates a chunk
(``DecompressionStream``) only when a popup in it opens.

>>> data = canvas_data([])
>>> data["n"], data["chunks"]
(0, [])
"""

from __future__ import annotations

import base64
import json
import sys
import zlib
from array import array
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

POPUP_CHUNK = 500  # one popup inflates at most ~0.3 MB of JSON; 100k strikes make 200 chunks
KINDS = {"pt": 0, "area": 1, "cty": 2}
NO_DAY = -(2**31)  # an undated strike: shown at "all dates", never during playback
UNCERTAIN, DASHED = 1, 2  # bits of the flags column


def _column(typecode: str, values: Sequence[float]) -> str:
    """``values`` as a little-endian typed array in base64 (what ``atob`` and a TypedArray read back)."""
    packed = array(typecode, values)
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def _chunk(popups: list[list[Any]]) -> str:
    # zlib (RFC 1950) is what the browser's DecompressionStream("deflate") reads.
    text = json.dumps(popups, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")


def _chunks(popups: list[list[Any]]) -> list[str]:
    groups = [popups[i:i + POPUP_CHUNK] for i in range(0, len(popups), POPUP_CHUNK)]
    if len(groups) < 4:
        return [_chunk(group) for group in groups]
    with ThreadPoolExecutor(max_workers=2) as pool:  # zlib lets go of the GIL: two cores, half the wait
        return list(pool.map(_chunk, groups))


def canvas_data(layers: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Columns, popup chunks and the actors' hatched countries for ``StrikeMap.addStrikes``.

    ``layers`` are ``map_payload(...)["actors"]``; strikes keep their actor's order, so index
    ``i`` is the same strike in every column and item ``i % POPUP_CHUNK`` of chunk
    ``i // POPUP_CHUNK``. Each item is ``[event id, popup data]`` (``strikemap.js`` adds the
    markup). ``areas`` lists each actor's hatched countries with strike indexes into the columns.
    Columns: ``lat``, ``lon`` (float32), ``actor`` (index into ``actors``), ``kind`` (:data:`KINDS`),
    ``t`` (first day since 1970, int32, :data:`NO_DAY` when undated), ``dt`` (days to the last, uint16),
    ``flags`` (:data:`UNCERTAIN`, :data:`DASHED`), ``r`` (an area's radius in 100 m, uint16),
    ``origin`` (index into ``origins``, lat/lon float32 pairs, or -1: no arc).

    >>> record = {"id": "e1", "k": "pt", "ll": [36.19, 44.01], "p": {"to": "Iraq (IQ)"}, "t": 19737}
    >>> data = canvas_data([{"data": {"color": "#d62728", "label": "Iran (IR)", "index": 3,
    ...                                "events": [record], "areas": []}}])
    >>> data["n"], data["actors"], data["origins"]
    (1, [{'color': '#d62728', 'label': 'Iran (IR)', 'index': 3}], '')
    """
    lat, lon, actor, kind, start, span, flags, radius, origin = ([] for _ in range(9))
    origins: dict[tuple[float, float], int] = {}
    popups: list[list[Any]] = []
    actors, areas = [], []
    for number, layer in enumerate(layers):
        data = layer["data"]
        offset = len(lat)
        actors.append({"color": data["color"], "label": data["label"], "index": data["index"]})
        areas.append([{**area, "ids": [offset + i for i in area["ids"]]} for area in data["areas"]])
        for record in data["events"]:
            lat.append(record["ll"][0])
            lon.append(record["ll"][1])
            actor.append(number)
            kind.append(KINDS[record["k"]])
            day = record["t"]
            start.append(NO_DAY if day is None else day)
            span.append(min(record.get("t1", day) - day, 65535) if day is not None else 0)
            flags.append((UNCERTAIN if record.get("u") else 0) | (DASHED if record.get("dash") else 0))
            radius.append(min(round(record.get("r", 0) / 100), 65535))
            if "o" in record:
                origin.append(origins.setdefault(tuple(record["o"]), len(origins)))
            else:
                origin.append(-1)
            popups.append([record["id"], record["p"]])
    columns = {"lat": _column("f", lat), "lon": _column("f", lon), "actor": _column("B", actor),
               "kind": _column("B", kind), "t": _column("i", start), "dt": _column("H", span),
               "flags": _column("B", flags), "r": _column("H", radius), "origin": _column("i", origin)}
    return {"n": len(lat), "actors": actors, "areas": areas, "columns": columns,
            "origins": _column("f", [v for point in origins for v in point]),
            "chunk": POPUP_CHUNK, "chunks": _chunks(popups)}
