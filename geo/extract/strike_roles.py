"""Who struck and which country was struck, for one strike word of a clause.

:class:`Roles` reads a clause's tokens and entities and the :class:`Discourse` of the sentences before
(for "its strikes", "the attack"); :class:`~geo.extract.extractor.Extractor` asks it for each strike word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..gazetteer.borders import near_country
from ..gazetteer.index import Gazetteer
from ..models import DateRange, Mention, Place, Precision
from ..read import dates as dates_mod
from ..read.lexicon import (
    LAUNCH_VERBS,
    LOCATIVES,
    NONSTATE_NOUNS,
    SPEECH_VERBS,
    STRIKE_NOUNS,
    STRIKE_VERBS,
    TERRITORY_WORDS,
    WEAPONS,
    Entity,
    Lexicon,
    Token,
)
from ..read.sentences import Clause
from .places import PlaceFinder
from .strike_details import known_town_struck
from .strike_phrases import (
    after_preposition,
    appositive,
    comma_positions,
    countries_in_phrase,
    object_before,
    phrase_end,
    span_text,
    speaking_before,
)
from .strike_triggers import Trigger
from .strike_words import (
    AGENT_BRIDGE,
    BLAME_WORDS,
    DETERMINERS,
    FORCE_WORDS,
    GATHERINGS,
    INCLUDE,
    KNOWN_TOWN,
    MILITARY_WORDS,
    NEAR_STORY_KM,
    NOT_AGENT_BY,
    OWNED_TARGETS,
    PRONOUNS,
    SPEAKER_NOUNS,
    STOP_AFTER_TARGET,
)


@dataclass
class Discourse:
    """What the text has been talking about, for "its strikes" and "that operation"."""

    actor: str | None = None
    last: Mention | None = None
    pairs: dict[str, Mention] = field(default_factory=dict)
    pair_dates: dict[tuple[str, str], DateRange] = field(default_factory=dict)
    topic_fresh: bool = False
    partners: dict[str, tuple[str, ...]] = field(default_factory=dict)  # joint strikes: "the US and UK"
    last_sentence: tuple[Mention, ...] = ()  # the mentions of the last sentence that told a strike
    since_last: int = 0  # sentences read since then
    last_day: DateRange | None = None  # the day of the last strike told with one
    actor_days: list[tuple[int, str, DateRange]] = field(default_factory=list)  # dated strikes with no place
    pending: Mention | None = None  # a strike of the sentence just read whose place is not given yet
    orphans: list[Mention] = field(default_factory=list)  # strikes told with no actor, and their places:
    orphan_places: list[dict[str, list[Place]]] = field(default_factory=list)
    blamed: list[tuple[int, str, str | None]] = field(default_factory=list)  # (where, state blamed, by whom)


class Roles:
    """Actor and target rules over one clause; the gazetteer, lexicon and place finder load once."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, places: PlaceFinder) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.places = places

    def actor(self, tokens: list[Token], entities: list[Entity], clause: Clause, trigger: Trigger,
              discourse: Discourse) -> tuple[str | None, str, Entity | None]:
        """Who struck, for one strike word: "by X", the subject, "X said it struck", the story's last actor.

        Long because: the first rule that names an actor wins, and the order is the rule."""
        t = trigger.index
        words = [tok.lower for tok in tokens]
        # "strikes by Iran" / "carried out by Pakistan's air force"
        # "the strike on its consulate, which Tehran blamed on Israel": the blame may sit in a relative clause.
        blamed = self._attributed_actor(tokens, self.lexicon.entities(tokens) if clause.holes else entities, clause, t)
        if blamed is not None:
            return blamed
        told = self._strike_told_more(tokens, clause)
        if told is not None:
            return told, "explicit", None  # "US strikes on Sunday, in which B-2 bombers dropped bombs on X"
        if t + 2 < len(words) and words[t + 1] == "of" and words[t] in STRIKE_NOUNS:
            # "an air strike of American forces": the forces the strike is "of".
            owner = next((e for e in entities if e.first in (t + 2, t + 3) and e.is_state
                          and e.last + 1 < len(words) and words[e.last + 1] in FORCE_WORDS), None)
            if owner is not None:
                return owner.code, "explicit", None
        for e in entities:  # "the coalition led by the US and UK struck ..."
            by = e.first - 1 if e.first > 0 and words[e.first - 1] != "the" else e.first - 2
            if e.first < t and by >= 1 and words[by] == "by" and words[by - 1] == "led" and e.is_state:
                return e.code, "explicit", None
        for e in entities:
            by = e.first - 1 if e.first > 0 and words[e.first - 1] != "the" else e.first - 2
            # "strikes (carried out / believed to have been launched) by Iran"; not "the attack followed
            # weeks of efforts by the United States".
            if t < e.first <= t + 8 and by >= 0 and words[by] == "by" and words[by - 1] not in NOT_AGENT_BY and all(
                    w in AGENT_BRIDGE or w in STRIKE_VERBS or w in LAUNCH_VERBS or w in WEAPONS
                    for w in words[t + 1:by]):
                groups_of = any(g.first == e.last + 1 and not g.is_state for g in entities) or (
                    e.last + 1 < len(words) and words[e.last + 1] in NONSTATE_NOUNS)
                if not e.is_state or groups_of:
                    return None, "group", None  # "a drone launched by Yemen's Houthis"
                return e.code, "explicit", None
        if t > 0 and words[t - 1] in ("was", "were", "been", "being") and not words[t].endswith("ing"):
            # "US forces ... have been targeted by drones": the subject was hit, it did not strike.
            return (discourse.actor, "discourse", None) if discourse.actor else (None, "", None)
        by_groups = [k for k in range(t + 1, min(len(words), t + 22)) if words[k] == "by"
                     and words[k - 1] not in NOT_AGENT_BY and any(w in NONSTATE_NOUNS for w in words[k + 1:k + 11])]
        if by_groups:
            return None, "group", None  # "claimed by ... Iran-aligned Iraqi armed groups"
        origin = self._launch_origin(tokens, entities, t)
        if origin is not None and not any(e.is_state and e.first < t for e in entities):
            return origin, "explicit", None  # "Missiles launched from inside Iran"
        # "Iranian missiles", "Israel's strike", "US military strikes": the word right before the trigger.
        for e in entities:
            between = range(e.last + 1, t)
            # "Washington called the strikes ...": a speaker names someone else's strike.
            if not (t - 3 <= e.last < t) or any(words[k] in LOCATIVES or words[k] in ("of", "from", "to")
                                                or words[k] in SPEECH_VERBS for k in between):
                continue
            if e.modifier or not e.is_state:
                return None, "group", None  # "Islamic State bombings", "Iran-backed militia attacks"
            # "after an Israeli strike on X": an adjective right before the strike word is its actor, even
            # inside a prepositional phrase.
            adjective = (e.kind == "demonym" or e.possessive) and e.last == t - 1
            # "killed in US air forces attack in Paktia": a state named before its forces' strike word.
            forces = all(words[k] in FORCE_WORDS or words[k] in WEAPONS for k in between) and bool(between)
            if adjective or forces or not after_preposition(words, e.first, clause.lo, self.lexicon.one_word_names,
                                                  comma_positions(tokens)):
                return e.code, "explicit", None
        speech = [k for k in range(clause.lo, t) if words[k] in SPEECH_VERBS]
        subject_from = speech[-1] + 1 if speech else clause.lo
        if speech and words[speech[-1]].startswith("claim") and any(w in STRIKE_NOUNS for w in words[
                speech[-1] + 1:speech[-1] + 5]) and any(not e.is_state and clause.lo <= e.first < speech[-1]
                                                        for e in entities):
            return None, "group", None  # "Jaish al-Adl has claimed attacks ..., including a raid on X": the group's
        if speech:
            # "Israel said it killed a Hezbollah leader in an air strike": "it" right after the speech verb is
            # the speaker, whatever the object names.
            right_after = [w for w in words[speech[-1] + 1:speech[-1] + 5] if w not in ("that", "on", "late")]
            speakers = [e for e in entities if clause.lo <= e.first < speech[-1] and e.is_state]
            if speakers and right_after[:1] and right_after[0] in ("it", "they", "we") or (
                    speakers and right_after[1:2] and right_after[1] in ("it", "they", "we")
                    and right_after[0] in dates_mod.WEEKDAYS):
                first = speakers[0]
                phrase = span_text(tokens[first.first:speech[-1]])
                return first.code, "speaker", replace(first, text=phrase or first.text)
        for e in entities:
            if subject_from <= e.first < t and not after_preposition(
                    words, e.first, subject_from, self.lexicon.one_word_names, comma_positions(tokens)):
                if e.modifier:
                    continue
                return (e.code, "explicit", None) if e.is_state else (None, "group", None)
        if speech:
            speakers = [e for e in entities if clause.lo <= e.first < speech[-1] and e.is_state]
            said_it = any(words[k] in PRONOUNS or (words[k] == "country" and words[k - 1] == "the")
                          for k in range(speech[-1] + 1, t + 1))
            # "the Israeli army announced the killing of X in airstrikes": a military reports its own strikes.
            military = bool(speakers) and (speakers[0].kind == "force" or (
                speakers[0].last + 1 < len(words) and words[speakers[0].last + 1] in MILITARY_WORDS))
            if speakers and (said_it or military and words[speech[-1]] in ("announced", "confirmed")):
                first = speakers[0]
                phrase = span_text(tokens[first.first:speech[-1]])
                return first.code, "speaker", replace(first, text=phrase or first.text)
        pronoun = any(words[k] in PRONOUNS or words[k] in ("the", "those", "these")
                      for k in range(max(clause.lo, t - 3), t))
        # "the strikes", "a drone attack", "drones attacked an oil refinery": the strike the text is about.
        # "missiles got through and hit X": the weapons are the subject of both verbs.
        reach = 6 if t > 0 and words[t - 1] == "and" else 3
        bare_noun = words[t] in STRIKE_NOUNS or any(w in WEAPONS for w in words[max(clause.lo, t - reach):t])
        # "An air strike on Monday destroyed ..." opening a story introduces a strike; whose, the text may
        # say later. "A drone attack was reported in ..." in its middle continues the story's strikes.
        opening = discourse.last is None and any(w in ("a", "an") for w in words[max(clause.lo, t - 3):t])
        if (pronoun or bare_noun) and discourse.actor and not opening:
            return discourse.actor, "discourse", None
        return None, "", None

    def _attributed_actor(self, tokens: list[Token], entities: list[Entity], clause: Clause, t: int
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
                blamed = [e for e in entities if k < e.first < t and "for" in words[e.last + 1:t + 1]] or [
                    e for e in entities if t < e.first <= t + 4 and words[e.first - 1] == "on"]
                # "militias that the United States blamed for the strike": the blamed come before the blamer.
                relative = next((r for r in range(k - 1, max(clause.lo, k - 6) - 1, -1)
                                 if words[r] in ("that", "which", "whom", "who")), None)
                groups = any(w in NONSTATE_NOUNS for w in words[k + 1:t]) or (
                    relative is not None and any(w in NONSTATE_NOUNS for w in words[max(0, relative - 8):relative]))
                if not blamed and groups:
                    return None, "group", None
            else:  # "the strike, which X blamed on Y"
                blamed = [e for e in entities if k < e.first <= k + 6 and "on" in words[k + 1:e.first]]
            if not blamed:
                continue
            first = blamed[0]
            if not first.is_state or first.modifier:
                return None, "group", None
            by = [e for e in entities if e.is_state and e.first < k and e.code != first.code]
            return first.code, "attributed", by[-1] if by else None
        return None

    def _strike_told_more(self, tokens: list[Token], clause: Clause) -> str | None:
        """The state whose strike a relative "in/during which ..." tells more of ("the attack followed US strikes
        early on Sunday, in which B-2 bombers hit Fordow"): its bombers and missiles are that state's."""
        words = [tok.lower for tok in tokens]
        if clause.relation != ("relative", None) or clause.lo < 2 or words[clause.lo] != "which" or words[
                clause.lo - 1] not in ("in", "during"):
            return None
        owners = [e for e in self.lexicon.entities(tokens) if e.is_state and not e.modifier
                  and clause.lo - 10 <= e.last + 1 < clause.lo - 1 and words[e.last + 1] in STRIKE_NOUNS]
        return owners[-1].code if owners else None

    def _launch_origin(self, tokens: list[Token], entities: list[Entity], t: int) -> str | None:
        """The state in "launched/fired from (inside) X" near a trigger."""
        words = [tok.lower for tok in tokens]
        for k in range(max(0, t - 2), min(len(words), t + 4)):
            if words[k] == "from" and k > 0 and words[k - 1] in ("launched", "fired", "flew", "came"):
                for e in entities:
                    if k < e.first <= k + 3 and e.is_state:
                        return e.code
        return None

    def targets(self, tokens: list[Token], entities: list[Entity], taken: frozenset[int], clause: Clause,
                actor: str,
                 story_states: set[str], trigger_index: int, allow_places: bool = True, explained: int = 0
                 ) -> dict[str, list[Place]]:
        """Countries struck, with the places named in each. Before ``explained`` lies the clause a "when"
        clause explains, where "of" names a place too ("Residents of Isfahan were woken when ...").

        Long because: a country named in the clause, the places after the strike word, and the story's
        pending place are tried in that order, and the order is the rule."""
        words = [t.lower for t in tokens]
        targets: dict[str, list[Place]] = {}
        for k in clause.indexes():
            # "in Iraq", "into Iran" ... and the object of a strike verb: "hitting the Barmal district".
            # "... the targeted areas include A, B and C": the list is what was struck.
            # ... but "the attack was carried out from ..." is a noun, with no object.
            is_object = k >= trigger_index and (words[k] in STRIKE_VERBS or words[k] in INCLUDE) and words[k] not in (
                "target", "targets") and not (k > 0 and words[k - 1] in DETERMINERS)
            # "drones set the Ryazan refinery on fire", "missiles damaged the port": the weapon's verb takes an object.
            is_object = is_object or (k == trigger_index + 1 and words[trigger_index] in WEAPONS)
            # "its bombardment of Qamishli", "the shelling of Kharkiv": "of" after a strike noun is its object.
            locative = words[k] in LOCATIVES or (words[k] == "of" and (k < explained or (
                k == trigger_index + 1 and words[trigger_index] in STRIKE_NOUNS)))
            if (not locative and not is_object) or speaking_before(words, k, trigger_index):
                continue
            if appositive(tokens, k) or (words[k] in ("near", "outside") and k > 0 and tokens[k - 1].is_capitalized
                                         and k - 1 not in taken and tokens[k - 1].glue.strip() in ("", ",")):
                continue  # "Koya, a town near Erbil", "in Muridke(,) near/outside Lahore": Erbil says where Koya is
            if k > 0 and words[k] != "of" and words[k - 1] in SPEAKER_NOUNS:
                continue  # "authorities in the Kurdistan region said": where the speakers are
            if 0 < k < explained and words[k - 1] in ("was", "were"):
                continue  # "the envoy was in Kabul when the strikes took place": where someone was
            if k < trigger_index and any(words[j] in STRIKE_NOUNS or words[j] in STRIKE_VERBS
                                         for j in range(clause.lo, k)):
                continue  # "an attack that killed a contractor near Kirkuk, and U.S. attacks on ...": the first's
            if any(words[b].startswith(("blam", "accus")) for b in range(trigger_index, k)):
                continue  # "... a militia that Washington blames for the deaths of soldiers in Jordan": another event
            end = phrase_end(tokens, entities, k, clause.hi)
            end = next((j for j in range(k + 1, end) if words[j] in GATHERINGS), end)  # "on the eve of a summit in X"
            phrase_entities = [e for e in entities if k < e.first < end]
            for country in countries_in_phrase(words, phrase_entities, k):
                if country != actor:
                    targets.setdefault(country, [])
            context = set(targets) | (story_states - {actor})
            if not allow_places:
                continue
            named = {c for c in countries_in_phrase(words, phrase_entities, k)}
            found = self.places.find(tokens, k + 1, end, context=context, taken=taken, strong=named)
            # "strikes on Jisr al-Shughur and Ariha in Idlib province": a province or district named in the
            # phrase says which country its towns are in.
            after_object = object_before(tokens, entities, trigger_index, k)
            anchors = {p.country for n, p in enumerate(found) if p.country and p.country != actor and (
                Precision.DISTRICT.rank <= p.precision.rank <= Precision.PROVINCE.rank
                or known_town_struck(p, n, k, trigger_index, after_object=after_object or k < explained)
                or (k > trigger_index and p.precision.is_point and (p.population or 0) >= KNOWN_TOWN
                    and self._near_story(p, story_states | {actor})))}
            if anchors - context:
                found = self.places.find(tokens, k + 1, end, context=context | anchors, taken=taken, strong=named)
            for place in found:
                # A place makes its country a target if the story is about that country, or if it is a
                # well-known town in its own right ("Russian missiles hit Kramatorsk"; the finder keeps
                # only big, exactly spelled towns outside the story's countries).
                if place.country and place.country != actor and (
                        place.country in targets or place.country in story_states or place.country in anchors
                        or place.precision is Precision.SITE):
                    targets.setdefault(place.country, []).append(place)
        passive = trigger_index >= 2 and words[trigger_index - 1] in ("was", "were") and allow_places
        if passive and not any(targets.values()):
            # "Kharkiv, Kremenchuk and Kryvyi Rih were hit": the places before a passive strike verb.
            context = set(targets) | (story_states - {actor})
            for place in self.places.find(tokens, clause.lo, trigger_index - 1, context=context, taken=taken):
                if place.country and place.country != actor and place.country in context | set(targets):
                    targets.setdefault(place.country, []).append(place)
        # "Iranian territory", "Pakistani soil" anywhere in the clause
        for e in entities:
            if (clause.lo <= e.first < clause.hi and e.kind == "demonym" and e.code != actor
                    and e.last + 1 < len(words) and words[e.last + 1] in TERRITORY_WORDS
                    and e.first > 0 and words[e.first - 1] in LOCATIVES | {"of"}
                    and not (words[e.last + 1] == "border" and "near" in words[max(0, e.first - 3):e.first])):
                # (not "in Hakkari province near the Iraqi border": that says where the strike was)
                targets.setdefault(e.code, [])
        if not targets and words[trigger_index] in STRIKE_VERBS:
            owner = _owner_of_object(tokens, words, entities, clause, trigger_index, actor)
            if owner is not None:
                targets[owner] = []
        return targets

    def _near_story(self, place: Place, countries: set[str]) -> bool:
        """Is a big town within reach of the countries the story is about ("Tehran fired missiles at a base
        in Erbil": Erbil is 150 km from Iran's border)? A namesake across the world is not."""
        return any(code and near_country(place, code, NEAR_STORY_KM) for code in countries)

    def weapons(self, tokens: list[Token], clause: Clause) -> tuple[str, ...]:
        return tuple(sorted({WEAPONS[t.lower] for t in tokens[clause.lo:clause.hi] if t.lower in WEAPONS}))

    def target_phrase(self, tokens: list[Token], clause: Clause, trigger: Trigger,
                      entities: list[Entity]) -> str | None:
        words = [t.lower for t in tokens]
        for k in range(trigger.index, clause.hi):
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


def _owner_of_object(tokens: list[Token], words: list[str], entities: list[Entity], clause: Clause, t: int,
                     actor: str) -> str | None:
    """"its forces struck Ukrainian military airfields", "jets bombed two Cambodian positions": with no place
    named at all, the demonym of the verb's object says whose they were. Not "hit Russian positions near
    Bakhmut" (they stood in the actor's own country), nor "which Russia uses to attack ..." (a habit)."""
    if words[t - 1] == "to" or any(words[j] in LOCATIVES and j + 1 < clause.hi and tokens[j + 1].is_capitalized
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
