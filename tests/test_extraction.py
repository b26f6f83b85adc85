"""Extraction on our own fixtures (tests/fixtures/articles) and on sentences that probe one rule each."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from geo.extract.pipeline import Pipeline
from geo.geometry import distance_km
from geo.models import Precision
from geo.read.text import read_text

from .conftest import FIXTURES

ARTICLES = sorted((FIXTURES / "articles").glob("*.txt"))


@pytest.fixture(scope="module")
def pipeline(gazetteer):
    return Pipeline(gazetteer)


def events_of(pipeline, text: str, published: date | None = date(2024, 1, 17)):
    return pipeline.fuse(pipeline.article_events(read_text(text, published=published)))


def pairs(events):
    return sorted((e.actor, e.target_country) for e in events)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_fixture_articles(pipeline, path: Path):
    expected = json.loads(path.with_suffix("").with_suffix(".expected.json").read_text(encoding="utf-8"))
    published = date.fromisoformat(expected["published"]) if expected.get("published") else None
    events, reports = pipeline.run([str(path)], published=published)
    assert not reports[0].error
    assert pairs(events) == sorted((e["actor"], e["target_country"]) for e in expected["events"])
    for want in expected["events"]:
        got = next(e for e in events if (e.actor, e.target_country) == (want["actor"], want["target_country"]))
        # Never more precise than the fixture says the text allows.
        assert got.precision.rank >= Precision(want["precision"]).rank - 0 or want["precision"] == "city"
        if want.get("date"):
            assert got.date.earliest <= date.fromisoformat(want["date"]) <= got.date.latest
        assert got.sources and got.sources[0].evidence


def test_place_date_weapons_and_evidence(pipeline):
    [event] = events_of(pipeline, "Iran hits Erbil\n\nIran's Revolutionary Guards fired ballistic missiles at "
                                  "Erbil in northern Iraq late Monday, killing four civilians, Kurdish officials said.")
    assert (event.actor, event.target_country, event.place.name) == ("IR", "IQ", "Erbil")
    assert event.precision is Precision.CITY
    assert event.date.day == date(2024, 1, 15)  # "late Monday" in a piece published on Wednesday
    assert event.weapons == ("missile",)
    assert event.fatalities == 4
    assert "Kurdish officials" in (event.fatalities_reported_by or "")
    evidence = event.sources[0].evidence
    assert any("late Monday" in e.sentence for e in evidence)
    assert event.origin.country == "IR" and event.origin.precision is Precision.COUNTRY


def test_two_strikes_in_one_sentence(pipeline):
    events = events_of(pipeline, "Strikes\n\nOn Monday Iran launched missiles at targets in Iraq and Syria.")
    assert pairs(events) == [("IR", "IQ"), ("IR", "SY")]
    assert all(e.precision is Precision.COUNTRY for e in events)  # only countries named: nothing finer


def test_after_clause_is_its_own_strike_with_a_relative_date(pipeline):
    events = events_of(pipeline, "Strikes\n\nPakistan struck targets inside Iran on Thursday, two days after "
                                 "Iran hit militants in Pakistan's Balochistan province.",
                       published=date(2024, 1, 18))
    by_pair = {(e.actor, e.target_country): e for e in events}
    assert by_pair[("PK", "IR")].date.day == date(2024, 1, 18)
    assert by_pair[("IR", "PK")].date.day == date(2024, 1, 16)
    assert by_pair[("IR", "PK")].place.precision is Precision.PROVINCE


@pytest.mark.parametrize(
    "text",
    [
        "Threat\n\nIran vowed to strike militant bases in Pakistan if the attacks continued.",
        "Threat\n\nPakistan warned it would hit back at any target inside Iran.",
        "Domestic\n\nPakistan's army launched air strikes on militants in Balochistan province on Monday.",
        "Bombing\n\nIslamic State claimed the twin bombings in Kerman that killed 95 people.",
        "Proxies\n\nIran-backed militias fired rockets at US forces in Syria on Monday.",
        "Victims\n\nUS forces in Iraq have been targeted by drones and rockets at least 19 times.",
        "Davos\n\nSpeaking in Davos on Wednesday, Iran's foreign minister defended the strikes as lawful.",
        "Denial\n\nNo sites on Iranian territory were hit, US officials said.",
    ],
    ids=["threat", "warning", "domestic", "non-state", "iran-backed", "passive-victim", "speech-place", "negation"],
)
def test_not_strikes(pipeline, text):
    assert events_of(pipeline, text) == []


def test_dateline_and_caption_places_never_become_impact_places(pipeline):
    text = ("Pakistan strikes Iran\n\nA man reads a newspaper in Karachi, Pakistan, January 18, 2024.\n"
            "REUTERS/Someone\n\nISLAMABAD, Jan 18 (Wire) - Pakistan launched air strikes on militant hideouts "
            "near Saravan in Iran's Sistan-Baluchestan province on Thursday, the foreign ministry said.")
    [event] = events_of(pipeline, text, published=date(2024, 1, 18))
    assert (event.actor, event.target_country) == ("PK", "IR")
    assert event.place.name in ("Sarāvān", "Saravan")
    assert event.date.day == date(2024, 1, 18)


@pytest.mark.parametrize("lead", ["BEIRUT, Lebanon (AP) — ", "BEIRUT, Lebanon, Oct. 8 (Reuters) - ",
                                  "BEIRUT, Oct 8 (Wire) - ", "BEIRUT (AP) — "])
def test_a_wire_dateline_with_the_country_in_prose_is_read_past(pipeline, lead):
    # The AP writes the country after the city in ordinary case; the sentence's own subject is the actor.
    text = (f"Israeli jets pound south Lebanon\n\n{lead}Israel struck the town of Nabatieh in southern Lebanon "
            "on Tuesday, the country's health ministry said.")
    [event] = events_of(pipeline, text, published=date(2024, 10, 9))
    assert (event.actor, event.target_country) == ("IL", "LB") and event.date.day == date(2024, 10, 8)
    assert distance_km(event.place, SimpleNamespace(lat=33.378, lon=35.484)) < 10  # Nabatieh, not Beirut


def test_retaliation_links_to_the_strike_it_answers(pipeline):
    events = events_of(pipeline, "Strikes\n\nIran struck Panjgur in Pakistan on Tuesday.\n\n"
                                 "Pakistan launched retaliatory strikes on Saravan in Iran on Thursday.",
                       published=date(2024, 1, 18))
    by_pair = {(e.actor, e.target_country): e for e in events}
    assert by_pair[("PK", "IR")].responds_to == by_pair[("IR", "PK")].event_id


def test_non_english_article_gives_no_events_and_a_warning(pipeline):
    events, reports = pipeline.run([str(FIXTURES / "articles" / ARTICLES[0].name)])
    assert events  # sanity: the English fixture gives events
    article = read_text("حمله موشکی سپاه پاسداران به اربیل در شمال عراق انجام شد و چهار نفر کشته شدند.")
    assert pipeline.article_events(article) == []
    assert article.warnings
