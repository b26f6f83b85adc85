"""The entries of a live page ("live updates", "as it happened") and the day each one was written.

A live page is a run of entries, each under a time stamp ("05:41 BST", "18:32", "Updated 14:05 BST, 14 April"),
sometimes under a day heading ("Tuesday 9 September 2025"). A strike told in an entry with no day of its own
is news of the entry's day: the heading's day, else the day the stamp gives, else the page's (publication) day.

>>> from geo.models import Paragraph, Section
>>> blocks = [("Tuesday 9 September 2025", Section.BOILERPLATE), ("18:32", Section.MENU),
...           ("Jets struck the capital.", Section.STORY), ("17:55", Section.MENU), ("Smoke rose.", Section.STORY),
...           ("17:10", Section.MENU), ("Sirens sounded.", Section.STORY)]
>>> paragraphs, start = [], 0
>>> for text, section in blocks:
...     paragraphs.append(Paragraph(text, section, start)); start += len(text) + 2
>>> [(e.stamp, e.day.isoformat()) for e in live_entries(paragraphs, None)]
[('18:32', '2025-09-09'), ('17:55', '2025-09-09'), ('17:10', '2025-09-09')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..models import Paragraph, Section
from . import dates

# "05:41 BST", "18:32", "9.40am", "Updated 14:05 BST, 14 April", "Posted at 3:10 p.m. ET": a stamp alone on its line.
_STAMP = re.compile(r"^(?:(?:updated|posted|last\s+updated)(?:\s+at)?\s+)?(?P<clock>\d{1,2}[:.]\d{2})\s*"
                    r"(?P<zone>(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5})?)\s*(?:,?\s*(?P<day>.{3,40}))?$", re.IGNORECASE)
# A stamp before the first entry ("Last updated 19:05 ICT") is the page's, not an entry's.
_PAGE_STAMP = re.compile(r"^(?:last\s+)?updated\b", re.IGNORECASE)
# One time on a page is a byline's; two bare ones may be videos' lengths ("2:45"); three, or two with a zone or
# "a.m." ("05:41 BST"), are entries.
_MIN_STAMPS, _MIN_BARE_STAMPS = 2, 3
_HEADING_WORDS = 6


@dataclass(frozen=True, slots=True)
class LiveEntry:
    """Characters ``[start, end)`` of the article's text written under one time stamp, and their day."""

    start: int
    end: int
    day: date
    stamp: str


def live_entries(paragraphs: Sequence[Paragraph], published: date | None) -> list[LiveEntry]:
    """The entries of a live page, in the order of the page; ``[]`` for any other page.

    An entry runs from its stamp to the next stamp or day heading; its day is the last day heading above it,
    else the day its stamp gives, else ``published`` (an entry with no day at all is left out)."""
    stamps = [i for i, p in enumerate(paragraphs) if _is_stamp(p)]
    zoned = [i for i in stamps if _STAMP.match(paragraphs[i].text.strip()).group("zone").strip()]
    if len(stamps) < _MIN_BARE_STAMPS and len(zoned) < _MIN_STAMPS:
        return []
    anchor = dates.Anchor(published) if published else None
    entries: list[LiveEntry] = []
    heading: date | None = None
    current: tuple[int, date | None, str] | None = None  # (start, day, stamp) of the entry being read
    for i, paragraph in enumerate(paragraphs):
        day = None if i in stamps else _heading_day(paragraph, anchor)
        if i in stamps or day is not None:
            if current is not None and current[1] is not None:
                entries.append(LiveEntry(current[0], paragraph.start, current[1], current[2]))
            current = None
            if day is not None:
                heading = day
                continue
            match = _STAMP.match(paragraph.text.strip())
            own = _day_of(match.group("day"), anchor) if match and match.group("day") else None
            current = (paragraph.start + len(paragraph.text), own or heading or published, paragraph.text.strip())
    if current is not None and current[1] is not None and paragraphs:
        last = paragraphs[-1]
        entries.append(LiveEntry(current[0], last.start + len(last.text), current[1], current[2]))
    return entries


def entry_day(entries: Sequence[LiveEntry], offset: int) -> date | None:
    """The day of the entry holding the character at ``offset``, if any."""
    return next((e.day for e in entries if e.start <= offset < e.end), None)


def _is_stamp(paragraph: Paragraph) -> bool:
    text = paragraph.text.strip()
    match = _STAMP.match(text) if paragraph.section is not Section.STORY and len(text) <= 60 else None
    if match is None:
        return False
    if match.group("day"):  # "14:05 BST, 14 April"; not "10.5 km from the base"
        return _day_of(match.group("day"), dates.Anchor(date(2000, 1, 1), lower_bound=True)) is not None
    return not _PAGE_STAMP.match(text)


def _heading_day(paragraph: Paragraph, anchor: dates.Anchor | None) -> date | None:
    """"Tuesday 9 September 2025", "14 April": a short line that is only a day."""
    text = paragraph.text.strip()
    if paragraph.section is Section.STORY or len(text.split()) > _HEADING_WORDS:
        return None
    return _day_of(text, anchor)


def _day_of(text: str, anchor: dates.Anchor | None) -> date | None:
    """The day a short line names by its date ("14 April", "9 September 2025"); weekdays alone say too little."""
    found = [m for m in dates.find_dates(text) if m.group("iso") or m.group("mdy") or m.group("dmy")]
    if len(found) != 1 or re.sub(r"[\W\d_]+", " ", text.replace(found[0].group(0), "")).strip().lower() not in (
            "", *dates.WEEKDAYS, "updated", "posted", "published"):
        return None
    resolved = dates.resolve_match(found[0], anchor)
    return resolved.day if resolved else None
