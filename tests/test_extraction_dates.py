"""The day of a strike, one construction per test, in sentences of our own (places, years and wording ours).

Local and far clocks, days counted from another strike, days carried to the places of the same report,
live pages whose entries carry their own dates, and datelines read past.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.pipeline import Pipeline

from .test_extraction_rules import strikes as rule_strikes


@pytest.fixture(scope="module")
def pipeline(gazetteer):
    return Pipeline(gazetteer)


def strikes(pipeline, text: str, published: date):
    """(actor, target, place as the text names it, day) of each event, sorted: the rules' tuples without precision."""
    return sorted((actor, target, name, day) for actor, target, name, _, day in rule_strikes(pipeline, text, published))


def days(found) -> set[str | None]:
    return {day for *_, day in found}


# -- local time and far clocks ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # a clock time ("3:15") does not cut the clause; the far clock's day is not the strike's
    "French jets bombed a depot near Gao at about 3:15 a.m. Sunday local time, which was 10:15 p.m. EST Saturday.",
    "French jets bombed a depot near Gao at 2:30 a.m. Sunday local time (9:30 p.m. EDT Saturday).",
    "At 9:30 p.m. EDT Saturday, 2:30 a.m. Sunday in Mali, French jets bombed a depot near Gao.",
    "At 2300 GMT on Saturday, early Sunday in Mali, French jets bombed a depot near Gao.",
    "Late Saturday, 9:30 p.m. EST, or early Sunday in Mali, French jets bombed a depot near Gao.",
    "On Saturday at 2300 GMT, early Sunday in Mali, French jets bombed a depot near Gao.",
])
def test_the_local_day_is_kept_over_a_far_clock(pipeline, text):
    found = strikes(pipeline, text, date(2013, 1, 14))  # a Monday
    assert days(found) == {"2013-01-13"}, found


def test_a_day_only_by_a_far_clock_leaves_the_local_day_open(pipeline):
    text = ("French jets bombed a depot near Gao in Mali early on Sunday local time, the ministry said. The raid "
            "took place at 3:30 a.m. in Mali, late Saturday evening in Washington.")
    found = strikes(pipeline, text, date(2013, 1, 14))  # a Monday
    assert found == [("FR", "ML", "Gao", "2013-01-13")], found


@pytest.mark.parametrize("text, day", [
    ("On May 2, six people were killed following Turkish drone strikes near Sinjar in Iraq. Turkish jets had "
     "struck Sinjar on April 28 as well.", "2022-05-02"),
    ("On Tuesday, three shepherds were wounded after Turkish drones hit a village near Sinjar, Iraq. Turkish jets "
     "had struck Sinjar on April 28 as well.", "2022-05-03"),
    # the dead of days later are not the strike's day
    ("On May 2, two fighters died days after Turkish drone strikes near Sinjar in Iraq.", None),
])
def test_the_dead_told_with_a_day_date_the_strike_after_which_they_died(pipeline, text, day):
    found = strikes(pipeline, text, date(2022, 5, 4))  # a Wednesday
    assert day in [d for *_, d in found if d != "2022-04-28"], found


# -- the day a source spoke to a reporter ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Indian jets late Tuesday bombed militant camps in Balakot and Muzaffarabad districts of Pakistan, local "
    "officials told to our correspondent on Wednesday.",
    "Indian jets late Tuesday bombed a camp in Pakistan's Balakot, police told the French news agency on Wednesday.",
])
def test_the_day_told_to_a_reporter_is_not_the_strike_day(pipeline, text):
    found = strikes(pipeline, text, date(2019, 2, 27))  # a Wednesday
    assert found and days(found) == {"2019-02-26"}, found


# -- days counted from another strike --------------------------------------------------------------

def test_a_main_clause_is_days_after_the_dated_after_clause(pipeline):
    found = strikes(pipeline, "Turkish jets bombed Qandil in Iraq three days after Kurdish guerrillas were struck "
                    "by Iranian drones in Sidakan, Iraq, on Monday night.", date(2021, 8, 27))  # a Friday
    assert ("TR", "IQ", "Qandil", "2021-08-26") in found, found


