"""Derivation questions: a symbolic expression in declared variables, graded by mathematical
equivalence under the variables' assumptions (`equivalence.py`)."""

from __future__ import annotations

from ..banks.formulas import compile_formula
from ..errors import AnswerError
from ..maths import ListExpr, format_number, names_in, parse, render
from ..maths.vocabulary import NAME_PATTERN, valid_name
from . import register
from .base import QuestionType
from .equivalence import compare_at_points, equivalent
from .grade import Grade, Status

ASSUMPTIONS = ("real", "positive", "nonnegative", "integer", "unit")
HELP = "Give an expression, e.g. 2x cos(x^2), exp(-x), sqrt(x)/2."


def _domain(name: str, assumption: str) -> str:
    return {"positive": f"{name} > 0", "nonnegative": f"{name} ≥ 0", "unit": f"0 < {name} < 1",
            "integer": f"{name} integer"}.get(assumption, name)


def _fmt(z: complex) -> str:
    if abs(z.imag) <= 1e-12 * max(1.0, abs(z.real)):  # floats: abs cannot overflow
        return format_number(float(f"{z.real:.4g}"))
    return f"{z.real:.4g}{z.imag:+.4g}i"


STARTER = """\
  # derivation: the answer is an expression in the declared variables, accepted when it is
  # mathematically equal to the reference under their assumptions.
  - id: chain-rule-sine
    type: derivation
    topic: calculus
    category: Calculus
    checklist_item: Chain rule for neural network   # optional: a checklist item of the category
    roles: [mle, research]
    difficulty: 2
    params:
      k: randint(2, 5)
    prompt: |
      Differentiate f(x) = sin({k}x) with respect to x.
    variables: {x: real}               # real | positive | nonnegative | integer | unit
    answer: "k*cos(k*x)"
    hints:
      - The chain rule multiplies by the derivative of the inner function.
    solution: |
      f'(x) = cos({k}x) · d/dx({k}x) = {k} cos({k}x)
    mistakes:
      - answer: "cos(k*x)"
        feedback: "Chain rule: multiply by the inner derivative, {k}."
    tests:
      accept: ["cos(k*x)*k"]
      reject: ["-k*cos(k*x)"]
"""


class DerivationType(QuestionType):
    name = "derivation"
    label = "der."
    fields = {
        "variables": {"oneOf": [
            {"type": "array", "items": {"type": "string", "pattern": NAME_PATTERN}},
            {"type": "object", "propertyNames": {"pattern": NAME_PATTERN},
             "additionalProperties": {"enum": list(ASSUMPTIONS)}}]},
    }
    required = ("variables",)

    def starter_example(self) -> str:
        return STARTER

    def read(self, item: dict, bad) -> dict:
        from ..banks.problems import did_you_mean

        raw = item.get("variables")
        if isinstance(raw, list):
            raw = {name: "real" for name in raw}
        if raw is not None and not isinstance(raw, dict):
            bad("variables", "'variables' must be a list of names or a mapping name -> "
                             "assumption", "e.g. variables: [x] or variables: {x: real, "
                                           "p: unit}")
            raw = {}
        out: dict[str, str] = {}
        for name, assumption in (raw or {}).items():
            if not valid_name(name):
                bad(f"variables/{name}", f"variable name {name!r} must be a letter then "
                    "letters, digits or '_' (at most 24), and not e, pi or a function name")
                continue
            if assumption not in ASSUMPTIONS:
                bad(f"variables/{name}", f"variable {name}: unknown assumption {assumption!r}",
                    did_you_mean(assumption, ASSUMPTIONS, "one of " + ", ".join(ASSUMPTIONS)))
                continue
            out[name] = assumption
        if not raw:
            bad("variables", "a derivation question needs 'variables'",
                "the names the answer uses, e.g. variables: [x]")
        return {"variables": out}

    def compile_answer(self, v, raw):
        node = compile_formula(list(v.question.variables), raw, v.params)
        if isinstance(node, ListExpr):
            raise AnswerError("a derivation answer must be a single expression")
        return node, render(node)

    def compile_mistake(self, v, raw):
        return compile_formula(list(v.question.variables), raw, v.params)

    def instructions(self, v) -> list[str]:
        names = ", ".join(_domain(n, a) for n, a in v.question.variables.items())
        return [f"Variables: {names}. {HELP}"]

    def shows_reading(self, typed: str) -> bool:
        return True

    def warm_up(self) -> None:
        from .sympy_check import prestart

        prestart()

    def grade(self, v, text: str, *, exact: bool = True) -> Grade:
        return grade_derivation(v, text, exact=exact)


def grade_derivation(v, text: str, *, exact: bool = True) -> Grade:
    variables = v.question.variables
    expected_text = v.expected_text
    try:
        node = parse(text, list(variables))
    except AnswerError as exc:
        status = Status.TOO_COMPLEX if "too complex" in exc.message else Status.UNREADABLE
        return Grade(status, exc.message, expected_text)
    read_as = render(node)
    if isinstance(node, ListExpr):
        return Grade(Status.UNREADABLE, "type a single expression, not a list", expected_text,
                     read_as)
    verdict = compare_at_points(node, v.expected, variables)
    if verdict[0] == "different":
        for mistake, feedback in v.mistakes:
            if equivalent(node, mistake, variables, exact=False):
                return Grade(Status.WRONG, feedback, expected_text, read_as, mistake=feedback)
        _, pt, mine, ref = verdict
        where = ", ".join(f"{k} = {_fmt(val)}" for k, val in pt.items()) or "every point"
        why = f"Not equal to the expected expression: at {where} yours is {_fmt(mine)}, " \
              f"the answer is {_fmt(ref)}."
        unused = set(variables) - names_in(node)
        if unused and names_in(v.expected) & unused:
            why += " (Your answer does not use " + ", ".join(sorted(unused)) + ".)"
        return Grade(Status.WRONG, why, expected_text, read_as)
    if verdict[0] == "equal":
        return Grade(Status.CORRECT, "Correct.", expected_text, read_as)
    if not exact:
        return Grade(Status.TOO_COMPLEX, "too complex to check numerically", expected_text,
                     read_as)
    from .sympy_check import check_equal

    result = check_equal(node, v.expected, variables)
    if result is True:
        return Grade(Status.CORRECT, "Correct.", expected_text, read_as)
    if result is False:
        return Grade(Status.WRONG, "Not equal to the expected expression.", expected_text, read_as)
    return Grade(Status.TOO_COMPLEX, "too complex to check: this answer could not be compared "
                 "with the expected one in time; try a simpler equivalent form", expected_text,
                 read_as)


register(DerivationType())
