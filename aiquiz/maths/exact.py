"""Exact evaluation of rational functions at rational points.

Polynomials and ratios of polynomials (numbers, names, + - * /, integer powers) are decided
exactly: both sides are evaluated with integer numerators and denominators (no rounding, no
overflow), and two different rational functions can agree at a random point of a large set only
with negligible probability (Schwartz–Zippel). This is what tells `(x-a)^6000` from
`(x-a)^5999`, or a degree-13 expansion with its constant off by one from the factored form,
where floating point cannot.
"""

from __future__ import annotations

from fractions import Fraction

from .ast import BinOp, Const, ListExpr, Name, Neg, Node, Num, children, walk

MAX_DEGREE = 20_000        # beyond this the exact numbers get too long to be quick
MAX_BITS = 4_000_000       # per value; evaluation stops (undecided) past it


class Undefined(Exception):
    """Division by zero at this point."""


class TooBig(Exception):
    """The exact value would be too long to compute quickly."""


def is_rational(node: Node) -> bool:
    """Only numbers, names and + - * / with constant integer powers (|k| <= 10,000)."""
    for n in walk(node):
        if isinstance(n, (Const, ListExpr)) or type(n).__name__ == "Call":
            return False
        if isinstance(n, BinOp) and n.op == "^":
            k = _int_exponent(n.right)
            if k is None:
                return False
    return True


def _int_exponent(node: Node) -> int | None:
    if isinstance(node, Num) and node.value.denominator == 1:
        return int(node.value)
    if isinstance(node, Neg) and isinstance(node.operand, Num) \
            and node.operand.value.denominator == 1:
        return -int(node.operand.value)
    return None


def degree(node: Node) -> int:
    """An upper bound on the total degree of numerator and denominator."""
    if isinstance(node, Name):
        return 1
    if isinstance(node, BinOp):
        left, right = degree(node.left), degree(node.right)
        if node.op == "^":
            return left * abs(_int_exponent(node.right) or 0)
        return left + right
    return sum(degree(k) for k in children(node))


def evaluate(node: Node, env: dict[str, Fraction]) -> tuple[int, int]:
    """(numerator, denominator) of the value, unreduced. Raises Undefined on division by zero
    and TooBig when the numbers grow past MAX_BITS."""
    if isinstance(node, Num):
        return node.value.numerator, node.value.denominator
    if isinstance(node, Name):
        v = env[node.name]
        return v.numerator, v.denominator
    if isinstance(node, Neg):
        n, d = evaluate(node.operand, env)
        return -n, d
    assert isinstance(node, BinOp)
    a, b = evaluate(node.left, env), None
    if node.op == "^":
        k = _int_exponent(node.right)
        assert k is not None
        n, d = a if k >= 0 else (a[1], a[0])
        if d == 0:
            raise Undefined
        if (abs(n).bit_length() + d.bit_length()) * abs(k) > MAX_BITS:
            raise TooBig
        return n ** abs(k), d ** abs(k)
    b = evaluate(node.right, env)
    (n1, d1), (n2, d2) = a, b
    if node.op == "+":
        out = (n1 * d2 + n2 * d1, d1 * d2)
    elif node.op == "-":
        out = (n1 * d2 - n2 * d1, d1 * d2)
    elif node.op == "*":
        out = (n1 * n2, d1 * d2)
    else:
        if n2 == 0:
            raise Undefined
        out = (n1 * d2, d1 * n2)
    if out[0].bit_length() > MAX_BITS or out[1].bit_length() > MAX_BITS:
        raise TooBig
    return out


def equal_values(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] * b[1] == b[0] * a[1]


def to_fraction(v: tuple[int, int]) -> Fraction:
    n, d = v
    return Fraction(n, d) if d > 0 else Fraction(-n, -d)


def to_display(v: tuple[int, int]):
    """The value as a float when it fits, else an mpmath number (for feedback: 1.2e+5000)."""
    n, d = v
    if d < 0:
        n, d = -n, -d
    if max(n.bit_length(), d.bit_length()) < 1000:
        return complex(n / d)
    import mpmath

    # keep the leading 64 bits of each: converting a 200,000-bit integer whole is slow
    shift_n, shift_d = max(0, n.bit_length() - 64), max(0, d.bit_length() - 64)
    with mpmath.workdps(20):
        return mpmath.ldexp(mpmath.mpf(n >> shift_n) / (d >> shift_d), shift_n - shift_d)
