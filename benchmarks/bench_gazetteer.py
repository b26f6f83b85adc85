"""Print the gazetteer's figures: build time, index size, cold start, warm lookups/s, peak memory.

Run: python benchmarks/bench_gazetteer.py [--rebuild]
Targets (issue 2): cold start < 1.5 s, >= 50,000 warm lookups/s, index <= 150 MB.
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

from geo.gazetteer import Gazetteer, default_index_path  # noqa: E402
from geo.gazetteer_build import build  # noqa: E402

QUERIES = ["Erbil", "Irbil", "Idlib", "Deir el-Zour", "Saravan", "Panjgur", "northern Iraq", "Balochistan",
           "Sistan-Baluchestan", "Damascus", "Baghdad", "Qamishli", "Kobani", "Albu Kamal", "Mosul", "Kirkuk",
           "Peshawar", "Quetta", "Isfahan", "Iran", "Pakistan", "western Pakistan", "Koya", "Khost"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true", help="time a fresh build into a temp file")
    args = parser.parse_args()
    path = default_index_path()
    if args.rebuild or not path.exists():
        target = path if not path.exists() else path.with_name("bench-" + path.name)
        started = time.perf_counter()
        build(target)
        print(f"index build: {time.perf_counter() - started:.1f} s")
        if target != path:
            target.unlink()
    print(f"index size: {path.stat().st_size / 1e6:.1f} MB")

    cold = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "geo", "geocode", "Erbil", "--json"], cwd=ROOT, check=True,
                       capture_output=True, env={**os.environ})
        cold.append(time.perf_counter() - started)
    print(f"cold start (new process to first answer): median {sorted(cold)[2]:.2f} s, max {max(cold):.2f} s")

    gazetteer = Gazetteer.open()
    started = time.perf_counter()
    for q in QUERIES:
        gazetteer._lookup_uncached(q.lower(), None, (), 5)
    per_uncached = (time.perf_counter() - started) / len(QUERIES)
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
