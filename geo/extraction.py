"""Article -> :class:`~geo.models.Mention` s: who struck which country, where, when, with what.

Rules over sentences and clauses, not a statistical model: every mention can
be traced to the words that made it. A mention needs a strike word, a state
that acts (not "Iran-backed" militias, not the Islamic State), and a target
country different from the actor, named as a place the strike went *to* —
not where an official spoke, not a dateline, not a photo caption.

>>> from geo.text import read_text                                   # doctest: +SKIP
>>> article = read_text("Iran hits Erbil\\n\\nPublished: 2024-01-16\\n\\n"
...     "Iran's Revolutionary Guards fired missiles at Erbil in northern Iraq late Monday.")  # doctest: +SKIP
>>> mentions = Extractor().mentions(article)                          # doctest: +SKIP
>>> [(m.actor, m.target_country, m.place.name, str(m.date.day)) for m in mentions]  # doctest: +SKIP
[('IR', 'IQ', 'Erbil', '2024-01-15')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from . import dates as dates_mod
from .fusion import SAME_PLACE_KM
from .gazetteer import Gazetteer
from .geometry import distance_km
from .lexicon import (
    LAUNCH_VERBS,
    LOCATIVES,
    MODAL_WORDS,
    NEGATIONS,
    NON_STATE_ATTACK_WORDS,
    NONSTATE_NOUNS,
    SPEECH_VERBS,
    STRIKE_NOUNS,
    STRIKE_VERBS,
    TERRITORY_WORDS,
    WEAK_VERBS,
    WEAPONS,
    Entity,
    Lexicon,
    Token,
    join_tokens,
    tokenize,
)
from .models import Article, DatePrecision, DateRange, Evidence, Mention, Place, Precision, Section
from .places import PlaceFinder
from .sentences import Clause, split_clauses, split_sentences
from .text import caption_date, dateline

_KNOWN_TOWN = 100_000
_NEAR_STORY_KM = 1_500
_STOP_AFTER_TARGET = frozenset("in inside within on near across after with as into at from since during amid "
                               "killing and which who that while when where by".split())
_SPEAKING = frozenset("speaking spoke speech meeting met summit conference forum talks sidelines visit visiting "
                      "interview told said says addressing rally".split())
_PRONOUNS = frozenset("it its they their itself".split())
_RETALIATION = re.compile(r"\b(?:retaliat\w*|in response to|response to|responded|tit-for-tat|revenge|avenge)",
                          re.IGNORECASE)
_FATALITIES = re.compile(
    r"(?:kill(?:ed|ing|s)\s+(?:at\s+least\s+|some\s+|about\s+|around\s+|nearly\s+)?(?P<a>\d+|[a-z]+)\b)"
    r"|(?:(?P<b>\d+|[a-z]+)\s+(?:[a-z]+\s+){0,3}?(?:were|was|have\s+been|had\s+been|are)\s+(?:\w+\s+)?killed)"
    r"|(?:(?P<c>\d+|[a-z]+)\s+(?:people|civilians|militants|fighters|soldiers|children|members|persons)\s+dead)",
    re.IGNORECASE,
)
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "dozens": 24,
                "a": 1, "an": 1}
MIN_CONFIDENCE = 0.5
AFTERMATH_SENTENCES = 3
# "has struck ... hundreds of times over the past decade": a pattern, not a strike.
_HABITUAL = re.compile(r"\b(?:hundreds|dozens|scores|thousands) of times\b"
                       r"|\bover the (?:past|last) (?:decade|\w+ years)"
                       r"|\brepeatedly\b|\bregularly\b|\broutinely\b|\bfrequently\b|\bstepped up\b"
                       r"|\bhistorically\b|\bfor years\b", re.IGNORECASE)


@dataclass
class _Discourse:
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


@dataclass(frozen=True)
class _Trigger:
    index: int
    strong: bool
    weapons: tuple[str, ...]


class Extractor:
    """Finds strike mentions in articles.

    Parameters
    ----------
    gazetteer
        The offline gazetteer (default: the cached index).
    lexicon
        States, metonyms and groups (default: :meth:`Lexicon.load`).
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, lexicon: Lexicon | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.open()
        self.lexicon = lexicon or Lexicon.load()
        self.places = PlaceFinder(self.gazetteer, self.lexicon)

    # -- article level ---------------------------------------------------------------------------
    def mentions(self, article: Article) -> list[Mention]:
        """Every strike mention in the article's headline, story and captions."""
        if any("not in English" in w for w in article.warnings):
            return []
        anchor = (dates_mod.Anchor(article.published, lower_bound=article.published_source == "caption")
                  if article.published else None)
        sentences = list(self._sentences(article))
        # Each sentence is tokenized once: for the story's countries here and for its rules below.
        story_states = {e.code for paragraph, _, _, tokens, _ in sentences if paragraph.section.is_story
                        for e in self.lexicon.states(tokens)}
        discourse = _Discourse()
        found: list[Mention] = []
        for paragraph, sentence, start, tokens, photo_day in sentences:
            found += self._sentence(sentence, start, paragraph.section, anchor, photo_day, discourse, story_states,
                                    tokens)
        found += self._attribute_orphans(discourse)
        return _carry_days(found, discourse.actor_days)

    def _sentences(self, article: Article):
        """(paragraph, sentence, start in the article, tokens, photo day) of the headline, story and captions."""
        first_story = True
        for paragraph in article.paragraphs:
            if paragraph.section not in (Section.HEADLINE, Section.STORY, Section.CAPTION):
                continue
            text = paragraph.text
            if paragraph.section is Section.HEADLINE and " | " in text:
                # "Iraq | U.S. drone strike kills ...": a section label and the site's name around the title.
                longest = max(text.split(" | "), key=len)
                start = text.index(longest)
                text = " " * start + longest + " " * (len(text) - start - len(longest))
            if paragraph.section is Section.STORY and first_story:
                first_story = False
                match = dateline(text)
                if match:  # the dateline names where the reporter is, not where the strike was
                    text = " " * match.end() + text[match.end():]
            photo_day = caption_date(text) if paragraph.section is Section.CAPTION else None
            for sentence, offset in split_sentences(text):
                local = text.find(sentence, offset)
                yield paragraph, sentence, paragraph.start + local, tokenize(sentence), photo_day

    def _attribute_orphans(self, discourse: _Discourse) -> list[Mention]:
        """A strike told with no actor takes the state the article blames ("Iran and Syria blamed Israel"),
        the nearest such statement after it, else before it; with none, it stays out."""
        attributed = []
        for orphan, targets in zip(discourse.orphans, discourse.orphan_places, strict=True):
            after = [b for b in discourse.blamed if b[0] > orphan.evidence.start]
            before = [b for b in discourse.blamed if b[0] < orphan.evidence.start]
            blame = after[0] if after else (before[-1] if before else None)
            if blame is None:
                continue
            _, actor, by = blame
            for country, place in _impact_places({c: p for c, p in targets.items() if c != actor}, Section.STORY):
                attributed.append(replace(orphan, actor=actor, target_country=country,
                                          place=replace(place, note=None) if place else None,
                                          place_text=place.note if place else None,
                                          attributed_by=by or "the report", confidence=0.6))
        return attributed

    # -- sentence level ----------------------------------------------------------------------------
    def _sentence(self, sentence: str, start: int, section: Section, anchor: dates_mod.Anchor | None,
                  photo_day: date | None, discourse: _Discourse, story_states: set[str],
                  tokens: list[Token] | None = None) -> list[Mention]:
        tokens = tokenize(sentence) if tokens is None else tokens
        if not tokens:
            return []
        entities = self.lexicon.entities(tokens)
        # Words read as states or groups are not places, except capitals: "in Damascus" is a place.
        taken = frozenset(j for e in entities if e.kind != "capital" for j in range(e.first, e.last + 1))
        evidence = Evidence(sentence.strip(), start, start + len(sentence), section)
        mentions: list[Mention] = []
        clause_dates: list[DateRange | None] = []
        pending, discourse.pending = discourse.pending, None
        for clause in split_clauses(tokens):
            when = self._clause_date(sentence, tokens, clause, anchor, photo_day, clause_dates, discourse)
            clause_dates.append(when)
            for trigger in self._triggers(tokens, clause):
                own = _trigger_date(sentence, tokens, clause, trigger.index, anchor) if photo_day is None else None
                new = self._mention(sentence, tokens, entities, taken, clause, trigger, own or when, evidence,
                                    discourse, story_states, section)
                new = [m for m in new if not any(_same(m, k) for k in mentions)]
                for mention in new:  # later clauses of the sentence may say "those" for this strike
                    discourse.actor = mention.actor
                    discourse.last = mention
                    if mention.date.day and section is not Section.CAPTION:
                        discourse.last_day = mention.date
                    discourse.pairs[mention.actor] = mention
                    pair = (mention.actor, mention.target_country)
                    known = discourse.pair_dates.get(pair)
                    discourse.pair_dates[pair] = (dates_mod.intersect(known, mention.date) or known) if known \
                        else mention.date
                mentions += new
        if section is Section.STORY:
            discourse.blamed += _blame_statements(tokens, entities, evidence.start)
        if not mentions and section is Section.STORY and (discourse.last_sentence or pending):
            mentions = self._aftermath(tokens, taken, evidence, discourse.last_sentence, story_states, pending)
            own_day = next((d for d in clause_dates if d is not None and d.day), None)
            if own_day is not None:  # "the attack late on Tuesday killed two children in Panjgur"
                mentions = [replace(m, date=own_day) for m in mentions]
                words = {t.lower for t in tokens}
                if not mentions and words & _AFTERMATH and not words & (STRIKE_NOUNS | {"had"}):
                    # "Residents described heavy blasts shortly before midnight late Monday": the day of the
                    # strike just told, for its mentions that have none.
                    for actor in {m.actor for m in discourse.last_sentence if not m.date.day}:
                        discourse.actor_days.append((evidence.start, actor, own_day))
        told = tuple(m for m in mentions if m.evidence.section in (Section.STORY, Section.HEADLINE))
        # The strike stays "just told" for a few sentences of its own details (dead, damage, places).
        discourse.since_last = 0 if told else discourse.since_last + 1
        if told or discourse.since_last > AFTERMATH_SENTENCES:
            discourse.last_sentence = told
        subjects = [e for e in entities if e.is_state and not _after_preposition(
            [t.lower for t in tokens], e.first, 0, self.lexicon.one_word_names, _commas(tokens))]
        discourse.topic_fresh = False
        talked_of_strike = any(t.lower in STRIKE_NOUNS or t.lower in WEAPONS for t in tokens)
        # "Pakistan has called the Iranian strike a violation": the strike's own adjective names whose it is.
        owners = [e for e in entities if e.is_state and (e.kind == "demonym" or e.possessive)
                  and e.last + 1 < len(tokens) and tokens[e.last + 1].lower in STRIKE_NOUNS]
        if owners and not mentions:
            discourse.actor = owners[0].code
        elif subjects and not mentions and talked_of_strike and (
                subjects[0].first <= 2 or subjects[0].kind in ("force", "government")):
            # "Iran's had a busy week. Its strikes ..." -> Iran; "..., Iran's IRGC had put its name to it."
            discourse.actor = subjects[0].code
            discourse.topic_fresh = True
        elif subjects and not mentions and subjects[0].first <= 2 and not _reports_only(tokens, subjects[0]):
            discourse.actor = subjects[0].code  # "Iran's had a busy week. Its strikes in Pakistan ..."
        return mentions

    def _aftermath(self, tokens: list[Token], taken: frozenset[int], evidence: Evidence,
                   previous: tuple[Mention, ...], story_states: set[str], pending: Mention | None = None
                   ) -> list[Mention]:
        """"Pakistani jets carried out two air strikes inside Afghan territory. The deaths were reported in
        the border provinces of Khost and Paktika.": the sentence right after a strike, telling its dead or
        damage in places of the same country, places that strike. After a strike with no place yet ("the
        Guards fired missiles at exile groups' compounds. The heaviest blows fell on Koya ..."), places in
        a country the story is about, other than the actor's, place it."""
        words = [t.lower for t in tokens]
        if not any(w in _AFTERMATH for w in words) or any(w in MODAL_WORDS or w in NEGATIONS for w in words):
            return []
        countries = {m.target_country for m in previous}
        if not previous and pending is not None:
            countries = story_states - {pending.actor}
            previous = tuple(replace(pending, target_country=c) for c in countries)
        places = []
        for k, word in enumerate(words):
            if word in LOCATIVES and not _appositive(tokens, k):
                end = _phrase_end(tokens, [], k, len(tokens))
                places += self.places.find(tokens, k + 1, end, context=countries | story_states, taken=taken)
        by_country: dict[str, list[Place]] = {}
        for place in places:
            by_country.setdefault(place.country or "", []).append(place)
        found = []
        for place in (p for _, p in _impact_places(by_country, Section.STORY) if p is not None):
            for m in previous:
                if place.country == m.target_country and (m.place is None or m.place.precision.rank > 1
                                                          or m.place.name != place.name):
                    found.append(replace(m, place=replace(place, note=None), place_text=place.note, evidence=evidence,
                                         confidence=round(max(0.55, m.confidence - 0.2), 2)))
        return list({(m.actor, m.target_country, m.place): m for m in found}.values())

    def _clause_date(self, sentence: str, tokens: list[Token], clause: Clause, anchor: dates_mod.Anchor | None,
                     photo_day: date | None, earlier: list[DateRange | None], discourse: _Discourse
                     ) -> DateRange | None:
        lo, hi = tokens[clause.lo].start, tokens[clause.hi - 1].end
        previous = earlier[-1] if earlier else None
        if photo_day is not None:  # a caption: the photo's date is the news of the day
            base = DateRange(photo_day, photo_day, DatePrecision.DAY, f"photo dated {photo_day.isoformat()}")
            if clause.relation and clause.relation[0] == "after" and clause.relation[1]:
                return dates_mod.shift(base, -clause.relation[1], f"{clause.relation[1]} day(s) before the photo")
            return base
        # Dates inside the clause's relative clauses ("an attack that killed X on Friday, ...") are theirs.
        holes = [(tokens[a].start, tokens[b - 1].end) for a, b in clause.holes]
        own = [m for m in dates_mod.find_dates(sentence) if lo <= m.start() < hi
               and not any(a <= m.start() < b for a, b in holes) and not _bound_only(sentence, m)]
        before = _DAY_BEFORE.search(sentence, lo, hi)
        if before:
            # "On Saturday, the army announced ... strikes on Beirut the previous evening": the day before the
            # sentence's other day (or before publication).
            others = [r for m in dates_mod.find_dates(sentence) if (r := dates_mod.resolve_match(m, anchor)) and r.day]
            base = others[0].day if others else (anchor.day if anchor and not anchor.lower_bound else None)
            if base is not None:
                day = base - timedelta(days=1)
                return DateRange(day, day, DatePrecision.DAY, before.group(0))
        # "said on Thursday" dates the statement: the strike was that day or before.
        for match in sorted(own, key=lambda m: _is_speech_date(tokens, m)):
            resolved = dates_mod.resolve_match(match, anchor)
            if resolved is None:
                continue
            if _is_speech_date(tokens, match):
                # "X said on Wednesday it launched strikes": an announcement before the strike words dates
                # the strike; "..., X said Wednesday" after them only bounds it (it may be older news).
                strike_words = [t.start for t in tokens[clause.lo:clause.hi]
                                if t.lower in STRIKE_VERBS or t.lower in STRIKE_NOUNS or t.lower in LAUNCH_VERBS]
                after = [t.lower for t in tokens if t.start >= match.end()][:3]
                own_strike = bool({"it", "they", "we", "its", "their"} & set(after))  # "said on Monday it struck"
                if strike_words and match.start() < strike_words[0] and own_strike:
                    return replace(resolved, text=f"reported {resolved.text}")
                return DateRange(None, resolved.latest, DatePrecision.RANGE, f"reported {resolved.text}")
            return resolved
        if clause.relation and clause.relation[0] == "after" and previous is None and clause.lo > 0:
            # "The strike came about 24 hours after Iran fired at Iraq": the strike is the one just told.
            opening = {t.lower for t in tokens[:min(clause.lo, 4)]}
            if opening & {"the", "this", "it"} and opening & (STRIKE_NOUNS | {"it"}) and discourse.last_day:
                previous = discourse.last_day
        if clause.relation and clause.relation[0] == "after" and previous is not None:
            gap = clause.relation[1]
            if gap is not None:
                return dates_mod.shift(previous, -gap, f"{gap} day(s) before {previous.text}")
            return DateRange(None, previous.latest, DatePrecision.RANGE, f"before {previous.text}")
        if clause.relation and clause.relation[0] == "when":
            # "since April 2022, when similar raids ...": the date right before "when" is the clause's own.
            just_before = [m for m in dates_mod.find_dates(sentence) if 0 <= lo - m.end() <= 3]
            if just_before:
                return dates_mod.resolve_match(just_before[-1], anchor) or previous
            if previous is not None:
                return previous  # "Four were killed on Sunday when Israeli jets struck ..."
        if clause.relation and clause.relation[0] == "within" and discourse.last is not None:
            last = discourse.last
            base = discourse.pair_dates.get((last.actor, last.target_country), last.date)
            if base.earliest or base.latest:
                days = clause.relation[1] or 1
                return DateRange(base.earliest and dates_mod.shift(base, -days, "").earliest,
                                 base.latest and dates_mod.shift(base, days, "").latest, DatePrecision.RANGE,
                                 f"within {days} day(s) of the strike on {base.text}")
        return None

    # -- triggers ---------------------------------------------------------------------------------------
    def _triggers(self, tokens: list[Token], clause: Clause) -> list[_Trigger]:
        found: list[_Trigger] = []
        words = [t.lower for t in tokens]
        for i in clause.indexes():
            word = words[i]
            # Weapons may sit in a relative clause ("its strikes, which involved rockets and drones,").
            window = words[max(0, i - 4): i + 9]
            weapons = tuple(sorted({WEAPONS[w] for w in window if w in WEAPONS}))
            if word in STRIKE_NOUNS or word in STRIKE_VERBS:
                if i > 0 and words[i - 1] in NON_STATE_ATTACK_WORDS:
                    continue
                if any(w in _DEFENCE_WORDS for w in words[max(clause.lo, i - 3):i]):
                    continue  # "air defences destroyed 30 drones": an interception, not a strike
                if word in ("attack", "attacks", "bombing", "bombings") and not weapons and i > 0 \
                        and words[i - 1] in ("deadly", "twin", "car", "bomb", "knife", "terror", "cyber"):
                    continue
                strong = word not in WEAK_VERBS or bool(weapons) or any(w in STRIKE_NOUNS for w in window)
                if word == "strike" and i > 0 and words[i - 1] in ("to", "would", "will", "could"):
                    strong = False
                if word == "hit" and i + 1 < len(words) and words[i + 1] in ("back", "out"):
                    continue
                found.append(_Trigger(i, strong, weapons))
            elif word in LAUNCH_VERBS and any(w in WEAPONS or w in STRIKE_NOUNS for w in words[i + 1:i + 5]):
                found.append(_Trigger(i, True, weapons))
            elif word in WEAPONS and i + 1 < clause.hi and words[i + 1] in (
                    "struck", "hit", "slammed", "rained", "launched", "fired", "destroyed", "landed", "targeted"):
                found.append(_Trigger(i, True, weapons))
        return found

    def _modal(self, tokens: list[Token], clause: Clause, index: int) -> bool:
        """Threats, plans, conditions and denials are not strikes."""
        window = [t.lower for t in tokens[max(clause.lo, index - 7):index]]
        return any(w in MODAL_WORDS or w in NEGATIONS for w in window)

    # -- one mention ----------------------------------------------------------------------------------
    def _mention(self, sentence: str, tokens: list[Token], entities: list[Entity], taken: frozenset[int],
                 clause: Clause,
                 trigger: _Trigger, when: DateRange | None, evidence: Evidence, discourse: _Discourse,
                 story_states: set[str], section: Section) -> list[Mention]:
        clause_text = " ".join(tokens[i].text for i in clause.indexes())
        if self._modal(tokens, clause, trigger.index) or _HABITUAL.search(clause_text):
            return []  # "... along the Euphrates, where militias have kept positions for years": that clause only
        inside = set(clause.indexes())
        in_clause = [e for e in entities if e.first in inside]
        actor, how, speaker = self._actor(tokens, in_clause, clause, trigger, discourse)
        if actor is None and how == "" and trigger.strong and section is Section.STORY and not clause.relation:
            # "An air strike on Monday destroyed the consulate in Damascus." with no one named: kept until the
            # text says whom it is blamed on ("Syria blamed Israel.").
            found = self._targets(tokens, in_clause, taken, clause, "", story_states, trigger.index)
            if any(found.values()):
                discourse.orphans.append(Mention("", "", None, None, when or DateRange(), evidence,
                                                 weapons=trigger.weapons or self._weapons(tokens, clause)))
                discourse.orphan_places.append(found)
        # A relative or an earlier event's clause ("in retaliation for a strike that killed ...") names its own
        # actor or none: the story's current actor did not do it.
        if actor is None or (clause.relation and clause.relation[0] == "relative" and how != "explicit") or (
                clause.relation and clause.relation[0] in ("after", "amid") and how == "discourse"):
            return []
        # A caption's places are where the photo was taken: they never make a target.
        # "A hospital in Kyiv was hit on Monday when a Russian missile struck": the places of a "when"
        # clause's strike are in the clause it explains.
        # Not when that clause tells a strike of its own ("Iran fired at Israel, as the US struck Yemen").
        explained_has_strike = any(t.lower in STRIKE_NOUNS or t.lower in STRIKE_VERBS for t in tokens[:clause.lo])
        where = (Clause(0, clause.hi, clause.relation, clause.holes)
                 if clause.relation == ("when", None) and not explained_has_strike else clause)
        targets = self._targets(tokens, [e for e in entities if e.first in set(where.indexes())], taken, where,
                                actor, story_states, trigger.index, allow_places=section is not Section.CAPTION,
                                explained=clause.lo if where is not clause else 0)
        if how == "discourse" and not discourse.topic_fresh:
            # An actor taken from earlier sentences may only continue a strike already reported,
            # unless the sentence before made that state its subject.
            targets = {c: p for c, p in targets.items() if (actor, c) in discourse.pair_dates}
        anaphoric = any(t.lower in ("that", "this", "those", "these") for t in tokens[max(0, trigger.index - 2):
                                                                                       trigger.index])
        if not targets and how == "attributed" and speaker is not None and speaker.code != actor and not anaphoric:
            targets = {speaker.code: []}  # "Syria blamed Israel for the strike": Syria was struck (not "that attack")
        happened = how == "explicit" or any(w in _OCCURRED for w in (t.lower for t in tokens[trigger.index + 1:
                                                                                             trigger.index + 4]))
        # "The city had seen deadly strikes on Wednesday": the pluperfect tells background, not this report's day.
        background = "had" in (t.lower for t in tokens[clause.lo:trigger.index])
        if not targets and happened and not background and section is Section.STORY and when is not None and when.day:
            # "Turkish drones struck SDF positions on October 5. The targeted areas include ...": the day of a
            # strike whose places come later.
            discourse.actor_days.append((evidence.start, actor, when))
        if not targets and how == "explicit" and trigger.strong and section is Section.STORY:
            discourse.pending = Mention(actor, "", None, None, when or DateRange(), evidence,
                                        weapons=trigger.weapons or self._weapons(tokens, clause), confidence=0.75)
        if not targets:
            # "its strikes, which involved rockets, targeted Baloch militants": the country it struck before.
            previous = discourse.pairs.get(actor)
            its = trigger.index > 0 and tokens[trigger.index - 1].lower in ("its", "their")
            if previous is None or how == "discourse" or not trigger.strong or not its:
                return []
            targets = {previous.target_country: []}
        confidence = 0.35 + {"explicit": 0.2, "speaker": 0.15, "attributed": 0.15, "discourse": 0.0}[how]
        confidence += 0.15 if trigger.strong else 0.0
        confidence += 0.1 if when and (when.earliest or when.latest) else 0.0
        confidence += 0.05 if section is Section.HEADLINE else 0.0
        if re.search(r"\b(?:traded|trade|exchanged|exchange of|tit-for-tat)\b", sentence, re.I):
            confidence -= 0.15
        weapons = trigger.weapons or self._weapons(tokens, clause)
        # The dead of this clause's strike, not of another event in the sentence ("since 2022, when raids
        # killed dozens"); a "when" clause's dead are told in the clause it explains.
        span = where if clause.relation == ("when", None) else clause
        fatalities, reporter = _fatalities(sentence[tokens[span.lo].start:tokens[span.hi - 1].end], sentence)
        partners = (discourse.partners.get(actor, ()) if how == "discourse"
                    else _partners(tokens, in_clause, clause, trigger.index, actor))
        for code in (actor, *partners):
            discourse.partners[code] = tuple(c for c in (actor, *partners) if c != code)
        target_phrase = self._target_phrase(tokens, clause, trigger, in_clause)
        mentions = []
        for country, place in _impact_places(targets, section):
            score = confidence + (0.15 if place and place.precision.rank <= Precision.PROVINCE.rank else
                                  0.1 if place else 0.05)
            mention = Mention(
                actor=actor, target_country=country, place=place,
                place_text=place.note if place else None, date=when or DateRange(),
                evidence=evidence, weapons=weapons, target=target_phrase,
                fatalities=fatalities, fatalities_reported_by=reporter or (speaker.text if speaker else None),
                claimed_by=speaker.text if how == "speaker" and speaker else _claim(sentence, in_clause, actor),
                attributed_by=(speaker.text if speaker else "the report") if how == "attributed" else None,
                denied_by=_denial(sentence, in_clause),
                responds_to_hint="retaliation" if _RETALIATION.search(sentence) else None,
                confidence=round(min(0.95, max(0.05, score)), 2))
            # A joint strike is one event per actor (the annotation convention, and ACLED's).
            mentions += [replace(mention, actor=code) for code in (actor, *partners) if code != country]
        return [replace(m, place=replace(m.place, note=None)) if m.place else m for m in mentions]

    def _actor(self, tokens: list[Token], entities: list[Entity], clause: Clause, trigger: _Trigger,
               discourse: _Discourse) -> tuple[str | None, str, Entity | None]:
        t = trigger.index
        words = [tok.lower for tok in tokens]
        # "strikes by Iran" / "carried out by Pakistan's air force"
        blamed = self._attributed_actor(tokens, entities, clause, t)
        if blamed is not None:
            return blamed
        for e in entities:  # "the coalition led by the US and UK struck ..."
            by = e.first - 1 if e.first > 0 and words[e.first - 1] != "the" else e.first - 2
            if e.first < t and by >= 1 and words[by] == "by" and words[by - 1] == "led" and e.is_state:
                return e.code, "explicit", None
        for e in entities:
            by = e.first - 1 if e.first > 0 and words[e.first - 1] != "the" else e.first - 2
            # "strikes (carried out / believed to have been launched) by Iran"; not "the attack followed
            # weeks of efforts by the United States".
            if t < e.first <= t + 8 and by >= 0 and words[by] == "by" and words[by - 1] not in _NOT_AGENT_BY and all(
                    w in _AGENT_BRIDGE or w in STRIKE_VERBS or w in LAUNCH_VERBS or w in WEAPONS
                    for w in words[t + 1:by]):
                return (e.code, "explicit", None) if e.is_state else (None, "group", None)
        if t > 0 and words[t - 1] in ("was", "were", "been", "being") and not words[t].endswith("ing"):
            # "US forces ... have been targeted by drones": the subject was hit, it did not strike.
            return (discourse.actor, "discourse", None) if discourse.actor else (None, "", None)
        by_groups = [k for k in range(t + 1, min(len(words), t + 22)) if words[k] == "by"
                     and words[k - 1] not in _NOT_AGENT_BY and any(w in NONSTATE_NOUNS for w in words[k + 1:k + 11])]
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
            if adjective or not _after_preposition(words, e.first, clause.lo, self.lexicon.one_word_names,
                                                   _commas(tokens)):
                return e.code, "explicit", None
        speech = [k for k in range(clause.lo, t) if words[k] in SPEECH_VERBS]
        subject_from = speech[-1] + 1 if speech else clause.lo
        if speech:
            # "Israel said it killed a Hezbollah leader in an air strike": "it" right after the speech verb is
            # the speaker, whatever the object names.
            right_after = [w for w in words[speech[-1] + 1:speech[-1] + 5] if w not in ("that", "on", "late")]
            speakers = [e for e in entities if clause.lo <= e.first < speech[-1] and e.is_state]
            if speakers and right_after[:1] and right_after[0] in ("it", "they", "we") or (
                    speakers and right_after[1:2] and right_after[1] in ("it", "they", "we")
                    and right_after[0] in dates_mod.WEEKDAYS):
                first = speakers[0]
                return first.code, "speaker", replace(first, text=_join(tokens[first.first:speech[-1]]) or first.text)
        for e in entities:
            if subject_from <= e.first < t and not _after_preposition(words, e.first, subject_from,
                                                                      self.lexicon.one_word_names, _commas(tokens)):
                if e.modifier:
                    continue
                return (e.code, "explicit", None) if e.is_state else (None, "group", None)
        if speech:
            speakers = [e for e in entities if clause.lo <= e.first < speech[-1] and e.is_state]
            said_it = any(words[k] in _PRONOUNS or (words[k] == "country" and words[k - 1] == "the")
                          for k in range(speech[-1] + 1, t + 1))
            # "the Israeli army announced the killing of X in airstrikes": a military reports its own strikes.
            military = bool(speakers) and (speakers[0].kind == "force" or (
                speakers[0].last + 1 < len(words) and words[speakers[0].last + 1] in _MILITARY_WORDS))
            if speakers and (said_it or military and words[speech[-1]] in ("announced", "confirmed")):
                first = speakers[0]
                phrase = _join(tokens[first.first:speech[-1]])
                return first.code, "speaker", replace(first, text=phrase or first.text)
        pronoun = any(words[k] in _PRONOUNS or words[k] in ("the", "those", "these")
                      for k in range(max(clause.lo, t - 3), t))
        # "the strikes", "a drone attack", "drones attacked an oil refinery": the strike the text is about.
        bare_noun = words[t] in STRIKE_NOUNS or any(w in WEAPONS for w in words[max(clause.lo, t - 3):t])
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
            if words[k] not in _BLAME_WORDS:
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

    def _launch_origin(self, tokens: list[Token], entities: list[Entity], t: int) -> str | None:
        """The state in "launched/fired from (inside) X" near a trigger."""
        words = [tok.lower for tok in tokens]
        for k in range(max(0, t - 2), min(len(words), t + 4)):
            if words[k] == "from" and k > 0 and words[k - 1] in ("launched", "fired", "flew", "came"):
                for e in entities:
                    if k < e.first <= k + 3 and e.is_state:
                        return e.code
        return None

    def _targets(self, tokens: list[Token], entities: list[Entity], taken: frozenset[int], clause: Clause,
                 actor: str,
                 story_states: set[str], trigger_index: int, allow_places: bool = True, explained: int = 0
                 ) -> dict[str, list[Place]]:
        """Countries struck, with the places named in each. Before ``explained`` lies the clause a "when"
        clause explains, where "of" names a place too ("Residents of Isfahan were woken when ...")."""
        words = [t.lower for t in tokens]
        targets: dict[str, list[Place]] = {}
        for k in clause.indexes():
            # "in Iraq", "into Iran" ... and the object of a strike verb: "hitting the Barmal district".
            # "... the targeted areas include A, B and C": the list is what was struck.
            is_object = k >= trigger_index and (words[k] in STRIKE_VERBS or words[k] in _INCLUDE) and words[k] not in (
                "target", "targets")
            # "its bombardment of Qamishli", "the shelling of Kharkiv": "of" after a strike noun is its object.
            locative = words[k] in LOCATIVES or (words[k] == "of" and (k < explained or (
                k == trigger_index + 1 and words[trigger_index] in STRIKE_NOUNS)))
            if (not locative and not is_object) or _speaking_before(words, k, trigger_index):
                continue
            if _appositive(tokens, k):
                continue  # "Koya, a town near Erbil": Erbil only says where Koya is
            if k < trigger_index and any(words[j] in STRIKE_NOUNS or words[j] in STRIKE_VERBS
                                         for j in range(clause.lo, k)):
                continue  # "an attack that killed a contractor near Kirkuk, and U.S. attacks on ...": the first's
            if any(words[b] in _BLAME_WORDS or words[b] in ("accuses", "accused") for b in range(trigger_index, k)):
                continue  # "... a militia that Washington blames for the deaths of soldiers in Jordan": another event
            end = _phrase_end(tokens, entities, k, clause.hi)
            phrase_entities = [e for e in entities if k < e.first < end]
            for country in _countries_in_phrase(words, phrase_entities, k):
                if country != actor:
                    targets.setdefault(country, [])
            context = set(targets) | (story_states - {actor})
            if not allow_places:
                continue
            named = {c for c in _countries_in_phrase(words, phrase_entities, k)}
            found = self.places.find(tokens, k + 1, end, context=context, taken=taken, strong=named)
            # "strikes on Jisr al-Shughur and Ariha in Idlib province": a province or district named in the
            # phrase says which country its towns are in.
            anchors = {p.country for n, p in enumerate(found) if p.country and p.country != actor and (
                Precision.DISTRICT.rank <= p.precision.rank <= Precision.PROVINCE.rank
                or _known_town_struck(p, n, k, trigger_index)
                or (k > trigger_index and p.precision.is_point and (p.population or 0) >= _KNOWN_TOWN
                    and self._near_story(p, story_states | {actor})))}
            if anchors - context:
                found = self.places.find(tokens, k + 1, end, context=context | anchors, taken=taken, strong=named)
            for place in found:
                # A place makes its country a target if the story is about that country, or if it is a
                # well-known town in its own right ("Russian missiles hit Kramatorsk"; the finder keeps
                # only big, exactly spelled towns outside the story's countries).
                if place.country and place.country != actor and (
                        place.country in targets or place.country in story_states or place.country in anchors):
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
                    and e.first > 0 and words[e.first - 1] in LOCATIVES | {"of"}):
                targets.setdefault(e.code, [])
        return targets

    def _near_story(self, place: Place, countries: set[str]) -> bool:
        """Is a big town within reach of the countries the story is about ("Tehran fired missiles at a base
        in Erbil": Erbil is 900 km from Iran's centre)? A namesake across the world is not."""
        for code in countries:
            centre = self.gazetteer.country(code) if code else None
            if centre is not None and distance_km(centre, place) <= _NEAR_STORY_KM:
                return True
        return False

    def _weapons(self, tokens: list[Token], clause: Clause) -> tuple[str, ...]:
        return tuple(sorted({WEAPONS[t.lower] for t in tokens[clause.lo:clause.hi] if t.lower in WEAPONS}))

    def _target_phrase(self, tokens: list[Token], clause: Clause, trigger: _Trigger,
                       entities: list[Entity]) -> str | None:
        words = [t.lower for t in tokens]
        for k in range(trigger.index, clause.hi):
            if words[k] in ("targeted", "targeting", "against") or (
                    words[k] == "at" and k > 0 and words[k - 1] == "aimed"):
                phrase = []
                for j in range(k + 1, min(clause.hi, k + 9)):
                    if words[j] in _STOP_AFTER_TARGET and phrase:
                        break
                    phrase.append(tokens[j])
                    if any(c in tokens[j].glue for c in ",.;:"):
                        break
                text = _join(phrase)
                if text and not re.fullmatch(r"(?:the|a|an)?\s*(?:\w+\s+)?(?:targets?|sites?)", text, re.I):
                    return text
        groups = [e.text for e in entities if e.code == "--"]
        return groups[0] if groups else None


