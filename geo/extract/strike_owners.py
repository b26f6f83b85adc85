"""Whose a struck thing is, who was struck, and who was blamed: "Ukrainian airfields", "on its territory",
"soldiers were killed", "Syria blamed Israel for the strike", "missiles launched from inside Iran".

Tokens, entities and a clause in, a country code or a yes/no out; no state. :mod:`geo.extract.strike_roles`
asks these after its own rules for actor and target.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..gazetteer.borders import near_country
from ..models import DateRange, Place
from ..read import dates as dates_mod
from ..read.lexicon import (
    LAUNCH_VERBS,
    LOCATIVES,
    NONSTATE_NOUNS,
    SPEECH_VERBS,
    STRIKE_NOUNS,
    STRIKE_VERBS,
    WEAPONS,
    Entity,
    Lexicon,
    Token,
    join_tokens,
)
from ..read.sentences import Clause
from ..tables import read_csv
from .places import PlaceFinder
from .strike_phrases import named_before, phrase_end
from .strike_words import (
    BLAME_WORDS,
    DETERMINERS,
    DIRECTION_WORDS,
    DISTANCE_UNITS,
    FORCE_WORDS,
    NEAR_STORY_KM,
    OWNED_TARGETS,
)

_WATERS = frozenset("sea gulf strait ocean waters".split())


def owner_of_object(tokens: list[Token], words: list[str], entities: list[Entity], clause: Clause, t: int,
                    actor: str, *, unplaced: bool = False) -> str | None:
    """"its forces struck Ukrainian military airfields", "jets bombed two Cambodian positions": with no place
    named at all, the demonym of the verb's object says whose they were. Not "hit Russian positions near
    Bakhmut" (they stood in the actor's own country), nor "which Russia uses to attack ..." (a habit).
    A launch's object follows its "at": "Iran launched missiles at Israeli bases". ``unplaced``: no place after the
    verb is known at all ("struck Libyan army posts on Jebel Nafusa ridge", a hill the gazetteer lacks), so a
    capitalised name after "on" or "near" cannot have put the object in the actor's own country."""
    if words[t] in LAUNCH_VERBS:
        t = next((j for j in range(t + 1, min(clause.hi, t + 9)) if words[j] in ("at", "against")), -1)
        if t < 0:
            return None
    if any(w in _WATERS for w in words[t + 1:clause.hi]):
        return None  # "fired drones at Israeli ships in the Red Sea": at sea, in no country
    if words[t - 1] == "to" or not unplaced and any(
            words[j] in LOCATIVES and j + 1 < clause.hi and tokens[j + 1].is_capitalized
            and words[j + 1] not in dates_mod.WEEKDAYS and words[j + 1] not in dates_mod.MONTHS
            for j in range(t + 1, clause.hi)):
        return None
    for e in entities:
        lead = words[t + 1:e.first]
        if e.kind == "demonym" and e.is_state and e.code != actor and t < e.first <= t + 3 and all(
                w in DETERMINERS or w.isdigit() or w in dates_mod.NUMBER_WORDS for w in lead) and any(
                w in OWNED_TARGETS for w in words[e.last + 1:e.last + 3]):
            return e.code
    return None


def second_predicate(words: list[str], e: Entity, t: int) -> bool:
    """"Azerbaijan breached Armenia's border and shelled army posts": the state sits in the object of the verb before,
    and "and" starts the strike verb's own predicate (whose subject came first); not "Israeli jets and drones
    struck", where "and" joins the arms."""
    between = words[e.last + 1:t]
    return "and" in between and between[-1] == "and" and len(between) >= 2 and between[-2] not in WEAPONS \
        and between[-2] not in FORCE_WORDS and (words[t] in STRIKE_VERBS or words[t] in LAUNCH_VERBS)


