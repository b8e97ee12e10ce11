"""Issue 9: verdicts that are right, not merely likely, for each class of wrong verdict found,
and the notation learners write every day. (The corpus of other graders' answer tests is in
test_answer_corpus.py.)"""

from __future__ import annotations

import pytest

from aiquiz.banks.loader import load_bank
from aiquiz.banks.variant import make_variant
from aiquiz.maths import parse, render
from aiquiz.qtypes import grade_answer as grade
from aiquiz.qtypes.equivalence import compare_at_points, equivalent
from aiquiz.qtypes.grade import Status
from aiquiz.qtypes.numeric import precision_note, within

from .conftest import FIXTURES

X = {"x": "real"}


def _eq(a: str, b: str, variables=X):
    return equivalent(parse(a, list(variables)), parse(b, list(variables)), variables,
                      exact=False)


@pytest.mark.parametrize("answer, reference, equal", [
    # 1. large powers: overflow no longer hides a constant factor or a wrong exponent
    ("(x-3)^6000", "(x-3)^5999", False),
    ("7*(x-3)^5999", "6000*(x-3)^5999", False),
    ("(x-3)^5999*(x-3)", "(x-3)^6000", True),
    ("exp(x)^6000", "7*exp(x)^5999", False),
    ("exp(x)^6000", "exp(x)^5999*exp(x)", True),
    # 2. precision: exact where the expressions allow it
    ("99999999/10^8", "99999998/99999999", False),
    ("(x+1)^13", "x^13 + 13x^12 + 78x^11 + 286x^10 + 715x^9 + 1287x^8 + 1716x^7 + 1716x^6 "
     "+ 1287x^5 + 715x^4 + 286x^3 + 78x^2 + 13x + 1", True),
    ("(x+1)^13", "x^13 + 13x^12 + 78x^11 + 286x^10 + 715x^9 + 1287x^8 + 1716x^7 + 1716x^6 "
     "+ 1287x^5 + 715x^4 + 286x^3 + 78x^2 + 13x + 2", False),
    ("exp(x) + 10^-300", "exp(x)", False),
    ("0.333333333333333*x", "x/3", False),
    # 3. a point where the reference has a value and the answer has none is a difference
    ("2*x + 0*exp(-1000*x)", "2*abs(x)", False),
    ("2*x + 0*exp(-1000*x)", "2*x", True),
    # ill-conditioned but equal
    ("sin(exp(x*x*x*x))", "sin(exp(x^4))", True),
])
def test_each_class_of_wrong_verdict_is_now_right(answer, reference, equal):
    assert _eq(answer, reference) is equal


def test_zero_over_zero_is_called_undefined_not_too_complex():
    q = load_bank(FIXTURES / "mini.yaml").questions[0]  # d/dx x^2, variables [x]
    g = grade(make_variant(q, 0), "0/0")
    assert g.status is Status.WRONG
    assert "no value" in g.feedback and "0/0" in g.feedback
    assert compare_at_points(parse("1/(x-x)", ["x"]), parse("x", ["x"]), X)[0] == "undefined"


def test_tolerance_boundary_has_a_documented_slack():
    assert within(1.05, 1, 0.05, 0)       # rejected before by binary rounding
    assert within(0.95, 1, 0.05, 0)
    assert not within(1.0500001, 1, 0.05, 0)


@pytest.mark.parametrize("typed, names, shown", [
    ("nm^2", ["n", "m"], "n·m²"),
    ("2x^2", ["x"], "2·x²"),
    ("xy^2", ["x", "y"], "x·y²"),
    ("tanh^2(x)", ["x"], "tanh(x)²"),
    ("1 - tanh^2(x)", ["x"], "1 - tanh(x)²"),
    ("sech^2(x)", ["x"], "sech(x)²"),
    ("σ(x)(1-σ(x))", ["x"], "sigmoid(x)·(1 - sigmoid(x))"),
    ("σ·(1 - σ)", ["x"], "sigmoid(x)·(1 - sigmoid(x))"),
    ("σ x", ["sigma", "x"], "σ·x"),
    ("η + ζ + Σ + ξ", ["eta", "zeta", "Sigma", "xi"], "η + ζ + Σ + ξ"),
    ("|x - 1|", ["x"], "|x - 1|"),
    ("||x| - y|", ["x", "y"], "||x| - y|"),
    ("（x＋1）", ["x"], "x + 1"),
])
def test_notation_learners_write_every_day(typed, names, shown):
    assert render(parse(typed, names)) == shown


