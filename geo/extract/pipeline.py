"""Files in, fused events out: the whole pipeline behind ``python -m geo extract`` and the app.

One bad file (or archive record) never sinks a batch: it becomes a warning and the rest go on.
Corpora stream: each article is read, extracted and dropped; only its events (with their evidence
sentences) stay until fusion, so memory grows with the events found, not with the text read.

>>> events, warnings = extract_events(["data/articles"])        # doctest: +SKIP
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..gazetteer.index import Gazetteer
from ..models import Article, Event, Place
from ..read.archives import ARCHIVE_SUFFIXES, Record, Slice, plan, read_slice
from ..read.dates import at_most
from ..read.text import read_bytes, read_file
from .extractor import MIN_CONFIDENCE, Extractor
from .fusion import events_from_mentions, fuse

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
CORPUS_SUFFIXES = (*ARTICLE_SUFFIXES, *ARCHIVE_SUFFIXES)
Progress = Callable[[str, int, int], None]
NO_INPUT = "no article files found (.txt, .md, .html, .warc, .warc.gz or .jsonl)"


@dataclass(frozen=True, slots=True)
class Report:
    """What happened to one input (a file or an archive's record): its events, or why it was refused.

    ``article`` is kept only by :meth:`Pipeline.read` (the app shows what it read); streams drop it
    and keep its ``warnings`` and ``published`` day.
    """

    name: str
    article: Article | None
    events: tuple[Event, ...]
    error: str | None = None
    warnings: tuple[str, ...] = ()
    published: date | None = None

    def lines(self) -> list[str]:
        """What to tell a person: ``skipped: ...`` or ``warning: ...`` lines."""
        return [f"skipped: {self.error}"] if self.error else [f"warning: {w}" for w in self.warnings]


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Files, folders (their articles, README files skipped) and ``-`` for stdin, in order."""
    expanded: list[str] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            expanded.append("-")
        elif path.is_dir():
            expanded += sorted(str(p) for p in path.rglob("*") if p.name.lower().endswith(CORPUS_SUFFIXES)
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
            return Report(name, article, tuple(self.article_events(article)), None, article.warnings,
                          article.published)
        except InputError as exc:
            return Report(name, None, (), str(exc))

    def extract_slice(self, piece: Slice, *, published: date | None = None) -> Iterator[Report]:
        """The reports of one slice of a corpus, each article dropped once its events are out."""
        if piece.path == "-":
            yield replace(self.read("-", published=published), article=None)
            return
        for record in read_slice(piece, published=published):
            yield self._report(record)

    def _report(self, record: Record) -> Report:
        if record.article is None:
            return Report(record.name, None, (), record.error)
        events = self.article_events(record.article)
        if record.not_after is not None:  # an archived page reports nothing after its capture
            events = [replace(e, date=at_most(e.date, record.not_after)) for e in events]
        return Report(record.name, None, tuple(events), None, record.article.warnings, record.article.published)

    def stream(self, names: list[str], *, published: date | None = None, progress: Progress | None = None,
               on_report: Callable[[Report], None] | None = None) -> list[Event]:
        """Extract every input (files and archives), hand each report to ``on_report``, fuse the events.

        Only the events are kept: each article and its report are dropped once handed over.
        """
        pieces = list(plan(names))
        total, done, shown = sum(p.articles for p in pieces), 0, -1
        events: list[Event] = []
        for piece in pieces:
            for report in self.extract_slice(piece, published=published):
                events += report.events
                if on_report:
                    on_report(report)
                done += 1
                if progress and total and (percent := min(done, total) * 100 // total) != shown:
                    shown = percent  # at most 101 calls: a bar per article would cost more than the articles
                    progress("extracting", min(done, total), total)
        if progress and done < total:
            progress("extracting", total, total)  # refused archives held fewer articles than indexed
        return self.fuse(events)

    def run(self, names: list[str], *, published: date | None = None, progress: Progress | None = None
            ) -> tuple[list[Event], list[Report]]:
        """Extract every input and fuse the events across them; the reports keep no article."""
        reports: list[Report] = []
        events = self.stream(names, published=published, progress=progress, on_report=reports.append)
        return events, reports

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
        raise InputError(NO_INPUT)
    errors: list[str] = []
    warnings: list[str] = []

    def keep(report: Report) -> None:
        errors.extend([report.error] if report.error else [])
        warnings.extend(report.warnings)

    events = pipeline.stream(names, published=published, progress=progress, on_report=keep)
    return events, errors + warnings

