"""The outcome of grading one answer, whatever the question type."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Status(str, Enum):
    CORRECT = "correct"
    WRONG = "wrong"
    UNREADABLE = "unreadable"      # could not be read: ask again, no penalty
    TOO_COMPLEX = "too_complex"    # read, but checking it would not finish in time


@dataclass
class Grade:
    status: Status
    feedback: str
    expected: str
    read_as: str | None = None
    mistake: str | None = None
    details: list[dict] | None = None  # one result per case, for types that run cases (code)
    score: float | None = None   # a self-rated answer's weighted score, 0..1 (proof)
    rating: int | None = None    # its FSRS rating: 1 Again, 2 Hard, 3 Good, 4 Easy

    @property
    def correct(self) -> bool:
        return self.status is Status.CORRECT

    @property
    def readable(self) -> bool:
        return self.status is not Status.UNREADABLE


# How a learner rates one step of a self-rated answer (a proof's rubric): 2 fully, 1 partly,
# 0 missing; y/yes and n/no are read as 2 and 0.
STEP_SCALE = {2: "fully", 1: "partly", 0: "missing"}
_STEP_WORDS = {"2": 2, "1": 1, "0": 0, "y": 2, "yes": 2, "n": 0, "no": 0, "fully": 2,
               "partly": 1, "missing": 0}


def read_step_rating(text: str) -> int | None:
    """One step's self-rating as typed (`2`, `1`, `0`, `y`, `n`...), or None if it is not one."""
    return _STEP_WORDS.get(str(text).strip().lower().rstrip("."))
