"""The bundled sample articles give exactly the strikes data/gold.json lists (the app's first screen).

``data/gold.json`` is in the schema of the dev set (``python -m geo evaluate data`` scores it): every strike
each sample reports, with its place, precision and day; events marked optional are places the offline
gazetteer cannot locate (their province-level reading is accepted) or background strikes with no day.
"""

from __future__ import annotations

import pytest

from geo.evaluate import evaluate, read_gold

from .conftest import ROOT

GOLD_DIR = ROOT / "data"


@pytest.fixture(scope="module")
def results(gazetteer):
    from geo.extract.pipeline import Pipeline

    return evaluate(GOLD_DIR, pipeline=Pipeline(gazetteer))


def test_every_sample_article_is_listed():
    listed = {a.file for a in read_gold(GOLD_DIR)}
    on_disk = {p.name for p in (GOLD_DIR / "articles").iterdir() if p.suffix in (".txt", ".html")}
    assert listed == on_disk


@pytest.mark.parametrize("name", sorted(a.file for a in read_gold(ROOT / "data")))
def test_each_sample_gives_exactly_its_strikes(results, name):
    article, score = next((a, s) for a, s in results if a.file == name)
    wrong = [f"{p.gold.actor}->{p.gold.target_country} {p.gold.name}: got {p.predicted.name} "
             f"({p.predicted.precision}) {p.predicted.date}" for p in score.required_pairs if not p.strict]
    assert not score.missed, [f"{g.actor}->{g.target_country} {g.name} {g.date}" for g in score.missed]
    assert not score.spurious, [f"{p.actor}->{p.target_country} {p.name} {p.date}" for p in score.spurious]
    assert not wrong, wrong
