"""Raw files and pasted pages -> :class:`~geo.models.Article`.

Text copied from news sites carries menus, photo captions, credits and
"More from…" boxes. Each block becomes a :class:`~geo.models.Paragraph` marked
with its :class:`~geo.models.Section`, so extraction reads the story and uses
captions only to refine dates, never to add strikes or places.

>>> article = read_text("Iran strikes Erbil\\n\\nPublished: 2024-01-16\\n\\nIran fired missiles at Erbil late Monday.")
>>> article.title, article.published.isoformat(), article.published_source
('Iran strikes Erbil', '2024-01-16', 'metadata')
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..models import Article, Paragraph, Section
from . import dates
from .sentences import split_sentences

MAX_BYTES = 5_000_000  # a long article is ~50 KB; 5 MB is a book, or a mistake
_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".text", ""}

_CREDIT = re.compile(
    r"^(?:(?:photo|image|picture|credit|source)s?\s*[:/]\s*.+"
    r"|[A-Z][A-Za-z.&]+(?:\s+[A-Z][A-Za-z.&]+)?/[A-Z][\w.'’ -]+"  # REUTERS/Denis Balibouse, AFP/Getty
    r"|.*\((?:AP|AFP|Reuters|Getty Images|EPA)[^)]*\))$",
    re.IGNORECASE,
)
_INLINE_CREDIT = re.compile(r"\b[A-Z]{2,}(?:\s+[A-Z]{2,})?/[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s*$")
_RELATED_START = re.compile(
    r"^(?:more\s+(?:from|on|stories|news|coverage)|related(?:\s+(?:stories|articles|coverage|content|news))?:?"
    r"|read\s+(?:more|next|also)|also\s+read|see\s+also|recommended|you\s+may\s+also\s+like|most\s+(?:read|popular)"
    r"|latest\s+(?:news|stories)|trending|editor'?s\s+picks?|further\s+reading|top\s+stories)\b",
    re.IGNORECASE,
)
# The page's own notices: cookie and consent banners, newsletter and subscription boxes. Short ones have a
# headline's shape and, found first on a page, took the headline's place.
_SITE_NOTICE = re.compile(r"\bcookies?\b|\b(?:privacy|cookie) (?:policy|settings|notice)\b|\bterms of (?:use|service)\b"
                          r"|\bnewsletters?\b|\bsubscribe\b|\bsubscription\b", re.IGNORECASE)
_META_DATE = re.compile(
    r"^(?:published|updated|posted|first\s+published|last\s+updated|date)\s*:?\s*(?P<rest>.*)$"
    r"|^by\s+[^|]{2,80}\|\s*(?P<byline_rest>.*)$",
    re.IGNORECASE,
)
_CAPTION_DATE_END = re.compile(
    r"(?:,?\s+(?:in\s+)?[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)*,)?\s*(?:[A-Z][\w’'.-]+,?\s+)?"
    r"(?P<date>(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s+(?:19|20)\d\d)\.?\s*$"
)
# "ISLAMABAD, Jan 17 (Reuters) -", "KYIV, Ukraine (AP) —", "SANAA, Yemen, April 18 —": the place in capitals
# ("ANKARA/ERBIL": the reporters' two places), then perhaps its country or state as written in prose, a day,
# the agency, a dash.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z’'.-]+(?:(?:[ ,]+|\s*/\s*)[A-Z][A-Z’'.-]+)*)"
    rf"(?:,\s*(?!(?i:{dates.MONTH_PATTERN})\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}})?"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"\s*(?:\([^)]{1,40}\))?\s*[-–—]+\s*"
    r"|^(?P<place_colon>[A-Z]{3,}(?:[ ,]+[A-Z]{2,})*):\s+(?=[A-Z])"  # "BEIRUT: Israel struck ..."
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]?\s*$")
# "{{^adFree}}": template tags a scraper left in the page.
_TEMPLATE_TAG = re.compile(r"\{\{[^{}\n]{0,40}\}\}")
# "as saying.According to": a sentence glued to the next when the page's markup was dropped.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2}[.!?])([\"”’]?)(?=[A-Z][a-z])")
# A caption ends with its photo's credit: "(AP Photo/Jane Doe)", "(Jane Doe/AP)", "(photo credit: X)", "(AFP)".
_CREDIT_END = re.compile(r"\((?:[^()]*\b(?:AP|AFP|Reuters|REUTERS|Getty|EPA|Photo|photo|credit|Credit)\b[^()]*)\)"
                         r"\W{0,3}(?:[A-Z]{2,3})?\s*$")
# Prose cut off mid-sentence (a stored copy, a page truncated by a paywall) is still prose when long.
_LONG_PROSE_WORDS = 25
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_ONE_LINE_CHARS = 200
_MARKDOWN = [(re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""), (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
             (re.compile(r"^#{1,6}\s*", re.M), ""), (re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1"), r"\2")]


def read_file(path: str | Path, *, published: date | None = None) -> Article:
    """Read a ``.txt``, ``.md`` or ``.html`` file into an Article.

    Raises :class:`~geo.errors.InputError` with one clear sentence for files
    that cannot be an article (empty, binary, huge, undecodable).
    """
    path = Path(path)
    if path.suffix.lower() not in _SUFFIXES:
        raise InputError(f"{path.name}: unsupported file type {path.suffix!r}; use .txt, .md or .html")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path.name}: {size / 1e6:.0f} MB is too large for an article (at most "
                             f"{MAX_BYTES / 1e6:.0f} MB)")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    return read_bytes(raw, name=path.name, published=published, path=str(path),
                      html=path.suffix.lower() in (".html", ".htm") or None)


def read_bytes(raw: bytes, *, name: str = "input", published: date | None = None, path: str | None = None,
               url: str | None = None, html: bool | None = None) -> Article:
    """Decode, detect HTML, clean and classify. ``html=None`` sniffs the content."""
    if len(raw) > MAX_BYTES:
        raise InputError(f"{name}: {len(raw) / 1e6:.0f} MB is too large for an article "
                         f"(at most {MAX_BYTES / 1e6:.0f} MB)")
    text, warnings = _decode(raw, name)
    if html is None:
        html = bool(re.match(r"\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[ >])", text, re.I))
    if html:
        return read_html(text, name=name, published=published, path=path, url=url, warnings=warnings)
    return read_text(text, name=name, published=published, path=path, url=url, warnings=warnings)


def _decode(raw: bytes, name: str) -> tuple[str, list[str]]:
    if not raw.strip():
        raise InputError(f"{name}: the file is empty")
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):  # Windows tools save "Unicode" text as UTF-16 with a byte-order mark
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"{name}: the text says it is {codec.upper()} but cannot be decoded") from None
            if not text.strip():
                raise InputError(f"{name}: the file is empty")
            return text, [f"{name}: decoded as {codec.upper()}"]
    if b"\x00" in raw[:8192]:
        raise InputError(f"{name}: this looks like a binary file, not an article")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        valid_multibyte = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
        if valid_multibyte == 0:
            # No UTF-8 at all: an old single-byte encoding (Windows-1252 covers Latin-1's letters).
            text = raw.decode("cp1252", errors="replace")
            if text.count("\ufffd") > len(text) / 20:
                raise InputError(f"{name}: the text is not valid UTF-8 and cannot be decoded") from None
            return text, [f"{name}: not UTF-8; decoded as Windows-1252"]
        if bad > len(text) / 20:
            raise InputError(f"{name}: the text is not valid UTF-8 and cannot be decoded") from None
        return text, [f"{name}: {bad} invalid UTF-8 byte(s) replaced"]


def read_html(html: str, *, name: str = "input", published: date | None = None, path: str | None = None,
              url: str | None = None, warnings: list[str] | None = None) -> Article:
    """Reduce an HTML page to its story with trafilatura, keeping title and date metadata."""
    try:
        import trafilatura

        document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                               include_tables=False, favor_precision=True)
    except Exception as exc:  # noqa: BLE001 - a broken page or extractor must not lose the article
        warnings = [*(warnings or []), f"{name}: main-text extraction failed ({type(exc).__name__}); "
                                       "read all the page's text instead"]
        document = None
    body = (document.text if document is not None else None) or ""
    if not body.strip():
        from lxml import html as lxml_html

        try:
            body = lxml_html.fromstring(html).text_content()
        except (ValueError, TypeError):
            body = ""
    meta_date = None
    if document is not None and document.date:
        try:
            meta_date = date.fromisoformat(str(document.date)[:10])
        except ValueError:
            meta_date = None
    title = document.title if document is not None and document.title else None
    # Trafilatura separates paragraphs with single newlines.
    body = re.sub(r"\n+", "\n\n", body)
    text = f"{title}\n\n{body}" if title and not body.lstrip().startswith(title) else body
    return read_text(text, name=name, published=published, path=path,
                     url=url or (document.url if document is not None else None), warnings=warnings,
                     metadata_date=meta_date)


def read_text(text: str, *, name: str = "input", published: date | None = None, path: str | None = None,
              url: str | None = None, warnings: list[str] | None = None,
              metadata_date: date | None = None) -> Article:
    """Classify the blocks of a plain-text (or Markdown) article and find its publication date."""
    warnings = list(warnings or [])
    if "](" in text or re.search(r"^#{1,6} ", text, re.M):
        for pattern, replacement in _MARKDOWN:
            text = pattern.sub(replacement, text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _GLUED_SENTENCE.sub(r"\1 ", _TEMPLATE_TAG.sub(" ", text))
    if "\n" not in text.strip() and len(text) > _ONE_LINE_CHARS and len(split_sentences(text)) > 1:
        # A page pasted as one line: each sentence becomes a block, so the headline, date lines and
        # menus around the story are still told apart from it.
        warnings.append(f"{name}: the text has no line breaks; it was read sentence by sentence")
        blocks = []
        for sentence, _ in split_sentences(text.strip()):
            blocks += sentence.rsplit(" | ", 1)  # "News | World | Russian missiles hit ...": a menu glued on
        text = "\n\n".join(blocks)
    blocks = _blocks(text)
    if not blocks:
        raise InputError(f"{name}: there is no text in it")
    bulleted = [b.startswith("• ") for b in blocks]
    blocks = [b[2:] if bullet else b for b, bullet in zip(blocks, bulleted, strict=True)]
    sections, meta_dates = _classify(blocks, bulleted)
    paragraphs, offset, parts = [], 0, []
    for block, section in zip(blocks, sections, strict=True):
        paragraphs.append(Paragraph(block, section, offset))
        parts.append(block)
        offset += len(block) + 2
    clean = "\n\n".join(parts)
    latin = len(_LATIN_LETTER.findall(clean))
    letters = len(_LETTER.findall(clean)) or 1
    if latin / letters < 0.6:
        warnings.append(f"{name}: the text is not in English (only {latin / letters:.0%} Latin letters); "
                        "Strike Map reads English news, so no events are extracted from it")
    title = next((p.text for p in paragraphs if p.section is Section.HEADLINE), None)
    when, source = _publication(published, metadata_date or (max(meta_dates) if meta_dates else None), paragraphs)
    readable = not any("not in English" in w for w in warnings)
    if when is None and readable and any(p.section is Section.STORY for p in paragraphs):
        warnings.append(f"{name}: no publication date found, so days such as 'on Tuesday' cannot be resolved and "
                        "its strikes stay undated; give one with --published YYYY-MM-DD")
    return Article(text=clean, paragraphs=tuple(paragraphs), title=title, url=url, path=path,
                   published=when, published_source=source, warnings=tuple(warnings))


_BULLET = "•-* "


def _blocks(text: str) -> list[str]:
    blocks = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        # Hard-wrapped prose (every line but the last long and unfinished) is one paragraph;
        # otherwise pasted pages put one block per line: menus, captions, credits, paragraphs.
        wrapped = all(len(ln) >= 60 and "|" not in ln and not _SENTENCE_END.search(ln) for ln in lines[:-1])
        if len(lines) == 1 or wrapped:
            blocks.append(" ".join(lines))
        else:
            # A bullet keeps its mark here so the classifier can read "• Iran hits Erbil late Monday" as
            # a sentence of the story (key points) rather than a menu entry.
            blocks.extend(("• " if ln[:1] in "•*" else "") + ln.lstrip(_BULLET).strip()
                          for ln in lines if ln.lstrip(_BULLET).strip())
    return blocks


def _is_prose(block: str) -> bool:
    words = len(block.split())
    lower = sum(w[:1].islower() for w in block.split())
    # "Russian drones hit Odesa.": a short paragraph is prose too when it reads as a sentence.
    if (words >= 5 or words >= 3 and lower) and _SENTENCE_END.search(block):
        return True
    # A menu is a run of capitalised names; prose is mostly small words.
    return words >= _LONG_PROSE_WORDS and lower >= words * 0.4


def _classify(blocks: list[str], bulleted: list[bool] | None = None) -> tuple[list[Section], list[date]]:
    """Mark every block; return the sections and any dates stated as metadata."""
    bulleted = bulleted or [False] * len(blocks)
    sections: list[Section] = []
    meta_dates: list[date] = []
    box: list[str] | None = None  # the related box's items after its heading; None outside a box
    headline_seen = False
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else ""
        meta = _META_DATE.match(block)
        if box and all(_is_link(item) for item in box) and _is_prose(block) and len(block.split()) >= 12:
            # "Related coverage" and a few headlines inside the story: the story goes on after them. A box of
            # teasers (captions, credits, summaries) at the page's end is another thing and stays a box.
            box = None
        if box is not None or (_RELATED_START.match(block) and len(block.split()) <= 8):
            box = [] if box is None else [*box, block]
            sections.append(Section.RELATED)
        elif (meta or len(block.split()) <= 8 or _dated_masthead(block)) and len(block) < 120 and (found := _full_date(
                (meta.group("rest") or meta.group("byline_rest") or "") if meta else block)) is not None \
                and (meta or len(re.sub(r"[^A-Za-z]", "", block)) < 60):
            # "Published: 2024-01-17", "Updated Jan 18, 2024", "By Jane Doe | January 17, 2024",
            # "Thursday 18 January 2024 16:40 GMT": the page says when it was published.
            meta_dates.append(found)
            sections.append(Section.BOILERPLATE)
        elif block.count(" | ") >= 2 or block.count("|") >= 3:
            sections.append(Section.MENU)
        elif len(block.split()) <= 40 and _SITE_NOTICE.search(block):
            sections.append(Section.BOILERPLATE)
        elif _CREDIT.match(block) and len(block.split()) <= 8:
            sections.append(Section.CREDIT)
        elif _is_caption(block, nxt, blocks[i - 1] if i else ""):
            sections.append(Section.CAPTION)
        elif not headline_seen and 3 <= len(block.split()) <= 30 and not block.endswith(".") and not (
                len(block.split()) <= 4 and all(w[:1].isupper() for w in block.split())):
            # A short all-capitalised line is a masthead ("The Evening Courier"), not the headline.
            headline_seen = True
            sections.append(Section.HEADLINE)
        elif _is_prose(block) or (bulleted[i] and _is_key_point(block)):
            sections.append(Section.STORY)
        else:
            sections.append(Section.MENU if len(block.split()) <= 4 else Section.BOILERPLATE)
    return sections, meta_dates


def _is_link(block: str) -> bool:
    """A related story's headline: a short line that is no sentence, or asks ("Who are the Houthis?"), or
    wears a link's arrow (">> Explainer: ...")."""
    return len(block.split()) <= 12 and (not _SENTENCE_END.search(block) or block.rstrip().endswith("?")
                                         or block.lstrip().startswith((">", "»", "→")))


