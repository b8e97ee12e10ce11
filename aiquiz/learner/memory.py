"""Memory: one FSRS card per question and per skill, scheduled by the maintained `fsrs` package.

In memory a card is an `fsrs.Card`; in the summary file it is a short list, `[state, step,
stability, difficulty, due, last_review]` with times in UTC epoch seconds, so the summary stays
small and quick to read. `fsrs` is imported on first use (it needs no NumPy).

The scheduler has fuzzing turned off: a card's state is the result of replaying its reviews,
and replaying the same history must give the same schedule every time. One learning and one
relearning step of 10 minutes: a wrong answer comes back later in the same session (a retry), a
right one graduates to days.

Ratings (`rating_for`): a self-rated answer (a proof) passes its own `rating`; otherwise wrong,
skipped or solution shown → Again; right after a hint or a retry → Hard; right in under half the
learner's usual time for that question type → Easy; right → Good.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "again", HARD: "hard", GOOD: "good", EASY: "easy"}
LEARNING_STEP = timedelta(minutes=10)
REVIEW_STATE = 2                 # fsrs.State.Review: the card has graduated to days
EASY_FRACTION = 0.5              # "well under the usual time": under half of it
EASY_MIN_ANSWERS = 5             # the usual time is known after this many right answers
USUAL_TIME_RATE = 0.2            # weight of each new answer in the usual time (log-space EMA)

_scheduler = None
_ratings: tuple = ()


def scheduler():
    global _scheduler, _ratings
    if _scheduler is None:
        from fsrs import Rating, Scheduler

        _scheduler = Scheduler(learning_steps=(LEARNING_STEP,), relearning_steps=(LEARNING_STEP,),
                               enable_fuzzing=False)
        _ratings = (None, Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
    return _scheduler


def utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, timezone.utc)


def parse_time(text) -> datetime | None:
    """An attempt's `at` as an aware UTC datetime (None when missing or unreadable)."""
    if not isinstance(text, str):
        return None
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        return None
    if t.tzinfo is None:
        return t.replace(tzinfo=timezone.utc)
    return t.astimezone(timezone.utc)


def review(card, rating: int, at: datetime):
    """The `fsrs.Card` after a review rated `rating` at `at` (a new card when `card` is None)."""
    if card is None:
        from fsrs import Card

        card = Card(card_id=1, due=at)  # a fixed id: fsrs would otherwise sleep 1 ms per card
    elif card.last_review is not None and at < card.last_review:
        at = card.last_review  # an answer recorded out of order (imported later): no time travel
    s = _scheduler or scheduler()
    return s.review_card(card, _ratings[rating], at)[0]


def retrievability(card, now: datetime) -> float:
    """FSRS's predicted chance of recalling the card at `now` (0 for a card never reviewed)."""
    if card is None:
        return 0.0
    return scheduler().get_card_retrievability(card, now)


def in_review(card) -> bool:
    return int(card.state) == REVIEW_STATE


def to_json(card) -> list:
    return [int(card.state), card.step, card.stability, card.difficulty, card.due.timestamp(),
            card.last_review.timestamp() if card.last_review is not None else None]


def from_json(c: list):
    from fsrs import Card, State

    return Card(card_id=1, state=State(int(c[0])), step=c[1], stability=float(c[2]),
                difficulty=float(c[3]), due=utc(float(c[4])),
                last_review=utc(float(c[5])) if c[5] is not None else None)


def rating_for(attempt: dict, usual_seconds: float | None) -> int:
    """The FSRS rating of one answer (see the module docstring)."""
    explicit = attempt.get("rating")
    if isinstance(explicit, int) and not isinstance(explicit, bool) and AGAIN <= explicit <= EASY:
        return explicit
    if not attempt.get("correct"):
        return AGAIN
    if attempt.get("hints") or attempt.get("retried"):
        return HARD
    seconds = attempt.get("seconds")
    if usual_seconds and isinstance(seconds, (int, float)) \
            and seconds < EASY_FRACTION * usual_seconds:
        return EASY
    return GOOD


class UsualTime:
    """The learner's usual time for right, unaided answers of one question type: a moving
    average of log-seconds (a geometric mean, so one long pause does not dominate)."""

    def __init__(self, n: int = 0, log_mean: float = 0.0):
        self.n, self.log_mean = n, log_mean

    def seconds(self) -> float | None:
        return math.exp(self.log_mean) if self.n >= EASY_MIN_ANSWERS else None

    def add(self, seconds) -> None:
        if not isinstance(seconds, (int, float)) or seconds <= 0:
            return
        x = math.log(max(float(seconds), 1.0))
        self.n += 1
        rate = max(USUAL_TIME_RATE, 1 / self.n)  # a plain mean until there are 5 answers
        self.log_mean += rate * (x - self.log_mean)
