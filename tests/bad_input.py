"""Shared checks of the bad-input matrix (``tests/test_bad_input_*.py``).

Every row asserts the same contract: one clear message, exit code 2 (bad input)
or 3 (environment), no traceback, nothing lost, nothing executed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Scripts an attacker would plant in any field; none may reach a page unescaped.
SCRIPTS = ("<script>document.title='PWNED'</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)//",
           "<svg/onload=alert(2)>", "\"><iframe src=javascript:alert(3)>")
LIVE_MARKUP = ("<script>document.title='PWNED'", "<img src=x onerror", "<svg/onload", "<iframe src=javascript")
MESSAGE = re.compile(r"^(error|skipped|warning): \S")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def geo(*args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None,
        timeout: float = 60) -> Run:
    """``python -m geo ARGS`` as a real process."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, input=stdin or b"", capture_output=True,
                          env=environment, timeout=timeout)
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


def assert_clean_failure(run: Run, code: int, pattern: str) -> None:
    """Exit ``code``, no traceback, and stderr is one-line messages, one of them matching ``pattern``."""
    assert "Traceback" not in run.err and "Traceback" not in run.out, run.err
    assert run.code == code, (run.code, run.err[-2000:])
    lines = [line for line in run.err.splitlines() if line.strip()]
    errors = [line for line in lines if not line.startswith("warning: ")]
    assert len(errors) == 1, lines  # one clear message, not a cascade
    assert all(MESSAGE.match(line) or line.startswith("python -m geo") for line in lines), lines
    assert re.search(pattern, errors[0]), (pattern, errors[0])


def assert_no_live_markup(text: str) -> None:
    """Nothing planted in an input may appear as markup in an output page."""
    for marker in LIVE_MARKUP:
        assert marker not in text, marker

