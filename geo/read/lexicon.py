"""Words that matter for strikes: states and their metonyms, non-state groups, triggers, weapons.

A sentence is cut into :class:`Token` s once; states and groups are found by
looking up token n-grams in a dictionary (fast, and exact about case where
case matters: "US" is a country, "us" is not).

>>> lexicon = Lexicon.load()
>>> [(m.text, m.code) for m in lexicon.states(tokenize("Iranian missiles hit Erbil, the IRGC said."))]
[('Iranian', 'IR'), ('IRGC', 'IR')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..tables import read_csv, split_cell

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[\w’']*[^\W_])?")
_APOS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
NONSTATE_NOUNS = frozenset("militia militias militiamen group groups rebels rebel militants militant insurgents "
                           "fighters proxies proxy gunmen factions faction separatists".split())
MODIFIER_SUFFIXES = frozenset(
    "backed linked allied aligned affiliated based sponsored supported funded made born friendly leaning "
    "controlled held run trained armed".split())


@dataclass(frozen=True, slots=True)
class Token:
    """A word with its span; ``glue`` is the text between it and the next token."""

    text: str
    start: int
    end: int
    glue: str
    lower: str = ""  # the text lower-cased once: rules compare it hundreds of times per sentence

    def __post_init__(self) -> None:
        if not self.lower:
            object.__setattr__(self, "lower", self.text.lower())

    @property
    def is_capitalized(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    """Words of a sentence; possessive 's stays out of the word.

    >>> [t.text for t in tokenize("Iran’s strikes on U.S.-backed groups")]
    ['Iran', 'strikes', 'on', 'U.S.', 'backed', 'groups']
    """
    matches = list(_TOKEN.finditer(text))
    tokens = []
    for i, m in enumerate(matches):
        word, end = m.group(0), m.end()
        # "Iran's" -> "Iran"; "Workers'" (a plural's possessive) -> "Workers"
        stem = word[:-2] if word[-2:] in ("'s", "’s") else word[:-1] if word[-1:] in ("'", "’") else word
        if stem != word and stem:
            word, end = stem, m.start() + len(stem)
        next_start = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        tokens.append(Token(word, m.start(), end, text[end:next_start], word.lower()))
    return tokens


def join_tokens(tokens: list[Token]) -> str:
    """The text a run of tokens covers, with the spaces and hyphens between them.

    >>> join_tokens(tokenize("Deir ez-Zor, Syria")[:3])
    'Deir ez-Zor'
    """
    if not tokens:
        return ""
    return ("".join(t.text + t.glue for t in tokens[:-1]) + tokens[-1].text).strip()


@dataclass(frozen=True, slots=True)
class Entity:
    """A state, metonym or group found in a sentence, as token indexes [first, last]."""

    text: str
    code: str          # ISO alpha-2, or "--" for a non-state group
    kind: str          # name | demonym | force | government | capital | leader_office | nonstate
    first: int
    last: int
    possessive: bool = False
    modifier: bool = False  # "Iran-backed": describes something else, never acts

    @property
    def is_state(self) -> bool:
        return self.code != "--" and not self.modifier


def _key(words: list[str]) -> str:
    return " ".join(w.translate(_APOS).lower() for w in words)


class Lexicon:
    """States (names, demonyms, forces, capitals) and non-state groups, by lower-cased n-gram."""

    def __init__(self, entries: dict[str, tuple[str, str, bool]]) -> None:
        # key -> (code, kind, case_sensitive)
        self.entries = entries
        # Most words start no entry: one dict lookup on the first word rejects them.
        lengths: dict[str, set[int]] = {}
        for key in entries:
            words = key.split()
            lengths.setdefault(words[0], set()).add(len(words))
        self.lengths_by_first = {w: sorted(n, reverse=True) for w, n in lengths.items()}
        # One-word country names, so "in Iraq and Syria" reads as one prepositional phrase.
        self.one_word_names = frozenset(k for k, v in entries.items() if " " not in k and v[1] == "name")

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Lexicon:
        entries: dict[str, tuple[str, str, bool]] = {}

        def add(phrase: str, code: str, kind: str) -> None:
            words = [t.text for t in tokenize(phrase)]
            if words and words[0].lower() == "the" and len(words) > 1:
                words = words[1:]
            if not words:
                return
            key = _key(words)
            case_sensitive = len(phrase) <= 4 and phrase.replace(".", "").isupper()
            if key not in entries or entries[key][1] in ("capital",) and kind != "capital":
                entries[key] = (code, kind, case_sensitive)

        for row in _rows("actors.csv"):
            code = row["alpha2"].strip().upper()
            add(row["phrase"].strip(), code if code != "--" else "--", "nonstate" if code == "--" else row["kind"])
        for row in _rows("countries.csv"):
            code = row["alpha2"].strip().upper()
            for name in split_cell(row.get("names")):
                add(name, code, "name")
            for demonym in split_cell(row.get("demonyms")):
                add(demonym, code, "demonym")
        try:
            import pycountry

            for country in pycountry.countries:
                for name in {country.name, getattr(country, "common_name", country.name)}:
                    if _key([t.text for t in tokenize(name)]) not in entries:
                        add(name, country.alpha_2, "name")
        except ImportError:  # pragma: no cover - pycountry is a requirement
            pass
        return cls(entries)

    def entities(self, tokens: list[Token]) -> list[Entity]:
        """Longest-first, left-to-right matches of states and groups."""
        found: list[Entity] = []
        keys = [t.text.translate(_APOS).lower() for t in tokens]
        i = 0
        while i < len(tokens):
            match = self._match_at(tokens, i, keys) if keys[i] in self.lengths_by_first else None
            if match is None:
                i += 1
                continue
            found.append(match)
            i = match.last + 1
        return found

    def states(self, tokens: list[Token]) -> list[Entity]:
        return [e for e in self.entities(tokens) if e.is_state]

    def _match_at(self, tokens: list[Token], i: int, keys: list[str]) -> Entity | None:
        if not tokens[i].text[:1].isalnum():
            return None
        for n in self.lengths_by_first[keys[i]]:
            if i + n > len(tokens):
                continue
            window = tokens[i:i + n]
            # Words of one name are joined by spaces or hyphens, not by commas.
            if any(t.glue.strip(" -") for t in window[:-1]):
                continue
            entry = self.entries.get(" ".join(keys[i:i + n]))
            if entry is None:
                continue
            code, kind, case_sensitive = entry
            if kind == "name" and _inside_a_town_name(tokens, i, i + n):
                return None
            text = window[0].text if n == 1 else "".join(t.text + t.glue for t in window[:-1]) + window[-1].text
            if case_sensitive and not all(t.text.isupper() or not t.text.isalpha() for t in window):
                continue
            if not case_sensitive and not window[0].is_capitalized and not (
                    n == 1 and kind in ("name", "demonym") and len(keys[i]) >= 4 and keys[i] not in _COMMON_WORDS):
                continue
            last = tokens[i + n - 1]
            nxt = tokens[i + n] if i + n < len(tokens) else None
            modifier = bool(nxt and last.glue == "-" and nxt.lower in MODIFIER_SUFFIXES)
            if kind == "demonym" and _names_a_group(tokens, i + n, last):
                modifier = True  # "Iraqi armed groups", "Syrian rebels": not the state
            possessive = last.end < len(last.text) + last.start or last.glue.startswith(("'s", "’s"))
            return Entity(text, code, kind, i, i + n - 1, possessive=possessive, modifier=modifier)
        return None


# A state's one-word name or demonym counts in lower case too: some outlets write "russia" and "russian
# troops" so on purpose, and pasted posts are often all lower case. Not these, which are also plain
# English words ("turkey", "china", "polish", "in english").
_COMMON_WORDS = frozenset("""turkey china chad jordan guinea georgia jersey reunion panama bermuda polish french
dutch swiss german english welsh japan niger""".split())


def _inside_a_town_name(tokens: list[Token], first: int, end: int) -> bool:
    """"Port Sudan", "Kuwait City", "Djibouti City": a country's name inside a town's is the town's."""
    before = tokens[first - 1] if first > 0 else None
    after = tokens[end] if end < len(tokens) else None
    return bool(before and before.text in ("Port", "Fort") and not before.glue.strip()
                or after and after.text == "City" and not tokens[end - 1].glue.strip())


