"""Events -> KML 2.2 for Google Earth (and back, through GDAL).

One ``Document`` with one ``Folder`` named ``strikes`` (GDAL reads it as the layer
``strikes``) and one ``Placemark`` per strike:

- styled by actor: one shared ``Style`` per actor, in the actor's colour from
  :mod:`geo.palette` (the same colour as the map and the app);
- the strike's place as a Point for a site or a town, and as the area for a district,
  province or region (a circle of its ``radius_km``) or a country-only strike (the
  country's polygon); ``geometry="point"`` writes points only;
- a ``TimeStamp`` (day known) or ``TimeSpan`` (a range), so Google Earth's time
  slider works;
- a ``description`` in HTML with the evidence sentences and sources; every string
  from an article is HTML-escaped, then the whole description is XML-escaped;
- ``ExtendedData`` typed by a ``Schema``: the GeoJSON properties (objects as JSON text),
  so ``events -> KML -> events`` gives back equal events.

>>> from geo.models import DateRange, Event
>>> text = kml_text([Event("e1", "IR", "PK", None, None, DateRange())])
>>> text.startswith('<?xml version="1.0" encoding="UTF-8"?>') and "<Placemark" in text
True
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from ..errors import InputError, StorageError
from ..models import DateRange, Event, Place
from .area import check_geometry, point_shape, shape
from .codec import country_name, event_properties

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

LAYER = "strikes"
_INTEGER = ("fatalities", "place_geonameid", "place_population", "geo_precision")
_DOUBLE = ("confidence", "radius_km", "latitude", "longitude")


def kml_text(events: Iterable[Event], *, geometry: str = "area") -> str:
    """The KML document as text (UTF-8 XML)."""
    from .geojson import EXTRA_PROPERTIES, PROPERTIES

    check_geometry(geometry)
    events = list(events)
    fields = [name for name in PROPERTIES + EXTRA_PROPERTIES if name != "feature_type"]
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<kml xmlns="http://www.opengis.net/kml/2.2">', "<Document>",
             "<name>Strike Map</name>", _schema(fields)]
    parts += [_style(actor) for actor in sorted({event.actor for event in events})]
    parts += [f"<Folder><name>{LAYER}</name>"]
    parts += [_placemark(event, fields, geometry) for event in events]
    parts += ["</Folder>", "</Document>", "</kml>", ""]
    return "\n".join(parts)


def write_kml(events: Iterable[Event], path: str | os.PathLike, *, geometry: str = "area") -> Path:
    """Write :func:`kml_text` to ``path``, atomically; returns the path."""
    from ..files import atomic_write_text

    return atomic_write_text(path, kml_text(events, geometry=geometry))


def read_kml(path: str | os.PathLike) -> list[Event]:
    """Events from a KML written by :func:`write_kml`, read through GDAL (pyogrio)."""
    import geopandas

    from .geojson import frame_to_events

    if not Path(path).is_file():
        raise StorageError(f"no such KML file: {path}")
    try:
        frame = geopandas.read_file(path, layer=LAYER, engine="pyogrio")
    except Exception as exc:  # GDAL's errors, translated once, here
        raise StorageError(f"cannot read KML {path}: {exc}") from exc
    missing = {"event_id", "actor", "target_country"} - set(frame.columns)
    if missing:
        raise InputError(f"{path}: layer {LAYER!r} lacks fields {', '.join(sorted(missing))}")
    frame = frame.drop(columns=[c for c in ("Name", "Description", "name", "description") if c in frame])
    frame = frame.drop(columns=[c for c in ("timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude",
                                            "visibility", "drawOrder", "icon") if c in frame])
    return frame_to_events(frame)


# ---------------------------------------------------------------- pieces

def _schema(fields: list[str]) -> str:
    def kind(name: str) -> str:
        return "int" if name in _INTEGER else "double" if name in _DOUBLE else "string"

    simple = "".join(f'<SimpleField type="{kind(name)}" name="{name}"></SimpleField>' for name in fields)
    return f'<Schema name="{LAYER}" id="{LAYER}">{simple}</Schema>'


def kml_color(hex_rgb: str, *, alpha: int = 255) -> str:
    """``#RRGGBB`` as KML's ``aabbggrr``.

    >>> kml_color("#D55E00", alpha=128)
    '80005ed5'
    """
    red, green, blue = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"{alpha:02x}{blue}{green}{red}".lower()


def _style(actor: str) -> str:
    from ..palette import actor_color

    colour = actor_color(actor)
    return (f'<Style id="actor-{escape(actor)}"><IconStyle><color>{kml_color(colour)}</color><scale>1.1</scale>'
            "<Icon><href>http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href></Icon></IconStyle>"
            f"<LineStyle><color>{kml_color(colour)}</color><width>2</width></LineStyle>"
            f"<PolyStyle><color>{kml_color(colour, alpha=80)}</color></PolyStyle></Style>")


def _placemark(event: Event, fields: list[str], geometry: str) -> str:
    properties = event_properties(event)
    body = "" if event.place is None else _place_kml(event.place, event.target_country, geometry)
    return (f"<Placemark id={quoteattr(event.event_id)}><name>{escape(_title(event))}</name>"
            f"<description>{escape(_description(event))}</description>{_time(event)}"
            f"<styleUrl>#actor-{escape(event.actor)}</styleUrl>{_data(properties, fields)}{body}</Placemark>")


def _title(event: Event) -> str:
    where = event.place.name if event.place else country_name(event.target_country)
    when = event.date.day or event.date.earliest
    return f"{country_name(event.actor)} → {where}" + (f" ({when.isoformat()})" if when else "")


def _description(event: Event) -> str:
    """HTML for Google Earth's balloon; article text is escaped here, the XML layer escapes again."""
    from .csv_acled import notes

    lines = [f"<p>{html.escape(notes(event).split(' Evidence: ')[0])}</p>",
             f"<p>Place: {html.escape(event.precision.value)} precision"
             + (f", within about {event.place.radius_km:.0f} km" if event.place else "")
             + f"; date: {html.escape(event.date.precision.value)}</p>"]
    for source in event.sources:
        title = html.escape(source.title or "source")
        link = (f'<a href="{html.escape(source.url, quote=True)}">{title}</a>'
                if source.url and source.url.startswith(("http://", "https://")) else title)
        quotes = "".join(f"<li>{html.escape(e.sentence)}</li>" for e in source.evidence)
        lines.append(f"<p>{link}</p>" + (f"<ul>{quotes}</ul>" if quotes else ""))
    return "".join(lines)


