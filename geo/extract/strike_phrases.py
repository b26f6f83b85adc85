"""Noun phrases after a strike word: where a phrase ends, lists of places, appositives, one place per strike.

Tokens in, token indexes and places out; no state.
"""

from __future__ import annotations

import re

from ..geometry import distance_km
from ..models import Place, Precision, Section
from ..read.lexicon import (
    LAUNCH_VERBS,
    LOCATIVES,
    STRIKE_VERBS,
    TERRITORY_WORDS,
    WEAPONS,
    Entity,
    Token,
    join_tokens,
)
from ..read.sentences import Clause
from .fusion import SAME_PLACE_KM, big_neighbours
from .strike_words import (
    APPOSITIVE_KINDS,
    DIRECTION_WORDS,
    FORCE_WORDS,
    LIST_KINDS,
    LIST_LEADS,
    MAX_PHRASE,
    METROPOLIS,
    METROPOLIS_KM,
    PHRASE_STOPS,
    SPEAKING,
)


def after_preposition(words: list[str], index: int, floor: int, names: frozenset[str],
                      commas: frozenset[int] = frozenset()) -> bool:
    """Is the word at ``index`` inside a prepositional phrase ("in Iran", "of Pakistan's",
    "in Iraq and Syria")? Not after "In Iraq, the US ...": a comma before "the" starts the subject.

    ``commas`` are the indexes of words followed by a comma."""
    for k in range(index - 1, max(floor, index - 6) - 1, -1):
        if k in commas and k + 1 < len(words) and words[k + 1] == "the":
            return False
        if words[k] in ("and", "or") or words[k] in names:
            continue
        if words[k] in LOCATIVES or words[k] in ("of", "from", "to", "with", "toward", "towards", "between",
                                                 "against", "by", "for", "over"):
            return True
        if words[k] in ("the", "a", "an") or words[k].isalpha() and not words[k][0].isalpha():
            continue
        if words[k] not in ("northern", "southern", "eastern", "western", "neighbouring", "neighboring"):
            return False
    return False


def joint_partners(tokens: list[Token], entities: list[Entity], clause: Clause, t: int, actor: str
                   ) -> tuple[str, ...]:
    """The other states of a joint strike: "the US and UK struck", "US and British jets", "a joint strike
    with Jordan", "together with Turkey". Supporters ("with support from Australia") are not partners."""
    words = [tok.lower for tok in tokens]
    states = [e for e in entities if e.is_state and clause.lo <= e.first < clause.hi]
    acting = [e for e in states if e.code == actor]
    found: list[str] = []
    for a in acting:
        for b in states:
            if b.code in (actor, *found):
                continue
            lo, hi = (a.last + 1, b.first) if a.first < b.first else (b.last + 1, a.first)
            between = words[lo:hi]
            if between and set(between) <= {"and", "the", "&"} and "and" in between and b.first < t + 8:
                found.append(b.code)
            elif not between and max(a.last, b.last) + 1 == t and "," in tokens[min(a.last, b.last)].glue:
                found.append(b.code)  # the headline's "US, UK strike Houthi targets"
            elif b.first < a.first and 0 < len(between) <= 4 and between[-1] in _JOINED and all(
                    w in FORCE_WORDS or w in WEAPONS or w in _JOINED or w in ("had", "have", "has", "also")
                    or tokens[lo + n].is_capitalized for n, w in enumerate(between)):
                found.append(b.code)  # "RAF Typhoons had joined US strikes": the joiner's forces struck too
            elif b.first > a.first and between[-1:] in (["with"], ["alongside"]) and (
                    "joint" in words[max(0, b.first - 6):b.first] or "jointly" in between
                    or "together" in between or between[-1] == "alongside"):
                found.append(b.code)
    return tuple(found)


_JOINED = frozenset("joined join joins joining".split())


def comma_positions(tokens: list[Token]) -> frozenset[int]:
    return frozenset(i for i, t in enumerate(tokens) if "," in t.glue)


