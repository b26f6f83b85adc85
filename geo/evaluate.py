"""Scoring against an annotated set: ``GOLD_DIR/gold.json`` + ``GOLD_DIR/articles/``.

The schema is the one of ``shared/devset/README.md``: one object per article
(``file``, ``published``, ``events``), each gold event with ``actor``,
``target_country``, ``place_resolved`` (``lat``, ``lon``, ``precision``),
``date`` (or null) and optionally ``optional: true``.

Rules, kept here in one place so any scorer can be checked against them:

* predicted and gold events pair one-to-one within the same (actor, target
  country), best agreement first: place right, then day right, then nearer;
* a gold event marked ``optional`` neither rewards nor penalises, nor does a
  prediction paired with it;
* place right: within 20 km of the gold point for ``site``/``city`` gold,
  40 km for ``district``, 250 km for ``province``, 300 km for ``region``; for
  ``country`` gold, a point inside that country at ``province`` precision or
  coarser (claiming a town there is inventing precision);
* day right: the predicted day equals the gold day (only where gold has one);
* a strict true positive is paired, place right, and day right where gold
  has a day.

>>> gold = [GoldEvent("IR", "IQ", 36.19, 44.01, "city", "2024-01-15")]
>>> pred = [Predicted("IR", "IQ", 36.2, 44.0, "city", "IQ", "2024-01-15")]
>>> score_article(pred, gold, negative=False).strict_tp
1
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import InputError
from .geometry import distance_km

TOLERANCE_KM = {"site": 20.0, "city": 20.0, "district": 40.0, "province": 250.0, "region": 300.0}
_COARSE = frozenset({"province", "region", "country"})


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One annotated strike."""

    actor: str
    target_country: str
    lat: float
    lon: float
    precision: str
    date: str | None
    optional: bool = False
    name: str = ""


@dataclass(frozen=True, slots=True)
class Predicted:
    """One predicted strike, reduced to what is scored."""

    actor: str
    target_country: str
    lat: float
    lon: float
    precision: str
    country: str | None
    date: str | None
    name: str = ""


@dataclass(frozen=True, slots=True)
class Pair:
    predicted: Predicted
    gold: GoldEvent
    place_right: bool
    day_right: bool | None  # None: gold has no day
    km: float

    @property
    def strict(self) -> bool:
        return self.place_right and self.day_right is not False


@dataclass(frozen=True)
class ArticleScore:
    """How one article's predictions compare with its gold events."""

    pairs: tuple[Pair, ...]
    missed: tuple[GoldEvent, ...]
    spurious: tuple[Predicted, ...]
    negative: bool

    @property
    def required_pairs(self) -> tuple[Pair, ...]:
        return tuple(p for p in self.pairs if not p.gold.optional)

    @property
    def tp(self) -> int:
        return len(self.required_pairs)

    @property
    def strict_tp(self) -> int:
        return sum(p.strict for p in self.required_pairs)

    @property
    def fp(self) -> int:
        return len(self.spurious)

    @property
    def fn(self) -> int:
        return len(self.missed)


InsideCountry = Callable[[float, float, str], bool]


def place_right(predicted: Predicted, gold: GoldEvent, inside: InsideCountry) -> bool:
    """Does the predicted place agree with the gold place, within the gold precision's tolerance?"""
    if gold.precision == "country":
        return predicted.precision in _COARSE and inside(predicted.lat, predicted.lon, gold.target_country)
    return distance_km(predicted, gold) <= TOLERANCE_KM.get(gold.precision, 20.0)


def score_article(predicted: Iterable[Predicted], gold: Iterable[GoldEvent], *, negative: bool,
                  inside: InsideCountry | None = None) -> ArticleScore:
    """Pair one article's predictions with its gold events and classify the rest."""
    inside = inside or _country_test()
    predicted, gold = list(predicted), list(gold)
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if (p.actor, p.target_country) != (g.actor, g.target_country):
                continue
            ok_place = place_right(p, g, inside)
            ok_day = None if g.date is None else p.date == g.date
            km = distance_km(p, g)
            # Best agreement first; between equals, a required event before an optional one.
            candidates.append(((not ok_place, ok_day is False, g.optional, km, i, j), Pair(p, g, ok_place, ok_day, km)))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for key, pair in sorted(candidates, key=lambda c: c[0]):
        i, j = key[-2], key[-1]
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append(pair)
    missed = tuple(g for j, g in enumerate(gold) if j not in used_g and not g.optional)
    spurious = tuple(p for i, p in enumerate(predicted) if i not in used_p)
    return ArticleScore(tuple(pairs), missed, spurious, negative)


