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
from dataclasses import replace
from datetime import date, timedelta

from . import dates as dates_mod
from .gazetteer import Gazetteer
from .lexicon import (
    LAUNCH_VERBS,
    LOCATIVES,
    MODAL_WORDS,
    NEGATIONS,
    NON_STATE_ATTACK_WORDS,
    STRIKE_NOUNS,
    STRIKE_VERBS,
    WEAK_VERBS,
    WEAPONS,
    Entity,
    Lexicon,
    Token,
    tokenize,
)
from .models import Article, DatePrecision, DateRange, Evidence, Mention, Place, Precision, Section
from .places import PlaceFinder
from .sentences import Clause, split_clauses, split_sentences
from .strike_dates import (
    bound_only,
    carry_days,
    is_speech_date,
    local_first,
    trigger_date,
)
from .strike_details import (
    blame_statements,
    claimant,
    denier,
    fatalities_in,
    reports_only,
    same_mention,
)
from .strike_phrases import (
    after_preposition,
    appositive,
    comma_positions,
    impact_places,
    joint_partners,
    phrase_end,
)
from .strike_roles import Discourse, Roles, Trigger
from .strike_words import (
    AFTERMATH,
    AFTERMATH_SENTENCES,
    DAY_BEFORE,
    DEFENCE_WORDS,
    DENIALS,
    DETERMINERS,
    HABITUAL,
    OCCURRED,
    RETALIATION,
)
from .text import caption_date, dateline

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
        sentences = list(self._sentences(article))
        # Each sentence is tokenized once: for the story's countries here and for its rules below.
        story_states = {e.code for paragraph, _, _, tokens, _ in sentences if paragraph.section.is_story
                        for e in self.lexicon.states(tokens)}
        discourse = Discourse()
        found: list[Mention] = []
        for paragraph, sentence, start, tokens, photo_day in sentences:
            found += self._sentence(sentence, start, paragraph.section, anchor, photo_day, discourse, story_states,
                                    tokens)
        found += self._attribute_orphans(discourse)
        return carry_days(found, discourse.actor_days)

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

    def _attribute_orphans(self, discourse: Discourse) -> list[Mention]:
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
            for country, place in impact_places({c: p for c, p in targets.items() if c != actor}, Section.STORY):
                attributed.append(replace(orphan, actor=actor, target_country=country,
                                          place=replace(place, note=None) if place else None,
                                          place_text=place.note if place else None,
                                          attributed_by=by or "the report", confidence=0.6))
        return attributed

    # -- sentence level ----------------------------------------------------------------------------
    def _sentence(self, sentence: str, start: int, section: Section, anchor: dates_mod.Anchor | None,
                  photo_day: date | None, discourse: Discourse, story_states: set[str],
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
        if section is Section.STORY:
            discourse.blamed += blame_statements(tokens, entities, evidence.start)
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
        if not any(w in AFTERMATH for w in words) or any(w in MODAL_WORDS or w in NEGATIONS for w in words):
            return []
        if RETALIATION.search(" ".join(words)) or any(w in NON_STATE_ATTACK_WORDS for w in words):
            return []  # "... a response to rocket fire that killed a contractor at the K-1 base": another attack
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

    def _clause_date(self, sentence: str, tokens: list[Token], clause: Clause, anchor: dates_mod.Anchor | None,
                     photo_day: date | None, earlier: list[DateRange | None], discourse: Discourse
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
               and not any(a <= m.start() < b for a, b in holes) and not bound_only(sentence, m)]
        own = local_first(sentence, own)
        before = DAY_BEFORE.search(sentence, lo, hi)
        if before:
            # "On Saturday, the army announced ... strikes on Beirut the previous evening": the day before the
            # sentence's other day (or before publication).
            others = [r for m in dates_mod.find_dates(sentence) if (r := dates_mod.resolve_match(m, anchor)) and r.day]
            base = others[0].day if others else (anchor.day if anchor and not anchor.lower_bound else None)
            if base is not None:
                day = base - timedelta(days=1)
                return DateRange(day, day, DatePrecision.DAY, before.group(0))
        # "said on Thursday" dates the statement: the strike was that day or before.
        for match in sorted(own, key=lambda m: is_speech_date(tokens, m)):
            resolved = dates_mod.resolve_match(match, anchor)
            if resolved is None:
                continue
            if is_speech_date(tokens, match):
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
    def _triggers(self, tokens: list[Token], clause: Clause) -> list[Trigger]:
        found: list[Trigger] = []
        words = [t.lower for t in tokens]
        for i in clause.indexes():
            word = words[i]
            # Weapons may sit in a relative clause ("its strikes, which involved rockets and drones,").
            window = words[max(0, i - 4): i + 9]
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
                found.append(Trigger(i, strong, weapons))
            elif word in LAUNCH_VERBS and any(w in WEAPONS or w in STRIKE_NOUNS for w in words[i + 1:i + 5]):
                found.append(Trigger(i, True, weapons))
            elif word in WEAPONS and i + 1 < clause.hi and words[i + 1] in (
                    "struck", "hit", "slammed", "rained", "launched", "fired", "destroyed", "landed", "targeted",
                    "damaged", "tore", "smashed", "flattened", "put", "knocked", "set", "pounded", "killed"):
                found.append(Trigger(i, True, weapons))
        return found

    def _modal(self, tokens: list[Token], clause: Clause, index: int) -> bool:
        """Threats, plans, conditions and denials are not strikes."""
        window = [t.lower for t in tokens[max(clause.lo, index - 7):index]]
        # "India's army denied that it had shelled ...", "Moscow denied carrying out the strike"
        return any(w in MODAL_WORDS or w in NEGATIONS or w in DENIALS for w in window)

    # -- one mention ----------------------------------------------------------------------------------
    def _mention(self, sentence: str, tokens: list[Token], entities: list[Entity], taken: frozenset[int],
                 clause: Clause,
                 trigger: Trigger, when: DateRange | None, evidence: Evidence, discourse: Discourse,
                 story_states: set[str], section: Section) -> list[Mention]:
        clause_text = " ".join(tokens[i].text for i in clause.indexes())
        if self._modal(tokens, clause, trigger.index) or HABITUAL.search(clause_text):
            return []  # "... along the Euphrates, where militias have kept positions for years": that clause only
        inside = set(clause.indexes())
        in_clause = [e for e in entities if e.first in inside]
        actor, how, speaker = self.roles.actor(tokens, in_clause, clause, trigger, discourse)
        if actor is None and how == "" and trigger.strong and section is Section.STORY and not clause.relation:
            # "An air strike on Monday destroyed the consulate in Damascus." with no one named: kept until the
            # text says whom it is blamed on ("Syria blamed Israel.").
            found = self.roles.targets(tokens, in_clause, taken, clause, "", story_states, trigger.index)
            if any(found.values()):
                discourse.orphans.append(Mention("", "", None, None, when or DateRange(), evidence,
                                                 weapons=trigger.weapons or self.roles.weapons(tokens, clause)))
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
        targets = self.roles.targets(tokens, [e for e in entities if e.first in set(where.indexes())], taken, where,
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
            if previous is None or how == "discourse" or not trigger.strong or not its:
                return []
            targets = {previous.target_country: []}
        confidence = 0.35 + {"explicit": 0.2, "speaker": 0.15, "attributed": 0.15, "discourse": 0.0}[how]
        confidence += 0.15 if trigger.strong else 0.0
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
        target_phrase = self.roles.target_phrase(tokens, clause, trigger, in_clause)
        mentions = []
        for country, place in impact_places(targets, section):
            score = confidence + (0.15 if place and place.precision.rank <= Precision.PROVINCE.rank else
                                  0.1 if place else 0.05)
            mention = Mention(
                actor=actor, target_country=country, place=place,
                place_text=place.note if place else None, date=when or DateRange(),
                evidence=evidence, weapons=weapons, target=target_phrase,
                fatalities=fatalities, fatalities_reported_by=reporter or (speaker.text if speaker else None),
                claimed_by=speaker.text if how == "speaker" and speaker else claimant(sentence, in_clause, actor),
                attributed_by=(speaker.text if speaker else "the report") if how == "attributed" else None,
                denied_by=denier(sentence, in_clause),
                responds_to_hint="retaliation" if RETALIATION.search(sentence) else None,
                confidence=round(min(0.95, max(0.05, score)), 2))
            # A joint strike is one event per actor (the annotation convention, and ACLED's).
            mentions += [replace(mention, actor=code) for code in (actor, *partners) if code != country]
        return [replace(m, place=replace(m.place, note=None)) if m.place else m for m in mentions]







