"""A view of the events as plain values: URL query <-> filters, the numbers analysts ask for.

``app.py`` reads ``st.query_params`` and hands the dict here; nothing in ``geo``
imports Streamlit. A link such as
``?actor=IR,PK&target=IQ&from=2024-01-01&to=2024-01-31&precision=city&weapon=drone&event=ID``
reproduces a view: ISO 3166-1 alpha-2 codes, ISO 8601 dates, comma-separated lists.

>>> view = parse_query({"actor": "ir,PK", "from": "2024-01-01", "event": "ev-1"})
>>> view.filters.actors, view.filters.start, view.event
(('IR', 'PK'), datetime.date(2024, 1, 1), 'ev-1')
>>> to_query(view.filters, event="ev-1")
{'actor': 'IR,PK', 'from': '2024-01-01', 'event': 'ev-1'}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..models import Event, Precision
from ..palette import actor_color
from .dataset import Filters, Options, actor_colors, label, table_frame

if TYPE_CHECKING:
    import pandas

_CODE = re.compile(r"^[A-Z]{2}$")
_LISTS = {"actor": "actors", "target": "targets", "precision": "precisions", "weapon": "weapons"}


@dataclass(frozen=True, slots=True)
class View:
    """Filters and the chosen strike read from a URL, and what could not be understood (one line each)."""

    filters: Filters = field(default_factory=Filters)
    event: str | None = None
    problems: tuple[str, ...] = ()


def _values(raw: str | Sequence[str] | None) -> list[str]:
    items = [raw] if isinstance(raw, str) else list(raw or [])
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def parse_query(params: Mapping[str, str | Sequence[str]]) -> View:
    """The view a URL's query names; bad parts are reported in ``problems`` and ignored.

    >>> for line in parse_query({"actor": "Iran", "to": "31/01/2024", "precision": "town"}).problems:
    ...     print(line)
    actor: 'Iran' is not an ISO 3166-1 alpha-2 code
    precision: 'town' is not one of site, city, district, province, region, country
    to: '31/01/2024' is not an ISO date (YYYY-MM-DD)
    """
    problems: list[str] = []
    lists: dict[str, tuple[str, ...]] = {}
    for name, attribute in _LISTS.items():
        values = _values(params.get(name))
        if name in ("actor", "target"):
            problems += [f"{name}: {v!r} is not an ISO 3166-1 alpha-2 code" for v in values
                         if not _CODE.match(v.upper())]
            values = [v.upper() for v in values if _CODE.match(v.upper())]
        elif name == "precision":
            allowed = [p.value for p in Precision]
            problems += [f"{name}: {v!r} is not one of {', '.join(allowed)}" for v in values
                         if v.lower() not in allowed]
            values = [v.lower() for v in values if v.lower() in allowed]
        lists[attribute] = tuple(dict.fromkeys(values))
    days: dict[str, date | None] = {}
    for name in ("from", "to"):
        text = (_values(params.get(name)) or [None])[0]
        try:
            days[name] = date.fromisoformat(text) if text else None
        except ValueError:
            problems.append(f"{name}: {text!r} is not an ISO date (YYYY-MM-DD)")
            days[name] = None
    undated = (_values(params.get("undated")) or ["1"])[0] not in ("0", "false", "no")
    event = (_values(params.get("event")) or [None])[0]
    return View(Filters(days["from"], days["to"], undated=undated, **lists), event, tuple(problems))


def to_query(filters: Filters, *, event: str | None = None) -> dict[str, str]:
    """The query string values of a view (only what differs from "everything"), in a stable order."""
    out = {name: ",".join(getattr(filters, attribute)) for name, attribute in _LISTS.items()
           if getattr(filters, attribute)}
    out = {k: out[k] for k in ("actor", "target") if k in out} | {
        **({"from": filters.start.isoformat()} if filters.start else {}),
        **({"to": filters.end.isoformat()} if filters.end else {}),
        **{k: out[k] for k in ("precision", "weapon") if k in out}}
    if not filters.undated:
        out["undated"] = "0"
    if event:
        out["event"] = event
    return out


QUERY_NAMES = ("actor", "target", "from", "to", "precision", "weapon", "undated", "event")
_WIDGETS = {"actors": "actors", "targets": "targets", "precisions": "precisions", "weapons": "weapons"}


@dataclass(frozen=True, slots=True)
class Widgets:
    """What a link sets in the app: each filter widget's value (by its key), the chosen strike, what was ignored."""

    values: Mapping[str, object]
    problems: tuple[str, ...] = ()


