"""Planners choose what a session asks next. The loop asks `next(session)` after every answer,
so a planner can look at what was answered so far: `FixedPlanner` fixes its order up front
(reproducibly from the seed, for interviews); `DailyPlanner` (practice) chooses after each
answer from the learner model.

A planner is any object with `next(session) -> Variant | None`, `planned` (how many questions it
means to ask, for "Question i/N") and `types()` (the question types it may ask, for warm-up).
"""

from __future__ import annotations

import random
import zlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Callable, Iterable, Protocol

from ..banks.model import Question, Variant
from ..syllabus import CATEGORIES

if TYPE_CHECKING:
    from ..learner.model import LearnerModel
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


def interview_planner(questions: list[Question], count: int, seed: int) -> FixedPlanner:
    return FixedPlanner(interview_order(questions, count, seed), seed)


LEARN_AHEAD = timedelta(minutes=20)  # a card failed this session may come back this early
RECENT = 3                           # never the same question within this many


class DailyPlanner:
    """The daily session (`aiquiz practice`): reviews that are due first, the most forgotten
    (lowest FSRS retrievability) first; then new questions from the weakest item whose
    prerequisites are mastered (a topic's questions without an item count as one group with
    none), at a difficulty near the learner's mastery there; then, when both are used up, the
    questions already seen that are least well remembered. `pool` is "all", "review" (due
    only) or "new" (new only).

    It folds every answer into its learner model before choosing again, so a question answered
    wrongly comes back (after RECENT others) once due, as a retry. Choices are deterministic for
    a seed, a history and a clock: ties are broken by a seeded shuffle.
    """

    def __init__(self, questions: Iterable[Question], model: "LearnerModel", count: int,
                 seed: int, now: Callable[[], datetime], pool: str = "all"):
        self.questions = sorted(questions, key=lambda q: q.key)
        self.model, self.seed, self.now, self.pool = model, seed, now, pool
        order = [q.key for q in self.questions]
        random.Random(f"daily:{seed}").shuffle(order)
        self.rank = {k: i for i, k in enumerate(order)}
        self._folded = 0
        at = now()
        self.due_total = len(model.due(at))
        self.due_here = len(self._due(at, set(), set()))
        self.new_here = sum(q.key not in model.cards for q in self.questions)
        available = {"review": self.due_here, "new": self.new_here}.get(pool, len(self.questions))
        self.count = count
        self.planned = min(count, available)  # grows by one for a retry past it, up to count

    def types(self) -> set[str]:
        return {q.type for q in self.questions}

    def next(self, session: "Session") -> Variant | None:
        from ..banks.variant import make_variant

        for r in session.results[self._folded:]:
            if r.attempt is not None:
                self.model.add(r.attempt)
        self._folded = len(session.results)
        if len(session.asked) >= self.count:
            return None
        now = self.now()
        asked = {v.question.key for v in session.asked}
        recent = {v.question.key for v in session.asked[-RECENT:]}
        q = None
        if self.pool in ("all", "review"):
            due = self._due(now, recent, asked)
            if len(session.asked) >= self.planned:  # only a retry may still come
                due = [q for q in due if q.key in asked]
                if due:
                    self.planned += 1
            if due:
                q = min(due, key=lambda q: (self._recall(q, now), self.rank[q.key]))
        if len(session.asked) >= self.planned:
            return None
        if q is None and self.pool in ("all", "new"):
            q = self.pick_new(now, asked)
        if q is None and self.pool == "all":
            seen = [q for q in self.questions if q.key in self.model.cards and q.key not in asked]
            if seen:
                q = min(seen, key=lambda q: (self._recall(q, now), self.rank[q.key]))
        if q is None:
            return None
        card = self.model.cards.get(q.key)
        seed = self.seed if card is None else \
            zlib.crc32(f"{self.seed}:{q.key}:{card.last_review}".encode()) % 1_000_000
        return make_variant(q, seed)  # a question seen before comes back as a fresh variant

    # ------------------------------------------------------------------------- choosing
    def _recall(self, q: Question, now: datetime) -> float:
        from ..learner.memory import retrievability

        return retrievability(self.model.cards.get(q.key), now)

    def _due(self, now: datetime, exclude: set[str], asked: set[str]) -> list[Question]:
        """Questions due now, and those failed in this session (in a 10-minute learning step)
        due within LEARN_AHEAD: the retry comes back before the session ends."""
        from ..learner.memory import in_review

        out = []
        for q in self.questions:
            card = self.model.cards.get(q.key)
            if card is None or q.key in exclude:
                continue
            if card.due <= now or (q.key in asked and not in_review(card)
                                   and card.due <= now + LEARN_AHEAD):
                out.append(q)
        return out

    def groups(self, now: datetime,
               asked: set[str] = frozenset()) -> list[tuple[str, list[Question]]]:
        """Unseen questions by item (or topic, for those without one), best group first: ready
        (prerequisites mastered) before not, then the weakest; among groups that are not ready,
        those closest to it first."""
        from ..learner.report import item_states
        from ..syllabus import PREREQUISITES

        states = item_states(self.model, now)
        by: dict[str, list[Question]] = {}
        for q in self.questions:
            if q.key not in self.model.cards and q.key not in asked:
                name = q.checklist_item if q.checklist_item in states else f"topic:{q.topic}"
                by.setdefault(name, []).append(q)

        items = list(states)

        def key(name: str):
            if name not in states:
                return (False, 0.0, self.mastery_of(name, now), 1, 0, name)
            ready = states[name]["ready"]
            gap = 0.0 if ready else -min(states[p]["mastery"] for p in PREREQUISITES[name])
            return (not ready, gap, states[name]["mastery"], 0, items.index(name), name)

        return sorted(by.items(), key=lambda kv: key(kv[0]))

    def mastery_of(self, name: str, now: datetime) -> float:
        if name.startswith("topic:"):
            topic = self.model.topics.get(name[6:])
            return topic.mastery(now, self.model.cards) if topic else 0.0
        return self.model.items[name].mastery(now)

    def pick_new(self, now: datetime, asked: set[str]) -> Question | None:
        groups = self.groups(now, asked)
        if not groups:
            return None
        name, qs = groups[0]
        target = 1 + 4 * self.mastery_of(name, now)  # difficulty 1..5 follows mastery 0..1
        return min(qs, key=lambda q: (abs(q.difficulty - target), self.rank[q.key]))

    def describe(self) -> str:
        """One line for the start of the session: what is due and where new questions come
        from."""
        now = self.now()
        due = f"{self.due_total} review{'s' if self.due_total != 1 else ''} due"
        if self.due_here != self.due_total:
            due += f" ({self.due_here} in this selection)"
        if self.pool == "review":
            return due + "."
        groups = self.groups(now)
        if not groups:
            return due + "; no new questions left in this selection."
        name = groups[0][0]
        name = name[6:] + " (topic)" if name.startswith("topic:") else name
        return f"{due}; new questions from: {name}."
