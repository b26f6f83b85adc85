"""What the app shows and does, without Streamlit: the bundled dataset, ingesting, filtering, exporting.

``app.py`` only wires widgets to these functions, so everything here is tested
without a browser. The store lives in ``$STRIKEMAP_DATA`` (default ``data/events/``);
on first start it is filled from our sample articles in ``data/articles/``.

>>> from geo.models import DateRange, Event
>>> from datetime import date
>>> events = [Event("a", "IR", "PK", None, None, DateRange(date(2024, 1, 16), date(2024, 1, 16))),
...           Event("b", "PK", "IR", None, None, DateRange(date(2024, 1, 18), date(2024, 1, 18)))]
>>> [e.event_id for e in filter_events(events, Filters(actors=("PK",)))]
['b']
>>> timeline_frame(events)[["day", "actor", "strikes"]].values.tolist()
[['2024-01-16', 'Iran (IR)', 1], ['2024-01-18', 'Pakistan (PK)', 1]]
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..formats.codec import country_name
from ..models import Event, Precision
from ..read.fetch import MAX_BYTES, Fetched, fetch_url, public_address  # noqa: F401 — moved to geo.read.fetch; app.py uses these
from .store import EventStore

if TYPE_CHECKING:
    import pandas

    from ..extract.pipeline import Pipeline, Report

ROOT = Path(__file__).resolve().parents[2]
BUNDLED_ARTICLES = ROOT / "data" / "articles"
BUNDLE = "bundled-articles-v1"  # bump to re-load the sample articles into existing stores
Progress = Callable[[str, int, int], None]
_BUNDLE_NOTE = "bundled sample articles"


# ---------------------------------------------------------------- where the data lives

def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data directory: the argument, else ``$STRIKEMAP_DATA``, else ``data/events/`` of the checkout."""
    return Path(explicit or os.environ.get("STRIKEMAP_DATA") or ROOT / "data" / "events")


def open_store(pipeline: Pipeline | Callable[[], Pipeline], *, directory: str | os.PathLike | None = None
               ) -> EventStore:
    """The app's store, fusing with the pipeline's fusion and re-geocoding with its gazetteer.

    ``pipeline`` may be a function giving it: it is then called only when the store first fuses or
    re-geocodes, so opening and reading a store never loads the extractor and the gazetteer.
    """
    get = pipeline if callable(pipeline) else (lambda: pipeline)
    return EventStore(data_dir(directory) / "strikemap.sqlite", fuse=lambda events: get().fuse(events),
                      geocode=lambda name, country: get().gazetteer.best(name, country=country))


def ensure_bundled(store: EventStore, pipeline: Pipeline | Callable[[], Pipeline], *,
                   articles: Path = BUNDLED_ARTICLES, progress: Progress | None = None,
                   cache_dir: Path | None = None) -> int:
    """Load the sample articles into ``store`` once (ever); returns how many events were stored.

    Later starts read the store only. Deleting every event does not bring the
    sample back: the load is recorded, not inferred from an empty table.

    With ``cache_dir`` (the app gives its cache directory; the events are those of the default
    gazetteer), an empty store is filled with what the first empty store filled from the same
    articles and code ended up holding (:mod:`geo.app.bundle`), instead of reading the articles again.
    ``pipeline`` may be a function giving it, called only when the articles must be read.
    """
    if store.meta("once:" + BUNDLE) is not None:
        return 0
    key = None
    if cache_dir is not None and not store.records():
        from ..gazetteer.index import default_index_path
        from .bundle import bundle_key, read_bundle

        key = bundle_key(articles, index=default_index_path().name, name=BUNDLE)
        kept = read_bundle(cache_dir, key)
        if kept is not None:  # already fused once: written back as they were, as undo does
            return EventStore(store.path, fuse=list).add(kept, once=BUNDLE, note=_BUNDLE_NOTE)
    from ..extract.pipeline import expand_paths

    events, _reports = (pipeline() if callable(pipeline) else pipeline).run(expand_paths([articles]),
                                                                             progress=progress)
    added = store.add(events, once=BUNDLE, note=_BUNDLE_NOTE)
    if key is not None and added:
        from .bundle import write_bundle

        write_bundle(cache_dir, key, store.all())
    return added


def open_app_store(pipeline: Callable[[], Pipeline], *, directory: str | os.PathLike | None = None,
                   cache_dir: Path | None = None) -> EventStore:
    """The app's store, holding the sample strikes from its first start on.

    The pipeline loads only when the store first fuses or re-geocodes (or, once per version of
    the code and articles, to read the sample); ``cache_dir`` defaults to the gazetteer's cache.
    """
    from ..files import default_cache_dir

    store = open_store(pipeline, directory=directory)
    ensure_bundled(store, pipeline, cache_dir=cache_dir or default_cache_dir())
    return store


# ---------------------------------------------------------------- adding articles

