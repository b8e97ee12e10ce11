"""Progress figures from the attempt history, against the checklist categories and items."""

from __future__ import annotations

from .syllabus import CATEGORIES


def progress_report(attempts: list[dict]) -> dict:
    cats = {c: {"attempts": 0, "correct": 0, "items": {i: {"attempts": 0, "correct": 0}
                                                       for i in items}}
            for c, items in CATEGORIES.items()}
    questions: set[str] = set()
    mastered: set[str] = set()
    for a in attempts:
        cat = cats.get(a.get("category"))
        if cat is None:
            continue
        ok = bool(a.get("correct"))
        cat["attempts"] += 1
        cat["correct"] += ok
        item = cat["items"].get(a.get("checklist_item"))
        if item is not None:
            item["attempts"] += 1
            item["correct"] += ok
        questions.add(str(a.get("question")))
        if ok:
            mastered.add(str(a.get("question")))
    total = sum(c["attempts"] for c in cats.values())
    return {
        "attempts": total,
        "correct": sum(c["correct"] for c in cats.values()),
        "questions_seen": len(questions),
        "questions_correct": len(mastered),
        "categories": cats,
    }
