"""Place names inside a sentence, resolved with the gazetteer.

Candidates are runs of capitalised words (with the connectors of
transliterated names: al-, ez-, -e-), optionally led by a direction
("western Pakistan") or followed by a kind word ("Panjgur district",
"Idlib province"). The longest run that the gazetteer knows wins.
"""

from __future__ import annotations

from dataclasses import replace

from ..gazetteer.index import Gazetteer
from ..gazetteer.names import fold
from ..geometry import distance_km
from ..models import Place, Precision
from ..read.lexicon import Lexicon, Token
from ..read.lexicon import join_tokens as _join

# "Sistan and Baluchestan", "Kohgiluyeh and Boyer-Ahmad": the longest known run wins, so "and" may join a name.
_CONNECTORS = frozenset("al el ez es ed er ad adh as ash an ar az ul ud e i bin ibn de del abu umm and".split())
_KIND_WORDS = frozenset("province governorate district region city town village area mountains valley county "
                        "camp base".split())
_DIRECTIONS = frozenset(f"{d}{suffix}" for d in ("north", "south", "east", "west", "northeast", "northwest",
                                                 "southeast", "southwest", "central")
                        for suffix in ("", "ern"))
_TITLES = frozenset("president minister prime general gen commander spokesman spokeswoman mr mrs ms dr leader "
                    "chief ayatollah sheikh king prince secretary senator analyst expert colonel col brigadier "
                    "major lieutenant admiral ambassador envoy foreign defence defense adviser advisor aide deputy "
                    "cleric scientist founder".split())
_NOT_PLACES = frozenset("the a an monday tuesday wednesday thursday friday saturday sunday january february march "
                        "april may june july august september october november december islamic state sunni shia "
                        "shiite kurdish baloch arab persian muslim christian".split())


# Names of seas and world regions: known, never a strike's place.
# (Single words only where the word alone names no town: "Aden" of "Gulf of Aden" and "Hormuz" are places.)
_MACRO_REGIONS = frozenset("middle east gulf persian arabian red sea levant europe asia africa central caucasus "
                           "mediterranean arab world west north south strait horn of "
                           # a region two states divide: alone it names neither side (nor "Kashmor", a close spelling)
                           "kashmir".split() + [
                           "middle east", "persian gulf", "red sea", "south asia", "central asia", "arabian sea",
                           "arab world", "gulf of aden", "strait of hormuz", "horn of africa", "arabian gulf"])


_WATERS = frozenset("gulf gulfs strait straits sea bay horn".split())
_LEAD_KINDS = {"port": "port", "ports": "port", "airport": "airport", "airports": "airport",
               "province": "province", "provinces": "province", "governorate": "governorate",
               "governorates": "governorate", "district": "district", "districts": "district", "city": "city",
               "cities": "city", "town": "town", "towns": "town", "village": "village", "villages": "village",
               "region": "region", "regions": "region", "oblast": "oblast", "oblasts": "oblast",
               "sites": "site", "facilities": "facility"}


_SITE_LEADS = {"airport": "airport", "airports": "airport", "port": "port", "ports": "port"}
_SPEAKS = frozenset("said says told added quoted quoting reported reports cited citing wrote".split())
_PLURAL_KINDS = frozenset(k for k in _LEAD_KINDS if k.endswith("s") and k != "towns" or k == "cities")


# Words after a name that make it a site: "X air base", "X airport", "X port", "X nuclear facility".
_SITE_PHRASES = tuple(tuple(p.split()) for p in (
    "international airport", "military airport", "military airfield", "military air base", "air base", "airbase",
    "air field", "airfield", "airport",
    "naval base", "port", "oil terminal", "oil refinery", "refinery", "nuclear facility", "nuclear site",
    "nuclear plant", "nuclear power plant", "enrichment site", "enrichment facility", "enrichment plant",
    "power plant", "thermal power plant", "dam", "military base", "training ground", "garrison",
    # "the Natanz site", "the Dyagilevo base", "the Arak heavy water reactor": a generic word makes the name a
    # site when the gazetteer knows one by it; else the name reads as the town it is.
    "site", "facility", "complex", "installation", "base", "plant", "reactor", "heavy water reactor"))
_SITE_KINDS = frozenset({"port", "airport", "air base", "site", "facility"})
_GENERIC_SITES = frozenset("site facility complex installation base plant".split())
_SAME_SITE_KM = 5.0
# Last words of an organisation's name: a place found at the head of such a run is only part of the name.
_BODIES = frozenset("forces force army brigade brigades corps movement front party council ministry agency guards "
                    "committee battalion regiment command organisation organization union".split())
