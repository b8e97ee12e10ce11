"""Planners choose what a session asks next. The loop asks `next(session)` after every answer,
so a planner can look at what was answered so far; today's planners fix their order up front
(reproducibly from the seed), later ones (due-first practice, adaptive interviews) will not.

A planner is any object with `next(session) -> Variant | None`, `planned` (how many questions it
means to ask, for "Question i/N") and `types()` (the question types it may ask, for warm-up).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Iterable, Protocol

from ..banks.model import Question, Variant
from ..syllabus import CATEGORIES

if TYPE_CHECKING:
    from .session import Session


class Planner(Protocol):
    planned: int

    def next(self, session: "Session") -> Variant | None: ...

    def types(self) -> set[str]: ...


class FixedPlanner:
    """Ask a list of questions in order, each as its variant for `seed`."""

    def __init__(self, questions: Iterable[Question], seed: int,
                 seeds: list[int] | None = None):
        from ..banks.variant import make_variant

        questions = list(questions)
        seeds = seeds if seeds is not None else [seed] * len(questions)
        # every variant is built up front, so a bank error shows before the first question
        self.variants = [make_variant(q, s) for q, s in zip(questions, seeds)]
        self.planned = len(self.variants)
        self._next = 0

    def next(self, session: "Session") -> Variant | None:
        if self._next >= len(self.variants):
            return None
        self._next += 1
        return self.variants[self._next - 1]

    def types(self) -> set[str]:
        return {v.question.type for v in self.variants}


def practice_order(questions: list[Question], count: int, seed: int,
                   seen: set[str] = frozenset(), right: set[str] = frozenset()) -> list[Question]:
    """Questions never seen first, then those never answered correctly, then the mastered ones;
    shuffled by the seed within each group, so a drill moves on instead of repeating."""
    rng = random.Random(f"practice:{seed}")
    pool = sorted(questions, key=lambda q: q.key)
    rng.shuffle(pool)
    pool.sort(key=lambda q: 0 if q.key not in seen else (1 if q.key not in right else 2))
    return pool[:count]


def interview_order(questions: list[Question], count: int, seed: int) -> list[Question]:
    """Round-robin over the checklist categories so a short interview still spans the syllabus."""
    rng = random.Random(f"interview:{seed}")
    by_cat: dict[str, list[Question]] = {c: [] for c in CATEGORIES}
    for q in sorted(questions, key=lambda q: q.key):
        by_cat[q.category].append(q)
    for qs in by_cat.values():
        rng.shuffle(qs)
    cats = [c for c in CATEGORIES if by_cat[c]]
    rng.shuffle(cats)
    picked: list[Question] = []
    while len(picked) < count and any(by_cat[c] for c in cats):
        for c in cats:
            if by_cat[c] and len(picked) < count:
                picked.append(by_cat[c].pop())
    rng.shuffle(picked)
    return picked


def practice_planner(questions: list[Question], count: int, seed: int,
                     seen: set[str] = frozenset(), right: set[str] = frozenset()) -> FixedPlanner:
    return FixedPlanner(practice_order(questions, count, seed, seen, right), seed)


def interview_planner(questions: list[Question], count: int, seed: int) -> FixedPlanner:
    return FixedPlanner(interview_order(questions, count, seed), seed)
