"""Trees to JSON and back, for worker processes. Rebuilding re-checks every node against the
whitelist, so a worker trusts nothing it is sent."""

from __future__ import annotations

from fractions import Fraction

from ..errors import MathSyntaxError, TooComplexError
from .ast import BinOp, Call, Const, ListExpr, Name, Neg, Node, Num, children
from .limits import MAX_DEPTH
from .vocabulary import FUNCTIONS


def to_json(node: Node):
    kids = [to_json(k) for k in children(node)]
    if isinstance(node, Num):
        return ["num", node.value.numerator, node.value.denominator]
    if isinstance(node, Const):
        return ["const", node.name]
    if isinstance(node, Name):
        return ["name", node.name]
    if isinstance(node, Call):
        return ["call", node.func, kids]
    if isinstance(node, BinOp):
        return ["bin", node.op, *kids]
    if isinstance(node, Neg):
        return ["neg", *kids]
    return ["list", kids]


def from_json(data, depth: int = 0) -> Node:
    if depth > 4 * MAX_DEPTH:
        raise TooComplexError("expression nested too deeply")
    kind = data[0]
    if kind == "num":
        return Num(Fraction(int(data[1]), int(data[2])))
    if kind == "const" and data[1] in ("pi", "e"):
        return Const(data[1])
    if kind == "name" and isinstance(data[1], str) and data[1].isidentifier():
        return Name(data[1])
    if kind == "call" and data[1] in FUNCTIONS:
        return Call(data[1], tuple(from_json(a, depth + 1) for a in data[2]))
    if kind == "bin" and data[1] in ("+", "-", "*", "/", "^"):
        return BinOp(data[1], from_json(data[2], depth + 1), from_json(data[3], depth + 1))
    if kind == "neg":
        return Neg(from_json(data[1], depth + 1))
    if kind == "list":
        return ListExpr(tuple(from_json(i, depth + 1) for i in data[1]))
    raise MathSyntaxError(f"not an allowed expression node: {kind!r}", 0)