def _names_a_group(tokens: list[Token], start: int, last: Token) -> bool:
    """Does a group noun follow a demonym within its own noun phrase ("Iraqi armed groups")? Not past a
    verb or a comma: in "Egyptian warplanes struck militant camps" the militants are the ones struck."""
    if any(c in last.glue for c in ",;:"):
        return False
    for token in tokens[start:start + 3]:
        if token.lower in NONSTATE_NOUNS:
            return True
        if token.lower in STRIKE_VERBS or token.lower in LAUNCH_VERBS or any(c in token.glue for c in ",;:"):
            return False
    return False


def _rows(name: str) -> list[dict[str, str]]:
    return [r for r in read_csv(name) if (r.get("alpha2") or "").strip()]


# -- strike vocabulary -----------------------------------------------------------------------
STRIKE_NOUNS = frozenset("strike strikes airstrike airstrikes raid raids bombardment bombardments barrage barrages "
                         "salvo salvos shelling attack attacks bombing bombings assault assaults".split())
STRIKE_VERBS = frozenset("struck strike strikes striking hit hits hitting attacked attack attacks attacking bombed "
                         "bombs bombing bombarded bombarding bombards shelled shelling pounded pounding pounds "
                         "targeted targeting "
                         "targets target raided destroyed".split())
