"""The strike words of a clause, and whether a strike word is a threat, a plan or a denial.

Tokens and a clause in, :class:`Trigger` s out; no state.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..read.lexicon import (
    LAUNCH_VERBS,
    MODAL_WORDS,
    NEGATIONS,
    NON_STATE_ATTACK_WORDS,
    STRIKE_NOUNS,
    STRIKE_VERBS,
    WEAK_VERBS,
    WEAPONS,
    Token,
)
from ..read.sentences import Clause
from .strike_words import DEFENCE_WORDS, DENIALS, DETERMINERS, IDIOM_OBJECTS, PERSON_TITLES, SCORELINE, SPORTS_WORDS


@dataclass(frozen=True)
class Trigger:
    """A strike word: its token index, whether it alone makes a strike, the weapons named near it."""

    index: int
    strong: bool
    weapons: tuple[str, ...]


def find_triggers(tokens: list[Token], clause: Clause) -> list[Trigger]:
    """The strike words of a clause: verbs and nouns of striking, launches of weapons, "missiles struck".
    Attacks by non-state attackers, interceptions and threats to strike are left out."""
    found: list[Trigger] = []
    words = [t.lower for t in tokens]
    if any(w in SPORTS_WORDS for w in words) and SCORELINE.search("".join(t.text + t.glue for t in tokens)):
        return []  # "Iran beat Qatar 3-1 in Doha, with Taremi striking twice": a match report
    for i in clause.indexes():
        word = words[i]
        # Weapons may sit in a relative clause ("its strikes, which involved rockets and drones,").
        window = words[max(0, i - 4): i + 10]
        weapons = tuple(sorted({WEAPONS[w] for w in window if w in WEAPONS}))
        if word in STRIKE_NOUNS or word in STRIKE_VERBS:
            if i > 0 and words[i - 1] in NON_STATE_ATTACK_WORDS:
                continue
            if word in ("target", "targets") and i > 0 and tokens[i - 1].is_capitalized \
                    and words[i - 1] not in DETERMINERS:
                continue  # "attacked Iranian targets": a noun, what was struck
            if any(w in DEFENCE_WORDS for w in words[max(clause.lo, i - 3):i]):
                continue  # "air defences destroyed 30 drones": an interception, not a strike
            if word in ("attack", "attacks", "bombing", "bombings") and not weapons and i > 0 \
                    and words[i - 1] in ("deadly", "twin", "car", "bomb", "knife", "terror", "cyber"):
                continue
            strong = word not in WEAK_VERBS or bool(weapons) or any(w in STRIKE_NOUNS for w in window)
            if word == "strike" and i > 0 and words[i - 1] in ("to", "would", "will", "could"):
                strong = False
            if word == "hit" and i + 1 < len(words) and words[i + 1] in ("back", "out"):
                continue
            if word == "raid" and i + 1 < len(words) and words[i + 1] in ("sirens", "siren", "alert", "alerts",
                                                                          "warning", "warnings", "shelter", "shelters"):
                continue  # "air raid sirens sounded in Amritsar": a warning, not a strike
            if not weapons and (IDIOM_OBJECTS & set(words[i + 1:i + 4]) or _a_person_speaks(tokens, i)):
                continue  # "struck a deal", "hit a record high"; "the foreign minister attacked its stance"
            found.append(Trigger(i, strong, weapons))
        elif word in LAUNCH_VERBS and any(w in WEAPONS or w in STRIKE_NOUNS for w in words[i + 1:i + 10]):
            # ("fired more than a dozen ballistic missiles at")
            found.append(Trigger(i, True, weapons))
        elif word in WEAPONS and i + 1 < clause.hi and words[i + 1] in (
                "struck", "hit", "slammed", "rained", "launched", "fired", "destroyed", "landed", "targeted",
                "damaged", "tore", "smashed", "flattened", "put", "knocked", "set", "pounded", "killed"):
            found.append(Trigger(i, True, weapons))
    return found


def _a_person_speaks(tokens: list[Token], i: int) -> bool:
    """Is the strike word's subject a person who speaks ("the foreign minister (Dmytro Kuleba) attacked")?"""
    j = i - 1
    while j >= 0 and tokens[j].is_capitalized and i - j <= 3:
        j -= 1  # the person's name
    return j >= 0 and tokens[j].lower in PERSON_TITLES


def is_modal(tokens: list[Token], clause: Clause, index: int) -> bool:
    """Threats, plans, conditions and denials are not strikes."""
    # "India's army denied that it had shelled ...", "Moscow denied carrying out the strike"
    return any(modal_at(tokens, j) or tokens[j].lower in NEGATIONS or tokens[j].lower in DENIALS
               for j in range(max(clause.lo, index - 7), index))


def modal_at(tokens: list[Token], j: int) -> bool:
    """Is the word at ``j`` a modal or a threat word? "On May 6" and "6 May" name the month."""
    if tokens[j].lower not in MODAL_WORDS:
        return False
    if tokens[j].text == "May" and (j > 0 or any(
            0 <= n < len(tokens) and tokens[n].text[:1].isdigit() for n in (j - 1, j + 1))):
        return False  # a capital "May" inside a sentence, or by a number, is the month
    return True
