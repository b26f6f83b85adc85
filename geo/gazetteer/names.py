"""Place-name keys that survive transliteration.

News English spells the same place many ways (Irbil, Arbil, Erbil; Deir ez-Zor,
Deir el-Zour, Deir al-Zor). :func:`name_key` folds case, diacritics,
punctuation and Arabic/Persian articles and connectors; :func:`skeleton` goes
further, to a consonant outline, for a second, weaker match.

>>> name_key("Deir el-Zour") == name_key("Deir ez-Zor")
False
>>> name_key("Deir el-Zour"), name_key("Deir ez-Zor")
('deir zour', 'deir zor')
>>> skeleton("deir zour") == skeleton("deir zor")
True
>>> name_key("Sistan-Baluchestan") == name_key("Sistan and Baluchestan")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic/Persian articles and connectors: "al-", "ez-", Persian "va" (and), the
# ezafe "-e-". Dropped anywhere in a name, but never when they are the name.
_DROPPED_TOKENS = frozenset(
    "al el ad ed as es ash esh an ar er at az ez ul ud ut us e i va and the of".split()
)
_APOSTROPHES = "'\u2019\u2018\u02bc\u02bb\u02be\u02bf`\u00b4"
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LATIN_ONLY = re.compile(r"^[a-z0-9 ]+$")
# Combining marks left by NFKD on Latin letters (ā -> a + U+0304); other scripts' marks
# need no care: their letters are not [a-z0-9] and fold to spaces anyway.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ASCII letters, digits and single spaces; diacritics removed.

    >>> fold("Sarāvān")
    'saravan'
    """
    # Regexes, not a loop over characters: the index build folds ~1.5 million names.
    decomposed = text if text.isascii() else unicodedata.normalize("NFKD", text)
    stripped = _COMBINING.sub("", decomposed)
    for mark in _APOSTROPHES:
        stripped = stripped.replace(mark, "")
    stripped = stripped.lower().replace("\u0131", "i").replace("\u00df", "ss").replace("\u00f8", "o")
    return _NON_ALNUM.sub(" ", stripped).strip()


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The exact-match key of a place name.

    >>> name_key("Al-Qaim"), name_key("Qa'im")
    ('qaim', 'qaim')
    """
    folded = fold(text)
    tokens = folded.split()
    kept = [t for t in tokens if t not in _DROPPED_TOKENS]
    # A name made only of dropped words ("Al", "The") is kept as it is.
    return " ".join(kept) if kept else folded


def is_latin_key(key: str) -> bool:
    """True when a key is made of Latin letters, so it can come from English text."""
    return bool(key) and bool(_LATIN_ONLY.match(key))


_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "c"), ("th", "t"), ("dh", "d"), ("ph", "f"), ("zh", "z"))
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=200_000)
def skeleton(key: str) -> str:
    """A consonant outline of a key, for matching spellings that differ in vowels.

    ``w`` before a vowel counts as ``v`` (Sarawan ~ Saravan); elsewhere it is a
    vowel (Zawr ~ Zor); ``q`` is ``k``; doubled letters collapse.

    >>> skeleton("sarawan") == skeleton("saravan")
    True
    >>> skeleton("baluchistan") == skeleton("balochestan")
    True
    """
    out_tokens = []
    for token in key.split():
        for digraph, single in _DIGRAPHS:
            token = token.replace(digraph, single)
        chars = []
        for i, c in enumerate(token):
            nxt = token[i + 1] if i + 1 < len(token) else ""
            if c == "w":
                if nxt in _VOWELS:
                    chars.append("v")
                continue
            if c in _VOWELS or c == "h":
                continue
            c = "k" if c == "q" else c
            if not chars or chars[-1] != c:
                chars.append(c)
        if chars:
            out_tokens.append("".join(chars))
    return " ".join(out_tokens)


_KIND_WORDS = {
    "province": "province",
    "governorate": "province",
    "state": "province",
    "oblast": "province",
    "krai": "province",
    "kray": "province",
    "district": "district",
    "county": "district",
    "raion": "district",
    "rayon": "district",
    "city": "city",
    "town": "city",
    "village": "city",
    "region": "region",
    "area": "region",
}
# "Lipetsk and Voronezh oblasts": a plural kind word names each unit before it.
_KIND_WORDS |= {word + "s": kind for word, kind in _KIND_WORDS.items() if word not in ("area", "city")}
_KIND_WORDS |= {"cities": "city", "oblasti": "province"}


def split_kind_word(key: str) -> tuple[str, str | None]:
    """Split a trailing or leading kind word off a key.

    >>> split_kind_word("idlib province")
    ('idlib', 'province')
    >>> split_kind_word(name_key("City of Mosul"))
    ('mosul', 'city')
    """
    tokens = key.split()
    if len(tokens) >= 2 and tokens[-1] in _KIND_WORDS:
        return " ".join(tokens[:-1]), _KIND_WORDS[tokens[-1]]
    if len(tokens) >= 2 and tokens[0] in _KIND_WORDS:
        return " ".join(tokens[1:]), _KIND_WORDS[tokens[0]]
    return key, None


# Words that name a kind of site. News writes "the Engels air base", "Hodeidah port",
# "the Natanz nuclear facility"; each phrase maps to one site class, so any wording
# of the class finds a site indexed under another ("Engels Airbase" in airportsdata).
_SITE_CLASS_WORDS = {
    "air": ("international airport", "air force base", "military airfield", "military airport", "air base",
            "airbase", "airfield", "airport", "air station", "aerodrome", "airstrip", "air field", "heliport"),
    "port": ("oil terminal", "naval base", "seaport", "sea port", "port", "ports", "harbour", "harbor",
             "naval port", "oil port"),
    "nuclear": ("nuclear power plant", "nuclear power station", "nuclear facility", "nuclear site",
                "nuclear plant", "nuclear complex", "nuclear reactor", "enrichment facility", "enrichment plant",
                "enrichment site", "reactor", "nuclear research center", "nuclear research centre", "npp"),
    "dam": ("hydroelectric power plant", "hydroelectric power station", "hydroelectric plant", "hydroelectric dam",
            "hydropower plant", "dam"),
    "shrine": ("shrine", "mausoleum", "tomb"),
    "crossing": ("border crossing", "crossing point", "crossing", "border post", "border checkpoint"),
    "military": ("military base", "military complex", "military site", "missile base", "garrison",
                 "military academy", "barracks"),
    # "the Natanz facility", "the Dyagilevo base": any site with that name (an air base is a base).
    "any": ("facility", "site", "complex", "installation", "compound", "base"),
    "industry": ("oil refinery", "refinery", "oil depot", "fuel depot", "power plant", "power station",
                 "thermal power plant", "bridge", "gas field", "oil field"),
}
# Longest phrase first, so "oil refinery" is split before "refinery".
_SITE_WORDS: tuple[tuple[str, str], ...] = tuple(sorted(
    ((phrase, cls) for cls, phrases in _SITE_CLASS_WORDS.items() for phrase in phrases),
    key=lambda item: -len(item[0])))
SITE_CLASSES = frozenset(_SITE_CLASS_WORDS)
_SITE_PHRASES = frozenset(phrase for phrase, _ in _SITE_WORDS)


@lru_cache(maxsize=200_000)
def site_phrase(key: str) -> tuple[str, str] | None:
    """Split a trailing site word off a key: ``(base name, site class)``, else ``None``.

    >>> site_phrase(name_key("the Engels air base"))
    ('engels', 'air')
    >>> site_phrase(name_key("Natanz nuclear facility"))
    ('natanz', 'nuclear')
    >>> site_phrase("kirkuk") is None
    True
    """
    if key in _SITE_PHRASES:
        return None  # "air base" alone names no site
    padded = " " + key
    for phrase, cls in _SITE_WORDS:
        if padded.endswith(" " + phrase):
            base = key[: len(key) - len(phrase)].strip()
            if base:
                return base, cls
    return None


def site_key(base: str, cls: str) -> str:
    """The index key of a site under its base name and class: ``"engels @air"``.

    >>> site_key("engels", "air")
    'engels @air'
    """
    return f"{base} @{cls}"


def fuzzy_block(key: str) -> str:
    """The blocking key for fuzzy matching: the consonant outline with spaces removed.

    Only a shortlist: candidates that share it are then scored by spelling
    (:mod:`rapidfuzz`), so "Kfarshouba" and "Kfar Shouba" meet, and a bare
    consonant coincidence never decides.

    >>> fuzzy_block("kfarshouba") == fuzzy_block("kfar shouba")
    True
    """
    return "~" + skeleton(key).replace(" ", "")
