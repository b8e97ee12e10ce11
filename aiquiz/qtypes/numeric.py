"""Numeric answers: a number, vector or matrix, compared with a tolerance.

The learner's text goes through the shared parser with no names allowed (a constant expression
such as `1/3`, `2^10`, `sqrt(2)/2` or `[1, 2]`), is evaluated in floats, and compared entrywise
with NumPy: |given - expected| <= max(rel * |expected|, abs). Feedback says how far off the answer
is and recognises the usual slips (wrong sign, factor of 2, powers of ten).
"""

from __future__ import annotations

import math
import re

from ..banks.formulas import compile_formula, format_value, real_value
from ..errors import AnswerError, UnknownNameError
from ..maths import parse, render
from ..maths.evaluate import ListArithmeticError
from . import register
from .base import QuestionType
from .grade import Grade, Status

DEFAULT_REL = 1e-3
DEFAULT_ABS = 1e-9


def _shape(v) -> tuple[int, ...]:
    if not isinstance(v, list):
        return ()
    inner = {_shape(x) for x in v}
    if len(inner) != 1:
        return (len(v), -1)  # ragged
    return (len(v),) + inner.pop()


def _shape_text(shape: tuple[int, ...]) -> str:
    if not shape:
        return "a single number"
    if -1 in shape:
        return "a ragged list"
    return ("a vector of length %d" % shape[0]) if len(shape) == 1 else \
        "a " + "×".join(map(str, shape)) + " matrix"


# A documented slack at the tolerance boundary (as STACK adds): an answer exactly at the
# boundary is accepted whatever binary rounding does to it (1.05 against 1 at rel 0.05).
SLACK = 1e-9


def within(given, expected, rel: float, abs_: float) -> bool:
    """|given - expected| <= max(rel·|expected|, abs)·(1 + 1e-9), entry by entry."""
    import numpy as np

    g = np.asarray(given, dtype=float)
    e = np.asarray(expected, dtype=float)
    return bool(np.all(np.abs(g - e) <= np.maximum(rel * np.abs(e), abs_) * (1 + SLACK)))


def _slip(given: float, expected: float) -> str:
    """Name a recognisable slip between two scalars, or ''."""
    if expected == 0 or given == 0:
        return ""
    ratio = given / expected
    if abs(ratio + 1) < 1e-3:
        return "Right size, wrong sign."
    for k, name in ((2, "2"), (0.5, "1/2")):
        if abs(ratio - k) < 1e-3 * k:
            return f"Off by a factor of {name}."
    lg = math.log10(abs(ratio))
    if abs(lg - round(lg)) < 1e-3 and round(lg) != 0:
        return f"Off by a factor of 10^{round(lg)}: check the units or the decimal point."
    return ""


def grade_numeric(v, text: str) -> Grade:
    expected_text = v.expected_text
    try:
        node = parse(text, ())
        given = real_value(node)
    except AnswerError as exc:
        status = Status.TOO_COMPLEX if "too complex" in exc.message else Status.UNREADABLE
        msg = exc.message
        if isinstance(exc, ListArithmeticError):  # [1, 2]*[3, 4], sqrt([4]), [1]+[1, 2]
            msg = f"not a valid answer: {msg}"
        if isinstance(exc, UnknownNameError):
            msg = (f"the answer must be a number, and {', '.join(exc.unknown)} is not one; "
                   "type e.g. 20000, 1/3, 2^10, sqrt(2)/2 or 3e-4")
        return Grade(status, msg, expected_text)
    read_as = render(node)
    gs, es = _shape(given), _shape(v.expected)
    if gs != es:
        return Grade(Status.WRONG, f"Expected {_shape_text(es)}, you gave {_shape_text(gs)}.",
                     expected_text, read_as)
    if within(given, v.expected, v.settings["rel"], v.settings["abs"]):
        return Grade(Status.CORRECT, "Correct.", expected_text, read_as)
    for value, feedback in v.mistakes:
        if _shape(value) == gs and within(given, value, v.settings["rel"], v.settings["abs"]):
            return Grade(Status.WRONG, feedback, expected_text, read_as, mistake=feedback)
    why = f"You gave {_distinct(given, v.expected, expected_text)}; the answer is {expected_text}."
    if not gs:
        slip = _slip(given, v.expected)
        if slip:
            why += " " + slip
    else:
        import numpy as np

        g, e = np.asarray(given, float), np.asarray(v.expected, float)
        bad = np.argwhere(np.abs(g - e) > np.maximum(v.settings["rel"] * np.abs(e),
                                                     v.settings["abs"]) * (1 + SLACK))
        where = ", ".join(str(tuple(int(i) for i in idx)) if len(idx) > 1 else str(int(idx[0]))
                          for idx in bad[:3])
        why += f" {len(bad)} of {g.size} entries differ (at index {where})."
    return Grade(Status.WRONG, why, expected_text, read_as)


