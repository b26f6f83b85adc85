"""What a strike sentence says besides actor and place: the dead, claims, denials, blame, reporters.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Mention, Place, Precision
from ..read.lexicon import NEGATIONS, NONSTATE_NOUNS, STRIKE_NOUNS, WEAPONS, Entity, Token
from ..read.sentences import Clause
from .strike_phrases import span_text
from .strike_words import (
    BLAME_WORDS,
    COUNT_WORDS,
    DENIALS,
    FATALITIES,
    FORCE_WORDS,
    KNOWN_TOWN,
    REPORTERS,
    STOP_AFTER_TARGET,
)


def reports_only(tokens: list[Token], subject: Entity) -> bool:
    """"Syrian state media said ...", "Iraqi officials said ...": a reporter, not the story's actor."""
    after = [t.lower for t in tokens[subject.last + 1:subject.last + 4]]
    return any(w in REPORTERS for w in after) and not any(w in STRIKE_NOUNS for w in after)


def known_town_struck(place: Place, n: int, k: int, trigger_index: int, *, after_object: bool = False) -> bool:
    """The first place right after the strike word, a town of 100,000 or more: "Russian missiles hit Kharkiv";
    or right after its object (``after_object``): "hit two depots near Kharkiv"."""
    return (0 <= k - trigger_index <= 3 or after_object) and n == 0 and place.precision.is_point and (
        place.population or 0) >= KNOWN_TOWN


def states_owning_groups(entities: list[Entity]) -> list[Entity]:
    """"Lebanon's Hezbollah said it fired rockets": a state's possessive right before a group's name says whose
    country the group is in; the group acts, never the state (read like "Iran-backed")."""
    starts = {e.first for e in entities if not e.is_state and not e.modifier}
    return [replace(e, modifier=True) if e.is_state and e.possessive and e.last + 1 in starts else e
            for e in entities]


def named_countries_first(mentions: list[Mention], named: set[str]) -> list[Mention]:
    """"A drone hit a truck near the hamlet of Salem Kot in North Waziristan, Pakistan": a place in a country the
    article never names (by name, adjective or capital), read from a sentence whose same strike is placed in a
    country it does name, is a lookalike of a village the gazetteer does not know (India's Salem), no second
    target."""
    sure = {(m.actor, m.evidence.start) for m in mentions if m.target_country in named}
    return [m for m in mentions if m.target_country in named or (m.actor, m.evidence.start) not in sure]


def blame_statements(tokens: list[Token], entities: list[Entity], start: int) -> list[tuple[int, str, str | None]]:
    """"Iran and Syria blamed Israel", "attributed the strike to Israel": (where, state blamed, blamer)."""
    words = [t.lower for t in tokens]
    found = []
    for k, word in enumerate(words):
        if word not in BLAME_WORDS:
            continue
        blamed = [e for e in entities if e.is_state and k < e.first <= k + 5
                  and (not word.startswith("attribut") or "to" in words[k + 1:e.first])]
        blamers = [e for e in entities if e.is_state and e.first < k]
        if blamed and not any(w in NONSTATE_NOUNS for w in words[k + 1:blamed[0].first]):
            found.append((start + tokens[k].start, blamed[0].code, blamers[0].text if blamers else None))
    return found


# "the United States carried out the strike", "Israel was behind the attack", "... was carried out by Israel"
ANAPHORS = frozenset("the that this those these".split())
_AIMED = frozenset("targeted struck hit attacked fired launched".split())
_DID_IT = (("carried", "out"), ("conducted",), ("was", "behind"), ("were", "behind"), ("was", "responsible"),
           ("were", "responsible"), ("claimed", "responsibility"), ("took", "responsibility"))
# The phrases by their first word; "targeted" and the like start none but are read after "said it".
_DID_FIRST = {w: tuple(d for d in _DID_IT if d[0] == w) for w in {d[0] for d in _DID_IT} | _AIMED}


def responsibility_statements(tokens: list[Token], entities: list[Entity], start: int
                              ) -> list[tuple[int, str, str | None]]:
    """"A U.S. official said the United States carried out the strike": a sentence that names who did a strike
    told before without an actor. Not when it is denied or negated ("Israel did not carry out the attack"),
    nor "... carried out strikes in Syria" (new strikes, not the one told)."""
    words = [t.lower for t in tokens]
    if any(w in NEGATIONS or w in DENIALS for w in words):
        return []
    found = []
    for k in range(len(words)):
        if words[k] not in _DID_FIRST:
            continue  # (most words start no such phrase: one set lookup each)
        did = next((d for d in _DID_FIRST[words[k]] if tuple(words[k:k + len(d)]) == d), None)
        # "they had targeted": the pronoun before the auxiliary
        j = k - 2 if k >= 3 and words[k - 1] in ("had", "have", "has") else k - 1
        if did is None and j >= 1 and words[k] in _AIMED and words[j] in ("it", "they") \
                and words[j - 1] in ("said", "says"):
            # "Israel said it targeted Hezbollah", "the Guards said they had targeted a spy centre": its speaker's
            # own strike, with no place of its own
            doer = next((e for e in reversed(entities) if e.last < j - 1 and j - 1 - e.last <= 3), None)
            if doer is not None and doer.is_state:
                found.append((start + tokens[k].start, doer.code, None))
            continue
        if did is None:
            continue
        after = k + len(did)
        if words[after:after + 1] == ["by"]:  # "was carried out by Israel"
            doer = next((e for e in entities if after < e.first <= after + 3), None)
        elif did[0] in ("carried", "conducted") and not (
                words[after:after + 1] and words[after] in ANAPHORS and any(w in STRIKE_NOUNS
                                                                            for w in words[after + 1:after + 4])):
            continue  # "carried out an investigation", "carried out strikes in Syria"
        else:  # "Israel was behind", "the United States carried out the strike"
            doer = next((e for e in reversed(entities) if e.last < k and (k - e.last <= 3 or _arms_between(
                tokens, e.last + 1, k))), None)
        if doer is None or not doer.is_state:
            continue
        speakers = [e for e in entities if e.is_state and e.last < doer.first and e.code != doer.code]
        found.append((start + tokens[k].start, doer.code, speakers[0].text if speakers else None))
    return found


