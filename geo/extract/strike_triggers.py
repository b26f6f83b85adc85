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
from .strike_words import (
    DEFENCE_WORDS,
    DENIALS,
    DETERMINERS,
    FORCE_WORDS,
    IDIOM_OBJECTS,
    MILITARY_WORDS,
    PERSON_TITLES,
    SCORELINE,
    SPORTS_WORDS,
    SUBJECTED,
)


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
            if any(w in DEFENCE_WORDS and words[j + 1] not in _OFFICES
                   for j, w in enumerate(words[:i]) if j >= max(clause.lo, i - 3)):
                continue  # "air defences destroyed 30 drones": an interception, not a strike
                # (not "the defence ministry confirmed attacks": an office that reports)
            if word in ("attack", "attacks", "bombing", "bombings") and not weapons and i > 0 and (
                    words[i - 1] in ("deadly", "twin", "car", "bomb", "knife", "terror", "cyber", "mine", "mines")
                    or _TERROR_TARGETS & {words[i - 1], *words[i + 1:i + 7]}):
                continue  # "the bombing of a nightclub", "a disco attack", "the airliner bombing": planted bombs
            # "Explosions hit two air bases": blasts as a strike verb's subject make it a strike (whose, a blame says)
            blasts = i > clause.lo and words[i - 1] in ("explosions", "blasts") and word in STRIKE_VERBS
            strong = word not in WEAK_VERBS or bool(weapons) or any(w in STRIKE_NOUNS for w in window) or blasts
            if word == "strike" and i > 0 and words[i - 1] in ("to", "would", "will", "could"):
                strong = False
            if word == "hit" and i + 1 < len(words) and words[i + 1] in ("back", "out"):
                continue
            if word == "raid" and i + 1 < len(words) and words[i + 1] in ("sirens", "siren", "alert", "alerts",
                                                                          "warning", "warnings", "shelter", "shelters"):
                continue  # "air raid sirens sounded in Amritsar": a warning, not a strike
            if not weapons and (IDIOM_OBJECTS & set(words[i + 1:i + 4]) or _a_person_speaks(tokens, i)):
                continue  # "struck a deal", "hit a record high"; "the foreign minister attacked its stance"
            if not strong and (_civil_subject(tokens, i) or _ECONOMIC & set(words[max(clause.lo, i - 6):i])):
                continue  # "Russian sanctions hit grain exports", "sanctions on its oil sector, targeting refiners"
            found.append(Trigger(i, strong, weapons))
        elif word in LAUNCH_VERBS and any(w in WEAPONS or w in STRIKE_NOUNS for w in words[i + 1:i + 10]):
            # ("fired more than a dozen ballistic missiles at")
            found.append(Trigger(i, True, weapons))
        elif word in LAUNCH_VERBS and i >= 2 and words[i - 1] in ("was", "were", "been") and any(
                w in WEAPONS for w in words[max(clause.lo, i - 5):i - 1]):
            found.append(Trigger(i, True, weapons))  # "More than 30 cruise missiles were fired at a base in X"
        elif (other := _arms_trigger(words, clause, i, weapons)) is not None:
            found.append(other)
    return found


