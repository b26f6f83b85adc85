"""geopy-compatible geocoders: the offline gazetteer first, Nominatim as an option.

>>> geocoder = GazetteerGeocoder()                         # doctest: +SKIP
>>> location = geocoder.geocode("Irbil", country="IQ")     # doctest: +SKIP
>>> place_of(location).precision.value, round(location.latitude, 2)   # doctest: +SKIP
('city', 36.19)

Every answer is a geopy :class:`~geopy.location.Location` whose ``raw`` holds
our :class:`~geo.models.Place` under ``"place"``, so precision and source
travel with the coordinates. "Not found" is ``None``; a dead service raises
:class:`~geo.errors.GeocoderUnavailable` — the two are never confused.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .errors import ConfigurationError, GeocoderRateLimited, GeocoderUnavailable
from .gazetteer import Gazetteer, default_cache_dir
from .models import Place, Precision


def location_of(place: Place, **extra) -> Location:
    """A geopy Location for a Place (geopy's (lat, lon) order)."""
    parts = [place.name] + [p for p in (place.admin1, place.country) if p and p != place.name]
    return Location(", ".join(parts), (place.lat, place.lon), {"place": place, **extra})


def place_of(location: Location | None) -> Place | None:
    """The Place inside a Location returned by any geocoder here."""
    return None if location is None else location.raw["place"]


class GazetteerGeocoder(Geocoder):
    """Offline geocoder over the GeoNames-based gazetteer.

    Parameters
    ----------
    gazetteer
        An open :class:`~geo.gazetteer.Gazetteer`; the default opens (and if
        needed builds) the one in the cache directory.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        super().__init__()
        self.gazetteer = gazetteer or Gazetteer.open()

    def geocode(self, query: str, *, exactly_one: bool = True, country: str | None = None,
                context: Iterable[str] = (), limit: int = 5, timeout=None):
        """Best Location (``exactly_one``) or scored Locations, best first; ``None``/``[]`` if unknown."""
        found = self.gazetteer.candidates(query, country=country, context=context,
                                          limit=1 if exactly_one else limit)
        locations = [location_of(c.place, score=round(c.score, 3), matched=c.matched) for c in found]
        if exactly_one:
            return locations[0] if locations else None
        return locations

    def reverse(self, query, *, exactly_one=True, timeout=None):  # pragma: no cover - not offered
        raise NotImplementedError("the offline gazetteer does not reverse-geocode")


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


class OnlineGeocoder:
    """Nominatim through geopy, made polite: identified, rate-limited, cached, bounded.

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

    def geocode(self, query: str, *, country: str | None = None) -> Place | None:
        """The service's best Place for ``query``, ``None`` if it knows none.

        Raises :class:`~geo.errors.GeocoderUnavailable` when it cannot answer.
        """
        cache_key = f"{self._cache_key_prefix}|{country or ''}|{query}"
        if self._cache is not None:
            hit, value = self._cache.get(cache_key)
            if hit:
                return _place_from_nominatim(value) if value else None
        raw = self._ask(query, country)
        if self._cache is not None:
            self._cache.put(cache_key, raw)
        return _place_from_nominatim(raw) if raw else None

    def _ask(self, query: str, country: str | None) -> dict | None:
        from geopy import exc as geopy_exc

        attempt = 0
        while True:
            self._wait_turn()
            try:
                location = self._service.geocode(query, exactly_one=True, addressdetails=True,
                                                 country_codes=country.lower() if country else None)
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
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(path, check_same_thread=False)
        self._connection.execute("CREATE TABLE IF NOT EXISTS answers (k TEXT PRIMARY KEY, v TEXT)")
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bool, dict | None]:
        with self._lock:
            row = self._connection.execute("SELECT v FROM answers WHERE k = ?", (key,)).fetchone()
        return (False, None) if row is None else (True, json.loads(row[0]))

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
            place = self.online.geocode(query, country=country)
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
