"""Finding, loading and structurally validating question banks.

`read_bank` returns the questions it could read plus every problem found (file, line, question
id), so `aiquiz bank validate` can report them all at once; `load_bank` is the strict form used
by sessions. Deeper checks that need the maths parser live in `checks.py`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .bankfiles import bank_files, bundled_banks_dir  # noqa: F401 (re-exported)
from .errors import BankError
from .model import Bank, Mistake, Question
from .syllabus import CATEGORIES, QUESTION_TYPES, ROLES, TOPICS, category_of_item
from .yamlload import load_yaml_cached

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,23}$")  # variable and parameter names
ASSUMPTIONS = ("real", "positive", "nonnegative", "integer", "unit")
_KNOWN_KEYS = {
    "id", "type", "topic", "category", "checklist_item", "roles", "difficulty", "prompt", "answer",
    "hints", "solution", "mistakes", "tests", "params", "variables", "choices", "accept",
    "tolerance",
}


@dataclass
class Problem:
    path: str
    line: int | None
    qid: str
    message: str

    def __str__(self) -> str:
        return str(BankError(self.message, self.path, self.line, self.qid))


def read_bank(path: str | os.PathLike) -> tuple[Bank | None, list[Problem]]:
    path_s = str(path)
    problems: list[Problem] = []
    try:
        with open(path, "rb") as fh:
            raw = fh.read(2_000_001)
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(path_s, None, "", f"not UTF-8 text ({exc.reason})")]
    except OSError as exc:
        return None, [Problem(path_s, None, "", f"cannot read file: {exc.strerror}")]
    try:
        loc = load_yaml_cached(text, path_s)
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
    unknown = set(data) - {"bank", "title", "questions", "description", "format"}
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
    return Bank(bank_id, title, path_s, questions), problems


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

    for key in sorted(set(map(str, item)) - _KNOWN_KEYS):
        bad(key, f"unknown key {key!r} (see docs/bank-format.md)")
    qtype = item.get("type")
    if qtype not in QUESTION_TYPES:
        bad("type", f"'type' must be one of {', '.join(QUESTION_TYPES)}")
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
        params = {}
    variables = _read_variables(item.get("variables"), qtype, bad)
    choices = item.get("choices") or []
    if not isinstance(choices, list) or not all(isinstance(c, (str, int, float)) for c in choices):
        bad("choices", "'choices' must be a list of strings")
        choices = []
    accept = item.get("accept") or []
    if not isinstance(accept, list):
        bad("accept", "'accept' must be a list of strings")
        accept = []
    tol = item.get("tolerance") or {}
    if isinstance(tol, dict):  # YAML 1.1 reads 1e-18 (no dot) as a string
        tol = {k: _float_or_none(v) if isinstance(v, str) else v for k, v in tol.items()}
    if not isinstance(tol, dict) or set(tol) - {"rel", "abs"} or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v < 1e300
            for v in tol.values()):
        bad("tolerance", "'tolerance' must be {rel: R, abs: A} with non-negative numbers")
        tol = {}
    if qtype == "derivation" and not variables:
        bad("variables", "a derivation question needs 'variables'")
    if qtype != "conceptual" and (choices or accept):
        bad("choices" if choices else "accept", "'choices'/'accept' are for conceptual questions")
    if problems:
        return None, problems
    return _build_question(item, bank_id, path, line, keys), []


def _build_question(item: dict, bank_id: str, path: str, line: int,
                    keys: dict[str, int]) -> Question:
    """Build a Question from a question mapping that has passed `_read_question`'s checks."""
    variables = item.get("variables") or {}
    if isinstance(variables, list):
        variables = {name: "real" for name in variables}
    tests = item.get("tests") or {}
    tol = item.get("tolerance") or {}
    return Question(
        bank=bank_id, path=path, line=line, id=item["id"], type=item["type"],
        topic=item["topic"], category=item["category"],
        checklist_item=item.get("checklist_item"), roles=list(item["roles"]),
        difficulty=item["difficulty"], prompt=item["prompt"], answer=item["answer"],
        hints=list(item["hints"]), solution=item["solution"],
        mistakes=[Mistake(m["answer"], m["feedback"]) for m in item.get("mistakes") or []],
        tests_accept=list(tests.get("accept", [])), tests_reject=list(tests.get("reject", [])),
        params=item.get("params") or {}, variables=dict(variables),
        choices=[str(c) for c in item.get("choices") or []],
        accept=[str(a) for a in item.get("accept") or []],
        tolerance={k: float(v) for k, v in tol.items()}, key_lines=keys,
    )


