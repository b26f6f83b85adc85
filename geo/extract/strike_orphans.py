"""Strikes told with no actor ("An air strike on Monday destroyed the consulate in Damascus."), and the statements
later or earlier in the article that name whose they were ("Syria blamed Israel", "the Guards said they had
targeted ...").

:class:`~geo.extract.strike_roles.Discourse` collects both while the article is read; :func:`attribute_orphans`
pairs them once it has been read.
"""

from __future__ import annotations

from dataclasses import replace

from ..models import Mention, Section
from .strike_phrases import impact_places
from .strike_roles import Discourse

# Characters after a strike with no actor within which "the United States carried out the strike" names its doer
# (about two sentences).
RESPONSIBLE_WITHIN = 300


def attribute_orphans(discourse: Discourse) -> list[Mention]:
    """A strike told with no actor takes the state the article blames ("Iran and Syria blamed Israel"),
    the nearest such statement after it, else before it; with none, it stays out."""
    attributed = []
    for orphan, targets in zip(discourse.orphans, discourse.orphan_places, strict=True):
        # "X carried out the strike" names the doer of a strike told just before, not of one long before.
        after = sorted([b for b in discourse.blamed if b[0] > orphan.evidence.start] + [
            r for r in discourse.responsible if r[0] > orphan.evidence.start
            and r[0] - orphan.evidence.end <= RESPONSIBLE_WITHIN])  # (the same sentence's ", and X said Y did it")
        before = [b for b in discourse.blamed if b[0] < orphan.evidence.start]
        blame = after[0] if after else (before[-1] if before else None)
        if blame is None:
            continue
        _, actor, by = blame
        for country, place in impact_places({c: p for c, p in targets.items() if c != actor}, Section.STORY):
            attributed.append(replace(orphan, actor=actor, target_country=country,
                                      place=replace(place, note=None) if place else None,
                                      place_text=place.note if place else None,
                                      attributed_by=by or "the report", confidence=0.6))
    return attributed
