"""Files in, fused events out: the whole pipeline behind ``python -m geo extract`` and the app.

One bad file never sinks a batch: it becomes a warning and the rest go on.

>>> events, warnings = extract_events(["data/articles"])        # doctest: +SKIP
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import InputError
from .extraction import MIN_CONFIDENCE, Extractor
from .fusion import events_from_mentions, fuse
from .gazetteer import Gazetteer
from .models import Article, Event, Place
from .text import read_bytes, read_file

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Report:
    """What happened to one input: its article and events, or why it was refused."""

    name: str
    article: Article | None
    events: tuple[Event, ...]
    error: str | None = None


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Files, folders (their articles, README files skipped) and ``-`` for stdin, in order."""
    expanded: list[str] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            expanded.append("-")
        elif path.is_dir():
            expanded += sorted(str(p) for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES
                               and p.is_file() and not p.name.lower().startswith("readme"))
        else:
            expanded.append(str(path))
    return expanded


class Pipeline:
    """Reads articles and extracts their events; the gazetteer and extractor load once.

    Parameters
    ----------
    gazetteer
        Injected for tests; default: the cached index.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, min_confidence: float = MIN_CONFIDENCE) -> None:
        self.gazetteer = gazetteer or Gazetteer.open()
        self.extractor = Extractor(self.gazetteer)
        self.min_confidence = min_confidence
        self._origins: dict[str, Place] = {}

    def article_events(self, article: Article) -> list[Event]:
        """Events of one article, before fusion with other articles."""
        mentions = self.extractor.mentions(article)
        return events_from_mentions(mentions, article, min_confidence=self.min_confidence)

    def read(self, name: str, *, published: date | None = None, data: bytes | None = None) -> Report:
        """Read and extract one input; never raises for bad input."""
        try:
            if data is not None:
                article = read_bytes(data, name=name, published=published)
            elif name == "-":
                article = read_bytes(sys.stdin.buffer.read(), name="stdin", published=published)
            else:
                article = read_file(name, published=published)
            return Report(name, article, tuple(self.article_events(article)))
        except InputError as exc:
            return Report(name, None, (), str(exc))

    def run(self, names: list[str], *, published: date | None = None, progress: Progress | None = None
            ) -> tuple[list[Event], list[Report]]:
        """Extract every input and fuse the events across them."""
        reports = []
        for done, report in enumerate(self._reports(names, published), start=1):
            reports.append(report)
            if progress:
                progress("extracting", done, len(names))
        events = [e for r in reports for e in r.events]
        return self.fuse(events), reports

    def _reports(self, names: list[str], published: date | None) -> Iterator[Report]:
        for name in names:
            yield self.read(name, published=published)

    def fuse(self, events: Iterable[Event]) -> list[Event]:
        """Fuse events (from any articles) and give each its id, origin and response link."""
        events = list(events)
        for code in {c for e in events for c in (e.actor, e.target_country)} - set(self._origins):
            place = self.gazetteer.country(code)
            if place is not None:
                self._origins[code] = place
        return fuse(events, origins=self._origins)


def extract_events(paths: list[str], *, published: date | None = None, gazetteer: Gazetteer | None = None,
                   progress: Progress | None = None) -> tuple[list[Event], list[str]]:
    """Extract and fuse the events of files/folders; return (events, warnings).

    Warnings name every file that was refused or read with a problem.
    """
    pipeline = Pipeline(gazetteer)
    names = expand_paths(paths)
    if not names:
        raise InputError("no article files found (.txt, .md or .html)")
    events, reports = pipeline.run(names, published=published, progress=progress)
    warnings = [r.error for r in reports if r.error]
    warnings += [w for r in reports if r.article for w in r.article.warnings]
    return events, warnings

