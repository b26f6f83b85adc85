from datetime import date

import pytest

from geo.models import DatePrecision, DateRange
from geo.read.dates import Anchor, at_most, intersect, resolve, shift

WEDNESDAY = Anchor(date(2024, 1, 17))
THURSDAY = Anchor(date(2024, 1, 18))


@pytest.mark.parametrize(
    ("text", "anchor", "day"),
    [
        ("late Monday", WEDNESDAY, date(2024, 1, 15)),
        ("Monday night", WEDNESDAY, date(2024, 1, 15)),
        ("on Thursday", THURSDAY, date(2024, 1, 18)),
        ("yesterday", THURSDAY, date(2024, 1, 17)),
        ("two days ago", THURSDAY, date(2024, 1, 16)),
        ("Jan. 16, 2024", None, date(2024, 1, 16)),
        ("16 January 2024", None, date(2024, 1, 16)),
        ("2024-01-16", None, date(2024, 1, 16)),
        ("Jan 16", THURSDAY, date(2024, 1, 16)),
    ],
)
def test_days(text, anchor, day):
    assert resolve(text, anchor).day == day


def test_weekday_never_lands_after_publication():
    # Published on a Wednesday, "Thursday" is last week's Thursday, not tomorrow.
    assert resolve("Thursday", WEDNESDAY).day == date(2024, 1, 11)


def test_lower_bound_anchor_takes_the_nearest_weekday():
    # A caption dated Wednesday only says publication is that day or later.
    photo = Anchor(date(2024, 1, 17), lower_bound=True)
    assert resolve("Thursday", photo).day == date(2024, 1, 18)
    assert resolve("Tuesday", photo).day == date(2024, 1, 16)


def test_weeks_and_months_are_ranges_not_days():
    earlier = resolve("earlier this week", THURSDAY)
    assert (earlier.earliest, earlier.latest, earlier.precision) == (date(2024, 1, 15), date(2024, 1, 17),
                                                                     DatePrecision.WEEK)
    last = resolve("last week", THURSDAY)
    assert (last.earliest, last.latest) == (date(2024, 1, 8), date(2024, 1, 14))
    month = resolve("March 2024", None)
    assert (month.earliest, month.latest, month.precision) == (date(2024, 3, 1), date(2024, 3, 31),
                                                               DatePrecision.MONTH)


def test_year_wraps_back_for_december_in_january():
    assert resolve("Dec 30", Anchor(date(2024, 1, 2))).day == date(2023, 12, 30)


def test_relative_date_without_anchor_is_unknown():
    assert resolve("on Thursday", None) is None


def test_intersect_shift_and_cap():
    week = DateRange(date(2024, 1, 15), date(2024, 1, 21), DatePrecision.WEEK, "this week")
    day = DateRange(date(2024, 1, 16), date(2024, 1, 16), DatePrecision.DAY, "Tuesday")
    assert intersect(week, day).day == date(2024, 1, 16)
    assert intersect(day, shift(day, 3, "later")) is None
    assert shift(day, -2, "two days before").day == date(2024, 1, 14)
    capped = at_most(week, date(2024, 1, 17))
    assert capped.latest == date(2024, 1, 17) and capped.earliest == date(2024, 1, 15)


def test_weeks_ago_is_a_week_around_that_day_not_a_day():
    two = resolve("two weeks ago", THURSDAY)
    assert (two.earliest, two.latest, two.precision, two.day) == (date(2024, 1, 1), date(2024, 1, 7),
                                                                   DatePrecision.WEEK, None)
    assert resolve("a week ago", THURSDAY).earliest == date(2024, 1, 8)
