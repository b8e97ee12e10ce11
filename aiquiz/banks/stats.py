"""Coverage figures of a set of questions (`aiquiz bank stats`)."""

from __future__ import annotations

from collections import Counter

from .model import Question


def stats(questions: list[Question]) -> dict:
    def count(key) -> dict:
        c: Counter = Counter()
        for q in questions:
            for k in key(q):
                c[k] += 1
        return dict(sorted(c.items()))

    return {
        "questions": len(questions),
        "by_topic": count(lambda q: [q.topic]),
        "by_category": count(lambda q: [q.category]),
        "by_role": count(lambda q: q.roles),
        "by_type": count(lambda q: [q.type]),
        "by_difficulty": {str(k): v for k, v in count(lambda q: [q.difficulty]).items()},
        "by_checklist_item": count(lambda q: [q.checklist_item] if q.checklist_item else []),
        "auto_graded_by_checklist_item": count(
            lambda q: [q.checklist_item] if q.checklist_item and q.qtype.computed else []),
        "parametric": sum(q.parametric for q in questions),
        "parametric_by_type": count(lambda q: [q.type] if q.parametric else []),
    }
