"""Our curated tables (``data/gazetteer/*.csv``, CC0, a source per row): where they are and how a row reads.

The lexicon (states, groups, demonyms) and the gazetteer build (countries, sites, villages) read
the same files; both read them here.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["DATA_DIR", "read_csv", "split_cell"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a curated table in ``data/gazetteer/`` (empty if the file is absent); blank rows skipped."""
    path = DATA_DIR / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if any((v or "").strip() for v in row.values())]


def split_cell(cell: str | None) -> list[str]:
    """A ``|``-separated cell as a list of stripped, non-empty parts.

    >>> split_cell(" Kyiv | Kiev ||")
    ['Kyiv', 'Kiev']
    """
    return [part.strip() for part in (cell or "").split("|") if part.strip()]
