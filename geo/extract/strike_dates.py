"""Which day a strike word has: several days in a clause, speech dates, bounds, days carried between sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..models import DatePrecision, DateRange, Mention, Paragraph, Section
from ..read import dates as dates_mod
from ..read.lexicon import LAUNCH_VERBS, SPEECH_VERBS, STRIKE_NOUNS, STRIKE_VERBS, Token, tokenize
from ..read.live import entry_day, live_entries
from ..read.sentences import Clause, split_clauses
from .strike_words import DAY_BEFORE, SPEAKING

if TYPE_CHECKING:
    from .strike_roles import Discourse


def trigger_date(sentence: str, tokens: list[Token], clause: Clause, t: int, anchor: dates_mod.Anchor | None
                  ) -> DateRange | None:
    """With two days in one clause ("an attack on Friday, December 27, and U.S. attacks in Iraq on Sunday"),
    the one next after the strike word is its own; ``None`` leaves the clause's date."""
    lo, hi = tokens[clause.lo].start, tokens[clause.hi - 1].end
    found = local_first(sentence, [m for m in dates_mod.find_dates(sentence) if lo <= m.start() < hi
                                   and not is_speech_date(tokens, m) and not bound_only(sentence, m)])
    if len(found) < 2:
        return None
    after = [m for m in found if m.start() >= tokens[t].end]
    if not after or not any(m.start() < tokens[t].start for m in found):
        return None
    return dates_mod.resolve_match(after[0], anchor)


# "Thursday US time", "Thursday, 8:40 p.m. EDT", "Thursday at 2100 GMT", "Thursday evening in Washington".
_FAR_CLOCK = re.compile(r"^\s*,?\s*(?:at\s+)?(?:\d{1,2}(?:[:.]?\d{2})?\s*(?:[ap]\.?m\.?)?\s*)?"
                        r"(?:(?:US|Washington|Eastern|Pacific)\s+time|ET|EST|EDT|GMT|UTC|in\s+Washington)\b", re.I)


# "8:40 p.m. EDT Thursday", "2100 GMT on Friday": the zone written before the day.
_FAR_CLOCK_BEFORE = re.compile(r"\b(?:ET|EST|EDT|GMT|UTC|Washington\s+time)(?:\s+on)?\s*$")


def local_first(sentence: str, matches: list[re.Match]) -> list[re.Match]:
    """"late on Wednesday US time, early Thursday in Yemen", "4 a.m. Friday local time (9 p.m. EDT Thursday)":
    the strike's own (local) day is the one kept."""
    far = [m for m in matches if far_clock(sentence, m)]
    return [m for m in matches if m not in far] or matches


def far_clock(sentence: str, match: re.Match) -> bool:
    """Is the day written by a far clock ("Thursday evening in Washington", "EDT Thursday")?"""
    return bool(_FAR_CLOCK.match(sentence[match.end():match.end() + 30])
                or _FAR_CLOCK_BEFORE.search(sentence[max(0, match.start() - 20):match.start()]))


def bound_only(sentence: str, match: re.Match) -> bool:
    """"since March 2024", "until Friday": a bound of a period, not the day of a strike."""
    return bool(re.search(r"\b(?:since|until|till)\s+$", sentence[max(0, match.start() - 7):match.start()], re.I))


# The text of a day counted from a strike that could not be found ("A day before that, ...").
POINTED_AT_UNKNOWN = "days before a strike not found"


def carry_days(mentions: list[Mention], actor_days: list[tuple[int, str, DateRange]] = ()) -> list[Mention]:
    """An undated mention takes the day of the nearest strike told before it: a dated mention of the same
    pair ("Israel struck Tyre on Sunday. The strikes also hit Khiam ...") or a dated strike of the same actor
    whose place was not given ("The IAF struck command centres on Saturday. Waves of strikes hit Dahieh.").
    With none before, the first one after ("... in Barmal district. The strikes occurred late on Dec 24.")."""
    carried = []
    for mention in mentions:
        open_ended = mention.date.earliest is None and mention.date.latest is not None  # "..., officials said Sunday"
        dated = (mention.date.earliest or mention.date.latest) and not open_ended
        if dated or mention.evidence.section is Section.CAPTION or mention.date.text == POINTED_AT_UNKNOWN:
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


