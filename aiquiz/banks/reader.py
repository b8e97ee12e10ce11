"""Reading a bank file into questions, checking every field on the way.

`read_bank` returns the questions it could read plus every problem found (file, line, column,
question id, field, the likely fix), so `aiquiz bank validate` reports them all in one run;
`loader.load_bank` is the strict form used by sessions. Common fields are checked here; each type
checks its own (`QuestionType.read`, reporting with `bad(field, message, fix)`). Deeper checks
that need the maths parser live in `validate.py`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import BankError
from ..qtypes import get_type, type_names
from ..syllabus import CATEGORIES, ROLES, TOPICS, category_of_item
from ..safeio import read_regular
from ..text import first_control
from .cache import load_yaml_cached, source_digest
from .model import Bank, Mistake, Question
from .problems import Problem, did_you_mean, place

__all__ = ["Problem", "read_bank", "read_text", "read_trusted_bank", "COMMON_KEYS", "BANK_KEYS"]
MAX_READ = 2_000_001  # yamlsafe refuses anything over 1 MB with a clear message

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
COMMON_KEYS = (
    "id", "type", "topic", "category", "checklist_item", "roles", "difficulty", "prompt",
    "answer", "hints", "solution", "mistakes", "tests", "params",
)
BANK_KEYS = ("bank", "title", "questions", "description", "format")
# fields whose problems stop the formula checks of validate.py (they compile a variant)
_DEEP = {"id", "type", "answer", "mistakes", "tests", "params"}


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


def read_text(path: str | os.PathLike) -> str:
    """A bank file's text: a regular file only (a FIFO or device named *.yaml is refused, never
    waited on), at most 2 MB read. OSError / UnicodeDecodeError."""
    raw, _ = read_regular(path, limit=MAX_READ, follow=True)
    return raw.decode("utf-8")


def read_bank(path: str | os.PathLike, lenient: bool = False, *, cached: bool = True
              ) -> tuple[Bank | None, list[Problem]]:
    """The bank and every problem in it. Questions with problems are left out, unless
    `lenient` (for `validate`) and their formulas can still be checked. `cached=False` parses
    the file itself, never a cached copy (`aiquiz bank validate` and `bank test` judge the file
    as it is)."""
    path_s = str(path)
    try:
        text = read_text(path)
    except UnicodeDecodeError as exc:
        return None, [Problem(path_s, None, "", f"not UTF-8 text ({exc.reason})",
                              fix="save the file as UTF-8")]
    except OSError as exc:
        return None, [Problem(path_s, None, "", f"cannot read file: {exc.strerror}")]
    try:
        loc = load_yaml_cached(text, path_s, cached=cached)
    except BankError as exc:
        return None, [Problem(path_s, exc.line, "", exc.reason, exc.column)]
    data = loc.data
    if not isinstance(data, dict):
        return None, [Problem(path_s, 1, "", "a bank is a mapping with keys bank, title, "
                                             "questions", 1,
                              fix="run 'aiquiz bank new FILE' for a starter bank")]
    problems: list[Problem] = []

    def bad(key: str, message: str, fix: str = "") -> None:
        line, col = place(loc.marks, key, (1, 1))
        problems.append(Problem(path_s, line, "", message, col, key.removesuffix(":key"), fix))

    bank_id = data.get("bank")
    if not isinstance(bank_id, str) or not _ID.match(bank_id):
        bad("bank", "'bank' must be an id like 'calculus' (lowercase letters, digits, '-')",
            f"e.g. bank: {_slug(Path(path_s).stem)}")
        bank_id = Path(path_s).stem
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        bad("title", "'title' is missing or not text", "add a one-line title: title: ...")
        title = bank_id
    for key in sorted(map(str, set(map(str, data)) - set(BANK_KEYS))):
        bad(key + ":key", f"unknown key {key!r}",
            did_you_mean(key, BANK_KEYS, "a bank has " + ", ".join(BANK_KEYS)))
    for key in ("bank", "title", "description"):
        where = _control_in(data.get(key))
        if where:
            bad(key, _CONTROL_MSG.format(key=key, where=where), _CONTROL_FIX)
    for qi, where, line, col, first in loc.duplicates:
        if qi == -1:
            problems.append(Problem(path_s, line, "", f"{where!r} is written twice (first on "
                                    f"line {first})", col, where, "keep one of them"))
    qs = data.get("questions")
    if not isinstance(qs, list) or not qs:
        bad("questions", "'questions' must be a non-empty list",
            "write questions: and under it one '- id: ...' per question")
        return None, problems
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(qs):
        line = loc.question_lines[i] if i < len(loc.question_lines) else 1
        marks = loc.question_marks[i] if i < len(loc.question_marks) else {}
        reader = _QuestionReader(item, bank_id, path_s, line, marks, i + 1)
        q, errs = reader.read()
        errs += [Problem(path_s, ln, q.id if q else "", f"{where.split('/')[-1]!r} is written "
                         f"twice in this question (first on line {first})", col, where,
                         "keep one of them")
                 for qi, where, ln, col, first in loc.duplicates if qi == i]
        problems.extend(errs)
        if q is None or (errs and not (lenient and not reader.fields_at_fault
                                       & (_DEEP | set(q.qtype.fields)))):
            continue
        if q.id in seen:
            where = q.where("id")
            problems.append(Problem(path_s, where[0], q.id, f"duplicate id {q.id!r} (first "
                                    f"used on line {seen[q.id]})", where[1], "id",
                                    "give each question its own id"))
            continue
        seen[q.id] = q.line_of("id")
        questions.append(q)
    return Bank(bank_id, title, path_s, questions, source_digest(text)), problems


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-bank"


class _QuestionReader:
    """Checks one question mapping, collecting every problem with its place."""

    def __init__(self, item, bank_id: str, path: str, line: int, marks: dict, number: int):
        self.item, self.bank_id, self.path, self.line = item, bank_id, path, line
        self.marks, self.number = marks, number
        self.qid = ""
        self.problems: list[Problem] = []
        self.fields_at_fault: set[str] = set()

    def bad(self, field: str, message: str, fix: str = "") -> None:
        line, col = place(self.marks, field, (self.line, None))
        self.problems.append(Problem(self.path, line, self.qid, message, col,
                                     field.removesuffix(":key"), fix))

    def read(self) -> tuple[Question | None, list[Problem]]:
        item = self.item
        if not isinstance(item, dict):
            self.bad("", "each question must be a mapping (id, type, ...)",
                     "start each question with '- id: ...' and indent its keys under it")
            return None, self.problems
        qid = item.get("id")
        self.qid = str(qid) if qid is not None else f"question {self.number}"
        if not isinstance(qid, str) or not _ID.match(qid):
            self.bad("id", f"'id' must be lowercase letters, digits and '-', got {_kind(qid)}"
                     if not isinstance(qid, str) else f"id {qid!r} is not an id",
                     f"e.g. id: {_slug(str(qid or 'my-question'))}")
        for key, value in item.items():
            where = _control_in(key) or _control_in(value)
            if where:
                self.bad(str(key), _CONTROL_MSG.format(key=str(key)[:40], where=where),
                         _CONTROL_FIX)
        qtype = self._common()
        fields = qtype.read(item, self.bad) if qtype is not None else {}
        # a misspelt field is one problem, not two: "unknown field 'anwser' — did you mean
        # 'answer'?" says it all, so "'answer' is missing" is left out
        self.fields_at_fault = {p.field.split("/")[0] for p in self.problems}
        meant = {p.fix.split("'")[1] for p in self.problems
                 if p.message.startswith("unknown field") and p.fix.startswith("did you mean")}
        self.problems = [p for p in self.problems
                         if not (p.field in meant and p.message == f"'{p.field}' is missing")]
        if qtype is None or any(p.field == "id" for p in self.problems):
            return None, self.problems
        return _build_question(item, self.bank_id, self.path, self.line, self.marks, fields), \
            self.problems

    def _common(self):
        item, bad = self.item, self.bad
        raw_type = item.get("type")
        qtype = get_type(raw_type)
        if qtype is None:
            if raw_type is None:
                bad("type", "'type' is missing", "one of " + ", ".join(type_names()))
            else:
                bad("type", f"unknown type {raw_type!r}",
                    did_you_mean(raw_type, type_names(), "one of " + ", ".join(type_names())))
        own = list(qtype.fields) if qtype is not None else []
        for key in sorted(set(map(str, item)) - set(COMMON_KEYS) - set(own)):
            owner = [t.name for t in _types_with_field(key)]
            if owner and qtype is not None:
                bad(key + ":key", f"'{key}' is for {' and '.join(owner)} questions, not "
                                  f"{qtype.name}", "remove it or change the type")
            elif not owner:
                kind = f"a {qtype.name} question" if qtype else "a question"
                bad(key + ":key", f"unknown field {key!r}",
                    did_you_mean(key, [*COMMON_KEYS, *own],
                                 f"fields of {kind}: " + ", ".join([*COMMON_KEYS, *own])))
        self._syllabus()
        self._text_fields()
        if "answer" not in item or item["answer"] is None:
            bad("answer", "'answer' is missing", "add the reference answer: answer: ...")
        self._mistakes_and_tests()
        params = item.get("params")
        if params is not None and not isinstance(params, dict):
            bad("params", f"'params' must be a mapping name -> generator, got {_kind(params)}",
                "e.g. params: {n: randint(2, 6)}")
        return qtype

    def _syllabus(self) -> None:
        item, bad = self.item, self.bad
        topic = item.get("topic")
        if topic not in TOPICS:
            bad("topic", f"topic {topic!r} is not known" if topic is not None
                else "'topic' is missing",
                did_you_mean(topic, TOPICS, "run 'aiquiz topics' for the list"))
        category = item.get("category")
        if category not in CATEGORIES:
            expected = TOPICS[topic][0] if topic in TOPICS else None
            bad("category", f"category {category!r} is not known" if category is not None
                else "'category' is missing",
                f"topic {topic} belongs to category: {expected}" if expected and category is None
                else did_you_mean(category, CATEGORIES, "one of " + ", ".join(CATEGORIES)))
        elif topic in TOPICS and TOPICS[topic][0] != category:
            bad("category", f"topic {topic} belongs to category {TOPICS[topic][0]!r}, not "
                            f"{category!r}", f"write category: {TOPICS[topic][0]}")
        name = item.get("checklist_item")
        if name is not None and category_of_item(str(name)) != category:
            items = CATEGORIES.get(category, [i for its in CATEGORIES.values() for i in its])
            owner = category_of_item(str(name))
            bad("checklist_item", f"{name!r} is a checklist item of {owner!r}, not {category!r}"
                if owner else f"checklist item {name!r} is not known",
                did_you_mean(name, items, "one of: " + "; ".join(items)) if not owner
                else "remove it or change the category")
        roles = item.get("roles")
        if isinstance(roles, str):
            bad("roles", "'roles' must be a list", f"write roles: [{roles}]")
        elif not isinstance(roles, list) or not roles:
            bad("roles", "'roles' must be a non-empty list", "e.g. roles: [mle, research]")
        else:
            for i, role in enumerate(roles):
                if role not in ROLES:
                    bad(f"roles/{i}", f"role {role!r} is not known",
                        did_you_mean(role, ROLES, "roles are " + ", ".join(ROLES)))
        diff = item.get("difficulty")
        if not isinstance(diff, int) or isinstance(diff, bool) or not 1 <= diff <= 5:
            bad("difficulty", f"'difficulty' must be an integer from 1 to 5, got {_kind(diff)}"
                if diff is not None else "'difficulty' is missing",
                "1 is a warm-up, 5 a hard interview question")

    def _text_fields(self) -> None:
        item, bad = self.item, self.bad
        for key, what in (("prompt", "the question as the learner reads it"),
                          ("solution", "a worked solution")):
            value = item.get(key)
            if value is None:
                bad(key, f"'{key}' is missing", f"add {what}")
            elif not isinstance(value, str):
                bad(key, f"'{key}' must be text, got {_kind(value)}",
                    f"quote it: {key}: \"{value}\"" if not isinstance(value, (list, dict))
                    else f"write it as one text, or as a block: '{key}: |' and lines below")
            elif not value.strip():
                bad(key, f"'{key}' is empty", f"add {what}")
        hints = item.get("hints")
        if isinstance(hints, str):
            bad("hints", "'hints' must be a list", "write hints: [\"...\"] or one '- ' per hint")
        elif not isinstance(hints, list) or not hints:
            bad("hints", "'hints' must be a list of at least one hint",
                "a hint helps without giving the answer away")
        else:
            for i, h in enumerate(hints):
                if not isinstance(h, str):
                    bad(f"hints/{i}", f"hint {i + 1} must be text, got {_kind(h)}", "quote it")

    def _mistakes_and_tests(self) -> None:
        item, bad = self.item, self.bad
        mistakes = item.get("mistakes")
        if mistakes is not None and not isinstance(mistakes, list):
            bad("mistakes", "'mistakes' must be a list of {answer, feedback}",
                "write one '- answer: ...' with 'feedback: ...' under it per mistake")
        for i, m in enumerate(mistakes if isinstance(mistakes, list) else []):
            where = f"mistakes/{i}"
            if not isinstance(m, dict):
                bad(where, f"mistake {i + 1} must be a mapping with 'answer' and 'feedback'")
                continue
            for key in sorted(set(map(str, m)) - {"answer", "feedback"}):
                bad(f"{where}/{key}:key", f"unknown field {key!r} in mistake {i + 1}",
                    did_you_mean(key, ("answer", "feedback"), "a mistake has answer, feedback"))
            if m.get("answer") is None:
                bad(where, f"mistake {i + 1} needs 'answer'", "the wrong answer it catches")
            if not isinstance(m.get("feedback"), str) or not m["feedback"].strip():
                bad(f"{where}/feedback", f"mistake {i + 1} needs 'feedback' as text",
                    "say what the mistake reveals, e.g. 'Sign error: ...' (quote it if it "
                    "contains ': ')")
        tests = item.get("tests")
        if tests is not None and not isinstance(tests, dict):
            bad("tests", "'tests' must be a mapping with lists 'accept' and/or 'reject'",
                "e.g. tests: {accept: [\"2*x\"], reject: [\"x\"]}")
        for key, value in (tests.items() if isinstance(tests, dict) else ()):
            if key not in ("accept", "reject"):
                bad(f"tests/{key}:key", f"unknown field {key!r} in tests",
                    did_you_mean(key, ("accept", "reject"), "tests has accept, reject"))
            elif not isinstance(value, list):
                bad(f"tests/{key}", f"'tests.{key}' must be a list", f"write {key}: [...]")


_CONTROL_MSG = ("'{key}' contains a control character ({where}); bank text may not hold "
                "terminal escape sequences or control characters other than newline and tab")
_CONTROL_FIX = "delete it (most editors do not show it; 'cat -v FILE' does)"


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


def _build_question(item: dict, bank_id: str, path: str, line: int, marks: dict,
                    fields: dict) -> Question:
    """Build a Question from a mapping whose fields have been checked (`fields` are the type's
    own, as its `read` returned them). Fields that failed their check get harmless stand-ins:
    such questions are only built for validate's formula checks."""
    tests = item.get("tests") if isinstance(item.get("tests"), dict) else {}
    mistakes = item.get("mistakes") if isinstance(item.get("mistakes"), list) else []
    roles, hints = item.get("roles"), item.get("hints")
    return Question(
        bank=bank_id, path=path, line=line, id=item["id"], type=item["type"],
        topic=str(item.get("topic")), category=str(item.get("category")),
        checklist_item=item.get("checklist_item"),
        roles=list(roles) if isinstance(roles, list) else [],
        difficulty=item.get("difficulty") if isinstance(item.get("difficulty"), int) else 3,
        prompt=str(item.get("prompt") or ""), answer=item.get("answer"),
        hints=[str(h) for h in hints] if isinstance(hints, list) else [],
        solution=str(item.get("solution") or ""),
        mistakes=[Mistake(m.get("answer"), str(m.get("feedback") or "")) for m in mistakes
                  if isinstance(m, dict)],
        tests_accept=list(tests.get("accept") or []),
        tests_reject=list(tests.get("reject") or []),
        params=item.get("params") or {}, fields=fields, marks=marks,
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
                            loc.question_marks[i], _fields_of(item))
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
    return qtype.read(item, lambda field, message, fix="": None)
