"""Events -> folium.Map: the only module that imports folium.

:func:`build_map` is a pure function: the same events give the same HTML. Each
actor is one FeatureGroup holding one data layer (drawn by ``geo/maps/static/strikemap.js``), so
10,000 strikes render as a few JSON arrays rather than 10,000 folium elements.
Precision is drawn, never invented: towns are dots, provinces and districts are
dashed circles of their uncertainty radius, country-only strikes hatch the whole
country (never a pin on the capital). Every article-derived string is escaped here.
Each actor keeps its colour from :mod:`geo.palette` in every view. :func:`map_payload`
is the same drawing data as plain JSON, for the app's live map (no folium).

>>> from geo.models import DateRange, Event, Place, Precision
>>> erbil = Place("Erbil", lat=36.19, lon=44.01, country="IQ", precision=Precision.CITY)
>>> html = build_map([Event("e1", "IR", "IQ", erbil, "Erbil", DateRange())], offline=True).get_root().render()
>>> "Iran (IR)" in html, "cdn.jsdelivr" in html
(True, False)
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement

from ..errors import ConfigurationError
from ..files import atomic_write_text
from ..formats.geojson import country_name, country_point
from ..geometry import HasLatLon, distance_km, latlon
from ..models import Event, Precision
from ..palette import PALETTE, actor_color, actor_index
from .assets import STATIC_SCRIPTS, RawHTML, static_text
from .popups import area_title, country_label, escape, legend_html, popup_data, svg_defs

FAR_COUNTRY_ORIGIN_KM = 2500  # beyond this a "from somewhere in the country" arc is not drawn (see _arc_origin)
# Labels give way to each other in the browser, but past this many strikes building them is not worth it.
LABEL_PLACES_UP_TO = 250
__all__ = ["PALETTE", "build_map", "map_payload", "save_map"]
_CARTO = "https://{s}.basemaps.cartocdn.com/%s/{z}/{x}/{y}{r}.png"
_CARTO_ATTR = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
               '&copy; <a href="https://carto.com/attributions">CARTO</a>')
BASEMAPS: dict[str, dict[str, Any] | None] = {
    "osm": {"tiles": "OpenStreetMap", "name": "OpenStreetMap"},
    "light": {"tiles": _CARTO % "light_all", "attr": _CARTO_ATTR, "name": "Light (CARTO)"},
    "dark": {"tiles": _CARTO % "dark_all", "attr": _CARTO_ATTR, "name": "Dark (CARTO)"},
    "none": None,
}
# Above this many strikes Leaflet draws markers on a canvas; above the second, arcs too (no arrowheads).
CANVAS_ABOVE = 1000
SVG_ARCS_UP_TO = 300
# Above this many, one Leaflet layer per strike costs seconds per zoom step: all strikes go to one canvas
# layer drawn from columns (geo/maps/columns.py, strikemap-canvas.js), aggregated by zoom.
ONE_CANVAS_ABOVE = 2000
_EPOCH = date(1970, 1, 1).toordinal()
_SCRIPT_BREAKERS = re.compile(r"</|<(?=!--|script)", re.IGNORECASE)


class _Call(MacroElement):
    """One call into our JS library with JSON data; ``parent`` names the folium layer it fills.

    Written into the page as plain text: branca compiles a macro's output as a Jinja template, which
    took seconds for megabytes of strike data and read any ``{{`` or ``{%`` in an article as template code.
    """

    def __init__(self, function: str, *args: Any, into_parent: bool = True) -> None:
        super().__init__()
        self._name = "StrikeMapCall"
        self.function = function
        self.into_parent = into_parent
        self.payload = "".join(", " + _json(arg) for arg in args)

    def render(self, **kwargs: Any) -> None:
        call = f"StrikeMap.{self.function}({self.map_name()}{self.target()}{self.payload});"
        self.get_root().script.add_child(RawHTML(call), name=self.get_name())

    def map_name(self) -> str:
        element = self._parent
        while not isinstance(element, folium.Map):
            element = element._parent
        return element.get_name()

    def target(self) -> str:
        return ", " + self._parent.get_name() if self.into_parent else ""


def _json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, no line separators JavaScript rejects."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # Only these sequences can end or confuse a <script> element; escaping every "<" would cost 5 bytes each.
    text = _SCRIPT_BREAKERS.sub(lambda m: "\\u003c" if m.group(0) == "<" else "<\\/", text)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def build_map(events: Sequence[Event], *, basemap: str = "light", offline: bool = False, time_control: bool = True,
              highlight_countries: bool = True, compact: bool = False,
              countries_points: Mapping[str, HasLatLon] | None = None, one_canvas: bool | None = None) -> folium.Map:
    """A folium map of strikes: impacts by actor, arcs from origin, legend, layers, time slider.

    Parameters
    ----------
    events
        The strikes to draw; events without a place hatch their target country.
    basemap
        ``osm``, ``light``, ``dark`` or ``none``. Borders are drawn from Natural Earth
        either way, so the map reads when tiles cannot load.
    offline
        Inline Leaflet from the XStatic-Leaflet package and drop every CDN link.
    time_control
        Add a day slider with a play button (cumulative: strikes up to that day).
    highlight_countries
        Tint the struck countries and outline the actors' countries.
    countries_points
        ``{alpha-2: object with lat/lon}`` used as an arc's origin when an event has
        none; defaults to a point inside the actor's Natural Earth polygon.
    one_canvas
        Draw every strike on one canvas layer from columns, clustered and aggregated by zoom, with
        popups inflated on demand; ``None`` (default) does so above :data:`ONE_CANVAS_ABOVE` strikes.

    Examples
    --------
    >>> build_map([], basemap="none").get_name().startswith("map_")
    True
    """
    if basemap not in BASEMAPS:
        raise ConfigurationError(f"unknown basemap {basemap!r}; choose one of {', '.join(BASEMAPS)}")
    events = list(events)
    map_ = folium.Map(tiles=None, prefer_canvas=len(events) > CANVAS_ABOVE, zoom_start=2, min_zoom=2,
                      world_copy_jump=True, control_scale=True)
    if offline:
        from .assets import make_offline

        make_offline(map_)
    _add_head(map_, events, basemap)
    if BASEMAPS[basemap]:
        folium.TileLayer(**BASEMAPS[basemap], control=False).add_to(map_)
    payload = map_payload(events, basemap=basemap, highlight_countries=highlight_countries,
                          countries_points=countries_points)
    group = folium.FeatureGroup(name="Country borders (Natural Earth)", control=True)
    _Call("borders", payload["borders"]).add_to(group)
    group.add_to(map_)
    _add_strikes(map_, payload["actors"], len(events) > ONE_CANVAS_ABOVE if one_canvas is None else one_canvas)
    # In a small frame (the app) the layer list folds away so it does not cover the strikes.
    folium.LayerControl(collapsed=compact or len(payload["actors"]) > 8, position="topright").add_to(map_)
    _Call("htmlControl", payload["legend"], "bottomright", "sm-legend", into_parent=False).add_to(map_)
    if time_control and payload["time"]:
        _Call("timeControl", payload["time"], into_parent=False).add_to(map_)
    if payload["bounds"]:
        _Call("fit", payload["bounds"], into_parent=False).add_to(map_)
    _Call("finish", {"dark": basemap == "dark"}, into_parent=False).add_to(map_)
    return map_


def _add_strikes(map_: folium.Map, layers: Sequence[Mapping[str, Any]], one_canvas: bool) -> None:
    """One layer per actor (``addActor``: Leaflet layers per strike), or one canvas for all of them.

    On one canvas each actor keeps its layer-list entry, which switches its strikes and hatched countries.
    """
    if not one_canvas:
        for layer in layers:
            group = folium.FeatureGroup(name=layer["name"])
            _Call("addActor", layer["data"]).add_to(group)
            group.add_to(map_)
        return
    from .columns import canvas_data

    data = canvas_data(layers)
    for number, (layer, areas) in enumerate(zip(layers, data.pop("areas"), strict=True)):
        group = folium.FeatureGroup(name=layer["name"])
        _Call("canvasActor", {"actor": number, "color": layer["data"]["color"], "index": layer["data"]["index"],
                              "areas": areas}).add_to(group)
        group.add_to(map_)
    _Call("addStrikes", data, into_parent=False).add_to(map_)


def map_payload(events: Sequence[Event], *, basemap: str = "light", highlight_countries: bool = True,
                countries_points: Mapping[str, HasLatLon] | None = None, countries: bool = True,
                popups: bool = True) -> dict[str, Any]:
    """Everything the map draws, as JSON-ready data (article strings escaped); no folium.

    ``borders`` feeds ``StrikeMap.borders``, each of ``actors`` one ``StrikeMap.addActor``
    (``name`` is its layer's label), ``legend`` is HTML, ``time`` the playback's day range
    (days since 1970) or ``None``, ``bounds`` ``[[south, west], [north, east]]`` or ``None``.
    ``countries=False`` leaves the Natural Earth polygons out (the app serves them once as a file);
    ``popups=False`` leaves each strike's popup rows and sources out (the app shows them in its own panel),
    which makes the data several times smaller.

    >>> sorted(map_payload([]))
    ['actors', 'basemap', 'borders', 'bounds', 'legend', 'time']
    """
    events = list(events)
    actors = _actor_order(events)
    colors = {actor: actor_color(actor) for actor in actors}
    layers, mapped = [], 0
    for actor in actors:
        name, data = _actor_layer([e for e in events if e.actor == actor], actor, colors[actor],
                                  countries_points or {}, len(events), popups=popups)
        layers.append({"actor": actor, "name": name, "data": data})
        mapped += len(data["events"])
    legend = legend_html(events, actors, colors, len(events) - mapped, far_origins=_far_origins(events))
    # A strike known only as "by 28 September" plays on that day: playback starts early enough to show it.
    days = [(e.date.earliest or e.date.latest).toordinal() - _EPOCH for e in events
            if e.date.earliest or e.date.latest]
    return {"basemap": basemap, "borders": _borders(events, colors, basemap, highlight_countries, countries),
            "actors": layers, "legend": legend,
            "time": {"min": min(days), "max": max(days), "step": _default_step(days)} if days else None,
            "bounds": _bounds(events)}


def _default_step(days: list[int]) -> str:
    """Day steps for a few weeks of strikes, weeks for a few months, months beyond."""
    span = max(days) - min(days)
    return "day" if span <= 45 else "week" if span <= 240 else "month"


def _actor_order(events: Sequence[Event]) -> list[str]:
    counts = Counter(e.actor for e in events)
    return sorted(counts, key=lambda actor: (-counts[actor], actor))


def _add_head(map_: folium.Map, events: Sequence[Event], basemap: str) -> None:
    root = map_.get_root()
    root.header.add_child(RawHTML(f"<title>Strike Map — {len(events):,} strike{'s' if len(events) != 1 else ''}"
                                  "</title>"), name="sm_title")
    sea = "#1b1f27" if basemap == "dark" else "#dce8f0"
    css = static_text("strikemap.css")
    root.header.add_child(RawHTML(f"<style>:root{{--sm-sea:{sea}}}\n{css}</style>"), name="sm_css")
    scripts = "\n".join(static_text(name) for name in STATIC_SCRIPTS)
    root.header.add_child(RawHTML(f"<script>{scripts}</script>"), name="sm_js")
    root.html.add_child(RawHTML(svg_defs()), name="sm_defs")


@lru_cache(maxsize=1)
def _country_shapes() -> dict[str, dict[str, Any]]:
    """``{alpha-2: {"name", "geometry" (GeoJSON, 3 decimals)}}`` from Natural Earth."""
    import numpy
    import shapely
    from shapely.geometry import mapping

    from ..gazetteer.borders import countries

    shapes = {}
    for iso, name, geometry in zip(countries()["iso_a2"], countries()["name"], countries().geometry, strict=True):
        rounded = shapely.transform(geometry, lambda xy: numpy.round(xy, 3))  # ~100 m: plenty at 1:110m
        shapes[iso] = {"name": name, "geometry": json.loads(json.dumps(mapping(rounded)))}
    return shapes


def _borders(events: Sequence[Event], colors: Mapping[str, str], basemap: str, highlight: bool,
             with_countries: bool) -> dict[str, Any]:
    targets = {e.target_country: 1 for e in events} if highlight else {}
    actors = dict(colors) if highlight else {}
    dark = basemap == "dark"
    data = {
        "line": "#8a8f98" if dark else "#7d8793", "land": "#2a2f38" if dark else "#f7f5ef",
        "landOpacity": 1.0 if basemap == "none" else 0.35, "targets": targets, "actors": actors,
        "targetFill": "#5a3535" if dark else "#f6e3dc", "targetLine": "#9c4a3c",
        "labels": [{"ll": list(latlon(point)), "name": escape(point.name)}
                   for iso in sorted(set(targets) | set(actors)) if (point := country_point(iso))],
        "attribution": "Borders: Natural Earth",
    }
    if with_countries:
        data["countries"] = countries_collection()
    return data


def countries_collection() -> dict[str, Any]:
    """Natural Earth's countries as one GeoJSON FeatureCollection (``iso`` per feature, 3 decimals)."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso": iso}, "geometry": shape["geometry"]}
        for iso, shape in _country_shapes().items()]}


def _actor_layer(events: list[Event], actor: str, color: str, countries_points: Mapping[str, HasLatLon],
                 total: int, *, popups: bool = True) -> tuple[str, dict[str, Any]]:
    """An actor's layer name and drawing data (only the strikes that can be drawn honestly)."""
    shapes = _country_shapes()
    origin_default = countries_points.get(actor) or country_point(actor)
    records, areas = [], {}
    for event in events:
        record = _record(event, origin_default, shapes, popups=popups)
        if record is None:
            continue
        if record.pop("country", None):
            iso = event.target_country
            areas.setdefault(iso, []).append((len(records), event))
        records.append(record)
    area_data = [{"g": shapes[iso]["geometry"], "h": area_title(iso, len(items)), "ids": _latest_first(items)}
                 for iso, items in areas.items()]
    # Leaflet's layer control and popups set innerHTML: names are escaped like article text.
    actor_label = f"{escape(country_name(actor))} ({escape(actor)})"
    name = f"{actor_label} — {len(events):,} strike{'s' if len(events) != 1 else ''}"
    return name, {"color": color, "label": actor_label, "index": max(actor_index(actor), 0), "events": records,
                  "areas": area_data, "arcs": True, "svgArcs": total <= SVG_ARCS_UP_TO,
                  "labels": total <= LABEL_PLACES_UP_TO}


def _latest_first(items: list[tuple[int, Event]]) -> list[int]:
    return [i for i, e in sorted(items, key=lambda item: item[1].date.earliest or date.min, reverse=True)]


def _record(event: Event, origin_default: HasLatLon | None, shapes: Mapping[str, Any], *,
            popups: bool = True) -> dict[str, Any] | None:
    """The compact drawing record of one event, or ``None`` when nothing honest can be drawn."""
    place = event.place
    country_level = place is None or place.precision is Precision.COUNTRY
    if country_level and event.target_country in shapes:
        impact = country_point(event.target_country)  # arcs end inside the country, no marker is drawn there
        kind = "cty"
    elif place is None:
        return None
    else:
        impact = place
        kind = "pt" if place.precision.is_point else "area"
    origin = _arc_origin(event, origin_default, impact)
    first, last = event.date.earliest or event.date.latest, event.date.latest or event.date.earliest
    record: dict[str, Any] = {"id": event.event_id, "k": kind, "ll": [round(v, 5) for v in latlon(impact)],
                              "p": popup_data(event) if popups else {"to": country_label(event.target_country)},
                              "t": first.toordinal() - _EPOCH if first else None}
    if first and last and last > first:
        record["t1"] = last.toordinal() - _EPOCH  # a date range: playback shows it over the whole range
    if first and event.date.day is None:
        record["u"] = 1  # not known to the day: drawn as uncertain during playback
    if kind == "area":
        record["r"] = round(place.radius_km * 1000)
    if kind != "cty":
        record["n"] = escape(place.name)
    if origin is not None:
        record["o"] = [round(v, 5) for v in latlon(origin)]
        dashed = event.origin is None or event.origin.precision is Precision.COUNTRY
        record["dash"] = 1 if dashed else 0
    if kind == "cty":
        record["country"] = True
    return record


def _arc_origin(event: Event, default: HasLatLon | None, impact: HasLatLon) -> HasLatLon | None:
    """Where the arc starts, or ``None`` when drawing one would claim more than the text says.

    A country-level origin far from the impact (a US strike in Yemen "from the
    United States") is left out: the launch site is unreported and likely a base
    or ship nearby, so an ocean-spanning arc would mislead and shrink the map.
    """
    origin = event.origin or default
    if origin is None:
        return None
    km = distance_km(origin, impact)
    country_level = event.origin is None or event.origin.precision is Precision.COUNTRY
    return None if km < 1 or (country_level and km > FAR_COUNTRY_ORIGIN_KM) else origin


def _far_origins(events: Sequence[Event]) -> int:
    """How many strikes lose their arc to the far-country rule of :func:`_arc_origin`."""
    count = 0
    for event in events:
        origin = event.origin or country_point(event.actor)
        impact = event.place or country_point(event.target_country)
        country_level = event.origin is None or event.origin.precision is Precision.COUNTRY
        if origin and impact and country_level and distance_km(origin, impact) > FAR_COUNTRY_ORIGIN_KM:
            count += 1
    return count


def _bounds(events: Sequence[Event]) -> list[list[float]] | None:
    points: list[HasLatLon] = [e.place for e in events if e.place]
    points += [e.origin for e in events if e.origin and e.place and _arc_origin(e, None, e.place)]
    for event in events:
        if event.place is None or event.place.precision is Precision.COUNTRY:
            point = country_point(event.target_country)
            points += [point] if point else []
    if not points:
        return None
    lats, lons = [p.lat for p in points], [p.lon for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def save_map(map_: folium.Map, path: str | os.PathLike) -> Path:
    """Render ``map_`` to a standalone HTML file, atomically; returns the path."""
    return atomic_write_text(path, map_.get_root().render())
