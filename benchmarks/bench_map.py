"""Print how long building a map takes and how big its HTML is, for 1k, 10k and 100k strikes.

    STRIKEMAP_CACHE=/tmp/smcache python benchmarks/bench_map.py [--sizes 1000 10000 100000]

Synthetic events (seeded, so runs compare): five actors, towns, provinces and
country-level places, one or two sources each with a ~150-character sentence,
roughly what real extraction yields. Build = ``build_map`` + rendering the HTML
(what ``save_map`` writes); the first build also loads Natural Earth, so a
warm-up map is built first. Targets: 10,000 in <= 3 s and <= 10 MB. Above 2,000 strikes the map
draws on one canvas from columns (``geo/maps/columns.py``); ``bench_map_100k.py`` times that map in
the browser too, with text that compresses like real reporting (this one's sentence repeats).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.maps.rendering import build_map  # noqa: E402
from geo.models import DatePrecision, DateRange, Event, Evidence, Place, Precision, Source  # noqa: E402

ACTORS = {"IR": ("IQ", "SY", "PK"), "US": ("IQ", "SY", "YE"), "IL": ("SY", "LB", "IR"), "TR": ("IQ", "SY"),
          "PK": ("IR", "AF")}
BOXES = {"IQ": (39, 29, 48, 37), "SY": (36, 32.5, 42, 37), "PK": (61, 24, 75, 36), "YE": (43, 13, 52, 18),
         "LB": (35.2, 33.1, 36.5, 34.6), "IR": (45, 26, 61, 38), "AF": (61, 30, 71, 38)}
PRECISIONS = [Precision.CITY] * 6 + [Precision.SITE, Precision.DISTRICT, Precision.PROVINCE, Precision.COUNTRY]


def random_strike_place(rng: random.Random, i: int) -> tuple[str, str, Place]:
    """(actor, target, place) of the ``i``-th synthetic strike: a random pair, a random point in the target."""
    actor = rng.choice(list(ACTORS))
    target = rng.choice(ACTORS[actor])
    west, south, east, north = BOXES[target]
    precision = rng.choice(PRECISIONS)
    lat, lon = round(rng.uniform(south, north), 5), round(rng.uniform(west, east), 5)
    return actor, target, Place(f"Place {i}", lat=lat, lon=lon, country=target, precision=precision,
                                admin1=f"Province {i % 40}",
                                bbox=(lon - 0.8, lat - 0.6, lon + 0.8, lat + 0.6) if not precision.is_point else None)


def synthetic_events(n: int, seed: int = 7) -> list[Event]:
    """``n`` plausible-looking events spread over a year of the Middle East."""
    rng = random.Random(seed)
    events = []
    for i in range(n):
        actor, target, place = random_strike_place(rng, i)
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
        sentence = (f"Officials said {actor} aircraft struck a compound near Place {i} before dawn, killing several "
                    "fighters and damaging a nearby warehouse, residents told reporters.")
        sources = tuple(Source(f"Strike reported near Place {i} ({k})", f"https://news.example.org/2024/{i}-{k}",
                               day + timedelta(days=1), (Evidence(sentence, 100, 100 + len(sentence)),))
                        for k in range(rng.choice((1, 1, 2))))
        events.append(Event(f"ev-{i:06d}", actor, target, place, place.name, DateRange(day, day, DatePrecision.DAY),
                            weapons=(rng.choice(("drone", "missile", "air strike")),), target="militant site",
                            fatalities=rng.choice((None, 0, 2, 5)), confidence=0.7, sources=sources))
    return events


def measure(n: int, *, offline: bool) -> tuple[float, float]:
    events = synthetic_events(n)
    start = time.perf_counter()
    html = build_map(events, offline=offline).get_root().render()
    return time.perf_counter() - start, len(html.encode("utf-8")) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--offline", action="store_true", help="inline Leaflet (adds ~0.17 MB)")
    args = parser.parse_args()
    measure(10, offline=args.offline)  # warm-up: Natural Earth, pycountry, jinja templates
    print(f"{'events':>8}  {'build s':>8}  {'HTML MB':>8}")
    for n in args.sizes:
        seconds, megabytes = measure(n, offline=args.offline)
        print(f"{n:>8,}  {seconds:>8.2f}  {megabytes:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
