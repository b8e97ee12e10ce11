"""Is one expression mathematically equal to another, under the variables' assumptions?

The verdict must be right, not merely likely. Cheapest sound method first:

1. **Exact.** Rational functions (numbers, variables, + - * /, integer powers) are evaluated
   exactly, in integers, at random rational points of the declared domain. Two different
   rational functions agree at such a point with negligible probability, so the verdict is
   decided: `(x-a)^6000` is not `(x-a)^5999`, a degree-13 expansion with its constant off by one
   is not the factored form, `99999999/10^8` is not `99999998/99999999`.
2. **Floats, then more digits.** Anything else is evaluated in complex floats at random points
   (reals in [-2.5, 2.5], positives in [0.2, 3], `unit` in (0, 1), integers in [-5, 5]). A point
   where the two differ far beyond rounding error decides "different". Agreement, and every point
   floats cannot settle (overflow, 0·∞, cancellation, an ill-conditioned value), is checked again
   with mpmath at a working precision chosen from the literals (so a difference of 10^-300 is
   seen), raising the precision while the two could still be rounding apart.
3. **SymPy**, in a separate helper process with a deadline, only when too few points are usable.

Points where the reference answer has no real value lie outside its domain and are skipped;
where the reference has a value, the learner's answer must have the same one (a value that is
undefined or complex there is a difference). Isolated poles (0/0 at one point) are skipped.
Every sample point comes from a fixed seed: the same answer always gets the same verdict.
"""

from __future__ import annotations

import math
import random
import time
from fractions import Fraction

from ..maths import Node, evaluate_scalar, magnitude
from ..maths import exact as exactly
from ..maths import precise
from ..maths.numbers import finite

POINTS = 14
MAX_POINTS = 56
MIN_AGREEING = 6
EXACT_POINTS = 6
CONFIRM_POINTS = 3      # agreeing float points re-checked in high precision
FLOAT_AGREE = 1e-11     # relative: floats this close are checked again in high precision
FLOAT_DIFFER = 1e-6     # relative: floats this far apart, well conditioned, are different
PERTURB = 1e-10         # relative nudge of inputs and literals, to measure conditioning
PRECISE_BUDGET = 0.75   # seconds of high-precision work per comparison, then "unknown"

_RANGES = {"real": (-2.5, 2.5), "positive": (0.2, 3.0), "nonnegative": (0.0, 3.0),
           "unit": (0.02, 0.98)}
_SEED = 1234567


def sample_points(variables: dict[str, str], n: int = POINTS) -> list[dict[str, complex]]:
    """Fixed-seed sample points, so the same answer always gets the same verdict."""
    rng = random.Random(_SEED)
    points = []
    for _ in range(n):
        pt = {}
        for name, assumption in variables.items():
            if assumption == "integer":
                pt[name] = complex(rng.randint(-5, 5))
            else:
                lo, hi = _RANGES[assumption]
                pt[name] = complex(rng.uniform(lo, hi))
        points.append(pt)
    return points


def rational_points(variables: dict[str, str], n: int = EXACT_POINTS):
    """Random rational points with about 30-bit numerators: a large set, so agreement of two
    different rational functions at all of them is practically impossible."""
    rng = random.Random(_SEED)
    scale = 2**30
    for _ in range(n):
        pt = {}
        for name, assumption in variables.items():
            if assumption == "integer":
                pt[name] = Fraction(rng.randint(-10**9, 10**9))
            else:
                lo, hi = _RANGES[assumption]
                lo_n, hi_n = math.ceil(lo * scale) + 1, math.floor(hi * scale) - 1
                pt[name] = Fraction(rng.randint(lo_n, hi_n), scale)
        yield pt


# ------------------------------------------------------------------------------ exact

def _compare_exact(a: Node, b: Node, variables: dict[str, str]):
    agree = skipped_a = 0
    for pt in rational_points(variables):
        try:
            vb = exactly.evaluate(b, pt)
        except exactly.Undefined:
            continue  # outside the reference's domain
        try:
            va = exactly.evaluate(a, pt)
        except exactly.Undefined:
            skipped_a += 1  # a pole of the answer alone: undefined here, see below
            continue
        if not exactly.equal_values(va, vb):
            return ("different", {k: complex(v) for k, v in pt.items()},
                    exactly.to_display(va), exactly.to_display(vb))
        agree += 1
    if agree >= MIN_AGREEING - 2:
        return ("equal", agree)
    if skipped_a and not agree:
        return ("undefined", 0)
    return ("unknown", agree)


# ------------------------------------------------------------------------------ numeric

def _sensitivity(node: Node, pt: dict[str, complex], variables: dict[str, str],
                 value: complex) -> float:
    """How far the value moves when inputs and literals are nudged by 1e-10 (relative): an
    estimate of how much rounding error the float value can carry, times 10^6."""
    near = {k: (v if variables[k] == "integer" else v * (1 + PERTURB)) for k, v in pt.items()}
    moved = evaluate_scalar(node, near, 1 + PERTURB)
    return magnitude(moved - value) if finite(moved) else math.inf


