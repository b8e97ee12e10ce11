"""Evaluation in arbitrary precision (mpmath, which SymPy already brings), for what floats
cannot settle: values that overflow (e^5000), cancel (an expansion near a root) or lose digits.

mpmath numbers have an unbounded exponent, so `0·exp(1000x)` is 0 rather than 0·∞, and the
working precision can be raised until a difference is clearly real or clearly rounding. Division
by zero raises `Undefined`; a value that is not real stays complex for the caller to judge.
"""

from __future__ import annotations

import math

from .ast import BinOp, Call, Const, ListExpr, Name, Neg, Node, Num, walk
from .vocabulary import FUNCTIONS

MAX_DPS = 1000
# Arguments beyond which a function's value costs more digits than it is worth: sin(10^900)
# needs 900 digits just to reduce the argument, exp(10^8) has a 10^8-bit exponent.
_PERIODIC = {"sin", "cos", "tan", "sec", "csc", "cot"}
MAX_PERIODIC_ARG = 10**400
MAX_GROWTH_ARG = 10**7


class Undefined(Exception):
    """The expression has no value at this point (0/0, a pole, log 0)."""


class TooCostly(Exception):
    """Evaluating here would take unbounded time; the point is not used."""


def digits_needed(*nodes: Node) -> int:
    """Decimal digits of working precision that let every literal matter: a difference of
    10^-300 is invisible at 50 digits. Capped at MAX_DPS."""
    total = 40
    for node in nodes:
        for n in walk(node):
            if isinstance(n, Num):
                total += len(str(abs(n.value.numerator))) + len(str(n.value.denominator)) - 1
            elif isinstance(n, BinOp) and n.op == "^" and isinstance(n.left, Num) \
                    and n.left.value:
                k = n.right.operand if isinstance(n.right, Neg) else n.right
                if isinstance(k, Num):
                    total += int(abs(float(k.value)) * abs(math.log10(abs(n.left.value))))
    return min(total, MAX_DPS)


def evaluate(node: Node, env: dict[str, float], dps: int):
    """The value of a scalar expression at `dps` decimal digits (an mpmath mpf or mpc)."""
    import mpmath

    ctx = mpmath.mp
    saved = ctx.dps
    ctx.dps = dps
    try:
        return _eval(node, {k: ctx.mpf(v) for k, v in env.items()}, ctx)
    except (ZeroDivisionError, ValueError, OverflowError):
        raise Undefined from None
    finally:
        ctx.dps = saved


def _eval(node: Node, env, ctx):
    if isinstance(node, Num):
        return ctx.mpf(node.value.numerator) / node.value.denominator
    if isinstance(node, Const):
        return +ctx.pi if node.name == "pi" else ctx.e + 0
    if isinstance(node, Name):
        return env[node.name]
    if isinstance(node, Neg):
        return -_eval(node.operand, env, ctx)
    if isinstance(node, BinOp):
        a, b = _eval(node.left, env, ctx), _eval(node.right, env, ctx)
        if node.op == "+":
            return a + b
        if node.op == "-":
            return a - b
        if node.op == "*":
            return a * b
        if node.op == "/":
            if b == 0:
                raise ZeroDivisionError
            return a / b
        if a == 0 and ctx.re(b) <= 0:
            raise ZeroDivisionError
        if abs(b) > MAX_GROWTH_ARG and abs(a) != 1:
            raise TooCostly
        return ctx.power(a, b)
    if isinstance(node, Call):
        args = [_eval(x, env, ctx) for x in node.args]
        size = abs(args[0])
        if (node.func in _PERIODIC and size > MAX_PERIODIC_ARG) or (
                size > MAX_GROWTH_ARG and node.func not in _PERIODIC and node.func not in (
                    "sqrt", "log", "ln", "log2", "log10", "abs", "atan", "asinh", "sigmoid")):
            raise TooCostly
        value = FUNCTIONS[node.func].precise(ctx, *args)
        if not ctx.isfinite(value):
            raise ZeroDivisionError  # a pole: log(0), tan(pi/2) exactly...
        return value
    if isinstance(node, ListExpr):
        raise ValueError("a list is not a number")
    raise TypeError(f"unknown node {node!r}")


def is_real(value, dps: int) -> bool:
    import mpmath

    im = mpmath.im(value)
    return im == 0 or abs(im) <= mpmath.mpf(10) ** (5 - dps) * max(1, abs(mpmath.re(value)))
