"""Starting a session: load the banks, filter, open the progress store, choose the planner.

The CLI calls `start_practice` or `start_interview` and renders what comes back; tests and
other front ends can call them the same way.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ..banks.loader import all_questions, load_banks
from ..banks.sources import bank_sources
from ..learner.store import ProgressStore
from .planners import interview_planner, practice_planner
from .selection import filter_questions
from .session import INTERVIEW, PRACTICE, Session


def _store(data: Path | None) -> ProgressStore:
    from ..paths import data_dir

    return ProgressStore(data if data is not None else data_dir())


def start_practice(*, banks: list[str | os.PathLike] | None = None,
                   only_banks: list[str | os.PathLike] | None = None, topic: str | None = None,
                   role: str | None = None, count: int = 10, seed: int | None = None,
                   data: Path | None = None) -> tuple[Session, list[str]]:
    """A practice drill: unseen questions first, then unmastered ones. `banks` are added to the
    bundled banks and AIQUIZ_BANKS; `only_banks` replace them. Returns the session and warnings
    about the progress file to show before it starts."""
    from ..learner.tally import load_tally

    sources = bank_sources(add=banks, only=only_banks)
    questions = filter_questions(all_questions(load_banks(sources, topic)), topic, role)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    store = _store(data)
    warnings = store.check()  # refuses a newer format before any answer is taken
    tally, more = load_tally(store)
    planner = practice_planner(questions, count, seed, tally.seen, tally.right)
    return Session(planner, PRACTICE, seed, store), warnings + more


def start_interview(*, banks: list[str | os.PathLike] | None = None,
                    only_banks: list[str | os.PathLike] | None = None, role: str | None = None,
                    count: int = 10, seed: int | None = None,
                    data: Path | None = None) -> tuple[Session, list[str]]:
    """A mock interview for a role: round-robin over the categories, scored at the end."""
    sources = bank_sources(add=banks, only=only_banks)
    questions = filter_questions(all_questions(load_banks(sources)), None, role)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    store = _store(data)
    warnings = store.check()
    return Session(interview_planner(questions, count, seed), INTERVIEW, seed, store), warnings