@dataclass(frozen=True, slots=True)
class Upload:
    """One article handed to the app: a file's name and bytes, pasted text, or a fetched page."""

    name: str
    data: bytes
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Ingest:
    """What adding articles did: one report per input and how many stored events changed."""

    reports: tuple[Report, ...]
    changed: int

    @property
    def errors(self) -> list[str]:
        """One line per input that was refused, naming it."""
        return [f"{r.name}: {r.error}" for r in self.reports if r.error]

    @property
    def found(self) -> int:
        return sum(len(r.events) for r in self.reports)


def ingest(pipeline: Pipeline, store: EventStore, uploads: Sequence[Upload], *, published: date | None = None,
           progress: Progress | None = None) -> Ingest:
    """Extract every upload (a bad one is reported, the rest go on) and fuse the events into ``store``."""
    reports = []
    for done, upload in enumerate(uploads, start=1):
        reports.append(pipeline.read(upload.name, data=upload.data, published=published))
        if progress:
            progress(upload.name, done, len(uploads))
    events = [e for r in reports for e in r.events]
    changed = store.add(events, note=", ".join(u.name for u in uploads)[:200]) if events else 0
    return Ingest(tuple(reports), changed)


# ---------------------------------------------------------------- filtering

@dataclass(frozen=True, slots=True)
class Filters:
    """The sidebar's choices; empty tuples mean "all". Undated events show unless ``undated`` is False."""

    start: date | None = None
    end: date | None = None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()
    undated: bool = True


def filter_events(events: Iterable[Event], filters: Filters) -> list[Event]:
    """Events passing every filter; a dated event passes the date filter when its range overlaps it."""
    out = []
    for event in events:
        if filters.actors and event.actor not in filters.actors:
            continue
        if filters.targets and event.target_country not in filters.targets:
            continue
        if filters.precisions and event.precision.value not in filters.precisions:
            continue
        if filters.weapons and not set(event.weapons) & set(filters.weapons):
            continue
        if _in_dates(event, filters):
            out.append(event)
    return out


def _in_dates(event: Event, filters: Filters) -> bool:
    first, last = event.date.earliest or event.date.latest, event.date.latest or event.date.earliest
    if first is None:
        return filters.undated
    return not ((filters.end and first > filters.end) or (filters.start and last < filters.start))


@dataclass(frozen=True, slots=True)
class Options:
    """Everything the filters can offer for a set of events."""

    first: date | None
    last: date | None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    weapons: tuple[str, ...] = field(default_factory=tuple)


def filter_options(events: Sequence[Event]) -> Options:
    """Date bounds and the actors, targets, precisions and weapons present (most precise first)."""
    days = [d for e in events for d in (e.date.earliest, e.date.latest) if d]
    present = {e.precision for e in events}
    return Options(min(days, default=None), max(days, default=None), tuple(sorted({e.actor for e in events})),
                   tuple(sorted({e.target_country for e in events})),
                   tuple(p.value for p in Precision if p in present),
                   tuple(sorted({w for e in events for w in e.weapons})))


def label(code: str | None) -> str:
    """``Iran (IR)``: what a person reads in lists and the legend."""
    return f"{country_name(code)} ({code})" if code else "—"


# ---------------------------------------------------------------- tables and charts

TABLE_COLUMNS = ("date", "actor", "target", "place", "precision", "date precision", "weapons", "sources",
                 "confidence", "event_id")


def table_frame(events: Sequence[Event]) -> pandas.DataFrame:
    """One row per event, newest first, for ``st.dataframe``.

    >>> table_frame([]).columns.tolist()[:3]
    ['date', 'actor', 'target']
    """
    import pandas

    rows = [{"date": _when(e), "actor": label(e.actor), "target": label(e.target_country),
             "place": e.place.name if e.place else "(country only)", "precision": e.precision.value,
             "date precision": e.date.precision.value, "weapons": ", ".join(e.weapons),
             "sources": len(e.sources), "confidence": round(e.confidence, 2), "event_id": e.event_id}
            for e in sorted(events, key=_sort_key, reverse=True)]
    return pandas.DataFrame(rows, columns=list(TABLE_COLUMNS))


def _sort_key(event: Event) -> tuple[date, str]:
    return event.date.earliest or event.date.latest or date.min, event.event_id


def _when(event: Event) -> str:
    when = event.date
    if when.day:
        return when.day.isoformat()
    if when.earliest or when.latest:
        return f"{when.earliest or '…'} – {when.latest or '…'}"
    return "unknown"


def timeline_frame(events: Sequence[Event]) -> pandas.DataFrame:
    """Strikes per day and actor (``day`` ISO text, ``actor`` label); ranges count on their first day."""
    import pandas

    counts: dict[tuple[str, str], int] = {}
    for event in events:
        day = event.date.earliest or event.date.latest
        if day is not None:
            key = (day.isoformat(), label(event.actor))
            counts[key] = counts.get(key, 0) + 1
    rows = [{"day": day, "actor": actor, "strikes": n} for (day, actor), n in sorted(counts.items())]
    return pandas.DataFrame(rows, columns=["day", "actor", "strikes"])