@pytest.mark.parametrize("opening, day", [
    ("A day before that,", "2018-05-09"),
    ("Two days before,", "2018-05-08"),
    ("The previous night,", "2018-05-09"),
    ("The night before,", "2018-05-09"),
])
def test_a_day_before_counts_from_the_strike_just_told(pipeline, opening, day):
    text = (f"Israeli jets struck Kisweh in Syria on Thursday. {opening} Israeli missiles had hit "
            "an air base near Homs, Syria.")
    found = strikes(pipeline, text, date(2018, 5, 12))  # a Saturday
    assert ("IL", "SY", "Kisweh", "2018-05-10") in found, found
    assert [d for _, _, place, d in found if place != "Kisweh"] == [day], found


# -- datelines ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lead", [
    "ISTANBUL/QAMISHLI, Syria (Reuters) - Turkish jets struck Kurdish militant bases in Iraq and Syria "
    "overnight into Monday, the Defence Ministry said.",
    "DAMASCUS / BEIRUT (AP) — Turkish jets struck Kurdish militant bases in Iraq and Syria "
    "overnight into Monday, the Defence Ministry said.",
])
def test_a_dateline_of_two_places_is_read_past(pipeline, lead):
    found = strikes(pipeline, f"Turkey strikes Kurdish militants\n\n{lead}", date(2019, 3, 4))  # a Monday
    assert {(actor, target) for actor, target, *_ in found} == {("TR", "IQ"), ("TR", "SY")}, found
    assert days(found) == {"2019-03-04"}, found


# -- live pages ----------------------------------------------------------------------------------------

LIVE_PAGE = """Strikes on Tehran - live

Friday 13 June 2025

07:45 BST

Explosions were reported in northern Tehran, state television said.

07:10

Israel's military said its jets struck nuclear sites in Natanz, Iran.

Thursday 12 June 2025

23:50

Iranian air defences were activated over the capital.
"""


def test_a_live_entry_dates_its_strikes_by_the_day_heading_above_it(pipeline):
    found = strikes(pipeline, LIVE_PAGE, date(2025, 6, 14))
    assert ("IL", "IR", "Natanz", "2025-06-13") in found, found


@pytest.mark.parametrize("stamp", ["Updated 14:05 BST, 14 April", "14:05 BST 14 April"])
def test_a_live_stamp_with_a_day_dates_its_entry(pipeline, stamp):
    page = (f"Syria strikes - live\n\n{stamp}\n\nBritish Tornado jets fired missiles at a depot near Homs, Syria, "
            "the ministry said.\n\n13:40 BST\n\nThe White House will brief reporters later.\n")
    found = strikes(pipeline, page, date(2018, 4, 16))
    assert ("GB", "SY", "Homs", "2018-04-14") in found, found


def test_a_live_entry_keeps_a_day_of_its_own(pipeline):
    page = ("Red Sea strikes - live\n\n21:05\n\nUS jets struck a radar site near Hodeidah, Yemen, on Sunday, "
            "officials said.\n\n20:30\n\nShipping firms paused transits.\n")
    found = strikes(pipeline, page, date(2024, 2, 6))  # a Tuesday
    assert days(found) == {"2024-02-04"}, found


def test_a_live_entry_on_a_strike_told_in_an_older_entry_keeps_that_strike_day(pipeline):
    page = ("Gulf strikes - live\n\nWednesday 8 May 2024\n\n08:10 GMT\n\nBahrain has called the Iranian strike on "
            "its territory a violation of its sovereignty. Officials say the strike hit a radar station near "
            "Manama.\n\nTuesday 7 May 2024\n\n22:40 GMT\n\nIranian missiles struck a radar station near Manama, "
            "Bahrain, late on Tuesday, the ministry said.\n")
    found = strikes(pipeline, page, date(2024, 5, 8))
    assert days(found) == {"2024-05-07"}, found