# "told to our reporter on Saturday", "told the French news agency on Monday": whom a source spoke to, then the day.
_TOLD_WHOM = re.compile(r"\b(?:told|telling|said\s+to|speaking\s+to)\s+(?:to\s+)?(?:(?:our|the|a|an|local|state)\s+)?"
                        r"(?:[A-Z][\w-]*\s+){0,2}(?:reporters?|journalists?|correspondents?|media|press|news\s+agency"
                        r"|agency|news\s+conference|press\s+conference|broadcaster|television|radio)\s+(?:on\s+)?$",
                        re.I)


def live_days(mentions: list[Mention], paragraphs: Sequence[Paragraph], anchor: dates_mod.Anchor | None
              ) -> list[Mention]:
    """On a live page, a strike told with no day in an entry stamped "16:48" is news of the entry's day (its
    heading's, its stamp's, else the page's); one told with a day or a bound keeps it, and so does one that
    took the day of the same strike told elsewhere on the page ("the strike in Pakistan hit ...")."""
    published = anchor.day if anchor is not None and not anchor.lower_bound else None
    entries = live_entries(paragraphs, published)
    if not entries:
        return mentions
    dated = []
    for mention in mentions:
        day = entry_day(entries, mention.evidence.start)
        if day is not None and mention.date.earliest is None and mention.date.latest is None:
            mention = replace(mention, date=DateRange(day, day, DatePrecision.DAY, "the live entry's day"))
        dated.append(mention)
    return dated


def is_speech_date(tokens: list[Token], match: re.Match) -> bool:
    """True for "said Wednesday", "told reporters on Monday", "Pakistan on Thursday said"; not for
    "said Wednesday's strike", whose day is the strike's."""
    if match.string[match.end():match.end() + 2] in ("'s", "’s"):
        return False
    if _TOLD_WHOM.search(match.string[max(0, match.start() - 60):match.start()]):
        return True
    first = next((i for i, t in enumerate(tokens) if t.start >= match.start()), len(tokens))
    last = next((i for i, t in enumerate(tokens) if t.end >= match.end()), len(tokens) - 1)
    window = [t.lower for t in tokens[max(0, first - 3):first]]
    spoke = [i for i, w in enumerate(window) if w in SPEAKING or w in SPEECH_VERBS]
    if spoke and any(w in STRIKE_NOUNS for w in window[spoke[-1] + 1:]):
        return False  # "says the attack late on Tuesday killed ...": the day is the attack's
    before = set(window)
    # "on Tuesday, officials said": the comma closes the strike's clause; the day is the strike's.
    after = set() if last < len(tokens) and "," in tokens[last].glue else {t.lower for t in tokens[last + 1:last + 3]}
    return bool(before & (SPEAKING | SPEECH_VERBS)) or bool(after & SPEECH_VERBS)


_DAYS_EARLIER = re.compile(r"\b(a|one|two|three|four|five|six|seven)\s+days?\s+earlier\b", re.I)