def _distinct(given, expected, expected_text: str) -> str:
    """The learner's value with enough digits not to look equal to the expected one."""
    text = format_value(given)
    if isinstance(given, list) or text != expected_text:
        return text
    for digits in (8, 10, 12, 15, 17):
        text = f"{given:.{digits}g}"
        if text != f"{expected:.{digits}g}":
            return text
    return text


def exact_text(node, value) -> str:
    """The expected answer as shown: exactly where it is rational ([2/3, 1/3], not
    [0.666667, 0.333333]), else with 6 significant digits."""
    from ..maths import ListExpr, format_number
    from ..maths import exact as exactly

    if isinstance(node, ListExpr) and isinstance(value, list):
        return "[" + ", ".join(exact_text(n, x) for n, x in zip(node.items, value)) + "]"
    if not isinstance(value, list) and exactly.is_rational(node) and exactly.degree(node) == 0:
        try:
            exact = exactly.to_fraction(exactly.evaluate(node, {}))
        except (exactly.Undefined, exactly.TooBig):
            return format_value(value)
        if exact.denominator <= 10_000:
            return format_number(exact)
    return format_value(value)


def numeric_help(expected) -> str:
    """Say what shape of answer is wanted, without giving away the numbers."""
    if not isinstance(expected, list):
        return "Type a number: 0.25, 1/3, 2^10, sqrt(2)/2 and 3e-4 all work."
    if expected and isinstance(expected[0], list):
        return (f"Type a {len(expected)}×{len(expected[0])} matrix as a list of rows, "
                "e.g. [[1, 2], [3, 4]].")
    return f"Type a list of {len(expected)} numbers, e.g. [1, 2.5, 1/3]."


def significant_figures(rel: float) -> int | None:
    """How many significant figures an answer rounded correctly needs to be within `rel`: a
    value rounded to k figures is off by at most 5·10^-k of itself (worst case 1.000...)."""
    if rel <= 0:
        return None
    return max(1, math.ceil(math.log10(5 / rel) - 1e-9))


def _entries(value) -> list[float]:
    if isinstance(value, list):
        return [x for item in value for x in _entries(item)]
    return [value]


def precision_note(expected, rel: float, abs_: float) -> str:
    """The precision the question needs, in words, derived from its tolerance: shown under
    every numeric question, and what `bank test` checks a rounded answer against."""
    values = _entries(expected)
    if all(float(x).is_integer() and rel * abs(x) < 0.5 and abs_ <= 0.5 for x in values):
        return "Give the exact value." if len(values) == 1 else "Give the exact values."
    k = significant_figures(rel)
    floor = [x for x in values if abs_ > rel * abs(x)]
    if k is None:
        return f"Give the value to within ±{abs_:g}."
    text = f"Exact value, or {k} significant figures"
    if floor and abs_ >= 1e-6:
        text += f" (or within ±{abs_:g})"
    return text + "."


def _map(fn, value):
    return [_map(fn, x) for x in value] if isinstance(value, list) else fn(value)


def round_sig(x: float, k: int) -> float:
    """x correctly rounded to k significant figures (what a learner following the note types)."""
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.{k - 1}e}")


def _import_numpy() -> None:
    import importlib

    importlib.import_module("numpy")  # only to have it loaded before the first numeric grade


def _float_or_none(text: str) -> float | None:
    try:
        return float(text) if re.fullmatch(r"[0-9.eE+-]+", text.strip()) else None
    except ValueError:
        return None


