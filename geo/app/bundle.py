"""The sample strikes a new store starts with, kept once per version of the articles and of the code.

Reading the sample articles takes seconds (HTML extraction, the gazetteer, Natural Earth borders,
fusion), and every new data directory needed it again: a fresh install, each test, a second folder.
The events a fresh store ends up holding are kept as GeoJSON in the cache directory under a key over
everything that shapes them: the articles' bytes, the source of ``geo``, the pinned requirements and
the gazetteer index's name (which carries its data's fingerprint). Changing any of them changes the
key, so a copy made by other code or from other articles is never read.

>>> import tempfile
>>> from geo.models import DateRange, Event
>>> folder = Path(tempfile.mkdtemp())
>>> read_bundle(folder, "k1") is None
True
>>> write_bundle(folder, "k1", [Event("e1", "IR", "PK", None, None, DateRange())])
>>> [e.event_id for e in read_bundle(folder, "k1")]
['e1']
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable
from pathlib import Path

from ..errors import GeoError
from ..files import atomic_write_text
from ..models import Event
from .rows import UNREADABLE

GEO = Path(__file__).resolve().parent
REQUIREMENTS = GEO.parent / "requirements.txt"
_log = logging.getLogger(__name__)


def bundle_key(articles: Path, *, index: str, name: str) -> str:
    """Sixteen hex digits over the articles, ``geo``'s source, the requirements, the index and ``name``.

    ``name`` is the bundle's name (bumped to re-load the sample into existing stores); ``index``
    names the gazetteer index the events were geocoded with.
    """
    digest = hashlib.sha256(f"{name}\0{index}\0".encode())
    for group in (sorted(p for p in articles.rglob("*") if p.is_file()), sorted(GEO.glob("*.py")), [REQUIREMENTS]):
        for path in group:
            digest.update(path.name.encode() + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()[:16]


def _path(folder: Path, key: str) -> Path:
    return Path(folder) / f"bundled-{key}.geojson"


def read_bundle(folder: Path, key: str) -> list[Event] | None:
    """The events kept under ``key``, or ``None`` when there are none (or the file is damaged)."""
    from ..formats.geojson import parse_geojson

    path = _path(folder, key)
    try:
        return parse_geojson(path.read_text(encoding="utf-8"), name=str(path))
    except FileNotFoundError:
        return None
    except (OSError, GeoError, *UNREADABLE) as exc:  # a cache: read the articles again, and say so
        _log.warning("ignoring the sample-data cache %s: %s", path, exc)
        return None


def write_bundle(folder: Path, key: str, events: Iterable[Event]) -> None:
    """Keep ``events`` under ``key`` (atomically); copies for other keys unused for a day are removed."""
    from ..formats.geojson import geojson_text

    path = _path(folder, key)
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, geojson_text(list(events), indent=None))
    except (OSError, GeoError) as exc:  # a read-only cache costs the next new store a few seconds, nothing more
        _log.warning("could not keep the sample data in %s: %s", path, exc)
        return
    for old in Path(folder).glob("bundled-*.geojson"):
        try:
            if old != path and time.time() - old.stat().st_mtime > 86400:
                old.unlink()
        except OSError:
            continue  # another process removed it first
