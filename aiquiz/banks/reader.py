"""Reading a bank file into questions, checking every field on the way.

`read_bank` returns the questions it could read plus every problem found (file, line, question
id), so `aiquiz bank validate` can report them all at once; `loader.load_bank` is the strict form
used by sessions. Common fields are checked here; each type checks its own (`QuestionType.read`).
Deeper checks that need the maths parser live in `validate.py`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import BankError
from ..qtypes import get_type, type_names
from ..syllabus import CATEGORIES, ROLES, TOPICS, category_of_item
from ..safeio import read_regular
from ..text import first_control
from .cache import load_yaml_cached, source_digest
from .model import Bank, Mistake, Question

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
COMMON_KEYS = {
    "id", "type", "topic", "category", "checklist_item", "roles", "difficulty", "prompt", "answer",
    "hints", "solution", "mistakes", "tests", "params",
}
BANK_KEYS = {"bank", "title", "questions", "description", "format"}
MAX_READ = 2_000_001  # yamlsafe refuses anything over 1 MB with a clear message


@dataclass
class Problem:
    path: str
    line: int | None
    qid: str
    message: str

    def __str__(self) -> str:
        return str(BankError(self.message, self.path, self.line, self.qid))


def read_text(path: str | os.PathLike) -> str:
    """A bank file's text: a regular file only (a FIFO or device named *.yaml is refused, never
    waited on), at most 2 MB read. OSError / UnicodeDecodeError."""
    raw, _ = read_regular(path, limit=MAX_READ, follow=True)
    return raw.decode("utf-8")


def read_bank(path: str | os.PathLike, *, cached: bool = True
              ) -> tuple[Bank | None, list[Problem]]:
    """The bank and every problem found in it. `cached=False` parses the file itself, never a
    cached copy (`aiquiz bank validate` and `bank test` judge the file as it is)."""
    path_s = str(path)
    problems: list[Problem] = []
    try:
        text = read_text(path)
    except UnicodeDecodeError as exc:
        return None, [Problem(path_s, None, "", f"not UTF-8 text ({exc.reason})")]
    except OSError as exc:
        return None, [Problem(path_s, None, "", f"cannot read file: {exc.strerror}")]
    try:
        loc = load_yaml_cached(text, path_s, cached=cached)
    except BankError as exc:
        return None, [Problem(path_s, exc.line, "", exc.reason)]
    data = loc.data
    if not isinstance(data, dict):
        return None, [Problem(path_s, 1, "", "a bank is a mapping with keys bank, title, "
                                             "questions")]
    bank_id = data.get("bank")
    if not isinstance(bank_id, str) or not _ID.match(bank_id):
        problems.append(Problem(path_s, loc.key_lines.get("bank", 1), "",
                                "'bank' must be an id like 'calculus' (lowercase, digits, '-')"))
        bank_id = Path(path_s).stem
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(path_s, loc.key_lines.get("title", 1), "",
                                "'title' is missing; add a one-line title"))
        title = bank_id
    for key in ("bank", "title", "description"):
        where = _control_in(data.get(key))
        if where:
            problems.append(Problem(path_s, loc.key_lines.get(key, 1), "", _CONTROL_MSG.format(
                key=key, where=where)))
    unknown = set(data) - BANK_KEYS
    for key in sorted(map(str, unknown)):
        problems.append(Problem(path_s, loc.key_lines.get(key), "", f"unknown key {key!r}"))
    qs = data.get("questions")
    if not isinstance(qs, list) or not qs:
        problems.append(Problem(path_s, loc.key_lines.get("questions", 1), "",
                                "'questions' must be a non-empty list"))
        return None, problems
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(qs):
        line = loc.question_lines[i] if i < len(loc.question_lines) else None
        keys = loc.question_key_lines[i] if i < len(loc.question_key_lines) else {}
        q, errs = _read_question(item, bank_id, path_s, line or 1, keys)
        problems.extend(errs)
        if q is None:
            continue
        if q.id in seen:
            problems.append(Problem(path_s, line, q.id,
                                    f"duplicate id (first used on line {seen[q.id]})"))
            continue
        seen[q.id] = line or 0
        questions.append(q)
    return Bank(bank_id, title, path_s, questions, source_digest(text)), problems


def _read_question(item, bank_id: str, path: str, line: int, keys: dict[str, int]):
    problems: list[Problem] = []
    if not isinstance(item, dict):
        return None, [Problem(path, line, "", "each question must be a mapping (id, type, ...)")]
    qid = item.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        return None, [Problem(path, keys.get("id", line), str(qid or ""),
                              "'id' must be lowercase letters, digits and '-'")]

    def bad(key: str, message: str) -> None:
        problems.append(Problem(path, keys.get(key, line), qid, message))

    for key, value in item.items():
        where = _control_in(key) or _control_in(value)
        if where:
            bad(str(key), _CONTROL_MSG.format(key=str(key)[:40], where=where))

    qtype = get_type(item.get("type"))
    if qtype is None:
        bad("type", f"'type' must be one of {', '.join(type_names())}")
    own = set(qtype.fields) if qtype is not None else set()
    for key in sorted(set(map(str, item)) - COMMON_KEYS - own):
        owner = [t.name for t in _types_with_field(key)]
        if owner and qtype is not None:
            bad(key, f"'{key}' is for {' and '.join(owner)} questions, not {qtype.name}")
        elif not owner:
            bad(key, f"unknown key {key!r} (see docs/bank-format.md)")
    topic = item.get("topic")
    if topic not in TOPICS:
        bad("topic", f"unknown topic {topic!r}; run 'aiquiz topics' for the list")
    category = item.get("category")
    if category not in CATEGORIES:
        bad("category", f"unknown category {category!r}; one of {', '.join(CATEGORIES)}")
    elif topic in TOPICS and TOPICS[topic][0] != category:
        bad("category", f"topic {topic} belongs to category {TOPICS[topic][0]!r}")
    item_name = item.get("checklist_item")
    if item_name is not None and category_of_item(str(item_name)) != category:
        bad("checklist_item", f"{item_name!r} is not a checklist item of {category!r}")
    roles = item.get("roles")
    if not isinstance(roles, list) or not roles or any(r not in ROLES for r in roles):
        bad("roles", "'roles' must be a non-empty list of: mle, research")
        roles = []
    diff = item.get("difficulty")
    if not isinstance(diff, int) or isinstance(diff, bool) or not 1 <= diff <= 5:
        bad("difficulty", "'difficulty' must be an integer from 1 to 5")
        diff = 3
    for key in ("prompt", "solution"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            bad(key, f"'{key}' is missing or empty")
    hints = item.get("hints")
    if not isinstance(hints, list) or not hints or not all(isinstance(h, str) for h in hints):
        bad("hints", "'hints' must be a list of at least one string")
        hints = []
    if "answer" not in item or item["answer"] is None:
        bad("answer", "'answer' is missing")
    mistakes = []
    for m in item.get("mistakes") or []:
        if not isinstance(m, dict) or "answer" not in m or not isinstance(m.get("feedback"), str):
            bad("mistakes", "each mistake needs 'answer' and 'feedback'")
            continue
        mistakes.append(Mistake(m["answer"], m["feedback"]))
    tests = item.get("tests") or {}
    if not isinstance(tests, dict) or set(tests) - {"accept", "reject"} \
            or not all(isinstance(v, list) for v in tests.values()):
        bad("tests", "'tests' must be a mapping with lists 'accept' and/or 'reject'")
        tests = {}
    params = item.get("params") or {}
    if not isinstance(params, dict):
        bad("params", "'params' must be a mapping name -> generator")
    fields = qtype.read(item, bad) if qtype is not None else {}
    if problems:
        return None, problems
    return _build_question(item, bank_id, path, line, keys, fields), []


_CONTROL_MSG = ("'{key}' contains a control character ({where}); bank text may not hold "
                "terminal escape sequences or control characters other than newline and tab")


def _control_in(value) -> str | None:
    """Where the first control character is in any string of `value` (walked without
    recursion: YAML can nest deeply), or None."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            where = first_control(v)
            if where:
                return where
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return None


