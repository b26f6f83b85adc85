"""Article -> :class:`~geo.models.Mention` s: who struck which country, where, when, with what.

Rules over sentences and clauses, not a statistical model: every mention can
be traced to the words that made it. A mention needs a strike word, a state
that acts (not "Iran-backed" militias, not the Islamic State), and a target
country different from the actor, named as a place the strike went *to* —
not where an official spoke, not a dateline, not a photo caption.

>>> from geo.read.text import read_text                                   # doctest: +SKIP
>>> article = read_text("Iran hits Erbil\\n\\nPublished: 2024-01-16\\n\\n"
...     "Iran's Revolutionary Guards fired missiles at Erbil in northern Iraq late Monday.")  # doctest: +SKIP
>>> mentions = Extractor().mentions(article)                          # doctest: +SKIP
>>> [(m.actor, m.target_country, m.place.name, str(m.date.day)) for m in mentions]  # doctest: +SKIP
[('IR', 'IQ', 'Erbil', '2024-01-15')]
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..gazetteer.index import Gazetteer
from ..models import Article, DateRange, Evidence, Mention, Place, Precision, Section
from ..read import dates as dates_mod
from ..read.lexicon import (
    LOCATIVES,
    NEGATIONS,
    NON_STATE_ATTACK_WORDS,
    STRIKE_NOUNS,
    STRIKE_VERBS,
    WEAPONS,
    Entity,
    Lexicon,
    Token,
    tokenize,
)
from ..read.sentences import Clause, split_clauses, split_sentences
from ..read.text import caption_date, dateline
from .places import PlaceFinder
from .strike_dates import carry_days, clause_date, live_days, place_days, trigger_date
from .strike_details import (
    SHARED_ACRONYMS,
    blame_statements,
    claimant,
    denier,
    fatalities_in,
    named_countries_first,
    reports_only,
    responsibility_statements,
    same_mention,
    shared_acronyms,
    states_owning_groups,
    target_phrase,
)
from .strike_orphans import attribute_orphans
from .strike_partners import partners_told
from .strike_phrases import after_preposition, appositive, comma_positions, impact_places, joint_partners, phrase_end
from .strike_roles import Discourse, Roles
from .strike_triggers import Trigger, find_triggers, is_modal, modal_at, pronoun_subject
from .strike_words import (
    AFTERMATH,
    AFTERMATH_SENTENCES,
    CLAIMED_ATTACKS,
    HABITUAL,
    OCCURRED,
    RECORDINGS,
    RETALIATION,
    SHOWING,
)

# Mentions below this confidence are dropped from an article's events (a weak verb with an inferred actor).
MIN_CONFIDENCE = 0.5


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
        self.roles = Roles(self.gazetteer, self.lexicon, self.places)

    # -- article level ---------------------------------------------------------------------------
    def mentions(self, article: Article) -> list[Mention]:
        """Every strike mention in the article's headline, story and captions."""
        if any("not in English" in w for w in article.warnings):
            return []
        anchor = (dates_mod.Anchor(article.published, lower_bound=article.published_source == "caption")
                  if article.published else None)
        # Each sentence is tokenized and its states and groups found once: for the story's countries here and
        # for its rules below.
        sentences = [(*row, self.lexicon.entities(row[3])) for row in self._sentences(article)]
        story_states = {e.code for paragraph, *_, entities in sentences if paragraph.section.is_story
                        for e in entities if e.is_state}
        discourse = Discourse()
        found: list[Mention] = []
        for paragraph, sentence, start, tokens, photo_day, entities in sentences:
            found += self._sentence(sentence, start, paragraph.section, anchor, photo_day, discourse, story_states,
                                    tokens, entities)
        found += attribute_orphans(discourse)
        named = {e.code for *_, entities in sentences for e in entities if e.code != "--"}
        found = named_countries_first(found, named)
        return live_days(carry_days(place_days(found, anchor), discourse.actor_days), article.paragraphs, anchor)

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

    # -- sentence level ----------------------------------------------------------------------------
    def _sentence(self, sentence: str, start: int, section: Section, anchor: dates_mod.Anchor | None,
                  photo_day: date | None, discourse: Discourse, story_states: set[str],
                  tokens: list[Token] | None = None, entities: list[Entity] | None = None) -> list[Mention]:
        """The mentions of one sentence, clause by clause.

        Long because: the order of the steps is the rule (the clause's date before its strike words, the
        story's memory updated after them); split apart, the order would be hidden in the callers."""
        tokens = tokenize(sentence) if tokens is None else tokens
        if not tokens:
            return []
        entities = states_owning_groups(self.lexicon.entities(tokens) if entities is None else entities)
        if any(acronym in sentence for acronym in SHARED_ACRONYMS):
            entities = shared_acronyms(entities, tokens, story_states)
        # Words read as states or groups are not places, except capitals: "in Damascus" is a place.
        taken = frozenset(j for e in entities if e.kind != "capital" for j in range(e.first, e.last + 1))
        evidence = Evidence(sentence.strip(), start, start + len(sentence), section)
        mentions: list[Mention] = []
        clause_dates: list[DateRange | None] = []
        pending, discourse.pending = discourse.pending, None
        # In the order of the text, so "..., in which B-2 bombers hit Fordow, while missiles hit Isfahan" reads
        # the relative's strike first; a relative's date is its own, never "the clause before" of the next one.
        main_dates: list[DateRange | None] = []
        for clause in sorted(split_clauses(tokens), key=lambda c: c.lo):
            when = clause_date(sentence, tokens, clause, anchor, photo_day, main_dates, discourse)
            clause_dates.append(when)
            if clause.relation != ("relative", None):
                main_dates.append(when)
            orphans_before, mentions_before = len(discourse.orphans), len(mentions)
            for trigger in find_triggers(tokens, clause):
                own = trigger_date(sentence, tokens, clause, trigger.index, anchor) if photo_day is None else None
                new = self._mention(sentence, tokens, entities, taken, clause, trigger, own or when, evidence,
                                    discourse, story_states, section)
                new = [m for m in new if not any(same_mention(m, k) for k in mentions)]
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
            if len(mentions) > mentions_before:
                # "Missiles hit a seminary in X": the weapons' strike word has no actor, the verb's has one (the
                # story's); one strike, so it waits for no blame statement.
                del discourse.orphans[orphans_before:], discourse.orphan_places[orphans_before:]
        if section is Section.STORY:
            discourse.blamed += blame_statements(tokens, entities, evidence.start)
            if not mentions:  # "The United States carried out the strike": the strike told before, not a new one
                discourse.responsible += responsibility_statements(tokens, entities, evidence.start)
        if not mentions and section is Section.STORY and (discourse.last_sentence or pending):
            mentions = self._aftermath(tokens, taken, evidence, discourse.last_sentence, story_states, pending)
            own_day = next((d for d in clause_dates if d is not None and d.day), None)
            if own_day is not None:  # "the attack late on Tuesday killed two children in Panjgur"
                mentions = [replace(m, date=own_day) for m in mentions]
                words = {t.lower for t in tokens}
                if not mentions and words & AFTERMATH and not words & (STRIKE_NOUNS | {"had"}):
                    # "Residents described heavy blasts shortly before midnight late Monday": the day of the
                    # strike just told, for its mentions that have none.
                    for actor in {m.actor for m in discourse.last_sentence if not m.date.day}:
                        discourse.actor_days.append((evidence.start, actor, own_day))
        if not mentions and section is Section.STORY and discourse.last_sentence:
            mentions = partners_told(tokens, entities, evidence, discourse.last_sentence)  # "Norway's jets took part"
        told = tuple(m for m in mentions if m.evidence.section in (Section.STORY, Section.HEADLINE))
        # The strike stays "just told" for a few sentences of its own details (dead, damage, places).
        discourse.since_last = 0 if told else discourse.since_last + 1
        if told or discourse.since_last > AFTERMATH_SENTENCES:
            discourse.last_sentence = told
        # "... sites used by the Islamic Revolutionary Guard Corps (IRGC)": an abbreviation in brackets repeats
        # the name before it and is no subject of its own.
        subjects = [e for e in entities if e.is_state and not (e.first and "(" in tokens[e.first - 1].glue)
                    and not after_preposition([t.lower for t in tokens], e.first, 0, self.lexicon.one_word_names,
                                              comma_positions(tokens))]
        discourse.topic_fresh = False
        talked_of_strike = any(t.lower in STRIKE_NOUNS or t.lower in WEAPONS or t.lower == "operation" for t in tokens)
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
        elif subjects and not mentions and subjects[0].first <= 2 and not reports_only(tokens, subjects[0]):
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
        if not any(w in AFTERMATH for w in words) or any(modal_at(tokens, j) or w in NEGATIONS
                                                         for j, w in enumerate(words)):
            return []
        # "... a response to rocket fire by militants that killed a contractor": another attack; not "13 militants
        # were neutralised in ...", where the militants are this strike's dead.
        if RETALIATION.search(" ".join(words)) or any(
                w in NON_STATE_ATTACK_WORDS and words[j + 1:j + 2] not in (["were"], ["was"])
                for j, w in enumerate(words)):
            return []
        if any(w in RECORDINGS for w in words) and any(w in SHOWING for w in words):
            return []  # "The video showed men killed near Tripoli": the killing a recording shows, no strike's toll
        if CLAIMED_ATTACKS.search(" ".join(words)):
            return []  # "Jaish al-Adl has claimed attacks ..., including a raid that killed six": the group's own
        countries = {m.target_country for m in previous}
        if not previous and pending is not None:
            countries = story_states - {pending.actor}
            previous = tuple(replace(pending, target_country=c) for c in countries)
        places = []
        for k, word in enumerate(words):
            if word in LOCATIVES and not appositive(tokens, k):
                end = phrase_end(tokens, [], k, len(tokens))
                places += self.places.find(tokens, k + 1, end, context=countries | story_states, taken=taken)
        by_country: dict[str, list[Place]] = {}
        for place in places:
            by_country.setdefault(place.country or "", []).append(place)
        found = []
        for place in (p for _, p in impact_places(by_country, Section.STORY) if p is not None):
            for m in previous:
                if place.country == m.target_country and (m.place is None or m.place.precision.rank > 1
                                                          or m.place.name != place.name):
                    found.append(replace(m, place=replace(place, note=None), place_text=place.note, evidence=evidence,
                                         confidence=round(max(0.55, m.confidence - 0.2), 2)))
        return list({(m.actor, m.target_country, m.place): m for m in found}.values())

    # -- one mention ----------------------------------------------------------------------------------
    def _mention(self, sentence: str, tokens: list[Token], entities: list[Entity], taken: frozenset[int],
                 clause: Clause,
                 trigger: Trigger, when: DateRange | None, evidence: Evidence, discourse: Discourse,
                 story_states: set[str], section: Section) -> list[Mention]:
        """One strike word's mention: actor, target country and places, date, details; or none.

        Long because: its filters run in order and the first that refuses wins (threats, habits, states
        that only defend, places that are not the target); the order is the rule, so it stays in one place."""
        clause_text = " ".join(tokens[i].text for i in clause.indexes())
        if is_modal(tokens, clause, trigger.index) or HABITUAL.search(clause_text):
            return []  # "... along the Euphrates, where militias have kept positions for years": that clause only
        inside = set(clause.indexes())
        in_clause = [e for e in entities if e.first in inside]
        actor, how, speaker = self.roles.actor(tokens, in_clause, clause, trigger, discourse)
        if how == "discourse" and discourse.pending is not None and not clause.relation:
            # "Iran's barrage was largely intercepted, but several missiles struck X": the clause before says whose.
            actor, how = discourse.pending.actor, "explicit"
        if actor is None and how == "" and trigger.strong and section is Section.STORY and clause.relation in (
                None, ("when", None)):
            # "An air strike on Monday destroyed the consulate in Damascus." with no one named: kept until the
            # text says whom it is blamed on ("Syria blamed Israel."). So is the strike of a "when" clause that
            # explains a toll ("Six were killed when drones hit a farm near Nabatieh"); a relative's is another's.
            found = self.roles.targets(tokens, in_clause, taken, clause, "", story_states, trigger.index)
            if any(found.values()):
                discourse.orphans.append(Mention("", "", None, None, when or DateRange(), evidence,
                                                 weapons=trigger.weapons or self.roles.weapons(tokens, clause)))
                discourse.orphan_places.append(found)
        # A relative or an earlier event's clause ("in retaliation for a strike that killed ...") names its own
        # actor or none: the story's current actor did not do it; but "Israel struck Tyre, a day after it hit
        # Sidon": "it" right after "after" is the actor of the strike this sentence just told.
        own_earlier = pronoun_subject(tokens, clause, trigger.index) and discourse.last is not None and (
            discourse.last.actor == actor and discourse.last.evidence.start == evidence.start)
        if actor is None or (clause.relation and clause.relation[0] == "relative" and how != "explicit") or (
                clause.relation and clause.relation[0] in ("after", "amid") and how == "discourse"
                and not own_earlier):
            return []
        # A caption's places are where the photo was taken: they never make a target.
        # "A hospital in Kyiv was hit on Monday when a Russian missile struck": the places of a "when"
        # clause's strike are in the clause it explains.
        # Not when that clause tells a strike of its own ("Iran fired at Israel, as the US struck Yemen").
        explained_has_strike = any(t.lower in STRIKE_NOUNS or t.lower in STRIKE_VERBS for t in tokens[:clause.lo])
        where = (Clause(0, clause.hi, clause.relation, clause.holes)
                 if clause.relation == ("when", None) and not explained_has_strike else clause)
        # The countries this actor struck in the sentences before are the story's too, even when the text named
        # them only by a province ("Russian forces attacked Sumy Oblast ... a bomb hit the outskirts of Bilopillia").
        struck = {c for a, c in discourse.pair_dates if a == actor} - story_states
        targets = self.roles.targets(tokens, [e for e in entities if e.first in set(where.indexes())], taken, where,
                                     actor, story_states | struck if struck else story_states, trigger.index,
                                     allow_places=section is not Section.CAPTION,
                                     explained=clause.lo if where is not clause else 0)
        # "The Guards also said they hit targets in Syria": "they" as the verb's own subject, right after a strike
        # of that actor was told, is that actor, wherever it struck.
        continues = pronoun_subject(tokens, clause, trigger.index) and any(
            m.actor == actor for m in discourse.last_sentence)
        if how == "discourse" and not discourse.topic_fresh and not continues:
            # An actor taken from earlier sentences may only continue a strike already reported,
            # unless the sentence before made that state its subject, or it continues the strike just told.
            targets = {c: p for c, p in targets.items() if (actor, c) in discourse.pair_dates}
        if how == "attributed" and speaker is not None:
            # "shelling that Moscow blamed on Ukraine killed 24 in Belgorod": the capital that blames speaks for
            # its state; it is no place struck.
            targets = {c: [p for p in ps if p.name.lower() != speaker.text.lower()] for c, ps in targets.items()}
        anaphoric = any(t.lower in ("that", "this", "those", "these") for t in tokens[max(0, trigger.index - 2):
                                                                                       trigger.index])
        if not targets and how == "attributed" and speaker is not None and speaker.code != actor and not anaphoric:
            targets = {speaker.code: []}  # "Syria blamed Israel for the strike": Syria was struck (not "that attack")
        happened = how == "explicit" or any(w in OCCURRED for w in (t.lower for t in tokens[trigger.index + 1:
                                                                                             trigger.index + 4]))
        # "The city had seen deadly strikes on Wednesday": the pluperfect tells background, not this report's day.
        background = "had" in (t.lower for t in tokens[clause.lo:trigger.index])
        if not targets and happened and not background and section is Section.STORY and when is not None and when.day:
            # "Turkish drones struck SDF positions on October 5. The targeted areas include ...": the day of a
            # strike whose places come later.
            discourse.actor_days.append((evidence.start, actor, when))
        if not targets and how == "explicit" and trigger.strong and section is Section.STORY:
            discourse.pending = Mention(actor, "", None, None, when or DateRange(), evidence,
                                        weapons=trigger.weapons or self.roles.weapons(tokens, clause), confidence=0.75)
        if not targets:
            # "its strikes, which involved rockets, targeted Baloch militants": the country it struck before.
            previous = discourse.pairs.get(actor)
            its = trigger.index > 0 and tokens[trigger.index - 1].lower in ("its", "their")
            # "On August 17, Israeli jets hit the Haziz power plant": the same state's strike on a day of its
            # own, at a place the gazetteer does not know, in the country it struck in the sentences before.
            earlier = (how == "explicit" and section is Section.STORY and when is not None and when.day is not None
                       and previous is not None and tokens[trigger.index].lower in STRIKE_VERBS
                       and "had" not in (t.lower for t in tokens[clause.lo:trigger.index])
                       and len({e.code for e in in_clause if e.is_state}) == 1)
            if previous is None or how == "discourse" or not trigger.strong or not (its or earlier):
                return []
            targets = {previous.target_country: []}
        confidence = 0.35 + {"explicit": 0.2, "speaker": 0.15, "attributed": 0.15, "discourse": 0.0}[how]
        confidence += 0.15 if trigger.strong else 0.0
        # "It also hit a depot in X": the story's actor as the verb's own subject is surer than a bare "the strikes".
        confidence += 0.1 if how == "discourse" and continues else 0.0
        confidence += 0.1 if when and (when.earliest or when.latest) else 0.0
        confidence += 0.05 if section is Section.HEADLINE else 0.0
        if re.search(r"\b(?:traded|trade|exchanged|exchange of|tit-for-tat)\b", sentence, re.I):
            confidence -= 0.15
        weapons = trigger.weapons or self.roles.weapons(tokens, clause)
        # The dead of this clause's strike, not of another event in the sentence ("since 2022, when raids
        # killed dozens"); a "when" clause's dead are told in the clause it explains.
        span = where if clause.relation == ("when", None) else clause
        fatalities, reporter = fatalities_in(sentence[tokens[span.lo].start:tokens[span.hi - 1].end], sentence)
        partners = (discourse.partners.get(actor, ()) if how == "discourse"
                    else joint_partners(tokens, in_clause, clause, trigger.index, actor))
        for code in (actor, *partners):
            discourse.partners[code] = tuple(c for c in (actor, *partners) if c != code)
        target = target_phrase(tokens, clause, trigger.index, in_clause)
        mentions = []
        for country, place in impact_places(targets, section):
            score = confidence + (0.15 if place and place.precision.rank <= Precision.PROVINCE.rank else
                                  0.1 if place else 0.05)
            mention = Mention(
                actor=actor, target_country=country, place=place,
                place_text=place.note if place else None, date=when or DateRange(),
                evidence=evidence, weapons=weapons, target=target,
                fatalities=fatalities, fatalities_reported_by=reporter or (speaker.text if speaker else None),
                claimed_by=speaker.text if how == "speaker" and speaker else claimant(sentence, in_clause, actor),
                attributed_by=(speaker.text if speaker else "the report") if how == "attributed" else None,
                denied_by=denier(sentence, in_clause),
                responds_to_hint="retaliation" if RETALIATION.search(sentence) else None,
                confidence=round(min(0.95, max(0.05, score)), 2))
            # A joint strike is one event per actor (the annotation convention, and ACLED's).
            mentions += [replace(mention, actor=code) for code in (actor, *partners) if code != country]
        return [replace(m, place=replace(m.place, note=None)) if m.place else m for m in mentions]
