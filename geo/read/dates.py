"""Dates in news English, resolved against an anchor (usually publication).

>>> anchor = Anchor(date(2024, 1, 17))                     # a Wednesday
>>> resolve("late Monday", anchor).day
datetime.date(2024, 1, 15)
>>> resolve("earlier this week", anchor).earliest, resolve("earlier this week", anchor).latest
(datetime.date(2024, 1, 15), datetime.date(2024, 1, 16))

An :class:`Anchor` is either the publication date (events reported are on or
before it) or only a lower bound (a photo caption's date): then a weekday
means the nearest such day, before or after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ..models import DatePrecision, DateRange

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
# The Sabbath as Jewish and Israeli outlets write it: Saturday ("on Shabbos", "Motzei Shabbos" is its evening).
WEEKDAYS.update({"shabbos": 5, "shabbat": 5, "sabbath": 5})
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "24": 1, "48": 2, "72": 3}

# A month's name or its abbreviation (lower case: the patterns using it ignore case).
MONTH_PATTERN = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
                 r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|shabbos|shabbat|sabbath)"
_YEAR = r"(?:19|20)\d\d"

# Order matters: longer, more specific expressions first.
DATE_PATTERN = re.compile(
    rf"""\b(?:
        (?P<iso>{_YEAR}-\d\d-\d\d)
      | (?P<mdy>{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?P<mdy_year>{_YEAR}))?)
      | (?P<dmy>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_PATTERN}(?:,?\s+(?P<dmy_year>{_YEAR}))?)
      | (?P<month_year>{MONTH_PATTERN}\s+{_YEAR})
      | (?P<year_only>(?<=\bin\s)(?<!began\sin\s)(?<!started\sin\s)(?<!erupted\sin\s)(?<!out\sin\s)
                      {_YEAR}(?![-/]\d))
      | (?P<rel_week>(?:earlier|later)\s+this\s+week|this\s+week|last\s+week|past\s+week|previous\s+week)
      | (?P<rel_month>earlier\s+this\s+month|this\s+month|last\s+month)
      | (?P<month_only>(?<=\bin\s)(?:(?:early|mid|late)[\s-])?(?:january|february|march|april|june|july|august
                                         |september|october|november|december))
      | (?P<days_ago>(?:a|one|two|three|four|five|six|seven|\d+)\s+days?\s+ago)
      | (?P<weeks_ago>(?:a|one|two|three|four|\d)\s+weeks?\s+ago)
      | (?P<weekday>(?:(?:late|early|on|last|this|overnight\s+(?:into|on)|(?:at|before)\s+dawn(?:\s+on)?
                       |overnight(?:\s+from)?\s+{_WEEKDAY}\s+(?:into|to)|overnight)\s+)?
                   {_WEEKDAY}(?:\s+(?:night|morning|evening|afternoon))?)
      | (?P<day_word>yesterday|today|tonight|last\s+night|overnight|(?-i:At)\s+night
                   |(?:shortly\s+|just\s+)?before\s+midnight(?!\s+(?:late\s+|on\s+)?{_WEEKDAY})
                   |this\s+(?:morning|afternoon|evening)
                   |(?:at|before)\s+dawn(?!\s+(?:on\s+)?{_WEEKDAY}))
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Anchor:
    """What relative dates are resolved against.

    ``lower_bound`` means the true publication is this day or later (we only
    know a photo's date), so "Thursday" may lie after it.
    """

    day: date
    lower_bound: bool = False


def _day(d: date, text: str) -> DateRange:
    return DateRange(d, d, DatePrecision.DAY, text)


def _year_for(month: int, day: int, anchor: Anchor | None) -> int | None:
    if anchor is None:
        return None
    year = anchor.day.year
    # "Dec 30" in a piece published on Jan 2 is last year's December.
    if not anchor.lower_bound and date(year, month, min(day, 28)) > anchor.day + timedelta(days=7):
        year -= 1
    return year


