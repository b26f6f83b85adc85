"""The app's event store: one SQLite file, one row per event, every edit audited.

Each row holds an event as the JSON of its GeoJSON Feature (:func:`geo.formats.geojson.events_to_features`,
so the store reads and writes the same contract as exported files) and a ``version``
that grows on every change. Writers take SQLite's write lock up front
(``BEGIN IMMEDIATE``) so two browser sessions never interleave a read-modify-write,
and an edit made from a stale view (the row's version moved since it was read)
is refused with :class:`StaleEdit` instead of silently overwriting someone else's.
The file runs in WAL mode: readers never block the writer.

Damage is contained, never fatal: a row that cannot be decoded (bad JSON,
latitude 999) is moved to a ``quarantine`` table and named in :meth:`EventStore.notices`
while every other event shows; a store file found emptied to 0 bytes is said so
in the notices (and the audit table) rather than silently started afresh.

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
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, StorageError
from ..models import Event, Place
from .edits import EDITABLE, apply_changes, diff, keep_ids, merge_pair, summary
from .rows import UNREADABLE, cause, decode, encode, row_detail, why

__all__ = ["EDITABLE", "Change", "EventStore", "Record", "StaleEdit", "merge_pair"]

Fuse = Callable[[list[Event]], list[Event]]
Geocode = Callable[[str, str | None], Place | None]
Clock = Callable[[], datetime]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (event_id TEXT PRIMARY KEY, feature TEXT NOT NULL,
                                   version INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
                                    action TEXT NOT NULL, event_id TEXT, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS quarantine (id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT, feature TEXT,
                                       version INTEGER, reason TEXT NOT NULL, at TEXT NOT NULL);
"""
_SHOWN_IN_NOTICE = 3


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
    from ..extract.fusion import fuse  # fusion pulls in dates and geometry; only writers need it

    return fuse(events)


def _default_geocode(name: str, country: str | None) -> Place | None:
    from ..gazetteer.index import Gazetteer

    return Gazetteer.open().best(name, country=country)


