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
from ..errors import SelectionError
from .planners import FixedPlanner, interview_planner, practice_planner
from .selection import filter_questions, find_questions
from .session import INTERVIEW, PRACTICE, Session


def _store(data: Path | None) -> ProgressStore:
    from ..paths import data_dir

    return ProgressStore(data if data is not None else data_dir())


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
                   role: str | None = None, count: int = 10, seed: int | None = None,
                   data: Path | None = None, questions: list[str] | None = None,
                   replay: str | None = None, trust: bool = False) -> tuple[Session, list[str]]:
    """A practice drill: unseen questions first, then unmastered ones; or the questions named
    (`bank/id`), or the questions and variants of an earlier session (`replay`). `banks` are
    added to the bundled banks and AIQUIZ_BANKS; `only_banks` replace them. Returns the session
    and warnings (the progress file, skipped code questions) to show before it starts."""
    from ..learner.tally import load_tally

    banks = bank_sources(add=banks, only=only_banks)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    topic = topic.strip().lower() if topic else None
    store = _store(data)
    warnings = store.check()  # refuses a newer format before any answer is taken
    if replay is not None:
        planner = _replay_planner(store, banks, replay, trust)
        return Session(planner, PRACTICE, seed, store), warnings
    pool, skipped = _questions(banks, None if questions else topic, trust)
    if questions:
        return Session(FixedPlanner(find_questions(pool, questions), seed), PRACTICE, seed,
                       store), skipped + warnings
    chosen = filter_questions(pool, topic, role)
    tally, more = load_tally(store)
    planner = practice_planner(chosen, count, seed, tally.seen, tally.right)
    session = Session(planner, PRACTICE, seed, store)
    if topic is None:
        session.notes.append("No --topic given: questions from every topic, unseen ones first "
                             "(aiquiz topics lists them).")
    if count > len(chosen):
        session.notes.append(f"Only {len(chosen)} questions match; asking all {len(chosen)}.")
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
                    trust: bool = False) -> tuple[Session, list[str]]:
    """A mock interview for a role: round-robin over the categories, scored at the end.
    `banks` are added to the bundled banks and AIQUIZ_BANKS; `only_banks` replace them."""
    banks = bank_sources(add=banks, only=only_banks)
    questions, skipped = _questions(banks, None, trust)
    questions = filter_questions(questions, None, role)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    store = _store(data)
    warnings = store.check()
    session = Session(interview_planner(questions, count, seed), INTERVIEW, seed, store)
    if count > len(questions):
        session.notes.append(f"Only {len(questions)} questions match; asking all "
                             f"{len(questions)}.")
    return session, skipped + warnings
