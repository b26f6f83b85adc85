"""The offline place index: built once, cached on disk, opened in milliseconds.

>>> gazetteer = Gazetteer.open()                         # doctest: +SKIP
>>> best = gazetteer.candidates("Irbil")[0]              # doctest: +SKIP
>>> best.place.name, best.place.country, best.place.precision.value   # doctest: +SKIP
('Erbil', 'IQ', 'city')

The index is one SQLite file in the cache directory (``$STRIKEMAP_CACHE``,
else ``~/.cache/strikemap``). It is built by :mod:`geo.gazetteer.build` the
first time it is needed, or ahead of time by ``python -m geo index``.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz.fuzz import ratio

from ..errors import GazetteerError
from ..files import default_cache_dir
from ..geometry import distance_km
from ..models import Place, Precision
from .names import fold, fuzzy_block, name_key, site_key, site_phrase, split_kind_word

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
_ROWS_SQL = (f"SELECT {', '.join('p.' + c.strip() for c in _COLUMNS.split(','))}, n.flag, n.orig "
             "FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?")
_MATCH = {2: "exact", 1: "alternate", 0: "fuzzy"}
ALTERNATE_SPELLING_WEIGHT = 0.5  # about a threefold population: a close spelling decides only between near equals
_REBUILD = "rebuild it: python -m geo index --rebuild"

# Fuzzy matching (RapidFuzz ratio, 0-100). A key needs this many letters to be
# matched loosely at all: "Ras" must never become "Rass". Without a country to
# anchor it, a loose match must be closer still.
FUZZY_MIN_LETTERS = 5
SITE_NEAR_TOWN_KM = 15.0  # an airfield named after its town lies within this of the town's point
FUZZY_THRESHOLD = 85.0
FUZZY_THRESHOLD_UNANCHORED = 90.0

# Words that are place names somewhere (a US town called Airport, a county called
# Major) but in news are never a place on their own; nor are the generic words of
# Arabic, Persian and Turkish toponyms ("Ras" = cape, "Tal" = hill) without their name.
_NOT_ALONE = frozenset("""
airport airbase airfield base port harbour harbor dam bridge shrine crossing border camp station terminal
council major general minister president army navy police office centre center city town village capital
state province district region county area valley mountain mountains river lake sea gulf coast island
north south east west central middle upper lower new old great little saint
ras tal tall tell jabal jebel jabel wadi ain ayn bir deir dayr kafr kfar beit bayt khan qasr jisr nahr hay
sheikh shaikh abu umm bab bani qala qalat tepe koh kuh dasht bandar chah sar
strike strikes attack missile drone rocket target victory hope liberty unity peace independence
""".split())


def default_index_path() -> Path:
    """``gazetteer-v<schema>-<fingerprint>.sqlite`` in the cache dir.

    The fingerprint covers our curated tables and the versions of the data
    packages, so editing ``data/gazetteer/sites.csv`` or upgrading
    ``airportsdata`` builds a fresh index instead of answering from a stale one.
    """
    from .build import SCHEMA_VERSION, data_fingerprint

    return default_cache_dir() / f"gazetteer-v{SCHEMA_VERSION}-{data_fingerprint()}.sqlite"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored answer to a lookup: the place, the name that matched, and how well."""

    place: Place
    score: float
    matched: str
    exact: bool
    match: str = "exact"
    """How the name matched: ``exact`` (primary name), ``alternate`` (another name) or ``fuzzy``."""
    similarity: float = 100.0
    """Spelling closeness of the query to ``matched``, 0-100 (100 unless fuzzy)."""

    def how(self) -> dict:
        """How the name matched, as plain JSON: ``{"match", "similarity", "matched"}``."""
        return {"match": self.match, "similarity": self.similarity, "matched": self.matched}


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
        _check_file(self.path)
        version = self._query("SELECT v FROM meta WHERE k = 'schema'")
        from .build import SCHEMA_VERSION

        if not version or version[0][0] != SCHEMA_VERSION:
            raise GazetteerError(f"gazetteer index at {self.path} is from another version; {_REBUILD}")
        # Touch the name index and a place row: a file whose pages are garbage fails here,
        # at open, not on the hundredth article of a batch.
        self._query("SELECT p.id FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?", ("erbil",))
        self._lookup = lru_cache(maxsize=100_000)(self._lookup_uncached)

    @classmethod
    def open(cls, path: Path | str | None = None, *, build: bool = True, rebuild: bool = False,
             progress=None) -> Gazetteer:
        """Open the index at ``path`` (default: the cache dir), building it first if needed.

        ``rebuild`` deletes what is there first (a damaged file, an empty folder).
        """
        target = Path(path) if path else default_index_path()
        if rebuild and (target.exists() or target.is_symlink()):
            try:
                target.rmdir() if target.is_dir() and not target.is_symlink() else target.unlink()
            except OSError as exc:
                raise GazetteerError(f"cannot remove {target} to rebuild it ({exc.strerror or exc}); "
                                     "remove it by hand, then run: python -m geo index") from exc
        if not target.exists():
            if not build:
                raise GazetteerError(f"gazetteer index not found at {target}; run: python -m geo index")
            from .build import build as build_index

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
        try:
            return self._connection().execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            # One line a person can act on, never a sqlite3 traceback in the middle of a batch.
            raise GazetteerError(f"gazetteer index at {self.path} is damaged ({exc}); {_REBUILD}") from exc

    @staticmethod
    def _place(row: tuple) -> Place:
        (_id, name, kind, country, admin1, lat, lon, population, west, south, east, north, source, gid) = row
        bbox = (west, south, east, north) if west is not None else None
        return Place(name=name, lat=lat, lon=lon, country=country, precision=_KIND_PRECISION[kind],
                     admin1=admin1, source=source, geonameid=gid, population=population, bbox=bbox)

    def _rows(self, key: str, where: str = "", params: tuple = ()) -> list[tuple[tuple, int, str | None]]:
        return [(row[:14], row[14], row[15]) for row in self._query(_ROWS_SQL + where, (key, *params))]

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
        folded = fold(query)
        # A generic word alone ("Ras", "Airport", "the Council") is no place; "Al-Bab" is.
        if not key or folded in _NOT_ALONE or folded.removeprefix("the ") in _NOT_ALONE:
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
        site = site_phrase(key)
        if site:
            # "the Engels air base": the site of that class, else only the town (never another site).
            base, cls = site
            site_rows = matching(self._rows(site_key(base, cls))) or self._site_by_town(base, cls, matching(
                [r for r in self._rows(base) if r[0][2] == "city"]), set(context) | ({hint} if hint else set()))
            if site_rows:
                rows, kind_hint = rows + site_rows, "site"
            elif not rows:
                key, kind_hint = base, "city"
                rows = [r for r in matching(self._rows(key)) if r[0][2] != "site"]
        if not rows:
            key, kind_hint = split_kind_word(key)
            rows = matching(self._rows(key)) if key else []
        preferred = {hint} if hint else set(context)
        matches = [(row, flag, orig or key, 100.0) for row, flag, orig in rows]
        if (key and len(key.replace(" ", "")) >= FUZZY_MIN_LETTERS
                and not any(not preferred or r[0][3] in preferred for r in rows)):
            matches += self._fuzzy(key, matching, preferred, exclude_sites=kind_hint == "city")
        scored: dict[int, tuple[tuple, Candidate]] = {}
        for row, flag, matched, similarity in matches:
            place = self._place(row)
            score = _score(place, row[2], flag, hint, context, kind_hint)
            if flag == 1:
                # Of two places an alternate name fits, the one whose own name it spells is meant ("Sloviansk" is
                # Slovyansk, not Nikopol, which once bore that name too).
                score += ALTERNATE_SPELLING_WEIGHT * ratio(key, name_key(place.name)) / 100.0
            # Spelling first (an exact name in the story's countries, then a close spelling
            # there, then an exact name elsewhere), then country, kind and population.
            inside = not preferred or place.country in preferred
            tier = (0 if inside else 2) if flag else 1
            rank = (tier, -similarity, -score)
            if row[0] not in scored or rank < scored[row[0]][0]:
                scored[row[0]] = (rank, Candidate(place, score, matched, flag != 0, _MATCH[flag],
                                                  round(similarity, 1)))
        ranked = [c for _, c in sorted(scored.values(), key=lambda item: item[0])]
        return tuple(_prefer_town_over_same_named_area(ranked, kind_hint)[:limit])

    def _site_by_town(self, base: str, cls: str, towns: list, countries: set[str]) -> list:
        """"the Hama military airport" when the index spells the field "Hamah Air Base": the one site of
        that class within a few km of a town of that name (in the story's countries, if any)."""
        near: dict[int, tuple] = {}
        reach = SITE_NEAR_TOWN_KM / 111.0
        for town in (self._place(r[0]) for r in towns if not countries or r[0][3] in countries):
            widen = reach / max(0.05, math.cos(math.radians(town.lat)))
            for row in self._query(
                    f"SELECT {_COLUMNS} FROM places p WHERE kind = 'site' AND lat BETWEEN ? AND ? AND lon BETWEEN ? "
                    "AND ? AND EXISTS (SELECT 1 FROM names n WHERE n.place_id = p.id AND n.key LIKE ?)",
                    (town.lat - reach, town.lat + reach, town.lon - widen, town.lon + widen, f"% @{cls}")):
                if distance_km(town, self._place(row)) <= SITE_NEAR_TOWN_KM:
                    near[row[0]] = row
        # Two fields by one town ("Kyiv": Boryspil and Zhuliany) or by two namesakes: no way to tell which.
        return [(next(iter(near.values())), 1, base)] if len(near) == 1 else []

    def _fuzzy(self, key: str, matching, preferred: set[str], *, exclude_sites: bool
               ) -> list[tuple[tuple, int, str, float]]:
        """Close spellings of ``key``: shortlisted by consonant outline, scored by RapidFuzz.

        With countries to anchor it (a hint or the story's countries) a loose match must
        lie in one of them; without any, it must be closer.
        """
        threshold = FUZZY_THRESHOLD if preferred else FUZZY_THRESHOLD_UNANCHORED
        # Let SQLite drop what cannot pass: other countries, and spellings whose length alone
        # keeps their ratio under the threshold (ratio <= 2 * shorter / (both lengths)).
        t = threshold / 100
        where = " AND length(n.orig) BETWEEN ? AND ?"
        params: tuple = (int(len(key) * t / (2 - t)), int(len(key) * (2 - t) / t) + 1)
        if preferred:
            where += f" AND p.country IN ({', '.join('?' for _ in preferred)})"
            params += tuple(sorted(preferred))
        found = []
        for row, flag, orig in matching(self._rows(fuzzy_block(key), where, params)):
            if exclude_sites and row[2] == "site":
                continue
            similarity = ratio(key, orig or "")
            if similarity >= threshold:
                found.append((row, flag, orig, similarity))
        return found

    def nearest(self, lat: float, lon: float, *, kinds: tuple[str, ...] = ("city",)) -> Place | None:
        """The place of one of ``kinds`` nearest to (``lat``, ``lon``), within about 300 km.

        >>> Gazetteer.open().nearest(36.19, 44.01).name     # doctest: +SKIP
        'Erbil'
        """
        marks = ", ".join("?" for _ in kinds)
        for reach in (0.1, 0.5, 3.0):
            widen = reach / max(0.05, math.cos(math.radians(max(-89.0, min(89.0, lat)))))
            rows = self._query(f"SELECT {_COLUMNS} FROM places WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? "
                               f"AND kind IN ({marks})", (lat - reach, lat + reach, lon - widen, lon + widen, *kinds))
            if rows:
                here = Place("query", lat=lat, lon=lon, country=None, precision=Precision.SITE)
                return min((self._place(r) for r in rows), key=lambda p: distance_km(here, p))
        return None

    # -- countries ----------------------------------------------------------------------
    @lru_cache(maxsize=512)  # noqa: B019 - one gazetteer per process; the cache dies with it
    def country(self, code: str) -> Place | None:
        """The country with ISO alpha-2 ``code`` as a country-precision place."""
        rows = self._query(f"SELECT {_COLUMNS} FROM places WHERE kind = 'country' AND country = ?",
                           (code.upper(),))
        return self._place(rows[0]) if rows else None

    def country_code(self, text: str) -> str | None:
        """ISO alpha-2 for a country name or demonym, else ``None``.

        One country vocabulary serves the whole program: the extractor's :class:`~geo.read.lexicon.Lexicon`.

        >>> Gazetteer.open().country_code("Iranian")  # doctest: +SKIP
        'IR'
        """
        from ..read.lexicon import Lexicon, tokenize

        tokens = tokenize(text)
        found = Lexicon.load().states(tokens)
        if len(found) == 1 and (found[0].first, found[0].last) == (0, len(tokens) - 1) \
                and found[0].kind in ("name", "demonym"):
            return found[0].code
        return None

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
    # A primary name beats an alternate one unless a place ten times bigger shares it
    # ("Islamabad" is an old name of Chattogram; "Koya" is Koysinjaq, not a Japanese hamlet).
    score += {2: 0.8, 1: 0.0, 0: 0.0}[flag]
    if hint and place.country == hint:
        score += 20.0
    elif place.country in context:
        score += 6.0
    # "Lipetsk region" is the oblast (admin-1), as "Idlib province" is the governorate.
    if kind_hint and (kind_hint == kind or (kind_hint == "province" and kind == "region")
                      or (kind_hint == "region" and kind == "province")):
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


def _check_file(path: Path) -> None:
    """Fail fast, in one line, on a file that is not a whole SQLite database.

    Reads only the 100-byte header: the magic string, and the page size times the
    page count it records against the file's real size (a truncated or padded copy).
    """
    damaged = f"gazetteer index at {path} is damaged"
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise GazetteerError(f"gazetteer index at {path} is unreadable ({exc.strerror or exc}); {_REBUILD}") from exc
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        raise GazetteerError(f"{damaged} (not an SQLite file); {_REBUILD}")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages and page_size * pages != size:
        raise GazetteerError(f"{damaged} ({size:,} bytes where its header says {page_size * pages:,}); {_REBUILD}")
