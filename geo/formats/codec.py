"""One event <-> one flat record: the GeoJSON properties, and ISO 3166 checks.

Split from :mod:`geo.formats.geojson` (which does files and formats) so each stays short.
Every format goes through :func:`event_properties` and :func:`event_from_properties`,
so GeoJSON, GeoDataFrame, GeoPackage and GeoParquet agree on names and meanings.
Reading refuses countries that are not ISO 3166-1 alpha-2 codes and non-finite numbers.

>>> from geo.models import DateRange, Event
>>> props = event_properties(Event("e1", "IR", "PK", None, None, DateRange()))
>>> props["actor_name"], props["precision"], props["date"], props["geo_precision"]
('Iran', 'country', None, 3)
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache
from typing import Any

from ..errors import InputError
from ..models import DatePrecision, DateRange, Event, Evidence, Place, Precision, Section, Source

REQUIRED = ("event_id", "actor", "target_country")

_ALPHA2 = re.compile(r"^[A-Z]{2}$")


@lru_cache(maxsize=1024)
def country_name(code: str | None) -> str | None:
    """Common English name of an ISO 3166-1 alpha-2 code, or the code itself when unknown.

    >>> country_name("IR"), country_name("XK"), country_name("ZZ"), country_name(None)
    ('Iran', 'Kosovo', 'ZZ', None)
    """
    if not code:
        return None
    if code.upper() == "XK":  # Kosovo's code is user-assigned; ISO 3166 does not list it
        return "Kosovo"
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def is_country_code(code: object) -> bool:
    """True for an assigned ISO 3166-1 alpha-2 code (upper case), or Kosovo's ``XK``.

    >>> is_country_code("IQ"), is_country_code("XK"), is_country_code("XX"), is_country_code("iq")
    (True, True, False, False)
    """
    if not isinstance(code, str) or not _ALPHA2.match(code):
        return False
    import pycountry

    return code == "XK" or pycountry.countries.get(alpha_2=code) is not None


def check_country(code: object, what: str) -> str:
    """``code`` when it is an ISO 3166-1 alpha-2 code; otherwise a ``ValueError`` naming ``what``."""
    if not is_country_code(code):
        shown = code if isinstance(code, str) and len(code) <= 40 else f"{str(code)[:40]}..."
        raise ValueError(f"{what} {shown!r} is not an ISO 3166-1 alpha-2 country code")
    return code  # type: ignore[return-value]


def country_numeric(code: str | None) -> int | None:
    """ISO 3166-1 numeric code (ACLED's ``iso`` column), or ``None``.

    >>> country_numeric("IQ"), country_numeric("XK")
    (368, None)
    """
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    return int(country.numeric) if country else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def event_properties(event: Event) -> dict[str, Any]:
    """The GeoJSON properties of an event: the contract keys, then the extras."""
    place, when = event.place, event.date
    return {
        "event_id": event.event_id, "actor": event.actor, "actor_name": country_name(event.actor),
        "target_country": event.target_country, "target_country_name": country_name(event.target_country),
        "place": place.name if place else None, "place_text": event.place_text,
        "admin1": place.admin1 if place else None, "precision": event.precision.value,
        "date": _iso(when.day), "date_earliest": _iso(when.earliest), "date_latest": _iso(when.latest),
        "date_precision": when.precision.value, "date_text": when.text, "weapons": list(event.weapons),
        "target": event.target, "fatalities": event.fatalities, "claimed_by": event.claimed_by,
        "origin": _origin(event.origin), "responds_to": event.responds_to,
        "confidence": _finite_or_none(event.confidence),
        "sources": [_source(source) for source in event.sources],
        # extras: not in the contract; they make the round trip exact
        "feature_type": "event", "place_source": place.source if place else None,
        "place_country": place.country if place else None, "place_geonameid": place.geonameid if place else None,
        "place_population": place.population if place else None, "place_note": place.note if place else None,
        "radius_km": round(place.radius_km, 3) if place else None,
        "bbox": _bbox_list(place.bbox) if place else None,
        "geo_precision": event.precision.acled_geo_precision,
        "fatalities_reported_by": event.fatalities_reported_by, "denied_by": event.denied_by,
        "attributed_by": event.attributed_by,
        "origin_detail": _place_detail(event.origin),
        "latitude": place.lat if place else None, "longitude": place.lon if place else None,
    }


def _finite_or_none(value: float) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def _bbox_list(bbox: tuple[float, ...] | None) -> list[float] | None:
    # A Place built in code may hold NaN; files never do (strict JSON, RFC 7946).
    if not bbox or not all(math.isfinite(v) for v in bbox):
        return None
    return list(bbox)


def _origin(origin: Place | None) -> dict[str, Any] | None:
    if origin is None:
        return None
    return {"name": origin.name, "lat": origin.lat, "lon": origin.lon, "precision": origin.precision.value}


def _place_detail(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"country": place.country, "admin1": place.admin1, "source": place.source, "geonameid": place.geonameid,
            "population": place.population, "bbox": _bbox_list(place.bbox), "note": place.note}


def _source(source: Source) -> dict[str, Any]:
    return {"title": source.title, "url": source.url, "published": _iso(source.published),
            "evidence": [e.sentence for e in source.evidence],
            # extra: where each sentence was in the article, so nothing is lost on the way back
            "evidence_spans": [{"start": e.start, "end": e.end, "section": e.section.value} for e in source.evidence],
            "article_id": source.article_id}


# ---------------------------------------------------------------- reading

def event_from_properties(props: dict[str, Any], point: list[float] | None, index: int) -> Event:
    """Rebuild an :class:`Event` from its properties and ``[lon, lat]`` (or ``None``).

    Raises
    ------
    InputError
        Naming the feature index and event id when a property is missing or malformed.
    """
    missing = [key for key in REQUIRED if props.get(key) in (None, "")]
    if missing:
        raise InputError(f"feature {index}: missing properties {', '.join(missing)}")
    try:
        return _event(props, point)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise InputError(f"feature {index} (event {props.get('event_id')!r}): {exc}") from exc


def _event(props: dict[str, Any], point: list[float] | None) -> Event:
    return Event(
        event_id=str(props["event_id"]), actor=check_country(props["actor"], "actor"),
        target_country=check_country(props["target_country"], "target_country"),
        place=_place(props, point), place_text=props.get("place_text"), date=_date_range(props),
        origin=_origin_place(props.get("origin"), props.get("origin_detail")),
        weapons=tuple(props.get("weapons") or ()), target=props.get("target"),
        fatalities=_int(props.get("fatalities")), fatalities_reported_by=props.get("fatalities_reported_by"),
        claimed_by=props.get("claimed_by"), denied_by=props.get("denied_by"), responds_to=props.get("responds_to"),
        attributed_by=props.get("attributed_by"),
        confidence=_finite(0.5 if props.get("confidence") is None else props["confidence"], "confidence"),
        sources=tuple(_source_from(s) for s in props.get("sources") or ()),
    )


def _place(props: dict[str, Any], point: list[float] | None) -> Place | None:
    if point is None:
        return None
    if len(point) < 2:
        raise ValueError("a Point needs [lon, lat]")
    lon, lat = _finite(point[0], "longitude"), _finite(point[1], "latitude")
    country = props["place_country"] if "place_country" in props else props["target_country"]
    if country is not None:
        check_country(country, "place_country")
    bbox = _bbox(props.get("bbox"))
    return Place(props.get("place") or props.get("place_text") or "", lat=lat, lon=lon, country=country,
                 precision=Precision(props.get("precision") or "city"), admin1=props.get("admin1"),
                 source=props.get("place_source") or "geojson", geonameid=_int(props.get("place_geonameid")),
                 population=_int(props.get("place_population")), bbox=tuple(bbox) if bbox else None,
                 note=props.get("place_note"))


def _origin_place(origin: dict[str, Any] | None, detail: dict[str, Any] | None) -> Place | None:
    if not origin:
        return None
    detail = detail or {}
    bbox = _bbox(detail.get("bbox"))
    lat, lon = _finite(origin["lat"], "origin lat"), _finite(origin["lon"], "origin lon")
    return Place(origin["name"], lat=lat, lon=lon, country=detail.get("country"),
                 precision=Precision(origin.get("precision") or "country"), admin1=detail.get("admin1"),
                 source=detail.get("source") or "geojson", geonameid=_int(detail.get("geonameid")),
                 population=_int(detail.get("population")), bbox=tuple(bbox) if bbox else None,
                 note=detail.get("note"))


def _finite(value: Any, what: str) -> float:
    number = float(value)
    if not math.isfinite(number):  # NaN and Infinity are not JSON (RFC 8259) and not places
        raise ValueError(f"{what} is {number}, not a finite number")
    return number


def _bbox(value: Any) -> tuple[float, float, float, float] | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):  # GeoPackage and CSV carry it as text
        import json

        value = json.loads(value)
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        raise ValueError("bbox must be [west, south, east, north]")
    west, south, east, north = (_finite(v, "a bbox value") for v in value)
    return (west, south, east, north)


def _date_range(props: dict[str, Any]) -> DateRange:
    earliest = _date(props.get("date_earliest") or props.get("date"))
    latest = _date(props.get("date_latest") or props.get("date"))
    precision = props.get("date_precision") or ("day" if earliest and earliest == latest else "unknown")
    return DateRange(earliest, latest, DatePrecision(precision), props.get("date_text"))


def _source_from(data: dict[str, Any]) -> Source:
    sentences = data.get("evidence") or []
    spans = data.get("evidence_spans") or []
    evidence = []
    for i, sentence in enumerate(sentences):
        span = spans[i] if i < len(spans) else {"start": -1, "end": -1}  # span unknown: written by another tool
        evidence.append(Evidence(sentence, int(span["start"]), int(span["end"]),
                                 Section(span.get("section") or "story")))
    return Source(data.get("title"), data.get("url"), _date(data.get("published")), tuple(evidence),
                  data.get("article_id"))


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value)[:10])


def _int(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)
