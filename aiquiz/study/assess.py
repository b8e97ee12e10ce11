"""The placement test (`aiquiz assess`): a planner that asks, after each answer, the question
whose answer tells the most about where the learner stands on the checklist (see
`learner/placement.py`), and stops when every item is classified or after 30 questions.

No feedback until the end; ":idk" (I don't know) is an answer. The answers are recorded like
any other (mode "assess"), so the learning engine starts from them: a placed learner does not
start from zero.
"""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING

from ..banks.model import Question, Variant
from ..learner.placement import MAX_QUESTIONS, Placement, guess_rate
from ..syllabus import PREREQUISITES

if TYPE_CHECKING:
    from .session import Session


class AssessPlanner:
    def __init__(self, questions: list[Question], seed: int, max_questions: int = MAX_QUESTIONS,
                 minutes: float | None = None, clock=time.monotonic):
        self.by_item: dict[str, list[Question]] = {}
        for q in sorted(questions, key=lambda q: q.key):
            if q.checklist_item:
                self.by_item.setdefault(q.checklist_item, []).append(q)
        rng = random.Random(f"assess:{seed}")
        for qs in self.by_item.values():
            rng.shuffle(qs)
            qs.sort(key=lambda q: abs(q.difficulty - 3))  # middling questions first
        self.items = [i for i in _all_items() if i in self.by_item]
        self.placement = Placement(self.items, PREREQUISITES)
        self.seed = seed
        self.planned = min(max_questions, sum(len(v) for v in self.by_item.values()))
        self.asked: list[tuple[str, Question]] = []
        self.seen = 0
        self.clock = clock
        self.deadline = clock() + 60 * minutes if minutes else None
        self.stopped_by_time = False

    def types(self) -> set[str]:
        return {q.type for qs in self.by_item.values() for q in qs}

    def _absorb(self, session: "Session") -> None:
        """Fold the answers given since the last call into the placement."""
        for r in session.results[self.seen:]:
            item = r.variant.question.checklist_item
            if item in self.items:
                outcome = "idk" if r.idk else ("right" if r.correct else "wrong")
                self.placement.update(item, outcome, guess_rate(r.variant.question))
        self.seen = len(session.results)

    def next(self, session: "Session") -> Variant | None:
        from ..banks.variant import make_variant

        self._absorb(session)
        if len(self.asked) >= self.planned or self.placement.settled():
            return None
        if self.deadline is not None and self.clock() >= self.deadline:
            self.stopped_by_time = True
            return None
        asked = {q.key for _, q in self.asked}
        candidates = {}
        for item, qs in self.by_item.items():
            fresh = [q for q in qs if q.key not in asked]
            if fresh:
                candidates[item] = fresh[0]
        item = self.placement.best_item({i: guess_rate(q) for i, q in candidates.items()})
        if item is None:
            return None
        q = candidates[item]
        self.asked.append((item, q))
        return make_variant(q, self.seed)

    def describe(self) -> str:
        return (f"Placement test: at most {self.planned} questions over {len(self.items)} "
                "checklist items, each chosen by your answers so far. No feedback until the "
                "end; type :idk when you do not know.")


def _all_items() -> list[str]:
    from ..syllabus import CATEGORIES

    return [i for items in CATEGORIES.values() for i in items]