def _arms_between(tokens: list[Token], lo: int, hi: int) -> bool:
    """"two Israeli F-35 jets had carried out": only the state's arms (a count, a make, a weapon or force
    word, an auxiliary) between its adjective and what they did, so the adjective names the doer."""
    return hi - lo <= 6 and all(
        t.lower in WEAPONS or t.lower in FORCE_WORDS or t.lower in ("had", "have", "has") or t.lower in COUNT_WORDS
        or any(c.isdigit() for c in t.text) or t.is_capitalized for t in tokens[lo:hi])


def same_mention(a: Mention, b: Mention) -> bool:
    """Does ``a`` tell again the strike ``b`` of the same sentence told: the same place, or no place beyond the
    country ``b`` placed ("a drone hit a truck outside Jermuk in Armenia, the first attack on Armenian soil since
    the clashes began": the second strike word restates the first)?"""
    if (a.actor, a.target_country) != (b.actor, b.target_country):
        return False
    return a.place == b.place or (b.place is not None and (a.place is None or a.place.precision is Precision.COUNTRY))


def count_word(word: str) -> int | None:
    if word.replace(",", "").isdigit():
        return int(word.replace(",", ""))
    return COUNT_WORDS.get(word.lower())


def fatalities_in(clause: str, sentence: str) -> tuple[int | None, str | None]:
    """The dead counted in ``clause``, and who reported them anywhere in its sentence."""
    match = FATALITIES.search(clause)
    if not match:
        return None, None
    number = count_word(match.group("a") or match.group("b") or match.group("c") or "")
    if number is None:
        return None, None
    said = re.search(r"(?:according to ([^,.]{3,60}))|([A-Z][\w’' -]{2,60}?)\s+(?:said|says|reported)\b", sentence)
    reporter = (said.group(1) or said.group(2)).strip() if said else None
    return number, reporter


def claimant(sentence: str, entities: list[Entity], actor: str) -> str | None:
    if not re.search(r"\bclaim(?:ed|s)?\b|\btook responsibility\b", sentence, re.I):
        return None
    claimers = [e.text for e in entities if e.code == actor]
    return claimers[0] if claimers else None


def denier(sentence: str, entities: list[Entity]) -> str | None:
    match = re.search(r"\b(?:denied|denies|rejected|dismissed)\b", sentence, re.I)
    if not match:
        return None
    before = [e for e in entities if e.is_state]
    subject = re.findall(r"([A-Z][\w’'-]+(?:\s+[A-Za-z][\w’'-]+){0,4})\s+(?:has\s+|have\s+)?(?:denied|denies|rejected|"
                         r"dismissed)", sentence)
    return subject[-1] if subject else (before[0].text if before else None)


def target_phrase(tokens: list[Token], clause: Clause, t: int, entities: list[Entity]) -> str | None:
    """What the strike was aimed at: the words after "targeted"/"against", else the first group named."""
    words = [t.lower for t in tokens]
    for k in range(t, clause.hi):
        if words[k] in ("targeted", "targeting", "against") or (
                words[k] == "at" and k > 0 and words[k - 1] == "aimed"):
            phrase = []
            for j in range(k + 1, min(clause.hi, k + 9)):
                if words[j] in STOP_AFTER_TARGET and phrase:
                    break
                phrase.append(tokens[j])
                if any(c in tokens[j].glue for c in ",.;:"):
                    break
            text = span_text(phrase)
            if text and not re.fullmatch(r"(?:the|a|an)?\s*(?:\w+\s+)?(?:targets?|sites?)", text, re.I):
                return text
    groups = [e.text for e in entities if e.code == "--"]
    return groups[0] if groups else None


# Force acronyms two states share: the one the story is about is meant ("The IAF struck ..." in a Lebanon story).
SHARED_ACRONYMS = {"IAF": ("IL", "IN")}


def shared_acronyms(entities: list[Entity], tokens: list[Token], story_states: set[str]) -> list[Entity]:
    """Entities with "IAF" read as Israel's or India's air force, whichever state alone the story names."""
    found = list(entities)
    for i, token in enumerate(tokens):
        states = SHARED_ACRONYMS.get(token.text)
        if states is None or any(e.first <= i <= e.last for e in entities):
            continue
        named = [code for code in states if code in story_states]
        if len(named) == 1:
            found.append(Entity(token.text, named[0], "force", i, i, possessive=token.glue.startswith(("'s", "’s"))))
    return sorted(found, key=lambda e: e.first)
