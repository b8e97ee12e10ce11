"""Conceptual answers: multiple choice (letters or the choice's text), multiple select, or free
text matched against a list of accepted answers, ignoring case, spaces, hyphens and a trailing
full stop."""

from __future__ import annotations

import re
import string

from ..errors import AnswerError
from ..model import Question
from .result import Grade, Status

LETTERS = string.ascii_lowercase


def normalise(text: str) -> str:
    return re.sub(r"[\s\-_]+", "", str(text).strip().lower()).rstrip(".")


def _letters_of(q: Question, raw) -> frozenset[str] | None:
    """Read an answer as choice letters (`b`, `a c`, `a,c`, `[a, c]`) or a choice's text."""
    n = len(q.choices)
    if isinstance(raw, list):
        parts = [str(p).strip().lower() for p in raw]
    else:
        text = str(raw).strip()
        for i, choice in enumerate(q.choices):
            if normalise(choice) == normalise(text):
                return frozenset(LETTERS[i])
        parts = [p for p in re.split(r"[\s,;/]+|\band\b", text.lower().strip("[]() .")) if p]
        if len(parts) == 1 and len(parts[0]) > 1 and all(c in LETTERS[:n] for c in parts[0]) \
                and len(set(parts[0])) == len(parts[0]):
            parts = list(parts[0])  # "ac"
    parts = [p.rstrip(")") for p in parts]
    if parts and all(len(p) == 1 and p in LETTERS[:n] for p in parts):
        return frozenset(parts)
    return None


def compile_conceptual(q: Question, raw=None):
    """Compile the reference answer (or a mistake) to (matcher, text shown to the learner)."""
    reference = raw is None
    raw = q.answer if reference else raw
    if q.choices:
        letters = _letters_of(q, raw)
        if letters is None:
            raise AnswerError(f"{raw!r} is neither a choice letter (a–{LETTERS[len(q.choices) - 1]})"
                              " nor the text of a choice")
        shown = "; ".join(f"{c}) {q.choices[LETTERS.index(c)]}" for c in sorted(letters))
        return letters, shown
    if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
        raise AnswerError("a free-text answer must be a string")
    accepted = {normalise(raw)} | ({normalise(a) for a in q.accept} if reference else set())
    return frozenset(accepted), str(raw)


def grade_conceptual(v, text: str) -> Grade:
    q: Question = v.question
    if len(text) > 2000:
        return Grade(Status.UNREADABLE, "the answer is longer than 2000 characters",
                     v.expected_text)
    if q.choices:
        letters = _letters_of(q, text)
        last = LETTERS[len(q.choices) - 1]
        if letters is None:
            return Grade(Status.UNREADABLE,
                         f"type the letter of a choice (a–{last}); for several, e.g. 'a c'",
                         v.expected_text)
        shown = " ".join(sorted(letters))
        if letters == v.expected:
            return Grade(Status.CORRECT, "Correct.", v.expected_text, shown)
        for value, feedback in v.mistakes:
            if letters == value:
                return Grade(Status.WRONG, feedback, v.expected_text, shown, mistake=feedback)
        if len(v.expected) > 1:
            missing = sorted(v.expected - letters)
            extra = sorted(letters - v.expected)
            why = []
            if missing:
                why.append("you left out " + ", ".join(missing))
            if extra:
                why.append(", ".join(extra) + (" is" if len(extra) == 1 else " are")
                           + " not right")
            return Grade(Status.WRONG, "Not quite: " + "; ".join(why) + ".", v.expected_text,
                         shown)
        return Grade(Status.WRONG, f"You chose {shown}.", v.expected_text, shown)
    answer = normalise(text)
    if not answer:
        return Grade(Status.UNREADABLE, "the answer is empty", v.expected_text)
    if answer in v.expected:
        return Grade(Status.CORRECT, "Correct.", v.expected_text, text.strip())
    for value, feedback in v.mistakes:
        if answer in value:
            return Grade(Status.WRONG, feedback, v.expected_text, text.strip(), mistake=feedback)
    return Grade(Status.WRONG, "That is not one of the accepted answers.", v.expected_text,
                 text.strip())
