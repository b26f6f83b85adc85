"""The bad-input matrix, part 3: damaged stores and caches, a full disk, kill -9, concurrent writers, the app.

Real SQLite files, real processes killed with SIGKILL, a real size-capped tmpfs.
Each row asserts that nothing stored is lost, that damage is named in one line,
and that the rest keeps working.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from geo.app.store import EventStore
from geo.errors import StorageError
from tests.bad_input import ROOT, assert_clean_failure, geo
from tests.events_factory import sample_events


def _store(path: Path) -> EventStore:
    store = EventStore(path, fuse=list)
    store.add(sample_events())
    return store


def _set_feature(path: Path, event_id: str, feature: object) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE events SET feature = ? WHERE event_id = ?", (feature, event_id))


def _with_geometry(path: Path, event_id: str, coordinates: list) -> str:
    with sqlite3.connect(path) as db:
        feature = json.loads(db.execute("SELECT feature FROM events WHERE event_id = ?", (event_id,)).fetchone()[0])
    feature["geometry"]["coordinates"] = coordinates
    return json.dumps(feature)


# ---------------------------------------------------------------- damaged rows: set aside, named, the rest shown

ROWS = [  # (id, damaged feature of ev-erbil: text, or a function of the store path)
    ("bad json", '{"type": "Feature", "properties": {'),
    ("latitude 999", lambda path: _with_geometry(path, "ev-erbil", [44.0, 999])),
    ("longitude -400", lambda path: _with_geometry(path, "ev-erbil", [-400, 36.0])),
    ("NaN coordinates", lambda path: _with_geometry(path, "ev-erbil", [float("nan"), float("nan")])),
    ("json array", "[1, 2]"),
    ("json null", "null"),
    ("empty text", ""),
    ("a blob of bytes", b"\x00\xff\xfe"),
    ("an integer", 42),
    ("nested 100,000 deep", "[" * 100_000 + "]" * 100_000),
    ("unknown precision", lambda path: _with_geometry(path, "ev-erbil", [44.0, 36.0]).replace('"city"', '"galaxy"')),
    ("script in the place name", lambda path: _with_geometry(path, "ev-erbil", [44.0, 999]).replace(
        '"Erbil"', '"<script>alert(1)</script>"')),
]


@pytest.mark.parametrize("damage", [pytest.param(row[1], id=row[0]) for row in ROWS])
def test_a_damaged_row_is_set_aside_and_the_rest_show(tmp_path, damage):
    store = _store(tmp_path / "s.sqlite")
    _set_feature(store.path, "ev-erbil", damage(store.path) if callable(damage) else damage)
    again = EventStore(store.path, fuse=list)
    shown = again.all()
    assert sorted(e.event_id for e in shown) == sorted(e.event_id for e in sample_events()[1:])
    (notice,) = again.notices()
    assert "'ev-erbil'" in notice and "\n" not in notice
    with sqlite3.connect(store.path) as db:  # nothing lost: kept as it was
        assert db.execute("SELECT count(*) FROM quarantine WHERE event_id = 'ev-erbil'").fetchone()[0] == 1
    again.add([replace(sample_events()[0], event_id="ev-new")])  # writes go on
    assert len(again.all()) == 6


# ---------------------------------------------------------------- damaged store files

def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _header_only(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)


def _zeroed_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [pytest.param(_truncated, id="store truncated to a third"),
                                    pytest.param(_garbage, id="store replaced by random bytes"),
                                    pytest.param(_header_only, id="store with a bare header"),
                                    pytest.param(_zeroed_page, id="store with a page overwritten")])
def test_a_damaged_store_file_is_one_line_and_kept(tmp_path, damage):
    store = _store(tmp_path / "s.sqlite")
    damage(store.path)
    before = store.path.read_bytes()
    try:
        again = EventStore(store.path, fuse=list)
        events = again.all()
    except StorageError as exc:
        message = str(exc)
        assert "\n" not in message and str(store.path.name) in message
        assert store.path.read_bytes() == before  # the damaged file is never overwritten: it may be recovered
        return
    assert len(events) <= 6  # SQLite read what it could: no traceback, no invented rows


def test_a_store_emptied_to_zero_bytes_is_said_so(tmp_path):
    store = _store(tmp_path / "s.sqlite")
    store.path.write_bytes(b"")
    (notice,) = EventStore(store.path, fuse=list).notices()
    assert "empty file (0 bytes)" in notice


def test_a_folder_where_the_store_should_be_is_one_line(tmp_path):
    (tmp_path / "s.sqlite").mkdir()
    with pytest.raises(StorageError, match="cannot open the event store") as caught:
        EventStore(tmp_path / "s.sqlite", fuse=list)
    assert "\n" not in str(caught.value)


def test_a_full_disk_reports_sqlites_error(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a size-capped tmpfs here (needs root)")
    try:
        store = _store(disk / "s.sqlite")
        big = [replace(e, event_id=f"big-{i}", target=os.urandom(3000).hex())
               for i, e in enumerate(sample_events() * 40)]
        with pytest.raises(StorageError, match="database or disk is full"):
            store.add(big)
        assert len(EventStore(store.path, fuse=list).all()) == 6
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("text", [pytest.param("Robert'); DROP TABLE events;--", id="sql injection in a field"),
                                  pytest.param("%' OR '1'='1", id="sql quote games in an id")])
def test_sql_metacharacters_are_stored_as_text(tmp_path, text):
    store = EventStore(tmp_path / "s.sqlite", fuse=list)
    store.add([replace(sample_events()[0], event_id=text, target=text)])
    again = EventStore(store.path, fuse=list)
    assert [(e.event_id, e.target) for e in again.all()] == [(text, text)]
    again.update(text, actor="TR")
    assert again.get(text).event.actor == "TR" and len(again.all()) == 1


# ---------------------------------------------------------------- kill -9 and concurrent writers

WRITER = textwrap.dedent("""
    import sys
    from dataclasses import replace
    from geo.app.store import EventStore
    from tests.events_factory import sample_events

    store = EventStore(sys.argv[1], fuse=list)
    base = sample_events()
    for batch in range(int(sys.argv[3])):
        store.add([replace(base[j], event_id=f"{sys.argv[2]}-{batch}-{j}") for j in range(len(base))])
        print(batch, flush=True)
