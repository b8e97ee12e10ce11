"""Showing maths to the learner: one Unicode line (`2·x·cos(x²)`), so it fits a terminal row."""

from __future__ import annotations

from fractions import Fraction

from .ast import BinOp, Call, Const, ListExpr, Name, Neg, Node, Num
from .lexer import GREEK_SHOWN
from .vocabulary import FUNCTIONS

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "^": 4}


def format_number(value: Fraction | float | int) -> str:
    """Show a number the way a person writes it: 3, -0.25, 1/3, 1.5e-07."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        f = float(value)
        if Fraction(repr(f)) == value and len(repr(f)) <= 12:
            return format_number(f)
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, int):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _name(name: str) -> str:
    """x1 -> x₁, lambda -> λ, beta2 -> β₂."""
    stem = name.rstrip("0123456789")
    digits = name[len(stem):]
    if stem and digits and len(digits) <= 2:
        return GREEK_SHOWN.get(stem, stem) + digits.translate(_SUBSCRIPT)
    return GREEK_SHOWN.get(name, name)


def render(node: Node) -> str:
    """Linear, Unicode rendering for showing the learner how their input was read."""
    return _render(node, 0)


def _small_int(node: Node) -> int | None:
    """The value of a literal integer exponent in 0..99 (or its negation), else None."""
    if isinstance(node, Num) and node.value.denominator == 1 and 0 <= node.value < 100:
        return node.value.numerator
    if isinstance(node, Neg) and isinstance(node.operand, Num) \
            and node.operand.value.denominator == 1 and node.operand.value < 100:
        return -node.operand.value.numerator
    return None


def _render(node: Node, parent: int) -> str:
    if isinstance(node, Num):
        s = format_number(node.value)
        return f"({s})" if ("/" in s and parent >= 2) else s
    if isinstance(node, Const):
        return "π" if node.name == "pi" else "e"
    if isinstance(node, Name):
        return _name(node.name)
    if isinstance(node, ListExpr):
        return "[" + ", ".join(_render(i, 0) for i in node.items) + "]"
    if isinstance(node, Call):
        shown = FUNCTIONS[node.func].shown
        if shown.startswith("{0}"):  # postfix (factorial): the argument binds tightest
            return shown.format(_render(node.args[0], 5))
        if shown:
            return shown.format(_render(node.args[0], 0))
        return node.func + "(" + ", ".join(_render(a, 0) for a in node.args) + ")"
    if isinstance(node, Neg):
        s = "-" + _render(node.operand, _PREC["neg"])
        return f"({s})" if parent >= _PREC["*"] else s
    assert isinstance(node, BinOp)
    if node.op in "+-" and isinstance(node.right, Neg):  # a + -b reads better as a - b
        flipped = BinOp("-" if node.op == "+" else "+", node.left, node.right.operand)
        return _render(flipped, parent)
    prec = _PREC[node.op]
    if node.op == "^":
        base = _render(node.left, prec + 1)
        k = _small_int(node.right)
        s = base + (str(k).translate(_SUPERSCRIPT) if k is not None
                    else "^" + _render(node.right, prec))
        return f"({s})" if parent > prec else s
    # a/b·c is read correctly left to right but looks ambiguous: show (a/b)·c
    left = _render(node.left, prec + (1 if node.op == "*" and isinstance(node.left, BinOp)
                                      and node.left.op == "/" else 0))
    # right operand of - and / binds tighter (a - (b + c), a/(b*c))
    right = _render(node.right, prec + (1 if node.op in "-/" else 0))
    sym = {"+": " + ", "-": " - ", "*": "·", "/": "/"}[node.op]
    s = left + sym + right
    return f"({s})" if parent > prec else s
