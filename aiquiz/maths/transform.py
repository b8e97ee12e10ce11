"""Rewriting trees: substituting a variant's parameter values, and folding the exact arithmetic
that substitution leaves (`2 - 1` -> `1`, `x^1` -> `x`) so a formula reads as a person writes it."""

from __future__ import annotations

import math
from fractions import Fraction

from .ast import BinOp, Name, Neg, Node, Num, transform
from .vocabulary import RING_OPS


def number_node(v: Fraction | float | int) -> Node:
    if isinstance(v, float):
        v = Fraction(repr(v)) if math.isfinite(v) else Fraction(0)
    value = Fraction(v)
    return Neg(Num(-value)) if value < 0 else Num(value)


def substitute(node: Node, values: dict[str, Fraction | float | int]) -> Node:
    """Replace parameter names by numbers (used to instantiate a bank formula for a variant)."""
    def sub(n: Node) -> Node:
        if isinstance(n, Name) and n.name in values:
            return number_node(values[n.name])
        return n
    return transform(node, sub)


def num_value(node: Node) -> Fraction | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Neg) and isinstance(node.operand, Num):
        return -node.operand.value
    return None


def _fold(op: str, a: Fraction, b: Fraction) -> Fraction | None:
    if op in RING_OPS:
        return RING_OPS[op](a, b)
    if op == "/":
        return a / b if b else None
    if b.denominator == 1 and abs(b) <= 64 and (a or b > 0):
        r = a ** int(b)
        return r if r.numerator.bit_length() < 200 and r.denominator.bit_length() < 200 else None
    return None


def _fold_node(node: Node) -> Node:
    if isinstance(node, Neg) and isinstance(node.operand, Neg):
        return node.operand.operand
    if not isinstance(node, BinOp):
        return node
    left, right = node.left, node.right
    a, b = num_value(left), num_value(right)
    if a is not None and b is not None:
        folded = _fold(node.op, a, b)
        if folded is not None:
            return number_node(folded)
    if node.op == "^" and b == 1:
        return left
    if node.op == "*" and a == 1:
        return right
    if node.op == "*" and a == -1:
        return Neg(right)
    if node.op == "*" and b == -1:
        return Neg(left)
    if node.op in "+-" and b == 0:
        return left
    if node.op == "+" and a == 0:
        return right
    if node.op == "*" and (a == 0 or b == 0):
        return Num(Fraction(0))
    if node.op in "*/" and (isinstance(left, Neg) or isinstance(right, Neg)):
        # signs out of products, so that a + (-2)·t reads a - 2·t
        neg = isinstance(left, Neg) != isinstance(right, Neg)
        inner = BinOp(node.op, left.operand if isinstance(left, Neg) else left,
                      right.operand if isinstance(right, Neg) else right)
        return Neg(_fold_node(inner)) if neg else _fold_node(inner)
    if node.op in "*/" and b == 1:
        return left
    return node


def fold_constants(node: Node) -> Node:
    """Fold exact rational arithmetic on literal numbers. Only small, exact operations are
    folded; everything else is left as written."""
    return transform(node, _fold_node)
