"""``python -m geo map`` and ``python -m geo export``: argument parsing and printing only.

INPUT is events (GeoJSON ``.geojson``/``.json``, the app's SQLite event store
``.sqlite``/``.db``, or a file we wrote: ``.gpkg``, ``.parquet``, ``.kml``, ``.csv``) or
articles (``.txt``, ``.md``, ``.html``, or a folder of them) that
:func:`geo.extract.pipeline.extract_events` turns into events first. ``--actor``, ``--target``,
``--from`` and ``--to`` filter as the app's sidebar does.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="geo")
>>> register(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["map", "events.geojson", "-o", "map.html", "--offline"])
>>> args.inputs, args.output, args.offline, args.basemap
(['events.geojson'], 'map.html', True, 'light')
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import date
from pathlib import Path

from ..errors import InputError, StorageError
from ..models import Event

EVENT_SUFFIXES = (".geojson", ".json")
STORE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
FILE_SUFFIXES = (".gpkg", ".parquet", ".kml", ".csv")  # files we write, read back
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def register(commands) -> None:
    """Add ``map`` and ``export`` to the ``python -m geo`` sub-parsers."""
    raw = argparse.RawDescriptionHelpFormatter
    map_ = commands.add_parser(
        "map", help="draw events (or the strikes in articles) on an HTML map", formatter_class=raw,
        epilog="examples:\n"
               "  python -m geo map data/articles -o map.html --offline\n"
               "  python -m geo map data/events/strikemap.sqlite -o iran.html --actor IR --from 2024-01-01")
    map_.add_argument("inputs", nargs="+", metavar="INPUT",
                      help="events (.geojson, the app's .sqlite store, .gpkg/.parquet/.kml/.csv) or articles")
    map_.add_argument("-o", "--output", required=True, help="the .html file to write")
    map_.add_argument("--offline", action="store_true", help="inline Leaflet: the file opens with no network")
    map_.add_argument("--basemap", choices=("osm", "light", "dark", "none"), default="light",
                      help="background tiles; country borders are drawn either way (default: light)")
    map_.add_argument("--no-time", action="store_true", help="leave out the day slider")
    _add_filters(map_)
    map_.set_defaults(run=_cmd_map)

    export = commands.add_parser(
        "export", help="write events as GeoJSON, CSV, GeoPackage, KML, GeoParquet or an HTML map", formatter_class=raw,
        epilog="examples:\n"
               "  python -m geo export data/events/strikemap.sqlite -o strikes.gpkg --from 2024-01-01\n"
               "  python -m geo export strikes.geojson -o strikes.kml --actor IR --target PK --geometry area")
    export.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="events (.geojson, the app's .sqlite store, .gpkg/.parquet/.kml/.csv) or articles")
    export.add_argument("-o", "--output", required=True,
                        help="file to write; the suffix picks the format: .geojson, .csv, .gpkg, .kml, .parquet, .html")
    export.add_argument("--arcs", action="store_true", help="GeoJSON only: add origin -> impact LineStrings")
    export.add_argument("--geometry", choices=("point", "area"), default=None,
                        help="point: the strike place (default; KML draws areas unless told 'point'); area: the "
                             "area it is known to lie in (circle for districts to regions, country polygon)")
    _add_filters(export)
    export.set_defaults(run=_cmd_export)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (as in the app)")
    group.add_argument("--actor", action="append", type=_codes, default=[], metavar="CC",
                       help="only strikes by these ISO 3166-1 alpha-2 codes (repeat or comma-separate)")
    group.add_argument("--target", action="append", type=_codes, default=[], metavar="CC",
                       help="only strikes on these countries")
    group.add_argument("--from", dest="start", type=_iso_date, metavar="YYYY-MM-DD",
                       help="only strikes whose date range reaches this day or later")
    group.add_argument("--to", dest="end", type=_iso_date, metavar="YYYY-MM-DD",
                       help="only strikes whose date range starts on or before this day")


def _codes(value: str) -> list[str]:
    from ..formats.codec import is_country_code

    codes = [part.strip().upper() for part in value.split(",") if part.strip()]
    bad = [code for code in codes if not is_country_code(code)]
    if bad or not codes:
        raise argparse.ArgumentTypeError(f"expected ISO 3166-1 alpha-2 codes such as IR or IQ,PK, got {value!r}")
    return codes


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def load_events(inputs: list[str]) -> tuple[list[Event], list[str]]:
    """Events from GeoJSON files and articles (extracted by :mod:`geo.extract.pipeline`), with warnings.

    Raises
    ------
    InputError
        For a missing file or a suffix that is neither events nor an article.
    """
    from ..formats.geojson import read_geojson

    events: list[Event] = []
    warnings: list[str] = []
    articles: list[str] = []
    for name in inputs:
        path = Path(name)
        if path.is_dir():  # a folder of articles: the pipeline walks it
            articles.append(name)
            continue
        if not path.is_file():
            raise InputError(f"no such file: {name}")
        suffix = path.suffix.lower()
        if suffix in EVENT_SUFFIXES:
            events += read_geojson(path)
        elif suffix in STORE_SUFFIXES:
            events += read_store(path)
        elif suffix in FILE_SUFFIXES:
            events += _read_file(path, suffix)
        elif suffix in ARTICLE_SUFFIXES:
            articles.append(name)
        else:
            raise InputError(f"{name}: expected events ({', '.join(EVENT_SUFFIXES + STORE_SUFFIXES + FILE_SUFFIXES)})"
                             f" or articles ({', '.join(ARTICLE_SUFFIXES)})")
    if articles:
        from ..extract.pipeline import extract_events  # heavy (gazetteer, extraction); only when articles are given

        extracted, notes = extract_events(articles)
        events += extracted
        warnings += notes
    return events, warnings


def read_store(path: Path) -> list[Event]:
    """Every event in the app's SQLite event store, read through :class:`geo.app.store.EventStore`.

    The file is checked read-only first, so a path that is not a store is refused
    (and never turned into one).
    """
    from ..app.store import EventStore

    try:
        with sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True) as db:
            found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone()
    except sqlite3.Error as exc:  # not SQLite at all, or unreadable
        raise InputError(f"{path}: not a Strike Map event store ({exc})") from exc
    if not found:
        raise InputError(f"{path}: not a Strike Map event store (no 'events' table)")
    try:
        return EventStore(path, fuse=list).all()
    except sqlite3.Error as exc:
        raise StorageError(f"cannot read the event store {path}: {exc}") from exc


def _read_file(path: Path, suffix: str) -> list[Event]:
    if suffix == ".gpkg":
        from ..formats.gpkg import read_gpkg

        return read_gpkg(path)
    if suffix == ".parquet":
        from ..formats.parquet import read_parquet

        return read_parquet(path)
    if suffix == ".kml":
        from ..formats.kml import read_kml

        return read_kml(path)
    from ..formats.csv_acled import read_csv

    return read_csv(path)


def _cmd_map(args: argparse.Namespace) -> int:
    from ..maps.rendering import build_map, save_map

    if Path(args.output).suffix.lower() != ".html":
        raise InputError(f"the map is HTML: name the output .html, not {args.output!r}")
    events = _load(args)
    path = save_map(build_map(events, basemap=args.basemap, offline=args.offline, time_control=not args.no_time),
                    args.output)
    print(f"{path}: {len(events)} strike{'s' if len(events) != 1 else ''} mapped")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from ..exporting import AREA_FORMATS, FORMATS, export

    suffix = Path(args.output).suffix.lower()
    if suffix not in FORMATS:  # before extracting anything: a typo should fail in a second
        raise InputError(f"cannot export to {args.output!r}: unknown suffix {suffix!r}; use {', '.join(FORMATS)}")
    options: dict[str, object] = {"arcs": True} if args.arcs else {}
    if args.arcs and suffix not in EVENT_SUFFIXES:
        raise InputError("--arcs applies to GeoJSON output only")
    if args.geometry is not None:
        if args.geometry == "area" and suffix not in AREA_FORMATS:
            raise InputError(f"--geometry area applies to {', '.join(AREA_FORMATS)} output; "
                             f"{FORMATS[suffix]} keeps the point with radius_km and bbox")
        if suffix in AREA_FORMATS:
            options["geometry"] = args.geometry
    events = _load(args)
    if not events:
        what = "an empty FeatureCollection" if suffix in EVENT_SUFFIXES else f"an empty {FORMATS[suffix]} file"
        print(f"warning: no events to export; writing {what}", file=sys.stderr)
    path = export(events, args.output, **options)
    print(f"{path}: {len(events)} event{'s' if len(events) != 1 else ''} written")
    return 0


def _load(args: argparse.Namespace) -> list[Event]:
    from ..app.dataset import Filters, filter_events
    from ..formats.area import outside_country

    events, warnings = load_events(args.inputs)
    for warning in warnings + outside_country(events):
        print(f"warning: {warning}", file=sys.stderr)
    actors = tuple(code for codes in args.actor for code in codes)
    targets = tuple(code for codes in args.target for code in codes)
    if args.start and args.end and args.start > args.end:
        raise InputError(f"--from {args.start} is after --to {args.end}")
    if actors or targets or args.start or args.end:
        events = filter_events(events, Filters(start=args.start, end=args.end, actors=actors, targets=targets))
    return events
