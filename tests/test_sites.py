"""Sites are places: air bases, nuclear facilities, ports, dams, shrines, crossings.

The real index (airportsdata + our curated tables) answers; the curated
tables themselves are checked for the facts every row must carry.
"""

from __future__ import annotations

import csv
from types import SimpleNamespace

import pytest

from geo.gazetteer.names import SITE_CLASSES, name_key, site_phrase
from geo.gazetteer.sites import site_keys
from geo.geometry import distance_km
from geo.models import Precision
from geo.tables import DATA_DIR


def km(place, lat: float, lon: float) -> float:
    return distance_km(place, SimpleNamespace(lat=lat, lon=lon))


@pytest.mark.parametrize(
    ("query", "country", "lat", "lon"),
    [
        ("the Engels air base", "RU", 51.48, 46.21),        # airportsdata names it "Engels Airbase"
        ("Engels-2 airfield", "RU", 51.48, 46.21),          # alias table: the numbered name
        ("Dyagilevo base", "RU", 54.64, 39.57),             # "base" alone: an air base is a base
        ("Morozovsk air base", "RU", 48.31, 41.79),
        ("Hmeimim airbase", "SY", 35.40, 35.95),            # news name of a field named after a person
        ("Shahid Nojeh air base", "IR", 35.21, 48.65),
        ("T-4 airbase", "SY", 34.52, 37.63),                # curated: airportsdata lacks it
        ("Al Udeid", "QA", 25.12, 51.32),                   # a bare alias
        ("Bagram airfield", "AF", 34.95, 69.27),
    ],
)
def test_air_bases_resolve_to_the_field_not_the_town(gazetteer, query, country, lat, lon):
    place = gazetteer.best(query)
    assert place is not None and place.country == country
    assert place.precision is Precision.SITE
    assert km(place, lat, lon) < 10


def test_t4_is_the_air_base_not_homs(gazetteer):
    place = gazetteer.best("T-4 air base")
    homs = gazetteer.best("Homs")
    assert place.precision is Precision.SITE and km(place, 34.52, 37.63) < 5
    assert km(place, homs.lat, homs.lon) > 60


@pytest.mark.parametrize(
    ("query", "country", "lat", "lon"),
    [
        ("the Natanz nuclear facility", "IR", 33.72, 51.73),
        ("Natanz facility", "IR", 33.72, 51.73),            # vague kind word: any site of that name
        ("Fordo nuclear site", "IR", 34.88, 51.00),
        ("Zaporizhzhia NPP", "UA", 47.51, 34.59),
        ("Kakhovka hydroelectric power plant", "UA", 46.78, 33.37),
        ("Ras Issa port", "YE", 15.22, 42.64),
        ("Port of Hodeidah", "YE", 14.83, 42.93),
        ("Sayyida Zainab shrine", "SY", 33.44, 36.34),
        ("Kerem Shalom crossing", "IL", 31.23, 34.28),
        ("Baiji refinery", "IQ", 34.93, 43.47),
    ],
)
def test_curated_sites_by_the_names_news_uses(gazetteer, query, country, lat, lon):
    place = gazetteer.best(query)
    assert (place.country, place.precision) == (country, Precision.SITE)
    assert km(place, lat, lon) < 10


def test_bare_town_name_stays_the_town(gazetteer):
    # "Natanz" alone is the town; "Spin Boldak" is the town, not the crossing named after it.
    for query, country in [("Natanz", "IR"), ("Engels", "RU"), ("Spin Boldak", "AF")]:
        place = gazetteer.best(query)
        assert (place.country, place.precision) == (country, Precision.CITY), query


def test_site_word_with_only_a_town_known_says_city_never_site(gazetteer):
    # No port of Kharkiv is known: the answer is the city, and it says so.
    place = gazetteer.best("Kharkiv port")
    assert place.country == "UA" and place.precision is Precision.CITY
    # A site of another kind never stands in: Hodeidah has an airport and a port, not a dam.
    dam = gazetteer.best("Hodeidah dam")
    assert dam is None or dam.precision is not Precision.SITE


def test_ras_alone_is_not_found_and_ras_isa_is_the_terminal(gazetteer):
    assert gazetteer.best("Ras") is None            # never Ar Rass, Saudi Arabia
    place = gazetteer.best("Ras Isa", context=["YE", "IL"])
    assert (place.country, place.precision) == ("YE", Precision.SITE)


@pytest.mark.parametrize("word", ["Airport", "Council", "Major", "Base", "Port", "Dam", "Shrine", "the Airport", "Bab"])
def test_common_words_are_not_places(gazetteer, word):
    assert gazetteer.best(word) is None


def test_a_generic_word_with_its_article_is_a_real_name(gazetteer):
    # "Bab" (gate) alone is nothing; "Al-Bab" is a town of 100,000 north-east of Aleppo.
    place = gazetteer.best("Al-Bab", context=["SY", "TR"])
    assert (place.country, place.precision) == ("SY", Precision.CITY) and km(place, 36.37, 37.52) < 10


def test_site_keys_and_phrases():
    assert site_phrase(name_key("the Dnipro hydroelectric power plant")) == ("dnipro", "dam")
    assert site_phrase(name_key("Baiji oil refinery")) == ("baiji", "industry")
    assert site_phrase(name_key("Port Sudan")) is None        # "Port" leading is part of the name
    assert site_keys(["Kharkiv International Airport"], "air") == ["kharkiv @air", "kharkiv @any"]


@pytest.mark.parametrize("table", ["sites.csv", "villages.csv", "site_aliases.csv"])
def test_curated_tables_carry_a_source_and_sane_facts(table):
    rows = list(csv.DictReader((DATA_DIR / table).open(encoding="utf-8", newline="")))
    assert rows, table
    for row in rows:
        assert (row.get("source") or "").strip(), f"{table}: no source for {row}"
        if table == "site_aliases.csv":
            assert len(row["icao"]) == 4 and row["aliases"].strip()
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        # Every row is in the Eastern Hemisphere's conflict belt or Russia's far east: a swapped
        # lat/lon (Erbil at 44 N, 36 E) would still pass, so check the country's rough box too.
        assert 10 <= lat <= 70 and 20 <= lon <= 130, row["name"]
        assert len(row["country"]) == 2 and row["country"].isupper(), row["name"]
        if table == "sites.csv":
            assert row["kind"] in SITE_CLASSES, row["name"]
    if table == "sites.csv":
        assert len(rows) >= 150


def test_curated_points_lie_in_their_country(gazetteer):
    """A swapped axis or a typo in a degree lands a row outside its country's extent."""
    rows = list(csv.DictReader((DATA_DIR / "sites.csv").open(encoding="utf-8", newline="")))
    rows += list(csv.DictReader((DATA_DIR / "villages.csv").open(encoding="utf-8", newline="")))
    outside = []
    for row in rows:
        country = gazetteer.country(row["country"])
        if country is None or country.bbox is None:
            continue
        west, south, east, north = country.bbox
        lat, lon = float(row["lat"]), float(row["lon"])
        # A degree of slack: Natural Earth's 1:110m Ukraine stops short of Crimea, whose rows we
        # attribute to Ukraine (their source says so); a swapped or mistyped degree is further off.
        if not (south - 1 <= lat <= north + 1 and west - 1 <= lon <= east + 1):
            outside.append(row["name"])
    assert outside == []