def leads(tokens: list[Token], e: Entity, t: int) -> bool:
    """"jets of the French-led coalition struck", "the Saudi-led coalition's planes": the state that leads a
    force before the strike word strikes, after "of" or not."""
    return "-led " in f"{e.text} " or (e.last + 1 < t and tokens[e.last + 1].lower == "led"
                                       and tokens[e.last].glue == "-")


def inside_territory(targets: dict[str, list[Place]], territory: set[str], entities: list[Entity]
                     ) -> dict[str, list[Place]]:
    """"drones struck a shelter inside Iraqi territory, in the area of Zahle": the territory a clause names is
    struck, and fixes the country of its places; a place in a country the clause does not name is a lookalike
    (a town of that name elsewhere), no second target."""
    if not territory:
        return targets
    named = {e.code for e in entities if e.is_state} | territory
    return {**{c: p for c, p in targets.items() if c in named}, **{c: targets.get(c, []) for c in territory}}


# Land a state holds, not a line it shares: "near its border" may be on either side.
_OWN_LAND = frozenset("territory territories soil airspace land waters".split())


def its_territory(words: list[str], entities: list[Entity], clause: Clause, t: int, actor: str) -> str | None:
    """"Pakistan condemned an Iranian strike on its territory": "its" is the state the clause's subject
    names before the strike word, when that state is not the striker."""
    for k in range(t + 1, min(clause.hi - 2, t + 6)):
        if words[k] in LOCATIVES and words[k + 1] in ("its", "their") and words[k + 2] in _OWN_LAND:
            owners = [e for e in entities if e.is_state and clause.lo <= e.first < t]
            if owners and owners[0].code != actor:
                return owners[0].code
            return None
    return None


_HURT = frozenset("killed wounded injured hurt".split())


def victims(between: list[str]) -> bool:
    """"(Kenyan) troops were wounded (in a mortar attack)", a headline's "(French) soldiers killed in (rocket
    attack)": the words after a subject make it the one struck. Not "(Israeli) jets killed five in (strikes)"."""
    for j, w in enumerate(between):
        if w in _HURT and j and ("was" in between[max(0, j - 2):j] or "were" in between[max(0, j - 2):j]
                                 or "been" in between[max(0, j - 2):j] or between[j + 1:j + 2] == ["in"]):
            return True
    return False


def victims_speaker(words: list[str], entities: list[Entity], clause: Clause, t: int, actor: str) -> str | None:
    """"Iran said four soldiers were killed in Saturday's Israeli strikes": a state that tells its own dead of
    another state's strike, with no place named, is the one struck."""
    speech = [k for k in range(clause.lo, t) if words[k] in SPEECH_VERBS]
    if not speech or not victims(words[speech[-1] + 1:t]):
        return None
    speakers = [e for e in entities if e.is_state and clause.lo <= e.first < speech[-1] and e.code != actor]
    return speakers[0].code if speakers else None


# What a subject does next: "the militias have launched", "the group fired", "the rebels also attacked".
_GROUP_ACTS = LAUNCH_VERBS | STRIKE_VERBS | frozenset("have has had also then later said claimed".split())


def group_subject(words: list[str], lo: int, t: int) -> bool:
    """Is the strike word's subject a group named by a plain noun ("The militias have launched more than 100
    attacks", "the group fired drones")? Not "the militia headquarters was hit" (the noun only qualifies)."""
    return any(words[j] in NONSTATE_NOUNS and words[j + 1] in _GROUP_ACTS and (j == lo or words[j - 1] in DETERMINERS)
               for j in range(lo, t))


_WE_BEFORE_VERB = frozenset("also then have had just".split())


