"""Sub-commands about events (extract, map, export); filled in as those modules land."""

from __future__ import annotations


def register(commands) -> None:
    """Add the event sub-commands to the ``python -m geo`` parser."""
