"""Starting a session: load the banks, filter, open the progress store, choose the planner.

The CLI calls `start_practice` or `start_interview` and renders what comes back; tests and
other front ends can call them the same way.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ..banks.loader import all_questions, load_banks
from ..learner.store import ProgressStore
from .planners import interview_planner, practice_planner
from ..errors import SelectionError
from .selection import filter_questions
from .session import INTERVIEW, PRACTICE, Session


def _store(data: Path | None) -> ProgressStore:
    from ..paths import data_dir

    return ProgressStore(data if data is not None else data_dir())


def _questions(banks, topic: str | None, trust: bool) -> tuple[list, list[str]]:
    """The banks' questions, less the code questions of banks not trusted to run code (with a
    warning saying so); `trust` trusts the given banks first (remembered by file hash)."""
    from ..banks import trust as trusting

    loaded = load_banks(banks, topic)
    if trust:
        for b in loaded:
            trusting.trust(b.path)
    questions, skipped = trusting.untrusted_code_questions(all_questions(loaded))
    if skipped and not questions:
        raise SelectionError(" ".join(trusting.skipped_message(skipped)))
    return questions, trusting.skipped_message(skipped)


def start_practice(*, banks: list[str | os.PathLike] | None = None, topic: str | None = None,
                   role: str | None = None, count: int = 10, seed: int | None = None,
                   data: Path | None = None, trust: bool = False) -> tuple[Session, list[str]]:
    """A practice drill: unseen questions first, then unmastered ones. Returns the session and
    warnings (the progress file, skipped code questions) to show before it starts."""
    from ..learner.tally import load_tally

    questions, skipped = _questions(banks, topic, trust)
    questions = filter_questions(questions, topic, role)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    store = _store(data)
    warnings = store.check()  # refuses a newer format before any answer is taken
    tally, more = load_tally(store)
    planner = practice_planner(questions, count, seed, tally.seen, tally.right)
    return Session(planner, PRACTICE, seed, store), skipped + warnings + more


def start_interview(*, banks: list[str | os.PathLike] | None = None, role: str | None = None,
                    count: int = 10, seed: int | None = None, data: Path | None = None,
                    trust: bool = False) -> tuple[Session, list[str]]:
    """A mock interview for a role: round-robin over the categories, scored at the end."""
    questions, skipped = _questions(banks, None, trust)
    questions = filter_questions(questions, None, role)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    store = _store(data)
    warnings = store.check()
    return Session(interview_planner(questions, count, seed), INTERVIEW, seed, store), \
        skipped + warnings