def quoted_speaker(tokens: list[Token], entities: list[Entity], t: int) -> Entity | None:
    """'"We struck terrorist targets in Syria," the Turkish defence minister said': "we" as the strike verb's
    subject is the state named beside the speech verb after the quote closes."""
    words = [tok.lower for tok in tokens]
    j = t - 1
    while j >= 0 and words[j] in _WE_BEFORE_VERB:
        j -= 1
    if j < 0 or words[j] != "we" or words[t] not in STRIKE_VERBS and words[t] not in LAUNCH_VERBS:
        return None
    closes = next((k for k in range(t, len(tokens)) if any(q in tokens[k].glue for q in '"”')), None)
    speech = next((k for k in range(t + 1, len(words)) if words[k] in SPEECH_VERBS), None)
    if closes is None or speech is None or speech <= closes:
        return None
    near = [e for e in entities if e.is_state and closes < e.first and abs(e.first - speech) <= 5]
    return near[0] if near else None


# Words that make a strike noun the topic of its clause's subject, not its deed.
_TOPIC = frozenset("about over regarding concerning concern concerns discussed discuss discussing debated criticised "
                   "criticized welcomed praised questioned opposed protested mourned".split())


def talks_about(words: list[str], lo: int, t: int) -> bool:
    """"China voiced concern about the strikes", "France's minister discussed the strikes on Lebanon": the words
    between a subject and a strike noun make the strike a topic. Strike verbs keep their subject."""
    return words[t] in STRIKE_NOUNS and any(w in _TOPIC for w in words[lo:t])


def attributed_actor(tokens: list[Token], entities: list[Entity], clause: Clause, t: int
                      ) -> tuple[str | None, str, Entity | None] | None:
    """"Syria blamed Israel for the strike", "Lebanon blamed the attacks on Israel", "a strike attributed
    to Israel": the state blamed is the actor (the one who blames is not); blaming a group is no state
    strike. ``None`` when the clause attributes nothing."""
    words = [tok.lower for tok in tokens]
    for k in range(clause.lo, clause.hi):
        if words[k] not in BLAME_WORDS:
            continue
        if words[k].startswith("attribut"):
            blamed = [e for e in entities if k < e.first <= k + 4 and "to" in words[k + 1:e.first]]
        elif k < t:  # "X blamed Y for the strike", "X blamed the strike on Y"
            # ... and "artillery fire blamed on Iran's Guards hit villages": a participle naming the doer
            blamed = [e for e in entities if k < e.first < t and "for" in words[e.last + 1:t + 1]] or [
                e for e in entities if t < e.first <= t + 4 and words[e.first - 1] == "on"] or [
                e for e in entities if k + 1 < e.first < t and e.first <= k + 3 and words[k + 1] == "on"
                and words[k].endswith("ed") and (k == 0 or words[k - 1] not in _BLAMERS_BEFORE)]
            # "the groups that Britain blamed for the raid": the blamed come before the blamer.
            relative = next((r for r in range(k - 1, max(clause.lo, k - 6) - 1, -1)
                             if words[r] in ("that", "which", "whom", "who")), None)
            # ... and "the Pentagon blames a recent attack on X on Shia militants": the blamed after the strike
            groups = any(w in NONSTATE_NOUNS for w in words[k + 1:t]) or (
                relative is not None and any(w in NONSTATE_NOUNS for w in words[max(0, relative - 8):relative])) or any(
                words[j] == "on" and any(w in NONSTATE_NOUNS for w in words[j + 1:j + 4])
                for j in range(t + 1, min(clause.hi, t + 14)))
            if not blamed and groups:
                return None, "group", None
        else:  # "the strike, which X blamed on Y"
            blamed = [e for e in entities if k < e.first <= k + 6 and "on" in words[k + 1:e.first]]
        if not blamed:
            continue
        first = blamed[0]
        if not first.is_state or first.modifier:
            return None, "group", None
        # "blasts were heard in Kabul and the Taliban blamed Pakistan for striking in Kabul": a capital a locative
        # leads is where, not who blames (and it stays a place struck)
        by = [e for e in entities if e.is_state and e.first < k and e.code != first.code
              and not (e.kind == "capital" and e.first > 0 and words[e.first - 1] in LOCATIVES)]
        return first.code, "attributed", by[-1] if by else None
    return None


