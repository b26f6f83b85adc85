"""``python -m geo map`` and ``python -m geo export``: argument parsing and printing only.

INPUT is a GeoJSON of events (``.geojson``/``.json``) or articles (``.txt``, ``.md``,
``.html``, or a folder of them) that :func:`geo.pipeline.extract_events` turns into events first.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="geo")
>>> register(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["map", "events.geojson", "-o", "map.html", "--offline"])
>>> args.inputs, args.output, args.offline, args.basemap
(['events.geojson'], 'map.html', True, 'light')
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import InputError
from .models import Event

EVENT_SUFFIXES = (".geojson", ".json")
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def register(commands) -> None:
    """Add ``map`` and ``export`` to the ``python -m geo`` sub-parsers."""
    map_ = commands.add_parser("map", help="draw events (or the strikes in articles) on an HTML map")
    map_.add_argument("inputs", nargs="+", metavar="INPUT", help="events .geojson, or articles .txt/.md/.html")
    map_.add_argument("-o", "--output", required=True, help="the .html file to write")
    map_.add_argument("--offline", action="store_true", help="inline Leaflet: the file opens with no network")
    map_.add_argument("--basemap", choices=("osm", "light", "dark", "none"), default="light",
                      help="background tiles; country borders are drawn either way (default: light)")
    map_.add_argument("--no-time", action="store_true", help="leave out the day slider")
    map_.set_defaults(run=_cmd_map)

    export = commands.add_parser("export", help="write events as GeoJSON, CSV, GeoPackage or an HTML map")
    export.add_argument("inputs", nargs="+", metavar="INPUT", help="events .geojson, or articles .txt/.md/.html")
    export.add_argument("-o", "--output", required=True,
                        help="file to write; the suffix picks the format: .geojson, .csv, .gpkg, .html")
    export.add_argument("--arcs", action="store_true", help="GeoJSON only: add origin -> impact LineStrings")
    export.set_defaults(run=_cmd_export)


def load_events(inputs: list[str]) -> tuple[list[Event], list[str]]:
    """Events from GeoJSON files and articles (extracted by :mod:`geo.pipeline`), with warnings.

    Raises
    ------
    InputError
        For a missing file or a suffix that is neither events nor an article.
    """
    from .storage import read_geojson

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
        elif suffix in ARTICLE_SUFFIXES:
            articles.append(name)
        else:
            raise InputError(f"{name}: expected events ({', '.join(EVENT_SUFFIXES)}) or articles "
                             f"({', '.join(ARTICLE_SUFFIXES)})")
    if articles:
        from .pipeline import extract_events  # heavy (gazetteer, extraction); only when articles are given

        extracted, notes = extract_events(articles)
        events += extracted
        warnings += notes
    return events, warnings


def _cmd_map(args: argparse.Namespace) -> int:
    from .rendering import build_map, save_map

    if Path(args.output).suffix.lower() != ".html":
        raise InputError(f"the map is HTML: name the output .html, not {args.output!r}")
    events = _load(args.inputs)
    path = save_map(build_map(events, basemap=args.basemap, offline=args.offline, time_control=not args.no_time),
                    args.output)
    print(f"{path}: {len(events)} strike{'s' if len(events) != 1 else ''} mapped")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .storage import FORMATS, export

    suffix = Path(args.output).suffix.lower()
    if suffix not in FORMATS:  # before extracting anything: a typo should fail in a second
        raise InputError(f"cannot export to {args.output!r}: unknown suffix {suffix!r}; use {', '.join(FORMATS)}")
    options = {"arcs": True} if args.arcs else {}
    if args.arcs and suffix not in EVENT_SUFFIXES:
        raise InputError("--arcs applies to GeoJSON output only")
    events = _load(args.inputs)
    path = export(events, args.output, **options)
    print(f"{path}: {len(events)} event{'s' if len(events) != 1 else ''} written")
    return 0


def _load(inputs: list[str]) -> list[Event]:
    events, warnings = load_events(inputs)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return events
