"""``python -m geo extract``: argument parsing and printing only.

    python -m geo extract [PATH ...] [--published YYYY-MM-DD] [--format geojson|csv|jsonl] [-o FILE]

No PATH, or ``-``, reads stdin. Several paths are fused together. Bad files
are reported on stderr, one line each, and the rest are still processed.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def register(commands) -> None:
    """Add ``extract`` (and ``map``/``export``) to the ``python -m geo`` parser."""
    extract = commands.add_parser(
        "extract", help="find the strikes in articles and print them as GeoJSON/CSV/JSONL",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
               "  python -m geo extract ../shared/seeds/ -o strikes.geojson\n"
               "  cat article.txt | python -m geo extract --published 2024-01-18 --format csv > strikes.csv")
    extract.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders; none or - reads stdin")
    extract.add_argument("--published", type=_iso_date, help="publication date of the articles (YYYY-MM-DD)")
    extract.add_argument("--format", choices=("geojson", "csv", "jsonl"), default="geojson")
    extract.add_argument("-o", "--output", help="write to FILE instead of stdout")
    extract.set_defaults(run=_cmd_extract)

    from . import cli_evaluate, cli_maps

    cli_maps.register(commands)
    cli_evaluate.register(commands)


def _cmd_extract(args: argparse.Namespace) -> int:
    from .cli_progress import progress_printer
    from .errors import InputError
    from .pipeline import Pipeline, expand_paths

    names = expand_paths(args.paths or ["-"])
    if not names:
        raise InputError("no article files found (.txt, .md or .html)")
    data = sys.stdin.buffer.read() if names == ["-"] else None
    if data is not None and not data.strip():  # nothing piped in: a valid, empty answer, not a failure
        print("warning: stdin is empty: no articles, no events", file=sys.stderr)
        _write(render([], args.format), args.output, 0)
        return 0
    pipeline = Pipeline()
    if data is not None:
        report = pipeline.read("stdin", published=args.published, data=data)
        events, reports = pipeline.fuse(list(report.events)), [report]
    else:
        events, reports = pipeline.run(names, published=args.published,
                                       progress=progress_printer() if len(names) > 1 else None)
    for report in reports:
        if report.error:
            print(f"skipped: {report.error}", file=sys.stderr)
        for warning in report.article.warnings if report.article else ():
            print(f"warning: {warning}", file=sys.stderr)
    if all(r.error for r in reports):
        return 2
    _write(render(events, args.format), args.output, len(events))
    return 0


def _write(text: str, output: str | None, count: int) -> None:
    if output:
        from .files import atomic_write_text

        atomic_write_text(output, text)
        print(f"{count} event(s) written to {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def render(events, fmt: str) -> str:
    """Events as the text of a GeoJSON FeatureCollection, a CSV file or JSON lines."""
    from . import storage

    if fmt == "geojson":
        return storage.geojson_text(events)
    if fmt == "jsonl":
        features = storage.events_to_features(events)["features"]
        return "".join(json.dumps(f, ensure_ascii=False, allow_nan=False) + "\n" for f in features)
    from .formats_csv import csv_text

    return csv_text(events)
