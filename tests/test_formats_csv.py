"""The ACLED-style CSV, read back by pandas and by ``csv`` (two independent readers)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date

import pandas
import pytest

from geo.formats import csv_acled as formats_csv
from geo.models import DatePrecision, DateRange, Event, Source
from tests.events_factory import ERBIL, hostile_event, sample_events

ACLED = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
         "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
         "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
         "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
NOW = 1_705_500_000


@pytest.fixture()
def events():
    return sample_events() + [hostile_event()]


@pytest.fixture()
def frame(events, tmp_path):
    path = formats_csv.write_csv(events, tmp_path / "strikes.csv", now=NOW)
    return pandas.read_csv(path, keep_default_na=False, dtype=str).set_index("event_id_cnty", drop=False)


def test_acled_columns_in_acled_order_then_ours(frame):
    assert list(frame.columns)[:len(ACLED)] == ACLED
    assert list(frame.columns)[len(ACLED):] == list(formats_csv.EXTRA_COLUMNS)


def test_a_known_strike_reads_back_with_acled_values(frame):
    erbil = frame.loc["ev-erbil"]
    assert (erbil["event_date"], erbil["year"], erbil["time_precision"]) == ("2024-01-15", "2024", "1")
    assert (erbil["event_type"], erbil["sub_event_type"]) == ("Explosions/Remote violence",
                                                              "Shelling/artillery/missile attack")
    assert erbil["actor1"] == "Military Forces of Iran (1989-)" and erbil["assoc_actor_1"] == "IRGC"
    assert (erbil["country"], erbil["iso"], erbil["region"]) == ("Iraq", "368", "Middle East")
    assert (erbil["latitude"], erbil["longitude"], erbil["geo_precision"]) == ("36.19117", "44.00943", "1")
    assert erbil["source"] == "example.org"  # the outlet, not the headline
    assert erbil["notes"].startswith("On 2024-01-15, Iran struck Erbil, Iraq with ballistic missile")
    assert '"Four civilians were killed, the Kurdistan Region Security Council said."' in erbil["notes"]
    assert (erbil["fatalities"], erbil["timestamp"]) == ("4", str(NOW))
    assert frame.loc["ev-panjgur", "sub_event_type"] == "Air/drone strike"  # drones and missiles


def test_event_date_is_always_filled_and_precision_says_how_good(frame):
    assert frame.loc["ev-range", ["event_date", "time_precision"]].tolist() == ["2024-01-13", "2"]  # middle day
    assert (frame["fatalities"] != "").all() and frame.loc["ev-range", "fatalities"] == "0"
    assert frame.loc["ev-range", "fatalities_reported"] == ""  # "0" above means "none reported"
    assert frame.loc["ev-noplace", "latitude"] == "" and frame.loc["ev-noplace", "geo_precision"] == "3"


def test_best_day_rules():
    when = DateRange(date(2024, 1, 1), date(2024, 1, 31), DatePrecision.MONTH)
    assert formats_csv.best_day(Event("m", "IR", "IQ", None, None, when)) == (date(2024, 1, 16), 3)
    only_latest = DateRange(None, date(2024, 1, 9))
    assert formats_csv.best_day(Event("l", "IR", "IQ", None, None, only_latest)) == (date(2024, 1, 9), 3)
    published = Event("p", "IR", "IQ", None, None, DateRange(),
                      sources=(Source("t", None, date(2024, 2, 2)), Source("u", None, date(2024, 2, 1))))
    assert formats_csv.best_day(published) == (date(2024, 2, 1), 3)


HOSTILE_CELLS = ["=HYPERLINK(\"http://x\")", "+1+2", "-3-4", "@SUM(A1)", "\tTAB", "\rCR", "'=already"]


@pytest.mark.parametrize("cell", HOSTILE_CELLS)
def test_formulas_are_neutralised_and_read_back(cell, tmp_path):
    event = replace(sample_events()[0], target=cell, claimed_by=cell, place_text=cell)
    path = formats_csv.write_csv([event], tmp_path / "f.csv", now=NOW)
    row = pandas.read_csv(path, keep_default_na=False, dtype=str).iloc[0]
    for column in ("actor2", "assoc_actor_1", "target", "claimed_by", "place_text"):
        assert row[column].startswith("'"), column  # a spreadsheet shows text, never runs it
    assert row["longitude"] == "44.00943"  # numbers are not touched
    assert formats_csv.read_csv(path)[0].target == cell


def test_negative_numbers_stay_numbers(tmp_path):
    west = replace(ERBIL, lon=-77.04, lat=-12.05)
    event = Event("w", "US", "PE", west, "Lima", DateRange())
    row = pandas.read_csv(io.StringIO(formats_csv.csv_text([event], now=NOW))).iloc[0]
    assert (row["longitude"], row["latitude"]) == (-77.04, -12.05)


def test_bare_carriage_returns_are_quoted_so_both_readers_agree(tmp_path):
    event = replace(sample_events()[0], target="first\rsecond", claimed_by="a\r\nb", place_text="x\ny")
    text = formats_csv.csv_text([event, sample_events()[1]], now=NOW)
    by_csv = list(csv.DictReader(io.StringIO(text, newline="")))
    by_pandas = pandas.read_csv(io.StringIO(text, newline=""), keep_default_na=False, dtype=str)
    assert len(by_csv) == len(by_pandas) == 2
    assert by_csv[0]["target"] == by_pandas.iloc[0]["target"] == "first\rsecond"
    assert by_pandas.iloc[1]["event_id_cnty"] == "ev-idlib"


def test_round_trip_keeps_what_csv_holds(events, tmp_path):
    back = formats_csv.read_csv(formats_csv.write_csv(events, tmp_path / "r.csv", now=NOW))
    assert [e.event_id for e in back] == [e.event_id for e in events]
    for before, after in zip(events, back, strict=True):
        assert (after.actor, after.target_country, after.date, after.weapons, after.target) == \
               (before.actor, before.target_country, before.date, before.weapons, before.target)
        assert (after.fatalities, after.claimed_by, after.denied_by, after.responds_to, after.confidence) == \
               (before.fatalities, before.claimed_by, before.denied_by, before.responds_to, before.confidence)
        assert [(s.title, s.url, s.published) for s in after.sources] == \
               [(s.title, s.url, s.published) for s in before.sources]
        if before.place:
            assert (after.place.lat, after.place.lon, after.place.precision, after.place.bbox) == \
                   (before.place.lat, before.place.lon, before.place.precision, before.place.bbox)
        else:
            assert after.place is None


def test_app_and_cli_share_one_writer(events):
    from geo.cli.events import render

    assert render(events, "csv").split("\r\n")[0] == formats_csv.csv_text(events, now=NOW).split("\r\n")[0]
    assert len(render(events, "csv").split("\r\n")) == len(events) + 2  # header, rows, final line end