def read_trusted_bank(path: str | os.PathLike, topic: str | None = None) -> Bank | None:
    """Fast path for a file the bank index vouches for (same size and mtime as when it last
    loaded with no problems, same aiquiz version): build the questions without re-checking
    them, and only those of `topic` when one is given. None if anything is off, and the caller
    falls back to `load_bank`."""
    path_s = str(path)
    try:
        with open(path, "rb") as fh:
            text = fh.read(2_000_001).decode("utf-8")
        loc = load_yaml_cached(text, path_s)
        data = loc.data
        questions = [
            _build_question(item, data["bank"], path_s, loc.question_lines[i],
                            loc.question_key_lines[i])
            for i, item in enumerate(data["questions"])
            if topic is None or item.get("topic") == topic]
        return Bank(data["bank"], data["title"], path_s, questions)
    except (OSError, UnicodeDecodeError, BankError, KeyError, TypeError, IndexError,
            AttributeError, ValueError):
        return None


def _float_or_none(text: str) -> float | None:
    try:
        return float(text) if re.fullmatch(r"[0-9.eE+-]+", text.strip()) else None
    except ValueError:
        return None


def _read_variables(raw, qtype, bad) -> dict[str, str]:
    if raw is None:
        return {}
    if isinstance(raw, list):
        raw = {name: "real" for name in raw}
    if not isinstance(raw, dict):
        bad("variables", "'variables' must be a list of names or a mapping name -> assumption")
        return {}
    from .vocabulary import RESERVED

    out: dict[str, str] = {}
    for name, assumption in raw.items():
        if not isinstance(name, str) or not NAME.match(name) or name in RESERVED:
            bad("variables", f"variable name {name!r} must be a letter then letters, digits or "
                             "'_' (at most 24), and not e, pi or a function name")
            continue
        if assumption not in ASSUMPTIONS:
            bad("variables", f"variable {name}: assumption must be one of "
                             f"{', '.join(ASSUMPTIONS)}")
            continue
        out[name] = assumption
    if qtype != "derivation" and out:
        bad("variables", "'variables' is only for derivation questions")
    return out


def load_bank(path: str | os.PathLike) -> Bank:
    """Load a bank, raising BankError on the first problem (sessions want all-or-nothing)."""
    bank, problems = read_bank(path)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more; run 'aiquiz bank validate')" \
            if len(problems) > 1 else ""
        raise BankError(first.message + more, first.path, first.line, first.qid)
    assert bank is not None
    return bank


def load_banks(paths: list[str | os.PathLike] | None = None,
               topic: str | None = None) -> list[Bank]:
    """Load the given banks (files or folders), or the bundled ones when none are given.

    With `topic`, bank files that the index says hold no question of that topic are not read.
    """
    from .bankindex import BankIndex

    index = BankIndex()
    banks: list[Bank] = []
    ids: dict[str, str] = {}
    for f in bank_files(paths if paths else [bundled_banks_dir()]):
        entry = index.lookup(f)
        if entry is not None and topic is not None and topic not in entry["counts"]:
            _claim_id(ids, entry["bank"], str(f))
            continue
        bank = read_trusted_bank(f, topic) if entry is not None else None
        if bank is None:
            bank = load_bank(f)
            index.record(f, bank)
        _claim_id(ids, bank.id, bank.path)
        banks.append(bank)
    index.save()
    return banks


def _claim_id(ids: dict[str, str], bank_id: str, path: str) -> None:
    if bank_id in ids:
        raise BankError(f"bank id {bank_id!r} is also used by {ids[bank_id]}; bank ids must be "
                        "unique", path)
    ids[bank_id] = path


def all_questions(banks: list[Bank]) -> list[Question]:
    return [q for b in banks for q in b.questions]
