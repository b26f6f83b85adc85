"""Property-based tests (hypothesis): whatever the article, extraction never crashes, output is valid
RFC 7946 with coordinates in range, and every evidence sentence is a substring of its article.

Inputs are random text and bytes, and our own sample articles (``data/articles/``)
mutated: characters inserted, deleted and swapped, paragraphs shuffled and
duplicated, line breaks removed, markup and control characters spliced in.
Example counts are modest so the suite stays fast.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.formats import geojson as storage

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(p for p in (ROOT / "data" / "articles").iterdir() if p.suffix in (".txt", ".md"))
# No example database: the suite leaves no .hypothesis folder behind; failures print their example.
SETTINGS = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
JUNK = ["<script>alert(1)</script>", "\x00", "\ufeff", "\u202e", "\r", "\t\t", "  ", "\n\n\n", "[x](http://e.org)",
        "&amp;", "&#0;", "\U0001f4a5", "é", "'", '"', "—", "...", "Iran", "Erbil", "struck", "on Monday", "2024",
        "=HYPERLINK(1)", "\\", "%s", "{0}", "0" * 40]


@pytest.fixture(scope="module")
def pipeline():
    from geo.extract.pipeline import Pipeline

    return Pipeline()


def _seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in SEEDS]


@st.composite
def mutated_articles(draw) -> str:
    """One of our sample articles after a few random edits."""
    text = draw(st.sampled_from(_seed_texts()))
    for _ in range(draw(st.integers(0, 8))):
        edit = draw(st.sampled_from(["insert", "delete", "swap", "shuffle", "flatten", "repeat", "cut"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        if edit == "insert":
            text = text[:at] + draw(st.sampled_from(JUNK) | st.text(max_size=20)) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 50)):]
        elif edit == "swap" and len(text) > at + 1:
            text = text[:at] + text[at + 1] + text[at] + text[at + 2:]
        elif edit == "shuffle":
            paragraphs = text.split("\n\n")
            text = "\n\n".join(draw(st.permutations(paragraphs)))
        elif edit == "flatten":  # pasted text often has no line breaks at all
            text = " ".join(text.split())
        elif edit == "repeat":
            text = text + "\n\n" + text[at:at + 500]
        elif edit == "cut":
            text = text[:at]
    return text


ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=2000)
ARTICLES = mutated_articles() | ANY_TEXT


def _check_report(report, text_given: str) -> None:
    """The three properties for one read article."""
    assert report.error is None or ("\n" not in report.error and report.error)
    if report.article is None:
        return
    text = report.article.text
    for event in report.events:
        for source in event.sources:
            for evidence in source.evidence:
                assert evidence.sentence in text, (evidence.sentence, text[:200])
                assert text[evidence.start:evidence.end].strip() == evidence.sentence
    _check_rfc7946(storage.events_to_features(list(report.events)))


def _check_rfc7946(collection: dict) -> None:
    text = json.dumps(collection, allow_nan=False)  # bare NaN / Infinity is not JSON
    again = json.loads(text)
    assert again["type"] == "FeatureCollection" and "crs" not in again
    for feature in again["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is None:
            continue
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"][:2]
        assert math.isfinite(lon) and math.isfinite(lat)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        if "bbox" in feature:
            west, south, east, north = feature["bbox"]
            assert -90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180


@SETTINGS
@given(text=ARTICLES)
def test_random_and_mutated_text_never_crashes_extraction(pipeline, text):
    _check_report(pipeline.read("article.txt", data=text.encode("utf-8")), text)


@SETTINGS
@given(text=mutated_articles(), suffix=st.sampled_from(["article.md", "article.html"]))
def test_mutated_articles_as_markdown_or_html(pipeline, text, suffix):
    paragraphs = text.replace("\n\n", "</p><p>")
    data = text if suffix.endswith(".md") else f"<html><body><p>{paragraphs}</p></body></html>"
    _check_report(pipeline.read(suffix, data=data.encode("utf-8")), text)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000))
def test_random_bytes_are_refused_or_read_never_raised(pipeline, data):
    report = pipeline.read("blob.txt", data=data)
    assert report.error is None or "\n" not in report.error
    if report.article is not None:
        _check_report(report, "")


@SETTINGS
@given(texts=st.lists(mutated_articles(), min_size=2, max_size=4))
def test_fused_events_of_several_articles_are_valid_geojson(pipeline, texts):
    reports = [pipeline.read(f"a{i}.txt", data=t.encode("utf-8")) for i, t in enumerate(texts)]
    fused = pipeline.fuse([e for r in reports for e in r.events])
    _check_rfc7946(storage.events_to_features(fused))
    articles = [r.article.text for r in reports if r.article]
    for event in fused:
        for source in event.sources:
            for evidence in source.evidence:
                assert any(evidence.sentence in text for text in articles)