""")


def _writer(path: Path, name: str, batches: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(batches)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("after_batches", [pytest.param(1, id="kill -9 after 1 batch"),
                                           pytest.param(4, id="kill -9 after 4 batches"),
                                           pytest.param(9, id="kill -9 after 9 batches")])
def test_kill_9_mid_import_loses_no_committed_batch(tmp_path, after_batches):
    path = tmp_path / "s.sqlite"
    child = _writer(path, "k", 1000)
    done = [child.stdout.readline() for _ in range(after_batches)]
    os.kill(child.pid, signal.SIGKILL)  # somewhere inside the next transaction
    child.wait()
    committed = int(done[-1])
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = {e.event_id for e in EventStore(path, fuse=list).all()}
    batches = {}
    for event_id in ids:
        batches.setdefault(int(event_id.split("-")[1]), set()).add(event_id)
    assert set(range(committed + 1)) <= set(batches)  # every batch reported as stored is there
    assert all(len(events) == 6 for events in batches.values())  # and no batch is half there


def test_two_writer_processes_lose_nothing(tmp_path):
    path = tmp_path / "s.sqlite"
    EventStore(path, fuse=list)  # created first: both writers open an existing WAL store
    children = [_writer(path, "a", 8), _writer(path, "b", 8)]
    for child in children:
        child.communicate(timeout=120)
        assert child.returncode == 0
    assert len(EventStore(path, fuse=list).all()) == 2 * 8 * 6


def test_kill_9_mid_export_leaves_the_old_file_or_the_new_one(tmp_path):
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.01, 36.19]},
                 "properties": {"event_id": f"e{i}", "actor": "IR", "target_country": "IQ", "precision": "city",
                                "place": "Erbil", "confidence": 0.5, "sources": []}} for i in range(3000)]
    (tmp_path / "events.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    (tmp_path / "out.geojson").write_text("precious")
    child = subprocess.Popen([sys.executable, "-m", "geo", "export", "events.geojson", "-o", "out.geojson"],
                             cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE)
    try:
        child.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    text = (tmp_path / "out.geojson").read_text()
    assert text == "precious" or len(json.loads(text)["features"]) == 3000


# ---------------------------------------------------------------- damaged gazetteer cache (python -m geo, exit 3)

def _index_path(cache: Path) -> Path:
    code = "from geo.gazetteer.index import default_index_path; print(default_index_path())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "STRIKEMAP_CACHE": str(cache), "PYTHONPATH": str(ROOT)})
    return Path(done.stdout.strip())


@pytest.mark.parametrize("damage", [pytest.param("truncated", id="gazetteer truncated"),
                                    pytest.param("garbage", id="gazetteer replaced by random bytes"),
                                    pytest.param("folder", id="gazetteer path is a folder")])
def test_a_damaged_gazetteer_is_one_line_saying_how_to_rebuild(tmp_path, gazetteer, damage):
    index = _index_path(tmp_path)
    if damage == "truncated":
        with open(gazetteer.path, "rb") as real:
            index.write_bytes(real.read(2_000_000))
    elif damage == "garbage":
        index.write_bytes(os.urandom(20_000))
    else:
        index.mkdir()
    run = geo("geocode", "Erbil", "--json", cwd=tmp_path, env={"STRIKEMAP_CACHE": str(tmp_path)}, timeout=90)
    assert_clean_failure(run, 3, r"rebuild")
    assert "index --rebuild" in run.err


@pytest.mark.parametrize("content", [pytest.param(b"\x00garbage" * 500, id="online geocoder cache of random bytes"),
                                     pytest.param(b"SQLite format 3\x00" + b"\x07" * 3000, id="online cache torn")])
def test_a_damaged_online_cache_is_one_line(tmp_path, content, gazetteer):
    (tmp_path / gazetteer.path.name).symlink_to(gazetteer.path)  # the real index beside the damaged cache
    (tmp_path / "online-geocoder.sqlite").write_bytes(content)
    run = geo("geocode", "Erbil", "--online", "--json", cwd=tmp_path, env={"STRIKEMAP_CACHE": str(tmp_path)})
    assert_clean_failure(run, 3, r"online geocoder's cache .* delete it")
    assert (tmp_path / "online-geocoder.sqlite").read_bytes() == content  # not silently replaced


def test_a_damaged_answer_in_the_online_cache_is_asked_again(tmp_path):
    from geo.gazetteer.geocoding import _AnswerCache

    cache = _AnswerCache(tmp_path / "online.sqlite")
    cache.put("k", {"lat": 1})
    with sqlite3.connect(tmp_path / "online.sqlite") as db:
        db.execute("UPDATE answers SET v = '{broken'")
    assert cache.get("k") == (False, None)
