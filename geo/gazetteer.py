"""The offline place index: built once, cached on disk, opened in milliseconds.

>>> gazetteer = Gazetteer.open()                         # doctest: +SKIP
>>> best = gazetteer.candidates("Irbil")[0]              # doctest: +SKIP
>>> best.place.name, best.place.country, best.place.precision.value   # doctest: +SKIP
('Erbil', 'IQ', 'city')

The index is one SQLite file in the cache directory (``$STRIKEMAP_CACHE``,
else ``~/.cache/strikemap``). It is built by :mod:`geo.gazetteer_build` the
first time it is needed, or ahead of time by ``python -m geo index``.
"""

from __future__ import annotations

import difflib
import math
import os
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import GazetteerError
from .models import Place, Precision
from .names import fold, name_key, skeleton, split_kind_word

_KIND_PRECISION = {
    "site": Precision.SITE,
    "city": Precision.CITY,
    "district": Precision.DISTRICT,
    "province": Precision.PROVINCE,
    "region": Precision.REGION,
    "country": Precision.COUNTRY,
}
# Base scores by kind. Towns score by population instead (see _score).
_KIND_BASE = {"country": 9.0, "region": 7.5, "province": 5.6, "district": 4.4, "site": 3.0}
_COLUMNS = "id, name, kind, country, admin1, lat, lon, population, west, south, east, north, source, geonameid"


