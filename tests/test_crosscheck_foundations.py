"""Cross-check the numeric answers of question_banks/foundations.yaml independently.

For seeds 0..4 each numeric question's variant is built, and its expected value is recomputed
from the problem statement: powers evaluated at a sample point, equations solved by bisection or
numpy.roots, log-sum-exp in 60-digit decimal arithmetic, bit counts by search. No check uses the
bank's answer formula. Every numeric question of the bank must have a check.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal, localcontext

import numpy as np


from .crosscheck import crosscheck_tests

BANK = "foundations"
SEEDS = range(5)
RTOL = 1e-6
ATOL = 1e-9


class Check:
    def __init__(self, fn: Callable[[dict[str, float]], object], rtol: float, atol: float,
                 prompt_has: tuple[str, ...]):
        self.fn = fn
        self.rtol = rtol
        self.atol = atol
        self.prompt_has = prompt_has


CHECKS: dict[str, Check] = {}


def check(qid: str, *, rtol: float = RTOL, atol: float = ATOL, prompt_has: tuple[str, ...] = ()):
    def deco(fn):
        assert qid not in CHECKS, f"duplicate check {qid}"
        CHECKS[qid] = Check(fn, rtol, atol, prompt_has)
        return fn
    return deco


def bisect(f, lo: float, hi: float, iters: int = 200) -> float:
    """Root of a continuous f with a sign change on [lo, hi]."""
    flo = f(lo)
    assert flo * f(hi) <= 0, "no sign change"
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        fm = f(mid)
        if fm == 0:
            return mid
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return 0.5 * (lo + hi)


def exponent_of(value: float, x: float) -> float:
    """k with value = x^k."""
    return math.log(value) / math.log(x)


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

@check("exponent-product-rule")
def _(p):
    x = 1.37
    return exponent_of(x ** p["a"] * x ** p["b"] / x ** p["c"], x)


@check("exponent-power-rule")
def _(p):
    x = 1.37
    return exponent_of((x ** p["a"]) ** p["b"] / x ** p["c"], x)


@check("log-rules-base-two", prompt_has=(r"\log_2(8^{",))
def _(p):
    return math.log2(8 ** p["a"] * 4 ** p["b"] / 2 ** p["c"])


@check("nats-to-bits")
def _(p):
    prob = math.exp(-p["L"])  # a token probability whose loss is L nats
    return -math.log2(prob)


@check("solve-power-of-two")
def _(p):
    return bisect(lambda x: 2.0 ** x - p["c"], 0.0, 20.0)


@check("lr-decay-steps")
def _(p):
    lr0, g, f = p["lr0"], p["g"], p["f"]
    return bisect(lambda t: lr0 * g ** t - lr0 / f, 0.0, 10_000.0)


@check("log-sum-exp-overflow")
def _(p):
    with localcontext() as ctx:
        ctx.prec = 60
        a, b = Decimal(int(p["a"])), Decimal(int(p["b"]))
        return float((a.exp() + b.exp()).ln())  # Decimal has no float64 overflow


@check("log-sum-exp-equal-logits")
def _(p):
    z = np.full(int(p["n"]), p["a"])
    return float(np.log(np.sum(np.exp(z))))


@check("log-likelihood-iid")
def _(p):
    probs = np.full(int(p["n"]), p["p"])
    return float(np.sum(np.log(probs)))


@check("bits-for-vocabulary")
def _(p):
    V = int(p["V"])
    b = 0
    while 2 ** b < V:
        b += 1
    return float(b)


@check("solve-linear-equation")
def _(p):
    a, b, c, d = p["a"], p["b"], p["c"], p["d"]
    return bisect(lambda x: (a * x + b) - (c * x + d), -100.0, 100.0)


@check("factor-quadratic")
def _(p):
    roots = np.roots([1.0, p["p"], p["q"]])
    assert np.allclose(np.imag(roots), 0)
    r, s = sorted(-np.real(roots))  # x + r = 0 at the root x = -r
    # the factorisation must reproduce the polynomial
    assert np.allclose(np.polymul([1, r], [1, s]), [1, p["p"], p["q"]])
    return [r, s]


@check("quadratic-formula-larger-root")
def _(p):
    roots = np.roots([1.0, p["b"], -p["c"]])
    return float(np.max(np.real(roots)))


@check("absolute-value-inequality")
def _(p):
    a, b = p["a"], p["b"]

    def g(x):
        return abs(2 * x - a) - b  # < 0 inside the solution set
    centre = a / 2
    assert g(centre) < 0
    return [bisect(g, -100.0, centre), bisect(g, centre, 100.0)]


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

(test_reference_answer_matches_independent_computation,
 test_every_numeric_question_has_a_check) = crosscheck_tests(BANK, CHECKS)