def _types_with_field(key: str):
    from ..qtypes import all_types

    return [t for t in all_types() if key in t.fields]


def _build_question(item: dict, bank_id: str, path: str, line: int, keys: dict[str, int],
                    fields: dict) -> Question:
    """Build a Question from a mapping whose fields have been checked (`fields` are the type's
    own, as its `read` returned them)."""
    tests = item.get("tests") or {}
    return Question(
        bank=bank_id, path=path, line=line, id=item["id"], type=item["type"],
        topic=item["topic"], category=item["category"],
        checklist_item=item.get("checklist_item"), roles=list(item["roles"]),
        difficulty=item["difficulty"], prompt=item["prompt"], answer=item["answer"],
        hints=list(item["hints"]), solution=item["solution"],
        mistakes=[Mistake(m["answer"], m["feedback"]) for m in item.get("mistakes") or []],
        tests_accept=list(tests.get("accept", [])), tests_reject=list(tests.get("reject", [])),
        params=item.get("params") or {}, fields=fields, key_lines=keys,
    )


def read_trusted_bank(path: str | os.PathLike, digest: str,
                      topic: str | None = None) -> Bank | None:
    """Fast path for a file the bank index vouches for (it loaded with no problems, with this
    aiquiz version, as the text whose hash is `digest`): build the questions without re-checking
    them, and only those of `topic` when one is given. None if anything is off (the text is not
    that one any more, the cache entry does not check out...), and the caller falls back to
    `load_bank`."""
    path_s = str(path)
    try:
        text = read_text(path)
        if source_digest(text) != digest:
            return None
        loc = load_yaml_cached(text, path_s)
        data = loc.data
        questions = [
            _build_question(item, data["bank"], path_s, loc.question_lines[i],
                            loc.question_key_lines[i], _fields_of(item))
            for i, item in enumerate(data["questions"])
            if topic is None or item.get("topic") == topic]
        return Bank(data["bank"], data["title"], path_s, questions, digest)
    except (OSError, UnicodeDecodeError, BankError, KeyError, TypeError, IndexError,
            AttributeError, ValueError):
        return None


def _fields_of(item: dict) -> dict:
    qtype = get_type(item.get("type"))
    if qtype is None:
        raise KeyError(item.get("type"))
    return qtype.read(item, lambda field, message: None)
