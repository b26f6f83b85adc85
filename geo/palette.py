"""One colour per actor, the same in every view, export and session.

Colours come from a fixed colour-blind-safe palette (Okabe & Ito 2008, then Paul
Tol's "muted" scheme): the actors reported most often have a fixed choice, every
other ISO code is hashed (CRC-32, stable across processes, unlike ``hash()``)
into the palette. Filtering a view never changes a colour, because the colour
depends on the actor's code only, not on which other actors are shown.

>>> actor_color("IR"), actor_color("US")
('#D55E00', '#0072B2')
>>> actor_color("ZZ") == actor_color("ZZ")
True
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

# Okabe-Ito (without yellow and black: yellow vanishes on a light basemap, black on a dark one), then Tol muted.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9",
           "#332288", "#882255", "#999933", "#44AA99", "#AA4499", "#117733")
# Frequent actors in the sample and in the news get distinct fixed colours; neighbours that strike each other
# (IR/PK, IL/IR, IN/PK, RU/UA, TR/SY) never share one.
FIXED = {
    "US": 0, "IR": 1, "PK": 2, "TR": 3, "IL": 4, "IN": 5, "RU": 6, "SA": 7, "UA": 8, "JO": 9, "GB": 10,
    "AE": 11, "SY": 9, "AF": 3, "FR": 5, "CN": 10, "AZ": 8, "AM": 11, "EG": 8, "IQ": 11, "YE": 7,
}
UNKNOWN = "#777777"


def actor_index(code: str | None) -> int:
    """The palette index of an actor code (ISO 3166-1 alpha-2): fixed, else a stable hash.

    >>> actor_index("PK"), 0 <= actor_index("QQ") < len(PALETTE)
    (2, True)
    """
    if not code:
        return -1
    code = code.upper()
    if code in FIXED:
        return FIXED[code]
    return zlib.crc32(code.encode("ascii", "replace")) % len(PALETTE)


def actor_color(code: str | None) -> str:
    """The actor's colour as ``#RRGGBB`` (grey when the actor is unknown)."""
    index = actor_index(code)
    return PALETTE[index] if index >= 0 else UNKNOWN


def actor_colors(codes: Iterable[str]) -> dict[str, str]:
    """``{code: colour}`` for several actors; the same code always maps to the same colour.

    >>> actor_colors(["PK", "IR"])
    {'PK': '#009E73', 'IR': '#D55E00'}
    """
    return {code: actor_color(code) for code in codes}
