"""The app's event store: one SQLite file, one row per event, every edit audited.

Each row holds an event as the JSON of its GeoJSON Feature (:func:`geo.storage.events_to_features`,
so the store reads and writes the same contract as exported files) and a ``version``
that grows on every change. Writers take SQLite's write lock up front
(``BEGIN IMMEDIATE``) so two browser sessions never interleave a read-modify-write,
and an edit made from a stale view (the row's version moved since it was read)
is refused with :class:`StaleEdit` instead of silently overwriting someone else's.
The file runs in WAL mode: readers never block the writer.

>>> import tempfile, pathlib
>>> from geo.models import DateRange, Event, Place, Precision
>>> erbil = Place("Erbil", lat=36.19, lon=44.01, country="IQ", precision=Precision.CITY)
>>> store = EventStore(pathlib.Path(tempfile.mkdtemp()) / "events.sqlite", fuse=list)
>>> store.add([Event("e1", "IR", "IQ", erbil, "Erbil", DateRange())])
1
>>> store.update("e1", actor="TR").actor
'TR'
>>> [(h.action, h.event_id) for h in store.history()]
[('update', 'e1'), ('add', 'e1')]
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .errors import InputError, StorageError
from .models import DatePrecision, DateRange, Event, Place, Precision, Source

Fuse = Callable[[list[Event]], list[Event]]
Geocode = Callable[[str, str | None], Place | None]
Clock = Callable[[], datetime]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (event_id TEXT PRIMARY KEY, feature TEXT NOT NULL,
                                   version INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
                                    action TEXT NOT NULL, event_id TEXT, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_CODE = re.compile(r"^[A-Z]{2}$")
EDITABLE = ("actor", "target_country", "place", "date", "date_earliest", "date_latest", "date_precision",
            "precision")


class StaleEdit(StorageError):
    """The event changed (or vanished) since it was read; reload and try again."""


@dataclass(frozen=True, slots=True)
class Record:
    """A stored event and the version it was read at (pass it back to :meth:`EventStore.update`)."""

    event: Event
    version: int


@dataclass(frozen=True, slots=True)
class Change:
    """One row of the audit table: what was done, to which event, when, and the details."""

    at: str
    action: str
    event_id: str | None
    detail: dict[str, Any]


def _default_fuse(events: list[Event]) -> list[Event]:
    from .fusion import fuse  # fusion pulls in dates and geometry; only writers need it

    return fuse(events)


def _default_geocode(name: str, country: str | None) -> Place | None:
    from .gazetteer import Gazetteer

    return Gazetteer.open().best(name, country=country)


class EventStore:
    """Events in a SQLite file, safe for several sessions and processes at once.

    Parameters
    ----------
    path
        The database file; its directory is created when missing.
    fuse
        ``events -> events`` merging reports of one strike; default :func:`geo.fusion.fuse`
        (pass ``Pipeline().fuse`` to reuse the pipeline's origins, ``list`` to never merge).
    geocode
        ``(name, country) -> Place | None`` used when an edit changes a place;
        default: the offline gazetteer's best match in that country.
    clock
        Timestamps for the audit table (UTC).
    """

    def __init__(self, path: str | os.PathLike, *, fuse: Fuse | None = None, geocode: Geocode | None = None,
                 clock: Clock | None = None, timeout: float = 15.0) -> None:
        self.path = Path(path)
        self._fuse = fuse or _default_fuse
        self._geocode = geocode or _default_geocode
        self._clock = clock or (lambda: datetime.now(UTC))
        self._timeout = timeout
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")  # persistent: readers never block the writer
                db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open the event store {self.path}: {exc}") from exc

    def __repr__(self) -> str:
        return f"EventStore({str(self.path)!r})"

    # ------------------------------------------------------------ plumbing

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # A connection per call: Streamlit serves each session from its own thread,
        # and SQLite connections must not be shared across threads.
        db = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
        try:
            yield db
        except sqlite3.Error as exc:
            raise StorageError(f"event store {self.path.name}: {exc}") from exc
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction holding the lock from the first read, bumping the store revision."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("INSERT INTO meta VALUES ('revision', '1') ON CONFLICT(key) "
                           "DO UPDATE SET value = CAST(value AS INTEGER) + 1")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    def _log(self, db: sqlite3.Connection, action: str, event_id: str | None, **detail: Any) -> None:
        db.execute("INSERT INTO history (at, action, event_id, detail) VALUES (?, ?, ?, ?)",
                   (self._now(), action, event_id, json.dumps(detail, ensure_ascii=False, default=str)))

    def _put(self, db: sqlite3.Connection, event: Event, version: int) -> None:
        db.execute("INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?)",
                   (event.event_id, _encode(event), version, self._now()))

    @staticmethod
    def _rows(db: sqlite3.Connection) -> dict[str, Record]:
        rows = db.execute("SELECT feature, version FROM events ORDER BY rowid").fetchall()
        return {record.event.event_id: record for record in (Record(_decode(f), v) for f, v in rows)}

    # ------------------------------------------------------------ reading

    def revision(self) -> int:
        """A number that changes on every write: a cheap cache key for derived views."""
        with self._connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
        return int(row[0]) if row else 0

    def records(self) -> list[Record]:
        """Every event with the version it was read at, in insertion order."""
        with self._connect() as db:
            return list(self._rows(db).values())

    def all(self) -> list[Event]:
        """Every stored event."""
        return [record.event for record in self.records()]

    def get(self, event_id: str) -> Record | None:
        """One event and its version, or ``None`` when there is no such event."""
        with self._connect() as db:
            row = db.execute("SELECT feature, version FROM events WHERE event_id = ?", (event_id,)).fetchone()
        return Record(_decode(row[0]), row[1]) if row else None

    def history(self, *, limit: int = 500) -> list[Change]:
        """The audit table, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT at, action, event_id, detail FROM history ORDER BY id DESC LIMIT ?",
                              (limit,)).fetchall()
        return [Change(at, action, event_id, json.loads(detail)) for at, action, event_id, detail in rows]

    def meta(self, key: str) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------ writing

    def add(self, events: Iterable[Event], *, note: str | None = None, once: str | None = None) -> int:
        """Fuse new events with the stored ones; returns how many rows were added or changed.

        Fusion runs inside the write transaction, so two sessions adding at once
        each see the other's events. ``once`` names a one-off load (the bundled
        dataset): when that name was already recorded, nothing happens.
        """
        new = list(events)
        with self._write() as db:
            if once is not None:
                if db.execute("SELECT 1 FROM meta WHERE key = ?", ("once:" + once,)).fetchone():
                    return 0
                db.execute("INSERT INTO meta VALUES (?, ?)", ("once:" + once, self._now()))
            stored = self._rows(db)
            fused = _keep_ids(self._fuse([r.event for r in stored.values()] + new), stored)
            if any(not e.event_id for e in fused):  # a row without a key could never be read back
                raise InputError("every event needs an event_id; fuse them (geo.fusion.fuse) before storing")
            return self._replace_all(db, stored, fused, note)

    def _replace_all(self, db: sqlite3.Connection, stored: dict[str, Record], fused: list[Event],
                     note: str | None) -> int:
        changed = 0
        kept = {e.event_id for e in fused}
        for event in fused:
            before = stored.get(event.event_id)
            if before is not None and before.event == event:
                continue  # untouched rows keep their version: nobody's open edit is invalidated
            self._put(db, event, before.version + 1 if before else 1)
            self._log(db, "fuse" if before else "add", event.event_id, note=note,
                      sources=len(event.sources))
            changed += 1
        for event_id in set(stored) - kept:
            db.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            self._log(db, "fused away", event_id, note=note)
        return changed

    def update(self, event_id: str, *, expected_version: int | None = None, **changes: Any) -> Event:
        """Correct one event; returns the stored result.

        ``changes`` may name :data:`EDITABLE` fields: ``actor``/``target_country``
        (ISO alpha-2), ``place`` (a name, re-geocoded in the target country; ``""``
        for country-level only), ``date`` (a day) or ``date_earliest``/``date_latest``/
        ``date_precision``, and ``precision`` (of the place).

        Raises
        ------
        StaleEdit
            When ``expected_version`` is given and the row changed since, or the event is gone.
        InputError
            For an unknown field, a bad code or date, or a place the gazetteer does not know.
        """
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InputError(f"cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(EDITABLE)}")
        with self._write() as db:
            before = self._locked_get(db, event_id, expected_version)
            after = self._apply(before.event, changes)
            self._put(db, after, before.version + 1)
            self._log(db, "update", event_id, changes=_diff(before.event, after))
        return after

    def delete(self, event_id: str, *, expected_version: int | None = None) -> None:
        """Remove one event (the audit table keeps what it was)."""
        with self._write() as db:
            before = self._locked_get(db, event_id, expected_version)
            db.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            self._log(db, "delete", event_id, event=_summary(before.event))

    def merge(self, keep_id: str, other_id: str) -> Event:
        """Merge ``other_id`` into ``keep_id`` (same strike reported twice); returns the merged event.

        The kept event keeps its actor and target; it takes the more precise place,
        the tighter date when the two overlap, and every source and weapon of both.
        """
        if keep_id == other_id:
            raise InputError("choose two different events to merge")
        with self._write() as db:
            keep = self._locked_get(db, keep_id, None)
            other = self._locked_get(db, other_id, None)
            merged = merge_pair(keep.event, other.event)
            self._put(db, merged, keep.version + 1)
            db.execute("DELETE FROM events WHERE event_id = ?", (other_id,))
            self._log(db, "merge", keep_id, merged=other_id, other=_summary(other.event))
        return merged

    def _locked_get(self, db: sqlite3.Connection, event_id: str, expected: int | None) -> Record:
        row = db.execute("SELECT feature, version FROM events WHERE event_id = ?", (event_id,)).fetchone()
        if row is None:
            raise StaleEdit(f"event {event_id} no longer exists (deleted or merged in another session)")
        if expected is not None and row[1] != expected:
            raise StaleEdit(f"event {event_id} was changed in another session since you opened it; "
                            "the view has been reloaded, please check and edit again")
        return Record(_decode(row[0]), row[1])

    def _apply(self, event: Event, changes: dict[str, Any]) -> Event:
        for key in ("actor", "target_country"):
            if key in changes:
                code = str(changes[key] or "").strip().upper()
                if not _CODE.match(code):
                    raise InputError(f"{key} must be an ISO 3166-1 alpha-2 code like IR, got {changes[key]!r}")
                event = replace(event, **{key: code})
        if "place" in changes:
            event = self._replace_place(event, str(changes["place"] or "").strip())
        if changes.get("precision") is not None:
            event = _with_precision(event, _enum(Precision, changes["precision"], "precision"))
        if any(k in changes for k in ("date", "date_earliest", "date_latest", "date_precision")):
            event = replace(event, date=_new_date(event.date, changes))
        return event

    def _replace_place(self, event: Event, name: str) -> Event:
        if not name:
            return replace(event, place=None, place_text=None)  # only the country is known
        place = self._geocode(name, event.target_country)
        if place is None:
            raise InputError(f"no place called {name!r} in {event.target_country} in the gazetteer")
        return replace(event, place=place, place_text=name)


