"""Geocoders: the offline one through geopy's interface, the online one over real HTTP.

A local server answers the way Nominatim does (JSON, 429 with Retry-After,
500, a slow reply); geopy is pointed at it with ``domain``/``scheme``.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.location import Location

from geo.errors import ConfigurationError, GeocoderRateLimited, GeocoderUnavailable
from geo.gazetteer.geocoding import FallbackGeocoder, GazetteerGeocoder, OnlineGeocoder, match_of, place_of
from geo.models import Precision

ERBIL = {
    "place_id": 1, "lat": "36.1911", "lon": "44.0094", "name": "Erbil", "display_name": "Erbil, Kurdistan Region, Iraq",
    "class": "place", "type": "city", "addresstype": "city", "boundingbox": ["36.0", "36.4", "43.8", "44.2"],
    "address": {"city": "Erbil", "state": "Erbil Governorate", "country": "Iraq", "country_code": "iq"},
}
ANBAR = {
    "place_id": 2, "lat": "33.0", "lon": "42.0", "name": "Anbar", "display_name": "Anbar, Iraq", "class": "boundary",
    "type": "administrative", "addresstype": "state", "boundingbox": ["29.9", "35.1", "38.8", "44.1"],
    "address": {"state": "Anbar", "country": "Iraq", "country_code": "iq"},
}


class _Nominatim(BaseHTTPRequestHandler):
    calls: list[dict] = []
    busy_left = {"n": 0}

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        type(self).calls.append({"q": params.get("q"), "agent": self.headers.get("User-Agent"), **params})
        q = params.get("q", "")
        if q == "Broken":
            return self._send(500, {"error": "internal"})
        if q == "Busy" and self.busy_left["n"] > 0:
            self.busy_left["n"] -= 1
            return self._send(429, {"error": "slow down"}, {"Retry-After": "1"})
        if q == "Slow":
            time.sleep(1.5)
        answers = {"Erbil": [ERBIL], "Busy": [ERBIL], "Slow": [ERBIL], "Anbar": [ANBAR]}.get(q, [])
        return self._send(200, answers)

    def _send(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture()
def server():
    _Nominatim.calls = []
    _Nominatim.busy_left = {"n": 0}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


class FakeClock:
    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def online(server, tmp_path=None, **kwargs) -> OnlineGeocoder:
    clock = kwargs.pop("clock", None) or FakeClock()
    return OnlineGeocoder(user_agent="strikemap-tests/1.0 (tests@example.org)",
                          domain=f"127.0.0.1:{server.server_port}", scheme="http",
                          cache_path=tmp_path / "cache.sqlite" if tmp_path else None,
                          clock=clock, sleep=clock.sleep, **kwargs)


def test_offline_geocoder_speaks_geopy(gazetteer):
    geocoder = GazetteerGeocoder(gazetteer)
    location = geocoder.geocode("Irbil", country="IQ")
    assert isinstance(location, Location)
    assert (round(location.latitude), round(location.longitude)) == (36, 44)
    assert place_of(location).precision is Precision.CITY
    several = geocoder.geocode("Kerman", exactly_one=False, limit=3)
    assert 1 < len(several) <= 3 and all("score" in loc.raw for loc in several)
    assert geocoder.geocode("Qqqxyzzyplace") is None


def test_online_answer_becomes_a_place_with_precision(server, tmp_path):
    geocoder = online(server, tmp_path)
    place = geocoder.place("Erbil", country="IQ")
    assert (place.name, place.country, place.precision, place.source) == ("Erbil", "IQ", Precision.CITY, "nominatim")
    assert (round(place.lat), round(place.lon)) == (36, 44)
    assert _Nominatim.calls[0]["agent"].startswith("strikemap-tests")
    assert _Nominatim.calls[0]["countrycodes"] == "iq"
    province = geocoder.place("Anbar")
    assert province.precision is Precision.PROVINCE and province.bbox == (38.8, 29.9, 44.1, 35.1)


def test_not_found_is_none_and_is_cached(server, tmp_path):
    geocoder = online(server, tmp_path)
    assert geocoder.place("Atlantis") is None
    assert geocoder.place("Atlantis") is None
    assert geocoder.place("Erbil") is not None
    assert geocoder.place("Erbil") is not None
    assert [c["q"] for c in _Nominatim.calls] == ["Atlantis", "Erbil"]
    # The cache is on disk: a new geocoder asks nothing.
    again = online(server, tmp_path)
    assert again.place("Erbil").name == "Erbil"
    assert len(_Nominatim.calls) == 2


def test_rate_limit_is_one_request_per_second_on_a_fake_clock(server):
    clock = FakeClock()
    geocoder = online(server, clock=clock)
    geocoder.place("Erbil")
    geocoder.place("Anbar")
    clock.now += 5  # time passes: no wait needed
    geocoder.place("Atlantis")
    assert clock.sleeps == [pytest.approx(1.0)]
    assert len(_Nominatim.calls) == 3


def test_429_waits_for_retry_after_then_succeeds(server):
    _Nominatim.busy_left["n"] = 1
    clock = FakeClock()
    geocoder = online(server, clock=clock)
    assert geocoder.place("Busy").name == "Erbil"
    assert 1.0 in clock.sleeps
    assert len(_Nominatim.calls) == 2


def test_429_that_persists_is_reported_not_swallowed(server):
    _Nominatim.busy_left["n"] = 10
    with pytest.raises(GeocoderRateLimited) as caught:
        online(server, max_retries=1).geocode("Busy")
    assert caught.value.retry_after == 1


def test_server_error_is_unavailable_not_unknown(server, tmp_path):
    geocoder = online(server, tmp_path)
    with pytest.raises(GeocoderUnavailable, match="nominatim"):
        geocoder.geocode("Broken")
    # Failures are not cached: the next call asks again.
    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode("Broken")
    assert len(_Nominatim.calls) == 2


def test_slow_reply_times_out(server):
    with pytest.raises(GeocoderUnavailable, match="in time"):
        online(server, timeout=0.3).geocode("Slow")


def test_dead_service_is_unavailable():
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    geocoder = OnlineGeocoder(user_agent="strikemap-tests/1.0", domain=f"127.0.0.1:{port}", scheme="http",
                              timeout=1, min_delay_seconds=0)
    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode("Erbil")


def test_fallback_uses_gazetteer_and_says_so(server, gazetteer):
    fallback = FallbackGeocoder(online(server), GazetteerGeocoder(gazetteer))
    assert fallback.geocode("Erbil").source == "nominatim"
    assert fallback.failures == []
    # A service that answers 500: the failure is recorded, the gazetteer answers, the place says so.
    broken = fallback.geocode("Broken")
    assert fallback.failures and "500" in fallback.failures[0]
    assert broken is None or "offline gazetteer used" in broken.note
    dead = FallbackGeocoder(OnlineGeocoder(user_agent="strikemap-tests/1.0", domain="127.0.0.1:9", scheme="http",
                                           timeout=0.5, min_delay_seconds=0), GazetteerGeocoder(gazetteer))
    place = dead.geocode("Panjgur", country="PK")
    assert place.source == "geonames" and place.country == "PK" and "offline gazetteer used" in place.note
    assert len(dead.failures) == 1
    # Not found online is not a failure, but the gazetteer still gets its turn.
    unknown_online = fallback.geocode("Saravan", country="IR")
    assert unknown_online.country == "IR" and "not found by nominatim" in unknown_online.note


@pytest.mark.parametrize("agent", ["", "geopy/2.5", "my-application"])
def test_sample_user_agents_are_refused(agent):
    with pytest.raises(ConfigurationError, match="user agent"):
        OnlineGeocoder(user_agent=agent)


# -- geopy all the way ---------------------------------------------------------------------------


def test_offline_answer_raw_is_json_and_says_how_it_matched(gazetteer):
    geocoder = GazetteerGeocoder(gazetteer)
    location = geocoder.geocode("Arbil", language="en", timeout=3)
    raw = json.loads(json.dumps(location.raw))  # plain JSON, no Place object inside
    assert raw["country"] == "IQ" and raw["precision"] == "city"
    assert raw["match"] == "alternate" and raw["similarity"] == 100.0
    assert place_of(location).name == raw["name"]
    fuzzy = geocoder.geocode("Kfar Killa", context=["LB"])
    assert fuzzy.raw["match"] == "fuzzy" and 80 <= fuzzy.raw["similarity"] < 100
    assert match_of(fuzzy)["match"] == "fuzzy"


def test_offline_reverse_is_the_nearest_town_with_its_province(gazetteer):
    geocoder = GazetteerGeocoder(gazetteer)
    location = geocoder.reverse("36.19, 44.01")
    place = place_of(location)
    assert place.country == "IQ" and place.precision is Precision.CITY and place.admin1
    assert location.raw["distance_km"] < 10
    # geopy's Point and a (lat, lon) pair both work; lat and lon are not swapped.
    from geopy.point import Point

    assert place_of(geocoder.reverse(Point(27.37, 62.33))).country == "IR"
    assert place_of(geocoder.reverse((32.78, 69.27), exactly_one=False)[0]).country in {"AF", "PK"}
    assert geocoder.reverse("0, -140") is None  # the open Pacific
    with pytest.raises(ValueError):
        geocoder.reverse("somewhere")


def test_online_geocoder_is_a_geopy_geocoder_with_json_raw(server, tmp_path):
    from geopy.geocoders.base import Geocoder

    geocoder = online(server, tmp_path)
    assert isinstance(geocoder, Geocoder)
    location = geocoder.geocode("Erbil", language="en", timeout=5, country="IQ")
    assert isinstance(location, Location)
    raw = json.loads(json.dumps(location.raw))
    assert raw["precision"] == "city" and raw["source"] == "nominatim" and raw["nominatim"]["place_id"] == 1
    assert (round(location.latitude), round(location.longitude)) == (36, 44)
    assert _Nominatim.calls[-1]["accept-language"] == "en"
    assert geocoder.geocode("Atlantis") is None
    assert geocoder.geocode("Atlantis", exactly_one=False) == []


def test_geopy_rate_limiter_takes_our_geocoders(server, gazetteer):
    from geopy.extra.rate_limiter import RateLimiter

    offline = RateLimiter(GazetteerGeocoder(gazetteer).geocode, min_delay_seconds=0, swallow_exceptions=False)
    assert place_of(offline("Erbil")).country == "IQ"
    assert offline("Qqqxyzzyplace") is None
    remote = RateLimiter(online(server).geocode, min_delay_seconds=0, max_retries=0, swallow_exceptions=False)
    assert place_of(remote("Anbar")).precision is Precision.PROVINCE
    # A failure stays a failure through geopy's limiter when it is told not to swallow it.
    with pytest.raises(GeocoderUnavailable):
        remote("Broken")


def test_geopandas_geocode_takes_our_geocoders(server, gazetteer):
    from geopandas.tools import geocode

    frame = geocode(["Erbil", "Qqqxyzzyplace"], provider=GazetteerGeocoder, gazetteer=gazetteer)
    erbil = frame.geometry.iloc[0]
    assert (round(erbil.y), round(erbil.x)) == (36, 44)  # Points are (lon, lat)
    assert frame.geometry.iloc[1].is_empty  # not found: an empty point, not a guess
    remote = geocode(["Erbil"], provider=OnlineGeocoder, user_agent="strikemap-tests/1.0 (tests@example.org)",
                     domain=f"127.0.0.1:{server.server_port}", scheme="http", min_delay_seconds=0)
    assert round(remote.geometry.iloc[0].y) == 36 and "Erbil" in remote["address"].iloc[0]


def test_geocode_cli_json_keeps_its_keys_and_adds_how_it_matched():
    import subprocess
    import sys

    from .conftest import ROOT

    done = subprocess.run([sys.executable, "-m", "geo", "geocode", "Engels air base", "--json"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    record = json.loads(done.stdout)
    assert {"query", "name", "lat", "lon", "country", "admin1", "precision", "source"} <= set(record)
    assert (record["country"], record["precision"]) == ("RU", "site")
    assert record["match"] in ("exact", "alternate") and record["similarity"] == 100.0
