"""The first acceptance test: the two seed pages read together, with no --published."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.pipeline import extract_events
from geo.models import Precision

pytestmark = pytest.mark.seeds

UNRELATED = ("Davos", "Karachi", "Kerman", "Gaza", "Rome", "Greenland", "Nuuk", "Lebanon", "Switzerland")


@pytest.fixture(scope="module")
def seed_events(seeds_dir, gazetteer):
    events, warnings = extract_events([str(seeds_dir)], gazetteer=gazetteer)
    return events


def covers(event, day: date) -> bool:
    return event.date.earliest is not None and event.date.earliest <= day <= event.date.latest


def test_exactly_the_four_strikes(seed_events):
    assert sorted((e.actor, e.target_country) for e in seed_events) == [
        ("IR", "IQ"), ("IR", "PK"), ("IR", "SY"), ("PK", "IR")]


def test_days(seed_events):
    by_pair = {(e.actor, e.target_country): e for e in seed_events}
    assert by_pair[("IR", "PK")].date.day == date(2024, 1, 16)
    assert by_pair[("PK", "IR")].date.day == date(2024, 1, 18)
    for pair in (("IR", "IQ"), ("IR", "SY")):
        event = by_pair[pair]
        assert covers(event, date(2024, 1, 15)) or covers(event, date(2024, 1, 16))
        assert (event.date.latest - event.date.earliest).days <= 7


def test_each_cites_both_articles(seed_events):
    for event in seed_events:
        assert len(event.sources) == 2, (event.actor, event.target_country)
        assert all(source.evidence for source in event.sources)


def test_no_invented_precision(seed_events):
    # The seeds name no town for any strike: nothing may be finer than a region.
    for event in seed_events:
        assert event.place is not None and event.precision.rank >= Precision.REGION.rank
        assert event.place.country == event.target_country


def test_nothing_from_unrelated_places(seed_events):
    for event in seed_events:
        assert not any(word in (event.place.name if event.place else "") for word in UNRELATED)
        assert event.date.earliest is None or event.date.earliest.year == 2024


def test_pakistan_strike_answers_iran(seed_events):
    by_pair = {(e.actor, e.target_country): e for e in seed_events}
    assert by_pair[("PK", "IR")].responds_to == by_pair[("IR", "PK")].event_id
