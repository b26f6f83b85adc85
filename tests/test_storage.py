"""Events <-> GeoJSON / GeoDataFrame / GeoPackage / CSV, and the map/export CLI on GeoJSON inputs."""

from __future__ import annotations

import json
import os

import pytest

from geo.cli.maps import load_events
from geo.errors import InputError, StorageError
from geo.exporting import export
from geo.files import atomic_path
from geo.formats import geojson as storage
from geo.formats.csv_acled import write_csv
from geo.formats.gpkg import read_gpkg, write_gpkg
from geo.models import Evidence
from tests.events_factory import hostile_event, sample_events

CONTRACT = {"event_id", "actor", "actor_name", "target_country", "target_country_name", "place", "place_text",
            "admin1", "precision", "date", "date_earliest", "date_latest", "date_precision", "date_text", "weapons",
            "target", "fatalities", "claimed_by", "origin", "responds_to", "confidence", "sources"}


@pytest.fixture()
def events():
    return sample_events() + [hostile_event()]


def _by_id(collection):
    return {f["properties"]["event_id"]: f for f in collection["features"]
            if f["properties"].get("feature_type") == "event"}


def test_geojson_is_rfc7946(events):
    collection = json.loads(json.dumps(storage.events_to_features(events)))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert CONTRACT <= set(feature["properties"])
        if feature["geometry"] is not None:
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    erbil = _by_id(collection)["ev-erbil"]
    lon, lat = erbil["geometry"]["coordinates"]
    assert lon == pytest.approx(44.0, abs=0.1) and lat == pytest.approx(36.2, abs=0.1)  # [lon, lat], not [lat, lon]


def test_properties_follow_the_contract(events):
    features = _by_id(storage.events_to_features(events))
    erbil = features["ev-erbil"]["properties"]
    assert erbil["actor_name"] == "Iran" and erbil["target_country_name"] == "Iraq"
    assert erbil["date"] == "2024-01-15" and erbil["date_precision"] == "day" and erbil["precision"] == "city"
    assert erbil["sources"][0]["evidence"][0].startswith("Iran's Revolutionary Guards")
    assert erbil["sources"][0]["published"] == "2024-01-16" and erbil["geo_precision"] == 1
    ranged = features["ev-range"]["properties"]
    assert ranged["date"] is None and (ranged["date_earliest"], ranged["date_latest"]) == ("2024-01-12", "2024-01-14")
    assert features["ev-noplace"]["geometry"] is None and features["ev-noplace"]["properties"]["place"] is None
    assert features["ev-noplace"]["properties"]["precision"] == "country"
    idlib = features["ev-idlib"]["properties"]
    assert idlib["origin"] == {"name": "Khuzestan", "lat": 31.33, "lon": 48.69, "precision": "province"}
    assert idlib["radius_km"] > 40 and idlib["bbox"] == [36.15, 35.45, 37.05, 36.32]


def test_geojson_round_trip_is_exact(events, tmp_path):
    path = storage.write_geojson(events, tmp_path / "events.geojson", arcs=True)
    assert storage.read_geojson(path) == events


def test_arcs_are_linestrings_and_skipped_on_read(events):
    collection = storage.events_to_features(events, arcs=True)
    arcs = [f for f in collection["features"] if f["properties"]["feature_type"] == "arc"]
    assert len(arcs) == 6  # every event with a place
    by_id = {a["properties"]["event_id"]: a for a in arcs}
    assert by_id["ev-idlib"]["properties"]["dashed"] is False  # launched from Khuzestan, a named province
    assert by_id["ev-erbil"]["properties"]["dashed"] is True  # origin unknown: somewhere in Iran
    assert by_id["ev-erbil"]["geometry"]["coordinates"][-1] == [44.00943, 36.19117]
    assert len(storage.features_to_events(collection)) == len(events)


def test_evidence_without_spans_reads_as_unknown_span(events):
    collection = json.loads(json.dumps(storage.events_to_features(events[:1])))
    for source in collection["features"][0]["properties"]["sources"]:
        del source["evidence_spans"]
    evidence = storage.features_to_events(collection)[0].sources[0].evidence[0]
    assert evidence == Evidence(events[0].sources[0].evidence[0].sentence, -1, -1)


@pytest.mark.parametrize("bad, message", [
    ([], "expected a GeoJSON FeatureCollection"),
    ({"type": "Feature"}, "got a 'Feature'"),
    ({"type": "FeatureCollection"}, "no 'features' list"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None}]}, "no 'properties'"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None,
                                                  "properties": {"event_id": "x"}}]}, "missing properties actor"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None, "properties": {
        "event_id": "x", "actor": "IR", "target_country": "IQ", "date_earliest": "15 Jan"}}]}, "event 'x'"),
])
def test_bad_geojson_is_one_input_error(bad, message):
    with pytest.raises(InputError, match=message):
        storage.features_to_events(bad)


def test_read_geojson_names_the_file(tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="broken.geojson: not valid JSON"):
        storage.read_geojson(path)
    with pytest.raises(StorageError):
        storage.read_geojson(tmp_path / "missing.geojson")


