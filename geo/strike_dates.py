"""Which day a strike word has: several days in a clause, speech dates, bounds, days carried between sentences.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import dates as dates_mod
from .lexicon import (
    SPEECH_VERBS,
    STRIKE_NOUNS,
    Token,
)
from .models import DateRange, Mention, Section
from .sentences import Clause
from .strike_words import (
    SPEAKING,
)


def trigger_date(sentence: str, tokens: list[Token], clause: Clause, t: int, anchor: dates_mod.Anchor | None
                  ) -> DateRange | None:
    """With two days in one clause ("an attack on Friday, December 27, and U.S. attacks in Iraq on Sunday"),
    the one next after the strike word is its own; ``None`` leaves the clause's date."""
    lo, hi = tokens[clause.lo].start, tokens[clause.hi - 1].end
    found = local_first(sentence, [m for m in dates_mod.find_dates(sentence) if lo <= m.start() < hi
                                   and not is_speech_date(tokens, m) and not bound_only(sentence, m)])
    if len(found) < 2:
        return None
    after = [m for m in found if m.start() >= tokens[t].end]
    if not after or not any(m.start() < tokens[t].start for m in found):
        return None
    return dates_mod.resolve_match(after[0], anchor)


_FAR_CLOCK = re.compile(r"^\s*(?:(?:US|Washington|Eastern|Pacific)\s+time|ET|EST|EDT|GMT|UTC)\b", re.I)


def local_first(sentence: str, matches: list[re.Match]) -> list[re.Match]:
    """"late on Wednesday US time, early Thursday in Yemen": the strike's own (local) day is the one kept."""
    far = [m for m in matches if _FAR_CLOCK.match(sentence[m.end():m.end() + 20])]
    return [m for m in matches if m not in far] or matches


def bound_only(sentence: str, match: re.Match) -> bool:
    """"since March 2024", "until Friday": a bound of a period, not the day of a strike."""
    return bool(re.search(r"\b(?:since|until|till)\s+$", sentence[max(0, match.start() - 7):match.start()], re.I))


def carry_days(mentions: list[Mention], actor_days: list[tuple[int, str, DateRange]] = ()) -> list[Mention]:
    """An undated mention takes the day of the nearest strike told before it: a dated mention of the same
    pair ("Israel struck Tyre on Sunday. The strikes also hit Khiam ...") or a dated strike of the same actor
    whose place was not given ("The IAF struck command centres on Saturday. Waves of strikes hit Dahieh.").
    With none before, the first one after ("... in Barmal district. The strikes occurred late on Dec 24.")."""
    carried = []
    for mention in mentions:
        open_ended = mention.date.earliest is None and mention.date.latest is not None  # "..., officials said Sunday"
        dated = (mention.date.earliest or mention.date.latest) and not open_ended
        if dated or mention.evidence.section is Section.CAPTION:
            carried.append(mention)
            continue
        told = [(m.evidence.start, m.date) for m in mentions
                if (m.actor, m.target_country) == (mention.actor, mention.target_country)
                and m.date.day and m.evidence.section is not Section.CAPTION]
        told += [(start, day) for start, actor, day in actor_days if actor == mention.actor]
        told.sort(key=lambda item: item[0])
        earlier = [day for start, day in told if start <= mention.evidence.start]  # its own sentence counts
        later = [day for start, day in told if start > mention.evidence.start]
        lead = earlier[-1] if earlier else (later[0] if later else None)
        if lead is not None and open_ended and not mention.date.overlaps(lead):
            lead = None  # the strike told before is after this one's bound: another strike
        if lead is not None:
            mention = replace(mention, date=replace(lead, text=f"as the strike of {lead.text}"))
        carried.append(mention)
    return carried


def is_speech_date(tokens: list[Token], match: re.Match) -> bool:
    """True for "said Wednesday", "told reporters on Monday", "Pakistan on Thursday said"; not for
    "said Wednesday's strike", whose day is the strike's."""
    if match.string[match.end():match.end() + 2] in ("'s", "’s"):
        return False
    first = next((i for i, t in enumerate(tokens) if t.start >= match.start()), len(tokens))
    last = next((i for i, t in enumerate(tokens) if t.end >= match.end()), len(tokens) - 1)
    window = [t.lower for t in tokens[max(0, first - 3):first]]
    spoke = [i for i, w in enumerate(window) if w in SPEAKING or w in SPEECH_VERBS]
    if spoke and any(w in STRIKE_NOUNS for w in window[spoke[-1] + 1:]):
        return False  # "says the attack late on Tuesday killed ...": the day is the attack's
    before = set(window)
    # "on Tuesday, officials said": the comma closes the strike's clause; the day is the strike's.
    after = set() if last < len(tokens) and "," in tokens[last].glue else {t.lower for t in tokens[last + 1:last + 3]}
    return bool(before & (SPEAKING | SPEECH_VERBS)) or bool(after & SPEECH_VERBS)
