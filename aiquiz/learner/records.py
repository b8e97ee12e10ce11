"""What a valid attempt record is, checked field by field wherever one is read: the snapshot,
the journal, an imported file. A record that fails is set aside with a one-line warning; it is
never counted and never reaches code that would crash on it ("correct": "no" is not true, a
checklist item that is a list is not a name).

A record is a flat JSON object. Required: `id`, `question`, `category` (one of the checklist's
categories) and `correct` (true or false). The other fields aiquiz writes are checked when
present; fields a later aiquiz may add are allowed if they hold a plain value.
"""

from __future__ import annotations

import json
import math
import os
import time

from ..syllabus import CATEGORIES

MAX_ASIDE_TEXT = 65536
STATUSES = ("correct", "wrong", "skipped", "revealed")
MAX_TEXT = 1000


_NONE = type(None)
# the type(s) of each field aiquiz writes; bool is never taken for int (type(), not isinstance)
_TYPES = {
    "id": (str,), "question": (str,), "category": (str,), "correct": (bool,),
    "checklist_item": (str, _NONE), "bank": (str,), "topic": (str,), "type": (str,),
    "mode": (str,), "at": (str,), "status": (str,), "difficulty": (int,), "seed": (int,),
    "hints": (int,), "seconds": (int, float),
}
_WHAT = {"id": "text", "question": "text", "correct": "true or false",
         "checklist_item": "a name or null", "difficulty": "an integer from 1 to 5",
         "seed": "an integer", "hints": "a whole number", "seconds": "a number of seconds",
         "status": "one of " + ", ".join(STATUSES)}
_PLAIN = (str, int, float, bool, _NONE)


def attempt_problem(rec) -> str | None:
    """Why `rec` is not a valid attempt record, in a few words; None when it is one. (Called
    for every record of a history of hundreds of thousands: type checks first, cheap.)"""
    if type(rec) is not dict:
        return "not a JSON object"
    for key in ("id", "question"):
        v = rec.get(key)
        if type(v) is not str or not 0 < len(v) <= MAX_TEXT:
            return f"'{key}' must be text"
    if rec.get("category") not in CATEGORIES:
        return f"unknown category {str(rec.get('category'))[:40]!r}"
    if type(rec.get("correct")) is not bool:
        return "'correct' must be true or false"
    for key, value in rec.items():
        allowed = _TYPES.get(key)
        if allowed is None:
            if type(value) not in _PLAIN or (type(value) is str and len(value) > MAX_TEXT) \
                    or (type(value) is float and not math.isfinite(value)):
                return f"'{str(key)[:40]}' must be a plain value"
        elif type(value) not in allowed or not _in_range(key, value):
            return f"'{key}' must be {_WHAT.get(key, 'text')}"
    if "status" in rec and rec["correct"] != (rec["status"] == "correct"):
        return "'correct' contradicts 'status'"
    return None


def _in_range(key: str, value) -> bool:
    if type(value) is str:
        return 0 < len(value) <= MAX_TEXT and (key != "status" or value in STATUSES)
    if key == "difficulty":
        return 1 <= value <= 5
    if key == "hints":
        return value >= 0
    if key == "seconds":
        return value >= 0 and math.isfinite(value)
    return True


def describe_bad(count: int, where: str, first: str) -> str:
    """The one-line warning for records set aside."""
    return f"{count} record(s) in {where} are not valid attempts and were not counted " \
           f"(first: {first})"


def aside(source: str, problem: str, text: str | None = None, record=None) -> dict:
    """What is kept of a record set aside: where it was, why, and its text."""
    if text is None:
        try:
            text = json.dumps(record)
        except (ValueError, TypeError, RecursionError):
            text = repr(record)
    return {"source": source, "problem": problem, "text": text[:MAX_ASIDE_TEXT]}


def keep_aside(path, records: list[dict]) -> None:
    """Append records set aside to `path` (JSON lines), durably, before they leave the snapshot
    or the journal: nothing read from disk is ever deleted. Raises OSError."""
    from ..safeio import write_all

    if not records:
        return
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    data = b"".join((json.dumps({**r, "at": stamp}) + "\n").encode() for r in records)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                 0o644)
    try:
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
