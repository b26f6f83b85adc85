"""Review that forgives: history in words, undo for deletes and merges, the sample data back on demand.

The store's audit rows become sentences a person reads (:func:`history_sentence`);
a delete or merge can be undone from the events the app held before it acted,
written back with no fusion so they return exactly as they were.

>>> from geo.store import Change
>>> history_sentence(Change("2024-05-01T10:00:00+00:00", "update", "ev-1",
...                         {"changes": {"actor": ["IR", "FR"]}}))
'2024-05-01 10:00 UTC — a reviewer changed ev-1: actor from Iran (IR) to France (FR).'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .dataset import BUNDLED_ARTICLES, Upload, label
from .models import Event
from .store import Change, EventStore

if TYPE_CHECKING:
    from .pipeline import Pipeline, Report

_FIELDS = {"actor": "actor", "target_country": "target country", "place": "place", "precision": "place precision",
           "date_earliest": "earliest date", "date_latest": "latest date", "date_precision": "date precision"}


def _value(name: str, value: Any) -> str:
    if value in (None, ""):
        return "nothing"
    return label(value) if name in ("actor", "target_country") else str(value)


def _what(summary: dict[str, Any] | None) -> str:
    if not summary:
        return ""
    place = summary.get("place") or "country only"
    when = summary.get("date_earliest") or "undated"
    return f" ({label(summary.get('actor'))} → {label(summary.get('target_country'))}, {place}, {when})"


def history_sentence(change: Change) -> str:
    """One audit row as a sentence: when, who, what was done to which event, from what to what."""
    at = change.at[:16].replace("T", " ") + " UTC"
    detail, event = change.detail or {}, change.event_id or "an event"
    note = f" from {detail['note']}" if detail.get("note") else ""
    if change.action == "add":
        text = f"added {event}{note}"
    elif change.action == "fuse":
        text = f"merged new reports into {event}{note} ({detail.get('sources', '?')} sources now)"
    elif change.action == "fused away":
        text = f"folded {event} into another event{note}"
    elif change.action == "update":
        parts = [f"{_FIELDS.get(k, k)} from {_value(k, old)} to {_value(k, new)}"
                 for k, (old, new) in (detail.get("changes") or {}).items()]
        return f"{at} — a reviewer changed {event}: {'; '.join(parts) or 'nothing'}."
    elif change.action == "delete":
        return f"{at} — a reviewer deleted {event}{_what(detail.get('event'))}."
    elif change.action == "merge":
        return f"{at} — a reviewer merged {detail.get('merged', '?')}{_what(detail.get('other'))} into {event}."
    else:
        text = f"{change.action} {event}{note}"
    return f"{at} — the app {text}."


# ---------------------------------------------------------------- undo

@dataclass(frozen=True, slots=True)
class Undo:
    """What one delete or merge changed, enough to put it back: the events as they were before."""

    action: str  # "delete" or "merge"
    before: tuple[Event, ...]
    result: str | None = None  # the merged event's id

    @property
    def message(self) -> str:
        if self.action == "delete":
            return f"Deleted {self.before[0].event_id}."
        return f"Merged {self.before[1].event_id} into {self.before[0].event_id}."


def undo(store: EventStore, action: Undo) -> None:
    """Put back what ``action`` removed, exactly as it was (no fusion with the other events)."""
    plain = EventStore(store.path, fuse=list)
    if action.action == "merge" and action.result and plain.get(action.result) is not None:
        plain.delete(action.result)
    plain.add(list(action.before), note=f"undo {action.action}")


# ---------------------------------------------------------------- adding articles, with dates checked

def read_uploads(pipeline: Pipeline, uploads: Sequence[Upload], *, published: date | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> list[Report]:
    """Extract each upload (a bad one becomes a report with an error, the rest go on); nothing is stored."""
    reports = []
    for done, upload in enumerate(uploads, start=1):
        reports.append(pipeline.read(upload.name, data=upload.data, published=published))
        if progress:
            progress(upload.name, done, len(uploads))
    return reports


def undated(reports: Sequence[Report]) -> list[str]:
    """Names of the read articles that carry no publication date (relative dates stay unresolved)."""
    return [r.name for r in reports if r.article is not None and r.article.published is None]


def store_reports(store: EventStore, reports: Sequence[Report], *, note: str) -> int:
    """Fuse every report's events into ``store``; returns how many stored events changed."""
    events = [e for r in reports for e in r.events]
    return store.add(events, note=note[:200]) if events else 0


def restore_sample(store: EventStore, pipeline: Pipeline, *, articles=BUNDLED_ARTICLES) -> int:
    """Bring back the bundled sample strikes (deleted ones return; edited ones keep their edits' fusion)."""
    from .pipeline import expand_paths

    events, _reports = pipeline.run(expand_paths([articles]))
    return store.add(events, note="restored sample data")