def url_widgets(query: View | Mapping[str, str | Sequence[str]], options: Options, known: Collection[str]) -> Widgets:
    """The widget values a link's view (or its query, see :func:`parse_query`) asks for, kept to what the stored
    strikes offer.

    A code no stored strike has is dropped and named in ``problems``; dates are clamped into
    the stored range; an unknown strike id is kept (the app shows nothing for it) and named.

    >>> from geo.app.dataset import Options
    >>> options = Options(date(2024, 1, 1), date(2024, 1, 31), actors=("IR", "PK"))
    >>> widgets = url_widgets(parse_query({"actor": "IR,US", "to": "2025-01-01"}), options, {"ev-1"})
    >>> widgets.values["actors"], widgets.values["dates"], widgets.problems
    (['IR'], (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31)), ('US: no stored strike has it',))
    """
    view = query if isinstance(query, View) else parse_query(query)
    f, values, problems = view.filters, {}, list(view.problems)
    for key, attribute in _WIDGETS.items():
        chosen, present = getattr(f, attribute), getattr(options, attribute)
        if chosen:
            values[key] = [c for c in chosen if c in present]
            problems += [f"{c}: no stored strike has it" for c in chosen if c not in present]
    if (f.start or f.end) and options.first and options.last:
        start = min(max(f.start or options.first, options.first), options.last)
        values["dates"] = (start, max(min(f.end or options.last, options.last), start))
    values["undated"] = f.undated
    if view.event:
        values["selected"] = view.event
        if view.event not in known:
            problems.append(f"event: no stored strike has the id {view.event!r}")
    return Widgets(values, tuple(problems))


def date_window(chosen: tuple[date, date] | None, before: tuple[date, date] | None,
                bounds: tuple[date, date]) -> tuple[date, date]:
    """The dates slider's value when the stored range is ``bounds``.

    Left on the whole range (or never set), it stays the whole range as the data grows;
    a narrower choice is kept, clamped into the new range.

    >>> jan, feb, mar = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)
    >>> date_window((jan, feb), (jan, feb), (jan, mar)), date_window((feb, mar), (jan, mar), (jan, feb))
    ((datetime.date(2024, 1, 1), datetime.date(2024, 3, 1)), (datetime.date(2024, 2, 1), datetime.date(2024, 2, 1)))
    """
    if chosen is None or (before is not None and tuple(chosen) == tuple(before)):
        return bounds
    start, end = bounds
    return min(max(chosen[0], start), end), max(min(chosen[1], end), start)


def widget_filters(options: Options, dates: tuple[date | None, date | None], actors: Sequence[str] = (),
                   targets: Sequence[str] = (), precisions: Sequence[str] = (), weapons: Sequence[str] = (),
                   undated: bool = True) -> Filters:
    """The sidebar's widget values as :class:`Filters`; the whole stored date range means "any date"."""
    start, end = dates
    return Filters(start if start != options.first else None, end if end != options.last else None,
                   tuple(actors), tuple(targets), tuple(precisions), tuple(weapons), undated)


