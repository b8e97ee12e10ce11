"""Choosing which questions a session asks, reproducibly from a seed."""

from __future__ import annotations

import random

from .errors import SelectionError
from .model import Question
from .syllabus import CATEGORIES, ROLES, TOPICS


def filter_questions(questions: list[Question], topic: str | None = None,
                     role: str | None = None) -> list[Question]:
    if topic is not None and topic not in TOPICS:
        close = [t for t in TOPICS if topic.lower() in t or t.startswith(topic.lower()[:4])]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise SelectionError(f"unknown topic {topic!r}{hint}; run 'aiquiz topics' for the list")
    if role is not None and role not in ROLES:
        raise SelectionError(f"unknown role {role!r}; use one of: {', '.join(ROLES)}")
    out = [q for q in questions
           if (topic is None or q.topic == topic) and (role is None or role in q.roles)]
    if not out:
        what = " and ".join(x for x in (f"topic {topic}" if topic else "",
                                        f"role {role}" if role else "") if x)
        raise SelectionError(f"no questions for {what or 'this selection'} in the loaded banks")
    return out


def pick_practice(questions: list[Question], count: int, seed: int,
                  seen: set[str] = frozenset(), right: set[str] = frozenset()) -> list[Question]:
    """Questions never seen first, then those never answered correctly, then the mastered ones;
    shuffled by the seed within each group, so a drill moves on instead of repeating."""
    rng = random.Random(f"practice:{seed}")
    pool = sorted(questions, key=lambda q: q.key)
    rng.shuffle(pool)
    pool.sort(key=lambda q: 0 if q.key not in seen else (1 if q.key not in right else 2))
    return pool[:count]


def pick_interview(questions: list[Question], count: int, seed: int) -> list[Question]:
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