@pytest.mark.parametrize("clocks", [["06:30 GMT"], ["2:45", "1:30"]])  # a byline's time; two videos' lengths
def test_one_clock_time_or_two_bare_ones_do_not_make_a_live_page(pipeline, clocks):
    page = "Jets strike Syria\n\n" + "".join(
        f"{clock}\n\nBritish jets fired missiles at a depot near Homs, Syria, the ministry said.\n\n"
        for clock in clocks)
    found = strikes(pipeline, page, date(2018, 4, 16))
    assert days(found) == {None}, found


def test_a_day_before_that_is_no_day_when_the_strike_it_points_at_is_far_back(pipeline):
    text = ("Israeli jets struck Kisweh in Syria on Thursday. Syria's foreign ministry protested. The envoy was "
            "recalled. Markets fell. A day before that, Israeli missiles had hit an air base near Homs, Syria.")
    found = strikes(pipeline, text, date(2018, 5, 12))  # a Saturday
    assert [d for _, _, place, d in found if place != "Kisweh"] == [None], found


# -- bombs dropped (an AP story of a dropped bomb gave nothing at all) ----------------------------------

def test_a_dropped_bomb_is_a_strike_and_its_passive_gives_the_day(pipeline):
    page = ("US bomb kills fighters in Kunar\n\nJALALABAD, Afghanistan (AP) — Afghan officials said Tuesday that 20 "
            "fighters died when the US Air Force dropped a 900-kilogram bomb on a tunnel complex in eastern "
            "Afghanistan.\n\nA 900-kilogram guided bomb was dropped from a B-52 on Monday night on caves in the Pech "
            "valley of Kunar province, US Forces-Afghanistan said.\n")
    found = strikes(pipeline, page, date(2019, 6, 4))  # a Tuesday
    # (the headline's "Kunar" and the story's "Kunar province" are one strike, named either way)
    assert [(a, t, day) for a, t, name, day in found if name.startswith("Kunar")] == [("US", "AF", "2019-06-03")]


@pytest.mark.parametrize("text", [
    "NATO aircraft dropped leaflets over Kunar province in Afghanistan on Monday.",
    "The Afghan government dropped charges against Pakistani traders in Kunar province on Monday.",
    "A roadside bomb hit a Pakistani army convoy in North Waziristan on Monday.",
])
def test_dropping_other_things_and_bombs_of_groups_are_no_strikes(pipeline, text):
    assert strikes(pipeline, text, date(2019, 6, 4)) == []


def test_dawn_with_a_weekday_is_that_weekday(pipeline):
    found = strikes(pipeline, "Thai artillery opened fire at dawn Friday on the Cambodian town of Samraong, "
                              "officials in Phnom Penh said.", date(2025, 7, 27))  # a Sunday
    assert [(a, t, day) for a, t, _, day in found] == [("TH", "KH", "2025-07-25")]


def test_the_day_of_what_a_strike_answered_is_not_the_day_of_its_places(pipeline):
    found = strikes(pipeline, "British jets struck depots near Tobruk late on Friday and a barracks in Derna, in "
                              "retaliation for a rocket attack that killed two sailors on March 2.", date(2011, 3, 7))
    assert {(name, day) for _, _, name, day in found} == {("Tobruk", "2011-03-04"), ("Derna", "2011-03-04")}


@pytest.mark.parametrize("text", [
    "Turkish artillery shelled the Syrian town of Tal Abyad late on Wednesday and again on Thursday morning.",
    "Turkish artillery shelled the Syrian town of Tal Abyad late on Wednesday and again Thursday, officials said.",
])
def test_a_place_struck_again_on_another_day_is_a_second_strike(pipeline, text):
    found = strikes(pipeline, text, date(2012, 10, 5))  # a Friday
    assert sorted(day for *_, day in found) == ["2012-10-03", "2012-10-04"]


def test_struck_again_with_a_verb_of_its_own_is_not_the_first_place_again(pipeline):
    found = strikes(pipeline, "Israeli jets struck Tyre on Monday and again bombed Sidon on Tuesday.",
                    date(2024, 10, 2))
    assert ("Tyre", "2024-09-30") in {(name, day) for _, _, name, day in found}
    assert ("Tyre", "2024-10-01") not in {(name, day) for _, _, name, day in found}