def _explicit(match: re.Match, anchor: Anchor | None) -> DateRange | None:
    text = match.group(0)
    if match.group("iso"):
        try:
            return _day(date.fromisoformat(match.group("iso")), text)
        except ValueError:
            return None
    if match.group("month_year"):
        month_name, year = match.group("month_year").rstrip(".").split()[0], int(match.group("month_year")[-4:])
        month = MONTHS[month_name.lower().rstrip(".")]
        end = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
        return DateRange(date(year, month, 1), end, DatePrecision.MONTH, text)
    body = match.group("mdy") or match.group("dmy")
    year_text = match.group("mdy_year") or match.group("dmy_year")
    words = re.findall(r"[A-Za-z]+|\d+", body)
    month = next(MONTHS[w.lower()] for w in words if w.lower() in MONTHS)
    day_number = next(int(w) for w in words if w.isdigit() and len(w) <= 2)
    year = int(year_text) if year_text else _year_for(month, day_number, anchor)
    if year is None:
        return None
    try:
        return _day(date(year, month, day_number), text)
    except ValueError:
        return None


def _weekday(text: str, anchor: Anchor) -> DateRange:
    lowered = text.lower()
    # "overnight Saturday into Sunday": the night's strikes land on the later day, the last one named.
    target = WEEKDAYS[max((w for w in WEEKDAYS if w in lowered), key=lowered.rfind)]
    base = anchor.day
    if anchor.lower_bound:
        # Nearest such weekday to a date we only know as a lower bound.
        offset = (target - base.weekday()) % 7
        candidate = base + timedelta(days=offset if offset <= 3 else offset - 7)
    else:
        back = (base.weekday() - target) % 7
        if lowered.startswith("last ") and back == 0:
            back = 7
        candidate = base - timedelta(days=back)
    return _day(candidate, text)


def _week(text: str, anchor: Anchor) -> DateRange:
    lowered = " ".join(text.lower().split())
    monday = anchor.day - timedelta(days=anchor.day.weekday())
    if lowered in ("last week", "previous week", "past week") and lowered != "past week":
        start = monday - timedelta(days=7)
        return DateRange(start, start + timedelta(days=6), DatePrecision.WEEK, text)
    if lowered == "past week":
        return DateRange(anchor.day - timedelta(days=7), anchor.day, DatePrecision.WEEK, text)
    end = monday + timedelta(days=6)
    if not anchor.lower_bound:
        end = anchor.day - timedelta(days=1) if lowered.startswith("earlier") and anchor.day > monday else anchor.day
    return DateRange(monday, max(monday, end), DatePrecision.WEEK, text)


