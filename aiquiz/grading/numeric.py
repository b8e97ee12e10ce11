"""Numeric answers: a number, vector or matrix, compared with a tolerance.

The learner's text goes through the shared parser with no names allowed (a constant expression
such as `1/3`, `2^10`, `sqrt(2)/2` or `[1, 2]`), is evaluated in floats, and compared entrywise
with NumPy: |given - expected| <= max(rel * |expected|, abs). Feedback says how far off the answer
is and recognises the usual slips (wrong sign, factor of 2, powers of ten).
"""

from __future__ import annotations

import math

from ..errors import AnswerError, UnknownNameError
from ..mathtext import parse, render
from ..variant import Variant, format_value, real_value
from .result import Grade, Status


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


def within(given, expected, rel: float, abs_: float) -> bool:
    import numpy as np

    g = np.asarray(given, dtype=float)
    e = np.asarray(expected, dtype=float)
    return bool(np.all(np.abs(g - e) <= np.maximum(rel * np.abs(e), abs_)))


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


def grade_numeric(v: Variant, text: str) -> Grade:
    expected_text = v.expected_text
    try:
        node = parse(text, ())
        given = real_value(node)
    except AnswerError as exc:
        status = Status.TOO_COMPLEX if "too complex" in exc.message else Status.UNREADABLE
        msg = exc.message
        if isinstance(exc, UnknownNameError):
            msg = (f"the answer must be a number, and {', '.join(exc.unknown)} is not one; "
                   "type e.g. 20000, 1/3, 2^10, sqrt(2)/2 or 3e-4")
        return Grade(status, msg, expected_text)
    read_as = render(node)
    gs, es = _shape(given), _shape(v.expected)
    if gs != es:
        return Grade(Status.WRONG, f"Expected {_shape_text(es)}, you gave {_shape_text(gs)}.",
                     expected_text, read_as)
    if within(given, v.expected, v.rel, v.abs):
        return Grade(Status.CORRECT, "Correct.", expected_text, read_as)
    for value, feedback in v.mistakes:
        if _shape(value) == gs and within(given, value, v.rel, v.abs):
            return Grade(Status.WRONG, feedback, expected_text, read_as, mistake=feedback)
    why = f"You gave {format_value(given)}; the answer is {expected_text}."
    if not gs:
        slip = _slip(given, v.expected)
        if slip:
            why += " " + slip
    else:
        import numpy as np

        g, e = np.asarray(given, float), np.asarray(v.expected, float)
        bad = np.argwhere(np.abs(g - e) > np.maximum(v.rel * np.abs(e), v.abs))
        where = ", ".join(str(tuple(int(i) for i in idx)) if len(idx) > 1 else str(int(idx[0]))
                          for idx in bad[:3])
        why += f" {len(bad)} of {g.size} entries differ (at index {where})."
    return Grade(Status.WRONG, why, expected_text, read_as)
