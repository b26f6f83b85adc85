"""Indexed fusion gives exactly what the quadratic scan gave (tests/fusion_reference.py).

Same events, same order, same ids, same sources, on random event sets built to be hard (points
clustered within a town's reach, towns of the same and of different names, provinces holding towns by
extent and by name, country-only and placeless reports, undated, open-ended and wide dates) and on
the real corpora: the bundled samples, and the dev set and seeds when present.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.extract.fusion import event_from_mention, fuse, merge
from geo.extract.fusion_index import EARTH_RADIUS_KM, MergeCandidates, _reach
from geo.geometry import distance_km
from geo.models import DatePrecision, DateRange, Event, Evidence, Place, Precision, Source

from .conftest import ROOT
from .fusion_reference import reference_fuse, reference_merge

SETTINGS = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
ACTORS, TARGETS = ["IR", "IR", "IQ"], ["IQ", "IQ", "IR", "SY"]  # IQ-IR both ways: responses to link
# Cluster centres: two Iraqi towns 20 km apart, Lebanon, the far north (wide degrees of longitude), and
# astride the antimeridian (Fiji) and next to the pole, where a box in degrees wraps.
CENTRES = [(36.19, 44.01), (36.30, 44.20), (33.27, 35.20), (69.65, 18.96), (-17.8, 179.9), (89.7, 10.0)]
NAMES = ["Erbil", "Irbil", "Koya", "Tyre", "Erbil Province", "Koya District"]
DAY0 = date(2024, 1, 10)


def _moved(lat: float, lon: float, north_km: float, east_km: float) -> tuple[float, float]:
    lat = max(-89.9, min(89.9, lat + north_km / 111.2))
    lon = lon + east_km / (111.2 * max(0.05, math.cos(math.radians(lat))))
    return lat, (lon + 180.0) % 360.0 - 180.0


@st.composite
def places(draw) -> Place | None:
    kind = draw(st.sampled_from(["none", "country", "city", "city", "site", "district", "province", "region"]))
    if kind == "none":
        return None
    country = draw(st.sampled_from(["IQ", "IQ", "SY", None]))
    centre = draw(st.sampled_from([*CENTRES[:2]] * 3 + CENTRES))
    lat, lon = _moved(*centre, draw(st.floats(-30, 30)), draw(st.floats(-30, 30)))
    precision = Precision(kind)
    admin1 = draw(st.sampled_from([None, "Erbil", "Erbil", "Sulaymaniyah"]))
    bbox = None
    if not precision.is_point and draw(st.booleans()):
        # Sometimes the extent misses the centre (trimmed extents do), sometimes it is huge.
        half = draw(st.sampled_from([0.05, 0.3, 1.0, 4.0, 12.0]))
        south, west = _moved(lat, lon, draw(st.floats(-30, 30)), draw(st.floats(-30, 30)))
        bbox = (max(-180.0, west - half), max(-90.0, south - half), min(180.0, west + half), min(90.0, south + half))
    return Place(draw(st.sampled_from(NAMES)), lat, lon, country, precision, admin1=admin1, bbox=bbox)


@st.composite
def dates(draw) -> DateRange:
    kind = draw(st.sampled_from(["day", "day", "range", "until", "from", "wide", "none"]))
    first = DAY0 + timedelta(days=draw(st.integers(0, 20)))
    if kind == "day":
        return DateRange(first, first, DatePrecision.DAY, draw(st.sampled_from([None, "Monday"])))
    if kind == "range":
        return DateRange(first, first + timedelta(days=draw(st.integers(1, 9))), DatePrecision.RANGE)
    if kind == "until":
        return DateRange(None, first, DatePrecision.RANGE)
    if kind == "from":
        return DateRange(first, None, DatePrecision.RANGE)
    if kind == "wide":
        return DateRange(first - timedelta(days=200), first + timedelta(days=90), DatePrecision.MONTH)
    return DateRange()


@st.composite
def events(draw) -> Event:
    article = draw(st.sampled_from(["a1", "a2", "a3", None]))
    source = Source(draw(st.sampled_from(["Report", None])), None, None,
                    (Evidence(f"Sentence {draw(st.integers(0, 3))}.", draw(st.integers(0, 3)), 12),),
                    article_id=article)
    return Event("", draw(st.sampled_from(ACTORS)), draw(st.sampled_from(TARGETS)), draw(places()),
                 draw(st.sampled_from([None, "near Erbil", "Koya"])), draw(dates()),
                 weapons=tuple(draw(st.lists(st.sampled_from(["drone", "missile"]), max_size=2))),
                 fatalities=draw(st.sampled_from([None, 0, 3])),
                 responds_to=draw(st.sampled_from([None, None, "retaliation", "sm-0123456789", "revenge"])),
                 confidence=draw(st.sampled_from([0.5, 0.6, 0.8, 0.9])), sources=(source,))


@SETTINGS
@given(st.lists(events(), min_size=5, max_size=40))
def test_indexed_fusion_is_the_quadratic_fusion(reports):
    assert merge(reports) == reference_merge(reports)
    assert fuse(reports) == reference_fuse(reports)


@st.composite
def crowded_reports(draw) -> list[Event]:
    """Reports of one pair around one spot and day, where the greedy order decides everything.

    The places come from a palette that makes each rule decisive somewhere: towns and sites within and
    just beyond 30 km, same-named town and province (the province then wins the merged place, so the
    merged event must be found by its new extent), areas whose extent misses their centre, provinces
    far away that hold a town by name only; the dates include "on or before" and "on or after" pairs
    whose merge spans more than either report (so the merged event must be found by its new dates).
    """
    base = draw(st.sampled_from(CENTRES))
    palette: list[Place | None] = [None, Place("Iraq", 33.0, 44.0, "IQ", Precision.COUNTRY)]
    # Sometimes areas only: with no town to join first, areas must find each other.
    kinds = draw(st.sampled_from([["city", "city", "site", "district", "province", "region"],
                                  ["district", "province", "region"]]))
    for _ in range(draw(st.integers(2, 6))):
        lat, lon = _moved(*base, draw(st.floats(-35, 35)), draw(st.floats(-35, 35)))
        kind = draw(st.sampled_from(kinds))
        name = draw(st.sampled_from(NAMES))
        admin1 = draw(st.sampled_from(["Erbil", "Erbil", "Sulaymaniyah", None]))
        country = draw(st.sampled_from(["IQ", "IQ", "IQ", None]))
        bbox = None
        if kind in ("district", "province", "region"):
            if draw(st.booleans()):  # far away: joins by name (province) or not at all
                lat, lon = _moved(lat, lon, draw(st.sampled_from([-400.0, 300.0])), draw(st.floats(-300, 300)))
            # The extent is around the centre, or misses it, or is too large to list its cells.
            box_lat, box_lon = _moved(lat, lon, draw(st.floats(-150, 150)), draw(st.floats(-150, 150)))
            half = draw(st.sampled_from([0.05, 0.2, 0.5, 6.0]))
            if draw(st.sampled_from([True, True, False])):
                bbox = (max(-180.0, box_lon - half), max(-90.0, box_lat - half),
                        min(180.0, box_lon + half), min(90.0, box_lat + half))
        palette.append(Place(name, lat, lon, country, Precision(kind), admin1=admin1, bbox=bbox))
    day = DAY0 + timedelta(days=draw(st.integers(0, 6)))
    when = [DateRange(day, day, DatePrecision.DAY), DateRange(day + timedelta(1), day + timedelta(1)),
            DateRange(None, day + timedelta(40), DatePrecision.RANGE),
            DateRange(day - timedelta(12), None, DatePrecision.RANGE),
            DateRange(day - timedelta(5), day + timedelta(5), DatePrecision.RANGE), DateRange()]
    reports = []
    for n in range(draw(st.integers(2, 25))):
        actor, target = draw(st.sampled_from([("IR", "IQ")] * 5 + [("IQ", "IR")]))
        reports.append(Event("", actor, target, draw(st.sampled_from(palette)), None, draw(st.sampled_from(when)),
                             responds_to=draw(st.sampled_from([None, None, None, "retaliation"])),
                             confidence=draw(st.sampled_from([0.5, 0.6, 0.8, 0.9])),
                             sources=(Source(None, None, None, (Evidence(f"Sentence {n}.", 0, 12),),
                                             article_id=f"a{n}"),)))
    return reports


@settings(SETTINGS, max_examples=400)
@given(crowded_reports())
def test_crowded_reports_fuse_as_the_scan_does_in_any_order(reports):
    assert merge(reports) == reference_merge(reports)
    assert fuse(reports) == reference_fuse(reports)
    assert fuse(reports[::-1]) == reference_fuse(reports[::-1])


@settings(max_examples=500, deadline=None, database=None)
@given(st.floats(-85, 85), st.floats(-180, 180), st.floats(0, 360), st.floats(0, 1), st.sampled_from([3, 30, 200]))
def test_the_reach_box_holds_every_point_within_reach(lat, lon, bearing, fraction, km):
    box = _reach(lat, lon, km)
    # The point `fraction * km` away on `bearing` (the spherical destination formula).
    angle, theta, phi = fraction * km / EARTH_RADIUS_KM, math.radians(bearing), math.radians(lat)
    end_phi = math.asin(math.sin(phi) * math.cos(angle) + math.cos(phi) * math.sin(angle) * math.cos(theta))
    end_lon = lon + math.degrees(math.atan2(math.sin(theta) * math.sin(angle) * math.cos(phi),
                                            math.cos(angle) - math.sin(phi) * math.sin(end_phi)))
    end = Place("end", math.degrees(end_phi), (end_lon + 180.0) % 360.0 - 180.0, None, Precision.CITY)
    assert distance_km(Place("start", lat, lon, None, Precision.CITY), end) <= km * 1.000001
    if box is not None:  # None: near a pole or across the antimeridian, where every cell is searched
        south, west, north, east = box
        assert south <= end.lat <= north and west <= end.lon <= east
    else:  # the box gives up only where degrees of longitude shrink (past 60°) or wrap (past 170°)
        assert abs(lat) > 60 or abs(lon) > 170


def _report(n: int, place: Place | None, when: DateRange, actor: str = "IR", target: str = "IQ",
            confidence: float = 0.8) -> Event:
    source = Source(f"Report {n}", f"https://example.org/{n}", None, (Evidence(f"Sentence {n}.", 0, 12),),
                    article_id=f"a{n}")
    return Event("", actor, target, place, None, when, confidence=confidence, sources=(source,))


def _day(offset: int) -> DateRange:
    return DateRange(DAY0 + timedelta(days=offset), DAY0 + timedelta(days=offset), DatePrecision.DAY)


def test_a_town_joins_its_province_by_name_however_far_its_extent():
    town = Place("Koya", 36.08, 44.63, "IQ", Precision.CITY, admin1="Erbil")
    province = Place("Erbil Province", 30.0, 40.0, "IQ", Precision.PROVINCE, admin1="Erbil",
                     bbox=(39.9, 29.9, 40.1, 30.1))
    fused = merge([_report(1, town, _day(0)), _report(2, province, _day(0))])
    assert [len(e.sources) for e in fused] == [2] and fused == reference_merge(
        [_report(1, town, _day(0)), _report(2, province, _day(0))])


def test_a_merged_event_is_found_where_its_new_date_puts_it():
    # "On or before Feb 20" reaches back only to Jan 20; merged with "on or after Jan 1" it spans
    # Jan 1 - Feb 20, so a report of Jan 5 now joins it: the index must have filed it anew.
    town = Place("Koya", 36.08, 44.63, "IQ", Precision.CITY)
    reports = [_report(1, town, DateRange(None, DAY0 + timedelta(days=41), DatePrecision.RANGE), confidence=0.9),
               _report(2, town, DateRange(DAY0 - timedelta(days=9), None, DatePrecision.RANGE)),
               _report(3, town, _day(-5), confidence=0.7)]
    fused = merge(reports)
    assert fused == reference_merge(reports) and [len(e.sources) for e in fused] == [3]


def test_among_several_compatible_events_the_first_made_wins():
    erbil, site = Place("Erbil", 36.19, 44.01, "IQ", Precision.CITY), Place("Site", 36.2, 44.02, "IQ", Precision.SITE)
    reports = [_report(1, site, _day(0)), _report(2, erbil, _day(3)), _report(3, None, DateRange())]
    fused = merge(reports)
    assert fused == reference_merge(reports)
    assert [len(e.sources) for e in fused] == [2, 1]  # the placeless, undated report joined the site


def test_an_area_is_found_near_its_centre_when_its_extent_lies_elsewhere():
    # Fusion measures an area's 30 km from its centre, wherever its (trimmed) extent lies.
    away = Place("A", 36.19, 44.01, "IQ", Precision.DISTRICT, bbox=(43.9, 37.4, 44.1, 37.6))
    near = Place("B", 36.25, 44.05, "IQ", Precision.DISTRICT)
    reports = [_report(1, away, _day(0), confidence=0.9), _report(2, near, _day(0), confidence=0.5)]
    assert merge(reports) == reference_merge(reports) and len(merge(reports)) == 1


def test_corrupt_extents_are_searched_everywhere_not_raised_on():
    town = Place("Koya", 36.08, 44.63, "IQ", Precision.CITY)
    reports = [_report(1, town, _day(0))]
    corrupt = [(math.nan, 36.0, 45.0, 37.0), (-math.inf, 36.0, math.inf, 37.0), (0.0, 0.0, 1e308, 1e308)]
    for n, bbox in enumerate(corrupt):
        reports.append(_report(n + 2, Place("Erbil", 36.19, 44.01, "IQ", Precision.REGION, bbox=bbox), _day(0)))
    assert merge(reports) == reference_merge(reports)


def test_the_index_proposes_neighbours_across_cell_edges_and_not_distant_towns():
    index = MergeCandidates(reach_km=30.0)
    day = _day(0)
    index.file(0, ("IR", "IQ"), Place("A", 36.2499, 44.2499, "IQ", Precision.CITY), day)
    index.file(1, ("IR", "IQ"), Place("B", 37.5, 44.0, "IQ", Precision.CITY), day)
    near = Place("C", 36.2501, 44.2501, "IQ", Precision.CITY)  # across the corner of four cells
    assert index.first(("IR", "IQ"), near, day, accept=lambda slot: True) == 0
    assert index.first(("IR", "IQ"), near, day, accept=lambda slot: slot != 0) is None
    assert index.first(("IR", "SY"), near, day, accept=lambda slot: True) is None


def test_many_reports_fuse_as_the_scan_does():
    """The benchmark's synthetic season, 1500 reports: a realistic mix with many merges."""
    from benchmarks.bench_fusion import synthetic_events

    reports = synthetic_events(1500, seed=7)
    fused = fuse(reports)
    assert fused == reference_fuse(reports)
    assert len(fused) < 0.8 * len(reports)
    assert any(e.responds_to and e.responds_to.startswith("sm-") for e in fused)