_FEATURES = frozenset("peninsula river lake island islands desert coast plateau".split())
# "the Kabul-Jalalabad highway": a road named by the towns it joins runs between them and strikes neither.
_ROUTES = frozenset("highway highways road motorway expressway railway railroad pipeline corridor".split())
_HELD_BY = frozenset("administered controlled held occupied".split())


def _trailing_kind(tokens: list[Token], lo: int, hi: int) -> tuple[int | None, str | None]:
    """"in Khost and Paktika provinces", "the Tel Nof and Nevatim air bases": a plural kind word after a list
    of names applies to each of them. (Where the list starts, the kind), or (None, None)."""
    trailing = next((j for j in range(lo + 3, min(hi + 1, len(tokens))) if (
        tokens[j].lower in _PLURAL_KINDS and tokens[j - 1].is_capitalized or _air_bases(tokens, j))
        and "and" in {t.lower for t in tokens[lo:j]}), None)
    if trailing is None:
        return None, None
    kind = "air base" if _air_bases(tokens, trailing) else _LEAD_KINDS[tokens[trailing].lower]
    start = trailing - 1 if kind == "air base" else trailing
    while start - 1 >= lo and (tokens[start - 1].is_capitalized or tokens[start - 1].lower in ("and", *_CONNECTORS)):
        start -= 1
    return start, kind


def _air_bases(tokens: list[Token], j: int) -> bool:
    """"the Nevatim and Tel Nof air bases": a plural site kind after a list of names."""
    return tokens[j].lower == "bases" and j >= 2 and tokens[j - 1].lower == "air" and tokens[j - 2].is_capitalized


def _site_words(tokens: list[Token], end: int, hi: int) -> int:
    """How many words after ``end`` name a kind of site (0 when none)."""
    words = [t.lower for t in tokens[end:min(hi, end + 4)]]
    return max((len(p) for p in _SITE_PHRASES if tuple(words[:len(p)]) == p), default=0)


def _lead_kind(tokens: list[Token], i: int, current: str | None, list_start: int | None,
               trailing_kind: str | None) -> str | None:
    """The kind word that applies to the name at ``i``: "the provinces of Khost and Paktika", "in Khost and Paktika
    provinces" (from ``list_start``), "airports in Sanaa and Hodeidah"; else the kind of the list read so far."""
    if i >= 2 and tokens[i - 1].lower == "of" and tokens[i - 2].lower in _LEAD_KINDS:
        return _LEAD_KINDS[tokens[i - 2].lower]
    if i == list_start:
        return trailing_kind
    if i >= 2 and tokens[i - 1].lower == "in":
        # "airports in Sanaa and Hodeidah": each town's airport; "... and a base in Taiz": no kind
        # ("Zhuliany airport in Kyiv" names its airport).
        return _SITE_LEADS.get(tokens[i - 2].lower) if i < 3 or not tokens[i - 3].is_capitalized else None
    return current


def _direction_of(tokens: list[Token], i: int) -> bool:
    """Is the name at ``i`` led by "north of", "south-east of"?"""
    return i >= 2 and tokens[i - 1].lower == "of" and tokens[i - 2].lower.replace("-", "") in _DIRECTIONS


def _landmark(tokens: list[Token], end: int, i: int) -> bool:
    """Does the place at ``i`` only say where the place that ended at ``end`` lies ("Muridke near Lahore",
    "the Yavoriv training ground near Lviv": "near" or "outside" right after it, past at most three lower-case
    words of its kind)?"""
    k = i - 1
    if i < 2 or tokens[k].lower not in ("near", "outside"):
        return False
    gap = tokens[end:k]
    # "Muridke, outside Lahore", "Zirgwez, a village near Sulaimaniya": a comma may set the landmark off
    return end >= 1 and len(gap) <= 3 and not any(t.glue.strip(" -") for t in tokens[end:k - 1]) and \
        tokens[end - 1].glue.strip(" -") in ("", ",") and tokens[k - 1].glue.strip(" -") in ("", ",") and all(
        t.text.isalpha() and not t.is_capitalized for t in gap)


def _route_name(tokens: list[Token], i: int, end: int) -> bool:
    """"the Kabul-Jalalabad highway", "the Basra-Baghdad road": towns joined by a hyphen before a route word."""
    return end < len(tokens) and tokens[end].lower in _ROUTES and any(t.glue == "-" for t in tokens[i:end - 1])