def _is_key_point(block: str) -> bool:
    """"• Iran's Guards hit Erbil late Monday": a bulleted summary line that is a sentence, not a link."""
    words = block.split()
    return len(words) >= 6 and sum(w[:1].islower() for w in words) >= len(words) * 0.3


def _dated_masthead(block: str) -> bool:
    """"Thursday 18 January 2024 16:40 GMT | Desert Line News": a date line with the outlet's name."""
    head = block.split(" | ")[0]
    return " | " in block and len(head.split()) <= 8 and _full_date(head) is not None


def _full_date(text: str) -> date | None:
    """The first date with a year in a short line, ignoring weekday names around it."""
    for match in dates.find_dates(text):
        if match.group("iso") or match.group("mdy_year") or match.group("dmy_year"):
            found = dates.resolve_match(match, None)
            if found and found.day:
                return found.day
    return None


def _is_caption(block: str, following: str, previous: str) -> bool:
    """Photo captions: followed by a credit, ending in a credit, repeated, or ending in the photo's date."""
    if block == previous or block == following:
        return True
    if _INLINE_CREDIT.search(block) or _CREDIT_END.search(block):
        return True
    if following and _CREDIT.match(following) and len(following.split()) <= 8:
        return True
    return bool(_CAPTION_DATE_END.search(block)) and len(block.split()) <= 70


