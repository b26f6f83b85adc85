"""Print what big corpora cost: Dask throughput on 1 and 2 workers, per-process peak memory, a 10^6 projection.

Run: python benchmarks/bench_corpus.py [--articles 10000] [--memory-articles 100000] [--skip-local]
Targets (issue 12): >= 1.7x articles/s with 2 workers instead of 1 on 2 cores (lower when other
work loads the machine: the load average is printed with every figure); a streaming run of 100k
articles under 1 GB of memory in every process.

The corpus is synthetic and written here: short news-like articles of our own, each telling one of a
few hundred strikes (an actor, a town, a day) in one sentence among everyday sentences, so the same
strike is reported many times, as in real news, and fusion has real work.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (actor's adjective, expected actor, target country, town as written): each extracts as written.
STRIKERS = [("Turkish", "TR", "SY", "Qamishli"), ("Turkish", "TR", "IQ", "Duhok"), ("Israeli", "IL", "LB", "Tyre"),
            ("Israeli", "IL", "SY", "Damascus"), ("US", "US", "IQ", "Al-Qaim in Iraq"),
            ("Iranian", "IR", "IQ", "Erbil"), ("Russian", "RU", "UA", "Kharkiv"), ("Ukrainian", "UA", "RU", "Belgorod"),
            ("Pakistani", "PK", "AF", "Khost in Afghanistan"), ("American", "US", "YE", "Hodeidah")]
WEAPONS = ["drones", "warplanes", "missiles", "jets", "aircraft"]
OBJECTS = ["a depot", "a fuel depot", "a command post", "a radar site", "an ammunition store", "a warehouse",
           "a checkpoint", "a training camp"]
SAYERS = ["officials said", "the ministry said", "a local monitor said", "residents said", "the governor said",
          "state media reported"]
EVERYDAY = [
    "The city council met later to discuss repairs to roads and schools.",
    "Prices of bread and fuel rose again this month, traders said.",
    "Schools in the province reopened after a week of closures.",
    "Aid groups said they were sending food and blankets to families who had left their homes.",
    "The weather service expected rain across the region by the weekend.",
    "Electricity was restored to most neighbourhoods by the evening.",
    "A spokesman declined to give further details when reached by telephone.",
    "Local hospitals said they had enough beds and staff for now.",
    "The talks on the new budget are expected to resume next month.",
    "Farmers in the area said the harvest had been poor this year.",
    "Shops in the old market stayed open despite the tension.",
    "Officials promised to publish a full account once the investigation is complete.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def strikes(count: int, seed: int = 12) -> list[tuple[tuple[str, str, str, str], date, str, str]]:
    """``count`` distinct strikes: who, where, which day, with what, at what."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    return [(rng.choice(STRIKERS), start + timedelta(days=rng.randrange(240)), rng.choice(WEAPONS),
             rng.choice(OBJECTS)) for _ in range(count)]


def article(rng: random.Random, strike) -> dict:
    (adjective, _, _, town), day, weapon, target = strike
    published = day + timedelta(days=rng.randrange(4))
    sentence = (f"{adjective} {weapon} struck {target} near {town} on {WEEKDAYS[day.weekday()]}, "
                f"{rng.choice(SAYERS)}.")
    body = rng.sample(EVERYDAY, rng.randrange(3, 7))
    body.insert(rng.randrange(2), sentence)
    paragraphs = [" ".join(body[i:i + 2]) for i in range(0, len(body), 2)]
    title = f"{adjective} {weapon} hit {town.split(' in ')[0]}"
    return {"text": "\n\n".join([title, *paragraphs, f"Report {rng.randrange(10**9)}."]),
            "url": f"https://news.example/{rng.randrange(10**12)}", "published": published.isoformat()}


def write_corpus(path: Path, articles: int, *, distinct: int = 400, seed: int = 7) -> Path:
    """A JSON-lines corpus of ``articles`` synthetic reports of ``distinct`` strikes."""
    if path.exists() and path.stat().st_size and sum(1 for _ in path.open("rb")) == articles:
        return path
    rng = random.Random(seed)
    known = strikes(distinct)
    with path.open("w", encoding="utf-8") as stream:
        for _ in range(articles):
            stream.write(json.dumps(article(rng, rng.choice(known))) + "\n")
    return path


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_local(path: str) -> dict:
    """One process, the local engine: the streaming path of ``python -m geo extract``."""
    from geo.extract.pipeline import Pipeline

    started = time.perf_counter()
    events = Pipeline().stream([path])
    return {"seconds": time.perf_counter() - started, "events": len(events),
            "sources": sum(len(e.sources) for e in events), "client_mb": peak_mb(), "digest": digest(events)}