def default_cache_dir() -> Path:
    """``$STRIKEMAP_CACHE``, else ``$XDG_CACHE_HOME/strikemap``, else ``~/.cache/strikemap``."""
    if os.environ.get("STRIKEMAP_CACHE"):
        return Path(os.environ["STRIKEMAP_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "strikemap"


def default_index_path() -> Path:
    from .gazetteer_build import SCHEMA_VERSION

    return default_cache_dir() / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored answer to a lookup: the place, the name that matched, and how well."""

    place: Place
    score: float
    matched: str
    exact: bool


class Gazetteer:
    """Read-only lookups in a built index. Safe to share across threads.

    Parameters
    ----------
    path
        The SQLite index. Use :meth:`open` to build it when it is missing.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerError(f"gazetteer index not found at {self.path}; run: python -m geo index")
        self._local = threading.local()
        try:
            version = self._query("SELECT v FROM meta WHERE k = 'schema'")
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"gazetteer index at {self.path} is unreadable ({exc}); "
                                 "delete it and run: python -m geo index") from exc
        from .gazetteer_build import SCHEMA_VERSION

        if not version or version[0][0] != SCHEMA_VERSION:
            raise GazetteerError(f"gazetteer index at {self.path} is from another version; "
                                 "run: python -m geo index --rebuild")
        self._lookup = lru_cache(maxsize=100_000)(self._lookup_uncached)

    @classmethod
    def open(cls, path: Path | str | None = None, *, build: bool = True, progress=None) -> Gazetteer:
        """Open the index at ``path`` (default: the cache dir), building it first if needed."""
        target = Path(path) if path else default_index_path()
        if not target.exists():
            if not build:
                raise GazetteerError(f"gazetteer index not found at {target}; run: python -m geo index")
            from .gazetteer_build import build as build_index

            try:
                build_index(target, progress=progress)
            except (OSError, ImportError, sqlite3.Error) as exc:
                raise GazetteerError(f"could not build the gazetteer index at {target}: {exc}") from exc
        return cls(target)

    # -- low level -----------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            uri = f"file:{self.path}?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._local.connection = connection
        return connection

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self._connection().execute(sql, params).fetchall()

    @staticmethod
    def _place(row: tuple) -> Place:
        (_id, name, kind, country, admin1, lat, lon, population, west, south, east, north, source, gid) = row
        bbox = (west, south, east, north) if west is not None else None
        return Place(name=name, lat=lat, lon=lon, country=country, precision=_KIND_PRECISION[kind],
                     admin1=admin1, source=source, geonameid=gid, population=population, bbox=bbox)

    def _rows(self, key: str) -> list[tuple[tuple, int, str | None]]:
        sql = (f"SELECT {', '.join('p.' + c.strip() for c in _COLUMNS.split(','))}, n.flag, n.orig "
               "FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?")
        return [(row[:14], row[14], row[15]) for row in self._query(sql, (key,))]

    # -- lookups ------------------------------------------------------------------------
    def candidates(self, query: str, *, country: str | None = None, context: Iterable[str] = (),
                   limit: int = 5) -> list[Candidate]:
        """Places a name may mean, best first.

        ``country`` (ISO alpha-2) is a strong hint; ``context`` lists countries
        the surrounding text is about (a weak hint).

        >>> [c.place.country for c in Gazetteer.open().candidates("Saravan", country="IR")][:1]  # doctest: +SKIP
        ['IR']
        """
        key = name_key(query)
        if not key:
            return []
        hint = country.upper() if country else None
        return list(self._lookup(key, hint, tuple(sorted(set(context))), limit))

    def best(self, query: str, **kwargs) -> Place | None:
        """The best place for a name, or ``None`` when nothing matches."""
        found = self.candidates(query, limit=1, **kwargs)
        return found[0].place if found else None

    def _lookup_uncached(self, key: str, hint: str | None, context: tuple[str, ...], limit: int
                         ) -> tuple[Candidate, ...]:
        # A country hint is a filter, as geopy's ``country_codes`` is; context only re-ranks.
        def matching(rows: list) -> list:
            return [r for r in rows if r[0][3] == hint] if hint else rows

        kind_hint = None
        rows = matching(self._rows(key))
        if not rows:
            key, kind_hint = split_kind_word(key)
            rows = matching(self._rows(key)) if key else []
        preferred = {hint} if hint else set(context)
        if key and (not rows or (preferred and not any(r[0][3] in preferred for r in rows))):
            # No exact spelling (in the countries the text is about): try spellings that
            # differ only in vowels, and keep the close ones.
            # Without any country to anchor it, a fuzzy match must be closer.
            threshold = 0.72 if preferred else 0.8
            fuzzy = [r for r in matching(self._rows("~" + skeleton(key)))
                     if r[2] and difflib.SequenceMatcher(None, key, r[2]).ratio() >= threshold]
            rows += [r for r in fuzzy if not preferred or r[0][3] in preferred] if rows else fuzzy
        scored: dict[int, Candidate] = {}
        for row, flag, orig in rows:
            place = self._place(row)
            score = _score(place, row[2], flag, hint, context, kind_hint)
            if row[0] not in scored or scored[row[0]].score < score:
                scored[row[0]] = Candidate(place, score, orig or key, flag != 0)
        ranked = sorted(scored.values(), key=lambda c: -c.score)
        return tuple(_prefer_town_over_same_named_area(ranked, kind_hint)[:limit])

    # -- countries ----------------------------------------------------------------------
    def country(self, code: str) -> Place | None:
        """The country with ISO alpha-2 ``code`` as a country-precision place."""
        rows = self._query(f"SELECT {_COLUMNS} FROM places WHERE kind = 'country' AND country = ?",
                           (code.upper(),))
        return self._place(rows[0]) if rows else None

    @lru_cache(maxsize=1)  # noqa: B019 - one gazetteer per process; the cache dies with it
    def country_terms(self) -> dict[str, tuple[str, str]]:
        """Folded country names, demonyms and codes -> (alpha2, kind)."""
        terms: dict[str, tuple[str, str]] = {}
        for term, code, kind in self._query("SELECT term, alpha2, kind FROM country_terms"):
            # A name beats a demonym beats a code when two countries share a term.
            rank = {"name": 0, "demonym": 1, "code": 2}[kind]
            if term not in terms or rank < {"name": 0, "demonym": 1, "code": 2}[terms[term][1]]:
                terms[term] = (code, kind)
        return terms

    def country_code(self, text: str) -> str | None:
        """ISO alpha-2 for a country name or demonym, else ``None``.

        >>> Gazetteer.open().country_code("Iranian")  # doctest: +SKIP
        'IR'
        """
        found = self.country_terms().get(fold(text))
        return found[0] if found and found[1] != "code" else None

    def country_name(self, code: str | None) -> str | None:
        if not code:
            return None
        place = self.country(code)
        return place.name if place else None

    def stats(self) -> dict[str, int]:
        return dict(self._query("SELECT kind, COUNT(*) FROM places GROUP BY kind"))


def _score(place: Place, kind: str, flag: int, hint: str | None, context: tuple[str, ...],
           kind_hint: str | None) -> float:
    if kind == "city":
        score = 1.0 + 0.8 * math.log10((place.population or 0) + 1)
    else:
        score = _KIND_BASE.get(kind, 3.0)
    score += {2: 0.5, 1: 0.0, 0: -2.0}[flag]
    if hint and place.country == hint:
        score += 20.0
    elif place.country in context:
        score += 6.0
    if kind_hint and (kind_hint == kind or (kind_hint == "province" and kind == "region")):
        score += 10.0
    return score


def _prefer_town_over_same_named_area(ranked: list[Candidate], kind_hint: str | None) -> list[Candidate]:
    """"Erbil" or "Idlib" alone means the town, not the province named after it.

    News writes "Idlib province" when it means the province; a bare name that a
    province shares with a town inside it is the town.
    """
    if kind_hint or not ranked or ranked[0].place.precision not in (Precision.PROVINCE, Precision.DISTRICT):
        return ranked
    area = ranked[0].place
    for candidate in ranked[1:]:
        town = candidate.place
        # A province needs a real town to yield to (not a hamlet sharing its name);
        # a district is usually named after its town whatever GeoNames says of its size.
        big_enough = area.precision is Precision.DISTRICT or (town.population or 0) >= 1000
        if (town.precision is Precision.CITY and town.country == area.country
                and town.admin1 == area.admin1 and candidate.exact == ranked[0].exact and big_enough):
            return [candidate] + [c for c in ranked if c is not candidate]
    return ranked
