"""Derivation questions: a symbolic expression in declared variables, graded by mathematical
equivalence under the variables' assumptions (`equivalence.py`)."""

from __future__ import annotations

from ..banks.formulas import compile_formula
from ..errors import AnswerError
from ..maths import format_number, names_in, parse, render
from ..maths.ast import has_list
from ..maths.vocabulary import NAME_PATTERN, valid_name
from . import register
from .base import QuestionType
from .equivalence import compare_at_points, equivalent, finite_somewhere
from .grade import Grade, Status

ASSUMPTIONS = ("real", "positive", "nonnegative", "integer", "unit")
HELP = "Give an expression, e.g. 2x cos(x^2), exp(-x), sqrt(x)/2."


def _import_mpmath() -> None:
    import importlib

    importlib.import_module("mpmath")


def _domain(name: str, assumption: str) -> str:
    return {"positive": f"{name} > 0", "nonnegative": f"{name} ≥ 0", "unit": f"0 < {name} < 1",
            "integer": f"{name} integer"}.get(assumption, name)


def _fmt(z, digits: int = 4) -> str:
    """A value for feedback: a complex float, or an mpmath number too large for floats."""
    if not isinstance(z, complex):
        import mpmath

        if isinstance(z, mpmath.mpc) and z.imag:
            return mpmath.nstr(z, digits)
        z = mpmath.re(z)
        if abs(z) < 1e300:
            return _fmt(complex(float(z)), digits)
        return mpmath.nstr(z, digits).replace("e+", "e")
    if abs(z.imag) <= 1e-12 * max(1.0, abs(z.real)):  # floats: abs cannot overflow
        return format_number(float(f"{z.real:.{digits}g}"))
    return f"{z.real:.{digits}g}{z.imag:+.{digits}g}i"


def distinct_texts(mine: complex, ref: complex) -> tuple[str, str]:
    """Both values with just enough digits to show that they differ (4 at least)."""
    for digits in (4, 6, 8, 10, 12, 14, 17):
        a, b = _fmt(mine, digits), _fmt(ref, digits)
        if a != b:
            return a, b
    return a, b


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
        node = self.compile_mistake(v, raw)
        if not finite_somewhere(node, v.question.variables):
            raise AnswerError(f"the answer {render(node)} is undefined (infinite or 0/0) for "
                              "every value of the variables; does a parameter make a "
                              "denominator zero?")
        return node, render(node)

    def compile_mistake(self, v, raw):
        node = compile_formula(list(v.question.variables), raw, v.params)
        if has_list(node):
            raise AnswerError("a derivation answer must be a single expression, without lists")
        return node

    def instructions(self, v) -> list[str]:
        names = ", ".join(_domain(n, a) for n, a in v.question.variables.items())
        return [f"Variables: {names}. {HELP}"]

    def shows_reading(self, typed: str) -> bool:
        return True

    def warm_up(self) -> None:
        import threading

        from .sympy_check import prestart

        prestart()
        # mpmath confirms agreeing answers in high precision: import it while the learner reads
        threading.Thread(target=_import_mpmath, daemon=True).start()

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
    if has_list(node):  # [1, 2]*[3, 4], sqrt([4]): read, but not a valid answer here
        return Grade(Status.UNREADABLE, "not a valid answer: type a single expression, "
                     "without lists ([...])", expected_text, read_as)
    verdict = compare_at_points(node, v.expected, variables)
    if verdict[0] == "undefined":
        return Grade(Status.WRONG, "Your expression has no value where the answer has one "
                     "(it divides by zero everywhere, like 0/0).", expected_text, read_as)
    if verdict[0] == "different":
        for mistake, feedback in v.mistakes:
            if equivalent(node, mistake, variables, exact=False):
                return Grade(Status.WRONG, feedback, expected_text, read_as, mistake=feedback)
        _, pt, mine, ref = verdict
        where = ", ".join(f"{k} = {_fmt(val)}" for k, val in pt.items()) or "every point"
        mine_text, ref_text = distinct_texts(mine, ref)
        why = f"Not equal to the expected expression: at {where} yours is {mine_text}, " \
              f"the answer is {ref_text}."
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