def test_random_sets_with_many_merges_fuse_as_the_scan_does():
    rng, sizes = random.Random(3), []
    for _ in range(20):
        reports = []
        for n in range(150):
            lat, lon = _moved(*rng.choice(CENTRES[:3]), rng.uniform(-25, 25), rng.uniform(-25, 25))
            kind = rng.choice(list(Precision))
            place = None if rng.random() < 0.1 else Place(
                rng.choice(NAMES), lat, lon, "IQ", kind, admin1=rng.choice([None, "Erbil"]),
                bbox=(lon - 0.2, lat - 0.2, lon + 0.2, lat + 0.2) if rng.random() < 0.5 else None)
            reports.append(_report(n, place, _day(rng.randint(0, 20)), actor=rng.choice(["IR", "TR"]),
                                   confidence=rng.choice([0.5, 0.7, 0.9])))
        fused = fuse(reports)
        assert fused == reference_fuse(reports)
        sizes.append(len(fused))
    assert max(sizes) < 0.7 * 150  # every set merged many reports


# The real corpora: each article's mentions merged, then every article's events fused together.
CORPORA = {"samples": ROOT / "data" / "articles", "devset": ROOT.parent / "shared" / "devset" / "articles",
           "seeds": ROOT.parent / "shared" / "seeds"}