def digest(events) -> str:
    """A fingerprint of the events, their order and their sources: equal runs give equal digests."""
    import hashlib

    text = "\n".join(f"{e.event_id} {e.confidence} {[(s.article_id, s.evidence) for s in e.sources]}" for e in events)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def child_dask(path: str, workers: int) -> dict:
    """The Dask engine on a local cluster of ``workers`` one-thread processes, as ``--engine dask`` starts one;
    the cluster is started here so that its start is timed apart and the workers' peaks can be read."""
    from distributed import Client, LocalCluster

    from geo.extract import engine_dask

    stamps: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if done >= total and stage not in stamps:
            stamps[stage] = time.perf_counter()
            cpu[stage] = sum(client.run(cpu_seconds).values())

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.wait_for_workers(workers)
        ready, cpu["start"] = time.perf_counter(), sum(client.run(cpu_seconds).values())
        events = engine_dask.run([path], scheduler=cluster.scheduler_address, progress=progress)
        done = time.perf_counter()
        worker_mb = client.run(peak_mb)
    return {"start": ready - started, "seconds": done - ready, "events": len(events), "client_mb": peak_mb(),
            "digest": digest(events),
            "worker_mb": sorted(worker_mb.values()), "extracted_at": stamps["extracting (dask)"] - ready,
            "fused_in": stamps.get("fusing (dask)", done) - stamps["extracting (dask)"],
            "extract_cpu": cpu["extracting (dask)"] - cpu["start"],
            "fuse_cpu": cpu.get("fusing (dask)", cpu["extracting (dask)"]) - cpu["extracting (dask)"],
            "client_cpu": cpu_seconds()}