_REPORTERS = frozenset("media television tv news agency officials official sources source ministry spokesman "
                       "spokeswoman spokesperson monitor observatory health army military".split())


def _reports_only(tokens: list[Token], subject: Entity) -> bool:
    """"Syrian state media said ...", "Iraqi officials said ...": a reporter, not the story's actor."""
    after = [t.lower for t in tokens[subject.last + 1:subject.last + 4]]
    return any(w in _REPORTERS for w in after) and not any(w in STRIKE_NOUNS for w in after)


def _known_town_struck(place: Place, n: int, k: int, trigger_index: int) -> bool:
    """The first place right after the strike word, a town of 100,000 or more: "Russian missiles hit Kharkiv"."""
    return 0 <= k - trigger_index <= 3 and n == 0 and place.precision.is_point and (
        place.population or 0) >= _KNOWN_TOWN


def _blame_statements(tokens: list[Token], entities: list[Entity], start: int) -> list[tuple[int, str, str | None]]:
    """"Iran and Syria blamed Israel", "attributed the strike to Israel": (where, state blamed, blamer)."""
    words = [t.lower for t in tokens]
    found = []
    for k, word in enumerate(words):
        if word not in _BLAME_WORDS:
            continue
        blamed = [e for e in entities if e.is_state and k < e.first <= k + 5
                  and (not word.startswith("attribut") or "to" in words[k + 1:e.first])]
        blamers = [e for e in entities if e.is_state and e.first < k]
        if blamed and not any(w in NONSTATE_NOUNS for w in words[k + 1:blamed[0].first]):
            found.append((start + tokens[k].start, blamed[0].code, blamers[0].text if blamers else None))
    return found


