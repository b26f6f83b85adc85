"""Hand-built sample :class:`~geo.models.Event` values for the storage and map tests.

The strikes follow public reporting of the January 2024 Iran–Pakistan exchange and
Iran's strikes on Erbil and Idlib; coordinates were rounded from GeoNames / Natural
Earth by hand. Headlines, URLs and sentences are our own wording (example.org URLs);
the range-dated and place-less events are invented for tests. Not data for analysis.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from geo.models import DatePrecision, DateRange, Event, Evidence, Place, Precision, Section, Source

ERBIL = Place("Erbil", lat=36.19117, lon=44.00943, country="IQ", precision=Precision.CITY,
              admin1="Erbil", geonameid=95446, population=932800)
IDLIB = Place("Idlib", lat=35.83, lon=36.63, country="SY", precision=Precision.PROVINCE, admin1="Idlib",
              bbox=(36.15, 35.45, 37.05, 36.32), note="province named in the text")
PANJGUR = Place("Panjgur", lat=26.96, lon=64.09, country="PK", precision=Precision.CITY, admin1="Balochistan")
IRAN = Place("Iran", lat=32.0, lon=54.3, country="IR", precision=Precision.COUNTRY, source="naturalearth",
             bbox=(44.03, 25.08, 63.32, 39.78))
PENJWEN = Place("Penjwen", lat=35.62, lon=45.94, country="IQ", precision=Precision.DISTRICT, admin1="Sulaymaniyah",
                bbox=(45.75, 35.5, 46.15, 35.8))
KHUZESTAN = Place("Khuzestan", lat=31.33, lon=48.69, country="IR", precision=Precision.PROVINCE, admin1="Khuzestan")
PAKISTAN = Place("Pakistan", lat=29.9, lon=69.4, country="PK", precision=Precision.COUNTRY, source="naturalearth")


def _day(d: date, text: str | None = None) -> DateRange:
    return DateRange(d, d, DatePrecision.DAY, text)


def _source(title: str, slug: str, published: date, *sentences: str) -> Source:
    evidence, offset = [], 120
    for sentence in sentences:
        evidence.append(Evidence(sentence, offset, offset + len(sentence), Section.STORY))
        offset += len(sentence) + 1
    return Source(title, f"https://example.org/news/{slug}", published, tuple(evidence), article_id=slug[:12])


def sample_events() -> list[Event]:
    """Six events covering every drawing case: town, province, country, range date, no place."""
    return [
        Event("ev-erbil", "IR", "IQ", ERBIL, "Erbil", _day(date(2024, 1, 15), "late Monday"),
              weapons=("ballistic missile",), target="a house the IRGC called an Israeli spy HQ", fatalities=4,
              fatalities_reported_by="Kurdistan Region Security Council", claimed_by="IRGC",
              denied_by="Kurdistan Regional Government", confidence=0.9,
              sources=(_source("Iran fires missiles at Erbil", "erbil-strike", date(2024, 1, 16),
                               "Iran's Revolutionary Guards fired ballistic missiles at Erbil late on Monday.",
                               "Four civilians were killed, the Kurdistan Region Security Council said."),
                       _source("Iraq recalls ambassador after Erbil strike", "iraq-recalls", date(2024, 1, 16),
                               "Iraq said the strike on Erbil was an aggression on its sovereignty."))),
        Event("ev-idlib", "IR", "SY", IDLIB, "Idlib province", _day(date(2024, 1, 15)), origin=KHUZESTAN,
              weapons=("ballistic missile",), target="Islamic State positions", claimed_by="IRGC", confidence=0.8,
              sources=(_source("Guards hit targets in Syria's Idlib", "idlib-strike", date(2024, 1, 16),
                               "Missiles launched from Khuzestan struck targets in Idlib province."),)),
        Event("ev-panjgur", "IR", "PK", PANJGUR, "Panjgur", _day(date(2024, 1, 16)),
              weapons=("drone", "missile"), target="Jaish al-Adl bases", fatalities=2,
              fatalities_reported_by="Pakistan's foreign ministry", claimed_by="IRGC", confidence=0.85,
              responds_to=None,
              sources=(_source("Pakistan condemns Iranian strike near Panjgur", "panjgur", date(2024, 1, 17),
                               "Iran struck a village near Panjgur with drones and missiles, Pakistan said."),)),
        Event("ev-iran", "PK", "IR", IRAN, "Iran", _day(date(2024, 1, 18)), weapons=("drone", "rocket"),
              target="militant hideouts", fatalities=9, fatalities_reported_by="Iranian officials",
              claimed_by="Pakistan's foreign ministry", responds_to="ev-panjgur", confidence=0.75,
              sources=(_source("Pakistan strikes back inside Iran", "pakistan-strikes", date(2024, 1, 18),
                               "Pakistan carried out strikes inside Iran early on Thursday."),)),
        Event("ev-range", "TR", "IQ", PENJWEN, "near Penjwen",
              DateRange(date(2024, 1, 12), date(2024, 1, 14), DatePrecision.RANGE, "over the weekend"),
              weapons=("drone",), target="PKK fighters", confidence=0.6,
              sources=(_source("Drone strikes reported near Penjwen", "penjwen", date(2024, 1, 15),
                               "Turkish drones struck near Penjwen over the weekend, local officials said."),)),
        Event("ev-noplace", "IL", "SY", None, None, DateRange(), weapons=("air strike",), confidence=0.4,
              sources=(Source("Strikes reported in Syria", None, None,
                              (Evidence("Israel struck targets in Syria, state media said.", 0, 50),)),)),
    ]


HOSTILE_TEXT = "<script>alert(1)</script> \"quoted\" 'single' `backtick` ${x} \\u0041 </div>"


def hostile_event() -> Event:
    """An event whose every article-derived string tries to break out of HTML or JavaScript."""
    return Event("ev-hostile", "IR", "IQ", ERBIL, HOSTILE_TEXT, _day(date(2024, 1, 20)),
                 weapons=(HOSTILE_TEXT,), target=HOSTILE_TEXT, claimed_by=HOSTILE_TEXT, confidence=0.5,
                 sources=(Source(HOSTILE_TEXT, "javascript:alert(1)", date(2024, 1, 20),
                                 (Evidence(HOSTILE_TEXT, 0, len(HOSTILE_TEXT)),)),
                          Source("ok <b>bold</b>", "https://example.org/a?b=1&c=\"2\"", None, ())))


def spread_events(n: int, seed: int = 7) -> list[Event]:
    """``n`` plausible strikes for the big-view tests and benchmarks: the samples moved, re-dated, re-attributed."""
    rng = random.Random(seed)
    base = sample_events()
    actors = ["IR", "PK", "US", "TR", "IL", "JO"]
    out = []
    for i in range(n):
        event = base[i % len(base)]
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(540))
        place = event.place and replace(event.place, lat=event.place.lat + rng.uniform(-1.5, 1.5),
                                        lon=event.place.lon + rng.uniform(-1.5, 1.5))  # all samples are mid-latitude
        out.append(replace(event, event_id=f"syn-{i:05d}", actor=actors[i % len(actors)], place=place,
                           date=DateRange(day, day, DatePrecision.DAY)))
    return out
