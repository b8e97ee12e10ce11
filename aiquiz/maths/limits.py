"""Size bounds on maths text, so that parsing and every later computation finish quickly.

SymPy evaluates integer powers, factorials and binomials eagerly, so `9^9^9^9` or
`factorial(10^9)` must be stopped before they reach it: a constant exponent or factorial argument
is bounded, and any largest constant sub-expression whose float value overflows
(`exp(exp(exp(100)))`, `binomial(10^9, 5*10^8)`) is refused as too large.
"""

from __future__ import annotations

import math

from ..errors import TooComplexError
from .ast import BinOp, Call, Const, ListExpr, Name, Node, Num, children

MAX_LENGTH = 2000
MAX_DEPTH = 60
MAX_NUMBER_DIGITS = 60
MAX_LITERAL_EXPONENT = 400
MAX_CONSTANT_EXPONENT = 10_000
MAX_FACTORIAL = 1000


def _const_magnitude(node: Node) -> float:
    """|value| of a constant sub-expression: inf when it overflows, 0 when it is undefined."""
    from .evaluate import evaluate_scalar
    from .numbers import magnitude

    m = magnitude(evaluate_scalar(node, {}))
    return 0.0 if math.isnan(m) else m


def _constant_ids(node: Node) -> set[int]:
    """ids of the nodes with no names below them, found in one post-order pass."""
    const: set[int] = set()
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        n, done = stack.pop()
        kids = children(n)
        if done or not kids:
            if not isinstance(n, Name) and all(id(k) in const for k in kids):
                const.add(id(n))
        else:
            stack.append((n, True))
            stack.extend((k, False) for k in kids)
    return const


def check_sizes(node: Node) -> None:
    """Refuse expressions whose exact value could not be computed in bounded time or memory.

    One pass finds the constant sub-trees; each is evaluated once in floats, which is cheap and
    bounded."""
    const = _constant_ids(node)
    stack: list[tuple[Node, bool]] = [(node, False)]  # (node, parent is constant)
    while stack:
        sub, parent_const = stack.pop()
        is_const = id(sub) in const
        if isinstance(sub, BinOp) and sub.op == "^" and id(sub.right) in const:
            if _const_magnitude(sub.right) > MAX_CONSTANT_EXPONENT:
                raise TooComplexError("an exponent is too large to work with")
        elif isinstance(sub, Call) and sub.func == "factorial" and id(sub.args[0]) in const:
            if _const_magnitude(sub.args[0]) > MAX_FACTORIAL:
                raise TooComplexError(
                    f"factorials are limited to arguments up to {MAX_FACTORIAL}")
        if is_const and not parent_const and not isinstance(sub, (Num, Const, ListExpr)):
            if math.isinf(_const_magnitude(sub)):
                raise TooComplexError("a number in the answer is too large to work with")
        stack.extend((k, is_const) for k in children(sub))