def connector_end(tokens: list[Token], j: int, hi: int) -> int:
    """Past words that lead into the next place of a list: "as well as", "including", "such as",
    "the southern towns of", "and villages including the border villages of". ``j`` when there are none."""
    while True:
        words = [t.lower for t in tokens[j:min(hi, j + 7)]]
        step = 0
        if words[:3] == ["as", "well", "as"]:
            step = 3
        elif words[:2] == ["such", "as"]:
            step = 2
        elif words[:1] and words[0] in ("including", "and", "in", "of", "around", "near", "outside"):
            step = 1
        else:
            # "the southern towns of", "the mountain stronghold of": leads, at most two other plain words, a kind
            free = 0
            while step < len(words) and words[step] not in LIST_KINDS and (words[step] in LIST_LEADS or (
                    free < 2 and step > 0 and words[step].isalpha() and words[step] not in PHRASE_STOPS
                    and not tokens[j + step].is_capitalized)):
                free += words[step] not in LIST_LEADS
                step += 1
            if step < len(words) and words[step] in LIST_KINDS:
                step += 1
            elif step:  # leading words without a kind ("the ..."): not a connector
                step = 0
        if not step or j + step >= hi:
            return j
        j += step


def appositive(tokens: list[Token], k: int) -> bool:
    """Is the preposition at ``k`` inside ", a town (east) of/near X" that says where the place before it lies?"""
    words = [t.lower for t in tokens[max(0, k - 4):k + 1]]
    for i in range(len(words) - 1):
        j = max(0, k - 4) + i
        if j > 0 and "," in tokens[j - 1].glue and words[i] in ("a", "an", "the") and words[i + 1] in APPOSITIVE_KINDS:
            return True
    return False


def starts_a_verb_phrase(token: Token) -> bool:
    """"not", or a lower-case "-ing" word (a participle, rarely a noun after a place name)."""
    word = token.lower
    return not token.is_capitalized and (word in ("not", "never") or len(word) > 5 and word.endswith("ing"))


def phrase_end(tokens: list[Token], entities: list[Entity], k: int, hi: int) -> int:
    """One past the noun phrase after a preposition: it ends at punctuation or a clause word,
    except where a list of countries or places goes on ("on Pakistan, Iraq, and Syria", "on Tyre,
    the southern towns of Kfar Kila and Khiam, as well as Hermel")."""
    starts = {e.first for e in entities if e.is_state and e.kind == "name"}
    j = k + 1
    while j < hi and j - k <= MAX_PHRASE:
        nxt = j + 1
        skipped = connector_end(tokens, nxt, hi) if nxt < hi else nxt
        if skipped > nxt and skipped < hi and tokens[skipped].is_capitalized:
            j = skipped
            continue
        if nxt < hi and tokens[nxt].lower == "and":
            nxt += 1
            skipped = connector_end(tokens, nxt, hi)
            if skipped > nxt and skipped < hi and tokens[skipped].is_capitalized:
                j = skipped
                continue
        if j + 1 < hi and starts_a_verb_phrase(tokens[j + 1]):
            return j + 1  # "concerns over Tehran not forewarning Islamabad": the noun phrase has ended
        if any(c in tokens[j].glue for c in ",.;:()\"“”") or (j + 1 < hi and tokens[j + 1].lower in PHRASE_STOPS):
            if nxt < hi and tokens[nxt].lower in DIRECTION_WORDS and nxt + 1 in starts:
                nxt += 1  # "in western Iraq and eastern Syria"
            if nxt in starts or (nxt < hi and tokens[nxt].lower == "and" and nxt + 1 in starts):
                j = nxt
                continue
            aside = _aside_end(tokens, j, hi)
            if aside is not None:  # "Tyre, near the coast, and the hill town of Qana": the list goes on
                j = aside
                continue
            if "," in tokens[j].glue or "(" in tokens[j].glue or ")" in tokens[j].glue or (
                    j + 1 < hi and tokens[j + 1].lower == "and"):  # "Ayn al-Arab (Kobani), Amuda"
                # a list of places: ", al-Mayadin and Albu Kamal"
                k2 = nxt + 1 if nxt < hi and tokens[nxt].lower in ("al", "el", "ad", "as", "ash") else nxt
                if k2 + 1 < hi and tokens[k2].lower == "the" and tokens[k2 - 1].lower == "and":
                    # "the Belbek air base and the Saki airfield": a second named place; "Hodeidah and the
                    # capital Sanaa", "the south and the eastern Bekaa Valley": led by a kind or a direction
                    lead = k2 + 1
                    while lead < min(hi, k2 + 4) and tokens[lead].lower in _SECOND_LEADS:
                        lead += 1
                    if lead < hi and tokens[lead].is_capitalized:
                        k2 = lead
                if k2 < hi and tokens[k2].is_capitalized and tokens[k2].lower not in PHRASE_STOPS:
                    j = nxt
                    continue
            return j + 1
        j += 1
    return min(j, hi)