def _add_place(found: list[Place], place: Place, tokens: list[Token], last_end: int, i: int) -> None:
    """``place`` after those ``found`` so far: not when it only says where the one before lies ("Muridke near
    Lahore"); instead of the one before when that one is a namesake far from it ("in Ivanivka, Bilopillia
    district")."""
    if found and last_end == i and _outside_its_area(tokens, i, found[-1], place):
        found.pop()
    if not (found and _landmark(tokens, last_end, i)):
        found.append(place)


# A town the text places in an area ("X, Y district") but the gazetteer puts this far from it is a namesake.
_AREA_KM = {"district": 60.0, "county": 60.0, "province": 250.0, "governorate": 250.0, "region": 300.0}


def _outside_its_area(tokens: list[Token], i: int, town: Place, area: Place) -> bool:
    """"in Ivanivka, Bilopillia district": the district right after a town's comma is where the town is (its
    kind word says so, even when the gazetteer gives the district's town); a town of that name the gazetteer has
    far from it is another town."""
    kind = (area.note or "").split()[-1:]
    return "," in tokens[i - 1].glue and town.precision is Precision.CITY and bool(kind) \
        and kind[0].lower() in _AREA_KM and town.country == area.country \
        and distance_km(town, area) > _AREA_KM[kind[0].lower()]


def _person_name(tokens: list[Token], i: int, end: int) -> bool:
    """An unknown capitalised word and the next one, neither a connector, direction or kind: a person's name."""
    run = tokens[i:min(end, i + 2)]
    return len(run) == 2 and run[0].glue == " " and not any(
        t.lower in _CONNECTORS or t.lower in _DIRECTIONS or t.lower in _KIND_WORDS for t in run)


