"""The quadratic fusion geo.extract.fusion used before its index: every report checked against every merged event.

Kept as the specification the indexed fusion must reproduce exactly (same events, order, ids, sources):
the property tests compare the two on random event sets and the benchmark times both. Only the search is
copied here; what "compatible" and "combined" mean is geo.extract.fusion's own, so the two can never drift apart
on meaning, only on which events they pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from geo.extract.fusion import _combine, _compatible, _finish
from geo.models import DateRange, Event, Place


def reference_merge(events: Iterable[Event]) -> list[Event]:
    """Greedy in input order: each report joins the first merged event it is compatible with."""
    ordered = sorted(events, key=lambda e: (e.place.precision.rank if e.place else 9, -e.confidence))
    merged: list[Event] = []
    for event in ordered:
        for i, existing in enumerate(merged):
            if _compatible(existing, event):
                merged[i] = _combine(existing, event)
                break
        else:
            merged.append(event)
    return merged


def reference_link_responses(events: list[Event]) -> list[Event]:
    """A retaliation answers the latest earlier strike the other way (the first such, on ties)."""
    linked = []
    for event in events:
        if event.responds_to != "retaliation":
            linked.append(event if event.responds_to is None or event.responds_to.startswith("sm-")
                          else replace(event, responds_to=None))
            continue
        before = [o for o in events if o.actor == event.target_country and o.target_country == event.actor
                  and _not_after(o.date, event.date)]
        answered = max(before, key=lambda o: o.date.latest or o.date.earliest or date.min, default=None)
        linked.append(replace(event, responds_to=answered.event_id if answered else None))
    return linked


def _not_after(first: DateRange, second: DateRange) -> bool:
    if first.earliest and second.latest:
        return first.earliest <= second.latest
    return True


def reference_fuse(events: Iterable[Event], *, origins: dict[str, Place] | None = None) -> list[Event]:
    """geo.extract.fusion.fuse with the quadratic merge and link."""
    merged = reference_merge(events)
    with_ids = [_finish(e, origins or {}) for e in merged]
    return reference_link_responses(sorted(with_ids, key=lambda e: (e.date.earliest or e.date.latest or date.max,
                                                                    e.actor, e.target_country)))
