"""The Dask engine on a real cluster: a ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1.

It must give exactly the local engine's events: the same strikes, ids and order.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.extract.engine_dask import _buckets, _tasks
from geo.extract.pipeline import Pipeline
from geo.read.archives import Slice

from .conftest import ROOT
from .test_archives import QAMISHLI, TYRE_UNDATED, page, write_warc

DASK = Path(sys.executable).with_name("dask")
SAMPLES = ["01_iran_erbil_idlib_magazine.txt", "02_iran_panjgur_wire.txt", "03_pakistan_saravan_briefing.txt",
           "13_us_albu_kamal_2023.txt"]


def story(title: str, *sentences: str, published: str | None = None) -> dict:
    text = f"{title}\n\n" + " ".join(sentences) + " Residents described loud blasts over the area."
    return {"text": text, "url": f"https://news.example/{len(text)}", **({"published": published} if published else {})}


# The same strikes told again and again, more or less precisely, dated and undated, so that fusion's
# order matters: a wrong order or a pair split across reduce tasks changes the events or their ids.
REPORTS = [
    story("Drones hit Qamishli", "Turkish drones struck a depot near Qamishli on Tuesday, officials said.",
          published="2024-03-14"),
    story("Turkey strikes Syria", "Turkish aircraft struck targets in northeastern Syria on Tuesday, a monitor said.",
          published="2024-03-15"),
    story("Turkey hits Syria", "Turkey struck Kurdish positions in Syria this week, the ministry said.",
          published="2024-03-16"),
    story("Strike near Qamishli", "Turkish drones struck a checkpoint near Qamishli, residents said."),
    story("Israeli jets hit Tyre", "Israeli warplanes struck a building in Tyre on Monday, the ministry said.",
          published="2024-03-12"),
    story("Israel strikes south Lebanon", "Israeli jets struck southern Lebanon on Monday, state media said.",
          published="2024-03-12"),
    story("Tyre hit again", "Israeli warplanes struck a building in Tyre on Monday, the ministry said.",
          "Israel also struck Nabatieh on Sunday, officials said.", published="2024-03-13"),
    story("Russian missiles hit Kharkiv", "Russian missiles struck an energy plant in Kharkiv on Thursday, "
          "the mayor said.", published="2024-03-15"),
    story("Ukraine strikes back", "Ukrainian drones attacked a fuel depot in Belgorod on Friday in retaliation "
          "for the strike on Kharkiv, the governor said.", published="2024-03-16"),
    story("Kharkiv again", "Russian missiles struck Kharkiv overnight, officials said.", published="2024-03-15"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "reports.jsonl").write_text("".join(json.dumps(r) + "\n" for r in REPORTS) + "{broken\n",
                                          encoding="utf-8")
    write_warc(folder / "crawl.warc.gz", [
        ("https://news.example/qamishli", "text/html", "200 OK", QAMISHLI.encode()),
        ("https://news.example/tyre", "text/html", "200 OK", TYRE_UNDATED.encode()),
        ("https://news.example/erbil", "text/html", "200 OK", page(
            "Missiles hit Erbil", "Iran fired ballistic missiles at Erbil on Monday, Kurdish officials said.",
            published="2024-01-16").encode()),
        ("https://news.example/logo.png", "image/png", "200 OK", b"\x89PNG\r\n\x1a\n"),
    ])
    return [str(ROOT / "data" / "articles" / name) for name in SAMPLES] + [str(folder / "reports.jsonl"),
                                                                          str(folder / "crawl.warc.gz")]


@pytest.fixture(scope="module")
def local_events(gazetteer, corpus):
    return Pipeline(gazetteer).stream(corpus)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A real scheduler and two one-thread workers, always stopped afterwards."""
    folder = tmp_path_factory.mktemp("cluster")
    scheduler_file = folder / "scheduler.json"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = []

    def start(*args: str) -> None:
        started.append(subprocess.Popen([str(DASK), *args], cwd=ROOT, env=environment, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=open(folder / "log.txt", "ab")))  # noqa: SIM115

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
              "--scheduler-file", str(scheduler_file))
        deadline = time.monotonic() + 30
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        for _ in range(2):
            start("worker", "--scheduler-file", str(scheduler_file), "--nthreads", "1", "--nworkers", "1",
                  "--host", "127.0.0.1", "--no-dashboard", "--memory-limit", "0")
        from distributed import Client

        address = json.loads(scheduler_file.read_text())["address"]
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
            yield address, client
    finally:
        for process in started:  # each process we started, by its own group: a worker's nanny takes its child
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def test_a_real_cluster_gives_the_local_events(cluster, corpus, local_events):
    from geo.extract.engine_dask import pipelines_opened, run

    address, client = cluster
    told = []
    events = run(corpus, scheduler=address, on_report=told.append)
    assert len(local_events) >= 8 and len({(e.actor, e.target_country) for e in local_events}) >= 5
    assert [e.event_id for e in events] == [e.event_id for e in local_events]
    assert events == local_events
    assert any(e.responds_to for e in events)  # a retaliation linked across tasks still finds its strike
    assert sum(r.error is not None for r in told) == 2  # the broken JSON line and the PNG
    opened = client.run(pipelines_opened)
    assert len(opened) == 2 and set(opened.values()) <= {0, 1} and sum(opened.values()) >= 1, opened


def test_the_cli_writes_geoparquet_from_the_cluster(cluster, corpus, local_events, tmp_path):
    from geo.formats.parquet import read_parquet

    address, _ = cluster
    out = tmp_path / "events.parquet"
    result = subprocess.run([sys.executable, "-m", "geo", "extract", *corpus, "--engine", "dask",
                             "--scheduler", address, "-o", str(out)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "fusing (dask)" in result.stderr
    assert read_parquet(out) == local_events


def test_a_local_cluster_starts_and_stops(corpus, local_events, tmp_path):
    out = tmp_path / "events.jsonl"
    result = subprocess.run([sys.executable, "-m", "geo", "extract", *corpus, "--engine", "dask", "--workers", "1",
                             "--format", "jsonl", "-o", str(out)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    ids = [json.loads(line)["properties"]["event_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [e.event_id for e in local_events]


@pytest.mark.parametrize("args", [["--scheduler", "tcp://127.0.0.1:1"], ["--engine", "dask", "--workers", "0"],
                                  ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"],
                                  ["--engine", "dask", "--scheduler", "foo://not-an-address"]])
def test_engine_options_are_checked_first(args):
    result = subprocess.run([sys.executable, "-m", "geo", "extract", str(ROOT / "data" / "articles"), *args],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_tasks_are_consecutive_and_cover_everything():
    pieces = [Slice(f"a{i}.txt") for i in range(10)] + [Slice("b.jsonl", offset=i, count=10, first=i * 10,
                                                              articles=10) for i in range(12)]
    tasks = _tasks(pieces, threads=2)  # 130 articles, 8 tasks wanted: about 17 each, slices stay whole
    assert [p for task in tasks for p in task] == pieces
    assert len(tasks) == 7 and max(sum(p.articles for p in task) for task in tasks) == 20


def test_buckets_hold_every_pair_once_biggest_spread_first():
    counts = [{("IL", "LB"): 90, ("RU", "UA"): 5}, {("IL", "LB"): 10, ("IQ", "US"): 40, ("IR", "PK"): 30}]
    buckets = _buckets(counts, threads=1)
    assert sorted(p for b in buckets for p in b) == [("IL", "LB"), ("IQ", "US"), ("IR", "PK"), ("RU", "UA")]
    assert [("IL", "LB")] in buckets and len(buckets) == 2
