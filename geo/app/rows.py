"""The event store's rows: an event <-> the JSON text of its GeoJSON Feature, and one-line reasons for bad rows.

>>> decode('{"type": "Feature"')
Traceback (most recent call last):
...
json.decoder.JSONDecodeError: Expecting ',' delimiter: line 1 column 19 (char 18)
>>> why(ValueError("coordinates out of range for 'X': lat=999.0, lon=1.0"))
"coordinates out of range for 'X': lat=999.0, lon=1.0"
"""

from __future__ import annotations

import json
from typing import Any

from ..models import Event

# What decoding a damaged row can raise: bad JSON and bad values are ValueErrors, odd shapes the rest.
UNREADABLE = (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError)


def encode(event: Event) -> str:
    from ..formats.geojson import events_to_features

    return json.dumps(events_to_features([event])["features"][0], ensure_ascii=False)


def decode(text: str) -> Event:
    from ..formats.geojson import features_to_events

    return features_to_events({"type": "FeatureCollection", "features": [json.loads(text)]})[0]


def why(exc: BaseException) -> str:
    """One line saying why a row could not be decoded."""
    text = " ".join(str(exc).split())[:160] or type(exc).__name__
    return f"not valid JSON ({text})" if isinstance(exc, json.JSONDecodeError) else text


def row_detail(text: Any) -> dict[str, Any]:
    """An audit row's details; a damaged one becomes ``{"unreadable": ..., "why": ...}``, never an error."""
    try:
        value = json.loads(text)
    except (*UNREADABLE,) as exc:
        return {"unreadable": str(text)[:200], "why": why(exc)}
    return value if isinstance(value, dict) else {"detail": value}


def cause(exc: BaseException) -> str:
    """SQLite's own words, with what a person can do about the common ones."""
    text = str(exc)
    if "disk is full" in text or "database or disk is full" in text:
        return f"{text}: nothing was saved; free some disk space and try again"
    if "malformed" in text or "not a database" in text:
        return f"{text}: the file is damaged; move it aside to start a new store, or restore a copy"
    return text
