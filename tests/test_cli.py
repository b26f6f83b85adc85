"""The command-line contract, run as a user runs it: a new process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True,
                          input=stdin, timeout=120)


def test_geocode_json_contract(gazetteer):
    result = run("geocode", "Erbil", "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    # The contract keys, always; the gazetteer adds how the name matched (match, similarity, matched).
    assert set(record) >= {"query", "name", "lat", "lon", "country", "admin1", "precision", "source"}
    assert record["match"] in ("exact", "alternate", "fuzzy")
    assert record["country"] == "IQ" and record["precision"] == "city"
    assert round(record["lat"]) == 36 and round(record["lon"]) == 44


def test_geocode_with_country(gazetteer):
    record = json.loads(run("geocode", "Sarawan", "--country", "ir", "--json").stdout)
    assert record["country"] == "IR"


def test_nothing_found_prints_null_and_exits_1(gazetteer):
    result = run("geocode", "Qqqxyzzyplace", "--json")
    assert (result.returncode, result.stdout.strip()) == (1, "null")


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, "Er\x01bil"])
def test_bad_queries_exit_2_with_one_line(gazetteer, query):
    result = run("geocode", query, "--json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_country_code_exits_2():
    result = run("geocode", "Erbil", "--country", "Iraq")
    assert result.returncode == 2 and "alpha-2" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- files analysts open (issue 14) and hardening

def test_version():
    from geo import __version__

    result = run("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"strikemap {__version__}")


def test_every_subcommand_help_ends_with_two_examples():
    from geo.cli.main import build_parser

    commands = build_parser()._subparsers._group_actions[0].choices
    assert {"index", "geocode", "extract", "map", "export", "evaluate"} <= set(commands)
    for name, parser in commands.items():
        tail = parser.format_help().rstrip().splitlines()[-3:]
        assert tail[0] == "examples:", name
        assert all(f"python -m geo {name}" in line and line.startswith("  ") for line in tail[1:]), name


def test_well_formed_but_unassigned_country_is_a_usage_error():
    result = run("geocode", "Erbil", "--country", "XX")
    assert result.returncode == 2 and "XX is not an ISO 3166-1" in result.stderr and "Traceback" not in result.stderr


def test_extract_on_empty_stdin_prints_an_empty_collection_and_warns():
    result = run("extract", stdin="  \n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"type": "FeatureCollection", "features": []}
    assert result.stderr.startswith("warning: stdin is empty")


@pytest.fixture()
def store_path(tmp_path):
    from geo.app.store import EventStore
    from tests.events_factory import sample_events

    path = tmp_path / "strikemap.sqlite"
    EventStore(path, fuse=list).add(sample_events())
    return path


def test_export_reads_the_event_store_with_the_apps_filters(store_path, tmp_path):
    import pyogrio

    out = tmp_path / "iran.gpkg"
    result = run("export", str(store_path), "-o", str(out), "--actor", "IR", "--target", "IQ,SY",
                 "--from", "2024-01-15")
    assert result.returncode == 0, result.stderr
    frame = pyogrio.read_dataframe(out, layer="strikes")
    assert sorted(frame["event_id"]) == ["ev-erbil", "ev-idlib"]
    result = run("export", str(store_path), "-o", str(tmp_path / "old.geojson"), "--to", "2023-12-31")
    undated = json.loads((tmp_path / "old.geojson").read_text(encoding="utf-8"))["features"]
    assert [f["id"] for f in undated] == ["ev-noplace"]  # undated strikes pass date filters, as in the app
    result = run("export", str(store_path), "-o", str(tmp_path / "none.geojson"), "--actor", "US")
    assert result.returncode == 0 and result.stderr.startswith("warning: no events to export")
    assert json.loads((tmp_path / "none.geojson").read_text(encoding="utf-8")) == {"type": "FeatureCollection",
                                                                                    "features": []}


def test_a_file_that_is_not_a_store_is_refused_and_left_alone(tmp_path):
    fake = tmp_path / "notes.sqlite"
    fake.write_text("not a database", encoding="utf-8")
    result = run("export", str(fake), "-o", str(tmp_path / "x.geojson"))
    assert result.returncode == 2 and "not a Strike Map event store" in result.stderr
    assert fake.read_text(encoding="utf-8") == "not a database"


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".kml", ".parquet", ".csv"])
def test_round_trip_store_to_each_format_to_events(store_path, tmp_path, suffix):
    from geo.app.store import EventStore
    from geo.cli.main import main
    from geo.cli.maps import load_events

    stored = EventStore(store_path, fuse=list).all()
    assert main(["export", str(store_path), "-o", str(tmp_path / f"out{suffix}")]) == 0
    back, warnings = load_events([str(tmp_path / f"out{suffix}")])
    assert warnings == []
    if suffix != ".csv":
        assert back == stored  # everything
    else:  # what a flat table holds: no evidence spans, no origin, no GeoNames ids
        assert [(e.event_id, e.actor, e.target_country, e.date, e.weapons, e.fatalities) for e in back] == \
               [(e.event_id, e.actor, e.target_country, e.date, e.weapons, e.fatalities) for e in stored]


def test_deeply_nested_json_is_one_clear_error(tmp_path):
    deep = tmp_path / "deep.geojson"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    for command in (["export", str(deep), "-o", str(tmp_path / "x.csv")],
                    ["map", str(deep), "-o", str(tmp_path / "x.html")]):
        result = run(*command)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.strip().splitlines() == [f"error: {deep}: JSON nested too deeply to be a GeoJSON "
                                                      "FeatureCollection"]


def _collection(tmp_path, **changes):
    from geo.formats.geojson import events_to_features
    from tests.events_factory import sample_events

    collection = events_to_features(sample_events()[:2])
    collection["features"][1]["properties"].update(changes.pop("properties", {}))
    if "coordinates" in changes:
        collection["features"][0]["geometry"]["coordinates"] = changes["coordinates"]
    path = tmp_path / "in.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


@pytest.mark.parametrize("key, value", [("actor", "ZZZZ"), ("target_country", "<b>")])
def test_non_iso_countries_in_input_are_refused(tmp_path, key, value):
    result = run("export", str(_collection(tmp_path, properties={key: value})), "-o", str(tmp_path / "x.csv"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"feature 1 (event 'ev-idlib'): {key} {value!r} is not an ISO 3166-1 alpha-2" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_a_point_outside_its_country_is_a_warning_not_a_drop(tmp_path):
    swapped = _collection(tmp_path, coordinates=[36.19117, 44.00943])  # Erbil with lat and lon swapped
    result = run("export", str(swapped), "-o", str(tmp_path / "x.geojson"))
    assert result.returncode == 0, result.stderr
    assert "warning: event 'ev-erbil'" in result.stderr and "outside IQ; lat and lon look swapped" in result.stderr
    assert len(json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))["features"]) == 2


def test_geometry_area_on_export(store_path, tmp_path):
    result = run("export", str(store_path), "-o", str(tmp_path / "a.geojson"), "--geometry", "area")
    assert result.returncode == 0, result.stderr
    kinds = {f["id"]: f["geometry"]["type"] if f["geometry"] else None
             for f in json.loads((tmp_path / "a.geojson").read_text(encoding="utf-8"))["features"]}
    assert kinds["ev-erbil"] == "Point" and kinds["ev-idlib"] == "Polygon" and kinds["ev-noplace"] is None
    result = run("export", str(store_path), "-o", str(tmp_path / "a.csv"), "--geometry", "area")
    assert result.returncode == 2 and "--geometry area applies to" in result.stderr


def test_filter_arguments_are_checked(store_path, tmp_path, capsys):
    from geo.cli.main import main

    out = str(tmp_path / "x.geojson")
    assert main(["export", str(store_path), "-o", out, "--from", "2024-02-01", "--to", "2024-01-01"]) == 2
    assert "--from 2024-02-01 is after --to 2024-01-01" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(store_path), "-o", out, "--target", "IQ,QQ"])
    assert exit_info.value.code == 2 and "ISO 3166-1 alpha-2" in capsys.readouterr().err
    assert main(["export", str(store_path), "-o", out, "--actor", "ir", "--actor", "PK"]) == 0
    features = json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["actor"] for f in features} == {"IR", "PK"}