def _trigger_date(sentence: str, tokens: list[Token], clause: Clause, t: int, anchor: dates_mod.Anchor | None
                  ) -> DateRange | None:
    """With two days in one clause ("an attack on Friday, December 27, and U.S. attacks in Iraq on Sunday"),
    the one next after the strike word is its own; ``None`` leaves the clause's date."""
    lo, hi = tokens[clause.lo].start, tokens[clause.hi - 1].end
    found = [m for m in dates_mod.find_dates(sentence) if lo <= m.start() < hi and not _is_speech_date(tokens, m)
             and not _bound_only(sentence, m)]
    if len(found) < 2:
        return None
    after = [m for m in found if m.start() >= tokens[t].end]
    if not after or not any(m.start() < tokens[t].start for m in found):
        return None
    return dates_mod.resolve_match(after[0], anchor)


def _bound_only(sentence: str, match: re.Match) -> bool:
    """"since March 2024", "until Friday": a bound of a period, not the day of a strike."""
    return bool(re.search(r"\b(?:since|until|till)\s+$", sentence[max(0, match.start() - 7):match.start()], re.I))


def _carry_days(mentions: list[Mention], actor_days: list[tuple[int, str, DateRange]] = ()) -> list[Mention]:
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


def _is_speech_date(tokens: list[Token], match: re.Match) -> bool:
    """True for "said Wednesday", "told reporters on Monday", "Pakistan on Thursday said"; not for
    "said Wednesday's strike", whose day is the strike's."""
    if match.string[match.end():match.end() + 2] in ("'s", "’s"):
        return False
    first = next((i for i, t in enumerate(tokens) if t.start >= match.start()), len(tokens))
    last = next((i for i, t in enumerate(tokens) if t.end >= match.end()), len(tokens) - 1)
    window = [t.lower for t in tokens[max(0, first - 3):first]]
    spoke = [i for i, w in enumerate(window) if w in _SPEAKING or w in SPEECH_VERBS]
    if spoke and any(w in STRIKE_NOUNS for w in window[spoke[-1] + 1:]):
        return False  # "says the attack late on Tuesday killed ...": the day is the attack's
    before = set(window)
    # "on Tuesday, officials said": the comma closes the strike's clause; the day is the strike's.
    after = set() if last < len(tokens) and "," in tokens[last].glue else {t.lower for t in tokens[last + 1:last + 3]}
    return bool(before & (_SPEAKING | SPEECH_VERBS)) or bool(after & SPEECH_VERBS)


