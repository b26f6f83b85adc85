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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, MacroElement

from ..errors import ConfigurationError
from ..files import atomic_write_text
from ..geometry import HasLatLon
from ..models import Event
from ..palette import PALETTE
from .assets import STATIC_SCRIPTS, jquery_js, leaflet_css, leaflet_js, static_text
from .payload import BASEMAPS, map_payload
from .popups import svg_defs

__all__ = ["PALETTE", "build_map", "map_payload", "save_map"]
# Above this many strikes Leaflet draws markers on a canvas; above the second, arcs too (no arrowheads).
CANVAS_ABOVE = 1000
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
        popups inflated on demand; ``None`` (default) does so above :data:`~geo.maps.payload.ONE_CANVAS_ABOVE` strikes.

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
        make_offline(map_)
    _add_head(map_, events, basemap)
    if BASEMAPS[basemap]:
        folium.TileLayer(**BASEMAPS[basemap], control=False).add_to(map_)
    payload = map_payload(events, basemap=basemap, highlight_countries=highlight_countries,
                          countries_points=countries_points, one_canvas=one_canvas)
    group = folium.FeatureGroup(name="Country borders (Natural Earth)", control=True)
    _Call("borders", payload["borders"]).add_to(group)
    group.add_to(map_)
    _add_strikes(map_, payload["actors"], payload["canvas"])
    # In a small frame (the app) the layer list folds away so it does not cover the strikes.
    folium.LayerControl(collapsed=compact or len(payload["actors"]) > 8, position="topright").add_to(map_)
    _Call("htmlControl", payload["legend"], "bottomright", "sm-legend", into_parent=False).add_to(map_)
    if time_control and payload["time"]:
        _Call("timeControl", payload["time"], into_parent=False).add_to(map_)
    if payload["bounds"]:
        _Call("fit", payload["bounds"], into_parent=False).add_to(map_)
    _Call("finish", {"dark": basemap == "dark"}, into_parent=False).add_to(map_)
    return map_


def _add_strikes(map_: folium.Map, layers: Sequence[Mapping[str, Any]], canvas: dict[str, Any] | None) -> None:
    """One layer per actor (``addActor``: Leaflet layers per strike), or one canvas for all of them.

    On one canvas each actor keeps its layer-list entry, which switches its strikes and hatched countries.
    """
    if canvas is None:
        for layer in layers:
            group = folium.FeatureGroup(name=layer["name"])
            _Call("addActor", layer["data"]).add_to(group)
            group.add_to(map_)
        return
    data = dict(canvas)
    for number, (layer, areas) in enumerate(zip(layers, data.pop("areas"), strict=True)):
        group = folium.FeatureGroup(name=layer["name"])
        _Call("canvasActor", {"actor": number, "color": layer["data"]["color"], "index": layer["data"]["index"],
                              "areas": areas}).add_to(group)
        group.add_to(map_)
    _Call("addStrikes", data, into_parent=False).add_to(map_)


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


def save_map(map_: folium.Map, path: str | os.PathLike) -> Path:
    """Render ``map_`` to a standalone HTML file, atomically; returns the path."""
    return atomic_write_text(path, map_.get_root().render())


class RawHTML(Element):
    """Text that goes into the page as it is.

    branca's ``Element(text)`` compiles ``text`` as a Jinja template: for 150 KB of inlined
    JavaScript that parse took most of a map's rendering time, and any ``{{`` in it would be read
    as a placeholder.

    >>> RawHTML("<style>{{ a }}</style>").render()
    '<style>{{ a }}</style>'
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def _script(code: str) -> str:
    # A literal "</script" inside inlined code would end the element early.
    return "<script>" + code.replace("</script", "<\\/script") + "</script>"


def make_offline(map_: folium.Map, *, jquery: bool = False) -> folium.Map:
    """Make ``map_`` load nothing from a CDN: Leaflet (and optionally jQuery) inlined, other links dropped.

    Tiles still come from their server when one is reachable; the caller draws
    country borders so the map reads without them.

    >>> import folium
    >>> html = make_offline(folium.Map(tiles=None)).get_root().render()
    >>> "cdn.jsdelivr" in html, "<script src=" in html
    (False, False)
    """
    # Instance attributes: never mutate folium's class-level lists, shared by every map.
    map_.default_js = []
    map_.default_css = []
    header = map_.get_root().header
    header.add_child(RawHTML(f"<style>{leaflet_css()}</style>"), name="leaflet_css_inline")
    header.add_child(RawHTML(_script(leaflet_js())), name="leaflet_js_inline")
    if jquery:
        header.add_child(RawHTML(_script(jquery_js())), name="jquery_js_inline")
    return map_
