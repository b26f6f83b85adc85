"""States that say they took part in a strike told just before: "Norway's air force said two of its F-35s had
taken part" adds Norway as a striker of that strike.

Tokens and the strike just told in, mentions out; no state.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Evidence, Mention
from ..read.lexicon import NEGATIONS, Entity, Token
from .strike_triggers import modal_at
from .strike_words import DENIALS

# "had taken part", "took part in the raid", "were among those involved", "participated in the strikes"; only the
# past ("ready to take part" is an offer, not a strike)
_TOOK_PART = re.compile(r"\b(?:took|taken)\s+part\b|\bparticipated\b"
                        r"|\bamong\s+(?:those|the\s+aircraft|the\s+jets|the\s+planes)\s+involved\b")


def partners_told(tokens: list[Token], entities: list[Entity], evidence: Evidence,
                  previous: tuple[Mention, ...]) -> list[Mention]:
    """The strikes just told, once more for the state a sentence says took part in them: the state named
    nearest before "took part" (the speaker's own planes, or the planes a speaker names), never a state struck.
    Not "may have taken part", nor "denied its jets took part"."""
    words = [t.lower for t in tokens]
    text = " ".join(words)
    match = _TOOK_PART.search(text)
    if match is None or not previous:
        return []
    at = len(text[:match.start()].split())  # the token index where the phrase starts
    # "the Dutch may also have taken part", "denied that its jets took part"; not a modal or a denial later in
    # the sentence, after the phrase
    if any(modal_at(tokens, j) or words[j] in NEGATIONS or words[j] in DENIALS for j in range(max(0, at - 8), at)):
        return []
    struck = {m.target_country for m in previous}
    named = [e for e in entities if e.is_state and e.last < at and e.code not in struck]
    if not named:
        return []
    code = named[-1].code
    if any(m.actor == code for m in previous):
        return []
    return [replace(m, actor=code, evidence=evidence, confidence=round(max(0.55, m.confidence - 0.1), 2))
            for m in {(m.target_country, m.place): m for m in previous}.values()]
