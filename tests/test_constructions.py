"""The construction table (tests/constructions.py): short articles of our own wording, one row each.

Every row is scored as a tiny gold set with the rules of :mod:`geo.evaluate`. A row passes when the
extraction gives exactly its strikes, each with the right place and day. Rows that do not pass yet are
listed in ``KNOWN_MISSES`` with the reason; they are strict xfails, so a fix that makes one pass fails
here until the row leaves the list. The table as a whole has a floor, so a regression fails CI.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.evaluate import GoldEvent, Summary, predicted_from_event, score_article
from geo.pipeline import Pipeline
from geo.text import read_text

from .constructions import ROWS

# Rows extraction does not get right yet, by cause (see the note on issue 8).
KNOWN_MISSES = frozenset(line.split()[0] for line in """
""".strip().splitlines() if line.strip())

FLOOR = {"f1": 0.0, "strict_f1": 0.0, "loc_acc": 0.0, "date_acc": 0.0}


@pytest.fixture(scope="module")
def pipeline(gazetteer):
    return Pipeline(gazetteer)


def score(pipeline, row):
    article = read_text(row["text"], name=row["id"], published=date.fromisoformat(row["published"]))
    events = pipeline.fuse(pipeline.article_events(article))
    gold = [GoldEvent(e["actor"], e["target_country"], e["lat"], e["lon"], e["precision"], e.get("date"),
                      bool(e.get("optional")), e["place"]) for e in row["events"]]
    return score_article([predicted_from_event(e) for e in events], gold, negative=not gold)


def describe(result) -> str:
    lines = [f"missed {g.actor}->{g.target_country} {g.name} {g.date}" for g in result.missed]
    lines += [f"spurious {p.actor}->{p.target_country} {p.name} {p.date}" for p in result.spurious]
    lines += [f"wrong {p.gold.name} {p.gold.date}: {p.predicted.name} ({p.predicted.precision}) {p.predicted.date}"
              for p in result.required_pairs if not p.strict]
    return "; ".join(lines)


def test_the_table_is_well_formed():
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids)) and len(ids) >= 150
    assert KNOWN_MISSES <= set(ids)
    assert len({row["cls"] for row in ROWS}) >= 10


@pytest.mark.parametrize("row", [
    pytest.param(row, id=row["id"], marks=pytest.mark.xfail(strict=True, reason="known miss"))
    if row["id"] in KNOWN_MISSES else pytest.param(row, id=row["id"]) for row in ROWS])
def test_row(pipeline, row):
    result = score(pipeline, row)
    assert result.fp == 0 and result.fn == 0 and result.strict_tp == result.tp, describe(result)


def test_the_table_keeps_its_floor(pipeline):
    summary = Summary([score(pipeline, row) for row in ROWS]).as_dict()
    for key, floor in FLOOR.items():
        assert summary[key] >= floor, summary
