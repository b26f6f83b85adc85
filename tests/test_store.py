"""The event store: a SQLite file shared by browser sessions, every edit audited and versioned."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest

from geo.errors import InputError, StorageError
from geo.models import DatePrecision, Precision
from geo.store import EventStore, StaleEdit, merge_pair
from tests.events_factory import ERBIL, sample_events


def no_fusion(events):
    """Keep events as they are: the tests below are about storage, not about fusion."""
    return list(events)


def fake_geocode(name, country):
    return ERBIL if name.lower() in ("erbil", "irbil", "hawler") else None


@pytest.fixture
def store(tmp_path):
    made = EventStore(tmp_path / "events" / "strikemap.sqlite", fuse=no_fusion, geocode=fake_geocode)
    made.add(sample_events())
    return made


def reopen(store: EventStore) -> EventStore:
    return EventStore(store.path, fuse=no_fusion, geocode=fake_geocode)


def test_add_and_all_round_trip_events_exactly(store):
    assert store.all() == sample_events()  # evidence spans, origins, sources: nothing lost in SQLite
    assert {r.version for r in store.records()} == {1}
    assert store.add([]) == 0


def test_survives_reopen_and_uses_wal(store):
    store.update("ev-erbil", actor="TR")
    again = reopen(store)
    assert again.get("ev-erbil").event.actor == "TR"
    assert again.get("ev-erbil").version == 2
    import sqlite3

    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_update_fields_and_history(store):
    updated = store.update("ev-range", target_country="ir", date="2024-01-13", precision="province")
    assert updated.target_country == "IR"
    assert updated.date.earliest == updated.date.latest == date(2024, 1, 13)
    assert updated.date.precision is DatePrecision.DAY
    assert updated.place.precision is Precision.PROVINCE
    ranged = store.update("ev-range", date_earliest=date(2024, 1, 10), date_latest="2024-01-12")
    assert (ranged.date.earliest, ranged.date.latest, ranged.date.precision) == (
        date(2024, 1, 10), date(2024, 1, 12), DatePrecision.RANGE)
    last = store.history()[0]
    assert last.action == "update" and last.event_id == "ev-range"
    assert last.detail["changes"]["date_earliest"] == ["2024-01-13", "2024-01-10"]


def test_update_refuses_bad_input_with_one_clear_line(store):
    with pytest.raises(InputError, match="alpha-2"):
        store.update("ev-erbil", actor="Iran")
    with pytest.raises(InputError, match="ISO date"):
        store.update("ev-erbil", date="16/01/2024")
    with pytest.raises(InputError, match="ends before it starts"):
        store.update("ev-erbil", date_earliest="2024-02-01", date_latest="2024-01-01")
    with pytest.raises(InputError, match="cannot edit"):
        store.update("ev-erbil", fatalities=3)
    with pytest.raises(InputError, match="no place called"):
        store.update("ev-erbil", place="Atlantis")
    assert store.get("ev-erbil").version == 1  # nothing half-written


def test_place_change_is_regeocoded(store):
    moved = store.update("ev-noplace", place="Irbil")
    assert moved.place == ERBIL and moved.place_text == "Irbil"
    cleared = store.update("ev-noplace", place="")
    assert cleared.place is None and cleared.precision is Precision.COUNTRY


def test_place_change_uses_the_real_gazetteer_in_the_target_country(tmp_path, gazetteer):
    real = EventStore(tmp_path / "s.sqlite", fuse=no_fusion,
                      geocode=lambda name, country: gazetteer.best(name, country=country))
    real.add(sample_events())
    moved = real.update("ev-range", place="Irbil")  # target IQ: the Kurdish capital, lat and lon visibly apart
    assert moved.place.country == "IQ"
    assert abs(moved.place.lat - 36.19) < 0.1 and abs(moved.place.lon - 44.01) < 0.1


def test_delete_and_merge(store):
    store.delete("ev-noplace")
    assert store.get("ev-noplace") is None
    with pytest.raises(StaleEdit, match="no longer exists"):
        store.update("ev-noplace", actor="IL")
    merged = store.merge("ev-erbil", "ev-idlib")
    assert store.get("ev-idlib") is None
    assert {s.article_id for s in merged.sources} >= {"erbil-strike", "idlib-strike"}
    assert merged.actor == "IR" and merged.place == ERBIL  # the town is more precise than the province
    assert [c.action for c in store.history()[:2]] == ["merge", "delete"]
    with pytest.raises(InputError):
        store.merge("ev-erbil", "ev-erbil")


def test_merge_pair_takes_the_tighter_overlapping_date():
    erbil, _idlib, _panjgur, _iran, penjwen, *_ = sample_events()
    wide = replace(penjwen, actor="IR")  # 12-14 January
    tight = replace(erbil, date=replace(erbil.date, earliest=date(2024, 1, 13), latest=date(2024, 1, 13)))
    assert merge_pair(wide, tight).date.day == date(2024, 1, 13)


def test_stale_update_is_refused(store):
    seen = store.get("ev-erbil")
    store.update("ev-erbil", expected_version=seen.version, actor="PK")  # someone else, first
    with pytest.raises(StaleEdit, match="changed in another session") as caught:
        store.update("ev-erbil", expected_version=seen.version, actor="TR")
    assert isinstance(caught.value, StorageError)
    assert store.get("ev-erbil").event.actor == "PK"  # the first edit stands
    with pytest.raises(StaleEdit):
        store.delete("ev-erbil", expected_version=seen.version)


def test_two_connections_editing_different_events_both_persist(store):
    other = reopen(store)
    errors = []

    def edit(handle, event_id, actor, rounds=25):
        try:
            for i in range(rounds):
                seen = handle.get(event_id)
                handle.update(event_id, expected_version=seen.version, date=date(2024, 1, 1 + i % 28))
            handle.update(event_id, actor=actor)
        except Exception as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(store, "ev-erbil", "TR")),
               threading.Thread(target=edit, args=(other, "ev-panjgur", "US"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    fresh = reopen(store)
    assert fresh.get("ev-erbil").event.actor == "TR" and fresh.get("ev-panjgur").event.actor == "US"
    assert fresh.get("ev-erbil").version == fresh.get("ev-panjgur").version == 27
    assert len([c for c in fresh.history() if c.action == "update"]) == 52


def test_concurrent_adds_lose_nothing(tmp_path):
    events = sample_events()
    a = EventStore(tmp_path / "s.sqlite", fuse=no_fusion)
    b = EventStore(tmp_path / "s.sqlite", fuse=no_fusion)
    threads = [threading.Thread(target=a.add, args=(events[:3],)), threading.Thread(target=b.add, args=(events[3:],))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(e.event_id for e in a.all()) == sorted(e.event_id for e in events)


def test_add_fuses_with_stored_events_and_keeps_their_ids(tmp_path):
    from geo.fusion import fuse

    store = EventStore(tmp_path / "s.sqlite", fuse=fuse)
    erbil = sample_events()[0]
    store.add([replace(erbil, event_id="", sources=erbil.sources[:1])])
    first = store.all()
    assert len(first) == 1
    event_id = first[0].event_id
    # The second article about the same strike joins it; the id a reviewer may have open stays.
    store.add([replace(erbil, event_id="", sources=erbil.sources[1:] + erbil.sources[:1])])
    (fused,) = store.all()
    assert fused.event_id == event_id and len(fused.sources) == 2
    assert store.get(event_id).version == 2


def test_add_once_loads_a_bundle_only_once(store):
    assert store.add(sample_events()[:1], once="bundle") == 0  # equal event: nothing changed
    store.delete("ev-erbil")
    assert store.add(sample_events()[:1], once="bundle") == 0  # recorded: a deleted event stays deleted
    assert store.get("ev-erbil") is None
    assert store.meta("once:bundle") is not None


def test_events_without_ids_are_refused(store):
    with pytest.raises(InputError, match="event_id"):
        store.add([replace(sample_events()[0], event_id="")])
    assert len(store.all()) == 6


def test_revision_moves_on_every_write(store):
    before = store.revision()
    store.update("ev-erbil", actor="TR")
    assert store.revision() == before + 1


def test_unwritable_location_is_a_storage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError, match="cannot open the event store"):
        EventStore(blocker / "strikemap.sqlite")