class EventStore:
    """Events in a SQLite file, safe for several sessions and processes at once.

    Parameters
    ----------
    path
        The database file; its directory is created when missing.
    fuse
        ``events -> events`` merging reports of one strike; default :func:`geo.extract.fusion.fuse`
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
        self._notices: list[str] = []
        self._unreadable: dict[str, str] = {}  # rows reads skipped and could not move aside yet
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            emptied = self.path.is_file() and self.path.stat().st_size == 0
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")  # persistent: readers never block the writer
                db.executescript(_SCHEMA)
                if emptied:
                    self._log(db, "found empty", self.path.name, path=str(self.path))  # "the app found empty X"
        except (OSError, sqlite3.Error, StorageError) as exc:
            raise StorageError(f"cannot open the event store {self.path}: {cause(exc)}") from exc
        if emptied:
            # SQLite takes a 0-byte file for a new database; a person must hear that their events are gone.
            self._notices.append(f"The event store {self.path} was an empty file (0 bytes) when opened: it was "
                                 "truncated or replaced, and the events it held are gone unless you have a copy. "
                                 "A new store was started in its place.")

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
            raise StorageError(f"event store {self.path.name}: {cause(exc)}") from exc
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
                # SQLite rolls back by itself on some errors (a full disk); a second ROLLBACK
                # would then fail and its "no transaction is active" would hide the real cause.
                if db.in_transaction:
                    with suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                raise

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    def _log(self, db: sqlite3.Connection, action: str, event_id: str | None, **detail: Any) -> None:
        db.execute("INSERT INTO history (at, action, event_id, detail) VALUES (?, ?, ?, ?)",
                   (self._now(), action, event_id, json.dumps(detail, ensure_ascii=False, default=str)))

    def _put(self, db: sqlite3.Connection, event: Event, version: int) -> None:
        db.execute("INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?)",
                   (event.event_id, encode(event), version, self._now()))

    def _rows(self, db: sqlite3.Connection) -> tuple[dict[str, Record], dict[str, str]]:
        """The readable rows by event id, and ``{event_id: why}`` for the rows that cannot be decoded."""
        good: dict[str, Record] = {}
        bad: dict[str, str] = {}
        for event_id, feature, version in db.execute("SELECT event_id, feature, version FROM events ORDER BY rowid"):
            try:
                record = Record(decode(feature), version)
            except UNREADABLE as exc:
                bad[event_id] = why(exc)
                continue
            good[record.event.event_id] = record
        return good, bad

    def _quarantine(self, db: sqlite3.Connection, bad: dict[str, str]) -> None:
        """Move undecodable rows (still undecodable under the write lock) to the quarantine table."""
        for event_id, reason in bad.items():
            row = db.execute("SELECT feature, version FROM events WHERE event_id = ?", (event_id,)).fetchone()
            if row is None:
                continue
            try:
                decode(row[0])
                continue  # repaired meanwhile by someone else
            except UNREADABLE:
                pass
            db.execute("INSERT INTO quarantine (event_id, feature, version, reason, at) VALUES (?, ?, ?, ?, ?)",
                       (event_id, row[0], row[1], reason, self._now()))
            db.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            self._log(db, "set aside", event_id, reason=reason)  # history reads "the app set aside X"
        for event_id in bad:
            self._unreadable.pop(event_id, None)

    def _set_aside(self, bad: dict[str, str]) -> None:
        self._unreadable.update(bad)
        try:
            with self._write() as db:
                self._quarantine(db, bad)
        except StorageError:
            pass  # a read-only file or a full disk: the rows stay put, still skipped and named in notices()

    # ------------------------------------------------------------ reading

    def revision(self) -> int:
        """A number that changes on every write: a cheap cache key for derived views."""
        with self._connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
        try:
            return int(row[0]) if row else 0
        except (TypeError, ValueError):
            return -1  # a damaged counter: still a cache key; the next write restarts it at 1

    def records(self) -> list[Record]:
        """Every readable event with the version it was read at, in insertion order.

        A row that cannot be decoded is set aside (see :meth:`notices`), never the end of the read.
        """
        with self._connect() as db:
            good, bad = self._rows(db)
        if bad:
            self._set_aside(bad)
        return list(good.values())

    def all(self) -> list[Event]:
        """Every stored event."""
        return [record.event for record in self.records()]

    def get(self, event_id: str) -> Record | None:
        """One event and its version, or ``None`` when there is no such event."""
        with self._connect() as db:
            row = db.execute("SELECT feature, version FROM events WHERE event_id = ?", (event_id,)).fetchone()
        if row is None:
            return None
        try:
            return Record(decode(row[0]), row[1])
        except UNREADABLE as exc:
            self._set_aside({event_id: why(exc)})
            return None

    def quarantined(self) -> list[Change]:
        """Rows set aside because they could not be decoded, oldest first (``detail`` holds the reason)."""
        with self._connect() as db:
            rows = db.execute("SELECT at, event_id, reason FROM quarantine ORDER BY id").fetchall()
        return [Change(at, "set aside", event_id, {"reason": reason}) for at, event_id, reason in rows]

    def notices(self) -> list[str]:
        """What a person must be told about the store itself: an emptied file, rows set aside.

        Each is one line of plain text (show it as text, not Markdown: it quotes stored data).
        """
        damaged = {c.event_id: c.detail["reason"] for c in self.quarantined()} | self._unreadable
        lines = list(self._notices)
        if damaged:
            first = list(damaged.items())[:_SHOWN_IN_NOTICE]
            named = "; ".join(f"{event_id!r}: {reason}" for event_id, reason in first)
            more = f"; and {len(damaged) - _SHOWN_IN_NOTICE} more" if len(damaged) > _SHOWN_IN_NOTICE else ""
            lines.append(f"{len(damaged)} stored event{'s' if len(damaged) != 1 else ''} could not be read and "
                         f"{'were' if len(damaged) != 1 else 'was'} set aside (kept in the store's quarantine table); "
                         f"everything else is shown. {named}{more}")
        return lines

    def history(self, *, limit: int = 500) -> list[Change]:
        """The audit table, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT at, action, event_id, detail FROM history ORDER BY id DESC LIMIT ?",
                              (limit,)).fetchall()
        return [Change(at, action, event_id, row_detail(detail)) for at, action, event_id, detail in rows]

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
            stored, bad = self._rows(db)
            self._quarantine(db, bad)  # never fused, never deleted: kept aside for a person to look at
            fused = keep_ids(self._fuse([r.event for r in stored.values()] + new),
                             {k: r.event for k, r in stored.items()})
            if any(not e.event_id for e in fused):  # a row without a key could never be read back
                raise InputError("every event needs an event_id; fuse them (geo.extract.fusion.fuse) before storing")
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
            after = apply_changes(before.event, changes, geocode=self._geocode)
            self._put(db, after, before.version + 1)
            self._log(db, "update", event_id, changes=diff(before.event, after))
        return after

    def delete(self, event_id: str, *, expected_version: int | None = None) -> None:
        """Remove one event (the audit table keeps what it was)."""
        with self._write() as db:
            before = self._locked_get(db, event_id, expected_version)
            db.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            self._log(db, "delete", event_id, event=summary(before.event))

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
            self._log(db, "merge", keep_id, merged=other_id, other=summary(other.event))
        return merged

    def _locked_get(self, db: sqlite3.Connection, event_id: str, expected: int | None) -> Record:
        row = db.execute("SELECT feature, version FROM events WHERE event_id = ?", (event_id,)).fetchone()
        if row is None:
            raise StaleEdit(f"event {event_id} no longer exists (deleted or merged in another session)")
        if expected is not None and row[1] != expected:
            raise StaleEdit(f"event {event_id} was changed in another session since you opened it; "
                            "the view has been reloaded, please check and edit again")
        try:
            return Record(decode(row[0]), row[1])
        except UNREADABLE as exc:
            raise StorageError(f"event {event_id} cannot be read ({why(exc)}); it is set aside, "
                               "the other events can still be edited") from exc