# ---------------------------------------------------------------- pure helpers

def _encode(event: Event) -> str:
    from .storage import events_to_features

    return json.dumps(events_to_features([event])["features"][0], ensure_ascii=False)


def _decode(text: str) -> Event:
    from .storage import features_to_events

    return features_to_events({"type": "FeatureCollection", "features": [json.loads(text)]})[0]


def _keep_ids(fused: list[Event], stored: dict[str, Record]) -> list[Event]:
    """Give a re-fused event the id of the stored event it grew from.

    Fusion derives ids from place and date, so an edited or newly enriched event
    would otherwise change id under an open review form.
    """
    taken = {e.event_id for e in fused}
    out = []
    for event in fused:
        if event.event_id not in stored:
            mine = _sentences(event)
            overlaps = [(len(mine & _sentences(r.event)), r.event.event_id) for r in stored.values()
                        if r.event.event_id not in taken]
            count, event_id = max(overlaps, default=(0, ""))
            if count:
                taken.add(event_id)
                event = replace(event, event_id=event_id)
        out.append(event)
    return out


def _sentences(event: Event) -> set[str]:
    return {e.sentence for s in event.sources for e in s.evidence}


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


def _summary(event: Event) -> dict[str, Any]:
    return {"actor": event.actor, "target_country": event.target_country,
            "place": event.place.name if event.place else None, "precision": event.precision.value,
            "date_earliest": event.date.earliest, "date_latest": event.date.latest}


def _diff(before: Event, after: Event) -> dict[str, list[Any]]:
    old, new = _summary(before), _summary(after)
    old["date_precision"], new["date_precision"] = before.date.precision.value, after.date.precision.value
    return {key: [old[key], new[key]] for key in old if old[key] != new[key]}
