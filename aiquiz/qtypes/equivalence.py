"""Is one expression mathematically equal to another, under the variables' assumptions?

Two stages, cheapest first (as WeBWorK and STACK do in spirit):
1. Evaluate both expressions at random points of the declared domain (reals in [-2.5, 2.5],
   positives in [0.2, 3], `unit` (probabilities) in
   (0, 1), integers in [-5, 5]). Any clear disagreement means "not equal" and the
   feedback shows the point. This costs well under a millisecond and never needs SymPy.
2. When the points agree, the answer is accepted if enough points were usable; when too few points
   could be evaluated (a narrow domain, overflow), SymPy decides, in a separate killable process
   with a time limit (`sympy_check.py`), and "too complex to check" is the answer if it cannot.
"""

from __future__ import annotations

import math
import random

from ..maths import Node, evaluate_scalar, magnitude
from ..maths.numbers import finite as _finite

POINTS = 14
MAX_POINTS = 56
MIN_AGREEING = 6
REL_TOL = 1e-9
ABS_TOL = 1e-11

_RANGES = {"real": (-2.5, 2.5), "positive": (0.2, 3.0), "nonnegative": (0.0, 3.0),
           "unit": (0.02, 0.98)}


def sample_points(variables: dict[str, str], n: int = POINTS) -> list[dict[str, complex]]:
    """Fixed-seed sample points, so the same answer always gets the same verdict."""
    rng = random.Random(1234567)
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


def _close(a: complex, b: complex) -> bool:
    return magnitude(a - b) <= max(REL_TOL * max(magnitude(a), magnitude(b)), ABS_TOL)


PERTURB = 1e-10     # relative nudge of the inputs used to measure conditioning
MAX_SENSITIVITY = 1e-7  # a point is usable when the nudge moves the value less than this


def _nudged(pt: dict[str, complex], variables: dict[str, str]) -> dict[str, complex]:
    return {k: (v if variables[k] == "integer" else v * (1 + PERTURB)) for k, v in pt.items()}


def _sensitivity(node: Node, pt: dict[str, complex], near: dict[str, complex],
                 value: complex) -> float:
    """How far the value moves when inputs and literals are nudged by 1e-10 (relative)."""
    moved = evaluate_scalar(node, near, 1 + PERTURB)
    return magnitude(moved - value) if _finite(moved) else math.inf


def compare_at_points(a: Node, b: Node, variables: dict[str, str]):
    """Return ("different", point, a_val, b_val) | ("equal", n_agreeing) | ("unknown", n).

    `b` is the reference. A point only counts when:
    - both values are finite;
    - the reference is real there: all variables are real, so where the reference is complex
      (log(1 - p) at p > 1) the point lies outside its domain, and comparing there would pit
      one complex branch against another (log(p^p) vs p·log(p));
    - both values are well conditioned: each expression is also evaluated with its inputs and
      literal numbers nudged by 1e-10 (relative), and if that moves a value by more than 1e-7
      of its size, rounding error could exceed the tolerance (think sin(e^30)).
    The first 14 points are always tried; more (up to 56) only while too few were usable.
    """
    agree = 0
    for i, pt in enumerate(sample_points(variables, MAX_POINTS)):
        if i >= POINTS and agree >= MIN_AGREEING:
            break
        va, vb = evaluate_scalar(a, pt), evaluate_scalar(b, pt)
        if not (_finite(va) and _finite(vb)):
            continue
        if abs(vb.imag) > 1e-9 * max(1.0, abs(vb.real)):
            continue
        scale = max(1.0, magnitude(va), magnitude(vb))
        near = _nudged(pt, variables)
        if max(_sensitivity(a, pt, near, va), _sensitivity(b, pt, near, vb)) \
                > MAX_SENSITIVITY * scale:
            continue
        if not _close(va, vb):
            return ("different", pt, va, vb)
        agree += 1
    return ("equal", agree) if agree >= MIN_AGREEING else ("unknown", agree)


def finite_somewhere(node: Node, variables: dict[str, str]) -> bool:
    """Whether `node` has a finite value at one of the sample points at least: an expression
    infinite or 0/0 everywhere (x/(n - 3) with n = 3) can never be graded."""
    return any(_finite(evaluate_scalar(node, pt)) for pt in sample_points(variables, MAX_POINTS))


def equivalent(a: Node, b: Node, variables: dict[str, str], *, exact: bool = True) -> bool | None:
    """True/False when decided, None when it could not be decided in time."""
    verdict = compare_at_points(a, b, variables)
    if verdict[0] == "different":
        return False
    if verdict[0] == "equal":
        return True
    if not exact:
        return None
    from .sympy_check import check_equal

    return check_equal(a, b, variables)