def _same(a: Mention, b: Mention) -> bool:
    return (a.actor, a.target_country, a.place) == (b.actor, b.target_country, b.place)


def _after_preposition(words: list[str], index: int, floor: int, names: frozenset[str],
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


# "facilities used by Iran's IRGC", "militias backed by Iran": "by" names an owner or a sponsor, not the striker.
_NOT_AGENT_BY = frozenset("used operated backed supported run controlled owned funded armed trained claimed blamed "
                          "condemned denied supplied built manned".split())
_AGENT_BRIDGE = frozenset("out allegedly reportedly apparently was were is are been being believed thought widely "
                          "to be have has had said suspected presumably likely most probably jointly also".split())
_BLAME_WORDS = frozenset("blamed blames blame blaming attributed attributes attributing".split())
# "The strikes occurred late on December 24": a sentence that dates a strike told before.
_OCCURRED = frozenset("occurred took happened came began started hit struck carried launched".split())
_DAY_BEFORE = re.compile(r"\b(?:the\s+(?:previous|preceding)\s+(?:evening|night|day|afternoon|morning)"
                         r"|the\s+(?:day|night|evening)\s+before)\b", re.IGNORECASE)
_DEFENCE_WORDS = frozenset("defence defences defense defenses interceptor interceptors intercepted".split())
_MILITARY_WORDS = frozenset("army military forces air navy defence defense armed".split())
_INCLUDE = frozenset("include includes included".split())
_AFTERMATH = frozenset("deaths dead killed casualties wounded injured explosions blasts damage damaged destroyed "
                       "fire fires victims blows fell landed blast explosion smoke".split())


def _partners(tokens: list[Token], entities: list[Entity], clause: Clause, t: int, actor: str) -> tuple[str, ...]:
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
            elif b.first > a.first and between[-1:] in (["with"], ["alongside"]) and (
                    "joint" in words[max(0, b.first - 6):b.first] or "jointly" in between
                    or "together" in between or between[-1] == "alongside"):
                found.append(b.code)
    return tuple(found)


def _commas(tokens: list[Token]) -> frozenset[int]:
    return frozenset(i for i, t in enumerate(tokens) if "," in t.glue)


_DIRECTION_WORDS = frozenset(f"{d}{x}" for d in ("north", "south", "east", "west", "northeast", "northwest",
                                                  "southeast", "southwest", "central") for x in ("", "ern"))
_PHRASE_STOPS = frozenset("as amid while after before because since following to for with but which who that "
                          "said says told and or".split())


_LIST_KINDS = frozenset("town towns city cities village villages district districts province provinces area areas "
                        "region regions governorate governorates suburb suburbs neighbourhood neighbourhoods "
                        "neighborhood neighborhoods oblast oblasts county counties camp camps port ports base bases "
                        "localities locality settlement settlements".split())
_LIST_LEADS = frozenset("the a several two three four five six border southern northern eastern western central "
                        "nearby neighbouring neighboring coastal frontline other key strategic".split())
_MAX_PHRASE = 24


def _connector_end(tokens: list[Token], j: int, hi: int) -> int:
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
            while step < len(words) and words[step] in _LIST_LEADS:
                step += 1
            if step < len(words) and words[step] in _LIST_KINDS:
                step += 1
            elif step:  # leading words without a kind ("the ..."): not a connector
                step = 0
        if not step or j + step >= hi:
            return j
        j += step


_APPOSITIVE_KINDS = frozenset("town village city district suburb area base camp port region".split())


def _appositive(tokens: list[Token], k: int) -> bool:
    """Is the preposition at ``k`` inside ", a town (east) of/near X" that says where the place before it lies?"""
    words = [t.lower for t in tokens[max(0, k - 4):k + 1]]
    for i in range(len(words) - 1):
        j = max(0, k - 4) + i
        if j > 0 and "," in tokens[j - 1].glue and words[i] in ("a", "an", "the") and words[i + 1] in _APPOSITIVE_KINDS:
            return True
    return False


def _starts_a_verb_phrase(token: Token) -> bool:
    """"not", or a lower-case "-ing" word (a participle, rarely a noun after a place name)."""
    word = token.lower
    return not token.is_capitalized and (word in ("not", "never") or len(word) > 5 and word.endswith("ing"))


def _phrase_end(tokens: list[Token], entities: list[Entity], k: int, hi: int) -> int:
    """One past the noun phrase after a preposition: it ends at punctuation or a clause word,
    except where a list of countries or places goes on ("on Pakistan, Iraq, and Syria", "on Tyre,
    the southern towns of Kfar Kila and Khiam, as well as Hermel")."""
    starts = {e.first for e in entities if e.is_state and e.kind == "name"}
    j = k + 1
    while j < hi and j - k <= _MAX_PHRASE:
        nxt = j + 1
        skipped = _connector_end(tokens, nxt, hi) if nxt < hi else nxt
        if skipped > nxt and skipped < hi and tokens[skipped].is_capitalized:
            j = skipped
            continue
        if nxt < hi and tokens[nxt].lower == "and":
            nxt += 1
            skipped = _connector_end(tokens, nxt, hi)
            if skipped > nxt and skipped < hi and tokens[skipped].is_capitalized:
                j = skipped
                continue
        if j + 1 < hi and _starts_a_verb_phrase(tokens[j + 1]):
            return j + 1  # "concerns over Tehran not forewarning Islamabad": the noun phrase has ended
        if any(c in tokens[j].glue for c in ",.;:()\"“”") or (j + 1 < hi and tokens[j + 1].lower in _PHRASE_STOPS):
            if nxt < hi and tokens[nxt].lower in _DIRECTION_WORDS and nxt + 1 in starts:
                nxt += 1  # "in western Iraq and eastern Syria"
            if nxt in starts or (nxt < hi and tokens[nxt].lower == "and" and nxt + 1 in starts):
                j = nxt
                continue
            if "," in tokens[j].glue or "(" in tokens[j].glue or ")" in tokens[j].glue or (
                    j + 1 < hi and tokens[j + 1].lower == "and"):  # "Ayn al-Arab (Kobani), Amuda"
                # a list of places: ", al-Mayadin and Albu Kamal"
                k2 = nxt + 1 if nxt < hi and tokens[nxt].lower in ("al", "el", "ad", "as", "ash") else nxt
                if k2 < hi and tokens[k2].is_capitalized and tokens[k2].lower not in _PHRASE_STOPS:
                    j = nxt
                    continue
            return j + 1
        j += 1
    return min(j, hi)


def _speaking_before(words: list[str], k: int, trigger_index: int) -> bool:
    """Is the preposition at ``k`` about where someone spoke ("said Wednesday in Davos")?

    Not when the strike word comes between: "Tehran said the strikes in Iraq ...".
    """
    spoke = [i for i in range(max(0, k - 8), k) if words[i] in _SPEAKING]
    return bool(spoke) and not spoke[-1] < trigger_index <= k


def _countries_in_phrase(words: list[str], entities: list[Entity], k: int) -> list[str]:
    """Country names right after a locative, and the list that may follow ("on Pakistan, Iraq and Syria")."""
    found = []
    expected = k + 1
    for e in sorted(entities, key=lambda e: e.first):
        gap = [w for w in words[expected:e.first] if w not in ("the", "and", "or", "northern", "southern",
                                                               "eastern", "western", "neighbouring")]
        # "in the territory of Iran", "in three of Russia's oblasts", "in an industrial zone of Syria"
        part_of = (not found and 2 <= len(gap) <= 5 and gap[-1] == "of"
                   and all(w.isalnum() and not w[:1].isupper() for w in words[expected:e.first]))
        if (gap and not part_of) or not e.is_state:
            break
        # "in Baghdad": a capital after a preposition is a place in its country (the finder places it).
        if e.kind in ("name", "capital") or (e.kind == "demonym" and e.last + 1 < len(words)
                                             and words[e.last + 1] in TERRITORY_WORDS):
            found.append(e.code)
        expected = e.last + 1
    return found


def _most_precise(places: list[Place]) -> Place | None:
    return min(places, key=lambda p: p.precision.rank) if places else None


def _impact_places(targets: dict[str, list[Place]], section: Section) -> list[tuple[str, Place | None]]:
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
                    t.name != place.name and distance_km(t, place) > SAME_PLACE_KM for t in towns):
                towns.append(place)
        provinces: list[Place] = []
        for place in places:
            if place.precision is Precision.PROVINCE and not any(_holds(place, t) for t in towns) and all(
                    p.name != place.name for p in provinces):
                provinces.append(place)
        named = towns + provinces
        pairs += [(country, place) for place in named] or [(country, _most_precise(places))]
    return pairs