def _arms_trigger(words: list[str], clause: Clause, i: int, weapons: tuple[str, ...]) -> Trigger | None:
    """A strike told by its arms rather than a strike word: bombs dropped, arms sent "to bomb", an air
    operation, a weapon as a strike verb's subject ("missiles slammed into"); else None."""
    word = words[i]
    if word in _SENT_TO_STRIKE and _sent_to(words, clause, i):
        return Trigger(i, True, weapons)  # "accused Russia of sending drones to bomb a depot in X"
    if word in _DROPPED and _bombs_dropped(words, clause, i):
        # "jets dropped two guided bombs on a depot", "the bomb was dropped on a bunker": bombs dropped strike
        return Trigger(i, True, weapons or ("aircraft",))
    if word in _OPENED and i + 2 < clause.hi and words[i + 2] in ("on", "at") and words[i + 1] in ("fire", "up") and (
            weapons or _ARMS_THAT_STRIKE.keys() & set(words[max(clause.lo, i - 4):i])):
        return Trigger(i, True, weapons or ("artillery",))  # "artillery opened fire on", "guns opened up on X"
    if word in SUBJECTED and any(words[j] == "to" and STRIKE_NOUNS.intersection(words[j + 1:min(clause.hi, j + 4)])
                                  for j in range(i + 2, min(clause.hi - 1, i + 14))):
        return Trigger(i, True, weapons)  # "subjected the town of X to heavy shelling", "... to a missile attack"
    if word in ("operation", "operations") and i > 0 and words[i - 1] == "air":
        return Trigger(i, True, ("aircraft",))  # "neutralised 12 militants in an air operation in X"
    if (word in WEAPONS or word in _ARMS_THAT_STRIKE) and i + 1 < clause.hi and words[i + 1] in _ARMS_VERBS \
            and not _launched_from_only(words, clause, i + 1):
        return Trigger(i, True, weapons or (_ARMS_THAT_STRIKE[word],) if word in _ARMS_THAT_STRIKE else weapons)
    return None


# (and a headline's present: "Shells land in Tumen", "Drones kill five near Khost")
_ARMS_VERBS = frozenset("struck hit slammed rained launched fired destroyed landed targeted damaged tore smashed "
                        "flattened put knocked set pounded killed exploded land lands hits slam slams pound pounds "
                        "kill kills".split())


def _launched_from_only(words: list[str], clause: Clause, verb: int) -> bool:
    """"a drone launched from the Shayrat base had crossed into the Golan": the weapon's launch site, with no
    place it was launched at or on (not "into", which a flight "crossed into"); the strike, if any, is told
    elsewhere."""
    return words[verb] in ("launched", "fired") and verb + 1 < clause.hi and words[verb + 1] == "from" and not any(
        w in _AIMED_AT for w in words[verb + 2:clause.hi])


_AIMED_AT = frozenset("at on onto against toward towards targeting hit hitting struck striking".split())


# Arms the lexicon does not list as weapons, that strike when they are a strike verb's subject: "the shell slammed
# into a street", "an Apache gunship flattened a depot", "Turkish guns fired on army posts".
_ARMS_THAT_STRIKE = {"shell": "artillery", "gunship": "aircraft", "gunships": "aircraft", "guns": "artillery",
                     "bomb": "munitions"}


# What a weak strike verb ("hit", "target") strikes when these lead to it: an economy, not a place.
_ECONOMIC = frozenset("sanctions tariffs embargo embargoes levies duties".split())
_OPENED = frozenset("opened open opens opening".split())
_SENT_TO_STRIKE = frozenset("bomb strike attack shell hit".split())
_SENDING = frozenset("sending sent send sends using used deploying deployed".split())


def _sent_to(words: list[str], clause: Clause, i: int) -> bool:
    """Is the bare verb at ``i`` what arms were sent or used "to" do ("of sending four jets to bomb")?"""
    return i >= 2 and words[i - 1] == "to" and any(w in _SENDING for w in words[max(clause.lo, i - 6):i - 1]) and any(
        w in WEAPONS or w in FORCE_WORDS for w in words[max(clause.lo, i - 5):i - 1])


_DROPPED = frozenset("dropped drop drops dropping".split())
_BOMBS = frozenset("bomb bombs munition munitions ordnance payload payloads".split())


def _bombs_dropped(words: list[str], clause: Clause, i: int) -> bool:
    """Does the drop verb at ``i`` drop bombs: its object ("dropped its largest bomb on") or, passive, its
    subject ("the bombs were dropped on")? Not leaflets, aid, charges or a toll that dropped."""
    passive = i > 0 and words[i - 1] in ("was", "were", "been", "being")
    near = words[max(clause.lo, i - 12):i] if passive else words[i + 1:min(clause.hi, i + 7)]
    return any(w in _BOMBS for w in near)


