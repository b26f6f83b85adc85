"""The bad-input matrix, part 1: the command line as a real process (``python -m geo ...``).

Each row writes hostile files into a temporary folder, runs the CLI, and checks
the contract in :mod:`tests.bad_input`: exit code 2 (bad input) or 3 (environment),
one clear line, no traceback, no half-written output, nothing planted that runs.
Inputs that are odd but legitimate (a BOM, deep but valid HTML) must be read
(exit 0), still with nothing planted reaching the output as markup.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.bad_input import ROOT, SCRIPTS, assert_clean_failure, assert_no_live_markup, geo

GOOD = ("Israeli jets strike Yemen's Hodeidah port\n\n"
        "Israeli warplanes struck the port of Hodeidah in Yemen on Saturday, July 20, 2024, the Israeli military "
        "said, a day after a Houthi drone hit Tel Aviv.\n")


def feature(**overrides):
    """One valid stored event as a GeoJSON Feature (Erbil: lat and lon visibly apart), with overrides."""
    props = {"event_id": "ev-1", "actor": "IR", "target_country": "IQ", "place": "Erbil", "precision": "city",
             "date": "2024-01-15", "date_earliest": "2024-01-15", "date_latest": "2024-01-15",
             "date_precision": "day", "weapons": ["missile"], "confidence": 0.8,
             "sources": [{"title": "Iran strikes Erbil", "url": "https://example.org/a", "published": "2024-01-16",
                          "evidence": []}]}
    geometry = overrides.pop("geometry", {"type": "Point", "coordinates": [44.01, 36.19]})
    props.update(overrides)
    return {"type": "Feature", "geometry": geometry, "properties": props}


def collection(*features, **extra):
    return json.dumps({"type": "FeatureCollection", "features": list(features), **extra})


# ---------------------------------------------------------------- articles: extract refuses them, one line each

ARTICLES = [  # (id, file name, bytes, expected stderr pattern)
    ("empty", "a.txt", b"", r"empty"),
    ("whitespace only", "a.txt", b" \n\t\n   \r\n", r"empty|no text"),
    ("binary NULs", "a.txt", b"\x00\x01\x02\x03" * 500, r"binary"),
    ("png bytes named .html", "a.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, r"binary|not .*text"),
    ("zip bytes named .md", "a.md", b"PK\x03\x04" + bytes(range(256)) * 20, r"binary|not .*text"),
    ("utf-16 without BOM", "a.txt", GOOD.encode("utf-16-le"), r"binary|UTF|encod"),
    ("unsupported suffix", "a.pdf", b"%PDF-1.7 " + GOOD.encode(), r"unsupported file type"),
]


@pytest.mark.parametrize(("name", "data", "pattern"), [pytest.param(*row[1:], id=row[0]) for row in ARTICLES])
def test_an_unusable_article_is_one_line_exit_2(tmp_path, name, data, pattern):
    (tmp_path / name).write_bytes(data)
    out = tmp_path / "events.geojson"
    run = geo("extract", name, "-o", str(out), cwd=tmp_path)
    assert_clean_failure(run, 2, pattern)
    assert name in run.err  # names the file
    assert not out.exists()  # nothing half-written


def test_a_huge_article_is_refused_before_reading(tmp_path):
    with open(tmp_path / "huge.txt", "wb") as handle:  # sparse: 6 MB on paper, nothing on disk
        handle.truncate(6_000_000)
    assert_clean_failure(geo("extract", "huge.txt", cwd=tmp_path), 2, r"huge\.txt: 6 MB is too large")


def test_a_missing_file_is_one_line(tmp_path):
    assert_clean_failure(geo("extract", "nowhere.txt", cwd=tmp_path), 2, r"nowhere\.txt")


def test_a_folder_without_articles_is_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    assert_clean_failure(geo("extract", "empty", cwd=tmp_path), 2, r"no article files found")


def test_a_directory_named_like_an_article_is_one_line(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    run = geo("extract", "dir.txt", cwd=tmp_path)
    assert run.code in (0, 2) and "Traceback" not in run.err  # a folder is walked: no articles inside


def test_binary_stdin_is_one_line(tmp_path):
    assert_clean_failure(geo("extract", "-", cwd=tmp_path, stdin=b"\x00" * 100), 2, r"binary")


WARNED = [  # (id, file name, bytes, pattern of the one warning): read, nothing found, and the person is told why
    ("stdin empty", "-", b"", r"stdin is empty"),
    ("only punctuation", "a.txt", b"... --- !!! ??? ;;; \n\n ***", r"a\.txt: .*(English|no text|words)"),
    ("cyrillic text", "a.txt", "Израиль нанёс удар по порту Ходейда в Йемене.\n".encode(), r"a\.txt: .*English"),
]


@pytest.mark.parametrize(("name", "data", "pattern"), [pytest.param(*row[1:], id=row[0]) for row in WARNED])
def test_an_article_with_nothing_to_read_says_so(tmp_path, name, data, pattern):
    if name != "-":
        (tmp_path / name).write_bytes(data)
    run = geo("extract", name, cwd=tmp_path, stdin=data)
    assert run.code in (0, 2) and "Traceback" not in run.err
    lines = [line for line in run.err.splitlines() if line.strip()]
    assert len(lines) == 1 and re.match(r"^(warning|skipped|error): ", lines[0]), lines
    assert re.search(pattern, lines[0]), lines


@pytest.mark.parametrize("args", [pytest.param(["--published", "2024-13-45"], id="impossible date"),
                                  pytest.param(["--published", "yesterday"], id="word date"),
                                  pytest.param(["--format", "xlsx"], id="unknown format")])
def test_bad_options_are_one_line_exit_2(tmp_path, args):
    (tmp_path / "a.txt").write_text(GOOD)
    run = geo("extract", "a.txt", *args, cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.err and len(run.err.strip().splitlines()) == 1


def test_good_and_bad_files_together_lose_nothing(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "bad.txt").write_bytes(b"\x00" * 64)
    (tmp_path / "empty.txt").write_bytes(b"")
    run = geo("extract", "good.txt", "bad.txt", "empty.txt", cwd=tmp_path)
    assert run.code == 0 and "Traceback" not in run.err
    assert [line.split(":")[0] for line in run.err.splitlines() if line.startswith("skipped")] == ["skipped"] * 2
    assert [f["properties"]["target_country"] for f in json.loads(run.out)["features"]] == ["YE"]


# ---------------------------------------------------------------- odd but legitimate articles: read, nothing runs

def _nested_html(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + f"<p>{GOOD}</p>" + "</div>" * depth + "</body></html>").encode()


def _scripts_everywhere() -> bytes:
    planted = " ".join(SCRIPTS)
    return (f"<html><head><title>{planted} Israeli jets strike Yemen</title>"
            f"<meta name='description' content=\"{planted}\"></head><body><h1>{planted}</h1>"
            f"<p>{GOOD}</p><p>Officials said {planted} nothing more.</p>"
            f"<figure><img src=x onerror=alert(1)><figcaption>{planted}</figcaption></figure></body></html>").encode()


READABLE = [  # (id, file name, bytes)
    ("utf-8 BOM", "a.txt", b"\xef\xbb\xbf" + GOOD.encode()),
    ("latin-1 bytes", "a.txt", GOOD.replace("Tel Aviv", "Tel Aviv, caf\xe9").encode("latin-1")),
    ("windows-1252 quotes", "a.txt", GOOD.replace("'", "\u2019").encode("cp1252")),
    ("nested html 100 deep", "a.html", _nested_html(100)),
    ("nested html 3000 deep", "a.html", _nested_html(3000)),
    ("unclosed tags", "a.html", b"<html><body><div><p><b><i>" + GOOD.encode() + b"<table><tr><td>"),
    ("scripts in every field (html)", "a.html", _scripts_everywhere()),
    ("scripts in every line (text)", "a.txt", "\n\n".join(f"{s} {GOOD}" for s in SCRIPTS).encode()),
    ("markdown images and links", "a.md", ("# Israeli jets strike Yemen\n\n![x](http://127.0.0.1:9/t.png) "
                                          "[click](javascript:alert(1))\n\n" + GOOD).encode()),
    ("bidi and zero-width characters", "a.txt", ("\u202eIsraeli\u200b jets\u2066 strike\n\n" + GOOD).encode()),
    ("NUL in the middle", "a.txt", GOOD.encode() + b"\x00" + GOOD.encode()),
    ("sql metacharacters", "a.txt", (GOOD + "\n\nRobert'); DROP TABLE events;-- said \"x\" OR 1=1; %_\n").encode()),
    ("ansi escapes", "a.txt", ("\x1b[31mRED\x1b[0m\x1b]0;title\x07\n\n" + GOOD).encode()),
    ("200 KB single word", "a.txt", (GOOD + "\n\n" + "a" * 200_000 + "\n").encode()),
    ("html with no text", "a.html", b"<html><head><script>x=1</script><style>p{}</style></head><body></body></html>"),
    ("2,000 short paragraphs", "a.txt", (GOOD + "\n\n" + "Hello there.\n\n" * 2_000).encode()),
]


@pytest.mark.parametrize(("name", "data"), [pytest.param(*row[1:], id=row[0]) for row in READABLE])
def test_odd_articles_are_read_and_nothing_planted_runs(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    run = geo("extract", name, cwd=tmp_path)
    assert "Traceback" not in run.err
    assert run.code in (0, 2), run.err  # 2 only with one clear line naming the file
    if run.code == 2:
        assert_clean_failure(run, 2, name)
        return
    assert json.loads(run.out)["type"] == "FeatureCollection"
    if not any(marker in data for marker in (b"<script", b"onerror", b"](")):
        return  # the map is drawn only where something was planted (it costs a second per row)
    mapped = geo("map", name, "-o", "map.html", "--offline", cwd=tmp_path)
    assert mapped.code == 0 and "Traceback" not in mapped.err, mapped.err
    assert_no_live_markup((tmp_path / "map.html").read_text(encoding="utf-8"))


def test_a_file_name_full_of_markup_is_reported_as_text(tmp_path):
    name = "[x](https:__e.org) ![i](http:__127.0.0.1:9_t.png) <img src=x onerror=alert(1)>.txt"
    (tmp_path / name).write_bytes(b"")
    run = geo("extract", name, cwd=tmp_path)
    assert_clean_failure(run, 2, r"empty")
    assert name in run.err


# ---------------------------------------------------------------- hostile GeoJSON: export and map refuse it

HOSTILE = [  # (id, text of events.geojson, expected stderr pattern)
    ("not json", "{'type': 'FeatureCollection'", r"not valid JSON"),
    ("empty file", "", r"not valid JSON|empty"),
    ("a json array", "[1, 2, 3]", r"FeatureCollection"),
    ("a json string", '"FeatureCollection"', r"FeatureCollection"),
    ("no features", '{"type": "FeatureCollection"}', r"features"),
    ("features not a list", '{"type": "FeatureCollection", "features": {"a": 1}}', r"features"),
    ("feature without properties", collection({"type": "Feature", "geometry": None}), r"properties"),
    ("polygon geometry", collection(feature(geometry={"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]})),
     r"geometry|Point|latitude"),
    ("latitude 999", collection(feature(geometry={"type": "Point", "coordinates": [44.0, 999]})), r"range|999"),
    ("coordinates as text", collection(feature(geometry={"type": "Point", "coordinates": ["x", "y"]})),
     r"feature 0|coordinate|number"),
    ("one coordinate", collection(feature(geometry={"type": "Point", "coordinates": [44.0]})), r"lon, lat|Point"),
    ("bare NaN coordinates", collection(feature()).replace("[44.01, 36.19]", "[NaN, NaN]"), r"NaN|range|number"),
    ("Infinity coordinates", collection(feature()).replace("[44.01, 36.19]", "[Infinity, 1]"),
     r"Infinity|range|number|finite"),
    ("impossible date", collection(feature(date_earliest="2024-02-30")), r"date|day"),
    ("range ending before it starts", collection(feature(date_earliest="2024-02-01", date_latest="2024-01-01")),
     r"ends before it starts"),
    ("confidence is text", collection(feature(confidence="high")), r"confidence|float|number"),
    ("sources not a list", collection(feature(sources="https://example.org")), r"source|feature 0"),
    ("missing actor", collection(feature(actor=None)), r"actor"),
    ("deeply nested json", '{"type": "FeatureCollection", "features": [' + "[" * 100_000 + "]" * 100_000 + "]}",
     r"nest|deep|depth"),
    ("actor ZZZZ", collection(feature(actor="ZZZZ")), r"ZZZZ|ISO 3166|actor"),
    ("target country markup", collection(feature(target_country="<b>")), r"ISO 3166|target_country"),
    ("utf-16 geojson", None, r"UTF-8"),
]


def _hostile_text(text: str | None) -> bytes:
    return collection(feature()).encode("utf-16") if text is None else text.encode("utf-8")


MAPPED = {"not json", "latitude 999", "deeply nested json", "target country markup"}  # map reads as export does


@pytest.mark.parametrize(("text", "pattern", "command"),
                         [pytest.param(*row[1:], "export", id=row[0]) for row in HOSTILE]
                         + [pytest.param(*row[1:], "map", id=f"map: {row[0]}") for row in HOSTILE if row[0] in MAPPED])
def test_hostile_geojson_is_one_line_exit_2(tmp_path, command, text, pattern):
    (tmp_path / "events.geojson").write_bytes(_hostile_text(text))
    out = tmp_path / ("out.csv" if command == "export" else "out.html")
    run = geo(command, "events.geojson", "-o", str(out), cwd=tmp_path)
    assert_clean_failure(run, 2, pattern)
    assert not out.exists()


def test_a_point_outside_its_target_country_is_kept_with_a_warning(tmp_path):
    swapped = feature(geometry={"type": "Point", "coordinates": [36.19, 44.01]})  # lat/lon swapped: not in Iraq
    (tmp_path / "events.geojson").write_text(collection(swapped))
    run = geo("export", "events.geojson", "-o", "out.geojson", cwd=tmp_path)
    assert run.code == 0 and "Traceback" not in run.err
    assert any(line.startswith("warning: ") and "IQ" in line for line in run.err.splitlines()), run.err
    assert len(json.loads((tmp_path / "out.geojson").read_text())["features"]) == 1  # warned, never dropped


def test_a_nan_bbox_never_writes_bare_nan(tmp_path):
    (tmp_path / "events.geojson").write_text(collection(feature(bbox=[44.0, 36.0, 44.2, 36.3])).replace(
        "[44.0, 36.0, 44.2, 36.3]", "[NaN, NaN, NaN, NaN]"))
    run = geo("export", "events.geojson", "-o", "out.geojson", cwd=tmp_path)
    assert "Traceback" not in run.err
    if run.code == 0:
        json.loads((tmp_path / "out.geojson").read_text(), parse_constant=lambda c: pytest.fail(f"bare {c}"))
    else:
        assert_clean_failure(run, 2, r"NaN|bbox|finite|number")


def _planted_everywhere():
    text = " ".join(SCRIPTS)
    formula = "=HYPERLINK(\"http://e.org\",\"x\")"
    return feature(place=f"{formula} {text}", place_text=f"+cmd|' /C calc'!A0 {text}", target=f"@SUM(1+1) {text}",
                   admin1=text, weapons=[text, "-2+3"], date_text=text, claimed_by=formula,
                   sources=[{"title": f"{formula}{text}", "url": "javascript:alert(1)", "published": "2024-01-16",
                             "evidence": []}])


def test_scripts_and_formulas_in_every_field_never_run(tmp_path):
    (tmp_path / "events.geojson").write_text(collection(_planted_everywhere()))
    assert geo("map", "events.geojson", "-o", "map.html", "--offline", cwd=tmp_path).code == 0
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert_no_live_markup(html)
    assert 'href="javascript:' not in html
    assert geo("export", "events.geojson", "-o", "out.csv", cwd=tmp_path).code == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 2  # header and one event
    assert not [cell for cell in rows[1] if cell[:1] in ("=", "+", "-", "@")]  # formulas neutralised


def test_a_bare_carriage_return_never_forges_a_csv_row(tmp_path):
    (tmp_path / "events.geojson").write_text(collection(feature(target="depot\rev-2,FR,DE,forged")))
    assert geo("export", "events.geojson", "-o", "out.csv", cwd=tmp_path).code == 0
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 2
    import pandas

    assert len(pandas.read_csv(tmp_path / "out.csv")) == 1


def test_sql_metacharacters_survive_a_geopackage_round_trip(tmp_path):
    nasty = "Robert'); DROP TABLE strikes;-- \" OR 1=1; %_ \\"
    (tmp_path / "events.geojson").write_text(collection(feature(target=nasty, place=nasty)))
    assert geo("export", "events.geojson", "-o", "out.gpkg", cwd=tmp_path).code == 0
    back = geo("export", "out.gpkg", "-o", "back.geojson", cwd=tmp_path)
    if back.code == 2 and "expected events" in back.err:  # .gpkg is not an input format: read it directly
        from geo.formats.gpkg import read_gpkg

        events = read_gpkg(tmp_path / "out.gpkg")
    else:
        events = json.loads((tmp_path / "back.geojson").read_text())["features"]
    assert len(events) == 1
    target = events[0].target if hasattr(events[0], "target") else events[0]["properties"]["target"]
    assert target == nasty


@pytest.mark.parametrize(("output", "code", "pattern"), [
    pytest.param("out.xlsx", 2, r"unknown suffix", id="unknown output suffix"),
    pytest.param("missing/dir/out.csv", 3, r"does not exist|cannot write", id="output folder missing"),
    pytest.param("adir", 2, r"unknown suffix|directory|cannot write", id="output is a folder"),
])
def test_bad_outputs_are_one_line(tmp_path, output, code, pattern):
    (tmp_path / "events.geojson").write_text(collection(feature()))
    (tmp_path / "adir").mkdir()
    run = geo("export", "events.geojson", "-o", output, cwd=tmp_path)
    assert_clean_failure(run, code, pattern)


def test_an_existing_output_survives_a_failed_export(tmp_path):
    (tmp_path / "events.geojson").write_text("{broken")
    (tmp_path / "out.csv").write_text("precious\n")
    assert_clean_failure(geo("export", "events.geojson", "-o", "out.csv", cwd=tmp_path), 2, r"not valid JSON")
    assert (tmp_path / "out.csv").read_text() == "precious\n"  # nothing lost


# ---------------------------------------------------------------- geocode queries

@pytest.mark.parametrize(("query", "code", "pattern"), [
    pytest.param("", 2, r"empty", id="empty query"),
    pytest.param("x" * 1000, 2, r"at most 300", id="1000-character query"),
    pytest.param("Erbil\x07", 2, r"control characters", id="bell character in query"),
    pytest.param("Erbil\x1b[2J", 2, r"control characters", id="ANSI escape in query"),
])
def test_bad_geocode_queries_are_one_line(tmp_path, query, code, pattern):
    assert_clean_failure(geo("geocode", query, "--json", cwd=tmp_path), code, pattern)


@pytest.mark.parametrize("query", [pytest.param("'; DROP TABLE places; --", id="sql injection query"),
                                   pytest.param("%", id="LIKE wildcard percent"),
                                   pytest.param("_", id="LIKE wildcard underscore"),
                                   pytest.param("<script>alert(1)</script>", id="script query")])
def test_hostile_geocode_queries_find_nothing_and_change_nothing(tmp_path, query, gazetteer):
    index = gazetteer.path
    before = index.stat().st_mtime_ns
    run = geo("geocode", query, "--json", cwd=tmp_path)
    assert run.code == 1 and run.out.strip() == "null" and "Traceback" not in run.err
    assert index.stat().st_mtime_ns == before


def test_a_bad_country_option_is_one_line(tmp_path):
    run = geo("geocode", "Erbil", "--country", "XYZ", cwd=tmp_path)
    assert run.code == 2 and "alpha-2" in run.err and "Traceback" not in run.err



# ---------------------------------------------------------------- pasted pages: no line breaks, other encodings

def _flat(name: str) -> bytes:
    return " ".join((ROOT / "data" / "articles" / name).read_text(encoding="utf-8").split()).encode()


@pytest.mark.parametrize("data", [
    pytest.param(_flat("02_iran_panjgur_wire.txt"), id="one-line article (wire)"),
    pytest.param(_flat("03_pakistan_saravan_briefing.txt"), id="one-line article (briefing)"),
    pytest.param(b"\xff\xfe" + GOOD.encode("utf-16-le"), id="utf-16 LE with BOM"),
    pytest.param(b"\xfe\xff" + GOOD.encode("utf-16-be"), id="utf-16 BE with BOM"),
])
def test_pasted_pages_still_give_their_strikes(tmp_path, data):
    (tmp_path / "a.txt").write_bytes(data)
    run = geo("extract", "a.txt", cwd=tmp_path)
    assert run.code == 0 and "Traceback" not in run.err, run.err
    assert len(json.loads(run.out)["features"]) >= 1, run.err  # found, not silently nothing