def clause_date(sentence: str, tokens: list[Token], clause: Clause, anchor: dates_mod.Anchor | None,
                photo_day: date | None, earlier: list[DateRange | None], discourse: Discourse
                ) -> DateRange | None:
    """The date of one clause: its own words, a caption's day, "the previous evening", "said on ..."
    (the day, or only a bound), or "after"/"when"/"within" the strike just told.

    Long because: the first source of a date that applies wins, and the order is the rule."""
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
        # Else the day before the strike just told ("Jets hit Tyre on Monday. The night before, ..."), else
        # before publication.
        others = [r for m in dates_mod.find_dates(sentence) if (r := dates_mod.resolve_match(m, anchor)) and r.day]
        told = _just_told(discourse).day if _just_told(discourse) is not None else None
        base = others[0].day if others else told or (anchor.day if anchor and not anchor.lower_bound else None)
        if base is not None:
            day = base - timedelta(days=1)
            return DateRange(day, day, DatePrecision.DAY, before.group(0))
    shifted = _days_apart(sentence, lo, hi, anchor, discourse)
    if shifted is not None:
        return shifted
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
        if far_clock(sentence, match) and resolved.day:
            # Only a far clock's day ("4:30 a.m. in Syria, late Thursday in Washington"): the local day is
            # that one or the next.
            return DateRange(resolved.day, resolved.day + timedelta(days=1), DatePrecision.RANGE,
                             f"{resolved.text}, or the next day locally")
        return resolved
    earlier_by = _DAYS_EARLIER.search(sentence, lo, hi)
    if earlier_by and discourse.last_day is not None and discourse.last_day.day:
        # "... struck Sanaa on Tuesday. A day earlier, jets struck Hodeidah": days before the strike just told.
        return dates_mod.shift(discourse.last_day, -dates_mod.NUMBER_WORDS[earlier_by.group(1).lower()],
                               f"{earlier_by.group(0)} than {discourse.last_day.text}")
    if clause.relation and clause.relation[0] == "after" and previous is None and clause.lo > 0:
        # "The strike came about 24 hours after Iran fired at Iraq": the strike is the one just told.
        opening = {t.lower for t in tokens[:min(clause.lo, 4)]}
        if opening & {"the", "this", "it"} and opening & (STRIKE_NOUNS | {"it"}) and discourse.last_day:
            previous = discourse.last_day
    if clause.relation and clause.relation[0] == "after" and previous is not None:
        gap = clause.relation[1]
        if gap is not None:
            return dates_mod.shift(previous, -gap, f"{gap} day(s) before {previous.text}")
        lead = tokens[max(0, clause.lo - 4):clause.lo + 1]
        if previous.day and {t.lower for t in lead} & _HURT and not {t.lower for t in lead} & _SPANS and not any(
                "," in t.glue for t in lead[:-1]):
            # "On January 3, eight were killed following US strikes": the strikes' toll, that day (not "killed on
            # Friday, days after jets struck ...")
            return previous
        return DateRange(None, previous.latest, DatePrecision.RANGE, f"before {previous.text}")
    if clause.relation and clause.relation[0] == "when":
        # "since April 2022, when similar raids ...": the date right before "when" is the clause's own.
        just_before = [m for m in dates_mod.find_dates(sentence) if 0 <= lo - m.end() <= 3]
        if just_before:
            return dates_mod.resolve_match(just_before[-1], anchor) or previous
        if previous is not None:
            return previous  # "Four were killed on Sunday when Israeli jets struck ..."
    if clause.relation is None:
        return _before_next_clause(sentence, tokens, clause, anchor)
    if clause.relation[0] == "within" and discourse.last is not None:
        last = discourse.last
        base = discourse.pair_dates.get((last.actor, last.target_country), last.date)
        if base.earliest or base.latest:
            days = clause.relation[1] or 1
            return DateRange(base.earliest and dates_mod.shift(base, -days, "").earliest,
                             base.latest and dates_mod.shift(base, days, "").latest, DatePrecision.RANGE,
                             f"within {days} day(s) of the strike on {base.text}")
    return None


_HURT = frozenset("killed wounded injured died dead hurt".split())
_SPANS = frozenset("days weeks months years hours".split())


def _before_next_clause(sentence: str, tokens: list[Token], clause: Clause, anchor: dates_mod.Anchor | None
                        ) -> DateRange | None:
    """"Pakistani jets struck Saravan two days after Iran hit Panjgur on Tuesday night": a main clause without
    a day of its own is the given number of days after the day of the "after" clause that follows it."""
    if "after" not in sentence:
        return None  # (most sentences)
    following = next((c for c in split_clauses(tokens) if c.lo == clause.hi), None)
    if following is None or following.relation is None or following.relation[0] != "after" \
            or following.relation[1] is None:
        return None
    lo, hi = tokens[following.lo].start, tokens[following.hi - 1].end
    own = [m for m in dates_mod.find_dates(sentence) if lo <= m.start() < hi
           and not is_speech_date(tokens, m) and not bound_only(sentence, m)]
    told = dates_mod.resolve_match(own[0], anchor) if own else None
    if told is None or told.day is None:
        return None
    gap = following.relation[1]
    return dates_mod.shift(told, gap, f"{gap} day(s) after {told.text}")


# "A day before that, ...", "Two days before, ...": before the strike just told; not "two days before the vote".
_APART = re.compile(r"\b(?:(?P<n>an?|one|two|three|four|five|six|seven|\d{1,2})\s+days?\s+"
                    r"(?P<way>earlier|later|before(?=\s+(?:that|this|then)\b|\s*[,.;]))"
                    r"|the\s+(?P<next>next|following)\s+day)\b", re.IGNORECASE)


