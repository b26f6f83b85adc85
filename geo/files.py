"""Files written whole or not at all: a temporary file beside the target, then a rename; and where
derived files are kept (the cache directory).

Every writer of Strike Map (GeoJSON, CSV, GeoPackage, KML, GeoParquet, HTML maps, reports) goes
through here, so a reader never sees a half-written file and a failed write keeps the old one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import StorageError

__all__ = ["atomic_path", "atomic_write_text", "default_cache_dir"]


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on failure it is removed.

    Readers never see a half-written file, and a failed write leaves the old file intact.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise StorageError(f"cannot write {target}: directory {target.parent} does not exist")
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        temporary.unlink()  # some writers (GDAL) refuse to overwrite; they get a free name they own
        yield temporary
        os.replace(temporary, target)
    except StorageError:
        raise
    except OSError as exc:
        raise StorageError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 text to ``path`` atomically (temporary file in the same directory, then rename)."""
    with atomic_path(path) as temporary, open(temporary, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
    return Path(path)


def default_cache_dir() -> Path:
    """``$STRIKEMAP_CACHE``, else ``$XDG_CACHE_HOME/strikemap``, else ``~/.cache/strikemap``."""
    if os.environ.get("STRIKEMAP_CACHE"):
        return Path(os.environ["STRIKEMAP_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "strikemap"
