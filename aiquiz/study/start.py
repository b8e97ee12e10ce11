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
from .planners import FixedPlanner, interview_planner, practice_planner
from .selection import filter_questions, find_questions
from .session import INTERVIEW, PRACTICE, Session


def _store(data: Path | None) -> ProgressStore:
    from ..paths import data_dir

    return ProgressStore(data if data is not None else data_dir())


def start_practice(*, banks: list[str | os.PathLike] | None = None, topic: str | None = None,
                   role: str | None = None, count: int = 10, seed: int | None = None,
                   data: Path | None = None, questions: list[str] | None = None,
                   replay: str | None = None) -> tuple[Session, list[str]]:
    """A practice drill: unseen questions first, then unmastered ones; or the questions named
    (`bank/id`), or the questions and variants of an earlier session (`replay`). Returns the
    session and warnings about the progress file to show before it starts."""
    from ..learner.tally import load_tally

    seed = secrets.randbelow(1_000_000) if seed is None else seed
    topic = topic.strip().lower() if topic else None
    store = _store(data)
    warnings = store.check()  # refuses a newer format before any answer is taken
    if replay is not None:
        planner = _replay_planner(store, banks, replay)
        return Session(planner, PRACTICE, seed, store), warnings
    pool = all_questions(load_banks(banks, None if questions else topic))
    if questions:
        return Session(FixedPlanner(find_questions(pool, questions), seed), PRACTICE, seed,
                       store), warnings
    chosen = filter_questions(pool, topic, role)
    tally, more = load_tally(store)
    planner = practice_planner(chosen, count, seed, tally.seen, tally.right)
    session = Session(planner, PRACTICE, seed, store)
    if topic is None:
        session.notes.append("No --topic given: questions from every topic, unseen ones first "
                             "(aiquiz topics lists them).")
    if count > len(chosen):
        session.notes.append(f"Only {len(chosen)} questions match; asking all {len(chosen)}.")
    return session, warnings + more


def _replay_planner(store, banks, replay_id: str) -> FixedPlanner:
    """The questions an earlier session asked, each with its variant's seed, in order."""
    from ..errors import SelectionError

    asked = [a for a in store.load().attempts if a.get("session") == replay_id]
    if not asked:
        raise SelectionError(f"no session {replay_id!r} in your progress; the summary at the "
                             "end of a session prints the id to replay")
    pool = all_questions(load_banks(banks))
    found = find_questions(pool, [str(a.get("question")) for a in asked])
    seeds = [a.get("seed") if isinstance(a.get("seed"), int) else 0 for a in asked]
    return FixedPlanner(found, seeds[0], seeds)


def start_interview(*, banks: list[str | os.PathLike] | None = None, role: str | None = None,
                    count: int = 10, seed: int | None = None,
                    data: Path | None = None) -> tuple[Session, list[str]]:
    """A mock interview for a role: round-robin over the categories, scored at the end."""
    questions = filter_questions(all_questions(load_banks(banks)), None, role)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    store = _store(data)
    warnings = store.check()
    session = Session(interview_planner(questions, count, seed), INTERVIEW, seed, store)
    if count > len(questions):
        session.notes.append(f"Only {len(questions)} questions match; asking all "
                             f"{len(questions)}.")
    return session, warnings