def _time(event: Event) -> str:
    when = event.date
    if when.day:
        return f"<TimeStamp><when>{when.day.isoformat()}</when></TimeStamp>"
    if when.earliest or when.latest:
        begin = f"<begin>{when.earliest.isoformat()}</begin>" if when.earliest else ""
        end = f"<end>{when.latest.isoformat()}</end>" if when.latest else ""
        return f"<TimeSpan>{begin}{end}</TimeSpan>"
    return ""


def _data(properties: dict[str, Any], fields: list[str]) -> str:
    cells = []
    for name in fields:
        value = properties.get(name)
        if value is None:
            continue
        if isinstance(value, (list, dict)):
            value = json.dumps(value, ensure_ascii=False, allow_nan=False)
        cells.append(f'<SimpleData name="{name}">{escape(str(value))}</SimpleData>')
    return f'<ExtendedData><SchemaData schemaUrl="#{LAYER}">{"".join(cells)}</SchemaData></ExtendedData>'


@lru_cache(maxsize=1024)
def _place_kml(place: Place, target_country: str, geometry: str) -> str:
    # Strikes often share a place; a country's polygon is thousands of coordinates to format once.
    event = Event("", target_country, target_country, place, None, DateRange())
    return _geometry(point_shape(event) if geometry == "point" else shape(event, geometry))


def _geometry(geometry: BaseGeometry | None) -> str:
    if geometry is None or geometry.is_empty:
        return ""
    if geometry.geom_type == "Point":
        return f"<Point><coordinates>{geometry.x!r},{geometry.y!r}</coordinates></Point>"
    if geometry.geom_type == "Polygon":
        return _polygon(geometry)
    return "<MultiGeometry>" + "".join(_polygon(part) for part in geometry.geoms) + "</MultiGeometry>"


def _polygon(polygon: BaseGeometry) -> str:
    def ring(coords: Any) -> str:
        return f"<LinearRing><coordinates>{' '.join(_xy(x, y) for x, y, *_ in coords)}</coordinates></LinearRing>"

    inner = "".join(f"<innerBoundaryIs>{ring(r.coords)}</innerBoundaryIs>" for r in polygon.interiors)
    return (f"<Polygon><tessellate>1</tessellate><outerBoundaryIs>{ring(polygon.exterior.coords)}</outerBoundaryIs>"
            f"{inner}</Polygon>")


def _xy(x: float, y: float) -> str:
    return f"{round(x, 6)!r},{round(y, 6)!r}"
