"""Corpora -> :class:`Record` s: article files, web archives (``.warc``, ``.warc.gz``) and JSON lines.

A corpus is cut into :class:`Slice` s (a whole file, or a run of an archive's records from a byte
offset) so that a big archive is many tasks, not one, and every engine reads the same records in
the same order. Reading yields one :class:`Record` per article: the article, or why it was refused.
One bad record never stops the rest of its archive.

- WARC: each ``response`` record with an HTML payload is an article; its URL is the
  ``WARC-Target-URI``. The page's own date (as :func:`geo.read.text.read_html` finds it) is its
  publication; the ``WARC-Date`` is only when the page was captured, so it bounds the article's
  strikes from above (:attr:`Record.not_after`) and never becomes a publication day.
- JSON lines: one object per line with ``text`` or ``html`` and optional ``url``, ``title`` and
  ``published`` (an ISO date).

>>> [s.path for s in plan(["data/articles/02_iran_panjgur_wire.txt"])]
['data/articles/02_iran_panjgur_wire.txt']
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..models import Article
from .text import MAX_BYTES, read_bytes, read_file

__all__ = ["ARCHIVE_SUFFIXES", "RECORDS_PER_SLICE", "Record", "Slice", "is_archive", "plan", "read_slice",
           "slices_of"]

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".jsonl")
# Small enough that one archive spreads over many workers, large enough that a task outweighs its overhead.
RECORDS_PER_SLICE = 50
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Slice:
    """A piece of a corpus that one task reads.

    ``count`` records (WARC records or lines) from byte ``offset`` of an archive, the first being the
    archive's record number ``first + 1``; ``count=None`` is the whole file. ``articles`` is how many
    articles the piece holds (for progress bars and for sharing work out), 1 for an article file.
    """

    path: str
    offset: int = 0
    count: int | None = None
    first: int = 0
    articles: int = 1


@dataclass(frozen=True, slots=True)
class Record:
    """One article read from a corpus, or the reason it could not be read (``error``).

    ``not_after`` is the day the archive captured the page: nothing it reports happened later.
    """

    name: str
    article: Article | None
    error: str | None = None
    not_after: date | None = None


def is_archive(path: str | Path) -> bool:
    """True for ``.warc``, ``.warc.gz`` and ``.jsonl`` files (many articles each)."""
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def plan(names: Iterable[str], *, records_per_slice: int = RECORDS_PER_SLICE) -> Iterator[Slice]:
    """The slices of every input, in order: article files whole, archives cut every ``records_per_slice``."""
    for name in names:
        yield from (slices_of(name, records_per_slice=records_per_slice) if is_archive(name) else [Slice(name)])


def slices_of(path: str, *, records_per_slice: int = RECORDS_PER_SLICE) -> list[Slice]:
    """Index one archive (one pass, payloads unparsed) into slices of ``records_per_slice`` records.

    Where the archive is damaged the last slice reads on to the damage, and reading it reports where.
    """
    starts = _warc_starts(path) if path.lower().endswith((".warc", ".warc.gz")) else _jsonl_starts(path)
    slices: list[Slice] = []
    run: list[tuple[int, bool]] = []

    def close(count: int | None) -> None:
        slices.append(Slice(path, offset=run[0][0], count=count, first=len(slices) * records_per_slice,
                            articles=sum(is_article for _, is_article in run)))
        run.clear()

    try:
        for start in starts:
            if len(run) == records_per_slice:
                close(records_per_slice)
            run.append(start)
    except Exception:  # noqa: BLE001 - warcio, zlib and the file system raise many kinds; reading reports it
        if run:
            close(None)
        return slices or [Slice(path)]
    if run:
        close(len(run))
    return slices or [Slice(path, articles=0)]


def _jsonl_starts(path: str) -> Iterator[tuple[int, bool]]:
    offset = 0
    with open(path, "rb") as stream:
        for line in stream:
            yield offset, bool(line.strip())
            offset += len(line)


def _warc_starts(path: str) -> Iterator[tuple[int, bool]]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            # The offset is known once the record is read to its end; the iterator does that for us.
            yield records.get_record_offset(), record.rec_type == "response"


def read_slice(piece: Slice, *, published: date | None = None) -> Iterator[Record]:
    """The records of one slice, in order; never raises for bad input.

    ``published`` (the user's ``--published``) wins over any date the records carry, as it does for files.
    """
    name = piece.path
    if not is_archive(name):
        try:
            yield Record(name, read_file(name, published=published))
        except InputError as exc:
            yield Record(name, None, str(exc))
        return
    try:
        stream = open(name, "rb")  # noqa: SIM115 - closed below, after the generator is done with it
    except OSError as exc:
        yield Record(name, None, f"{Path(name).name}: cannot be read ({exc.strerror or exc})")
        return
    with stream:
        stream.seek(piece.offset)
        reader = _warc_records if name.lower().endswith((".warc", ".warc.gz")) else _jsonl_records
        yield from reader(stream, piece, published)


def _jsonl_records(stream, piece: Slice, published: date | None) -> Iterator[Record]:
    label = Path(piece.path).name
    for number in range(piece.first + 1, piece.first + 1 + (piece.count if piece.count is not None else 1 << 62)):
        line = stream.readline(MAX_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_BYTES:
            while line and not line.endswith(b"\n"):  # skip the rest of the line, not read it into memory
                line = stream.readline(MAX_BYTES)
            yield Record(f"{label} line {number}", None, f"{label} line {number}: longer than "
                                                         f"{MAX_BYTES / 1e6:.0f} MB; too large for an article")
        elif line.strip():
            yield _jsonl_record(line, f"{label} line {number}", published)


def _jsonl_record(line: bytes, name: str, published: date | None) -> Record:
    """One JSON line -> a record; every way it can be wrong is one sentence."""
    try:
        item = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return Record(name, None, f"{name}: not UTF-8 text")
    except json.JSONDecodeError as exc:
        return Record(name, None, f"{name}: not valid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(item, dict):
        return Record(name, None, f"{name}: expected a JSON object with 'text' or 'html'")
    body, html = (item.get("html"), True) if item.get("html") is not None else (item.get("text"), False)
    if not isinstance(body, str) or not body.strip():
        return Record(name, None, f"{name}: has no 'text' or 'html' string")
    url, title = item.get("url"), item.get("title")
    warnings = []
    for key, value in (("url", url), ("title", title)):
        if value is not None and not isinstance(value, str):
            warnings.append(f"{name}: '{key}' is not a string; ignored")
    url, title = (url if isinstance(url, str) else None), (title if isinstance(title, str) else None)
    day = published
    if day is None and item.get("published") is not None:
        try:
            day = date.fromisoformat(str(item["published"])[:10])
        except ValueError:
            warnings.append(f"{name}: 'published' is not an ISO date ({str(item['published'])[:40]!r}); ignored")
    try:
        article = read_bytes(body.encode("utf-8"), name=name, published=day, url=url, html=html)
    except InputError as exc:
        return Record(name, None, str(exc))
    if title:
        article = replace(article, title=title.strip())
    return Record(name, replace(article, warnings=(*warnings, *article.warnings)) if warnings else article)


def _warc_records(stream, piece: Slice, published: date | None) -> Iterator[Record]:
    from warcio.archiveiterator import ArchiveIterator

    label = Path(piece.path).name
    records = iter(ArchiveIterator(stream))
    number = piece.first
    while piece.count is None or number < piece.first + piece.count:
        try:
            record = next(records)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - warcio and zlib raise many kinds; the archive ends here
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            yield Record(f"{label} record {number + 1}", None,
                         f"{label}: cannot read past record {number} ({reason}); the rest of it is skipped")
            return
        number += 1
        if record.rec_type == "response":
            yield _warc_record(record, label, number, published)


def _warc_record(record, label: str, number: int, published: date | None) -> Record:
    """One WARC response -> a record, or why its payload is no article."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    name = f"{label} record {number}" + (f" ({url})" if url else "")
    captured = _warc_day(record.rec_headers.get_header("WARC-Date"))
    http = record.http_headers
    if http is None:
        return Record(name, None, f"{name}: a response without HTTP headers")
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return Record(name, None, f"{name}: HTTP status {status or 'missing'}, not a page")
    content_type = http.get_header("Content-Type") or ""
    if not content_type.lower().startswith(_HTML_TYPES):
        return Record(name, None, f"{name}: not an HTML page ({content_type or 'no Content-Type'})")
    try:
        payload = record.content_stream().read(MAX_BYTES + 1)
    except Exception as exc:  # noqa: BLE001 - a broken chunked or gzip body is this record's problem only
        return Record(name, None, f"{name}: the payload cannot be decoded ({type(exc).__name__})")
    charset = _CHARSET.search(content_type)
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:  # the server said which encoding; read_bytes would guess UTF-8 or Windows-1252
            payload = payload.decode(charset.group(1)).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong label: let read_bytes decide, and report, as for any file
    try:
        article = read_bytes(payload, name=name, published=published, url=url, html=True)
    except InputError as exc:
        return Record(name, None, str(exc), captured)
    if article.published is None and captured is not None:
        note = (f"{name}: the page gives no publication date; its strikes are dated no later than its "
                f"capture day {captured.isoformat()} (WARC-Date)")
        article = replace(article, warnings=(*[w for w in article.warnings if "no publication date" not in w], note))
    return Record(name, article, None, captured)


def _warc_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
