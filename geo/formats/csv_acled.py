"""Events <-> CSV an ACLED user recognises; the one CSV writer for the CLI and the app.

ACLED's columns come first, in ACLED's order (:data:`ACLED_COLUMNS`), then ours
(:data:`EXTRA_COLUMNS`). What ACLED always fills, we fill: ``event_date`` is the best
day we have and ``time_precision`` says how good it is (1 the day is known, 2 a
range of at most a week, 3 a wider range, only one bound, or the publication date);
``fatalities`` is 0 when no figure was reported (``fatalities_reported`` keeps the
difference). ``event_type`` is "Explosions/Remote violence" and ``sub_event_type``
follows the weapons. ``source`` names the outlets, ``notes`` is one summary sentence
followed by the evidence.

Every text cell is safe to open in a spreadsheet: a cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets an apostrophe in front (OWASP's advice
against formula injection; numbers such as a negative longitude stay numbers), and a
cell holding a line break or a bare carriage return is quoted, so ``csv`` and pandas
read the same rows back. :func:`read_csv` undoes the apostrophe.

>>> from geo.models import DateRange, Event
>>> text = csv_text([Event("e1", "IR", "PK", None, None, DateRange())], now=0)
>>> text.splitlines()[0].startswith("event_id_cnty,event_date,year,time_precision,disorder_type")
True
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..models import DatePrecision, DateRange, Event, Place, Precision, Source
from .codec import check_country, country_name, country_numeric

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
EXTRA_COLUMNS = (
    "actor", "target_country", "place_text", "precision", "radius_km", "bbox", "date_earliest", "date_latest",
    "date_precision", "date_text", "weapons", "target", "fatalities_reported", "fatalities_reported_by",
    "claimed_by", "denied_by", "responds_to", "confidence", "titles", "urls", "published", "attributed_by",
)
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
LIST_SEPARATOR = " | "  # titles can hold ";" and ","; " | " is rare in a headline

EVENT_TYPE = "Explosions/Remote violence"
AIR = "Air/drone strike"
SHELLING = "Shelling/artillery/missile attack"
_AIR_WORDS = ("drone", "air", "jet", "aircraft", "plane", "helicopter", "bomb", "uav")
_SHELLING_WORDS = ("missile", "rocket", "artillery", "shell", "mortar")
# ACLED names a state's forces "Military Forces of <State> (<start of the current regime>-)"; the start
# year is only given where we know it (source: issue 14, "Files analysts open", which quotes ACLED's name).
ACLED_ACTOR_SINCE = {"IR": "1989-"}
# ACLED's regions (its codebook) for the countries our sample and the news name most; others stay empty.
REGIONS = {
    **dict.fromkeys(("AE", "BH", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "YE"),
                    "Middle East"),
    **dict.fromkeys(("AF", "BD", "BT", "IN", "LK", "MV", "NP", "PK"), "South Asia"),
    **dict.fromkeys(("AM", "AZ", "GE", "KG", "KZ", "TJ", "TM", "UZ"), "Caucasus and Central Asia"),
}
_WITH_THE = {"US", "GB", "AE", "NL", "PH", "BS", "GM", "CF", "KM", "MV", "MH", "SB"}  # "the United States"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(events: Iterable[Event], *, now: datetime | float | None = None) -> str:
    """The CSV file as text (header + one row per event); the app's downloads and the CLI use this.

    ``now`` stamps ACLED's ``timestamp`` column (Unix seconds); default: the current time.
    """
    stamp = _unix(now)
    buffer = io.StringIO()
    # "\r\n" as the line end makes the csv module quote any cell holding "\r" or "\n" (with "\n" alone,
    # a bare "\r" went out unquoted and pandas split the row there).
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: neutralise(value) for key, value in csv_row(event, timestamp=stamp).items()}
                     for event in events)
    return buffer.getvalue()


def write_csv(events: Iterable[Event], path: str | os.PathLike, *, now: datetime | float | None = None) -> Path:
    """Write :func:`csv_text` to ``path`` (UTF-8), atomically; returns the path."""
    from ..files import atomic_write_text

    return atomic_write_text(path, csv_text(events, now=now))


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet will not run as a formula (OWASP CSV injection advice); other values as is.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-2"), neutralise(-2.5), neutralise("'=x"), neutralise("Erbil")
    ("'=HYPERLINK(1)", "'-2", -2.5, "''=x", 'Erbil')
    """
    if not isinstance(value, str):
        return value
    if value.lstrip("'").startswith(_FORMULA_START):
        return "'" + value  # an apostrophe already there is doubled, so reading back is exact
    return value


