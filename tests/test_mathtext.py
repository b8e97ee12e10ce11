"""The one maths parser: what it accepts, how it reads it, and what it refuses."""

from __future__ import annotations

import pytest

from aiquiz.errors import MathSyntaxError, TooComplexError, UnknownNameError
from aiquiz.maths.evaluate import evaluate_value
from aiquiz.maths import parse, render

X = ["x"]


@pytest.mark.parametrize("text, shown, value_at_2", [
    ("2x cos(x^2)", "2·x·cos(x²)", 2 * 2 * -0.6536436208636119),
    ("2*x*cos(x**2)", "2·x·cos(x²)", 2 * 2 * -0.6536436208636119),
    ("e^x", "e^x", 7.38905609893065),
    ("exp(-x)/(1+exp(-x))^2", "exp(-x)/(1 + exp(-x))²", 0.10499358540350652),
    ("-x^2", "-x²", -4),
    ("x^-1", "x⁻¹", 0.5),
    ("(x+1)(x-1)", "(x + 1)·(x - 1)", 3),
    ("1/2x", "(1/2)·x", 1),
    ("sech(x)^2", "sech(x)²", 0.07065082485316443),
    ("3!", "3!", 6),
    ("√x", "√(x)", 2 ** 0.5),
    ("2·x²", "2·x²", 8),
    ("ln(x) - log(x)", "ln(x) - log(x)", 0),
    ("log(8, 2)", "log(8, 2)", 3),
    ("binomial(5, 2)", "binomial(5, 2)", 10),
    ("1.5e-3", "0.0015", 0.0015),
    ("2e", "2·e", 5.43656365691809),
    ("2pi x", "2·π·x", 12.566370614359172),
    ("abs(-x)", "|-x|", 2),
])
def test_reads_what_learners_type(text, shown, value_at_2):
    node = parse(text, X)
    assert render(node) == shown
    assert evaluate_value(node, {"x": 2}).real == pytest.approx(value_at_2)


def test_adjacent_declared_names_multiply():
    node = parse("xy + 2xy", ["x", "y"])
    assert evaluate_value(node, {"x": 2, "y": 3}).real == 18


def test_lists_for_vectors_and_matrices():
    assert render(parse("[[1, 2], [3, 4]]")) == "[[1, 2], [3, 4]]"


@pytest.mark.parametrize("text, column", [
    ("2 +* 3", 4), ("(x + 1", 7), ("x)", 2), ("sin x", 1), ("2 3", 3), ("x = 2", 3),
])
def test_syntax_errors_say_where(text, column):
    with pytest.raises(MathSyntaxError) as err:
        parse(text, X)
    assert err.value.pos + 1 == column
    assert f"column {column}" in str(err.value)


def test_unknown_names_are_listed_with_the_allowed_ones():
    with pytest.raises(UnknownNameError) as err:
        parse("y + foo", X)
    assert err.value.unknown == ["foo", "y"]
    assert "x" in str(err.value)


@pytest.mark.parametrize("text", [
    "9**9**9**9", "factorial(10**9)", "10^10^10", "x^(10^6)", "1e99999", "(" * 200 + "x" + ")" * 200,
    "1" * 5000, "2^2000", "factorial(1001)",
])
def test_huge_or_deep_input_is_refused(text):
    with pytest.raises(TooComplexError):
        parse(text, X)


def test_greek_letters_are_read_as_their_names_and_shown_as_letters():
    node = parse("λ² - 8λ + 22", ["lambda"])
    assert node == parse("lambda^2 - 8*lambda + 22", ["lambda"])
    assert render(node) == "λ² - 8·λ + 22"


def test_lists_can_be_scaled_and_added():
    from aiquiz.maths.evaluate import evaluate_value

    v = evaluate_value(parse("[[4, -2], [-1, 3]]/(4*3 - 2*1)"))
    assert [[x.real for x in row] for row in v] == [[0.4, -0.2], [-0.1, 0.3]]
    assert [x.real for x in evaluate_value(parse("2*[1, 2] - [1, 1]"))] == [1, 3]


def test_negative_values_render_as_a_person_writes_them():
    assert render(parse("tanh(3w + -2) - -0.5", ["w"])) == "tanh(3·w - 2) + 0.5"
    assert render(parse("3*-2")) == "3·(-2)"