def _days_apart(sentence: str, lo: int, hi: int, anchor: dates_mod.Anchor | None, discourse: Discourse
                ) -> DateRange | None:
    """"The US said on Sunday it struck near Jilib a day earlier" (Saturday); "A day later, jets hit Tyre" and
    "the next day" (the day after the strike told before). Counted from the sentence's other day, else from
    the last strike's day, else ("two days earlier") from publication."""
    if "earlier" not in sentence and "later" not in sentence and " day" not in sentence:
        return None  # (most sentences: no regular expression to run)
    match = _APART.search(sentence, lo, hi)
    if match is None:
        return None
    count = match.group("n") or "one"
    days = int(count) if count.isdigit() else dates_mod.NUMBER_WORDS.get(count.lower())
    if not days:
        return None
    later = bool(match.group("next")) or match.group("way").lower() == "later"
    others = [r for m in dates_mod.find_dates(sentence) if (r := dates_mod.resolve_match(m, anchor)) and r.day]
    # "Two days before, ..." counts from a strike told just now (else it has no day); "a day earlier" from the
    # last one told, else from publication.
    pointer = bool(match.group("way")) and match.group("way").lower() == "before"
    base = others[0] if others else (_just_told(discourse) if pointer else discourse.last_day)
    if base is None and not later and not pointer and anchor is not None and not anchor.lower_bound:
        base = DateRange(anchor.day, anchor.day, DatePrecision.DAY, "publication")
    if base is None and pointer:
        # The strike pointed at is not known: no day, and none carried from another strike either.
        return DateRange(None, None, DatePrecision.UNKNOWN, POINTED_AT_UNKNOWN)
    if base is None or base.day is None:
        return None
    return dates_mod.shift(base, days if later else -days, match.group(0))


# "A day before that" points at a strike told in the sentence before it, or the one before that.
_JUST_TOLD_SENTENCES = 1


def _just_told(discourse: Discourse) -> DateRange | None:
    """The day of the last strike told, when it was told within the last sentence or two."""
    if discourse.since_last > _JUST_TOLD_SENTENCES or discourse.last_day is None or discourse.last_day.day is None:
        return None
    return discourse.last_day


_ANSWERED = re.compile(r"\b(?:in\s+(?:retaliation|response|revenge|reprisal)\s+(?:for|to)|to\s+avenge)\b",
                       re.IGNORECASE)


def place_days(mentions: list[Mention], anchor: dates_mod.Anchor | None) -> list[Mention]:
    """"Israeli jets struck Tyre on Monday and Sidon on Tuesday": a sentence's places each take the day
    written right after them (before the next place), when the sentence gives more than one day."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.evidence.start, []).append(m)
    days: dict[tuple[int, str], DateRange] = {}
    for start, group in by_sentence.items():
        texts = {m.place_text for m in group if m.place_text}
        sentence = group[0].evidence.sentence
        if len(texts) < 2 or group[0].evidence.section is Section.CAPTION or len(dates_mod.find_dates(sentence)) < 2:
            continue  # (a caption's places all take the photo's day)
        tokens = tokenize(sentence)
        found = [d for d in dates_mod.find_dates(sentence) if not is_speech_date(tokens, d)
                 and not bound_only(sentence, d)]
        where = sorted((sentence.find(t), t) for t in texts if sentence.find(t) >= 0)
        for (at, text), (following, _) in zip(where, where[1:] + [(len(sentence), "")], strict=True):
            # "... and Akashat, in retaliation for an attack that killed three soldiers on Jan. 28": the
            # day of what the strike answered is not the place's
            answered = _ANSWERED.search(sentence, at, following)
            own = [d for d in found if at < d.start() < (answered.start() if answered else following)]
            resolved = dates_mod.resolve_match(own[0], anchor) if len(own) == 1 else None
            if resolved is not None and resolved.day:
                days[(start, text)] = resolved
    dated = [replace(m, date=days[(m.evidence.start, m.place_text)]) if (m.evidence.start, m.place_text) in days
             else m for m in mentions]
    return dated + _struck_again(dated, anchor)


_AGAIN = re.compile(r"\band\s+again\s+", re.IGNORECASE)


def _struck_again(mentions: list[Mention], anchor: dates_mod.Anchor | None) -> list[Mention]:
    """"shelled Tel Abyad late on Wednesday and again on Thursday morning": the place was struck on both days,
    so the second day is a strike of its own (one event per place and day)."""
    again = []
    for m in mentions:
        if m.date.day is None or (found := _AGAIN.search(m.evidence.sentence)) is None:
            continue
        following = [d for d in dates_mod.find_dates(m.evidence.sentence) if d.start() == found.end()]
        second = dates_mod.resolve_match(following[0], anchor) if following else None
        if second is not None and second.day is not None and second.day != m.date.day:
            again.append(replace(m, date=second))
    return again