@dataclass
class Summary:
    """Totals over a set; :meth:`as_dict` is the one-line JSON the CLI prints last."""

    scores: list[ArticleScore] = field(default_factory=list)

    def as_dict(self) -> dict[str, float | int]:
        tp = sum(s.tp for s in self.scores)
        fp = sum(s.fp for s in self.scores)
        fn = sum(s.fn for s in self.scores)
        strict = sum(s.strict_tp for s in self.scores)
        pairs = [p for s in self.scores for p in s.required_pairs]
        dated = [p for p in pairs if p.day_right is not None]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        s_precision = strict / (tp + fp) if tp + fp else 0.0
        s_recall = strict / (tp + fn) if tp + fn else 0.0
        return {
            "f1": _round(_f1(precision, recall)),
            "precision": _round(precision),
            "recall": _round(recall),
            "strict_f1": _round(_f1(s_precision, s_recall)),
            "loc_acc": _round(sum(p.place_right for p in pairs) / len(pairs) if pairs else 0.0),
            "date_acc": _round(sum(bool(p.day_right) for p in dated) / len(dated) if dated else 0.0),
            "neg_fp": sum(s.fp for s in self.scores if s.negative),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _round(value: float) -> float:
    return round(value, 4)


def _country_test() -> InsideCountry:
    """Point-in-country on Natural Earth polygons, a little buffered for their coarse coasts."""
    from shapely.geometry import Point

    from .gazetteer.borders import shapes as country_shapes

    shapes = {code: shape.geometry for code, shape in country_shapes().items()}

    def inside(lat: float, lon: float, code: str) -> bool:
        shape = shapes.get(code)
        if shape is None:  # too small for 1:110m (Bahrain, Singapore): judged by distance alone
            return True
        return shape.distance(Point(lon, lat)) <= 0.25

    return inside


# -- reading a gold set ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GoldArticle:
    file: str
    path: Path
    published: date | None
    events: tuple[GoldEvent, ...]

    @property
    def negative(self) -> bool:
        return not self.events


def read_gold(folder: str | Path) -> list[GoldArticle]:
    """The articles of ``folder/gold.json``, their files under ``folder/articles/``."""
    folder = Path(folder)
    gold_path = folder / "gold.json"
    try:
        records = json.loads(gold_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{gold_path} does not exist; expected GOLD_DIR/gold.json and GOLD_DIR/articles/") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{gold_path} cannot be read as JSON: {exc}") from None
    if not isinstance(records, list):
        raise InputError(f"{gold_path} must hold a list of articles")
    articles = []
    for record in records:
        try:
            articles.append(_gold_article(folder, record))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{gold_path}: a bad article record ({exc!r}): {str(record)[:80]}") from None
    return articles


def _gold_article(folder: Path, record: dict) -> GoldArticle:
    published = date.fromisoformat(record["published"]) if record.get("published") else None
    events = []
    for e in record.get("events") or ():
        place = e["place_resolved"]
        events.append(GoldEvent(e["actor"], e["target_country"], float(place["lat"]), float(place["lon"]),
                                place["precision"], e.get("date"), bool(e.get("optional")), place.get("name", "")))
    return GoldArticle(record["file"], folder / "articles" / record["file"], published, tuple(events))


def predicted_from_event(event) -> Predicted:
    """An :class:`~geo.models.Event` (after fusion, so country-only events have a point) as scored."""
    place = event.place
    day = event.date.day
    return Predicted(event.actor, event.target_country, place.lat if place else 0.0, place.lon if place else 0.0,
                     event.precision.value, place.country if place else None,
                     day.isoformat() if day else None, place.name if place else "")


def evaluate(folder: str | Path, *, pipeline=None, progress=None) -> list[tuple[GoldArticle, ArticleScore]]:
    """Run every gold article through the pipeline with its ``published`` date and score it.

    Each article is extracted and fused on its own, as ``python -m geo extract FILE`` would.
    """
    from .extract.pipeline import Pipeline

    pipeline = pipeline or Pipeline()
    inside = _country_test()
    results = []
    articles = read_gold(folder)
    for done, article in enumerate(articles, start=1):
        report = pipeline.read(str(article.path), published=article.published)
        events = pipeline.fuse(report.events)
        predicted = [predicted_from_event(e) for e in events]
        results.append((article, score_article(predicted, article.events, negative=article.negative,
                                               inside=inside)))
        if progress:
            progress("evaluating", done, len(articles))
    return results


def describe(article: GoldArticle, score: ArticleScore, *, errors: bool) -> list[str]:
    """One row per article, and with ``errors`` a line per miss, spurious event and wrong place or day."""
    mark = "NEG" if article.negative else ""
    lines = [f"{article.file:<12} tp={score.tp:<2} strict={score.strict_tp:<2} fp={score.fp:<2} fn={score.fn:<2} "
             f"{mark}".rstrip()]
    if not errors:
        return lines
    for g in score.missed:
        lines.append(f"    miss      {g.actor}->{g.target_country} {g.name} ({g.precision}) {g.date}")
    for p in score.spurious:
        lines.append(f"    spurious  {p.actor}->{p.target_country} {p.name} ({p.precision}) {p.date}")
    for pair in score.required_pairs:
        if not pair.place_right:
            lines.append(f"    place     {pair.gold.actor}->{pair.gold.target_country} {pair.predicted.name} "
                         f"({pair.predicted.precision}) for {pair.gold.name} ({pair.gold.precision}), "
                         f"{pair.km:.0f} km")
        if pair.day_right is False:
            lines.append(f"    day       {pair.gold.actor}->{pair.gold.target_country} {pair.gold.name}: "
                         f"{pair.predicted.date} for {pair.gold.date}")
    return lines


def report_json(results: list[tuple[GoldArticle, ArticleScore]]) -> dict:
    """Everything the scorer decided, for ``--report FILE``."""
    from dataclasses import asdict

    def row(article: GoldArticle, score: ArticleScore) -> dict:
        return {"file": article.file, "negative": article.negative, "tp": score.tp, "strict_tp": score.strict_tp,
                "fp": score.fp, "fn": score.fn,
                "pairs": [{"predicted": asdict(p.predicted), "gold": asdict(p.gold), "place_right": p.place_right,
                           "day_right": p.day_right, "km": round(p.km, 1)} for p in score.pairs],
                "missed": [asdict(g) for g in score.missed], "spurious": [asdict(p) for p in score.spurious]}

    return {"summary": Summary([s for _, s in results]).as_dict(),
            "articles": [row(a, s) for a, s in results]}
