"""Hostile answers and banks: refused quickly, no code run, no file touched."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from aiquiz.banks import load_bank, read_bank
from aiquiz.errors import BankError
from aiquiz.grading import Status, grade
from aiquiz.variant import make_variant

from .conftest import FIXTURES

BANK = {q.id: q for q in load_bank(FIXTURES / "mini.yaml").questions}
CANARY = Path("/tmp/aiquiz-canary-must-not-exist")

HOSTILE = [
    f"__import__('os').system('touch {CANARY}')",
    f"open('{CANARY}', 'w')",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__", "Symbol('x')", "lambda: 1", "exec('1')", "eval('1')", "sympify('x')",
    "[c for c in ()]", "x if x else x", "x; import os", "globals()", "__builtins__",
    "9**9**9**9", "factorial(10**9)", "exp(exp(exp(exp(100))))", "10^10^10^10", "2^(2^(2^100))",
    "(" * 100 + "x" + ")" * 100, "-" * 5000 + "x", "x" + "^x" * 500, "sin(" * 70 + "x" + ")" * 70,
    "x" * 1_000_000, "1" * 1_000_000, "[" * 80 + "1" + "]" * 80, "x!!!!!!!!!!!!!!!!!!!",
    "factorial(factorial(factorial(5)))", "binomial(10^9, 5*10^8)", "x^(10^10)",
    "\x00", "\u202ex", "$(rm -rf /)", "`touch /tmp/x`", "{x}", "x = 1",
]


@pytest.mark.parametrize("qid", ["d-x-squared", "third", "identity", "norm-choice"])
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_answer_is_refused_quickly_and_runs_nothing(qid, text):
    v = make_variant(BANK[qid], 0)
    start = time.monotonic()
    result = grade(v, text)
    elapsed = time.monotonic() - start
    assert elapsed < 3.0
    assert not result.correct
    assert not CANARY.exists()


def test_a_huge_answer_is_refused_without_reading_it_all():
    v = make_variant(BANK["d-x-squared"], 0)
    result = grade(v, "x+" * 500_000 + "x")
    assert result.status is Status.TOO_COMPLEX


def _bank(tmp_path, body: str) -> Path:
    p = tmp_path / "evil.yaml"
    p.write_text(body)
    return p


GOOD_Q = """
  - id: q
    type: numeric
    topic: calculus
    category: Calculus
    roles: [mle]
    difficulty: 1
    prompt: p
    hints: [h]
    solution: s
"""


@pytest.mark.parametrize("body, says", [
    ("!!python/object/apply:os.system ['touch /tmp/aiquiz-canary-must-not-exist']", "invalid YAML"),
    ("bank: !!python/name:os.system x\n", "invalid YAML"),
    ("a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
     "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
     "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n", "alias bomb"),
    ("x: " + "[" * 10000 + "]" * 10000, "YAML"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q + "    answer: \"__import__('os')\"\n", "answer"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q + "    answer: \"9^9^9^9\"\n", "too complex"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q + "    answer: \"d\"\n    params:\n"
     "      d: randint(1, 10^100)\n", "randint"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q + "    answer: \"d\"\n    params:\n"
     "      d: \"__import__('os')\"\n", "params"),
    ("a: " + "- " * 3000 + "x\n", ""),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q + "    answer: 1\n    prompt: \"{__class__}\"\n", ""),
], ids=lambda v: repr(v)[:24])
def test_hostile_bank_gives_a_one_line_error(tmp_path, body, says):
    path = _bank(tmp_path, body)
    start = time.monotonic()
    bank, problems = read_bank(path)
    if bank is not None and not problems:
        from aiquiz.checks import validate_question

        problems = [p for q in bank.questions for p in validate_question(q)]
        if not says and bank.questions:  # allowed, but the placeholder is left alone, never evaluated
            assert make_variant(bank.questions[0], 0).prompt == "{__class__}"
            return
    assert problems, "the bank should have been refused"
    assert says in str(problems[0])
    assert "\n" not in str(problems[0])
    assert time.monotonic() - start < 3.0
    assert not CANARY.exists()


def test_oversized_bank_is_refused(tmp_path):
    path = _bank(tmp_path, "bank: b\n" + "# filler\n" * 200_000)
    with pytest.raises(BankError, match="larger than"):
        load_bank(path)
