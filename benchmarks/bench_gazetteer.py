"""Print the gazetteer's figures: build time and memory, index size, cold start, lookups/s.

Run: python benchmarks/bench_gazetteer.py [--rebuild]
Targets (issue 9): build <= 60 s, index <= 250 MB, `geocode Erbil --json` in a new process
<= 0.5 s, >= 10,000 uncached lookups/s (a mix of towns, sites, regions and misses that
go through the fuzzy matcher).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer.index import Gazetteer, default_index_path  # noqa: E402
from geo.gazetteer.names import name_key  # noqa: E402

QUERIES = ["Erbil", "Irbil", "Idlib", "Deir el-Zour", "Saravan", "Panjgur", "northern Iraq", "Balochistan",
           "Sistan-Baluchestan", "Damascus", "Baghdad", "Qamishli", "Kobani", "Albu Kamal", "Mosul", "Kirkuk",
           "Peshawar", "Quetta", "Isfahan", "Iran", "Pakistan", "western Pakistan", "Koya", "Khost",
           # sites, villages, regions, and names that miss or match only loosely
           "Engels air base", "T-4 air base", "Natanz nuclear facility", "Ras Isa port", "Kakhovka dam",
           "Khiam", "Kfarshouba", "Tayr Debba", "Lipetsk region", "Voronezh oblasts", "Kharkiv oblast",
           "Kfar Killa", "Qqqxyzzyplace", "Nattanzeh enrichment", "Ras", "Airport"]

_BUILD_SNIPPET = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from geo.gazetteer.build import build
started = time.perf_counter()
build(Path({target!r}))
print(f"{{time.perf_counter() - started:.1f}} {{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}}")
"""


def _time_build(target: Path) -> None:
    """Build in a fresh process so its time and peak memory are the build's alone."""
    done = subprocess.run([sys.executable, "-c", _BUILD_SNIPPET.format(root=str(ROOT), target=str(target))],
                          capture_output=True, text=True, check=True)
    seconds, peak = done.stdout.split()
    print(f"index build: {seconds} s, peak memory {peak} MB, {target.stat().st_size / 1e6:.1f} MB on disk")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true", help="time a fresh build into a temp file")
    args = parser.parse_args()
    path = default_index_path()
    if args.rebuild or not path.exists():
        target = path if not path.exists() else path.with_name("bench-" + path.name)
        _time_build(target)
        if target != path:
            target.unlink()
    print(f"index size: {path.stat().st_size / 1e6:.1f} MB")

    cold = []
    for _ in range(7):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "geo", "geocode", "Erbil", "--json"], cwd=ROOT, check=True,
                       capture_output=True, env={**os.environ})
        cold.append(time.perf_counter() - started)
    print(f"`geocode Erbil --json`, new process: median {sorted(cold)[3]:.2f} s, max {max(cold):.2f} s")

    gazetteer = Gazetteer.open()
    keys = [name_key(q) for q in QUERIES]
    for key in keys:  # one pass first: the OS page cache, not our lru_cache, is what it warms
        gazetteer._lookup_uncached(key, None, (), 5)
    rounds = 50
    started = time.perf_counter()
    for _ in range(rounds):
        for key in keys:
            gazetteer._lookup_uncached(key, None, (), 5)
            gazetteer._lookup_uncached(key, None, ("IQ", "SY"), 5)
    per_uncached = (time.perf_counter() - started) / (rounds * len(keys) * 2)
    print(f"uncached lookups: {1 / per_uncached:,.0f} /s ({per_uncached * 1e6:.0f} us each)")
    n = 200_000
    started = time.perf_counter()
    for i in range(n):
        gazetteer.candidates(QUERIES[i % len(QUERIES)], context=("IQ",))
    elapsed = time.perf_counter() - started
    print(f"warm lookups (in process, repeated names): {n / elapsed:,.0f} /s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:.0f} MB")


if __name__ == "__main__":
    main()
