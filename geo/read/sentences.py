"""Sentences with their character spans, and clauses within a sentence.

>>> [s for s, _ in split_sentences("Iran struck Erbil. U.S. officials said so. It was late.")]
['Iran struck Erbil.', 'U.S. officials said so.', 'It was late.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import MONTHS, NUMBER_WORDS, WEEKDAYS
from .lexicon import LAUNCH_VERBS, STRIKE_VERBS, Token

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col maj capt sgt st jan feb mar apr jun jul aug sep sept oct nov dec no vs etc approx "
    "rep sen gov adm brig cmdr u.s u.k u.n a.m p.m e.g i.e cf fig inc corp ltd co".split())
_BOUNDARY = re.compile(r"([.!?…])([\"”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[str, int]]:
    """Sentences of a paragraph and where each starts."""
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(text):
        before = text[start:match.start()]
        last_word = re.findall(r"[\w.]+$", before)
        word = last_word[0].lower().rstrip(".") if last_word else ""
        if match.group(1) == "." and (word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word)):
            continue
        end = match.end(2)
        sentences.append((text[start:end].strip(), start))
        start = match.end()
    if text[start:].strip():
        sentences.append((text[start:].strip(), start))
    return sentences


@dataclass(frozen=True, slots=True)
class Clause:
    """Tokens ``[lo, hi)`` of a sentence.

    ``relation`` ties the clause's time to the main clause: ("after", n) means
    "n days after <this clause>", so this clause happened n days before the
    main one (n is None when the text gives no gap); ("within", n) means within
    n days of the previous strike in the text.
    """

    lo: int
    hi: int
    relation: tuple[str, int | None] | None = None
    holes: tuple[tuple[int, int], ...] = ()

    def indexes(self) -> list[int]:
        """Token indexes of the clause outside its relative clauses."""
        return [i for i in range(self.lo, self.hi) if not any(a <= i < b for a, b in self.holes)]


def relative_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    """", which involved rockets and drones," and ", a group that has attacked Iran,": [start, end) spans.

    They describe something else in the sentence, so their strike words are not the sentence's strikes.
    """
    spans = []
    for i, token in enumerate(tokens):
        word = token.lower
        if i and (word in ("which", "who", "whom", "whose")
                  or (word in ("that", "where") and any("," in t.glue for t in tokens[max(0, i - 5):i]))):
            end = next((j + 1 for j in range(i, len(tokens)) if any(c in tokens[j].glue for c in ",;")), len(tokens))
            spans.append((i, end))
    return spans


_UNITS = {"day": 1, "days": 1, "hour": 1 / 24, "hours": 1 / 24, "week": 7, "weeks": 7}


def _gap(tokens: list[Token], i: int) -> tuple[int, int | None]:
    """For "two days after" at tokens[i] == "after": (first token of the phrase, days)."""
    if i >= 2 and tokens[i - 1].lower in _UNITS:
        # Digits are read as numbers ("24 hours"); NUMBER_WORDS' "24": 1 is for "within 24 hours" of days.
        text = tokens[i - 2].text
        amount = int(text) if text.isdigit() else NUMBER_WORDS.get(tokens[i - 2].lower)
        if amount is not None:
            days = round(amount * _UNITS[tokens[i - 1].lower], 6)  # 24 * (1/24) is 0.999...
            return i - 2, max(0, round(days)) if days >= 1 else 0
        return i - 1, 0 if _UNITS[tokens[i - 1].lower] < 1 else None  # "hours after": the same day
    if i >= 1 and tokens[i - 1].lower in ("shortly", "moments", "minutes"):
        return i - 1, 0  # "shortly after": the same day, as the reports mean it
    return i, None


_ANSWER_STARTS = frozenset("in retaliation response to reprisal revenge vengeance".split())


def _answers(tokens: list[Token], i: int) -> bool:
    """Does "in response to", "in retaliation for", "in revenge for" or "to avenge" start at ``i``?"""
    if tokens[i].lower not in _ANSWER_STARTS:
        return False
    words = [t.lower for t in tokens[i:i + 3]]
    return (words[:1] == ["in"] and words[1:2] in (["response"], ["retaliation"], ["revenge"], ["reprisal"])
            or words[:2] in (["retaliation", "for"], ["response", "to"], ["to", "avenge"], ["reprisal", "for"],
                             ["revenge", "for"], ["vengeance", "for"])
            and tokens[i - 1].lower not in ("in", "the"))


# Verbs that make "as ..." a clause of its own: "Poland scrambled jets as missiles struck western Ukraine".
_AS_VERBS = STRIKE_VERBS | LAUNCH_VERBS | frozenset("pounded rained slammed".split())


def _as_clause(tokens: list[Token], i: int) -> bool:
    """Does "as" at ``i`` open a clause with a subject and a strike verb of its own ("as missiles struck",
    "as Russia pounded")? Not "as part of", "known as", "as many as"."""
    after = [t.lower for t in tokens[i + 1:i + 5]]
    return bool(after) and after[0] not in _NOT_AS_SUBJECT and any(w in _AS_VERBS for w in after[1:])


_NOT_AS_SUBJECT = frozenset("a an part well such if though soon long much many far of to it".split())


def _aside_end(tokens: list[Token], start: int) -> int | None:
    """For ", hours after X," right after a sentence-initial day ("Late Sunday, ..."): the token after the
    aside's closing comma; ``None`` for any other "after"."""
    head = [t.lower for t in tokens[:start]]
    if not 0 < start <= 4 or "," not in tokens[start - 1].glue or not any(w in WEEKDAYS or w in MONTHS for w in head):
        return None
    close = next((j for j in range(start, len(tokens) - 1) if "," in tokens[j].glue), None)
    return None if close is None else close + 1