def restore(value: str) -> str:
    """The inverse of :func:`neutralise` for a cell read back as text."""
    if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_START):
        return value[1:]
    return value


# ---------------------------------------------------------------- one row

def csv_row(event: Event, *, timestamp: int | None = None) -> dict[str, Any]:
    """One CSV row (before neutralising): ACLED's columns, then ours."""
    place, when = event.place, event.date
    day, time_precision = best_day(event)
    return {
        "event_id_cnty": event.event_id, "event_date": _iso(day), "year": day.year if day else None,
        "time_precision": time_precision, "disorder_type": "Political violence", "event_type": EVENT_TYPE,
        "sub_event_type": sub_event_type(event.weapons), "actor1": acled_actor(event.actor),
        "assoc_actor_1": event.claimed_by, "inter1": "External/Other forces", "actor2": event.target,
        "assoc_actor_2": None, "inter2": None, "interaction": None, "civilian_targeting": None,
        "iso": country_numeric(event.target_country), "region": REGIONS.get(event.target_country),
        "country": country_name(event.target_country), "admin1": place.admin1 if place else None,
        "admin2": None, "admin3": None, "location": place.name if place else None,
        "latitude": place.lat if place else None, "longitude": place.lon if place else None,
        "geo_precision": event.precision.acled_geo_precision, "source": "; ".join(outlets(event.sources)),
        "source_scale": None, "notes": notes(event), "fatalities": event.fatalities or 0,
        "tags": _tags(event), "timestamp": timestamp,
        "actor": event.actor, "target_country": event.target_country, "place_text": event.place_text,
        "precision": event.precision.value, "radius_km": round(place.radius_km, 3) if place else None,
        "bbox": _bbox_text(place), "date_earliest": _iso(when.earliest), "date_latest": _iso(when.latest),
        "date_precision": when.precision.value, "date_text": when.text, "weapons": "; ".join(event.weapons),
        "target": event.target, "fatalities_reported": event.fatalities,
        "fatalities_reported_by": event.fatalities_reported_by, "claimed_by": event.claimed_by,
        "denied_by": event.denied_by, "responds_to": event.responds_to, "confidence": event.confidence,
        "attributed_by": event.attributed_by,
        "titles": LIST_SEPARATOR.join(s.title or "" for s in event.sources),
        "urls": LIST_SEPARATOR.join(s.url or "" for s in event.sources),
        "published": LIST_SEPARATOR.join(_iso(s.published) or "" for s in event.sources),
    }


def best_day(event: Event) -> tuple[date | None, int | None]:
    """ACLED's ``event_date`` and ``time_precision``: the best single day and how good it is.

    A known day is precision 1; a range of at most 7 days gives its middle day, precision 2;
    a wider range its middle day, one known bound that bound, and no date at all the first
    source's publication day (the strike happened by then), each precision 3.
    """
    when = event.date
    if when.day is not None:
        return when.day, 1
    if when.earliest and when.latest:
        middle = when.earliest + (when.latest - when.earliest) / 2
        return middle, 2 if (when.width_days or 0) <= 7 else 3
    if when.earliest or when.latest:
        return when.latest or when.earliest, 3
    published = sorted(s.published for s in event.sources if s.published)
    return (published[0], 3) if published else (None, None)


def sub_event_type(weapons: Iterable[str]) -> str | None:
    """ACLED's sub-event type from the weapons: aircraft and drones are air strikes, the rest shelling.

    >>> sub_event_type(["drone", "missile"]), sub_event_type(["ballistic missile"]), sub_event_type([])
    ('Air/drone strike', 'Shelling/artillery/missile attack', None)
    """
    words = " ".join(weapons).lower()
    if any(word in words for word in _AIR_WORDS):
        return AIR
    if any(word in words for word in _SHELLING_WORDS):
        return SHELLING
    return None


def acled_actor(code: str) -> str:
    """ACLED's style of name for a state's armed forces.

    >>> acled_actor("IR"), acled_actor("PK"), acled_actor("US")
    ('Military Forces of Iran (1989-)', 'Military Forces of Pakistan', 'Military Forces of the United States')
    """
    country = country_name(code)
    name = f"Military Forces of {'the ' if code in _WITH_THE else ''}{country}"
    return f"{name} ({ACLED_ACTOR_SINCE[code]})" if code in ACLED_ACTOR_SINCE else name


