"""Mastery: Bayesian knowledge tracing per skill, weighted by evidence, and the levels in words.

Every constant here is documented, with the reasoning, in docs/learning.md. In short:
- P(known) starts at `P_INIT`; after each answer it becomes the knowledge-tracing posterior
  (guess and slip from the question's type) plus the chance of having learnt from the attempt
  (`P_LEARN`), moved only part of the way there by the answer's evidence weight: easy questions
  and repeats of a question already answered right count less when right, hard ones less when
  wrong;
- mastery = P(known) × the skill's FSRS retrievability, so it decays when not practised;
- an item is done ("[x]", level "mastered") at mastery ≥ `DONE_AT` over at least
  `DONE_QUESTIONS` distinct questions answered right.
"""

from __future__ import annotations

import functools

from ..syllabus import CATEGORIES, PREREQUISITES

P_INIT = 0.1          # prior chance a learner already knows a skill never practised
P_LEARN = 0.05        # chance of learning the skill from one attempt (BKT's transit)
REPEAT_WEIGHT = 0.5   # a question already answered right counts half when right again
DONE_AT = 0.8         # mastery for "[x]"
DONE_QUESTIONS = 3    # ... over at least this many distinct questions answered right

# Implicit review along the prerequisite graph
IMPLICIT_WEIGHT = 0.5       # per edge: a direct prerequisite 0.5, one further 0.25, then 0.125
IMPLICIT_MIN = 0.125        # weights below this are dropped (at most 3 edges away)
WRONG_PREREQ_WEIGHT = 0.1   # a wrong answer's evidence against each direct prerequisite

LEVELS = ((0.4, "learning"), (0.6, "familiar"), (DONE_AT, "proficient"))
LEVEL_NAMES = ("new", "learning", "familiar", "proficient", "mastered")

ITEMS: tuple[str, ...] = tuple(i for items in CATEGORIES.values() for i in items)


def posterior(p: float, correct: bool, guess: float, slip: float) -> float:
    """P(known | the answer), knowledge tracing's update."""
    if correct:
        num, other = p * (1 - slip), (1 - p) * guess
    else:
        num, other = p * slip, (1 - p) * (1 - guess)
    total = num + other
    return num / total if total > 0 else p


def evidence_weight(correct: bool, difficulty, repeat: bool) -> float:
    """How far one answer moves P(known) towards its posterior: a right answer counts more the
    harder the question (0.3 at difficulty 1 to 0.8 at 5) and half when the question was
    already answered right; a wrong answer counts a little less the harder the question (1.0
    down to 0.8)."""
    d = difficulty if isinstance(difficulty, int) and 1 <= difficulty <= 5 else 3
    if correct:
        return (0.3 + 0.125 * (d - 1)) * (REPEAT_WEIGHT if repeat else 1.0)
    return 1.0 - 0.05 * (d - 1)


def update(p: float, correct: bool, guess: float, slip: float, weight: float) -> float:
    """P(known) after one answer of the given evidence weight (0: no change, 1: full BKT)."""
    post = posterior(p, correct, guess, slip)
    post += (1 - post) * P_LEARN
    return min(1.0, max(0.0, p + weight * (post - p)))


def level(mastery: float, attempts: int, distinct_right: int) -> str:
    """new, learning, familiar, proficient or mastered. An item known only through implicit
    credit (no answers of its own) is at most proficient, like one past the threshold over
    fewer than three distinct questions."""
    if not attempts and mastery < 0.05:
        return "new"
    if done(mastery, distinct_right):
        return "mastered"
    name = band(mastery)
    return "proficient" if name == "mastered" else name


def done(mastery: float, distinct_right: int) -> bool:
    return mastery >= DONE_AT and distinct_right >= DONE_QUESTIONS


def band(mastery: float) -> str:
    """A level for a score alone (categories, topics, readiness)."""
    if mastery >= DONE_AT:
        return "mastered"
    for upper, name in LEVELS:
        if mastery < upper:
            return name
    return "proficient"


@functools.lru_cache(maxsize=None)
def ancestors(item: str) -> tuple[tuple[str, float, int], ...]:
    """(prerequisite, implicit weight, edges away) for every item `item` builds on, directly or
    not, down to IMPLICIT_MIN; the nearest path counts."""
    best: dict[str, int] = {}
    frontier = [(p, 1) for p in PREREQUISITES.get(item, ())]
    while frontier:
        node, d = frontier.pop()
        if IMPLICIT_WEIGHT ** d < IMPLICIT_MIN or best.get(node, 99) <= d:
            continue
        best[node] = d
        frontier.extend((p, d + 1) for p in PREREQUISITES.get(node, ()))
    return tuple((n, IMPLICIT_WEIGHT ** d, d) for n, d in sorted(best.items(), key=lambda x: x[1]))


def topological(items=ITEMS) -> list[str]:
    """`items` in an order where each comes after its prerequisites (syllabus order otherwise)."""
    order: list[str] = []
    placed: set[str] = set()

    def place(i: str) -> None:
        if i in placed:
            return
        placed.add(i)
        for p in PREREQUISITES.get(i, ()):
            place(p)
        order.append(i)

    for i in ITEMS:
        place(i)
    wanted = set(items)
    return [i for i in order if i in wanted]