def query_updates(current: Mapping[str, str | None], wanted: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """What to set and what to delete in the URL's query so it names ``wanted`` (other parameters stay).

    >>> query_updates({"actor": "IR", "event": "e1", "tab": "Review"}, {"actor": "IR,PK"})
    ({'actor': 'IR,PK'}, ['event'])
    """
    changed = {name: wanted[name] for name in QUERY_NAMES if name in wanted and current.get(name) != wanted[name]}
    return changed, [name for name in QUERY_NAMES if name not in wanted and name in current]


def view_key(directory: str, revision: int, filters: Filters) -> str:
    """A short text naming one view of one store revision (cache keys, the live map's redraw key)."""
    import hashlib

    return hashlib.sha1(repr((directory, revision, filters)).encode()).hexdigest()[:16]


# ---------------------------------------------------------------- the numbers

@dataclass(frozen=True, slots=True)
class Totals:
    """Fatalities over a view: the sum of reported figures and how many strikes had one."""

    killed: int
    reported: int
    strikes: int


def fatality_totals(events: Sequence[Event]) -> Totals:
    """Reported deaths summed over strikes that have a figure (a missing figure is not zero).

    >>> from geo.models import DateRange, Event
    >>> fatality_totals([Event("a", "IR", "PK", None, None, DateRange(), fatalities=2),
    ...                  Event("b", "PK", "IR", None, None, DateRange())])
    Totals(killed=2, reported=1, strikes=2)
    """
    figures = [e.fatalities for e in events if e.fatalities is not None]
    return Totals(sum(figures), len(figures), len(events))


@dataclass(frozen=True, slots=True)
class Figure:
    """One number above the map: its label, its value, and what it counts when that needs saying."""

    label: str
    value: int | str
    help: str | None = None


def headline_figures(events: Sequence[Event], shown: Sequence[Event]) -> list[Figure]:
    """Strikes shown (of all stored), reported deaths, actors, countries struck and the period, for ``shown``.

    >>> from geo.models import DateRange, Event
    >>> day = DateRange(date(2024, 1, 16), date(2024, 1, 16))
    >>> [(f.label, f.value) for f in headline_figures([Event("a", "IR", "PK", None, None, day)] * 2,
    ...                                               [Event("a", "IR", "PK", None, None, day)])]
    [('Strikes shown (of 2)', 1), ('Reported killed', 0), ('Actors', 1), ('Countries struck', 1), \
('Period', 'Jan 2024 – Jan 2024')]
    """
    totals = fatality_totals(shown)
    actors, targets = {e.actor for e in shown}, {e.target_country for e in shown}
    days = [d for e in shown for d in (e.date.earliest, e.date.latest) if d]
    return [Figure(f"Strikes shown (of {len(events)})", len(shown)),
            Figure("Reported killed", totals.killed,
                   f"Sum of the figures reported for {totals.reported} of {totals.strikes} strikes; "
                   "a strike without a figure is not counted as zero."),
            Figure("Actors", len(actors)), Figure("Countries struck", len(targets)),
            Figure("Period", f"{min(days):%b %Y} – {max(days):%b %Y}" if days else "—")]


def counts(events: Sequence[Event], by: str) -> pandas.DataFrame:
    """Strikes (and reported deaths) per ``actor`` or per struck ``target`` country, most first.

    Columns: ``code``, ``country`` (label), ``strikes``, ``killed``, ``color`` (the actor's colour,
    grey for target counts).
    """
    import pandas

    attribute = {"actor": "actor", "target": "target_country"}[by]
    strikes = Counter(getattr(e, attribute) for e in events)
    killed = Counter()
    for event in events:
        killed[getattr(event, attribute)] += event.fatalities or 0
    rows = [{"code": code, "country": label(code), "strikes": n, "killed": killed[code],
             "color": actor_color(code) if by == "actor" else "#8c6d62"}
            for code, n in sorted(strikes.items(), key=lambda item: (-item[1], item[0]))]
    return pandas.DataFrame(rows, columns=["code", "country", "strikes", "killed", "color"])


def events_table(events: Sequence[Event]) -> pandas.DataFrame:
    """The app's table: :func:`geo.app.dataset.table_frame` plus deaths, who reported them, and the actor's colour."""
    frame = table_frame(events)
    by_id = {e.event_id: e for e in events}
    position = list(frame.columns).index("weapons") + 1
    frame.insert(position, "killed", [by_id[i].fatalities for i in frame["event_id"]])
    frame.insert(position + 1, "reported by", [by_id[i].fatalities_reported_by or "" for i in frame["event_id"]])
    frame["killed"] = frame["killed"].astype("Int64")
    return frame


def table_style(frame: pandas.DataFrame, events: Sequence[Event]) -> pandas.io.formats.style.Styler:
    """The table with each actor's name in the actor's map colour (bold)."""
    colors = legend_colors(events)
    return frame.style.map(lambda v: f"color: {colors.get(v, '#333')}; font-weight: 600", subset=["actor"])


def legend_colors(events: Sequence[Event]) -> dict[str, str]:
    """``{actor label: colour}`` for charts, in the palette of :mod:`geo.palette` (same on the map)."""
    return actor_colors(events)