# Places a planted bomb hits, that no air strike's or shell's report names as what a bombing was "of".
_TERROR_TARGETS = frozenset("discotheque discotheques disco discos nightclub nightclubs pub pubs airliner airliners "
                            "jetliner jetliners".split())


# "defence ministry", "defense secretary": an office, not an air defence.
_OFFICES = frozenset("ministry minister ministers secretary department official officials spokesman spokeswoman "
                     "spokesperson chief chiefs council intelligence".split())


# Subjects of a weak strike verb that can strike: forces, weapons' carriers, pronouns, and passives' auxiliaries.
_CAN_STRIKE = FORCE_WORDS | MILITARY_WORDS | frozenset(
    "it they he we who which that was were been be is are being also then had has have reportedly allegedly "
    "soldiers coalition navy marines militia militias gunboats warships ships boats planes fighters bombers "
    "helicopters units forces troops guards".split())


def _civil_subject(tokens: list[Token], i: int) -> bool:
    """Is a weak strike verb's subject a state's plural noun that strikes nobody ("Russian sanctions", "US
    tariffs", "Israeli hackers")? A force, a weapon or a pronoun leaves the verb a strike; so does a noun the
    verb only qualifies ("the areas targeted include ...")."""
    if i < 2:
        return False
    before = tokens[i - 1]
    return before.lower.isalpha() and not before.is_capitalized and before.lower not in _CAN_STRIKE \
        and before.lower not in WEAPONS and before.lower not in STRIKE_NOUNS and before.lower.endswith("s") \
        and tokens[i - 2].is_capitalized and tokens[i - 2].lower not in DETERMINERS


def _a_person_speaks(tokens: list[Token], i: int) -> bool:
    """Is the strike word's subject a person who speaks ("the foreign minister (Dmytro Kuleba) attacked")?"""
    j = i - 1
    while j >= 0 and tokens[j].is_capitalized and i - j <= 3:
        j -= 1  # the person's name
    return j >= 0 and tokens[j].lower in PERSON_TITLES


def is_modal(tokens: list[Token], clause: Clause, index: int) -> bool:
    """Threats, plans, conditions and denials are not strikes."""
    # "India's army denied that it had shelled ...", "Moscow denied carrying out the strike"
    if any(modal_at(tokens, j) or tokens[j].lower in NEGATIONS or tokens[j].lower in DENIALS
           for j in range(max(clause.lo, index - 7), index)):
        return True
    # "Israel is poised to strike ...", "expected to hit", "set to strike"; "weighing strikes on ...": plans.
    # (Only right before the strike word: "the toll is expected to rise" says nothing of a plan.)
    for j in range(max(clause.lo, index - 5), index):
        word = tokens[j].lower
        if (word in _ABOUT_TO and tokens[j + 1].lower == "to" or word in _WEIGHING and index - j <= 3) and not any(
                "," in t.glue for t in tokens[j:index]):
            return True
    if index >= 2 and tokens[index - 1].lower == "to" and tokens[index - 2].lower in _PURPOSE:
        return True  # "sanctions meant to strike at its revenue", "bans designed to hit": a purpose, not a hit
    if any(tokens[j].lower in _HYPOTHETICAL for j in range(clause.lo, index)):
        return True  # "Options range from a symbolic strike on a base to attacks on nuclear sites"
    if _gerund_subject(tokens, clause, index):
        return True  # '"unilaterally bombing inside Oman" does not serve peace': the act spoken of, no strike
    if any(_rehearsal(tokens, j) for j in range(max(0, index - _REHEARSAL_REACH), index)):
        return True  # "naval drills that practised blockading the coast and 'precision strikes' on ports": no strike
    # "Any strikes could target radar sites", "an Israeli strike on Iran would risk a war": a strike noun as the
    # subject of a modal is a possibility; so is "any strike".
    if tokens[index].lower not in STRIKE_NOUNS:
        return False
    lead = [tokens[j].lower for j in range(max(clause.lo, index - 3), index)]
    if "any" in lead:
        return True
    if any(w in ("the", "this", "that", "these", "those", "its", "their") for w in lead):
        return False  # "The Israeli strike on Damascus will be answered": a strike that happened
    for j in range(index + 1, min(clause.hi, index + 6)):
        if tokens[j].lower in _MODAL_VERBS:
            return True
        if any(c in tokens[j].glue for c in ",;:.()"):
            return False
    return False


