"""The app's charts as Vega-Lite specs (altair): strikes per day by actor, strikes per country.

Each actor keeps its map colour (:mod:`geo.palette`), struck countries are grey. Altair takes
~0.2 s to import, so ``app.py`` imports this module only when it draws the charts, after the map.

>>> from geo.models import DateRange, Event
>>> timeline_chart([Event("a", "IR", "PK", None, None, DateRange())]) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import altair as alt

from .dataset import timeline_frame
from .views import counts, legend_colors

if TYPE_CHECKING:
    from ..models import Event

TIMELINE_HEIGHT = 170
# Drawn on a canvas: a year of strikes is ~1,000 bars, which as SVG nodes cost the browser ~0.3 s of
# layout and paint on every filter change, while the map waited for the same thread.
CANVAS = {"embedOptions": {"renderer": "canvas"}}
BAR_HEIGHT = 26  # px per country in the bar charts, plus the axis
COUNTS = (("target", "Strikes per struck country"), ("actor", "Strikes per actor"))


def timeline_chart(events: Sequence[Event]) -> alt.Chart | None:
    """Strikes per day, stacked by actor in the actor's colour; ``None`` when no strike is dated."""
    frame = timeline_frame(events)
    if frame.empty:
        return None
    colors = legend_colors(events)
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("day:T", title=None, axis=alt.Axis(format="%b %Y", labelOverlap=True, tickCount="month")),
        y=alt.Y("sum(strikes):Q", title="per day", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("actor:N", title="Actor", scale=alt.Scale(domain=list(colors), range=list(colors.values())),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["day:T", "actor:N", "strikes:Q"]).properties(height=TIMELINE_HEIGHT, usermeta=CANVAS)


def count_charts(events: Sequence[Event]) -> list[tuple[str, alt.Chart, int]]:
    """``(title, chart, height in px)`` per struck country and per actor; none for no strikes."""
    return [(title, *chart) for by, title in COUNTS if (chart := count_chart(events, by)) is not None]


def count_chart(events: Sequence[Event], by: str) -> tuple[alt.Chart, int] | None:
    """One bar per ``actor`` or struck ``target`` country, most first, and the chart's height in px."""
    counted = counts(events, by)
    if counted.empty:
        return None
    chart = alt.Chart(counted).mark_bar().encode(
        y=alt.Y("country:N", sort=list(counted["country"]), title=None, axis=alt.Axis(labelLimit=180)),
        x=alt.X("strikes:Q", title=None, axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("country:N", legend=None, scale=alt.Scale(domain=list(counted["country"]),
                                                                  range=list(counted["color"]))),
        tooltip=["country:N", "strikes:Q", "killed:Q"]).properties(usermeta=CANVAS)
    return chart, BAR_HEIGHT * len(counted) + 30
