"""The learner model: what the learner knows and remembers, derived from the attempt history.

`LearnerModel.add(attempt)` folds one answer in; the model is the result of replaying the
history in order, so it never disagrees with the attempts it came from, and old attempts
(recorded before ratings, guesses or retries were kept) replay with defaults. The store keeps
the model of its snapshot in the summary file (`to_json`, versioned by `VERSION`), so a report or
a session adds only the journal's few answers to it.

What one answer does (docs/learning.md has the reasoning and the weights):
- the question's FSRS card is reviewed with the answer's rating (`memory.rating_for`);
- its checklist item and its topic each update P(known) by knowledge tracing and review their
  own skill card, whose retrievability makes mastery decay without practice;
- a right answer is a discounted review of the items the item builds on (`mastery.ancestors`):
  their P(known) moves by the edge weight, and the weights add up as credit; each whole unit of
  credit is one implicit review, rated Good, of the item's skill card and of its question cards
  that are due then, so a learner who keeps succeeding at backprop is not also drilled on the
  chain rule. A wrong answer is weak evidence against the direct prerequisites.
"""

from __future__ import annotations

from datetime import datetime

from ..syllabus import PREREQUISITES, TOPICS
from . import memory
from .mastery import (ITEMS, P_INIT, WRONG_PREREQ_WEIGHT, ancestors, evidence_weight, update)

VERSION = 1


class Skill:
    """One checklist item or topic: P(known), its memory card, implicit credit and counts."""

    __slots__ = ("p", "card", "credit", "implicit", "attempts", "correct", "seconds",
                 "questions", "right", "last")

    def __init__(self) -> None:
        self.p = P_INIT
        self.card = None            # fsrs.Card of the skill, None until first reviewed
        self.credit = 0.0           # implicit review credit not yet spent
        self.implicit = 0           # implicit reviews received
        self.attempts = 0
        self.correct = 0
        self.seconds = 0.0
        self.questions: set[str] = set()   # distinct questions answered
        self.right: set[str] = set()       # ... and answered right at least once
        self.last: datetime | None = None

    def observe(self, key: str, correct: bool, guess: float, slip: float, difficulty,
                seconds: float, at: datetime) -> None:
        """One answer on a question of this skill: knowledge tracing and the counts."""
        self.p = update(self.p, correct, guess, slip,
                        evidence_weight(correct, difficulty, key in self.right))
        self.attempts += 1
        self.correct += correct
        self.seconds += seconds
        self.questions.add(key)
        if correct:
            self.right.add(key)
        if self.last is None or at > self.last:
            self.last = at

    def mastery(self, now: datetime, cards: dict | None = None) -> float:
        """P(known) × retrievability: of the skill's own card, or (a topic) the mean over the
        cards of the questions answered."""
        if cards is not None:
            rs = [memory.retrievability(cards.get(k), now) for k in self.questions]
            return self.p * sum(rs) / len(rs) if rs else 0.0
        return self.p * memory.retrievability(self.card, now) if self.card is not None else 0.0

    def to_json(self) -> dict:
        return {"p": round(self.p, 6), "card": memory.to_json(self.card) if self.card else None,
                "credit": round(self.credit, 6), "implicit": self.implicit,
                "n": self.attempts, "ok": self.correct, "s": round(self.seconds, 1),
                "q": sorted(self.questions), "r": sorted(self.right),
                "last": self.last.timestamp() if self.last else None}

    @classmethod
    def from_json(cls, d: dict) -> "Skill":
        s = cls()
        s.p, s.credit, s.implicit = float(d["p"]), float(d["credit"]), int(d["implicit"])
        s.card = memory.from_json(d["card"]) if d["card"] is not None else None
        s.attempts, s.correct, s.seconds = int(d["n"]), int(d["ok"]), float(d["s"])
        s.questions, s.right = set(map(str, d["q"])), set(map(str, d["r"]))
        s.last = memory.utc(float(d["last"])) if d["last"] is not None else None
        return s