# "Syria blamed on Israel ...": not a participle after a subject that blames; "fire blamed on" is one.
_BLAMERS_BEFORE = frozenset("it they he she we who which that".split())


def launch_origin(tokens: list[Token], entities: list[Entity], t: int) -> str | None:
    """The state in "launched/fired from (inside) X" near a trigger."""
    words = [tok.lower for tok in tokens]
    for k in range(max(0, t - 2), min(len(words), t + 4)):
        if words[k] == "from" and k > 0 and words[k - 1] in ("launched", "fired", "flew", "came"):
            for e in entities:
                if k < e.first <= k + 3 and e.is_state:
                    return e.code
    return None


def struck_at_home(tokens: list[Token], entities: list[Entity], clause: Clause, t: int, code: str,
                   places: PlaceFinder) -> bool:
    """"Russia's defence ministry confirmed attacks on air bases in the Murmansk and Irkutsk regions", "... on its
    territory", "... on Russian soil": the strike a state's office reports landed in that state, so the office
    speaks as the one struck, not as the striker."""
    words = [tok.lower for tok in tokens]
    taken = frozenset(j for e in entities if e.kind != "capital" for j in range(e.first, e.last + 1))
    for k in range(t + 1, min(clause.hi - 1, t + 10)):
        if words[k] not in LOCATIVES:
            continue
        if words[k + 1] in ("its", "their") and k + 2 < clause.hi and words[k + 2] in _OWN_LAND:
            return True
        if any(e.first in (k + 1, k + 2) and e.code == code and e.kind == "demonym" and e.last + 1 < len(words)
               and words[e.last + 1] in _OWN_LAND for e in entities):
            return True
        end = phrase_end(tokens, entities, k, clause.hi)
        # (every state of the sentence, so "Russia's Bryansk region" is not Ukraine's Bryanka for a Ukrainian speaker)
        found = places.find(tokens, k + 1, end, context={code} | {e.code for e in entities if e.is_state},
                            taken=taken)
        if found and all(p.country == code for p in found):
            return True
    return False


def striker_of(struck: str, pair_dates: dict[tuple[str, str], DateRange]) -> tuple[str | None, str, Entity | None]:
    """The state the story last told striking ``struck`` (``pair_dates`` in the order told), as the actor of a
    strike reported by the struck; with none, no actor (a blame may name one later)."""
    strikers = [a for a, c in pair_dates if c == struck]
    return (strikers[-1], "discourse", None) if strikers else (None, "", None)


# A state's words about a strike that make it its own ("which Israel said targeted ...").
_OWN_WORDS = frozenset("said says claimed claims announced confirmed reported stated".split())


def relative_doer(tokens: list[Token], t: int, lexicon: Lexicon) -> Entity | None:
    """"The strikes, which Israel said targeted ...", "the attack, which Russia carried out ...": the state
    a relative clause right after the strike noun names as its speaker or doer."""
    if t + 3 >= len(tokens) or "," not in tokens[t].glue or tokens[t + 1].lower not in ("which", "that"):
        return None
    states = lexicon.states(tokens[t + 2:t + 7])
    if not states or states[0].first != 0 or states[0].modifier:
        return None
    verb = tokens[t + 3 + states[0].last].lower if t + 3 + states[0].last < len(tokens) else ""
    if verb in _OWN_WORDS or verb in LAUNCH_VERBS or verb in STRIKE_VERBS:
        return states[0]
    return None  # not "which Iran condemned": a bystander


def joined_by_group(words: list[str], entities: list[Entity], group: Entity
                    ) -> tuple[str | None, str, Entity | None] | None:
    """"Turkish drones and Ankara-backed Syrian rebels attacked X": a state's forces or weapons, then "and" a group,
    as one subject: the state strikes (with the group). ``None`` when no state leads the subject so."""
    for state in entities:
        if not state.is_state or state.first >= group.first:
            continue
        joint = next((j for j in range(state.last + 1, group.first) if words[j] == "and"), None)
        forces = words[state.last + 1:joint] if joint is not None else []
        if forces and all(w in FORCE_WORDS or w in WEAPONS for w in forces):
            return state.code, "explicit", None
    return None


