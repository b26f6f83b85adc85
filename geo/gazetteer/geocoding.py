"""geopy-compatible geocoders: the offline gazetteer first, Nominatim as an option.

>>> geocoder = GazetteerGeocoder()                         # doctest: +SKIP
>>> location = geocoder.geocode("Irbil", country="IQ")     # doctest: +SKIP
>>> place_of(location).precision.value, round(location.latitude, 2)   # doctest: +SKIP
('city', 36.19)
>>> location.raw["match"], location.raw["similarity"]      # doctest: +SKIP
('alternate', 100.0)

Both geocoders are geopy :class:`~geopy.geocoders.base.Geocoder` subclasses, so
geopy's ``RateLimiter`` and ``geopandas.tools.geocode`` take them. Every answer
is a geopy :class:`~geopy.location.Location` whose ``raw`` is a plain,
JSON-serialisable dict: our :class:`~geo.models.Place` fields (precision and
source travel with the coordinates) plus how the name matched.
:func:`place_of` turns it back into a Place. "Not found" is ``None``; a dead
service raises :class:`~geo.errors.GeocoderUnavailable` — the two are never confused.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from ..errors import ConfigurationError, GeocoderRateLimited, GeocoderUnavailable, InputError, StorageError
from ..files import default_cache_dir
from ..models import Place, Precision
from .index import Gazetteer


def place_record(place: Place) -> dict:
    """A Place as a JSON-serialisable dict (``precision`` as its value, ``bbox`` as a list)."""
    return {"name": place.name, "lat": place.lat, "lon": place.lon, "country": place.country,
            "admin1": place.admin1, "precision": place.precision.value, "source": place.source,
            "geonameid": place.geonameid, "population": place.population,
            "bbox": list(place.bbox) if place.bbox else None, "note": place.note}


def location_of(place: Place, **extra) -> Location:
    """A geopy Location for a Place (geopy's (lat, lon) order); ``extra`` joins the raw dict."""
    parts = [place.name] + [p for p in (place.admin1, place.country) if p and p != place.name]
    return Location(", ".join(parts), (place.lat, place.lon), {**place_record(place), **extra})


def place_of(location: Location | None) -> Place | None:
    """The Place inside a Location returned by any geocoder here."""
    if location is None:
        return None
    raw = location.raw
    bbox = raw.get("bbox")
    return Place(name=raw["name"], lat=raw["lat"], lon=raw["lon"], country=raw.get("country"),
                 precision=Precision(raw["precision"]), admin1=raw.get("admin1"), source=raw.get("source", ""),
                 geonameid=raw.get("geonameid"), population=raw.get("population"),
                 bbox=tuple(bbox) if bbox else None, note=raw.get("note"))


def match_of(location: Location | None) -> dict:
    """How a gazetteer answer matched: ``{"match", "similarity", "matched"}`` (empty if unknown).

    ``match`` is ``exact`` (the place's own name), ``alternate`` (another of its
    names) or ``fuzzy`` (a close spelling, ``similarity`` 0-100 from RapidFuzz).
    """
    if location is None or "match" not in location.raw:
        return {}
    return {k: location.raw[k] for k in ("match", "similarity", "matched") if k in location.raw}


class GazetteerGeocoder(Geocoder):
    """Offline geocoder over the GeoNames-based gazetteer.

    Parameters
    ----------
    gazetteer
        An open :class:`~geo.gazetteer.index.Gazetteer`; the default opens (and if
        needed builds) the one in the cache directory.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, **geopy_options) -> None:
        super().__init__(**geopy_options)
        self.gazetteer = gazetteer or Gazetteer.open()

    def geocode(self, query: str, *, exactly_one: bool = True, timeout=DEFAULT_SENTINEL, language=None,
                country: str | None = None, context: Iterable[str] = (), limit: int = 5):
        """Best Location (``exactly_one``) or scored Locations, best first; ``None``/``[]`` if unknown.

        ``timeout`` and ``language`` are accepted as geopy's geocoders take them and
        ignored: nothing here waits, and the index holds names in every language it has.
        """
        found = self.gazetteer.candidates(str(query), country=country, context=context,
                                          limit=1 if exactly_one else limit)
        locations = [location_of(c.place, score=round(c.score, 3), matched=c.matched, match=c.match,
                                 similarity=c.similarity) for c in found]
        if exactly_one:
            return locations[0] if locations else None
        return locations

    def reverse(self, query, *, exactly_one: bool = True, timeout=DEFAULT_SENTINEL, language=None):
        """The nearest town to a point (``"36.19, 44.01"``, ``(lat, lon)`` or a geopy Point), offline.

        The answer carries the town's admin-1 (province) and ``distance_km``;
        ``None`` when no town lies within about 300 km (open sea).
        """
        from ..geometry import distance_km

        try:
            point = Point(query)
        except (TypeError, ValueError) as exc:
            raise InputError(f"not a point: {query!r} (expected 'lat, lon')") from exc
        place = self.gazetteer.nearest(point.latitude, point.longitude)
        if place is None:
            return None if exactly_one else []
        here = Place("query", lat=point.latitude, lon=point.longitude, country=None, precision=Precision.SITE)
        location = location_of(place, distance_km=round(distance_km(here, place), 3), match="nearest")
        return location if exactly_one else [location]


_NOMINATIM_PRECISION = {
    "country": Precision.COUNTRY,
    "state": Precision.PROVINCE, "province": Precision.PROVINCE,
    "region": Precision.REGION,
    "state_district": Precision.DISTRICT, "county": Precision.DISTRICT, "district": Precision.DISTRICT,
    "municipality": Precision.DISTRICT,
    "city": Precision.CITY, "town": Precision.CITY, "village": Precision.CITY, "hamlet": Precision.CITY,
    "suburb": Precision.CITY, "quarter": Precision.CITY, "neighbourhood": Precision.CITY,
    "city_district": Precision.CITY, "borough": Precision.CITY,
}
_SAMPLE_AGENTS = ("", "geopy", "my-application", "my_app", "test", "specify_your_app_name_here")


class OnlineGeocoder(Geocoder):
    """Nominatim through geopy, made polite: identified, rate-limited, cached, bounded.

    A geopy Geocoder: :meth:`geocode` answers a Location whose ``raw`` is our
    Place record plus Nominatim's own answer under ``"nominatim"``;
    :meth:`place` answers the Place itself.

    Parameters
    ----------
    user_agent
        Identifies this application to the service (Nominatim's usage policy
        requires one); sample agents are refused.
    domain, scheme
        Where the service lives (tests point these at a local server).
    min_delay_seconds
        At most one request per this many seconds.
    cache_path
        SQLite file for answers, so a place is asked once; ``None`` disables.
    clock, sleep
        Injected for tests (a fake clock checks the rate limit).
    """

    source = "nominatim"

    def __init__(self, *, user_agent: str, domain: str = "nominatim.openstreetmap.org",
                 scheme: str = "https", timeout: float = 10.0, min_delay_seconds: float = 1.0,
                 max_retries: int = 2, max_retry_wait: float = 30.0, cache_path: Path | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
                 ) -> None:
        if not user_agent or user_agent.strip().lower().split("/")[0] in _SAMPLE_AGENTS:
            raise ConfigurationError("an online geocoder needs an identifying user agent, e.g. "
                                     "'strikemap/0.1 (you@example.org)'")
        if timeout <= 0 or min_delay_seconds < 0:
            raise ConfigurationError("timeout must be positive and min_delay_seconds not negative")
        from geopy.adapters import URLLibAdapter
        from geopy.geocoders import Nominatim

        super().__init__(timeout=timeout, user_agent=user_agent, adapter_factory=URLLibAdapter)

        # urllib, not requests: requests retries 429s and timeouts by itself, sleeping
        # on the real clock, which would hide them from our own retry policy.
        self._service = Nominatim(user_agent=user_agent, domain=domain, scheme=scheme, timeout=timeout,
                                  adapter_factory=URLLibAdapter)
        self.min_delay_seconds = min_delay_seconds
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self._clock, self._sleep = clock, sleep
        self._last_call: float | None = None
        self._lock = threading.Lock()
        self._cache = _AnswerCache(cache_path) if cache_path else None
        self._cache_key_prefix = f"{scheme}://{domain}"

    def geocode(self, query: str, *, exactly_one: bool = True, timeout=DEFAULT_SENTINEL, language=None,
                country: str | None = None):
        """geopy's contract: the service's best Location, ``None`` if it knows none.

        Raises :class:`~geo.errors.GeocoderUnavailable` when it cannot answer.
        """
        raw = self._answer(str(query), country=country, timeout=timeout, language=language)
        if raw is None:
            return None if exactly_one else []
        location = location_of(_place_from_nominatim(raw), nominatim=raw)
        return location if exactly_one else [location]

    def place(self, query: str, *, country: str | None = None, language: str | None = None) -> Place | None:
        """The service's best Place for ``query``, ``None`` if it knows none.

        Raises :class:`~geo.errors.GeocoderUnavailable` when it cannot answer.
        """
        raw = self._answer(query, country=country, timeout=DEFAULT_SENTINEL, language=language)
        return _place_from_nominatim(raw) if raw else None

    def _answer(self, query: str, *, country: str | None, timeout, language: str | None) -> dict | None:
        # Keys written before ``language`` existed stay valid: the language is added only when asked for.
        cache_key = f"{self._cache_key_prefix}|{country or ''}|{query}" + (f"|lang={language}" if language else "")
        if self._cache is not None:
            hit, value = self._cache.get(cache_key)
            if hit:
                return value or None
        raw = self._ask(query, country, timeout=timeout, language=language)
        if self._cache is not None:
            self._cache.put(cache_key, raw)
        return raw

    def _ask(self, query: str, country: str | None, *, timeout=DEFAULT_SENTINEL, language: str | None = None
             ) -> dict | None:
        from geopy import exc as geopy_exc

        options = {"exactly_one": True, "addressdetails": True,
                   "country_codes": country.lower() if country else None}
        if timeout is not DEFAULT_SENTINEL:
            options["timeout"] = timeout
        if language:
            options["language"] = language
        attempt = 0
        while True:
            self._wait_turn()
            try:
                location = self._service.geocode(query, **options)
                return location.raw if location else None
            except geopy_exc.GeocoderRateLimited as exc:
                wait = exc.retry_after if exc.retry_after is not None else self.min_delay_seconds * 2
                if attempt >= self.max_retries or wait > self.max_retry_wait:
                    raise GeocoderRateLimited(f"{self.source} is rate-limiting us (retry after {wait}s)",
                                              retry_after=wait) from exc
                attempt += 1
                self._sleep(wait)
            except geopy_exc.GeocoderTimedOut as exc:
                raise GeocoderUnavailable(f"{self.source} did not answer in time") from exc
            except geopy_exc.GeopyError as exc:
                raise GeocoderUnavailable(f"{self.source} failed: {exc}") from exc

    def _wait_turn(self) -> None:
        with self._lock:
            now = self._clock()
            if self._last_call is not None:
                wait = self.min_delay_seconds - (now - self._last_call)
                if wait > 0:
                    self._sleep(wait)
                    now = self._clock()
            self._last_call = now


class _AnswerCache:
    """Persistent answers (including "not found"); failures are never cached."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(path, check_same_thread=False)
            self._connection.execute("CREATE TABLE IF NOT EXISTS answers (k TEXT PRIMARY KEY, v TEXT)")
        except (OSError, sqlite3.Error) as exc:  # a damaged cache is one line, not a traceback
            raise StorageError(f"the online geocoder's cache {path} cannot be used ({exc}); delete it: "
                               "it only holds earlier answers") from exc
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bool, dict | None]:
        with self._lock:
            row = self._connection.execute("SELECT v FROM answers WHERE k = ?", (key,)).fetchone()
        if row is None:
            return False, None
        try:
            return True, json.loads(row[0])
        except (TypeError, ValueError):
            return False, None  # a damaged answer is asked for again

    def put(self, key: str, value: dict | None) -> None:
        with self._lock, self._connection:
            self._connection.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, json.dumps(value)))


