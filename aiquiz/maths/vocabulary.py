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
    name: str
    arity: tuple[int, ...]
    numeric: Callable[..., complex]  # complex floats; never raises for domain errors
    sympy: Callable | None = None    # (sympy, *args) -> expression; None: sympy's same name
    shown: str = ""                  # rendering with {0} for the argument; "" = name(args)
    mp: Callable | None = None       # (mpmath context, *args) -> value; None: mpmath's same name

    def build_sympy(self, sp, *args):
        """The SymPy expression (only ever called in the SymPy helper process)."""
        return self.sympy(sp, *args) if self.sympy else getattr(sp, self.name)(*args)

    def precise(self, ctx, *args):
        """The value in arbitrary precision (see precise.py)."""
        return self.mp(ctx, *args) if self.mp else getattr(ctx, self.name)(*args)


def _mp_factorial(ctx, x):
    if ctx.im(x) != 0:
        raise ValueError("factorial of a complex number")
    return ctx.factorial(ctx.re(x))


_TABLE = [
    Function("sqrt", (1,), cmath.sqrt, shown="√({0})"),
    Function("log", (1, 2), _log),
    Function("ln", (1,), cmath.log, lambda sp, x: sp.log(x)),
    Function("log2", (1,), lambda z: cmath.log(z) / math.log(2), lambda sp, x: sp.log(x, 2),
             mp=lambda ctx, x: ctx.log(x, 2)),
    Function("log10", (1,), cmath.log10, lambda sp, x: sp.log(x, 10)),
    Function("abs", (1,), lambda z: complex(magnitude(z)), lambda sp, x: sp.Abs(x), "|{0}|",
             mp=lambda ctx, x: abs(x)),
    Function("sec", (1,), lambda z: 1 / cmath.cos(z)),
    Function("csc", (1,), lambda z: 1 / cmath.sin(z)),
    Function("cot", (1,), lambda z: cmath.cos(z) / cmath.sin(z)),
    Function("sech", (1,), lambda z: 1 / cmath.cosh(z)),
    Function("csch", (1,), lambda z: 1 / cmath.sinh(z)),
    Function("coth", (1,), lambda z: cmath.cosh(z) / cmath.sinh(z)),
    Function("sigmoid", (1,), lambda z: 1 / (1 + cmath.exp(-z)),
             lambda sp, x: 1 / (1 + sp.exp(-x)), mp=lambda ctx, x: 1 / (1 + ctx.exp(-x))),
    Function("factorial", (1,), _real_only(_factorial), shown="{0}!", mp=_mp_factorial),
    Function("binomial", (2,), _binomial),
    # functions that cmath, SymPy and mpmath all have under the same name
    *(Function(name, (1,), getattr(cmath, name)) for name in (
        "exp", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
        "acosh", "atanh")),
]
FUNCTIONS: dict[str, Function] = {f.name: f for f in _TABLE}

# Friendly spellings learners use, mapped to the canonical function name.
FUNCTION_ALIASES = {"Abs": "abs", "arcsin": "asin", "arccos": "acos", "arctan": "atan",
                    "comb": "binomial", "choose": "binomial"}

# Names that mean a function only when no variable or parameter has that name: σ(x) is the
# sigmoid unless a question declares σ.
SOFT_ALIASES = {"sigma": "sigmoid"}

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
