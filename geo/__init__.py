"""Strike Map: read news articles, find cross-border strikes, geocode and map them.

The package is a pipeline of small modules passing frozen values
(see :mod:`geo.models`): file -> Article -> Mention -> Event -> GeoDataFrame -> map.
It never imports streamlit; ``app.py`` and ``python -m geo`` are thin shells.

The public API is the few names below; each is loaded on first use, so ``import geo``
stays light (the gazetteer, GDAL and folium load only when a stage needs them).

>>> from geo import read_text
>>> article = read_text("Strike on a depot\\n\\nPublished: 2024-01-16\\n\\nA drone hit a depot.")
>>> article.published.isoformat()
'2024-01-16'
>>> from geo import export
>>> export([], "strikes.xlsx")
Traceback (most recent call last):
...
geo.errors.InputError: cannot export to 'strikes.xlsx': unknown suffix '.xlsx'; use .geojson, ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["read_file", "read_text", "extract_events", "fuse", "build_map", "save_map", "export"]

if TYPE_CHECKING:
    from .exporting import export
    from .extract.fusion import fuse
    from .extract.pipeline import extract_events
    from .maps.rendering import build_map, save_map
    from .read.text import read_file, read_text


def __getattr__(name: str) -> Any:
    # PEP 562: each stage is imported when its name is first asked for, never at ``import geo``.
    if name in ("read_file", "read_text"):
        from .read import text as stage
    elif name == "extract_events":
        from .extract import pipeline as stage
    elif name == "fuse":
        from .extract import fusion as stage
    elif name in ("build_map", "save_map"):
        from .maps import rendering as stage
    elif name == "export":
        from . import exporting as stage
    else:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    return getattr(stage, name)
