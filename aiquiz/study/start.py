"""Starting a session: load the banks, filter, open the progress store, choose the planner.

The CLI calls `start_practice` or `start_interview` and renders what comes back; tests and
other front ends can call them the same way. `now` is the UTC clock (tests inject one to drive
multi-day histories); `profile` picks the learner (see `paths.progress_dir`).
"""

from __future__ import annotations

import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import Callable

from ..banks.loader import all_questions, load_banks
from ..learner.store import ProgressStore
from .planners import DailyPlanner, interview_planner
from .selection import filter_questions
from .session import INTERVIEW, PRACTICE, Session, utc_now

POOLS = ("all", "new", "review")


def open_store(data: Path | None = None, profile: str | None = None) -> ProgressStore:
    from ..paths import progress_dir

    return ProgressStore(data if data is not None else progress_dir(profile))


def start_practice(*, banks: list[str | os.PathLike] | None = None, topic: str | None = None,
                   role: str | None = None, category: str | None = None,
                   item: str | None = None, difficulty: str | None = None,
                   pool: str = "all", count: int = 10, seed: int | None = None,
                   data: Path | None = None, profile: str | None = None,
                   now: Callable[[], datetime] = utc_now) -> tuple[Session, list[str]]:
    """The daily session, within the filters: due reviews first, then new questions at the
    edge of what the learner knows (see DailyPlanner). Returns the session and warnings about
    the progress file to show before it starts."""
    from ..learner.state import load_state

    if pool not in POOLS:
        raise ValueError(pool)
    questions = filter_questions(all_questions(load_banks(banks, topic)), topic, role,
                                 category, item, difficulty)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    store = open_store(data, profile)
    warnings = store.check()  # refuses a newer format before any answer is taken
    _, model, more = load_state(store)
    planner = DailyPlanner(questions, model, count, seed, now, pool)
    return Session(planner, PRACTICE, seed, store, now=now), warnings + more


def start_interview(*, banks: list[str | os.PathLike] | None = None, role: str | None = None,
                    count: int = 10, seed: int | None = None, data: Path | None = None,
                    profile: str | None = None,
                    now: Callable[[], datetime] = utc_now) -> tuple[Session, list[str]]:
    """A mock interview for a role: round-robin over the categories, scored at the end."""
    questions = filter_questions(all_questions(load_banks(banks)), None, role)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    store = open_store(data, profile)
    warnings = store.check()
    return Session(interview_planner(questions, count, seed), INTERVIEW, seed, store,
                   now=now), warnings
