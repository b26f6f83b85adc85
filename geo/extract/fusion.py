"""Mentions -> events, and events from many articles -> one event per real strike.

Two reports are the same strike when the actor and target country agree,
their places are compatible (the same town, or one inside the other: Panjgur
is in "Balochistan province" is in "western Pakistan" is in "Pakistan") and
their dates overlap. The fused event keeps every source with its evidence and
takes the most precise place and the tightest date any source supports.

>>> from geo.models import Mention, Evidence, DateRange
>>> evidence = Evidence("Iran struck Pakistan.", 0, 21)
>>> events = merge([event_from_mention(Mention("IR", "PK", None, None, DateRange(), evidence, confidence=0.8),
...                                    None)] * 2)
>>> len(events), events[0].actor
(1, 'IR')
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from ..gazetteer.names import name_key
from ..geometry import distance_km
from ..models import Article, DatePrecision, DateRange, Event, Mention, Place, Precision, Section, Source
from ..read import dates as dates_mod
from .fusion_index import LatestStrikes, MergeCandidates

SAME_TOWN_KM = 30.0
SAME_PLACE_KM = 3.0
SITE_BY_TOWN_KM = 12.0


def event_from_mention(mention: Mention, article: Article | None) -> Event:
    """A one-sentence event, ready to be merged with others."""
    source = Source(title=article.title if article else None, url=article.url if article else None,
                    published=article.published if article else None, evidence=(mention.evidence,),
                    article_id=article.article_id if article else None)
    return Event(event_id="", actor=mention.actor, target_country=mention.target_country, place=mention.place,
                 place_text=mention.place_text, date=mention.date, weapons=mention.weapons, target=mention.target,
                 fatalities=mention.fatalities, fatalities_reported_by=mention.fatalities_reported_by,
                 claimed_by=mention.claimed_by, denied_by=mention.denied_by, attributed_by=mention.attributed_by,
                 responds_to=mention.responds_to_hint, confidence=mention.confidence, sources=(source,))


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """Could both places describe where one strike landed?"""
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.precision is Precision.COUNTRY or b.precision is Precision.COUNTRY:
        return True
    if a.precision.is_point and b.precision.is_point:
        if a.precision is Precision.CITY and b.precision is Precision.CITY and name_key(a.name) != name_key(b.name):
            # Two towns by name are two strikes, however close (Tyre and Tayr Debba are 12 km apart);
            # a site and its town may be one.
            return distance_km(a, b) <= SAME_PLACE_KM and not big_neighbours(a, b)
        if a.precision is Precision.SITE and b.precision is Precision.SITE and name_key(a.name) != name_key(b.name):
            return distance_km(a, b) <= SAME_PLACE_KM  # the ports of Ras Isa and Salif (20 km apart): two strikes
        if a.precision is not b.precision:
            # A site and a town are one strike when the site is the town's ("Engels air base", "Aleppo airport")
            # or right by it; "the airport" and Safira, a town 18 km away, are two.
            site, town = (a, b) if a.precision is Precision.SITE else (b, a)
            return distance_km(a, b) <= SITE_BY_TOWN_KM or (distance_km(a, b) <= SAME_TOWN_KM and any(
                w in name_key(site.name).split() for w in name_key(town.name).split() if len(w) > 3))
        return distance_km(a, b) <= SAME_TOWN_KM
    return _inside(a, b) or _inside(b, a) or distance_km(a, b) <= SAME_TOWN_KM


def big_neighbours(a: Place, b: Place) -> bool:
    """Tel Aviv and Ramat Gan (3 km apart, each a city of 100,000 or more in its own right): two towns, two strikes;
    a small place so close is more likely the same town by another name."""
    return a.geonameid != b.geonameid and min(a.population or 0, b.population or 0) >= 100_000


def _inside(point: Place, area: Place) -> bool:
    if area.precision.is_point:
        return False
    if area.precision is Precision.PROVINCE and point.admin1 and point.admin1 == area.admin1 \
            and point.country == area.country:
        return True  # a town in its own province, whatever the province's trimmed extent says
    if area.bbox is not None:
        west, south, east, north = area.bbox
        return west <= point.lon <= east and south <= point.lat <= north
    return distance_km(point, area) <= area.radius_km


# A report known only as "on or before publication" is news of the last weeks, not of any year: it never
# joins a strike from long before (the 2022 Koya strike is not the 2024 Erbil strike).
OPEN_ENDED_DAYS = 31


def _bounded(when: DateRange) -> DateRange:
    if when.earliest is None and when.latest is not None:
        return DateRange(when.latest - timedelta(days=OPEN_ENDED_DAYS), when.latest, DatePrecision.RANGE)
    return when


def _compatible(a: Event, b: Event) -> bool:
    return (a.actor == b.actor and a.target_country == b.target_country
            and places_compatible(a.place, b.place) and _bounded(a.date).overlaps(_bounded(b.date)))


def _better_place(a: Place | None, b: Place | None) -> Place | None:
    """The more precise place; but a text that says "Idlib province" beats a bare "Idlib"
    read as the town of the same name, since the bare name is the ambiguous one."""
    if a is None or b is None:
        return a or b
    for town, area in ((a, b), (b, a)):
        if (town.precision is Precision.CITY and area.precision in (Precision.PROVINCE, Precision.DISTRICT)
                and name_key(town.name) == name_key(area.name.replace("District", "").replace("Province", ""))
                and _inside(town, area)):
            return area
    if a.precision is b.precision:  # "the Qandil mountains" is more precise than "northern Iraq"
        return b if b.radius_km < a.radius_km else a
    return b if b.precision.rank < a.precision.rank else a


def _combine_dates(a: DateRange, b: DateRange) -> DateRange:
    both = dates_mod.intersect(a, b)
    if both is not None:
        return both
    # They contradict (cannot happen for compatible events); keep the more precise.
    return a if (a.width_days or 10**6) <= (b.width_days or 10**6) else b


def _combine_sources(a: tuple[Source, ...], b: tuple[Source, ...]) -> tuple[Source, ...]:
    by_article: dict[str, Source] = {}
    for source in (*a, *b):
        key = source.article_id or source.url or source.title or str(id(source))
        if key in by_article:
            kept = by_article[key]
            evidence = tuple(sorted({*kept.evidence, *source.evidence}, key=lambda e: (e.start, e.sentence)))
            by_article[key] = replace(kept, evidence=evidence)
        else:
            by_article[key] = source
    return tuple(by_article.values())


def _combine(a: Event, b: Event) -> Event:
    stronger, weaker = (a, b) if a.confidence >= b.confidence else (b, a)
    place = _better_place(a.place, b.place)
    place_text = a.place_text if place is a.place else b.place_text
    fatalities, reporter = max(((a.fatalities, a.fatalities_reported_by), (b.fatalities, b.fatalities_reported_by)),
                               key=lambda pair: pair[0] or -1)
    return replace(
        stronger, place=place, place_text=place_text, date=_combine_dates(a.date, b.date),
        weapons=tuple(sorted({*a.weapons, *b.weapons})), target=stronger.target or weaker.target,
        fatalities=fatalities, fatalities_reported_by=reporter,
        claimed_by=stronger.claimed_by or weaker.claimed_by, denied_by=stronger.denied_by or weaker.denied_by,
        attributed_by=stronger.attributed_by or weaker.attributed_by,
        responds_to=stronger.responds_to or weaker.responds_to,
        confidence=round(min(0.99, max(a.confidence, b.confidence) + 0.05), 2),
        sources=_combine_sources(a.sources, b.sources))


def merge(events: Iterable[Event]) -> list[Event]:
    """Merge compatible events; the most precisely placed go first so vague reports join them.

    Greedy in that order: a report joins the first merged event (in the order they were made) it is
    compatible with, else starts a new one. The index only proposes the events it could join, in that
    order; a merged event whose place or date changed is filed anew, so later reports see it as it is.
    """
    ordered = sorted(events, key=lambda e: (e.place.precision.rank if e.place else 9, -e.confidence))
    merged: list[Event] = []
    candidates = MergeCandidates(reach_km=SAME_TOWN_KM)
    for event in ordered:
        group = (event.actor, event.target_country)
        joined = candidates.first(group, event.place, _bounded(event.date),
                                  accept=lambda slot, event=event: _compatible(merged[slot], event))
        if joined is None:
            joined = len(merged)
            merged.append(event)
        else:
            merged[joined] = _combine(merged[joined], event)
        candidates.file(joined, group, merged[joined].place, _bounded(merged[joined].date))
    return merged


def events_from_mentions(mentions: list[Mention], article: Article, *, min_confidence: float = 0.5
                         ) -> list[Event]:
    """One article's events: its mentions merged, weak or caption-only ones dropped."""
    events = merge(event_from_mention(m, article) for m in mentions)
    kept = []
    for event in events:
        sections = {e.section for s in event.sources for e in s.evidence}
        if sections <= {Section.CAPTION} or event.confidence < min_confidence:
            continue
        if article.published and article.published_source != "caption":
            event = replace(event, date=dates_mod.at_most(event.date, article.published))
        kept.append(event)
    return kept


