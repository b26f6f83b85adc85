"""The app's live map as a folder Streamlit serves: our page and scripts, Leaflet, country borders.

It sits above the map (:mod:`geo.maps.rendering` gives the borders and the marker symbols) and the assets
(:mod:`geo.maps.assets` gives Leaflet and our static files); only ``app.py`` asks for it.
"""

from __future__ import annotations

from pathlib import Path

from ..maps.assets import leaflet_dir, leaflet_js, static_text

__all__ = ["COMPONENT_FILES", "component_dir", "tiles"]

COMPONENT_FILES = ("strikemap.js", "strikemap-playback.js", "strikemap-canvas-draw.js", "strikemap-canvas.js",
                   "strikemap.css", "bridge.js")


def component_dir(*, cache: Path | None = None) -> Path:
    """A folder the app serves as its live-map component: our page and scripts, Leaflet, country borders.

    Assembled once per content version in the cache directory (``$STRIKEMAP_CACHE``):
    Leaflet is copied from the XStatic-Leaflet package, never committed; ``countries.json``
    is Natural Earth's polygons, fetched once by the browser and cached by it.
    """
    import hashlib
    import json
    import shutil
    import tempfile

    from ..files import default_cache_dir
    from ..maps.payload import countries_collection
    from ..maps.popups import svg_defs

    page = static_text("component.html").replace("<!--SVG_DEFS-->", svg_defs())
    digest = hashlib.sha256(page.encode() + leaflet_js()[:200].encode()
                            + b"".join(static_text(n).encode() for n in COMPONENT_FILES)).hexdigest()[:12]
    root = Path(cache or default_cache_dir())
    target = root / f"app-map-{digest}"
    if (target / "index.html").is_file():
        _forget_old_versions(root, keep=target)
        return target
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="app-map-", dir=root))
    (staging / "index.html").write_text(page, encoding="utf-8")
    for name in COMPONENT_FILES:
        (staging / name).write_text(static_text(name), encoding="utf-8")
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copy(leaflet_dir() / name, staging / name)
    shutil.copytree(leaflet_dir() / "images", staging / "images")
    (staging / "countries.json").write_text(json.dumps(countries_collection(), separators=(",", ":")),
                                            encoding="utf-8")
    try:
        staging.rename(target)  # atomic: two app processes starting at once never serve half a folder
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # the other process won; its folder is identical
    _forget_old_versions(root, keep=target)
    return target


def tiles(basemap: str = "light") -> str:
    """The basemap's tile URL template and attribution, as the JSON text the live map's page takes."""
    import json

    from ..maps.payload import BASEMAPS

    chosen = BASEMAPS[basemap]
    return json.dumps({"url": chosen["tiles"], "attr": chosen["attr"]})


def _forget_old_versions(root: Path, *, keep: Path, older_than_s: float = 86400.0) -> None:
    """Remove folders of earlier versions (and abandoned staging folders) unused for a day."""
    import shutil
    import time

    for folder in root.glob("app-map-*"):
        try:
            if folder != keep and folder.is_dir() and time.time() - folder.stat().st_mtime > older_than_s:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue  # another process removed it first