def actor_colors(events: Sequence[Event]) -> dict[str, str]:
    """``{actor label: colour}``, each actor in its fixed colour (:mod:`geo.palette`), as on every map."""
    from ..palette import actor_color

    return {label(actor): actor_color(actor) for actor in sorted({e.actor for e in events})}


# ---------------------------------------------------------------- one event, in words

def md_escape(text: object) -> str:
    """Text safe inside Markdown: article sentences must not become links, images or headings.

    >>> md_escape("[click](javascript:x) *now*")
    '\\\\[click\\\\]\\\\(javascript:x\\\\) \\\\*now\\\\*'
    """
    special = "\\`*_{}[]()#+-.!|<>~$"
    escaped = "".join("\\" + c if c in special else c for c in str(text or ""))
    return _no_autolinks(escaped)


def _no_autolinks(escaped: str) -> str:
    """GitHub Markdown links bare URLs, www. names and e-mail addresses after escapes are resolved:
    an invisible word joiner (U+2060) inside "://", "www." and after "@" keeps them text."""
    import re

    escaped = re.sub(r"(?i)((?:https?|ftp|mailto)\\?:)(//)", "\\1\u2060\\2", escaped)
    escaped = re.sub(r"(?i)\b(www)(\\?\.)", "\\1\u2060\\2", escaped)
    return re.sub(r"(\\?@)(?!\u2060)", "\\1\u2060", escaped)


_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def plain_text(text: object) -> str:
    """One line of outside text (a file name, a URL, a server's or store's message) that Markdown shows as itself.

    Streamlit renders every message as GitHub Markdown: a file named
    ``[x](https://e.org) ![i](http://127.0.0.1:9/t.png).txt`` became a link and an
    image the browser fetched. Every character that can open a link, image,
    autolink, emphasis, code, heading, HTML, maths or a colour directive is
    backslash-escaped; line breaks become spaces and bidi controls (which can
    disguise a name) are dropped. Plain sentences read the same.

    >>> plain_text("[x](https://e.org) ![i](http://127.0.0.1:9/t.png).txt").replace("\\u2060", "")
    '\\\\[x\\\\](https\\\\://e.org) \\\\!\\\\[i\\\\](http\\\\://127.0.0.1\\\\:9/t.png).txt'
    >>> plain_text("Deleted.")
    'Deleted.'
    """
    import re

    line = " ".join(str(text if text is not None else "").translate(_BIDI).split())
    line = "".join("\\" + c if c in "\\`*_{}[]<>#|~$:@!=" else c for c in line)
    line = _no_autolinks(line)
    line = re.sub(r"^([-+])", r"\\\1", line)  # not a list item
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", line)


def describe(event: Event) -> dict[str, Any]:
    """The facts a reviewer checks: who, where (and how precisely), when, and each source's sentences."""
    place = event.place
    return {
        "title": f"{label(event.actor)} → {label(event.target_country)}",
        "place": place.name if place else f"somewhere in {country_name(event.target_country)}",
        "place_precision": event.precision.value, "place_said": event.place_text,
        "admin1": place.admin1 if place else None, "date": _when(event),
        "date_precision": event.date.precision.value, "date_said": event.date.text,
        "weapons": list(event.weapons), "target": event.target, "fatalities": event.fatalities,
        "sources": [{"title": s.title or "(untitled article)", "url": _http(s.url),
                     "published": s.published.isoformat() if s.published else None,
                     "evidence": [e.sentence for e in s.evidence]} for s in event.sources],
    }


def _http(url: str | None) -> str | None:
    """An http(s) URL safe as a Markdown link target, else ``None``.

    A redirect's ``Location`` is the server's to choose: ``https://e.org/a)![i](http://10.0.0.1/x)`` would
    close the link and open an image, so brackets, quotes and spaces are percent-encoded.

    >>> _http("https://e.org/a)![i](http://10.0.0.1/x)")
    'https://e.org/a%29!%5Bi%5D%28http://10.0.0.1/x%29'
    >>> _http("javascript:alert(1)") is None
    True
    """
    from urllib.parse import quote

    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    return quote(url, safe="/:?#&=%+,;@!$*~.-_")


# ---------------------------------------------------------------- downloads

DOWNLOADS = {"HTML map": ("strikes.html", "text/html"), "GeoJSON": ("strikes.geojson", "application/geo+json"),
             "CSV": ("strikes.csv", "text/csv"), "GeoPackage": ("strikes.gpkg", "application/geopackage+sqlite3")}


def export_bytes(events: Sequence[Event], kind: str) -> bytes:
    """The bytes of one download (a key of :data:`DOWNLOADS`), written by :mod:`geo.formats.geojson` in a temp dir.

    >>> import json
    >>> json.loads(export_bytes([], "GeoJSON"))["type"]
    'FeatureCollection'
    """
    from ..exporting import export

    filename, _mime = DOWNLOADS[kind]
    options = {"offline": True} if filename.endswith(".html") else {}  # the file must open with no network
    with tempfile.TemporaryDirectory(prefix="strikemap-") as folder:
        path = Path(folder) / filename
        export(list(events), path, **options)
        return path.read_bytes()