def outlet(url: str | None) -> str | None:
    """The outlet of an article: its web host without ``www.``.

    >>> outlet("https://www.example.org/news/1"), outlet(None)
    ('example.org', None)
    """
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def outlets(sources: Iterable[Source]) -> list[str]:
    """The distinct outlets of the sources, in order; a source without a URL has no known outlet
    (its headline is in ``titles``, never passed off as an outlet)."""
    names: list[str] = []
    for source in sources:
        name = outlet(source.url)
        if name and name not in names:
            names.append(name)
    return names


def notes(event: Event) -> str:
    """One summary sentence, then the evidence sentences in quotes."""
    place = event.place.name if event.place else None
    where = f"{place}, {country_name(event.target_country)}" if place else country_name(event.target_country)
    day, precision = best_day(event)
    when = "" if day is None else f"On {day.isoformat()}{'' if precision == 1 else ' (approximately)'}, "
    text = f"{when}{country_name(event.actor)} struck {where}"
    if event.weapons:
        text += f" with {', '.join(event.weapons)}"
    if event.target:
        text += f", targeting {event.target}"
    if event.fatalities is not None:
        by = f" according to {event.fatalities_reported_by}" if event.fatalities_reported_by else ""
        text += f"; {event.fatalities} reported killed{by}"
    text = text[0].upper() + text[1:] + "."
    sentences = [e.sentence for s in event.sources for e in s.evidence]
    return text + ("" if not sentences else " Evidence: " + " ".join(f'"{s}"' for s in sentences))


def _tags(event: Event) -> str | None:
    tags = [f"{name}: {value}" for name, value in (("claimed by", event.claimed_by), ("denied by", event.denied_by),
                                                   ("attributed by", event.attributed_by),
                                                   ("responds to", event.responds_to)) if value]
    return "; ".join(tags) or None


def _bbox_text(place: Place | None) -> str | None:
    from .codec import _bbox_list

    values = _bbox_list(place.bbox) if place else None
    return None if values is None else ",".join(repr(v) for v in values)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _unix(now: datetime | float | None) -> int:
    if now is None:
        now = datetime.now(UTC)
    return int(now.timestamp()) if isinstance(now, datetime) else int(now)


# ---------------------------------------------------------------- reading back

def read_csv(path: str | os.PathLike) -> list[Event]:
    """Events from a CSV written by :func:`write_csv`: everything it holds (evidence only in ``notes``).

    Raises
    ------
    InputError
        When a row lacks the columns we write or holds a malformed value (naming the row).
    """
    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    events = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        cells = {key: restore(value) if isinstance(value, str) else value for key, value in row.items()}
        try:
            events.append(_event(cells))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}: row on line {number}: {exc}") from exc
    return events


def _event(row: dict[str, str]) -> Event:
    actor, target = check_country(row["actor"], "actor"), check_country(row["target_country"], "target_country")
    place = None
    if row.get("latitude"):
        bbox = tuple(float(v) for v in row["bbox"].split(",")) if row.get("bbox") else None
        place = Place(row.get("location") or "", lat=float(row["latitude"]), lon=float(row["longitude"]),
                      country=target, precision=Precision(row.get("precision") or "city"),
                      admin1=row.get("admin1") or None, source="csv", bbox=bbox)  # type: ignore[arg-type]
    when = DateRange(_day(row.get("date_earliest")), _day(row.get("date_latest")),
                     DatePrecision(row.get("date_precision") or "unknown"), row.get("date_text") or None)
    columns = [_split(row.get(key)) for key in ("titles", "urls", "published")]
    count = max(len(values) for values in columns)
    titles, urls, published = ([*values, *[""] * (count - len(values))] for values in columns)
    sources = tuple(Source(title or None, url or None, _day(day))
                    for title, url, day in zip(titles, urls, published, strict=True))
    return Event(row["event_id_cnty"], actor, target, place, row.get("place_text") or None, when,
                 weapons=tuple(w for w in (row.get("weapons") or "").split("; ") if w),
                 target=row.get("target") or None, fatalities=_int(row.get("fatalities_reported")),
                 fatalities_reported_by=row.get("fatalities_reported_by") or None,
                 claimed_by=row.get("claimed_by") or None, denied_by=row.get("denied_by") or None,
                 attributed_by=row.get("attributed_by") or None,
                 responds_to=row.get("responds_to") or None, confidence=float(row.get("confidence") or 0.5),
                 sources=sources)


def _split(value: str | None) -> list[str]:
    return value.split(LIST_SEPARATOR) if value else []


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _int(value: str | None) -> int | None:
    return int(float(value)) if value not in (None, "") else None