@pytest.fixture(scope="module")
def corpus_events(gazetteer) -> dict[str, list[Event]]:
    """Each present corpus's per-article events, after checking each article's own merge."""
    from geo.extract.pipeline import Pipeline, expand_paths
    from geo.read.text import read_file

    pipeline, found = Pipeline(gazetteer), {}
    for name, folder in CORPORA.items():
        if not folder.is_dir():
            continue
        found[name] = []
        for path in expand_paths([folder]):
            article = read_file(path)
            one_by_one = [event_from_mention(m, article) for m in pipeline.extractor.mentions(article)]
            assert merge(one_by_one) == reference_merge(one_by_one), path
            found[name] += pipeline.article_events(article)
    return found


def _origins(gazetteer, events: list[Event]) -> dict[str, Place]:
    codes = {code for e in events for code in (e.actor, e.target_country)}
    return {code: place for code in codes if (place := gazetteer.country(code)) is not None}


@pytest.mark.parametrize("name", [*CORPORA, "all together"])
def test_real_corpora_fuse_as_the_scan_does(corpus_events, gazetteer, name):
    if name != "all together" and name not in corpus_events:
        pytest.skip(f"{CORPORA[name]} is not present")
    events = corpus_events[name] if name in CORPORA else [e for found in corpus_events.values() for e in found]
    origins = _origins(gazetteer, events)
    assert events and fuse(events, origins=origins) == reference_fuse(events, origins=origins)