def _month(text: str, anchor: Anchor) -> DateRange:
    first = anchor.day.replace(day=1)
    if text.lower().startswith("last"):
        end = first - timedelta(days=1)
        return DateRange(end.replace(day=1), end, DatePrecision.MONTH, text)
    end = anchor.day if not anchor.lower_bound else (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return DateRange(first, end, DatePrecision.MONTH, text)


def _named_month(text: str, anchor: Anchor) -> DateRange:
    """"In April" in an October piece: the latest April on or before publication, as a month."""
    month = MONTHS[text.lower().split()[-1].split("-")[-1][:3]]
    year = anchor.day.year if month <= anchor.day.month else anchor.day.year - 1
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return DateRange(first, min(last, anchor.day), DatePrecision.MONTH, text)


def resolve(text: str, anchor: Anchor | None) -> DateRange | None:
    """Resolve one date expression; ``None`` when it cannot be placed in time.

    >>> resolve("Jan. 16, 2024", None).day
    datetime.date(2024, 1, 16)
    >>> resolve("on Thursday", Anchor(date(2024, 1, 17), lower_bound=True)).day
    datetime.date(2024, 1, 18)
    """
    match = DATE_PATTERN.search(text)
    if match is None:
        return None
    return resolve_match(match, anchor)


def resolve_match(match: re.Match, anchor: Anchor | None) -> DateRange | None:
    """Resolve a match of :data:`DATE_PATTERN`."""
    text = match.group(0)
    if match.group("iso") or match.group("mdy") or match.group("dmy") or match.group("month_year"):
        return _explicit(match, anchor)
    if match.group("year_only"):
        # "In 2019, Indian jets bombed ...": that year, and no more precise than the text.
        year = int(match.group("year_only"))
        return DateRange(date(year, 1, 1), date(year, 12, 31), DatePrecision.RANGE, text)
    if anchor is None:
        return None
    if match.group("rel_week"):
        return _week(text, anchor)
    if match.group("month_only"):
        return _named_month(text, anchor)
    if match.group("rel_month"):
        return _month(text, anchor)
    if match.group("days_ago"):
        n = NUMBER_WORDS.get(text.split()[0].lower()) or int(text.split()[0])
        return _day(anchor.day - timedelta(days=n), text)
    if match.group("weeks_ago"):
        # "two weeks ago" is a week's span around that day, never a day it does not give.
        n = NUMBER_WORDS.get(text.split()[0].lower()) or int(text.split()[0])
        middle = anchor.day - timedelta(days=7 * n)
        return DateRange(middle - timedelta(days=3), middle + timedelta(days=3), DatePrecision.WEEK, text)
    if match.group("weekday"):
        return _weekday(text, anchor)
    word = " ".join(text.lower().split())
    # "shortly before midnight" with no day named, in a day's report: the night before it
    if word in ("yesterday", "last night") or word.endswith("before midnight"):
        return _day(anchor.day - timedelta(days=1), text)
    if anchor.lower_bound:
        return DateRange(anchor.day - timedelta(days=1), None, DatePrecision.RANGE, text)
    # "overnight" in a day's report is the night into that day: the strikes land after midnight ("at dawn" too, and
    # "At night" opening a sentence; not "was hit at night as ...", the hour of a strike dated elsewhere).
    return _day(anchor.day, text)


def find_dates(text: str) -> list[re.Match]:
    """Every date expression in a text, in order."""
    return list(_find_dates(text))


@lru_cache(maxsize=4096)
def _find_dates(text: str) -> tuple[re.Match, ...]:
    # Extraction asks for a sentence's dates per clause and per strike word; scan it once.
    return tuple(DATE_PATTERN.finditer(text))


def shift(when: DateRange, days: int, text: str) -> DateRange:
    """``when`` moved by ``days`` ("two days after" is -2 for the earlier event)."""
    move = timedelta(days=days)
    return DateRange(when.earliest + move if when.earliest else None, when.latest + move if when.latest else None,
                     when.precision, text)


def intersect(a: DateRange, b: DateRange) -> DateRange | None:
    """The tightest range both allow, ``None`` when they contradict."""
    if not a.overlaps(b):
        return None
    earliest = max((d for d in (a.earliest, b.earliest) if d), default=None)
    latest = min((d for d in (a.latest, b.latest) if d), default=None)
    if earliest and latest and earliest == latest:
        precision = DatePrecision.DAY
    elif a.precision == b.precision:
        precision = a.precision
    elif earliest is None and latest is None:
        precision = DatePrecision.UNKNOWN
    else:
        precision = DatePrecision.RANGE
    text = "; ".join(t for t in (a.text, b.text) if t) or None
    return DateRange(earliest, latest, precision, text)


def at_most(when: DateRange, latest: date | None) -> DateRange:
    """Cap a range at a date (a strike is reported on or after it happened)."""
    if latest is None or (when.latest and when.latest <= latest):
        return when
    if when.earliest and when.earliest > latest:
        return when  # contradicts publication: keep what the text said rather than invent
    precision = when.precision if when.latest else (DatePrecision.UNKNOWN if when.earliest is None
                                                      else DatePrecision.RANGE)
    capped = DateRange(when.earliest, latest, precision, when.text)
    return DateRange(capped.earliest, capped.latest, DatePrecision.DAY, capped.text) if capped.day else capped
