"""The words and patterns the strike rules read: stop words of phrases, kinds of places, blame, aftermath.

Shared by :mod:`geo.extract.extractor` and its helper modules; data only.
"""

from __future__ import annotations

import re

KNOWN_TOWN = 50_000
NEAR_STORY_KM = 1_500
STOP_AFTER_TARGET = frozenset("in inside within on near across after with as into at from since during amid "
                              "killing and which who that while when where by".split())
SPEAKING = frozenset("speaking spoke speech meeting met summit conference forum talks sidelines visit visiting "
                     "interview told said says addressing rally".split())
PRONOUNS = frozenset("it its they them their itself".split())
RETALIATION = re.compile(r"\b(?:retaliat\w*|in response to|response to|responded|tit-for-tat|revenge|avenge)",
                         re.IGNORECASE)
# "killing a family of five", "an estimated 20", "more than 490", "3,000": the count, not the article before it.
_COUNT = r"(?:\d{1,3}(?:,\d{3})+|\d+|[a-z]+)"
# "Jaish al-Adl has claimed several attacks on ...": a group's own record, no aftermath of a state's strike.
CLAIMED_ATTACKS = re.compile(r"\bclaim(?:s|ed)\s+(?:\w+\s+){0,3}(?:attacks?|raids?|bombings?|ambush(?:es)?)\b", re.I)
FATALITIES = re.compile(
    r"(?:kill(?:ed|ing|s)\s+(?:at\s+least\s+|some\s+|about\s+|around\s+|nearly\s+|more\s+than\s+|over\s+"
    r"|an\s+estimated\s+|a\s+total\s+of\s+|a\s+family\s+of\s+|a\s+(?=dozen\b))?(?P<a>" + _COUNT + r")\b(?!\s+number\b))"
    r"|(?:(?P<b>" + _COUNT + r")\s+(?:[a-z]+\s+){0,3}?(?:were|was|have\s+been|had\s+been|are)\s+(?:\w+\s+)?killed)"
    r"|(?:(?P<c>" + _COUNT + r")\s+(?:people|civilians|militants|fighters|soldiers|children|members|persons)\s+dead)",
    re.IGNORECASE,
)
COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "fifteen": 15, "twenty": 20,
               "dozens": 24, "a": 1, "an": 1}
AFTERMATH_SENTENCES = 3
# "has struck ... hundreds of times over the past decade": a pattern, not a strike.
HABITUAL = re.compile(r"\b(?:hundreds|dozens|scores|thousands) of times\b"
                      r"|\bover the (?:past|last) (?:decade|\w+ years)"
                       r"|\brepeatedly\b|\bregularly\b|\broutinely\b|\bfrequently\b|\bstepped up\b"
                       r"|\bhistorically\b|\bfor years\b", re.IGNORECASE)
REPORTERS = frozenset("media television tv news agency officials official sources source ministry spokesman "
                      "spokeswoman spokesperson monitor observatory health army military".split())
# "facilities used by Iran's IRGC", "militias backed by Iran": "by" names an owner or a sponsor, not the striker.
NOT_AGENT_BY = frozenset("used utilized utilised occupied operated backed supported run controlled owned funded "
                         "armed trained claimed blamed condemned denied supplied built manned".split())
AGENT_BRIDGE = frozenset("out allegedly reportedly apparently was were is are been being believed thought widely "
                         "to be have has had said suspected presumably likely most probably jointly also".split())
BLAME_WORDS = frozenset("blamed blames blame blaming attributed attributes attributing".split())
# "The strikes occurred late on December 24": a sentence that dates a strike told before.
OCCURRED = frozenset("occurred took happened came began started hit struck carried launched".split())
DAY_BEFORE = re.compile(r"\b(?:the\s+(?:previous|preceding)\s+(?:evening|night|day|afternoon|morning)"
                         r"|the\s+(?:day|night|evening)\s+before)\b", re.IGNORECASE)
