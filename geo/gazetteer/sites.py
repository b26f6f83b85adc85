"""Sites and small places for the gazetteer: airfields, curated facilities, border villages.

Sources, none committed except our own tables:

* every airfield in the ``airportsdata`` package (MIT; ICAO-keyed, military
  fields included), with ``data/gazetteer/site_aliases.csv`` for the names
  news uses where they differ ("Hmeimim" for Bassel Al-Assad International);
* ``data/gazetteer/sites.csv``: nuclear and military facilities, dams, ports,
  shrines and border crossings that strikes hit (ours, CC0, a source per row);
* ``data/gazetteer/villages.csv``: villages and small towns in conflict areas
  that GeoNames cities500 lacks (ours, CC0, a source per row).

A site is indexed under its names and under ``"<base> @<class>"`` keys
(:func:`geo.gazetteer.names.site_key`), so "the Engels air base", "Engels airfield" and
"Engels-2 air base" all reach the Engels airbase, never the town beside it.
"""

from __future__ import annotations

import math
from collections import defaultdict

from ..tables import read_csv, split_cell
from .names import SITE_CLASSES, name_key, site_key, site_phrase
from .sources import Progress, Writer

# Words that end an airport's official name but are not part of what news calls it.
_AIRPORT_TAIL = frozenset("international intl regional military ab afb domestic civil".split())
# Any site answers a query that names its kind only vaguely ("the Natanz facility").
ANY_SITE = "any"


def site_keys(names: list[str], cls: str) -> list[str]:
    """Index keys for a site of class ``cls`` known by ``names``.

    >>> site_keys(["Engels Airbase"], "air")
    ['engels @air', 'engels @any']
    >>> site_keys(["Ras Isa"], "port")
    ['ras isa @port', 'ras isa @any']
    """
    keys: list[str] = []
    for raw in names:
        key = name_key(raw)
        split = site_phrase(key)
        base = split[0] if split else key
        tokens = base.split()
        while len(tokens) > 1 and tokens[-1] in _AIRPORT_TAIL:
            tokens.pop()
        base = " ".join(tokens)
        if not base:
            continue
        for k in (site_key(base, cls), site_key(base, ANY_SITE)):
            if k not in keys:
                keys.append(k)
    return keys


def _bases(keys: list[str]) -> list[str]:
    """The bare names in site keys ("engels @air" -> "engels")."""
    return sorted({k.split(" @")[0] for k in keys})


def _float(row: dict[str, str], column: str) -> float | None:
    try:
        value = float(row[column])
    except (KeyError, TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def build_sites(writer: Writer, report: Progress) -> None:
    """Airfields, curated sites and curated villages, written through ``writer``."""
    _build_airfields(writer, report)
    _build_curated_sites(writer, report)
    _build_villages(writer, report)


def _build_airfields(writer: Writer, report: Progress) -> None:
    import airportsdata

    report("airfields", 0, 1)
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in read_csv("site_aliases.csv"):
        aliases[row["icao"].strip().upper()] += split_cell(row["aliases"])
    for icao, field in airportsdata.load("ICAO").items():
        country = (field.get("country") or "").upper() or None
        lat, lon = field.get("lat"), field.get("lon")
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        names = [field["name"], *aliases.get(icao, [])]
        keys = site_keys(names, "air")
        # A field with an IATA code is the airport of the town it serves ("Hodeidah airport").
        if field.get("iata") and field.get("city"):
            keys += [k for k in site_keys([field["city"]], "air") if k not in keys]
        # News calls a military field by its bare name ("Nevatim"); a bare alias ("Hmeimim") says
        # so itself. Civil strips keep only their full names, so a farm strip never becomes a place.
        military = any(w in name_key(field["name"]).split() for w in ("base", "airbase", "ab", "afb", "station"))
        bare = _bases(site_keys([field["name"]], "air")) if military else []
        writer.add(name=field["name"], kind="site", country=country, lat=lat, lon=lon,
                   names=[*aliases.get(icao, []), *bare], admin1=field.get("subd") or None,
                   source=f"airportsdata:{icao}", fuzzy=military or icao in aliases, keys=keys)
    report("airfields", 1, 1)


def _build_curated_sites(writer: Writer, report: Progress) -> None:
    rows = read_csv("sites.csv")
    for done, row in enumerate(rows):
        lat, lon = _float(row, "lat"), _float(row, "lon")
        cls = (row.get("kind") or "").strip()
        if lat is None or lon is None or cls not in SITE_CLASSES:
            continue
        names = [row["name"].strip(), *split_cell(row.get("aliases"))]
        keys = site_keys(names, cls)
        # Only the aliases name a site alone ("Fordow", "Ras Isa"): the bare base of "Spin Boldak
        # crossing" is the town of Spin Boldak, and stays the town's.
        writer.add(name=names[0], kind="site", country=row["country"].strip().upper(), lat=lat, lon=lon,
                   names=names[1:], admin1=(row.get("admin1") or "").strip() or None,
                   source=f"curated:{row.get('source', '').strip()}", keys=keys)
        if done % 50 == 0:
            report("curated sites", done, len(rows))
    report("curated sites", len(rows), len(rows))


def _build_villages(writer: Writer, report: Progress) -> None:
    rows = read_csv("villages.csv")
    for row in rows:
        lat, lon = _float(row, "lat"), _float(row, "lon")
        if lat is None or lon is None:
            continue
        population = _float(row, "population")
        writer.add(name=row["name"].strip(), kind="city", country=row["country"].strip().upper(), lat=lat, lon=lon,
                   names=split_cell(row.get("aliases")), admin1=(row.get("admin1") or "").strip() or None,
                   population=int(population) if population else 0,
                   source=f"curated:{row.get('source', '').strip()}")
    report("curated villages", len(rows), len(rows))
