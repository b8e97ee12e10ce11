"""The progress report as data: what `aiquiz progress` shows and `--json` prints.

Built from the tally (counts) and the learner model (mastery, memory, days) at a given time, so
it costs O(questions) whatever the history. Days are UTC days.
"""

from __future__ import annotations

import shlex
from datetime import datetime, timedelta

from ..syllabus import CATEGORIES, PREREQUISITES, ROLES, TOPICS
from . import roles
from .mastery import DONE_AT, DONE_QUESTIONS, band, done, level
from .model import LearnerModel
from .tally import Tally

ACTIVITY_DAYS = 30
DUE_DAYS = 7


def practice_command(item: str, profile: str | None = None) -> str:
    cmd = f"aiquiz practice --item {shlex.quote(item)}"
    return cmd + (f" --profile {profile}" if profile else "")


def _level(mastery: float, attempts: int) -> str:
    return "new" if not attempts and mastery < 0.05 else band(mastery)


def _accuracy(ok: int, n: int) -> float | None:
    return round(ok / n, 3) if n else None


def _iso(t: datetime | None) -> str | None:
    return t.isoformat(timespec="seconds") if t else None


def item_states(model: LearnerModel, now: datetime) -> dict[str, dict]:
    """item -> mastery figures (the part of the report the planners need too)."""
    out = {}
    for item, s in model.items.items():
        m = s.mastery(now)
        out[item] = {"mastery": round(m, 3), "level": level(m, s.attempts, len(s.right)),
                     "done": done(m, len(s.right))}
    for item, v in out.items():
        v["ready"] = all(out[p]["done"] for p in PREREQUISITES.get(item, ()))
    return out


def build_report(tally: Tally, model: LearnerModel, now: datetime,
                 profile: str | None = None) -> dict:
    base = tally.report()
    model.close_day()
    states = item_states(model, now)
    categories = {}
    for cat, items in CATEGORIES.items():
        c = base["categories"][cat]
        rows = {}
        for item in items:
            s, st = model.items[item], states[item]
            rows[item] = {
                **st, "attempts": s.attempts, "correct": s.correct,
                "accuracy": _accuracy(s.correct, s.attempts), "questions": len(s.questions),
                "questions_right": len(s.right), "implicit_reviews": s.implicit,
                "last_practised": _iso(s.last), "seconds": round(s.seconds),
                "command": practice_command(item, profile)}
        mastery = sum(r["mastery"] for r in rows.values()) / len(rows)
        lvl = _level(mastery, c["attempts"])
        if lvl == "mastered" and not all(r["done"] for r in rows.values()):
            lvl = "proficient"  # a category is mastered when all its items are
        categories[cat] = {"attempts": c["attempts"], "correct": c["correct"],
                           "accuracy": _accuracy(c["correct"], c["attempts"]),
                           "mastery": round(mastery, 3), "level": lvl,
                           "done": sum(r["done"] for r in rows.values()), "items": rows}
    topics = {}
    for topic in TOPICS:
        s = model.topics.get(topic)
        if s is None or not s.attempts:
            continue
        m = s.mastery(now, model.cards)
        topics[topic] = {"category": TOPICS[topic][0], "attempts": s.attempts,
                         "correct": s.correct, "accuracy": _accuracy(s.correct, s.attempts),
                         "mastery": round(m, 3), "level": _level(m, s.attempts),
                         "last_practised": _iso(s.last), "seconds": round(s.seconds)}
    overall = model.overall(now)
    return {
        **{k: base[k] for k in ("attempts", "correct", "questions_seen", "questions_correct")},
        "profile": profile or "default",
        "at": _iso(now),
        "overall": {"mastery": round(overall, 3), "level": _level(overall, base["attempts"]),
                    "done": sum(v["done"] for v in states.values()), "items": len(states),
                    "done_at": DONE_AT, "done_questions": DONE_QUESTIONS},
        "categories": categories,
        "topics": topics,
        "due": _due(model, now),
        "streak": _streak(model, now),
        "time": _time(model, now),
        "activity": _activity(model, now),
        "mastery_over_time": _mastery_series(model, now, overall),
        "readiness": {role: {**r, "level": _level(r["readiness"], base["attempts"])}
                      for role in ROLES for r in [roles.readiness(role, states)]},
        "weakest": weakest(states, profile),
    }


def weakest(states: dict[str, dict], profile: str | None = None, n: int = 3) -> list[dict]:
    """The n items to work on next: not done; ready ones (prerequisites done) first, then the
    lowest mastery, then syllabus order."""
    order = list(states)
    todo = [i for i in order if not states[i]["done"]]
    todo.sort(key=lambda i: (not states[i]["ready"], states[i]["mastery"], order.index(i)))
    return [{"item": i, "mastery": states[i]["mastery"], "level": states[i]["level"],
             "ready": states[i]["ready"], "command": practice_command(i, profile)}
            for i in todo[:n]]


def _day(now: datetime, offset: int = 0) -> str:
    return (now + timedelta(days=offset)).date().isoformat()


def _due(model: LearnerModel, now: datetime) -> dict:
    counts = {_day(now, i): 0 for i in range(DUE_DAYS + 1)}
    overdue = later = 0
    for card in model.cards.values():
        if card.due <= now:
            overdue += 1
            continue
        key = card.due.date().isoformat()
        if key in counts:
            counts[key] += 1
        else:
            later += 1
    today = counts.pop(_day(now))
    return {"now": overdue, "later_today": today,
            "next_7_days": [{"date": d, "count": c} for d, c in counts.items()],
            "later": later, "cards": len(model.cards)}


def _streak(model: LearnerModel, now: datetime) -> dict:
    days = {d for d, v in model.days.items() if v[0]}
    today = now.date()
    start = today if today.isoformat() in days else today - timedelta(days=1)
    current = 0
    while (start - timedelta(days=current)).isoformat() in days:
        current += 1
    longest = run = 0
    prev = None
    for d in sorted(days):
        day = datetime.fromisoformat(d).date()
        run = run + 1 if prev is not None and day - prev == timedelta(days=1) else 1
        longest = max(longest, run)
        prev = day
    return {"current": current, "longest": longest, "practised_today": today.isoformat() in days,
            "days_practised": len(days)}


def _time(model: LearnerModel, now: datetime) -> dict:
    week = {_day(now, -i) for i in range(7)}
    return {"total_seconds": round(sum(v[2] for v in model.days.values())),
            "today_seconds": round(model.days.get(_day(now), [0, 0, 0.0])[2]),
            "last_7_days_seconds": round(sum(v[2] for d, v in model.days.items() if d in week))}


def _activity(model: LearnerModel, now: datetime) -> list[dict]:
    out = []
    for i in range(ACTIVITY_DAYS - 1, -1, -1):
        d = _day(now, -i)
        n, ok, secs = model.days.get(d, [0, 0, 0.0])
        out.append({"date": d, "answers": n, "right": ok, "seconds": round(secs)})
    return out


def _mastery_series(model: LearnerModel, now: datetime, today: float) -> list[dict]:
    """Overall mastery at the end of each of the last 30 days' practice; a day without practice
    repeats the day before (its decay shows at the next practice)."""
    first = _day(now, -(ACTIVITY_DAYS - 1))
    before = [d for d in model.series if d < first]
    value = model.series[max(before)] if before else 0.0
    out = []
    for i in range(ACTIVITY_DAYS - 1, 0, -1):
        d = _day(now, -i)
        value = model.series.get(d, value)
        out.append({"date": d, "mastery": round(value, 3)})
    out.append({"date": _day(now), "mastery": round(today, 3)})
    return out