DEFENCE_WORDS = frozenset("defence defences defense defenses interceptor interceptors intercepted".split())
MILITARY_WORDS = frozenset("army military forces air navy defence defense armed".split())
# "subjected the town of X to shelling": a strike told by its noun after "to" (see strike_triggers).
SUBJECTED = frozenset("subjected subjecting subjects subject".split())
# Verbs whose object is what was struck though they are no strike words: "the targeted areas include A and B",
# "subjected the town of X to shelling".
INCLUDE = frozenset("include includes included".split()) | SUBJECTED
# "The video showed men killed near X": a recording of killings (often a group's own), not a strike's toll.
# (Not satellite images or photos of damage: those show where a strike landed.)
RECORDINGS = frozenset("video videos footage clip clips film recording recordings".split())
SHOWING = frozenset("showed shows show showing shown depicted depicts depicting".split())
AFTERMATH = frozenset("deaths dead killed casualties wounded injured explosions blasts damage damaged destroyed "
                      "fire fires victims blows fell landed blast explosion smoke neutralised neutralized burned burnt "
                      "charred wreckage craters".split())
DIRECTION_WORDS = frozenset(f"{d}{x}" for d in ("north", "south", "east", "west", "northeast", "northwest",
                                                  "southeast", "southwest", "central") for x in ("", "ern"))
PHRASE_STOPS = frozenset("as amid while after before because since following to for with but which who that from "
                         "said says told and or what".split())
LIST_KINDS = frozenset("town towns city cities village villages district districts province provinces area areas "
                       "region regions governorate governorates suburb suburbs neighbourhood neighbourhoods "
                        "neighborhood neighborhoods oblast oblasts county counties camp camps port ports base bases "
                        "localities locality settlement settlements stronghold strongholds".split())
LIST_LEADS = frozenset("the a several two three four five six border southern northern eastern western central "
                       "nearby neighbouring neighboring coastal frontline other key strategic".split())
MAX_PHRASE = 24
APPOSITIVE_KINDS = frozenset("town village city district suburb area base camp port region".split())
# What a state owns and another state strikes: "Ukrainian airfields", "Cambodian military positions", "41 Russian
# bombers" (aircraft on the ground of the state that owns them).
OWNED_TARGETS = frozenset("positions position airfields airfield bases base troops soldiers forces targets facilities "
                          "infrastructure cities towns villages ports airports refineries depots warships ships "
                          "outposts posts territory energy aircraft planes bombers helicopters".split())
# "struck a deal", "hit a record high", "hit a snag": a strike verb's idioms, told by their object.
IDIOM_OBJECTS = frozenset("deal deals agreement accord pact bargain balance tone chord note compromise record "
                          "high highs low lows snag nerve jackpot headlines roadblock".split())
# "the foreign minister attacked Hungary's stance": words, not weapons.
PERSON_TITLES = frozenset("minister president spokesman spokeswoman spokesperson chancellor diplomat envoy "
                          "ambassador senator lawmaker lawmakers critics opposition commentator pundit".split())
SCORELINE = re.compile(r"\b\d{1,2}-\d{1,2}\b(?!\s*(?:May|June|July|Aug|Sept|Oct|Nov|Dec|Jan|Feb|Mar|Apr))")
SPORTS_WORDS = frozenset("beat beats won win wins draw drew match goal goals scored league cup tournament "
                         "qualifier fixture striker".split())
DETERMINERS = frozenset("the a an its their this that these those".split())
METROPOLIS = 1_000_000
METROPOLIS_KM = 15.0
DENIALS = frozenset("denied denies deny denying".split())
FORCE_WORDS = frozenset("air force forces military army navy jets warplanes aircraft troops artillery".split())
SPEAKER_NOUNS = frozenset("authorities officials official sources residents witnesses activists medics police "
                          "spokesman spokeswoman reporters correspondents diplomats".split())
# "on the eve of a NATO summit in Washington": where a gathering is held, not where a strike fell.
GATHERINGS = frozenset("summit summits talks meeting meetings conference ceremony funeral rally forum".split())
# "Most were shot down, but several hit X": words that count the weapons just told, as a strike verb's subject.
QUANTIFIERS = frozenset("several some many most few others one two three four five six dozens".split())
# "a village 20 km from Kharkiv": the town says where, not what was struck.
DISTANCE_UNITS = frozenset("km kilometres kilometers kilometre kilometer miles mile".split())
# Words between a passive's auxiliary and its verb: "were also hit", "was reportedly struck".
PASSIVE_ADVERBS = frozenset("also reportedly allegedly apparently again later then repeatedly badly".split())
# "sending thousands fleeing towards the Turkish border": people moving, not a strike's direction.
FLEEING = frozenset("fleeing fled flee flees escaping escaped heading headed moving moved driving drove "
                    "walking walked streaming".split())
# "The US military said an air strike near X killed ...": the strike words a military uses for its own strikes.
OWN_KIND = frozenset("strike strikes airstrike airstrikes".split())
