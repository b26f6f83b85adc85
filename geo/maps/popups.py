"""The HTML inside a map: event popups and the legend, every article string escaped.

Leaflet sets popup content with ``innerHTML`` and folium popups do not escape, so
everything that came from an article passes through :func:`escape` here, and only
``http``/``https`` URLs become links (a ``javascript:`` URL stays inert text).

>>> escape('<script>alert("x")</script> `y`')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#96;y&#96;'
>>> safe_url("javascript:alert(1)") is None, safe_url("https://example.org/?a=1&b=2")
(True, 'https://example.org/?a=1&amp;b=2')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from ..formats.codec import country_name
from ..models import Event, Precision
from ..palette import PALETTE

_PRECISION_WORDS = {
    Precision.SITE: "site", Precision.CITY: "town or city", Precision.DISTRICT: "district (area)",
    Precision.PROVINCE: "province (area)", Precision.REGION: "region (area)", Precision.COUNTRY: "country only",
}

_PRECISION_TEXT = {p: f"{word}, ACLED geo-precision {p.acled_geo_precision}" for p, word in _PRECISION_WORDS.items()}


def escape(value: object) -> str:
    """HTML-escape any value, quotes and backticks included (backticks end JS template literals).

    What ``html.escape(text, quote=True)`` does, plus backticks, in one pass of replaces: a 100,000-strike
    map escapes 1.5 million strings.
    """
    text = value if type(value) is str else "" if value is None else str(value)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#x27;").replace("`", "&#96;"))


_WEB_SCHEME = re.compile(r"https?:", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """The escaped URL when it is http(s), else ``None``: only those become links."""
    if not url or not _WEB_SCHEME.match(url.strip()):  # the scheme, as urlsplit reads it, without its cost
        return None
    return escape(url.strip())


def country_label(code: str) -> str:
    """``Iran (IR)``, escaped for HTML."""
    return f"{escape(country_name(code))} ({escape(code)})"


_country = country_label


def _when(event: Event) -> str:
    when = event.date
    if when.day:
        text = when.day.isoformat()
    elif when.earliest or when.latest:
        text = f"{when.earliest or '?'} – {when.latest or '?'}"
    else:
        text = "unknown"
    quoted = f" “{escape(when.text)}”" if when.text else ""
    return f"{escape(text)} <small>({escape(when.precision.value)})</small>{quoted}"


def _where(event: Event) -> str:
    place = event.place
    if place is None:
        said = f" “{escape(event.place_text)}”" if event.place_text else ""
        return f"somewhere in {escape(country_name(event.target_country))} <small>(no place given)</small>{said}"
    parts = [place.name] + ([place.admin1] if place.admin1 and place.admin1 != place.name else [])
    name = escape(", ".join(parts))
    precision = _PRECISION_TEXT[place.precision]
    radius = "" if place.precision.is_point else f", ±{place.radius_km:.0f} km"
    said = f" — text: “{escape(event.place_text)}”" if event.place_text and event.place_text != place.name else ""
    return f"{name} <small>({escape(precision)}{radius})</small>{said}"


def _rows(event: Event) -> dict[str, str]:
    """Popup rows keyed by the short codes ``strikemap.js`` turns into labels (Place, Date, From, ...)."""
    rows = {"pl": _where(event), "dt": _when(event)}
    if event.origin:
        rows["fr"] = f"{escape(event.origin.name)} <small>({escape(event.origin.precision.value)})</small>"
    if event.weapons:
        rows["w"] = escape(", ".join(event.weapons))
    if event.target:
        rows["tg"] = escape(event.target)
    if event.fatalities is not None:
        by = f" <small>(reported by {escape(event.fatalities_reported_by)})</small>" \
            if event.fatalities_reported_by else ""
        rows["k"] = f"{event.fatalities}{by}"
    for key, value in (("cb", event.claimed_by), ("db", event.denied_by), ("rt", event.responds_to)):
        if value:
            rows[key] = escape(value)
    rows["c"] = f"{event.confidence:.2f}"
    return rows


def popup_data(event: Event) -> dict:
    """What a strike's popup shows, every string escaped; ``strikemap.js`` adds the markup.

    Sending fields instead of finished HTML keeps 10,000 strikes under 10 MB.
    ``s`` lists sources as ``[escaped http(s) URL or None, title, published, [sentences]]``.

    >>> from geo.models import DateRange, Event
    >>> popup_data(Event("e1", "IR", "PK", None, "<b>Panjgur</b>", DateRange()))["to"]
    'Pakistan (PK)'
    """
    sources = [[safe_url(s.url), escape(s.title or s.url or "untitled source"),
                escape(s.published.isoformat()) if s.published else "", [escape(e.sentence) for e in s.evidence]]
               for s in event.sources]
    return {"to": _country(event.target_country), "r": _rows(event), "s": sources}


def area_title(iso: str, count: int) -> str:
    """The heading of a hatched country's popup (its strikes follow, built from their own data)."""
    return (f"{count:,} strike{'s' if count != 1 else ''} located only as “{escape(country_name(iso))}”"
            "<br><small>The text names the country, not a place in it.</small>")