STARTER = """\
  # numeric: the answer is a number, a vector/matrix, or a formula over the parameters,
  # accepted within a tolerance (default 0.1%).
  - id: mean-of-two
    type: numeric
    topic: statistics                  # aiquiz topics lists the topic ids
    category: Probability              # the topic's category
    roles: [mle, research]
    difficulty: 1                      # 1 warm-up .. 5 hard interview question
    params:                            # drawn afresh for every variant, in this order
      a: randint(1, 9)
      b: randint(11, 19)
      m: "(a + b)/2"                   # a formula over the parameters above it
    prompt: |
      What is the mean of {a} and {b}? Give a number.
    answer: "(a + b)/2"                # a formula, so the key always matches the prompt
    tolerance: {rel: 0.001}            # 0.1%, the default; a wider one is shown to learners
    hints:
      - Add them up and divide by how many there are.
    solution: |
      ({a} + {b})/2 = {m}
    mistakes:                          # wrong answers worth a specific explanation
      - answer: "a + b"
        feedback: You added them but did not divide by 2.
    tests:                             # what aiquiz bank test must accept and reject
      accept:
        - "a/2 + b/2"
        - "(b + a)/2"
      reject: ["(a + b)/3"]
"""


class NumericType(QuestionType):
    name = "numeric"
    label = "num."
    fields = {
        "tolerance": {"type": "object", "additionalProperties": False,
                      "properties": {"rel": {"type": "number", "minimum": 0},
                                     "abs": {"type": "number", "minimum": 0}}},
    }

    def starter_example(self) -> str:
        return STARTER

    def read(self, item: dict, bad) -> dict:
        from ..banks.problems import did_you_mean

        tol = item.get("tolerance") or {}
        if not isinstance(tol, dict):
            bad("tolerance", "'tolerance' must be a mapping {rel: R, abs: A}",
                "e.g. tolerance: {rel: 0.01}")
            return {"tolerance": {}}
        out = {}
        for key, value in tol.items():
            if isinstance(value, str):  # YAML 1.1 reads 1e-18 (no dot) as a string
                value = _float_or_none(value)
            if key not in ("rel", "abs"):
                bad(f"tolerance/{key}:key", f"unknown tolerance {key!r}",
                    did_you_mean(key, ("rel", "abs"), "rel (relative) or abs (absolute)"))
            elif not isinstance(value, (int, float)) or isinstance(value, bool) \
                    or not 0 <= value < 1e300:
                bad(f"tolerance/{key}", f"tolerance {key} must be a non-negative number",
                    "e.g. 0.01, or 1.0e-6 (with a dot)")
            else:
                out[key] = float(value)
        return {"tolerance": out}

    def prepare(self, v) -> None:
        tol = v.question.fields.get("tolerance", {})
        v.settings["rel"] = tol.get("rel", DEFAULT_REL)
        v.settings["abs"] = tol.get("abs", DEFAULT_ABS)

    def compile_answer(self, v, raw):
        node = compile_formula([], raw, v.params)
        value = real_value(node)
        if -1 in _shape(value):
            raise AnswerError("a vector or matrix answer must be rectangular (every row the "
                              "same length)")
        return value, exact_text(node, value)

    def grade(self, v, text: str, *, exact: bool = True) -> Grade:
        return grade_numeric(v, text)

    def instructions(self, v) -> list[str]:
        return [precision_note(v.expected, v.settings["rel"], v.settings["abs"]) + " "
                + numeric_help(v.expected)]

    def shows_reading(self, typed: str) -> bool:
        return not re.fullmatch(r"[\d\s.,\[\]eE+-]*", typed)

    def after_correct(self, v, g: Grade) -> str:
        if g.read_as and g.read_as != v.expected_text:
            return f"(exact value {v.expected_text})"
        return ""

    def self_check(self, v) -> list[str]:
        rel, abs_ = v.settings["rel"], v.settings["abs"]
        problems = []
        k = significant_figures(rel)
        if k is not None and not precision_note(v.expected, rel, abs_).startswith("Give the exact"):
            rounded = _map(lambda x: round_sig(x, k), v.expected)
            if not within(rounded, v.expected, rel, abs_):
                problems.append(f"the answer rounded to {k} significant figures, "
                                f"{format_value(rounded)}, is rejected, though the question "
                                f"asks for no more (tolerance rel {rel:g})")
        listed = [("the answer", v.expected)] + [(f"mistake {i + 1}", m) for i, (m, _)
                                                 in enumerate(v.mistakes)]
        for i, (name_a, a) in enumerate(listed):
            for name_b, b in listed[i + 1:]:
                if _shape(a) == _shape(b) and within(a, b, rel, abs_):
                    problems.append(f"{name_a} ({format_value(a)}) and {name_b} "
                                    f"({format_value(b)}) are within tolerance of each other: "
                                    "feedback cannot tell them apart")
        return problems

    def warm_up(self) -> None:
        import threading

        threading.Thread(target=_import_numpy, daemon=True).start()


register(NumericType())