_ASIDE_LEADS = frozenset("near outside close where which whose".split())


def _aside_end(tokens: list[Token], j: int, hi: int) -> int | None:
    """Where ", near the coast," or ", where the rebels run the docks," ends when a list goes on after it
    (", and the hill town of X"); else None."""
    if "," not in tokens[j].glue or j + 1 >= hi or tokens[j + 1].lower not in _ASIDE_LEADS:
        return None
    reach = 9 if tokens[j + 1].lower in ("near", "outside", "close") else 14  # a relative clause runs longer
    close = next((c for c in range(j + 2, min(hi - 1, j + reach)) if "," in tokens[c].glue), None)
    if close is None or tokens[close + 1].lower != "and":
        return None
    lead = connector_end(tokens, close + 2, hi)
    return close if lead < hi and tokens[lead].is_capitalized else None


# Words between "and the" and the next name of a list: "and the capital Sanaa", "and the eastern Bekaa Valley".
_SECOND_LEADS = LIST_KINDS | DIRECTION_WORDS | frozenset("capital port coastal border nearby of".split())


def object_before(tokens: list[Token], entities: list[Entity], trigger_index: int, k: int) -> bool:
    """Are the words between a strike verb and the preposition at ``k`` only its object, so the
    preposition says where the strike was? "hit radar sites and drone stores near Hodeidah",
    "struck oil and power facilities around Qamishli" (not a new clause, a speaker, or a state)."""
    if not 0 < k - trigger_index <= 9:
        return False
    states = {j for e in entities if e.is_state for j in range(e.first, e.last + 1)}
    for j in range(trigger_index, k):
        if any(c in tokens[j].glue for c in ",.;:()\"“”"):
            return False
        word = tokens[j].lower
        if j > trigger_index and (j in states or word in LOCATIVES or word in SPEAKING
                                  or (word in PHRASE_STOPS and word != "and")):
            return False
    return True


def speaking_before(words: list[str], k: int, trigger_index: int) -> bool:
    """Is the preposition at ``k`` about where someone spoke ("said Wednesday in Davos")?

    Not when the strike word comes between: "Tehran said the strikes in Iraq ...".
    """
    if words[k + 1:k + 2] == ["what"] and any(w in _NAMING for w in words[k + 2:k + 6]):
        return True  # "in what Ankara called a defensive operation": who names it, not where
    spoke = [i for i in range(max(0, k - 8), k) if words[i] in SPEAKING and not hedge(words, i)]
    return bool(spoke) and not spoke[-1] < trigger_index <= k


_NAMING = frozenset("called calls call described describes termed terms dubbed dubs labelled labeled".split())


def hedge(words: list[str], i: int) -> bool:
    """"strikes on what it said were militant hideouts in X": the speaker only qualifies the target;
    "a strike that it said killed two children in X", "the strike, which officials said hit a school in X":
    a relative clause tells the strike's toll or object through a speaker."""
    if i + 1 >= len(words):
        return False
    lead = words[max(0, i - 3):i]
    if "what" in lead and words[i + 1] in ("were", "was", "are", "is"):
        return True
    return any(w in ("that", "which") for w in lead) and words[i + 1].endswith("ed") and words[i] in ("said", "says")


_SEAS = frozenset("gulf sea strait bay ocean coast waters".split())


_GARRISONS = frozenset("base bases forces troops soldiers personnel embassy consulate".split())


