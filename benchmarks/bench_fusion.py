"""Print fusion's CPU time on synthetic event sets of 10k, 20k and 50k reports.

Run: python benchmarks/bench_fusion.py [--sizes 10000 20000 50000] [--reference-sizes 10000] [--seed 1]
Target (issue 12): 50k reports fused in <= 10 s CPU. For the sizes in --reference-sizes the quadratic
reference (tests/fusion_reference.py, the fusion before its index) is timed too and the two results
are compared event by event.

The reports are invented but shaped like a season of news: a dozen actor/target pairs, each target
country with a few hundred towns and a few provinces scattered over a box the size of the country,
dates over one year, and each strike reported one to four times, as the town, a site next to it, its
province or only the country, on its day, a range around it, "on or before" publication, or undated.
A few reports are retaliations, so response linking has work to do.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.extract.fusion import fuse  # noqa: E402
from geo.models import DatePrecision, DateRange, Event, Evidence, Place, Precision, Source  # noqa: E402

# Target countries as rough (south, west, north, east) boxes; the pairs strike inside them.
COUNTRIES = {"IQ": (30.0, 39.0, 37.0, 48.0), "SY": (32.5, 36.0, 37.0, 42.0), "PK": (25.0, 61.0, 36.0, 75.0),
             "LB": (33.1, 35.1, 34.6, 36.6), "YE": (12.7, 42.6, 18.0, 53.0), "IR": (25.5, 44.5, 39.0, 62.0)}
PAIRS = [("IR", "IQ"), ("TR", "IQ"), ("US", "IQ"), ("IL", "SY"), ("IR", "SY"), ("TR", "SY"), ("US", "SY"),
         ("IR", "PK"), ("PK", "IR"), ("IL", "LB"), ("US", "YE"), ("IL", "YE")]
YEAR_START = date(2024, 1, 1)


def _places(rng: random.Random) -> dict[str, tuple[list[Place], list[Place], Place]]:
    """Per country: towns, provinces (with extents) and the country itself."""
    made = {}
    for code, (south, west, north, east) in COUNTRIES.items():
        provinces = []
        for k in range(6):
            lat, lon = rng.uniform(south, north - 1.5), rng.uniform(west, east - 1.5)
            provinces.append(Place(f"Province {code}{k}", lat + 0.75, lon + 0.75, code, Precision.PROVINCE,
                                   admin1=f"{code}-{k}", bbox=(lon, lat, lon + 1.5, lat + 1.5)))
        towns = []
        for k in range(300):
            province = rng.choice(provinces)
            west_p, south_p, east_p, north_p = province.bbox
            inside = rng.random() < 0.6
            lat = rng.uniform(south_p, north_p) if inside else rng.uniform(south, north)
            lon = rng.uniform(west_p, east_p) if inside else rng.uniform(west, east)
            towns.append(Place(f"Town {code}{k}", lat, lon, code, Precision.CITY,
                               admin1=province.admin1 if inside else None))
        country = Place(code, (south + north) / 2, (west + east) / 2, code, Precision.COUNTRY,
                        bbox=(west, south, east, north))
        made[code] = (towns, provinces, country)
    return made


def _report_place(rng: random.Random, town: Place, provinces: list[Place], country: Place) -> Place | None:
    roll = rng.random()
    if roll < 0.55:
        return town
    if roll < 0.7:  # a site within a couple of kilometres of the town
        return Place(f"base near {town.name}", town.lat + rng.uniform(-0.015, 0.015),
                     town.lon + rng.uniform(-0.015, 0.015), town.country, Precision.SITE, admin1=town.admin1)
    if roll < 0.8:
        return next((p for p in provinces if p.admin1 == town.admin1), rng.choice(provinces))
    if roll < 0.93:
        return country
    return None


def _report_date(rng: random.Random, day: date) -> DateRange:
    roll = rng.random()
    if roll < 0.7:
        return DateRange(day, day, DatePrecision.DAY)
    if roll < 0.85:
        return DateRange(day - timedelta(days=rng.randint(0, 3)), day + timedelta(days=rng.randint(0, 3)),
                         DatePrecision.RANGE)
    if roll < 0.95:
        return DateRange(None, day + timedelta(days=rng.randint(0, 2)), DatePrecision.RANGE)
    return DateRange()


def synthetic_events(count: int, seed: int = 1) -> list[Event]:
    """``count`` reports of about ``count / 2`` strikes, in a shuffled order."""
    rng = random.Random(seed)
    places = _places(rng)
    events: list[Event] = []
    while len(events) < count:
        actor, target = rng.choice(PAIRS)
        towns, provinces, country = places[target]
        town, day = rng.choice(towns), YEAR_START + timedelta(days=rng.randrange(366))
        for _ in range(min(rng.choice((1, 1, 2, 2, 3, 4)), count - len(events))):
            n = len(events)
            source = Source(f"Report {n}", f"https://example.org/{n}", day + timedelta(days=1),
                            (Evidence(f"Sentence {n}.", 0, 12),), article_id=f"a{n}")
            events.append(Event("", actor, target, _report_place(rng, town, provinces, country), town.name,
                                _report_date(rng, day), weapons=(rng.choice(("drone", "missile", "air strike")),),
                                responds_to="retaliation" if rng.random() < 0.03 else None,
                                confidence=rng.choice((0.5, 0.6, 0.7, 0.8, 0.9)), sources=(source,)))
    rng.shuffle(events)
    return events


def _cpu(function, *args):
    started = time.process_time()
    result = function(*args)
    return result, time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 50_000])
    parser.add_argument("--reference-sizes", type=int, nargs="*", default=[10_000],
                        help="sizes at which the quadratic reference is timed and compared too")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    # CPU time, not wall time: the machine is shared, and the load says how far the figures can be trusted.
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for size in args.sizes:
        events = synthetic_events(size, args.seed)
        fused, seconds = _cpu(fuse, events)
        sources = sum(len(e.sources) for e in fused)
        print(f"{size:>6} reports -> {len(fused):>6} events ({sources} sources): fuse {seconds:7.2f} s CPU")
        if size in args.reference_sizes:
            from tests.fusion_reference import reference_fuse

            expected, reference_seconds = _cpu(reference_fuse, events)
            print(f"{size:>6} reports: quadratic reference {reference_seconds:7.2f} s CPU; "
                  f"identical result: {fused == expected}")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