def cpu_seconds() -> float:
    """CPU time this process has used (user and system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def in_child(*args: str) -> dict:
    """Each measurement in a fresh process, so one's peak memory is not another's."""
    done = subprocess.run([sys.executable, __file__, "--child", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000, help="throughput corpus (1 vs 2 workers)")
    parser.add_argument("--memory-articles", type=int, default=100_000,
                        help="streaming memory corpus (0: throughput only)")
    parser.add_argument("--skip-local", action="store_true", help="no local-engine run on the memory corpus")
    parser.add_argument("--folder", default="/tmp/strikemap-bench-corpus")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path, *rest = args.child
        result = child_local(path) if kind == "local" else child_dask(path, int(rest[0]))
        print(json.dumps(result))
        return
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    small = write_corpus(folder / f"synthetic-{args.articles}.jsonl", args.articles)
    print(f"cores: {os.cpu_count()}; corpus: {small} ({small.stat().st_size / 1e6:.1f} MB); {load()}")

    runs = {}
    for workers in (1, 2):
        before = load()
        runs[workers] = result = in_child("dask", str(small), str(workers))
        print(f"dask, {workers} worker(s), {args.articles} articles: cluster start {result['start']:.1f} s, run "
              f"{result['seconds']:.1f} s ({args.articles / result['seconds']:.1f} articles/s; extraction "
              f"{result['extracted_at']:.1f} s, fusion {result['fused_in']:.1f} s), {result['events']} events; "
              f"{describe(result, workers, args.articles)}; {before} -> {load()}")
    print(f"speed-up 2 workers / 1 worker: whole run {runs[1]['seconds'] / runs[2]['seconds']:.2f}x, extraction "
          f"{runs[1]['extracted_at'] / runs[2]['extracted_at']:.2f}x (target >= 1.7x on 2 idle cores; "
          f"kernel autogroup scheduling {autogroup()})")
    # On a shared machine the wall-time ratio measures the neighbours as much as the engine; the CPU
    # each run needed does not depend on them. Two idle cores: one worker runs on one core; two workers
    # share both cores with the client (and its scheduler).
    one, two = runs[1]["extract_cpu"], (runs[2]["extract_cpu"] + runs[2]["client_cpu"]) / 2
    print(f"estimate from CPU time for 2 idle cores: {one / two:.2f}x "
          f"(1 worker: {one:.1f} CPU-s; 2 workers: {runs[2]['extract_cpu']:.1f} CPU-s, "
          f"client {runs[2]['client_cpu']:.1f} CPU-s)")
    if args.memory_articles:
        streaming(args, runs[2])


def streaming(args: argparse.Namespace, small_run: dict) -> None:
    """The big streaming runs: peak memory per process, the per-article slope, the projection."""
    big = write_corpus(Path(args.folder) / f"synthetic-{args.memory_articles}.jsonl", args.memory_articles)
    before = load()
    big_run = in_child("dask", str(big), "2")
    print(f"dask, 2 workers, {args.memory_articles} articles (streaming): run {big_run['seconds']:.1f} s "
          f"({args.memory_articles / big_run['seconds']:.1f} articles/s; extraction {big_run['extracted_at']:.1f} s, "
          f"fusion {big_run['fused_in']:.1f} s), {big_run['events']} events; "
          f"{describe(big_run, 2, args.memory_articles)}; {before} -> {load()}")
    if not args.skip_local:
        before = load()
        local = in_child("local", str(big))
        print(f"local engine, {args.memory_articles} articles (streaming): {local['seconds']:.1f} s "
              f"({args.memory_articles / local['seconds']:.1f} articles/s), {local['events']} events from "
              f"{local['sources']} sources; peak RSS {local['client_mb']:.0f} MB; {before} -> {load()}")
        print(f"dask and local events identical (ids, order, sources): {local['digest'] == big_run['digest']}")
    slope = (big_run["client_mb"] - small_run["client_mb"]) / (args.memory_articles - args.articles) * 1e3
    worker_slope = (max(big_run["worker_mb"]) - max(small_run["worker_mb"])) / (args.memory_articles - args.articles)
    print(f"memory per 1000 more articles: client {slope:.2f} MB, busiest worker {worker_slope * 1e3:.2f} MB")
    project(args.articles, small_run, args.memory_articles, big_run)


def describe(run: dict, workers: int, articles: int) -> str:
    """Memory and CPU of one run: what each process held at its peak, how much of a core each worker got."""
    share = run["extract_cpu"] / (run["extracted_at"] * workers)
    return (f"peak RSS client {run['client_mb']:.0f} MB, workers {', '.join(f'{m:.0f}' for m in run['worker_mb'])} "
            f"MB; worker CPU: extraction {run['extract_cpu']:.1f} s ({run['extract_cpu'] / articles * 1e3:.2f} ms per "
            f"article, {share:.0%} of a core per worker), fusion {run['fuse_cpu']:.1f} s; client CPU "
            f"{run['client_cpu']:.1f} s")


def autogroup() -> str:
    try:
        return "on" if Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1" else "off"
    except OSError:
        return "unknown"


def project(small: int, small_run: dict, big: int, big_run: dict) -> None:
    """10^6 articles on N idle workers, from the CPU each article and each fusion took (not the loaded wall time)."""
    per_article = big_run["extract_cpu"] / big  # worker CPU-seconds per article, task overhead included
    growth = math.log(max(big_run["fuse_cpu"], 1e-3) / max(small_run["fuse_cpu"], 1e-3)) / math.log(big / small)
    fusion_at_million = big_run["fuse_cpu"] * (10**6 / big) ** max(growth, 1.0)
    print(f"fusion CPU grows as n^{growth:.2f} between {small} and {big} articles (projected with at least n^1)")
    client = big_run["client_cpu"] / big * 10**6
    # The client here also runs the local cluster's scheduler; part of its CPU is its event loop ticking
    # over the run's wall time, so this is an upper bound on what the articles themselves cost it.
    print(f"client and scheduler: {big_run['client_cpu'] / big * 1e3:.2f} ms CPU per article, ~{client / 60:.0f} min "
          "for 10^6 articles at most, on its own core, alongside the workers")
    for workers in (2, 8, 32):
        # The map divides by the workers; the reduce is one task per country pair (10 pairs here), so it
        # divides at most by the number of pairs.
        extraction = per_article * 10**6 / workers
        fusion = fusion_at_million / min(workers, 10)
        print(f"projection, 10^6 articles on {workers} idle one-core workers: ~{(extraction + fusion) / 60:.0f} min "
              f"(extraction {extraction / 60:.0f} min at {per_article * 1e3:.2f} ms CPU per article, "
              f"fusion ~{fusion / 60:.0f} min)")


if __name__ == "__main__":
    main()
