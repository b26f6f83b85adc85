"""Review that forgives: history in words, undo for deletes and merges, the sample data back on demand.

The store's audit rows become sentences a person reads (:func:`history_sentence`);
a delete or merge can be undone from the events the app held before it acted,
written back with no fusion so they return exactly as they were.

>>> from geo.app.store import Change
>>> history_sentence(Change("2024-05-01T10:00:00+00:00", "update", "ev-1",
...                         {"changes": {"actor": ["IR", "FR"]}}))
'2024-05-01 10:00 UTC — a reviewer changed ev-1: actor from Iran (IR) to France (FR).'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..models import Event
from ..read.fetch import Fetched, fetch_url
from .dataset import BUNDLED_ARTICLES, Upload, label
from .store import Change, EventStore, Record
from .text import event_name

if TYPE_CHECKING:
    from ..extract.pipeline import Pipeline, Report

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


# ---------------------------------------------------------------- edits

EDITABLE = tuple(_FIELDS)  # the fields the review form edits, in the store's update() names


def edit_changes(event: Event, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of the review form that differ from ``event`` (an empty place means country only).

    >>> from datetime import date
    >>> from geo.models import DateRange, Event
    >>> event = Event("e1", "IR", "PK", None, None, DateRange(date(2024, 1, 16), date(2024, 1, 16)))
    >>> edit_changes(event, {"actor": "IR", "place": " Panjgur ", "date_latest": date(2024, 1, 17)})
    {'place': 'Panjgur', 'date_latest': datetime.date(2024, 1, 17)}
    """
    current = {"actor": event.actor, "target_country": event.target_country,
               "place": event.place.name if event.place else "", "precision": event.precision.value,
               "date_earliest": event.date.earliest, "date_latest": event.date.latest,
               "date_precision": event.date.precision.value}
    wanted = {**wanted, **({"place": wanted["place"].strip()} if isinstance(wanted.get("place"), str) else {})}
    return {k: v for k, v in wanted.items() if k in current and v != current[k]}


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

    @property
    def done(self) -> str:
        """What the app says once it is undone."""
        return "Undone: " + self.message[0].lower() + self.message[1:]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a review action did, in one line for the person (``kind``: success, info, warning or error),
    and how to undo it when it can be undone."""

    kind: str
    message: str
    undo: Undo | None = None

    @property
    def ok(self) -> bool:
        return self.kind == "success"


def attempt(action: Callable[[], object], done: str, *, undo: Undo | None = None) -> Outcome:
    """Run a store action: ``done`` when it worked, the store's own words when it did not, never a traceback.

    An edit from a stale view (:class:`~geo.app.store.StaleEdit`) is a warning: someone else saved first.

    >>> attempt(lambda: None, "Saved.")
    Outcome(kind='success', message='Saved.', undo=None)
    >>> from geo.errors import InputError
    >>> attempt(lambda: (_ for _ in ()).throw(InputError("no such event")), "Deleted.").kind
    'error'
    """
    from ..errors import GeoError, StorageError
    from .store import StaleEdit

    try:
        action()
    except StaleEdit as exc:
        return Outcome("warning", str(exc))
    except (GeoError, StorageError) as exc:
        return Outcome("error", str(exc))
    return Outcome("success", done, undo)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A delete (of ``event``) or a merge (of ``other`` into ``event``) waiting for the person's yes."""

    action: str  # "delete" or "merge"
    event: Event
    other: Event | None = None
    version: int | None = None  # the version the person saw: a delete of a since-changed event is refused

    @property
    def question(self) -> str:
        if self.action == "delete":
            return f"Delete {event_name(self.event)}? It leaves every view; you can undo."
        return f"Merge {event_name(self.other)} into {event_name(self.event)}? Their sources are joined; you can undo."

    @property
    def yes(self) -> str:
        return f"Yes, {self.action}"

    def carry_out(self, store: EventStore) -> Outcome:
        """Delete or merge, with what undoes it."""
        keep = self.event
        if self.action == "delete":
            return attempt(lambda: store.delete(keep.event_id, expected_version=self.version), "Deleted.",
                           undo=Undo("delete", (keep,)))
        return attempt(lambda: store.merge(keep.event_id, self.other.event_id), "Merged.",
                       undo=Undo("merge", (keep, self.other), keep.event_id))


