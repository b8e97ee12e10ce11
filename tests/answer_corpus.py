"""The answer-equivalence corpus: loading it and grading it with aiquiz's equivalence check.

Shared by tests/test_answer_corpus.py (which asserts on it) and benchmarks/answer_corpus.py (which
prints the agreement figure). The corpus is tests/fixtures/answer_tests.yaml; the disagreements
known today, each with an explanation, are tests/fixtures/answer_tests_known.yaml.
"""

from __future__ import annotations

import functools
import inspect
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "answer_tests.yaml"
KNOWN = FIXTURES / "answer_tests_known.yaml"

ISSUE_9 = "aiquiz-issue-9"
ASSUMPTIONS = {"real", "positive", "nonnegative", "integer", "unit"}
# owner/repo@commit:path:line, optionally followed by the answer test's name in brackets
SOURCE = re.compile(r"^(?P<repo>[\w.-]+/[\w.-]+)@(?P<commit>[0-9a-f]{7,40}):(?P<path>[^:\s]+)"
                    r":(?P<line>[1-9][0-9]*)(?: \((?P<test>\w+)\))?$")
GRADERS = {"maths/moodle-qtype_stack": "STACK", "PrairieLearn/PrairieLearn": "PrairieLearn",
           "openwebwork/pg": "WeBWorK"}

# SymPy, aiquiz's last resort, gets this long per case here: the corpus measures verdicts, not
# speed (speed on a busy machine is measured by benchmarks/run.py), and a verdict that flips when
# the test machine is loaded would make the test flaky.
SYMPY_SECONDS = 60.0


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    reference: str
    answer: str
    variables: dict[str, str]
    expected: bool
    note: str = ""
    klass: str = ""  # issue-9 cases only

    @property
    def grader(self) -> str:
        """STACK / PrairieLearn / WeBWorK, or aiquiz-issue-9."""
        if self.source == ISSUE_9:
            return ISSUE_9
        m = SOURCE.match(self.source)
        return GRADERS.get(m.group("repo"), m.group("repo")) if m else "?"


@dataclass(frozen=True)
class Verdict:
    """aiquiz's verdict on one case: True/False (equivalent or not), None when undecided, or
    "unreadable" when aiquiz cannot parse one of the expressions."""
    value: bool | None | str
    detail: str = ""

    @property
    def kind(self) -> str:
        if self.value == "unreadable":
            return "unreadable"
        if self.value is None:
            return "undecided"
        return "equivalent" if self.value else "different"


def load_cases(path: Path = CORPUS) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(id=c["id"], source=c["source"], reference=c["reference"], answer=c["answer"],
                 variables=dict(c.get("variables") or {}), expected=c["expected"],
                 note=c.get("note", ""), klass=c.get("class", ""))
            for c in data["cases"]]


def load_known(path: Path = KNOWN) -> dict:
    """{"classes": {class: explanation}, "external": {id: {class, why}},
    "issue_9_pending": {id: {class, why}}}"""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {key: dict(data.get(key) or {}) for key in ("classes", "external", "issue_9_pending")}


@contextmanager
def patient_sympy(seconds: float = SYMPY_SECONDS) -> Iterator[None]:
    """Give aiquiz's SymPy stage `seconds` per check instead of its interactive deadline.

    Only the deadline changes; if the grader no longer has this stage (or its signature changed),
    nothing is patched and cases are graded exactly as the product grades them.
    """
    try:
        from aiquiz.qtypes import sympy_check
    except ImportError:  # pragma: no cover - depends on the grader's layout
        yield
        return
    original = getattr(sympy_check, "check_equal", None)
    try:
        takes_timeout = original is not None and "timeout" in inspect.signature(original).parameters
    except (TypeError, ValueError):  # pragma: no cover
        takes_timeout = False
    if not takes_timeout:
        yield
        return

    @functools.wraps(original)
    def patient(*args, **kwargs):
        kwargs["timeout"] = max(float(kwargs.get("timeout") or 0.0), seconds)
        return original(*args, **kwargs)

    sympy_check.check_equal = patient
    try:
        yield
    finally:
        sympy_check.check_equal = original


def grade(case: Case) -> Verdict:
    """aiquiz's verdict: parse both sides with the case's variables, then `equivalent`."""
    from aiquiz.maths import parse
    from aiquiz.qtypes.equivalence import equivalent

    names = list(case.variables)
    try:
        answer = parse(case.answer, names)
        reference = parse(case.reference, names)
    except Exception as exc:  # noqa: BLE001 - any refusal to read counts as "unreadable"
        return Verdict("unreadable", f"{type(exc).__name__}: {exc}")
    with patient_sympy():
        value = equivalent(answer, reference, case.variables)
    return Verdict(value)


def agrees(case: Case, verdict: Verdict) -> bool:
    return verdict.value is case.expected


@functools.lru_cache(maxsize=None)
def graded() -> dict[str, tuple[Case, Verdict]]:
    """Every case graded once per process, by id."""
    return {case.id: (case, grade(case)) for case in load_cases()}
