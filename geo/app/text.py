"""What the app says about strikes, as Markdown safe to show: the evidence panel, names in lists, reports.

Every string that came from an article or from outside (a file name, a URL, a server's message)
is escaped here (:func:`geo.app.dataset.md_escape`, :func:`geo.app.dataset.plain_text`), so ``app.py`` only
hands these lines to Streamlit.

>>> from geo.models import DateRange, Event
>>> event_name(Event("e1", "IR", "PK", None, None, DateRange()))
'? · IR → PK · (country only)'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dataset import describe, md_escape, plain_text

if TYPE_CHECKING:
    from ..models import Event


def event_name(event: Event) -> str:
    """One line naming a stored strike in the review's lists: first day, who → where, the place."""
    place = event.place.name if event.place else "(country only)"
    return f"{event.date.earliest or '?'} · {event.actor} → {event.target_country} · {place}"


@dataclass(frozen=True, slots=True)
class SourceText:
    """One source of a strike: its linked title (Markdown), when it was published, its sentences (quoted)."""

    heading: str
    published: str
    quotes: str  # Markdown: one block quote per sentence


@dataclass(frozen=True, slots=True)
class EvidenceText:
    """The evidence panel of one strike: a title, one Markdown line per known fact, then each source."""

    title: str
    facts: tuple[str, ...]
    sources: tuple[SourceText, ...]


def evidence_text(event: Event) -> EvidenceText:
    """Where, when, with what and at what, who counted the dead, and the sentences each source gave.

    >>> from geo.models import DateRange, Event
    >>> text = evidence_text(Event("e1", "IR", "PK", None, "[x](javascript:y)", DateRange()))
    >>> text.facts[0]
    '**Where:** somewhere in Pakistan — *country* (text: “\\\\[x\\\\]\\\\(javascript:y\\\\)”)'
    """
    facts = describe(event)
    lines = [f"**Where:** {md_escape(facts['place'])} — *{facts['place_precision']}*"
             + (f", {md_escape(facts['admin1'])}" if facts["admin1"] else "")
             + (f" (text: “{md_escape(facts['place_said'])}”)" if facts["place_said"] else ""),
             f"**When:** {md_escape(facts['date'])} — *{facts['date_precision']}*"
             + (f" (text: “{md_escape(facts['date_said'])}”)" if facts["date_said"] else "")]
    if facts["weapons"]:
        lines.append(f"**With:** {md_escape(', '.join(facts['weapons']))}")
    if facts["target"]:
        lines.append(f"**At:** {md_escape(facts['target'])}")
    if event.fatalities is not None:
        by = f" (reported by {md_escape(event.fatalities_reported_by)})" if event.fatalities_reported_by else ""
        lines.append(f"**Killed:** {event.fatalities}{by}")
    sources = []
    for source in facts["sources"]:
        title = md_escape(source["title"])
        sources.append(SourceText(f"**[{title}]({source['url']})**" if source["url"] else f"**{title}**",
                                  f"published {source['published'] or 'unknown'}",
                                  "\n\n".join(f"> {md_escape(sentence)}" for sentence in source["evidence"])))
    return EvidenceText(facts["title"], tuple(lines), tuple(sources))


def waiting_text(names: Sequence[str]) -> str:
    """What the app says about articles read without a publication date (their names are outside text)."""
    return (f"No publication date found in: {plain_text(', '.join(names))}. Relative dates (“yesterday”, "
            "“on Monday”) cannot be placed without one. Give the date and add, or add without it.")
