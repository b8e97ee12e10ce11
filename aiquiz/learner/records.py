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


def _text(v) -> bool:
    return isinstance(v, str) and 0 < len(v) <= MAX_TEXT


def _int(v, lo: int | None = None, hi: int | None = None) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) \
        and (lo is None or v >= lo) and (hi is None or v <= hi)


def _plain(v) -> bool:
    if isinstance(v, float):
        return math.isfinite(v)
    return v is None or isinstance(v, (bool, int)) or (isinstance(v, str) and len(v) <= MAX_TEXT)


_OPTIONAL = {
    "checklist_item": (lambda v: v is None or _text(v), "a name or null"),
    "bank": (_text, "text"), "topic": (_text, "text"), "type": (_text, "text"),
    "mode": (_text, "text"), "at": (_text, "text"),
    "difficulty": (lambda v: _int(v, 1, 5), "an integer from 1 to 5"),
    "seed": (_int, "an integer"),
    "hints": (lambda v: _int(v, 0), "a whole number"),
    "seconds": (lambda v: _plain(v) and isinstance(v, (int, float)) and not isinstance(v, bool)
                and v >= 0, "a number of seconds"),
    "status": (lambda v: v in STATUSES, "one of " + ", ".join(STATUSES)),
}


def attempt_problem(rec) -> str | None:
    """Why `rec` is not a valid attempt record, in a few words; None when it is one."""
    if not isinstance(rec, dict):
        return "not a JSON object"
    if not _text(rec.get("id")):
        return "'id' must be text"
    if not _text(rec.get("question")):
        return "'question' must be text"
    if rec.get("category") not in CATEGORIES:
        return f"unknown category {str(rec.get('category'))[:40]!r}"
    if not isinstance(rec.get("correct"), bool):
        return "'correct' must be true or false"
    for key, value in rec.items():
        check = _OPTIONAL.get(key)
        if check is not None and not check[0](value):
            return f"'{key}' must be {check[1]}"
        if check is None and not _plain(value):
            return f"'{str(key)[:40]}' must be a plain value"
    if "status" in rec and rec["correct"] != (rec["status"] == "correct"):
        return "'correct' contradicts 'status'"
    return None


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
