"""``python -m geo ...``: argument parsing and printing only.

Exit codes: 0 success, 1 nothing found, 2 bad input or arguments, 3 a
service or file failed. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence

from ..errors import GeoError, InputError
from .progress import progress_printer

MAX_QUERY_CHARS = 300


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as argparse does, minus the usage dump
        self.exit(2, f"{self.prog}: error: {message}\n")


def _validate_query(query: str) -> str:
    text = query.strip()
    if not text:
        raise InputError("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(f"the query is {len(text):,} characters long; at most {MAX_QUERY_CHARS} are accepted")
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise InputError("the query contains control characters")
    return text


def _country_code(value: str) -> str:
    from ..formats.codec import is_country_code

    code = value.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise argparse.ArgumentTypeError(f"expected an ISO 3166-1 alpha-2 code such as IQ, got {value!r}")
    if not is_country_code(code):  # well-formed but assigned to no country: a usage error, not "not found"
        raise argparse.ArgumentTypeError(f"{code} is not an ISO 3166-1 alpha-2 country code (such as IQ)")
    return code


def _cmd_index(args: argparse.Namespace) -> int:
    from ..gazetteer.index import Gazetteer, default_index_path

    path = default_index_path()
    gazetteer = Gazetteer.open(path, rebuild=args.rebuild, progress=progress_printer())
    counts = gazetteer.stats()
    print(f"gazetteer index: {path} ({path.stat().st_size / 1e6:.0f} MB) "
          + ", ".join(f"{n:,} {kind}" for kind, n in sorted(counts.items())))
    return 0


def _cmd_geocode(args: argparse.Namespace) -> int:
    from ..gazetteer.index import Gazetteer

    query = _validate_query(args.query)
    gazetteer = Gazetteer.open(progress=progress_printer())
    if args.online:
        # geopy and its HTTP stack load only for online answers: an offline one starts in a third of the time.
        from ..gazetteer.geocoding import FallbackGeocoder, GazetteerGeocoder, OnlineGeocoder, default_online_cache

        online = OnlineGeocoder(user_agent=args.user_agent, cache_path=default_online_cache())
        geocoder = FallbackGeocoder(online, GazetteerGeocoder(gazetteer))
        place = geocoder.geocode(query, country=args.country)
        for failure in geocoder.failures:
            print(f"warning: {failure}", file=sys.stderr)
        how = {}
    else:
        found = gazetteer.candidates(query, country=args.country, limit=1)
        place, how = (found[0].place, found[0].how()) if found else (None, {})
    if place is None:
        print("null" if args.json else f"no place found for {query!r}")
        return 1
    record = {"query": query, "name": place.name, "lat": place.lat, "lon": place.lon, "country": place.country,
              "admin1": place.admin1, "precision": place.precision.value, "source": place.source, **how}
    if args.json:
        print(json.dumps(record, ensure_ascii=False))
    else:
        where = ", ".join(p for p in (place.name, place.admin1, place.country) if p)
        print(f"{where}  lat={place.lat:.5f} lon={place.lon:.5f}  precision={place.precision.value}  "
              f"source={place.source}" + (f"  ({place.note})" if place.note else ""))
    return 0


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


# Subcommands registered by modules outside this one get their examples here.
LATER_EPILOGS = {
    "evaluate": _examples("python -m geo evaluate ../shared/devset",
                          "python -m geo evaluate ../shared/devset --errors --report scores.json"),
}


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = _Parser(prog="python -m geo", description="Strike Map: news articles to mapped strikes.")
    parser.add_argument("--version", action="version", version=f"strikemap {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    raw = argparse.RawDescriptionHelpFormatter

    index = commands.add_parser("index", help="build the offline gazetteer index", formatter_class=raw,
                                epilog=_examples("python -m geo index", "python -m geo index --rebuild"))
    index.add_argument("--rebuild", action="store_true", help="delete and rebuild an existing index")
    index.set_defaults(run=_cmd_index)

    geocode = commands.add_parser(
        "geocode", help="geocode one place name", formatter_class=raw,
        epilog=_examples("python -m geo geocode Irbil --json", "python -m geo geocode Sarawan --country IR --json"))
    geocode.add_argument("query")
    geocode.add_argument("--country", type=_country_code, help="ISO 3166-1 alpha-2 code to restrict to")
    geocode.add_argument("--json", action="store_true", help="print one JSON object (or null)")
    geocode.add_argument("--online", action="store_true",
                         help="ask Nominatim first (1 request/s, cached); fall back to the gazetteer")
    geocode.add_argument("--user-agent", default="strikemap/0.1 (https://example.org/strikemap)",
                         help="identifies you to the online service")
    geocode.set_defaults(run=_cmd_geocode)
    _add_later_commands(commands)
    return parser


def _add_later_commands(commands) -> None:
    """The event commands: extract, map, export (their heavy imports happen only when they run)."""
    from . import events as cli_events

    cli_events.register(commands)
    for name, epilog in LATER_EPILOGS.items():
        if name in commands.choices and not commands.choices[name].epilog:
            commands.choices[name].epilog = epilog
            commands.choices[name].formatter_class = argparse.RawDescriptionHelpFormatter


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