def caption_date(block: str) -> date | None:
    """The date a Reuters-style caption ends with ("…, Pakistan January 18, 2024.")."""
    stripped = _INLINE_CREDIT.sub("", block).strip()
    stripped = re.sub(r"\s+[A-Z]{2,}/[A-Z][\w ]+$", "", stripped)
    match = _CAPTION_DATE_END.search(stripped)
    found = dates.resolve(match.group("date"), None) if match else None
    return found.day if found else None


def dateline(paragraph: str) -> re.Match | None:
    """The "ISLAMABAD, Jan 17 (Wire) -" prefix of a wire story's first paragraph, if any."""
    return _DATELINE.match(paragraph)


def _publication(given: date | None, metadata: date | None, paragraphs: list[Paragraph]
                 ) -> tuple[date | None, str | None]:
    """Argument, else metadata, else the latest full date in the story, else a caption's date (a lower bound)."""
    if given:
        return given, "argument"
    if metadata:
        return metadata, "metadata"
    story_dates = []
    for paragraph in paragraphs:
        if paragraph.section is Section.STORY:
            for match in dates.find_dates(paragraph.text):
                if match.group("iso") or match.group("mdy_year") or match.group("dmy_year"):
                    found = dates.resolve_match(match, None)
                    if found and found.day:
                        story_dates.append(found.day)
    if story_dates:
        return max(story_dates), "story"
    captions = [d for p in paragraphs if p.section is Section.CAPTION and (d := caption_date(p.text))]
    if captions:
        return max(captions), "caption"
    return None, None
