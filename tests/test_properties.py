"""Property tests (hypothesis) for the parser and graders, 1,000 examples per property."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiquiz.errors import AnswerError, TooComplexError
from aiquiz.qtypes.numeric import within
from aiquiz.qtypes.equivalence import equivalent
from aiquiz.maths import parse, render

SETTINGS = settings(max_examples=1000, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
VARS = {"x": "real", "y": "positive"}

MATH_CHARS = "0123456789xyz+-*/^()[],.! eEpisqrtlogexpabcn_=√π·²'\"{}"


@SETTINGS
@given(st.text(alphabet=MATH_CHARS, max_size=60) | st.text(max_size=40))
def test_parser_never_fails_unexpectedly(text):
    try:
        node = parse(text, ["x", "y"])
    except AnswerError:
        return
    # whatever it read, it can show it back
    assert isinstance(render(node), str)


# random expressions: sums of products of small integers, x, y and a few functions
atoms = st.one_of(st.integers(-9, 9).map(str), st.just("x"), st.just("y"))


def _combine(children):
    return st.one_of(
        st.tuples(children, children).map(lambda t: f"({t[0]} + {t[1]})"),
        st.tuples(children, children).map(lambda t: f"({t[0]} - {t[1]})"),
        st.tuples(children, children).map(lambda t: f"({t[0]})*({t[1]})"),
        st.tuples(children, st.integers(0, 3)).map(lambda t: f"({t[0]})^{t[1]}"),
        children.map(lambda c: f"exp({c})"), children.map(lambda c: f"sin({c})"),
    )


exprs = st.recursive(atoms, _combine, max_leaves=8)


@SETTINGS
@given(exprs)
def test_an_expression_is_equivalent_to_itself_and_its_expanded_form(text):
    import sympy

    try:
        a = parse(text, VARS)
    except TooComplexError:  # e.g. exp(exp(exp(2))) ~ 10^702 is refused by design
        return
    # identical trees: decided on the points, or by SymPy (a - a is 0) when too few are usable
    assert equivalent(a, parse(text, VARS), VARS) is True
    x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", positive=True)
    expanded = str(sympy.expand(_to_sympy(text, x, y)))
    if len(expanded) > 2000:  # beyond what a learner can type
        return
    try:
        b = parse(expanded, VARS)
    except TooComplexError:  # expansion can split off a constant like exp(exp(7)) ~ 10^476
        return
    assert equivalent(a, b, VARS, exact=False) is not False


def _to_sympy(text, x, y):
    # test-only: builds the SymPy form from our own AST, no string evaluation
    from aiquiz.qtypes.sympy_worker import build as _build
    import sympy

    return _build(parse(text, VARS), sympy, {"x": x, "y": y})


polys = st.lists(st.integers(-9, 9), min_size=1, max_size=5)


@SETTINGS
@given(polys, st.data())
def test_a_changed_constant_is_not_equivalent(coeffs, data):
    text = " + ".join(f"({c})*x^{i}" for i, c in enumerate(coeffs))
    i = data.draw(st.integers(0, len(coeffs) - 1))
    delta = data.draw(st.sampled_from([-2, -1, 1, 2]))
    changed = list(coeffs)
    changed[i] += delta
    other = " + ".join(f"({c})*x^{k}" for k, c in enumerate(changed))
    assert equivalent(parse(text, VARS), parse(other, VARS), VARS, exact=False) is False


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).filter(
    lambda v: abs(v) > 1e-6)


@SETTINGS
@given(finite, st.floats(min_value=-0.95, max_value=0.95))
def test_numbers_within_tolerance_are_accepted(expected, fraction):
    rel = 1e-3
    assert within(expected * (1 + fraction * rel), expected, rel, 1e-9)


@SETTINGS
@given(finite, st.floats(min_value=1.05, max_value=100), st.sampled_from([-1, 1]))
def test_numbers_outside_tolerance_are_rejected(expected, factor, sign):
    rel = 1e-3
    assert not within(expected * (1 + sign * factor * rel), expected, rel, 1e-9)


@SETTINGS
@given(st.fractions(min_value=-10**6, max_value=10**6, max_denominator=1000))
def test_exact_numbers_read_back_as_typed(value: Fraction):
    from aiquiz.maths.evaluate import evaluate_scalar

    text = f"{value.numerator}/{value.denominator}"
    assert evaluate_scalar(parse(text), {}).real == pytest.approx(float(value), rel=1e-12)


@pytest.mark.parametrize("text, expanded", [
    ("(x + 1)^2", "x^2 + 2x + 1"), ("(x - y)*(x + y)", "x^2 - y^2"),
    ("exp(x)*exp(y)", "exp(x + y)"), ("log(y^3)", "3 log(y)"), ("sin(2x)", "2 sin(x) cos(x)"),
    ("(x + y)^3", "x^3 + 3x^2 y + 3x y^2 + y^3"), ("sqrt(y^2)", "y"), ("1/(1/y)", "y"),
    ("sigmoid(x)", "1/(1 + exp(-x))"), ("cosh(x)^2 - sinh(x)^2", "1"),
])
def test_known_equal_forms_are_decided_equal(text, expanded):
    """The properties above also hold for a checker that never decides; these must be True."""
    assert equivalent(parse(text, VARS), parse(expanded, VARS), VARS, exact=False) is True
