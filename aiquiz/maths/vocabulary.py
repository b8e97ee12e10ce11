"""The one table of what maths text may name: functions and constants.

Each function lists, in one row, everything the rest of aiquiz needs to know about it: how many
arguments it takes, how to compute it in complex floats, how to build it in SymPy (inside the
worker process only), and how to show it. The parser, the evaluator, the SymPy worker and the
renderer all read this table; adding a function is one row here.
"""

from __future__ import annotations

import cmath
import math
import operator
import re
from dataclasses import dataclass
from typing import Callable

from .numbers import NAN, magnitude


def _real_only(fn):
    def wrapped(z: complex) -> complex:
        if z.imag != 0 or not math.isfinite(z.real):
            return NAN
        return complex(fn(z.real))
    return wrapped


def _factorial(x: float) -> float:
    if x < 0 and x == int(x):
        return math.nan
    if x > 170:
        return math.inf
    if x == int(x):
        return float(math.factorial(int(x)))
    return math.gamma(x + 1)


def _binomial(n: complex, k: complex) -> complex:
    """n choose k; for non-integer n the Gamma-function form, sign included."""
    if n.imag or k.imag:
        return NAN
    a, b = n.real, k.real
    if a == int(a) and b == int(b) and 0 <= a <= 10_000:
        return complex(math.comb(int(a), int(b)) if 0 <= b <= a else 0)
    if b == int(b) and 0 <= b <= 1000:
        # falling factorial a(a-1)...(a-b+1)/b!: exact sign for any real a
        num = 1.0
        for i in range(int(b)):
            num *= a - i
        return complex(num / math.factorial(int(b)))
    try:
        return complex(math.gamma(a + 1) / (math.gamma(b + 1) * math.gamma(a - b + 1)))
    except (ValueError, OverflowError, ZeroDivisionError):
        return NAN


def _log(z: complex, base: complex | None = None) -> complex:
    return cmath.log(z) if base is None else cmath.log(z) / cmath.log(base)


@dataclass(frozen=True)
class Function:
    arity: tuple[int, ...]
    numeric: Callable[..., complex]
    sympy: Callable  # (sympy module, *args) -> sympy expression; only called in the worker
    shown: str = ""   # how it is rendered: a format with {0} for the argument; "" = name(args)


def _sp(name: str) -> Callable:
    return lambda sp, *args: getattr(sp, name)(*args)


FUNCTIONS: dict[str, Function] = {
    "sqrt": Function((1,), cmath.sqrt, _sp("sqrt"), "√({0})"),
    "log": Function((1, 2), _log, _sp("log")),
    "ln": Function((1,), cmath.log, _sp("log")),
    "log2": Function((1,), lambda z: cmath.log(z) / math.log(2), lambda sp, x: sp.log(x, 2)),
    "log10": Function((1,), cmath.log10, lambda sp, x: sp.log(x, 10)),
    "abs": Function((1,), lambda z: complex(magnitude(z)), _sp("Abs"), "|{0}|"),
    "sec": Function((1,), lambda z: 1 / cmath.cos(z), _sp("sec")),
    "csc": Function((1,), lambda z: 1 / cmath.sin(z), _sp("csc")),
    "cot": Function((1,), lambda z: cmath.cos(z) / cmath.sin(z), _sp("cot")),
    "sech": Function((1,), lambda z: 1 / cmath.cosh(z), _sp("sech")),
    "csch": Function((1,), lambda z: 1 / cmath.sinh(z), _sp("csch")),
    "coth": Function((1,), lambda z: cmath.cosh(z) / cmath.sinh(z), _sp("coth")),
    "sigmoid": Function((1,), lambda z: 1 / (1 + cmath.exp(-z)),
                        lambda sp, x: 1 / (1 + sp.exp(-x))),
    "factorial": Function((1,), _real_only(_factorial), _sp("factorial"), "{0}!"),
    "binomial": Function((2,), _binomial, _sp("binomial")),
}
# functions that cmath and SymPy both have under the same name
FUNCTIONS.update({name: Function((1,), getattr(cmath, name), _sp(name)) for name in (
    "exp", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
    "atanh")})

# Friendly spellings learners use, mapped to the canonical function name.
FUNCTION_ALIASES = {"Abs": "abs", "arcsin": "asin", "arccos": "acos", "arctan": "atan",
                    "comb": "binomial", "choose": "binomial"}

CONSTANTS = {"pi": "pi", "π": "pi", "e": "e", "E": "e"}

RESERVED = set(FUNCTIONS) | set(FUNCTION_ALIASES) | set(CONSTANTS)

# The operators whose meaning is the same for exact fractions, floats and complex numbers;
# division and powers need per-domain care (zero, overflow) and are handled where they are used.
RING_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul}

# What a bank may declare as a variable or parameter name: a letter, then letters, digits or '_'.
NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,23}$"
_NAME = re.compile(NAME_PATTERN)


def valid_name(name) -> bool:
    return isinstance(name, str) and bool(_NAME.match(name)) and name not in RESERVED
