"""Numeric evaluation of a parsed expression, in plain Python complex arithmetic.

Used to compute numeric answers, parameter formulas, and the random-point comparison of symbolic
answers. It never raises on bad maths: overflow becomes infinity and undefined results (0/0,
log(0)) become NaN, so the graders can report "too large" or "undefined" instead of crashing.
The AST was size-checked by the parser, so every evaluation is bounded in time.
"""

from __future__ import annotations

import math
from fractions import Fraction

from ..errors import AnswerError
from .ast import BinOp, Call, Const, ListExpr, Name, Neg, Node, Num, has_list
from .numbers import INF, NAN
from .vocabulary import FUNCTIONS, RING_OPS


class ListArithmeticError(AnswerError):
    """Arithmetic on lists that has no meaning here ([1, 2]*[3, 4], 2^[1, 2], sqrt([4]),
    lists of different lengths): the text is read but is not a valid answer."""


def _divide(a: complex, b: complex) -> complex:
    if b == 0:
        return NAN if a == 0 else INF
    return a / b


def _pow(a: complex, b: complex) -> complex:
    if b.imag == 0 and a.imag == 0:
        # Real base and exponent: use float pow where it is real, so 2^0.5 stays exact-ish and
        # (-8)^(1/3) still gets the principal complex root below.
        x, y = a.real, b.real
        if x >= 0 or y == int(y):
            try:
                return complex(math.pow(x, y))
            except OverflowError:
                return INF
            except (ValueError, ZeroDivisionError):
                return INF if x == 0 else NAN
    if a == 0:
        return NAN
    return a ** b


def evaluate_scalar(node: Node, env: dict[str, complex], nudge: float = 1.0) -> complex:
    """Evaluate a scalar expression. Lists are not allowed here (see evaluate_value).

    `nudge` multiplies every literal number and constant: evaluating at nudge = 1 + 1e-10 shows
    how sensitive the value is to tiny changes, i.e. how far rounding error can move it."""
    try:
        return _eval(node, env, nudge)
    except OverflowError:
        return INF
    except (ZeroDivisionError, ValueError):
        return NAN


def _eval(node: Node, env: dict[str, complex], nudge: float = 1.0) -> complex:
    if isinstance(node, Num):
        v: Fraction = node.value
        try:
            return complex(v.numerator / v.denominator * nudge)
        except OverflowError:
            return INF
    if isinstance(node, Const):
        return complex((math.pi if node.name == "pi" else math.e) * nudge)
    if isinstance(node, Name):
        return env[node.name]
    if isinstance(node, Neg):
        return -_eval(node.operand, env, nudge)
    if isinstance(node, BinOp):
        a = _eval(node.left, env, nudge)
        b = _eval(node.right, env, nudge)
        if node.op in RING_OPS:
            return RING_OPS[node.op](a, b)
        if node.op == "/":
            return _divide(a, b)
        return _pow(a, b)
    if isinstance(node, Call):
        args = [_eval(a, env, nudge) for a in node.args]
        if any(not (math.isfinite(x.real) and math.isfinite(x.imag)) for x in args):
            return NAN if any(math.isnan(x.real) for x in args) else INF
        try:
            return complex(FUNCTIONS[node.func].numeric(*args))
        except OverflowError:
            return INF
        except (ValueError, ZeroDivisionError):
            return NAN
    if isinstance(node, ListExpr):
        raise ValueError("a list is not a number")
    raise TypeError(f"unknown node {node!r}")


def evaluate_value(node: Node, env: dict[str, complex] | None = None):
    """Evaluate a number or a (nested) list of numbers; lists come back as nested Python lists.

    A list may be scaled or shifted by a number (`[[d, -b], [-c, a]]/(a*d - b*c)`, `2*[1, 2]`)
    and added to or subtracted from a list of the same shape, entry by entry. Anything else
    done to a list raises ListArithmeticError (an AnswerError: "not a valid answer", never a
    crash)."""
    env = env or {}
    if not has_list(node):
        return evaluate_scalar(node, env)
    if isinstance(node, ListExpr):
        return [evaluate_value(i, env) for i in node.items]
    if isinstance(node, Neg):
        return _map(lambda x: -x, evaluate_value(node.operand, env))
    if isinstance(node, BinOp) and node.op in "+-*/":
        a, b = evaluate_value(node.left, env), evaluate_value(node.right, env)
        op = RING_OPS.get(node.op, _divide)
        if isinstance(a, list) and isinstance(b, list):
            if node.op in "*/":
                raise ListArithmeticError("lists can be added or subtracted, not multiplied or "
                                          "divided")
            return _zip(op, a, b)
        if isinstance(a, list):
            return _map(lambda x: op(x, b), a)
        return _map(lambda y: op(a, y), b)
    raise ListArithmeticError("a list can only be scaled, shifted, added or subtracted (not "
                              "raised to a power, used as a power or passed to a function)")


def _map(fn, v):
    return [_map(fn, x) for x in v] if isinstance(v, list) else fn(v)


def _zip(fn, a, b):
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            raise ListArithmeticError("lists of different lengths cannot be added")
        return [_zip(fn, x, y) for x, y in zip(a, b)]
    if isinstance(a, list) or isinstance(b, list):
        raise ListArithmeticError("lists of different shapes cannot be added")
    return fn(a, b)
