"""The event store: a SQLite file shared by browser sessions, every edit audited and versioned."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest

from geo.app.store import EventStore, StaleEdit, merge_pair
from geo.errors import InputError, StorageError
from geo.models import DatePrecision, Precision
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
    from geo.extract.fusion import fuse

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


# ---------------------------------------------------------------- damage: bad rows, a full disk, an emptied file

def _corrupt(path, event_id, feature):
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("UPDATE events SET feature = ? WHERE event_id = ?", (feature, event_id))


def _feature(store, event_id):
    import sqlite3

    with sqlite3.connect(store.path) as db:
        return db.execute("SELECT feature FROM events WHERE event_id = ?", (event_id,)).fetchone()[0]


def _lat_999(store, event_id):
    import json

    feature = json.loads(_feature(store, event_id))
    feature["geometry"]["coordinates"] = [44.0, 999]
    return json.dumps(feature)


@pytest.mark.parametrize("damage", ["bad json", "latitude 999", "not an object", "no properties"])
def test_one_bad_row_is_set_aside_named_and_kept(store, damage):
    feature = {"bad json": lambda: '{"type": "Feature", ', "latitude 999": lambda: _lat_999(store, "ev-erbil"),
               "not an object": lambda: "[1, 2, 3]",
               "no properties": lambda: '{"type": "Feature", "geometry": null}'}[damage]()
    _corrupt(store.path, "ev-erbil", feature)
    shown = store.all()
    assert sorted(e.event_id for e in shown) == sorted(e.event_id for e in sample_events()[1:])
    (notice,) = store.notices()
    assert "'ev-erbil'" in notice and "set aside" in notice and "\n" not in notice
    if damage == "bad json":
        assert "not valid JSON" in notice
    if damage == "latitude 999":
        assert "lat=999" in notice
    (moved,) = store.quarantined()
    assert moved.event_id == "ev-erbil"
    import sqlite3

    with sqlite3.connect(store.path) as db:  # nothing lost: the damaged text is kept as it was
        assert db.execute("SELECT feature FROM quarantine").fetchone()[0] == feature
    assert store.history()[0].action == "set aside"
    assert reopen(store).notices() == [notice]  # said again after a restart, until someone repairs it


def test_a_bad_row_never_blocks_adds_or_edits_of_the_others(store):
    _corrupt(store.path, "ev-idlib", "{oops")
    store.update("ev-erbil", actor="TR")  # the write sweeps the damaged row aside, keeps it
    assert store.add([replace(sample_events()[0], event_id="ev-new")]) == 1
    assert store.get("ev-idlib") is None and store.get("ev-erbil").event.actor == "TR"
    assert [c.event_id for c in store.quarantined()] == ["ev-idlib"]
    assert len(store.all()) == 6


def test_a_bad_row_met_by_get_or_an_edit_is_one_line(store):
    _corrupt(store.path, "ev-panjgur", "not json at all")
    with pytest.raises(StorageError, match="ev-panjgur cannot be read"):
        store.delete("ev-panjgur")
    assert store.get("ev-panjgur") is None
    assert "ev-panjgur" in store.notices()[0]


def test_many_bad_rows_make_one_notice(store):
    for event in sample_events()[:5]:
        _corrupt(store.path, event.event_id, "{")
    (notice,) = store.notices() or [None]
    assert notice is None  # nothing read yet: notices never decode rows themselves
    assert len(store.all()) == 1
    (notice,) = store.notices()
    assert notice.startswith("5 stored events could not be read") and "and 2 more" in notice


def test_damaged_history_and_revision_are_read_anyway(store):
    import sqlite3

    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE history SET detail = '{broken' WHERE id = 1")
        db.execute("UPDATE meta SET value = 'x' WHERE key = 'revision'")
    assert store.history()[-1].detail["unreadable"] == "{broken"
    assert store.revision() == -1
    store.update("ev-erbil", actor="TR")
    assert store.revision() == 1


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KiB tmpfs: a real full disk (needs root, as in CI's container; skipped elsewhere)."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a size-capped tmpfs here ({done.stderr.decode().strip() or 'not root'})")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_reports_sqlites_error_not_the_rollbacks(small_disk):
    import os

    store = EventStore(small_disk / "s.sqlite", fuse=no_fusion)
    store.add(sample_events()[:2])
    big = [replace(e, event_id=f"big-{i}", target=os.urandom(3000).hex()) for i, e in enumerate(sample_events() * 40)]
    with pytest.raises(StorageError, match="database or disk is full") as caught:
        store.add(big)
    assert "rollback" not in str(caught.value) and "\n" not in str(caught.value)
    assert sorted(e.event_id for e in reopen(store).all()) == ["ev-erbil", "ev-idlib"]  # nothing half-written
    store.update("ev-erbil", actor="TR")  # small writes still work
    assert store.get("ev-erbil").event.actor == "TR"


def test_a_store_emptied_to_zero_bytes_says_so(store):
    assert store.notices() == []
    store.path.write_bytes(b"")
    for leftover in (store.path.with_name(store.path.name + "-wal"), store.path.with_name(store.path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    again = reopen(store)
    (notice,) = again.notices()
    assert "empty file (0 bytes)" in notice and str(store.path) in notice
    assert again.all() == [] and again.history()[0].action == "found empty"
    assert reopen(again).notices() == []  # a store that is new on purpose is not reported


def test_a_new_store_has_no_notices(tmp_path):
    assert EventStore(tmp_path / "fresh.sqlite", fuse=no_fusion).notices() == []


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_store_file_that_is_not_sqlite_is_one_line(tmp_path, content):
    path = tmp_path / "s.sqlite"
    path.write_bytes(content)
    with pytest.raises(StorageError, match="not a database|malformed") as caught:
        EventStore(path, fuse=no_fusion).all()
    assert "\n" not in str(caught.value) and "move it aside" in str(caught.value)
    assert path.read_bytes() == content  # never overwritten