def fuse(events: Iterable[Event], *, origins: dict[str, Place] | None = None) -> list[Event]:
    """Events from many articles -> one per strike, with ids, origins and ``responds_to`` links.

    ``origins`` maps ISO codes to country places: the actor's country is the origin when the text
    names none, and a strike the text places only in a country is drawn as that country.
    """
    merged = merge(events)
    with_ids = [_finish(e, origins or {}) for e in merged]
    return _link_responses(sorted(with_ids, key=fused_order))


def fused_order(event: Event) -> tuple[date, str, str]:
    """The order :func:`fuse` returns events in: by first day (undated last), actor, target; ties keep their
    fusion order (the sort is stable). The Dask engine sorts its per-pair results with it too."""
    return event.date.earliest or event.date.latest or date.max, event.actor, event.target_country


def _finish(event: Event, origins: dict[str, Place]) -> Event:
    when = event.date
    if when.day:
        when = replace(when, precision=DatePrecision.DAY)
    elif when.precision is DatePrecision.DAY:
        when = replace(when, precision=DatePrecision.RANGE)
    origin = event.origin or origins.get(event.actor)
    if event.place is None and event.target_country in origins:
        event = replace(event, place=origins[event.target_country])
    key = "|".join(str(x) for x in (event.actor, event.target_country, event.place.name if event.place else "",
                                    when.earliest, when.latest))
    event_id = "sm-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return replace(event, event_id=event_id, date=when, origin=origin)


def _link_responses(events: list[Event]) -> list[Event]:
    """A strike the text calls retaliation answers the latest earlier strike the other way.

    Earlier: began on or before the retaliation's last possible day (or either day is unknown). Latest:
    the latest last possible day, the first in ``events`` on ties (see :class:`LatestStrikes`).
    """
    strikes = LatestStrikes(events)
    linked = []
    for event in events:
        if event.responds_to != "retaliation":
            linked.append(event if event.responds_to is None or event.responds_to.startswith("sm-")
                          else replace(event, responds_to=None))
            continue
        answered = strikes.latest(event.target_country, event.actor, event.date.latest)
        linked.append(replace(event, responds_to=answered.event_id if answered else None))
    return linked
