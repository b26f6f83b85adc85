"""Leaflet served from a registry package, so exported maps work with no network.

No folium or branca here: the app's first visit reads these files and should not pay for importing them.

Leaflet's JavaScript, CSS and images come from the ``XStatic-Leaflet`` package on
PyPI (``xstatic.pkg.leaflet.BASE_DIR``; jQuery likewise from ``XStatic-jQuery``),
installed by ``requirements.txt``; nothing third-party is committed here.
:func:`geo.maps.rendering.make_offline` inlines them into the map's HTML (CSS images as ``data:``
URIs) and drops folium's other CDN dependencies (Bootstrap, Font Awesome,
Leaflet.awesome-markers): our maps draw with vector layers and DivIcons only,
and bind popups with Leaflet itself, so none of them is needed.

>>> leaflet_js().startswith("/* @preserve")
True
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigurationError

SOURCE_NOTE = "Leaflet and jQuery inlined from the XStatic-Leaflet / XStatic-jQuery packages (PyPI)"
# Our scripts in an exported map, in load order: the library, then what extends it.
STATIC_SCRIPTS = ("strikemap.js", "strikemap-canvas-draw.js", "strikemap-canvas.js", "strikemap-playback.js")


@lru_cache(maxsize=8)
def static_text(name: str) -> str:
    """One of our own files in ``geo/maps/static/`` (package data), e.g. ``strikemap.js``.

    >>> "window.StrikeMap" in static_text("strikemap.js")
    True
    """
    from importlib.resources import files

    return files("geo.maps").joinpath("static", name).read_text(encoding="utf-8")


def leaflet_dir() -> Path:
    """The directory holding ``leaflet.js``, ``leaflet.css`` and ``images/``.

    Raises
    ------
    ConfigurationError
        When XStatic-Leaflet is not installed (``pip install -r requirements.txt``).
    """
    return _package_dir("leaflet", "XStatic-Leaflet")


def _package_dir(name: str, distribution: str) -> Path:
    try:
        module = __import__(f"xstatic.pkg.{name}", fromlist=["BASE_DIR"])
    except ImportError as exc:
        raise ConfigurationError(f"offline maps need the {distribution} package: pip install {distribution}") from exc
    return Path(module.BASE_DIR)


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    """Leaflet's minified JavaScript."""
    return (leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def jquery_js() -> str:
    """jQuery's minified JavaScript, for folium elements that still use ``$`` (folium.Popup)."""
    return (_package_dir("jquery", "XStatic-jQuery") / "jquery.min.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet's CSS with every ``url(images/...)`` replaced by a ``data:`` URI.

    >>> "url(images/" in leaflet_css(), "data:image/png;base64," in leaflet_css()
    (False, True)
    """
    base = leaflet_dir()

    def inline(match: re.Match[str]) -> str:
        image = base / match.group(1)
        if not image.is_file():  # leave what we cannot serve; the browser just skips it
            return match.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, (base / "leaflet.css").read_text(encoding="utf-8"))