def test_frame_round_trip(events):
    frame = storage.events_to_frame(events)
    assert frame.crs.to_epsg() == 4326 and len(frame) == len(events)
    erbil = frame[frame["event_id"] == "ev-erbil"].geometry.iloc[0]
    assert (erbil.x, erbil.y) == (44.00943, 36.19117)
    assert storage.frame_to_events(frame) == events


def test_geopackage_round_trip(events, tmp_path):
    path = write_gpkg(events, tmp_path / "events.gpkg")
    assert read_gpkg(path) == events
    assert read_gpkg(write_gpkg(events[-2:-1], tmp_path / "one.gpkg")) == events[-2:-1]


def test_geopackage_of_an_older_version_still_reads(events, tmp_path):
    """Files written before the layer was named ``strikes`` had one layer ``events`` with JSON text columns."""
    import json

    frame = storage.events_to_frame(events)
    for column in storage.JSON_COLUMNS:
        frame[column] = [None if v is None else json.dumps(v) for v in frame[column]]
    for column in frame.columns:
        if column != "geometry" and frame[column].isna().all():
            frame[column] = frame[column].astype("string")
    frame.to_file(tmp_path / "old.gpkg", layer="events", driver="GPKG", engine="pyogrio")
    assert read_gpkg(tmp_path / "old.gpkg") == events


def test_csv_through_storage_is_the_acled_writer(events, tmp_path):
    from geo.formats.csv_acled import csv_text

    path = write_csv(events, tmp_path / "events.csv")
    text = path.read_bytes().decode("utf-8")
    assert text.split("\r\n")[0] == csv_text([], now=0).split("\r\n")[0]  # one header, one writer
    assert text.startswith("event_id_cnty,event_date,year,time_precision,")


def test_atomic_writes_leave_no_temporary_files(events, tmp_path):
    names = ["a.csv", "a.geojson", "a.gpkg", "a.html", "a.kml", "a.parquet"]
    for name in names:
        export(events, tmp_path / name)
        export(events, tmp_path / name)  # replacing an existing file, too
    assert sorted(os.listdir(tmp_path)) == names


def test_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "a.geojson"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(path) as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError("crash mid-write")
    assert path.read_text(encoding="utf-8") == "old" and os.listdir(tmp_path) == ["a.geojson"]
    with pytest.raises(StorageError, match="does not exist"):
        storage.write_geojson([], tmp_path / "no" / "dir.geojson")


def test_unknown_suffix_is_input_error(events, tmp_path):
    with pytest.raises(InputError, match="unknown suffix '.xlsx'"):
        export(events, tmp_path / "events.xlsx")
    assert os.listdir(tmp_path) == []


def test_country_names():
    assert storage.country_name("XK") == "Kosovo"
    assert storage.country_name("SY") == "Syria"
    assert storage.country_point("FR").lon > -10  # metropolitan France, not French Guiana


def _run(argv):
    """Our sub-commands on a bare parser: works before the lead wires them into geo.cli.main."""
    import argparse

    from geo.cli import maps as cli_maps

    parser = argparse.ArgumentParser(prog="geo")
    cli_maps.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


def test_cli_export_and_map(events, tmp_path, capsys):
    source = storage.write_geojson(events, tmp_path / "in.geojson")
    assert _run(["export", str(source), "-o", str(tmp_path / "out.csv")]) == 0
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("event_id_cnty,event_date,year,")
    assert _run(["export", str(source), str(source), "-o", str(tmp_path / "out.geojson"), "--arcs"]) == 0
    assert len(storage.read_geojson(tmp_path / "out.geojson")) == 2 * len(events)
    assert _run(["map", str(source), "-o", str(tmp_path / "map.html"), "--offline", "--basemap", "none"]) == 0
    assert json.dumps("Iran (IR) — 4 strikes") in (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "7 strikes mapped" in capsys.readouterr().out
    with pytest.raises(InputError, match="unknown suffix '.xlsx'"):
        _run(["export", str(source), "-o", str(tmp_path / "out.xlsx")])
    with pytest.raises(InputError, match="no such file"):
        _run(["map", str(tmp_path / "missing.geojson"), "-o", str(tmp_path / "m.html")])
    (tmp_path / "sheet.xlsx").write_bytes(b"PK")
    with pytest.raises(InputError, match="expected events"):
        _run(["map", str(tmp_path / "sheet.xlsx"), "-o", str(tmp_path / "m.html")])
    assert len(load_events([str(tmp_path / "out.csv")])[0]) == len(events)  # our CSV reads back


def test_cli_main_exit_codes(events, tmp_path, capsys):
    from geo.cli.main import build_parser, main

    if "export" not in build_parser().format_help():
        pytest.skip("cli_maps.register is not wired into geo.cli.main yet")
    source = storage.write_geojson(events, tmp_path / "in.geojson")
    assert main(["export", str(source), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert "unknown suffix '.xlsx'" in capsys.readouterr().err
