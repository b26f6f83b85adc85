"""``python -m geo extract --engine dask``: the same events as the local engine, from a Dask cluster.

Map: the corpus is cut into slices (files, and runs of an archive's records, see
:mod:`geo.read.archives`) and grouped into tasks; each worker opens the gazetteer once and keeps the
events of its articles, grouped by country pair. Reduce: all events of one unordered country pair
({A, B}: A's strikes on B and B's on A) go to one task, which fuses them with the same
:func:`geo.extract.fusion.fuse` the local engine uses, in the corpus's own order. The client sorts the
fused events into fusion's final order and writes them.

Why pairs and not time buckets: fusion is greedy and order-dependent (an event joins the first
compatible strike in its order), and a retaliation is linked to the latest earlier strike the
other way, however long before. Events of different pairs never meet in fusion, so fusing each
pair alone gives exactly the single-process result, ids and order included; cutting a pair by
time would not, without reaching into fusion's private steps.

>>> events = run(["data/articles"], workers=2)        # doctest: +SKIP
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date

from ..errors import GeoError, InputError
from ..models import Event
from ..read.archives import Slice, is_archive, slices_of
from .fusion import fused_order
from .pipeline import Pipeline, Progress, Report, expand_paths

__all__ = ["fused_order", "pipelines_opened", "run"]

# Tasks of about this many articles; fewer when the corpus is small, so every worker gets several.
ARTICLES_PER_TASK = 200
TASKS_PER_WORKER = 4
Pair = tuple[str, str]

_lock = threading.Lock()
_pipelines: list[Pipeline] = []


def worker_pipeline() -> Pipeline:
    """This process's pipeline: the gazetteer opens once per worker, not once per task."""
    with _lock:
        if not _pipelines:
            _pipelines.append(Pipeline())
        return _pipelines[0]