def _float_verdict(a: Node, b: Node, pt, variables) -> str:
    """'different', 'agree' (to be confirmed), 'outside' (reference not real) or 'unsure'."""
    va, vb = evaluate_scalar(a, pt), evaluate_scalar(b, pt)
    if not (finite(va) and finite(vb)):
        return "unsure"
    if abs(vb.imag) > 1e-9 * max(1.0, abs(vb.real)):
        return "outside"
    scale = max(magnitude(va), magnitude(vb), 1e-300)
    diff = magnitude(va - vb)
    if diff <= FLOAT_AGREE * scale:
        return "agree"
    noise = max(_sensitivity(a, pt, variables, va), _sensitivity(b, pt, variables, vb))
    # A 1e-10 nudge moving the value by under 1e-6 of its size means a condition number under
    # 1e4: float rounding (~1e-16 per step) then moves it by far less than FLOAT_DIFFER. Past
    # that (or where the response is not linear, as in sin(e^(x^4))), floats cannot judge.
    if noise < 1e-6 * scale and diff > FLOAT_DIFFER * scale:
        return "different"
    return "unsure"


def _precise_verdict(a: Node, b: Node, pt, dps: int):
    """('different'|'agree'|'outside'|'undefined'|'unsure', (va, vb)) in high precision: the
    precision is raised (up to 4x) while the two could still be rounding apart."""
    env = {k: v.real for k, v in pt.items()}
    for digits in (dps, 2 * dps, 4 * dps):
        digits = min(digits, precise.MAX_DPS)
        try:
            return _precise_at(a, b, env, digits)
        except _Escalate:
            if digits >= precise.MAX_DPS:
                break
        except precise.TooCostly:
            break
    return "unsure", None


class _Escalate(Exception):
    """The two values could still be rounding apart: try more digits."""


def _precise_at(a: Node, b: Node, env, digits: int):
    """One high-precision look at a point; raises _Escalate when undecided."""
    try:
        vb = precise.evaluate(b, env, digits)
    except precise.Undefined:
        return "outside", None
    if not precise.is_real(vb, digits):
        return "outside", None
    try:
        va = precise.evaluate(a, env, digits)
    except precise.Undefined:
        return "undefined", None
    # the same expression at twice the digits tells how many of these digits are right
    try:
        err = abs(precise.evaluate(a, env, 2 * digits) - va) \
            + abs(precise.evaluate(b, env, 2 * digits) - vb)
    except precise.Undefined:
        return "unsure", None
    diff = abs(va - vb)
    scale = max(abs(va), abs(vb))
    tiny = scale * _ten(-(digits - 5)) if scale else _ten(-(digits - 5))
    if diff <= 10 * err + tiny:
        if err <= scale * _ten(-12) or diff == 0:
            return "agree", (va, vb)
    elif diff > 100 * err:
        return "different", (va, vb)
    raise _Escalate


def _ten(k: int):
    import mpmath

    return mpmath.mpf(10) ** k


def _compare_numeric(a: Node, b: Node, variables: dict[str, str]):
    dps = precise.digits_needed(a, b)
    budget_end = time.monotonic() + PRECISE_BUDGET
    agree = undefined = 0
    to_confirm: list[dict[str, complex]] = []
    for i, pt in enumerate(sample_points(variables, MAX_POINTS)):
        if i >= POINTS and agree >= MIN_AGREEING:
            break
        verdict = _float_verdict(a, b, pt, variables)
        if verdict == "different":
            return ("different", pt, evaluate_scalar(a, pt), evaluate_scalar(b, pt))
        if verdict == "outside":
            continue
        if verdict == "agree":
            agree += 1
            if len(to_confirm) < CONFIRM_POINTS:
                to_confirm.append(pt)
            continue
        if time.monotonic() > budget_end:
            continue  # high precision has had its share: this point stays unused
        verdict, values = _precise_verdict(a, b, pt, dps)
        if verdict == "different":
            return ("different", pt, *values)
        if verdict == "agree":
            agree += 1
        elif verdict == "undefined":
            undefined += 1
    for pt in to_confirm:  # floats agreed to 11 digits: make sure they are not merely close
        verdict, values = _precise_verdict(a, b, pt, dps)
        if verdict == "different":
            return ("different", pt, *values)
        if verdict != "agree":
            agree -= 1
    if agree >= MIN_AGREEING:
        return ("equal", agree)
    if undefined and not agree:
        return ("undefined", 0)
    return ("unknown", agree)


# ------------------------------------------------------------------------------ verdicts

def compare_at_points(a: Node, b: Node, variables: dict[str, str]):
    """("different", point, a_val, b_val) | ("equal", n_agreeing) | ("unknown", n) |
    ("undefined", 0) when `a` has no value anywhere `b` has one. `b` is the reference."""
    if exactly.is_rational(a) and exactly.is_rational(b) \
            and exactly.degree(a) + exactly.degree(b) <= exactly.MAX_DEGREE:
        try:
            verdict = _compare_exact(a, b, variables)
        except exactly.TooBig:
            verdict = ("unknown", 0)
        if verdict[0] != "unknown":
            return verdict
    return _compare_numeric(a, b, variables)


def finite_somewhere(node: Node, variables: dict[str, str]) -> bool:
    """Whether `node` has a finite value at one of the sample points at least: an expression
    infinite or 0/0 everywhere (x/(n - 3) with n = 3) can never be graded."""
    return any(finite(evaluate_scalar(node, pt)) for pt in sample_points(variables, MAX_POINTS))


def equivalent(a: Node, b: Node, variables: dict[str, str], *, exact: bool = True) -> bool | None:
    """True/False when decided, None when it could not be decided in time."""
    verdict = compare_at_points(a, b, variables)
    if verdict[0] in ("different", "undefined"):
        return False
    if verdict[0] == "equal":
        return True
    if not exact:
        return None
    from .sympy_check import check_equal

    return check_equal(a, b, variables)