def landmark_countries(tokens: list[Token], entities: list[Entity], taken: frozenset[int], clause: Clause,
                       context: set[str], places: PlaceFinder) -> set[str]:
    """"the Yavoriv training ground near Lviv", "35 km southeast of Kismayo", "a village 20 km from Kharkiv":
    Lviv, Kismayo and Kharkiv are no strikes, but they say which country (whose land) was struck."""
    found: set[str] = set()
    for k in clause.indexes():
        if (tokens[k].lower == "near" and named_before(tokens, k, taken)) or (
                tokens[k].lower == "of" and k > 0 and tokens[k - 1].lower in DIRECTION_WORDS) or (
                tokens[k].lower == "from" and k > 0 and tokens[k - 1].lower in DISTANCE_UNITS):
            end = phrase_end(tokens, entities, k, clause.hi)
            found |= {p.country for p in places.find(tokens, k + 1, end, context=context, taken=taken,
                                                     landmarks=True) if p.country}
    return found


def strike_told_more(tokens: list[Token], clause: Clause, lexicon: Lexicon) -> str | None:
    """The state whose strike a relative "in/during which ..." tells more of ("the attack followed US strikes
    early on Sunday, in which B-2 bombers hit Fordow"): its bombers and missiles are that state's."""
    words = [tok.lower for tok in tokens]
    if clause.relation != ("relative", None) or clause.lo < 2 or words[clause.lo] != "which" or words[
            clause.lo - 1] not in ("in", "during"):
        return None
    owners = [e for e in lexicon.entities(tokens) if e.is_state and not e.modifier
              and clause.lo - 10 <= e.last + 1 < clause.lo - 1 and words[e.last + 1] in STRIKE_NOUNS]
    return owners[-1].code if owners else None


def joint_with(words: list[str], entities: list[Entity], t: int) -> str | None:
    """"Somalia's government said a joint air strike with the US military killed ...": the state a joint strike
    is "with" struck (the host that speaks of it is struck or stands by)."""
    if words[t] not in STRIKE_NOUNS or "joint" not in words[max(0, t - 3):t] or words[t + 1:t + 2] != ["with"]:
        return None
    return next((e.code for e in entities if e.is_state and e.first in (t + 2, t + 3)), None)


def near_story(place: Place, countries: set[str]) -> bool:
    """Is a big town within reach of the countries the story is about ("Tehran fired missiles at a base
    in Erbil": Erbil is 150 km from Iran's border)? A namesake across the world is not."""
    return any(code and near_country(place, code, NEAR_STORY_KM) for code in countries)


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """A state's capital by its code, from the actor table (not the metonyms noted "not the capital")."""
    capitals: dict[str, str] = {}
    for row in read_csv("actors.csv"):
        if row.get("kind") == "capital" and not (row.get("note") or "").startswith("not the capital"):
            capitals.setdefault(row["alpha2"].strip().upper(), row["phrase"].strip())
    return capitals


def capitals_named(tokens: list[Token], entities: list[Entity], lo: int, hi: int, places: PlaceFinder) -> list[Place]:
    """"Pakistani air strikes on the Afghan capital": the capital city of the state an adjective names."""
    found = []
    for e in entities:
        if lo <= e.first and e.last + 1 < hi and e.kind == "demonym" and tokens[e.last + 1].lower == "capital" and (
                name := _capitals().get(e.code)):
            place = places.gazetteer.best(name, country=e.code)
            if place is not None:
                found.append(replace(place, note=join_tokens(tokens[e.first - 1 if e.first else 0:e.last + 2])))
    return found
