"""Who struck and which country was struck, for one strike word of a clause.

:class:`Roles` reads a clause's tokens and entities and the :class:`Discourse` of the sentences before
(for "its strikes", "the attack"); :class:`~geo.extract.extractor.Extractor` asks it for each strike word.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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
from .strike_owners import (
    attributed_actor,
    capitals_named,
    group_subject,
    inside_territory,
    its_territory,
    joined_by_group,
    joint_with,
    landmark_countries,
    launch_origin,
    leads,
    near_story,
    owner_of_object,
    quoted_speaker,
    relative_doer,
    second_predicate,
    strike_told_more,
    striker_of,
    struck_at_home,
    talks_about,
    victims,
    victims_speaker,
)
from .strike_phrases import (
    after_preposition,
    appositive,
    comma_positions,
    countries_in_phrase,
    describes,
    inside_another,
    named_before,
    object_before,
    phrase_end,
    set_off,
    span_text,
    speaking_before,
)
from .strike_triggers import Trigger
from .strike_words import (
    AGENT_BRIDGE,
    DETERMINERS,
    FLEEING,
    FORCE_WORDS,
    GATHERINGS,
    INCLUDE,
    KNOWN_TOWN,
    MILITARY_WORDS,
    NOT_AGENT_BY,
    OWN_KIND,
    PASSIVE_ADVERBS,
    PRONOUNS,
    QUANTIFIERS,
    SPEAKER_NOUNS,
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
    responsible: list[tuple[int, str, str | None]] = field(default_factory=list)  # "X carried out the strike"


_AREAS = (Precision.DISTRICT, Precision.PROVINCE)
# "the country", "the agency": the speaker named again after its speech verb.
_SAME_SPEAKER = frozenset("country agency ministry service".split())
# Verbs of blasts whose object is where a strike told by a "when"/"as" clause landed.
_SHOOK = frozenset("rocked shook jolted rattled".split())


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
        blamed = attributed_actor(tokens, self.lexicon.entities(tokens) if clause.holes else entities, clause, t)
        if blamed is not None:
            return blamed
        told = strike_told_more(tokens, clause, self.lexicon)
        if told is not None:
            return told, "explicit", None  # "US strikes on Sunday, in which B-2 bombers dropped bombs on X"
        if t + 2 < len(words) and words[t + 1] == "of" and words[t] in STRIKE_NOUNS:
            # "an air strike of American forces": the forces the strike is "of".
            owner = next((e for e in entities if e.first in (t + 2, t + 3) and e.is_state
                          and e.last + 1 < len(words) and words[e.last + 1] in FORCE_WORDS), None)
            if owner is not None:
                return owner.code, "explicit", None
        if (partner := joint_with(words, entities, t)) is not None:  # "a joint air strike with the US military"
            return partner, "explicit", None
        for e in entities:  # "the coalition led by the US and UK struck ..."
            by = e.first - 1 if e.first > 0 and words[e.first - 1] != "the" else e.first - 2
            if e.first < t and by >= 1 and words[by] == "by" and words[by - 1] == "led" and e.is_state:
                return e.code, "explicit", None
        for e in entities:
            # "by the US", and "hit by a Russian missile"
            by = e.first - 1 if e.first > 0 and words[e.first - 1] not in ("the", "a", "an") else e.first - 2
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
        aux = t - 1
        while aux > clause.lo and words[aux] in PASSIVE_ADVERBS:
            aux -= 1  # "planes were also hit at X"
        if t > 0 and words[aux] in ("was", "were", "been", "being") and not words[t].endswith("ing"):
            # "US forces ... have been targeted by drones": the subject was hit, it did not strike.
            return (discourse.actor, "discourse", None) if discourse.actor else (None, "", None)
        by_groups = [k for k in range(t + 1, min(len(words), t + 22)) if words[k] == "by"
                     and words[k - 1] not in NOT_AGENT_BY and any(w in NONSTATE_NOUNS for w in words[k + 1:k + 11])]
        if by_groups:
            return None, "group", None  # "claimed by ... Iran-aligned Iraqi armed groups"
        origin = launch_origin(tokens, entities, t)
        if origin is not None and not any(e.is_state and e.first < t for e in entities):
            return origin, "explicit", None  # "Missiles launched from inside Iran"
        # "Iranian missiles", "Israel's strike", "US military strikes": the word right before the trigger.
        for e in entities:
            between = range(e.last + 1, t)
            # "Washington called the strikes ...": a speaker names someone else's strike.
            if not (t - 3 <= e.last < t) or any(words[k] in LOCATIVES or words[k] in ("of", "from", "to")
                                                or words[k] in SPEECH_VERBS for k in between) or any(
                    e.last < o.first < t and set(words[e.last + 1:o.first]) - {"and", "the"} for o in entities
            ) or set_off(tokens, e, t) or second_predicate(words, e, t):
                # (and "The White House backed Israel's strikes"; nor "Kenyan jets, in an operation with Somali ...")
                continue
            if e.modifier or not e.is_state:
                # "Islamic State bombings", "Iran-backed militia attacks"; but "Turkish drones and allied rebels
                # attacked": the state's forces first in the subject strike with the group
                return joined_by_group(words, entities, e) or (None, "group", None)
            # "after an Israeli strike on X": an adjective right before the strike word is its actor, even
            # inside a prepositional phrase.
            # "Iran's ballistic missile attack", "Russia's alleged drone strikes": words that only describe it.
            adjective = (e.kind == "demonym" or e.possessive) and all(describes(tokens[k]) for k in between)
            # "killed in US air forces attack in Paktia": a state named before its forces' strike word.
            forces = all(words[k] in FORCE_WORDS or words[k] in WEAPONS for k in between) and bool(between)
            if adjective or forces or leads(tokens, e, t) or not after_preposition(
                    words, e.first, clause.lo, self.lexicon.one_word_names, comma_positions(tokens)):
                return e.code, "explicit", None
        speech = [k for k in range(clause.lo, t) if words[k] in SPEECH_VERBS]
        subject_from = speech[-1] + 1 if speech else clause.lo
        # "Cambodian rockets hit X, and Thai jets answered by bombing Y": ", and" + a state starts a new subject
        subject_from = max([subject_from] + [e.first for e in entities if subject_from < e.first < t and e.is_state
                                             and words[e.first - 1] == "and" and "," in tokens[e.first - 2].glue])
        if speech and words[speech[-1]].startswith("claim") and any(w in STRIKE_NOUNS for w in words[
                speech[-1] + 1:speech[-1] + 5]) and any(not e.is_state and clause.lo <= e.first < speech[-1]
                                                        for e in entities):
            return None, "group", None  # "Jaish al-Adl has claimed attacks ..., including a raid on X": the group's
        if speech:
            # "Israel said it killed a Hezbollah leader in an air strike": "it" right after the speech verb is
            # the speaker, whatever the object names.
            right_after = [w for w in words[speech[-1] + 1:speech[-1] + 5] if w not in ("that", "on", "late")]
            speakers = [e for e in entities if clause.lo <= e.first < speech[-1] and e.is_state]
            if not speakers and right_after[:1] and right_after[0] in ("it", "they", "we") and any(
                    not e.is_state and clause.lo <= e.first < speech[-1] for e in entities):
                return None, "group", None  # "The Houthis said they fired a missile at Israel": the group's own
            # "Ukraine said its drones hit a depot": the speaker's own weapons or forces (not "its consulate was hit")
            own_arms = right_after[:1] and right_after[0] in ("its", "their", "our") and right_after[1:2] and (
                right_after[1] in FORCE_WORDS or right_after[1] in WEAPONS or right_after[1] in STRIKE_NOUNS)
            if speakers and right_after[:1] and (right_after[0] in ("it", "they", "we") or own_arms) or (
                    speakers and right_after[1:2] and right_after[1] in ("it", "they", "we")
                    and right_after[0] in dates_mod.WEEKDAYS):
                first = speakers[0]
                phrase = span_text(tokens[first.first:speech[-1]])
                return first.code, "speaker", replace(first, text=phrase or first.text)
        for e in entities:
            if subject_from <= e.first < t and not after_preposition(
                    words, e.first, subject_from, self.lexicon.one_word_names, comma_positions(tokens)):
                if e.modifier or victims(words[e.last + 1:t]) or talks_about(words, e.last + 1, t):
                    # "Four Kenyan troops were killed in a mortar attack": the subject was struck; "China voiced
                    # concern about the strikes": the subject only speaks of them
                    continue
                return (e.code, "explicit", None) if e.is_state else (None, "group", None)
        if speech:
            speakers = [e for e in entities if clause.lo <= e.first < speech[-1] and e.is_state]
            # "... said the country's", "the SBU said the agency's drones struck": the speaker again
            said_it = any(words[k] in PRONOUNS or (words[k] in _SAME_SPEAKER and words[k - 1] == "the")
                          for k in range(speech[-1] + 1, t + 1))
            # "the Israeli army announced the killing of X in airstrikes": a military reports its own strikes.
            military = bool(speakers) and (speakers[0].kind == "force" or (
                speakers[0].last + 1 < len(words) and words[speakers[0].last + 1] in MILITARY_WORDS))
            # "the US military said an air strike near X killed ...": its own kind of strike, told plainly
            plain = words[speech[-1]] in ("said", "says") and words[t] in OWN_KIND
            if speakers and (said_it or military and (words[speech[-1]] in ("announced", "confirmed") or plain)):
                first = speakers[0]
                if struck_at_home(tokens, entities, clause, t, first.code, self.places):
                    return striker_of(first.code, discourse.pair_dates)
                phrase = span_text(tokens[first.first:speech[-1]])
                return first.code, "speaker", replace(first, text=phrase or first.text)
        relative = relative_doer(tokens, t, self.lexicon)
        if relative is not None:  # "The strikes, which Israel said targeted depots, hit Tyre"
            return relative.code, "speaker", relative
        quoted = quoted_speaker(tokens, entities, t)
        if quoted is not None:  # '"We struck terrorist targets in Syria," the Turkish defence minister said.'
            return quoted.code, "speaker", quoted
        if group_subject(words, subject_from, t):
            return None, "group", None  # "The militias have launched attacks on U.S. forces": not the story's actor
        # "Most were shot down, but several hit X": a quantifier as the verb's subject counts the weapons just told.
        pronoun = any(words[k] in PRONOUNS or words[k] in ("the", "those", "these")
                      for k in range(max(clause.lo, t - 3), t)) or (
            t > clause.lo and words[t - 1] in QUANTIFIERS and words[t] in STRIKE_VERBS)
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
        owners: set[str] = set()  # "struck Iran's consulate": states named only as whose the object is
        plain: set[str] = set()
        placed = False  # any place found after a locative, even the actor's own
        landmarks = landmark_countries(tokens, entities, taken, clause, story_states - {actor}, self.places) - {actor}
        for k in clause.indexes():
            # "in Iraq", "into Iran" ... and the object of a strike verb: "hitting the Barmal district".
            # "the targeted areas include A, B and C", "the targets were A and B": the list is what was struck.
            is_object = k >= trigger_index and (words[k] in STRIKE_VERBS or words[k] in INCLUDE or words[k] in (
                "were", "was") and words[k - 1] in ("targets", "target")) and words[k] not in (
                "target", "targets") and not (k > 0 and words[k - 1] in DETERMINERS)
            # "drones set the Ryazan refinery on fire", "missiles damaged the port": the weapon's verb takes an object.
            is_object = is_object or (k == trigger_index + 1 and words[trigger_index] in WEAPONS)
            # "Explosions rocked Kyiv as Russia launched drones": what the blasts of the explained clause shook.
            is_object = is_object or (k < explained and words[k] in _SHOOK)
            # "its bombardment of Qamishli", "the shelling of Kharkiv": "of" after a strike noun is its object.
            locative = words[k] in LOCATIVES or (words[k] == "of" and (k < explained or (
                k == trigger_index + 1 and words[trigger_index] in STRIKE_NOUNS)))
            # "struck western Ukraine on Sunday, including the Lviv region": the places the strike took in
            locative = locative or (words[k] == "including" and k > trigger_index and "," in tokens[k - 1].glue)
            if (not locative and not is_object) or speaking_before(words, k, trigger_index):
                continue
            if k < trigger_index and any(words[j] in SPEECH_VERBS and "what" not in words[max(k, j - 4):j]
                                         for j in range(k + 1, trigger_index)):
                # "At a news conference in Tehran, the minister said Israeli jets struck ...": where he spoke
                # (not "blasts near Isfahan in what officials described as an Israeli strike")
                continue
            if appositive(tokens, k) or (words[k] in ("near", "outside") and named_before(tokens, k, taken)):
                # "Koya, a town near Erbil", "in Muridke near Lahore", "the Yavoriv training ground near Lviv":
                # Erbil only says where Koya is
                continue
            source = next((j for j in range(k - 1, max(trigger_index, k - 9), -1) if words[j] == "from"), None)
            if source is not None and "," in tokens[k - 1].glue and not any(
                    words[j] in LOCATIVES for j in range(source + 1, k)):
                continue  # "carried out from the direction of the Tanf area, in southeastern Syria": where it came from
            if words[k] in ("toward", "towards") and any(w in FLEEING for w in words[max(0, k - 3):k]):
                continue  # "sending thousands fleeing north towards the Turkish border": where people went
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
                    own = any(e.code == country and e.possessive for e in phrase_entities)
                    (owners if own else plain).add(country)
            context = set(targets) | (story_states - {actor}) | landmarks
            if not allow_places:
                continue
            named = {c for c in countries_in_phrase(words, phrase_entities, k)}
            found = self.places.find(tokens, k + 1, end, context=context, taken=taken, strong=named) + capitals_named(
                tokens, phrase_entities, k + 1, end, self.places)  # "strikes on the Afghan capital": Kabul
            # "strikes on Jisr al-Shughur and Ariha in Idlib province": a province or district named in the
            # phrase says which country its towns are in.
            after_object = object_before(tokens, entities, trigger_index, k)
            anchors = {p.country for n, p in enumerate(found) if p.country and p.country != actor and (
                Precision.DISTRICT.rank <= p.precision.rank <= Precision.PROVINCE.rank
                or known_town_struck(p, n, k, trigger_index, after_object=after_object or k < explained)
                or (k != trigger_index and p.precision.is_point and (p.population or 0) >= KNOWN_TOWN
                    and near_story(p, story_states | {actor})))}
            if anchors - context:
                found = self.places.find(tokens, k + 1, end, context=context | anchors, taken=taken, strong=named)
            # "Pakistani troops shelled Poonch district": the striker's own area is the other side's of its name
            found = [self.places.across(p, actor, context) if p.country == actor and p.precision in _AREAS else p
                     for p in found]
            placed = placed or bool(found)
            for place in found:
                # A place makes its country a target if the story is about that country, or if it is a
                # well-known town in its own right ("Russian missiles hit Kramatorsk"; the finder keeps
                # only big, exactly spelled towns outside the story's countries).
                if place.country and place.country != actor and (
                        place.country in targets or place.country in story_states | landmarks
                        or place.country in anchors or place.precision is Precision.SITE):
                    targets.setdefault(place.country, []).append(place)
        # "... were hit", and "Tyre and Baalbek were among the areas hit"
        passive = trigger_index >= 2 and allow_places and (words[trigger_index - 1] in ("was", "were") or any(
            words[j] == "among" and words[j - 1] in ("was", "were") for j in (trigger_index - 3, trigger_index - 2)
            if j >= 1))
        # (even when places follow: in "Kharkiv and Kryvyi Rih were hit, and the metro in Kyiv stopped", the
        # towns are the verb's own subject; not "a station in X, west of Daraa, was bombed", where Daraa is not)
        if passive and (not any(targets.values()) or not any(w in LOCATIVES for w in words[clause.lo:trigger_index])):
            # "Kharkiv, Kremenchuk and Kryvyi Rih were hit": the places before a passive strike verb.
            context = set(targets) | (story_states - {actor})
            for place in self.places.find(tokens, clause.lo, trigger_index - 1, context=context, taken=taken):
                if place.country and place.country != actor and place.country in context | set(targets):
                    targets.setdefault(place.country, []).append(place)
        territory = set()  # "Iranian territory", "Pakistani soil" anywhere in the clause
        for e in entities:
            if (clause.lo <= e.first < clause.hi and e.kind == "demonym" and e.code != actor
                    and e.last + 1 < len(words) and words[e.last + 1] in TERRITORY_WORDS
                    and e.first > 0 and words[e.first - 1] in LOCATIVES | {"of"}
                    and not (words[e.last + 1] == "border" and "near" in words[max(0, e.first - 3):e.first])):
                # (not "in Hakkari province near the Iraqi border": that says where the strike was)
                territory.add(e.code)
        targets = inside_another(tokens, inside_territory(targets, territory, entities), entities)
        for code in owners - plain:
            if not targets[code] and any(c != code and (c not in owners or targets[c]) for c in targets):
                del targets[code]  # "Iran's consulate in Damascus", "Russia's forces in Syria": the other is struck
        if not targets and allow_places:  # "an air strike 35 km southeast of Kismayo": Somalia, no more
            targets = {code: [] for code in landmarks}
        owner = its_territory(words, entities, clause, trigger_index, actor)
        if owner is not None:
            targets.setdefault(owner, [])
        if not targets and (words[trigger_index] in STRIKE_VERBS or words[trigger_index] in LAUNCH_VERBS):
            owner = owner_of_object(tokens, words, entities, clause, trigger_index, actor, unplaced=not placed)
            if owner is not None:
                targets[owner] = []
        mourner = victims_speaker(words, entities, clause, trigger_index, actor) if not targets else None
        return {mourner: []} if mourner else targets

    def weapons(self, tokens: list[Token], clause: Clause) -> tuple[str, ...]:
        return tuple(sorted({WEAPONS[t.lower] for t in tokens[clause.lo:clause.hi] if t.lower in WEAPONS}))