def _swatch(kind: str, color: str = "#555") -> str:
    shapes = {
        "dot": f'<circle cx="9" cy="9" r="5.5" fill="{color}" stroke="#fff" stroke-width="1.5"/>',
        "area": f'<circle cx="9" cy="9" r="7.5" fill="{color}" fill-opacity="0.08" stroke="{color}" '
                'stroke-dasharray="3 2"/>',
        "country": f'<rect x="1.5" y="3" width="15" height="12" fill="url(#sm-hatch-legend)" stroke="{color}" '
                   'stroke-dasharray="3 2"/>',
        "arc": f'<path d="M2 14 Q 9 2 16 9" fill="none" stroke="{color}" stroke-width="2" '
               'marker-end="url(#sm-arrow-legend)"/>',
        "dashed": f'<path d="M2 14 Q 9 2 16 9" fill="none" stroke="{color}" stroke-width="2" '
                  'stroke-dasharray="4 3" marker-end="url(#sm-arrow-legend)"/>',
    }
    return f'<svg width="18" height="18" viewBox="0 0 18 18" overflow="visible">{shapes[kind]}</svg>'


def legend_html(events: Sequence[Event], actors: Sequence[str], colors: Mapping[str, str], unmapped: int,
                *, far_origins: int = 0) -> str:
    """The legend, foldable (``<details>``): actors with counts and colours, then what each symbol means."""
    counts = Counter(e.actor for e in events)
    rows = [f'<div class="sm-row">{_swatch("dot", colors[a])} {_country(a)} — {counts[a]:,}</div>' for a in actors]
    symbols = [("dot", "town or site"),
               ("area", "district / province / region (area of uncertainty)"),
               ("country", "only the country is known (never a pin)"),
               ("arc", "from a named launch area"),
               ("dashed", "from somewhere in the actor’s country")]
    days = sorted(d for e in events for d in (e.date.earliest, e.date.latest) if d)
    span = f"{days[0]} – {days[-1]}" if days else ""
    count = f"{len(events):,} strike{'s' if len(events) != 1 else ''}"
    notes = [count + (f", {span}" if span else "")]
    if unmapped:
        notes.append(f"{unmapped:,} without a place that can be drawn")
    if far_origins:
        notes.append(f"{far_origins:,} without an arc: launch site unreported and the actor’s country far away")
    return (f'<details open><summary>Legend · {escape(count)}</summary>'
            '<div class="sm-head">Actor (impacts coloured)</div>' + "".join(rows)
            + '<div class="sm-head">Where it hit</div>'
            + "".join(f'<div class="sm-row">{_swatch(k)} {escape(t)}</div>' for k, t in symbols[:3])
            + '<div class="sm-head">Where it came from</div>'
            + "".join(f'<div class="sm-row">{_swatch(k)} {escape(t)}</div>' for k, t in symbols[3:])
            + f'<div class="sm-note">{escape("; ".join(notes))}</div></details>')


def svg_defs() -> str:
    """Hatch patterns and arrowheads per palette colour, referenced by ``url(#...)`` from map paths."""
    parts = []
    for i, color in enumerate(PALETTE):
        parts.append(
            f'<pattern id="sm-hatch-{i}" patternUnits="userSpaceOnUse" width="8" height="8" '
            f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{color}" fill-opacity="0.10"/>'
            f'<line x1="0" y1="0" x2="0" y2="8" stroke="{color}" stroke-width="2.2" stroke-opacity="0.55"/>'
            f'</pattern>'
            # refX past the tip stops the arrow at the edge of the impact dot instead of under it
            f'<marker id="sm-arrow-{i}" viewBox="0 0 10 10" refX="14" refY="5" markerWidth="5" '
            f'markerHeight="5" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>')
    parts.append('<pattern id="sm-hatch-legend" patternUnits="userSpaceOnUse" width="8" height="8" '
                 'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#777" stroke-width="2"/>'
                 '</pattern>')
    parts.append('<marker id="sm-arrow-legend" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" '
                 'markerHeight="4" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>')
    # Not display:none: Chrome does not paint patterns defined inside a hidden <svg>.
    return ('<svg aria-hidden="true" style="position:absolute;width:0;height:0;overflow:hidden">'
            f'<defs>{"".join(parts)}</defs></svg>')
