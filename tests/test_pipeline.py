"""The extract command as other tools use it: formats, stdin, batches with bad files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from geo.extract.pipeline import Pipeline, expand_paths

from .conftest import FIXTURES, ROOT

ARTICLE = FIXTURES / "articles" / "f02_caption_city_not_strike_place.txt"


def extract(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", "extract", *args], cwd=ROOT, capture_output=True,
                          input=stdin if isinstance(stdin, bytes) or stdin is None else stdin.encode(), timeout=300)


def test_geojson_contract(gazetteer):
    result = extract(str(ARTICLE), "--published", "2024-01-18")
    assert result.returncode == 0, result.stderr
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    [feature] = collection["features"]
    properties = feature["properties"]
    for key in ("event_id", "actor", "actor_name", "target_country", "target_country_name", "place", "place_text",
                "admin1", "precision", "date", "date_earliest", "date_latest", "date_precision", "date_text",
                "weapons", "target", "fatalities", "claimed_by", "origin", "responds_to", "confidence", "sources"):
        assert key in properties, key
    assert (properties["actor"], properties["target_country"], properties["date"]) == ("PK", "IR", "2024-01-18")
    lon, lat = feature["geometry"]["coordinates"]
    assert 62 < lon < 63 and 27 < lat < 28  # Saravan, [lon, lat]
    assert properties["sources"][0]["evidence"]


def test_csv_and_jsonl(gazetteer):
    rows = list(csv.DictReader(io.StringIO(extract(str(ARTICLE), "--format", "csv").stdout.decode())))
    assert rows and {"event_date", "actor1", "country", "admin1", "location", "latitude", "longitude",
                     "geo_precision", "fatalities", "source", "notes"} <= set(rows[0])
    lines = extract(str(ARTICLE), "--format", "jsonl").stdout.decode().splitlines()
    assert lines and all(json.loads(line)["type"] == "Feature" for line in lines)


def test_stdin_and_output_file(gazetteer, tmp_path):
    out = tmp_path / "events.geojson"
    result = extract("-", "-o", str(out), "--published", "2024-01-18", stdin=ARTICLE.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["features"]


def test_a_bad_file_is_reported_and_the_rest_processed(gazetteer, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "good.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = extract(str(tmp_path), "--published", "2024-01-18")
    assert result.returncode == 0
    assert "empty" in result.stderr.decode() and "binary" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    assert len(json.loads(result.stdout)["features"]) == 1


@pytest.mark.parametrize("args", [["--published", "18/01/2024"], ["--format", "xml"]])
def test_bad_arguments_exit_2(args):
    result = extract(str(ARTICLE), *args)
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_only_bad_input_exits_2(gazetteer, tmp_path):
    (tmp_path / "x.txt").write_bytes(b"")
    result = extract(str(tmp_path / "x.txt"))
    assert result.returncode == 2 and b"empty" in result.stderr


def test_folders_skip_readme_files():
    names = expand_paths([FIXTURES / "articles"])
    assert names and not any("README" in n for n in names)


def test_several_articles_fuse_into_one_event_with_both_sources(gazetteer):
    pipeline = Pipeline(gazetteer)
    first = FIXTURES / "articles" / "f05_late_monday_published_wednesday.txt"
    events, _ = pipeline.run([str(first), str(first)])
    assert len(events) == 1 and len(events[0].sources) == 1  # the same article twice is one source
