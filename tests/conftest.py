"""Hermetic tests: a temporary data dir, no colour, a fixed terminal width."""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
    monkeypatch.setenv("AIQUIZ_HOME", str(tmp_path / "home"))
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
