"""Hermetic tests: a temporary data dir, no colour, a fixed terminal width, and an empty HOME.

Set here, at import, before any test module loads banks at collection time: nothing a test run
does may touch the real ~/.cache/aiquiz or the learner's data. HOME itself points at an empty
folder for the whole run, and the run fails if anything was written there.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

_RUN_DIR = Path(tempfile.mkdtemp(prefix="aiquiz-tests-"))
EMPTY_HOME = _RUN_DIR / "home"
EMPTY_HOME.mkdir()
os.environ["HOME"] = str(EMPTY_HOME)
os.environ["AIQUIZ_HOME"] = str(_RUN_DIR / "aiquiz-home")
for _var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
    os.environ.pop(_var, None)

import pytest
from hypothesis import settings

# CI runs the property tests derandomized (same 1,000 examples per property every run), so a
# landing never depends on luck; locally they explore new examples each run.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
BANKS = ROOT / "question_banks"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setenv("AIQUIZ_HOME", str(tmp_path / "home"))
    # fallback files (aiquiz-unsaved-*.jsonl) go to the test's own temp dir, not the machine's
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("AIQUIZ_DEBUG", raising=False)
    yield


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


def python() -> str:
    return sys.executable


os.environ.setdefault("PYTHONHASHSEED", "0")


def pytest_sessionfinish(session, exitstatus):
    """A test run leaves nothing in $HOME: fail the run if it did."""
    left = sorted(str(p.relative_to(EMPTY_HOME)) for p in EMPTY_HOME.rglob("*"))
    if left:
        sys.stderr.write(f"\nThe test run wrote into $HOME ({EMPTY_HOME}): {left[:10]}\n")
        session.exitstatus = 1