def _holds(area: Place, town: Place) -> bool:
    if town.admin1 and town.admin1 == area.admin1 and town.country == area.country:
        return True  # "Yeysk (Krasnodar region)": the town's own province, whatever its trimmed extent
    if area.bbox is not None:
        west, south, east, north = area.bbox
        return west <= town.lon <= east and south <= town.lat <= north
    return distance_km(area, town) <= area.radius_km


def _join(tokens: list[Token]) -> str:
    return join_tokens(tokens).strip(" ,.;:")


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _COUNT_WORDS.get(word.lower())


def _fatalities(clause: str, sentence: str) -> tuple[int | None, str | None]:
    """The dead counted in ``clause``, and who reported them anywhere in its sentence."""
    match = _FATALITIES.search(clause)
    if not match:
        return None, None
    number = _count(match.group("a") or match.group("b") or match.group("c") or "")
    if number is None:
        return None, None
    said = re.search(r"(?:according to ([^,.]{3,60}))|([A-Z][\w’' -]{2,60}?)\s+(?:said|says|reported)\b", sentence)
    reporter = (said.group(1) or said.group(2)).strip() if said else None
    return number, reporter


def _claim(sentence: str, entities: list[Entity], actor: str) -> str | None:
    if not re.search(r"\bclaim(?:ed|s)?\b|\btook responsibility\b", sentence, re.I):
        return None
    claimers = [e.text for e in entities if e.code == actor]
    return claimers[0] if claimers else None


def _denial(sentence: str, entities: list[Entity]) -> str | None:
    match = re.search(r"\b(?:denied|denies|rejected|dismissed)\b", sentence, re.I)
    if not match:
        return None
    before = [e for e in entities if e.is_state]
    subject = re.findall(r"([A-Z][\w’'-]+(?:\s+[A-Za-z][\w’'-]+){0,4})\s+(?:has\s+|have\s+)?(?:denied|denies|rejected|"
                         r"dismissed)", sentence)
    return subject[-1] if subject else (before[0].text if before else None)
