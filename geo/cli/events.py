"""``python -m geo extract``: argument parsing and printing only.

    python -m geo extract [PATH ...] [--published YYYY-MM-DD] [--format geojson|csv|jsonl] [-o FILE]
                          [--engine local|dask [--scheduler ADDRESS | --workers N]]

No PATH, or ``-``, reads stdin. Several paths are fused together. PATHs may be article files,
folders, web archives (.warc, .warc.gz) and JSON lines (.jsonl, one article per line). Bad files
and records are reported on stderr, one line each, and the rest are still processed. ``-o
FILE.parquet`` writes GeoParquet; other names get ``--format``.
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


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def register(commands) -> None:
    """Add ``extract`` (and ``map``/``export``) to the ``python -m geo`` parser."""
    extract = commands.add_parser(
        "extract", help="find the strikes in articles and print them as GeoJSON/CSV/JSONL",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
               "  cat article.txt | python -m geo extract --published 2024-01-18 --format csv > strikes.csv\n"
               "  python -m geo extract ../shared/seeds/ crawl.warc.gz --engine dask -o strikes.parquet")
    extract.add_argument("paths", nargs="*", metavar="PATH",
                         help="article files, folders, .warc/.warc.gz/.jsonl archives; none or - reads stdin")
    extract.add_argument("--published", type=_iso_date, help="publication date of the articles (YYYY-MM-DD)")
    extract.add_argument("--format", choices=("geojson", "csv", "jsonl"), default="geojson")
    extract.add_argument("-o", "--output", help="write to FILE instead of stdout (FILE.parquet: GeoParquet)")
    extract.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="local: this process (default); dask: a Dask cluster, same events")
    extract.add_argument("--scheduler", metavar="ADDRESS",
                         help="with --engine dask: the cluster's scheduler (tcp://HOST:PORT); default: start one here")
    extract.add_argument("--workers", type=_positive, metavar="N",
                         help="with --engine dask and no --scheduler: worker processes to start (default 2)")
    extract.set_defaults(run=_cmd_extract)

    from . import evaluate as cli_evaluate
    from . import maps as cli_maps

    cli_maps.register(commands)
    cli_evaluate.register(commands)


def _cmd_extract(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..extract.pipeline import NO_INPUT, Pipeline, expand_paths
    from .progress import progress_printer

    _check_engine(args)
    names = expand_paths(args.paths or ["-"])
    if not names:
        raise InputError(NO_INPUT)
    data = sys.stdin.buffer.read() if names == ["-"] else None
    if data is not None and not data.strip():  # nothing piped in: a valid, empty answer, not a failure
        print("warning: stdin is empty: no articles, no events", file=sys.stderr)
        _write_events([], args, 0)
        return 0
    tally = {"read": 0, "refused": 0}

    def tell(report) -> None:  # as each article is done: a long run shows its problems as they come
        tally["refused" if report.error else "read"] += 1
        for line in report.lines():
            # On a terminal the progress bar's line is cleared first, so a message never runs into it.
            print(("\r\033[K" if sys.stderr.isatty() else "") + line, file=sys.stderr)

    if data is not None:
        pipeline = Pipeline()
        report = pipeline.read("stdin", published=args.published, data=data)
        tell(report)
        events = pipeline.fuse(list(report.events))
    elif args.engine == "dask":
        from ..extract.engine_dask import run

        events = run(names, published=args.published, scheduler=args.scheduler, workers=args.workers or 2,
                     progress=progress_printer(), on_report=tell)
    else:
        events = Pipeline().stream(names, published=args.published, on_report=tell,
                                   progress=progress_printer() if len(names) > 1 or _is_archive(names) else None)
    if tally["refused"] and not tally["read"]:
        return 2
    _write_events(events, args, len(events))
    return 0


def _check_engine(args: argparse.Namespace) -> None:
    from ..errors import InputError

    if args.engine != "dask" and (args.scheduler or args.workers):
        raise InputError("--scheduler and --workers need --engine dask")
    if args.scheduler and args.workers:
        raise InputError("--workers starts a local cluster; with --scheduler the cluster's own workers run")


def _is_archive(names: list[str]) -> bool:
    from ..read.archives import is_archive

    return any(is_archive(n) for n in names)


def _write_events(events, args: argparse.Namespace, count: int) -> None:
    if args.output and args.output.lower().endswith(".parquet"):
        from ..formats.parquet import write_parquet

        write_parquet(events, args.output)
        print(f"{count} event(s) written to {args.output}", file=sys.stderr)
    else:
        _write(render(events, args.format), args.output, count)


def _write(text: str, output: str | None, count: int) -> None:
    if output:
        from ..files import atomic_write_text

        atomic_write_text(output, text)
        print(f"{count} event(s) written to {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def render(events, fmt: str) -> str:
    """Events as the text of a GeoJSON FeatureCollection, a CSV file or JSON lines."""
    from ..formats import geojson as storage

    if fmt == "geojson":
        return storage.geojson_text(events)
    if fmt == "jsonl":
        features = storage.events_to_features(events)["features"]
        return "".join(json.dumps(f, ensure_ascii=False, allow_nan=False) + "\n" for f in features)
    from ..formats.csv_acled import csv_text

    return csv_text(events)