def pipelines_opened() -> int:
    """How many pipelines (gazetteers) this process has opened: at most 1 on a worker."""
    return len(_pipelines)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What one extraction task keeps on its worker: the events of each country pair, in corpus order."""

    by_pair: dict[Pair, list[Event]]
    reports: tuple[Report, ...]  # without events or articles: what the client tells the user


def pair_of(event: Event) -> Pair:
    """The unordered country pair an event belongs to: a strike and its answer share one."""
    return tuple(sorted((event.actor, event.target_country)))


def _extract(pieces: list[Slice], published: date | None) -> Extracted:
    pipeline = worker_pipeline()
    by_pair: dict[Pair, list[Event]] = {}
    reports = []
    for piece in pieces:
        for report in pipeline.extract_slice(piece, published=published):
            for event in report.events:
                by_pair.setdefault(pair_of(event), []).append(event)
            reports.append(replace(report, events=()))
    return Extracted(by_pair, tuple(reports))


def _summary(extracted: Extracted) -> tuple[dict[Pair, int], tuple[Report, ...]]:
    return {pair: len(events) for pair, events in extracted.by_pair.items()}, extracted.reports


def _select(extracted: Extracted, pairs: frozenset[Pair]) -> dict[Pair, list[Event]]:
    return {pair: events for pair, events in extracted.by_pair.items() if pair in pairs}


def _fuse(pairs: list[Pair], *selections: dict[Pair, list[Event]]) -> list[Event]:
    pipeline = worker_pipeline()
    fused: list[Event] = []
    for pair in pairs:
        fused += pipeline.fuse(e for selection in selections for e in selection.get(pair, ()))
    return fused


def run(paths: list[str], *, published: date | None = None, scheduler: str | None = None, workers: int = 2,
        progress: Progress | None = None, on_report: Callable[[Report], None] | None = None) -> list[Event]:
    """Extract and fuse a corpus on a Dask cluster; the same events, in the same order, as the local engine.

    Without ``scheduler`` a local cluster of ``workers`` processes (one thread each) starts on
    127.0.0.1 and stops afterwards; with one, the cluster at that address does the work (its
    workers must see the same files at the same paths).

    Raises
    ------
    GeoError
        When the cluster cannot be reached or a worker dies.
    """
    names = [name if name == "-" else _absolute(name) for name in expand_paths(paths)]
    if "-" in names:
        raise InputError("the Dask engine reads files, not stdin; use --engine local for piped input")
    from distributed import CancelledError
    from distributed.comm.core import CommClosedError
    from distributed.scheduler import KilledWorker

    with _client(scheduler, workers) as client:
        try:
            return _run(client, names, published, progress or (lambda *_: None), on_report or (lambda _: None))
        except (KilledWorker, CancelledError, CommClosedError) as exc:
            raise GeoError(f"the Dask cluster failed: {type(exc).__name__}: {exc}") from exc


def _absolute(name: str) -> str:
    from pathlib import Path

    return str(Path(name).resolve())


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator:
    import logging

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)  # its INFO chatter is no news to the user
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except ValueError as exc:  # not an address at all: the user's to fix (exit 2), not a failed service
            raise InputError(f"--scheduler {scheduler}: {exc}") from exc
        except (OSError, TimeoutError) as exc:
            raise GeoError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            try:
                client.wait_for_workers(1, timeout=60)
            except TimeoutError as exc:
                raise GeoError(f"the Dask scheduler at {scheduler} has no workers (waited 60 s)") from exc
            yield client
        return
    if workers < 1:
        raise GeoError(f"--workers must be at least 1, got {workers}")
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def _run(client, names: list[str], published: date | None, progress: Progress,
         on_report: Callable[[Report], None]) -> list[Event]:
    """Index archives, extract (map), hand each country pair's events to one task, fuse (reduce), sort."""
    from distributed import as_completed

    archives = [n for n in names if is_archive(n)]
    indexed = dict(zip(archives, client.gather(client.map(slices_of, archives, pure=False)), strict=True))
    pieces = [piece for n in names for piece in (indexed[n] if n in indexed else [Slice(n)])]
    tasks = _tasks(pieces, sum(client.nthreads().values()) or 1)
    total = sum(p.articles for task in tasks for p in task)
    extracted = client.map(_extract, tasks, published=published, pure=False)
    summaries = client.map(_summary, extracted, pure=False)
    task_of = {summary.key: i for i, summary in enumerate(summaries)}
    counts: list[dict[Pair, int]] = [{} for _ in extracted]
    done = 0
    for future, (pair_counts, reports) in as_completed(summaries, with_results=True):
        i = task_of[future.key]
        counts[i] = pair_counts
        for report in reports:
            on_report(report)
        done += sum(p.articles for p in tasks[i])
        progress("extracting (dask)", min(done, total), total)
    buckets = _buckets(counts, sum(client.nthreads().values()) or 1)
    fused_parts = []
    for pairs in buckets:
        wanted = frozenset(pairs)
        selections = [client.submit(_select, extracted[i], wanted, pure=False)
                      for i, pair_counts in enumerate(counts) if wanted & pair_counts.keys()]
        fused_parts.append(client.submit(_fuse, pairs, *selections, pure=False))
    del extracted, summaries  # the workers free each task's events once its pairs are selected and fused
    fused: list[Event] = []
    for step, (_, events) in enumerate(as_completed(fused_parts, with_results=True), start=1):
        fused += events
        progress("fusing (dask)", step, len(fused_parts))
    return sorted(fused, key=fused_order)  # stable: within a pair, fusion's own order stays


def _tasks(pieces: list[Slice], threads: int) -> list[list[Slice]]:
    """Consecutive slices grouped into tasks of about the same number of articles."""
    total = sum(p.articles for p in pieces)
    size = max(1, min(ARTICLES_PER_TASK, -(-total // (threads * TASKS_PER_WORKER))))
    tasks: list[list[Slice]] = [[]]
    held = 0
    for piece in pieces:
        if held >= size:
            tasks.append([])
            held = 0
        tasks[-1].append(piece)
        held += piece.articles
    return [task for task in tasks if task]


def _buckets(counts: list[dict[Pair, int]], threads: int) -> list[list[Pair]]:
    """Country pairs shared out to reduce tasks, the biggest first to the emptiest (longest-first packing)."""
    sizes: dict[Pair, int] = {}
    for pair_counts in counts:
        for pair, n in pair_counts.items():
            sizes[pair] = sizes.get(pair, 0) + n
    loads = [0] * min(len(sizes), threads * 2)
    buckets: list[list[Pair]] = [[] for _ in loads]
    for pair in sorted(sizes, key=lambda p: (-sizes[p], p)):
        emptiest = loads.index(min(loads))
        loads[emptiest] += sizes[pair]
        buckets[emptiest].append(pair)
    return [sorted(pairs) for pairs in buckets if pairs]
