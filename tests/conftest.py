"""Shared fixtures: the real gazetteer (built once per machine) and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def gazetteer():
    """The real offline gazetteer (GeoNames + Natural Earth), opened from the cache dir."""
    from geo.gazetteer.index import Gazetteer

    return Gazetteer.open()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip("../shared/seeds is not present")
    return SEEDS