LAUNCH_VERBS = frozenset("launched launch launches launching fired fire fires firing carried carry carries carrying "
                         "conducted conduct conducts conducting staged stage mounted mount unleashed "
                         # "dropped a 900-kg bomb on ...": a launch only with a weapon close by, as the others
                         "dropped drop drops dropping".split())
# Verbs that report a strike only with a weapon or strike noun close by ("hit a fever pitch" is not one).
WEAK_VERBS = frozenset("hit hits hitting targeted targeting targets target attack attacks attacking attacked "
                       "destroyed".split())
WEAPONS = {
    "missile": "missile", "missiles": "missile", "drone": "drone", "drones": "drone", "uav": "drone",
    "uavs": "drone", "rocket": "rocket", "rockets": "rocket", "artillery": "artillery", "shells": "artillery",
    "warplanes": "aircraft", "warplane": "aircraft", "jets": "aircraft", "jet": "aircraft", "aircraft": "aircraft",
    "bombers": "aircraft", "bomber": "aircraft", "helicopters": "aircraft", "helicopter": "aircraft",
    "airstrike": "aircraft", "airstrikes": "aircraft", "munitions": "munitions", "projectiles": "missile",
    # weapons named by type or make in war reporting: "mortars hit ...", "Shaheds struck ...", "ATACMS hit ..."
    "mortar": "artillery", "mortars": "artillery", "howitzers": "artillery", "shahed": "drone", "shaheds": "drone",
    "himars": "rocket", "atacms": "missile", "iskander": "missile", "iskanders": "missile", "kinzhal": "missile",
    "kalibr": "missile", "tomahawk": "missile", "tomahawks": "missile",
    # "the largest non-nuclear bomb", "guided bombs": what aircraft drop ("car bomb attack" then reads as a weapon's
    # attack: the attacker must still be a state for it to count)
    "bomb": "bomb", "bombs": "bomb",
}
NON_STATE_ATTACK_WORDS = frozenset("militant militants terrorist terrorists suicide insurgent insurgents jihadist "
                                   "gunmen gunman rebel rebels".split())
MODAL_WORDS = frozenset("will would could might may shall should threaten threatens threatened threatening vow vows "
                        "vowed vowing warn warns warned warning plan plans planned planning prepared ready intend "
                        "intends intended consider considers considering if unless possible potential future "
                        "capable able want wants wanted seek seeks sought promise promised promises pledge "
                        "pledged deter avoid avoided prevent".split())
NEGATIONS = frozenset("not no never n't neither nor without".split())
SPEECH_VERBS = frozenset("said says say told tells stated announced reported report reports claimed claims added "
                         "confirmed accused accuses alleged denied denies described called condemned condemns "
                         "denounced criticised criticized labelled labeled branded blamed".split())
# Not "over": "a missile fired over Japan" flew across it; a strike's place is in, on or at it.
LOCATIVES = frozenset("in into inside on against at within across onto near around outside targeting toward "
                      "towards".split())
TERRITORY_WORDS = frozenset("territory soil airspace side border region land waters".split())