def countries_in_phrase(words: list[str], entities: list[Entity], k: int) -> list[str]:
    """Country names right after a locative, and the list that may follow ("on Pakistan, Iraq and Syria")."""
    found = []
    expected = k + 1
    for e in sorted(entities, key=lambda e: e.first):
        gap = [w for w in words[expected:e.first] if w not in ("the", "and", "or", "northern", "southern",
                                                               "eastern", "western", "neighbouring")]
        # "in the territory of Iran", "in three of Russia's oblasts", "in an industrial zone of Syria"
        # (not "in the Gulf of Oman": a sea by a country is none of its land)
        part_of = (not found and 2 <= len(gap) <= 5 and gap[-1] == "of" and not set(gap) & _SEAS
                   and all(w.isalnum() and not w[:1].isupper() for w in words[expected:e.first]))
        if (gap and not part_of) or not e.is_state:
            break
        # "in Baghdad": a capital after a preposition is a place in its country (the finder places it).
        border_nearby = words[k] == "near" and e.last + 1 < len(words) and words[e.last + 1] == "border"
        # "at US base in Qatar", "on US forces in Iraq": whose the base is, not where it stands.
        garrison = e.last + 1 < len(words) and words[e.last + 1] in _GARRISONS
        if (e.kind in ("name", "capital") and not garrison) or (e.kind == "demonym" and e.last + 1 < len(words)
                                             and words[e.last + 1] in TERRITORY_WORDS and not border_nearby):
            found.append(e.code)
        expected = e.last + 1
    return found


def most_precise(places: list[Place]) -> Place | None:
    return min(places, key=lambda p: p.precision.rank) if places else None


def impact_places(targets: dict[str, list[Place]], section: Section) -> list[tuple[str, Place | None]]:
    """One (country, place) per strike: each named town, and each named province that holds none of
    them ("in Khost and Paktika provinces" is two strikes); else the most precise area or the country."""
    pairs: list[tuple[str, Place | None]] = []
    for country, places in targets.items():
        if section is Section.CAPTION:
            pairs.append((country, None))
            continue
        towns: list[Place] = []
        for place in sorted(places, key=lambda p: p.precision.rank):
            # Neighbouring towns are separate strikes (Rafah and Khan Younis are 9 km apart); the same
            # town named twice, or a town and its own district, is one.
            if place.precision.rank <= Precision.DISTRICT.rank and all(
                    t.name != place.name and (distance_km(t, place) > SAME_PLACE_KM or big_neighbours(t, place))
                    for t in towns):
                towns.append(place)
        # "Zhuliany airport in Kyiv", "Dahiyeh in Beirut": a suburb named with its metropolis is the metropolis's
        # strike (a site keeps its own point).
        towns = [t for t in towns if t.precision is Precision.SITE or not any(
            m is not t and (m.population or 0) >= METROPOLIS and (t.population or 0) < (m.population or 0)
            and distance_km(m, t) <= METROPOLIS_KM for m in towns)]
        provinces: list[Place] = []
        for place in places:
            if place.precision is Precision.PROVINCE and not any(area_holds(place, t) for t in towns) and all(
                    p.name != place.name for p in provinces):
                provinces.append(place)
        # "Tyre and the eastern Bekaa Valley": a named region beside named towns or provinces, holding none, is a
        # strike of its own (alone, a region is the area's most precise place anyway). Not "southern Israel":
        # a country's direction is a third of it cut by a ruler and only says where the towns lie.
        regions = [p for p in places if p.precision is Precision.REGION and (towns or provinces)
                   and not (p.source or "").endswith("(derived)") and not any(area_holds(p, t)
                                                                           for t in towns + provinces)]
        named = towns + provinces + list({p.name: p for p in regions}.values())
        pairs += [(country, place) for place in named] or [(country, most_precise(places))]
    return pairs


def area_holds(area: Place, town: Place) -> bool:
    if town.admin1 and town.admin1 == area.admin1 and town.country == area.country:
        return True  # "Yeysk (Krasnodar region)": the town's own province, whatever its trimmed extent
    if area.bbox is not None:
        west, south, east, north = area.bbox
        return west <= town.lon <= east and south <= town.lat <= north
    return distance_km(area, town) <= area.radius_km


def span_text(tokens: list[Token]) -> str:
    return join_tokens(tokens).strip(" ,.;:")