_FINITE = frozenset("does do did is are was were would will has have cannot".split())


def _gerund_subject(tokens: list[Token], clause: Clause, index: int) -> bool:
    """Is the strike word a bare gerund that is its sentence's subject ("bombing inside Oman does not help",
    "that striking a neighbour is unlawful")? Not "Russia is bombing Kharkiv", "the bombing of X was ..."."""
    word = tokens[index].lower
    if not word.endswith("ing") or word not in STRIKE_VERBS:
        return False
    before = tokens[index - 1] if index > clause.lo else None
    bare = before is None or before.lower in ("that", "and") or before.lower.endswith("ly") or any(
        q in before.glue for q in "\"“")
    return bare and any(tokens[j].lower in _FINITE for j in range(index + 1, min(clause.hi, index + 6)))


# Words of an exercise: strikes they rehearse, simulate or practise are drills, whatever clause they sit in.
_REHEARSALS = frozenset("drill drills exercises manoeuvres maneuvers rehearse rehearsed rehearsing rehearsal "
                        "rehearsals simulate simulated simulating simulation simulations practise practised "
                        "practising practice practiced practicing wargame wargames".split())
_REHEARSAL_REACH = 15


def _rehearsal(tokens: list[Token], j: int) -> bool:
    """Is the word at ``j`` an exercise's ("drills", "simulated", "war games")?"""
    word = tokens[j].lower
    return word in _REHEARSALS or word == "games" and j > 0 and tokens[j - 1].lower in ("war", "military")


_MODAL_VERBS = frozenset("will would could might should".split())
_ABOUT_TO = frozenset("preparing poised expected likely set about going ready due".split())
_WEIGHING = frozenset("weighing weighs weigh mulling mulls".split())
_PURPOSE = frozenset("meant designed aimed".split())  # right before "to <strike word>"
# Nouns that make every strike after them in their clause a possibility.
_HYPOTHETICAL = frozenset("option options scenario scenarios contingency contingencies hypothetical".split())


def modal_at(tokens: list[Token], j: int) -> bool:
    """Is the word at ``j`` a modal or a threat word? "On May 6" and "6 May" name the month."""
    if tokens[j].lower not in MODAL_WORDS:
        return False
    if tokens[j].text == "May" and (j > 0 or any(
            0 <= n < len(tokens) and tokens[n].text[:1].isdigit() for n in (j - 1, j + 1))):
        return False  # a capital "May" inside a sentence, or by a number, is the month
    return True


# Words between a subject and its verb: "they also hit", "it had then struck".
_BEFORE_VERB = frozenset("also then later additionally further had has have separately subsequently".split())


def pronoun_subject(tokens: list[Token], clause: Clause, index: int) -> bool:
    """Is the strike verb's subject "it" or "they" ("The Guards said they also hit ...")? Not "it was hit"
    (a passive's subject was struck), not "they were targeted", nor a strike noun ("its strikes")."""
    if tokens[index].lower not in STRIKE_VERBS and tokens[index].lower not in LAUNCH_VERBS:
        return False
    j = index - 1
    while j >= clause.lo and tokens[j].lower in _BEFORE_VERB:
        j -= 1
    return j >= clause.lo and tokens[j].lower in ("it", "they") and tokens[index].lower not in ("target", "targets")