def save(store: EventStore, event: Event, version: int, wanted: Mapping[str, Any]) -> Outcome:
    """Save the review form's changes to ``event`` as seen at ``version`` (an edit from a stale view is refused)."""
    changes = edit_changes(event, wanted)
    if not changes:
        return Outcome("info", "Nothing to save: no field was changed.")
    return attempt(lambda: store.update(event.event_id, expected_version=version, **changes), "Saved.")


def proposal(asked: tuple[str, str, Any], records: Mapping[str, Record]) -> Proposal:
    """The proposal the app keeps as ``(action, event id, extra)``: a delete's extra is the version
    seen, a merge's the id of the event merged in; the events are read from ``records`` now."""
    action, event_id, extra = asked
    if action == "delete":
        return Proposal("delete", records[event_id].event, version=extra)
    return Proposal("merge", records[event_id].event, records[extra].event)


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


@dataclass(frozen=True, slots=True)
class Ingested:
    """What adding articles did: the reports stored, how many events changed, what waits, what failed."""

    reports: tuple[Report, ...]
    changed: int
    waiting: tuple[Upload, ...] = ()  # read without a publication date: not stored, waiting for one
    errors: tuple[str, ...] = ()  # inputs never read (a URL that could not be fetched), one line each

    def messages(self) -> list[tuple[str, str]]:
        """``(kind, message)``: how many articles were read and stored, what waits, what failed.

        ``kind`` is ``success``, ``warning`` or ``error``; a URL that could not be fetched and each
        refused article add their own line.

        >>> Ingested((), 0, waiting=(Upload("a.txt", b""),), errors=("https://e.org: not found",)).messages()
        [('warning', '1 article without a publication date: give one in the Add articles tab.'), \
('error', 'https://e.org: not found')]
        """
        refused = [f"{r.name}: {r.error}" for r in self.reports if r.error]
        found = sum(len(r.events) for r in self.reports)
        said = []
        if self.reports:
            said.append(("success" if found else "warning",
                         f"Read {_plural(len(self.reports) - len(refused), 'article')}: "
                         f"{_plural(found, 'strike report')} found, {_plural(self.changed, 'stored event')} "
                         "added or updated."))
        if self.waiting:
            said.append(("warning", f"{_plural(len(self.waiting), 'article')} without a publication date: "
                                    "give one in the Add articles tab."))
        return said + [("error", error) for error in [*self.errors, *refused]]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def ingest(pipeline: Pipeline, store: EventStore, uploads: Sequence[Upload], *, url: str | None = None,
           published: date | None = None, ask_dates: bool = True,
           fetch: Callable[[str], Fetched] | None = None,
           progress: Callable[[str, int, int], None] | None = None) -> Ingested:
    """Fetch ``url`` (when given), read every upload and fuse their strikes into ``store``.

    With ``ask_dates`` and no ``published``, articles that carry no publication date are not
    stored: they come back in ``waiting`` (their relative dates need one). A page that cannot be
    fetched is one line in ``errors``; an article that cannot be read is a report with an error;
    the rest go on. A store that refuses the write raises its :class:`~geo.errors.GeoError`.
    """
    from ..errors import GeoError

    uploads, errors = list(uploads), []
    if url:
        try:
            fetched = (fetch or fetch_url)(url.strip())
            uploads.append(Upload(fetched.url, fetched.data, fetched.url))
        except GeoError as exc:
            errors.append(str(exc))
    reports = read_uploads(pipeline, uploads, published=published, progress=progress)
    missing = set(undated(reports)) if ask_dates and published is None else set()
    reports = [r for r in reports if r.name not in missing]
    changed = store_reports(store, reports, note=", ".join(r.name for r in reports))
    return Ingested(tuple(reports), changed, tuple(u for u in uploads if u.name in missing), tuple(errors))


def restore_sample(store: EventStore, pipeline: Pipeline, *, articles=BUNDLED_ARTICLES) -> int:
    """Bring back the bundled sample strikes (deleted ones return; edited ones keep their edits' fusion)."""
    from ..extract.pipeline import expand_paths

    events, _reports = pipeline.run(expand_paths([articles]))
    return store.add(events, note="restored sample data")
