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
from ..banks.sources import bank_sources
from ..errors import SelectionError
from ..learner.store import ProgressStore
from .planners import DailyPlanner, FixedPlanner, interview_planner
from .selection import filter_questions, find_questions
from .session import INTERVIEW, PRACTICE, Session, utc_now

POOLS = ("all", "new", "review")


def open_store(data: Path | None = None, profile: str | None = None) -> ProgressStore:
    from ..paths import progress_dir

    return ProgressStore(data if data is not None else progress_dir(profile))


def _questions(banks, topic: str | None, trust: bool) -> tuple[list, list[str]]:
    """The banks' questions (`banks`: from `bank_sources`), less the code questions of banks not
    trusted to run code (with a warning saying so); `trust` trusts the banks other than the
    bundled ones first (remembered by file hash)."""
    from ..banks import trust as trusting

    loaded = load_banks(banks, topic)
    if trust:
        for b in loaded:
            trusting.trust(b.path)
    questions, skipped = trusting.untrusted_code_questions(all_questions(loaded))
    if skipped and not questions:
        raise SelectionError(" ".join(trusting.skipped_message(skipped)))
    return questions, trusting.skipped_message(skipped)


def start_practice(*, banks: list[str | os.PathLike] | None = None,
                   only_banks: list[str | os.PathLike] | None = None, topic: str | None = None,
                   role: str | None = None, category: str | None = None,
                   item: str | None = None, difficulty: str | None = None,
                   pool: str = "all", count: int = 10, seed: int | None = None,
                   data: Path | None = None, profile: str | None = None,
                   now: Callable[[], datetime] = utc_now, questions: list[str] | None = None,
                   replay: str | None = None, trust: bool = False) -> tuple[Session, list[str]]:
    """The daily session, within the filters: due reviews first, then new questions at the
    edge of what the learner knows (see DailyPlanner); or the questions named (`bank/id`); or
    the questions and variants of an earlier session (`replay`). `banks` are added to the
    bundled banks and AIQUIZ_BANKS; `only_banks` replace them. Returns the session and warnings
    (the progress file, skipped code questions) to show before it starts."""
    from ..learner.state import load_state

    if pool not in POOLS:
        raise ValueError(pool)
    banks = bank_sources(add=banks, only=only_banks)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    topic = topic.strip().lower() if topic else None
    store = open_store(data, profile)
    warnings = store.check()  # refuses a newer format before any answer is taken
    if replay is not None:
        planner = _replay_planner(store, banks, replay, trust)
        return Session(planner, PRACTICE, seed, store, now=now), warnings
    found, skipped = _questions(banks, None if questions else topic, trust)
    if questions:
        return Session(FixedPlanner(find_questions(found, questions), seed), PRACTICE, seed,
                       store, now=now), skipped + warnings
    chosen = filter_questions(found, topic, role, category, item, difficulty)
    _, model, more = load_state(store)
    planner = DailyPlanner(chosen, model, count, seed, now, pool)
    session = Session(planner, PRACTICE, seed, store, now=now)
    if count > len(chosen):
        session.notes.append(f"Only {len(chosen)} questions match; at most {len(chosen)} "
                             "can be asked.")
    return session, skipped + warnings + more


def _replay_planner(store, banks, replay_id: str, trust: bool) -> FixedPlanner:
    """The questions an earlier session asked, each with its variant's seed, in order."""
    asked = [a for a in store.load().attempts if a.get("session") == replay_id]
    if not asked:
        raise SelectionError(f"no session {replay_id!r} in your progress; the summary at the "
                             "end of a session prints the id to replay")
    pool, _ = _questions(banks, None, trust)
    found = find_questions(pool, [str(a.get("question")) for a in asked])
    seeds = [a.get("seed") if isinstance(a.get("seed"), int) else 0 for a in asked]
    return FixedPlanner(found, seeds[0], seeds)


def start_interview(*, banks: list[str | os.PathLike] | None = None,
                    only_banks: list[str | os.PathLike] | None = None, role: str | None = None,
                    count: int = 10, seed: int | None = None, data: Path | None = None,
                    trust: bool = False, profile: str | None = None,
                    now: Callable[[], datetime] = utc_now) -> tuple[Session, list[str]]:
    """A mock interview for a role: round-robin over the categories, scored at the end.
    `banks` are added to the bundled banks and AIQUIZ_BANKS; `only_banks` replace them."""
    banks = bank_sources(add=banks, only=only_banks)
    questions, skipped = _questions(banks, None, trust)
    questions = filter_questions(questions, None, role)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    store = open_store(data, profile)
    warnings = store.check()
    session = Session(interview_planner(questions, count, seed), INTERVIEW, seed, store,
                      now=now)
    if count > len(questions):
        session.notes.append(f"Only {len(questions)} questions match; asking all "
                             f"{len(questions)}.")
    return session, skipped + warnings


def start_assess(*, banks: list[str | os.PathLike] | None = None,
                 only_banks: list[str | os.PathLike] | None = None, role: str | None = None,
                 seed: int | None = None, minutes: float | None = None,
                 data: Path | None = None, profile: str | None = None,
                 now: Callable[[], datetime] = utc_now) -> tuple[Session, list[str]]:
    """A placement test over the checklist (the role's part of it with `role`): see assess.py.
    Only questions graded on the spot are asked (no code to write, no proof to rate)."""
    from .assess import AssessPlanner
    from .session import ASSESS

    banks = bank_sources(add=banks, only=only_banks)
    questions, skipped = _questions(banks, None, False)
    questions = [q for q in filter_questions(questions, None, role)
                 if not q.qtype.self_rated and not q.qtype.retries]
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    store = open_store(data, profile)
    warnings = store.check()
    planner = AssessPlanner(questions, seed, minutes=minutes)
    return Session(planner, ASSESS, seed, store, now=now), warnings
