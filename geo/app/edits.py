"""Pure helpers of the event store: merging two reports, applying an edit's fields, audit summaries.

Nothing here touches SQLite; :mod:`geo.app.store` calls these inside its transactions.

>>> _day("2024-01-16", "date")
datetime.date(2024, 1, 16)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from ..errors import InputError
from ..models import DatePrecision, DateRange, Event, Place, Precision, Source

EDITABLE = ("actor", "target_country", "place", "date", "date_earliest", "date_latest", "date_precision",
            "precision")
_CODE = re.compile(r"^[A-Z]{2}$")


def keep_ids(fused: list[Event], stored_events: dict[str, Event]) -> list[Event]:
    """Give a re-fused event the id of the stored event it grew from.

    Fusion derives ids from place and date, so an edited or newly enriched event
    would otherwise change id under an open review form.
    """
    taken = {e.event_id for e in fused}
    out = []
    for event in fused:
        if event.event_id not in stored_events:
            mine = _sentences(event)
            overlaps = [(len(mine & _sentences(e)), e.event_id) for e in stored_events.values()
                        if e.event_id not in taken]
            count, event_id = max(overlaps, default=(0, ""))
            if count:
                taken.add(event_id)
                event = replace(event, event_id=event_id)
        out.append(event)
    return out


def _sentences(event: Event) -> set[str]:
    return {e.sentence for s in event.sources for e in s.evidence}


def apply_changes(event: Event, changes: dict[str, Any], *, geocode: Callable[[str, str | None], Place | None]
                  ) -> Event:
    """``event`` with the :data:`EDITABLE` fields in ``changes`` applied (see :meth:`EventStore.update`)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InputError(f"cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(EDITABLE)}")
    for key in ("actor", "target_country"):
        if key in changes:
            code = str(changes[key] or "").strip().upper()
            if not _CODE.match(code):
                raise InputError(f"{key} must be an ISO 3166-1 alpha-2 code like IR, got {changes[key]!r}")
            event = replace(event, **{key: code})
    if "place" in changes:
        event = _replace_place(event, str(changes["place"] or "").strip(), geocode)
    if changes.get("precision") is not None:
        event = _with_precision(event, _enum(Precision, changes["precision"], "precision"))
    if any(k in changes for k in ("date", "date_earliest", "date_latest", "date_precision")):
        event = replace(event, date=_new_date(event.date, changes))
    return event


def _replace_place(event: Event, name: str, geocode: Callable[[str, str | None], Place | None]) -> Event:
    if not name:
        return replace(event, place=None, place_text=None)  # only the country is known
    place = geocode(name, event.target_country)
    if place is None:
        raise InputError(f"no place called {name!r} in {event.target_country} in the gazetteer")
    return replace(event, place=place, place_text=name)


def merge_pair(keep: Event, other: Event) -> Event:
    """``keep`` enriched by ``other``: better place, tighter date, union of sources and weapons."""
    place = keep.place
    if other.place and (place is None or other.place.precision.rank < place.precision.rank):
        place = other.place
    when = keep.date
    if keep.date.overlaps(other.date):
        earliest = max(filter(None, (keep.date.earliest, other.date.earliest)), default=None)
        latest = min(filter(None, (keep.date.latest, other.date.latest)), default=None)
        if not (earliest and latest and earliest > latest):
            precision = DatePrecision.DAY if earliest and earliest == latest else keep.date.precision
            when = DateRange(earliest, latest, precision, keep.date.text or other.date.text)
    sources: dict[str, Source] = {}
    for source in (*keep.sources, *other.sources):
        sources.setdefault(source.article_id or source.url or source.title or str(len(sources)), source)
    return replace(keep, place=place, place_text=keep.place_text if place is keep.place else other.place_text,
                   date=when, weapons=tuple(sorted({*keep.weapons, *other.weapons})),
                   target=keep.target or other.target, fatalities=keep.fatalities or other.fatalities,
                   confidence=max(keep.confidence, other.confidence), sources=tuple(sources.values()))


def _with_precision(event: Event, precision: Precision) -> Event:
    if event.place is None:
        if precision is Precision.COUNTRY:
            return event
        raise InputError("set a place before giving it a precision finer than country")
    return replace(event, place=replace(event.place, precision=precision))


def _new_date(current: DateRange, changes: dict[str, Any]) -> DateRange:
    if changes.get("date"):
        day = _day(changes["date"], "date")
        return DateRange(day, day, DatePrecision.DAY, current.text)
    earliest = _day(changes["date_earliest"], "date_earliest") if "date_earliest" in changes else current.earliest
    latest = _day(changes["date_latest"], "date_latest") if "date_latest" in changes else current.latest
    if earliest and latest and earliest > latest:
        raise InputError(f"the date range ends before it starts: {earliest} > {latest}")
    if changes.get("date_precision"):
        precision = _enum(DatePrecision, changes["date_precision"], "date_precision")
    elif earliest and earliest == latest:
        precision = DatePrecision.DAY
    else:
        precision = DatePrecision.RANGE if earliest or latest else DatePrecision.UNKNOWN
    return DateRange(earliest, latest, precision, current.text)


def _day(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(f"{name} must be an ISO date like 2024-01-16, got {value!r}") from exc


def _enum(kind: type, value: Any, name: str) -> Any:
    try:
        return kind(str(value))
    except ValueError as exc:
        choices = ", ".join(member.value for member in kind)
        raise InputError(f"{name} must be one of {choices}, got {value!r}") from exc


def summary(event: Event) -> dict[str, Any]:
    return {"actor": event.actor, "target_country": event.target_country,
            "place": event.place.name if event.place else None, "precision": event.precision.value,
            "date_earliest": event.date.earliest, "date_latest": event.date.latest}


def diff(before: Event, after: Event) -> dict[str, list[Any]]:
    old, new = summary(before), summary(after)
    old["date_precision"], new["date_precision"] = before.date.precision.value, after.date.precision.value
    return {key: [old[key], new[key]] for key in old if old[key] != new[key]}