def _place_from_nominatim(raw: dict) -> Place:
    address = raw.get("address") or {}
    kind = raw.get("addresstype") or raw.get("type") or ""
    precision = _NOMINATIM_PRECISION.get(kind, Precision.SITE if raw.get("class") not in ("boundary", "place")
                                         else Precision.DISTRICT)
    bbox = None
    if raw.get("boundingbox"):
        south, north, west, east = (float(v) for v in raw["boundingbox"])
        bbox = (west, south, east, north)
    name = raw.get("name") or str(raw.get("display_name", "")).split(",")[0]
    return Place(name=name, lat=float(raw["lat"]), lon=float(raw["lon"]),
                 country=(address.get("country_code") or "").upper() or None, precision=precision,
                 admin1=address.get("state") or address.get("province"), source="nominatim",
                 bbox=bbox if not precision.is_point else None)


class FallbackGeocoder:
    """Online first; when the service fails, the offline gazetteer, and say so.

    ``failures`` keeps every failure (never swallowed); a place answered
    offline because of one carries a ``note``.
    """

    def __init__(self, online: OnlineGeocoder, offline: GazetteerGeocoder) -> None:
        self.online, self.offline = online, offline
        self.failures: list[str] = []

    def geocode(self, query: str, *, country: str | None = None) -> Place | None:
        try:
            place = self.online.place(query, country=country)
            if place is not None:
                return place
            note = f"not found by {self.online.source}; offline gazetteer used"
        except GeocoderUnavailable as exc:
            self.failures.append(f"{query}: {exc}")
            note = f"{exc}; offline gazetteer used"
        offline = place_of(self.offline.geocode(query, country=country))
        if offline is None:
            return None
        from dataclasses import replace

        return replace(offline, note=note)


def default_online_cache() -> Path:
    return default_cache_dir() / "online-geocoder.sqlite"