def named_before(tokens: list[Token], k: int, taken: frozenset[int]) -> bool:
    """Does a name end right before ``k``, or before at most three lower-case words of its kind ("Yavoriv
    military training ground near")? Not a state's word ("Russian troops near Bakhmut")."""
    j = k - 1
    while j >= 0 and k - j <= 3 and tokens[j].text.isalpha() and not tokens[j].is_capitalized and not (
            tokens[j].lower.endswith("ed") or tokens[j].lower in ("were", "was", "is", "are", "been", "heard")):
        j -= 1
    # "Kstovo, near Nizhny Novgorod": a comma may set the landmark off
    return (j > 0 or j == k - 1 == 0) and tokens[j].is_capitalized and j not in taken and not any(
        t.glue.strip(" -") for t in tokens[j:k - 1]) and tokens[k - 1].glue.strip(" -") in ("", ",")


def inside_another(tokens: list[Token], targets: dict[str, list[Place]], entities: list[Entity] = ()
                   ) -> dict[str, list[Place]]:
    """"the Bazan oil refinery in Haifa": a name read as a town of one country ("Bazan", an old name of a
    North Korean town) but written as lying in a place of another is no place of its own; nor is "the Dnipro
    hydroelectric dam in Zaporizhzhia" the city of Dnipro, 70 km away; nor "Pokrovsk in eastern Ukraine" the Russian
    town once called Pokrovsk. A country left with no place is no target."""
    places = [p for found in targets.values() for p in found if p.note]
    if not places:
        return targets
    text = join_tokens(tokens)
    countries = [e for e in entities if e.is_state and e.kind == "name"]
    # (a plain search first: most places are not followed by "in")
    dropped = {id(p) for p in places for e in countries if e.code != p.country and f"{p.note} in " in text
               and re.search(rf"\b{re.escape(p.note or '')}\s+in\s+(?:(?:the\s+)?[a-z]+ern\s+)?{re.escape(e.text)}\b",
                             text)}
    if len(places) < 2 and not dropped:
        return targets
    dropped |= {id(p) for p in places for q in places if p is not q and _written_inside(text, p, q)}
    if not dropped:
        return targets
    return {c: kept for c, found in targets.items() if (kept := [p for p in found if id(p) not in dropped])
            or not found}


def _written_inside(text: str, place: Place, other: Place) -> bool:
    """Is ``place`` written as lying in ``other`` ("Bazan oil refinery in Haifa") though the gazetteer put it
    in another country, or ("Dnipro hydroelectric dam in Zaporizhzhia") as a far town of the same one?"""
    if place.country == other.country and not (place.precision is Precision.CITY and other.precision.is_point
                                               and distance_km(place, other) > SAME_PLACE_KM):
        return False
    words = "{1,3}" if place.country == other.country else "{0,3}"  # a facility's words between, in one country
    return bool(re.search(rf"\b{re.escape(place.note or '')}(?:\s+(?!and\b|or\b|in\b|at\b)[a-z]+){words}"
                          rf"\s+(?:in|at)\s+(?:the\s+)?(?:[a-z]+\s+(?:of\s+)?)?{re.escape(other.note or '')}\b", text))


def describes(token: Token) -> bool:
    """A word between a state's adjective and its strike word that only describes the strike ("ballistic",
    "missile", "alleged"), not a verb or a preposition ("backed", "for", "visiting")."""
    word = token.lower
    return word in WEAPONS or word in FORCE_WORDS or word in _HEDGES or (
        word.isalpha() and not token.is_capitalized and word not in PHRASE_STOPS and word not in LOCATIVES
        and word not in STRIKE_VERBS and word not in LAUNCH_VERBS and not word.endswith(("ed", "ing")))


_HEDGES = frozenset("alleged suspected reported unprecedented coordinated combined renewed repeated sustained".split())


def set_off(tokens: list[Token], entity: Entity, t: int) -> bool:
    """Is a state named "with"/"by" in an aside a comma closes before the strike word ("Kenyan jets, in a joint
    operation with Somali troops, bombed ...")?"""
    return entity.first > 0 and tokens[entity.first - 1].lower in ("with", "by") and any(
        "," in tokens[k].glue for k in range(entity.last, t))