class PlaceFinder:
    """Finds gazetteer places in token ranges of a sentence."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon

    def find(self, tokens: list[Token], lo: int, hi: int, *, context: set[str],
             taken: frozenset[int] = frozenset(), strong: set[str] | None = None,
             landmarks: bool = False) -> list[Place]:
        """Places named in ``tokens[lo:hi]``, most specific reading of each run; ``landmarks`` keeps "north of X".

        ``taken`` are token indexes already read as states or groups ("Pakistani", "Jaish al-Adl"):
        a place never starts or runs through them, except a direction before a country ("western Pakistan").
        """
        found: list[Place] = []
        lead_kind = None  # "the provinces of Khost and Paktika": the kind word before a list applies to each name
        list_start, trailing_kind = _trailing_kind(tokens, lo, hi)
        last_end = -1
        i = lo
        while i < hi:
            if i in taken:
                place, used = self._held_name(tokens, i, hi, taken, context | (strong or set()), strong or set())
                if place is not None:
                    found.append(place)
                    i = used
                    continue
            lead_kind = _lead_kind(tokens, i, lead_kind, list_start, trailing_kind)
            if i in taken and not (i > 0 and tokens[i - 1].lower in _DIRECTIONS):
                i += 1
                continue
            if not self._can_start(tokens, i) or (tokens[i].lower in _DIRECTIONS and i + 1 in taken and (
                    self.lexicon.entries.get(tokens[i + 1].lower, ("", ""))[1] == "demonym")):
                i += 1  # (and "the northeastern Ukrainian city of Sumy": the direction tells where Sumy lies)
                continue
            if (not landmarks and _direction_of(tokens, i)) or (
                    i >= 2 and tokens[i - 1].lower == "of" and tokens[i - 2].lower in _WATERS):
                # "villages around Tal Rifaat north of Aleppo": a landmark; "the Gulf of Aden": a sea's name
                i = self._run_end(tokens, i, hi)
                continue
            end = self._run_end(tokens, i, hi)
            inner = next((j for j in range(i + 1, end) if j in taken), None)
            if inner is not None and tokens[i].lower not in _DIRECTIONS:
                end = inner  # "Panjgur" in "Panjgur Jaish al-Adl ..." stops before the group
            if end < len(tokens) and tokens[end].lower in _SPEAKS:
                i = end  # a person or an agency speaking ("news agency Mehr quoted"), not a place
                continue
            if fold(_join(tokens[i:end])) in _MACRO_REGIONS or _route_name(tokens, i, end):
                i = end
                continue
            place, used = self._longest_known(tokens, i, end, hi, context, strong or set(), lead_kind)
            if place is not None and any(t.lower in _BODIES or t.lower in _FEATURES for t in tokens[used:end]):
                # "Rapid Support Forces" is no "Rapid (City)": the run names a body, not a place; "the Kola
                # Peninsula" is no town of Kola
                place = None
            if place is not None:
                _add_place(found, place, tokens, last_end, i)
                last_end = i = used
                if used < end and _site_words(tokens, end, len(tokens)):
                    # "the Ivanovo Severny airfield": the site's whole name is unknown; its tail ("Severny
                    # airfield") is no site of its own
                    i = end
            elif _person_name(tokens, i, end):
                i += 2  # "Chris Lynch", "Razi Mousavi": an unknown first name before a surname that is a town
            else:
                i += 1
        return found

    def across(self, place: Place, actor: str, context: set[str]) -> Place:
        """A place the text names in the striker's own country, read again in a country the story is about
        when one there has the very name: "Pakistani troops shelled Poonch" is India's Poonch (the name is on
        both sides of the line). Else the place as it was."""
        text = place.note or place.name
        words = text.split()
        names = [text] + ([" ".join(words[:-1])] if len(words) > 1 and words[-1].lower() in _KIND_WORDS else [])
        for name in names:
            for found in self.gazetteer.candidates(name, context=context - {actor}, limit=5):
                if found.place.country != actor and found.place.country in context and found.exact:
                    # "the Poonch district": the town's point stands for its district, claimed as no more than that
                    area = name != text and place.precision.rank > found.place.precision.rank
                    return replace(found.place, note=text, precision=place.precision if area else
                                   found.place.precision)
        return place

    def _held_name(self, tokens: list[Token], i: int, hi: int, taken: frozenset[int], context: set[str],
                   strong: set[str]) -> tuple[Place | None, int]:
        """A state's word that begins a place's name: "Pakistan-administered Kashmir", "Russian-occupied
        Crimea", "Pakistani Kashmir" (when the gazetteer knows the pair by name, never by a close spelling)."""
        if i + 2 < hi and tokens[i].glue == "-" and tokens[i + 1].lower in _HELD_BY and tokens[i + 2].is_capitalized:
            return self._resolve(_join(tokens[i:i + 3]), context, True, strong), i + 3
        if i + 1 < hi and i + 1 not in taken and tokens[i + 1].is_capitalized and not tokens[i].glue.strip():
            found = self.gazetteer.candidates(_join(tokens[i:i + 2]), context=context, limit=1)
            if found and found[0].how().get("match") != "fuzzy":
                return replace(found[0].place, note=_join(tokens[i:i + 2])), i + 2
        return None, i

    def _can_start(self, tokens: list[Token], i: int) -> bool:
        token = tokens[i]
        if token.lower in _DIRECTIONS:
            return i + 1 < len(tokens) and tokens[i + 1].is_capitalized
        if token.lower in _CONNECTORS and token.glue == "-" and i + 1 < len(tokens) and tokens[i + 1].is_capitalized:
            # "al-Qaim", "al-Mayadeen" written with a small article; not "al-Ras" inside "Maroun al-Ras", whose
            # whole name the gazetteer did not know
            return not (i > 0 and tokens[i - 1].is_capitalized and not tokens[i - 1].glue.strip())
        if not token.is_capitalized or token.lower in _NOT_PLACES or token.lower.split("-")[0] in _TITLES:
            return False  # "Major-General Soleimani" is no "Major County"
        before = tokens[i - 2:i]
        if len(before) == 2 and before[1].lower in _CONNECTORS and before[1].glue == "-" and before[0].is_capitalized \
                and not before[0].glue.strip():
            return False  # "Beida" of "Minet al-Beida": the rest of a name the gazetteer did not know as a whole
        for t in reversed(tokens[max(0, i - 3):i]):
            if t.lower.rstrip(".").split("-")[0] in _TITLES:
                return False  # "President Raisi", "Gen. Zahedi", "Foreign Minister Hossein Amir-Abdollahian"
            if not t.is_capitalized:
                break  # "a commander in Baghdad": the title's phrase has ended
        return True

    def _run_end(self, tokens: list[Token], i: int, hi: int) -> int:
        """One past the last token of the capitalised run starting at ``i`` (at most 5 words)."""
        j = i + 1
        while j < hi and j - i < 5:
            if tokens[j - 1].glue.strip(" -'’"):
                break  # punctuation ends a name
            nxt = tokens[j]
            after_connector = tokens[j - 1].lower in _CONNECTORS and tokens[j - 1].lower != "and"  # "Ayn al-Arab"
            if tokens[j - 1].glue == "-" and nxt.text.isdigit():
                j += 1  # "T-4", "H-3": a base's letter and number
                continue
            if nxt.is_capitalized and (nxt.lower not in _NOT_PLACES or after_connector) or (
                    nxt.lower in _CONNECTORS and j + 1 < hi):
                j += 1
            else:
                break
        return j

    def _longest_known(self, tokens: list[Token], i: int, end: int, hi: int, context: set[str],
                       strong: set[str], lead_kind: str | None = None) -> tuple[Place | None, int]:
        kind_word = end < hi and tokens[end].lower in _KIND_WORDS and not tokens[end - 1].glue.strip(" -")
        site = _site_words(tokens, end, len(tokens)) if not tokens[end - 1].glue.strip(" -") else 0
        if site or (lead_kind in _SITE_KINDS):
            # "the T4 air base", "Damascus International Airport", "the port of Hodeidah": the site itself,
            # never the town beside it; a site the gazetteer does not know falls back to the name alone.
            words = _join(tokens[end:end + site]) if site else lead_kind
            query = f"{_join(tokens[i:end])} {words}"
            place = self._resolve(query, context | strong, True, strong)
            if place is not None and place.precision is Precision.SITE and not (
                    words.lower() in _GENERIC_SITES and self._several_sites(query, context | strong)):
                return replace(place, note=_join(tokens[i:end + site])), end + site
        for stop in range(end, i, -1):
            if tokens[stop - 1].lower in _CONNECTORS:
                continue
            spans = [(stop + 1, True)] if kind_word and stop == end else []
            spans.append((stop, False))
            for last, with_kind in spans:
                text = _join(tokens[i:last])
                if lead_kind and not with_kind:
                    # "Tel Nof" in "the Tel Nof and Nevatim air bases" names a site as surely as "the Tel Nof air base"
                    query = f"{text} {lead_kind}"
                    place = self._resolve(query, context | strong, lead_kind in _SITE_KINDS, strong)
                    if place is not None and not (lead_kind in _GENERIC_SITES
                                                  and self._several_sites(query, context | strong)):
                        return replace(place, note=text), last
                place = self._resolve(text, context | strong, with_kind, strong)
                if place is not None:
                    return place, last
        return None, i + 1

    def _several_sites(self, query: str, context: set[str]) -> bool:
        """"the Isfahan site": two sites go by that name (an air base, an airport), so the words name neither."""
        found = [c.place for c in self.gazetteer.candidates(query, context=context, limit=2)]
        return len(found) == 2 and all(p.precision is Precision.SITE for p in found) and distance_km(
            found[0], found[1]) > _SAME_SITE_KM

    def _resolve(self, text: str, context: set[str], with_kind: bool, strong: set[str]) -> Place | None:
        if len(text) < 3 or fold(text) in _MACRO_REGIONS:
            return None
        candidates = self.gazetteer.candidates(text, context=context, limit=3)
        if not candidates:
            return None
        best = candidates[0]
        place = best.place
        if "and" in text.lower().split() and "and" not in place.name.lower().split():
            return None  # "Baalbek and Hermel" are two towns, not the "Baalbek-Hermel" governorate the words spell
        # "a site named as one" ("the Nevatim air base"), or an area named with its kind ("Paktika province",
        # "Kunar province"): the kind word the gazetteer agrees with makes a lookalike unlikely
        named_site = with_kind and best.exact and place.precision in (Precision.SITE, Precision.PROVINCE)
        if place.country not in context and len(fold(text)) <= 4 and best.how().get("match") != "exact":
            return None  # "Jal" is another name of Xalapa, Mexico: a short alternate name needs the story's country
        if place.country not in context and place.precision is not Precision.COUNTRY and not named_site:
            # A place outside every country the story names must be a real, known town (or a site named
            # as one: "the port of Hodeidah", "the Nevatim air base").
            if (place.population or 0) < 50_000 or not best.exact:
                return None
        if place.country not in strong and place.precision is Precision.CITY and not with_kind:
            # The story mentions the country but this phrase does not: a spelling-alike village
            # ("Tower" ~ Tovir) must not pass for a real place; a real town or an exact name may.
            if not best.exact and (place.population or 0) < 20_000:
                return None
            if best.exact and (place.population or 0) < 1_000 and place.country not in context:
                return None
        return replace(place, note=text)  # the words of the text travel with the place (place_text)

