"""Where fusion looks for a report's partners: an index by pair, place cells and weeks, not a scan.

Fusion asks, for each report, "which merged event, first in merge order, is it compatible with?" and
"which strike the other way is the latest before this retaliation?". :class:`MergeCandidates` answers
the first with the events that *could* be compatible, in merge order, and never misses one that is
(the caller still checks each); :class:`LatestStrikes` answers the second exactly.

An event is filed, within its (actor, target country), under every pair of a space key and a time key:

- space: the grid cells (``CELL_DEG`` wide, about a town's reach) its place covers, the town's own cell
  or every cell of a province's or region's extent, plus its province by name, since a town joins "its"
  province by admin1 whatever the coordinates say; or ``ANYWHERE`` when it has no place, only a
  country, or an extent too large to list.
- time: the weeks its date range covers, or ``ALWAYS`` when it is undated, open-ended or very wide.

A report looks in the cells within reach of its own extent and the weeks of its date, plus
``ANYWHERE`` and ``ALWAYS``. A report without a place (or date) of its own could join anything, so
every event is also filed under ``EVERY`` (space) and ``EVERY`` (time), where such reports look.

>>> from datetime import date
>>> from geo.models import DateRange, Place, Precision
>>> index = MergeCandidates(reach_km=30.0)
>>> erbil = Place("Erbil", lat=36.19, lon=44.01, country="IQ", precision=Precision.CITY)
>>> idlib = Place("Idlib", lat=35.93, lon=36.63, country="SY", precision=Precision.CITY)
>>> jan_15 = DateRange(date(2024, 1, 15), date(2024, 1, 15))
>>> index.file(0, ("IR", "IQ"), erbil, jan_15)
>>> index.file(1, ("IR", "IQ"), idlib, jan_15)
>>> index.first(("IR", "IQ"), erbil, jan_15, accept=lambda slot: True)
0
>>> index.first(("IR", "IQ"), idlib, DateRange(date(2024, 3, 1), date(2024, 3, 1)), accept=lambda slot: True)
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import date

from ..models import DateRange, Event, Place, Precision

CELL_DEG = 0.25  # about 28 km north-south: a town's reach (SAME_TOWN_KM) spans two or three cells
MAX_CELLS = 400  # an extent past this (some 500 x 500 km) is filed as ANYWHERE: a short list, not a flood
MAX_WEEKS = 10  # a range past ten weeks is filed as ALWAYS
EARTH_RADIUS_KM = 6371.0  # the sphere geo.geometry.distance_km measures on
MARGIN = 1.01  # reach widened by 1 % so rounding never drops a pair at exactly the limit

ANYWHERE, ALWAYS, EVERY = "anywhere", "always", "every"
Group = tuple[str, str]  # (actor, target_country)


def _reach(lat: float, lon: float, km: float) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) holding every point within ``km`` of (lat, lon); None near a pole
    or across the antimeridian, where a box in degrees would wrap."""
    dlat = math.degrees(km * MARGIN / EARTH_RADIUS_KM)
    widest = math.radians(abs(lat) + dlat)  # the band's most poleward latitude has the widest degrees
    if widest >= math.radians(89.99):
        return None
    # Two points within km of the centre whose latitudes are at most `widest` from the equator differ in
    # longitude by at most 2 asin(sin(km / 2R) / cos(widest)) (the haversine with its latitude term dropped).
    ratio = math.sin(km * MARGIN / (2 * EARTH_RADIUS_KM)) / math.cos(widest)
    if ratio >= 1.0:
        return None
    dlon = math.degrees(2 * math.asin(ratio))
    if lon - dlon < -180.0 or lon + dlon > 180.0:
        return None
    return (lat - dlat, lon - dlon, lat + dlat, lon + dlon)


def _cells(boxes: Iterable[tuple[float, float, float, float] | None]) -> list[tuple[int, int]] | None:
    """Every cell a (south, west, north, east) box touches; None when a box is unknown or too large."""
    cells: set[tuple[int, int]] = set()
    for box in boxes:
        # A box with NaN or absurd degrees (a corrupt stored extent) is searched everywhere, never raised on.
        if box is None or not all(-1000.0 <= degrees <= 1000.0 for degrees in box):
            return None
        south, west, north, east = box
        rows = range(math.floor(south / CELL_DEG), math.floor(north / CELL_DEG) + 1)
        columns = range(math.floor(west / CELL_DEG), math.floor(east / CELL_DEG) + 1)
        if len(rows) * len(columns) + len(cells) > MAX_CELLS:
            return None
        cells.update((row, column) for row in rows for column in columns)
    return sorted(cells)


def _area_boxes(place: Place) -> list[tuple[float, float, float, float] | None]:
    """Where a point must be for fusion to call it inside this area (geo.extract.fusion._inside)."""
    if place.precision.is_point:
        return []
    if place.bbox is not None:
        west, south, east, north = place.bbox
        return [(south, west, north, east)] if west <= east else []  # a box across 180° holds no point
    return [_reach(place.lat, place.lon, place.radius_km)]


def _filed_space(place: Place | None) -> list[Hashable]:
    if place is None or place.precision is Precision.COUNTRY:
        return [ANYWHERE, EVERY]
    cells = _cells([(place.lat, place.lon, place.lat, place.lon), *_area_boxes(place)])
    if cells is None:
        return [ANYWHERE, EVERY]
    names: list[Hashable] = [("in", place.country, place.admin1)] if place.admin1 else []
    if place.precision is Precision.PROVINCE and place.admin1:
        names.append(("province", place.country, place.admin1))
    return [*cells, *names, EVERY]


