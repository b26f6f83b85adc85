"""Frozen, typed values passed along the pipeline.

file -> :class:`Article` -> :class:`Mention` -> :class:`Event` -> GeoDataFrame -> map.

Every value is immutable and carries where it came from: a :class:`Place`
knows its source and precision, an :class:`Event` keeps the sentences
(:class:`Evidence`) and articles (:class:`Source`) that support it.
Coordinates are always named ``lat`` and ``lon``; bare tuples never cross
module boundaries (see :func:`geo.geometry.lonlat`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Precision(StrEnum):
    """How precisely a place is known, from a named site down to a whole country.

    ``acled_geo_precision`` maps to ACLED's 1/2/3 scale so analysts can compare:
    1 = the town itself, 2 = near or part of a town / district, 3 = only a
    province, region or country.
    """

    SITE = "site"
    CITY = "city"
    DISTRICT = "district"
    PROVINCE = "province"
    REGION = "region"
    COUNTRY = "country"

    @property
    def rank(self) -> int:
        """0 for the most precise (site) to 5 for the least (country)."""
        return _PRECISION_ORDER.index(self)

    @property
    def acled_geo_precision(self) -> int:
        return {0: 1, 1: 1, 2: 2}.get(self.rank, 3)

    @property
    def is_point(self) -> bool:
        """True when a pin is honest: a site or a town, not an area."""
        return self.rank <= 1

    @property
    def default_radius_km(self) -> float:
        """Uncertainty radius used when a place has no extent of its own."""
        return {0: 0.5, 1: 5.0, 2: 20.0, 3: 120.0, 4: 200.0, 5: 400.0}[self.rank]


_PRECISION_ORDER = list(Precision)


class DatePrecision(StrEnum):
    """How precisely an event's date is known."""

    DAY = "day"
    RANGE = "range"
    WEEK = "week"
    MONTH = "month"
    UNKNOWN = "unknown"


class Section(StrEnum):
    """What a paragraph of a page is: the story, or something around it."""

    HEADLINE = "headline"
    STORY = "story"
    CAPTION = "caption"
    CREDIT = "credit"
    MENU = "menu"
    RELATED = "related"
    BOILERPLATE = "boilerplate"

    @property
    def is_story(self) -> bool:
        return self in (Section.HEADLINE, Section.STORY)


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place with honest precision.

    ``bbox`` is ``(west, south, east, north)`` in degrees, the order of
    shapely's ``bounds``; ``None`` when only a point is known.

    >>> erbil = Place("Erbil", lat=36.19, lon=44.01, country="IQ", precision=Precision.CITY)
    >>> erbil.precision.is_point
    True
    """

    name: str
    lat: float
    lon: float
    country: str | None
    precision: Precision
    admin1: str | None = None
    source: str = "geonames"
    geonameid: int | None = None
    population: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"coordinates out of range for {self.name!r}: lat={self.lat}, lon={self.lon}")

    @property
    def radius_km(self) -> float:
        """Half the diagonal of the extent, or the precision's default radius."""
        if self.bbox is None or self.precision.is_point:
            return self.precision.default_radius_km
        west, south, east, north = self.bbox
        mid_lat = math.radians((south + north) / 2)
        dx = (east - west) * 111.32 * math.cos(mid_lat)
        dy = (north - south) * 110.57
        return max(self.precision.default_radius_km / 4, math.hypot(dx, dy) / 2)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One block of an article's text and what kind of block it is.

    ``start`` is the character offset of ``text`` in :attr:`Article.text`.
    """

    text: str
    section: Section
    start: int


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: its text split into paragraphs marked story or not.

    ``published_source`` says where :attr:`published` came from: ``argument``,
    ``metadata``, ``story`` (latest date in the story), ``caption`` (a lower
    bound only: a photo is taken before publication) or ``None``.
    """

    text: str
    paragraphs: tuple[Paragraph, ...]
    title: str | None = None
    url: str | None = None
    path: str | None = None
    published: date | None = None
    published_source: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def story(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.section.is_story)

    @property
    def article_id(self) -> str:
        import hashlib

        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class DateRange:
    """When something happened: a day, or the range the text allows.

    >>> DateRange(date(2024, 1, 16), date(2024, 1, 16), DatePrecision.DAY).day
    datetime.date(2024, 1, 16)
    """

    earliest: date | None = None
    latest: date | None = None
    precision: DatePrecision = DatePrecision.UNKNOWN
    text: str | None = None

    def __post_init__(self) -> None:
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError(f"date range ends before it starts: {self.earliest} > {self.latest}")

    @property
    def day(self) -> date | None:
        if self.earliest is not None and self.earliest == self.latest:
            return self.earliest
        return None

    @property
    def width_days(self) -> int | None:
        if self.earliest is None or self.latest is None:
            return None
        return (self.latest - self.earliest).days + 1

    def overlaps(self, other: DateRange) -> bool:
        """Unknown bounds overlap everything: no date never contradicts a date."""
        if self.earliest and other.latest and self.earliest > other.latest:
            return False
        if other.earliest and self.latest and other.earliest > self.latest:
            return False
        return True


UNKNOWN_DATE = DateRange()


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence that supports an event, with its span in the article's text."""

    sentence: str
    start: int
    end: int
    section: Section = Section.STORY


@dataclass(frozen=True, slots=True)
class Source:
    """An article that reports an event, with the sentences that say so."""

    title: str | None
    url: str | None
    published: date | None
    evidence: tuple[Evidence, ...] = ()
    article_id: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One sentence's report of a strike, before mentions are merged into events."""

    actor: str
    target_country: str
    place: Place | None
    place_text: str | None
    date: DateRange
    evidence: Evidence
    origin: Place | None = None
    weapons: tuple[str, ...] = ()
    target: str | None = None
    fatalities: int | None = None
    fatalities_reported_by: str | None = None
    claimed_by: str | None = None
    denied_by: str | None = None
    attributed_by: str | None = None
    responds_to_hint: str | None = None
    relative_to: tuple[str, str, int] | None = None
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Event:
    """One strike: an actor state hitting a place in another country on a day or range.

    ``actor`` and ``target_country`` are ISO 3166-1 alpha-2 codes. ``origin`` is
    where the strike was launched from; when the text does not say, it is the
    actor's country at country precision (and maps draw the arc dashed).
    """

    event_id: str
    actor: str
    target_country: str
    place: Place | None
    place_text: str | None
    date: DateRange
    origin: Place | None = None
    weapons: tuple[str, ...] = ()
    target: str | None = None
    fatalities: int | None = None
    fatalities_reported_by: str | None = None
    claimed_by: str | None = None
    denied_by: str | None = None
    attributed_by: str | None = None
    responds_to: str | None = None
    confidence: float = 0.5
    sources: tuple[Source, ...] = field(default_factory=tuple)

    @property
    def precision(self) -> Precision:
        return self.place.precision if self.place else Precision.COUNTRY