def test_the_equivalences_of_everyday_notation_hold():
    assert _eq("1 - tanh^2(x)", "sech(x)^2") is True
    assert _eq("σ(x)(1-σ(x))", "exp(-x)/(1+exp(-x))^2") is True
    assert _eq("nm^2", "n*m^2", {"n": "real", "m": "real"}) is True
    assert _eq("nm^2", "(n*m)^2", {"n": "real", "m": "real"}) is False


def test_an_inverse_power_of_a_function_is_refused_as_ambiguous():
    from aiquiz.errors import MathSyntaxError

    with pytest.raises(MathSyntaxError, match="ambiguous"):
        parse("tanh^-1(x)", ["x"])


@pytest.mark.parametrize("expected, rel, abs_, note", [
    (11 / 6, 1e-3, 1e-9, "Exact value, or 4 significant figures."),
    (0.25, 0.005, 1e-9, "Exact value, or 3 significant figures."),
    (0.5, 0.05, 1e-9, "Exact value, or 2 significant figures."),
    (12, 1e-3, 1e-9, "Give the exact value."),
    ([3, 4], 0, 0.5, "Give the exact values."),
    (929.313, 0, 0.005, "Give the value to within ±0.005."),
])
def test_every_numeric_question_states_its_precision(expected, rel, abs_, note):
    assert precision_note(expected, rel, abs_) == note


def test_an_answer_rounded_to_the_stated_precision_is_accepted():
    from aiquiz.qtypes.numeric import round_sig, significant_figures

    for rel in (1e-3, 2e-3, 5e-3, 1e-2, 5e-2):
        k = significant_figures(rel)
        for value in (1.0049999, 1.83333333, 9.9949999, 0.571428571, 123456.789, 4 / 7, 3 / 7):
            assert within(round_sig(value, k), value, rel, 0), (rel, k, value)


def test_bank_test_catches_answers_too_close_to_tell_apart_and_impossible_variants(tmp_path):
    from aiquiz.banks.selftest import run_question_tests

    path = tmp_path / "b.yaml"
    path.write_text("""bank: b
title: t
questions:
  - id: close
    type: numeric
    topic: calculus
    category: Calculus
    roles: [mle]
    difficulty: 1
    params: {n: "randint(2, 6)"}
    prompt: n is {n}. What is 2n?
    answer: "2*n"
    hints: [double it]
    solution: 2n
    mistakes:
      - answer: "n + n/1000000"
        feedback: A typo that is numerically too close to another mistake below.
      - answer: "n"
        feedback: You did not double it.
  - id: impossible
    type: numeric
    topic: calculus
    category: Calculus
    roles: [mle]
    difficulty: 1
    params: {n: "randint(2, 40)"}
    prompt: n is {n}. What is 1/(n-3)?
    answer: "1/(n-3)"
    hints: [divide]
    solution: 1/(n-3)
""")
    qs = {q.id: q for q in load_bank(path).questions}
    _, fails = run_question_tests(qs["close"])
    # one problem, found on every combination of the grid, each named by its values
    assert len(fails) == 1 and "within tolerance of each other" in str(fails[0])
    assert fails[0].values == ["n=2", "n=3", "n=4", "n=5", "n=6"]
    assert "(for n=2; n=3; n=4; n=5; n=6)" in str(fails[0])
    _, fails = run_question_tests(qs["impossible"])
    assert [f.values for f in fails] == [["n=3"]] and str(fails[0]).endswith("(for n=3)")


@pytest.mark.parametrize("word, hint", [("hint", ":h"), ("skip", ":s"), ("quit", ":q"),
                                        ("solution", ":sol")])
def test_a_command_typed_as_a_word_is_explained_not_graded(word, hint):
    from aiquiz.study.planners import FixedPlanner
    from aiquiz.study.session import PRACTICE, Session, run_session

    from .test_registry import ScriptedUI

    q = load_bank(FIXTURES / "mini.yaml").questions[0]
    ui = ScriptedUI([word, ":help"])
    run_session(Session(FixedPlanner([q], 0), PRACTICE, 0, None), ui)
    notices = [e[1] for e in ui.events if e[0] == "notice"]
    assert any(f"type {hint} for {word}" in n for n in notices)
    assert any(n.startswith("Commands: :h (or ?) a hint") for n in notices)
    assert not any(e[0] == "unreadable" for e in ui.events)
