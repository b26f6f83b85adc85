"""The command-line contract, run as a user runs it: a new process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True,
                          input=stdin, timeout=120)


def test_geocode_json_contract(gazetteer):
    result = run("geocode", "Erbil", "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert set(record) == {"query", "name", "lat", "lon", "country", "admin1", "precision", "source"}
    assert record["country"] == "IQ" and record["precision"] == "city"
    assert round(record["lat"]) == 36 and round(record["lon"]) == 44


def test_geocode_with_country(gazetteer):
    record = json.loads(run("geocode", "Sarawan", "--country", "ir", "--json").stdout)
    assert record["country"] == "IR"


def test_nothing_found_prints_null_and_exits_1(gazetteer):
    result = run("geocode", "Qqqxyzzyplace", "--json")
    assert (result.returncode, result.stdout.strip()) == (1, "null")


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, "Er\x01bil"])
def test_bad_queries_exit_2_with_one_line(gazetteer, query):
    result = run("geocode", query, "--json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_country_code_exits_2():
    result = run("geocode", "Erbil", "--country", "Iraq")
    assert result.returncode == 2 and "alpha-2" in result.stderr and "Traceback" not in result.stderr