def _probed_space(place: Place | None, reach_km: float) -> list[Hashable]:
    if place is None or place.precision is Precision.COUNTRY:
        return [EVERY]
    cells = _cells([_reach(place.lat, place.lon, reach_km), *_area_boxes(place)])
    if cells is None:
        return [EVERY]
    names: list[Hashable] = [("province", place.country, place.admin1)] if place.admin1 else []
    if place.precision is Precision.PROVINCE and place.admin1:
        names.append(("in", place.country, place.admin1))
    return [*cells, *names, ANYWHERE]


def _weeks(when: DateRange) -> list[int] | None:
    if when.earliest is None or when.latest is None:
        return None
    first, last = when.earliest.toordinal() // 7, when.latest.toordinal() // 7
    return list(range(first, last + 1)) if last - first < MAX_WEEKS else None


class MergeCandidates:
    """Merged events (by slot number) filed for fusion's greedy merge; see the module docstring.

    ``reach_km`` is the farthest two points can be and still be one strike (SAME_TOWN_KM).
    Dates given here are already bounded the way fusion compares them.
    """

    def __init__(self, *, reach_km: float) -> None:
        self.reach_km = reach_km
        self._slots: dict[tuple, list[int]] = {}  # key -> slots, ascending
        self._keys: dict[int, set[tuple]] = {}
        self._filed_as: dict[int, tuple[Place | None, DateRange]] = {}

    def file(self, slot: int, group: Group, place: Place | None, when: DateRange) -> None:
        """File (or re-file, after a merge changed its place or date) one merged event."""
        if self._filed_as.get(slot) == (place, when):
            return
        self._filed_as[slot] = (place, when)
        weeks = _weeks(when)
        times: list[Hashable] = [*weeks, EVERY] if weeks is not None else [ALWAYS, EVERY]
        keys = {(group, space, time) for space in _filed_space(place) for time in times}
        old = self._keys.get(slot, set())
        for key in old - keys:
            slots = self._slots[key]
            del slots[bisect_left(slots, slot)]
        for key in keys - old:
            insort(self._slots.setdefault(key, []), slot)
        self._keys[slot] = keys

    def first(self, group: Group, place: Place | None, when: DateRange, *, accept: Callable[[int], bool]
              ) -> int | None:
        """The lowest slot that ``accept`` takes among those a report at (place, when) could join."""
        weeks = _weeks(when)
        times: list[Hashable] = [*weeks, ALWAYS] if weeks is not None else [EVERY]
        found = [slots for space in _probed_space(place, self.reach_km) for time in times
                 if (slots := self._slots.get((group, space, time)))]
        for slot in _ascending_unique(found):
            if accept(slot):
                return slot
        return None


def _ascending_unique(sorted_lists: list[list[int]]) -> Iterator[int]:
    """The union of ascending lists, ascending, each number once, lazily (most searches stop early)."""
    if len(sorted_lists) == 1:
        yield from sorted_lists[0]
        return
    previous = None
    for slot in heapq.merge(*sorted_lists):
        if slot != previous:
            yield slot
            previous = slot


class LatestStrikes:
    """Per (actor, target): the latest strike that began on or before a day, first in list order on ties.

    "Latest" ranks a strike by its last possible day (else its first, else never); "began on or before"
    holds for a strike with no first day at all, and for every strike when there is no day to compare.
    This is geo.extract.fusion's response rule, answered with a sorted list per pair instead of a scan.
    """

    def __init__(self, events: list[Event]) -> None:
        by_pair: dict[Group, list[tuple[int, Event]]] = {}
        for position, event in enumerate(events):
            by_pair.setdefault((event.actor, event.target_country), []).append((position, event))
        self._events = events
        self._pairs = {pair: _PairStrikes(members) for pair, members in by_pair.items()}

    def latest(self, actor: str, target: str, until: date | None) -> Event | None:
        pair = self._pairs.get((actor, target))
        if pair is None:
            return None
        best = pair.best(until)
        return self._events[-best[1]] if best else None


class _PairStrikes:
    """One pair's strikes: the best (rank, -position) without a first day, and over each prefix of those
    sorted by first day."""

    def __init__(self, members: list[tuple[int, Event]]) -> None:
        undated = [_rank(position, event) for position, event in members if event.date.earliest is None]
        self.undated = max(undated, default=None)
        dated = sorted(((event.date.earliest, _rank(position, event)) for position, event in members
                        if event.date.earliest is not None), key=lambda pair: pair[0])
        self.firsts = [first for first, _ in dated]
        self.prefix_best: list[tuple[date, int]] = []
        for _, rank in dated:
            self.prefix_best.append(max(rank, self.prefix_best[-1]) if self.prefix_best else rank)

    def best(self, until: date | None) -> tuple[date, int] | None:
        count = len(self.firsts) if until is None else bisect_right(self.firsts, until)
        found = [rank for rank in (self.undated, self.prefix_best[count - 1] if count else None) if rank]
        return max(found, default=None)


def _rank(position: int, event: Event) -> tuple[date, int]:
    """Later last day first; on a tie, earlier in the list (max() keeps the first of equals)."""
    return (event.date.latest or event.date.earliest or date.min, -position)
