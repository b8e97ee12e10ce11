"""Hostile answers and banks: refused quickly, no code run, no file touched."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from aiquiz.banks.loader import load_bank, read_bank
from aiquiz.errors import BankError
from aiquiz.qtypes import grade_answer as grade
from aiquiz.qtypes.grade import Status
from aiquiz.banks.variant import make_variant

from .conftest import FIXTURES

BANK = {q.id: q for q in load_bank(FIXTURES / "mini.yaml").questions}
CANARY = Path("/tmp/aiquiz-canary-must-not-exist")
ACCEPTED = None  # a hostile-looking bank that must be read as plain data

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
    # more code-shaped input
    "import os", "os.system('ls')", "x.__dict__", "x[0]", "x[::-1]", "getattr(x, 'y')",
    "__builtins__.open", "print(1)", "breakpoint()", "compile('1','','eval')", "vars()",
    "locals()", "type(x)", "dir()", "help()", "input()", "exit()", "x @ x", "x % 2", "x // 2",
    "x << 3", "x & 1", "~x", "not x", "x and y", "x or 1", "x == 1", "x < 1", "1 if 1 else 2",
    "{'a': 1}", "{1, 2}", "(x for x in [1])", "*x", "**x", "x,", "f'{x}'", "b'x'", "r'x'",
    "Symbol('__import__')", "Function('eval')(x)", "lambdify(x, x)", "N(x)", "Integral(x, x)",
    "x.subs(x, 1)", "E**x.__class__", "pi.evalf(10**9)", "Rational(1, 0)", "oo", "zoo", "nan",
    # resource exhaustion shaped as maths
    "exp(exp(exp(exp(x))))", "x^x^x^x^x^x", "(x+1)^9999", "factorial(1000)^1000",
    "sqrt(sqrt(sqrt(sqrt(sqrt(sqrt(sqrt(sqrt(sqrt(sqrt(x))))))))))" * 1,
    "binomial(1000, 500)^100", "10^400", "1e300*1e300", "1/0", "0/0", "log(0)", "0^0",
    "tan(pi/2)", "asin(10)", "(-1)^0.5", "sinh(1000)", "exp(1000)", "x/0",
    "9" * 70, "." + "5" * 100, "1e-400", "1" + "0" * 61,
    "x" + "+x" * 900, "(" * 59 + "x" + ")" * 59, "-(-(-(-(-(-(-(-(-(-x)))))))))",
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
     "      d: \"__import__('os')\"\n", "parameter d"),
    ("a: " + "- " * 3000 + "x\n", "invalid YAML"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q.replace("prompt: p", "prompt: \"{__class__}\"")
     + "    answer: 1\n", ACCEPTED),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q.replace("prompt: p", "prompt: \"{0.__class__}\"")
     + "    answer: 1\n", ACCEPTED),
    ("!!python/tuple [1, 2]", "invalid YAML"),
    ("bank: !!binary aGVsbG8=\ntitle: t\nquestions: []\n", "'bank' must be an id"),
    ("bank: b\ntitle: t\nquestions: !!set {a, b}\n", "questions"),
    ("bank: b\ntitle: t\nquestions: 2026-11-21\n", "questions"),
    ("bank: b\ntitle: t\nquestions:\n  - <<: *nothing\n", "invalid YAML"),
    ("bank: b\nbank: c\ntitle: t\nquestions: []\n", "'bank' is written twice"),
    ("\ufeff\x00\x01 binary junk", "YAML"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q + "    answer: \"exp(exp(exp(100)))\"\n",
     "too large"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q + "    answer: d\n    params:\n"
     "      d: choice([" + ", ".join(["1"] * 5000) + "])\n", "longer than 2000 characters"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q + "    answer: d\n    params:\n"
     "      d: uniform(0, 1, 10^9)\n", "decimals"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q + "    answer: d\n    params:\n"
     "      d: \"e2 + 1\"\n      e2: randint(1, 2)\n", "move e2 above d"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q + "    answer: 1\n    tolerance: {rel: -1}\n",
     "tolerance"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q.replace("numeric", "derivation")
     + "    answer: x\n    variables: {__class__: real}\n", "variable name"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q.replace("numeric", "derivation")
     + "    answer: e\n    variables: [e]\n", "variable name"),
    ("bank: b\ntitle: t\nquestions:" + GOOD_Q + "    answer: [" + "[1]," * 3 + "[1, 2]]\n",
     "rectangular"),
], ids=lambda v: repr(v)[:24])
def test_hostile_bank_gives_a_one_line_error(tmp_path, body, says):
    path = _bank(tmp_path, body)
    start = time.monotonic()
    bank, problems = read_bank(path)
    if bank is not None and not problems:
        from aiquiz.banks.validate import validate_question

        problems = [p for q in bank.questions for p in validate_question(q)]
        if says is ACCEPTED:  # accepted as data: braces left alone, never formatted or evaluated
            assert not problems
            for q in bank.questions:
                assert make_variant(q, 0).prompt == q.prompt
            assert not CANARY.exists()
            return
    assert says is not ACCEPTED, f"the bank should have been accepted: {problems}"
    assert problems, "the bank should have been refused"
    assert says in str(problems[0])
    assert "\n" not in str(problems[0])
    assert time.monotonic() - start < 3.0
    assert not CANARY.exists()


def test_oversized_bank_is_refused(tmp_path):
    path = _bank(tmp_path, "bank: b\n" + "# filler\n" * 200_000)
    with pytest.raises(BankError, match="larger than"):
        load_bank(path)


LIST_ARITHMETIC = ["[1,2]*[3,4]", "[1,2]^2", "2^[1,2]", "sqrt([4])", "[1]+[1,2]", "[1,2]/[3,4]",
                   "exp([1])", "[[1],[1,2]]+[[1],[1]]"]


@pytest.mark.parametrize("qid", ["third", "identity", "d-x-squared"])
@pytest.mark.parametrize("text", LIST_ARITHMETIC)
def test_list_arithmetic_is_not_a_valid_answer_never_a_crash(qid, text):
    g = grade(make_variant(BANK[qid], 0), text)
    assert g.status is Status.UNREADABLE, g
    assert "not a valid answer" in g.feedback or "ragged" in g.feedback


def test_list_arithmetic_in_a_session_asks_again_and_the_summary_comes(home):
    from typer.testing import CliRunner

    from aiquiz.cli import app

    answers = "\n".join(LIST_ARITHMETIC[:5] + [":s"]) + "\n"
    r = CliRunner().invoke(app, ["practice", "--bank", str(FIXTURES / "mini.yaml"),
                                 "--topic", "calculus", "--count", "3", "--seed", "4"],
                           input=answers * 3)
    assert r.exit_code == 0, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert r.output.count("Could not read that") == 15
    assert "Summary" in r.output and "3 skipped" in r.output


@pytest.mark.parametrize("formula", ["[1,2]*[3,4]", "[1,2]^2", "2^[1,2]", "sqrt([4])",
                                     "[1]+[1,2]"])
def test_list_arithmetic_in_a_bank_formula_is_reported_with_its_line(tmp_path, formula):
    from aiquiz.banks.validate import validate_question

    path = _bank(tmp_path, "bank: b\ntitle: t\nquestions:" + GOOD_Q
                 + f"    answer: \"{formula}\"\n")
    bank, problems = read_bank(path)
    problems = problems or [p for q in bank.questions for p in validate_question(q)]
    assert problems and str(problems[0]).startswith(f"{path}:")
    assert "[q]" in str(problems[0]) and "list" in str(problems[0])
