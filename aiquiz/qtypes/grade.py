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

    @property
    def correct(self) -> bool:
        return self.status is Status.CORRECT

    @property
    def readable(self) -> bool:
        return self.status is not Status.UNREADABLE