class LearnerModel:
    def __init__(self) -> None:
        self.cards: dict = {}                       # question key -> fsrs.Card
        self.items = {i: Skill() for i in ITEMS}
        self.topics: dict[str, Skill] = {}
        self.usual: dict[str, memory.UsualTime] = {}  # question type -> usual answer time
        self.days: dict[str, list] = {}             # "YYYY-MM-DD" -> [answers, right, seconds]
        self.series: dict[str, float] = {}          # day -> overall mastery after its practice
        self.n = 0                                  # attempts folded in
        self.last_id: str | None = None             # id of the last one (incremental summaries)
        self.last_at: datetime | None = None
        self._params: dict[str, tuple[float, float]] = {}

    # --------------------------------------------------------------------------- folding
    def add_all(self, attempts) -> "LearnerModel":
        for a in attempts:
            if isinstance(a, dict):
                self.add(a)
        return self

    def add(self, a: dict) -> None:
        self.n += 1
        self.last_id = a.get("id") if isinstance(a.get("id"), str) else None
        at = memory.parse_time(a.get("at")) or self.last_at
        if at is None:
            return  # no time: nothing to schedule (aiquiz always records one)
        if self.last_at is None or at > self.last_at:
            if self.last_at is not None and at.date() != self.last_at.date():
                self.close_day()
            self.last_at = at
        correct = bool(a.get("correct"))
        seconds = a.get("seconds")
        seconds = float(seconds) if isinstance(seconds, (int, float)) and seconds > 0 else 0.0
        day = self.days.setdefault(at.date().isoformat(), [0, 0, 0.0])
        day[0] += 1
        day[1] += correct
        day[2] += seconds

        qtype = a.get("type") if isinstance(a.get("type"), str) else ""
        usual = self.usual.setdefault(qtype, memory.UsualTime())
        rating = memory.rating_for(a, usual.seconds())
        if correct and not a.get("hints") and not a.get("retried"):
            usual.add(seconds)
        key = str(a.get("question"))
        self.cards[key] = memory.review(self.cards.get(key), rating, at)

        guess, slip = self._guess_slip(a, qtype)
        difficulty = a.get("difficulty")
        item = a.get("checklist_item")
        if isinstance(item, str) and item in self.items:
            s = self.items[item]
            s.observe(key, correct, guess, slip, difficulty, seconds, at)
            s.card = memory.review(s.card, rating, at)
            self._implicit(item, correct, guess, slip, difficulty, at)
        topic = a.get("topic")
        if isinstance(topic, str) and topic in TOPICS:
            # a topic has no card of its own: its memory is that of its questions' cards
            self.topics.setdefault(topic, Skill()).observe(key, correct, guess, slip, difficulty,
                                                           seconds, at)

    def _implicit(self, item: str, correct: bool, guess: float, slip: float, difficulty,
                  at: datetime) -> None:
        if not correct:
            for pre in PREREQUISITES.get(item, ()):
                s = self.items[pre]
                s.p = update(s.p, False, guess, slip, WRONG_PREREQ_WEIGHT)
            return
        strength = evidence_weight(True, difficulty, False)
        for pre, weight, _ in ancestors(item):
            s = self.items[pre]
            s.p = update(s.p, True, guess, slip, weight * strength)
            s.credit += weight
            if s.credit < 1.0 - 1e-9:
                continue
            s.credit = max(0.0, s.credit - 1.0)
            s.implicit += 1
            s.card = memory.review(s.card, memory.GOOD, at)
            for key in s.questions:
                card = self.cards.get(key)
                if card is not None and memory.in_review(card) and card.due <= at:
                    self.cards[key] = memory.review(card, memory.GOOD, at)

    def _guess_slip(self, a: dict, qtype: str) -> tuple[float, float]:
        g, s = a.get("guess"), a.get("slip")
        if isinstance(g, (int, float)) and isinstance(s, (int, float)) \
                and 0 <= g < 1 and 0 <= s < 1:
            return float(g), float(s)
        if qtype not in self._params:  # an attempt from before these were recorded: ask the
            from ..qtypes import get_type  # type for a typical question of its kind

            t = get_type(qtype)
            self._params[qtype] = (t.guess(None), t.slip(None)) if t is not None else (0.1, 0.1)
        return self._params[qtype]

    def close_day(self) -> None:
        """Note the overall mastery at the last answer of its day (the mastery series)."""
        if self.last_at is not None:
            self.series[self.last_at.date().isoformat()] = round(self.overall(self.last_at), 4)

    # --------------------------------------------------------------------------- reading
    def overall(self, now: datetime) -> float:
        """Mean mastery over the checklist items."""
        return sum(s.mastery(now) for s in self.items.values()) / len(self.items)

    def due(self, now: datetime) -> list[str]:
        return [k for k, c in self.cards.items() if c.due <= now]

    # --------------------------------------------------------------------------- storing
    def to_json(self) -> dict:
        self.close_day()
        return {
            "version": VERSION, "n": self.n, "last_id": self.last_id,
            "last_at": self.last_at.timestamp() if self.last_at else None,
            "cards": {k: memory.to_json(c) for k, c in self.cards.items()},
            "items": {k: s.to_json() for k, s in self.items.items()},
            "topics": {k: s.to_json() for k, s in self.topics.items()},
            "usual": {k: [u.n, round(u.log_mean, 6)] for k, u in self.usual.items()},
            "days": self.days, "series": self.series,
        }

    @classmethod
    def from_json(cls, d: dict) -> "LearnerModel":
        """Raises ValueError (or KeyError, TypeError) for a model of another version or a damaged
        one: the caller then replays the history."""
        if not isinstance(d, dict) or d.get("version") != VERSION:
            raise ValueError("learner model of another version")
        m = cls()
        m.n, m.last_id = int(d["n"]), d["last_id"]
        m.last_at = memory.utc(float(d["last_at"])) if d["last_at"] is not None else None
        m.cards = {str(k): memory.from_json(c) for k, c in d["cards"].items()}
        for k, s in d["items"].items():
            if k in m.items:
                m.items[k] = Skill.from_json(s)
        m.topics = {str(k): Skill.from_json(s) for k, s in d["topics"].items()}
        m.usual = {str(k): memory.UsualTime(int(n), float(x)) for k, (n, x) in d["usual"].items()}
        m.days = {str(k): [int(v[0]), int(v[1]), float(v[2])] for k, v in d["days"].items()}
        m.series = {str(k): float(v) for k, v in d["series"].items()}
        return m
