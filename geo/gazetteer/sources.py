"""Shared pieces of the gazetteer build: the row writer and extents (the curated tables: :mod:`geo.tables`).

:mod:`geo.gazetteer.build` (GeoNames towns, provinces, countries) and
:mod:`geo.gazetteer.sites` (airfields, curated sites and villages) both write through
:class:`Writer`, so every place gets the same name keys.
"""

from __future__ import annotations

import re
import sqlite3
import statistics
from collections.abc import Callable, Iterable

from .names import fuzzy_block, is_latin_key, name_key

_HAS_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")

Progress = Callable[[str, int, int], None]

# flag values in the names table: how a key names its place
PRIMARY, ALTERNATE, FUZZY = 2, 1, 0
MATCH_KINDS = {PRIMARY: "exact", ALTERNATE: "alternate", FUZZY: "fuzzy"}


class Writer:
    """Accumulates place and name rows and writes them in batches."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.next_id = 1
        self.places: list[tuple] = []
        self.names: list[tuple] = []

    def add(self, *, name: str, kind: str, country: str | None, lat: float, lon: float,
            names: Iterable[str], admin1: str | None = None, population: int | None = None,
            bbox: tuple[float, float, float, float] | None = None, source: str,
            geonameid: int | None = None, fuzzy: bool = True, keys: Iterable[str] = ()) -> int:
        """Add one place; return its id.

        ``names`` are alternate names; ``keys`` are extra ready-made index keys
        (site keys such as ``"engels @air"``); ``fuzzy`` adds the blocking keys
        that fuzzy matching shortlists by.
        """
        place_id = self.next_id
        self.next_id += 1
        west, south, east, north = bbox if bbox else (None, None, None, None)
        self.places.append((place_id, name, kind, country, admin1, round(lat, 5), round(lon, 5),
                            population, west, south, east, north, source, geonameid))
        seen: set[str] = set()
        for i, raw in enumerate([name, *names]):
            if i and not _HAS_LATIN.search(raw):
                continue  # a third of GeoNames' alternate names are in other scripts: no English key
            key = name_key(raw)
            if not is_latin_key(key) or key in seen:
                continue
            seen.add(key)
            self.names.append((key, place_id, PRIMARY if i == 0 else ALTERNATE, None))
        for key in keys:
            if key not in seen:
                seen.add(key)
                self.names.append((key, place_id, ALTERNATE, None))
        if fuzzy:
            blocks: set[tuple[str, str]] = set()
            for key in seen:
                block = fuzzy_block(key)
                if "@" not in key and len(block) >= 4 and (block, key) not in blocks:
                    blocks.add((block, key))
                    self.names.append((block, place_id, FUZZY, key))
        if len(self.names) > 200_000:
            self.flush()
        return place_id

    def flush(self) -> None:
        self.connection.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.connection.executemany("INSERT INTO names VALUES (?,?,?,?)", self.names)
        self.places.clear()
        self.names.clear()


def robust_extent(points: list[tuple[float, float]]) -> tuple[float, float, tuple[float, float, float, float]]:
    """Representative (lat, lon) and (west, south, east, north) of a set of towns.

    Trims the outer 5% each way so one mis-coded village does not stretch a
    province across the country.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    trim = len(points) // 20

    def band(values: list[float]) -> tuple[float, float]:
        kept = values[trim: len(values) - trim] or values
        return kept[0], kept[-1]

    south, north = band(lats)
    west, east = band(lons)
    # Pad small extents: a province with one known town is not a point.
    pad = 0.1
    return (statistics.median(lats), statistics.median(lons),
            (round(west - pad, 4), round(south - pad, 4), round(east + pad, 4), round(north + pad, 4)))