_TIMES_OF_DAY = frozenset("midnight dawn daybreak sunrise noon midday sunset dusk nightfall dark".split())


def split_clauses(tokens: list[Token]) -> list[Clause]:
    """Cut a sentence at "after", "while", "when", semicolons, and ", but".

    Sentence-initial "After X, Y" makes X a sub-clause up to the first comma.

    Long because: each cut word is one short case, and the cuts must be read in one pass, in order."""
    n = len(tokens)
    cuts: list[tuple[int, tuple[str, int | None] | None]] = []
    asides: list[tuple[int, int, int | None]] = []
    for i, token in enumerate(tokens):
        word = token.lower
        if word in ("after", "following") and i > 0 and not (
                i + 1 < n and tokens[i + 1].lower == tokens[i - 1].lower) and not (
                i + 1 < n and tokens[i + 1].lower in _TIMES_OF_DAY):  # "after midnight on Tuesday": that day
            start, days = _gap(tokens, i)
            close = _aside_end(tokens, start)
            if close is not None:  # "Late Sunday, hours after X, Y struck": the day before the aside is Y's
                asides.append((start, close, days))
            else:
                cuts.append((start, ("after", days)))
        elif word in ("amid", "amidst") and i > 0:
            cuts.append((i, ("amid", None)))  # "..., amid heavy casualties in Jordan": circumstances, not targets
        elif i > 0 and _answers(tokens, i):
            # "... in response to / in retaliation for an Israeli strike on X": an earlier, other event.
            cuts.append((i, ("after", None)))
        elif word in ("while", "whereas", "when", "as") and i > 0 and tokens[i - 1].glue.strip() in (",", ""):
            list_goes_on = word == "as" and [t.lower for t in tokens[i + 1:i + 3]] in (["well", "as"], ["such"])
            if (word != "as" or tokens[i - 1].glue.strip() == "," or _as_clause(tokens, i)) and not list_goes_on:
                cuts.append((i, ("when", None) if word in ("when", "as") else None))
        elif word == "but" and i > 0 and tokens[i - 1].glue.strip() == ",":
            cuts.append((i, None))

        clock = token.glue == ":" and token.text.isdigit() and i + 1 < n and tokens[i + 1].text.isdigit()
        if (";" in token.glue or ":" in token.glue) and i + 1 < n and not clock:  # "at 3:40 a.m." goes on
            cuts.append((i + 1, None))
    clauses: list[Clause] = []
    if tokens and tokens[0].lower in ("after", "following"):
        comma = next((j for j in range(n) if "," in tokens[j].glue), None)
        if comma is not None and comma + 1 < n:
            clauses.append(Clause(0, comma + 1, ("after", None)))
            tokens_from = comma + 1
            cuts = [c for c in cuts if c[0] > comma]
        else:
            tokens_from = 0
    else:
        tokens_from = 0
    if tokens and tokens[0].lower == "within":
        unit = next((t for t in tokens[:5] if t.lower in _UNITS), None)
        days = 1 if unit is None or unit.lower.startswith("hour") else _UNITS[unit.lower]
        main_relation: tuple[str, int | None] | None = ("within", int(days))
    else:
        main_relation = None
    bounds = [tokens_from] + [c[0] for c in cuts if c[0] > tokens_from] + [n]
    relations = [main_relation] + [c[1] for c in cuts if c[0] > tokens_from]
    for (lo, hi), relation in zip(zip(bounds, bounds[1:], strict=False), relations, strict=False):
        if hi > lo:
            clauses.append(Clause(lo, hi, relation))
    holes = relative_spans(tokens) + [(a, b) for a, b, _ in asides]
    if holes:
        clauses = [Clause(c.lo, c.hi, c.relation, tuple(h for h in holes if c.lo <= h[0] < c.hi)) for c in clauses]
        clauses += [Clause(a, b, ("relative", None)) for a, b in holes[:len(holes) - len(asides)]]
        clauses += [Clause(a, b, ("after", days)) for a, b, days in asides]
    return clauses
