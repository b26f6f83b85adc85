"""A text progress bar on stderr, shared by the commands that run long (index, extract, map, export)."""

from __future__ import annotations

import sys

__all__ = ["progress_printer"]


def progress_printer(stream=sys.stderr):
    """A text progress bar on stderr for long work."""
    state = {"stage": None}

    def report(stage: str, done: int, total: int) -> None:
        if not stream.isatty() and done not in (0, total):
            return
        width = 30
        filled = int(width * done / total) if total else width
        end = "\n" if done >= total else ""
        stream.write(f"\r{stage:<32} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        stream.flush()
        state["stage"] = stage

    return report
