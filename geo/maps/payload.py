"""Events -> the map's drawing data (JSON-ready, article strings escaped), with no folium.

The live map in the app needs only this; :mod:`.rendering` wraps the same data in a folium map
for exported HTML. Keeping folium out of this module keeps it out of the app's first visit.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

from ..formats.geojson import country_name, country_point
from ..geometry import HasLatLon, distance_km, latlon
from ..models import Event, Precision
from ..palette import actor_color, actor_index
from .popups import area_title, country_label, escape, legend_html, popup_data

FAR_COUNTRY_ORIGIN_KM = 2500  # beyond this a "from somewhere in the country" arc is not drawn (see _arc_origin)
# Labels give way to each other in the browser, but past this many strikes building them is not worth it.
LABEL_PLACES_UP_TO = 250
# Above this many strikes the arcs are drawn on a canvas (no arrowheads).
SVG_ARCS_UP_TO = 300
# Above this many, one Leaflet layer per strike costs seconds per zoom step: all strikes go to one canvas
# layer drawn from columns (geo/maps/columns.py, strikemap-canvas.js), aggregated by zoom.
ONE_CANVAS_ABOVE = 2000
_CARTO = "https://{s}.basemaps.cartocdn.com/%s/{z}/{x}/{y}{r}.png"
_CARTO_ATTR = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
               '&copy; <a href="https://carto.com/attributions">CARTO</a>')
BASEMAPS: dict[str, dict[str, Any] | None] = {
    "osm": {"tiles": "OpenStreetMap", "name": "OpenStreetMap"},
    "light": {"tiles": _CARTO % "light_all", "attr": _CARTO_ATTR, "name": "Light (CARTO)"},
    "dark": {"tiles": _CARTO % "dark_all", "attr": _CARTO_ATTR, "name": "Dark (CARTO)"},
    "none": None,
}
_EPOCH = date(1970, 1, 1).toordinal()


def map_payload(events: Sequence[Event], *, basemap: str = "light", highlight_countries: bool = True,
                countries_points: Mapping[str, HasLatLon] | None = None, countries: bool = True,
                popups: bool = True, one_canvas: bool | None = None) -> dict[str, Any]:
    """Everything the map draws, as JSON-ready data (article strings escaped); no folium.

    ``borders`` feeds ``StrikeMap.borders``, each of ``actors`` one ``StrikeMap.addActor``
    (``name`` is its layer's label), ``legend`` is HTML, ``time`` the playback's day range
    (days since 1970) or ``None``, ``bounds`` ``[[south, west], [north, east]]`` or ``None``.
    ``countries=False`` leaves the Natural Earth polygons out (the app serves them once as a file);
    ``popups=False`` leaves each strike's popup rows and sources out (the app shows them in its own panel),
    which makes the data several times smaller.
    ``one_canvas`` (by default above :data:`ONE_CANVAS_ABOVE` strikes) moves every strike into ``canvas``
    (:func:`~geo.maps.columns.canvas_data`, for ``StrikeMap.addStrikes``); each actor keeps its name,
    colour and index for ``StrikeMap.canvasActor``.

    >>> sorted(map_payload([]))
    ['actors', 'basemap', 'borders', 'bounds', 'canvas', 'legend', 'time']
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
    if len(events) > ONE_CANVAS_ABOVE if one_canvas is None else one_canvas:
        from .columns import canvas_data

        canvas = canvas_data(layers)
        layers = [{"actor": layer["actor"], "name": layer["name"], "data": actor}
                  for layer, actor in zip(layers, canvas["actors"], strict=True)]
    else:
        canvas = None
    return {"basemap": basemap, "borders": _borders(events, colors, basemap, highlight_countries, countries),
            "actors": layers, "canvas": canvas, "legend": legend,
            "time": {"min": min(days), "max": max(days), "step": _default_step(days)} if days else None,
            "bounds": _bounds(events)}


def _default_step(days: list[int]) -> str:
    """Day steps for a few weeks of strikes, weeks for a few months, months beyond."""
    span = max(days) - min(days)
    return "day" if span <= 45 else "week" if span <= 240 else "month"


def _actor_order(events: Sequence[Event]) -> list[str]:
    counts = Counter(e.actor for e in events)
    return sorted(counts, key=lambda actor: (-counts[actor], actor))


@cache
def _country_geometry(iso: str) -> dict[str, Any] | None:
    """A country's Natural Earth polygon as GeoJSON (3 decimals), or ``None`` when Natural Earth lacks it.

    One country at a time: a view hatches a few countries, and rounding all 175 up front cost the
    app's first map a tenth of a second.
    """
    import numpy
    import shapely
    from shapely.geometry import mapping

    from ..gazetteer.borders import shapes

    if (shape := shapes().get(iso)) is None:
        return None
    rounded = shapely.transform(shape.geometry, lambda xy: numpy.round(xy, 3))  # ~100 m: plenty at 1:110m
    return json.loads(json.dumps(mapping(rounded)))


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
    from ..gazetteer.borders import shapes

    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso": iso}, "geometry": _country_geometry(iso)} for iso in shapes()]}


def _actor_layer(events: list[Event], actor: str, color: str, countries_points: Mapping[str, HasLatLon],
                 total: int, *, popups: bool = True) -> tuple[str, dict[str, Any]]:
    """An actor's layer name and drawing data (only the strikes that can be drawn honestly)."""
    origin_default = countries_points.get(actor) or country_point(actor)
    records, areas = [], {}
    for event in events:
        record = _record(event, origin_default, popups=popups)
        if record is None:
            continue
        if record.pop("country", None):
            iso = event.target_country
            areas.setdefault(iso, []).append((len(records), event))
        records.append(record)
    area_data = [{"g": _country_geometry(iso), "h": area_title(iso, len(items)), "ids": _latest_first(items)}
                 for iso, items in areas.items()]
    # Leaflet's layer control and popups set innerHTML: names are escaped like article text.
    actor_label = f"{escape(country_name(actor))} ({escape(actor)})"
    name = f"{actor_label} — {len(events):,} strike{'s' if len(events) != 1 else ''}"
    return name, {"color": color, "label": actor_label, "index": max(actor_index(actor), 0), "events": records,
                  "areas": area_data, "arcs": True, "svgArcs": total <= SVG_ARCS_UP_TO,
                  "labels": total <= LABEL_PLACES_UP_TO}


def _latest_first(items: list[tuple[int, Event]]) -> list[int]:
    return [i for i, e in sorted(items, key=lambda item: item[1].date.earliest or date.min, reverse=True)]


def _record(event: Event, origin_default: HasLatLon | None, *, popups: bool = True) -> dict[str, Any] | None:
    """The compact drawing record of one event, or ``None`` when nothing honest can be drawn."""
    place = event.place
    country_level = place is None or place.precision is Precision.COUNTRY
    if country_level and _country_geometry(event.target_country) is not None:
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
